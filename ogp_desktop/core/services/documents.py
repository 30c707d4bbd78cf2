"""The documents exports print: plain data built from the records, with no PDF or file in
sight (`ogp_desktop.export` writes them, `pdf` lays them out).

Signed minutes are printed from their frozen snapshot (never from rows that could have
changed since), and refused if the snapshot no longer matches its fingerprint, so a
printout of signed minutes is what was signed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ogp_desktop.core.models import MinutesStatus
from ogp_desktop.core.services import settings
from ogp_desktop.core.services.meetings import load_meeting
from ogp_desktop.core.services.signing import build_snapshot
from ogp_desktop.core.signed_print import printed_minutes, signed_snapshot


def minutes_document(session: Session, meeting_id: int) -> dict[str, Any]:
    """The plain dict `pdf.minutes.render_minutes` prints (see its docstring); assembled by
    `core.signed_print`, as the ORM-free print of signed minutes is."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status == MinutesStatus.SIGNED:
        snap = signed_snapshot(meeting.id, meeting.snapshot, meeting.snapshot_sha256)
    else:
        snap = build_snapshot(meeting)
    return printed_minutes(
        snap, meeting_id=meeting.id, uuid=meeting.uuid, version=meeting.version,
        status=meeting.status.value, sha256=meeting.snapshot_sha256,
        files={a.uuid: a.data for a in meeting.attachments},
        signature_images=[s.image for s in meeting.signatures],
    )


def letterhead(session: Session) -> dict[str, Any]:
    """The letterhead every exported document prints at its top."""
    return settings.get_letterhead(session).as_dict()
