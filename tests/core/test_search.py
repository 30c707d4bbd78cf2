"""The search (issue 13, items 6–9): kept in step with every write in the same
transaction, rebuilt by reindex to the same documents, filtered, refusing what it can not
search with a clear message, and never failing on any text people type. On SQLite and on
the PostgreSQL server (the `db` fixture)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import Meeting, MinutesStatus, Person
from ogp_desktop.core.search import service
from ogp_desktop.core.search.service import SearchFilters, reindex, search
from ogp_desktop.core.services import directory, meetings
from ogp_desktop.core.services.meetings import MinutesData, Participant
from ogp_desktop.core.text.arabic import normalise, normalise_with_offsets, variants

WORD = "الاستقصاءات"


def _save(db, **fields) -> int:
    with db.session() as s:
        data = MinutesData(title=fields.pop("title", "اجتماع"), date=dt.date(2024, 5, 6), **fields)
        return meetings.save_minutes(s, data).id


def _found(db, query: str, **filters) -> set[tuple[str, int | None]]:
    with db.session(write=False) as s:
        return {(h.kind, h.meeting_id) for h in search(s, query, filters=SearchFilters(**filters))}


def _docs(db) -> list[tuple]:
    with db.session(write=False) as s:
        return s.connection().exec_driver_sql(
            "SELECT doc_key, kind, record_id, meeting_id, plan_id FROM search_docs "
            "ORDER BY doc_key").fetchall()


def test_a_save_is_searchable_when_it_commits_and_a_failed_one_leaves_nothing(db):
    mid = _save(db, discussion=[f"نتائج {WORD} الأخيرة"])
    assert ("discussion", mid) in _found(db, "استقصاء")
    with pytest.raises(RuntimeError), db.session() as s:
        meetings.save_minutes(s, MinutesData(title="مسودة لن تُحفظ", date=dt.date(2024, 5, 7),
                                             discussion=["كلمة-فريدة-جدا مرفوضة"]))
        s.flush()
        assert search(s, "فريدة")  # inside the transaction it is there already
        raise RuntimeError("the save fails after the flush")
    with pytest.raises(ValidationError):
        _found(db, "")
    assert _found(db, "فريدة") == set()


def test_changing_and_deleting_a_draft_changes_what_is_found(db):
    mid = _save(db, title="اجتماع حول الموازنة", objective="مراجعة الموازنة المفتوحة",
                outputs=["نشر الموازنة"])
    assert {("meeting", mid), ("output", mid)} <= _found(db, "الموازنه")
    with db.session() as s:
        data = meetings.minutes_data(meetings.load_meeting(s, mid))
        data.outputs, data.objective = ["نشر التقرير"], "مراجعة التقرير"
        meetings.save_minutes(s, data, mid)
    assert ("output", mid) not in _found(db, "الموازنه")
    assert ("output", mid) in _found(db, "التقرير")
    with db.session() as s:
        meetings.delete_draft(s, mid)
    assert not {k for k in _found(db, "التقرير") if k[1] == mid}


def test_a_renamed_person_is_found_by_the_new_name_in_the_minutes(db):
    mid = _save(db, attendees=[Participant("سلمى الحوراني", "وزارة الشباب")])
    with db.session() as s:
        person = s.query(Person).filter(Person.name == "سلمى الحوراني").one()
        directory.update_person(s, person.id, name="سلمى الحورانيّة")
    assert ("attendee", mid) in _found(db, "الحورانية")
    assert ("attendee", mid) in _found(db, "الشباب")


def test_reindex_builds_the_same_documents_as_the_writes_did(demo_db):
    before = _docs(demo_db)
    assert len(before) > 100
    with demo_db.session() as s:
        count = reindex(s)
    assert count == len(before)
    assert _docs(demo_db) == before


def test_a_cancelled_reindex_keeps_the_index(demo_db):
    before = _docs(demo_db)
    with pytest.raises(RuntimeError), demo_db.session() as s:
        assert reindex(s, cancelled=lambda: True) == -1
        raise RuntimeError("the caller rolls back a cancelled rebuild")
    assert _docs(demo_db) == before


def test_filters_narrow_the_results(demo_db):
    with demo_db.session(write=False) as s:
        every = search(s, "الالتزام", limit=1000)
        meeting = s.get(Meeting, next(h.meeting_id for h in every if h.meeting_id))
        plan_id, committee_id, day = meeting.plan_id, meeting.committee_id, meeting.date
        by_committee = search(s, "الالتزام", limit=1000,
                              filters=SearchFilters(committee_id=committee_id))
        signed = search(s, "الالتزام", limit=1000,
                        filters=SearchFilters(status=MinutesStatus.SIGNED.value))
        on_day = search(s, "الالتزام", limit=1000, filters=SearchFilters(date_from=day, date_to=day))
        steps = search(s, "الالتزام", limit=1000, filters=SearchFilters(kinds=["step"]))
        in_plan = search(s, "الالتزام", limit=1000, filters=SearchFilters(plan_id=plan_id))
        for h in by_committee:
            assert s.get(Meeting, h.meeting_id).committee_id == committee_id
        for h in signed:
            assert s.get(Meeting, h.meeting_id).status == MinutesStatus.SIGNED
        assert {s.get(Meeting, h.meeting_id).date for h in on_day} == {day}
        assert steps and {h.kind for h in steps} == {"step"}
    assert 0 < len(by_committee) < len(every) and 0 < len(signed) < len(every)
    assert 0 < len(in_plan) < len(every)


def test_a_hit_in_the_minutes_names_its_field_and_shows_its_own_spelling(db):
    mid = _save(db, discussion=["البند الأول", "عرض نتائج الاستبيان الإلكتروني"],
                outputs=["اعتماد الاستبيان"])
    with db.session(write=False) as s:
        hits = {h.kind: h for h in search(s, "استبيان")}
    point = hits["discussion"]
    assert point.meeting_id == mid and point.field == "discussion[1]"
    assert hits["output"].field == "outputs[0]"
    assert [point.snippet[a:b] for a, b in point.highlights] == ["الاستبيان"]
    assert point.as_json()["kind"] == "discussion" and point.as_json()["meeting_id"] == mid


def test_a_query_it_can_not_search_is_refused_clearly(db):
    with db.session(write=False) as s:
        for query in ("", "في و من", "..."):
            with pytest.raises(ValidationError, match="three letters"):
                search(s, query)
        with pytest.raises(ValidationError, match="at most"):
            search(s, "كلمة " * 200)
        with pytest.raises(ValidationError, match="limit"):
            search(s, "كلمة", limit=0)


def test_records_upgraded_from_before_the_index_are_indexed_at_opening(tmp_path, demo_db_path,
                                                                       dbtools):
    import sqlite3

    from alembic import command
    from test_storage import _alembic

    from ogp_desktop.core.db import open_database

    path = dbtools.copy(demo_db_path, tmp_path / "old.sqlite")
    _alembic(path, command.downgrade, "0007")  # the records as the version before kept them
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert not {"search_docs", "search_text"} & tables
    db = open_database(path)
    try:
        assert db.migrated_from == "0007"
        assert _found(db, "الاستبيان")
        with db.session(write=False) as s:
            assert service.index_size(s)[0] > 100
    finally:
        db.close()


# --- any text ---------------------------------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200) | \
    st.sampled_from(["\u200f\u202eنص\u202c", "a\x00b", "ـــــ", "كِتَابٌ", "ﻻ ﷺ", "Ǆ İ ß"])


@settings(deadline=None)  # one stall of a busy CI machine is not a failure of the rule
@given(TEXT)
def test_normalising_is_idempotent_and_its_offsets_point_into_the_text(text):
    folded, offsets = normalise_with_offsets(text)
    assert folded == normalise(text) == normalise(folded)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets) and all(0 <= i < len(text) for i in offsets)
    assert all(len(v) >= 1 for w in folded.split() for v in variants(w))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=TEXT)
def test_any_query_finds_or_is_refused_never_fails(db, query):
    with db.session(write=False) as s:
        try:
            hits = search(s, query)
        except ValidationError:
            return
    assert isinstance(hits, list)


def test_a_megabyte_of_text_is_indexed_and_found(db):
    text = ("كلمة " * 200_000) + "الختام-الفريد"
    mid = _save(db, discussion=["x"])
    with db.session() as s:
        s.get(Meeting, mid)  # the service limits a field's size; the index has no limit
        from ogp_desktop.core.models import MinuteItem

        item = s.query(MinuteItem).filter(MinuteItem.meeting_id == mid).one()
        item.text = text
    assert ("discussion", mid) in _found(db, "الفريد")


def test_imported_word_minutes_are_found_at_once(db, tmp_path):
    """An import writes through the services, so its minutes are in the index when it
    commits (nothing to rebuild)."""
    from archive_samples import write_all

    from ogp_desktop.core.archive.importer import import_file

    path = write_all(tmp_path)["seed_000"]
    with db.session() as s:
        imported = import_file(s, path)
    found = _found(db, "الاستبيان")
    assert ("discussion", imported.meeting_id) in found or ("output", imported.meeting_id) in found
    assert ("attendee", imported.meeting_id) in _found(db, "الشنيكات")
