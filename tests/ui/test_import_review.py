"""Import Word minutes from the meetings view, as a person does it (#13 item 1 and 5): the
button's menu, the program's file dialog with the paths typed in, or files dropped on the
list; the files read on a worker behind a progress bar that can cancel; the review screen
(the document as read beside the fields, where each came from, the guesses marked and
corrected by typing, the new records unticked); nothing is saved before Import, and Cancel
saves nothing (the database compared row by row). The .docx files are built in tmp_path
by tests/archive_samples.py."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QPushButton
from sqlalchemy import select
from typing_helpers import (
    middle_of,
    select_all_in,
    show_section,
    type_into_focus,
    type_over,
    while_modal,
)

from ogp_desktop.core.archive import importer
from ogp_desktop.core.errors import DomainError
from ogp_desktop.core.models import Meeting, MinutesStatus, Person
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.ui.errors import error_text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from archive_samples import minutes_batch, write_all

pytestmark = pytest.mark.usefixtures("arabic_ui")

GUESSED = "تخمين"  # the word beside a guessed field (its colour is not the only sign)


@pytest.fixture
def samples(tmp_path) -> dict[str, Path]:
    return write_all(tmp_path / "docx")


@pytest.fixture
def broken(tmp_path) -> Path:
    path = tmp_path / "bad" / "broken.docx"
    path.parent.mkdir()
    path.write_bytes(b"PK\x03\x04 this zip was cut short")
    return path


def show(qtbot, view):
    show_section(qtbot, view)
    view.activateWindow()
    return view


def meetings_view(qtbot, db):
    from ogp_desktop.ui.views.meetings import MeetingsView

    return show(qtbot, MeetingsView(db))


def choose_through_the_button(qtbot, view, item: int, typed: str) -> list:
    """Click "Import Word minutes…", walk its menu to `item` (0: Word files…, 1: A whole
    folder…) with the arrow keys, press Enter, and type `typed` into the file dialog."""
    errors: list = []

    def type_paths(dialog) -> None:
        field = QApplication.focusWidget()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, typed)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    def in_the_menu() -> None:
        try:
            qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu),
                            timeout=5000)
        except Exception as exc:
            errors.append(exc)
            return
        menu = QApplication.activePopupWidget()
        for _ in range(item + 1):
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        errors.extend(while_modal(qtbot, QFileDialog, type_paths))
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(0, in_the_menu)
    qtbot.mouseClick(view.import_button, Qt.MouseButton.LeftButton)
    return errors


def wait_for_review(qtbot, view):
    qtbot.waitUntil(lambda: view.review is not None and view.review.isVisible(), timeout=60_000)
    review = view.review
    qtbot.waitExposed(review)
    review.activateWindow()
    return review


def file_index(review, name: str) -> int:
    return next(i for i, f in enumerate(review.files) if f.path.name == name)


def drop(qtbot, widget, paths: list[Path]) -> None:
    """Drag `paths` over `widget` and drop them, as the file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(middle_of(widget))
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    dropped = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, dropped)
    assert dropped.isAccepted()


def review_of_dropped(qtbot, db, *paths: Path):
    """(the meetings view, the review) of `paths` dropped on the list of meetings."""
    view = meetings_view(qtbot, db)
    drop(qtbot, view.table.viewport(), list(paths))
    return view, wait_for_review(qtbot, view)


def reason_of(path: Path) -> str:
    """The core's one line for `path`, with the file named by its name (as the list does)."""
    try:
        importer.read(path)
    except DomainError as exc:
        text = error_text(exc, with_field=False)
        assert str(path) in text
        return text.replace(str(path), path.name)
    raise AssertionError(f"{path} was read")


# --- the review, corrected and confirmed ---------------------------------------------------


