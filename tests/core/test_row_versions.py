"""Two people, one draft (#12 item 3): each save raises the meeting's row version and names
who saved; a save from an editor that opened an older row version is refused with who and
when, and changes nothing. On SQLite and on the PostgreSQL server (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from ogp_desktop.core.errors import ConflictError
from ogp_desktop.core.i18n import translator
from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services import meetings, signing
from ogp_desktop.core.services.common import login


def _draft(db) -> tuple[int, int]:
    with db.session() as s:
        m = meetings.save_minutes(s, meetings.MinutesData(
            title="محضر اجتماع لجنة تنفيذ الالتزام الأول", date=dt.date(2021, 6, 14),
            committee="لجنة تنفيذ الالتزام الأول", discussion=["عرض منهجية الاستراتيجية"]))
        return m.id, m.row_version


def _edit(db, meeting_id: int, title: str, expected: int | None):
    with db.session() as s:
        data = meetings.minutes_data(meetings.load_meeting(s, meeting_id))
        data.title = title
        m = meetings.save_minutes(s, data, meeting_id, expected_version=expected)
        return m.row_version, m.updated_by


def test_each_save_raises_the_row_version_and_names_who_saved(db):
    mid, first = _draft(db)
    version, who = _edit(db, mid, "عنوان ثان", first)
    assert version == first + 1
    with db.session(write=False) as s:
        assert who == login(s) and s.get(Meeting, mid).row_version == version


def test_a_save_over_someone_elses_is_refused_with_who_and_when(db, dbtools):
    mid, opened = _draft(db)  # both editors open row version `opened`
    theirs, who = _edit(db, mid, "نص الزميل", opened)
    before = dbtools.dump(db)
    with pytest.raises(ConflictError) as caught:
        _edit(db, mid, "نصي أنا", opened)
    assert who in str(caught.value) and "nothing was saved" in str(caught.value)
    assert "بعد أن فتحته" in caught.value.render(translator("ar"))
    assert dbtools.dump(db) == before  # nothing changed, no audit line
    with db.session(write=False) as s:
        assert s.get(Meeting, mid).title == "نص الزميل"
    # keeping one's own text: save again from the version now seen
    mine, _ = _edit(db, mid, "نصي أنا", theirs)
    assert mine == theirs + 1


def test_row_versions_only_grow_through_the_lifecycle(db):
    mid, v1 = _draft(db)
    seen = [v1]
    for step in (signing.approve, signing.reopen, signing.approve):
        with db.session() as s:
            seen.append(step(s, mid).row_version)
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


# --- the other editable records (plans, commitments, phases, steps, committees, members,
# people, organisations): the same check, through services.common.check_version


def _make(s, kind: str):
    """A record of `kind` in an empty database (and what it needs), returned."""
    from ogp_desktop.core.services import committees, directory, plans

    if kind == "person":
        return directory.add_person(s, name="رنا الحايك", organisation_name="سجل الجمعيات")
    if kind == "organisation":
        return directory.add_organisation(s, name="وزارة التخطيط والتعاون الدولي")
    if kind in ("committee", "committee_member"):
        committee = committees.create_committee(s, name="لجنة تنفيذ الالتزام الأول")
        if kind == "committee":
            return committee
        person = directory.add_person(s, name="مي عليمات")
        return committees.add_member(s, committee, person, from_date="2021-01-01")
    plan = plans.create_plan(s, ordinal=5, title="خطة العمل الوطنية الخامسة", first_year=2021,
                             last_year=2025)
    if kind == "plan":
        return plan
    if kind == "commitment":
        return plans.add_commitment(s, plan, number=1, title="تعزيز الشفافية في الموازنة")
    phase = plans.add_phase(s, plan, number=1, title="التحضير والتشاور")
    if kind == "phase":
        return phase
    return plans.add_step(s, phase, number=2, title="تشكيل فريق العمل", start="2021-02-01")


def _change(s, kind: str, record_id: int, n: int, expected: int | None):
    """Save version `n` of the record's one changed field (a title, a name, an end date)."""
    from ogp_desktop.core.services import committees, directory, plans, steps

    text = f"نص رقم {n}"
    if kind == "plan":
        return plans.update_plan(s, record_id, ordinal=5, title=text, first_year=2021,
                                 last_year=2025, status="preparation", expected_version=expected)
    if kind == "commitment":
        return plans.update_commitment(s, record_id, number=1, title=text,
                                       expected_version=expected)
    if kind == "phase":
        return steps.update_phase(s, record_id, title=text, expected_version=expected)
    if kind == "step":
        return steps.update_step(s, record_id, title=text, expected_version=expected)
    if kind == "committee":
        return committees.update_committee(s, record_id, name=text, kind="other",
                                           expected_version=expected)
    if kind == "committee_member":
        return committees.update_member(s, record_id, role="member", from_date="2021-01-01",
                                        to_date=dt.date(2022, n, 1), expected_version=expected)
    if kind == "person":
        return directory.update_person(s, record_id, name=text, expected_version=expected)
    return directory.update_organisation(s, record_id, name=text, expected_version=expected)


