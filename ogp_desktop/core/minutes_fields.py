"""The one declaration of what minutes hold: the meeting's fields and its rows.

The signing snapshot, the amendment copy, the exchange format `ogp-minutes/1`, the copy
between a `Meeting` and `MinutesData` and the printed document read this declaration, so a
field added here is signed, amended, exchanged and printed without a hand-written list
elsewhere. tests/core/test_minutes_fields.py fails on a column of a meeting or of its rows
that is neither declared nor listed in `NOT_DECLARED`."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ogp_desktop.core.enums import (
    ActionStatus,
    AttachmentKind,
    AttendanceStatus,
    ItemKind,
    MeetingMode,
    SignatureMeaning,
)
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.printed_fields import Kind, Print, PrintedField

if TYPE_CHECKING:  # the declaration itself loads no SQLAlchemy: the printout reads it too
    from ogp_desktop.core.models import Base, Meeting


@dataclass(frozen=True)
class Field:
    """One value of the minutes or of one of their rows.

    `key` names it in the signing snapshot; `exchange_key` (default `key`) in ogp-minutes/1
    and as the attribute of `MinutesData` (or of its row type); `attr` (default `key`) on the
    model. `signed`: the snapshot holds it; `exchange`: ogp-minutes/1 carries it;
    `editable`: `MinutesData` carries it; `copied`: an amendment copies it.
    `omit_when_empty`: the snapshot leaves the field out when it is empty. Every field added
    after the snapshot format's first fields sets it, so minutes that leave the new field
    empty sign the same bytes as before (tests/core/test_minutes_fields.py holds them)."""

    key: str
    kind: Kind
    label: str
    attr: str | None = None
    exchange_key: str | None = None
    signed: bool = True
    exchange: bool = True
    editable: bool = True
    copied: bool = True
    required: bool = False
    choices: type[enum.Enum] | None = None
    default: Any = None
    ref_name: str = "name"
    low: int = 0
    high: int = 1_000_000
    printed: Print | None = None  # where the minutes print it; a typed field must say
    omit_when_empty: bool = False

    @property
    def attribute(self) -> str:
        return self.attr or self.key

    @property
    def data_key(self) -> str:
        return self.exchange_key or self.key

    @property
    def columns(self) -> tuple[str, ...]:
        """The model's column(s) behind the field (a reference is its foreign key)."""
        if self.kind in (Kind.REFERENCE, Kind.AMENDS):
            return (f"{self.attribute}_id",)
        return (self.attribute,)


@dataclass(frozen=True)
class Rows:
    """A list of child rows of the meeting, e.g. the attendees: the rows of `relation`
    whose `split` column has the value `split_value`, in `position` order. `flat`: each
    row is written as the value of its one field (a discussion point is a text)."""

    key: str
    label: str
    relation: str
    model_name: str  # the class in core.models, looked up when rows are built (see `model`)
    fields: tuple[Field, ...]
    split: str | None = None
    split_value: enum.Enum | None = None
    flat: bool = False
    signed: bool = True
    exchange: bool = True
    editable: bool = True
    copied: bool = True
    printed: Print | None = None
    list_what: str = N_("a list")
    item_what: str = N_("text")

    @property
    def model(self) -> type[Base]:
        from ogp_desktop.core import models

        model: type[Base] = getattr(models, self.model_name)
        return model

    def rows(self, meeting: Meeting) -> list[Any]:
        rows = sorted(getattr(meeting, self.relation), key=lambda r: r.position)
        if self.split is None:
            return rows
        return [r for r in rows if getattr(r, self.split) == self.split_value]


# --- the declaration ---------------------------------------------------------------------

LANGUAGES = ("ar", "en")
MAX_SEQUENCE = 1_000_000  # a committee's meeting number; SQLite's INTEGER ends at 2**63
MAX_OTHER_PARTICIPANTS = 1_000_000

_PERSON_FIELDS = (
    Field("person", Kind.REFERENCE, N_("Name"), exchange_key="name", required=True),
    Field("organization", Kind.REFERENCE, N_("Organisation"), attr="organisation"),
)
_ITEM_TEXT = (Field("text", Kind.MULTILINE, N_("Text"), required=True),)


