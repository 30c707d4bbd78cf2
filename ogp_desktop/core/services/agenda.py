"""What needs the coordinator today, for the home screen: drafts waiting for approval,
approved minutes waiting for signatures, overdue and due-this-week action items, the next
meetings and plan steps, the compliance warnings and when the repository was last
published. Each entry names the record it opens. A few queries, whatever the records' size.

    agenda(session, today=None) -> Agenda"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session, aliased

from ogp_desktop.core.compliance.checks import Result, check, publications, warnings
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Meeting,
    MinutesStatus,
    Phase,
    Plan,
    Step,
)

NEXT = 5  # how many of the next meetings and steps are shown
WEEK = 7


@dataclass(frozen=True)
class Entry:
    """One line: `kind` "meeting" | "action_item" | "step" | "compliance", the record's id
    (for an action item, `meeting_id` is what opens), its text and day."""

    kind: str
    id: int
    title: str
    day: dt.date | None = None
    meeting_id: int | None = None
    detail: str | None = None


@dataclass
class Agenda:
    drafts: list[Entry] = field(default_factory=list)
    to_sign: list[Entry] = field(default_factory=list)
    overdue: list[Entry] = field(default_factory=list)
    due_this_week: list[Entry] = field(default_factory=list)
    next_meetings: list[Entry] = field(default_factory=list)
    next_steps: list[Entry] = field(default_factory=list)
    warnings: list[Result] = field(default_factory=list)
    last_published: dt.datetime | None = None

    def count(self) -> int:
        """What needs doing (the lists of work, not what is coming)."""
        return (len(self.drafts) + len(self.to_sign) + len(self.overdue)
                + len(self.due_this_week) + len(self.warnings))


def _current() -> ColumnElement[bool]:
    newer = aliased(Meeting)
    return ~select(newer.id).where(newer.amends_id == Meeting.id).exists()


def agenda(session: Session, today: dt.date | None = None) -> Agenda:
    today = today or dt.date.today()
    out = Agenda()
    for status, target in ((MinutesStatus.DRAFT, out.drafts),
                           (MinutesStatus.APPROVED, out.to_sign)):
        for mid, title, day in session.execute(
                select(Meeting.id, Meeting.title, Meeting.date)
                .where(Meeting.status == status, _current())
                .order_by(Meeting.date, Meeting.id)):
            target.append(Entry("meeting", mid, title, day, mid))
    week_end = today + dt.timedelta(days=WEEK)
    for aid, text, due, mid, mtitle in session.execute(
            select(ActionItem.id, ActionItem.text, ActionItem.due_date, Meeting.id,
                   Meeting.title)
            .join(Meeting, ActionItem.meeting_id == Meeting.id)
            .where(ActionItem.status == ActionStatus.OPEN, ActionItem.due_date.is_not(None),
                   ActionItem.due_date <= week_end, _current())
            .order_by(ActionItem.due_date, ActionItem.id)):
        entry = Entry("action_item", aid, text, due, mid, mtitle)
        (out.overdue if due is not None and due < today else out.due_this_week).append(entry)
    for mid, title, day in session.execute(
            select(Meeting.id, Meeting.title, Meeting.date)
            .where(Meeting.date >= today, _current())
            .order_by(Meeting.date, Meeting.id).limit(NEXT)):
        out.next_meetings.append(Entry("meeting", mid, title, day, mid))
    for sid, number, title, start, end, plan_title in session.execute(
            select(Step.id, Step.number, Step.title, Step.start_date, Step.end_date, Plan.title)
            .join(Phase, Step.phase_id == Phase.id).join(Plan, Phase.plan_id == Plan.id)
            .where(Step.done.is_(False), or_(
                Step.start_date >= today,
                and_(Step.end_date.is_not(None), Step.end_date >= today)))
            .order_by(Step.start_date, Step.number).limit(NEXT)):
        out.next_steps.append(Entry("step", sid, f"{number}. {title}", start or end,
                                    detail=plan_title))
    out.warnings = warnings(check(session, today=today))
    done = publications(session)
    out.last_published = done[-1] if done else None
    return out
