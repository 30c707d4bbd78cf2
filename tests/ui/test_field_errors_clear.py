"""A field shown wrong is no longer shown wrong once the person changes it: its red mark
goes at once, and the red banner with it when no field it spoke of is left, without
saving again. Each error is made by clicking Save (or Sign) and fixed by clicking and
typing as a person does."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select
from typing_helpers import type_into_focus

from ogp_desktop.core.models import Meeting, MinutesStatus, Signature
from ogp_desktop.core.services import meetings, signing
from ogp_desktop.core.services.meetings import MinutesData, Participant
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp")

C1 = "لجنة تنفيذ الالتزام الأول – الخطة الوطنية الرابعة"


@pytest.fixture
def open_editor(editor_windows, no_message_box, arabic_ui):
    return editor_windows


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def click_save(qtbot, editor) -> None:
    click(qtbot, editor.toolbar.widgetForAction(editor.save_action))


def choose_from_combo(qtbot, combo, text: str) -> None:
    """Open the combo's list and click the item, as a person does with the mouse."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())


def marked(widget) -> bool:
    return widget.property("invalid") == "true"


def count_meetings(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Meeting.id)))


def error_shown(qtbot, editor, widget) -> None:
    qtbot.waitUntil(lambda: editor.error_bar.isVisible() and marked(widget))


def error_gone(qtbot, editor, widget) -> None:
    qtbot.waitUntil(lambda: not marked(widget) and not editor.error_bar.isVisible())
    assert widget.toolTip() == ""


def test_the_title_error_goes_on_the_first_letter(qtbot, db, open_editor):
    editor = open_editor(db)
    click_save(qtbot, editor)
    error_shown(qtbot, editor, editor.title_edit)
    assert editor.error_bar.label.text().startswith(_("Title") + ": ")
    assert editor.title_edit.hasFocus()
    type_into_focus(qtbot, "م")
    error_gone(qtbot, editor, editor.title_edit)
    assert count_meetings(db) == 0 and editor.meeting_id is None  # nothing saved meanwhile


@pytest.mark.parametrize("status", ["present", "apologised"])
def test_marking_the_attendee_named_in_the_banner_clears_it(qtbot, demo_db, open_editor, status):
    editor = open_editor(demo_db)
    before = count_meetings(demo_db)
    click(qtbot, editor.title_edit)
    type_into_focus(qtbot, "اجتماع المتابعة")
    # choosing the committee lists its members, attendance to be marked
    choose_from_combo(qtbot, editor.committee_combo, C1)
    qtbot.waitUntil(lambda: len(editor.attendees) > 0)
    row = editor.attendees.rows()[0]
    click_save(qtbot, editor)
    present = row.status_buttons["present"]
    error_shown(qtbot, editor, present)
    assert row.name.text() in editor.error_bar.label.text()
    click(qtbot, row.status_buttons[status])
    error_gone(qtbot, editor, present)
    assert count_meetings(demo_db) == before and editor.meeting_id is None


def test_a_date_and_a_time_error_go_when_their_field_changes(qtbot, db, open_editor):
    editor = open_editor(db)
    click(qtbot, editor.title_edit)
    type_into_focus(qtbot, "اجتماع")
    # the next meeting before this one: at the next meeting's date
    editor.next_meeting_edit.set_value(editor.date_edit.value() - dt.timedelta(days=3))
    click_save(qtbot, editor)
    error_shown(qtbot, editor, editor.next_meeting_edit)
    assert editor.next_meeting_edit.hasFocus()
    qtbot.keyClick(editor.next_meeting_edit, Qt.Key.Key_Up)  # one day on
    error_gone(qtbot, editor, editor.next_meeting_edit)
    editor.next_meeting_edit.clear_value()

    # ends before it starts: at the end time
    editor.start_edit.set_value(dt.time(11, 0))
    editor.end_edit.set_value(dt.time(10, 0))
    click_save(qtbot, editor)
    error_shown(qtbot, editor, editor.end_edit)
    qtbot.keyClick(editor.end_edit, Qt.Key.Key_Up)
    error_gone(qtbot, editor, editor.end_edit)
    assert count_meetings(db) == 0


