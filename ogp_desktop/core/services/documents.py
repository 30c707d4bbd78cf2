"""The documents exports print: plain data built from the records, with no PDF or file in
sight (`ogp_desktop.export` writes them, `pdf` lays them out).

Signed minutes are printed from their frozen snapshot (never from rows that could have
changed since), and refused if the snapshot no longer matches its fingerprint, so a
printout of signed minutes is what was signed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ogp_desktop.core.models import Certificate, MinutesStatus, Signature
from ogp_desktop.core.register import register_head
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
        signature_rows=[signature_row(s) for s in meeting.signatures],
        register_head=_head(session),
    )


def signature_row(s: Signature) -> dict[str, Any]:
    """What the printout reads of a stored signature (signed_print.SIGNATURE_ROW)."""
    cert = s.certificate
    issuer = None
    if cert is not None and cert.issuer_sha256:
        session = inspect(s).session
        assert session is not None
        issuer = session.scalar(select(Certificate.subject_name).where(
            Certificate.sha256 == cert.issuer_sha256))
    return {"image": s.image, "kind": s.kind.value, "recorded_by": s.recorded_by,
            "certificate": cert.sha256 if cert is not None else None, "issuer": issuer}


def _head(session: Session) -> tuple[int, str] | None:
    head = register_head(session)
    return (head.seq, head.hash) if head else None


def letterhead(session: Session) -> dict[str, Any]:
    """The letterhead every exported document prints at its top."""
    return settings.get_letterhead(session).as_dict()
