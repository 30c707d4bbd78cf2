"""`ogp-desktop check`: is the file sound, are references whole, are signed minutes as signed?"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ogp_desktop.core.db import SCHEMA_HEAD, Database, current_revision
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.services.meetings import load_meeting
from ogp_desktop.core.services.signing import verify_meeting


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    signed_checked: int = 0
    schema: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(db: Database, progress=None, cancelled=None) -> CheckReport:  # noqa: ANN001
    report = CheckReport(schema=current_revision(db))
    if report.schema != SCHEMA_HEAD:
        report.problems.append(f"schema is {report.schema}, expected {SCHEMA_HEAD}")
    with db.engine.connect() as conn:
        for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").fetchall():
            if line != "ok":
                report.problems.append(f"SQLite integrity: {line}")
        for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
            report.problems.append(
                f"broken reference: table {row[0]} row {row[1]} points to a missing {row[2]}"
            )
    with db.session(write=False) as session:
        demoted = session.execute(
            select(Meeting.id, Meeting.status).where(
                Meeting.status != MinutesStatus.SIGNED,
                (Meeting.snapshot_sha256.is_not(None)) | (Meeting.signed_at.is_not(None))
                | Meeting.signatures.any(),
            )
        ).all()
        for meeting_id, status in demoted:
            report.problems.append(
                f"meeting {meeting_id}: carries signatures or a signed snapshot but its status "
                f"is '{MinutesStatus(status).value}' (changed behind the program's back)"
            )
        ids = list(session.scalars(
            select(Meeting.id).where(Meeting.status == MinutesStatus.SIGNED).order_by(Meeting.id)
        ))
        for n, meeting_id in enumerate(ids, 1):
            if cancelled is not None and cancelled():
                report.problems.append("check cancelled before all signed minutes were verified")
                break
            result = verify_meeting(session, load_meeting(session, meeting_id))
            report.problems.extend(result.problems)
            report.signed_checked += 1
            if progress is not None:
                progress(n, len(ids))
            session.expunge_all()
    return report
