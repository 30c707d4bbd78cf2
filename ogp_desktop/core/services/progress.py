"""A plan's progress (self-assessment) report: every commitment with its ratings on the
IRM's two scales, its milestones, the findings of its meetings (their outputs, numbered,
as seed 003 groups them by commitment) and the evidence behind the ratings. Builds the
plain document `pdf.progress_report` and `export.progress_report` (Word) print.

    progress_document(session, plan, *, language="ar", today=None) -> dict"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from ogp_desktop.core.models import (
    ActionStatus,
    Commitment,
    ItemKind,
    Meeting,
    Plan,
)
from ogp_desktop.core.services import evidence as evidence_svc
from ogp_desktop.core.services import plans as plans_svc

FORMAT = "ogp-progress-report/1"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def progress_document(session: Session, plan: Plan | int | str, *, language: str = "ar",
                      today: dt.date | None = None) -> dict[str, Any]:
    """The report of `plan` (a Plan, its id, UUID or title) in `language` ('ar' or 'en':
    the labels; the records' own text is printed as written). `today`: the report's date."""
    today = today or dt.date.today()
    if not isinstance(plan, Plan):
        plan = plans_svc.find_plan(session, plan)
    commitments = list(session.scalars(
        select(Commitment).where(Commitment.plan_id == plan.id)
        .options(selectinload(Commitment.milestones), selectinload(Commitment.partners),
                 selectinload(Commitment.lead_organisation))
        .order_by(Commitment.number)))
    newer = aliased(Meeting)
    meetings = list(session.scalars(
        select(Meeting).where(Meeting.commitment_id.in_([c.id for c in commitments]),
                              ~select(newer.id).where(newer.amends_id == Meeting.id).exists())
        .options(selectinload(Meeting.items), selectinload(Meeting.action_items))
        .order_by(Meeting.date, Meeting.id)))
    entries = []
    for c in commitments:
        findings, actions = [], []
        for m in (m for m in meetings if m.commitment_id == c.id):
            for text in m.texts(ItemKind.OUTPUT):
                findings.append({"text": text, "meeting_id": m.id, "date": _iso(m.date),
                                 "meeting": m.title})
            for a in sorted(m.action_items, key=lambda a: a.position):
                if a.status != ActionStatus.CANCELLED:
                    actions.append({"text": a.text, "owner": a.owner, "due": _iso(a.due_date),
                                    "status": a.status.value, "meeting_id": m.id,
                                    "overdue": a.status == ActionStatus.OPEN
                                    and a.due_date is not None and a.due_date < today})
        entries.append({
            "id": c.id, "uuid": c.uuid, "number": c.number, "title": c.title,
            "description": c.description,
            "lead": c.lead_organisation.name if c.lead_organisation else None,
            "others": [o.name for o in c.partners],
            "values": [v.value for v in c.values],
            "completion": c.completion.value if c.completion else None,
            "open_government": c.open_government.value if c.open_government else None,
            "milestones": [{"position": m.position, "title": m.title, "start": _iso(m.start_date),
                            "end": _iso(m.end_date), "deliverable": m.deliverable,
                            "status": m.status.value if m.status else None}
                           for m in sorted(c.milestones, key=lambda m: m.position)],
            "meetings": sum(1 for m in meetings if m.commitment_id == c.id),
            "findings": findings,
            "actions": actions,
            "evidence": [e.as_json() for e in evidence_svc.resolve(session, c)],
        })
    return {
        "format": FORMAT,
        "language": "en" if language == "en" else "ar",
        "date": today.isoformat(),
        "plan": {"id": plan.id, "uuid": plan.uuid, "ordinal": plan.ordinal, "title": plan.title,
                 "first_year": plan.first_year, "last_year": plan.last_year,
                 "status": plan.status.value, "description": plan.description},
        "commitments": entries,
    }

