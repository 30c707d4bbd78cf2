"""The minutes lifecycle: draft → approved → signed, immutability (service and flush guard),
tamper detection, amendments, deleting drafts."""

from __future__ import annotations

import copy
import hashlib

import pytest
from sqlalchemy import select

from ogp_desktop.core import exchange
from ogp_desktop.core.errors import (
    DomainError,
    ImmutableRecordError,
    LifecycleError,
    ValidationError,
)
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Attachment,
    Attendance,
    Committee,
    ItemKind,
    Meeting,
    MinuteItem,
    MinutesStatus,
    Person,
    Signature,
)
from ogp_desktop.core.services import meetings, signing
from ogp_desktop.core.services.meetings import load_meeting, minutes_data, save_minutes

MINUTES = {
    "format": "ogp-minutes/1",
    "language": "ar",
    "title": "محضر اجتماع لجنة تنفيذ الالتزام – الالتزام الأول",
    "plan": "الخطة الوطنية الرابعة",
    "commitment": "تعزيز بيئة عمل مؤسسات المجتمع المدني",
    "committee": "لجنة تنفيذ الالتزام الأول",
    "date": "2021-06-14",
    "start": "10:00",
    "end": "11:30",
    "mode": "hybrid",
    "location": "وزارة التخطيط والتعاون الدولي",
    "objective": "مناقشة سير العمل",
    "attendees": [
        {"name": "مي عليمات", "organization": "وزارة التخطيط والتعاون الدولي"},
        {"name": "الاء الخضير", "organization": "سجل الجمعيات"},
    ],
    "apologies": [{"name": "حسين الشبلي", "organization": "مركز الشفافية الأردني"}],
    "other_participants": 3,
    "discussion": ["النقطة الأولى", "النقطة الثانية\nسطر ثان"],
    "outputs": ["القرار الأول"],
    "action_items": [
        {"text": "إرسال المسودة", "owner": "مي عليمات", "due": "2021-07-01", "status": "open"},
        {"text": "نشر المحضر", "owner": "سجل الجمعيات", "status": "open"},
    ],
    "next_meeting": "2021-07-20",
    "notes": ["حاشية ١"],
}

SIGNER = signing.Signatory("مي عليمات", "منسقة الوحدة", "approved")


def _import(db, **changes) -> int:
    obj = copy.deepcopy(MINUTES)
    obj.update(changes)
    with db.session() as s:
        return exchange.import_minutes(s, obj).id


def _approve(db, mid):
    with db.session() as s:
        signing.approve(s, mid)


def _sign(db, mid, signatories=(SIGNER,)):
    with db.session() as s:
        signing.sign(s, mid, list(signatories))


def _signed(db, **changes) -> int:
    mid = _import(db, **changes)
    _approve(db, mid)
    _sign(db, mid)
    return mid


def _status(db, mid) -> MinutesStatus:
    with db.session() as s:
        return s.get(Meeting, mid).status


def _export(db, mid) -> dict:
    with db.session() as s:
        return exchange.export_minutes(s, mid)


def _verify(db, mid) -> signing.Verification:
    with db.session() as s:
        return signing.verify_meeting(s, load_meeting(s, mid))


# --- draft → approved → signed ----------------------------------------------------------------


def test_draft_approved_signed(db):
    mid = _import(db)
    assert _status(db, mid) == MinutesStatus.DRAFT
    _approve(db, mid)
    assert _status(db, mid) == MinutesStatus.APPROVED
    _sign(db, mid, [signing.Signatory("الاء الخضير", "مقررة", "prepared"), SIGNER])
    with db.session() as s:
        m = load_meeting(s, mid)
        assert m.status == MinutesStatus.SIGNED
        assert m.signed_at is not None
        assert [(x.signer_name, x.role, x.meaning.value) for x in m.signatures] == [
            ("الاء الخضير", "مقررة", "prepared"), (SIGNER.name, SIGNER.role, "approved")]
        assert m.snapshot and m.snapshot_sha256 == signing.fingerprint(m.snapshot)
        assert len(m.snapshot_sha256) == 64
    assert _verify(db, mid).ok
    assert check_database(db).ok


