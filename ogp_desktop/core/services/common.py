"""What every service needs: text validation, name keys for matching, the audit log.

The services are the only writers of the database; each writes its audit entry in the same
transaction as the change, so a change without its audit line can not be committed."""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import json
import os
import re
import unicodedata
from typing import Any, Literal, Protocol, TypeVar, overload

from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ogp_desktop.core.errors import ConflictError, Message, NotFoundError, Plain, ValidationError
from ogp_desktop.core.models import Record, Versioned, utcnow

_Choice = TypeVar("_Choice", bound=enum.Enum)
_Record = TypeVar("_Record", bound=Record)

SINGLE_LINE_MAX = 2_000
MULTI_LINE_MAX = 2_000_000  # a 1 MB paragraph is accepted; larger text is refused clearly

FIRST_YEAR, LAST_YEAR = 1900, 2100  # the dates records of this century can hold
# Minutes must stay printable: their PDF takes about 20 ms per 1,000 characters on a
# small office machine, so these limits keep the largest minutes accepted under about
# 5 s (bench/bench_pdf_limits.py; docs/minutes-format.md). The secretariat's longest real
# minutes have about 5,000 characters.
MEETING_FIELD_MAX = 50_000  # one multi-line field: the objective, a point, a note, an action
MEETING_TEXT_MAX = 150_000  # all the text of one meeting, every field counted
CHARS_PER_PAGE = 3_300  # printed minutes' body text, for the "about N pages" of the messages


def pages_of(characters: int) -> int:
    """About how many printed pages that many characters of minutes take."""
    return max(1, round(characters / CHARS_PER_PAGE))


_FORBIDDEN_SINGLE = re.compile(r"[\x00-\x1f\x7f]")
_FORBIDDEN_MULTI = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def login(session: Session) -> str:
    """Who writes, as the audit log and the register record it: on the office's server the
    login of the connection (the server's triggers refuse any other name), else the
    computer's login."""
    if session.get_bind().dialect.name == "postgresql":
        return str(session.connection().exec_driver_sql("SELECT session_user").scalar())
    return os_user()


@event.listens_for(Session, "before_flush")
def _mark_who_saved(session: Session, _context: object, _instances: object) -> None:
    """Every new or changed editable record names the login that saved it last: what the
    other editor is told when their save meets a newer row version."""
    changed = [o for o in session.new if isinstance(o, Versioned)]
    changed += [o for o in session.dirty if isinstance(o, Versioned) and session.is_modified(o)]
    if not changed:
        return
    who = session.info.get("login")
    if who is None:
        who = session.info["login"] = login(session)
    for record in changed:
        record.updated_by = who


# What a refused save calls the record (`{what}`): the demonstrative with the noun, as
# Arabic makes "this" agree with it (هذه الخطة, هذا الالتزام).
RECORD_NAMES = {
    "plan": Message("this plan"), "commitment": Message("this commitment"),
    "phase": Message("this phase"), "step": Message("this step"),
    "committee": Message("this committee"), "committee_member": Message("this membership"),
    "person": Message("this person's details"), "organisation": Message("this organisation"),
}


class _Saved(Protocol):
    """An editable record as the version check reads it (a Record that is Versioned)."""

    row_version: int
    updated_by: str | None
    updated_at: dt.datetime


def check_version(record: _Saved, expected_version: int | None, kind: str, *,
                  deleting: bool = False) -> None:
    """Refuse to save (or delete) over someone else's save: `expected_version` is the row
    version the form opened (None: no check, for imports and scripts). The one check of
    every editable record but minutes (services.meetings has its own words for those)."""
    if expected_version is None or record.row_version == expected_version:
        return
    when = record.updated_at.strftime("%Y-%m-%d %H:%M") + " UTC"
    who = record.updated_by or "?"
    if deleting:
        raise ConflictError(
            "{who} saved {what} at {when}, after you opened it; nothing was deleted. "
            "Reload it to see what they saved.", who=who, what=RECORD_NAMES[kind], when=when)
    raise ConflictError(
        "{who} saved {what} at {when}, after you opened it; nothing was saved. "
        "Reload it to see what they saved, then make your change again.",
        who=who, what=RECORD_NAMES[kind], when=when)


def touch(record: _Saved) -> None:
    """A change of a record's own rows (milestones, partners, key dates) is a change of the
    record: its row is written, so its row version rises and names who saved."""
    record.updated_at = utcnow()
    flag_modified(record, "updated_at")  # written even when it is still the same second


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (a service account, a container without one)
        return os.environ.get("USERNAME") or os.environ.get("USER") or "unknown"


