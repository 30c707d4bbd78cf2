"""Other users' saves appear without a restart (#12 item 3, LISTEN/NOTIFY): the main window
open as one login on the real server (tests/pg_server.py); another login creates minutes
and moves a step through the services; the list of minutes and the calendar show them.
On a SQLite file nothing listens. Arabic, offscreen."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ogp_desktop.core.calendar import CalendarKind
from ogp_desktop.core.db import open_database
from ogp_desktop.core.models import Phase, Plan, Step
from ogp_desktop.core.server import admin
from ogp_desktop.core.services import directory, leases, meetings, steps
from ogp_desktop.ui.main_window import MainWindow
from ogp_desktop.ui.models.meetings import MeetingsModel

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")
PASSWORD = "a-long-password-1"
TITLE = "محضر اجتماع اللجنة التوجيهية الطارئ"
OLD_DAY, NEW_DAY = dt.date(2021, 7, 20), dt.date(2021, 7, 22)  # step 9 of the 5th plan


@pytest.fixture
def office(pg, demo_template):
    """A server set up by `server init` with the demo records; me (a viewer: I only read,
    so everything I see comes from the other) and a colleague who writes."""
    name = "live_" + uuid.uuid4().hex[:8]
    tag = name[-8:]
    admin.init_server(pg.url(name), f"admin_{tag}", "مي عليمات", PASSWORD)
    db = open_database(pg.url(name))
    try:
        admin.import_sqlite(db, demo_template)
        admin.add_user(db, f"rana_{tag}", "رنا الحسن", "viewer", PASSWORD)
        admin.add_user(db, f"salma_{tag}", "سلمى الخطيب", "editor", PASSWORD)
    finally:
        db.close()
    mine = open_database(pg.url(name, f"rana_{tag}", PASSWORD))
    theirs = open_database(pg.url(name, f"salma_{tag}", PASSWORD))
    yield mine, theirs
    mine.close()
    theirs.close()
    pg.drop_database(name)


def _window(qtbot, db) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _step_nine(db) -> int:
    with db.session(write=False) as s:
        return s.scalar(select(Step.id).join(Phase).join(Plan)
                        .where(Plan.ordinal == 5, Step.number == 9))


def _steps_on(view, day: dt.date) -> set[int]:
    return {i.number for i in view.month.grid.visible_items(day) if i.kind == CalendarKind.STEP}


def test_saves_by_another_login_appear_in_the_list_and_the_calendar(qtbot, office,
                                                                    screenshot_dir):
    mine, theirs = office
    window = _window(qtbot, mine)
    assert window.live is not None
    qtbot.waitUntil(lambda: window.live.listening, timeout=10_000)
    view = window.show_section("meetings")  # the home screen opens first
    assert view.model.find(lambda r: r.title == TITLE) < 0
    selected = view.model.row(0).id  # the person's selection stays through the reloads
    rect = view.table.visualRect(view.model.index(0, 1))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: [m.id for m in view.selected_meetings()] == [selected])

    with theirs.session() as s:  # new minutes, and their editor open on them
        new_id = meetings.save_minutes(s, meetings.MinutesData(
            title=TITLE, date=dt.date(2026, 12, 3), committee="اللجنة التوجيهية")).id
    qtbot.waitUntil(lambda: view.model.find(lambda r: r.title == TITLE) >= 0, timeout=10_000)
    with theirs.session() as s:
        leases.take(s, new_id)
    row = lambda: view.model.find(lambda r: r.id == new_id)  # noqa: E731
    qtbot.waitUntil(lambda: "سلمى الخطيب" in view.model.index(
        row(), MeetingsModel.STATUS_COLUMN).data(), timeout=10_000)
    assert [m.id for m in view.selected_meetings()] == [selected]
    assert window.count_label.text() == view.status_text()
    window.grab().save(str(screenshot_dir / "i12_live_list_ar.png"))

    calendar = window.show_section("calendar")
    calendar.show_month(2021, 7)
    assert 9 in _steps_on(calendar, OLD_DAY)
    with theirs.session() as s:
        steps.update_step(s, _step_nine(theirs), start=NEW_DAY, end=NEW_DAY)
    qtbot.waitUntil(lambda: 9 in _steps_on(calendar, NEW_DAY), timeout=10_000)
    assert 9 not in _steps_on(calendar, OLD_DAY)
    assert (calendar.month.grid.year, calendar.month.grid.month) == (2021, 7)  # stayed
    window.grab().save(str(screenshot_dir / "i12_live_calendar_ar.png"))

    live = window.live.listener
    assert window.close()
    assert window.live is None and live.stopped  # closing the window stops listening
    qtbot.waitUntil(lambda: not live.listening.is_set())


def test_a_section_with_a_form_is_not_reloaded_under_the_typing(qtbot, office):
    mine, theirs = office
    window = _window(qtbot, mine)
    qtbot.waitUntil(lambda: window.live.listening, timeout=10_000)
    plans_view = window.show_section("plans")
    with theirs.session() as s:
        steps.update_step(s, _step_nine(theirs), title="خطوة معدّلة")  # steps: not its tables
        directory.add_organisation(s, name="وزارة الاقتصاد الرقمي والريادة")
    qtbot.waitUntil(lambda: "F5" in window.statusBar().currentMessage(), timeout=10_000)
    assert plans_view._stale  # reloads on F5 or when shown next
    assert window.close()


def test_a_file_has_nobody_else_to_hear(qtbot, demo_db):
    window = _window(qtbot, demo_db)
    assert window.live is None
    assert window.close()
