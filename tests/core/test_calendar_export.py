"""The iCalendar export of a plan (export/ics.py), parsed back with the
`icalendar` package: every step, key date and meeting with the right dates, stable UIDs,
all-day DTEND exclusive, times in Asia/Amman, written atomically."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from sqlalchemy import select

from ogp_desktop.core import demo_data
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import KeyDate, Meeting, Plan, Step
from ogp_desktop.core.services import meetings, signing, steps
from ogp_desktop.export import ics as calendar_export

D = dt.date.fromisoformat
AMMAN = ZoneInfo("Asia/Amman")
PLAN5 = next(p for p in demo_data.PLANS if p["key"] == "plan5")
STEPS5 = [st for ph in PLAN5["phases"] for st in ph["steps"]]


def _plan5_id(db) -> int:
    with db.session() as s:
        return s.scalar(select(Plan.id).where(Plan.ordinal == 5))


def _export(db, tmp_path, name="plan.ics") -> tuple[bytes, icalendar.Calendar]:
    out = tmp_path / name
    with db.session() as s:
        calendar_export.export_calendar(s, _plan5_id(db), out)
    data = out.read_bytes()
    return data, icalendar.Calendar.from_ical(data)


def _events(cal) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def _value(ev, name):
    return ev[name].dt if name in ev else None


@pytest.fixture
def timed_meeting(demo_db) -> int:
    """A meeting of the 5th plan's working group with a start and an end time."""
    with demo_db.session() as s:
        m = meetings.save_minutes(s, meetings.MinutesData(
            title="الاجتماع الثالث لمجموعة العمل الوطنية", date=D("2021-11-08"),
            start=dt.time(10, 0), end=dt.time(11, 30), plan=demo_data.PLAN5_TITLE,
            committee=demo_data.NWG5, location="وزارة التخطيط والتعاون الدولي",
            objective="مراجعة مجموعة الالتزامات النهائية",
        ))
        return m.id


def test_every_step_key_date_and_meeting_with_the_right_dates(demo_db, tmp_path, timed_meeting):
    _, cal = _export(demo_db, tmp_path)
    events = _events(cal)
    with demo_db.session() as s:
        rows = {st.number: st for st in s.scalars(select(Step).join(Step.phase).where(
            Step.phase.has(plan_id=_plan5_id(demo_db))))}
        kd_rows = {(k.step.number, k.label): k for k in s.scalars(select(KeyDate))}
        meeting_rows = {m.title: m for m in s.scalars(select(Meeting))}
    # steps: all-day, DTEND the day after the last day (exclusive)
    for st in STEPS5:
        ev = events[f"{rows[st['number']].uuid}@ogp-desktop"]
        start = D(st["start"])
        last = D(st["end"]) if st["end"] else start
        assert _value(ev, "DTSTART") == start and type(_value(ev, "DTSTART")) is dt.date
        assert _value(ev, "DTEND") == last + dt.timedelta(days=1)
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert str(ev["SUMMARY"]) == f"{st['number']}. {st['title']}"
        assert ev["SUMMARY"].params["LANGUAGE"] == "ar"
    # key dates: all-day on their day
    n_kd = 0
    for st in STEPS5:
        for k in st["key_dates"]:
            ev = events[f"{kd_rows[(st['number'], k['label'])].uuid}@ogp-desktop"]
            assert _value(ev, "DTSTART") == D(k["date"])
            assert _value(ev, "DTEND") == D(k["date"]) + dt.timedelta(days=1)
            assert k["label"] in str(ev["SUMMARY"]) and str(st["number"]) in str(ev["SUMMARY"])
            n_kd += 1
    assert n_kd == 7
    # meetings of the plan and its committees: 28/7/2021 (no time: all-day) and the timed one
    m001 = events[f"{meeting_rows[demo_data.MEETING_001['title']].uuid}@ogp-desktop"]
    assert _value(m001, "DTSTART") == D("2021-07-28") and _value(m001, "DTEND") == D("2021-07-29")
    assert str(m001["SUMMARY"]) == demo_data.MEETING_001["title"]
    assert str(m001["LOCATION"]) == demo_data.MEETING_001["location"]
    assert demo_data.NWG5 in str(m001["DESCRIPTION"])
    timed = events[f"{meeting_rows['الاجتماع الثالث لمجموعة العمل الوطنية'].uuid}@ogp-desktop"]
    start, end = _value(timed, "DTSTART"), _value(timed, "DTEND")
    assert start == dt.datetime(2021, 11, 8, 10, 0, tzinfo=AMMAN)
    assert end == dt.datetime(2021, 11, 8, 11, 30, tzinfo=AMMAN)
    assert timed["DTSTART"].params["TZID"] == "Asia/Amman"
    assert start.utcoffset() == dt.timedelta(hours=2)  # winter time in 2021 (EET)
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Asia/Amman"]
    # nothing else: no meeting of the 4th plan
    assert len(events) == 17 + 7 + 2
    kinds = sorted(str(e["X-OGP-KIND"]) for e in events.values())
    assert kinds.count("step") == 17 and kinds.count("key_date") == 7 and kinds.count("meeting") == 2