def test_snapshot_holds_what_was_signed(db):
    import json

    mid = _signed(db)
    with db.session() as s:
        snap = json.loads(s.get(Meeting, mid).snapshot)
    assert snap["title"] == MINUTES["title"]
    assert snap["date"] == MINUTES["date"]
    assert snap["discussion"] == MINUTES["discussion"]
    assert snap["outputs"] == MINUTES["outputs"]
    assert snap["notes"] == MINUTES["notes"]
    assert [a["person"]["name"] for a in snap["attendees"]] == [
        a["name"] for a in MINUTES["attendees"]]
    assert [x["name"] for x in snap["signatures"]] == [SIGNER.name]


def test_signing_a_draft_is_refused(db, dbtools):
    mid = _import(db)
    before = dbtools.dump(db)
    with pytest.raises(LifecycleError) as exc:
        _sign(db, mid)
    assert "approve" in str(exc.value).lower()
    assert dbtools.dump(db) == before


def test_signing_needs_a_signatory(db):
    mid = _import(db)
    _approve(db, mid)
    with pytest.raises(ValidationError) as exc:
        _sign(db, mid, [])
    assert exc.value.field == "signatories"
    assert _status(db, mid) == MinutesStatus.APPROVED


def test_signing_twice_is_refused(db):
    mid = _signed(db)
    with pytest.raises(LifecycleError):
        _sign(db, mid)


def test_approving_twice_is_refused(db, dbtools):
    mid = _import(db)
    _approve(db, mid)
    before = dbtools.dump(db)
    with pytest.raises(LifecycleError):
        _approve(db, mid)
    assert dbtools.dump(db) == before


def test_approving_signed_minutes_is_refused(db):
    mid = _signed(db)
    with pytest.raises(LifecycleError):
        _approve(db, mid)
    assert _status(db, mid) == MinutesStatus.SIGNED


def test_reopen_turns_approved_back_into_an_editable_draft(db):
    mid = _import(db)
    _approve(db, mid)
    with db.session() as s:
        signing.reopen(s, mid)
    assert _status(db, mid) == MinutesStatus.DRAFT
    with db.session() as s:
        data = minutes_data(load_meeting(s, mid))
        data.title = "عنوان مصحح"
        save_minutes(s, data, mid)
    assert _export(db, mid)["title"] == "عنوان مصحح"


@pytest.mark.parametrize("state", ["draft", "signed"])
def test_reopen_only_from_approved(db, state):
    mid = _signed(db) if state == "signed" else _import(db)
    with pytest.raises(LifecycleError):
        with db.session() as s:
            signing.reopen(s, mid)
    assert _status(db, mid) == MinutesStatus(state)


def test_editing_approved_minutes_is_refused(db, dbtools):
    mid = _import(db)
    _approve(db, mid)
    before = dbtools.dump(db)
    with pytest.raises(DomainError):
        with db.session() as s:
            data = minutes_data(load_meeting(s, mid))
            data.title = "تعديل"
            save_minutes(s, data, mid)
    assert dbtools.dump(db) == before


def test_editing_signed_minutes_is_refused_by_the_service(db, dbtools):
    mid = _signed(db)
    before = dbtools.dump(db)
    with pytest.raises(ImmutableRecordError) as exc:
        with db.session() as s:
            data = minutes_data(load_meeting(s, mid))
            data.discussion = ["نص آخر"]
            save_minutes(s, data, mid)
    assert "amendment" in str(exc.value)
    assert dbtools.dump(db) == before


def test_attachments_of_signed_minutes_can_not_be_added_or_removed(db, dbtools):
    mid = _import(db)
    with db.session() as s:
        att_id = meetings.add_attachment(s, mid, name="p.png", data=dbtools.png()).id
    _approve(db, mid)
    _sign(db, mid)
    before = dbtools.dump(db)
    with pytest.raises(ImmutableRecordError):
        with db.session() as s:
            meetings.add_attachment(s, mid, name="q.png", data=dbtools.png())
    with pytest.raises(ImmutableRecordError):
        with db.session() as s:
            meetings.remove_attachment(s, att_id)
    assert dbtools.dump(db) == before


# --- the flush guard (a second line behind the services) -------------------------------------


def _change_title(s, m):
    m.title = "عنوان مزور"


def _change_item_text(s, m):
    m.items[0].text = "نص مزور"


def _change_status_back(s, m):
    m.status = MinutesStatus.DRAFT


def _change_date(s, m):
    import datetime as dt

    m.date = dt.date(2021, 6, 15)


def _add_item(s, m):
    s.add(MinuteItem(meeting=m, kind=ItemKind.DISCUSSION, position=99, text="إضافة"))


def _delete_item(s, m):
    s.delete(m.items[0])


