"""Meetings and their minutes: writing drafts, listing, attachments, deleting drafts.

Forms and the importer fill a `MinutesData` (plain, typed values) and call `save_minutes`,
which validates everything first and then writes in the caller's transaction. Signed
minutes are refused here and, as a second line, by `core.guards` at flush time."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ogp_desktop.core.errors import (
    ConflictError,
    ImmutableRecordError,
    LifecycleError,
    Plain,
    ValidationError,
)
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.minutes_fields import (
    ACTION_ITEMS,
    LANGUAGES,
    MEETING_FIELDS,
    ROWS,
    Field,
    data_value,
)
from ogp_desktop.core.models import (
    ActionItem,
    ActionStatus,
    Attachment,
    AttachmentKind,
    Attendance,
    AttendanceStatus,
    Committee,
    ItemKind,
    Meeting,
    MeetingMode,
    MinuteItem,
    MinutesStatus,
    Plan,
)
from ogp_desktop.core.printed_fields import Kind
from ogp_desktop.core.services import committees as committees_svc
from ogp_desktop.core.services import directory
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services.common import (
    MEETING_FIELD_MAX,
    MEETING_TEXT_MAX,
    audit,
    check_text,
    get_by_id_or_uuid,
    login,
    name_key,
    pages_of,
)

MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
MAX_MEETING_ATTACHMENT_BYTES = 200 * 1024 * 1024
MAX_ITEMS = 10_000


@dataclass
class Participant:
    name: str
    organization: str | None = None


@dataclass
class ActionItemData:
    text: str
    owner: str | None = None
    due: dt.date | None = None
    status: ActionStatus = ActionStatus.OPEN


@dataclass
class MinutesData:
    """Everything a person writes in minutes, as plain typed values."""

    title: str
    date: dt.date
    language: str = "ar"
    plan: str | None = None
    commitment: str | None = None
    committee: str | None = None
    sequence: int | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    mode: MeetingMode = MeetingMode.IN_PERSON
    location: str | None = None
    objective: str | None = None
    attendees: list[Participant] = field(default_factory=list)
    apologies: list[Participant] = field(default_factory=list)
    absent: list[Participant] = field(default_factory=list)
    other_participants: int | None = None
    discussion: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    action_items: list[ActionItemData] = field(default_factory=list)
    next_meeting: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    uuid: str | None = None


_TEXT_KINDS = (Kind.TEXT, Kind.MULTILINE, Kind.REFERENCE)


def _typed_texts(data: MinutesData) -> Iterator[tuple[str, Any, Field]]:
    """(field path, value, declared field) of every text typed into the minutes (as
    `core.minutes_fields` declares them), named as `validate` names them."""
    for f in MEETING_FIELDS:
        if f.editable and f.kind in _TEXT_KINDS:
            yield f.data_key, getattr(data, f.data_key), f
    for rows in ROWS:
        if not rows.editable:
            continue
        fields = [f for f in rows.fields if f.editable and f.kind in _TEXT_KINDS]
        for i, row in enumerate(getattr(data, rows.key) or []):
            if rows.flat:
                yield f"{rows.key}[{i}]", row, fields[0]
                continue
            for f in fields:
                yield f"{rows.key}[{i}].{f.data_key}", getattr(row, f.data_key, None), f


# The editable rows of MinutesData, by the meeting's relation they are stored in.
ROW_TYPES: dict[str, type] = {"attendance": Participant, "action_items": ActionItemData}
# Editable fields `save_minutes` writes itself: references are found or created in the
# directory, a committee's meeting is numbered when no number is given.
_SAVED_BY_HAND = {"sequence"}


def _printed_texts(data: MinutesData) -> Iterator[tuple[str, Any]]:
    """(field, value) of every text the minutes print, named as `validate` names them."""
    for name, value, _ in _typed_texts(data):
        yield name, value


def check_size(data: MinutesData) -> None:
    """Refuse minutes too long to print in a few seconds: one field over MEETING_FIELD_MAX
    characters, or all fields together over MEETING_TEXT_MAX (named at the longest field,
    the one to shorten or move into an attached file)."""
    total = 0
    longest: tuple[int, str | None] = (0, None)
    for name, value in _printed_texts(data):
        if not isinstance(value, str):
            continue
        n = len(value)
        if n > MEETING_FIELD_MAX:
            raise ValidationError(
                "is too long: {n} characters; the most one field of the minutes can hold is "
                "{limit} characters (about {pages} pages) — split it into several points or "
                "attach the text as a file",
                field=name, n=Plain(f"{n:,}"), limit=Plain(f"{MEETING_FIELD_MAX:,}"),
                pages=pages_of(MEETING_FIELD_MAX),
            )
        total += n
        longest = max(longest, (n, name), key=lambda x: x[0])
    if total > MEETING_TEXT_MAX:
        raise ValidationError(
            "the minutes are too long: {n} characters; the most a meeting can hold is "
            "{limit} characters (about {pages} pages) — split them into several meetings or "
            "attach the text as a file",
            field=longest[1], n=Plain(f"{total:,}"), limit=Plain(f"{MEETING_TEXT_MAX:,}"),
            pages=pages_of(MEETING_TEXT_MAX),
        )


def validate(data: MinutesData) -> None:
    """Check every field; the first problem raises, naming the field."""
    check_size(data)
    for name, value, f in _typed_texts(data):
        if "[" not in name:
            check_text(value, name, required=f.required, multiline=f.kind == Kind.MULTILINE)
    if not isinstance(data.date, dt.date):
        raise ValidationError("is required", field="date")
    if data.language not in LANGUAGES:
        raise ValidationError("'{value}' is not one of: ar, en", field="language", value=data.language)
    if data.commitment and not data.plan:
        raise ValidationError("a commitment needs its plan", field="commitment")
    if data.sequence is not None and (not isinstance(data.sequence, int) or data.sequence < 1):
        raise ValidationError("must be a whole number from 1", field="sequence")
    if data.start and data.end and data.end < data.start:
        raise ValidationError(
            "the meeting ends ({end}) before it starts ({start})",
            field="end", end=data.end.strftime("%H:%M"), start=data.start.strftime("%H:%M"),
        )
    if data.next_meeting and data.next_meeting < data.date:
        raise ValidationError("the next meeting is before this one", field="next_meeting")
    if data.other_participants is not None and (
        not isinstance(data.other_participants, int) or not 0 <= data.other_participants <= 1_000_000
    ):
        raise ValidationError("must be a whole number from 0", field="other_participants")
    seen: set[str] = set()
    for group in ("attendees", "apologies", "absent"):
        people = getattr(data, group)
        if len(people) > MAX_ITEMS:
            raise ValidationError("has more than {n} entries", field=group, n=MAX_ITEMS)
        for i, p in enumerate(people):
            _check_row_texts(data, group, i)
            key = name_key(p.name)
            if key in seen:
                raise ValidationError(
                    "{name} is listed twice among attendees, apologies and absentees",
                    field=f"{group}[{i}].name", name=p.name,
                )
            seen.add(key)
    for group in ("discussion", "outputs", "notes"):
        texts = getattr(data, group)
        if len(texts) > MAX_ITEMS:
            raise ValidationError("has more than {n} entries", field=group, n=MAX_ITEMS)
        for i, _t in enumerate(texts):
            _check_row_texts(data, group, i)
    for i, a in enumerate(data.action_items):
        _check_row_texts(data, "action_items", i)
        if not isinstance(a.status, ActionStatus):
            raise ValidationError("is not a status", field=f"action_items[{i}].status")


def _check_row_texts(data: MinutesData, key: str, index: int) -> None:
    """The declared texts of row `index` of the list `key` (name, organisation; text, owner)."""
    rows = next(r for r in ROWS if r.key == key)
    row = getattr(data, key)[index]
    for f in rows.fields:
        if f.editable and f.kind in _TEXT_KINDS:
            path = f"{key}[{index}]" if rows.flat else f"{key}[{index}].{f.data_key}"
            value = row if rows.flat else getattr(row, f.data_key)
            check_text(value, path, required=f.required, multiline=f.kind == Kind.MULTILINE)


def get_meeting(session: Session, ref: int | str) -> Meeting:
    return get_by_id_or_uuid(session, Meeting, ref, "meeting")


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    """One meeting with everything the editor or an export shows, in a few queries."""
    meeting = session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            selectinload(Meeting.items),
            selectinload(Meeting.action_items),
            selectinload(Meeting.attendance).selectinload(Attendance.person),
            selectinload(Meeting.attendance).selectinload(Attendance.organisation),
            selectinload(Meeting.signatures),
            selectinload(Meeting.attachments),
        )
    )
    if meeting is None:
        meeting = get_meeting(session, meeting_id)  # raises the NotFoundError
    return meeting


def _ensure_editable(meeting: Meeting) -> None:
    if meeting.status == MinutesStatus.SIGNED or meeting.snapshot_sha256 is not None:
        raise ImmutableRecordError(
            "Minutes {id} are signed (version {version}) and can not be changed; "
            "make an amendment instead.",
            id=meeting.id, version=meeting.version,
        )
    if meeting.status == MinutesStatus.APPROVED:
        raise LifecycleError(
            "Minutes {id} are approved and locked; reopen them as a draft before editing.",
            id=meeting.id,
        )


def _resolve_plan(session: Session, title: str | None, day: dt.date) -> Plan | None:
    if not title:
        return None
    plan = plans_svc.find_plan_by_title(session, title)
    if plan is None:
        next_ordinal = (session.scalar(select(func.max(Plan.ordinal))) or 0) + 1
        plan = plans_svc.create_plan(
            session, ordinal=next_ordinal, title=title, first_year=day.year, last_year=day.year
        )
    return plan


_Row = TypeVar("_Row")
_Wanted = TypeVar("_Wanted")


def _sync(existing: list[_Row], wanted: Sequence[_Wanted], make: Callable[[], _Row],
          update: Callable[[_Row, int, _Wanted], None], session: Session) -> list[_Row]:
    """Reuse rows by position so ids stay stable across saves; drop the extra ones."""
    result = []
    for pos, value in enumerate(wanted, 1):
        row = existing[pos - 1] if pos - 1 < len(existing) else make()
        update(row, pos, value)
        result.append(row)
    for row in existing[len(wanted):]:
        session.delete(row)
    return result


def save_minutes(session: Session, data: MinutesData, meeting_id: int | None = None, *,
                 expected_version: int | None = None) -> Meeting:
    """Create (meeting_id None) or update a draft from `data`; returns the meeting.

    `expected_version`: the row version the editor opened; when someone else saved the
    draft since, ConflictError says who and when, and nothing is saved (None: no check,
    for an import or a script)."""
    validate(data)
    if meeting_id is not None:
        meeting = load_meeting(session, meeting_id)
        _ensure_editable(meeting)
        if expected_version is not None and meeting.row_version != expected_version:
            raise ConflictError(
                "{who} saved these minutes at {when}, after you opened them; nothing was saved. "
                "Reload them to see their text, or keep yours and save again to replace it.",
                who=meeting.updated_by or "?",
                when=meeting.updated_at.strftime("%Y-%m-%d %H:%M") + " UTC")  # isolated: reads LTR
        before = _summary(meeting)
    else:
        if data.uuid and session.scalar(select(Meeting.id).where(Meeting.uuid == data.uuid)):
            existing = session.scalar(select(Meeting.id).where(Meeting.uuid == data.uuid))
            raise ValidationError(
                "these minutes are in the database already (meeting {id})", field="uuid", id=existing
            )
        meeting = Meeting(status=MinutesStatus.DRAFT, version=1)
        if data.uuid:
            meeting.uuid = data.uuid
        before = None

    try:
        plan = _resolve_plan(session, data.plan, data.date)
    except ValidationError as exc:
        raise ValidationError(
            "a new plan can not be created for it: {reason}", field="plan", reason=exc.render()
        ) from exc
    commitment = None
    if data.commitment:
        assert plan is not None  # validate(): a commitment needs its plan
        commitment = plans_svc.find_commitment(session, plan, data.commitment)
        if commitment is None:
            number = max((c.number for c in plan.commitments), default=0) + 1
            commitment = plans_svc.add_commitment(session, plan, number=number, title=data.commitment)
    committee: Committee | None = None
    if data.committee:
        committee = committees_svc.committee_by_name(session, data.committee, plan=plan)

    for f in MEETING_FIELDS:
        if f.editable and f.kind not in (Kind.REFERENCE, Kind.UUID) and f.key not in _SAVED_BY_HAND:
            setattr(meeting, f.attribute, getattr(data, f.data_key))
    meeting.plan = plan
    meeting.commitment = commitment
    if committee is not None and data.sequence is None and (
        meeting.committee_id != committee.id or meeting.sequence is None
    ):
        meeting.sequence = next_sequence(session, committee, exclude=meeting.id)
    else:
        meeting.sequence = data.sequence
    meeting.committee = committee
    meeting.updated_by = login(session)
    session.add(meeting)  # only now: the references above may flush the session

    wanted_items = (
        [(ItemKind.DISCUSSION, t) for t in data.discussion]
        + [(ItemKind.OUTPUT, t) for t in data.outputs]
        + [(ItemKind.NOTE, t) for t in data.notes]
    )

    def set_item(row: MinuteItem, pos: int, value: tuple[ItemKind, str]) -> None:
        row.kind, row.text = value
        row.position = pos

    meeting.items = _sync(list(meeting.items), wanted_items, MinuteItem, set_item, session)

    wanted_people = (
        [(AttendanceStatus.PRESENT, p) for p in data.attendees]
        + [(AttendanceStatus.APOLOGISED, p) for p in data.apologies]
        + [(AttendanceStatus.ABSENT, p) for p in data.absent]
    )

    def set_attendance(row: Attendance, pos: int, value: tuple[AttendanceStatus, Participant]) -> None:
        status, p = value
        org = directory.organisation(session, p.organization) if p.organization else None
        row.person = directory.person(session, p.name, org=org)
        row.organisation = org
        row.status = status
        row.position = pos

    meeting.attendance = _sync(
        list(meeting.attendance), wanted_people, Attendance, set_attendance, session
    )

    def set_action(row: ActionItem, pos: int, a: ActionItemData) -> None:
        row.position = pos
        for f in ACTION_ITEMS.fields:
            if f.editable and f.kind != Kind.REFERENCE:
                setattr(row, f.attribute, getattr(a, f.data_key))
        owner = directory.find_people(session, a.owner) if a.owner else []
        row.owner_person = owner[0] if owner else None

    meeting.action_items = _sync(
        list(meeting.action_items), data.action_items, ActionItem, set_action, session
    )

    session.flush()
    after = _summary(meeting)
    if before is None:
        audit(session, "create", "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid,
              details={"title": meeting.title})
    else:
        changed = sorted(k for k in after if after[k] != before.get(k))
        if changed:
            audit(session, "update", "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid,
                  details={"changed": changed})
    return meeting


def _summary(meeting: Meeting) -> dict[str, Any]:
    """A comparable picture of a meeting, to write which fields a save changed."""
    return {
        **{f.key: getattr(meeting, f.columns[0]) for f in MEETING_FIELDS
           if f.editable and f.kind != Kind.UUID},
        "items": [(i.kind, i.text) for i in meeting.items],
        "action_items": [(a.text, a.owner, a.due_date, a.status) for a in meeting.action_items],
        "attendance": [(a.person_id, a.organisation_id, a.status) for a in meeting.attendance],
    }


def next_sequence(session: Session, committee: Committee, *, exclude: int | None = None) -> int:
    query = select(func.max(Meeting.sequence)).where(
        Meeting.committee_id == committee.id, Meeting.amends_id.is_(None)
    )
    if exclude is not None:
        query = query.where(Meeting.id != exclude)
    return (session.scalar(query) or 0) + 1


def minutes_data(meeting: Meeting) -> MinutesData:
    """The editable picture of stored minutes (what `save_minutes` takes back): every field
    `core.minutes_fields` declares editable."""
    values: dict[str, Any] = {f.data_key: data_value(meeting, f) for f in MEETING_FIELDS if f.editable}
    for rows in ROWS:
        if not rows.editable:
            continue
        fields = [f for f in rows.fields if f.editable]
        if rows.flat:
            values[rows.key] = [data_value(r, fields[0]) for r in rows.rows(meeting)]
        else:
            row_type = ROW_TYPES[rows.relation]
            values[rows.key] = [row_type(**{f.data_key: data_value(r, f) for f in fields})
                                for r in rows.rows(meeting)]
    return MinutesData(**values)


def add_attachment(
    session: Session,
    meeting_id: int,
    *,
    name: str,
    data: bytes,
    caption: str | None = None,
    kind: AttachmentKind | str = AttachmentKind.PHOTO,
    media_type: str | None = None,
) -> Attachment:
    """Keep a photo or file inside the database (so one file holds every record)."""
    meeting = load_meeting(session, meeting_id)
    _ensure_editable(meeting)
    check_text(name, "name", required=True)
    check_text(caption, "caption", multiline=True)
    kind = AttachmentKind(kind)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            "{name} is {mb:.1f} MB; a file may be at most {limit} MB (scale the photo down "
            "or keep the file elsewhere and note where)",
            field="attachments", name=name, mb=len(data) / 1e6, limit=MAX_ATTACHMENT_BYTES // 2**20,
        )
    total = sum(a.size for a in meeting.attachments) + len(data)
    if total > MAX_MEETING_ATTACHMENT_BYTES:
        raise ValidationError(
            "the meeting's files would reach {mb:.0f} MB; the limit per meeting is {limit} MB",
            field="attachments", mb=total / 1e6, limit=MAX_MEETING_ATTACHMENT_BYTES // 2**20,
        )
    if kind == AttachmentKind.PHOTO:
        media_type = media_type or sniff_image(data)
        if media_type not in ("image/png", "image/jpeg"):
            raise ValidationError(
                "{name} is not a PNG or JPEG photo", field="attachments", name=name
            )
    att = Attachment(
        meeting=meeting,
        kind=kind,
        position=len(meeting.attachments) + 1,
        name=name,
        caption=caption,
        media_type=media_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    session.add(att)
    session.flush()
    audit(session, "create", "attachment", entity_id=att.id, entity_uuid=att.uuid,
          details={"meeting": meeting.id, "name": name, "size": len(data)})
    return att


def remove_attachment(session: Session, attachment_id: int) -> None:
    att = get_by_id_or_uuid(session, Attachment, attachment_id, "attachment")
    _ensure_editable(att.meeting)
    audit(session, "delete", "attachment", entity_id=att.id, entity_uuid=att.uuid,
          details={"meeting": att.meeting_id, "name": att.name})
    session.delete(att)
    session.flush()


def sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def require_status(meeting: Meeting, status: MinutesStatus, msgid: str) -> None:
    """Refuse (LifecycleError `msgid`, given {id} and {status}) unless the minutes are
    `status`; mark `msgid` with N_ where it is written."""
    if meeting.status != status:
        raise LifecycleError(msgid, id=meeting.id, status=meeting.status.value)


def delete_draft(session: Session, meeting_id: int) -> None:
    """Drafts can be thrown away; approved and signed minutes can not."""
    meeting = get_meeting(session, meeting_id)
    require_status(meeting, MinutesStatus.DRAFT,
                   N_("Minutes {id} are {status}; only drafts can be deleted."))
    audit(session, "delete", "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid,
          details={"title": meeting.title})
    from ogp_desktop.core.register import append_register  # it imports the keys' crypto

    append_register(session, "delete", "meeting", meeting.uuid,
                    {"title": meeting.title, "version": meeting.version}, os_user=login(session))
    session.delete(meeting)
    session.flush()


@dataclass
class MeetingRow:
    """One line of a meetings list: only what a table shows."""

    id: int
    uuid: str
    title: str
    date: dt.date
    committee: str | None
    plan: str | None
    status: str
    version: int


def list_meetings(
    session: Session,
    *,
    plan_id: int | None = None,
    committee_id: int | None = None,
    status: MinutesStatus | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    words: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[MeetingRow]:
    """Newest first; one query with joins, sized for the ten-year database."""
    query = (
        select(
            Meeting.id, Meeting.uuid, Meeting.title, Meeting.date, Committee.name, Plan.title,
            Meeting.status, Meeting.version,
        )
        .outerjoin(Committee, Meeting.committee_id == Committee.id)
        .outerjoin(Plan, Meeting.plan_id == Plan.id)
        .order_by(Meeting.date.desc(), Meeting.id.desc())
    )
    if plan_id is not None:
        query = query.where(Meeting.plan_id == plan_id)
    if committee_id is not None:
        query = query.where(Meeting.committee_id == committee_id)
    if status is not None:
        query = query.where(Meeting.status == status)
    if since is not None:
        query = query.where(Meeting.date >= since)
    if until is not None:
        query = query.where(Meeting.date <= until)
    if words:
        for word in words.split():
            query = query.where(Meeting.title.contains(word, autoescape=True))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [
        MeetingRow(r[0], r[1], r[2], r[3], r[4], r[5], MinutesStatus(r[6]).value, r[7])
        for r in session.execute(query)
    ]
