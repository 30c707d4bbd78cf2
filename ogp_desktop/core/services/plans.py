"""National action plans, their commitments, and the phases and steps of their calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import NotFoundError, ValidationError
from ogp_desktop.core.models import (
    Commitment,
    Completion,
    KeyDate,
    Meeting,
    Milestone,
    MilestoneStatus,
    OgpValue,
    OpenGovernment,
    Phase,
    Plan,
    PlanStatus,
    Step,
)
from ogp_desktop.core.services import directory
from ogp_desktop.core.services.common import (
    audit,
    check_text,
    check_version,
    name_key,
    parse_choice,
    parse_iso_date,
    touch,
)
from ogp_desktop.core.services.evidence import check_evidence, evidence_json
from ogp_desktop.core.text.arabic import match_key


def create_plan(
    session: Session,
    *,
    ordinal: int,
    title: str,
    first_year: int,
    last_year: int,
    status: PlanStatus | str = PlanStatus.PREPARATION,
    description: str | None = None,
    uuid: str | None = None,
) -> Plan:
    title = check_text(title, "title", required=True)
    if not isinstance(ordinal, int) or ordinal < 1:
        raise ValidationError("must be a whole number from 1", field="ordinal")
    if session.scalar(select(Plan).where(Plan.ordinal == ordinal)) is not None:
        raise ValidationError("plan number {n} exists already", field="ordinal", n=ordinal)
    for fname, year in (("first_year", first_year), ("last_year", last_year)):
        if not isinstance(year, int) or not 1990 <= year <= 2200:
            raise ValidationError("{year} is not a plausible year", field=fname, year=year)
    if last_year < first_year:
        raise ValidationError(
            "the last year ({last}) is before the first year ({first})",
            field="last_year", last=last_year, first=first_year,
        )
    plan = Plan(
        ordinal=ordinal,
        title=title,
        first_year=first_year,
        last_year=last_year,
        status=parse_choice(status, PlanStatus, "status"),
        description=check_text(description, "description", multiline=True),
    )
    if uuid:
        plan.uuid = uuid
    session.add(plan)
    session.flush()
    audit(session, "create", "plan", entity_id=plan.id, entity_uuid=plan.uuid,
          details={"title": title})
    return plan


def find_plan(session: Session, ref: str | int) -> Plan:
    """A plan by id, ordinal-free title match, or UUID."""
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        plan = session.get(Plan, int(ref))
    else:
        plan = session.scalar(select(Plan).where(Plan.uuid == ref))
        if plan is None:
            plan = find_plan_by_title(session, ref)
    if plan is None:
        raise NotFoundError("There is no plan {ref}", ref=ref)
    return plan


def find_plan_by_title(session: Session, title: str) -> Plan | None:
    """The plan of that title; else the one plan whose title is the same once normalised
    and without its years (`core.text.arabic.match_key`): "… الخامسة … 2021-2025" and "…
    الخامسة …" are one plan, not a second one made by an import."""
    key = name_key(title)
    plans = list_plans(session)
    found = next((p for p in plans if name_key(p.title) == key), None)
    if found is None and (loose := match_key(title)):
        alike = [p for p in plans if match_key(p.title) == loose]
        found = alike[0] if len(alike) == 1 else None
    return found


def list_plans(session: Session) -> list[Plan]:
    return list(session.scalars(select(Plan).order_by(Plan.ordinal)))


def add_commitment(
    session: Session,
    plan: Plan,
    *,
    number: int,
    title: str,
    description: str | None = None,
    lead: str | None = None,
    others: Iterable[str] = (),
    values: Iterable[str] = (),
    completion: Completion | str | None = None,
    milestones: Iterable[dict[str, Any]] = (),
    open_government: OpenGovernment | str | None = None,
    evidence: Iterable[dict[str, Any]] = (),
) -> Commitment:
    """`open_government` and `evidence`: the IRM ratings and what supports them (see
    services.evidence.check_evidence for the links)."""
    title = check_text(title, "title", required=True)
    if any(c.number == number for c in plan.commitments):
        raise ValidationError("commitment {n} exists already in this plan", field="number", n=number)
    checked_milestones = _check_milestones(milestones)  # every check before any write
    links = check_evidence(session, evidence)
    lead_org = directory.organisation(session, lead) if lead else None
    partners = [directory.organisation(session, o) for o in others]
    c = Commitment(
        plan=plan,
        number=number,
        title=title,
        description=check_text(description, "description", multiline=True),
        lead_organisation=lead_org,
        completion=parse_choice(completion, Completion, "completion") if completion else None,
        open_government=(parse_choice(open_government, OpenGovernment, "open_government")
                         if open_government else None),
        progress_evidence=evidence_json(links),
        partners=partners,
    )
    c.values = list(values)
    c.milestones = [Milestone(position=pos, **m) for pos, m in enumerate(checked_milestones, 1)]
    session.add(c)
    session.flush()
    audit(session, "create", "commitment", entity_id=c.id, entity_uuid=c.uuid,
          details={"plan": plan.id, "number": number})
    return c


