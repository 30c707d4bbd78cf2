"""`ogp-desktop verify`: is a signed PDF (or a meeting) what was signed?

A meeting id or UUID is checked against its own fingerprint (`signing.verify_meeting`); a
PDF's identity (`pdf.verify.read_fingerprint`) is looked up in the database and compared
with the signed version stored there. Findings are Messages, translated where shown."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import Message, NotFoundError, Plain, ValidationError, os_reason
from ogp_desktop.core.models import Meeting, MinutesStatus, SignatureKind
from ogp_desktop.core.services.meetings import get_meeting, load_meeting
from ogp_desktop.core.services.signing import verify_meeting
from ogp_desktop.pdf.verify import read_fingerprint, read_format


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
    if not path.is_file():
        raise NotFoundError("There is no file {path}", path=str(path))
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ValidationError("{path} can not be read: {error}", field="target", path=str(path),
                              error=os_reason(exc)) from exc
    if b"%PDF-" not in head:
        return False, Message("{path} is not a PDF file", path=path)
    info = read_fingerprint(path)
    if info is None:
        if read_format(path) == "ogp-minutes-register/1":
            return False, Message("{path} is a register of several minutes, not one signed "
                                  "version; verify each meeting's own PDF", path=path)
        return False, Message("{path} carries no fingerprint: it is not a signed version "
                              "(a draft)", path=path)
    meeting = session.scalar(select(Meeting).where(Meeting.uuid == info["uuid"]))
    if meeting is None:
        return False, Message("{path}: minutes {uuid} are not in this database", path=path,
                              uuid=info["uuid"])
    if meeting.status != MinutesStatus.SIGNED:
        return False, Message("{path}: meeting {id} is not signed in this database", path=path,
                              id=meeting.id)
    if str(meeting.version) != str(info["version"]):
        return False, Message("{path} says version {found}, but meeting {id} is version "
                              "{version}", path=path, found=info["version"], id=meeting.id,
                              version=meeting.version)
    if info["fingerprint"] != meeting.snapshot_sha256:
        return False, Message("{path} carries fingerprint {found}, but signed version {version} "
                              "of meeting {id} has {fingerprint}", path=path,
                              found=info["fingerprint"], version=meeting.version, id=meeting.id,
                              fingerprint=Plain(meeting.snapshot_sha256 or ""))
    result = verify_meeting(session, load_meeting(session, meeting.id))
    if not result.ok:
        return False, Message("{path} carries the signed fingerprint, but the database copy "
                              "was altered: {problems}", path=path,
                              problems=_joined(result.problems))
    return True, Message("{path} matches signed version {version} of {title} (meeting {id}, "
                         "{date}); sha256 {fingerprint}{note}", path=path,
                         version=meeting.version, title=meeting.title, id=meeting.id,
                         date=Plain(meeting.date.isoformat()),
                         fingerprint=Plain(meeting.snapshot_sha256 or ""),
                         note=_amended_note(session, meeting))


def _amended_note(session: Session, meeting: Meeting) -> Message | Plain:
    """Whoever holds a printout should learn that a later version corrects it."""
    newer = session.scalar(select(Meeting).where(Meeting.amends_id == meeting.id))
    if newer is None:
        return Plain("")
    return Message("; note: amended since by version {version} (meeting {id}, {status})",
                   version=newer.version, id=newer.id, status=newer.status.value)
