"""The ogp-minutes/1 exchange format: import → export gives back every field, errors name the
field and write nothing, any text round-trips exactly or is refused clearly."""

from __future__ import annotations

import copy
import itertools
import json
import unicodedata
import uuid as uuid_mod

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from ogp_desktop.core import exchange
from ogp_desktop.core.db import open_database
from ogp_desktop.core.errors import Field, ValidationError
from ogp_desktop.core.services.common import MEETING_FIELD_MAX, name_key

PROPERTY = settings(max_examples=50, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])

# Defaults export may add when the import left them out.
EXPORT_DEFAULTS = {"uuid", "sequence", "mode", "language"}

ARABIC_MEETING = {
    "format": "ogp-minutes/1",
    "uuid": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
    "language": "ar",
    "title": "الاجتماع الثاني لمجموعة العمل الوطنية الخامسة لمبادرة شراكة الحكومات الشفافة 2021-2023",
    "plan": "الخطة الوطنية الخامسة لشراكة الحكومات الشفافة 2021-2025",
    "commitment": "تعزيز الشفافية في الإنفاق العام",
    "committee": "مجموعة العمل الوطنية",
    "sequence": 2,
    "date": "2021-07-28",
    "start": "11:00",
    "end": "13:30",
    "mode": "online",
    "location": "ZOOM",
    "objective": "الاستماع إلى مقترحات مقدمي الطلبات (10 أفكار) وطرح الأسئلة،\nوتقييم المقترحات وتصنيفها.",
    "attendees": [
        {"name": "مي عليمات", "organization": "وحدة الحكومة الشفافة – وزارة التخطيط والتعاون الدولي"},
        {"name": "الاء الخضير", "organization": "سجل الجمعيات"},
        {"name": "Sarah Jones"},
    ],
    "apologies": [{"name": "حسين الشبلي", "organization": "مركز الشفافية الأردني"}],
    "absent": [{"name": "ممثل دائرة مراقبة الشركات", "organization": "دائرة مراقبة الشركات"}],
    "other_participants": 12,
    "discussion": [
        "رحّبت السيدة مي عليمات بالحضور، وعرضت آلية العمل.",
        "\n".join(["أبرز النتائج:", "1. عدم معاملة جميع مبالغ التمويل نفس المعاملة.",
                   "· الحوكمة: (OGP) «شراكة»"]),
        "مُحَمَّدٌ — نصٌ مُشَكَّل بالحركات، وفيه \u202bتضمين\u202c و\u2067عزل\u2069 وعلامة \u200f.",
    ],
    "outputs": ["اعتماد القائمة المختصرة لأفضل 10 أفكار", "Decision 2: publish the list (EN)"],
    "action_items": [
        {"text": "إرسال الدعوات للمتقدمين", "owner": "مي عليمات", "due": "2021-08-02", "status": "open"},
        {"text": "نشر المحضر", "owner": "سجل الجمعيات", "status": "done"},
        {"text": "إلغاء الجلسة الثالثة", "status": "cancelled"},
    ],
    "next_meeting": "2021-08-17",
    "notes": ["حاشية: عُقد الاجتماع عن بُعد.", "٢. ملاحظة ثانية بالأرقام العربية ١٢٣"],
}


def _roundtrip(db, obj) -> dict:
    with db.session() as s:
        mid = exchange.import_minutes(s, obj).id
    with db.session() as s:
        return exchange.export_minutes(s, mid)


def _assert_gives_back_every_field(given: dict, exported: dict) -> None:
    """Every given key comes back with its value. Export may add the defaults (uuid, sequence,
    mode, language, each action item's status) and leaves out empty optional fields."""
    for key, value in given.items():
        if value in ("", []):
            assert exported.get(key, value) == value, key
        elif key == "action_items":
            assert len(exported[key]) == len(value)
            for g, e in zip(value, exported[key], strict=True):
                assert {k: e.get(k) for k in g} == g
                assert e["status"] == g.get("status", "open")
        else:
            assert exported.get(key) == value, key
    for key in set(exported) - set(given):
        assert key in EXPORT_DEFAULTS, key


# --- round trip -------------------------------------------------------------------------------


def test_realistic_arabic_meeting_round_trips_every_field(db):
    exported = _roundtrip(db, copy.deepcopy(ARABIC_MEETING))
    assert exported == ARABIC_MEETING


