"""The calendar of the records: what happens on which day, for the month grid, the
timeline and the "upcoming" list. Read-only and Qt-free: plain dataclasses out of a few
column queries, so a month of the ten-year database is a handful of milliseconds.

    step_state(step, day) -> StepState
    items_between(session, start, end, plan_id=None, *, today=None) -> list[CalendarItem]
    by_day(items, start, end) -> {date: [CalendarItem]}
    focus_day(session, today, plan_id=None) -> date | None   (where a calendar opens)
    upcoming(session, today, days=30, plan_id=None) -> list[UpcomingEntry]
    timeline(session, plan_id, *, today=None) -> Timeline

State of a step on a day (`step_state`)
---------------------------------------
* **done** when its done flag is set, whatever its dates say;
* otherwise its span is start..end, both inclusive. A step with a start and no end is a
  single-day step (start..start); one with only an end is a single-day step on that end;
* **late** when the span's last day is before `day` (past its end and not done);
* **running** when start <= day <= end (a single-day step is running on its day);
* **upcoming** when its start is after `day`;
* a step with no dates at all is **upcoming** (it is planned but not scheduled; it can
  not be late).

The other items get a state on the same scale, so one colour legend serves all of them:
a key date is done when its step is done, else late / running (that day) / upcoming like
a single-day step; a meeting is done once its day is past, running on the day, upcoming
before; an action item is done when its follow-up status is done, else late / running /
upcoming by its due date. Cancelled action items are not on the calendar (nothing is due).

Which meetings: every meeting is shown once, in its latest version (a signed version that
an amendment corrects is left out, and so are its action items). A meeting belongs to a
plan when it names the plan or its committee belongs to the plan.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Committee,
    KeyDate,
    Meeting,
    Phase,
    Plan,
    Step,
)


class StepState(enum.StrEnum):
    DONE = "done"
    RUNNING = "running"
    UPCOMING = "upcoming"
    LATE = "late"


class CalendarKind(enum.StrEnum):
    STEP = "step"
    KEY_DATE = "key_date"
    MEETING = "meeting"
    ACTION_DUE = "action_due"


# order of kinds on the same day: what spans days first, then the day's events
_KIND_ORDER = {CalendarKind.STEP: 0, CalendarKind.KEY_DATE: 1, CalendarKind.MEETING: 2,
               CalendarKind.ACTION_DUE: 3}


def step_span(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The inclusive span of a step: (start, end), (start, start) with no end, (end, end)
    with no start, None without dates."""
    first = start or end
    last = end or start
    if first is None or last is None:
        return None
    return first, last


def _state(done: bool, span: tuple[dt.date, dt.date] | None, day: dt.date) -> StepState:
    if done:
        return StepState.DONE
    if span is None:
        return StepState.UPCOMING
    first, last = span
    if last < day:
        return StepState.LATE
    if first <= day:
        return StepState.RUNNING
    return StepState.UPCOMING


def step_state(step: Any, day: dt.date) -> StepState:
    """The state of a step on `day` (rules in the module docstring). `step` is a
    `models.Step` or anything with `done`, `start_date` and `end_date`."""
    return _state(bool(step.done), step_span(step.start_date, step.end_date), day)


def _event_state(day_of_event: dt.date, day: dt.date) -> StepState:
    """A meeting: held (done) once its day is past."""
    if day_of_event < day:
        return StepState.DONE
    if day_of_event == day:
        return StepState.RUNNING
    return StepState.UPCOMING


