"""The minutes lifecycle: draft → approved → signed, and amendments.

Signing freezes a canonical snapshot of the minutes (canonical JSON: sorted keys, UTF-8,
no spaces) and stores its SHA-256. What a signed PDF prints comes from that snapshot, so the
printout is exactly what was signed. `verify_meeting` detects any change made behind the
program's back: the stored snapshot must hash to the stored fingerprint, and the rows of the
meeting must still say what the snapshot says."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core import minutes_fields
from ogp_desktop.core.errors import Field, LifecycleError, Message, ValidationError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import (
    Meeting,
    MinutesStatus,
    Signature,
    SignatureMeaning,
    utcnow,
)
from ogp_desktop.core.services.common import audit, check_text, parse_choice
from ogp_desktop.core.services.meetings import load_meeting, require_status, sniff_image
from ogp_desktop.core.signed_print import fingerprint, snapshot_matches

__all__ = ["SNAPSHOT_FORMAT", "Signatory", "Verification", "amend", "approve", "build_snapshot",
           "canonical_json", "fingerprint", "reopen", "sign", "verify_meeting"]

SNAPSHOT_FORMAT = "ogp-minutes-snapshot/1"
MAX_SIGNATURE_IMAGE = 2 * 1024 * 1024


@dataclass
class Signatory:
    name: str
    role: str
    meaning: SignatureMeaning = SignatureMeaning.APPROVED
    image: bytes | None = None


def canonical_json(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def build_snapshot(meeting: Meeting) -> dict[str, Any]:
    """Everything the signed minutes say, with names as they were at signing: every field
    that `core.minutes_fields` declares signed."""
    return {"format": SNAPSHOT_FORMAT, **minutes_fields.snapshot_entries(meeting)}


def _comparable(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with directory names dropped (uuids kept): renaming a person or a
    committee in the directory later is not a change to the signed minutes."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"uuid", "name"}:
                return value["uuid"]
            return {k: strip(v) for k, v in value.items()}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return {key: strip(value) for key, value in snapshot.items()}


def _move(session: Session, meeting_id: int, source: MinutesStatus, target: MinutesStatus,
          action: str, refusal: str) -> Meeting:
    """Minutes that are `source` become `target` (audited as `action`); others are refused
    with the LifecycleError `refusal`."""
    meeting = load_meeting(session, meeting_id)
    require_status(meeting, source, refusal)
    meeting.status = target
    audit(session, action, "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid)
    session.flush()
    return meeting


def approve(session: Session, meeting_id: int) -> Meeting:
    return _move(session, meeting_id, MinutesStatus.DRAFT, MinutesStatus.APPROVED, "approve",
                 N_("Minutes {id} are {status}; only a draft can be approved."))


def reopen(session: Session, meeting_id: int) -> Meeting:
    """Approved minutes back to draft, for a correction before anyone signs."""
    return _move(session, meeting_id, MinutesStatus.APPROVED, MinutesStatus.DRAFT, "reopen",
                 N_("Minutes {id} are {status}; only approved minutes can be reopened."))


def sign(
    session: Session, meeting_id: int, signatories: list[Signatory], *, at: dt.datetime | None = None
) -> Meeting:
    """Record the signatures, freeze the snapshot and its fingerprint."""
    meeting = load_meeting(session, meeting_id)
    if meeting.status == MinutesStatus.DRAFT:
        raise LifecycleError(
            "Minutes {id} are a draft; only approved minutes can be signed. Approve them first.",
            id=meeting.id,
        )
    if meeting.status != MinutesStatus.APPROVED:
        raise LifecycleError(
            "Minutes {id} are {status}; only approved minutes can be signed.",
            id=meeting.id, status=meeting.status.value,
        )
    if not signatories:
        raise ValidationError("at least one signatory is needed", field="signatories")
    when = (at.astimezone(dt.UTC).replace(tzinfo=None) if at and at.tzinfo else at) or utcnow()
    checked = []
    for i, s in enumerate(signatories):
        check_text(s.name, f"signatories[{i}].name", required=True)
        check_text(s.role, f"signatories[{i}].role", required=True)
        meaning = parse_choice(s.meaning, SignatureMeaning, f"signatories[{i}].meaning")
        if s.image is not None:
            if len(s.image) > MAX_SIGNATURE_IMAGE:
                raise ValidationError("the signature image is larger than 2 MB",
                                      field=f"signatories[{i}].image")
            if sniff_image(s.image) is None:
                raise ValidationError("the signature image is not a PNG or JPEG",
                                      field=f"signatories[{i}].image")
        checked.append((s, meaning))
    for i, (s, meaning) in enumerate(checked):  # only once every signatory is valid
        meeting.signatures.append(
            Signature(position=i + 1, signer_name=s.name, role=s.role, meaning=meaning,
                      signed_at=when, image=s.image)
        )
    session.flush()
    snapshot_text = canonical_json(build_snapshot(meeting)).decode("utf-8")
    meeting.snapshot = snapshot_text
    meeting.snapshot_sha256 = fingerprint(snapshot_text)
    meeting.signed_at = when
    meeting.status = MinutesStatus.SIGNED
    audit(session, "sign", "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid,
          details={"version": meeting.version, "sha256": meeting.snapshot_sha256,
                   "signatories": [s.name for s in signatories]})
    session.flush()
    return meeting


def amend(session: Session, meeting_id: int) -> Meeting:
    """A correction of signed minutes: a new draft version pointing at the signed one."""
    meeting = load_meeting(session, meeting_id)
    require_status(
        meeting, MinutesStatus.SIGNED,
        N_("Minutes {id} are {status}; only signed minutes are amended (edit the draft instead)."))
    newer = session.scalar(select(Meeting.id).where(Meeting.amends_id == meeting.id))
    if newer is not None:
        raise LifecycleError(
            "Version {version} of these minutes is already amended by meeting {id}; amend that one.",
            version=meeting.version, id=newer,
        )
    copy = minutes_fields.copy_for_amendment(meeting)
    copy.status = MinutesStatus.DRAFT
    copy.version = meeting.version + 1
    copy.amends = meeting
    session.add(copy)
    session.flush()
    audit(session, "amend", "meeting", entity_id=copy.id, entity_uuid=copy.uuid,
          details={"amends": meeting.id, "version": copy.version})
    return copy


@dataclass
class Verification:
    meeting_id: int
    ok: bool
    problems: list[Message]  # findings: a msgid with its values, rendered by the edge
    version: int
    fingerprint: str | None


def verify_meeting(session: Session, meeting: Meeting) -> Verification:
    """Recompute what a signed meeting says and compare it with what was signed."""
    problems: list[Message] = []
    if meeting.status != MinutesStatus.SIGNED:
        return Verification(meeting.id, False, [Message("meeting {id} is not signed", id=meeting.id)],
                            meeting.version, None)
    if not meeting.snapshot or not meeting.snapshot_sha256:
        problems.append(Message("meeting {id}: signed but its snapshot is missing", id=meeting.id))
        return Verification(meeting.id, False, problems, meeting.version, None)
    if not snapshot_matches(meeting.snapshot, meeting.snapshot_sha256):
        problems.append(Message(
            "meeting {id}: the stored snapshot does not match its fingerprint "
            "(the snapshot or fingerprint was altered)", id=meeting.id))
    try:
        stored = json.loads(meeting.snapshot)
    except ValueError:
        stored = None
    if not isinstance(stored, dict):  # valid JSON but no object (altered) is unreadable too
        problems.append(Message("meeting {id}: the stored snapshot is not readable",
                                id=meeting.id))
        return Verification(meeting.id, False, problems, meeting.version, meeting.snapshot_sha256)
    current = build_snapshot(meeting)
    a, b = _comparable(stored), _comparable(current)
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            problems.append(Message("meeting {id}: {field} differs from the signed version",
                                    id=meeting.id, field=Field(key)))
    for att in meeting.attachments:
        if hashlib.sha256(att.data).hexdigest() != att.sha256:
            problems.append(Message("meeting {id}: attachment {name} was altered",
                                    id=meeting.id, name=att.name))
    return Verification(meeting.id, not problems, problems, meeting.version, meeting.snapshot_sha256)
