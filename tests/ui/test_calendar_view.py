"""The calendar section on the demo records, through its real widgets (offscreen) inside the
real main window: the month of July 2021 (Jordanian month names, Saturday first and
right-to-left in Arabic; Monday first, left-to-right in English), what the grid draws on
which day checked against `calendar.items_between`, clicks and Enter that open a meeting
in the minutes editor and a step in the step editor, the timeline of the 5th plan (all
seventeen steps, earlier dates on the right in Arabic), the upcoming list with a fixed
"today", the exports, and screenshots at 1366×768 for people to look at."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget
from sqlalchemy import select

from ogp_desktop.core import calendar
from ogp_desktop.core.calendar import CalendarKind
from ogp_desktop.core.models import Meeting, Phase, Plan, Step
from ogp_desktop.ui import common
from ogp_desktop.ui.main_window import MainWindow
from ogp_desktop.ui.views.widgets import ElidedLabel

TODAY = dt.date(2021, 7, 21)  # a Wednesday while the 5th plan was being prepared
JULY = (dt.date(2021, 7, 1), dt.date(2021, 7, 31))


# --- helpers -------------------------------------------------------------------------------


def open_calendar(qtbot, db, *, today: dt.date = TODAY, month=(2021, 7)):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_section("calendar")
    view.set_today(today)
    view.show_month(*month)
    QApplication.processEvents()
    return window, view


def close(window) -> None:
    assert window.close()


def fifth_plan(db):
    with db.session() as s:
        return s.scalar(select(Plan.id).where(Plan.ordinal == 5))


def step_id(db, number: int) -> int:
    with db.session() as s:
        return s.scalar(select(Step.id).join(Phase).join(Plan)
                        .where(Plan.ordinal == 5, Step.number == number))


def july_items(db, plan_id=None):
    with db.session() as s:
        return calendar.items_between(s, *JULY, plan_id, today=TODAY)


def click_at(qtbot, widget: QWidget, pos: QPoint) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    QApplication.processEvents()


def clipped(root: QWidget) -> list[str]:
    """Visible buttons, labels and combo boxes narrower than their text."""
    problems = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QAbstractButton) and w.text():
            if w.width() + 1 < w.sizeHint().width():
                problems.append(f"button {w.text()!r}")
        elif isinstance(w, QLabel) and not isinstance(w, ElidedLabel) and w.text() \
                and not w.wordWrap() and w.pixmap().isNull():
            if w.width() + 1 < w.sizeHint().width():
                problems.append(f"label {w.text()!r}")
        elif isinstance(w, QComboBox) and not w.isEditable() and w.currentText():
            if w.width() < w.fontMetrics().horizontalAdvance(w.currentText()) + 30:
                problems.append(f"combo {w.currentText()!r}")
    return problems


# --- the month grid --------------------------------------------------------------------------


def test_july_2021_in_arabic_is_jordanian_saturday_first_and_right_to_left(qtbot, arabic_ui,
                                                                           demo_db):
    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    assert view.month.title.text() == "تموز 2021"
    assert view.month.month_box.currentText() == "تموز"
    assert view.month.year_spin.text() == "2021"  # Western digits
    assert grid.first_weekday == 5  # Saturday (babel: ar_JO)
    saturday, sunday, friday = dt.date(2021, 7, 3), dt.date(2021, 7, 4), dt.date(2021, 7, 9)
    assert grid.column_of(saturday) == 0 and grid.column_of(friday) == 6
    # the week reads from the right: Saturday's column is the right-most
    assert grid.cell_rect(saturday).right() >= grid.width() - 2
    assert grid.cell_rect(saturday).x() > grid.cell_rect(sunday).x() > grid.cell_rect(friday).x()
    # the grid starts on Saturday 26 June and shows six weeks
    assert grid.grid_range() == (dt.date(2021, 6, 26), dt.date(2021, 8, 6))
    assert grid.layoutDirection() == Qt.LayoutDirection.RightToLeft  # from the app
    assert "تموز 2021" in view.status_text()
    close(window)


def test_the_grid_shows_the_steps_and_meetings_of_july_2021(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    items = july_items(demo_db)
    steps = [i for i in items if i.kind == CalendarKind.STEP]
    assert {i.number for i in steps} == {7, 9, 10, 11}  # derived above, known from the seed
    for item in steps:
        assert grid.rects_for(item), f"step {item.number} is not drawn"
        day = max(item.start, JULY[0])
        while day <= min(item.end, JULY[1]):
            assert item in grid.items_for_day(day)
            rect = grid.item_rect(item, day)
            assert rect is not None, (item.number, day)
            assert grid.cell_rect(day).contains(rect.center()), (item.number, day)
            day += dt.timedelta(days=1)
    # every item of the month is on its days, drawn there (nothing needs "+N more")
    for item in items:
        for day in (item.start, item.end):
            if JULY[0] <= day <= JULY[1]:
                assert item in grid.visible_items(day), (item.kind, item.title, day)

    def numbers_on(day: dt.date) -> set[int]:
        return {i.number for i in grid.visible_items(day) if i.kind == CalendarKind.STEP}

    assert numbers_on(dt.date(2021, 7, 20)) == {9}  # the first meeting of the working group
    assert numbers_on(dt.date(2021, 7, 26)) == {10}  # the second one
    assert numbers_on(dt.date(2021, 7, 15)) == {7} and numbers_on(dt.date(2021, 7, 16)) == set()
    assert numbers_on(dt.date(2021, 7, 29)) == {11} and numbers_on(dt.date(2021, 7, 31)) == {11}
    assert numbers_on(dt.date(2021, 7, 21)) == set()
    # step 7 runs to 15 July: one bar per week row, not one per day
    seven = next(i for i in steps if i.number == 7)
    assert len(grid.rects_for(seven)) == 3
    # the meeting of 28 July 2021
    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    meetings = [i for i in grid.visible_items(dt.date(2021, 7, 28)) if i.kind == CalendarKind.MEETING]
    assert [m.meeting_id for m in meetings] == [meeting_id]
    # key dates and action items due are there too
    kinds_15 = {i.kind for i in grid.visible_items(dt.date(2021, 7, 15))}
    assert CalendarKind.KEY_DATE in kinds_15
    assert sum(i.kind == CalendarKind.ACTION_DUE for i in grid.visible_items(dt.date(2021, 7, 13))) == 3
    # states as of 21/7/2021: the steps are done, the meeting upcoming, open actions late
    assert {i.state for i in steps} == {"done"}
    assert meetings[0].state == "upcoming"
    assert {i.state for i in items if i.kind == CalendarKind.ACTION_DUE} == {"late"}
    close(window)


def test_clicking_the_meeting_opens_the_minutes_editor_on_it(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    day = dt.date(2021, 7, 28)
    meeting = next(i for i in grid.visible_items(day) if i.kind == CalendarKind.MEETING)
    with qtbot.waitSignal(view.openRequested) as opened:
        click_at(qtbot, grid, grid.item_rect(meeting, day).center())
    assert opened.args == ["meeting", meeting.meeting_id]
    (editor,) = window.open_editors()
    assert type(editor).__name__ == "MinutesEditor"
    assert editor.meeting_id == meeting.meeting_id
    assert editor.title_edit.text() == meeting.title
    # a second click brings the same window forward
    click_at(qtbot, grid, grid.item_rect(meeting, day).center())
    assert window.open_editors() == [editor]
    assert window.close()
    assert window.open_editors() == []


def test_clicking_a_step_opens_the_step_editor_on_it(qtbot, arabic_ui, demo_db):
    from ogp_desktop.ui.editors.step_editor import StepEditor

    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    day = dt.date(2021, 7, 20)
    nine = next(i for i in grid.visible_items(day) if i.kind == CalendarKind.STEP)
    assert nine.step_id == step_id(demo_db, 9)
    click_at(qtbot, grid, grid.item_rect(nine, day).center())
    editor = view.last_editor
    assert isinstance(editor, StepEditor) and editor.isVisible()
    assert editor.step_id == nine.step_id
    assert editor.number.value() == 9
    assert editor.title_edit.toPlainText() == nine.title
    assert editor.start.value() == day
    # the same step again: the open editor comes forward
    click_at(qtbot, grid, grid.item_rect(nine, day).center())
    assert view.last_editor is editor
    editor.reject()

    # a long bar: a click on any of its days opens its step (7, on 5 July)
    seven = next(i for i in grid.visible_items(dt.date(2021, 7, 5)) if i.kind == CalendarKind.STEP)
    click_at(qtbot, grid, grid.item_rect(seven, dt.date(2021, 7, 5)).center())
    assert view.last_editor.step_id == step_id(demo_db, 7)
    view.last_editor.reject()

    # a key date opens its step too (15 July: the deadline of step 7)
    key = next(i for i in grid.visible_items(dt.date(2021, 7, 15)) if i.kind == CalendarKind.KEY_DATE)
    click_at(qtbot, grid, grid.item_rect(key, dt.date(2021, 7, 15)).center())
    assert view.last_editor.step_id == step_id(demo_db, 7)
    view.last_editor.reject()
    close(window)


def test_enter_on_a_day_opens_its_item(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    grid.setFocus()
    grid.set_current(dt.date(2021, 7, 19))
    # Arabic: the arrow to the left goes on to the next day
    qtbot.keyClick(grid, Qt.Key.Key_Left)
    assert grid.current == dt.date(2021, 7, 20)
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert opened.args == ["step", step_id(demo_db, 9)]
    view.last_editor.reject()
    # a day with several items lists them; choosing one opens it
    grid.set_current(dt.date(2021, 7, 13))
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    menu = grid.last_menu
    actions = [a for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
    assert len(actions) == len(grid.items_for_day(dt.date(2021, 7, 13))) == 4
    with qtbot.waitSignal(view.openRequested) as opened:
        actions[-1].trigger()  # an action item: its meeting opens
    assert opened.args[0] == "meeting"
    menu.close()
    # Page Down goes to the next month
    qtbot.keyClick(grid, Qt.Key.Key_PageDown)
    assert view.month.title.text() == "آب 2021"
    assert grid.current == dt.date(2021, 8, 13)
    assert window.close()


def test_moving_by_month_and_year_and_back_to_today(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    page = view.month
    qtbot.mouseClick(page.next_month_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "آب 2021"
    assert {i.number for i in page.grid.items() if i.kind == CalendarKind.STEP} >= {11, 12}
    qtbot.mouseClick(page.prev_year_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "آب 2020"
    qtbot.mouseClick(page.prev_month_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "تموز 2020"
    qtbot.mouseClick(page.next_year_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "تموز 2021"
    page.month_box.setCurrentIndex(page.month_box.findData(1))  # the chooser
    assert page.title.text() == "كانون الثاني 2021"
    page.year_spin.setValue(2019)
    assert page.title.text() == "كانون الثاني 2019"
    page.month_box.setCurrentIndex(page.month_box.findData(9))
    assert page.title.text() == "أيلول 2019"
    meeting_days = [i.start for i in page.grid.items() if i.kind == CalendarKind.MEETING]
    assert dt.date(2019, 9, 30) in meeting_days
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "تموز 2021"
    assert page.grid.today == TODAY and page.grid.current == TODAY
    assert window.close()


def test_plan_filter_keeps_one_plans_items(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    assert {i.plan_id for i in grid.items()} == {1, 2}  # the 4th plan's action items too
    fifth = fifth_plan(demo_db)
    view.plan_filter.setCurrentIndex(view.plan_filter.findData(fifth))
    assert {i.plan_id for i in grid.items()} == {fifth}
    assert [i.uuid for i in grid.items() if JULY[0] <= i.start <= JULY[1] or i.start < JULY[0]] == \
        [i.uuid for i in july_items(demo_db, fifth)]
    assert not [i for i in grid.visible_items(dt.date(2021, 7, 13)) if i.kind == CalendarKind.ACTION_DUE]
    assert window.close()


def test_english_is_monday_first_and_left_to_right(qtbot, english_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    grid = view.month.grid
    assert view.month.title.text() == "July 2021"
    assert grid.first_weekday == 0
    monday, tuesday = dt.date(2021, 7, 5), dt.date(2021, 7, 6)
    assert grid.cell_rect(monday).x() == 0 < grid.cell_rect(tuesday).x()
    assert grid.grid_range() == (dt.date(2021, 6, 28), dt.date(2021, 8, 1))
    assert {i.number for i in grid.visible_items(dt.date(2021, 7, 20)) if i.number} == {9}
    qtbot.keyClick(grid, Qt.Key.Key_Home)  # today
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.current == TODAY + dt.timedelta(days=1)
    assert window.close()


# --- the timeline ----------------------------------------------------------------------------


def test_the_timeline_shows_all_seventeen_steps_of_the_fifth_plan(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    view.show_tab("timeline")
    QApplication.processEvents()
    canvas = view.timeline.canvas
    with demo_db.session(write=False) as s:  # reads; fifth_plan opens its own unit of work
        expected = s.execute(select(Step.id, Step.number).join(Phase).join(Plan)
                             .where(Plan.ordinal == 5).order_by(Step.number)).all()
        meeting_ids = [m.meeting_id for m in calendar.timeline(s, fifth_plan(demo_db)).meetings]
    assert len(expected) == 17 and [n for _i, n in expected] == list(range(2, 19))
    assert canvas.timeline.plan_id == fifth_plan(demo_db)  # "all plans": the newest with phases
    assert sorted(canvas.step_ids()) == sorted(i for i, _n in expected)
    bars = canvas.bar_rects()
    for sid, _n in expected:
        assert bars[sid].width() >= 6 and canvas.rect().contains(bars[sid])
        assert canvas.label_rects()[sid].width() > 40  # labelled with its number and title
    assert len(canvas.phase_rects()) == 7
    # Arabic: earlier dates on the right
    first, last = bars[expected[0][0]], bars[expected[-1][0]]
    assert first.center().x() > last.center().x()
    assert canvas.x_for(dt.date(2021, 3, 14)) > canvas.x_for(dt.date(2021, 12, 20))
    # each step on its own row, in phase order
    tops = [bars[sid].top() for sid, _n in expected]
    assert tops == sorted(tops) and len(set(tops)) == 17
    # the meetings of the plan's committees as marks, and today
    assert list(canvas.mark_rects()) == meeting_ids and meeting_ids
    assert canvas.today_in_range
    assert view.status_text() == common._("Steps on the timeline: {n}").format(n=17)

    # zoom: the month shows more pixels per day; every zoom keeps all the steps
    widths = {}
    for zoom in ("month", "quarter", "year"):
        qtbot.mouseClick(view.timeline.zoom_buttons[zoom], Qt.MouseButton.LeftButton)
        assert canvas.zoom == zoom and len(canvas.step_ids()) == 17
        widths[zoom] = canvas.x_for(dt.date(2021, 3, 14)) - canvas.x_for(dt.date(2021, 12, 20))
    assert widths["month"] > widths["quarter"] > widths["year"] > 0
    close(window)


def test_clicks_on_the_timeline_open_steps_and_meetings(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    view.show_tab("timeline")
    canvas = view.timeline.canvas
    sid = step_id(demo_db, 12)
    view.timeline.scroll_area.ensureVisible(canvas.bar_rects()[sid].center().x(),
                                       canvas.bar_rects()[sid].center().y())
    click_at(qtbot, canvas, canvas.bar_rects()[sid].center())
    assert view.last_editor.step_id == sid
    view.last_editor.reject()
    (mid, rect), = canvas.mark_rects().items()
    click_at(qtbot, canvas, rect.center())
    (editor,) = window.open_editors()
    assert editor.meeting_id == mid
    # keyboard: Down goes through the marks and bars, Enter opens
    canvas.setFocus()
    canvas.current = None
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.keyClick(canvas, Qt.Key.Key_Return)
    assert opened.args == ["step", step_id(demo_db, 2)]
    view.last_editor.reject()
    assert window.close()


def test_english_timeline_runs_left_to_right(qtbot, english_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    view.show_tab("timeline")
    canvas = view.timeline.canvas
    assert canvas.x_for(dt.date(2021, 3, 14)) < canvas.x_for(dt.date(2021, 12, 20))
    assert len(canvas.step_ids()) == 17
    assert window.close()


# --- upcoming --------------------------------------------------------------------------------


def test_upcoming_lists_what_happens_in_the_next_days(qtbot, arabic_ui, demo_db):
    window, view = open_calendar(qtbot, demo_db)
    page = view.upcoming
    view.show_tab("upcoming")
    assert page.days.value() == 30
    with demo_db.session() as s:
        expected = calendar.upcoming(s, TODAY, 30)
    entries = page.entries()
    assert [(e.date, e.event, e.item.uuid) for e in entries] == \
        [(e.date, e.event, e.item.uuid) for e in expected]
    assert entries and all(TODAY <= e.date <= TODAY + dt.timedelta(days=30) for e in entries)
    kinds = {(e.item.kind, e.event) for e in entries}
    assert (CalendarKind.MEETING, "on") in kinds and (CalendarKind.STEP, "starts") in kinds
    assert page.tree.topLevelItemCount() == len(entries)
    assert page.tree.topLevelItem(0).text(0) == "26/7/2021"

    page.days.setValue(7)  # 21/7 … 28/7: the meeting is the last thing in the window
    short = page.entries()
    assert short and all(e.date <= dt.date(2021, 7, 28) for e in short)
    assert short[-1].item.kind == CalendarKind.MEETING
    assert len(short) < len(entries)

    # Enter on a line opens its record
    page.tree.setFocus()
    page.tree.setCurrentItem(page.tree.topLevelItem(len(short) - 1))
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert opened.args == ["meeting", short[-1].item.meeting_id]
    assert [e.meeting_id for e in window.open_editors()] == [short[-1].item.meeting_id]
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert view.last_editor.step_id == short[0].item.step_id
    view.last_editor.reject()
    assert window.close()


# --- exports ---------------------------------------------------------------------------------


def test_export_the_progress_report_and_the_calendar_file(qtbot, arabic_ui, demo_db, tmp_path,
                                                          monkeypatch):
    window, view = open_calendar(qtbot, demo_db)
    notices: list[str] = []
    view.notice.connect(notices.append)
    targets = iter([tmp_path / "report", tmp_path / "plan.ics"])
    monkeypatch.setattr(view, "choose_save_path", lambda *a: next(targets))
    qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.export_task.is_done() and bool(notices), timeout=30_000)
    report = tmp_path / "report.pdf"  # the extension is added
    assert report.read_bytes()[:5] == b"%PDF-"
    qtbot.mouseClick(view.ics_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(notices) == 2, timeout=30_000)
    text = (tmp_path / "plan.ics").read_text(encoding="utf-8")
    with demo_db.session() as s:
        uuids = s.scalars(select(Step.uuid).join(Phase).join(Plan).where(Plan.ordinal == 5)).all()
    assert text.startswith("BEGIN:VCALENDAR") and all(f"{u}@ogp-desktop" in text for u in uuids)
    assert str(tmp_path / "plan.ics") in notices[-1]
    assert window.close()


# --- screenshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "en"])
def test_screenshots_of_the_month_and_the_timeline(qtbot, qapp, demo_db, screenshot_dir, language):
    from ogp_desktop.ui.app import apply_language

    apply_language(qapp, language)
    try:
        window, view = open_calendar(qtbot, demo_db)
        QApplication.processEvents()
        image = window.grab()
        assert (image.width(), image.height()) == (1366, 768)
        path = screenshot_dir / f"calendar_month_{language}.png"
        assert image.save(str(path)) and path.stat().st_size > 20_000
        assert clipped(view) == []
        view.show_tab("timeline")
        QApplication.processEvents()
        path = screenshot_dir / f"calendar_timeline_{language}.png"
        assert window.grab().save(str(path)) and path.stat().st_size > 20_000
        assert clipped(view) == []
        for tab in ("upcoming", "phases"):
            view.show_tab(tab)
            QApplication.processEvents()
            assert clipped(view) == [], tab
        assert window.close()
    finally:
        apply_language(qapp, "ar")


# --- where the calendar opens, and its counts --------------------------------------------------


def click_calendar_section(qtbot, db, today: dt.date):
    """The main window as it starts, with "today" fixed before the calendar is first shown
    (the view's clock), then a click on the Calendar section in the side bar."""
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = window.sections["calendar"]
    view.set_today(today)
    nav = window.nav
    item = nav.item(list(window.sections).index("calendar"))
    click_at(qtbot, nav.viewport(), nav.visualItemRect(item).center())
    assert window.current_key() == "calendar" and view.isVisible()
    return window, view


def choose_plan_by_click(qtbot, combo: QComboBox, plan_id: int | None) -> None:
    """Open the plan chooser with a click and click the plan's line in its list."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    index = popup.model().index(combo.findData(plan_id), 0)
    popup.scrollTo(index)

    def click_line() -> bool:
        # Qt ignores a release in the list for a double-click interval after it opens: a
        # person who clicks too soon clicks again
        if popup.isVisible():
            qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                             pos=popup.visualRect(index).center())
        return not popup.isVisible()

    qtbot.waitUntil(click_line)


def shown_uuids(grid) -> set[str]:
    """The items the grid paints, plus those it counts in a day's "+N more"."""
    shown = {p.item.uuid for p in grid.placed()}
    first, last = grid.grid_range()
    day = first
    while day <= last:
        if grid.more_rect(day) is not None:
            shown |= {i.uuid for i in grid.items_for_day(day)}
        day += dt.timedelta(days=1)
    return shown


def month_status(window, title: str, n: int) -> bool:
    return window.count_label.text() == common._("{month}: {n} items on the calendar").format(
        month=title, n=n)


def test_the_calendar_opens_on_the_month_of_the_plans_next_item(qtbot, arabic_ui, demo_db,
                                                                screenshot_dir):
    # 10/1/2021: January is empty; the commitment committee meets on 9/2/2021 (4th plan)
    window, view = click_calendar_section(qtbot, demo_db, dt.date(2021, 1, 10))
    grid = view.month.grid
    assert view.plan_filter.value() is None  # all plans
    assert view.month.title.text() == "شباط 2021"
    assert (grid.year, grid.month, grid.current) == (2021, 2, dt.date(2021, 2, 9))
    assert any(i.kind == CalendarKind.MEETING for i in grid.visible_items(dt.date(2021, 2, 9)))
    assert month_status(window, "شباط 2021", len(shown_uuids(grid)))
    window.grab().save(str(screenshot_dir / "calendar_opens_february_2021.png"))
    # the keyboard chooses the 5th plan (the first after "All plans"): its first step, 14/3/2021
    combo = view.plan_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.value() == fifth_plan(demo_db)
    assert view.month.title.text() == "آذار 2021"
    assert grid.current == dt.date(2021, 3, 14)
    assert [i.number for i in grid.visible_items(dt.date(2021, 3, 14))
            if i.kind == CalendarKind.STEP] == [2]
    assert month_status(window, "آذار 2021", len(shown_uuids(grid)))
    # a click chooses the 4th plan: back to its meeting of February
    with demo_db.session() as s:
        fourth = s.scalar(select(Plan.id).where(Plan.ordinal == 4))
    choose_plan_by_click(qtbot, combo, fourth)
    assert combo.value() == fourth
    assert view.month.title.text() == "شباط 2021"
    assert {i.plan_id for i in grid.items()} == {fourth}
    # a month chosen by the person stays when the section is shown again
    qtbot.mouseClick(view.month.next_month_button, Qt.MouseButton.LeftButton)
    window.show_section("meetings")
    window.records_changed("meetings")
    window.show_section("calendar")
    assert view.month.title.text() == "آذار 2021"
    assert window.close()


def test_when_everything_is_past_the_calendar_opens_on_the_last_item(qtbot, arabic_ui, demo_db,
                                                                   screenshot_dir):
    window, view = click_calendar_section(qtbot, demo_db, dt.date(2022, 3, 1))
    grid = view.month.grid
    assert view.month.title.text() == "كانون الأول 2021"  # step 18, 20/12/2021
    assert grid.current == dt.date(2021, 12, 20)
    window.grab().save(str(screenshot_dir / "calendar_opens_december_2021.png"))
    combo = view.plan_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last line: the 4th plan
    assert view.month.title.text() == "تموز 2021"  # its last action item is due 13/7/2021
    assert grid.current == dt.date(2021, 7, 13)
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # all plans again
    assert view.month.title.text() == "كانون الأول 2021"
    assert window.close()


def test_without_records_the_calendar_opens_on_today(qtbot, arabic_ui, db):
    window, view = click_calendar_section(qtbot, db, dt.date(2026, 12, 2))
    assert view.month.title.text() == "كانون الأول 2026"
    assert month_status(window, "كانون الأول 2026", 0)
    assert window.close()


def test_the_status_count_is_what_the_grid_shows(qtbot, arabic_ui, demo_db, screenshot_dir):
    window, view = click_calendar_section(qtbot, demo_db, TODAY)
    page, grid = view.month, view.month.grid
    assert page.title.text() == "تموز 2021"
    for _n in range(5):
        qtbot.mouseClick(page.next_month_button, Qt.MouseButton.LeftButton)
    assert page.title.text() == "كانون الأول 2021"
    QApplication.processEvents()
    # December 2021: the bars of steps 15 and 16 (on 27–28 November, shown greyed) and of 17
    # and 18; nothing is hidden in "+N more"
    drawn = shown_uuids(grid)
    assert drawn == {p.item.uuid for p in grid.placed()}
    assert any(p.first.month == 11 for p in grid.placed())
    assert month_status(window, "كانون الأول 2021", len(drawn))
    # the legend names the plans shown, and only those (July's 4th plan is gone from sight)
    plans = [w.text() for w in page.legend.findChildren(QLabel) if w.isVisible()
             and w.text() in (view.plan_names()[p] for p in view.plan_names())]
    assert plans == [view.plan_names()[fifth_plan(demo_db)]]
    window.grab().save(str(screenshot_dir / "calendar_december_2021_count.png"))
    # every month of 2021, back by the button: the count is what is shown
    for _n in range(12):
        assert month_status(window, page.title.text(), len(shown_uuids(grid))), \
            (page.title.text(), window.count_label.text())
        qtbot.mouseClick(page.prev_month_button, Qt.MouseButton.LeftButton)
    # the timeline counts its bars, the upcoming list its lines
    tabs = view.tabs.tabBar()
    click_at(qtbot, tabs, tabs.tabRect(1).center())
    assert view.tabs.currentWidget() is view.timeline
    assert window.count_label.text() == common._("Steps on the timeline: {n}").format(
        n=len(view.timeline.canvas.bar_rects()))
    click_at(qtbot, tabs, tabs.tabRect(2).center())
    assert view.tabs.currentWidget() is view.upcoming
    assert window.count_label.text() == common._("Upcoming items: {n}").format(
        n=view.upcoming.tree.topLevelItemCount())
    assert window.close()