@dataclass(frozen=True, slots=True)
class CalendarItem:
    """One thing on the calendar. Single-day items have start == end.

    `target` says which record to open: ("step", step_id) for steps and key dates (the
    step editor), ("meeting", meeting_id) for meetings and action items (the minutes
    editor)."""

    kind: CalendarKind
    start: dt.date
    end: dt.date
    title: str
    plan_id: int | None
    state: StepState
    uuid: str
    step_id: int | None = None
    phase_id: int | None = None
    key_date_id: int | None = None
    meeting_id: int | None = None
    action_item_id: int | None = None
    committee_id: int | None = None
    number: int | None = None  # the step's number (steps and key dates)
    context: str | None = None  # key date: its step's title; action item: its meeting's title
    start_time: dt.time | None = None  # meetings
    end_time: dt.time | None = None
    language: str | None = None  # meetings and their action items: "ar" / "en"
    done: bool = False  # the record's own flag (step done, action item done)

    @property
    def date(self) -> dt.date:
        return self.start

    @property
    def multi_day(self) -> bool:
        return self.end > self.start

    def on(self, day: dt.date) -> bool:
        """Whether the item is on the calendar that day (a step on every day of its span)."""
        return self.start <= day <= self.end

    @property
    def target(self) -> tuple[str, int]:
        if self.kind in (CalendarKind.STEP, CalendarKind.KEY_DATE):
            kind, ref = "step", self.step_id
        else:
            kind, ref = "meeting", self.meeting_id
        if ref is None:  # items_between gives every item the id of the record it opens
            raise ValueError(f"a {self.kind} item without the id of its {kind}")
        return kind, ref

    def sort_key(self) -> tuple[dt.date, int, dt.time, int, str, dt.date, str]:
        return (self.start, _KIND_ORDER[self.kind], self.start_time or dt.time.min,
                self.number if self.number is not None else 1 << 30, self.title,
                self.end, self.uuid)


def _current_meetings() -> ColumnElement[bool]:
    """Condition: the meeting is not a version that a later amendment replaces."""
    newer = aliased(Meeting)
    return ~select(newer.id).where(newer.amends_id == Meeting.id).exists()


def _meeting_plan() -> ColumnElement[int | None]:
    """The plan of a meeting: its own, or its committee's."""
    return func.coalesce(Meeting.plan_id, Committee.plan_id)


def items_between(
    session: Session,
    start: dt.date,
    end: dt.date,
    plan_id: int | None = None,
    *,
    today: dt.date | None = None,
) -> list[CalendarItem]:
    """Everything on the calendar between `start` and `end` (both inclusive), sorted by
    date: steps whose span overlaps the range (once each, with their whole span, so a
    month grid draws them as bars), key dates, meetings and action items due (not
    cancelled) in the range. `plan_id` keeps one plan's records (meetings and action
    items of its committees included). States are as of `today` (default: the system's
    date). Four queries, whatever the size of the database."""
    if end < start:
        return []
    today = today or dt.date.today()
    items = [
        *_steps_between(session, start, end, plan_id, today),
        *_key_dates_between(session, start, end, plan_id, today),
        *_meetings_between(session, start, end, plan_id, today),
        *_actions_due_between(session, start, end, plan_id, today),
    ]
    items.sort(key=CalendarItem.sort_key)
    return items


def _steps_between(
    session: Session, start: dt.date, end: dt.date, plan_id: int | None, today: dt.date
) -> list[CalendarItem]:
    """The steps whose span overlaps [start, end], with their whole span."""
    items: list[CalendarItem] = []
    s_first = func.coalesce(Step.start_date, Step.end_date)
    s_last = func.coalesce(Step.end_date, Step.start_date)
    q = (
        select(Step.id, Step.uuid, Step.number, Step.title, Step.start_date, Step.end_date,
               Step.done, Step.phase_id, Phase.plan_id)
        .join(Phase, Phase.id == Step.phase_id)
        .where(s_first <= end, s_last >= start)
    )
    if plan_id is not None:
        q = q.where(Phase.plan_id == plan_id)
    for sid, uuid, number, title, sd, ed, done, phase_id, pid in session.execute(q):
        span = step_span(sd, ed)
        assert span is not None  # the query keeps dated steps only
        items.append(CalendarItem(
            kind=CalendarKind.STEP, start=span[0], end=span[1], title=title, plan_id=pid,
            state=_state(done, span, today), uuid=uuid, step_id=sid, phase_id=phase_id,
            number=number, done=bool(done),
        ))
    return items