def find_commitment(session: Session, plan: Plan | None, ref: str) -> Commitment | None:
    """A commitment by title (within the plan when one is given); else the one whose title
    is the same once normalised (match_key)."""
    key = name_key(ref)
    query = select(Commitment)
    if plan is not None:
        query = query.where(Commitment.plan_id == plan.id)
    rows = list(session.scalars(query))
    found = next((c for c in rows if name_key(c.title) == key), None)
    if found is None and (loose := match_key(ref)):
        alike = [c for c in rows if match_key(c.title) == loose]
        found = alike[0] if len(alike) == 1 else None
    return found


def add_phase(session: Session, plan: Plan, *, number: int, title: str) -> Phase:
    title = check_text(title, "title", required=True)
    if any(p.number == number for p in plan.phases):
        raise ValidationError("phase {n} exists already in this plan", field="number", n=number)
    phase = Phase(plan=plan, number=number, title=title)
    session.add(phase)
    session.flush()
    audit(session, "create", "phase", entity_id=phase.id, entity_uuid=phase.uuid,
          details={"plan": plan.id, "number": number})
    return phase


def check_in_plan_years(plan: Plan, day: dt.date | None, field: str) -> None:
    # A plan's preparation starts before its first year (the 5th plan 2021–2025 was
    # prepared during 2021), so one year of lead time is allowed.
    if day is not None and not (plan.first_year - 1 <= day.year <= plan.last_year):
        raise ValidationError(
            "{day} is outside the plan's years {first}–{last}",
            field=field, day=day.isoformat(), first=plan.first_year, last=plan.last_year,
        )


def add_step(
    session: Session,
    phase: Phase,
    *,
    number: int,
    title: str,
    details: str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    key_dates: Iterable[dict[str, Any]] = (),
    done: bool = False,
    responsible: str | None = None,
) -> Step:
    plan = phase.plan
    title = check_text(title, "title", required=True, multiline=True)
    start_d = parse_iso_date(start, "start")
    end_d = parse_iso_date(end, "end")
    if start_d and end_d and end_d < start_d:
        raise ValidationError(
            "the end ({end}) is before the start ({start})",
            field="end", end=end_d.isoformat(), start=start_d.isoformat(),
        )
    check_in_plan_years(plan, start_d, "start")
    check_in_plan_years(plan, end_d, "end")
    used = {s.number for p in plan.phases for s in p.steps}
    if number in used:
        raise ValidationError("step number {n} is used already in this plan", field="number", n=number)
    step = Step(
        phase=phase,
        number=number,
        title=title,
        details=check_text(details, "details", multiline=True),
        start_date=start_d,
        end_date=end_d,
        done=bool(done),
        responsible_organisation=directory.organisation(session, responsible) if responsible else None,
    )
    for pos, kd in enumerate(key_dates, 1):
        day = parse_iso_date(kd.get("date"), "key date")
        if day is None:
            raise ValidationError("is required", field="key date")
        check_in_plan_years(plan, day, "key date")
        step.key_dates.append(
            KeyDate(position=pos, label=check_text(kd.get("label"), "key date label", required=True),
                    date=day)
        )
    session.add(step)
    session.flush()
    audit(session, "create", "step", entity_id=step.id, entity_uuid=step.uuid,
          details={"phase": phase.id, "number": number})
    return step


def steps_of(session: Session, plan: Plan) -> list[Step]:
    return list(
        session.scalars(
            select(Step).join(Phase).where(Phase.plan_id == plan.id).order_by(Step.number)
        )
    )


