"""Editing the calendar of a plan: phases and their dated steps.

    get_phase(session, ref) / get_step(session, ref)      (NotFoundError when unknown)
    update_step(session, step, *, number=, title=, details=, start=, end=, key_dates=,
                done=, responsible=)
    update_phase(session, phase, *, number=, title=)
    move_step(session, step, phase, *, index=None)
    reorder_steps(session, phase, steps_in_order)
    reorder_phases(session, plan, phases_in_order)
    renumber_steps(session, plan, *, start=None)
    delete_step(session, step) / delete_phase(session, phase, *, with_steps=False)

Creating phases and steps is `services.plans.add_phase` / `add_step`; the rules here are the
same ones (and share their helper): the end of a step is not before its start, every date
of a step (start, end, key dates) lies within the plan's years (one year of preparation
before the first is allowed), and a step number is used once in a plan. Keyword arguments
left out are not changed. Everything is validated before anything is written; each call
writes its changes and their audit lines in the caller's transaction (multi-row changes
inside a savepoint, so they happen completely or not at all) and flushes.

Steps are ordered by their number inside a phase, and numbered across the plan as in the
progress report (the 5th plan's run from 2 to 18), so moving and reordering are changes of
numbers: `reorder_steps` hands the phase's own numbers out in the new order, `move_step`
with an `index` places the step and renumbers the plan, and `renumber_steps` numbers all
steps consecutively in phase order from the plan's first step number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import KeyDate, Organisation, Phase, Plan, Step
from ogp_desktop.core.services import directory
from ogp_desktop.core.services.common import (
    audit,
    check_text,
    check_version,
    get_by_id_or_uuid,
    parse_iso_date,
    touch,
)
from ogp_desktop.core.services.plans import check_in_plan_years


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Any = _Unset()
"""Default of every optional keyword: leave that field as it is."""


# --------------------------------------------------------------------------- lookups


def get_phase(session: Session, ref: Phase | int | str) -> Phase:
    if isinstance(ref, Phase):
        return ref
    return get_by_id_or_uuid(session, Phase, ref, "phase")


def get_step(session: Session, ref: Step | int | str) -> Step:
    if isinstance(ref, Step):
        return ref
    return get_by_id_or_uuid(session, Step, ref, "step")


def _get_plan(session: Session, ref: Plan | int | str) -> Plan:
    if isinstance(ref, Plan):
        return ref
    from ogp_desktop.core.services.plans import find_plan

    return find_plan(session, ref)


def _plan_steps(session: Session, plan: Plan) -> list[Step]:
    """Every step of the plan, in phase order then number order."""
    return list(session.scalars(
        select(Step).join(Phase).where(Phase.plan_id == plan.id)
        .order_by(Phase.number, Step.number, Step.id)
    ))


def _phases(session: Session, plan: Plan) -> list[Phase]:
    return list(session.scalars(select(Phase).where(Phase.plan_id == plan.id).order_by(Phase.number)))


# --------------------------------------------------------------------------- validation


def _check_number(value: Any, field: str = "number") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError("must be a whole number from 1", field=field)
    return value


def _check_step_number_free(session: Session, plan: Plan, number: int, step: Step | None) -> None:
    for other in _plan_steps(session, plan):
        if other.number == number and (step is None or other.id != step.id):
            raise ValidationError(
                "step number {n} is used already in this plan (step “{title}”)",
                field="number", n=number, title=_short(other.title),
            )


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _parse_key_dates(plan: Plan, key_dates: Iterable[Any]) -> list[tuple[str, dt.date]]:
    """[(label, date)] from dicts {"label", "date"}, (label, date) pairs or KeyDate rows."""
    out: list[tuple[str, dt.date]] = []
    for i, kd in enumerate(key_dates):
        if isinstance(kd, Mapping):
            label, day = kd.get("label"), kd.get("date")
        elif isinstance(kd, KeyDate):
            label, day = kd.label, kd.date
        elif isinstance(kd, Sequence) and not isinstance(kd, str) and len(kd) == 2:
            label, day = kd
        else:
            raise ValidationError("must be a label and a date", field=f"key_dates[{i}]")
        label = check_text(label, f"key_dates[{i}].label", required=True)
        day_d = parse_iso_date(day, f"key_dates[{i}].date")
        if day_d is None:
            raise ValidationError("is required", field=f"key_dates[{i}].date")
        check_in_plan_years(plan, day_d, f"key_dates[{i}].date")
        out.append((label, day_d))
    return out


def _responsible(session: Session, value: Any) -> Organisation | None:
    if value is None or value == "":
        return None
    if isinstance(value, Organisation):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        org = session.get(Organisation, value)
        if org is None:
            raise ValidationError("there is no organisation with id {id}", field="responsible",
                                  id=value)
        return org
    return directory.organisation(session, value, field="responsible")


# --------------------------------------------------------------------------- steps


def update_step(
    session: Session,
    step: Step | int | str,
    *,
    number: int = UNSET,
    title: str = UNSET,
    details: str | None = UNSET,
    start: dt.date | str | None = UNSET,
    end: dt.date | str | None = UNSET,
    key_dates: Iterable[Any] = UNSET,
    done: bool = UNSET,
    responsible: str | int | Organisation | None = UNSET,
    expected_version: int | None = None,
) -> Step:
    """Change the given fields of a step. `key_dates` replaces the step's named dates
    (a list of {"label", "date"} dicts or (label, date) pairs, in order; [] removes
    them); `responsible` is an organisation name (created when new), id, or None.
    Raises ValidationError naming the field; nothing is changed then. `expected_version`:
    the row version the editor opened (ConflictError when someone saved since)."""
    step = get_step(session, step)
    check_version(step, expected_version, "step")
    plan = step.phase.plan
    new: dict[str, Any] = {}
    if number is not UNSET:
        new["number"] = _check_number(number)
        _check_step_number_free(session, plan, new["number"], step)
    if title is not UNSET:
        new["title"] = check_text(title, "title", required=True, multiline=True)
    if details is not UNSET:
        new["details"] = check_text(details, "details", multiline=True)
    start_d = parse_iso_date(start, "start") if start is not UNSET else step.start_date
    end_d = parse_iso_date(end, "end") if end is not UNSET else step.end_date
    if start is not UNSET or end is not UNSET:
        if start_d and end_d and end_d < start_d:
            if end is UNSET:  # only the start was changed: it is the start that is wrong
                raise ValidationError(
                    "the start ({start}) is after the end ({end})",
                    field="start", end=end_d.isoformat(), start=start_d.isoformat(),
                )
            raise ValidationError(
                "the end ({end}) is before the start ({start})",
                field="end", end=end_d.isoformat(), start=start_d.isoformat(),
            )
        if start is not UNSET:
            check_in_plan_years(plan, start_d, "start")
            new["start_date"] = start_d
        if end is not UNSET:
            check_in_plan_years(plan, end_d, "end")
            new["end_date"] = end_d
    kds = _parse_key_dates(plan, key_dates) if key_dates is not UNSET else None
    if done is not UNSET:
        if not isinstance(done, bool):
            raise ValidationError("must be yes or no", field="done")
        new["done"] = done
    if responsible is not UNSET:
        org = _responsible(session, responsible)
        new["responsible_organisation_id"] = org.id if org is not None else None

    changed: dict[str, list[Any]] = {}
    for attr, value in new.items():
        old = getattr(step, attr)
        if old != value:
            changed[attr] = [old, value]
            setattr(step, attr, value)
    if kds is not None:
        old_kds = [(k.label, k.date) for k in step.key_dates]
        if old_kds != kds:
            changed["key_dates"] = [old_kds, kds]
            rows = list(step.key_dates)
            for pos, (label, day) in enumerate(kds, 1):
                if pos <= len(rows):  # reuse rows by position: their UUIDs stay (calendars)
                    rows[pos - 1].label, rows[pos - 1].date = label, day
                else:
                    step.key_dates.append(KeyDate(position=pos, label=label, date=day))
            for row in rows[len(kds):]:
                step.key_dates.remove(row)
    if changed:
        touch(step)  # the key dates alone are a change of the step
        session.flush()
        audit(session, "update", "step", entity_id=step.id, entity_uuid=step.uuid,
              details={"changed": changed})
    return step


def move_step(
    session: Session, step: Step | int | str, phase: Phase | int | str, *, index: int | None = None
) -> Step:
    """Move a step to another phase of the same plan.

    Without `index` the step keeps its number (and so sorts by it among the phase's
    steps; `renumber_steps` afterwards makes the numbers follow the phases). With `index`
    (0 = first; len = last) it is placed at that position in the phase and the plan's
    steps are renumbered consecutively in the new order."""
    step = get_step(session, step)
    phase = get_phase(session, phase)
    source = step.phase
    plan = source.plan
    if phase.plan_id != plan.id:
        raise ValidationError("the phase belongs to another plan", field="phase")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
        raise ValidationError("must be a position from 0", field="index")
    if index is None:
        if source.id == phase.id:
            return step
        with session.begin_nested():
            step.phase = phase
            session.flush()
            audit(session, "move", "step", entity_id=step.id, entity_uuid=step.uuid,
                  details={"from_phase": source.id, "to_phase": phase.id, "number": step.number})
        _refresh(session, source, phase)
        return step

    order: list[tuple[Phase, list[Step]]] = []
    for ph in _phases(session, plan):
        members = [s for s in _plan_steps_of(session, ph) if s.id != step.id]
        if ph.id == phase.id:
            members.insert(min(index, len(members)), step)
        order.append((ph, members))
    with session.begin_nested():
        if source.id != phase.id:
            step.phase = phase
            session.flush()
            audit(session, "move", "step", entity_id=step.id, entity_uuid=step.uuid,
                  details={"from_phase": source.id, "to_phase": phase.id, "index": index})
        _apply_numbers(session, plan, order, start=_first_number(session, plan))
    _refresh(session, source, phase)
    return step


def _plan_steps_of(session: Session, phase: Phase) -> list[Step]:
    return list(session.scalars(
        select(Step).where(Step.phase_id == phase.id).order_by(Step.number, Step.id)
    ))


def _first_number(session: Session, plan: Plan) -> int:
    return min((s.number for s in _plan_steps(session, plan)), default=1)


def _apply_numbers(
    session: Session, plan: Plan, order: list[tuple[Phase, list[Step]]], *, start: int
) -> dict[int, tuple[int, int]]:
    """Number the steps consecutively from `start` in the given order; audit the changes."""
    changes: dict[int, tuple[int, int]] = {}
    n = start
    for _phase, steps in order:
        for s in steps:
            if s.number != n:
                changes[s.id] = (s.number, n)
                s.number = n
            n += 1
    if changes:
        session.flush()
        audit(session, "renumber", "plan", entity_id=plan.id, entity_uuid=plan.uuid,
              details={"steps": {str(k): list(v) for k, v in changes.items()}})
    return changes


def _refresh(session: Session, *phases: Phase) -> None:
    """Phase.steps is ordered by number when loaded: reload it after numbers changed."""
    for ph in phases:
        session.expire(ph, ["steps"])


def renumber_steps(
    session: Session, plan: Plan | int | str, *, start: int | None = None
) -> dict[int, tuple[int, int]]:
    """Number every step of the plan consecutively in phase order (and, inside a phase,
    in the current order), starting from `start` or else the plan's first step number
    (2 for the 5th plan, as in its progress report). Returns {step id: (old, new)} for
    the steps whose number changed."""
    plan = _get_plan(session, plan)
    if start is not None:
        _check_number(start, "start")
    order = [(ph, _plan_steps_of(session, ph)) for ph in _phases(session, plan)]
    first = start if start is not None else _first_number(session, plan)
    with session.begin_nested():
        changes = _apply_numbers(session, plan, order, start=first)
    _refresh(session, *(ph for ph, _ in order))
    return changes


def reorder_steps(
    session: Session, phase: Phase | int | str, steps_in_order: Sequence[Step | int]
) -> list[Step]:
    """Put a phase's steps in a new order: the phase's own numbers are handed out again
    in that order (so other phases are not touched). `steps_in_order` lists every step
    of the phase once (steps or ids)."""
    phase = get_phase(session, phase)
    current = _plan_steps_of(session, phase)
    by_id = {s.id: s for s in current}
    wanted_ids = [s.id if isinstance(s, Step) else s for s in steps_in_order]
    if sorted(wanted_ids) != sorted(by_id) or len(set(wanted_ids)) != len(wanted_ids):
        raise ValidationError("the new order must list each step of the phase once",
                              field="steps")
    numbers = sorted(s.number for s in current)
    changes = {}
    with session.begin_nested():
        for number, sid in zip(numbers, wanted_ids, strict=True):
            s = by_id[sid]
            if s.number != number:
                changes[str(s.id)] = [s.number, number]
                s.number = number
        if changes:
            session.flush()
            audit(session, "reorder", "phase", entity_id=phase.id, entity_uuid=phase.uuid,
                  details={"steps": changes})
    _refresh(session, phase)
    return [by_id[i] for i in wanted_ids]


def delete_step(session: Session, step: Step | int | str, *,
                expected_version: int | None = None) -> None:
    """Delete a step and its key dates."""
    step = get_step(session, step)
    check_version(step, expected_version, "step", deleting=True)
    phase = step.phase
    details = {"phase": phase.id, "number": step.number, "title": _short(step.title, 200)}
    sid, suuid = step.id, step.uuid
    session.delete(step)
    session.flush()
    session.expire(phase, ["steps"])
    audit(session, "delete", "step", entity_id=sid, entity_uuid=suuid, details=details)


# --------------------------------------------------------------------------- phases


def update_phase(
    session: Session, phase: Phase | int | str, *, number: int = UNSET, title: str = UNSET,
    expected_version: int | None = None,
) -> Phase:
    """Change a phase's number and/or title; a phase number is used once in a plan."""
    phase = get_phase(session, phase)
    check_version(phase, expected_version, "phase")
    new: dict[str, Any] = {}
    if number is not UNSET:
        new["number"] = _check_number(number)
        for other in _phases(session, phase.plan):
            if other.id != phase.id and other.number == new["number"]:
                raise ValidationError("phase {n} exists already in this plan", field="number",
                                      n=new["number"])
    if title is not UNSET:
        new["title"] = check_text(title, "title", required=True)
    changed = {}
    for attr, value in new.items():
        if getattr(phase, attr) != value:
            changed[attr] = [getattr(phase, attr), value]
            setattr(phase, attr, value)
    if changed:
        session.flush()
        audit(session, "update", "phase", entity_id=phase.id, entity_uuid=phase.uuid,
              details={"changed": changed})
        session.expire(phase.plan, ["phases"])
    return phase


