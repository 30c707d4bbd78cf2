"""The calendar of the records (core/calendar.py): the state of a step on a day, the items
of a date range, the "upcoming" list and a plan's timeline, on the demo records.

Expectations are derived from demo_data (the secretariat's documents typed in), not from
the program's output."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from ogp_desktop.core import demo_data
from ogp_desktop.core.calendar import (
    CalendarKind,
    StepState,
    UpcomingEvent,
    by_day,
    focus_day,
    items_between,
    step_span,
    step_state,
    timeline,
    upcoming,
)
from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import Meeting, Plan, Step
from ogp_desktop.core.services import plans, signing

D = dt.date.fromisoformat


def step(start=None, end=None, done=False):
    return SimpleNamespace(start_date=D(start) if start else None,
                           end_date=D(end) if end else None, done=done)


# --- step_state -------------------------------------------------------------------------------


@pytest.mark.parametrize("s, day, want", [
    # a range 14/3 – 1/4/2021
    (step("2021-03-14", "2021-04-01"), "2021-03-13", StepState.UPCOMING),
    (step("2021-03-14", "2021-04-01"), "2021-03-14", StepState.RUNNING),  # first day
    (step("2021-03-14", "2021-04-01"), "2021-03-20", StepState.RUNNING),
    (step("2021-03-14", "2021-04-01"), "2021-04-01", StepState.RUNNING),  # last day
    (step("2021-03-14", "2021-04-01"), "2021-04-02", StepState.LATE),  # the day after, not done
    # a single-day step (start, no end) is running on its day only
    (step("2021-04-28"), "2021-04-27", StepState.UPCOMING),
    (step("2021-04-28"), "2021-04-28", StepState.RUNNING),
    (step("2021-04-28"), "2021-04-29", StepState.LATE),
    # an end without a start: a single day on the end
    (step(end="2021-05-06"), "2021-05-06", StepState.RUNNING),
    (step(end="2021-05-06"), "2021-05-07", StepState.LATE),
    (step(end="2021-05-06"), "2021-05-01", StepState.UPCOMING),
    # done wins over every date
    (step("2021-03-14", "2021-04-01", done=True), "2021-03-01", StepState.DONE),
    (step("2021-03-14", "2021-04-01", done=True), "2021-03-20", StepState.DONE),
    (step("2021-03-14", "2021-04-01", done=True), "2025-01-01", StepState.DONE),
    # no dates at all: upcoming (planned, not scheduled; never late)
    (step(), "2021-01-01", StepState.UPCOMING),
    (step(), "2030-01-01", StepState.UPCOMING),
    (step(done=True), "2030-01-01", StepState.DONE),
])
def test_step_state(s, day, want):
    assert step_state(s, D(day)) == want


def test_step_state_of_a_model_row_and_span():
    row = Step(number=1, title="x", start_date=D("2021-11-28"), end_date=D("2021-12-12"), done=False)
    assert step_state(row, D("2021-12-01")) == StepState.RUNNING
    assert step_span(None, None) is None
    assert step_span(D("2021-04-28"), None) == (D("2021-04-28"), D("2021-04-28"))


# --- expectations from demo_data ------------------------------------------------------------


def _plan5_steps() -> list[dict]:
    plan = next(p for p in demo_data.PLANS if p["key"] == "plan5")
    return [st for ph in plan["phases"] for st in ph["steps"]]


def _span(st: dict) -> tuple[dt.date, dt.date]:
    first = st["start"] or st["end"]
    last = st["end"] or st["start"]
    return D(first), D(last)


def _steps_overlapping(a: dt.date, b: dt.date) -> set[int]:
    return {st["number"] for st in _plan5_steps() if _span(st)[0] <= b and _span(st)[1] >= a}


def _key_dates_in(a, b) -> set[tuple[int, str, dt.date]]:
    return {(st["number"], k["label"], D(k["date"])) for st in _plan5_steps()
            for k in st["key_dates"] if a <= D(k["date"]) <= b}


def _meetings_in(a, b, plan_title=None) -> set[tuple[str, dt.date]]:
    return {(m["title"], D(m["date"])) for m in demo_data.MEETINGS
            if a <= D(m["date"]) <= b and (plan_title is None or m["plan"] == plan_title)}


def _actions_in(a, b, plan_title=None) -> list[tuple[str, dt.date]]:
    return sorted((it["text"], D(it["due"])) for m in demo_data.MEETINGS
                  for it in m["action_items"]
                  if it.get("due") and a <= D(it["due"]) <= b and it["status"] != "cancelled"
                  and (plan_title is None or m["plan"] == plan_title))


@pytest.fixture
def plan5_id(demo_db) -> int:
    with demo_db.session() as s:
        return s.scalar(select(Plan.id).where(Plan.ordinal == 5))


JULY = (D("2021-07-01"), D("2021-07-31"))


def test_july_2021_holds_what_the_documents_say(demo_db):
    with demo_db.session() as s:
        items = items_between(s, *JULY, today=D("2021-07-20"))
        kinds = {k: [i for i in items if i.kind == k] for k in CalendarKind}
        assert {i.number for i in kinds[CalendarKind.STEP]} == _steps_overlapping(*JULY)
        assert {i.number for i in kinds[CalendarKind.STEP]} >= {7, 9, 10, 11}
        assert {(i.number, i.title, i.start) for i in kinds[CalendarKind.KEY_DATE]} == _key_dates_in(*JULY)
        assert {(i.title, i.start) for i in kinds[CalendarKind.MEETING]} == _meetings_in(*JULY)
        assert (demo_data.MEETING_001["title"], D("2021-07-28")) in {
            (i.title, i.start) for i in kinds[CalendarKind.MEETING]}
        assert sorted((i.title, i.start) for i in kinds[CalendarKind.ACTION_DUE]) == _actions_in(*JULY)
        # sorted by date
        assert [i.start for i in items] == sorted(i.start for i in items)
        # a step running across the month keeps its whole span (a bar in the month grid)
        step7 = next(i for i in kinds[CalendarKind.STEP] if i.number == 7)
        st7 = next(st for st in _plan5_steps() if st["number"] == 7)
        assert (step7.start, step7.end) == _span(st7) and step7.multi_day
        assert step7.on(D("2021-07-01")) and not step7.on(D("2021-07-16"))
        # what opens what
        step_row = s.get(Step, step7.step_id)
        assert step_row.number == 7 and step7.target == ("step", step_row.id)
        meeting = kinds[CalendarKind.MEETING][0]
        assert meeting.target == ("meeting", meeting.meeting_id)
        assert s.get(Meeting, meeting.meeting_id).title == demo_data.MEETING_001["title"]
        for kd in kinds[CalendarKind.KEY_DATE]:
            assert kd.target == ("step", kd.step_id) and s.get(Step, kd.step_id).number == kd.number
        for a in kinds[CalendarKind.ACTION_DUE]:
            assert a.target[0] == "meeting" and a.action_item_id is not None


def test_states_in_july_as_of_a_given_day(demo_db):
    today = D("2021-07-20")
    with demo_db.session() as s:
        items = items_between(s, *JULY, today=today)
    by_number = {i.number: i for i in items if i.kind == CalendarKind.STEP}
    for st in _plan5_steps():
        if st["number"] in by_number:
            want = step_state(SimpleNamespace(start_date=D(st["start"]),
                                              end_date=D(st["end"]) if st["end"] else None,
                                              done=st["done"]), today)
            assert by_number[st["number"]].state == want
    meeting = next(i for i in items if i.kind == CalendarKind.MEETING)
    assert meeting.state == StepState.UPCOMING  # 28/7 after 20/7
    # the open action items of 13/7 are late on 20/7
    assert {i.state for i in items if i.kind == CalendarKind.ACTION_DUE} == {StepState.LATE}
    with demo_db.session() as s:
        later = items_between(s, *JULY, today=D("2021-07-28"))
    assert next(i for i in later if i.kind == CalendarKind.MEETING).state == StepState.RUNNING


def test_plan_filter_keeps_one_plans_records(demo_db, plan5_id):
    june = (D("2021-06-01"), D("2021-06-30"))
    with demo_db.session() as s:
        everything = items_between(s, *june, today=D("2021-06-01"))
        plan5 = items_between(s, *june, plan5_id, today=D("2021-06-01"))
    # the implementation committee of the 4th plan met on 14/6/2021
    assert _meetings_in(*june) == {(demo_data.MEETING_000["title"], D("2021-06-14"))}
    assert {(i.title, i.start) for i in everything if i.kind == CalendarKind.MEETING} == _meetings_in(*june)
    assert not [i for i in plan5 if i.kind in (CalendarKind.MEETING, CalendarKind.ACTION_DUE)]
    assert {i.plan_id for i in plan5} == {plan5_id}
    assert {i.number for i in plan5 if i.kind == CalendarKind.STEP} == _steps_overlapping(*june)
    plan5_title = demo_data.PLAN5_TITLE
    with demo_db.session() as s:
        july5 = items_between(s, *JULY, plan5_id)
    assert {(i.title, i.start) for i in july5 if i.kind == CalendarKind.MEETING} == \
        _meetings_in(*JULY, plan5_title)
    assert sorted((i.title, i.start) for i in july5 if i.kind == CalendarKind.ACTION_DUE) == \
        _actions_in(*JULY, plan5_title)


def test_an_amended_meeting_is_shown_once_in_its_latest_version(demo_db):
    feb = (D("2021-02-01"), D("2021-02-28"))
    with demo_db.session() as s:
        signed = s.scalar(select(Meeting).where(Meeting.date == D("2021-02-09")))
        new = signing.amend(s, signed.id)
        new_id = new.id
    with demo_db.session() as s:
        items = items_between(s, *feb, today=D("2021-03-01"))
    meetings = [i for i in items if i.kind == CalendarKind.MEETING]
    assert [m.meeting_id for m in meetings] == [new_id]
    due = _actions_in(*feb)
    assert sorted((i.title, i.start) for i in items if i.kind == CalendarKind.ACTION_DUE) == due
    assert {i.meeting_id for i in items if i.kind == CalendarKind.ACTION_DUE} == {new_id}


def test_items_between_runs_four_queries(demo_db):
    statements = []
    with demo_db.session() as s:
        listener = lambda *a, **k: statements.append(a[2])  # noqa: E731
        event.listen(demo_db.engine, "before_cursor_execute", listener)
        try:
            items_between(s, D("2021-01-01"), D("2021-12-31"))
        finally:
            event.remove(demo_db.engine, "before_cursor_execute", listener)
    selects = [x for x in statements if x.lstrip().upper().startswith("SELECT")
               and "pg_advisory_xact_lock" not in x]  # a server's write lock, not a query
    assert len(selects) == 4, selects


def test_empty_and_reversed_ranges(demo_db):
    with demo_db.session() as s:
        assert items_between(s, D("2021-07-31"), D("2021-07-01")) == []
        assert items_between(s, D("1999-01-01"), D("1999-12-31")) == []
        one_day = items_between(s, D("2021-04-28"), D("2021-04-28"), today=D("2021-05-01"))
    # step 3 on 28/4, and step 4 starting that day
    assert {i.number for i in one_day if i.kind == CalendarKind.STEP} == _steps_overlapping(
        D("2021-04-28"), D("2021-04-28")) == {3, 4}


# --- upcoming -----------------------------------------------------------------------------------


def _expected_upcoming(today: dt.date, days: int) -> set[tuple]:
    last = today + dt.timedelta(days=days)
    want = set()
    for st in _plan5_steps():
        first, end = _span(st)
        if first == end:
            if today <= first <= last:
                want.add((first, "on", "step", st["number"]))
            continue
        if today <= first <= last:
            want.add((first, "starts", "step", st["number"]))
        if today <= end <= last:
            want.add((end, "ends", "step", st["number"]))
    for number, _label, day in _key_dates_in(today, last):
        want.add((day, "on", "key_date", number))
    for title, day in _meetings_in(today, last):
        want.add((day, "on", "meeting", title))
    for text, day in _actions_in(today, last):
        want.add((day, "on", "action_due", text))
    return want


def _as_tuples(entries) -> set[tuple]:
    out = set()
    for e in entries:
        key = e.item.number if e.item.kind in (CalendarKind.STEP, CalendarKind.KEY_DATE) else e.item.title
        out.add((e.date, e.event.value, e.item.kind.value, key))
    return out


@pytest.mark.parametrize("today, days", [("2021-07-10", 30), ("2021-11-20", 30), ("2021-05-01", 14),
                                          ("2021-07-28", 0)])
def test_upcoming_from_the_demo(demo_db, today, days):
    with demo_db.session() as s:
        entries = upcoming(s, D(today), days)
    assert _as_tuples(entries) == _expected_upcoming(D(today), days)
    assert len(entries) == len(_as_tuples(entries))
    assert [e.date for e in entries] == sorted(e.date for e in entries)


@pytest.mark.parametrize("today, plan, want", [
    # before anything: the 4th plan's first meeting (30/9/2019), the 5th plan's first step (14/3/2021)
    ("2019-01-01", None, "2019-09-30"), ("2019-01-01", 4, "2019-09-30"),
    ("2019-01-01", 5, "2021-03-14"),
    # January 2021 is empty: the commitment committee's meeting of Tuesday 9/2/2021 is next
    ("2021-01-10", None, "2021-02-09"), ("2021-01-10", 4, "2021-02-09"),
    ("2021-01-10", 5, "2021-03-14"),
    # while step 15 runs (21/9 – 28/11/2021): today; the 4th plan's last action is due 13/7/2021
    ("2021-10-05", None, "2021-10-05"), ("2021-10-05", 5, "2021-10-05"),
    ("2021-10-05", 4, "2021-07-13"),
    # all past: the last one (step 18, 20/12/2021)
    ("2022-03-01", None, "2021-12-20"), ("2022-03-01", 5, "2021-12-20"),
])
def test_focus_day_is_the_plans_next_item_or_its_last(demo_db, today, plan, want):
    with demo_db.session() as s:
        plan_id = s.scalar(select(Plan.id).where(Plan.ordinal == plan)) if plan else None
        assert focus_day(s, D(today), plan_id) == D(want)


def test_focus_day_of_a_plan_without_records_is_none(db):
    with db.session() as s:
        assert focus_day(s, D("2026-12-02")) is None


def test_upcoming_july_2021_reads_like_the_calendar(demo_db, plan5_id):
    with demo_db.session() as s:
        entries = upcoming(s, D("2021-07-10"), 30, plan5_id)
    lines = [(e.date.isoformat(), e.event, e.item.kind, e.item.number) for e in entries]
    assert lines == [
        ("2021-07-15", UpcomingEvent.ENDS, CalendarKind.STEP, 7),  # deadline of proposals
        ("2021-07-15", UpcomingEvent.ON, CalendarKind.KEY_DATE, 7),
        ("2021-07-20", UpcomingEvent.ON, CalendarKind.STEP, 9),
        ("2021-07-26", UpcomingEvent.ON, CalendarKind.STEP, 10),
        ("2021-07-28", UpcomingEvent.ON, CalendarKind.MEETING, None),
        ("2021-07-29", UpcomingEvent.STARTS, CalendarKind.STEP, 11),
        ("2021-07-29", UpcomingEvent.ON, CalendarKind.KEY_DATE, 11),
    ]


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_of_the_5th_plan(demo_db, plan5_id):
    today = D("2021-10-01")
    with demo_db.session() as s:
        t = timeline(s, plan5_id, today=today)
    plan = next(p for p in demo_data.PLANS if p["key"] == "plan5")
    assert t.title == plan["title"] and (t.first_year, t.last_year) == (2021, 2025)
    assert [p.number for p in t.phases] == [ph["number"] for ph in plan["phases"]]
    assert [p.title for p in t.phases] == [ph["title"] for ph in plan["phases"]]
    assert [s.number for s in t.steps] == list(range(2, 19))
    assert len(t.steps) == 17
    for ph_data, ph in zip(plan["phases"], t.phases, strict=True):
        spans = [_span(st) for st in ph_data["steps"]]
        assert (ph.start, ph.end) == (min(a for a, _ in spans), max(b for _, b in spans))
        for st_data, st in zip(ph_data["steps"], ph.steps, strict=True):
            assert (st.start, st.end) == _span(st_data)
            assert st.title == st_data["title"] and st.done == st_data["done"]
            assert [(k.label, k.date) for k in st.key_dates] == [
                (k["label"], D(k["date"])) for k in st_data["key_dates"]]
    # 15: 21/9 – 28/11, not done, running on 1/10; 14 (25/11) upcoming
    by_number = {s.number: s for s in t.steps}
    assert by_number[15].state == StepState.RUNNING and by_number[14].state == StepState.UPCOMING
    assert by_number[2].state == StepState.DONE
    assert [(m.date, m.title) for m in t.meetings] == [
        (D(m["date"]), m["title"]) for m in demo_data.MEETINGS if m["plan"] == demo_data.PLAN5_TITLE]
    assert t.meetings[0].committee == demo_data.NWG5
    all_days = [d for st in _plan5_steps() for d in _span(st)]
    assert t.start == min(all_days) and t.end == max(all_days)


def test_timeline_keeps_undated_steps_and_refuses_unknown_plans(demo_db, plan5_id):
    with demo_db.session() as s:
        plan = s.get(Plan, plan5_id)
        phase = plan.phases[-1]
        plans.add_step(s, phase, number=19, title="خطوة بلا تاريخ")
        t = timeline(s, plan5_id, today=D("2030-01-01"))
        undated = t.steps[-1]
        assert undated.number == 19 and undated.start is None and not undated.dated
        assert undated.state == StepState.UPCOMING
        assert t.phases[-1].end == D("2021-12-20")  # undated steps do not move the phase
        with pytest.raises(NotFoundError):
            timeline(s, 9999)


def test_by_day_fills_a_month_grid(demo_db):
    with demo_db.session() as s:
        items = items_between(s, *JULY, today=D("2021-07-20"))
    days = by_day(items, *JULY)
    assert list(days) == [JULY[0] + dt.timedelta(days=i) for i in range(31)]
    # step 7 (10/5 – 15/7) is on 1..15 July, not after; the 28th has the meeting
    on = lambda day, kind: {i.number if i.number is not None else i.title  # noqa: E731
                            for i in days[D(day)] if i.kind == kind}
    assert 7 in on("2021-07-01", CalendarKind.STEP) and 7 in on("2021-07-15", CalendarKind.STEP)
    assert 7 not in on("2021-07-16", CalendarKind.STEP)
    assert on("2021-07-28", CalendarKind.MEETING) == {demo_data.MEETING_001["title"]}
    assert on("2021-07-29", CalendarKind.STEP) == {11} and on("2021-07-29", CalendarKind.KEY_DATE) == {11}
    assert sum(len(v) for v in days.values()) == sum(
        (min(i.end, JULY[1]) - max(i.start, JULY[0])).days + 1 for i in items)
