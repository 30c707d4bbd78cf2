"""`ogp-desktop check`: is the file sound, are references whole, are signed minutes as signed?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from ogp_desktop.core.db import SCHEMA_HEAD, Database, current_revision
from ogp_desktop.core.errors import Message, Plain
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.register import chain_problems
from ogp_desktop.core.services.meetings import load_meeting
from ogp_desktop.core.services.signing import verify_meeting


@dataclass
class CheckReport:
    problems: list[Message] = field(default_factory=list)  # str(m) English, m.render(_) translated
    signed_checked: int = 0
    schema: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, progress: Callable[[int, int], object] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> CheckReport:
    """`progress(done, total)` after each signed meeting; `cancelled()` true stops early."""
    report = CheckReport(schema=current_revision(db))
    if report.schema != SCHEMA_HEAD:
        report.problems.append(Message("schema is {schema}, expected {head}",
                                       schema=Plain(str(report.schema)), head=Plain(SCHEMA_HEAD)))
    with db.engine.connect() as conn:
        for line in db.store.integrity_problems(conn):
            if line != "ok":
                report.problems.append(Message("SQLite integrity check: {line}", line=line))
        for row in db.store.broken_references(conn):
            report.problems.append(Message(
                "broken reference: table {table} row {row} points to a missing {parent}",
                table=Plain(row[0]), row=row[1], parent=Plain(row[2])))
    with db.session(write=False) as session:
        demoted = session.execute(
            select(Meeting.id, Meeting.status).where(
                Meeting.status != MinutesStatus.SIGNED,
                (Meeting.snapshot_sha256.is_not(None)) | (Meeting.signed_at.is_not(None))
                | Meeting.signatures.any(),
            )
        ).all()
        for meeting_id, status in demoted:
            report.problems.append(Message(
                "meeting {id}: carries signatures or a signed snapshot but its status "
                "is {status} (changed behind the program's back)",
                id=meeting_id, status=MinutesStatus(status).value))
        ids = list(session.scalars(
            select(Meeting.id).where(Meeting.status == MinutesStatus.SIGNED).order_by(Meeting.id)
        ))
        for n, meeting_id in enumerate(ids, 1):
            if cancelled is not None and cancelled():
                report.problems.append(Message("check cancelled before all signed minutes were verified"))
                break
            result = verify_meeting(session, load_meeting(session, meeting_id))
            report.problems.extend(result.problems)
            report.signed_checked += 1
            if progress is not None:
                progress(n, len(ids))
            session.expunge_all()
        report.problems.extend(chain_problems(session))
    return report
