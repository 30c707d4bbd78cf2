"""What the public website shows, taken from the records, and what it leaves out.

Public: plans, commitments (lead and other organisations, OGP values, completion,
milestones), phases and steps, committees with their members' names, positions,
organisations, roles and dates, and the **signed** minutes as they were signed (their
snapshot, checked against its fingerprint). The records have no "public" flag on a
meeting, so signed is the rule. Never public: phones and e-mail addresses, minutes that
are drafts or approved but not signed (their content, not even their titles), files
attached to minutes, the audit log and the register. Each of those is counted in
`Content.left_out`, so the site and the command line can say what they did not publish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogp_desktop.core.enums import AttachmentKind, MemberRole, MinutesStatus
from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.models import (
    Attendance,
    Commitment,
    Committee,
    CommitteeMember,
    Meeting,
    Person,
    Plan,
    SignedPdf,
)
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services.documents import letterhead, minutes_document
from ogp_desktop.core.services.plan_report import plan_report_document

__all__ = ["Content", "gather"]

_ROLE_ORDER = {MemberRole.CHAIR: 0, MemberRole.RAPPORTEUR: 1, MemberRole.MEMBER: 2,
               MemberRole.SECRETARIAT: 3}


@dataclass
class Content:
    """Plain data for the templates (dicts and lists, no records)."""

    today: dt.date
    letterhead: dict[str, Any]
    plans: list[dict[str, Any]] = field(default_factory=list)
    committees: list[dict[str, Any]] = field(default_factory=list)
    minutes: list[dict[str, Any]] = field(default_factory=list)
    # per plan id: the progress report's document (core.services.plan_report)
    reports: dict[int, Any] = field(default_factory=dict)
    left_out: dict[str, int] = field(default_factory=dict)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _selected_plans(session: Session, plan_ids: list[int | str] | None) -> list[Plan]:
    if not plan_ids:
        return plans_svc.list_plans(session)
    found: dict[int, Plan] = {}
    for ref in plan_ids:
        plan = plans_svc.find_plan(session, ref)  # NotFoundError names a wrong one
        found[plan.id] = plan
    return sorted(found.values(), key=lambda p: p.ordinal)


def _commitment(c: Commitment) -> dict[str, Any]:
    return {
        "id": c.id, "number": c.number, "title": c.title, "description": c.description,
        "lead": c.lead_organisation.name if c.lead_organisation else None,
        "partners": sorted(o.name for o in c.partners),
        "values": [v.value for v in c.values],
        "completion": c.completion.value if c.completion else None,
        "milestones": [{"title": m.title, "start": _iso(m.start_date), "end": _iso(m.end_date),
                        "deliverable": m.deliverable} for m in c.milestones],
    }


def gather(session: Session, plan_ids: list[int | str] | None = None, *,
           today: dt.date | None = None) -> Content:
    """The public content of the records (of the plans `plan_ids`, else of all)."""
    today = today or dt.date.today()
    plans = _selected_plans(session, plan_ids)
    content = Content(today=today, letterhead={k: v for k, v in letterhead(session).items()
                                               if k != "logo"})
    plan_set = {p.id for p in plans}
    everything = not plan_ids

    commitments = session.scalars(
        select(Commitment).where(Commitment.plan_id.in_(plan_set)).options(
            selectinload(Commitment.lead_organisation), selectinload(Commitment.partners),
            selectinload(Commitment.milestones))).all()
    by_plan: dict[int, list[Commitment]] = {}
    for c in commitments:
        by_plan.setdefault(c.plan_id, []).append(c)
    commitment_plan = {c.id: c.plan_id for c in commitments}

    committees = [c for c in session.scalars(
        select(Committee).options(selectinload(Committee.members)
                                  .selectinload(CommitteeMember.person)
                                  .selectinload(Person.organisation),
                                  selectinload(Committee.commitment))).all()
        if everything or c.plan_id in plan_set
        or (c.commitment_id is not None and commitment_plan.get(c.commitment_id) in plan_set)]
    committee_set = {c.id for c in committees}

    meetings = [m for m in session.scalars(select(Meeting).order_by(Meeting.date, Meeting.id)).all()
                if everything or m.plan_id in plan_set or m.committee_id in committee_set]
    drafts = [m for m in meetings if m.status == MinutesStatus.DRAFT]
    approved = [m for m in meetings if m.status == MinutesStatus.APPROVED]
    signed = [m for m in meetings if m.status == MinutesStatus.SIGNED]
    shown_people: set[int] = set()
    unreadable = attachments = 0
    published: dict[int, dict[str, Any]] = {}
    for m in signed:
        try:
            doc = minutes_document(session, m.id)
        except StorageError:
            unreadable += 1
            continue
        attachments += sum(1 for a in m.attachments if a.kind != AttachmentKind.PHOTO)
        shown_people.update(session.scalars(select(Attendance.person_id)
                                            .where(Attendance.meeting_id == m.id)).all())
        digital = (session.get(SignedPdf, m.id) is not None
                   and any(s.kind.value == "key" for s in m.signatures))
        published[m.id] = {
            "id": m.id, "uuid": m.uuid, "version": m.version, "amends_id": m.amends_id,
            "committee_id": m.committee_id if m.committee_id in committee_set else None,
            "plan_id": m.plan_id, "commitment_id": m.commitment_id,
            "date": doc["date"], "title": doc["title"], "doc": doc, "key_signed": digital,
        }
    for item in published.values():
        newer = [p for p in published.values() if p["amends_id"] == item["id"]]
        item["amended_by"] = newer[0]["id"] if newer else None
    content.minutes = sorted(published.values(), key=lambda p: (p["date"], p["id"]), reverse=True)

    for plan in plans:
        report = plan_report_document(session, plan, today=today)
        has_steps = any(ph["steps"] for ph in report["phases"])
        if has_steps:
            content.reports[plan.id] = report
        content.plans.append({
            "id": plan.id, "ordinal": plan.ordinal, "title": plan.title,
            "first_year": plan.first_year, "last_year": plan.last_year,
            "status": plan.status.value, "description": plan.description,
            "commitments": [_commitment(c) for c in sorted(by_plan.get(plan.id, []),
                                                           key=lambda c: c.number)],
            "phases": report["phases"], "has_report": has_steps,
            "committees": [c.id for c in committees if c.plan_id == plan.id],
            "minutes": [p["id"] for p in content.minutes if p["plan_id"] == plan.id],
        })

    for cm in sorted(committees, key=lambda cm: cm.id):
        members = []
        for mem in sorted(cm.members, key=lambda mem: (_ROLE_ORDER.get(mem.role, 9), mem.id)):
            person = mem.person
            shown_people.add(person.id)
            members.append({
                "name": " ".join(x for x in (person.honorific, person.name) if x),
                "position": person.position,
                "organisation": person.organisation.name if person.organisation else None,
                "role": mem.role.value, "from": _iso(mem.from_date), "to": _iso(mem.to_date),
                "current": mem.to_date is None or mem.to_date >= today,
            })
        own = [p for p in content.minutes if p["committee_id"] == cm.id]
        commitment = cm.commitment
        content.committees.append({
            "id": cm.id, "name": cm.name, "kind": cm.kind.value,
            "plan_id": cm.plan_id if cm.plan_id in plan_set else None,
            "commitment": ({"number": commitment.number, "title": commitment.title,
                            "plan_id": commitment.plan_id}
                           if commitment is not None and commitment.plan_id in plan_set else None),
            "members": members, "minutes": [p["id"] for p in own],
            "last_meeting": own[0]["date"] if own else None,
        })

    people = session.scalars(select(Person).where(Person.id.in_(shown_people))).all() \
        if shown_people else []
    content.left_out = {
        "draft_minutes": len(drafts),
        "approved_minutes": len(approved),
        "unreadable_minutes": unreadable,
        "phones": sum(1 for p in people if p.phone),
        "emails": sum(1 for p in people if p.email),
        "attachments": attachments,
    }
    return content