def _change_attendance(s, m):
    m.attendance[0].person_id = m.attendance[1].person_id


def _change_action_text(s, m):
    m.action_items[0].text = "مهمة أخرى"


def _change_signature(s, m):
    m.signatures[0].signer_name = "شخص آخر"


def _delete_meeting(s, m):
    s.delete(m)


@pytest.mark.parametrize("change", [
    _change_title, _change_item_text, _change_status_back, _change_date, _add_item,
    _delete_item, _change_attendance, _change_action_text, _change_signature, _delete_meeting,
], ids=lambda f: f.__name__.lstrip("_"))
def test_flush_guard_refuses_orm_changes_to_signed_minutes(db, dbtools, change):
    """`change(session, meeting)` made directly through the ORM: the flush refuses it."""
    mid = _signed(db)
    before = dbtools.dump(db)
    with pytest.raises(ImmutableRecordError):
        with db.session() as s:
            change(s, load_meeting(s, mid))
            s.flush()
    assert dbtools.dump(db) == before


def test_flush_guard_refuses_changing_an_item_loaded_on_its_own(db, dbtools):
    mid = _signed(db)
    before = dbtools.dump(db)
    with pytest.raises(ImmutableRecordError):
        with db.session() as s:
            item = s.scalars(select(MinuteItem).where(MinuteItem.meeting_id == mid)).first()
            item.text = "نص مزور"
            s.flush()
    assert dbtools.dump(db) == before


def test_flush_guard_lets_drafts_change(db):
    mid = _import(db)
    with db.session() as s:
        s.get(Meeting, mid).title = "عنوان جديد"
    assert _export(db, mid)["title"] == "عنوان جديد"


def test_action_item_status_may_move_after_signing(db):
    mid = _signed(db)
    with db.session() as s:
        item = s.scalars(select(ActionItem).where(ActionItem.meeting_id == mid)
                         .order_by(ActionItem.position)).first()
        item.status = ActionStatus.DONE
    assert _export(db, mid)["action_items"][0]["status"] == "done"
    assert _verify(db, mid).ok
    report = check_database(db)
    assert report.ok, report.problems
    assert report.signed_checked == 1


# --- tamper detection (changes made with the sqlite3 module, outside the program) -------------


@pytest.fixture
def signed_with_photo(db, dbtools):
    mid = _import(db)
    with db.session() as s:
        meetings.add_attachment(s, mid, name="photo.png", data=dbtools.png(), caption="الحضور")
    _approve(db, mid)
    _sign(db, mid)
    assert check_database(db).ok
    return mid


