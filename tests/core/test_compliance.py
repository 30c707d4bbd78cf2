"""The compliance checks on dated meetings made here, on SQLite and on the real server: a
forum silent for 7 months is not_met and the message names both dates, meetings 5 months
apart are met; membership needs government and civil society; the repository's log; the
timeline before co-creation; civil-society meetings per year of implementation."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ogp_desktop.core import exchange
from ogp_desktop.core.compliance import Status, check
from ogp_desktop.core.compliance.checks import add_months, months_between
from ogp_desktop.core.i18n import translator
from ogp_desktop.core.services import committees, directory, plans

FORUM = "المنتدى متعدد الأطراف للاختبار"
TODAY = dt.date(2022, 12, 31)


def _plan(s, status="implementation"):
    return plans.create_plan(s, ordinal=9, title="الخطة التاسعة", first_year=2021,
                             last_year=2022, status=status)


def _meeting(s, day: str, *, committee=FORUM, attendees=()) -> int:
    return exchange.import_minutes(s, {
        "format": "ogp-minutes/1", "title": f"اجتماع {day}", "date": day,
        "plan": "الخطة التاسعة", "committee": committee,
        "attendees": [{"name": n, "organization": o} for n, o in attendees]}).id


def _forum(s, plan):
    return committees.create_committee(s, name=FORUM, kind="multi_stakeholder_forum", plan=plan)


def _result(results, check_id, plan_id=None):
    (r,) = [r for r in results if r.check == check_id and (plan_id is None or r.plan_id == plan_id)]
    return r


def test_a_forum_silent_for_seven_months_is_not_met_naming_the_dates(db):
    with db.session() as s:
        plan = _plan(s)
        _forum(s, plan)
        for day in ("2021-01-05", "2021-02-09", "2021-06-14", "2021-11-30", "2022-05-20",
                    "2022-12-25"):
            _meeting(s, day)
        plan_id = plan.id
    with db.session(write=False) as s:
        r = _result(check(s, plan_id, today=TODAY), "forum_meets_every_six_months")
    assert r.status == Status.NOT_MET and r.standard == "1.1"
    en = [e.render(translator("en")) for e in r.evidence]
    assert "No forum meeting between 9/2/2021 and 14/6/2021 (4 months): within six months." in en
    assert "No forum meeting between 20/5/2022 and 25/12/2022 (7 months): longer than six " \
           "months." in en
    assert [g["months"] for g in r.details["gaps"] if g["too_long"]] == [7]
    ar = [e.render(translator("ar")) for e in r.evidence]
    assert any("20/5/2022" in line and "25/12/2022" in line and "ستة أشهر" in line for line in ar)
    assert r.advice is not None and len(r.links) == 1 + 6  # the forum and its meetings


def test_forum_meetings_five_months_apart_are_met(db):
    with db.session() as s:
        plan = _plan(s)
        _forum(s, plan)
        for day in ("2021-01-10", "2021-06-10", "2021-11-10", "2022-04-10", "2022-09-10"):
            _meeting(s, day)
        # an amendment does not add a meeting: the same date once
        plan_id = plan.id
    with db.session(write=False) as s:
        r = _result(check(s, plan_id, today=TODAY), "forum_meets_every_six_months")
    assert r.status == Status.MET, [str(e) for e in r.evidence]
    assert all(not g["too_long"] for g in r.details["gaps"])
    assert [m["date"] for m in r.details["meetings"]] == [
        "2021-01-10", "2021-06-10", "2021-11-10", "2022-04-10", "2022-09-10"]
    # the last gap is up to the day of the check: silent since September is met in
    # December, not met in May of the next year (the plan's years have ended: up to 31/12)
    with db.session(write=False) as s:
        later = _result(check(s, plan_id, today=dt.date(2023, 5, 1)),
                        "forum_meets_every_six_months")
    assert later.status == Status.MET  # the plan's years end on 31/12/2022


def test_no_forum_is_not_met_and_membership_needs_both_sides(db):
    with db.session() as s:
        plan = _plan(s)
        plan_id = plan.id
    with db.session(write=False) as s:
        results = check(s, plan_id, today=TODAY)
    for cid in ("forum_meets_every_six_months", "forum_membership_public", "forum_rules_public"):
        assert _result(results, cid).status == Status.NOT_MET
    with db.session() as s:
        forum = _forum(s, plans.get_plan(s, plan_id))
        gov = directory.organisation(s, "وزارة التخطيط", sector="government")
        committees.add_member(s, forum, directory.person(s, "مي عليمات", org=gov))
    with db.session(write=False) as s:
        r = _result(check(s, plan_id, today=TODAY), "forum_membership_public")
        rules = _result(check(s, plan_id, today=TODAY), "forum_rules_public")
    assert r.status == Status.NOT_MET and r.details["forums"][0]["government"] == 1
    assert rules.status == Status.UNKNOWN  # the records have no field for the rules
    with db.session() as s:
        forum = committees.find_committee(s, FORUM)
        cso = directory.organisation(s, "مركز الشفافية الأردني", sector="civil_society")
        committees.add_member(s, forum, directory.person(s, "هيلدا عجيلات", org=cso))
    with db.session(write=False) as s:
        r = _result(check(s, plan_id, today=TODAY), "forum_membership_public")
    assert r.status == Status.MET
    assert r.details["forums"][0] == {"id": r.details["forums"][0]["id"], "members": 2,
                                      "government": 1, "civil_society": 1}


def test_the_repository_from_the_publication_log(db):
    with db.session(write=False) as s:
        results = check(s, today=TODAY)
    assert _result(results, "repository_updated_twice_a_year").status == Status.UNKNOWN
    assert _result(results, "website_published").status == Status.UNKNOWN
    from ogp_desktop.core.publish import log
    from ogp_desktop.core.publish.site import PublishResult

    with db.session() as s:  # two publications, as `publish` logs them
        for when in (dt.datetime(2022, 3, 1, 10), dt.datetime(2022, 5, 2, 9)):
            log.record(s, PublishResult(site=Path("site"), pages=12, minutes=2), when)
    with db.session(write=False) as s:
        r = _result(check(s, today=TODAY), "repository_updated_twice_a_year")
        ok = _result(check(s, today=dt.date(2022, 9, 1)), "repository_updated_twice_a_year")
    assert r.status == Status.NOT_MET  # nothing since May: more than six months by December
    assert "Last published on 2/5/2022." in [str(e) for e in r.evidence]
    assert ok.status == Status.MET and len(r.details["publications"]) == 2


def test_the_timeline_before_co_creation_and_civil_society_meetings(db):
    with db.session() as s:
        plan = _plan(s)
        p1 = plans.add_phase(s, plan, number=1, title="المنهجية")
        plans.add_step(s, p1, number=1, title="نشر المنهجية والجدول الزمني", start="2021-03-01",
                       done=True)
        p2 = plans.add_phase(s, plan, number=2, title="المقترحات")
        plans.add_step(s, p2, number=2, title="دعوة المواطنين إلى تقديم مقترحات",
                       start="2021-04-01", done=True)
        cso = directory.organisation(s, "مركز الشفافية الأردني", sector="civil_society")
        _ = cso
        for day in ("2021-03-10", "2021-09-10", "2022-02-01"):
            _meeting(s, day, committee="لجنة التنفيذ",
                     attendees=[("هيلدا عجيلات", "مركز الشفافية الأردني")])
        _meeting(s, "2022-06-01", committee="لجنة التنفيذ", attendees=[("مي", "وزارة")])
        plan_id = plan.id
    with db.session(write=False) as s:
        results = check(s, plan_id, today=TODAY)
    timeline = _result(results, "timeline_published_before_cocreation")
    assert timeline.status == Status.MET and timeline.standard == "3.1"
    assert timeline.details["published"] == "2021-03-01"
    assert timeline.details["cocreation_begins"] == "2021-04-01"
    meetings = _result(results, "civil_society_meetings_per_year")
    assert meetings.status == Status.NOT_MET and meetings.standard == "5.1"
    assert [len(meetings.details["years"][y]) for y in ("2021", "2022")] == [2, 1]
    assert "2022: 1 meetings with civil society (1/2/2022): fewer than two." in [
        str(e) for e in meetings.evidence]
    with db.session() as s:
        plans.update_plan(s, plan_id, ordinal=9, title="الخطة التاسعة", first_year=2021,
                          last_year=2022, status="preparation")
    with db.session(write=False) as s:
        r = _result(check(s, plan_id, today=TODAY), "civil_society_meetings_per_year")
    assert r.status == Status.NOT_APPLICABLE


def test_every_result_has_the_fields_the_json_promises(demo_db):
    with demo_db.session(write=False) as s:
        rows = [r.as_json(translator("ar")) for r in check(s, today=dt.date(2026, 3, 1))]
    assert {r["status"] for r in rows} <= {"met", "not_met", "not_applicable", "unknown"}
    for r in rows:
        assert r["check"] and r["standard"] and isinstance(r["evidence"], list)
        json.dumps(r)
    assert {r["standard"] for r in rows} >= {"1.1", "2.1", "2.2", "3.1", "4.1", "5.1"}


def test_months():
    assert months_between(dt.date(2021, 2, 9), dt.date(2021, 6, 14)) == 4
    assert months_between(dt.date(2022, 5, 20), dt.date(2022, 12, 25)) == 7
    assert months_between(dt.date(2021, 6, 14), dt.date(2021, 8, 13)) == 1
    assert add_months(dt.date(2021, 8, 31), 6) == dt.date(2022, 2, 28)
    assert add_months(dt.date(2022, 1, 31), -12) == dt.date(2021, 1, 31)
