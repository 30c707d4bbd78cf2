"""Committees (implementation committees, the working group, the forum, task forces) and
their members from government and civil society."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import NotFoundError, ValidationError
from ogp_desktop.core.models import (
    Commitment,
    Committee,
    CommitteeKind,
    CommitteeMember,
    MemberRole,
    Person,
    Plan,
)
from ogp_desktop.core.services.common import (
    audit,
    check_text,
    name_key,
    parse_choice,
    parse_iso_date,
)


def find_committee(session: Session, name: str) -> Committee | None:
    return session.scalar(select(Committee).where(Committee.name_key == name_key(name)))


def get_committee(session: Session, ref: str | int) -> Committee:
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        committee = session.get(Committee, int(ref))
    else:
        committee = find_committee(session, ref)
    if committee is None:
        raise NotFoundError("There is no committee {ref}", ref=ref)
    return committee


def create_committee(
    session: Session,
    *,
    name: str,
    kind: CommitteeKind | str = CommitteeKind.OTHER,
    plan: Plan | None = None,
    commitment: Commitment | None = None,
) -> Committee:
    name = check_text(name, "committee", required=True)
    if find_committee(session, name) is not None:
        raise ValidationError("a committee named {name} exists already", field="committee", name=name)
    if commitment is not None and plan is not None and commitment.plan_id != plan.id:
        raise ValidationError("the commitment belongs to another plan", field="commitment")
    committee = Committee(
        name=name,
        name_key=name_key(name),
        kind=parse_choice(kind, CommitteeKind, "kind"),
        plan=plan,
        commitment=commitment,
    )
    session.add(committee)
    session.flush()
    audit(session, "create", "committee", entity_id=committee.id, entity_uuid=committee.uuid,
          details={"name": name})
    return committee


def committee_by_name(session: Session, name: str, *, plan: Plan | None = None) -> Committee:
    """The committee of that name, created (kind "other") when not yet known."""
    return find_committee(session, name) or create_committee(session, name=name, plan=plan)


def add_member(
    session: Session,
    committee: Committee,
    person: Person,
    *,
    role: MemberRole | str = MemberRole.MEMBER,
    from_date: dt.date | str | None = None,
    to_date: dt.date | str | None = None,
) -> CommitteeMember:
    start = parse_iso_date(from_date, "from")
    end = parse_iso_date(to_date, "to")
    if start and end and end < start:
        raise ValidationError("membership ends before it starts", field="to")
    member = CommitteeMember(
        committee=committee, person=person, role=parse_choice(role, MemberRole, "role"),
        from_date=start, to_date=end,
    )
    session.add(member)
    session.flush()
    audit(session, "create", "committee_member", entity_id=member.id, entity_uuid=member.uuid,
          details={"committee": committee.id, "person": person.id, "role": member.role.value})
    return member


def members_on(committee: Committee, day: dt.date) -> list[CommitteeMember]:
    """Members serving on a given day: who the minutes editor expects at a meeting."""
    return [
        m for m in committee.members
        if (m.from_date is None or m.from_date <= day) and (m.to_date is None or day <= m.to_date)
    ]


def list_committees(session: Session) -> list[Committee]:
    return list(session.scalars(select(Committee).order_by(Committee.name_key)))
