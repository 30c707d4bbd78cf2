"""Two people, one record, in the main window's forms (#12 item 3): the plan, person or
committee form (or the step editor) is open in one program while another program saves the
same record; Save here then never overwrites: it says who saved and when, and offers to
reload what they saved or keep one's changes (the next Save replaces theirs, knowingly).
Two Database objects on one records file, as two programs are; driven through the real
widgets, Arabic, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select
from typing_helpers import click_row, show_section, type_into_focus, while_modal

from ogp_desktop.core.db import open_database
from ogp_desktop.core.models import Committee, Person, Plan, Step
from ogp_desktop.core.services import committees, directory, plans, steps
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")

THEIRS, MINE = " – نسخة الزميل", " – نسختي"


@pytest.fixture
def two_programs(demo_db_path):
    """(mine, theirs): the same records opened twice."""
    mine, theirs = open_database(demo_db_path), open_database(demo_db_path)
    yield mine, theirs
    mine.close()
    theirs.close()


def _type_at_end(qtbot, field, text: str) -> None:
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    qtbot.keyClick(field, Qt.Key.Key_End)
    type_into_focus(qtbot, text)


def _save_and_answer(qtbot, button, answer: str) -> str:
    """Click Save; the message that follows is read and answered with `answer`."""
    seen: list[str] = []

    def act(box: QMessageBox) -> None:
        seen.append(box.text())
        (chosen,) = [b for b in box.buttons() if b.text() == answer]
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    problems = while_modal(qtbot, QMessageBox, act)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen) or bool(problems))
    assert problems == [] and len(seen) == 1, problems
    return seen[0]


def _value(db, model, record_id: int, attr: str) -> str:
    with db.session(write=False) as s:
        return getattr(s.get(model, record_id), attr)


def test_a_plan_saved_meanwhile_is_not_overwritten_and_my_changes_may_replace_it(
        qtbot, two_programs, screenshot_dir):
    from ogp_desktop.ui.views.plans import PlansView

    mine, theirs = two_programs
    view = show_section(qtbot, PlansView(mine))
    click_row(qtbot, view.plans_table, view.plans_model.find(lambda r: r.ordinal == 5))
    plan_id = view.plan_id
    original = view.plan_title.text()
    with theirs.session() as s:  # the colleague's program saves the plan first
        p = plans.get_plan(s, plan_id)
        plans.update_plan(s, plan_id, ordinal=5, title=original + THEIRS, first_year=p.first_year,
                          last_year=p.last_year, status=p.status, description=p.description)
    _type_at_end(qtbot, view.plan_title, MINE)
    text = _save_and_answer(qtbot, view.save_plan_button, _("Keep my changes"))
    assert "بعد أن فتحتَ النموذج" in text and "هذه الخطة" in text and "UTC" in text
    assert _value(mine, Plan, plan_id, "title") == original + THEIRS  # nothing of mine written
    assert view.plan_title.text() == original + MINE  # my text is still in the form
    assert view.plan_message.isVisible() and "احفظ من جديد" in view.plan_message.text()
    view.grab().save(str(screenshot_dir / "i12_plan_conflict_kept_ar.png"))
    view.activateWindow()  # the message closed: back to the form, and Save again
    qtbot.mouseClick(view.save_plan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _value(mine, Plan, plan_id, "title") == original + MINE)


def test_reloading_a_person_shows_what_they_saved(qtbot, two_programs):
    from ogp_desktop.ui.views.people import PeopleView

    mine, theirs = two_programs
    view = show_section(qtbot, PeopleView(mine))
    click_row(qtbot, view.people.table, 0)
    person_id = view.person_id
    original = view.person_name.text()
    with theirs.session() as s:
        p = directory.get_person(s, person_id)
        directory.update_person(s, person_id, name=original + THEIRS, honorific=p.honorific,
                                position=p.position,
                                organisation_name=p.organisation.name if p.organisation else None,
                                email=p.email, phone=p.phone)
    _type_at_end(qtbot, view.person_name, MINE)
    text = _save_and_answer(qtbot, view.save_person_button, _("Reload what they saved"))
    assert "بيانات هذا الشخص" in text
    qtbot.waitUntil(lambda: view.person_name.text() == original + THEIRS)
    assert _value(mine, Person, person_id, "name") == original + THEIRS


def test_reloading_a_committee_shows_what_they_saved(qtbot, two_programs):
    from ogp_desktop.ui.views.committees import CommitteesView

    mine, theirs = two_programs
    view = show_section(qtbot, CommitteesView(mine))
    click_row(qtbot, view.table, 0)
    committee_id = view.committee_id
    original = view.name.text()
    with theirs.session() as s:
        c = committees.get_committee(s, committee_id)
        committees.update_committee(s, committee_id, name=original + THEIRS, kind=c.kind,
                                    plan=c.plan, commitment=c.commitment)
    _type_at_end(qtbot, view.name, MINE)
    _save_and_answer(qtbot, view.save_button, _("Reload what they saved"))
    qtbot.waitUntil(lambda: view.name.text() == original + THEIRS)
    assert _value(mine, Committee, committee_id, "name") == original + THEIRS


def test_the_step_editor_reloads_what_they_saved(qtbot, two_programs, screenshot_dir):
    from ogp_desktop.ui.editors.step_editor import StepEditor

    mine, theirs = two_programs
    with mine.session(write=False) as s:
        step_id = s.scalars(select(Step.id).order_by(Step.number)).first()
    editor = StepEditor(mine, step_id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    original = editor.title_edit.toPlainText()
    with theirs.session() as s:
        steps.update_step(s, step_id, title=original + THEIRS)
    editor.activateWindow()
    qtbot.mouseClick(editor.title_edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.title_edit)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, MINE)
    assert editor.title_edit.toPlainText() == original + MINE

    def keep_a_picture(box: QMessageBox) -> None:
        box.grab().save(str(screenshot_dir / "i12_step_conflict_ar.png"))
        (chosen,) = [b for b in box.buttons() if b.text() == _("Reload what they saved")]
        qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)

    problems = while_modal(qtbot, QMessageBox, keep_a_picture)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.title_edit.toPlainText() == original + THEIRS)
    assert problems == []
    assert editor.isVisible()  # not closed: nothing was saved
    assert _value(mine, Step, step_id, "title") == original + THEIRS
