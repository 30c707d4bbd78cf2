"""The documents exports print: plain data built from the records, with no PDF or file in
sight (`ogp_desktop.export` writes them, `pdf` lays them out).

Signed minutes are printed from their frozen snapshot (never from rows that could have
changed since), and refused if the snapshot no longer matches its fingerprint, so a
printout of signed minutes is what was signed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy.orm import Session

from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.minutes_fields import printed_document
from ogp_desktop.core.models import AttachmentKind, MinutesStatus
from ogp_desktop.core.services import settings
from ogp_desktop.core.services.meetings import load_meeting
from ogp_desktop.core.services.signing import build_snapshot, fingerprint


def _local_time(naive_utc_iso: str) -> str:
    """Signature times are stored in UTC; print them in the machine's local time."""
    stamp = dt.datetime.fromisoformat(naive_utc_iso.rstrip("Z")).replace(tzinfo=dt.UTC)
    return stamp.astimezone().isoformat(timespec="minutes")


def minutes_document(session: Session, meeting_id: int) -> dict[str, Any]:
    """The plain dict `pdf.minutes.render_minutes` prints (see its docstring)."""
    meeting = load_meeting(session, meeting_id)
    signed = meeting.status == MinutesStatus.SIGNED
    if signed:
        if not meeting.snapshot or fingerprint(meeting.snapshot) != meeting.snapshot_sha256:
            raise StorageError(
                "The signed minutes {id} no longer match their fingerprint; they are not "
                "printed. Run 'ogp-desktop check' and restore a backup.",
                id=meeting.id,
            )
        snap = json.loads(meeting.snapshot)
    else:
        snap = build_snapshot(meeting)

    by_uuid = {a.uuid: a for a in meeting.attachments}
    photos = []
    for a in snap["attachments"]:
        if a["kind"] != AttachmentKind.PHOTO.value:
            continue
        row = by_uuid.get(a["uuid"])
        if row is None or hashlib.sha256(row.data).hexdigest() != a["sha256"]:
            raise StorageError(
                "Photo {name} of minutes {id} is missing or altered; run 'ogp-desktop check'.",
                name=a["name"], id=meeting.id,
            )
        photos.append({"name": a["name"], "caption": a["caption"], "data": row.data})

    if len(snap["signatures"]) != len(meeting.signatures):
        # zip() would print the shorter list and drop a signature without a word
        raise StorageError(
            "The signatures of minutes {id} do not match their signed snapshot (stored: "
            "{rows}, signed: {signed}); they are not printed. Run 'ogp-desktop check'.",
            id=meeting.id, rows=len(meeting.signatures), signed=len(snap["signatures"]),
        )
    signatures = []
    for s_snap, s_row in zip(snap["signatures"], meeting.signatures, strict=True):
        image = s_row.image
        if s_snap["image_sha256"] and (
            image is None or hashlib.sha256(image).hexdigest() != s_snap["image_sha256"]
        ):
            raise StorageError("A signature image of minutes {id} was altered.", id=meeting.id)
        signatures.append({"name": s_snap["name"], "role": s_snap["role"],
                           "meaning": s_snap["meaning"],
                           "signed_at": _local_time(s_snap["signed_at"]), "image": image})

    return {
        **printed_document(snap),
        "id": meeting.id,
        "uuid": meeting.uuid,
        "version": meeting.version,
        "status": meeting.status.value,
        "photos": photos,
        "signatures": signatures if signed else [],
        "fingerprint": meeting.snapshot_sha256 if signed else None,
    }


def letterhead(session: Session) -> dict[str, Any]:
    """The letterhead every exported document prints at its top."""
    return settings.get_letterhead(session).as_dict()