TAMPERS = {
    "discussion_item": "UPDATE minute_items SET text = text || '.' WHERE meeting_id = :m "
                       "AND kind = 'discussion' AND position = 1",
    "output_item": "UPDATE minute_items SET text = 'قرار آخر' WHERE meeting_id = :m AND kind = 'output'",
    "deleted_item": "DELETE FROM minute_items WHERE meeting_id = :m AND position = 2",
    "attendee_person": "UPDATE attendance SET person_id = (SELECT max(id) FROM people) "
                       "WHERE meeting_id = :m AND position = 1",
    "attendee_status": "UPDATE attendance SET status = 'absent' WHERE meeting_id = :m AND position = 1",
    "attendee_removed": "DELETE FROM attendance WHERE meeting_id = :m AND position = 2",
    "meeting_date": "UPDATE meetings SET date = '2021-06-15' WHERE id = :m",
    "meeting_title": "UPDATE meetings SET title = title || ' ' WHERE id = :m",
    "action_text": "UPDATE action_items SET text = 'مهمة أخرى' WHERE meeting_id = :m AND position = 1",
    "attachment_bytes": "UPDATE attachments SET data = CAST('tampered' AS BLOB) WHERE meeting_id = :m",
    # bytes replaced together with a matching hash and size: the signed snapshot still knows
    "attachment_bytes_and_hash": "UPDATE attachments SET data = CAST('x' AS BLOB), size = 1, "
                                 "sha256 = '" + hashlib.sha256(b"x").hexdigest() + "' "
                                 "WHERE meeting_id = :m",
    "attachment_caption": "UPDATE attachments SET caption = 'تعليق آخر' WHERE meeting_id = :m",
    "attachment_removed": "DELETE FROM attachments WHERE meeting_id = :m",
    "item_added": "INSERT INTO minute_items (meeting_id, kind, position, text, uuid, created_at, "
                  "updated_at) SELECT meeting_id, kind, 50, 'بند مضاف', 'u-added', created_at, "
                  "updated_at FROM minute_items WHERE meeting_id = :m LIMIT 1",
    # the signature's status flipped back: the minutes would become editable again
    "status_to_draft": "UPDATE meetings SET status = 'draft' WHERE id = :m",
    "status_to_approved": "UPDATE meetings SET status = 'approved' WHERE id = :m",
    "signature_image": "UPDATE signatures SET image = X'89504E470D0A1A0A' WHERE meeting_id = :m",
    "snapshot_text": "UPDATE meetings SET snapshot = replace(snapshot, 'النقطة الأولى', "
                     "'النقطة المزورة') WHERE id = :m",
    "fingerprint": "UPDATE meetings SET snapshot_sha256 = '" + "0" * 64 + "' WHERE id = :m",
    "signature_name": "UPDATE signatures SET signer_name = 'شخص آخر' WHERE meeting_id = :m",
}


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_check_detects_changes_behind_the_programs_back(db, dbtools, signed_with_photo, name,
                                                         backend):
    mid = signed_with_photo
    # an extra person so that "another person" exists for the attendance tamper
    _import(db, title="اجتماع آخر", attendees=[{"name": "شخص جديد"}], apologies=[],
            action_items=[], uuid=None)
    statement = TAMPERS[name].replace(":m", str(mid))
    if backend == "postgresql":  # the same bytes, in PostgreSQL's spelling
        statement = (statement.replace("CAST('tampered' AS BLOB)", "convert_to('tampered', 'UTF8')")
                     .replace("CAST('x' AS BLOB)", "convert_to('x', 'UTF8')")
                     .replace("X'89504E470D0A1A0A'", "'\\x89504E470D0A1A0A'::bytea"))
    dbtools.sql(db, statement)
    result = _verify(db, mid)
    assert not result.ok
    assert all(f"meeting {mid}" in p for p in result.problems)
    report = check_database(db)
    assert not report.ok
    assert any(f"meeting {mid}" in p for p in report.problems)


@pytest.mark.parametrize("snapshot", ["[]", "null", '"text"', '{"uuid": "u", "name": "n"}'])
def test_a_snapshot_replaced_by_other_json_is_reported_not_a_crash(db, dbtools, signed_with_photo,
                                                                    snapshot):
    """Valid JSON that is not a snapshot object once reached `.get` on a list (or on the str
    that a {uuid, name} object was stripped to) and crashed `verify` and `check`."""
    mid = signed_with_photo
    dbtools.sql(db, f"UPDATE meetings SET snapshot = ? WHERE id = {mid}", (snapshot,))
    result = _verify(db, mid)
    assert not result.ok
    assert all(f"meeting {mid}" in p for p in result.problems)
    assert not check_database(db).ok


def test_sql_tamper_that_changes_nothing_is_not_reported(db, dbtools, signed_with_photo):
    # the check compares content, not timestamps: touching updated_at is not a change
    dbtools.sql(db, "UPDATE minute_items SET updated_at = '2030-01-01 00:00:00' "
                         f"WHERE meeting_id = {signed_with_photo}")
    assert check_database(db).ok


def test_renaming_a_person_in_the_directory_keeps_signed_minutes_valid(db):
    mid = _signed(db)
    with db.session() as s:
        for p in s.scalars(select(Person)):
            p.name = p.name + " (تحديث)"
        for c in s.scalars(select(Committee)):
            c.name = c.name + " – معدلة"
    assert _verify(db, mid).ok
    assert check_database(db).ok


# --- amendments ------------------------------------------------------------------------------


def _attachments(s, mid):
    return [(a.kind, a.position, a.name, a.caption, a.media_type, a.size, a.sha256, a.data)
            for a in load_meeting(s, mid).attachments]


def test_amend_creates_a_new_version_pointing_to_the_signed_one(db, dbtools, signed_with_photo):
    mid = signed_with_photo
    with db.session() as s:
        m = s.get(Meeting, mid)
        signed_row = (m.title, m.status, m.version, m.snapshot, m.snapshot_sha256, m.signed_at)
        original_attachments = _attachments(s, mid)
    original_export = _export(db, mid)
    with db.session() as s:
        new_id = signing.amend(s, mid).id
    assert new_id != mid
    with db.session() as s:
        new = s.get(Meeting, new_id)
        assert new.amends_id == mid
        assert new.version == signed_row[2] + 1
        assert new.status == MinutesStatus.DRAFT
        assert new.signatures == [] and new.snapshot is None and new.snapshot_sha256 is None
        assert new.uuid != s.get(Meeting, mid).uuid
        assert _attachments(s, new_id) == original_attachments
        m = s.get(Meeting, mid)
        assert (m.title, m.status, m.version, m.snapshot, m.snapshot_sha256,
                m.signed_at) == signed_row
    amended_export = _export(db, new_id)
    assert amended_export.pop("uuid") != original_export.pop("uuid")
    assert amended_export == original_export  # every field copied
    assert {k: v for k, v in _export(db, mid).items() if k != "uuid"} == original_export
    assert _verify(db, mid).ok