def test_review_shows_origins_and_guesses_and_imports_what_was_corrected(
        qtbot, demo_db, dbtools, samples, broken, screenshot_dir):
    view = meetings_view(qtbot, demo_db)
    view.grab().save(str(screenshot_dir / "import_button_ar.png"))
    before = dbtools.dump(demo_db)
    errors = choose_through_the_button(qtbot, view, 0, f'"{samples["variant_a"]}" "{broken}"')
    review = wait_for_review(qtbot, view)
    assert errors == []
    assert sorted(f.path.name for f in review.files) == ["broken.docx", "variant_a.docx"]

    # the damaged file: listed as failed, with its one-line reason, and nothing to import
    bad = file_index(review, "broken.docx")
    assert "broken.docx" in review.file_list.item(bad).text()
    assert reason_of(broken) in review.file_list.item(bad).text()
    assert "تالف" in reason_of(broken) and str(broken.parent) not in review.file_list.item(bad).text()

    i = file_index(review, "variant_a.docx")
    assert review.file_list.currentRow() == i
    page = review.pages[i]
    # the document as read, beside the fields
    original = page.original.toPlainText()
    assert "سطر العنوان 3" in original and "محضر الاجتماع الثالث للجنة تنفيذ الالتزام" in original
    assert "صف الجدول 3 (⁨الحاضرون⁩)" in original
    # where each field came from, and the guesses marked with a word and a colour
    date = page.rows["date"]
    assert "صف الجدول 1" in date.tag.text() and "تاريخ الاجتماع" in date.tag.text()
    assert GUESSED not in date.tag.text() and date.widget.property("guessed") is False
    sequence = page.rows["sequence"]
    assert sequence.widget.value() == 3
    assert GUESSED in sequence.tag.text() and "سطر العنوان 3" in sequence.tag.text()
    assert sequence.widget.property("guessed") is True
    assert "background" in sequence.widget.styleSheet()
    assert page.rows["mode"].widget.value() == "online"
    assert GUESSED in page.rows["mode"].tag.text()
    assert page.rows["attendees"].widget.toPlainText().splitlines()[2] == \
        "المهندسة ريم الحسن – وزارة الاقتصاد الرقمي"
    # the one record the demo's directory does not hold yet, offered with a tick
    assert set(page.boxes) == {("person", "ريم الحسن")}
    new_person = page.boxes[("person", "ريم الحسن")]
    assert new_person.isChecked() and "ريم الحسن" in new_person.text()
    review.grab().save(str(screenshot_dir / "import_review_ar.png"))
    page.scroll_area.ensureWidgetVisible(page.records_box)
    review.grab().save(str(screenshot_dir / "import_review_records_ar.png"))
    assert dbtools.dump(demo_db) == before  # nothing is saved while reviewing

    # the guessed meeting number corrected by typing; the new person left out
    spin = sequence.widget
    type_over(qtbot, spin.lineEdit(), "7")
    assert spin.value() == 7
    assert GUESSED not in sequence.tag.text() and "غيّرته" in sequence.tag.text()
    new_person.setFocus()
    qtbot.keyClick(new_person, Qt.Key.Key_Space)
    assert not new_person.isChecked()
    assert dbtools.dump(demo_db) == before

    qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=10_000)
    assert len(review.meeting_ids) == 1
    mid = review.meeting_ids[0]
    with demo_db.session(write=False) as s:
        meeting = meetings_svc.load_meeting(s, mid)
        assert meeting.status == MinutesStatus.DRAFT
        assert meeting.sequence == 7
        assert meeting.title == "محضر الاجتماع الثالث للجنة تنفيذ الالتزام"
        assert s.scalar(select(Person).where(Person.name == "ريم الحسن")) is None
        names = {a.person.name for a in meeting.attendance}
        assert "مجدي الزعبي" in names and "ريم الحسن" not in names
        notes = [item.text for item in meeting.items if item.kind.value == "note"]
        assert any("ريم الحسن" in n for n in notes)  # kept as written, to place later
        assert s.scalar(select(Meeting).where(Meeting.title == "broken.docx")) is None
    # the new draft is in the list, selected
    qtbot.waitUntil(lambda: [m.id for m in view.selected_meetings()] == [mid], timeout=5000)