def test_calendar_properties(demo_db, tmp_path):
    data, cal = _export(demo_db, tmp_path)
    assert str(cal["VERSION"]) == "2.0" and "OGP Desktop" in str(cal["PRODID"])
    assert str(cal["X-WR-CALNAME"]) == f"تقويم {demo_data.PLAN5_TITLE}"
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded (RFC 5545 3.1)
    for ev in cal.walk("VEVENT"):
        assert "DTSTAMP" in ev and "UID" in ev


def test_uids_are_stable_and_a_reexport_updates(demo_db, tmp_path):
    first, cal1 = _export(demo_db, tmp_path, "a.ics")
    second, cal2 = _export(demo_db, tmp_path, "b.ics")
    assert first == second  # the same records give the same file
    ev1 = _events(cal1)
    with demo_db.session() as s:
        step12 = s.scalar(select(Step).where(Step.number == 12).join(Step.phase).where(
            Step.phase.has(plan_id=_plan5_id(demo_db))))
        uid = f"{step12.uuid}@ogp-desktop"
        steps.update_step(s, step12, end="2021-09-24")
        step12.updated_at = step12.updated_at + dt.timedelta(minutes=5)  # a later edit
    _, cal3 = _export(demo_db, tmp_path, "c.ics")
    ev3 = _events(cal3)
    assert set(ev3) == set(ev1)  # same events: a calendar updates them, nothing duplicated
    assert _value(ev3[uid], "DTEND") == D("2021-09-25")
    assert int(ev3[uid]["SEQUENCE"]) > int(ev1[uid]["SEQUENCE"])
    assert _value(ev3[uid], "LAST-MODIFIED") > _value(ev1[uid], "LAST-MODIFIED")


def test_an_amendment_keeps_the_meeting_uid(demo_db, tmp_path):
    with demo_db.session() as s:
        m = s.scalar(select(Meeting).where(Meeting.date == D("2021-07-28")))
        first_uuid = m.uuid
        signing.approve(s, m.id)
        signing.sign(s, m.id, [signing.Signatory("مي عليمات", "منسقة الوحدة", "approved")])
        new = signing.amend(s, m.id)
        assert new.uuid != first_uuid
    _, cal = _export(demo_db, tmp_path)
    meetings_ = [e for e in cal.walk("VEVENT") if str(e["X-OGP-KIND"]) == "meeting"]
    assert [str(e["UID"]) for e in meetings_] == [f"{first_uuid}@ogp-desktop"]


def test_written_atomically(demo_db, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with demo_db.session() as s:
        with pytest.raises(ValidationError) as err:
            calendar_export.export_calendar(s, _plan5_id(demo_db), blocker / "plan.ics")
    assert err.value.field == "output"
    out = tmp_path / "ok.ics"
    with demo_db.session() as s:
        calendar_export.export_calendar(s, _plan5_id(demo_db), out)
    assert out.is_file() and [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_plan_without_steps_and_english_texts(db, tmp_path):
    from ogp_desktop.core.services import plans

    with db.session() as s:
        plan = plans.create_plan(s, ordinal=1, title="First national action plan", first_year=2012,
                                 last_year=2013)
        phase = plans.add_phase(s, plan, number=1, title="Consultation")
        plans.add_step(s, phase, number=1, title="Publish the draft", start="2012-03-01",
                       key_dates=[{"label": "Deadline", "date": "2012-03-20"}], done=True)
        plans.add_step(s, phase, number=2, title="Not yet dated")
        cal = calendar_export.plan_calendar(s, plan.id)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 2  # the undated step has no day
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == ["1. Publish the draft", "Deadline (step 1)"]
    assert all(e["SUMMARY"].params["LANGUAGE"] == "en" for e in events)
    step_ev = next(e for e in events if str(e["X-OGP-KIND"]) == "step")
    assert "This step is done." in str(step_ev["DESCRIPTION"])
    assert str(cal["X-WR-CALNAME"]) == "First national action plan – calendar"