def _people(key: str, label: str, status: AttendanceStatus, printed: Print) -> Rows:
    """Attendance rows of one status (the exchange format lists each status apart)."""
    return Rows(key, label, "attendance", "Attendance", _PERSON_FIELDS, "status", status, printed=printed,
                list_what=N_("a list of objects with name and organization"),
                item_what=N_("an object with name and organization"))


def _texts(key: str, label: str, kind: ItemKind) -> Rows:
    """Minute items of one kind, each written as its text."""
    return Rows(key, label, "items", "MinuteItem", _ITEM_TEXT, "kind", kind, flat=True,
                printed=Print.LAYOUT, list_what=N_("a list of texts"))


ATTENDEES = _people("attendees", N_("Attendees"), AttendanceStatus.PRESENT, Print.LAYOUT)
APOLOGIES = _people("apologies", N_("Apologies"), AttendanceStatus.APOLOGISED, Print.LAYOUT)
# The printed minutes name who came and who apologised, not who stayed away.
ABSENT = _people("absent", N_("Absent"), AttendanceStatus.ABSENT, Print.NOWHERE)
DISCUSSION = _texts("discussion", N_("Main discussion points"), ItemKind.DISCUSSION)
OUTPUTS = _texts("outputs", N_("Outputs and decisions"), ItemKind.OUTPUT)
NOTES = _texts("notes", N_("Notes"), ItemKind.NOTE)
ACTION_ITEMS = Rows(
    "action_items", N_("Action items"), "action_items", "ActionItem",
    (
        Field("text", Kind.MULTILINE, N_("Action"), required=True),
        Field("owner", Kind.TEXT, N_("Owner")),
        Field("due", Kind.DATE, N_("Due"), attr="due_date"),
        # Follow-up status moves on after signing; what was decided is what is signed.
        Field("status", Kind.ENUM, N_("Status"), choices=ActionStatus, default=ActionStatus.OPEN,
              signed=False),
        # Found from `owner` in the directory when the minutes are saved.
        Field("owner_person", Kind.REFERENCE, N_("Owner"), signed=False, exchange=False,
              editable=False),
    ),
    printed=Print.LAYOUT, item_what=N_("an object with text, owner, due and status"),
)
ATTACHMENTS = Rows(
    "attachments", N_("Attachments"), "attachments", "Attachment",
    (
        Field("uuid", Kind.UUID, N_("UUID"), copied=False),
        Field("kind", Kind.ENUM, N_("Kind"), choices=AttachmentKind),
        Field("name", Kind.TEXT, N_("Name")),
        Field("caption", Kind.MULTILINE, N_("Caption")),
        Field("media_type", Kind.TEXT, N_("Media type")),
        Field("size", Kind.INT, N_("Size")),
        Field("sha256", Kind.TEXT, N_("Fingerprint")),
        Field("data", Kind.BYTES, N_("File"), signed=False),  # signed through sha256
    ),
    # Photos and signatures are printed from their rows, checked against the snapshot.
    exchange=False, editable=False, printed=Print.NOWHERE,
)
SIGNATURES = Rows(
    "signatures", N_("Signatures"), "signatures", "Signature",
    (
        Field("name", Kind.TEXT, N_("Name"), attr="signer_name"),
        Field("role", Kind.TEXT, N_("Role")),
        Field("meaning", Kind.ENUM, N_("Meaning"), choices=SignatureMeaning),
        Field("signed_at", Kind.DATETIME, N_("Signed")),
        Field("image_sha256", Kind.DIGEST, N_("Signature image"), attr="image"),
    ),
    exchange=False, editable=False, copied=False, printed=Print.NOWHERE,  # an amendment is signed anew
)