def test_cancel_saves_nothing(qtbot, demo_db, dbtools, samples):
    view = meetings_view(qtbot, demo_db)
    before = dbtools.dump(demo_db)
    folder = samples["seed_000"].parent
    errors = choose_through_the_button(qtbot, view, 1, str(folder))
    review = wait_for_review(qtbot, view)
    assert errors == []
    assert [f.path.name for f in review.files] == sorted(p.name for p in samples.values())
    assert all(f.error is None for f in review.files)
    page = review.pages[review.file_list.currentRow()]
    title = page.rows["title"].widget
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton, pos=middle_of(title))
    qtbot.waitUntil(title.hasFocus)
    type_into_focus(qtbot, " المعدّل")
    assert review.cancel_button.text() == "إلغاء"
    qtbot.mouseClick(review.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=5000)
    assert review.meeting_ids == []
    assert dbtools.dump(demo_db) == before


def test_files_dropped_on_the_list_open_the_same_review(qtbot, demo_db, dbtools, samples, broken):
    view = meetings_view(qtbot, demo_db)
    with demo_db.session(write=False) as s:
        before = len(meetings_svc.list_meetings(s))
    drop(qtbot, view.table.viewport(), [samples["variant_b"], broken])
    review = wait_for_review(qtbot, view)
    assert sorted(f.path.name for f in review.files) == ["broken.docx", "variant_b.docx"]
    bad = file_index(review, "broken.docx")
    assert reason_of(broken) in review.file_list.item(bad).text()
    review.file_list.setCurrentRow(bad)  # the failed file's page says why, and offers no import
    assert reason_of(broken) in review.stack.currentWidget().text()
    assert not review.import_button.isEnabled() and review.import_all_button.isEnabled()
    page = review.pages[file_index(review, "variant_b.docx")]
    assert page.rows["mode"].widget.value() == "hybrid"
    assert GUESSED in page.rows["mode"].tag.text()
    assert "المرفقات المطلوبة" in page.rows["notes"].tag.text()
    qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=10_000)
    with demo_db.session(write=False) as s:
        rows = meetings_svc.list_meetings(s)
        assert len(rows) == before + 1  # variant_b only: the damaged file wrote nothing
        assert rows and any(r.id == review.meeting_ids[0] and r.status == "draft" for r in rows)


def test_only_damaged_files_offer_no_import_and_write_nothing(qtbot, demo_db, dbtools, tmp_path,
                                                              broken):
    view = meetings_view(qtbot, demo_db)
    before = dbtools.dump(demo_db)
    (broken.parent / "notes.docx").write_text("not a Word file", encoding="utf-8")
    drop(qtbot, view.table.viewport(), [broken.parent])
    review = wait_for_review(qtbot, view)
    assert [f.path.name for f in review.files] == ["broken.docx", "notes.docx"]
    assert all(f.error is not None for f in review.files)
    assert reason_of(broken.parent / "notes.docx") in review.file_list.item(1).text()
    assert not review.import_button.isEnabled() and not review.import_all_button.isEnabled()
    qtbot.mouseClick(review.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=5000)
    assert dbtools.dump(demo_db) == before


def test_cancelling_the_reading_stops_it_and_the_review_says_so(qtbot, demo_db, dbtools, tmp_path):
    view = meetings_view(qtbot, demo_db)
    before = dbtools.dump(demo_db)
    folder = tmp_path / "batch"
    minutes_batch(folder, 30)
    task = view.import_word([folder])
    task.dialog.show()  # (it shows itself when reading takes longer than 0.4 s)
    cancel = task.dialog.findChild(QPushButton)
    qtbot.waitUntil(lambda: task.dialog.value() >= 1, timeout=30_000)  # the first file is read
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    review = wait_for_review(qtbot, view)
    assert 0 < len(review.files) < 30
    assert f"{30 - len(review.files)} من 30" in review.summary.text()
    qtbot.mouseClick(review.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=5000)
    assert dbtools.dump(demo_db) == before


def test_a_viewer_is_offered_no_import(qtbot, as_login, samples):
    view = meetings_view(qtbot, as_login("viewer"))
    assert view.import_button.isHidden()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(samples["seed_000"]))])
    enter = QDragEnterEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter.ignore()
    QApplication.sendEvent(view.table.viewport(), enter)
    assert not enter.isAccepted()
    assert view.import_word([samples["seed_000"]]) is None and view.review is None
    editor = meetings_view(qtbot, as_login("editor"))
    assert not editor.import_button.isHidden()


