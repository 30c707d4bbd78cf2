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
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core import minutes_fields, register
from ogp_desktop.core.chain import canonical_json, signature_statement
from ogp_desktop.core.errors import CertificateError, Field, LifecycleError, Message, ValidationError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.keys import certificates, trust
from ogp_desktop.core.keys.statements import sign_statement, statement_holds
from ogp_desktop.core.keys.tokens import SignerKey
from ogp_desktop.core.models import (
    Certificate,
    CertificateKind,
    Meeting,
    MinutesStatus,
    ScannedCopy,
    Signature,
    SignatureKind,
    SignatureMeaning,
    utcnow,
)
from ogp_desktop.core.services.common import audit, check_text, parse_choice
from ogp_desktop.core.services.common import login as common_login
from ogp_desktop.core.services.meetings import load_meeting, require_status, sniff_image
from ogp_desktop.core.signed_print import fingerprint, snapshot_matches

__all__ = ["SNAPSHOT_FORMAT", "Signatory", "Verification", "amend", "approve", "attach_scan",
           "build_snapshot", "canonical_json", "fingerprint", "reopen", "sign", "verify_meeting"]

SNAPSHOT_FORMAT = "ogp-minutes-snapshot/1"
MAX_SIGNATURE_IMAGE = 2 * 1024 * 1024


@dataclass
class Signatory:
    """Who signs. With `key` (their PKCS#12 key, loaded), the name and role are their
    certificate's and the signature is made with the key; without, it is a signature in ink
    on the printout, recorded here by the login at the keyboard (`name`, `role` as typed)."""

    name: str
    role: str
    meaning: SignatureMeaning = SignatureMeaning.APPROVED
    image: bytes | None = None
    key: SignerKey | None = None


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


def _key_signer(session: Session, s: Signatory, i: int, when: dt.datetime) -> tuple[str, str, Certificate]:
    """The name and role a key signature prints (its certificate's, never typed) and the
    certificate's row; refused when the certificate may not sign at `when`."""
    assert s.key is not None
    cert = s.key.certificate
    path = trust.check_certificate(session, cert, chain=s.key.chain, at=when.replace(tzinfo=dt.UTC))
    name, role = certificates.subject_name(cert), certificates.subject_role(cert)
    if not role:
        raise CertificateError("The certificate of {name} names no role (title); a signature "
                               "prints its signer's role", name=name)
    issuer = path[1] if len(path) > 1 else cert
    return name, role, trust.record_issued(session, cert, issuer)


