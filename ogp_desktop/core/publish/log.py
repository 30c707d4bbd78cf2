"""The publication log: each publication of the public website is a line in the records
(the `publications` table, append-only on the office's server), so the compliance checks
can show that the repository is updated at least twice a year and the home screen when it
was last published. Written in a unit of work of its own after the site is written: the
site is files on a disk, which no transaction can take back."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import DomainError
from ogp_desktop.core.models import Publication, utcnow
from ogp_desktop.core.publish.site import PublishResult
from ogp_desktop.core.services.common import login

if TYPE_CHECKING:
    from ogp_desktop.core.db import Database


def record(session: Session, result: PublishResult, when: dt.datetime | None = None) -> Publication:
    """Log a publication that ended (a cancelled one is not a publication)."""
    line = Publication(published_at=when or utcnow(), os_user=login(session), pages=result.pages,
                       minutes=result.minutes, written=len(result.written))
    session.add(line)
    session.flush()
    return line


def published_at(session: Session) -> list[dt.datetime]:
    """When the website was published, oldest first."""
    return list(session.scalars(select(Publication.published_at).order_by(
        Publication.published_at)))


def record_in(db: Database, result: PublishResult) -> DomainError | None:
    """Log `result` in its own unit of work; the refusal (a login that may not write to
    the office's server) is returned, not raised: the site is published all the same."""
    if result.cancelled:
        return None
    try:
        with db.session() as session:
            record(session, result)
    except DomainError as exc:
        return exc
    return None