def test_a_new_plan_left_out_and_a_committee_corrected_by_typing(qtbot, db, samples):
    """Into empty records everything the file names is new: the plan unticked (its new
    commitment is then not offered), the committee's name corrected by typing (the list of
    records follows); the draft has no plan and the committee as typed."""
    from ogp_desktop.core.models import Commitment, Committee, Plan

    view = meetings_view(qtbot, db)
    drop(qtbot, view.table.viewport(), [samples["seed_000"]])
    review = wait_for_review(qtbot, view)
    page = review.pages[0]
    plan_key = ("plan", "الخطة الوطنية الرابعة لشراكة الحكومات الشفافة")
    assert {plan_key, ("commitment", "الالتزام الأول"),
            ("committee", "لجنة تنفيذ الالتزام الأول"), ("person", "ختام الشنيكات"),
            ("organisation", "سجل الجمعيات")} <= set(page.boxes)
    plan_box = page.boxes[plan_key]
    plan_box.setFocus()
    qtbot.keyClick(plan_box, Qt.Key.Key_Space)
    assert not plan_box.isChecked()
    assert not page.boxes[("commitment", "الالتزام الأول")].isEnabled()

    committee = page.rows["committee"]
    assert GUESSED in committee.tag.text()
    field = committee.widget
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=middle_of(field))
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, "لجنة المتابعة")
    qtbot.waitUntil(lambda: ("committee", "لجنة المتابعة") in page.boxes, timeout=5000)
    assert ("committee", "لجنة تنفيذ الالتزام الأول") not in page.boxes
    assert not page.boxes[plan_key].isChecked()  # the ticks outlive the list's refresh

    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=10_000)
    with db.session(write=False) as s:
        assert s.scalars(select(Plan)).all() == [] and s.scalars(select(Commitment)).all() == []
        assert [c.name for c in s.scalars(select(Committee))] == ["لجنة المتابعة"]
        meeting = meetings_svc.load_meeting(s, review.meeting_ids[0])
        assert meeting.plan is None and meeting.committee.name == "لجنة المتابعة"
        assert "ختام الشنيكات" in {a.person.name for a in meeting.attendance}
    qtbot.waitUntil(lambda: view.model.find(lambda r: r.id == review.meeting_ids[0]) >= 0)


def test_a_file_whose_date_is_erased_is_not_written_and_says_why(qtbot, demo_db, dbtools, samples):
    before = dbtools.dump(demo_db)
    view, review = review_of_dropped(qtbot, demo_db, samples["seed_004"])
    page = review.pages[0]
    date = page.rows["date"].widget
    assert date.text() == "9/2/2021"
    select_all_in(qtbot, date)
    qtbot.keyClick(date, Qt.Key.Key_Delete)
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    assert review.isVisible() and review.meeting_ids == []
    assert page.error_line.isVisible() and "اكتب تاريخ الاجتماع" in page.error_line.text()
    assert dbtools.dump(demo_db) == before


def test_times_and_other_participants_are_corrected_on_the_page(qtbot, demo_db, dbtools,
                                                                samples):
    """The start and end times and the count of other participants are fields of the page
    like the others: typed in, a time that is not one refused with its reason, nothing
    written until it is right."""
    before = dbtools.dump(demo_db)
    view, review = review_of_dropped(qtbot, demo_db, samples["seed_003"])
    page = review.pages[0]
    others = page.rows["other_participants"].widget
    assert others.value() == 55 and "55" not in page.also_read.text()
    assert others.maximum() == 1_000_000 and others.minimum() == -1  # as the minutes editor
    type_over(qtbot, page.rows["start"].widget, "١٠:٣٠")  # Arabic-Indic digits, as typed
    type_over(qtbot, page.rows["end"].widget, "25:00")
    type_over(qtbot, others.lineEdit(), "60")
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    assert review.meeting_ids == [] and dbtools.dump(demo_db) == before
    assert page.error_line.isVisible()
    assert page.error_line.text().startswith("النهاية: ليس وقتًا")
    type_over(qtbot, page.rows["end"].widget, "12:00")
    qtbot.mouseClick(review.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=10_000)
    with demo_db.session(write=False) as s:
        meeting = meetings_svc.load_meeting(s, review.meeting_ids[0])
        assert (meeting.start_time, meeting.end_time) == (dt.time(10, 30), dt.time(12, 0))
        assert meeting.other_participants == 60