def test_a_discussion_point_error_goes_when_the_point_is_edited(qtbot, db, open_editor):
    editor = open_editor(db)
    click(qtbot, editor.title_edit)
    type_into_focus(qtbot, "اجتماع")
    click(qtbot, editor.add_discussion_button)
    edit = editor.discussion.editors()[0]
    qtbot.waitUntil(edit.hasFocus)
    # pasted from another document with a control character in it, which the core refuses
    QApplication.clipboard().setText("أولا\x07")
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert "\x07" in edit.toPlainText()
    click_save(qtbot, editor)
    error_shown(qtbot, editor, edit)
    assert edit.hasFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    error_gone(qtbot, editor, edit)
    assert count_meetings(db) == 0


def test_removing_the_row_in_error_clears_the_banner(qtbot, db, open_editor):
    editor = open_editor(db)
    click(qtbot, editor.title_edit)
    type_into_focus(qtbot, "اجتماع")
    for name in ("مي عليمات", "سامي"):
        click(qtbot, editor.new_person_edit)
        type_into_focus(qtbot, name)
        qtbot.keyClick(editor.new_person_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(editor.attendees) == 2)
    second = editor.attendees.rows()[1]
    click(qtbot, second.name)  # the second name retyped as the first: the same person twice
    qtbot.keyClick(second.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, "مي  عليمات")
    click_save(qtbot, editor)
    error_shown(qtbot, editor, second.name)
    qtbot.keyClick(second.name, Qt.Key.Key_Delete, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(editor.attendees) == 1)
    qtbot.waitUntil(lambda: not editor.error_bar.isVisible())
    assert count_meetings(db) == 0


def test_an_error_about_no_field_stays_until_the_next_attempt(qtbot, db, open_editor):
    """A message that is about no field (here: another program removed the meeting) is
    not about what the person types: it stays."""
    with db.session() as s:
        meeting_id = meetings.save_minutes(s, MinutesData(title="محضر", date=dt.date(2021, 7, 1))).id
    editor = open_editor(db, meeting_id)
    editor.show_error("the database is busy")
    click(qtbot, editor.title_edit)
    type_into_focus(qtbot, "x")
    qtbot.waitUntil(lambda: editor.dirty)  # the change was seen
    assert editor.error_bar.isVisible()


def test_a_signatory_error_goes_when_it_is_typed(qtbot, db):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    with db.session() as s:
        meeting_id = meetings.save_minutes(s, MinutesData(
            title="محضر", date=dt.date(2021, 7, 1),
            attendees=[Participant("مي عليمات", None)])).id
        signing.approve(s, meeting_id)
    dialog = SignDialog(db, meeting_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    row = dialog.rows[0]
    click(qtbot, row.name)
    type_into_focus(qtbot, "مي عليمات")  # the role left empty
    click(qtbot, dialog.sign_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and marked(row.role))
    assert row.role.hasFocus()
    type_into_focus(qtbot, "منسقة")
    qtbot.waitUntil(lambda: not marked(row.role) and not dialog.error.isVisible())

    # no signatory at all: fixed by adding one
    for _row in range(len(dialog.rows)):  # each removed with its row's Remove button
        click(qtbot, dialog.rows[0].remove)
    assert dialog.rows == []
    click(qtbot, dialog.sign_button)
    qtbot.waitUntil(lambda: dialog.error.isVisible() and marked(dialog.add_button))
    click(qtbot, dialog.add_button)
    qtbot.waitUntil(lambda: not dialog.error.isVisible())
    with db.session() as s:
        assert s.get(Meeting, meeting_id).status == MinutesStatus.APPROVED
        assert s.scalars(select(Signature)).all() == []
