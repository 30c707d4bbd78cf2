"""The step and phase editors and the "phases and steps" tab of the calendar section, on
a copy of the demo records: a saved change is in the database; what the services refuse
(the end before the start, a key date outside the plan's years, a step number used twice)
is shown at the field it names and nothing is written; steps moved between phases,
reordered, and renumbered on the offer that follows a move."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from ogp_desktop.core.models import KeyDate, Organisation, Phase, Plan, Step
from ogp_desktop.ui import common, errors
from ogp_desktop.ui.editors.step_editor import PhaseEditor, StepEditor

TODAY = dt.date(2021, 7, 21)


# --- helpers -------------------------------------------------------------------------------


def step_row(db, number: int) -> Step:
    """The 5th plan's step with that number, read fresh (detached, attributes loaded)."""
    with db.session() as s:
        step = s.scalar(select(Step).join(Phase).join(Plan)
                        .where(Plan.ordinal == 5, Step.number == number))
        assert step is not None, number
        _ = step.key_dates, step.phase, step.responsible_organisation
        s.expunge_all()
        return step


def step_dump(db, step_id: int) -> tuple:
    with db.session() as s:
        st = s.get(Step, step_id)
        return (st.phase_id, st.number, st.title, st.details, st.start_date, st.end_date,
                st.done, st.responsible_organisation_id,
                [(k.label, k.date) for k in st.key_dates])


def plan_steps(db) -> list[tuple[int, int, int]]:
    """(phase number, step number, step id) of the 5th plan, in phase and number order."""
    with db.session() as s:
        return [tuple(r) for r in s.execute(
            select(Phase.number, Step.number, Step.id).join(Step.phase).join(Phase.plan)
            .where(Plan.ordinal == 5).order_by(Phase.number, Step.number))]