# --- forms: changing and deleting plans and commitments -------------------------------------
# (added for the plans and commitments section of the main window)


def _check_plan_fields(
    session: Session, *, ordinal: int, title: str, first_year: int, last_year: int,
    status: PlanStatus | str, description: str | None, exclude: int | None,
) -> dict[str, Any]:
    """The same rules as `create_plan`, in the same order, for a plan being changed."""
    title = check_text(title, "title", required=True)
    if not isinstance(ordinal, int) or isinstance(ordinal, bool) or ordinal < 1:
        raise ValidationError("must be a whole number from 1", field="ordinal")
    other = session.scalar(select(Plan).where(Plan.ordinal == ordinal))
    if other is not None and other.id != exclude:
        raise ValidationError("plan number {n} exists already", field="ordinal", n=ordinal)
    for fname, year in (("first_year", first_year), ("last_year", last_year)):
        if not isinstance(year, int) or not 1990 <= year <= 2200:
            raise ValidationError("{year} is not a plausible year", field=fname, year=year)
    if last_year < first_year:
        raise ValidationError(
            "the last year ({last}) is before the first year ({first})",
            field="last_year", last=last_year, first=first_year,
        )
    return {
        "ordinal": ordinal, "title": title, "first_year": first_year, "last_year": last_year,
        "status": parse_choice(status, PlanStatus, "status"),
        "description": check_text(description, "description", multiline=True),
    }


def get_plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("There is no plan {ref}", ref=plan_id)
    return plan


def update_plan(
    session: Session,
    plan_id: int,
    *,
    ordinal: int,
    title: str,
    first_year: int,
    last_year: int,
    status: PlanStatus | str,
    description: str | None = None,
    expected_version: int | None = None,
) -> Plan:
    """`expected_version`: the row version the form opened; someone else's save since is a
    ConflictError (who and when) and nothing is changed (None: no check)."""
    plan = get_plan(session, plan_id)
    check_version(plan, expected_version, "plan")
    values = _check_plan_fields(
        session, ordinal=ordinal, title=title, first_year=first_year, last_year=last_year,
        status=status, description=description, exclude=plan.id,
    )
    changed = sorted(k for k, v in values.items() if getattr(plan, k) != v)
    for key, value in values.items():
        setattr(plan, key, value)
    session.flush()
    if changed:
        audit(session, "update", "plan", entity_id=plan.id, entity_uuid=plan.uuid,
              details={"changed": changed})
    return plan


def delete_plan(session: Session, plan_id: int, *, expected_version: int | None = None) -> None:
    """Only an empty plan (no commitments, phases or meetings) can be deleted: a plan
    entered by mistake. A real plan stays, with its history."""
    plan = get_plan(session, plan_id)
    check_version(plan, expected_version, "plan", deleting=True)
    meetings = session.scalar(select(func.count(Meeting.id)).where(Meeting.plan_id == plan.id))
    if plan.commitments or plan.phases or meetings:
        raise ValidationError(
            "plan {n} has {commitments} commitments, {phases} phases and {meetings} meetings; "
            "only an empty plan can be deleted",
            n=plan.ordinal, commitments=len(plan.commitments), phases=len(plan.phases),
            meetings=meetings,
        )
    audit(session, "delete", "plan", entity_id=plan.id, entity_uuid=plan.uuid,
          details={"title": plan.title, "ordinal": plan.ordinal})
    session.delete(plan)
    session.flush()


def get_commitment(session: Session, commitment_id: int) -> Commitment:
    commitment = session.get(Commitment, commitment_id)
    if commitment is None:
        raise NotFoundError("There is no commitment with id {ref}", ref=commitment_id)
    return commitment


