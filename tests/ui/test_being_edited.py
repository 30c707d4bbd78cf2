""""Being edited by NAME" (#12 item 3): a draft open in someone else's editor says so at the
top of one's own editor (not blocking: row versions keep saves apart) and in the list of
minutes; one's own editor takes the lease when it opens a draft, takes it over once the
other person gives theirs back, and gives it back when it closes. The other person is a
second Database on the same records, their lease taken through the service: on a SQLite
file another OS login of the machine, on the real server another login. Arabic, offscreen."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ogp_desktop.core.db import open_database
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.server import admin
from ogp_desktop.core.services import leases
from ogp_desktop.core.services.common import login
from ogp_desktop.ui.main_window import MainWindow
from ogp_desktop.ui.models.meetings import MeetingsModel

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")
PASSWORD = "a-long-password-1"
MINE, THEIRS = "رنا الحسن", "سلمى الخطيب"


def _draft(db) -> int:
    with db.session(write=False) as s:
        return s.query(Meeting.id).filter(Meeting.status == MinutesStatus.DRAFT).first()[0]


def _holder(dbtools, db, meeting_id: int):
    rows = dbtools.sql(db, "SELECT holder FROM edit_leases WHERE meeting_id = ?", (meeting_id,))
    return rows[0][0] if rows else None


@pytest.fixture
def on_file(demo_db, monkeypatch):
    """(my records, a function running `fn(session)` as a colleague on the same file: the
    same machine, another OS login)."""
    other = open_database(demo_db.path)

    def as_colleague(fn):
        with monkeypatch.context() as m:
            m.setenv("LOGNAME", "colleague")
            with other.session() as s:
                return fn(s)

    yield demo_db, as_colleague
    other.close()


@pytest.fixture(scope="module")
def office(pg, demo_template):
    """A server set up by `server init`, the demo records imported, two editors."""
    name = "lease_" + uuid.uuid4().hex[:8]
    tag = name[-8:]
    admin.init_server(pg.url(name), f"admin_{tag}", "مي عليمات", PASSWORD)
    db = open_database(pg.url(name))
    try:
        admin.import_sqlite(db, demo_template)
        admin.add_user(db, f"rana_{tag}", MINE, "editor", PASSWORD)
        admin.add_user(db, f"salma_{tag}", THEIRS, "editor", PASSWORD)
    finally:
        db.close()
    yield pg, name, tag
    pg.drop_database(name)


@pytest.fixture
def on_server(office):
    pg, name, tag = office
    mine = open_database(pg.url(name, f"rana_{tag}", PASSWORD))
    theirs = open_database(pg.url(name, f"salma_{tag}", PASSWORD))

    def as_colleague(fn):
        with theirs.session() as s:
            return fn(s)

    yield mine, as_colleague
    as_colleague(lambda s: leases.release(s, _draft(mine)))
    with mine.session() as s:
        leases.release(s, _draft(mine))
    mine.close()
    theirs.close()


def _open_from_the_list(qtbot, window, meeting_id: int):
    """Double-click the meeting's row in the list of minutes: its editor opens."""
    view = window.show_section("meetings")
    row = view.model.find(lambda r: r.id == meeting_id)
    rect = view.table.visualRect(view.model.index(row, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: any(e.property("ogp_meeting_id") == meeting_id
                                for e in window.open_editors()))
    (editor,) = [e for e in window.open_editors() if e.property("ogp_meeting_id") == meeting_id]
    qtbot.waitExposed(editor)
    return editor


@pytest.mark.parametrize("where", ["file", "server"])
def test_a_draft_someone_else_has_open_says_so_in_the_list_and_the_editor(
        qtbot, request, where, dbtools, screenshot_dir):
    db, as_colleague = request.getfixturevalue("on_file" if where == "file" else "on_server")
    name = "colleague" if where == "file" else THEIRS
    draft = _draft(db)
    assert as_colleague(lambda s: leases.take(s, draft)) is None
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_section("meetings")
    row = view.model.find(lambda r: r.id == draft)
    status = view.model.index(row, MeetingsModel.STATUS_COLUMN).data()
    assert name in status and "يحرّرها" in status, status
    window.grab().save(str(screenshot_dir / f"i12_being_edited_list_{where}_ar.png"))

    editor = _open_from_the_list(qtbot, window, draft)
    banner = editor.lease.banner
    qtbot.waitUntil(banner.isVisible)
    assert name in banner.label.text() and "لن يطغى" in banner.label.text()
    assert editor.editable and editor.save_action.isEnabled()  # informs, blocks nothing
    editor.grab().save(str(screenshot_dir / f"i12_being_edited_editor_{where}_ar.png"))
    them = as_colleague(login)
    assert _holder(dbtools, db, draft) == them  # theirs, untouched

    # they close their editor: this one's next renewal takes the lease and the line goes
    assert as_colleague(lambda s: leases.release(s, draft))
    editor.lease.timer.setInterval(50)
    qtbot.waitUntil(lambda: not banner.isVisible())
    with db.session(write=False) as s:
        me = login(s)
    assert _holder(dbtools, db, draft) == me
    # and the colleague, opening it now, is told it is mine
    held = as_colleague(lambda s: leases.take(s, draft))
    assert held is not None and held.login == me

    # closing the editor (Escape, as a person does) gives it back
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _holder(dbtools, db, draft) is None)
    assert window.close()


def test_opening_a_draft_takes_its_lease_and_closing_gives_it_back(qtbot, demo_db, dbtools,
                                                                   editor_windows):
    draft = _draft(demo_db)
    editor = editor_windows(demo_db, draft)
    with demo_db.session(write=False) as s:
        me = login(s)
    assert _holder(dbtools, demo_db, draft) == me and not editor.lease.banner.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _holder(dbtools, demo_db, draft) is None)


def test_signed_minutes_and_new_ones_take_no_lease(qtbot, demo_db, dbtools, editor_windows):
    with demo_db.session(write=False) as s:
        signed = s.query(Meeting.id).filter(Meeting.status == MinutesStatus.SIGNED).first()[0]
    editor_windows(demo_db, signed)
    editor_windows(demo_db, None)
    assert dbtools.sql(demo_db, "SELECT count(*) FROM edit_leases") == [(0,)]