# --- "Import all" on a worker --------------------------------------------------------------

def _meeting_count(db) -> int:
    with db.session(write=False) as s:
        return len(meetings_svc.list_meetings(s))


def _hold_the_write_lock(path: Path) -> sqlite3.Connection:
    """Another program writing to the file: the worker's first unit of work waits for it."""
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def _review_of_batch(qtbot, db, tmp_path, n: int):
    minutes_batch(tmp_path / "batch", n)
    view = meetings_view(qtbot, db)
    assert view.import_word([tmp_path / "batch"]) is not None
    return view, wait_for_review(qtbot, view)


def test_import_all_writes_on_a_worker_and_cancel_stops_between_files(qtbot, demo_db, tmp_path):
    """Files never opened are imported as read; the window stays responsive behind a
    progress bar and takes no input of its own meanwhile; Cancel stops between files, the
    rest stay to import."""
    view, review = _review_of_batch(qtbot, demo_db, tmp_path, 6)
    before = _meeting_count(demo_db)
    other = _hold_the_write_lock(demo_db.path)
    try:
        qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
        task = review.import_task
        assert task is not None and not task.is_done()  # the GUI thread did not write
        assert task.dialog.isVisible()  # at once: the review takes no input behind it
        # nothing sends a file twice, nothing closes the window under the worker
        assert not review.import_all_button.isEnabled() and not review.file_list.isEnabled()
        qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
        assert review.import_task is task
        review.reject()  # what Esc, Cancel and the window's close button do
        assert review.isVisible() and view.review is review
        qtbot.mouseClick(task.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        assert task.cancel_requested
    finally:
        other.rollback()
        other.close()
    qtbot.waitUntil(lambda: review.import_task is None, timeout=30_000)
    # the file being written when Cancel came (none, if the worker had not begun one: the
    # core's test pins down "after the current file"), then it stopped
    written = len(review.meeting_ids)
    assert written <= 1 and _meeting_count(demo_db) == before + written
    assert len(review.pending()) == 6 - written and review.import_all_button.isEnabled()
    assert review.file_list.isEnabled() and review.cancel_button.isEnabled()
    assert all("مسودة" in review.file_list.item(i).text() for i in review.written)

    qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.review is None, timeout=60_000)
    assert len(set(review.meeting_ids)) == 6
    assert _meeting_count(demo_db) == before + 6
    with demo_db.session(write=False) as s:  # as the command line imports the same file
        first = meetings_svc.load_meeting(s, review.meeting_ids[0])
        doc, parsed = importer.read(review.files[0].path)
        assert first.title == parsed.value("title") and first.date == parsed.value("date")
        assert first.status == MinutesStatus.DRAFT


def test_a_file_the_database_refuses_stays_to_import_with_its_reason(qtbot, demo_db, tmp_path,
                                                                     monkeypatch):
    """Another program holds the records longer than the program waits: each file says
    so on its page, nothing of any is written, and Import all later writes them all."""
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.storage.base import ENV_BUSY_TIMEOUT

    monkeypatch.setenv(ENV_BUSY_TIMEOUT, "150")
    db = open_database(demo_db.path)
    try:
        view, review = _review_of_batch(qtbot, db, tmp_path, 3)
        before = _meeting_count(db)
        other = _hold_the_write_lock(db.path)
        try:
            qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: review.import_task is None, timeout=30_000)
        finally:
            other.rollback()
            other.close()
        assert review.meeting_ids == [] and len(review.pending()) == 3
        assert _meeting_count(db) == before
        shown = review.pages[review.file_list.currentRow()]
        assert shown.error_line.isVisibleTo(review) and shown.error_line.text()
        assert all(review.pages[i].error_line.text() == shown.error_line.text()
                   for i in range(3))
        assert all(f"لم يُستورد: {shown.error_line.text()}" in review.file_list.item(i).text()
                   for i in range(3))
        assert re.search("[\u0600-\u06ff]", shown.error_line.text())
        assert "locked" not in shown.error_line.text()

        qtbot.mouseClick(review.import_all_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.review is None, timeout=60_000)
        assert _meeting_count(db) == before + 3
    finally:
        db.close()
