"""People and organisations: the directory minutes and committees refer to."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import NotFoundError, ValidationError
from ogp_desktop.core.models import (
    Attendance,
    Commitment,
    CommitmentPartner,
    CommitteeMember,
    Organisation,
    Person,
    Sector,
    Step,
)
from ogp_desktop.core.services.common import (
    audit,
    check_text,
    check_version,
    name_key,
    parse_choice,
)

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
    email = _check_email(email) if email else None
    p = Person(
        name=name,
        name_key=name_key(name),
        honorific=check_text(honorific, "honorific", max_len=100),
        position=check_text(position, "position"),
        organisation=org,
        email=email,
        phone=check_text(phone, "phone", max_len=64),
    )
    session.add(p)
    session.flush()
    audit(session, "create", "person", entity_id=p.id, entity_uuid=p.uuid, details={"name": name})
    return p


def list_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.name_key)))


# --- forms: listing, adding, changing and deleting directory records ----------------------
# (added for the people and organisations section of the main window; the functions above
# are what minutes and the importer use, and they keep matching by name)


@dataclass
class PersonRow:
    """One line of the people list."""

    id: int
    name: str
    honorific: str | None
    position: str | None
    organisation_id: int | None
    organisation: str | None
    email: str | None
    phone: str | None
    row_version: int = 1  # what a form sends back as expected_version


@dataclass
class OrganisationRow:
    """One line of the organisations list."""

    id: int
    name: str
    sector: str | None
    row_version: int = 1


def list_people_rows(session: Session) -> list[PersonRow]:
    """Every person with their organisation's name, in one query (sized for thousands)."""
    query = (
        select(Person.id, Person.name, Person.honorific, Person.position, Person.organisation_id,
               Organisation.name, Person.email, Person.phone, Person.row_version)
        .outerjoin(Organisation, Person.organisation_id == Organisation.id)
        .order_by(Person.name_key, Person.id)
    )
    return [PersonRow(*row) for row in session.execute(query)]


def list_organisation_rows(session: Session) -> list[OrganisationRow]:
    query = select(Organisation.id, Organisation.name, Organisation.sector,
                   Organisation.row_version).order_by(Organisation.name_key, Organisation.id)
    return [
        OrganisationRow(i, n, Sector(s).value if s is not None else None, v)
        for i, n, s, v in session.execute(query)
    ]


def get_person(session: Session, person_id: int) -> Person:
    found = session.get(Person, person_id)
    if found is None:
        raise NotFoundError("There is no person with id {ref}", ref=person_id)
    return found


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    found = session.get(Organisation, organisation_id)
    if found is None:
        raise NotFoundError("There is no organisation with id {ref}", ref=organisation_id)
    return found


def _check_email(email: str | None) -> str | None:
    if email is None or email == "":
        return None
    check_text(email, "email", max_len=320)
    if not re.match(_EMAIL, email):
        raise ValidationError("'{value}' is not an e-mail address", field="email", value=email)
    return email


@dataclass(frozen=True)
class _PersonFields:
    """A person's fields from the directory form, checked."""

    name: str
    honorific: str | None
    position: str | None
    organisation_name: str | None
    email: str | None
    phone: str | None


def _check_person_fields(
    session: Session, name: str, honorific: str | None, position: str | None,
    organisation_name: str | None, email: str | None, phone: str | None, exclude: int | None,
) -> tuple[_PersonFields, Organisation | None]:
    """Every field of a person from the directory form, checked before the person is
    written; (the checked fields, the organisation, created when not yet known). The same
    name in the same organisation as another person (`exclude` aside) is refused."""
    v = _PersonFields(
        name=check_text(name, "name", required=True),
        honorific=check_text(honorific, "honorific", max_len=100),
        position=check_text(position, "position"),
        organisation_name=check_text(organisation_name, "organization"),
        email=_check_email(email),
        phone=check_text(phone, "phone", max_len=64),
    )
    org = organisation(session, v.organisation_name) if v.organisation_name else None
    if _same_person_elsewhere(session, v.name, org, exclude) is not None:
        raise ValidationError(
            "{name} is in the directory already with this organisation", field="name", name=name
        )
    return v, org


def _same_person_elsewhere(
    session: Session, name: str, org: Organisation | None, exclude: int | None
) -> Person | None:
    """A namesake is fine; the same name in the same organisation is the same person."""
    for p in find_people(session, name):
        if p.id != exclude and p.organisation_id == (org.id if org is not None else None):
            return p
    return None