def open_step_editor(qtbot, db, number: int) -> StepEditor:
    editor = StepEditor(db, step_row(db, number).id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def error_at(editor, name: str) -> str:
    label = editor.errors.label_for(name)
    assert label is not None, name
    return label.text() if label.isVisibleTo(editor) else ""


@pytest.fixture
def calendar_view(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.calendar import CalendarView

    view = CalendarView(demo_db)
    qtbot.addWidget(view)
    view.resize(1150, 700)
    view.show()
    qtbot.waitExposed(view)
    view.ensure_fresh()
    view.set_today(TODAY)
    view.show_tab("phases")
    return view


# --- the step editor -----------------------------------------------------------------------


def test_the_editor_shows_the_step(qtbot, arabic_ui, demo_db):
    step = step_row(demo_db, 7)
    editor = open_step_editor(qtbot, demo_db, 7)
    assert editor.number.value() == 7
    assert editor.title_edit.toPlainText() == step.title
    assert editor.details.toPlainText() == step.details
    assert (editor.start.value(), editor.end.value()) == (dt.date(2021, 5, 10), dt.date(2021, 7, 15))
    assert editor.key_dates.key_dates() == [{"label": k.label, "date": k.date} for k in step.key_dates]
    assert len(step.key_dates) == 2
    assert editor.done_box.isChecked()
    assert editor.responsible.text() == step.responsible_organisation.name
    assert step.phase.title in editor.context.text()
    assert editor.windowTitle() == common._("Step {n}").format(n=7)


def test_change_the_title_and_save(qtbot, arabic_ui, demo_db):
    editor = open_step_editor(qtbot, demo_db, 9)
    before = step_dump(demo_db, editor.step_id)
    editor.title_edit.setPlainText("الاجتماع الأول لمجموعة العمل الوطنية (معدل)")
    editor.details.setPlainText("تم تنظيم الاجتماع الأول بشكل وجاهي.")
    with qtbot.waitSignal(editor.saved) as saved:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [editor.step_id]
    assert not editor.isVisible()  # saved and closed
    after = step_dump(demo_db, editor.step_id)
    assert after[2] == "الاجتماع الأول لمجموعة العمل الوطنية (معدل)"
    assert after[3] == "تم تنظيم الاجتماع الأول بشكل وجاهي."
    assert after[:2] == before[:2] and after[4:] == before[4:]  # nothing else changed


def test_end_before_start_is_shown_at_the_end_and_nothing_is_written(qtbot, arabic_ui, demo_db,
                                                                    dbtools):
    editor = open_step_editor(qtbot, demo_db, 12)
    before = dbtools.dump(demo_db.path)
    editor.title_edit.setPlainText("عنوان لا يُحفظ")
    editor.start.set_value(dt.date(2021, 9, 21))
    editor.end.set_value(dt.date(2021, 8, 17))
    with qtbot.assertNotEmitted(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()  # stays open, with the user's input
    message = error_at(editor, "end")
    assert "2021-08-17" in message and "2021-09-21" in message
    assert error_at(editor, "start") == "" and not editor.message.isVisibleTo(editor)
    focus = editor.focusWidget()  # where the keyboard is in the dialog
    assert focus is editor.end or editor.end.isAncestorOf(focus)
    assert dbtools.dump(demo_db.path) == before
    # corrected, it saves
    editor.end.set_value(dt.date(2021, 9, 24))
    assert editor.save()
    assert error_at(editor, "end") == ""
    assert step_dump(demo_db, editor.step_id)[4:6] == (dt.date(2021, 9, 21), dt.date(2021, 9, 24))


def test_a_key_date_outside_the_plans_years_is_shown_at_the_key_dates(qtbot, arabic_ui, demo_db,
                                                                     dbtools):
    editor = open_step_editor(qtbot, demo_db, 8)
    before = dbtools.dump(demo_db.path)
    row = editor.key_dates.add_key_date("موعد خارج السنوات", dt.date(2030, 1, 1))
    assert not editor.save()
    message = error_at(editor, "key_dates")
    assert "2030-01-01" in message and "2021" in message and "2025" in message
    assert editor.key_dates.currentRow() == row  # the row the error names is selected
    assert dbtools.dump(demo_db.path) == before
    # a row with a label and no date is refused at the key dates too
    editor.key_dates.set_key_dates([("نشر الطلب", None)])
    assert not editor.save() and error_at(editor, "key_dates")
    assert dbtools.dump(demo_db.path) == before


def test_a_step_number_used_twice_is_shown_at_the_number(qtbot, arabic_ui, demo_db, dbtools):
    editor = open_step_editor(qtbot, demo_db, 9)
    before = dbtools.dump(demo_db.path)
    editor.number.setValue(10)
    assert not editor.save()
    assert "10" in error_at(editor, "number")
    assert dbtools.dump(demo_db.path) == before


def test_key_dates_done_and_responsible_organisation(qtbot, arabic_ui, demo_db):
    editor = open_step_editor(qtbot, demo_db, 15)
    assert not editor.done_box.isChecked()
    editor.key_dates.set_key_dates([])
    editor.key_dates.add_key_date("بدء التطوير", dt.date(2021, 9, 21))
    editor.key_dates.add_key_date("", None)  # an empty row is ignored
    editor.key_dates.add_key_date("الموعد النهائي", dt.date(2021, 11, 28))
    editor.key_dates.select_row(0)
    qtbot.mouseClick(editor.remove_key_date_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_key_date_button, Qt.MouseButton.LeftButton)  # a new, empty row
    editor.done_box.setChecked(True)
    editor.responsible.set_text("وزارة التخطيط والتعاون الدولي")
    assert editor.save()
    dump = step_dump(demo_db, editor.step_id)
    assert dump[8] == [("الموعد النهائي", dt.date(2021, 11, 28))]
    assert dump[6] is True
    with demo_db.session() as s:
        org = s.get(Organisation, dump[7])
        assert org.name == "وزارة التخطيط والتعاون الدولي"
        assert s.scalar(select(KeyDate.id).where(KeyDate.label == "بدء التطوير")) is None
    # a name not in the directory is added to it
    editor.responsible.set_text("جمعية جديدة للشفافية")
    assert editor.save()
    with demo_db.session() as s:
        assert s.get(Organisation, step_dump(demo_db, editor.step_id)[7]).name == "جمعية جديدة للشفافية"
    editor.responsible.set_text("")  # and none
    assert editor.save() and step_dump(demo_db, editor.step_id)[7] is None


def test_a_new_step_in_a_phase(qtbot, arabic_ui, demo_db):
    phase_id = step_row(demo_db, 18).phase_id
    editor = StepEditor(demo_db, phase_id=phase_id)
    qtbot.addWidget(editor)
    assert editor.number.value() == 19 and editor.windowTitle() == common._("New step")
    editor.title_edit.setPlainText("إطلاق الخطة الوطنية الخامسة")
    editor.start.set_value(dt.date(2021, 12, 30))
    editor.key_dates.add_key_date("حفل الإطلاق", dt.date(2021, 12, 30))
    assert editor.save()
    dump = step_dump(demo_db, editor.step_id)
    assert dump[:3] == (phase_id, 19, "إطلاق الخطة الوطنية الخامسة")
    assert dump[8] == [("حفل الإطلاق", dt.date(2021, 12, 30))]
    # a new one with a bad end is refused at the end
    other = StepEditor(demo_db, phase_id=phase_id)
    qtbot.addWidget(other)
    other.title_edit.setPlainText("خطوة")
    other.start.set_value(dt.date(2021, 12, 30))
    other.end.set_value(dt.date(2021, 12, 1))
    assert not other.save() and error_at(other, "end")
    assert len(plan_steps(demo_db)) == 18


def test_the_phase_editor(qtbot, arabic_ui, demo_db, dbtools):
    phase_id = step_row(demo_db, 2).phase_id
    editor = PhaseEditor(demo_db, phase_id)
    qtbot.addWidget(editor)
    assert editor.number.value() == 1
    editor.title_edit.setText("إعداد منهجية الخطة الخامسة")
    assert editor.save()
    with demo_db.session() as s:
        assert s.get(Phase, phase_id).title == "إعداد منهجية الخطة الخامسة"
    before = dbtools.dump(demo_db.path)
    editor.number.setValue(2)
    assert not editor.save() and "2" in error_at(editor, "number")
    editor.number.setValue(1)
    editor.title_edit.setText("  ")
    assert not editor.save() and error_at(editor, "title")
    assert dbtools.dump(demo_db.path) == before


# --- phases and steps in the calendar section -------------------------------------------------


def test_the_phases_tab_lists_the_plans_phases_and_steps(calendar_view, demo_db):
    page = calendar_view.phases
    assert page.step_numbers() == plan_steps(demo_db)
    assert page.tree.topLevelItemCount() == 7
    assert [page.tree.topLevelItem(i).childCount() for i in range(7)] == [5, 1, 3, 3, 2, 2, 1]
    assert calendar_view.status_text() == common._("Phases: {phases}; steps: {steps}").format(
        phases=7, steps=17)


def test_move_a_step_to_another_phase_then_renumber(calendar_view, demo_db):
    page = calendar_view.phases
    nine = step_row(demo_db, 9)
    page.select("step", nine.id)
    page._fill_move_menu()
    action = next(a for a in page.move_menu.actions() if a.text().startswith(
        common._("Phase {n}: {title}").format(n=5, title="")))
    action.trigger()
    rows = plan_steps(demo_db)
    assert (5, 9, nine.id) in rows  # moved, with its number
    assert [n for _p, n, _i in rows] != list(range(2, 19))
    assert page.offer.isVisibleTo(page)  # renumbering is offered
    assert page.selected() == ("step", nine.id)
    qtbot_click(page.offer_button)
    rows = plan_steps(demo_db)
    assert [n for _p, n, _i in rows] == list(range(2, 19))  # consecutive in phase order
    # phase 5 was 14, 15: step 9 sorted first there, and now is 13th of the plan (14)
    assert [i for _p, _n, i in rows].index(nine.id) == 11 and (5, 13, nine.id) in rows
    assert not page.offer.isVisibleTo(page)
    assert page.step_numbers() == rows


def qtbot_click(button) -> None:
    assert button.isEnabled() and button.isVisible()
    button.click()


def test_move_up_and_down_in_a_phase(calendar_view, demo_db):
    page = calendar_view.phases
    fourteen, fifteen = step_row(demo_db, 14), step_row(demo_db, 15)
    page.select("step", fifteen.id)
    assert page.up_button.isEnabled() and not page.down_button.isEnabled()
    qtbot_click(page.up_button)
    with demo_db.session() as s:
        assert s.get(Step, fifteen.id).number == 14 and s.get(Step, fourteen.id).number == 15
    assert page.selected() == ("step", fifteen.id)
    assert not page.offer.isVisibleTo(page)  # numbers still follow the phases
    qtbot_click(page.down_button)
    with demo_db.session() as s:
        assert s.get(Step, fifteen.id).number == 15


def test_drop_a_step_between_steps_of_another_phase(calendar_view, demo_db):
    page = calendar_view.phases
    two, eight, nine, ten = (step_row(demo_db, n).id for n in (2, 8, 9, 10))
    phase3 = step_row(demo_db, 8).phase_id
    assert page.drop_step(two, phase3, 1)  # after step 8, before 9
    with demo_db.session() as s:
        order = [(x.id, x.number) for x in s.scalars(
            select(Step).where(Step.phase_id == phase3).order_by(Step.number))]
    # the phase's own numbers handed out in the new order; other phases untouched
    assert order == [(eight, 2), (two, 8), (nine, 9), (ten, 10)]
    assert page.offer.isVisibleTo(page)
    assert page.renumber()
    rows = plan_steps(demo_db)
    assert [n for _p, n, _i in rows] == list(range(2, 18 + 1))
    assert [i for _p, _n, i in rows if _p == 3] == [eight, two, nine, ten]


def test_editing_from_the_tree_and_the_calendar_follows(qtbot, calendar_view, demo_db):
    page = calendar_view.phases
    ten = step_row(demo_db, 10)
    page.select("step", ten.id)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    editor = calendar_view.last_editor
    assert isinstance(editor, StepEditor) and editor.step_id == ten.id
    editor.title_edit.setPlainText("الاجتماع الثاني لمجموعة العمل الوطنية")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert step_dump(demo_db, ten.id)[2] == "الاجتماع الثاني لمجموعة العمل الوطنية"
    assert page.item_for("step", ten.id).text(1) == "الاجتماع الثاني لمجموعة العمل الوطنية"
    calendar_view.show_month(2021, 7)
    titles = [i.title for i in calendar_view.month.grid.visible_items(dt.date(2021, 7, 26))]
    assert titles == ["الاجتماع الثاني لمجموعة العمل الوطنية"]
    # a phase opens in the phase editor
    page.select("phase", ten.phase_id)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert isinstance(calendar_view.last_editor, PhaseEditor)
    calendar_view.last_editor.reject()


def test_delete_a_step_and_an_empty_phase(calendar_view, demo_db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    shown: list = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc, title=None: shown.append(exc))
    page = calendar_view.phases
    eighteen = step_row(demo_db, 18)
    page.select("phase", eighteen.phase_id)
    assert not page.delete_selected()  # a phase with steps is refused
    assert shown and shown[0].field == "steps"
    page.select("step", eighteen.id)
    assert page.delete_selected()
    assert len(plan_steps(demo_db)) == 16
    page.select("phase", eighteen.phase_id)
    assert page.delete_selected()
    with demo_db.session() as s:
        assert s.get(Phase, eighteen.phase_id) is None
    assert page.tree.topLevelItemCount() == 6


def test_where_a_dragged_step_lands(calendar_view, demo_db):
    page = calendar_view.phases
    tree = page.tree
    where = type(tree.dropIndicatorPosition())
    two, eight, nine = (page.item_for("step", step_row(demo_db, n).id) for n in (2, 8, 9))
    phase3 = page.item_for("phase", step_row(demo_db, 8).phase_id)
    phase4 = page.item_for("phase", step_row(demo_db, 11).phase_id)
    sid = step_row(demo_db, 2).id
    p3 = step_row(demo_db, 8).phase_id
    assert tree.drop_target(two, nine, where.AboveItem) == (sid, p3, 1)
    assert tree.drop_target(two, nine, where.BelowItem) == (sid, p3, 2)
    assert tree.drop_target(two, phase3, where.OnItem) == (sid, p3, 3)
    assert tree.drop_target(two, phase3, where.BelowItem) == (sid, p3, 0)
    assert tree.drop_target(two, phase4, where.AboveItem) == (sid, p3, 3)
    assert tree.drop_target(phase3, nine, where.AboveItem) is None  # phases are not dragged
    # within its own phase: step 8 dropped below step 9 goes to index 1
    assert tree.drop_target(eight, nine, where.BelowItem) == (step_row(demo_db, 8).id, p3, 1)
