"""Autosave and recovery: typing reaches the autosave table a few seconds after it stops;
an editor that dies without closing (a crash, a power cut) leaves its autosave behind, and
the next editor offers it back; recovering restores the typed text and saving writes it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select
from typing_helpers import type_text

from ogp_desktop.core.models import Autosave, Meeting
from ogp_desktop.core.services import autosave, meetings
from ogp_desktop.core.services.meetings import MinutesData
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp")

TITLE = "محضر اجتماع مجموعة العمل الوطنية"
SHORT_DELAY_MS = 150  # the editors here autosave this soon after typing stops (2.5 s in use)
POINT = "مناقشة معايير تقييم الالتزامات المقترحة"


@pytest.fixture
def answers(monkeypatch):
    queue: list = []
    asked: list[str] = []

    def exec_(box):
        asked.append(box.text())
        if not queue:
            raise AssertionError(f"unexpected message box: {box.text()!r}")
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return type("Answers", (), {"queue": queue, "asked": asked})


@pytest.fixture
def editors(qtbot, answers, arabic_ui):
    from ogp_desktop.ui.editors import MinutesEditor

    made = []

    def make(db, meeting_id=None, **kwargs):
        kwargs.setdefault("autosave_delay_ms", SHORT_DELAY_MS)
        editor = MinutesEditor(db, meeting_id, **kwargs)
        made.append(editor)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
        return editor

    yield make
    for editor in made:
        if shiboken6.isValid(editor):
            editor.autosaver.mark_clean()  # no prompt while the test ends
            editor.close()


def autosave_rows(db) -> list[Autosave]:
    with db.session() as s:
        return list(s.scalars(select(Autosave)))


def crash(editor) -> None:
    """The editor disappears the way it does in a crash: no closeEvent, no prompt, no
    cleanup — the C++ object is deleted under it."""
    shiboken6.delete(editor)
    QApplication.processEvents()
    assert not shiboken6.isValid(editor)


def test_kill_and_recover_a_new_meeting(qtbot, db, editors, answers):
    from ogp_desktop.ui.editors import AUTOSAVE_DELAY_MS, pending_recoveries
    from ogp_desktop.ui.editors.minutes import MinutesEditor

    assert AUTOSAVE_DELAY_MS == 2500  # as the README says
    editor = editors(db)
    type_text(qtbot, editor.title_edit, TITLE)
    qtbot.mouseClick(editor.add_discussion_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, editor.discussion.rows()[0].edit, POINT)
    editor.start_edit.set_value(dt.time(11, 0))
    with qtbot.waitSignal(editor.autosaved):
        editor.end_edit.set_value(dt.time(10, 0))  # not valid minutes yet: kept all the same
        # not at once: the last change is not in the table until the delay has passed
        assert all(json.loads(r.payload)["end"] != "10:00" for r in autosave_rows(db))
    [row] = autosave_rows(db)
    payload = json.loads(row.payload)
    assert row.editor_key == editor.editor_key and row.meeting_id is None
    assert row.title == TITLE
    assert payload["title"] == TITLE and payload["discussion"] == [POINT]
    assert (payload["start"], payload["end"]) == ("11:00", "10:00")
    assert pending_recoveries(db) == []  # its editor is still open: not a leftover

    crash(editor)
    assert [p.payload["title"] for p in pending_recoveries(db)] == [TITLE]
    assert MinutesEditor.pending_recoveries(db)[0].editor_key == row.editor_key

    # a new editor offers the recovery; accepting restores what was typed
    answers.queue.append(QMessageBox.StandardButton.Yes)
    again = editors(db)
    assert answers.asked[-1].startswith(_("Recover unsaved changes from {time}?").split("{")[0])
    assert again.title_edit.text() == TITLE
    assert again.discussion.texts() == [POINT]
    assert again.dirty
    # the recovered state is valid except for the times; fix them and save
    assert again.save() is None and again.end_edit.property("invalid") == "true"
    again.end_edit.set_value(dt.time(12, 0))
    meeting_id = again.save()
    assert meeting_id is not None
    with db.session() as s:
        data = meetings.minutes_data(meetings.load_meeting(s, meeting_id))
    assert (data.title, data.discussion, data.end) == (TITLE, [POINT], dt.time(12, 0))
    assert autosave_rows(db) == []  # saving removed the recovered autosave


def test_kill_and_recover_an_existing_meeting_or_discard(qtbot, db, editors, answers):
    with db.session() as s:
        meeting_id = meetings.save_minutes(s, MinutesData(title="الأصل", date=dt.date(2021, 7, 28))).id
    editor = editors(db, meeting_id)
    editor.title_edit.selectAll()
    type_text(qtbot, editor.title_edit, TITLE)
    assert editor.autosave_now()
    assert autosave_rows(db)[0].meeting_id == meeting_id
    crash(editor)

    # a new meeting's editor does not offer another meeting's autosave
    fresh = editors(db)
    assert answers.asked == [] and fresh.title_edit.text() == ""

    # "decide later" keeps it; discard deletes it and shows the stored minutes
    answers.queue.append(QMessageBox.StandardButton.Cancel)
    later = editors(db, meeting_id)
    assert later.title_edit.text() == "الأصل" and len(autosave_rows(db)) == 1
    later.close()
    answers.queue.append(QMessageBox.StandardButton.Discard)
    third = editors(db, meeting_id)
    assert third.title_edit.text() == "الأصل"
    assert autosave_rows(db) == []
    with db.session() as s:
        assert s.get(Meeting, meeting_id).title == "الأصل"


def test_recover_through_the_application_list(qtbot, db, editors):
    from ogp_desktop.ui.editors import pending_recoveries
    from ogp_desktop.ui.editors.minutes import MinutesEditor

    with db.session() as s:
        meeting_id = meetings.save_minutes(s, MinutesData(title="الأصل", date=dt.date(2021, 7, 28))).id
        autosave.store(s, "left-by-a-crash", {"title": TITLE, "date": "2021-07-28",
                                              "discussion": [POINT]},
                       meeting_id=meeting_id, title=TITLE)
    [pending] = pending_recoveries(db)
    editor = MinutesEditor.recover(db, pending)
    editor.show()
    qtbot.waitExposed(editor)
    assert editor.meeting_id == meeting_id
    assert editor.title_edit.text() == TITLE and editor.discussion.texts() == [POINT]
    assert editor.editor_key == "left-by-a-crash"
    assert pending_recoveries(db) == []  # taken over by an open editor
    assert editor.save() == meeting_id
    assert autosave_rows(db) == []
    editor.close()


def test_autosave_keeps_up_while_typing_goes_on(qtbot, db, editors, monkeypatch):
    from ogp_desktop.ui.editors.minutes import autosave as editor_autosave

    monkeypatch.setattr(editor_autosave, "AUTOSAVE_MAX_WAIT_S", 0.0)
    editor = editors(db)
    type_text(qtbot, editor.title_edit, "ab")
    # with no pause at all, a change after the longest wait is kept at once
    assert len(autosave_rows(db)) == 1
    assert json.loads(autosave_rows(db)[0].payload)["title"] in ("a", "ab")


def test_no_autosave_without_changes_and_none_left_after_closing(qtbot, db, editors, answers):
    editor = editors(db)
    assert not editor.autosave_now()
    # a second editor, opened later with the same delay, is typed into: once it has
    # autosaved, the moment the first one would have autosaved has passed too
    witness = editors(db)
    with qtbot.waitSignal(witness.autosaved):
        type_text(qtbot, witness.title_edit, "y")
    assert [r.editor_key for r in autosave_rows(db)] == [witness.editor_key]
    witness.discard_autosave()
    with qtbot.waitSignal(editor.autosaved):
        type_text(qtbot, editor.title_edit, "x")
    assert [r.editor_key for r in autosave_rows(db)] == [editor.editor_key]
    answers.queue.append(QMessageBox.StandardButton.Discard)
    editor.close()
    assert autosave_rows(db) == []
    with db.session() as s:
        assert s.scalar(select(func.count(Meeting.id))) == 0


def test_start_up_offers_work_left_by_a_crash(qtbot, demo_db, monkeypatch):
    """What an editor autosaved before the program died is offered again at the next start,
    and opening it brings the typed text back into an editor."""
    from PySide6.QtWidgets import QMessageBox

    from ogp_desktop.core.services import autosave
    from ogp_desktop.ui import app as app_mod
    from ogp_desktop.ui.editors.minutes import MinutesEditor

    editor = MinutesEditor(demo_db)
    qtbot.addWidget(editor)
    editor.title_edit.setText("محضر لم يُحفظ قبل انقطاع الكهرباء")
    with demo_db.session() as s:
        autosave.store(s, "crashed-editor", editor.state(), meeting_id=None,
                       title=editor.title_edit.text())

    def accept(box: QMessageBox) -> int:
        for button in box.buttons():
            if box.buttonRole(button) == QMessageBox.ButtonRole.AcceptRole:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", accept)
    editors = app_mod.offer_recoveries(demo_db, None)
    for e in editors:
        qtbot.addWidget(e)
    recovered = [e for e in editors if e.title_edit.text() == "محضر لم يُحفظ قبل انقطاع الكهرباء"]
    assert recovered, [e.title_edit.text() for e in editors]


def test_the_application_sees_open_editors_through_the_registry(qtbot, db, editors):
    """At start the application asks the light editor registry which autosaves are
    leftovers: one an editor of this process holds is not offered (no box is asked: the
    `answers` queue is empty), and once that editor has closed it is."""
    from ogp_desktop.ui import app as app_mod
    from ogp_desktop.ui import editor_registry
    from ogp_desktop.ui.editors.minutes import MinutesEditor

    with db.session() as s:
        autosave.store(s, "left-by-a-crash", {"title": TITLE, "date": "2021-07-28"},
                       meeting_id=None, title=TITLE)
    [pending] = editor_registry.pending_recoveries(db)
    editor = MinutesEditor.recover(db, pending)
    editor.show()
    qtbot.waitExposed(editor)
    assert "left-by-a-crash" in editor_registry.open_keys()
    assert app_mod.offer_recoveries(db, None) == []
    shiboken6.delete(editor)  # gone without closing, as in a crash: its autosave stays
    QApplication.processEvents()
    assert "left-by-a-crash" not in editor_registry.open_keys()
    assert [p.editor_key for p in editor_registry.pending_recoveries(db)] == ["left-by-a-crash"]


START_WITHOUT_LEFTOVERS = """
import sys
from PySide6.QtWidgets import QApplication
from ogp_desktop.core.db import open_database
from ogp_desktop.ui import app

qapp = QApplication(sys.argv[:1])
db = open_database(sys.argv[1])
assert app.offer_recoveries(db, None) == []
db.close()
print(sorted(m for m in sys.modules if m.startswith("ogp_desktop.ui.editors")))
"""


def test_start_up_without_leftovers_imports_no_editor(db):
    """Nothing to recover: the start-up check loads neither the editor nor its package."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", START_WITHOUT_LEFTOVERS, str(db.path)],
                          capture_output=True, text=True, cwd=root, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