def _value(record, kind: str):
    if kind == "committee_member":
        return record.to_date
    return getattr(record, "title", None) or record.name


def _delete(s, kind: str, record_id: int, expected: int | None) -> None:
    from ogp_desktop.core.services import committees, directory, plans, steps

    call = {"plan": plans.delete_plan, "commitment": plans.delete_commitment,
            "phase": steps.delete_phase, "step": steps.delete_step,
            "committee": committees.delete_committee, "committee_member": committees.remove_member,
            "person": directory.delete_person, "organisation": directory.delete_organisation}[kind]
    call(s, record_id, expected_version=expected)


KINDS = ["plan", "commitment", "phase", "step", "committee", "committee_member", "person",
         "organisation"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_save_over_someone_elses_is_refused_for_every_record(db, dbtools, kind):
    with db.session() as s:
        record = _make(s, kind)
        rid, model, opened = record.id, type(record), record.row_version
    with db.session() as s:  # the other person saves first, from the same opening
        theirs = _change(s, kind, rid, 1, opened)
        theirs_version, theirs_value, who = theirs.row_version, _value(theirs, kind), theirs.updated_by
    assert theirs_version == opened + 1
    before = dbtools.dump(db)
    with pytest.raises(ConflictError) as caught:
        with db.session() as s:
            _change(s, kind, rid, 2, opened)
    assert who in str(caught.value) and "nothing was saved" in str(caught.value)
    assert "بعد أن فتحتَ النموذج" in caught.value.render(translator("ar"))
    assert dbtools.dump(db) == before  # not a field, not an audit line
    with db.session(write=False) as s:
        assert _value(s.get(model, rid), kind) == theirs_value
    with db.session() as s:  # from the version now seen, the save goes through
        mine = _change(s, kind, rid, 2, theirs_version)
        assert mine.row_version == theirs_version + 1
    with db.session(write=False) as s:
        assert _value(s.get(model, rid), kind) != theirs_value
        assert s.get(model, rid).row_version == theirs_version + 1


@pytest.mark.parametrize("kind", KINDS)
def test_deleting_what_someone_else_saved_since_is_refused(db, dbtools, kind):
    with db.session() as s:
        record = _make(s, kind)
        rid, model, opened = record.id, type(record), record.row_version
    with db.session() as s:
        now = _change(s, kind, rid, 1, None).row_version  # None: no check (a script)
    before = dbtools.dump(db)
    with pytest.raises(ConflictError) as caught:
        with db.session() as s:
            _delete(s, kind, rid, opened)
    assert "nothing was deleted" in str(caught.value)
    assert dbtools.dump(db) == before
    with db.session() as s:
        _delete(s, kind, rid, now)
    with db.session(write=False) as s:
        assert s.get(model, rid) is None


def test_milestones_or_key_dates_alone_raise_the_row_version(db):
    from ogp_desktop.core.services import plans, steps

    with db.session() as s:
        c = _make(s, "commitment")
        cid, cv = c.id, c.row_version
        phase = plans.add_phase(s, c.plan, number=1, title="التحضير والتشاور")
        step = plans.add_step(s, phase, number=2, title="تشكيل فريق العمل", start="2021-02-01")
        sid, sv = step.id, step.row_version
    with db.session() as s:
        c = plans.update_commitment(s, cid, number=1, title="تعزيز الشفافية في الموازنة",
                                    milestones=[{"title": "نشر موازنة المواطن"}],
                                    expected_version=cv)
        step = steps.update_step(s, sid, key_dates=[{"label": "الموعد النهائي",
                                                     "date": "2021-03-01"}],
                                 expected_version=sv)
        assert (c.row_version, step.row_version) == (cv + 1, sv + 1)
    with pytest.raises(ConflictError):  # the other editor opened the commitment before that
        with db.session() as s:
            plans.update_commitment(s, cid, number=1, title="تعزيز الشفافية في الموازنة",
                                    expected_version=cv)
