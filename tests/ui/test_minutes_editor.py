"""The minutes editor driven through its real widgets (keyboard and mouse, offscreen), with
what it wrote checked in the database: a whole meeting, validation at the field, the
close prompt, follow-up of the previous meeting, photos and files, tab order, PDF export,
preview and print, and screenshots in Arabic and English at the laptops' 1366×768."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from ogp_desktop.core.models import (
    ActionStatus,
    Attachment,
    Autosave,
    Meeting,
    MeetingMode,
    MinutesStatus,
)
from ogp_desktop.core.services import committees, directory, meetings
from ogp_desktop.core.services.meetings import ActionItemData, Participant
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp")

C1 = "لجنة تنفيذ الالتزام الأول – الخطة الوطنية الرابعة"


# --- helpers -----------------------------------------------------------------------------


@pytest.fixture
def answers(monkeypatch):
    """Message boxes answer from this list; an unexpected one fails instead of blocking."""
    queue: list[QMessageBox.StandardButton] = []
    asked: list[str] = []

    def exec_(box):
        asked.append(box.text())
        if not queue:
            raise AssertionError(f"unexpected message box: {box.text()!r}")
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: (asked.append(a[2]), queue.pop(0))[1]))
    return type("Answers", (), {"queue": queue, "asked": asked})


@pytest.fixture
def open_editor(editor_windows, answers, arabic_ui):
    return editor_windows


def in_db(db, meeting_id):
    with db.session() as s:
        return meetings.minutes_data(meetings.load_meeting(s, meeting_id))


def count_meetings(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Meeting.id)))


def choose_from_combo(qtbot, combo, text: str) -> None:
    """Open the combo's list and click the item, as a user does with the mouse."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    rect = view.visualRect(view.model().index(index, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard does, Arabic included (QTest.keyClicks knows ASCII only)."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)


def type_date(qtbot, edit, text: str) -> None:
    """As a person does: clicked into (which selects what the field holds), or Ctrl+A in
    the field that has the focus already; then typed, replacing it."""
    if not edit.hasFocus():
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=edit.rect().center())
        qtbot.waitUntil(edit.hasFocus)
    else:
        qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, edit, text)


