"""The checks, one function each, in the order of OGP's standards. Every message is a
msgid (core.errors.Message) with its dates already written d/m/yyyy (Plain), so the edge
renders it in the user's language; `details` carries the same facts as plain data (ISO
dates, ids) for `--json` and for the GUI to open the records."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from ogp_desktop.core.errors import Message, Plain, Translate, _n, plural_message
from ogp_desktop.core.formatting import date_short
from ogp_desktop.core.models import (
    Attachment,
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    Organisation,
    Person,
    Phase,
    Plan,
    PlanStatus,
    Sector,
    Step,
)
from ogp_desktop.core.text.arabic import normalise

# The publication log, written by the publish command (core/publish) and read here:
# the last publication as an ISO datetime, and every publication as a JSON list of ISO
# datetimes (or of objects with "at").


class Status(enum.StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


STATUS_LABELS = {
    Status.MET: _n("Met"), Status.NOT_MET: _n("Not met"),
    Status.NOT_APPLICABLE: _n("Not applicable"), Status.UNKNOWN: _n("Unknown"),
}


@dataclass
class Result:
    """One requirement on one plan (or on the secretariat, `plan_id` None)."""

    check: str  # a stable id: "forum_meets_every_six_months"
    standard: str  # the minimum requirement it comes from: "1.1"
    status: Status
    title: Message
    evidence: list[Message] = field(default_factory=list)
    advice: Message | None = None
    plan_id: int | None = None
    plan_title: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # records the evidence names, to open from the GUI: ("meeting" | "step" | "committee", id)
    links: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self, translate: Translate | None = None) -> dict[str, Any]:
        return {
            "check": self.check, "standard": self.standard, "status": self.status.value,
            "title": self.title.render(translate), "plan_id": self.plan_id,
            "plan": self.plan_title,
            "evidence": [e.render(translate) for e in self.evidence],
            "advice": self.advice.render(translate) if self.advice else None,
            "details": self.details,
        }


def _d(day: dt.date) -> Plain:
    return Plain(date_short(day, "ar"))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months from `a` to `b` (14/6 to 13/8 is 1, to 14/8 is 2)."""
    months = (b.year - a.year) * 12 + b.month - a.month
    return months - 1 if b.day < a.day else months


def _current() -> Any:
    newer = aliased(Meeting)
    return ~select(newer.id).where(newer.amends_id == Meeting.id).exists()


# --- standard 1: the multi-stakeholder forum -------------------------------------------------


def _forums(session: Session, plan: Plan) -> list[Committee]:
    return list(session.scalars(
        select(Committee)
        .where(Committee.kind == CommitteeKind.MULTI_STAKEHOLDER_FORUM,
               or_(Committee.plan_id == plan.id, Committee.plan_id.is_(None)))
        .options(selectinload(Committee.members).selectinload(CommitteeMember.person)
                 .selectinload(Person.organisation))
        .order_by(Committee.id)))


NO_FORUM_ADVICE = _n("Record the forum (the national team) as a committee of the kind "
                     "multi-stakeholder forum, with its members, and the minutes of its "
                     "meetings.")


def _plural(one: str, many: str) -> tuple[str, str]:
    """Marks a plural message for extraction (i18n/build.py's keyword `_plural:1,2`)."""
    return one, many


# (singular, plural) of each gap's line: whole sentences, so each translates as one
GAP_NONE = _plural(
    "No forum meeting from {start} to {end} ({n} month): longer than six months.",
    "No forum meeting from {start} to {end} ({n} months): longer than six months.")
GAP_FIRST_LONG = _plural(
    "From the start of the plan's years, {start}, to the first meeting, {end}: {n} month, "
    "longer than six months.",
    "From the start of the plan's years, {start}, to the first meeting, {end}: {n} months, "
    "longer than six months.")
GAP_FIRST_OK = _plural(
    "From the start of the plan's years, {start}, to the first meeting, {end}: {n} month, "
    "within six months.",
    "From the start of the plan's years, {start}, to the first meeting, {end}: {n} months, "
    "within six months.")
