"""The main window's sections on the office's server offer only what the login's role may
do (#12 item 2), as the minutes editor does (test_roles_in_editor.py): a viewer reads the
plans, committees, people and the calendar with no add, save or delete (fields read-only,
one line says why; Enter, Ctrl+N and the step editor change nothing either), an editor is
offered them and saves; only an admin changes the settings. A real PostgreSQL server
(tests/pg_server.py), whose own refusals are tested in tests/core/test_server.py."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from typing_helpers import click_row, show_section, type_into_focus

from ogp_desktop.core.models import Plan, Step
from ogp_desktop.core.services import settings as settings_svc

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")

READS_ONLY = "يتيح لك أن تقرأ هذه السجلات لا أن تغيّرها"


def _offered(*widgets) -> list[bool]:
    return [not w.isHidden() for w in widgets]


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_plans_offer_adding_saving_and_deleting_only_to_who_writes(qtbot, as_login, role,
                                                                  screenshot_dir):
    from ogp_desktop.ui.views.plans import PlansView

    db = as_login(role)
    view = show_section(qtbot, PlansView(db))
    qtbot.waitUntil(lambda: view.plans_model.rowCount() > 0)
    click_row(qtbot, view.plans_table, view.plans_model.find(lambda r: r.ordinal == 5))
    writes = role == "editor"
    buttons = (view.new_plan_button, view.save_plan_button, view.delete_plan_button,
               view.new_commitment_button, view.save_commitment_button,
               view.delete_commitment_button, view.add_milestone_button)
    assert _offered(*buttons) == [writes] * len(buttons)
    assert view.plan_title.isReadOnly() is not writes
    assert view.commitment_title.isReadOnly() is not writes
    assert view.role_line.isVisible() is not writes
    if not writes:
        assert READS_ONLY in view.role_line.text() and "viewer" in view.role_line.text()
        view.grab().save(str(screenshot_dir / "i12_plans_as_viewer_ar.png"))
        return
    plan_id, title = view.plan_id, view.plan_title.text()
    qtbot.mouseClick(view.plan_title, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.plan_title)
    qtbot.keyClick(view.plan_title, Qt.Key.Key_End)
    type_into_focus(qtbot, " (محدّثة)")
    qtbot.mouseClick(view.save_plan_button, Qt.MouseButton.LeftButton)
    with db.session(write=False) as s:
        assert s.get(Plan, plan_id).title == title + " (محدّثة)"


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_action_items_offer_marking_done_only_to_who_writes(qtbot, as_login, role):
    from ogp_desktop.ui.views.actions import ActionItemsView

    view = show_section(qtbot, ActionItemsView(as_login(role)))
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    click_row(qtbot, view.table, 0)
    writes = role == "editor"
    assert _offered(view.done_button) == [writes]
    assert not view.open_button.isHidden()  # reading the minutes is for everyone
    assert view.role_line.isVisible() is not writes
    if not writes:
        before = view.model.rowCount()
        view.mark_done()  # what a shortcut would call: nothing is written
        assert view.model.rowCount() == before


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_committees_offer_changes_only_to_who_writes(qtbot, as_login, role):
    from ogp_desktop.ui.views.committees import CommitteesView

    view = show_section(qtbot, CommitteesView(as_login(role)))
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    click_row(qtbot, view.table, 0)
    writes = role == "editor"
    buttons = (view.new_button, view.save_button, view.delete_button,
               view.remove_member_button, view.add_member_box)
    assert _offered(*buttons) == [writes] * len(buttons)
    assert view.name.isReadOnly() is not writes and view.kind.isEnabled() is writes
    assert view.role_line.isVisible() is not writes


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_people_offer_changes_only_to_who_writes_and_enter_saves_nothing_for_a_viewer(
        qtbot, as_login, dbtools, no_message_box, role):
    from ogp_desktop.ui.views.people import PeopleView

    db = as_login(role)
    view = show_section(qtbot, PeopleView(db))
    qtbot.waitUntil(lambda: view.people.model.rowCount() > 0)
    click_row(qtbot, view.people.table, 0)
    writes = role == "editor"
    buttons = (view.new_person_button, view.save_person_button, view.delete_person_button,
               view.new_organisation_button, view.save_organisation_button,
               view.delete_organisation_button)
    assert _offered(*buttons) == [writes] * len(buttons)
    assert view.person_name.isReadOnly() is not writes
    assert view.sector.isEnabled() is writes
    if writes:
        return
    before = dbtools.dump(db)
    qtbot.mouseClick(view.person_name, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.person_name)
    type_into_focus(qtbot, "x")  # read-only: nothing is typed
    qtbot.keyClick(view.person_name, Qt.Key.Key_Return)  # and Enter saves nothing
    assert view.person_message.text() == "" and not view.person_message.isVisible()
    assert dbtools.dump(db) == before


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_the_calendar_offers_editing_steps_only_to_who_writes(qtbot, as_login, role,
                                                             screenshot_dir):
    from ogp_desktop.ui.views.calendar.view import CalendarView

    db = as_login(role)
    view = show_section(qtbot, CalendarView(db))
    view.show_tab("phases")
    fifth = [pid for pid, ordinal, _t, _p in view.plans if ordinal == 5][0]
    view.plan_filter.setCurrentIndex(view.plan_filter.findData(fifth))
    page = view.phases
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() > 0)
    writes = role == "editor"
    buttons = (page.new_phase_button, page.new_step_button, page.up_button, page.down_button,
               page.move_button, page.renumber_button, page.delete_button)
    assert _offered(*buttons) == [writes] * len(buttons)
    assert not page.edit_button.isHidden()  # opening is reading
    assert (page.edit_button.text() == "فتح…") is not writes
    assert view.role_line.isVisible() is not writes
    if not writes:
        view.grab().save(str(screenshot_dir / "i12_calendar_as_viewer_ar.png"))
    with db.session(write=False) as s:
        step_id = s.scalars(select(Step.id).order_by(Step.number)).first()
    editor = view.open_step(step_id)
    qtbot.waitExposed(editor)
    assert editor.save_button.isHidden() is not writes
    assert editor.title_edit.isReadOnly() is not writes
    assert editor.role_line.isVisible() is not writes
    if not writes:
        editor.grab().save(str(screenshot_dir / "i12_step_as_viewer_ar.png"))
        assert view.new_step(page.phases[0].id) is None and view.new_phase() is None
    editor.reject()


@pytest.mark.parametrize("role", ["viewer", "editor", "approver", "admin"])
def test_only_an_admin_is_offered_changing_the_settings(qtbot, as_login, role, screenshot_dir):
    from ogp_desktop.ui.views.settings import SettingsView

    db = as_login(role)
    view = show_section(qtbot, SettingsView(db))
    qtbot.waitUntil(lambda: view.ministry.text() != "")
    changes = role == "admin"
    buttons = (view.save_letterhead_button, view.choose_logo_button, view.save_signatories_button,
               view.add_signatory_button, view.trust_button, view.create_authority_button,
               view.issue_key_button, view.save_seal_button, view.save_timestamp_button)
    assert _offered(*buttons) == [changes] * len(buttons)
    assert view.ministry.isReadOnly() is not changes
    assert view.timestamp_url.isReadOnly() is not changes
    assert view.settings_line.isVisible() is not changes
    assert not view.backup_button.isHidden() and not view.check_button.isHidden()
    if not changes:
        assert view.settings_line.text() == (
            f"حسابك ({role}) لا يتيح لك تغيير الإعدادات؛ يستطيع ذلك صاحب دور admin (مدير) "
            "على خادم المكتب.")
        view.grab().save(str(screenshot_dir / f"i12_settings_as_{role}_ar.png"))
        assert view.save_timestamp_url() is False and view.save_letterhead() is False
        return
    qtbot.mouseClick(view.unit, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.unit)
    qtbot.keyClick(view.unit, Qt.Key.Key_End)
    type_into_focus(qtbot, " – عمّان")
    qtbot.mouseClick(view.save_letterhead_button, Qt.MouseButton.LeftButton)
    with db.session(write=False) as s:
        assert settings_svc.get_letterhead(s).unit.endswith(" – عمّان")


def test_ctrl_n_writes_no_new_minutes_for_a_viewer(qtbot, as_login):
    from ogp_desktop.ui.main_window import MainWindow

    window = MainWindow(as_login("viewer"))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "viewer" in window.statusBar().currentMessage())
    assert window.open_editors() == []
