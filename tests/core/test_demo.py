"""The demo records load from the package data, completely and only once, and pass the integrity check."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ogp_desktop.core import demo, demo_data
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import (
    AttendanceStatus,
    Commitment,
    Committee,
    CommitteeMember,
    Meeting,
    MinutesStatus,
    Organisation,
    Person,
    Phase,
    Plan,
    Step,
)
from ogp_desktop.core.services import plans
from ogp_desktop.core.services.meetings import load_meeting

ISSUE_MEETING_DATES = ["2019-09-30", "2021-02-09", "2021-06-14", "2021-07-28"]


def _plan5() -> dict:
    return next(p for p in demo_data.PLANS if p["ordinal"] == 5)


def test_load_demo_twice_adds_nothing_the_second_time(db, dbtools):
    with db.session() as s:
        first = demo.load_demo(s)
    assert first and all(n > 0 for n in first.values())
    counts = dbtools.counts(db)
    dump = dbtools.dump(db)
    with db.session() as s:
        second = demo.load_demo(s)
    assert not any(second.values())
    assert dbtools.counts(db) == counts
    assert dbtools.dump(db) == dump


def test_demo_counts_match_the_demo_data(demo_db):
    expected = demo_data.summary()
    with demo_db.session() as s:
        def count(model):
            return s.scalar(select(func.count()).select_from(model))

        assert count(Plan) == expected["plans"]
        assert count(Commitment) == expected["commitments"]
        assert count(Phase) == expected["phases"]
        assert count(Step) == expected["steps"]
        assert count(Committee) == expected["committees"]
        assert count(Meeting) == expected["meetings"] == 4
        assert count(Person) == expected["people"]
        assert count(Organisation) == expected["organisations"]
        assert count(CommitteeMember) == sum(len(c["members"]) for c in demo_data.COMMITTEES)


def test_the_four_meetings_and_their_dates(demo_db):
    with demo_db.session() as s:
        rows = s.execute(select(Meeting.date, Meeting.title).order_by(Meeting.date)).all()
    assert [d.isoformat() for d, _ in rows] == ISSUE_MEETING_DATES
    by_date = {m["date"]: m["title"] for m in demo_data.MEETINGS}
    assert {d.isoformat(): t for d, t in rows} == by_date


def test_demo_lifecycle_states(demo_db):
    with demo_db.session() as s:
        status = {m.date.isoformat(): m.status for m in s.scalars(select(Meeting))}
    for day in demo._SIGNED:
        assert status[day] == MinutesStatus.SIGNED
    for day in demo._APPROVED:
        assert status[day] == MinutesStatus.APPROVED
    assert sum(st == MinutesStatus.DRAFT for st in status.values()) == \
        len(status) - len(demo._SIGNED) - len(demo._APPROVED)


def test_fifth_plan_phases_and_steps(demo_db):
    source = _plan5()
    with demo_db.session() as s:
        plan = s.scalar(select(Plan).where(Plan.ordinal == 5))
        assert (plan.first_year, plan.last_year) == (2021, 2025)
        assert [p.number for p in plan.phases] == list(range(1, 8))
        assert [p.title for p in plan.phases] == [p["title"] for p in source["phases"]]
        steps = plans.steps_of(s, plan)
        assert len(steps) == 17
        assert [st.number for st in steps] == list(range(2, 19))
        assert [st.number for st in steps if st.done] == list(range(2, 14))
        expected = {st["number"]: (ph["number"], st) for ph in source["phases"] for st in ph["steps"]}
        for step in steps:
            phase_number, src = expected[step.number]
            assert step.phase.number == phase_number
            assert step.title == src["title"]
            assert step.start_date == dt.date.fromisoformat(src["start"])
            assert step.end_date == (dt.date.fromisoformat(src["end"]) if src["end"] else None)
            assert [(k.label, k.date.isoformat()) for k in step.key_dates] == [
                (k["label"], k["date"]) for k in src["key_dates"]]
            responsible = step.responsible_organisation.name if step.responsible_organisation else None
            org_names = {o["key"]: o["name"] for o in demo_data.ORGANISATIONS}
            assert responsible == org_names.get(src["responsible"])


def test_call_for_proposals_key_dates(demo_db):
    # step 7 of the progress report: "نشر الطلب" and the deadline
    with demo_db.session() as s:
        plan = s.scalar(select(Plan).where(Plan.ordinal == 5))
        step7 = next(st for st in plans.steps_of(s, plan) if st.number == 7)
        labels = {k.label: k.date for k in step7.key_dates}
    assert labels["نشر الطلب"] == dt.date(2021, 5, 10)
    assert any(label.startswith("الموعد النهائي") for label in labels)


def test_fourth_plan_has_its_five_commitments(demo_db):
    source = next(p for p in demo_data.PLANS if p["ordinal"] == 4)
    with demo_db.session() as s:
        plan = s.scalar(select(Plan).where(Plan.ordinal == 4))
        assert [(c.number, c.title) for c in plan.commitments] == [
            (c["number"], c["title"]) for c in source["commitments"]]
        assert (plan.first_year, plan.last_year) == (2018, 2020)


def test_each_meeting_has_its_attendees_apologies_and_texts(demo_db):
    with demo_db.session() as s:
        for src in demo_data.MEETINGS:
            m = s.scalar(select(Meeting).where(Meeting.date == dt.date.fromisoformat(src["date"])))
            m = load_meeting(s, m.id)
            present = [a for a in m.attendance if a.status == AttendanceStatus.PRESENT]
            apologised = [a for a in m.attendance if a.status == AttendanceStatus.APOLOGISED]
            assert len(present) == len(src["attendees"]), src["date"]
            assert len(apologised) == len(src["apologies"]), src["date"]
            assert [a.person.name for a in present] == [a["name"] for a in src["attendees"]]
            assert [(a.organisation.name if a.organisation else None) for a in present] == [
                a["organization"] for a in src["attendees"]]
            assert m.objective == src.get("objective")
            assert m.texts("discussion") == src["discussion"]
            assert m.texts("output") == src["outputs"]
            assert m.texts("note") == src["notes"]
            assert m.other_participants == src.get("other_participants")


def test_check_is_ok_on_the_demo_database(demo_db):
    report = check_database(demo_db)
    assert report.ok, report.problems
    assert report.signed_checked == len(demo._SIGNED)
