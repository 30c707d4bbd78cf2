"""Dates and times typed into the program's fields as a person types them: after Tab from
the field before, after a click in the middle or at the end of the text, after Ctrl+A; in
Western and Arabic-Indic digits and with the seeds' separators; in the Arabic and the
English UI. What is typed is what the database holds after Ctrl+S, and what is not a date
is refused at the field, never saved as another date."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from typing_helpers import click_at, end_of_text, middle_of, tab_into, type_into_focus

from ogp_desktop.core.services import meetings
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp")

FORMS = ["25/11/2026", "٢٥/١١/٢٠٢٦", "25\\11\\2026", "25-11-2026"]
NOT_DATES = ["31/2/2026", "99/99/2026", "abc", "25/11/26", "1/1/1899", "1/1/2101", "25//2026"]


@pytest.fixture(params=["ar", "en"])
def ui_language(request):
    request.getfixturevalue("arabic_ui" if request.param == "ar" else "english_ui")
    return request.param


@pytest.fixture
def open_editor(editor_windows, no_message_box, ui_language):
    """The minutes editor as a window of its own, active; no message box may appear."""
    return editor_windows


def saved_row(db, editor):
    with db.session() as s:
        return meetings.minutes_data(meetings.load_meeting(s, editor.meeting_id))


def ctrl_s(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def enter_field(qtbot, editor, field, before, how: str) -> None:
    """Reach `field` the way named: Tab from `before`, a click in its middle or at the end
    of its text, or a click that places the cursor and then Ctrl+A."""
    if how == "tab":
        tab_into(qtbot, before, field)
        return
    editor.title_edit.setFocus()  # the field is not focused before the click
    qtbot.waitUntil(editor.title_edit.hasFocus)
    if how == "middle":
        click_at(qtbot, field, middle_of(field))
    elif how == "end":
        click_at(qtbot, field, end_of_text(field))
    else:  # "ctrl+a": a first click, a second one that places the cursor, then Ctrl+A
        click_at(qtbot, field, middle_of(field))
        click_at(qtbot, field, middle_of(field))
        assert not field.hasSelectedText()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.parametrize("how", ["tab", "middle", "end", "ctrl+a"])
def test_the_meeting_date_takes_what_is_typed(qtbot, db, open_editor, how):
    editor = open_editor(db)
    editor.title_edit.setText("اجتماع")
    today = dt.date.today()
    for text in FORMS:
        editor.date_edit.set_value(today)
        ctrl_s(qtbot)
        assert editor.meeting_id is not None, editor.error_bar.label.text()
        assert saved_row(db, editor).date == today
        enter_field(qtbot, editor, editor.date_edit, editor.sequence_spin, how)
        type_into_focus(qtbot, text)
        assert editor.date_edit.value() == dt.date(2026, 11, 25), (text, editor.date_edit.text())
        ctrl_s(qtbot)
        assert not editor.error_bar.isVisible(), editor.error_bar.label.text()
        assert saved_row(db, editor).date == dt.date(2026, 11, 25), text
        # shown the program's way once the field is left
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert editor.date_edit.text() == "25/11/2026"


@pytest.mark.parametrize("how", ["tab", "middle", "end", "ctrl+a"])
def test_start_and_end_times_take_what_is_typed(qtbot, db, open_editor, how):
    editor = open_editor(db)
    editor.title_edit.setText("اجتماع")
    for start, end in [("10:30", "١٢:٤٥"), ("١٠:٣٠", "12:45")]:
        editor.start_edit.set_value(dt.time(9, 0))
        editor.end_edit.set_value(dt.time(9, 15))
        enter_field(qtbot, editor, editor.start_edit, editor.date_edit, how)
        type_into_focus(qtbot, start)
        enter_field(qtbot, editor, editor.end_edit, editor.start_edit, how)
        type_into_focus(qtbot, end)
        ctrl_s(qtbot)
        assert editor.meeting_id is not None, editor.error_bar.label.text()
        row = saved_row(db, editor)
        assert (row.start, row.end) == (dt.time(10, 30), dt.time(12, 45)), (start, end)


def test_due_dates_and_the_next_meeting_take_what_is_typed(qtbot, db, open_editor):
    editor = open_editor(db)
    editor.title_edit.setText("اجتماع")
    editor.date_edit.set_value(dt.date(2026, 11, 1))
    qtbot.mouseClick(editor.add_action_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_action_button, Qt.MouseButton.LeftButton)
    first, second = editor.action_items.rows()
    for row, text, due in [(first, "25\\11\\2026", "مهمة أولى"), (second, "٢٥-١١-٢٠٢٦", "مهمة ثانية")]:
        row.text.setPlainText(due)
        tab_into(qtbot, row.owner_edit, row.due)
        type_into_focus(qtbot, text)
    click_at(qtbot, editor.next_meeting_edit, middle_of(editor.next_meeting_edit))
    type_into_focus(qtbot, "٢٥/١١/٢٠٢٦")
    ctrl_s(qtbot)
    assert editor.meeting_id is not None, editor.error_bar.label.text()
    row = saved_row(db, editor)
    assert [a.due for a in row.action_items] == [dt.date(2026, 11, 25)] * 2
    assert row.next_meeting == dt.date(2026, 11, 25)


@pytest.mark.parametrize("text", NOT_DATES)
def test_what_is_not_a_date_is_refused_at_the_field(qtbot, db, open_editor, ui_language, text):
    editor = open_editor(db)
    editor.title_edit.setText("اجتماع")
    editor.date_edit.set_value(dt.date(2026, 5, 3))
    ctrl_s(qtbot)
    meeting_id = editor.meeting_id
    assert meeting_id is not None
    tab_into(qtbot, editor.sequence_spin, editor.date_edit)
    type_into_focus(qtbot, text)
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Tab)  # leaving it: the reason is shown there
    assert editor.date_edit.text() == text  # kept as typed, to be corrected
    assert editor.date_edit.property("invalid") == "true"
    reason = editor.date_edit.shown_problem()
    assert reason and editor.date_edit.toolTip() == reason
    if ui_language == "ar":
        assert any("\u0600" <= ch <= "\u06ff" for ch in reason), reason  # in Arabic
    ctrl_s(qtbot)
    assert editor.error_bar.isVisible()
    assert editor.error_bar.label.text().startswith(_("Date") + ": ")
    assert editor.date_edit.hasFocus() and editor.dirty
    assert saved_row(db, editor).date == dt.date(2026, 5, 3)  # nothing else was saved
    # corrected, it saves, and the mark goes as soon as it is typed
    editor.date_edit.selectAll()
    type_into_focus(qtbot, "25/11/2026")
    assert editor.date_edit.property("invalid") == "false"
    assert editor.date_edit.shown_problem() is None
    ctrl_s(qtbot)
    assert saved_row(db, editor).date == dt.date(2026, 11, 25)


def test_a_time_that_is_not_one_is_refused(qtbot, db, open_editor):
    editor = open_editor(db)
    editor.title_edit.setText("اجتماع")
    tab_into(qtbot, editor.date_edit, editor.start_edit)
    type_into_focus(qtbot, "25:70")
    ctrl_s(qtbot)
    assert editor.meeting_id is None
    assert editor.start_edit.property("invalid") == "true" and editor.start_edit.hasFocus()
    assert editor.error_bar.label.text().startswith(_("Start time") + ": ")


def test_an_empty_optional_date_stays_empty_and_a_required_one_is_refused(qtbot, db, open_editor):
    editor = open_editor(db)
    editor.title_edit.setText("اجتماع")
    editor.next_meeting_edit.set_value(dt.date(2026, 12, 1))
    click_at(qtbot, editor.next_meeting_edit, middle_of(editor.next_meeting_edit))
    qtbot.keyClick(editor.next_meeting_edit, Qt.Key.Key_Delete)  # all selected by the click
    assert editor.next_meeting_edit.value() is None
    tab_into(qtbot, editor.sequence_spin, editor.date_edit)
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Backspace)
    ctrl_s(qtbot)
    assert editor.meeting_id is None
    assert editor.date_edit.property("invalid") == "true"
    type_into_focus(qtbot, "1/12/2026")
    ctrl_s(qtbot)
    assert editor.meeting_id is not None
    row = saved_row(db, editor)
    assert (row.date, row.next_meeting) == (dt.date(2026, 12, 1), None)


def test_the_calendar_button_picks_a_day(qtbot, db, open_editor):
    editor = open_editor(db)
    field = editor.next_meeting_edit
    field.set_value(dt.date(2026, 11, 3))
    buttons = [w for w in field.children() if w.metaObject().className() == "QLineEditIconButton"
               and w.isVisible()]
    assert buttons, "no calendar button"
    qtbot.mouseClick(buttons[-1], Qt.MouseButton.LeftButton)
    popup = field.calendar_popup()
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
    calendar = popup.calendar
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 11)
    qtbot.waitUntil(lambda: calendar.isAncestorOf(QApplication.focusWidget()))
    view = QApplication.focusWidget()  # the month grid
    qtbot.keyClick(view, Qt.Key.Key_Right if not calendar.isRightToLeft() else Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert field.date() == QDate(2026, 11, 4)


# --- the other forms with dates: step editor, key dates, milestones, members, filters -------


def active(qtbot, window):
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def step_of_plan_5(db, number: int):
    from sqlalchemy import select

    from ogp_desktop.core.models import Phase, Plan, Step

    with db.session() as s:
        step = s.scalar(select(Step).join(Phase).join(Plan)
                        .where(Plan.ordinal == 5, Step.number == number))
        s.expunge_all()
        return step


PLAN_5_FORMS = ["25/11/2021", "٢٥/١١/٢٠٢١", "25\\11\\2021", "25-11-2021"]


@pytest.mark.parametrize("text", PLAN_5_FORMS)
def test_the_step_editor_takes_typed_dates(qtbot, ui_language, demo_db, text):
    from ogp_desktop.ui.editors.step_editor import StepEditor

    editor = active(qtbot, StepEditor(demo_db, step_of_plan_5(demo_db, 12).id))
    tab_into(qtbot, editor.details, editor.start)
    type_into_focus(qtbot, text)
    click_at(qtbot, editor.end, end_of_text(editor.end))
    type_into_focus(qtbot, "٢/١٢/٢٠٢١")
    # a key date: the button opens its label, Tab goes on to its date
    qtbot.mouseClick(editor.add_key_date_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.key_dates.isPersistentEditorOpen(editor.key_dates.currentIndex())
                    or QApplication.focusWidget() is not None
                    and editor.key_dates.isAncestorOf(QApplication.focusWidget()))
    type_into_focus(qtbot, "نشر الطلب")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget().metaObject().className() == "DateEdit")
    type_into_focus(qtbot, text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    step = step_of_plan_5(demo_db, 12)
    assert (step.start_date, step.end_date) == (dt.date(2021, 11, 25), dt.date(2021, 12, 2))
    from sqlalchemy import select

    from ogp_desktop.core.models import KeyDate

    with demo_db.session() as s:
        assert s.scalar(select(KeyDate.date).where(KeyDate.step_id == step.id,
                                                   KeyDate.label == "نشر الطلب")) \
            == dt.date(2021, 11, 25)


def test_the_step_editor_refuses_what_is_not_a_date(qtbot, ui_language, demo_db, dbtools,
                                                    screenshot_dir):
    from ogp_desktop.ui.editors.step_editor import StepEditor

    editor = active(qtbot, StepEditor(demo_db, step_of_plan_5(demo_db, 12).id))
    before = dbtools.dump(demo_db.path)
    click_at(qtbot, editor.end, middle_of(editor.end))
    type_into_focus(qtbot, "31/2/2022")
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    label = editor.errors.label_for("end")
    assert label.isVisibleTo(editor) and label.text() == _("That month has no such day")
    assert editor.end.text() == "31/2/2022" and editor.end.property("invalid") == "true"
    assert editor.grab().save(str(screenshot_dir / f"date_step_editor_invalid_{ui_language}.png"))
    # a key date typed wrong stays in its cell as typed, and is refused too
    editor.end.set_value(dt.date(2021, 12, 2))
    row = editor.key_dates.add_key_date("موعد")
    editor.key_dates.setCurrentCell(row, 1)
    editor.key_dates.editItem(editor.key_dates.item(row, 1))
    qtbot.waitUntil(lambda: QApplication.focusWidget().metaObject().className() == "DateEdit")
    type_into_focus(qtbot, "99/99/2021")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.key_dates.item(row, 1).data(Qt.ItemDataRole.EditRole) == "99/99/2021")
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors.label_for("key_dates").text() == _("There is no such month: months are 1 to 12")
    assert dbtools.dump(demo_db.path) == before


def test_a_milestone_date_is_typed_in_its_cell(qtbot, ui_language, demo_db, dbtools):
    from sqlalchemy import select

    from ogp_desktop.core.models import Commitment
    from ogp_desktop.ui.views.plans import PlansView

    view = active(qtbot, PlansView(demo_db))
    view.resize(1150, 720)
    view.ensure_fresh()
    fifth = view.plans_model.find(lambda r: r.ordinal == 5)
    view.plans_table.selectRow(fifth) if not view.isRightToLeft() else None
    rect = view.plans_table.visualRect(view.plans_table.model().index(fifth, 0))
    qtbot.mouseClick(view.plans_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(view.new_commitment_button, Qt.MouseButton.LeftButton)
    view.commitment_title.setText("التزام بتاريخ مكتوب")
    before = dbtools.dump(demo_db.path)
    qtbot.mouseClick(view.add_milestone_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), type(view.commitment_title)))
    type_into_focus(qtbot, "مرحلة")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # on to its start
    qtbot.waitUntil(lambda: QApplication.focusWidget().metaObject().className() == "DateEdit")
    type_into_focus(qtbot, "31/2/2022")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.mouseClick(view.save_commitment_button, Qt.MouseButton.LeftButton)
    assert view.commitment_errors.label_for("milestone start").text() == _("That month has no such day")
    assert dbtools.dump(demo_db.path) == before
    view.milestones.setCurrentCell(0, 1)
    view.milestones.editItem(view.milestones.item(0, 1))
    qtbot.waitUntil(lambda: QApplication.focusWidget().metaObject().className() == "DateEdit")
    assert QApplication.focusWidget().text() == "31/2/2022"  # what was typed, to correct
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, "٢٥-١١-٢٠٢٢")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.mouseClick(view.save_commitment_button, Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        c = s.scalars(select(Commitment).where(Commitment.title == "التزام بتاريخ مكتوب")).one()
        assert [(m.title, m.start_date) for m in c.milestones] == [("مرحلة", dt.date(2022, 11, 25))]


def test_member_dates_are_typed(qtbot, ui_language, demo_db):
    from sqlalchemy import select

    from ogp_desktop.core.models import CommitteeMember
    from ogp_desktop.core.services import committees, directory
    from ogp_desktop.ui.views.committees import CommitteesView

    view = active(qtbot, CommitteesView(demo_db))
    view.resize(1150, 720)
    view.ensure_fresh()
    row = view.model.find(lambda r: r.name == "مجموعة العمل الوطنية للخطة الوطنية الخامسة")
    rect = view.table.visualRect(view.table.model().index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    committee_id = view.committee_id
    with demo_db.session() as s:
        members = {m.person_id for m in committees.get_committee(s, committee_id).members}
        person = next(p for p in directory.list_people_rows(s) if p.id not in members)
    view.person.setText(person.name)
    click_at(qtbot, view.from_date, middle_of(view.from_date))
    type_into_focus(qtbot, "٢٥\\١١\\٢٠٢٢")
    click_at(qtbot, view.to_date, middle_of(view.to_date))
    type_into_focus(qtbot, "abc")
    qtbot.mouseClick(view.add_member_button, Qt.MouseButton.LeftButton)
    assert view.member_errors.label_for("to").text() == _("Not a date: type day/month/year, e.g. 25/11/2026")
    with demo_db.session() as s:
        assert s.scalar(select(CommitteeMember.id).where(
            CommitteeMember.committee_id == committee_id,
            CommitteeMember.person_id == person.id)) is None
    assert view.to_date.hasFocus() and view.to_date.selectedText() == "abc"  # to be retyped
    qtbot.keyClick(view.to_date, Qt.Key.Key_Delete)  # emptied: no end date
    qtbot.mouseClick(view.add_member_button, Qt.MouseButton.LeftButton)
    with demo_db.session() as s:
        m = s.scalars(select(CommitteeMember).where(
            CommitteeMember.committee_id == committee_id,
            CommitteeMember.person_id == person.id)).one()
        assert (m.from_date, m.to_date) == (dt.date(2022, 11, 25), None)


def test_meeting_filters_take_typed_dates(qtbot, ui_language, demo_db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = active(qtbot, MeetingsView(demo_db))
    view.resize(1150, 720)
    view.ensure_fresh()
    shown = lambda: [view.model.data(view.model.index(r, 0)) for r in range(view.model.rowCount())]  # noqa: E731
    everything = shown()
    click_at(qtbot, view.since, middle_of(view.since))
    type_into_focus(qtbot, "١/١/٢٠٢١")
    qtbot.waitUntil(lambda: shown() != everything)
    since_2021 = shown()
    assert since_2021 and all(int(d.rsplit("/", 1)[1]) >= 2021 for d in since_2021)
    click_at(qtbot, view.until, middle_of(view.until))
    type_into_focus(qtbot, "99/99/2021")
    qtbot.keyClick(view.until, Qt.Key.Key_Return)
    assert view.until.property("invalid") == "true"
    qtbot.waitUntil(lambda: not view._debounce.isActive())
    assert shown() == since_2021  # not a date: the list is not filtered by another one
    qtbot.keyClick(view.until, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, "30-6-2021")
    qtbot.waitUntil(lambda: shown() == ["14/6/2021", "9/2/2021"])


def test_screenshots_of_the_date_fields(qtbot, db, open_editor, ui_language, screenshot_dir):
    """The meeting's date and times valid, then a date that is not one (tinted, with the
    warning at the field and the reason in the error strip), then the calendar open."""
    editor = open_editor(db)
    editor.resize(1366, 768)
    editor.title_edit.setText("اجتماع لجنة المتابعة")
    tab_into(qtbot, editor.sequence_spin, editor.date_edit)
    type_into_focus(qtbot, "٢٥/١١/٢٠٢٦")
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "10:30")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    type_into_focus(qtbot, "١٢:٤٥")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert (editor.date_edit.text(), editor.start_edit.text(), editor.end_edit.text()) == (
        "25/11/2026", "10:30", "12:45")

    def shot(name: str) -> None:
        area = editor.date_edit.parentWidget()
        path = screenshot_dir / f"date_field_{name}_{ui_language}.png"
        assert area.grab().save(str(path))
        assert editor.grab().save(str(screenshot_dir / f"date_editor_{name}_{ui_language}.png"))

    shot("valid")
    tab_into(qtbot, editor.sequence_spin, editor.date_edit)
    type_into_focus(qtbot, "31/2/2026")
    ctrl_s(qtbot)
    assert editor.error_bar.isVisible() and editor.date_edit.property("invalid") == "true"
    shot("invalid")
    editor.date_edit.selectAll()
    type_into_focus(qtbot, "25/11/2026")
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = editor.date_edit.calendar_popup()
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
    assert popup.grab().save(str(screenshot_dir / f"date_calendar_{ui_language}.png"))