GAP_SINCE_LONG = _plural(
    "No forum meeting since {start} ({n} month by {end}): longer than six months.",
    "No forum meeting since {start} ({n} months by {end}): longer than six months.")
GAP_SINCE_OK = _plural(
    "No forum meeting since {start} ({n} month by {end}): within six months.",
    "No forum meeting since {start} ({n} months by {end}): within six months.")
GAP_LONG = _plural(
    "No forum meeting between {start} and {end} ({n} month): longer than six months.",
    "No forum meeting between {start} and {end} ({n} months): longer than six months.")
GAP_OK = _plural(
    "No forum meeting between {start} and {end} ({n} month): within six months.",
    "No forum meeting between {start} and {end} ({n} months): within six months.")


def _no_forum(result: Result) -> Result:
    """The forum checks of a plan that records no multi-stakeholder forum: not met."""
    result.status = Status.NOT_MET
    result.evidence.append(Message(_n("No multi-stakeholder forum is recorded for this "
                                      "plan.")))
    result.advice = Message(NO_FORUM_ADVICE)
    return result


def forum_meets(session: Session, plan: Plan, today: dt.date) -> Result:
    title = Message(_n("The multi-stakeholder forum meets at least every six months"))
    result = Result("forum_meets_every_six_months", "1.1", Status.UNKNOWN, title)
    forums = _forums(session, plan)
    start = dt.date(plan.first_year, 1, 1)
    end = min(today, dt.date(plan.last_year, 12, 31))
    result.details = {"from": start.isoformat(), "to": end.isoformat(), "meetings": [],
                      "gaps": []}
    if not forums:
        return _no_forum(result)
    result.links += [("committee", f.id) for f in forums]
    if start > today:
        result.status = Status.NOT_APPLICABLE
        result.evidence.append(Message(_n("The plan's years start on {day}."), day=_d(start)))
        return result
    rows = session.execute(
        select(Meeting.id, Meeting.date, Meeting.title)
        .where(Meeting.committee_id.in_([f.id for f in forums]), _current(),
               Meeting.date >= start, Meeting.date <= end)
        .order_by(Meeting.date, Meeting.id)).all()
    seen: dict[dt.date, tuple[int, str]] = {}
    for mid, day, mtitle in rows:
        seen.setdefault(day, (mid, mtitle))
    days = sorted(seen)
    result.details["meetings"] = [{"id": seen[d][0], "date": d.isoformat()} for d in days]
    result.links += [("meeting", seen[d][0]) for d in days]
    if days:
        result.evidence.append(plural_message(
            "The forum met once between {start} and {end}.",
            "The forum met on {n} days between {start} and {end}.", len(days),
            start=_d(start), end=_d(end)))
    points = [start, *days, end]
    too_long = []
    for a, b in zip(points, points[1:], strict=False):
        if b <= a:
            continue
        months = months_between(a, b)
        long = add_months(a, 6) < b
        result.details["gaps"].append({"from": a.isoformat(), "to": b.isoformat(),
                                       "months": months, "too_long": long})
        if a == start and b == end and not days:
            pair = GAP_NONE
        elif a == start:
            pair = GAP_FIRST_LONG if long else GAP_FIRST_OK
        elif b == end:
            pair = GAP_SINCE_LONG if long else GAP_SINCE_OK
        else:
            pair = GAP_LONG if long else GAP_OK
        msg = plural_message(pair[0], pair[1], months, start=_d(a), end=_d(b))
        result.evidence.append(msg)
        if long:
            too_long.append((a, b))
    if too_long:
        result.status = Status.NOT_MET
        result.advice = Message(_n("Hold a forum meeting at least every six months, and keep "
                                   "its minutes here."))
    else:
        result.status = Status.MET
    return result


def _sector(member_org: Organisation | None) -> Sector | None:
    return member_org.sector if member_org is not None else None


