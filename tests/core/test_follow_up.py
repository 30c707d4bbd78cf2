"""Follow-up between meetings: the previous meeting of the same committee and the action
items it left open (core.services.follow_up)."""

from __future__ import annotations

import datetime as dt

from ogp_desktop.core.models import ActionStatus
from ogp_desktop.core.services import committees, follow_up, signing
from ogp_desktop.core.services.meetings import (
    ActionItemData,
    MinutesData,
    load_meeting,
    minutes_data,
    save_minutes,
)

C1 = "لجنة تنفيذ الالتزام الأول"
C2 = "مجموعة العمل الوطنية"


def meeting(db, day: str, committee: str | None = C1, items=(), title: str | None = None) -> int:
    with db.session() as s:
        return save_minutes(s, MinutesData(
            title=title or f"اجتماع {day}", date=dt.date.fromisoformat(day), committee=committee,
            action_items=[ActionItemData(*i) if isinstance(i, tuple) else ActionItemData(i)
                          for i in items])).id


def test_previous_meeting_and_its_open_items_in_order(db):
    first = meeting(db, "2021-06-14", items=[
        ("ارسال مسودة الاستبيان", "مي عليمات", dt.date(2021, 6, 17)),
        ("اطلاق الاستبيان", None, dt.date(2021, 6, 20), ActionStatus.DONE),
        ("ارسال الدعوات", "سجل الجمعيات", None),
        ("الغاء الجلسة", None, None, ActionStatus.CANCELLED),
    ])
    meeting(db, "2021-06-01", items=["بند أقدم"])
    meeting(db, "2021-06-20", committee=C2, items=["بند لجنة أخرى"])
    meeting(db, "2021-08-01", items=["بند لاحق"])

    with db.session() as s:
        found = follow_up.open_items(s, C1, dt.date(2021, 7, 13))
        assert found.meeting_id == first
        assert (found.title, found.date) == ("اجتماع 2021-06-14", dt.date(2021, 6, 14))
        assert [(i.text, i.owner, i.due) for i in found.items] == [
            ("ارسال مسودة الاستبيان", "مي عليمات", dt.date(2021, 6, 17)),
            ("ارسال الدعوات", "سجل الجمعيات", None),
        ]
        assert all(i.meeting_id == first for i in found.items)
        copy = found.items[0].as_action_item()
        assert copy == ActionItemData("ارسال مسودة الاستبيان", "مي عليمات",
                                      dt.date(2021, 6, 17), ActionStatus.OPEN)
        # the committee by object or id gives the same; the previous of the first is older
        committee = committees.find_committee(s, C1)
        assert follow_up.previous_meeting(s, committee, dt.date(2021, 7, 13)).id == first
        assert follow_up.previous_meeting(s, committee.id, dt.date(2021, 7, 13)).id == first
        older = follow_up.open_items(s, C1, dt.date(2021, 6, 14))
        assert [i.text for i in older.items] == ["بند أقدم"]


def test_nothing_to_follow_up(db):
    meeting(db, "2021-06-14", items=["بند"])
    with db.session() as s:
        assert follow_up.open_items(s, C1, dt.date(2021, 6, 1)) is None  # nothing earlier
        assert follow_up.open_items(s, "لجنة غير معروفة", dt.date(2022, 1, 1)) is None
        assert follow_up.open_items(s, None, dt.date(2022, 1, 1)) is None
        assert follow_up.open_items(s, "  ", dt.date(2022, 1, 1)) is None
    done = meeting(db, "2021-07-01", items=[("منجز", None, None, ActionStatus.DONE)])
    with db.session() as s:
        found = follow_up.open_items(s, C1, dt.date(2021, 7, 2))
        assert found.meeting_id == done and found.items == []


def test_items_already_carried_over_are_not_offered_again(db):
    meeting(db, "2021-06-14", items=["ارسال   الدعوات الرسمية", "متابعة الاستبيان"])
    with db.session() as s:
        found = follow_up.open_items(s, C1, dt.date(2021, 7, 1),
                                     exclude_texts=["ارسال الدعوات الرسمية", ""])
        assert [i.text for i in found.items] == ["متابعة الاستبيان"]


def test_the_meeting_being_written_is_not_its_own_previous_meeting(db):
    earlier = meeting(db, "2021-06-14", items=["أ"])
    same_day_first = meeting(db, "2021-07-01", items=["ب"])
    current = meeting(db, "2021-07-01", items=["ج"])
    with db.session() as s:
        # on the same day an earlier record counts, the meeting itself never does
        assert follow_up.previous_meeting(s, C1, dt.date(2021, 7, 1),
                                          meeting_id=current).id == same_day_first
        assert follow_up.previous_meeting(s, C1, dt.date(2021, 7, 1),
                                          meeting_id=same_day_first).id == earlier
        # a new meeting (no id yet) looks strictly before its date
        assert follow_up.previous_meeting(s, C1, dt.date(2021, 7, 1)).id == earlier


def test_amended_minutes_count_once_with_their_newest_version(db):
    signed = meeting(db, "2021-06-14", items=["بند في النسخة الأولى"])
    with db.session() as s:
        signing.approve(s, signed)
        signing.sign(s, signed, [signing.Signatory("مي عليمات", "منسقة الوحدة")])
        amendment_id = signing.amend(s, signed).id
    with db.session() as s:
        data = minutes_data(load_meeting(s, amendment_id))
        data.action_items[0].text = "بند مصحح في النسخة الثانية"
        save_minutes(s, data, amendment_id)
    with db.session() as s:
        found = follow_up.open_items(s, C1, dt.date(2021, 7, 1))
        assert (found.meeting_id, found.version) == (amendment_id, 2)
        assert [i.text for i in found.items] == ["بند مصحح في النسخة الثانية"]
        # neither version is the previous meeting of the other
        assert follow_up.previous_meeting(s, C1, dt.date(2021, 6, 14),
                                          meeting_id=amendment_id) is None
        assert follow_up.previous_meeting(s, C1, dt.date(2021, 6, 14),
                                          meeting_id=signed) is None


def test_editor_lookups_are_plain_names(demo_db):
    """What the minutes editor completes from (core.services.minutes_lookups)."""
    from sqlalchemy import event

    from ogp_desktop.core.services.minutes_lookups import editor_lookups

    queries = []
    event.listen(demo_db.engine, "before_cursor_execute", lambda *a: queries.append(1))
    with demo_db.session() as s:
        found = editor_lookups(s)
    assert len(queries) <= 6  # five SELECTs and the BEGIN
    people = dict(found.people)
    assert people["مي عليمات"] == "وحدة الحكومة الشفافة – وزارة التخطيط والتعاون الدولي"
    assert "سجل الجمعيات" in found.organisations
    plans = dict(found.plans)
    assert len(plans) == 2 and all(isinstance(c, list) for c in plans.values())
    committees = {name: (plan, commitment) for name, plan, commitment in found.committees}
    plan, commitment = committees["لجنة تنفيذ الالتزام الأول – الخطة الوطنية الرابعة"]
    assert plan in plans and commitment in plans[plan]
