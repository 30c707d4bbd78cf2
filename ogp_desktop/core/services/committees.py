"""Committees (implementation committees, the working group, the forum, task forces) and
their members from government and civil society."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import NotFoundError, ValidationError
from ogp_desktop.core.models import (
    Commitment,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    MemberRole,
    Person,
    Plan,
)
from ogp_desktop.core.services.common import (
    audit,
    check_text,
    check_version,
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
    name = _check_committee_name(session, name, None)
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
    start, end = _membership_dates(from_date, to_date)
    member = CommitteeMember(
        committee=committee, person=person, role=parse_choice(role, MemberRole, "role"),
        from_date=start, to_date=end,
    )
    session.add(member)
    session.flush()
    audit(session, "create", "committee_member", entity_id=member.id, entity_uuid=member.uuid,
          details={"committee": committee.id, "person": person.id, "role": member.role.value})
    return member


def _check_committee_name(session: Session, name: str, exclude: int | None) -> str:
    """A committee's name, refused when another committee (`exclude` aside) has it."""
    name = check_text(name, "committee", required=True)
    other = find_committee(session, name)
    if other is not None and other.id != exclude:
        raise ValidationError("a committee named {name} exists already", field="committee", name=name)
    return name


def _membership_dates(
    from_date: dt.date | str | None, to_date: dt.date | str | None
) -> tuple[dt.date | None, dt.date | None]:
    start = parse_iso_date(from_date, "from")
    end = parse_iso_date(to_date, "to")
    if start and end and end < start:
        raise ValidationError("membership ends before it starts", field="to")
    return start, end


def members_on(committee: Committee, day: dt.date) -> list[CommitteeMember]:
    """Members serving on a given day: who the minutes editor expects at a meeting."""
    return [
        m for m in committee.members
        if (m.from_date is None or m.from_date <= day) and (m.to_date is None or day <= m.to_date)
    ]


def list_committees(session: Session) -> list[Committee]:
    return list(session.scalars(select(Committee).order_by(Committee.name_key)))


# --- forms: changing committees and their members ----------------------------------------
# (added for the committees section of the main window)


def update_committee(
    session: Session,
    committee_id: int,
    *,
    name: str,
    kind: CommitteeKind | str,
    plan: Plan | None = None,
    commitment: Commitment | None = None,
    expected_version: int | None = None,
) -> Committee:
    """Rename a committee or change its kind, plan or commitment. Signed minutes keep the
    name as it was at signing (their snapshot)."""
    committee = get_committee(session, committee_id)
    check_version(committee, expected_version, "committee")
    name = _check_committee_name(session, name, committee.id)
    chosen_kind = parse_choice(kind, CommitteeKind, "kind")
    if commitment is not None and plan is not None and commitment.plan_id != plan.id:
        raise ValidationError("the commitment belongs to another plan", field="commitment")
    before = (committee.name, committee.kind, committee.plan_id, committee.commitment_id)
    committee.name, committee.name_key, committee.kind = name, name_key(name), chosen_kind
    committee.plan, committee.commitment = plan, commitment
    session.flush()
    after = (committee.name, committee.kind, committee.plan_id, committee.commitment_id)
    if after != before:
        audit(session, "update", "committee", entity_id=committee.id, entity_uuid=committee.uuid,
              details={"name": name, "kind": chosen_kind.value, "plan": committee.plan_id,
                       "commitment": committee.commitment_id})
    return committee


def delete_committee(session: Session, committee_id: int, *,
                     expected_version: int | None = None) -> None:
    """A committee without meetings can be deleted (with its member list)."""
    committee = get_committee(session, committee_id)
    check_version(committee, expected_version, "committee", deleting=True)
    meetings = session.scalar(
        select(func.count(Meeting.id)).where(Meeting.committee_id == committee.id))
    if meetings:
        raise ValidationError(
            "{name} has {meetings} meetings, so it is kept", name=committee.name, meetings=meetings
        )
    audit(session, "delete", "committee", entity_id=committee.id, entity_uuid=committee.uuid,
          details={"name": committee.name})
    session.delete(committee)
    session.flush()


def get_member(session: Session, member_id: int) -> CommitteeMember:
    member = session.get(CommitteeMember, member_id)
    if member is None:
        raise NotFoundError("There is no committee member with id {ref}", ref=member_id)
    return member


def update_member(
    session: Session,
    member_id: int,
    *,
    role: MemberRole | str,
    from_date: dt.date | str | None = None,
    to_date: dt.date | str | None = None,
    expected_version: int | None = None,
) -> CommitteeMember:
    member = get_member(session, member_id)
    check_version(member, expected_version, "committee_member")
    start, end = _membership_dates(from_date, to_date)
    chosen = parse_choice(role, MemberRole, "role")
    before = (member.role, member.from_date, member.to_date)
    member.role, member.from_date, member.to_date = chosen, start, end
    session.flush()
    if (chosen, start, end) != before:
        audit(session, "update", "committee_member", entity_id=member.id, entity_uuid=member.uuid,
              details={"committee": member.committee_id, "person": member.person_id,
                       "role": chosen.value, "from": start, "to": end})
    return member


def remove_member(session: Session, member_id: int, *,
                  expected_version: int | None = None) -> None:
    """Take a person off a committee's list. Minutes keep their own attendance lists; to
    record that someone left, set the membership's end date instead."""
    member = get_member(session, member_id)
    check_version(member, expected_version, "committee_member", deleting=True)
    committee = member.committee
    audit(session, "delete", "committee_member", entity_id=member.id, entity_uuid=member.uuid,
          details={"committee": member.committee_id, "person": member.person_id,
                   "role": member.role.value})
    committee.members.remove(member)
    session.flush()


def list_committees_with_members(session: Session) -> list[Committee]:
    """Every committee with its plan and its members' people and organisations loaded in
    a few queries (for the committees list, which shows them all)."""
    from sqlalchemy.orm import selectinload

    return list(session.scalars(
        select(Committee)
        .order_by(Committee.name_key)
        .options(
            selectinload(Committee.plan),
            selectinload(Committee.members)
            .selectinload(CommitteeMember.person)
            .selectinload(Person.organisation),
        )
    ))
