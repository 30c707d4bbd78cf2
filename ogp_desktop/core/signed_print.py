"""The printed document of minutes, from their snapshot: the one assembly both print paths
share, and the one check that a signed snapshot is what was signed.

Signed minutes print from their signed snapshot, so a printout is by construction the
signed record. `services.documents.minutes_document` (the ORM's path, every status) and
`print_signed` (signed minutes read straight from the store, without SQLAlchemy: a
whole-process `export-minutes --format pdf` in a fraction of the time) both call
`printed_minutes`, and both refuse a snapshot that fails `snapshot_matches` — the same
function `signing.verify_meeting` checks a snapshot with. Nothing here imports
SQLAlchemy (tests/cli checks that the fast export never loads it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ogp_desktop.core.enums import AttachmentKind, MinutesStatus
from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.minutes_fields import printed_document

if TYPE_CHECKING:
    from ogp_desktop.core.storage.base import Store

__all__ = ["fingerprint", "print_signed", "printed_minutes", "signed_snapshot", "snapshot_matches"]


def fingerprint(snapshot_text: str) -> str:
    """The SHA-256 a signed snapshot is stored with (hex)."""
    return hashlib.sha256(snapshot_text.encode("utf-8")).hexdigest()


def snapshot_matches(snapshot_text: str | None, sha256: str | None) -> bool:
    """Whether a stored snapshot is what was signed: present, and hashing to its stored
    fingerprint."""
    return bool(snapshot_text) and bool(sha256) and fingerprint(snapshot_text or "") == sha256


def signed_snapshot(meeting_id: int, snapshot_text: str | None, sha256: str | None) -> dict[str, Any]:
    """The signed snapshot, parsed; refused (StorageError, nothing printed) when it no
    longer matches its fingerprint."""
    if not snapshot_matches(snapshot_text, sha256):
        raise StorageError(
            "The signed minutes {id} no longer match their fingerprint; they are not "
            "printed. Run 'ogp-desktop check' and restore a backup.",
            id=meeting_id,
        )
    snap: dict[str, Any] = json.loads(snapshot_text or "")
    return snap


def _local_time(naive_utc_iso: str) -> str:
    """Signature times are stored in UTC; print them in the machine's local time."""
    stamp = dt.datetime.fromisoformat(naive_utc_iso.rstrip("Z")).replace(tzinfo=dt.UTC)
    return stamp.astimezone().isoformat(timespec="minutes")


# What the printout reads of each stored signature row, beyond the snapshot: its image, how
# it was made (core.enums.SignatureKind), the login that recorded it, and for a key
# signature the certificate's SHA-256 and its issuer's name.
SIGNATURE_ROW = ("image", "kind", "recorded_by", "certificate", "issuer")


def printed_minutes(
    snap: dict[str, Any], *, meeting_id: int, uuid: str, version: int, status: str,
    sha256: str | None, files: Mapping[str, bytes], signature_rows: Sequence[Mapping[str, Any]],
    register_head: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """The plain dict `pdf.minutes.render_minutes` prints: what `snap` says, the photos it
    names (their stored bytes, checked against the snapshot's digests), and for signed
    minutes the signatures (stored images checked likewise, and how each was made), the
    fingerprint and the register's head."""
    signature_images = [row["image"] for row in signature_rows]
    signed = status == MinutesStatus.SIGNED.value
    photos = []
    for a in snap["attachments"]:
        if a["kind"] != AttachmentKind.PHOTO.value:
            continue
        data = files.get(a["uuid"])
        if data is None or hashlib.sha256(data).hexdigest() != a["sha256"]:
            raise StorageError(
                "Photo {name} of minutes {id} is missing or altered; run 'ogp-desktop check'.",
                name=a["name"], id=meeting_id,
            )
        photos.append({"name": a["name"], "caption": a["caption"], "data": data})

    if len(snap["signatures"]) != len(signature_images):
        # zip() would print the shorter list and drop a signature without a word
        raise StorageError(
            "The signatures of minutes {id} do not match their signed snapshot (stored: "
            "{rows}, signed: {signed}); they are not printed. Run 'ogp-desktop check'.",
            id=meeting_id, rows=len(signature_images), signed=len(snap["signatures"]),
        )
    signatures = []
    for position, (s_snap, row) in enumerate(zip(snap["signatures"], signature_rows, strict=True), 1):
        image = row["image"]
        if s_snap["image_sha256"] and (
            image is None or hashlib.sha256(image).hexdigest() != s_snap["image_sha256"]
        ):
            raise StorageError("A signature image of minutes {id} was altered.", id=meeting_id)
        signatures.append({"name": s_snap["name"], "role": s_snap["role"],
                           "meaning": s_snap["meaning"],
                           "signed_at": _local_time(s_snap["signed_at"]), "image": image,
                           "kind": row["kind"], "recorded_by": row["recorded_by"],
                           "certificate": row["certificate"], "issuer": row["issuer"],
                           "field": f"{s_snap['meaning']}-{position}"})

    return {
        **printed_document(snap),
        "id": meeting_id,
        "uuid": uuid,
        "version": version,
        "status": status,
        "photos": photos,
        "signatures": signatures if signed else [],
        "fingerprint": sha256 if signed else None,
        "register": {"seq": register_head[0], "hash": register_head[1]}
        if signed and register_head else None,
    }


def print_signed(store: Store, ref: str) -> tuple[dict[str, Any], dict[str, Any], bytes | None] | None:
    """(document, letterhead, the PDF as signed or None) of the signed minutes `ref` names,
    read from the store without the ORM; None when the store can not tell (not signed,
    another schema, not found, a dialect without the reader): then print through
    `services.documents`, which gives the same document or says what is wrong. A snapshot
    that fails its fingerprint is refused here as there."""
    stored = store.signed_minutes(ref)
    if stored is None:
        return None
    snap = signed_snapshot(stored.id, stored.snapshot, stored.snapshot_sha256)
    doc = printed_minutes(snap, meeting_id=stored.id, uuid=stored.uuid, version=stored.version,
                          status=MinutesStatus.SIGNED.value, sha256=stored.snapshot_sha256,
                          files=stored.files, signature_rows=stored.signatures,
                          register_head=stored.register_head)
    return doc, dict(stored.letterhead), stored.signed_pdf