def add_person(
    session: Session,
    *,
    name: str,
    honorific: str | None = None,
    position: str | None = None,
    organisation_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> Person:
    """A new person from the directory form (unlike `person()`, never returns an existing
    one: the same name in the same organisation is refused)."""
    v, org = _check_person_fields(
        session, name, honorific, position, organisation_name, email, phone, None)
    p = Person(
        name=v.name, name_key=name_key(v.name), honorific=v.honorific,
        position=v.position, organisation=org, email=v.email, phone=v.phone,
    )
    session.add(p)
    session.flush()
    audit(session, "create", "person", entity_id=p.id, entity_uuid=p.uuid, details={"name": name})
    return p


def update_person(
    session: Session,
    person_id: int,
    *,
    name: str,
    honorific: str | None = None,
    position: str | None = None,
    organisation_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    expected_version: int | None = None,
) -> Person:
    """Change a person's details. Signed minutes keep the name as it was at signing
    (their snapshot); drafts show the new one."""
    p = get_person(session, person_id)
    check_version(p, expected_version, "person")
    v, org = _check_person_fields(
        session, name, honorific, position, organisation_name, email, phone, p.id)
    before = _person_summary(p)
    p.name, p.name_key = v.name, name_key(v.name)
    p.honorific, p.position, p.email, p.phone = v.honorific, v.position, v.email, v.phone
    p.organisation = org
    session.flush()
    after = _person_summary(p)
    changed = sorted(k for k in after if after[k] != before[k])
    if changed:
        audit(session, "update", "person", entity_id=p.id, entity_uuid=p.uuid,
              details={"changed": changed})
    return p


def _person_summary(p: Person) -> dict[str, str | int | None]:
    return {"name": p.name, "honorific": p.honorific, "position": p.position,
            "organisation": p.organisation_id, "email": p.email, "phone": p.phone}


def delete_person(session: Session, person_id: int, *,
                  expected_version: int | None = None) -> None:
    """Only a person no minutes and no committee refer to can be deleted."""
    p = get_person(session, person_id)
    check_version(p, expected_version, "person", deleting=True)
    minutes = session.scalar(select(func.count(Attendance.id)).where(Attendance.person_id == p.id))
    memberships = session.scalar(
        select(func.count(CommitteeMember.id)).where(CommitteeMember.person_id == p.id))
    if minutes or memberships:
        raise ValidationError(
            "{name} is named in {minutes} attendance lists and {memberships} committee "
            "memberships, so the record is kept; change those first",
            name=p.name, minutes=minutes, memberships=memberships,
        )
    audit(session, "delete", "person", entity_id=p.id, entity_uuid=p.uuid, details={"name": p.name})
    session.delete(p)
    session.flush()


def add_organisation(session: Session, *, name: str, sector: Sector | str | None = None) -> Organisation:
    """A new organisation from the directory form; an existing name is refused."""
    chosen = _check_organisation_fields(session, name, sector, None)
    return organisation(session, name, sector=chosen, field="name")


def _check_organisation_fields(
    session: Session, name: str, sector: Sector | str | None, exclude: int | None
) -> Sector | None:
    """The name and sector of an organisation from the directory form; the sector chosen.
    The name of another organisation (`exclude` aside) is refused."""
    check_text(name, "name", required=True)
    chosen = parse_choice(sector, Sector, "sector") if sector else None
    other = find_organisation(session, name)
    if other is not None and other.id != exclude:
        raise ValidationError("an organisation named {name} exists already", field="name", name=name)
    return chosen


def update_organisation(
    session: Session, organisation_id: int, *, name: str, sector: Sector | str | None = None,
    expected_version: int | None = None,
) -> Organisation:
    org = get_organisation(session, organisation_id)
    check_version(org, expected_version, "organisation")
    chosen = _check_organisation_fields(session, name, sector, org.id)
    before = (org.name, org.sector)
    org.name, org.name_key, org.sector = name, name_key(name), chosen
    session.flush()
    if (org.name, org.sector) != before:
        audit(session, "update", "organisation", entity_id=org.id, entity_uuid=org.uuid,
              details={"name": name, "sector": chosen.value if chosen else None})
    return org


def delete_organisation(session: Session, organisation_id: int, *,
                        expected_version: int | None = None) -> None:
    """Only an organisation nothing refers to can be deleted (people, minutes, commitments
    and plan steps keep their organisation)."""
    org = get_organisation(session, organisation_id)
    check_version(org, expected_version, "organisation", deleting=True)
    uses = sum(
        session.scalar(select(func.count()).select_from(model).where(column == org.id)) or 0
        for model, column in (
            (Person, Person.organisation_id),
            (Attendance, Attendance.organisation_id),
            (Commitment, Commitment.lead_organisation_id),
            (CommitmentPartner, CommitmentPartner.organisation_id),
            (Step, Step.responsible_organisation_id),
        )
    )
    if uses:
        raise ValidationError(
            "{name} is still referred to by {n} records (people, minutes, commitments or plan "
            "steps), so it is kept; change those first",
            name=org.name, n=uses,
        )
    audit(session, "delete", "organisation", entity_id=org.id, entity_uuid=org.uuid,
          details={"name": org.name})
    session.delete(org)
    session.flush()