def _check_milestones(milestones: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules for a commitment's milestones (add and update), checked before any write."""
    checked = []
    for m in milestones:
        start = parse_iso_date(m.get("start"), "milestone start")
        end = parse_iso_date(m.get("end"), "milestone end")
        if start and end and end < start:
            raise ValidationError("ends before it starts", field="milestone end")
        checked.append({
            "title": check_text(m.get("title"), "milestone", required=True, multiline=True),
            "start_date": start,
            "end_date": end,
            "deliverable": check_text(m.get("deliverable"), "deliverable", multiline=True),
            "status": (parse_choice(m["status"], MilestoneStatus, "milestone status")
                       if m.get("status") else None),
        })
    return checked


def update_commitment(
    session: Session,
    commitment_id: int,
    *,
    number: int,
    title: str,
    description: str | None = None,
    lead: str | None = None,
    others: Iterable[str] = (),
    values: Iterable[str] = (),
    completion: Completion | str | None = None,
    milestones: Iterable[dict[str, Any]] = (),
    open_government: OpenGovernment | str | None = None,
    evidence: Iterable[dict[str, Any]] = (),
    expected_version: int | None = None,
) -> Commitment:
    """Change every field of a commitment, as `add_commitment` takes them; milestones are
    replaced by the given list (rows are reused by position, so their ids stay). A change
    of the milestones or partners alone raises the commitment's row version too."""
    c = get_commitment(session, commitment_id)
    check_version(c, expected_version, "commitment")
    title = check_text(title, "title", required=True)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise ValidationError("must be a whole number from 1", field="number")
    if any(o.number == number and o.id != c.id for o in c.plan.commitments):
        raise ValidationError("commitment {n} exists already in this plan", field="number", n=number)
    description = check_text(description, "description", multiline=True)
    check_text(lead, "lead")
    others = list(others)
    for name in others:
        check_text(name, "others", required=True)
    chosen = [parse_choice(v, OgpValue, "values") for v in values]
    completion_value = parse_choice(completion, Completion, "completion") if completion else None
    open_value = (parse_choice(open_government, OpenGovernment, "open_government")
                  if open_government else None)
    wanted = _check_milestones(milestones)
    links = evidence_json(check_evidence(session, evidence))

    before = _commitment_summary(c)
    c.number, c.title, c.description, c.completion = number, title, description, completion_value
    c.open_government, c.progress_evidence = open_value, links
    c.lead_organisation = directory.organisation(session, lead, field="lead") if lead else None
    partners = []
    for name in others:
        org = directory.organisation(session, name, field="others")
        if org not in partners and org is not c.lead_organisation:
            partners.append(org)
    c.partners = partners
    c.values = chosen
    existing = list(c.milestones)
    for pos, m in enumerate(wanted, 1):
        if pos - 1 < len(existing):
            row = existing[pos - 1]
        else:
            row = Milestone()
            c.milestones.append(row)
        row.position = pos
        row.title, row.start_date, row.end_date, row.deliverable, row.status = (
            m["title"], m["start_date"], m["end_date"], m["deliverable"], m["status"])
    for row in existing[len(wanted):]:
        c.milestones.remove(row)
    after = _commitment_summary(c)
    changed = sorted(k for k in after if after[k] != before[k])
    if changed:
        touch(c)  # one write of the row, its version up by one, whatever changed
    session.flush()
    if changed:
        audit(session, "update", "commitment", entity_id=c.id, entity_uuid=c.uuid,
              details={"plan": c.plan_id, "number": c.number, "changed": changed})
    return c


def _commitment_summary(c: Commitment) -> dict[str, Any]:
    return {
        "number": c.number, "title": c.title, "description": c.description,
        "lead": c.lead_organisation_id, "others": sorted(o.id for o in c.partners if o.id),
        "values": [v.value for v in c.values],
        "completion": c.completion.value if c.completion else None,
        "open_government": c.open_government.value if c.open_government else None,
        "evidence": c.progress_evidence,
        "milestones": [(m.title, m.start_date, m.end_date, m.deliverable, m.status)
                       for m in sorted(c.milestones, key=lambda m: m.position or 0)],
    }


def delete_commitment(session: Session, commitment_id: int, *,
                      expected_version: int | None = None) -> None:
    """A commitment no meeting refers to can be deleted (with its milestones)."""
    c = get_commitment(session, commitment_id)
    check_version(c, expected_version, "commitment", deleting=True)
    meetings = session.scalar(
        select(func.count(Meeting.id)).where(Meeting.commitment_id == c.id))
    if meetings:
        raise ValidationError(
            "commitment {n} is the subject of {meetings} meetings, so it is kept",
            n=c.number, meetings=meetings,
        )
    audit(session, "delete", "commitment", entity_id=c.id, entity_uuid=c.uuid,
          details={"plan": c.plan_id, "number": c.number, "title": c.title})
    plan = c.plan
    plan.commitments.remove(c)
    session.flush()
