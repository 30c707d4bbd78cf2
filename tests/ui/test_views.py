"""The main window's sections, driven through their real widgets (offscreen), with the
outcome checked in the database: the meetings table model (against list_meetings, lazy
pages, filters), deleting drafts, action items, the plans / committees / people forms
with inline validation, settings, and batch export and the records check on the task
runner (including cancel)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QTableView
from sqlalchemy import func, select

from ogp_desktop.core import exchange
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Commitment,
    CommitteeMember,
    Meeting,
    MinutesStatus,
    OgpValue,
    Plan,
)
from ogp_desktop.core.services import action_items, committees, directory, settings
from ogp_desktop.core.services.meetings import list_meetings
from ogp_desktop.export import minutes as exports
from ogp_desktop.ui import common, tasks
from ogp_desktop.ui.models.labels import label
from ogp_desktop.ui.models.meetings import MeetingsModel

COMMITTEES = ("لجنة المتابعة", "مجموعة العمل الوطنية", "لجنة الالتزام الثالث")


# --- helpers -------------------------------------------------------------------------------


def click_row(qtbot, table: QTableView, row: int, *, double: bool = False) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    if double:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.text() if hasattr(widget, 'text') else widget} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def keys(qtbot, widget, text: str) -> None:
    """Type `text` into a widget key by key. QTest.keyClicks only knows ASCII (it aborts
    on other characters), so Arabic letters are sent as the key events an Arabic keyboard
    layout produces: the letter's code point as the key, the letter as the text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, ord(ch), Qt.KeyboardModifier.NoModifier, ch))
    QApplication.processEvents()  # what the typing posted (completions) is delivered