def test_export_survives_json_and_imports_again(db, tmp_path):
    exported = _roundtrip(db, copy.deepcopy(ARABIC_MEETING))
    path = tmp_path / "m.json"
    path.write_text(exchange.dumps(exported), encoding="utf-8")
    again = exchange.read_file(path)
    assert again == exported
    # a second import of the same uuid is refused (the minutes are there already)
    with pytest.raises(ValidationError) as exc:
        with db.session() as s:
            exchange.import_minutes(s, again)
    assert exc.value.field == "uuid"
    # without the uuid it imports as new minutes that export the same again
    again.pop("uuid")
    second = _roundtrip(db, again)
    second.pop("uuid")
    assert second == {k: v for k, v in exported.items() if k != "uuid"}


def test_minimal_minutes_round_trip_with_defaults(db):
    given = {"format": "ogp-minutes/1", "title": "اجتماع", "date": "2021-06-14"}
    exported = _roundtrip(db, dict(given))
    _assert_gives_back_every_field(given, exported)
    assert exported["mode"] == "in_person"
    assert exported["language"] == "ar"
    assert uuid_mod.UUID(exported["uuid"])


def test_action_status_defaults_to_open(db):
    given = {"format": "ogp-minutes/1", "title": "t", "date": "2021-06-14",
             "action_items": [{"text": "مهمة"}]}
    exported = _roundtrip(db, copy.deepcopy(given))
    assert exported["action_items"] == [{"text": "مهمة", "status": "open"}]
    _assert_gives_back_every_field(given, exported)


@pytest.mark.parametrize("key, value", [
    ("language", "en"), ("plan", "خطة"), ("committee", "لجنة"), ("sequence", 7),
    ("start", "09:00"), ("end", "23:59"), ("mode", "hybrid"), ("location", "عمّان"),
    ("objective", "هدف\nبسطرين"), ("attendees", [{"name": "أ"}, {"name": "ب", "organization": "ج"}]),
    ("apologies", [{"name": "د"}]), ("absent", [{"name": "هـ", "organization": "و"}]),
    ("other_participants", 0), ("discussion", ["١", "٢"]), ("outputs", ["قرار"]),
    ("notes", ["ملاحظة"]), ("next_meeting", "2021-06-14"),
    ("action_items", [{"text": "t", "owner": "o", "due": "2021-06-30", "status": "cancelled"}]),
    ("uuid", "0f8fad5b-d9cb-469f-a165-70867728950e"),
])
def test_each_field_alone_round_trips(db, key, value):
    given = {"format": "ogp-minutes/1", "title": "اجتماع", "date": "2021-06-14", key: value}
    _assert_gives_back_every_field(given, _roundtrip(db, copy.deepcopy(given)))


def test_commitment_round_trips_with_its_plan(db):
    given = {"format": "ogp-minutes/1", "title": "t", "date": "2021-06-14", "plan": "خطة",
             "commitment": "التزام"}
    _assert_gives_back_every_field(given, _roundtrip(db, dict(given)))


def test_uuid_is_normalised_to_lower_case(db):
    given = {"format": "ogp-minutes/1", "title": "t", "date": "2021-06-14",
             "uuid": "0F8FAD5B-D9CB-469F-A165-70867728950E"}
    assert _roundtrip(db, dict(given))["uuid"] == given["uuid"].lower()


# --- errors name the field, nothing is written --------------------------------------------------


BASE = {"format": "ogp-minutes/1", "title": "اجتماع", "date": "2021-06-14"}


