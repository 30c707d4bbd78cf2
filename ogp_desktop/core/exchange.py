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
from ogp_desktop.core.minutes_fields import MINUTES, Field, Rows, data_value, written
from ogp_desktop.core.models import Meeting
from ogp_desktop.core.printed_fields import Kind
from ogp_desktop.core.services.common import parse_choice, parse_iso_date, parse_time
from ogp_desktop.core.services.meetings import (
    ROW_TYPES,
    MinutesData,
    load_meeting,
    save_minutes,
    validate,
)

FORMAT = "ogp-minutes/1"
MAX_FILE_BYTES = 64 * 1024 * 1024

# What ogp-minutes/1 carries: the entries of the declaration marked `exchange`, in order.
_EXCHANGED: tuple[Field | Rows, ...] = tuple(e for e in MINUTES if e.exchange)
_TOP_FIELDS = {"format"} | {e.data_key if isinstance(e, Field) else e.key for e in _EXCHANGED}


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


def _value(obj: dict[str, Any], f: Field, path: str) -> Any:
    """The field `f` of the JSON object `obj`, checked and typed as `MinutesData` holds it."""
    key = f.data_key
    value = obj.get(key)
    if value is None and not (f.kind == Kind.LANGUAGE and key in obj):  # null is no language
        if f.required:
            raise ValidationError("is required", field=path)
        return f.default
    if f.kind in (Kind.TEXT, Kind.MULTILINE, Kind.REFERENCE):
        return _expect(value, str, path, _n("text"))
    if f.kind == Kind.LANGUAGE:
        return _expect(value, str, path, _n("\"ar\" or \"en\""))
    if f.kind == Kind.DATE:
        return parse_iso_date(_expect(value, str, path, _n("a date YYYY-MM-DD")), path)
    if f.kind == Kind.TIME:
        return parse_time(_expect(value, str, path, _n("a time HH:MM")), path)
    if f.kind == Kind.INT:
        return _whole(value, path, f.low, f.high)
    if f.kind == Kind.ENUM:
        assert f.choices is not None, f"{f.key}: an enum field names its choices"
        return parse_choice(value, f.choices, path, default=f.default)
    if f.kind == Kind.UUID:
        return _uuid(value)
    raise AssertionError(f"{f.key}: {f.kind} is not exchanged")


def _rows(obj: dict[str, Any], rows: Rows) -> list[Any]:
    items = _expect(obj.get(rows.key, []), list, rows.key, rows.list_what)
    if rows.flat:
        return [_expect(t, str, f"{rows.key}[{i}]", rows.item_what) for i, t in enumerate(items)]
    fields = [f for f in rows.fields if f.exchange]
    known = {f.data_key for f in fields}
    out = []
    for i, item in enumerate(items):
        path = f"{rows.key}[{i}]"
        _expect(item, dict, path, rows.item_what)
        unknown = set(item) - known
        if unknown:
            raise ValidationError("has unknown fields: {names}", field=path,
                                  names=", ".join(sorted(unknown)))
        out.append(ROW_TYPES[rows.relation](
            **{f.data_key: _value(item, f, f"{path}.{f.data_key}") for f in fields}))
    return out


def parse_minutes(obj: Any) -> MinutesData:
    """Check an `ogp-minutes/1` object and turn it into MinutesData; nothing is written."""
    _expect(obj, dict, "minutes",
            _n("a JSON object in the ogp-minutes/1 format (see docs/minutes-format.md)"))
    fmt = obj.get("format")
    if fmt != FORMAT:
        raise ValidationError("must be \"{expected}\" (found {found})", field="format",
                              expected=FORMAT, found=json.dumps(fmt, ensure_ascii=False, default=str)[:60])
    unknown = set(obj) - _TOP_FIELDS
    if unknown:
        raise ValidationError("unknown fields: {names}", field="minutes",
                              names=", ".join(sorted(unknown)))
    for e in _EXCHANGED:
        if isinstance(e, Field) and e.required and obj.get(e.data_key) is None:
            raise ValidationError("is required", field=e.data_key)
    values: dict[str, Any] = {
        e.data_key if isinstance(e, Field) else e.key:
            _value(obj, e, e.data_key) if isinstance(e, Field) else _rows(obj, e)
        for e in _EXCHANGED
    }
    data = MinutesData(**values)
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


class _Duplicates(dict[str, Any]):
    """A JSON object in which a key appeared more than once (found after parsing, so the
    error can say where)."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    seen: set[str] = set()
    out = _Duplicates(obj)
    out.duplicates = []
    for k, _ in pairs:
        if k in seen:
            out.duplicates.append(k)
        seen.add(k)
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

    def row(rows: Rows, r: Any) -> Any:
        fields = [f for f in rows.fields if f.exchange]
        if rows.flat:
            return written(fields[0], data_value(r, fields[0]))
        entry = {f.data_key: written(f, data_value(r, f)) for f in fields}
        return {k: v for k, v in entry.items() if v is not None}

    obj: dict[str, Any] = {"format": FORMAT}
    for e in _EXCHANGED:
        if isinstance(e, Field):
            obj[e.data_key] = written(e, data_value(m, e))
        else:
            obj[e.key] = [row(e, r) for r in e.rows(m)]
    return {k: v for k, v in obj.items() if v is not None and v != []}


def dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