def ctrl_enter(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


# --- a whole meeting ---------------------------------------------------------------------


def test_write_a_whole_meeting_with_keyboard_and_mouse(qtbot, demo_db, open_editor):
    with demo_db.session() as s:
        committee = committees.find_committee(s, C1)
        members = [(m.person.name, m.person.organisation.name if m.person.organisation else None)
                   for m in committees.members_on(committee, dt.date(2021, 7, 20))]
        plan_title, commitment_title = committee.plan.title, committee.commitment.title
    assert len(members) == 7

    editor = open_editor(demo_db)
    saved = []
    editor.saved.connect(saved.append)

    type_text(qtbot, editor.title_edit, "محضر اجتماع لجنة تنفيذ الالتزام الأول – متابعة")
    type_date(qtbot, editor.date_edit, "20/7/2021")
    assert editor.date_edit.date() == QDate(2021, 7, 20)
    type_date(qtbot, editor.start_edit, "0930")
    type_date(qtbot, editor.end_edit, "1115")
    assert (editor.start_edit.time(), editor.end_edit.time()) == (QTime(9, 30), QTime(11, 15))

    # choosing the committee fills plan, commitment and the expected attendees
    choose_from_combo(qtbot, editor.committee_combo, C1)
    assert editor.plan_combo.currentData() == plan_title
    assert editor.commitment_combo.currentData() == commitment_title
    rows = editor.attendees.rows()
    assert [(r.name.text(), r.organisation.text() or None) for r in rows] == members
    assert all(r.status() is None for r in rows)  # to be ticked

    choose_from_combo(qtbot, editor.mode_combo, editor.mode_combo.itemText(
        editor.mode_combo.findData(MeetingMode.HYBRID.value)))
    type_text(qtbot, editor.location_edit, "وزارة التخطيط وعبر زووم")
    type_text(qtbot, editor.objective_edit, "مراجعة نتائج الاستبيان")

    # tick attendance: five present, one apologised, one absent
    click = Qt.MouseButton.LeftButton
    for row in rows[:5]:
        qtbot.mouseClick(row.status_buttons["present"], click)
    qtbot.mouseClick(rows[5].status_buttons["apologised"], click)
    qtbot.mouseClick(rows[6].status_buttons["absent"], click)

    # someone not in the directory yet, added from the same place
    type_text(qtbot, editor.new_person_edit, "رنا الحسيني")
    type_text(qtbot, editor.new_org_edit, "جمعية تجريبية جديدة")
    qtbot.mouseClick(editor.add_person_button, click)
    assert editor.attendees.rows()[-1].name.text() == "رنا الحسيني"
    assert editor.attendees.rows()[-1].new_mark.text()  # marked as new

    editor.other_spin.setFocus()
    editor.other_spin.selectAll()
    type_text(qtbot, editor.other_spin, "3")

    # two discussion points: the button, typing, Ctrl+Enter, typing (with a second line)
    qtbot.mouseClick(editor.add_discussion_button, click)
    first = editor.discussion.rows()[0].edit
    assert first.hasFocus()
    type_text(qtbot, first, "عرض نتائج الاستبيان")
    ctrl_enter(qtbot, first)
    assert len(editor.discussion) == 2
    second = editor.discussion.rows()[1].edit
    assert second.hasFocus()
    type_text(qtbot, second, "مناقشة موعد جلسات التحقق")
    qtbot.keyClick(second, Qt.Key.Key_Return)
    type_text(qtbot, second, "· مع الحكومة والمانحين")
    qtbot.keyClick(second, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # move it up
    assert editor.discussion.texts()[0].startswith("مناقشة موعد")

    # an output, through Ctrl+Enter on the list's button
    editor.add_output_button.setFocus()
    ctrl_enter(qtbot, editor.add_output_button)
    type_text(qtbot, editor.outputs.rows()[0].edit, "اعتماد موعد 13/7/2021 لجلسات التحقق")

    # an action item with owner (completed from the directory) and due date
    qtbot.mouseClick(editor.add_action_button, click)
    action = editor.action_items.rows()[0]
    assert action.text.hasFocus()
    type_text(qtbot, action.text, "ارسال الدعوات الرسمية للوزارات")
    qtbot.keyClick(action.text, Qt.Key.Key_Tab)
    assert action.owner_edit.hasFocus()
    type_text(qtbot, action.owner_edit, members[0][0])
    qtbot.keyClick(action.owner_edit, Qt.Key.Key_Tab)
    assert action.due.hasFocus()
    type_date(qtbot, action.due, "25/7/2021")
    assert action.due.value() == dt.date(2021, 7, 25)

    qtbot.mouseClick(editor.add_note_button, click)
    type_text(qtbot, editor.notes.rows()[0].edit, "أرفقت نتائج الاستبيان بالمحضر.")
    type_date(qtbot, editor.next_meeting_edit, "3/8/2021")

    assert editor.dirty
    qtbot.keyClick(editor.notes.rows()[0].edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.meeting_id is not None, editor.error_bar.label.text()
    assert saved == [editor.meeting_id]
    assert not editor.dirty

    data = in_db(demo_db, editor.meeting_id)
    assert data.title == "محضر اجتماع لجنة تنفيذ الالتزام الأول – متابعة"
    assert data.date == dt.date(2021, 7, 20)
    assert (data.start, data.end) == (dt.time(9, 30), dt.time(11, 15))
    assert data.committee == C1
    assert (data.plan, data.commitment) == (plan_title, commitment_title)
    assert data.mode == MeetingMode.HYBRID
    assert data.location == "وزارة التخطيط وعبر زووم"
    assert data.objective == "مراجعة نتائج الاستبيان"
    assert data.attendees == [Participant(n, o) for n, o in members[:5]] + [
        Participant("رنا الحسيني", "جمعية تجريبية جديدة")]
    assert data.apologies == [Participant(*members[5])]
    assert data.absent == [Participant(*members[6])]
    assert data.other_participants == 3
    assert data.discussion == ["مناقشة موعد جلسات التحقق\n· مع الحكومة والمانحين",
                               "عرض نتائج الاستبيان"]
    assert data.outputs == ["اعتماد موعد 13/7/2021 لجلسات التحقق"]
    assert data.action_items == [ActionItemData("ارسال الدعوات الرسمية للوزارات",
                                                members[0][0], dt.date(2021, 7, 25),
                                                ActionStatus.OPEN)]
    assert data.notes == ["أرفقت نتائج الاستبيان بالمحضر."]
    assert data.next_meeting == dt.date(2021, 8, 3)
    assert data.sequence is not None  # numbered automatically in the committee's series
    assert editor.sequence_spin.value() == data.sequence
    with demo_db.session() as s:
        assert directory.find_people(s, "رنا الحسيني")
        assert directory.find_organisation(s, "جمعية تجريبية جديدة") is not None
        assert s.scalar(select(func.count(Autosave.id))) == 0  # saving removed the autosave

    # editing again updates the same meeting
    type_text(qtbot, editor.title_edit, " (2)")
    assert editor.save() == editor.meeting_id
    assert in_db(demo_db, editor.meeting_id).title.endswith("(2)")


def test_row_lists_from_the_keyboard(qtbot, db, open_editor):
    editor = open_editor(db)
    qtbot.mouseClick(editor.add_discussion_button, Qt.MouseButton.LeftButton)
    for n, text in enumerate(["أ", "ب", "ج"]):
        edit = editor.discussion.rows()[n].edit
        type_text(qtbot, edit, text)
        if n < 2:
            ctrl_enter(qtbot, edit)
    assert editor.discussion.texts() == ["أ", "ب", "ج"]
    # Ctrl+Enter in the middle inserts after the current item
    ctrl_enter(qtbot, editor.discussion.rows()[0].edit)
    assert editor.discussion.texts() == ["أ", "", "ب", "ج"]
    # Backspace in an empty item removes it
    qtbot.keyClick(editor.discussion.rows()[1].edit, Qt.Key.Key_Backspace)
    assert editor.discussion.texts() == ["أ", "ب", "ج"]
    # Alt+Down moves, the buttons move, Alt+Delete removes
    qtbot.keyClick(editor.discussion.rows()[0].edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert editor.discussion.texts() == ["ب", "أ", "ج"]
    qtbot.mouseClick(editor.discussion.rows()[2].up, Qt.MouseButton.LeftButton)
    assert editor.discussion.texts() == ["ب", "ج", "أ"]
    qtbot.keyClick(editor.discussion.rows()[2].edit, Qt.Key.Key_Delete, Qt.KeyboardModifier.AltModifier)
    assert editor.discussion.texts() == ["ب", "ج"]
    assert [r.number.text() for r in editor.discussion.rows()] == ["•", "•"]  # bulleted, as printed
    # Tab goes from one item to the next (not a tab character)
    first = editor.discussion.rows()[0].edit
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert editor.discussion.rows()[1].edit.hasFocus()
    # Ctrl+Enter in the "another person" fields adds the person
    type_text(qtbot, editor.new_person_edit, "سلمى")
    ctrl_enter(qtbot, editor.new_person_edit)
    assert [r.name.text() for r in editor.attendees.rows()] == ["سلمى"]
    assert editor.attendees.rows()[0].status() == "present"


def test_choosing_another_committee_replaces_the_members_not_ticked(qtbot, demo_db, open_editor):
    nwg = "مجموعة العمل الوطنية للخطة الوطنية الخامسة"
    with demo_db.session() as s:
        members = {m.person.name for m in committees.members_on(
            committees.find_committee(s, nwg), dt.date(2021, 7, 20))}
    editor = open_editor(demo_db)
    editor.date_edit.setDate(QDate(2021, 7, 20))
    choose_from_combo(qtbot, editor.committee_combo, C1)
    first = [r.name.text() for r in editor.attendees.rows()]
    assert len(first) == 7
    editor.attendees.rows()[0].set_status("present")  # ticked: stays
    editor.attendees.add_person("ضيف", None)  # added by hand: stays
    choose_from_combo(qtbot, editor.committee_combo, nwg)
    names = [r.name.text() for r in editor.attendees.rows()]
    assert names[:2] == [first[0], "ضيف"]
    assert members <= set(names)
    assert not {n for n in first[1:] if n not in members} & set(names)


def test_tab_order_runs_top_to_bottom(qtbot, db, open_editor):
    editor = open_editor(db)
    qtbot.mouseClick(editor.add_discussion_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_action_button, Qt.MouseButton.LeftButton)
    expected = [editor.title_edit, editor.language_combo, editor.committee_combo,
                editor.plan_combo, editor.sequence_spin, editor.date_edit,  # commitment: none
                editor.start_edit, editor.end_edit, editor.mode_combo, editor.location_edit,
                editor.objective_edit]
    editor.title_edit.setFocus()
    seen = [editor.title_edit]
    for _step in range(30):  # date and time edits take Tab through their sections first
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is editor.committee_combo.lineEdit():
            widget = editor.committee_combo
        if widget is not seen[-1]:
            seen.append(widget)
        if widget is editor.objective_edit:
            break
    assert seen == expected
    # further down: the discussion point, its button, then the outputs' button
    chain = editor.tab_chain()
    row = editor.discussion.rows()[0].edit
    assert chain.index(row) < chain.index(editor.add_discussion_button) \
        < chain.index(editor.add_output_button) < chain.index(editor.action_items.rows()[0].text) \
        < chain.index(editor.add_note_button) < chain.index(editor.next_meeting_edit)
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Tab)
    assert editor.add_discussion_button.hasFocus()
    qtbot.keyClick(editor.add_discussion_button, Qt.Key.Key_Tab)
    assert editor.add_output_button.hasFocus()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_dates_and_times_are_typed_as_they_are_written(qtbot, language, request):
    """28/7/2021 and 9:30 typed in either direction of the UI (Qt lays a date edit out
    reversed in right-to-left and does not move on at a typed separator there)."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ogp_desktop.ui.editors.widgets import OptionalDateEdit, OptionalTimeEdit

    request.getfixturevalue("arabic_ui" if language == "ar" else "english_ui")
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    date = OptionalDateEdit(lambda: QDate(2021, 7, 1), window)
    time = OptionalTimeEdit(parent=window)
    layout.addWidget(date)
    layout.addWidget(time)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    for text, expected in [("28/7/2021", dt.date(2021, 7, 28)), ("3/8/2021", dt.date(2021, 8, 3)),
                           ("1/12/2022", dt.date(2022, 12, 1)), ("9/6/2021", dt.date(2021, 6, 9))]:
        type_date(qtbot, date, text)
        assert date.value() == expected, text
        assert date.text() == text  # shown as typed, Western digits, day first
    qtbot.keyClick(date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(date, Qt.Key.Key_Delete)
    assert date.value() is None
    for text, expected in [("9:30", dt.time(9, 30)), ("1115", dt.time(11, 15)),
                           ("14:05", dt.time(14, 5))]:
        type_date(qtbot, time, text)
        assert time.value() == expected, text
    assert time.text() == "14:05"


# --- validation ----------------------------------------------------------------------------


def test_end_before_start_is_shown_at_the_end_field_and_nothing_is_written(
        qtbot, db, open_editor):
    editor = open_editor(db)
    type_text(qtbot, editor.title_edit, "اجتماع")
    type_date(qtbot, editor.start_edit, "1100")
    type_date(qtbot, editor.end_edit, "1000")
    before = count_meetings(db)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.meeting_id is None
    assert editor.save() is None
    assert count_meetings(db) == before == 0
    assert editor.end_edit.property("invalid") == "true"
    assert editor.end_edit.hasFocus()
    assert editor.error_bar.isVisible()
    message = editor.error_bar.label.text()
    assert message.startswith(_("End time") + ": ") and "10:00" in message and "11:00" in message
    assert editor.end_edit.toolTip() == message
    assert editor.title_edit.property("invalid") != "true"
    # correcting the field clears its mark; saving then works
    type_date(qtbot, editor.end_edit, "1230")
    assert editor.end_edit.property("invalid") == "false"
    assert editor.save() is not None
    assert not editor.error_bar.isVisible()
    assert in_db(db, editor.meeting_id).end == dt.time(12, 30)


def test_each_error_lands_on_its_field(qtbot, db, open_editor):
    editor = open_editor(db)
    assert editor.save() is None  # no title
    assert editor.title_edit.property("invalid") == "true" and editor.title_edit.hasFocus()
    assert editor.error_bar.label.text().startswith(_("Title") + ": ")

    type_text(qtbot, editor.title_edit, "اجتماع")
    editor.attendees.add_person("مي عليمات", None, status=None)  # not ticked
    assert editor.save() is None
    row = editor.attendees.rows()[0]
    assert row.status_buttons["present"].property("invalid") == "true"
    assert "مي عليمات" in editor.error_bar.label.text()
    qtbot.mouseClick(row.status_buttons["present"], Qt.MouseButton.LeftButton)

    # the same person twice: the core names attendees[1].name
    editor.attendees.add_person("سامي", None)
    editor.attendees.rows()[1].name.setText("مي  عليمات")
    assert editor.save() is None
    assert editor.attendees.rows()[1].name.property("invalid") == "true"
    assert editor.attendees.rows()[1].name.hasFocus()
    editor.attendees.remove_row(editor.attendees.rows()[1])

    # a control character in the second discussion point
    editor.discussion.add_row("أولا")
    editor.discussion.add_row("ثانيا\x07")
    assert editor.save() is None
    assert editor.discussion.rows()[1].edit.property("invalid") == "true"
    assert editor.error_bar.label.text().startswith(_("Main discussion points") + " 2: ")

    # the next meeting before this one
    editor.discussion.rows()[1].edit.setPlainText("ثانيا")
    editor.next_meeting_edit.set_value(editor.date_edit.value() - dt.timedelta(days=1))
    assert editor.save() is None
    assert editor.next_meeting_edit.property("invalid") == "true"
    assert count_meetings(db) == 0

    editor.next_meeting_edit.clear_value()
    assert editor.save() is not None
    assert count_meetings(db) == 1


# --- closing -----------------------------------------------------------------------------


def test_escape_with_unsaved_changes_asks(qtbot, db, open_editor, answers):
    editor = open_editor(db)
    closed = []
    editor.closed.connect(lambda: closed.append(True))
    type_text(qtbot, editor.title_edit, "محضر لم يحفظ")

    answers.queue.append(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert answers.asked[-1] == _("Save the changes to these minutes before closing?")
    assert editor.isVisible() and not closed  # cancelled: still open, text kept
    assert editor.title_edit.text() == "محضر لم يحفظ"

    answers.queue.append(QMessageBox.StandardButton.Save)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert closed == [True]
    assert count_meetings(db) == 1
    with db.session() as s:
        assert s.scalar(select(Meeting.title)) == "محضر لم يحفظ"


def test_close_discarding_writes_nothing_and_removes_the_autosave(qtbot, db, open_editor, answers):
    editor = open_editor(db)
    type_text(qtbot, editor.title_edit, "مسودة ستلغى")
    assert editor.autosave_now()
    with db.session() as s:
        assert s.scalar(select(func.count(Autosave.id))) == 1
    answers.queue.append(QMessageBox.StandardButton.Discard)
    assert editor.close()
    assert count_meetings(db) == 0
    with db.session() as s:
        assert s.scalar(select(func.count(Autosave.id))) == 0


def test_a_failed_save_on_close_keeps_the_window_open(qtbot, db, open_editor, answers):
    editor = open_editor(db)
    editor.objective_edit.setPlainText("بدون عنوان")
    answers.queue.append(QMessageBox.StandardButton.Save)
    assert not editor.close()
    assert editor.isVisible()
    assert editor.title_edit.property("invalid") == "true"


def test_escape_without_changes_closes_at_once(qtbot, demo_db, open_editor, answers):
    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = open_editor(demo_db, meeting_id)
    closed = []
    editor.closed.connect(lambda: closed.append(True))
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert closed == [True] and answers.asked == []


# --- follow-up ---------------------------------------------------------------------------


def test_open_items_of_the_previous_meeting_are_offered_and_copied(qtbot, demo_db, open_editor):
    with demo_db.session() as s:
        previous = s.scalar(select(Meeting).where(Meeting.date == dt.date(2021, 6, 14)))
        expected = [(a.text, a.owner, a.due_date) for a in previous.action_items
                    if a.status == ActionStatus.OPEN]
    assert len(expected) == 8
    editor = open_editor(demo_db)
    type_text(qtbot, editor.title_edit, "اجتماع المتابعة")
    editor.date_edit.setDate(QDate(2021, 7, 1))
    choose_from_combo(qtbot, editor.committee_combo, C1)
    panel = editor.follow_up_panel
    qtbot.waitUntil(lambda: panel.list.count() == 8)
    assert editor.follow_up_box.isVisible()
    assert "14/6/2021" in panel.heading.text()
    # untick one, add the others
    panel.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    rows = editor.action_items.values()
    assert [r["text"] for r in rows] == [e[0] for i, e in enumerate(expected) if i != 1]
    assert panel.list.count() == 1  # only the one left behind is still offered
    for row in editor.attendees.rows():
        row.set_status("present")
    meeting_id = editor.save()
    assert meeting_id is not None, editor.error_bar.label.text()
    data = in_db(demo_db, meeting_id)
    assert [(a.text, a.owner, a.due) for a in data.action_items] == [
        e for i, e in enumerate(expected) if i != 1]
    assert all(a.status == ActionStatus.OPEN for a in data.action_items)


def test_no_follow_up_without_an_earlier_meeting(qtbot, demo_db, open_editor):
    editor = open_editor(demo_db)
    editor.date_edit.setDate(QDate(2021, 6, 1))  # before the committee's first meeting
    with qtbot.waitSignal(editor.follow_up_checked):  # looked up for this committee and date
        choose_from_combo(qtbot, editor.committee_combo, C1)
    assert not editor.follow_up_box.isVisible()


# --- template, photos, files -------------------------------------------------------------


def test_new_meeting_from_a_template(qtbot, demo_db, open_editor):
    with demo_db.session() as s:
        template_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
        template = meetings.minutes_data(meetings.load_meeting(s, template_id))
    editor = open_editor(demo_db, template_from=template_id)
    assert editor.meeting_id is None
    assert editor.title_edit.text() == template.title
    assert editor.committee_combo.currentText() == template.committee
    assert editor.location_edit.text() == template.location
    assert len(editor.attendees) == len(template.attendees) + len(template.apologies)
    assert all(r.status() is None for r in editor.attendees.rows())
    assert len(editor.discussion) == 0 and editor.date_edit.value() == dt.date.today()


def test_photos_and_files_save_a_new_draft_first(qtbot, db, open_editor, dbtools, tmp_path):
    editor = open_editor(db)
    type_text(qtbot, editor.title_edit, "اجتماع مع صور")
    photo = tmp_path / "صورة الاجتماع.png"
    photo.write_bytes(dbtools.png(40, 30))
    ids = editor.add_photos([photo], ["المشاركون في الاجتماع"])
    assert editor.meeting_id is not None and len(ids) == 1
    assert editor.photos_panel.count() == 1
    assert editor.photos_panel.list.item(0).text() == "المشاركون في الاجتماع"
    assert not editor.photos_panel.list.item(0).icon().isNull()

    doc = tmp_path / "agenda.txt"
    doc.write_text("جدول الأعمال", encoding="utf-8")
    assert len(editor.add_files([doc])) == 1
    assert editor.files_panel.count() == 1
    copy = editor.save_attachment_copy(ids[0], tmp_path / "copy.png")
    assert copy.read_bytes() == photo.read_bytes()

    not_a_photo = tmp_path / "x.png"
    not_a_photo.write_bytes(b"not an image")
    assert editor.add_photos([not_a_photo], [None]) == []
    assert editor.error_bar.label.text() == _("{name} is not a PNG or JPEG photo").format(
        name="\u2068x.png\u2069")  # the file's name direction-isolated

    assert editor.remove_attachment(ids[0], confirm=False)
    with db.session() as s:
        kinds = s.scalars(select(Attachment.kind).where(Attachment.meeting_id == editor.meeting_id)).all()
    assert [k.value for k in kinds] == ["attachment"]


# --- PDF ---------------------------------------------------------------------------------


def test_export_preview_and_print(qtbot, demo_db, open_editor, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = open_editor(demo_db, meeting_id)
    type_text(qtbot, editor.location_edit, " ")  # an unsaved change is saved before export
    path = editor.export_pdf(tmp_path / "minutes.pdf")
    assert path.read_bytes().startswith(b"%PDF") and not editor.dirty
    assert editor.suggested_filename().startswith("2021-07-28_")

    preview = editor.make_preview()
    try:
        assert preview.document.pageCount() >= 1
        image = preview.first_page_image(300)
        assert not image.isNull() and image.width() == 300
    finally:
        preview.reject()

    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert editor.print_minutes(printer=printer, ask=False)
    assert printed.read_bytes().startswith(b"%PDF")


# --- screenshots -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "en"])
def test_screenshot(qtbot, demo_db, open_editor, screenshot_dir, language, request):
    request.getfixturevalue("arabic_ui" if language == "ar" else "english_ui")
    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = open_editor(demo_db, meeting_id)
    editor.resize(1366, 768)
    qtbot.waitUntil(lambda: editor.scroll_area.widget().width() <= editor.scroll_area.viewport().width())
    assert editor.isRightToLeft() == (language == "ar")
    assert editor.date_edit.text() == "28/7/2021"  # as the documents write it
    # nothing wider than the window: the form scrolls vertically only
    assert editor.scroll_area.widget().width() <= editor.scroll_area.viewport().width()
    assert editor.scroll_area.horizontalScrollBar().maximum() == 0
    path = screenshot_dir / f"editor_{language}.png"
    assert editor.grab().save(str(path))
    assert path.stat().st_size > 10_000
    status = MinutesStatus.DRAFT
    assert editor.status == status


def test_many_qt_calls_do_not_exhaust_none():
    """PySide6 6.12 on Python 3.11 drops a reference to None on every void call; importing
    the editors applies the guard (see ogp_desktop/ui/compat.py)."""
    import sys

    from PySide6.QtWidgets import QLineEdit

    from ogp_desktop.ui import compat

    assert compat.guard_singleton_refcounts() == compat.affected()
    edit = QLineEdit()
    before = sys.getrefcount(None)
    for _call in range(30_000):
        edit.setReadOnly(False)
    assert sys.getrefcount(None) > 0
    if compat.affected():
        assert before > 1 << 39