def sign(
    session: Session, meeting_id: int, signatories: list[Signatory], *, at: dt.datetime | None = None
) -> Meeting:
    """Record the signatures, freeze the snapshot and its fingerprint, sign that with each
    key given, and enter the signing in the register (signed by the same keys)."""
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
    earlier = register.signed_entry(session, meeting.uuid, meeting.version)
    if earlier is not None:  # the signature state was removed behind the program's back
        raise LifecycleError(
            "Version {version} of minutes {id} was signed already (register entry {seq}); its "
            "signatures were removed behind the program's back. Run 'ogp-desktop check' and "
            "restore a backup.", version=meeting.version, id=meeting.id, seq=earlier.seq)
    if not signatories:
        raise ValidationError("at least one signatory is needed", field="signatories")
    when = (at.astimezone(dt.UTC).replace(tzinfo=None) if at and at.tzinfo else at) or utcnow()
    checked = []
    for i, s in enumerate(signatories):
        meaning = parse_choice(s.meaning, SignatureMeaning, f"signatories[{i}].meaning")
        if s.key is not None:
            name, role, cert_row = _key_signer(session, s, i, when)
        else:
            name = check_text(s.name, f"signatories[{i}].name", required=True)
            role = check_text(s.role, f"signatories[{i}].role", required=True)
            cert_row = None
        if s.image is not None:
            if len(s.image) > MAX_SIGNATURE_IMAGE:
                raise ValidationError("the signature image is larger than 2 MB",
                                      field=f"signatories[{i}].image")
            if sniff_image(s.image) is None:
                raise ValidationError("the signature image is not a PNG or JPEG",
                                      field=f"signatories[{i}].image")
        checked.append((s, meaning, name, role, cert_row))
    login = common_login(session)
    rows = []
    for i, (s, meaning, name, role, cert_row) in enumerate(checked):  # only once all are valid
        row = Signature(position=i + 1, signer_name=name, role=role, meaning=meaning,
                        signed_at=when, image=s.image,
                        kind=SignatureKind.KEY if cert_row is not None else SignatureKind.PAPER,
                        certificate=cert_row, recorded_by=login)
        meeting.signatures.append(row)
        rows.append((row, s.key))
    session.flush()
    snapshot_text = canonical_json(build_snapshot(meeting)).decode("utf-8")
    meeting.snapshot = snapshot_text
    meeting.snapshot_sha256 = fingerprint(snapshot_text)
    meeting.signed_at = when
    meeting.status = MinutesStatus.SIGNED
    for row, key in rows:
        if key is not None:
            row.value = sign_statement(key, statement_for(meeting, row))
    audit(session, "sign", "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid,
          details={"version": meeting.version, "sha256": meeting.snapshot_sha256,
                   "signatories": [row.signer_name for row, _ in rows]})
    register.append_register(
        session, "sign", "meeting", meeting.uuid,
        {"version": meeting.version, "sha256": meeting.snapshot_sha256,
         "signatures": [{"position": row.position, "kind": row.kind.value,
                         "meaning": row.meaning.value, "name": row.signer_name,
                         "certificate": row.certificate.sha256 if row.certificate else None,
                         "recorded_by": row.recorded_by} for row, _ in rows]},
        os_user=login, signers=[key for _, key in rows if key is not None], at=when)
    session.flush()
    return meeting


def statement_for(meeting: Meeting, row: Signature) -> bytes:
    """What the key of `row`'s signer signed (core.chain.signature_statement)."""
    assert row.certificate is not None and meeting.snapshot_sha256 is not None
    return signature_statement(meeting_uuid=meeting.uuid, version=meeting.version,
                               fingerprint=meeting.snapshot_sha256, position=row.position,
                               meaning=row.meaning.value, signed_at=row.signed_at,
                               certificate_sha256=row.certificate.sha256)


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
    register.append_register(session, "amend", "meeting", copy.uuid,
                             {"amends": meeting.uuid, "version": copy.version,
                              "amended_sha256": meeting.snapshot_sha256},
                             os_user=common_login(session))
    return copy


@dataclass
class Verification:
    meeting_id: int
    ok: bool
    problems: list[Message]  # findings: a msgid with its values, rendered by the edge
    version: int
    fingerprint: str | None
    levels: list[SignatureKind] = field(default_factory=list)  # each signature's, in order

    @property
    def fingerprint_only(self) -> bool:
        """Signed before keys existed: only the snapshot's SHA-256 stands for the signing."""
        return bool(self.levels) and all(k == SignatureKind.FINGERPRINT for k in self.levels)


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
    problems.extend(_key_signature_problems(session, meeting))
    entry = register.signed_entry(session, meeting.uuid, meeting.version)
    if entry is None:
        problems.append(Message("meeting {id}: signed, but the register has no signing of it "
                                "(signed behind the program's back)", id=meeting.id))
    else:
        details = json.loads(entry.details)
        if details.get("sha256") != meeting.snapshot_sha256:
            problems.append(Message("meeting {id}: its fingerprint is not the one the register "
                                    "recorded at signing (entry {seq})", id=meeting.id,
                                    seq=entry.seq))
        if _as_registered(meeting) != [
                (r.get("position"), r.get("kind"), r.get("certificate"))
                for r in details.get("signatures", [])]:
            problems.append(Message("meeting {id}: its signatures are not the ones the register "
                                    "recorded at signing (entry {seq})", id=meeting.id,
                                    seq=entry.seq))
    levels = [row.kind for row in sorted(meeting.signatures, key=lambda r: r.position)]
    return Verification(meeting.id, not problems, problems, meeting.version, meeting.snapshot_sha256,
                        levels)