@overload
def check_text(
    value: Any, field: str, *, required: Literal[True], multiline: bool = ..., max_len: int | None = ...
) -> str: ...
@overload
def check_text(
    value: Any, field: str, *, required: bool = ..., multiline: bool = ..., max_len: int | None = ...
) -> str | None: ...
def check_text(
    value: Any,
    field: str,
    *,
    required: bool = False,
    multiline: bool = False,
    max_len: int | None = None,
) -> str | None:
    """Return the text as given (never silently altered) or raise a clear error; text
    that is `required` is never None."""
    if value is None or (isinstance(value, str) and value == "" and not required):
        if required:
            raise ValidationError("is required", field=field)
        return None
    if not isinstance(value, str):
        raise ValidationError("must be text, not {kind}", field=field, kind=type(value).__name__)
    if required and not _visible(value):
        raise ValidationError("is required", field=field)
    limit = max_len or (MULTI_LINE_MAX if multiline else SINGLE_LINE_MAX)
    if len(value) > limit:
        raise ValidationError(
            "is {n} characters long; the limit is {limit}", field=field, n=len(value), limit=limit
        )
    bad = (_FORBIDDEN_MULTI if multiline else _FORBIDDEN_SINGLE).search(value)
    if bad:
        what = (Message("a line break") if bad.group() in "\n\r" else
                Message("the control character U+{code}", code=Plain(f"{ord(bad.group()):04X}")))
        raise ValidationError(
            "contains {what}, which can not be stored or printed; remove it",
            field=field,
            what=what,
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(
            "contains an invalid character (an unpaired surrogate); retype the text",
            field=field,
        ) from exc
    return value


def _visible(text: str) -> bool:
    """Whether text has anything a reader would see (not only spaces or bidi marks)."""
    return any(not ch.isspace() and unicodedata.category(ch) != "Cf" for ch in text)


def name_key(name: str) -> str:
    """How names are matched: NFC, spacing collapsed, case folded, tatweel and bidi marks
    ignored. "مي  عليمات" and "مي عليمات" are the same person."""
    text = unicodedata.normalize("NFC", name)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf" and ch != "\u0640")
    return _SPACES.sub(" ", text).strip().casefold()


def parse_iso_date(value: Any, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValidationError(
            "'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2021-06-14",
            field=field,
            value=str(value)[:40],
        )
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            "{value} is not a real calendar date", field=field, value=value
        ) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            "{value} is outside the years {first}–{last} the records keep; check the year",
            field=field, value=value, first=FIRST_YEAR, last=LAST_YEAR,
        )
    return day


def parse_time(value: Any, field: str) -> dt.time | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.time):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value):
        raise ValidationError(
            "'{value}' is not a time; write it as HH:MM (24-hour), e.g. 09:00",
            field=field,
            value=str(value)[:40],
        )
    hours, minutes = (int(p) for p in value.split(":"))
    if hours > 23 or minutes > 59:
        raise ValidationError("{value} is not a time of day", field=field, value=value)
    return dt.time(hours, minutes)


def parse_choice(
    value: Any, enum_cls: type[_Choice], field: str, *, default: _Choice | None = None
) -> _Choice:
    if value is None or value == "":
        if default is None:
            raise ValidationError("is required", field=field)
        return default
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        raise ValidationError(
            "'{value}' is not one of: {allowed}", field=field, value=str(value)[:40], allowed=allowed
        ) from None


def audit(
    session: Session,
    action: str,
    entity: str,
    *,
    entity_id: int | None = None,
    entity_uuid: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    from ogp_desktop.core.register import append_audit  # it imports the keys' crypto

    append_audit(session, os_user=login(session), action=action, entity=entity, entity_id=entity_id,
                 entity_uuid=entity_uuid,
                 details=json.dumps(details, ensure_ascii=False, default=str) if details else None)


def get_by_id_or_uuid(session: Session, model: type[_Record], ref: int | str, what: str) -> _Record:
    """Find a record by its integer id or its UUID (what a user may type)."""
    obj = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        obj = session.get(model, int(ref))
    elif isinstance(ref, str):
        obj = session.scalar(select(model).where(model.uuid == ref.strip().lower()))
    if obj is None:
        raise NotFoundError("There is no {what} with id {ref}", what=what, ref=ref)
    return obj
