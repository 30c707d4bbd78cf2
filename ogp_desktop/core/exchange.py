"""The minutes exchange format `ogp-minutes/1` (docs/minutes-format.md).

Import validates the whole object first: a wrong field raises an error that names the field
and what is wrong, and nothing is written. Export writes the same format back, so
import → export gives back every field given."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ogp_desktop.core.errors import Message, ValidationError, _n, os_reason
from ogp_desktop.core.models import ActionStatus, AttendanceStatus, ItemKind, Meeting, MeetingMode
from ogp_desktop.core.services.common import parse_choice, parse_iso_date, parse_time
from ogp_desktop.core.services.meetings import (
    ActionItemData,
    MinutesData,
    Participant,
    load_meeting,
    save_minutes,
    validate,
)

FORMAT = "ogp-minutes/1"
MAX_FILE_BYTES = 64 * 1024 * 1024

_TOP_FIELDS = {
    "format", "language", "title", "plan", "commitment", "committee", "sequence", "date",
    "start", "end", "mode", "location", "objective", "attendees", "apologies", "absent",
    "other_participants", "discussion", "outputs", "action_items", "next_meeting", "notes",
    "uuid",
}


MAX_SEQUENCE = 1_000_000  # a committee's meeting number; SQLite's INTEGER ends at 2**63
MAX_OTHER_PARTICIPANTS = 1_000_000


def _expect(value: Any, kind: type, field: str, what: str) -> Any:
    """`what` is a marked msgid ("text", "a list"): the message is translated whole."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValidationError("must be {what}", field=field, what=Message(what))
    return value