def _as_registered(meeting: Meeting) -> list[tuple[int, str, str | None]]:
    """Each signature as the register's entry lists it: place, how it was made, certificate."""
    return [(r.position, r.kind.value, r.certificate.sha256 if r.certificate else None)
            for r in sorted(meeting.signatures, key=lambda r: r.position)]


def _key_signature_problems(session: Session, meeting: Meeting) -> list[Message]:
    """Each key signature must be its certificate's key's over this snapshot's fingerprint,
    by a certificate that could sign then: recomputing a SHA-256 does not make it so."""
    problems: list[Message] = []
    for row in sorted(meeting.signatures, key=lambda r: r.position):
        if row.kind != SignatureKind.KEY:
            continue
        if row.certificate is None or not row.value:
            problems.append(Message("meeting {id}: the key signature of {name} lost its "
                                    "certificate or value", id=meeting.id, name=row.signer_name))
            continue
        cert = x509.load_der_x509_certificate(row.certificate.der)
        if certificates.fingerprint(cert) != row.certificate.sha256 or not statement_holds(
                cert, statement_for(meeting, row), row.value):
            problems.append(Message("meeting {id}: the key signature of {name} does not match "
                                    "the minutes as stored (they were changed after signing)",
                                    id=meeting.id, name=row.signer_name))
            continue
        if (certificates.subject_name(cert), certificates.subject_role(cert)) != (
                row.signer_name, row.role):
            problems.append(Message("meeting {id}: the name or role of signature {n} is not "
                                    "its certificate's", id=meeting.id, n=row.position))
        try:
            trust.validate_path(cert, trust.anchor_certificates(session),
                                chain=_known_authorities(session),
                                at=row.signed_at.replace(tzinfo=dt.UTC))
        except CertificateError as exc:
            problems.append(Message("meeting {id}: signature {n}: {reason}", id=meeting.id,
                                    n=row.position, reason=Message(exc.msgid, **exc.params)))
    return problems


def _known_authorities(session: Session) -> list[x509.Certificate]:
    return [x509.load_der_x509_certificate(row.der) for row in session.scalars(
        select(Certificate).where(Certificate.kind != CertificateKind.PERSON))]


MAX_SCAN_BYTES = 50 * 1024 * 1024


def attach_scan(session: Session, meeting_id: int, name: str, data: bytes) -> ScannedCopy:
    """Keep a scan of the printout signed on paper (PDF, PNG or JPEG) with signed minutes.
    It is not part of what was signed; the register records its SHA-256."""
    meeting = load_meeting(session, meeting_id)
    require_status(meeting, MinutesStatus.SIGNED,
                   N_("Minutes {id} are {status}; a scanned signed copy goes with signed minutes."))
    name = check_text(name, "name", required=True)
    media_type = "application/pdf" if data.startswith(b"%PDF-") else sniff_image(data)
    if media_type is None:
        raise ValidationError("the scan is not a PDF, PNG or JPEG file", field="file")
    if len(data) > MAX_SCAN_BYTES:
        raise ValidationError("the scan is larger than {n} MB", field="file",
                              n=MAX_SCAN_BYTES // 2**20)
    login = common_login(session)
    digest = hashlib.sha256(data).hexdigest()
    scan = ScannedCopy(meeting_id=meeting.id, recorded_by=login, name=name, media_type=media_type,
                       sha256=digest, data=data)
    session.add(scan)
    session.flush()
    audit(session, "attach_scan", "meeting", entity_id=meeting.id, entity_uuid=meeting.uuid,
          details={"name": name, "sha256": digest})
    register.append_register(session, "scan", "meeting", meeting.uuid,
                             {"version": meeting.version, "name": name, "sha256": digest},
                             os_user=login)
    return scan