def forum_membership(session: Session, plan: Plan, today: dt.date) -> Result:
    title = Message(_n("The forum's membership is recorded, with government and civil "
                       "society"))
    result = Result("forum_membership_public", "1.1", Status.UNKNOWN, title)
    forums = _forums(session, plan)
    if not forums:
        return _no_forum(result)
    ok = True
    result.details["forums"] = []
    for forum in forums:
        result.links.append(("committee", forum.id))
        members = [m for m in forum.members if m.to_date is None or m.to_date >= today]
        sectors = [_sector(m.person.organisation) for m in members]
        gov = sum(1 for s in sectors if s == Sector.GOVERNMENT)
        cso = sum(1 for s in sectors if s == Sector.CIVIL_SOCIETY)
        result.details["forums"].append({"id": forum.id, "members": len(members),
                                         "government": gov, "civil_society": cso})
        if not members:
            ok = False
            result.evidence.append(Message(_n("{forum}: no members are recorded."),
                                           forum=forum.name))
            continue
        result.evidence.append(Message(
            _n("{forum}: members {n}, from government {gov}, from civil society {cso}, "
               "others {other}."),
            forum=forum.name, n=len(members), gov=gov, cso=cso,
            other=len(members) - gov - cso))
        if not gov or not cso:
            ok = False
    result.status = Status.MET if ok else Status.NOT_MET
    if not ok:
        result.advice = Message(_n("Record the forum's members (each with their organisation "
                                   "and its sector), from government and from civil "
                                   "society, and publish them."))
    return result


RULES_WORDS = ("قواعد", "نظام داخلي", "شروط مرجعية", "الشروط المرجعية", "rules",
               "terms of reference", "tor")


def forum_rules(session: Session, plan: Plan, today: dt.date) -> Result:
    """The records have no field for the rules: an attachment to a forum meeting whose
    name or caption says rules (قواعد، نظام داخلي، شروط مرجعية, rules, terms of reference)
    counts; without one the status is unknown, not not_met."""
    title = Message(_n("The forum's basic rules of participation are public"))
    result = Result("forum_rules_public", "1.1", Status.UNKNOWN, title)
    forums = _forums(session, plan)
    if not forums:
        return _no_forum(result)
    words = [normalise(w) for w in RULES_WORDS]
    found = []
    for att_id, name, caption, mid, day in session.execute(
            select(Attachment.id, Attachment.name, Attachment.caption, Meeting.id, Meeting.date)
            .join(Meeting, Attachment.meeting_id == Meeting.id)
            .where(Meeting.committee_id.in_([f.id for f in forums]), _current())
            .order_by(Meeting.date)):
        text = normalise(f"{name} {caption or ''}")
        if any(f" {w} " in f" {text} " or (len(w) > 4 and w in text) for w in words):
            found.append((att_id, name, mid, day))
    if found:
        att_id, name, mid, day = found[0]
        result.status = Status.MET
        result.evidence.append(Message(_n("The rules are attached to the minutes of {day}: "
                                          "{name}."), day=_d(day), name=name))
        result.links.append(("meeting", mid))
        result.details["attachment"] = att_id
        return result
    result.evidence.append(Message(_n("The records hold no rules of the forum (an attachment "
                                      "to a forum meeting named as its rules).")))
    result.advice = Message(_n("Attach the forum's rules of participation to the minutes of "
                               "the meeting that agreed them, and publish them."))
    return result


# --- standard 2: the website and the repository ---------------------------------------------


def publications(session: Session) -> list[dt.datetime]:
    """Every publication of the repository the records know of, oldest first (the
    publication log, core/publish/log.py)."""
    from ogp_desktop.core.publish.log import published_at

    return published_at(session)


PUBLISH_ADVICE = _n("Publish the repository at least twice a year; each publication is "
                    "recorded for these checks.")


def website(session: Session, today: dt.date) -> Result:
    title = Message(_n("A national OGP website or page is published"))
    result = Result("website_published", "2.1", Status.UNKNOWN, title)
    done = publications(session)
    if not done:
        result.evidence.append(Message(_n("The records hold no publication of the website.")))
        result.advice = Message(PUBLISH_ADVICE)
        return result
    result.status = Status.MET
    result.evidence.append(Message(_n("The website was last published on {day}."),
                                   day=_d(done[-1].date())))
    return result


