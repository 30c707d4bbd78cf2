"""One declaration of the minutes' fields (core.minutes_fields): every column of a meeting and
its children is declared or listed as not signed, signing keeps its bytes, amendments copy
every declared field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json

from sqlalchemy import inspect as sa_inspect

from ogp_desktop.core import exchange
from ogp_desktop.core import minutes_fields as mf
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Attachment,
    AttachmentKind,
    Attendance,
    AttendanceStatus,
    Commitment,
    Committee,
    CommitteeKind,
    ItemKind,
    Meeting,
    MeetingMode,
    MinuteItem,
    MinutesStatus,
    Organisation,
    Person,
    Plan,
    PlanStatus,
    Signature,
    SignatureMeaning,
)
from ogp_desktop.core.services import committees as committees_svc
from ogp_desktop.core.services import directory, documents, signing
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services.meetings import ROW_TYPES, MinutesData, load_meeting


def _fixed_meeting() -> Meeting:
    """A signed meeting built in memory with fixed uuids, so its snapshot is always the same."""
    org = Organisation(uuid="00000000-0000-4000-8000-000000000001", name="وزارة التخطيط", name_key="k1")
    mai = Person(uuid="00000000-0000-4000-8000-000000000002", name="مي عليمات", name_key="k2")
    hus = Person(uuid="00000000-0000-4000-8000-000000000003", name="حسين الشبلي", name_key="k3")
    ali = Person(uuid="00000000-0000-4000-8000-000000000004", name="علي", name_key="k4")
    plan = Plan(uuid="00000000-0000-4000-8000-000000000005", ordinal=4, title="الخطة الرابعة",
                first_year=2021, last_year=2023, status=PlanStatus.IMPLEMENTATION)
    commitment = Commitment(uuid="00000000-0000-4000-8000-000000000006", number=1,
                            title="الالتزام الأول", plan=plan)
    committee = Committee(uuid="00000000-0000-4000-8000-000000000007", name="لجنة التنفيذ",
                          name_key="k7", kind=CommitteeKind.IMPLEMENTATION_COMMITTEE)
    older = Meeting(uuid="00000000-0000-4000-8000-000000000008", title="x", date=dt.date(2021, 6, 1))
    m = Meeting(
        uuid="00000000-0000-4000-8000-000000000009", version=2, amends=older,
        title="محضر اجتماع لجنة التنفيذ", language="ar", plan=plan, commitment=commitment,
        committee=committee, sequence=3, date=dt.date(2021, 6, 14), start_time=dt.time(10, 0),
        end_time=dt.time(11, 30), mode=MeetingMode.HYBRID, location="عمّان", objective="مناقشة سير العمل",
        other_participants=3, next_meeting=dt.date(2021, 7, 20), status=MinutesStatus.SIGNED,
    )
    m.items = [
        MinuteItem(kind=ItemKind.DISCUSSION, position=1, text="النقطة الأولى"),
        MinuteItem(kind=ItemKind.OUTPUT, position=2, text="القرار الأول"),
        MinuteItem(kind=ItemKind.DISCUSSION, position=3, text="النقطة الثانية\nسطر ثان"),
        MinuteItem(kind=ItemKind.NOTE, position=4, text="حاشية ١"),
    ]
    m.action_items = [
        ActionItem(position=1, text="إرسال المسودة", owner="مي عليمات", due_date=dt.date(2021, 7, 1),
                   status=ActionStatus.DONE),
        ActionItem(position=2, text="نشر المحضر", owner=None, due_date=None, status=ActionStatus.OPEN),
    ]
    m.attendance = [
        Attendance(position=1, person=mai, organisation=org, status=AttendanceStatus.PRESENT),
        Attendance(position=2, person=hus, organisation=None, status=AttendanceStatus.APOLOGISED),
        Attendance(position=3, person=ali, organisation=org, status=AttendanceStatus.ABSENT),
    ]
    m.attachments = [
        Attachment(uuid="00000000-0000-4000-8000-00000000000a", kind=AttachmentKind.PHOTO, position=1,
                   name="صورة.png", caption="الحضور", media_type="image/png", size=3,
                   sha256=hashlib.sha256(b"png").hexdigest(), data=b"png"),
        Attachment(uuid="00000000-0000-4000-8000-00000000000b", kind=AttachmentKind.ATTACHMENT,
                   position=2, name="a.pdf", caption=None, media_type=None, size=3,
                   sha256=hashlib.sha256(b"pdf").hexdigest(), data=b"pdf"),
    ]
    m.signatures = [
        Signature(position=1, signer_name="مي عليمات", role="منسقة", meaning=SignatureMeaning.APPROVED,
                  signed_at=dt.datetime(2021, 6, 20, 9, 30), image=b"sig"),
        Signature(position=2, signer_name="علي", role="مقرر", meaning=SignatureMeaning.PREPARED,
                  signed_at=dt.datetime(2021, 6, 20, 9, 30), image=None),
    ]
    return m


# Computed by build_snapshot before the declaration existed (commit 048d007): fingerprints
# of minutes signed by that code must still verify.
SIGNED_BEFORE_SHA256 = "3bb8442ac86124c9aa131e1ebf9e7e60c0c664725a84df274611640f97eac04e"
SIGNED_BEFORE_BARE = (
    '{"absent":[],"action_items":[],"amends":null,"apologies":[],"attachments":[],"attendees":[],'
    '"commitment":null,"committee":null,"date":"2022-01-02","discussion":[],"end":null,'
    '"format":"ogp-minutes-snapshot/1","language":"en","location":null,"mode":"online",'
    '"next_meeting":null,"notes":[],"objective":null,"other_participants":null,"outputs":[],'
    '"plan":null,"sequence":null,"signatures":[],"start":null,"title":"Bare",'
    '"uuid":"00000000-0000-4000-8000-00000000000c","version":1}'
)


def _bare_meeting() -> Meeting:
    return Meeting(uuid="00000000-0000-4000-8000-00000000000c", version=1, title="Bare", language="en",
                   date=dt.date(2022, 1, 2), mode=MeetingMode.ONLINE)


def test_snapshot_bytes_are_those_signed_before_the_declaration():
    text = signing.canonical_json(signing.build_snapshot(_fixed_meeting())).decode("utf-8")
    assert signing.fingerprint(text) == SIGNED_BEFORE_SHA256
    bare = signing.canonical_json(signing.build_snapshot(_bare_meeting())).decode("utf-8")
    assert bare == SIGNED_BEFORE_BARE


# --- every column is declared or named as not signed -------------------------------------

_CHILDREN = (MinuteItem, ActionItem, Attendance, Attachment, Signature)


def _declared_columns(model: type) -> set[str]:
    if model is Meeting:
        return {c for f in mf.MEETING_FIELDS for c in f.columns}
    out: set[str] = set()
    for rows in mf.ROWS:
        if rows.model is model:
            out |= {c for f in rows.fields for c in f.columns} | ({rows.split} if rows.split else set())
    return out


def test_every_column_of_a_meeting_and_its_rows_is_declared_or_listed_as_not_signed():
    for model in (Meeting, *_CHILDREN):
        columns = {c.name for c in sa_inspect(model).columns}
        declared, listed = _declared_columns(model), set(mf.NOT_DECLARED[model])
        assert columns - declared - listed == set(), f"{model.__name__}: declare these fields"
        assert declared - columns == set(), f"{model.__name__}: declared but not a column"
        assert declared & listed == set(), f"{model.__name__}: declared and listed as left out"


def test_every_list_of_a_meeting_is_declared():
    references = {f.attribute for f in mf.MEETING_FIELDS if f.kind in (mf.Kind.REFERENCE, mf.Kind.AMENDS)}
    declared = references | {r.relation for r in mf.ROWS}
    relations = {r.key for r in sa_inspect(Meeting).relationships}
    assert relations == declared
    assert {r.model for r in mf.ROWS} == set(_CHILDREN)


def test_minutes_data_holds_every_editable_field():
    def names(cls: type) -> set[str]:
        return {f.name for f in dataclasses.fields(cls)}

    assert names(MinutesData) == {f.data_key for f in mf.MEETING_FIELDS if f.editable} | {
        r.key for r in mf.ROWS if r.editable}
    for rows in mf.ROWS:
        if rows.editable and not rows.flat:
            assert names(ROW_TYPES[rows.relation]) == {f.data_key for f in rows.fields if f.editable}


# --- an amendment copies every declared field --------------------------------------------


_ORDINALS = itertools.count(90)


def _value(session, model: type, f: mf.Field, n: int):
    """A value for `f` that no default would give, so a field left uncopied is seen."""
    if f.kind in (mf.Kind.TEXT, mf.Kind.MULTILINE):
        return f"{f.key} {n}"
    if f.kind == mf.Kind.LANGUAGE:
        return "en"
    if f.kind == mf.Kind.DATE:
        return dt.date(2024, 3, n)
    if f.kind == mf.Kind.TIME:
        return dt.time(9 + n, 15)
    if f.kind == mf.Kind.INT:
        return max(f.low, 1) + 6 + n
    if f.kind == mf.Kind.ENUM:
        return list(f.choices)[-1]
    if f.kind == mf.Kind.BYTES:
        return f"{f.key} {n}".encode()
    if f.kind == mf.Kind.REFERENCE:
        target = sa_inspect(model).relationships[f.attribute].mapper.class_
        plan = None
        if target in (Plan, Commitment):
            plan = plans_svc.create_plan(session, ordinal=next(_ORDINALS), title=f"plan {f.key} {n}",
                                         first_year=2024, last_year=2024)
        return {
            Person: lambda: directory.person(session, f"person {f.key} {n}"),
            Organisation: lambda: directory.organisation(session, f"organisation {f.key} {n}"),
            Plan: lambda: plan,
            Commitment: lambda: plans_svc.add_commitment(session, plan, number=1, title=f"c {n}"),
            Committee: lambda: committees_svc.committee_by_name(session, f"committee {f.key} {n}"),
        }[target]()
    raise AssertionError(f"no test value for {f.kind}")


def _copied(rows: mf.Rows) -> list[mf.Field]:
    return [f for f in rows.fields if f.copied]


def test_what_people_type_is_copied_to_an_amendment():
    for rows in mf.ROWS:
        assert not rows.editable or rows.copied, rows.key
    for f in [*mf.MEETING_FIELDS, *(f for r in mf.ROWS for f in r.fields)]:
        assert not f.editable or f.copied or f.kind == mf.Kind.UUID, f.key


def test_an_amendment_copies_every_declared_field(db):
    with db.session() as s:
        meeting = Meeting(**{f.attribute: _value(s, Meeting, f, 1) for f in mf.MEETING_FIELDS if f.copied})
        for rows in {r.relation: r for r in mf.ROWS if r.copied}.values():
            splits = list(type(rows.split_value)) if rows.split else [None]
            made = []
            for n, split in enumerate(splits, 1):
                values = {f.attribute: _value(s, rows.model, f, n) for f in _copied(rows)}
                if rows.split:
                    values[rows.split] = split
                made.append(rows.model(position=n, **values))
            setattr(meeting, rows.relation, made)
        meeting.status = MinutesStatus.DRAFT
        s.add(meeting)
        s.flush()
        mid = meeting.id
    with db.session() as s:
        signing.approve(s, mid)
        signing.sign(s, mid, [signing.Signatory("مي", "منسقة")])
    with db.session() as s:
        copy_id = signing.amend(s, mid).id
    with db.session() as s:
        old, new = load_meeting(s, mid), load_meeting(s, copy_id)
        for f in mf.MEETING_FIELDS:
            if f.copied:
                column = f.columns[0]
                assert getattr(old, column) is not None, f.key
                assert getattr(new, column) == getattr(old, column), f.key
        for rows in mf.ROWS:
            if not rows.copied:
                continue
            old_rows, new_rows = getattr(old, rows.relation), getattr(new, rows.relation)
            assert len(new_rows) == len(old_rows) > 0
            for a, b in zip(old_rows, new_rows, strict=True):
                for f in _copied(rows):
                    column = f.columns[0]
                    assert getattr(a, column) is not None, f"{rows.key}.{f.key}"
                    assert getattr(b, column) == getattr(a, column), f"{rows.key}.{f.key}"
                assert a.id != b.id
        assert new.version == old.version + 1 and new.amends_id == old.id


# --- the printed document ----------------------------------------------------------------


def test_every_typed_field_says_where_it_is_printed():
    for e in mf.MINUTES:
        assert e.printed is not None, e.key
        if e.printed in (mf.Print.DETAILS, mf.Print.SECTION):
            assert e.kind in (mf.Kind.TEXT, mf.Kind.MULTILINE, mf.Kind.DATE, mf.Kind.TIME, mf.Kind.INT)


def test_the_printed_document_is_what_the_export_prints(db):
    obj = {
        "format": "ogp-minutes/1", "title": "محضر", "date": "2021-06-14", "plan": "الخطة",
        "commitment": "الالتزام", "committee": "اللجنة", "start": "10:00", "end": "11:00",
        "mode": "online", "location": "زوم", "objective": "هدف", "other_participants": 2,
        "attendees": [{"name": "مي", "organization": "الوزارة"}, {"name": "علي"}],
        "apologies": [{"name": "حسين"}], "absent": [{"name": "سعاد"}],
        "discussion": ["نقطة"], "outputs": ["قرار"], "notes": ["حاشية"], "next_meeting": "2021-07-01",
        "action_items": [{"text": "إرسال", "owner": "مي", "due": "2021-06-30", "status": "done"}],
    }
    with db.session() as s:
        mid = exchange.import_minutes(s, obj).id
    for step in ("draft", "signed"):
        if step == "signed":
            with db.session() as s:
                signing.approve(s, mid)
                signing.sign(s, mid, [signing.Signatory("مي", "منسقة")])
        with db.session() as s:
            meeting = load_meeting(s, mid)
            snap = json.loads(meeting.snapshot) if meeting.snapshot else signing.build_snapshot(meeting)
            printed = mf.printed_document(snap)
            exported = documents.minutes_document(s, mid)
        assert printed.pop("fields") == [] and exported.pop("fields", []) == []
        assert printed == {k: exported[k] for k in printed}
        assert set(exported) - set(printed) == {"id", "status", "photos", "signatures", "fingerprint",
                                                "register"}


def test_a_field_declared_for_the_details_or_a_section_is_printed():
    snap = {"title": "t", "date": "2021-06-14", "location": "x"}
    extra = (mf.Field("room", mf.Kind.TEXT, "Room", printed=mf.Print.DETAILS),
             mf.Field("dress", mf.Kind.MULTILINE, "Dress code", printed=mf.Print.SECTION),
             mf.Field("unset", mf.Kind.TEXT, "Unset", printed=mf.Print.SECTION))
    original = mf.MINUTES
    try:
        mf.MINUTES = (*original, *extra)
        doc = mf.printed_document({**snap, "room": "القاعة ٣", "dress": "رسمي"})
    finally:
        mf.MINUTES = original
    assert [(f.key, f.label, f.value, f.where) for f in doc["fields"]] == [
        ("room", "Room", "القاعة ٣", mf.Print.DETAILS), ("dress", "Dress code", "رسمي", mf.Print.SECTION)]