def _whole(value: Any, field: str, low: int, high: int) -> int | None:
    """A whole number within the bounds the records can hold (not a float, not a bool)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError("must be a whole number from {low} to {high}", field=field,
                              low=low, high=high)
    return value


def _str_or_none(obj: dict, key: str, field: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    return _expect(value, str, field, _n("text"))


def _participants(obj: dict, key: str) -> list[Participant]:
    items = _expect(obj.get(key, []), list, key, _n("a list of objects with name and organization"))
    out = []
    for i, item in enumerate(items):
        field = f"{key}[{i}]"
        _expect(item, dict, field, _n("an object with name and organization"))
        unknown = set(item) - {"name", "organization"}
        if unknown:
            raise ValidationError("has unknown fields: {names}", field=field,
                                  names=", ".join(sorted(unknown)))
        name = item.get("name")
        if name is None:
            raise ValidationError("is required", field=f"{field}.name")
        out.append(Participant(
            name=_expect(name, str, f"{field}.name", _n("text")),
            organization=_str_or_none(item, "organization", f"{field}.organization"),
        ))
    return out


def _texts(obj: dict, key: str) -> list[str]:
    items = _expect(obj.get(key, []), list, key, _n("a list of texts"))
    return [_expect(t, str, f"{key}[{i}]", _n("text")) for i, t in enumerate(items)]


def parse_minutes(obj: Any) -> MinutesData:
    """Check an `ogp-minutes/1` object and turn it into MinutesData; nothing is written."""
    _expect(obj, dict, "minutes", _n("a JSON object in the ogp-minutes/1 format (see docs/minutes-format.md)"))
    fmt = obj.get("format")
    if fmt != FORMAT:
        raise ValidationError("must be \"{expected}\" (found {found})", field="format",
                              expected=FORMAT, found=json.dumps(fmt, ensure_ascii=False, default=str)[:60])
    unknown = set(obj) - _TOP_FIELDS
    if unknown:
        raise ValidationError("unknown fields: {names}", field="minutes",
                              names=", ".join(sorted(unknown)))
    if obj.get("title") is None:
        raise ValidationError("is required", field="title")
    if obj.get("date") is None:
        raise ValidationError("is required", field="date")
    date = parse_iso_date(_expect(obj["date"], str, "date", _n("a date YYYY-MM-DD")), "date")

    actions = []
    for i, a in enumerate(_expect(obj.get("action_items", []), list, "action_items", _n("a list"))):
        field = f"action_items[{i}]"
        _expect(a, dict, field, _n("an object with text, owner, due and status"))
        unknown = set(a) - {"text", "owner", "due", "status"}
        if unknown:
            raise ValidationError("has unknown fields: {names}", field=field,
                                  names=", ".join(sorted(unknown)))
        if a.get("text") is None:
            raise ValidationError("is required", field=f"{field}.text")
        due = a.get("due")
        actions.append(ActionItemData(
            text=_expect(a["text"], str, f"{field}.text", _n("text")),
            owner=_str_or_none(a, "owner", f"{field}.owner"),
            due=parse_iso_date(_expect(due, str, f"{field}.due", _n("a date YYYY-MM-DD")),
                               f"{field}.due") if due is not None else None,
            status=parse_choice(a.get("status"), ActionStatus, f"{field}.status",
                                default=ActionStatus.OPEN),
        ))

    def opt_date(key: str):  # noqa: ANN202
        value = obj.get(key)
        return None if value is None else parse_iso_date(
            _expect(value, str, key, _n("a date YYYY-MM-DD")), key)

    def opt_time(key: str):  # noqa: ANN202
        value = obj.get(key)
        return None if value is None else parse_time(_expect(value, str, key, _n("a time HH:MM")), key)

    sequence = obj.get("sequence")
    other = obj.get("other_participants")
    language = obj.get("language", "ar")
    data = MinutesData(
        title=_expect(obj["title"], str, "title", _n("text")),
        date=date,
        language=_expect(language, str, "language", _n("\"ar\" or \"en\"")),
        plan=_str_or_none(obj, "plan", "plan"),
        commitment=_str_or_none(obj, "commitment", "commitment"),
        committee=_str_or_none(obj, "committee", "committee"),
        sequence=_whole(sequence, "sequence", 1, MAX_SEQUENCE),
        start=opt_time("start"),
        end=opt_time("end"),
        mode=parse_choice(obj.get("mode"), MeetingMode, "mode", default=MeetingMode.IN_PERSON),
        location=_str_or_none(obj, "location", "location"),
        objective=_str_or_none(obj, "objective", "objective"),
        attendees=_participants(obj, "attendees"),
        apologies=_participants(obj, "apologies"),
        absent=_participants(obj, "absent"),
        other_participants=_whole(other, "other_participants", 0, MAX_OTHER_PARTICIPANTS),
        discussion=_texts(obj, "discussion"),
        outputs=_texts(obj, "outputs"),
        action_items=actions,
        next_meeting=opt_date("next_meeting"),
        notes=_texts(obj, "notes"),
        uuid=_uuid(obj.get("uuid")),
    )
    validate(data)
    return data


def _uuid(value: Any) -> str | None:
    if value is None:
        return None
    import uuid as uuid_mod

    try:
        return str(uuid_mod.UUID(_expect(value, str, "uuid", _n("a UUID"))))
    except ValueError:
        raise ValidationError("'{value}' is not a UUID", field="uuid", value=str(value)[:60]) from None


class _Duplicates(dict):
    """A JSON object in which a key appeared more than once (found after parsing, so the
    error can say where)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    out = _Duplicates(obj)
    out.duplicates = [k for k, _ in pairs if k in seen or seen.add(k)]
    return out


class _HugeNumber:
    """A number with more digits than any field takes: neither an int nor a text, so the
    field that holds it refuses it by name (Python's int() raises on 4,300 digits)."""

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __str__(self) -> str:
        return self.digits


def _int(text: str) -> int | _HugeNumber:
    return _HugeNumber(text) if len(text.lstrip("-")) > 30 else int(text)


def _no_constant(name: str) -> None:
    raise ValidationError(
        "contains {value}, which is not a number in JSON; write a number or leave the field out",
        field="minutes", value=name)


