"""Who has a draft open in their editor: "being edited by NAME" (issue 12, item 3).

A lease is a line of `edit_leases` per meeting: the login holding it, their name, when they
took it and when they last renewed it. The editor takes it when it opens a draft it may
write, renews it while it stays open (every RENEW_SECONDS) and gives it back when it closes.
A lease not renewed for LEASE_SECONDS has expired — the program stopped, crashed, lost the
server or the laptop slept — and anyone may take it; nothing has to clean it up.

A lease only informs: it blocks no one (row versions already refuse a save over someone
else's, services.meetings.save_minutes). The same rows work on a SQLite file (two programs
on one machine) and on the office's server. Every function takes `now` (naive UTC, as the
records keep time) so the tests do real time arithmetic without waiting."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import EditLease, Meeting, utcnow
from ogp_desktop.core.services.common import login

LEASE_SECONDS = 90  # unrenewed this long, a lease has expired
RENEW_SECONDS = 30  # how often an open editor renews its lease (three tries per lease)

__all__ = ["LEASE_SECONDS", "RENEW_SECONDS", "Holder", "display_name", "holders", "release",
           "renew", "take"]


@dataclass(frozen=True)
class Holder:
    """Someone else's live lease: who, and since when (naive UTC)."""

    meeting_id: int
    login: str
    name: str
    since: dt.datetime
    renewed_at: dt.datetime


def _holder(lease: EditLease) -> Holder:
    return Holder(lease.meeting_id, lease.holder, lease.holder_name or lease.holder,
                  lease.taken_at, lease.renewed_at)


def _live(lease: EditLease, now: dt.datetime) -> bool:
    return now - lease.renewed_at < dt.timedelta(seconds=LEASE_SECONDS)


def display_name(session: Session, who: str | None = None) -> str:
    """How others see whoever holds a lease: on the server the login's name (the comment
    on its role, core/server/admin.py), on a file the OS account's full name where the
    system keeps one cheaply (POSIX's GECOS field); else the login itself."""
    who = who or login(session)
    name = ""
    if session.get_bind().dialect.name == "postgresql":
        name = session.connection().exec_driver_sql(
            "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = %s",
            (who,)).scalar() or ""
    elif os.name == "posix":
        try:
            import pwd

            name = pwd.getpwnam(who).pw_gecos.split(",")[0]
        except (KeyError, ImportError, OSError):
            name = ""
    return name.strip() or who


def take(session: Session, meeting_id: int, *, now: dt.datetime | None = None) -> Holder | None:
    """Take the lease of a meeting's draft for this login: None when it is ours now (it was
    free, expired, or ours already: then it is renewed), else who holds it, untouched."""
    now = now or utcnow()
    me = login(session)
    lease = session.get(EditLease, meeting_id, populate_existing=True)
    if lease is None:
        if session.get(Meeting, meeting_id) is None:
            raise NotFoundError("There is no {what} with id {ref}", what="meeting",
                                ref=meeting_id)
        session.add(EditLease(meeting_id=meeting_id, holder=me,
                              holder_name=display_name(session, me), taken_at=now,
                              renewed_at=now))
        session.flush()
        return None
    if lease.holder == me and _live(lease, now):
        lease.renewed_at = now  # only this column: a renewal notifies no one (enforcement.py)
        session.flush()
        return None
    if _live(lease, now):
        return _holder(lease)
    lease.holder, lease.holder_name = me, display_name(session, me)
    lease.taken_at = lease.renewed_at = now
    session.flush()
    return None


def renew(session: Session, meeting_id: int, *, now: dt.datetime | None = None) -> Holder | None:
    """What an open editor does every RENEW_SECONDS: keep its lease (or take it again once
    the other person's has gone or expired); who holds it when that is someone else."""
    return take(session, meeting_id, now=now)


def release(session: Session, meeting_id: int) -> bool:
    """Give this login's lease back (the editor closed); someone else's is left alone.
    Whether there was one to give back."""
    result = session.execute(delete(EditLease).where(
        EditLease.meeting_id == meeting_id, EditLease.holder == login(session)))
    return bool(getattr(result, "rowcount", 0))


def holders(session: Session, meeting_ids: Iterable[int], *,
            now: dt.datetime | None = None) -> dict[int, Holder]:
    """The live leases other logins hold on these meetings, by meeting id (for the list of
    minutes); this login's own and expired ones are left out."""
    ids = list(meeting_ids)
    if not ids:
        return {}
    now = now or utcnow()
    me = login(session)
    since = now - dt.timedelta(seconds=LEASE_SECONDS)
    leases = session.scalars(select(EditLease).where(
        EditLease.meeting_id.in_(ids), EditLease.holder != me, EditLease.renewed_at > since))
    return {lease.meeting_id: _holder(lease) for lease in leases}