def repository(session: Session, today: dt.date) -> Result:
    title = Message(_n("The repository is updated at least twice a year"))
    result = Result("repository_updated_twice_a_year", "2.2", Status.UNKNOWN, title)
    done = publications(session)
    result.details = {"publications": [d.isoformat() for d in done]}
    if not done:
        result.evidence.append(Message(_n("The records hold no publication of the repository "
                                          "(the publish command writes one).")))
        result.advice = Message(PUBLISH_ADVICE)
        return result
    last = done[-1].date()
    year_ago = add_months(today, -12)
    recent = [d for d in done if year_ago < d.date() <= today]
    result.evidence.append(Message(_n("Last published on {day}."), day=_d(last)))
    result.evidence.append(Message(_n("Publications in the twelve months to {day}: {n}."),
                                   day=_d(today), n=len(recent)))
    stale = add_months(last, 6) < today
    if stale:
        result.evidence.append(plural_message(
            "No publication for {n} month: longer than six months.",
            "No publication for {n} months: longer than six months.",
            months_between(last, today)))
    result.status = Status.MET if len(recent) >= 2 and not stale else Status.NOT_MET
    if result.status == Status.NOT_MET:
        result.advice = Message(PUBLISH_ADVICE)
    return result


# --- standards 3 and 4: the co-creation timeline and the reasoned response ------------------

PUBLISH_WORDS = ("نشر", "publish")
TIMELINE_WORDS = ("منهجي", "جدول زمني", "الجدول الزمني", "خطة زمنية", "timeline",
                  "methodology", "schedule")
RESPONSE_WORDS = ("رد معلل", "الرد المعلل", "رد مسبب", "الرد المسبب", "تبرير", "ابلاغ المتقدمين",
                  "ابلاغ مقدمي", "reasoned response", "feedback to", "informing the applicants")


def _steps(session: Session, plan: Plan) -> list[Step]:
    return list(session.scalars(
        select(Step).join(Phase).where(Phase.plan_id == plan.id)
        .options(selectinload(Step.phase)).order_by(Phase.number, Step.number)))


def _says(text: str, words: Iterable[str]) -> bool:
    norm = normalise(text)
    return any(normalise(w) in norm for w in words)


def _first_day(step: Step) -> dt.date | None:
    return step.start_date or step.end_date


def timeline(session: Session, plan: Plan, today: dt.date) -> Result:
    """The timeline (the plan's phases and steps, its methodology) counts as published on
    the first day of the first step whose title says it publishes it (نشر … المنهجية,
    publish … timeline); co-creation begins with the first dated step of a later phase."""
    title = Message(_n("The co-creation timeline is published before co-creation begins"))
    result = Result("timeline_published_before_cocreation", "3.1", Status.UNKNOWN, title)
    steps = [s for s in _steps(session, plan) if _first_day(s) is not None]
    if not steps:
        result.evidence.append(Message(_n("The plan's co-creation timeline (its phases and "
                                          "dated steps) is not recorded.")))
        result.advice = Message(_n("Record the plan's phases and dated steps in the calendar, "
                                   "with the step that publishes the timeline."))
        return result
    matching = [s for s in steps if _says(s.title, PUBLISH_WORDS)
                and _says(s.title, TIMELINE_WORDS)]
    # a step that is the publication ("نشر المنهجية") before one that mentions it
    published = next((s for s in matching if any(
        normalise(s.title).startswith(normalise(w)) for w in PUBLISH_WORDS)),
        matching[0] if matching else None)
    if published is None:
        result.evidence.append(Message(_n("No step of the plan says that the timeline or the "
                                          "methodology was published.")))
        result.advice = Message(_n("Record the publication of the timeline as a step (for "
                                   "example «نشر المنهجية»), dated, before co-creation "
                                   "begins."))
        return result
    pub_day = _first_day(published)
    assert pub_day is not None
    result.links.append(("step", published.id))
    later = [s for s in steps if s.phase.number > published.phase.number]
    begins = min(later, key=lambda s: (_first_day(s), s.number)) if later else None
    result.details = {"published_step": published.id, "published": pub_day.isoformat(),
                      "cocreation_step": begins.id if begins else None,
                      "cocreation_begins": (_first_day(begins).isoformat()  # type: ignore[union-attr]
                                            if begins else None)}
    result.evidence.append(Message(_n("Step {number}, «{title}»: {day}."),
                                   number=published.number, title=published.title,
                                   day=_d(pub_day)))
    if not published.done and pub_day <= today:
        result.status = Status.NOT_MET
        result.evidence.append(Message(_n("That step is not marked done.")))
        result.advice = Message(_n("Publish the timeline and mark its step done."))
        return result
    if begins is None:
        result.status = Status.UNKNOWN
        result.evidence.append(Message(_n("No later step says when co-creation begins.")))
        return result
    begin_day = _first_day(begins)
    assert begin_day is not None
    result.links.append(("step", begins.id))
    before = sorted(s.number for s in steps if (_first_day(s) or begin_day) < begin_day)
    result.evidence.append(Message(_n("Co-creation begins with step {number}, «{title}»: "
                                      "{day}."), number=begins.number, title=begins.title,
                                   day=_d(begin_day)))
    if before:
        result.evidence.append(Message(_n("Steps dated before co-creation begins: {steps}."),
                                       steps=Plain(", ".join(map(str, before)))))
    if pub_day <= begin_day:
        result.status = Status.MET
    else:
        result.status = Status.NOT_MET
        result.advice = Message(_n("Publish the timeline before co-creation begins, and date "
                                   "its step so."))
    return result