# The minutes, in the order ogp-minutes/1 writes them.
MINUTES: tuple[Field | Rows, ...] = (
    Field("uuid", Kind.UUID, N_("UUID"), copied=False, printed=Print.LAYOUT),
    Field("language", Kind.LANGUAGE, N_("Language"), default="ar", printed=Print.LAYOUT),
    Field("title", Kind.TEXT, N_("Title"), required=True, printed=Print.LAYOUT),
    Field("plan", Kind.REFERENCE, N_("Plan"), ref_name="title", printed=Print.LAYOUT),
    Field("commitment", Kind.REFERENCE, N_("Commitment"), ref_name="title", printed=Print.LAYOUT),
    Field("committee", Kind.REFERENCE, N_("Committee"), printed=Print.LAYOUT),
    Field("sequence", Kind.INT, N_("Meeting number"), low=1, high=MAX_SEQUENCE, printed=Print.LAYOUT),
    Field("date", Kind.DATE, N_("Date"), required=True, printed=Print.LAYOUT),
    Field("start", Kind.TIME, N_("Start"), attr="start_time", printed=Print.LAYOUT),
    Field("end", Kind.TIME, N_("End"), attr="end_time", printed=Print.LAYOUT),
    Field("mode", Kind.ENUM, N_("Meeting type"), choices=MeetingMode, default=MeetingMode.IN_PERSON,
          printed=Print.LAYOUT),
    Field("location", Kind.TEXT, N_("Place"), printed=Print.LAYOUT),
    Field("objective", Kind.MULTILINE, N_("Objective"), printed=Print.LAYOUT),
    ATTENDEES,
    APOLOGIES,
    ABSENT,
    Field("other_participants", Kind.INT, N_("Other participants"), high=MAX_OTHER_PARTICIPANTS,
          printed=Print.LAYOUT),
    DISCUSSION,
    OUTPUTS,
    ACTION_ITEMS,
    Field("next_meeting", Kind.DATE, N_("Next meeting"), printed=Print.LAYOUT),
    NOTES,
    # The version's place in the record: signed, but set by the lifecycle, not typed.
    Field("version", Kind.INT, N_("Version"), exchange=False, editable=False, copied=False,
          printed=Print.LAYOUT),
    Field("amends", Kind.AMENDS, N_("Amends"), exchange=False, editable=False, copied=False,
          printed=Print.NOWHERE),
    ATTACHMENTS,
    SIGNATURES,
)
MEETING_FIELDS: tuple[Field, ...] = tuple(e for e in MINUTES if isinstance(e, Field))
ROWS: tuple[Rows, ...] = tuple(e for e in MINUTES if isinstance(e, Rows))

# Columns that are not part of what minutes say, with the reason; neither signed nor
# exchanged. A column in neither this list nor the declaration fails a test.
_RECORD = {"id": "database id", "created_at": "bookkeeping time", "updated_at": "bookkeeping time"}
_ROW = {**_RECORD, "meeting_id": "the parent", "position": "the order of the list (kept)"}
_ROW_UUID = {"uuid": "row identity, not part of what the row says"}


class _ByModel(dict[str, dict[str, str]]):
    """Keyed by the model's class name; a model class looks itself up by its name (so the
    declaration names the models without importing them)."""

    def __getitem__(self, model: type[Base] | str) -> dict[str, str]:
        return super().__getitem__(model if isinstance(model, str) else model.__name__)


NOT_DECLARED: _ByModel = _ByModel({
    "Meeting": {**_RECORD, "status": "the lifecycle state", "signed_at": "set by signing",
                "row_version": "raised by each save: two editors never overwrite each other",
                "updated_by": "who saved last (told to the other editor)",
                "snapshot": "the signed text itself", "snapshot_sha256": "its fingerprint"},
    "MinuteItem": {**_ROW, **_ROW_UUID},
    "Attendance": {**_ROW, **_ROW_UUID},
    "ActionItem": {**_ROW, **_ROW_UUID},
    "Attachment": _ROW,  # its uuid is signed: the signed snapshot names the stored file
    "Signature": {**_ROW, **_ROW_UUID,
                  # how it was made: kept on the row and in the register, checked by `check`
                  # (a key signature's value signs the snapshot's fingerprint, so it can not
                  # be part of the snapshot)
                  "kind": "how it was made", "certificate_id": "the signer's certificate",
                  "value": "the key's signature over the fingerprint",
                  "recorded_by": "the login that recorded it"},
})


# --- reading and writing values -----------------------------------------------------------


def _ref(obj: Any, name: str) -> dict[str, str] | None:
    if obj is None:
        return None
    return {"uuid": obj.uuid, "name": getattr(obj, name)}


def signed_value(row: Any, f: Field) -> Any:
    """The field of a meeting or row as the signing snapshot writes it."""
    value = getattr(row, f.attribute)
    if value is None:
        return None
    if f.kind == Kind.REFERENCE:
        return _ref(value, f.ref_name)
    if f.kind == Kind.AMENDS:
        return value.uuid
    if f.kind == Kind.DIGEST:
        return hashlib.sha256(value).hexdigest()
    return written(f, value)