def test_amendment_can_be_corrected_and_signed_leaving_the_original_intact(db):
    mid = _signed(db)
    original = _export(db, mid)
    with db.session() as s:
        new_id = signing.amend(s, mid).id
    with db.session() as s:
        data = minutes_data(load_meeting(s, new_id))
        data.outputs = data.outputs + ["قرار مضاف في التعديل"]
        save_minutes(s, data, new_id)
    _approve(db, new_id)
    _sign(db, new_id)
    assert _export(db, mid) == original
    assert _export(db, new_id)["outputs"] == MINUTES["outputs"] + ["قرار مضاف في التعديل"]
    report = check_database(db)
    assert report.ok and report.signed_checked == 2
    with db.session() as s:
        third = signing.amend(s, new_id)
        assert (third.version, third.amends_id) == (3, new_id)


def test_amending_twice_is_refused(db, dbtools):
    mid = _signed(db)
    with db.session() as s:
        new_id = signing.amend(s, mid).id
    before = dbtools.dump(db)
    with pytest.raises(LifecycleError) as exc:
        with db.session() as s:
            signing.amend(s, mid)
    assert str(new_id) in str(exc.value)
    assert dbtools.dump(db) == before


def test_a_discarded_amendment_can_be_started_again(db):
    mid = _signed(db)
    with db.session() as s:
        first = signing.amend(s, mid).id
    with db.session() as s:
        meetings.delete_draft(s, first)
    with db.session() as s:
        again = signing.amend(s, mid)
        assert (again.amends_id, again.version) == (mid, 2)
    assert _verify(db, mid).ok


@pytest.mark.parametrize("state", ["draft", "approved"])
def test_only_signed_minutes_are_amended(db, state):
    mid = _import(db)
    if state == "approved":
        _approve(db, mid)
    with pytest.raises(LifecycleError):
        with db.session() as s:
            signing.amend(s, mid)


# --- deleting drafts -------------------------------------------------------------------------


def test_delete_draft_removes_the_meeting_and_its_rows(db, dbtools):
    keep = _import(db, title="يبقى")
    mid = _import(db)
    with db.session() as s:
        meetings.add_attachment(s, mid, name="p.png", data=dbtools.png())
    with db.session() as s:
        meetings.delete_draft(s, mid)
    with db.session() as s:
        assert s.get(Meeting, mid) is None
        for model in (MinuteItem, ActionItem, Attendance, Attachment, Signature):
            assert s.scalars(select(model).where(model.meeting_id == mid)).all() == []
        assert s.get(Meeting, keep) is not None
    with db.engine.connect() as conn:  # SQLite's foreign_key_check; a server enforces them
        assert db.store.broken_references(conn) == []


@pytest.mark.parametrize("state", ["approved", "signed"])
def test_delete_is_refused_for_approved_and_signed(db, dbtools, state):
    mid = _import(db)
    _approve(db, mid)
    if state == "signed":
        _sign(db, mid)
    before = dbtools.dump(db)
    with pytest.raises(LifecycleError):
        with db.session() as s:
            meetings.delete_draft(s, mid)
    assert dbtools.dump(db) == before


# --- a refused step leaves nothing behind, even in a session that carries on ------------------


def test_refused_signature_leaves_the_session_clean(db, dbtools):
    """A GUI keeps its session after showing an error; the next commit must not store a
    half-made signature."""
    mid = _import(db)
    _approve(db, mid)
    before = dbtools.dump(db)
    s = db.sessions()
    try:
        with pytest.raises(ValidationError) as exc:
            signing.sign(s, mid, [SIGNER, signing.Signatory("ب", "عضو", "approved",
                                                            image=b"not an image")])
        assert exc.value.field == "signatories[1].image"
        s.commit()
    finally:
        s.close()
    assert dbtools.dump(db) == before
