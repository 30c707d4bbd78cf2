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
