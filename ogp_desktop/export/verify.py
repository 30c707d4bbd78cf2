"""`ogp-desktop verify`: is a signed PDF (or a meeting) what was signed?

A meeting id or UUID is checked in the records (`signing.verify_meeting`: its fingerprint,
its key signatures, the register). A PDF is checked for its digital signatures first
(`pdf.pades.verify_pdf`, against the records' trust anchors): without a valid signature that
covers the whole file it is refused, whatever its metadata says; the identity of what was
signed is then matched with the records. Findings are Messages, translated where shown."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import Message, NotFoundError, Plain, ValidationError, os_reason
from ogp_desktop.core.models import Meeting, MinutesStatus, SignatureKind
from ogp_desktop.core.services.meetings import get_meeting, load_meeting
from ogp_desktop.core.services.signing import verify_meeting
from ogp_desktop.pdf.verify import Fingerprint, read_fingerprint, read_format

if TYPE_CHECKING:
    from ogp_desktop.pdf import pades


def verify_target(session: Session, target: str) -> tuple[bool, str]:
    """`ogp-desktop verify`: a meeting id/uuid, or a PDF file checked against the database."""
    path = Path(target)
    if target.lower().endswith(".pdf") or (path.is_file() and not target.isdigit()):
        return _verify_pdf(session, path)
    meeting = get_meeting(session, target)
    result = verify_meeting(session, load_meeting(session, meeting.id))
    if result.ok:
        return True, Message("meeting {id} (signed version {version} of {title}) is intact; "
                             "sha256 {fingerprint}; {level}{note}", id=meeting.id,
                             version=meeting.version, title=meeting.title,
                             fingerprint=Plain(result.fingerprint or ""),
                             level=levels_said(load_meeting(session, meeting.id)),
                             note=_amended_note(session, meeting))
    return False, _joined(result.problems)


def levels_said(meeting: Meeting) -> Message:
    """How the signatures were made, strongest claim never overstated: each signer with a
    key by name, the paper ones and the fingerprint-only ones as such."""
    rows = sorted(meeting.signatures, key=lambda r: r.position)
    if rows and all(r.kind == SignatureKind.FINGERPRINT for r in rows):
        return Message("fingerprint only (no key): signed before keys were used, the weaker level")
    parts: list[Message] = []
    for r in rows:
        if r.kind == SignatureKind.KEY:
            parts.append(Message("{name} signed with a key ({role})", name=r.signer_name,
                                 role=r.role))
        elif r.kind == SignatureKind.PAPER:
            parts.append(Message("{name} signed on paper, recorded by {login}", name=r.signer_name,
                                 login=r.recorded_by or "—"))
        else:
            parts.append(Message("{name}: fingerprint only (no key)", name=r.signer_name))
    return _joined(parts, ", ")


def _joined(problems: Sequence[Message], separator: str = "; ") -> Message:
    """Several findings as one line, each translated."""
    more: Message | Plain = Plain("")
    if problems[1:]:
        rest = _joined(problems[1:], separator)
        more = Message("; {more}", more=rest) if separator == "; " else Message(", {more}", more=rest)
    return Message("{first}{rest}", first=problems[0] if problems else "", rest=more)


def _verify_pdf(session: Session, path: Path) -> tuple[bool, str]:
    """A PDF is trusted for its digital signatures only (pdf.pades.verify_pdf against the
    records' trust anchors): metadata can be copied into any PDF, so a PDF without a valid
    signature covering all of it is refused. What was signed is then matched with the
    records: the signed revision's identity, the signers' certificates, the fingerprint."""
    if not path.is_file():
        raise NotFoundError("There is no file {path}", path=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("{path} can not be read: {error}", field="target", path=str(path),
                              error=os_reason(exc)) from exc
    if b"%PDF-" not in data[:1024]:
        return False, Message("{path} is not a PDF file", path=path)
    from ogp_desktop.core.keys import trust
    from ogp_desktop.pdf import pades

    try:
        check = pades.verify_pdf(data, trust.anchor_certificates(session))
    except ValueError as exc:
        return False, Message("{path} can not be read as a PDF: {error}", path=path,
                              error=Plain(str(exc)))
    if not check.signatures:
        if read_format(io.BytesIO(data)) == "ogp-minutes-register/1":
            return False, Message("{path} is a register of several minutes, not one signed "
                                  "version; verify each meeting's own PDF", path=path)
        return False, Message("{path} carries no digital signature, so nothing in it can be "
                              "trusted (its metadata could have been copied); verify the "
                              "minutes in the records with 'ogp-desktop verify ID'", path=path)
    problems = [_signature_problem(sig) for sig in check.signatures if _signature_problem(sig)]
    if check.unsigned_changes_after_last:
        problems.append(Message("the file was changed after its last signature"))
    if problems:
        return False, Message("{path} is refused: {problems}", path=path,
                              problems=_joined([p for p in problems if p is not None]))
    said = _joined([_signature_said(sig) for sig in check.signatures], ", ")
    info = read_fingerprint(io.BytesIO(pades.signed_revision_bytes(data, 0)))
    if info is None:
        return True, Message("{path}: every signature is valid and nothing changed after "
                             "signing ({signatures}); it is not a signed version of minutes",
                             path=path, signatures=said)
    meeting = session.scalar(select(Meeting).where(Meeting.uuid == info["uuid"]))
    if meeting is None:
        return True, Message("{path}: every signature is valid and nothing changed after "
                             "signing ({signatures}); these minutes ({uuid}, version {version}) "
                             "are not in this database", path=path, signatures=said,
                             uuid=Plain(info["uuid"]), version=info["version"])
    mismatch = _record_mismatch(session, meeting, info, check)
    if mismatch is not None:
        return False, Message("{path}: its signatures are valid, but {problem}", path=path,
                              problem=mismatch)
    return True, Message("{path} is signed version {version} of {title} (meeting {id}, "
                         "{date}), unchanged since it was signed: {signatures}; sha256 "
                         "{fingerprint}{note}", path=path, version=meeting.version,
                         title=meeting.title, id=meeting.id,
                         date=Plain(meeting.date.isoformat()), signatures=said,
                         fingerprint=Plain(meeting.snapshot_sha256 or ""),
                         note=_amended_note(session, meeting))


def _signature_problem(sig: pades.EmbeddedSignature) -> Message | None:
    if not sig.intact:
        return Message("the signature of {name} does not match the file (its content was "
                       "changed after signing)", name=sig.signer_name)
    if not sig.valid:
        return Message("the signature of {name} is not valid", name=sig.signer_name)
    if not sig.trusted:
        return Message("the certificate of {name} was not issued by an authority these "
                       "records trust ({issuer})", name=sig.signer_name, issuer=sig.issuer_name)
    if sig.modified_after:
        return Message("the file was changed after the signature of {name}", name=sig.signer_name)
    return None


def _signature_said(sig: pades.EmbeddedSignature) -> Message:
    when = sig.timestamp_at or sig.signed_at
    stamp = Plain(when.astimezone().isoformat(timespec="minutes")) if when else Plain("—")
    if sig.meaning == "seal":
        return Message("sealed by {name} at {when}", name=sig.signer_name, when=stamp)
    timestamped = Message(", timestamped") if sig.timestamp_at else Plain("")
    if sig.meaning == "prepared":
        return Message("{name} ({role}) prepared them, signed at {when}{timestamped}",
                       name=sig.signer_name, role=sig.signer_role or "—", when=stamp,
                       timestamped=timestamped)
    if sig.meaning == "approved":
        return Message("{name} ({role}) approved them, signed at {when}{timestamped}",
                       name=sig.signer_name, role=sig.signer_role or "—", when=stamp,
                       timestamped=timestamped)
    return Message("{name} ({role}) signed at {when}{timestamped}", name=sig.signer_name,
                   role=sig.signer_role or "—", when=stamp, timestamped=timestamped)


def _record_mismatch(session: Session, meeting: Meeting, info: Fingerprint,
                     check: pades.PdfCheck) -> Message | None:
    """What the records say that the signed PDF does not: None when they agree."""
    if meeting.status != MinutesStatus.SIGNED:
        return Message("meeting {id} is not signed in this database", id=meeting.id)
    if str(meeting.version) != str(info["version"]):
        return Message("it says version {found}, and meeting {id} is version {version}",
                       found=info["version"], id=meeting.id, version=meeting.version)
    if info["fingerprint"] != meeting.snapshot_sha256:
        return Message("it carries fingerprint {found}, and signed version {version} of meeting "
                       "{id} has {fingerprint}", found=info["fingerprint"], version=meeting.version,
                       id=meeting.id, fingerprint=Plain(meeting.snapshot_sha256 or ""))
    result = verify_meeting(session, load_meeting(session, meeting.id))
    if not result.ok:
        return Message("the database copy was altered: {problems}", problems=_joined(result.problems))
    keyed = [r.certificate.sha256 for r in sorted(meeting.signatures, key=lambda r: r.position)
             if r.kind == SignatureKind.KEY and r.certificate is not None]
    in_pdf = [sig.certificate_sha256 for sig in check.signatures if sig.meaning != "seal"]
    if keyed != in_pdf:
        return Message("its signers are not the ones the records hold for meeting {id}",
                       id=meeting.id)
    return None


def _amended_note(session: Session, meeting: Meeting) -> Message | Plain:
    """Whoever holds a printout should learn that a later version corrects it."""
    newer = session.scalar(select(Meeting).where(Meeting.amends_id == meeting.id))
    if newer is None:
        return Plain("")
    return Message("; note: amended since by version {version} (meeting {id}, {status})",
                   version=newer.version, id=newer.id, status=newer.status.value)
