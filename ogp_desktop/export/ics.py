"""A plan's calendar as an iCalendar file (RFC 5545, written with the `icalendar`
package), for Outlook, Thunderbird, Google Calendar or a phone.

    plan_calendar(session, plan) -> icalendar.Calendar
    calendar_bytes(session, plan) -> bytes
    export_calendar(session, plan, output) -> Path

`plan` is a Plan, its id, UUID or title. What is in the file:

* every dated step of the plan as an all-day event from its start to its end, both
  inclusive (so DTEND is the day after the end: RFC 5545 DTEND is exclusive); a step with
  a start only is a one-day event, a step without dates is left out (it has no day);
* every key date as an all-day event on its day;
* the meetings of the plan and of its committees (their latest version only), at their
  time when a start time is recorded, else as all-day events.

Times are local times in Jordan written with TZID=Asia/Amman and a VTIMEZONE made from the
tz database (not floating times, which a calendar abroad or on a laptop set to UTC would
shift; not UTC either, so the file reads like the minutes: 10:00 is 10:00). A meeting
without an end time has no DTEND (RFC 5545: it ends when it starts); none is invented.

Every event's UID is "<uuid of the record>@ogp-desktop" (for a meeting, the UUID of its
first version, so an amendment updates the same event), DTSTAMP and LAST-MODIFIED are the
record's last change and SEQUENCE counts minutes since 2020 at that change: exporting
twice gives the same file, and importing a later export updates the events instead of
duplicating them. SUMMARY and the texts are in the plan's language (its title's script,
see `core.services.plan_report.plan_language`), with LANGUAGE=ar|en; a meeting's title is in its own
language. The calendar's name (X-WR-CALNAME) is the plan's title."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop import __version__
from ogp_desktop.core import labels as labels_mod
from ogp_desktop.core.models import Committee, Meeting, Plan
from ogp_desktop.core.services.plan_report import load_plan, plan_language
from ogp_desktop.export.files import write_atomically

TZID = "Asia/Amman"
UID_DOMAIN = "ogp-desktop"
PRODID = f"-//OGP Desktop//ogp-desktop {__version__}//EN"
_EPOCH = dt.datetime(2020, 1, 1)


def uid_for(uuid: str) -> str:
    return f"{uuid}@{UID_DOMAIN}"


def _labels(language: str) -> dict[str, str]:
    return labels_mod.get(language)


def _stamp(ev: icalendar.Event, changed: dt.datetime | None) -> None:
    """DTSTAMP / LAST-MODIFIED / SEQUENCE from the record's last change (stored naive UTC)."""
    when = (changed or _EPOCH).replace(microsecond=0)
    ev.add("dtstamp", when.replace(tzinfo=dt.UTC))
    ev.add("last-modified", when.replace(tzinfo=dt.UTC))
    ev.add("sequence", max(0, int((when - _EPOCH).total_seconds() // 60)))


def _text(ev: icalendar.Event, name: str, value: str | None, language: str) -> None:
    if value:
        ev.add(name, value, parameters={"LANGUAGE": language})


def _meetings(session: Session, plan: Plan) -> list[tuple[Meeting, str, str | None]]:
    """(meeting, UUID of its first version, committee name) for the plan's meetings in
    their latest version, in date order."""
    rows = session.execute(
        select(Meeting, Committee.name)
        .outerjoin(Committee, Committee.id == Meeting.committee_id)
        .where((Meeting.plan_id == plan.id) | (Committee.plan_id == plan.id))
        .order_by(Meeting.date, Meeting.id)
    ).all()
    by_id = {m.id: m for m, _ in rows}
    replaced = {m.amends_id for m, _ in rows if m.amends_id is not None}
    out: list[tuple[Meeting, str, str | None]] = []
    for m, committee in rows:
        if m.id in replaced:
            continue
        root = m
        seen = {root.id}
        while root.amends_id is not None:
            prev = by_id.get(root.amends_id) or session.get(Meeting, root.amends_id)
            if prev is None or prev.id in seen:
                break
            seen.add(prev.id)
            root = prev
        out.append((m, root.uuid, committee))
    return out


def plan_calendar(session: Session, plan: Plan | int | str) -> icalendar.Calendar:
    plan = load_plan(session, plan)
    lang = plan_language(plan)
    L = _labels(lang)
    tz = ZoneInfo(TZID)

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", L["ics_calendar_name"].format(plan=plan.title))
    cal.add("x-wr-timezone", TZID)

    for phase in sorted(plan.phases, key=lambda p: p.number):
        phase_line = L["ics_phase"].format(phase=L["pr_phase_title"].format(
            number=phase.number, title=phase.title))
        for step in sorted(phase.steps, key=lambda s: s.number):
            kds = sorted(step.key_dates, key=lambda k: k.position)
            first = step.start_date or step.end_date
            last = step.end_date or step.start_date
            if first is not None and last is not None:
                ev = icalendar.Event()
                ev.add("uid", uid_for(step.uuid))
                _stamp(ev, step.updated_at)
                ev.add("dtstart", first)
                ev.add("dtend", last + dt.timedelta(days=1))
                _text(ev, "summary", L["ics_step_summary"].format(number=step.number,
                                                                   title=step.title), lang)
                lines = [phase_line]
                if step.responsible_organisation is not None:
                    lines.append(L["pr_responsible"].format(
                        organisation=step.responsible_organisation.name))
                if kds:
                    lines.append(L["ics_key_dates"])
                    lines += [L["pr_key_date"].format(label=k.label, date=_short(k.date))
                              for k in kds]
                if step.done:
                    lines.append(L["ics_step_done"])
                details = (step.details or "").strip()
                if details:
                    lines.append(L["ics_what_was_done"].format(details=details))
                _text(ev, "description", "\n".join(lines), lang)
                ev.add("categories", [phase.title], parameters={"LANGUAGE": lang})
                ev.add("transp", "TRANSPARENT")
                ev.add("x-ogp-kind", "step")
                cal.add_component(ev)
            for k in kds:
                ev = icalendar.Event()
                ev.add("uid", uid_for(k.uuid))
                _stamp(ev, max(k.updated_at or _EPOCH, step.updated_at or _EPOCH))
                ev.add("dtstart", k.date)
                ev.add("dtend", k.date + dt.timedelta(days=1))
                _text(ev, "summary", L["ics_key_date_summary"].format(label=k.label,
                                                                       number=step.number), lang)
                _text(ev, "description", "\n".join([
                    L["ics_key_date_step"].format(number=step.number, title=step.title),
                    phase_line]), lang)
                ev.add("categories", [phase.title], parameters={"LANGUAGE": lang})
                ev.add("transp", "TRANSPARENT")
                ev.add("x-ogp-kind", "key_date")
                cal.add_component(ev)

    for m, root_uuid, committee in _meetings(session, plan):
        ML = L if m.language == lang else _labels(m.language)
        ev = icalendar.Event()
        ev.add("uid", uid_for(root_uuid))
        _stamp(ev, m.updated_at)
        if m.start_time is not None:
            ev.add("dtstart", _local(m.date, m.start_time, tz))
            if m.end_time is not None and m.end_time > m.start_time:
                ev.add("dtend", _local(m.date, m.end_time, tz))
        else:
            ev.add("dtstart", m.date)
            ev.add("dtend", m.date + dt.timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
        _text(ev, "summary", m.title, m.language)
        lines = []
        if committee:
            lines.append(ML["ics_committee"].format(committee=committee))
        mode = getattr(m.mode, "value", m.mode)
        if mode and f"mode_{mode}" in ML:
            lines.append(ML["ics_mode"].format(mode=ML[f"mode_{mode}"]))
        objective = (m.objective or "").strip()
        if objective:
            lines.append(ML["ics_objective"].format(objective=objective))
        _text(ev, "description", "\n".join(lines), m.language)
        _text(ev, "location", m.location, m.language)
        ev.add("x-ogp-kind", "meeting")
        cal.add_component(ev)

    cal.add_missing_timezones()  # the VTIMEZONE of Asia/Amman (icalendar >= 6)
    return cal


def _local(day: dt.date, time: dt.time, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=tz)


def _short(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def calendar_bytes(session: Session, plan: Plan | int | str) -> bytes:
    data: bytes = plan_calendar(session, plan).to_ical()
    return data


def export_calendar(session: Session, plan: Plan | int | str, output: Path) -> Path:
    """Write the plan's .ics to `output` atomically (a failed export leaves no partial
    file)."""
    data = calendar_bytes(session, plan)
    return write_atomically(Path(output), lambda fh: fh.write(data))