@pytest.mark.parametrize("changes, drop, field, words", [
    ({"date": "2022-02-30"}, (), "date", "2022-02-30"),
    ({"mode": "by pigeon"}, (), "mode", "by pigeon"),
    ({}, ("title",), "title", "required"),
    ({}, ("date",), "date", "required"),
    ({"title": 5}, (), "title", "text"),
    ({"date": 20210614}, (), "date", "YYYY-MM-DD"),
    ({"attendees": "مي"}, (), "attendees", "list"),
    ({"attendees": ["مي"]}, (), "attendees[0]", "object"),
    ({"attendees": [{"name": "مي", "role": "chair"}]}, (), "attendees[0]", "role"),
    ({"discussion": ["نص", 3]}, (), "discussion[1]", "text"),
    ({"discussion": "نص"}, (), "discussion", "list"),
    ({"sequence": "2"}, (), "sequence", "whole number"),
    ({"sequence": True}, (), "sequence", "whole number"),
    ({"other_participants": 2.5}, (), "other_participants", "whole number"),
    ({"action_items": [{"owner": "مي"}]}, (), "action_items[0].text", "required"),
    ({"action_items": [{"text": "t", "due": 5}]}, (), "action_items[0].due", "YYYY-MM-DD"),
    ({"next_meeting": "2021-02-30"}, (), "next_meeting", "2021-02-30"),
    ({"language": "fr"}, (), "language", "fr"),
    ({"colour": "blue"}, (), "minutes", "colour"),
    ({"uuid": "not-a-uuid"}, (), "uuid", "not-a-uuid"),
    ({"uuid": 42}, (), "uuid", "UUID"),
    ({"format": "ogp-minutes/2"}, (), "format", "ogp-minutes/1"),
    ({}, ("format",), "format", "ogp-minutes/1"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_import_error_names_the_field_and_writes_nothing(db, dbtools, changes, drop, field, words):
    obj = {k: v for k, v in {**BASE, **changes}.items() if k not in drop}
    before = dbtools.dump(db)
    with pytest.raises(ValidationError) as exc:
        with db.session() as s:
            exchange.import_minutes(s, obj)
    assert exc.value.field == field
    assert words in str(exc.value)
    assert dbtools.dump(db) == before


@pytest.mark.parametrize("obj", [[], "minutes", None, 3])
def test_non_object_is_refused(obj):
    with pytest.raises(ValidationError) as exc:
        exchange.parse_minutes(obj)
    assert exc.value.field == "minutes"


@pytest.mark.parametrize("content, words", [
    (b"{not json", "not valid JSON"),
    (b"\xff\xfe\x00bad", "UTF-8"),
])
def test_unreadable_files_are_refused_clearly(tmp_path, content, words):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as exc:
        exchange.read_file(path)
    assert exc.value.field == "file" and words in str(exc.value)


def test_missing_file_is_refused_clearly(tmp_path):
    with pytest.raises(ValidationError) as exc:
        exchange.read_file(tmp_path / "nope.json")
    assert exc.value.field == "file" and "nope.json" in str(exc.value)


def test_file_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(BASE, ensure_ascii=False).encode())
    assert exchange.read_file(path) == BASE


# --- very long text ---------------------------------------------------------------------------

# "MB" here counts characters, as the limits do. A meeting's text is limited so that its
# PDF prints in a few seconds (tests/core/test_meeting_size.py has the meeting's total).
ONE_MB_ARABIC = ("شراكة الحكومات الشفافة " * (1_000_000 // 23 + 1))[:1_000_000]
THREE_MB_ARABIC = ONE_MB_ARABIC * 3


@pytest.mark.parametrize("text", [ONE_MB_ARABIC, THREE_MB_ARABIC], ids=["1MB", "3MB"])
def test_a_megabyte_discussion_point_is_refused_with_the_limit(db, dbtools, text):
    before = dbtools.dump(db)
    with pytest.raises(ValidationError) as exc:
        with db.session() as s:
            exchange.import_minutes(s, {**BASE, "discussion": ["نص", text]})
    assert exc.value.field == "discussion[1]"
    assert f"{MEETING_FIELD_MAX:,}" in str(exc.value) and f"{len(text):,}" in str(exc.value)
    assert len(str(exc.value)) < 300  # the message does not echo the text
    assert dbtools.dump(db) == before


def test_text_exactly_at_the_limit_is_accepted_and_one_more_refused(db):
    at_limit = ("ب " * MEETING_FIELD_MAX)[:MEETING_FIELD_MAX - 1] + "ب"
    assert _roundtrip(db, {**BASE, "notes": [at_limit]})["notes"] == [at_limit]
    with pytest.raises(ValidationError) as exc:
        exchange.parse_minutes({**BASE, "notes": [at_limit + "ب"]})
    assert exc.value.field == "notes[0]"


# --- property tests ---------------------------------------------------------------------------

BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))
C0 = "".join(chr(c) for c in range(0x20)) + "\x7f"

arabic = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
harakat = st.sampled_from(HARAKAT)
latin = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéü")
digits = st.sampled_from("0123456789٠١٢٣٤٥٦٧٨٩")
punctuation = st.sampled_from(" .,;:!?()[]{}«»،؛؟-–—\"'/\\%&@")
bidi = st.sampled_from(BIDI)
controls = st.sampled_from(C0)
newline = st.just("\n")

# Everything the issue lists, controls and NUL included.
ANY_CHAR = st.one_of(arabic, arabic, harakat, latin, digits, punctuation, punctuation, bidi,
                     controls, newline)
# The same without C0 controls (what people really type, bidi controls and harakat included).
CLEAN_CHAR = st.one_of(arabic, arabic, harakat, latin, digits, punctuation, punctuation, bidi)

any_text = st.text(alphabet=ANY_CHAR, max_size=60)
clean_line = st.text(alphabet=CLEAN_CHAR, min_size=1, max_size=60).filter(
    lambda t: any(not c.isspace() and unicodedata.category(c) != "Cf" for c in t))
clean_paragraph = st.lists(clean_line, min_size=1, max_size=3).map("\n".join)

# Mostly clean texts with now and then one carrying anything (controls, NUL, blanks), so
# that both outcomes are exercised.
mixed_text = st.one_of(*[clean_line] * 5, *[clean_paragraph] * 3, any_text)

_counter = itertools.count()


@pytest.fixture
def fresh_db(tmp_path, head_template, dbtools):
    """A factory of empty databases (one per hypothesis example, so examples are independent)."""
    opened = []

    def make():
        path = dbtools.copy(head_template, tmp_path / f"p{next(_counter)}.sqlite")
        db = open_database(path)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


def _fields(obj: dict) -> dict[str, tuple[str, bool]]:
    """Every text the object carries: field path → (text, multi-line?)."""
    out = {"title": (obj["title"], False)}
    if "location" in obj:
        out["location"] = (obj["location"], False)
    if "objective" in obj:
        out["objective"] = (obj["objective"], True)
    for i, a in enumerate(obj.get("attendees", [])):
        out[f"attendees[{i}].name"] = (a["name"], False)
    for group in ("discussion", "outputs", "notes"):
        for i, t in enumerate(obj.get(group, [])):
            out[f"{group}[{i}]"] = (t, True)
    for i, a in enumerate(obj.get("action_items", [])):
        out[f"action_items[{i}].text"] = (a["text"], True)
    return out


def _surely_acceptable(text: str, multiline: bool) -> bool:
    """What must be accepted: non-blank text without C0 controls (newlines in multi-line fields)."""
    allowed_controls = {"\n"} if multiline else set()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate is not text
        return False
    visible = any(not c.isspace() and unicodedata.category(c) != "Cf" for c in text)
    return visible and not any(c in C0 and c not in allowed_controls for c in text)


def _check_outcome(make_db, dbtools, obj: dict) -> dict | None:
    """Import then export on a fresh database. Returns the export, or None when refused (after
    checking that the refusal names a field whose text justifies it and nothing was written)."""
    db = make_db()
    before = dbtools.dump(db)
    texts = _fields(obj)
    try:
        exported = _roundtrip(db, copy.deepcopy(obj))
    except ValidationError as exc:
        assert exc.field in texts, (exc.field, str(exc))
        text, multiline = texts[exc.field]
        duplicate = exc.field.startswith("attendees[") and any(
            name_key(t) == name_key(text) for f, (t, _) in texts.items()
            if f.startswith("attendees[") and f < exc.field)
        assert duplicate or not _surely_acceptable(text, multiline), (exc.field, text, str(exc))
        assert str(exc).startswith(exc.field + ": ")
        assert exc.render().startswith(Field(exc.field).label() + ": ")  # the form's label
        assert dbtools.dump(db) == before
        event("refused")
        return None
    event("accepted")
    _assert_gives_back_every_field(obj, exported)
    return exported


minutes_with_any_text = st.fixed_dictionaries({
    "format": st.just("ogp-minutes/1"),
    "title": mixed_text,
    "date": st.just("2021-06-14"),
    "location": mixed_text,
    "objective": mixed_text,
    "attendees": st.lists(st.fixed_dictionaries({"name": mixed_text}), max_size=3),
    "discussion": st.lists(mixed_text, max_size=3),
    "outputs": st.lists(mixed_text, max_size=2),
    "notes": st.lists(mixed_text, max_size=2),
    "action_items": st.lists(st.fixed_dictionaries({"text": mixed_text, "status": st.just("open")}),
                             max_size=2),
})


@PROPERTY
@given(obj=minutes_with_any_text)
@example(obj={**BASE, "title": "a\x00b"})
@example(obj={**BASE, "title": "\ud800 lone surrogate"})
@example(obj={**BASE, "discussion": ["سطر\r\nسطر"], "notes": ["\t"]})
@example(obj={**BASE, "attendees": [{"name": "\u200f"}, {"name": "\u200e"}]})
def test_any_text_round_trips_exactly_or_is_refused_naming_the_field(fresh_db, dbtools, obj):
    _check_outcome(fresh_db, dbtools, obj)


clean_minutes = st.fixed_dictionaries({
    "format": st.just("ogp-minutes/1"),
    "title": clean_line,
    "date": st.just("2021-06-14"),
    "location": clean_line,
    "objective": clean_paragraph,
    "attendees": st.lists(st.fixed_dictionaries({"name": clean_line}), max_size=1),
    "discussion": st.lists(clean_paragraph, min_size=1, max_size=3),
    "outputs": st.lists(clean_paragraph, max_size=2),
    "notes": st.lists(clean_paragraph, max_size=2),
    "action_items": st.lists(st.fixed_dictionaries({"text": clean_paragraph,
                                                    "status": st.just("open")}), max_size=2),
})


@PROPERTY
@given(obj=clean_minutes)
@example(obj={**BASE, "title": "\u202bعنوان\u202c", "discussion": ["ب\u0651\u064e" + BIDI + HARAKAT]})
@example(obj={**BASE, "title": HARAKAT, "discussion": ["بند" + BIDI],
              "attendees": [{"name": BIDI + "مي عليمات"}]})
def test_bidi_controls_and_harakat_round_trip_exactly(fresh_db, dbtools, obj):
    exported = _check_outcome(fresh_db, dbtools, obj)
    assert exported is not None, "clean text must be accepted"


SINGLE_LINE_FIELDS = ["title", "location", "attendees[0].name", "apologies[0].name"]
MULTI_LINE_FIELDS = ["objective", "discussion[0]", "outputs[0]", "notes[0]", "action_items[0].text"]


def _place(field: str, text: str) -> dict:
    obj = dict(BASE)
    if field in ("title", "location", "objective"):
        obj[field] = text
    elif field.endswith(".name"):
        obj[field.split("[")[0]] = [{"name": text}]
    elif field == "action_items[0].text":
        obj["action_items"] = [{"text": text}]
    else:
        obj[field.split("[")[0]] = [text]
    return obj


@PROPERTY
@given(field=st.sampled_from(SINGLE_LINE_FIELDS + MULTI_LINE_FIELDS),
       text=clean_line, where=st.integers(min_value=0), newline_too=st.booleans())
def test_text_containing_nul_is_refused(db, dbtools, field, text, where, newline_too):
    cut = where % (len(text) + 1)
    poisoned = text[:cut] + "\x00" + text[cut:]
    if newline_too and field in MULTI_LINE_FIELDS:
        poisoned = "سطر أول\n" + poisoned
    before = dbtools.dump(db)
    with pytest.raises(ValidationError) as exc:
        with db.session() as s:
            exchange.import_minutes(s, _place(field, poisoned))
    assert exc.value.field == field
    assert "U+0000" in str(exc.value)
    assert dbtools.dump(db) == before


@pytest.mark.parametrize("field", SINGLE_LINE_FIELDS)
def test_line_break_in_a_single_line_field_is_refused(field):
    with pytest.raises(ValidationError) as exc:
        exchange.parse_minutes(_place(field, "سطر\nسطر"))
    assert exc.value.field == field
    assert "line break" in str(exc.value)


@pytest.mark.parametrize("field", MULTI_LINE_FIELDS)
def test_line_breaks_in_a_multi_line_field_round_trip(db, field):
    text = "سطر أول\nسطر ثان\n\nفقرة"
    _assert_gives_back_every_field(_place(field, text), _roundtrip(db, _place(field, text)))


# --- errors name a field of the format, even when they come from a record it creates ----------


def test_error_from_creating_a_plan_names_a_field_of_the_minutes(db, dbtools):
    """An early date with a new plan must not be refused as 'first_year', a field the file
    does not have."""
    obj = {**BASE, "date": "1985-05-01", "plan": "خطة قديمة"}
    before = dbtools.dump(db)
    try:
        exported = _roundtrip(db, dict(obj))
    except ValidationError as exc:
        assert exc.field in obj, str(exc)
        assert dbtools.dump(db) == before
    else:
        _assert_gives_back_every_field(obj, exported)
