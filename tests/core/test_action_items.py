"""The follow-up list of action items across meetings, and marking items done (also on
signed minutes, where only the status may move)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ogp_desktop.core import exchange
from ogp_desktop.core.errors import ImmutableRecordError, NotFoundError, ValidationError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import ActionItem, ActionStatus, AuditEntry, Meeting
from ogp_desktop.core.services import action_items, signing

TODAY = dt.date(2021, 7, 1)


def _minutes(title: str, date: str, committee: str | None, items: list[dict]) -> dict:
    obj = {"format": "ogp-minutes/1", "title": title, "date": date, "action_items": items}
    if committee:
        obj["committee"] = committee
    return obj


@pytest.fixture
def follow_up(db):
    """Three meetings of two committees with dated, undated, done and overdue items."""
    with db.session() as s:
        a = exchange.import_minutes(s, _minutes("الاجتماع الأول", "2021-05-01", "لجنة أ", [
            {"text": "مهمة متأخرة", "owner": "مي عليمات", "due": "2021-06-01"},
            {"text": "مهمة بلا موعد", "owner": "سجل الجمعيات"},
            {"text": "مهمة منجزة", "owner": "مي عليمات", "due": "2021-05-10", "status": "done"},
        ]))
        b = exchange.import_minutes(s, _minutes("الاجتماع الثاني", "2021-06-01", "لجنة ب", [
            {"text": "مهمة قادمة", "owner": "Omar Khalid", "due": "2021-08-01"},
            {"text": "مهمة أكثر تأخرا", "owner": "الاء الخضير", "due": "2021-05-20"},
            {"text": "مهمة بعد أسبوع", "due": "2021-07-08"},
        ]))
        c = exchange.import_minutes(s, _minutes("اجتماع بلا لجنة", "2021-06-20", None, [
            {"text": "مهمة اليوم", "owner": "مي عليمات", "due": "2021-07-01"},
        ]))
        return {"a": a.id, "b": b.id, "c": c.id,
                "committee_a": a.committee_id, "committee_b": b.committee_id}


def _texts(rows) -> list[str]:
    return [r.text for r in rows]


def test_open_items_overdue_first_then_by_due_date_undated_last(db, follow_up):
    with db.session() as s:
        rows = action_items.list_open(s, today=TODAY)
    assert _texts(rows) == [
        "مهمة أكثر تأخرا", "مهمة متأخرة",          # overdue, oldest first
        "مهمة اليوم", "مهمة بعد أسبوع", "مهمة قادمة",  # due today or later
        "مهمة بلا موعد",                              # undated last
    ]
    assert [r.overdue for r in rows] == [True, True, False, False, False, False]
    assert all(r.status == "open" for r in rows)
    first = rows[0]
    assert first.meeting_id == follow_up["b"] and first.committee == "لجنة ب"
    assert first.meeting_title == "الاجتماع الثاني" and first.meeting_date == dt.date(2021, 6, 1)
    assert first.due == dt.date(2021, 5, 20) and first.owner == "الاء الخضير"


def test_done_items_are_not_listed(db, follow_up):
    with db.session() as s:
        assert "مهمة منجزة" not in _texts(action_items.list_open(s, today=TODAY))


def test_filter_by_committee(db, follow_up):
    with db.session() as s:
        rows = action_items.list_open(s, committee_id=follow_up["committee_a"], today=TODAY)
    assert _texts(rows) == ["مهمة متأخرة", "مهمة بلا موعد"]


@pytest.mark.parametrize("owner, expected", [
    ("عليمات", ["مهمة متأخرة", "مهمة اليوم"]),
    ("omar", ["مهمة قادمة"]),           # Latin letters match regardless of case
    ("سجل الجمعيات", ["مهمة بلا موعد"]),  # every word must occur
    ("نادر", []),
])
def test_filter_by_owner_words(db, follow_up, owner, expected):
    with db.session() as s:
        assert _texts(action_items.list_open(s, owner=owner, today=TODAY)) == expected


def test_paging_gives_the_same_rows_as_the_whole_list(db, follow_up):
    with db.session() as s:
        whole = [r.id for r in action_items.list_open(s, today=TODAY)]
        paged = []
        for offset in range(0, 10, 4):
            paged += [r.id for r in action_items.list_open(s, today=TODAY, limit=4, offset=offset)]
    assert paged == whole


def test_mark_done_writes_the_status_and_an_audit_line(db, follow_up):
    with db.session() as s:
        item_id = action_items.list_open(s, today=TODAY)[0].id
    with db.session() as s:
        action_items.set_status(s, item_id, "done")
    with db.session() as s:
        assert s.get(ActionItem, item_id).status == ActionStatus.DONE
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.entity, entry.entity_id) == ("update", "action_item", item_id)
        assert '"to": "done"' in entry.details
        assert item_id not in [r.id for r in action_items.list_open(s, today=TODAY)]


def test_setting_the_same_status_again_writes_nothing(db, follow_up):
    with db.session() as s:
        item_id = action_items.list_open(s, today=TODAY)[0].id
    with db.session() as s:
        before = s.scalar(select(func.count(AuditEntry.id)))
        action_items.set_status(s, item_id, ActionStatus.OPEN)
        assert s.scalar(select(func.count(AuditEntry.id))) == before


def test_mark_done_on_signed_minutes_keeps_them_intact(db, follow_up):
    with db.session() as s:
        signing.approve(s, follow_up["a"])
        signing.sign(s, follow_up["a"], [signing.Signatory("مي عليمات", "منسقة", "approved")])
    with db.session() as s:
        item = next(r for r in action_items.list_open(s, today=TODAY)
                    if r.meeting_id == follow_up["a"])
        assert item.meeting_status == "signed"
    with db.session() as s:
        action_items.set_status(s, item.id, "done")
    with db.session() as s:
        assert s.get(ActionItem, item.id).status == ActionStatus.DONE
    report = check_database(db)
    assert report.ok, report.problems
    assert report.signed_checked == 1


def test_signed_minutes_still_refuse_other_changes_to_an_item(db, follow_up):
    with db.session() as s:
        signing.approve(s, follow_up["a"])
        signing.sign(s, follow_up["a"], [signing.Signatory("مي عليمات", "منسقة", "approved")])
    with pytest.raises(ImmutableRecordError):
        with db.session() as s:
            item = s.scalars(select(ActionItem).where(ActionItem.meeting_id == follow_up["a"])).first()
            item.status = ActionStatus.DONE
            item.text = "نص آخر"
            s.flush()


def test_items_of_an_amended_version_are_listed_once(db, follow_up):
    with db.session() as s:
        signing.approve(s, follow_up["a"])
        signing.sign(s, follow_up["a"], [signing.Signatory("مي عليمات", "منسقة", "approved")])
        newer = signing.amend(s, follow_up["a"]).id
    with db.session() as s:
        rows = [r for r in action_items.list_open(s, today=TODAY) if r.text == "مهمة متأخرة"]
        assert [r.meeting_id for r in rows] == [newer]
        assert s.get(Meeting, newer).version == 2


def test_unknown_item_and_unknown_status_are_refused(db, follow_up):
    with pytest.raises(NotFoundError):
        with db.session() as s:
            action_items.set_status(s, 99_999, "done")
    with db.session() as s:
        item_id = action_items.list_open(s, today=TODAY)[0].id
    with pytest.raises(ValidationError) as err:
        with db.session() as s:
            action_items.set_status(s, item_id, "finished")
    assert err.value.field == "status"
