"""The minutes editor on the office's server offers only what the login's role may do
(#12 item 2): a viewer reads, an editor writes the draft but is not offered approval, an
approver is (a real PostgreSQL server, tests/pg_server.py; the server enforces the same:
tests/core/test_server.py). On a file every action stays offered."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ogp_desktop.core.models import Meeting, MinutesStatus

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")


@pytest.mark.parametrize("role, writes, approves", [("viewer", False, False),
                                                    ("editor", True, False),
                                                    ("approver", True, True)])
def test_the_editor_offers_what_the_role_may(office, as_login, editor_windows, screenshot_dir,
                                             role, writes, approves):
    db = as_login(role)
    assert db.role == role
    editor = editor_windows(db, office[3])
    life = editor.lifecycle
    assert editor.editable is writes and editor.title_edit.isReadOnly() is (not writes)
    assert life.save_action.isEnabled() is writes
    assert life.approve_action.isVisible() is approves
    banner = life.banner.label.text()
    if role == "viewer":
        assert "viewer" in banner or "للقراءة" in banner or "تقرأ" in banner
    editor.grab().save(str(screenshot_dir / f"i12_editor_as_{role}_ar.png"))


def test_a_file_has_no_roles(demo_db, editor_windows):
    if demo_db.store.file is None:
        pytest.skip("a server's records")
    assert demo_db.role is None
    with demo_db.session(write=False) as s:
        draft = s.query(Meeting.id).filter(Meeting.status == MinutesStatus.DRAFT).first()[0]
    editor = editor_windows(demo_db, draft)
    assert editor.editable and editor.lifecycle.approve_action.isVisible()


@pytest.mark.parametrize("role, writes", [("viewer", False), ("editor", True)])
def test_the_list_of_minutes_offers_new_and_delete_only_to_who_writes(qtbot, office, as_login,
                                                                       role, writes):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = MeetingsView(as_login(role))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.ensure_fresh()  # what the main window does when the section is shown
    qtbot.waitUntil(lambda: view.model.rowCount() == 4)
    assert view.new_button.isEnabled() is writes
    row = [i for i in range(view.model.rowCount())
           if view.model.row(i).status == MinutesStatus.DRAFT.value][0]
    rect = view.table.visualRect(view.table.model().index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.open_button.isEnabled())
    assert view.delete_button.isEnabled() is writes
    assert view.duplicate_button.isEnabled() is writes