def _find_duplicates(obj: Any) -> tuple[str, str] | None:
    """(field path, key) of the first object with a repeated key; iterative, so a deep file
    parsed within the recursion limit is walked without another limit."""
    stack: list[tuple[str, Any]] = [("minutes", obj)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Duplicates):
            return path, value.duplicates[0]
        if isinstance(value, dict):
            stack.extend((k if path == "minutes" else f"{path}.{k}", v)
                         for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(value))))
    return None


def loads(text: str, path: str = "") -> Any:
    """JSON as the exchange format takes it: no repeated keys, no NaN/Infinity; too deep
    nesting or too long numbers are refused with a message, not a traceback."""
    try:
        obj = json.loads(text, object_pairs_hook=_object, parse_int=_int,
                         parse_constant=_no_constant)
    except RecursionError:
        raise ValidationError("{path} is nested too deeply to be minutes; check that it is an "
                              "ogp-minutes/1 file", field="file", path=path) from None
    except json.JSONDecodeError as exc:
        raise ValidationError("{path} is not valid JSON (line {line}, column {col}); check the "
                              "file around that place", field="file", path=path,
                              line=exc.lineno, col=exc.colno) from None
    duplicate = _find_duplicates(obj)
    if duplicate is not None:
        where, key = duplicate
        raise ValidationError("the key {key} appears more than once; keep only one of them",
                              field=where, key=key)
    return obj


def read_file(path: Path | str) -> Any:
    """Read a JSON file with errors a person can act on."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ValidationError("{path} is a folder; give the minutes file inside it",
                                  field="file", path=str(path))
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError("{path} is larger than 64 MB", field="file", path=str(path))
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError("{path} can not be read: {error}", field="file", path=str(path),
                              error=os_reason(exc)) from exc
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Windows Notepad) is allowed
    except UnicodeDecodeError:
        raise ValidationError("{path} is not UTF-8 text; save it again as UTF-8", field="file",
                              path=str(path)) from None
    return loads(text, str(path))


def import_minutes(session: Session, obj: Any) -> Meeting:
    """Validate, then write one meeting as a draft (in the caller's transaction)."""
    data = parse_minutes(obj)
    return save_minutes(session, data)


def export_minutes(session: Session, meeting_id: int) -> dict[str, Any]:
    """The meeting as an `ogp-minutes/1` object. Empty optional fields are left out."""
    m = load_meeting(session, meeting_id)

    def people(status: AttendanceStatus) -> list[dict[str, Any]]:
        out = []
        for a in m.attendance:
            if a.status == status:
                entry = {"name": a.person.name}
                if a.organisation is not None:
                    entry["organization"] = a.organisation.name
                out.append(entry)
        return out

    obj: dict[str, Any] = {
        "format": FORMAT,
        "uuid": m.uuid,
        "language": m.language,
        "title": m.title,
        "plan": m.plan.title if m.plan else None,
        "commitment": m.commitment.title if m.commitment else None,
        "committee": m.committee.name if m.committee else None,
        "sequence": m.sequence,
        "date": m.date.isoformat(),
        "start": m.start_time.strftime("%H:%M") if m.start_time else None,
        "end": m.end_time.strftime("%H:%M") if m.end_time else None,
        "mode": m.mode.value,
        "location": m.location,
        "objective": m.objective,
        "attendees": people(AttendanceStatus.PRESENT),
        "apologies": people(AttendanceStatus.APOLOGISED),
        "absent": people(AttendanceStatus.ABSENT),
        "other_participants": m.other_participants,
        "discussion": m.texts(ItemKind.DISCUSSION),
        "outputs": m.texts(ItemKind.OUTPUT),
        "action_items": [
            {k: v for k, v in {
                "text": a.text, "owner": a.owner,
                "due": a.due_date.isoformat() if a.due_date else None,
                "status": a.status.value,
            }.items() if v is not None}
            for a in m.action_items
        ],
        "next_meeting": m.next_meeting.isoformat() if m.next_meeting else None,
        "notes": m.texts(ItemKind.NOTE),
    }
    return {k: v for k, v in obj.items() if v is not None and v != []}


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
