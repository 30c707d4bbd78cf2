"""What the minutes editor offers for completion and choice — people with their
organisation, organisations, plans with their commitments, committees with their plan and
commitment — as plain names, read in five queries (also on the ten-year database with
thousands of people)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ogp_desktop.core.models import Commitment, Committee, Organisation, Person, Plan


@dataclass
class Lookups:
    people: list[tuple[str, str | None]] = field(default_factory=list)  # (name, organisation)
    organisations: list[str] = field(default_factory=list)
    plans: list[tuple[str, list[str]]] = field(default_factory=list)  # (title, commitments)
    committees: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def editor_lookups(session: Session) -> Lookups:
    people: list[tuple[str, str | None]] = [  # outer join: a person without an organisation
        (name, org)
        for name, org in session.execute(
            select(Person.name, Organisation.name)
            .outerjoin(Organisation, Person.organisation_id == Organisation.id)
            .order_by(Person.name_key)
        )
    ]
    organisations = list(session.scalars(select(Organisation.name).order_by(Organisation.name_key)))
    commitments: dict[int, list[str]] = {}
    for plan_id, title in session.execute(
        select(Commitment.plan_id, Commitment.title).order_by(Commitment.plan_id, Commitment.number)
    ):
        commitments.setdefault(plan_id, []).append(title)
    plans = [(title, commitments.get(plan_id, []))
             for plan_id, title in session.execute(
                 select(Plan.id, Plan.title).order_by(Plan.ordinal))]
    plan = aliased(Plan)
    commitment = aliased(Commitment)
    committees: list[tuple[str, str | None, str | None]] = [
        (name, plan_title, commitment_title)
        for name, plan_title, commitment_title in session.execute(
            select(Committee.name, plan.title, commitment.title)
            .outerjoin(plan, Committee.plan_id == plan.id)
            .outerjoin(commitment, Committee.commitment_id == commitment.id)
            .order_by(Committee.name_key)
        )
    ]
    return Lookups(people, organisations, plans, committees)