def reasoned_response(session: Session, plan: Plan, today: dt.date) -> Result:
    """A step that says proposers were answered with reasons (الرد المعلل, إبلاغ
    المتقدمين بالنتائج, reasoned response) counts; else unknown."""
    title = Message(_n("A reasoned response says which proposals were adopted and why"))
    result = Result("reasoned_response", "4.1", Status.UNKNOWN, title)
    step = next((s for s in _steps(session, plan) if _says(
        f"{s.title} {s.details or ''}", RESPONSE_WORDS)), None)
    if step is None:
        result.evidence.append(Message(_n("No step of the plan records a reasoned response to "
                                          "the proposals.")))
        result.advice = Message(_n("Publish which proposals were adopted and why, and record it "
                                   "as a step of the plan."))
        return result
    result.links.append(("step", step.id))
    day = _first_day(step)
    result.details = {"step": step.id, "date": day.isoformat() if day else None}
    result.evidence.append(Message(_n("Step {number}, «{title}»: {day}."), number=step.number,
                                   title=step.title, day=_d(day) if day else Plain("—")))
    if step.done:
        result.status = Status.MET
    elif day is not None and day < today:
        result.status = Status.NOT_MET
        result.evidence.append(Message(_n("That step is not marked done.")))
        result.advice = Message(_n("Publish the reasoned response and mark its step done."))
    return result


# --- standard 5: implementation ---------------------------------------------------------------


