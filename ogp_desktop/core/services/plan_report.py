"""From a plan's phases and steps to its progress report (تقرير سير العمل): the loader
builds the plain dict `pdf.plan_report.render_plan_report` prints (see its docstring);
`ogp_desktop.export.plan_report` writes the file.

    plan_language(plan) -> "ar" | "en"
    plan_report_document(session, plan, *, today=None) -> dict

`plan` is a Plan, its id, UUID or title (as `plans.find_plan` takes it)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ogp_desktop.core.calendar import step_state
from ogp_desktop.core.models import Phase, Plan, Step
from ogp_desktop.core.services import plans as plans_svc

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


class KeyDateEntry(TypedDict):
    label: str
    date: str | None


class StepEntry(TypedDict):
    id: int
    uuid: str
    number: int
    title: str
    details: str | None
    start: str | None  # ISO dates
    end: str | None
    key_dates: list[KeyDateEntry]
    done: bool
    state: str  # core.calendar.StepState's value on the report's date
    responsible: str | None


class PhaseEntry(TypedDict):
    id: int
    number: int
    title: str
    steps: list[StepEntry]


class PlanEntry(TypedDict):
    id: int
    uuid: str
    ordinal: int
    title: str
    first_year: int
    last_year: int
    status: str
    description: str | None


class PlanReportDocument(TypedDict):
    """What `pdf.plan_report.render_plan_report` prints: plain data, no records."""

    format: str
    language: str
    title: str | None
    date: str
    plan: PlanEntry
    phases: list[PhaseEntry]


def plan_language(plan: Plan) -> str:
    """A plan has no language field; its title says it: Arabic when the title has Arabic
    letters, else English. The report and the calendar's texts follow it."""
    return "ar" if _ARABIC.search(plan.title or "") else "en"


def get_plan(session: Session, ref: Plan | int | str) -> Plan:
    if isinstance(ref, Plan):
        return ref
    return plans_svc.find_plan(session, ref)


def load_plan(session: Session, ref: Plan | int | str) -> Plan:
    """The plan with its phases, steps, key dates and responsible organisations, in a few
    queries."""
    plan = get_plan(session, ref)
    return session.scalars(
        select(Plan).where(Plan.id == plan.id).options(
            selectinload(Plan.phases).selectinload(Phase.steps).selectinload(Step.key_dates),
            selectinload(Plan.phases).selectinload(Phase.steps)
            .selectinload(Step.responsible_organisation),
        )
    ).one()


def plan_report_document(
    session: Session, plan: Plan | int | str, *, today: dt.date | None = None
) -> PlanReportDocument:
    """The report's document: the plan, its phases and steps (with their state on `today`,
    default the system's date, which is also the date of the report)."""
    today = today or dt.date.today()
    plan = load_plan(session, plan)

    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    phases: list[PhaseEntry] = []
    for ph in sorted(plan.phases, key=lambda p: p.number):
        steps: list[StepEntry] = []
        for s in sorted(ph.steps, key=lambda s: s.number):
            steps.append({
                "id": s.id,
                "uuid": s.uuid,
                "number": s.number,
                "title": s.title,
                "details": s.details,
                "start": iso(s.start_date),
                "end": iso(s.end_date),
                "key_dates": [{"label": k.label, "date": iso(k.date)}
                              for k in sorted(s.key_dates, key=lambda k: k.position)],
                "done": bool(s.done),
                "state": step_state(s, today).value,
                "responsible": s.responsible_organisation.name if s.responsible_organisation else None,
            })
        phases.append({"id": ph.id, "number": ph.number, "title": ph.title, "steps": steps})
    return {
        "format": "ogp-plan-report/1",
        "language": plan_language(plan),
        "title": None,
        "date": today.isoformat(),
        "plan": {
            "id": plan.id,
            "uuid": plan.uuid,
            "ordinal": plan.ordinal,
            "title": plan.title,
            "first_year": plan.first_year,
            "last_year": plan.last_year,
            "status": plan.status.value,
            "description": plan.description,
        },
        "phases": phases,
    }