def _key_dates_between(
    session: Session, start: dt.date, end: dt.date, plan_id: int | None, today: dt.date
) -> list[CalendarItem]:
    """The key dates in [start, end]."""
    items: list[CalendarItem] = []
    q = (
        select(KeyDate.id, KeyDate.uuid, KeyDate.label, KeyDate.date, Step.id, Step.number,
               Step.title, Step.done, Step.phase_id, Phase.plan_id)
        .join(Step, Step.id == KeyDate.step_id)
        .join(Phase, Phase.id == Step.phase_id)
        .where(KeyDate.date >= start, KeyDate.date <= end)
    )
    if plan_id is not None:
        q = q.where(Phase.plan_id == plan_id)
    for kid, uuid, label, day, sid, number, step_title, done, phase_id, pid in session.execute(q):
        items.append(CalendarItem(
            kind=CalendarKind.KEY_DATE, start=day, end=day, title=label, plan_id=pid,
            state=_state(done, (day, day), today), uuid=uuid, step_id=sid, phase_id=phase_id,
            key_date_id=kid, number=number, context=step_title, done=bool(done),
        ))
    return items


def _meetings_between(
    session: Session, start: dt.date, end: dt.date, plan_id: int | None, today: dt.date
) -> list[CalendarItem]:
    """The meetings (their latest version) in [start, end]."""
    items: list[CalendarItem] = []
    mplan = _meeting_plan()
    q = (
        select(Meeting.id, Meeting.uuid, Meeting.title, Meeting.date, Meeting.start_time,
               Meeting.end_time, Meeting.language, Meeting.committee_id, mplan)
        .outerjoin(Committee, Committee.id == Meeting.committee_id)
        .where(Meeting.date >= start, Meeting.date <= end, _current_meetings())
    )
    if plan_id is not None:
        q = q.where(mplan == plan_id)
    for mid, uuid, title, day, t0, t1, lang, cid, pid in session.execute(q):
        items.append(CalendarItem(
            kind=CalendarKind.MEETING, start=day, end=day, title=title, plan_id=pid,
            state=_event_state(day, today), uuid=uuid, meeting_id=mid, committee_id=cid,
            start_time=t0, end_time=t1, language=lang,
        ))
    return items