def civil_society_meetings(session: Session, plan: Plan, today: dt.date) -> Result:
    """Meetings of the plan (its own or its committees') with at least one attendee present
    from a civil-society organisation, counted per year of implementation: the plan's
    years, and later years in which its meetings go on."""
    title = Message(_n("During implementation, at least two meetings a year with civil "
                       "society"))
    result = Result("civil_society_meetings_per_year", "5.1", Status.UNKNOWN, title)
    if plan.status == PlanStatus.PREPARATION:
        result.status = Status.NOT_APPLICABLE
        result.evidence.append(Message(_n("The plan is in preparation, not yet being "
                                          "implemented.")))
        return result
    plan_of = func.coalesce(Meeting.plan_id, Committee.plan_id)
    rows = session.execute(
        select(Meeting.id, Meeting.date, Organisation.sector)
        .outerjoin(Committee, Meeting.committee_id == Committee.id)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .join(Person, Attendance.person_id == Person.id)
        .outerjoin(Organisation, Organisation.id == func.coalesce(Attendance.organisation_id,
                                                                    Person.organisation_id))
        .where(plan_of == plan.id, _current(), Attendance.status == AttendanceStatus.PRESENT,
               Meeting.date <= today)).all()
    all_days = session.execute(
        select(Meeting.date).outerjoin(Committee, Meeting.committee_id == Committee.id)
        .where(plan_of == plan.id, _current(), Meeting.date <= today)).scalars().all()
    years = set(range(plan.first_year, min(plan.last_year, today.year) + 1))
    years |= {d.year for d in all_days if d.year > plan.last_year}
    with_cso: dict[int, dict[int, dt.date]] = {y: {} for y in years}
    for mid, day, sector in rows:
        if sector == Sector.CIVIL_SOCIETY and day.year in with_cso:
            with_cso[day.year][mid] = day
    if not years:
        result.status = Status.NOT_APPLICABLE
        result.evidence.append(Message(_n("The plan's years start on {day}."),
                                       day=_d(dt.date(plan.first_year, 1, 1))))
        return result
    short = []
    result.details["years"] = {}
    for year in sorted(years):
        meetings = sorted(with_cso[year].items(), key=lambda kv: kv[1])
        result.details["years"][str(year)] = [{"id": m, "date": d.isoformat()}
                                              for m, d in meetings]
        result.links += [("meeting", m) for m, _d2 in meetings]
        days = Plain(", ".join(date_short(d, "ar") for _m, d in meetings) or "—")
        running = year == today.year and today < dt.date(year, 12, 31)
        enough = len(meetings) >= 2
        if not meetings:
            verdict = (_n("{year} (so far): no meeting with civil society yet.") if running
                       else _n("{year}: no meeting with civil society: fewer than two."))
            if not running:
                short.append(year)
        elif enough:
            verdict = _n("{year}: {n} meetings with civil society ({days}).")
        elif running:
            verdict = _n("{year} (so far): {n} meetings with civil society ({days}); two are "
                         "needed by the end of the year.")
        else:
            verdict = _n("{year}: {n} meetings with civil society ({days}): fewer than two.")
            short.append(year)
        result.evidence.append(Message(verdict, year=Plain(str(year)), n=len(meetings),
                                       days=days))
    if short:
        result.status = Status.NOT_MET
        result.advice = Message(_n("Meet civil society at least twice a year during "
                                   "implementation to present results, and record who "
                                   "attended (with their organisations' sectors)."))
    else:
        result.status = Status.MET
    return result


# --- all of them --------------------------------------------------------------------------------

PlanCheck = Callable[[Session, Plan, dt.date], Result]
GlobalCheck = Callable[[Session, dt.date], Result]

GLOBAL_CHECKS: tuple[GlobalCheck, ...] = (website, repository)
PLAN_CHECKS: tuple[PlanCheck, ...] = (forum_meets, forum_membership, forum_rules, timeline,
                                      reasoned_response, civil_society_meetings)
CHECKS = ("website_published", "repository_updated_twice_a_year",
          "forum_meets_every_six_months", "forum_membership_public", "forum_rules_public",
          "timeline_published_before_cocreation", "reasoned_response",
          "civil_society_meetings_per_year")


def check(session: Session, plan_id: int | None = None,
          today: dt.date | None = None) -> list[Result]:
    """Every check: those of the secretariat once, then those of each plan (of `plan_id`
    only, when given), in the order of the standards. Reads only."""
    today = today or dt.date.today()
    results = [c(session, today) for c in GLOBAL_CHECKS]
    query = select(Plan).order_by(Plan.ordinal)
    if plan_id is not None:
        query = query.where(Plan.id == plan_id)
    for plan in session.scalars(query):
        for c in PLAN_CHECKS:
            r = c(session, plan, today)
            r.plan_id, r.plan_title = plan.id, plan.title
            results.append(r)
    return results


def warnings(results: list[Result]) -> list[Result]:
    """What the home screen warns of: the requirements not met."""
    return [r for r in results if r.status == Status.NOT_MET]
