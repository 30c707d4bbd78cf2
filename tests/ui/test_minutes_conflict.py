"""Two people, one draft, in the minutes editor (#12 item 3): someone else saves the draft
while it is open here; Save (Ctrl+S) then never overwrites: it says who saved and when,
shows their text beside this editor's, field by field, and offers to reload their text or
keep one's own (the next Save replaces theirs, knowingly). Driven through the real
widgets, Arabic, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from typing_helpers import type_into_focus, while_modal

from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.services import meetings
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.minutes.conflict import ConflictDialog

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")

THEIRS, MINE = " – نسخة الزميل", " – نسختي"


def _draft_id(db) -> int:
    with db.session(write=False) as s:
        return s.query(Meeting.id).filter(Meeting.status == MinutesStatus.DRAFT).first()[0]


def _title(db, meeting_id: int) -> str:
    with db.session(write=False) as s:
        return s.get(Meeting, meeting_id).title


def _someone_else_saves(db, meeting_id: int) -> None:
    with db.session() as s:
        data = meetings.minutes_data(meetings.load_meeting(s, meeting_id))
        data.title += THEIRS
        meetings.save_minutes(s, data, meeting_id)


def _type_at_end_of_title(qtbot, editor, text: str) -> None:
    qtbot.mouseClick(editor.title_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.title_edit)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_End)
    type_into_focus(qtbot, text)


def _back_to(qtbot, editor) -> None:
    editor.activateWindow()  # what the offscreen platform does not do when a modal closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.mouseClick(editor.title_edit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.title_edit)


def _save_and_answer(qtbot, editor, button_text: str, shot=None) -> list[str]:
    seen: list[str] = []

    def act(dialog: ConflictDialog) -> None:
        seen.append(dialog.message.text())
        seen.append(dialog.rows())
        if shot is not None:
            dialog.grab().save(str(shot))
        (button,) = [b for b in dialog.buttons.buttons() if b.text() == button_text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    problems = while_modal(qtbot, ConflictDialog, act)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert problems == [] and seen, problems
    return seen


def test_keeping_my_text_then_saving_replaces_theirs_knowingly(qtbot, demo_db, editor_windows,
                                                               screenshot_dir):
    mid = _draft_id(demo_db)
    original = _title(demo_db, mid)
    editor = editor_windows(demo_db, mid)
    _someone_else_saves(demo_db, mid)
    _type_at_end_of_title(qtbot, editor, MINE)
    text, rows = _save_and_answer(qtbot, editor, _("Keep my text"),
                                  shot=screenshot_dir / "i12_conflict_ar.png")
    assert "بعد أن فتحته" in text and "UTC" in text
    # their text beside mine: the one field that differs, nothing else
    assert rows == [(_("Title"), original + THEIRS, original + MINE)]
    assert _title(demo_db, mid) == original + THEIRS  # nothing of mine was written
    assert editor.title_edit.text() == original + MINE  # my text is still in the form
    _back_to(qtbot, editor)  # the message closed: the person clicks into the editor again
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _title(demo_db, mid) == original + MINE)


def test_reloading_shows_their_text(qtbot, demo_db, editor_windows):
    mid = _draft_id(demo_db)
    original = _title(demo_db, mid)
    editor = editor_windows(demo_db, mid)
    _someone_else_saves(demo_db, mid)
    _type_at_end_of_title(qtbot, editor, MINE)
    _save_and_answer(qtbot, editor, _("Reload their text"))
    qtbot.waitUntil(lambda: editor.title_edit.text() == original + THEIRS)
    assert _title(demo_db, mid) == original + THEIRS
