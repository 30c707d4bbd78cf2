"""People and organisations: the directory minutes and committees refer to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import Organisation, Person, Sector
from ogp_desktop.core.services.common import audit, check_text, name_key, parse_choice

_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def find_organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.name_key == name_key(name)))


def organisation(
    session: Session, name: str, *, sector: Sector | str | None = None, field: str = "organization"
) -> Organisation:
    """The organisation of that name, created when not yet known."""
    name = check_text(name, field, required=True)
    found = find_organisation(session, name)
    if found is not None:
        return found
    org = Organisation(
        name=name,
        name_key=name_key(name),
        sector=parse_choice(sector, Sector, "sector") if sector else None,
    )
    session.add(org)
    session.flush()
    audit(session, "create", "organisation", entity_id=org.id, entity_uuid=org.uuid,
          details={"name": name})
    return org


def find_people(session: Session, name: str) -> list[Person]:
    return list(session.scalars(select(Person).where(Person.name_key == name_key(name))))


def person(
    session: Session,
    name: str,
    *,
    organisation_name: str | None = None,
    org: Organisation | None = None,
    honorific: str | None = None,
    position: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    field: str = "name",
) -> Person:
    """The person of that name, created (with their organisation) when not yet known.

    When several people share a name, the one from the given organisation is preferred.
    `org` may be passed instead of `organisation_name` when the caller has it already."""
    name = check_text(name, field, required=True)
    found = find_people(session, name)
    if org is None and organisation_name:
        org = organisation(session, organisation_name)
    if found:
        if org is not None:
            for p in found:
                if p.organisation_id == org.id:
                    return p
        return found[0]
    if email:
        import re

        check_text(email, "email", max_len=320)
        if not re.match(_EMAIL, email):
            raise ValidationError("'{value}' is not an e-mail address", field="email", value=email)
    p = Person(
        name=name,
        name_key=name_key(name),
        honorific=check_text(honorific, "honorific", max_len=100),
        position=check_text(position, "position"),
        organisation=org,
        email=email or None,
        phone=check_text(phone, "phone", max_len=64),
    )
    session.add(p)
    session.flush()
    audit(session, "create", "person", entity_id=p.id, entity_uuid=p.uuid, details={"name": name})
    return p


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.name_key)))


def list_organisations(session: Session) -> list[Organisation]:
    return list(session.scalars(select(Organisation).order_by(Organisation.name_key)))