def _actions_due_between(
    session: Session, start: dt.date, end: dt.date, plan_id: int | None, today: dt.date
) -> list[CalendarItem]:
    """The action items due in [start, end], not cancelled."""
    items: list[CalendarItem] = []
    mplan = _meeting_plan()
    q = (
        select(ActionItem.id, ActionItem.uuid, ActionItem.text, ActionItem.due_date,
               ActionItem.status, Meeting.id, Meeting.title, Meeting.language,
               Meeting.committee_id, mplan)
        .join(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(Committee, Committee.id == Meeting.committee_id)
        .where(ActionItem.due_date >= start, ActionItem.due_date <= end,
               ActionItem.status != ActionStatus.CANCELLED, _current_meetings())
    )
    if plan_id is not None:
        q = q.where(mplan == plan_id)
    for aid, uuid, text, due, status, mid, mtitle, lang, cid, pid in session.execute(q):
        assert due is not None  # the query keeps dated items only
        done = status == ActionStatus.DONE
        items.append(CalendarItem(
            kind=CalendarKind.ACTION_DUE, start=due, end=due, title=text, plan_id=pid,
            state=_state(done, (due, due), today), uuid=uuid, meeting_id=mid,
            action_item_id=aid, committee_id=cid, context=mtitle, language=lang, done=done,
        ))
    return items


def focus_day(session: Session, today: dt.date, plan_id: int | None = None) -> dt.date | None:
    """The day a calendar opens on, so it never opens on an empty month while the plan has
    records: the first day on or after `today` with an item of the plan (`today` itself while
    a step runs), else the last day of its last item; None when the plan has nothing dated."""
    ahead = items_between(session, today, dt.date.max, plan_id, today=today)
    if ahead:
        return min(max(item.start, today) for item in ahead)
    if today == dt.date.min:
        return None
    past = items_between(session, dt.date.min, today - dt.timedelta(days=1), plan_id, today=today)
    return max((item.end for item in past), default=None)


def by_day(items: list[CalendarItem], start: dt.date, end: dt.date) -> dict[dt.date, list[CalendarItem]]:
    """Every day from `start` to `end` (inclusive) with the items on it, in order: what a
    month grid draws in each cell (a step of several days is on each of its days)."""
    days: dict[dt.date, list[CalendarItem]] = {}
    day = start
    while day <= end:
        days[day] = []
        day += dt.timedelta(days=1)
    for item in items:
        day = max(item.start, start)
        last = min(item.end, end)
        while day <= last:
            days[day].append(item)
            day += dt.timedelta(days=1)
    return days


class UpcomingEvent(enum.StrEnum):
    STARTS = "starts"  # a step's first day (of several)
    ENDS = "ends"  # a step's last day (of several)
    ON = "on"  # a single-day step, a key date, a meeting, an action item due


@dataclass(frozen=True, slots=True)
class UpcomingEntry:
    """One line of the "upcoming" list: what happens on `date` to `item`."""

    date: dt.date
    event: UpcomingEvent
    item: CalendarItem


def upcoming(
    session: Session, today: dt.date, days: int = 30, plan_id: int | None = None
) -> list[UpcomingEntry]:
    """What happens from `today` to `today + days` (both inclusive): steps starting or
    ending (a step of several days can give two lines), key dates, meetings and action
    items due, sorted by date. A step that runs through the whole window without starting
    or ending in it is not listed (it is on the month grid and the timeline)."""
    if days < 0:
        return []
    last = today + dt.timedelta(days=days)
    entries: list[UpcomingEntry] = []
    for item in items_between(session, today, last, plan_id, today=today):
        if item.kind != CalendarKind.STEP or not item.multi_day:
            if today <= item.start <= last:
                entries.append(UpcomingEntry(item.start, UpcomingEvent.ON, item))
            continue
        if today <= item.start <= last:
            entries.append(UpcomingEntry(item.start, UpcomingEvent.STARTS, item))
        if today <= item.end <= last:
            entries.append(UpcomingEntry(item.end, UpcomingEvent.ENDS, item))
    entries.sort(key=lambda e: (e.date, e.event != UpcomingEvent.ENDS) + e.item.sort_key()[1:])
    return entries


# --------------------------------------------------------------------------- timeline


@dataclass(frozen=True, slots=True)
class TimelineKeyDate:
    id: int
    label: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class TimelineStep:
    id: int
    uuid: str
    number: int
    title: str
    start: dt.date | None  # the span (see step_span); None for a step without dates
    end: dt.date | None
    done: bool
    state: StepState
    key_dates: list[TimelineKeyDate] = field(default_factory=list)

    @property
    def dated(self) -> bool:
        return self.start is not None


@dataclass(frozen=True, slots=True)
class TimelinePhase:
    id: int
    number: int
    title: str
    start: dt.date | None  # from its dated steps; None when none is dated
    end: dt.date | None
    steps: list[TimelineStep] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """A meeting of the plan (or of one of its committees) on the time axis."""

    meeting_id: int
    uuid: str
    date: dt.date
    title: str
    committee_id: int | None
    committee: str | None
    status: str  # minutes status: draft / approved / signed


@dataclass(frozen=True, slots=True)
class Timeline:
    plan_id: int
    title: str
    first_year: int
    last_year: int
    start: dt.date | None  # first and last day of anything on it (steps, key dates, meetings)
    end: dt.date | None
    today: dt.date
    phases: list[TimelinePhase]
    meetings: list[TimelineMark]

    @property
    def steps(self) -> list[TimelineStep]:
        return [s for p in self.phases for s in p.steps]


def timeline(session: Session, plan_id: int, *, today: dt.date | None = None) -> Timeline:
    """A plan's phases (in order) with their steps' spans and key dates, and the meetings
    of the plan and its committees as marks. Steps without dates are kept (start None) so a
    view can list them apart. Four queries."""
    today = today or dt.date.today()
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("There is no plan {ref}", ref=plan_id)

    phase_rows = session.execute(
        select(Phase.id, Phase.number, Phase.title).where(Phase.plan_id == plan_id)
        .order_by(Phase.number)
    ).all()
    step_rows = session.execute(
        select(Step.id, Step.uuid, Step.number, Step.title, Step.start_date, Step.end_date,
               Step.done, Step.phase_id)
        .join(Phase, Phase.id == Step.phase_id).where(Phase.plan_id == plan_id)
        .order_by(Phase.number, Step.number)
    ).all()
    kd_rows = session.execute(
        select(KeyDate.id, KeyDate.label, KeyDate.date, KeyDate.step_id)
        .join(Step, Step.id == KeyDate.step_id).join(Phase, Phase.id == Step.phase_id)
        .where(Phase.plan_id == plan_id).order_by(KeyDate.step_id, KeyDate.position)
    ).all()
    key_dates: dict[int, list[TimelineKeyDate]] = {}
    for kid, label, day, sid in kd_rows:
        key_dates.setdefault(sid, []).append(TimelineKeyDate(kid, label, day))

    steps_by_phase: dict[int, list[TimelineStep]] = {}
    for sid, uuid, number, title, sd, ed, done, phase_id in step_rows:
        span = step_span(sd, ed)
        steps_by_phase.setdefault(phase_id, []).append(TimelineStep(
            id=sid, uuid=uuid, number=number, title=title,
            start=span[0] if span else None, end=span[1] if span else None,
            done=bool(done), state=_state(done, span, today), key_dates=key_dates.get(sid, []),
        ))
    phases = []
    for pid, number, title in phase_rows:
        steps = steps_by_phase.get(pid, [])
        starts = [s.start for s in steps if s.start is not None]
        ends = [s.end for s in steps if s.end is not None]  # a step has both or neither
        phases.append(TimelinePhase(
            id=pid, number=number, title=title,
            start=min(starts, default=None), end=max(ends, default=None),
            steps=steps,
        ))

    mplan = _meeting_plan()
    meeting_rows = session.execute(
        select(Meeting.id, Meeting.uuid, Meeting.date, Meeting.title, Meeting.committee_id,
               Committee.name, Meeting.status)
        .outerjoin(Committee, Committee.id == Meeting.committee_id)
        .where(mplan == plan_id, _current_meetings())
        .order_by(Meeting.date, Meeting.id)
    ).all()
    marks = [TimelineMark(mid, uuid, day, title, cid, cname, str(getattr(status, "value", status)))
             for mid, uuid, day, title, cid, cname, status in meeting_rows]

    days = [d for p in phases for s in p.steps for d in (s.start, s.end) if d is not None]
    days += [k.date for ks in key_dates.values() for k in ks]
    days += [m.date for m in marks]
    return Timeline(
        plan_id=plan.id, title=plan.title, first_year=plan.first_year, last_year=plan.last_year,
        start=min(days, default=None), end=max(days, default=None), today=today,
        phases=phases, meetings=marks,
    )


__all__ = [
    "CalendarItem", "CalendarKind", "StepState", "Timeline", "TimelineKeyDate", "TimelineMark",
    "TimelinePhase", "TimelineStep", "UpcomingEntry", "UpcomingEvent", "by_day", "focus_day",
    "items_between", "step_span", "step_state", "timeline", "upcoming",
]
