"""Minutes too long to print (issue 9 §18): text pasted into the editor beyond the limits
is refused at the field where it was pasted, the message naming the limit, and nothing is
written."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services.common import MEETING_FIELD_MAX, MEETING_TEXT_MAX

pytestmark = pytest.mark.usefixtures("qapp")

WORDS = "مراجعة مستجدات تنفيذ الخطة والخطوات القادمة "


def _text(n: int) -> str:
    return (WORDS * (n // len(WORDS) + 1))[:n]


@pytest.fixture
def editor_on_draft(qtbot, demo_db, arabic_ui):
    from ogp_desktop.ui.editors import MinutesEditor

    with demo_db.session() as s:
        # the demo draft
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = MinutesEditor(demo_db, meeting_id)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=3000)
    yield editor
    if shiboken6.isValid(editor):
        editor.autosaver.mark_clean()  # no prompt while the test ends
        editor.close()


def _paste_into_new_point(qtbot, editor, text: str):
    """Click "Add a discussion point" and paste with Ctrl+V, as a person brings in a long text."""
    rows = editor.discussion
    before = len(rows.rows())
    qtbot.mouseClick(editor.add_discussion_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(rows.rows()) == before + 1)
    edit = QApplication.focusWidget()
    assert rows.row_of(edit) is not None
    QGuiApplication.clipboard().setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: edit.toPlainText() == text)
    return edit, before + 1


@pytest.mark.parametrize("case", ["field", "total"])
def test_text_over_a_limit_is_refused_at_the_field(qtbot, editor_on_draft, demo_db, dbtools, case):
    editor = editor_on_draft
    before = dbtools.dump(demo_db.path)
    if case == "field":
        edit, number = _paste_into_new_point(qtbot, editor, _text(MEETING_FIELD_MAX + 1))
        limit = f"{MEETING_FIELD_MAX:,}"
    else:  # several points, each within its limit, together over the meeting's
        for _ in range(MEETING_TEXT_MAX // (MEETING_FIELD_MAX - 10)):
            _paste_into_new_point(qtbot, editor, _text(MEETING_FIELD_MAX - 10))
        edit, number = _paste_into_new_point(qtbot, editor, _text(MEETING_FIELD_MAX - 10))
        limit = f"{MEETING_TEXT_MAX:,}"
    qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: editor.error_bar.isVisible())
    message = editor.error_bar.label.text()
    assert limit in message and "طويل" in message, message
    if case == "field":
        assert edit.property("invalid") == "true" and edit.hasFocus()
        assert f" {number}: " in message, message  # "<the list's label> 7: ..."
    else:  # named at the longest part: one of the pasted points
        marked = [r.edit for r in editor.discussion.rows() if r.edit.property("invalid") == "true"]
        assert len(marked) == 1 and len(marked[0].toPlainText()) == MEETING_FIELD_MAX - 10
    assert dbtools.dump(demo_db.path) == before