def written(f: Field, value: Any) -> Any:
    """A plain value (as `MinutesData` holds it) as JSON writes it."""
    if value is None:
        return None
    if f.kind == Kind.DATE:
        return value.isoformat()
    if f.kind == Kind.TIME:
        return value.strftime("%H:%M")
    if f.kind == Kind.DATETIME:
        return value.isoformat() + "Z"
    if f.kind == Kind.ENUM:
        return value.value
    return value


def data_value(row: Any, f: Field) -> Any:
    """The field as `MinutesData` holds it: a reference by its name."""
    value = getattr(row, f.attribute)
    if f.kind == Kind.REFERENCE and value is not None:
        return getattr(value, f.ref_name)
    return value


def row_snapshot(rows: Rows, row: Any) -> Any:
    fields = [f for f in rows.fields if f.signed]
    if rows.flat:
        return signed_value(row, fields[0])
    return {f.key: signed_value(row, f) for f in fields}


def snapshot_entries(meeting: Meeting) -> dict[str, Any]:
    """Everything signing covers, keyed as the snapshot keys it."""
    out: dict[str, Any] = {}
    for entry in MINUTES:
        if not entry.signed:
            continue
        if isinstance(entry, Field):
            value = signed_value(meeting, entry)
            if not (entry.omit_when_empty and value in (None, "")):
                out[entry.key] = value
        else:
            out[entry.key] = [row_snapshot(entry, r) for r in entry.rows(meeting)]
    return out


def copy_for_amendment(meeting: Meeting) -> Meeting:
    """A new row with every copied field of `meeting` and of its copied rows (lifecycle
    columns are left to the caller)."""
    from ogp_desktop.core.models import Meeting

    copy = Meeting(**{f.attribute: getattr(meeting, f.attribute) for f in MEETING_FIELDS if f.copied})
    done: set[str] = set()
    for rows in ROWS:
        if not rows.copied or rows.relation in done:
            continue
        done.add(rows.relation)
        attrs = ["position", *([rows.split] if rows.split else []),
                 *(c for f in rows.fields if f.copied for c in _copy_attrs(f))]
        setattr(copy, rows.relation, [
            rows.model(**{a: getattr(r, a) for a in attrs})
            for r in sorted(getattr(meeting, rows.relation), key=lambda r: r.position)
        ])
    return copy


def _copy_attrs(f: Field) -> tuple[str, ...]:
    """Rows copy references by their id (the referenced record is shared, not loaded)."""
    return f.columns if f.kind == Kind.REFERENCE else (f.attribute,)


def printed_fields(where: Print) -> tuple[Field, ...]:
    """Meeting fields the layout prints by the declaration (not placed by hand)."""
    return tuple(f for f in MEETING_FIELDS if f.printed == where)



def _printed(f: Field, value: Any) -> Any:
    if f.kind == Kind.REFERENCE:
        return value["name"] if value else None
    return value


def printed_document(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the printed minutes say, from a signing snapshot (stored, or built for a
    draft): the plain values `pdf.minutes` lays out, references by their names, and under
    `fields` the `PrintedField`s it places by the declaration. The record's own furniture
    (id, status, photos, signatures, fingerprint) is added by whoever loads the meeting."""
    doc: dict[str, Any] = {"format": "ogp-minutes/1"}
    declared: list[PrintedField] = []
    for e in MINUTES:
        if e.printed in (None, Print.NOWHERE):
            continue
        value = snapshot.get(e.key)  # a snapshot signed before a field existed lacks it
        if isinstance(e, Rows):
            fields = [f for f in e.fields if f.signed]
            doc[e.key] = [
                _printed(fields[0], row) if e.flat
                else {f.data_key: _printed(f, row.get(f.key)) for f in fields}
                for row in value or []
            ]
        elif e.printed == Print.LAYOUT:
            doc[e.data_key] = _printed(e, value)
        elif value is not None and value != "":
            declared.append(PrintedField(e.key, e.label, e.kind, _printed(e, value), e.printed))
    doc["fields"] = declared
    return doc