def reorder_phases(
    session: Session, plan: Plan | int | str, phases_in_order: Sequence[Phase | int]
) -> list[Phase]:
    """Put a plan's phases in a new order: their numbers are handed out again in that
    order. Step numbers do not change (offer `renumber_steps` afterwards)."""
    plan = _get_plan(session, plan)
    current = _phases(session, plan)
    by_id = {p.id: p for p in current}
    wanted = [p.id if isinstance(p, Phase) else p for p in phases_in_order]
    if sorted(wanted) != sorted(by_id) or len(set(wanted)) != len(wanted):
        raise ValidationError("the new order must list each phase of the plan once",
                              field="phases")
    numbers = sorted(p.number for p in current)
    changes = {str(pid): [by_id[pid].number, n] for n, pid in zip(numbers, wanted, strict=True)
               if by_id[pid].number != n}
    if changes:
        with session.begin_nested():
            # (plan, number) is unique in the database: go through numbers no phase has
            for k, pid in enumerate(wanted, 1):
                by_id[pid].number = -k
            session.flush()
            for n, pid in zip(numbers, wanted, strict=True):
                by_id[pid].number = n
            session.flush()
            audit(session, "reorder", "plan", entity_id=plan.id, entity_uuid=plan.uuid,
                  details={"phases": changes})
        session.expire(plan, ["phases"])
    return [by_id[i] for i in wanted]


def delete_phase(session: Session, phase: Phase | int | str, *, with_steps: bool = False,
                 expected_version: int | None = None) -> None:
    """Delete a phase. A phase that still has steps is refused unless `with_steps`."""
    phase = get_phase(session, phase)
    check_version(phase, expected_version, "phase", deleting=True)
    steps = _plan_steps_of(session, phase)
    if steps and not with_steps:
        raise ValidationError(
            "the phase still has {n} steps; move or delete them first", field="steps",
            n=len(steps),
        )
    plan = phase.plan
    details = {"plan": plan.id, "number": phase.number, "title": phase.title,
               "steps": [s.number for s in steps]}
    pid, puuid = phase.id, phase.uuid
    session.delete(phase)
    session.flush()
    session.expire(plan, ["phases"])
    audit(session, "delete", "phase", entity_id=pid, entity_uuid=puuid, details=details)


__all__ = [
    "UNSET", "delete_phase", "delete_step", "get_phase", "get_step", "move_step",
    "renumber_steps", "reorder_phases", "reorder_steps", "update_phase", "update_step",
]
