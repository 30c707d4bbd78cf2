"""A second line of defence for signed minutes, at flush time.

Services refuse to edit signed minutes with a clear message; this guard makes sure no ORM
path (a future service, a script using the models) can change or delete a signed meeting or
anything that belongs to it: unit-of-work changes are checked one by one, and bulk
UPDATE/DELETE statements on the minutes' tables are refused outright (no service uses them).
SQL run outside the program is caught by `ogp-desktop check`. The one thing allowed to move
after signing is an action item's follow-up status, which the signature does not cover."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from ogp_desktop.core.errors import ImmutableRecordError
from ogp_desktop.core.models import (
    ActionItem,
    Attachment,
    Attendance,
    Meeting,
    MinuteItem,
    MinutesStatus,
    Signature,
)

_CHILDREN = (MinuteItem, ActionItem, Attendance, Attachment, Signature)
_PROTECTED_TABLES = {m.__table__ for m in (Meeting, *_CHILDREN)}
_FOLLOW_UP = {"status", "updated_at"}


def _committed_status(meeting: Meeting) -> MinutesStatus | None:
    state = inspect(meeting)
    if state.transient or state.pending:
        return None
    hist = state.attrs.status.history
    if hist.deleted:
        previous: MinutesStatus = hist.deleted[0]
        return previous
    return meeting.status


def _changed_attrs(obj: object) -> set[str]:
    state = inspect(obj)
    return {a.key for a in state.attrs if a.history.has_changes()}


def _refuse(meeting: Meeting) -> None:
    raise ImmutableRecordError(
        "Minutes {id} are signed (version {version}) and can not be changed; "
        "make an amendment instead.",
        id=meeting.id, version=meeting.version,
    )


@event.listens_for(Session, "before_flush")
def _protect_signed_minutes(
    session: Session, _ctx: UOWTransaction, _instances: Sequence[object] | None
) -> None:
    for obj in list(session.dirty) + list(session.deleted) + list(session.new):
        if isinstance(obj, Meeting):
            if obj in session.new:
                continue
            if _committed_status(obj) == MinutesStatus.SIGNED and (
                obj in session.deleted or session.is_modified(obj)
            ):
                _refuse(obj)
        elif isinstance(obj, _CHILDREN):
            meeting = obj.meeting if obj.meeting is not None else (
                session.get(Meeting, obj.meeting_id) if obj.meeting_id else None
            )
            if meeting is None or inspect(meeting).pending:
                continue
            if _committed_status(meeting) != MinutesStatus.SIGNED:
                continue
            if obj in session.dirty and not session.is_modified(obj):
                continue
            if (
                isinstance(obj, ActionItem)
                and obj in session.dirty
                and _changed_attrs(obj) <= _FOLLOW_UP
            ):
                continue
            _refuse(meeting)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes_to_minutes(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if table in _PROTECTED_TABLES:
        raise ImmutableRecordError(
            "Bulk changes to minutes are not allowed; change them through the services."
        )
