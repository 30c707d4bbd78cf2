"""Shape checks for the hand-typed demo records (ogp_desktop.core.demo_data)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ogp_desktop.core import demo_data as d

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HHMM = re.compile(r"^\d{2}:\d{2}$")
DATE_KEYS = {"date", "start", "end", "due", "next_meeting", "from", "to"}

ORG_NAMES = {o["name"] for o in d.ORGANISATIONS}
ORG_KEYS = {o["key"] for o in d.ORGANISATIONS}
PERSON_NAMES = {p["name"] for p in d.PEOPLE}
PERSON_KEYS = {p["key"] for p in d.PEOPLE}
PLAN_BY_KEY = {p["key"]: p for p in d.PLANS}
PLAN_BY_TITLE = {p["title"]: p for p in d.PLANS}
COMMITTEE_BY_NAME = {c["name"]: c for c in d.COMMITTEES}

MEETING_KEYS = {
    "format", "language", "title", "plan", "commitment", "committee", "sequence",
    "date", "start", "end", "mode", "location", "objective", "attendees", "apologies",
    "other_participants", "discussion", "outputs", "action_items", "next_meeting", "notes",
}


def _parse(value: str) -> dt.date:
    assert isinstance(value, str) and ISO_DATE.match(value), value
    return dt.date.fromisoformat(value)


def _walk(obj, path="root"):
    """Yield (path, key, value) for every dict entry, recursively."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield path, k, v
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _walk(v, f"{path}[{i}]")


ALL = {
    "ORGANISATIONS": d.ORGANISATIONS,
    "PEOPLE": d.PEOPLE,
    "PLANS": d.PLANS,
    "COMMITTEES": d.COMMITTEES,
    "MEETINGS": d.MEETINGS,
}


def test_counts():
    s = d.summary()
    assert s["plans"] == 2
    assert s["commitments"] == 5
    assert s["phases"] == 7
    assert s["steps"] == 17
    assert s["meetings"] == 4
    assert s["committees"] == len(d.COMMITTEES) == 5
    assert s["people"] == len(d.PEOPLE)
    assert s["organisations"] == len(d.ORGANISATIONS)
    assert sorted(m["date"] for m in d.MEETINGS) == [
        "2019-09-30", "2021-02-09", "2021-06-14", "2021-07-28"]
    plan4 = PLAN_BY_KEY["plan4"]
    assert [c["number"] for c in plan4["commitments"]] == [1, 2, 3, 4, 5]
    plan5 = PLAN_BY_KEY["plan5"]
    assert (plan5["first_year"], plan5["last_year"], plan5["status"]) == (2021, 2025, "preparation")


def test_keys_and_names_unique():
    for name, rows in (("ORGANISATIONS", d.ORGANISATIONS), ("PEOPLE", d.PEOPLE),
                       ("PLANS", d.PLANS), ("COMMITTEES", d.COMMITTEES)):
        keys = [r["key"] for r in rows]
        assert len(keys) == len(set(keys)), name
    for rows in (d.ORGANISATIONS, d.PEOPLE, d.COMMITTEES):
        names = [r["name"] for r in rows]
        assert len(names) == len(set(names))
    assert len({p["title"] for p in d.PLANS}) == len(d.PLANS)


@pytest.mark.parametrize("label", sorted(ALL))
def test_every_date_parses(label):
    for _path, key, value in _walk(ALL[label], label):
        if key in DATE_KEYS and value is not None:
            _parse(value)


def test_no_word_artefacts():
    for label, rows in ALL.items():
        for path, _key, value in _walk(rows, label):
            if isinstance(value, str):
                assert "[bookmark" not in value, path
                assert "footnoteRef" not in value, path
                assert "<p>" not in value and "<ul" not in value, path


def test_people_and_organisations():
    sectors = {"government", "civil_society", "donor", "private", "academic", "international"}
    for o in d.ORGANISATIONS:
        assert o["sector"] in sectors
    for p in d.PEOPLE:
        assert p["organisation"] is None or p["organisation"] in ORG_KEYS, p
        assert p["honorific"] in (None, "السيد", "السيدة"), p
        assert not p["name"].startswith(("السيد ", "السيدة ")), p