def type_into(qtbot, widget, text: str) -> None:
    """Replace what a field holds by typing, as a user would (select all, then type)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    keys(qtbot, widget, text)


def column(model, col: int) -> list[str]:
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def answer_yes(monkeypatch) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1150, 720)
    widget.show()
    qtbot.waitExposed(widget)
    widget.ensure_fresh()
    return widget


@pytest.fixture
def many_meetings_db(db):
    """250 meetings over three committees, imported through the exchange format."""
    start = dt.date(2016, 1, 4)
    with db.session() as s:
        for i in range(250):
            exchange.import_minutes(s, {
                "format": "ogp-minutes/1",
                "title": f"الاجتماع رقم {i + 1}" + (" الطارئ" if i % 10 == 0 else ""),
                "date": (start + dt.timedelta(days=7 * i)).isoformat(),
                "committee": COMMITTEES[i % 3],
            })
    return db


# --- the meetings model --------------------------------------------------------------------


def test_meetings_model_shows_what_list_meetings_returns(arabic_ui, demo_db):
    model = MeetingsModel(demo_db)
    with demo_db.session() as s:
        expected = list_meetings(s)
    assert model.rowCount() == len(expected) == 4
    assert model.columnCount() == 6
    for row, m in enumerate(expected):
        values = [model.data(model.index(row, c)) for c in range(6)]
        assert values == [common.short_date(m.date), m.title, m.committee, m.plan,
                          label(m.status, MinutesStatus), str(m.version)]
        assert model.data(model.index(row, 0), Qt.ItemDataRole.UserRole).id == m.id
    assert model.data(model.index(0, 0)) == "28/7/2021"  # Western digits, as the documents
    assert model.headerData(0, Qt.Orientation.Horizontal) == common._("Date")
    assert model.data(model.index(9, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0  # a table: rows have no children
    assert not model.canFetchMore(QModelIndex())


def test_meetings_model_loads_100_rows_at_a_time(arabic_ui, many_meetings_db):
    model = MeetingsModel(many_meetings_db)
    with many_meetings_db.session() as s:
        expected = [r.id for r in list_meetings(s)]
    assert model.rowCount() == 100 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 200 and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 250 and not model.canFetchMore(QModelIndex())
    assert [r.id for r in model.rows] == expected


def test_scrolling_the_meetings_table_fetches_the_next_page(qtbot, arabic_ui, many_meetings_db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(many_meetings_db))
    assert view.model.rowCount() == 100
    assert "100" in view.status_text()
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > 100, timeout=3000)
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() == 250, timeout=3000)
    assert view.status_text() == common._("Meetings shown: {n}").format(n=250)


def test_filter_by_committee_and_by_status(qtbot, arabic_ui, many_meetings_db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(many_meetings_db))
    box = view.committee_filter
    index = box.findText(COMMITTEES[1])
    assert index > 0
    box.setCurrentIndex(index)  # as picking it from the list does
    with many_meetings_db.session() as s:
        expected = [r.id for r in list_meetings(s, committee_id=box.value())]
    view.model.fetch_all()
    assert [r.id for r in view.model.rows] == expected
    assert set(column(view.model, 2)) == {COMMITTEES[1]}

    with many_meetings_db.session() as s:  # sign nothing: drafts only, then none approved
        assert s.scalar(select(func.count(Meeting.id)).where(Meeting.status != "draft")) == 0
    view.status_filter.setCurrentIndex(view.status_filter.findData("approved"))
    assert view.model.rowCount() == 0
    view.status_filter.setCurrentIndex(view.status_filter.findData("draft"))
    view.model.fetch_all()
    assert [r.id for r in view.model.rows] == expected
    click(qtbot, view.clear_button)
    assert view.model.rowCount() == 100 and view.committee_filter.value() is None


def test_words_in_the_title_filter_after_typing_stops(qtbot, arabic_ui, many_meetings_db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(many_meetings_db))
    keys(qtbot, view.words, "الطارئ")
    assert view.model.rowCount() == 100  # not on every key press: after a pause
    qtbot.waitUntil(lambda: view.model.rowCount() == 25, timeout=3000)
    assert all("الطارئ" in t for t in column(view.model, 1))
    with many_meetings_db.session() as s:
        assert [r.id for r in view.model.rows] == [r.id for r in list_meetings(s, words="الطارئ")]


def test_date_range_filter(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(demo_db))
    view.since.set_value(dt.date(2021, 1, 1))
    view.until.set_value(dt.date(2021, 6, 30))
    view.apply_filters()
    assert column(view.model, 0) == ["14/6/2021", "9/2/2021"]


def test_delete_draft_removes_it_and_signed_minutes_can_not_be_deleted(
        qtbot, arabic_ui, demo_db, monkeypatch):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(demo_db))
    statuses = [r.status for r in view.model.rows]
    signed = statuses.index("signed")
    click_row(qtbot, view.table, signed)
    assert view.open_button.isEnabled() and not view.delete_button.isEnabled()
    view.delete_selected()  # the Delete key or a stray call: nothing happens
    assert view.model.rowCount() == 4

    draft = statuses.index("draft")
    draft_id = view.model.row(draft).id
    click_row(qtbot, view.table, draft)
    assert view.delete_button.isEnabled()
    asked = answer_yes(monkeypatch)
    click(qtbot, view.delete_button)
    assert len(asked) == 1
    with demo_db.session() as s:
        assert s.get(Meeting, draft_id) is None
        assert s.scalar(select(func.count(Meeting.id))) == 3
    assert draft_id not in [r.id for r in view.model.rows]


def test_open_and_duplicate_ask_for_the_editor(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(demo_db))
    first = view.model.row(0).id
    with qtbot.waitSignal(view.openRequested) as opened:
        click_row(qtbot, view.table, 0, double=True)
    assert opened.args == [first]
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [first]
    with qtbot.waitSignal(view.duplicateRequested) as duplicated:
        click(qtbot, view.duplicate_button)
    assert duplicated.args == [first]
    with qtbot.waitSignal(view.newRequested):
        click(qtbot, view.new_button)


# --- batch export and the task runner --------------------------------------------------------


def test_batch_export_of_all_shown_meetings_writes_one_pdf_each(qtbot, arabic_ui, demo_db, tmp_path):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(demo_db))
    folder = tmp_path / "pdf"
    task = view.export_pdfs(None, folder)
    with qtbot.waitSignal(task.finished, timeout=120_000):
        pass
    assert task.error is None
    written, total = task.result
    assert total == 4 and len(written) == 4
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
    assert all(p.read_bytes().startswith(b"%PDF") for p in written)
    assert not task.dialog.isVisible()
    view.last_message_box.close()


def test_batch_export_of_the_selection(qtbot, arabic_ui, demo_db, tmp_path, monkeypatch):
    from ogp_desktop.ui.views import meetings as meetings_view

    view = show(qtbot, meetings_view.MeetingsView(demo_db))
    click_row(qtbot, view.table, 1)
    monkeypatch.setattr(view, "choose_export_folder", lambda: tmp_path / "one")
    with qtbot.waitSignal(view.exportFinished, timeout=60_000) as finished:
        view.export_selected_action.trigger()
    assert [p.name for p in (tmp_path / "one").iterdir()] == [
        exports.safe_filename(view.model.row(1).date, view.model.row(1).title, 1, 0)]
    assert str(tmp_path / "one") in finished.args[0]
    view.last_message_box.close()


def test_cancelling_the_progress_dialog_stops_the_export(qtbot, arabic_ui, demo_db, tmp_path):
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = show(qtbot, MeetingsView(demo_db))
    folder = tmp_path / "pdf"
    task = view.export_pdfs(None, folder)
    task.dialog.show()  # (it shows itself when the work takes longer than 0.4 s)
    cancel = task.dialog.findChild(QPushButton)
    assert cancel.text() == common._("Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.exportFinished, timeout=60_000) as finished:
        pass
    written, total = task.result
    assert len(written) < total == 4
    assert len(list(folder.glob("*.pdf"))) == len(written)
    assert not list(folder.glob(".*.part"))  # nothing half-written is left
    assert finished.args[0].startswith(common._("Export cancelled: {n} of {total} PDF files "
                                                "were written to {folder}.").split("{")[0])
    view.last_message_box.close()


def test_cancel_stops_a_batch_export_after_the_current_file(qtbot, demo_db, tmp_path):
    """The task runner hands the core a cancelled() it polls between files: cancelling
    on the first progress report leaves exactly one file."""
    with demo_db.session() as s:
        ids = [r.id for r in list_meetings(s)]
    gate = threading.Event()

    def work(progress, cancelled):
        def report(done: int, total: int) -> None:
            progress(done, total)
            gate.wait(30)  # hold the worker until the GUI thread has reacted

        with demo_db.session() as s:  # the worker's own unit of work
            return exports.export_batch_pdf(s, ids, tmp_path / "out", progress=report,
                                            cancelled=cancelled)

    task = tasks.Task(work)
    seen: list[tuple[int, int]] = []
    task.progressed.connect(lambda done, total: (seen.append((done, total)), task.cancel(),
                                                 gate.set()))
    with qtbot.waitSignal(task.succeeded, timeout=60_000) as result:
        task.start()
    assert seen == [(1, 4)]
    assert len(result.args[0]) == 1
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    assert task.cancel_requested and task.is_done()


def test_a_failing_task_reports_its_error_in_the_gui_thread(qtbot):
    gui = threading.current_thread()
    where: list[threading.Thread] = []

    def work(progress, cancelled):
        progress(1, 2)
        raise ValidationError("is required", field="title")

    task = tasks.Task(work)
    task.progressed.connect(lambda *_: where.append(threading.current_thread()))
    with qtbot.waitSignal(task.failed, timeout=10_000) as failed:
        task.start()
    assert isinstance(failed.args[0], ValidationError) and failed.args[0].field == "title"
    assert where == [gui]
    assert task not in tasks._running


# --- action items ----------------------------------------------------------------------------


def test_action_items_are_listed_overdue_first(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.actions import ActionItemsView

    view = show(qtbot, ActionItemsView(demo_db))
    with demo_db.session() as s:
        expected = action_items.list_open(s)
    rows = view.model.rows
    assert [r.id for r in rows] == [r.id for r in expected] and len(rows) == 11
    overdue = [r.overdue for r in rows]
    assert overdue == sorted(overdue, reverse=True)  # every overdue item before the others
    dues = [r.due for r in rows]
    assert dues[-3:] == [None, None, None]  # undated last
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert view.model.data(view.model.index(0, 2), Qt.ItemDataRole.ForegroundRole) is not None


def test_action_items_filter_by_owner_and_committee(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.actions import ActionItemsView

    view = show(qtbot, ActionItemsView(demo_db))
    keys(qtbot, view.owner_filter, "سجل")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert column(view.model, 1) == ["سجل الجمعيات"]
    view.owner_filter.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 11, timeout=3000)
    box = view.committee_filter
    box.setCurrentIndex(box.findText("مجموعة العمل الوطنية للخطة الوطنية الخامسة"))
    assert view.model.rowCount() == 1


def test_mark_done_on_signed_minutes_writes_the_status_and_keeps_them_intact(
        qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.actions import ActionItemsView

    view = show(qtbot, ActionItemsView(demo_db))
    row = next(i for i, r in enumerate(view.model.rows) if r.meeting_status == "signed")
    item_id = view.model.row(row).id
    click_row(qtbot, view.table, row)
    with qtbot.waitSignal(view.recordsChanged):
        click(qtbot, view.done_button)
    with demo_db.session() as s:
        assert s.get(ActionItem, item_id).status == ActionStatus.DONE
    assert item_id not in [r.id for r in view.model.rows]
    assert view.model.rowCount() == 10
    report = check_database(demo_db)
    assert report.ok, report.problems
    assert report.signed_checked == 2


def test_mark_done_on_a_draft_and_open_its_meeting(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.actions import ActionItemsView

    view = show(qtbot, ActionItemsView(demo_db))
    row = next(i for i, r in enumerate(view.model.rows) if r.meeting_status == "draft")
    item = view.model.row(row)
    click_row(qtbot, view.table, row)
    with qtbot.waitSignal(view.openRequested) as opened:
        click(qtbot, view.open_button)
    assert opened.args == [item.meeting_id]
    click(qtbot, view.done_button)
    with demo_db.session() as s:
        assert s.get(ActionItem, item.id).status == ActionStatus.DONE


# --- plans and commitments -------------------------------------------------------------------


def test_create_a_commitment_through_the_form(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.plans import PlansView

    view = show(qtbot, PlansView(demo_db))
    fifth = view.plans_model.find(lambda r: r.ordinal == 5)
    click_row(qtbot, view.plans_table, fifth)
    assert view.plan_title.text().startswith("الخطة الوطنية الخامسة")
    click(qtbot, view.new_commitment_button)
    assert view.commitment_title.text() == ""
    number = view.number.value()
    keys(qtbot, view.commitment_title, "نشر بيانات الموازنة المفتوحة")
    view.lead.setFocus()
    keys(qtbot, view.lead.lineEdit(), "دائرة الموازنة العامة")
    view.other_name.setFocus()
    keys(qtbot, view.other_name.lineEdit(), "سجل الجمعيات")
    click(qtbot, view.add_other_button)
    qtbot.mouseClick(view.value_boxes["access_to_information"], Qt.MouseButton.LeftButton,
                     pos=view.value_boxes["access_to_information"].rect().center())
    view.completion.setCurrentIndex(view.completion.findData("limited"))
    click(qtbot, view.add_milestone_button)
    editor = view.milestones.viewport().findChild(QLineEdit)
    assert editor is not None  # the title cell opened for typing
    keys(qtbot, editor, "نشر أول مجموعة بيانات")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.milestones.item(0, 0).text() == "نشر أول مجموعة بيانات")
    view.milestones.item(0, 2).setData(Qt.ItemDataRole.EditRole, common.to_qdate(dt.date(2022, 6, 30)))
    click(qtbot, view.save_commitment_button)
    shown = {name: lbl.text() for name, lbl in view.commitment_errors._labels.items() if lbl.text()}
    assert shown == {} and view.commitment_message.text() == ""

    with demo_db.session() as s:
        c = s.scalars(select(Commitment).where(Commitment.title == "نشر بيانات الموازنة المفتوحة")).one()
        assert c.plan.ordinal == 5 and c.number == number
        assert c.lead_organisation.name == "دائرة الموازنة العامة"
        assert [o.name for o in c.partners] == ["سجل الجمعيات"]
        assert c.values == [OgpValue.ACCESS_TO_INFORMATION]
        assert c.completion.value == "limited"
        assert [(m.title, m.start_date, m.end_date) for m in c.milestones] == [
            ("نشر أول مجموعة بيانات", None, dt.date(2022, 6, 30))]
        commitment_id = c.id
    assert view.commitment_id == commitment_id
    assert view._selected_commitment().title == "نشر بيانات الموازنة المفتوحة"


def test_last_year_before_first_year_is_shown_at_that_field_and_nothing_is_written(
        qtbot, arabic_ui, demo_db, dbtools):
    from ogp_desktop.ui.views.plans import PlansView

    view = show(qtbot, PlansView(demo_db))
    before = dbtools.dump(demo_db.path)
    click(qtbot, view.new_plan_button)
    assert view.plan_id is None and view.ordinal.value() == 6
    keys(qtbot, view.plan_title, "الخطة الوطنية السادسة")
    type_into(qtbot, view.first_year, "2026")
    type_into(qtbot, view.last_year, "2024")
    assert (view.first_year.value(), view.last_year.value()) == (2026, 2024)
    click(qtbot, view.save_plan_button)

    error = view.plan_errors.label_for("last_year")
    assert error.isVisible()
    assert error.text() == common._("the last year ({last}) is before the first year ({first})"
                                    ).format(last=2024, first=2026)
    assert not view.plan_errors.label_for("first_year").isVisible()
    assert not view.plan_message.isVisible()
    assert view.last_year.hasFocus()
    assert dbtools.dump(demo_db.path) == before

    type_into(qtbot, view.last_year, "2029")
    click(qtbot, view.save_plan_button)
    assert not error.isVisible()
    with demo_db.session() as s:
        plan = s.scalars(select(Plan).where(Plan.ordinal == 6)).one()
        assert (plan.title, plan.first_year, plan.last_year) == ("الخطة الوطنية السادسة", 2026, 2029)


def test_an_invalid_milestone_is_shown_at_the_milestones(qtbot, arabic_ui, demo_db, dbtools):
    from ogp_desktop.ui.views.plans import PlansView

    view = show(qtbot, PlansView(demo_db))
    before = dbtools.dump(demo_db.path)
    click(qtbot, view.new_commitment_button)
    keys(qtbot, view.commitment_title, "التزام")
    view.milestones.add_milestone({"title": "مرحلة", "start": dt.date(2021, 5, 1),
                                   "end": dt.date(2021, 4, 1)})
    click(qtbot, view.save_commitment_button)
    assert view.commitment_errors.label_for("milestone end").isVisible()
    assert dbtools.dump(demo_db.path) == before


# --- committees ------------------------------------------------------------------------------


def test_add_and_remove_a_member_through_the_form(qtbot, arabic_ui, demo_db, monkeypatch):
    from ogp_desktop.ui.views.committees import CommitteesView

    view = show(qtbot, CommitteesView(demo_db))
    row = view.model.find(lambda r: r.name == "مجموعة العمل الوطنية للخطة الوطنية الخامسة")
    click_row(qtbot, view.table, row)
    committee_id = view.committee_id
    members_before = view.members_model.rowCount()
    with demo_db.session() as s:
        members = {m.person_id for m in committees.get_committee(s, committee_id).members}
        person = next(p for p in directory.list_people_rows(s) if p.id not in members)
    keys(qtbot, view.person, person.name)
    view.role.setCurrentIndex(view.role.findData("rapporteur"))
    view.from_date.set_value(dt.date(2022, 1, 1))
    click(qtbot, view.add_member_button)
    with demo_db.session() as s:
        m = s.scalars(select(CommitteeMember).where(CommitteeMember.committee_id == committee_id,
                                                    CommitteeMember.person_id == person.id)).one()
        assert (m.role.value, m.from_date, m.to_date) == ("rapporteur", dt.date(2022, 1, 1), None)
        member_id = m.id
    assert view.members_model.rowCount() == members_before + 1
    assert view.person.text() == ""

    click_row(qtbot, view.members_table, view.members_model.find(lambda r: r.id == member_id))
    answer_yes(monkeypatch)
    click(qtbot, view.remove_member_button)
    with demo_db.session() as s:
        assert s.get(CommitteeMember, member_id) is None
    assert view.members_model.rowCount() == members_before


def test_a_person_not_in_the_directory_is_refused_at_the_person_field(qtbot, arabic_ui, demo_db,
                                                                     dbtools):
    from ogp_desktop.ui.views.committees import CommitteesView

    view = show(qtbot, CommitteesView(demo_db))
    before = dbtools.dump(demo_db.path)
    keys(qtbot, view.person, "شخص غير معروف")
    click(qtbot, view.add_member_button)
    assert view.member_errors.label_for("person").isVisible()
    assert "شخص غير معروف" in view.member_errors.label_for("person").text()
    assert dbtools.dump(demo_db.path) == before


def test_create_a_committee_through_the_form(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.committees import CommitteesView

    view = show(qtbot, CommitteesView(demo_db))
    click(qtbot, view.new_button)
    keys(qtbot, view.name, "فريق البيانات المفتوحة")
    view.kind.setCurrentIndex(view.kind.findData("task_force"))
    click(qtbot, view.save_button)
    with demo_db.session() as s:
        c = committees.find_committee(s, "فريق البيانات المفتوحة")
        assert c is not None and c.kind.value == "task_force"
    assert view.committee_id == c.id and view.add_member_button.isEnabled()


# --- people and organisations ----------------------------------------------------------------


def test_a_person_with_an_invalid_email_is_refused_inline(qtbot, arabic_ui, demo_db, dbtools):
    from ogp_desktop.ui.views.people import PeopleView

    view = show(qtbot, PeopleView(demo_db))
    before = dbtools.dump(demo_db.path)
    click(qtbot, view.new_person_button)
    keys(qtbot, view.person_name, "سارة الحديد")
    keys(qtbot, view.email, "sara-at-example.jo")
    click(qtbot, view.save_person_button)
    error = view.person_errors.label_for("email")
    assert error.isVisible() and "sara-at-example.jo" in error.text()
    assert view.email.hasFocus()
    assert dbtools.dump(demo_db.path) == before

    type_into(qtbot, view.email, "sara@example.jo")
    qtbot.keyClick(view.email, Qt.Key.Key_Return)
    with demo_db.session() as s:
        (p,) = directory.find_people(s, "سارة الحديد")
        assert p.email == "sara@example.jo"
    assert not error.isVisible()
    assert view.people.selected().name == "سارة الحديد"


def test_edit_an_organisation_and_refuse_a_duplicate_name(qtbot, arabic_ui, demo_db, dbtools):
    from ogp_desktop.ui.views.people import PeopleView

    view = show(qtbot, PeopleView(demo_db))
    click(qtbot, view.new_organisation_button)
    keys(qtbot, view.organisation_name, "سجل الجمعيات")
    before = dbtools.dump(demo_db.path)
    click(qtbot, view.save_organisation_button)
    assert view.organisation_errors.label_for("name").isVisible()
    assert dbtools.dump(demo_db.path) == before
    type_into(qtbot, view.organisation_name, "مركز راصد")
    view.sector.setCurrentIndex(view.sector.findData("civil_society"))
    click(qtbot, view.save_organisation_button)
    with demo_db.session() as s:
        assert directory.find_organisation(s, "مركز راصد").sector.value == "civil_society"


# --- settings --------------------------------------------------------------------------------


def test_letterhead_is_saved_to_the_records(qtbot, arabic_ui, demo_db, dbtools, tmp_path):
    from ogp_desktop.ui.views.settings import SettingsView

    view = show(qtbot, SettingsView(demo_db))
    assert view.ministry.text() == "وزارة التخطيط والتعاون الدولي"
    logo = tmp_path / "logo.png"
    logo.write_bytes(dbtools.png(40, 20))
    type_into(qtbot, view.ministry, "وزارة الاقتصاد الرقمي والريادة")
    type_into(qtbot, view.unit, "وحدة البيانات المفتوحة")
    assert view.set_logo_file(logo)
    assert view.logo_preview.pixmap() is not None and not view.logo_preview.pixmap().isNull()
    click(qtbot, view.save_letterhead_button)
    with demo_db.session() as s:
        letterhead = settings.get_letterhead(s)
    assert (letterhead.ministry, letterhead.unit) == ("وزارة الاقتصاد الرقمي والريادة",
                                                      "وحدة البيانات المفتوحة")
    assert letterhead.logo == logo.read_bytes()

    not_an_image = tmp_path / "logo.txt"
    not_an_image.write_text("hello")
    view.set_logo_file(not_an_image)
    click(qtbot, view.save_letterhead_button)
    assert view.letterhead_errors.label_for("logo").isVisible()
    with demo_db.session() as s:
        assert settings.get_letterhead(s).logo == logo.read_bytes()


def test_default_signatories_are_saved(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.settings import SettingsView

    view = show(qtbot, SettingsView(demo_db))
    click(qtbot, view.add_signatory_button)
    editor = view.signatories.viewport().findChild(QLineEdit)  # the name cell, open for typing
    keys(qtbot, editor, "مي عليمات")
    click(qtbot, view.save_signatories_button)  # saved straight from the cell; the role is missing
    assert view.signatories.item(0, 0).text() == "مي عليمات"
    assert view.signatories_errors.label_for("signatories").isVisible()
    view.signatories.item(0, 1).setText("منسقة وحدة الحكومة الشفافة")
    view.signatories.cellWidget(0, 2).setCurrentIndex(
        view.signatories.cellWidget(0, 2).findData("prepared"))
    click(qtbot, view.save_signatories_button)
    with demo_db.session() as s:
        assert settings.get_default_signatories(s) == [
            {"name": "مي عليمات", "role": "منسقة وحدة الحكومة الشفافة", "meaning": "prepared"}]


def test_choosing_english_emits_language_changed(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.settings import SettingsView

    view = show(qtbot, SettingsView(demo_db))
    assert view.language_buttons["ar"].isChecked()
    with qtbot.assertNotEmitted(view.languageChanged):
        click(qtbot, view.language_buttons["ar"])
    with qtbot.waitSignal(view.languageChanged) as changed:
        click(qtbot, view.language_buttons["en"])
    assert changed.args == ["en"]


def test_check_records_runs_off_the_gui_thread_and_shows_the_result(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.settings import SettingsView

    view = show(qtbot, SettingsView(demo_db))
    click(qtbot, view.check_button)
    with qtbot.waitSignal(view.task.finished, timeout=60_000):
        pass
    assert view.task.result.ok and view.task.result.signed_checked == 2
    assert "2" in view.result.text() and not view.problems.isVisible()


def test_back_up_now_writes_a_copy(qtbot, arabic_ui, demo_db, tmp_path, dbtools):
    from ogp_desktop.ui.views.settings import SettingsView

    view = show(qtbot, SettingsView(demo_db))
    target = tmp_path / "backup" / "copy.sqlite"
    target.parent.mkdir()  # chosen in the file dialog: an existing folder
    task = view.back_up(target)
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert dbtools.counts(target) == dbtools.counts(demo_db.path)
    assert str(target) in view.result.text()
    task = view.back_up(target)  # the file exists now: refused, said in the result line
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    assert task.error is not None and str(target) in view.result.text()


def test_the_irm_ratings_evidence_and_milestone_status_are_saved_from_the_form(
        qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.views.plans import PlansView

    view = show(qtbot, PlansView(demo_db))
    click_row(qtbot, view.plans_table, view.plans_model.find(lambda r: r.ordinal == 4))
    click_row(qtbot, view.commitments_table, view.commitments_model.find(lambda r: r.number == 1))
    assert view.commitment_heading.text() == common._("Commitment {n}").format(n=1)
    view.completion.setCurrentIndex(view.completion.findData("no_evidence"))
    view.open_government.setFocus()
    view.open_government.setCurrentIndex(view.open_government.findData("major"))
    status = view.milestones.status_box(0)
    status.setCurrentIndex(status.findData("in_progress"))
    # the minutes of 14/6/2021 as evidence, with a note; then a note alone
    choice = next(i for i in range(view.evidence_choice.count())
                  if (view.evidence_choice.itemData(i) or {}).get("kind") == "meeting"
                  and "14/6/2021" in view.evidence_choice.itemText(i))
    view.evidence_choice.setCurrentIndex(choice)
    keys(qtbot, view.evidence_note, "ناقش نتائج الاستبيان")
    click(qtbot, view.add_evidence_button)
    keys(qtbot, view.evidence_note, "تقرير منشور على موقع الوزارة")
    view.evidence_choice.setCurrentIndex(0)  # a note only
    click(qtbot, view.add_evidence_button)
    assert view.evidence.count() == 2
    click(qtbot, view.save_commitment_button)
    assert view.commitment_message.text() == ""
    with demo_db.session(write=False) as s:
        c = s.scalars(select(Commitment).where(Commitment.number == 1)
                      .join(Commitment.plan).where(Plan.ordinal == 4)).one()
        assert (c.completion.value, c.open_government.value) == ("no_evidence", "major")
        assert c.milestones[0].status.value == "in_progress"
        from ogp_desktop.core.services.evidence import stored_links

        links = stored_links(c)
        assert [(link["kind"], link["note"]) for link in links] == [
            ("meeting", "ناقش نتائج الاستبيان"), ("note", "تقرير منشور على موقع الوزارة")]
    # read back into the form: the list shows the minutes' date and the note
    click_row(qtbot, view.commitments_table, view.commitments_model.find(lambda r: r.number == 2))
    click_row(qtbot, view.commitments_table, view.commitments_model.find(lambda r: r.number == 1))
    assert view.open_government.value() == "major"
    assert "14/6/2021" in view.evidence.item(0).text()
    assert view.evidence.item(1).text() == "تقرير منشور على موقع الوزارة"