def test_plans_commitments_phases_steps():
    values = {"access_to_information", "civic_participation", "public_accountability",
              "technology_innovation"}
    completion = {None, "not_started", "limited", "substantial", "complete"}
    for plan in d.PLANS:
        assert plan["status"] in {"preparation", "implementation", "completed"}
        for c in plan["commitments"]:
            assert c["lead"] is None or c["lead"] in ORG_KEYS
            assert set(c["others"]) <= ORG_KEYS
            assert set(c["values"]) <= values
            assert c["completion"] in completion
            for ms in c["milestones"]:
                if ms["start"] and ms["end"]:
                    assert _parse(ms["end"]) >= _parse(ms["start"])
        for ph in plan["phases"]:
            for st in ph["steps"]:
                start = _parse(st["start"])
                if st["end"] is not None:
                    assert _parse(st["end"]) >= start, st["number"]
                for kd in st["key_dates"]:
                    assert kd["label"].strip()
                    assert ISO_DATE.match(kd["date"]), kd
                    _parse(kd["date"])
                assert st["responsible"] is None or st["responsible"] in ORG_KEYS
                assert isinstance(st["done"], bool)
    plan5 = PLAN_BY_KEY["plan5"]
    assert [ph["number"] for ph in plan5["phases"]] == list(range(1, 8))
    steps = [st for ph in plan5["phases"] for st in ph["steps"]]
    assert [st["number"] for st in steps] == list(range(2, 19))
    assert all(st["done"] for st in steps if st["number"] <= 13)
    assert not any(st["done"] for st in steps if st["number"] >= 14)


def test_committees_resolve():
    kinds = {"implementation_committee", "national_working_group", "multi_stakeholder_forum",
             "task_force", "other"}
    roles = {"chair", "rapporteur", "member", "secretariat"}
    for c in d.COMMITTEES:
        assert c["kind"] in kinds
        plan = PLAN_BY_KEY[c["plan"]]
        if c["commitment"] is not None:
            assert c["commitment"] in {x["number"] for x in plan["commitments"]}
        for m in c["members"]:
            assert m["person"] in PERSON_KEYS, m
            assert m["role"] in roles


def test_meetings_resolve():
    for m in d.MEETINGS:
        assert set(m) <= MEETING_KEYS, set(m) - MEETING_KEYS
        assert m["format"] == "ogp-minutes/1" and m["language"] == "ar"
        assert m["title"].strip()
        assert m["mode"] in {"in_person", "online", "hybrid"}
        plan = PLAN_BY_TITLE[m["plan"]]
        committee = COMMITTEE_BY_NAME[m["committee"]]
        assert PLAN_BY_KEY[committee["plan"]] is plan
        if "commitment" in m:
            titles = {c["number"]: c["title"] for c in plan["commitments"]}
            assert m["commitment"] == titles[committee["commitment"]]
        if "sequence" in m:
            assert isinstance(m["sequence"], int) and m["sequence"] >= 1
        for k in ("start", "end"):
            if k in m:
                assert HHMM.match(m[k])
        for a in m["attendees"] + m["apologies"]:
            assert set(a) == {"name", "organization"}
            assert a["name"] in PERSON_NAMES, a
            assert a["organization"] in ORG_NAMES, a
        for k in ("discussion", "outputs", "notes"):
            assert all(isinstance(s, str) and s.strip() for s in m[k])
        for ai in m["action_items"]:
            assert ai["status"] in {"open", "done", "cancelled"}
            assert ai["text"].strip()
            if "owner" in ai:
                assert ai["owner"] in PERSON_NAMES | ORG_NAMES, ai
            if "due" in ai:
                _parse(ai["due"])
        if "next_meeting" in m:
            assert _parse(m["next_meeting"]) > _parse(m["date"])
    by_date = {m["date"]: m for m in d.MEETINGS}
    assert by_date["2021-02-09"]["next_meeting"] == "2021-02-15"
    assert by_date["2021-07-28"]["sequence"] == 2
    assert by_date["2019-09-30"]["other_participants"] == 54
