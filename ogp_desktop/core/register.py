"""The register and the chained audit log: what makes a rewrite of the records visible.

Someone who can write the database file can change any row and recompute any keyless
hash. Three things stop them from doing it silently (docs/signatures.md):

- every audit line carries the hash of the line before (`core.chain.audit_line_hash`), so
  an edited or removed line breaks the chain from there on;
- every signing, amendment, deletion and trust decision is an entry of the **register**,
  hash-chained the same way and signed by the keys that made it; each entry also records
  the audit log's head at that moment, so rewriting the audit log before it is caught even
  when the attacker recomputes the audit chain;
- the register's head (entry number and hash) prints on every signed PDF, so a printed copy
  anchors the history: a register cut back to before a printout is caught against it.

`chain_problems` walks both chains and matches the register against the records: a signed
meeting deleted with all its rows, a nulled signature state, an anchor slipped in by SQL."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.chain import GENESIS, audit_line_hash, canonical_json, register_entry_hash
from ogp_desktop.core.errors import Message, Plain
from ogp_desktop.core.keys.certificates import fingerprint
from ogp_desktop.core.keys.statements import sign_statement, statement_holds
from ogp_desktop.core.keys.tokens import SignerKey
from ogp_desktop.core.models import (
    AuditEntry,
    Certificate,
    CertificateKind,
    Meeting,
    MinutesStatus,
    RegisterEntry,
    ScannedCopy,
    utcnow,
)

__all__ = ["Head", "append_audit", "append_register", "chain_audit_rows", "chain_problems",
           "entries_for",
           "register_head", "signed_entry"]


@dataclass(frozen=True)
class Head:
    """The last entry of the register: its number and hash (printed on signed PDFs)."""

    seq: int
    hash: str


def _audit_tail(session: Session) -> tuple[int, str]:
    """The audit log's last line (id, hash), counting lines added in this unit of work."""
    with session.no_autoflush:
        row = session.execute(
            select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
    tail = (row[0], row[1] or GENESIS) if row else (0, GENESIS)
    for obj in session.new:
        if isinstance(obj, AuditEntry) and obj.id is not None and obj.id > tail[0]:
            tail = (obj.id, obj.hash or GENESIS)
    return tail


def append_audit(session: Session, *, os_user: str, action: str, entity: str,
                 entity_id: int | None, entity_uuid: str | None, details: str | None) -> AuditEntry:
    """One audit line, chained to the line before. A write unit of work holds the write
    lock from its start (`Database.session`), so no other writer takes the same place."""
    last_id, last_hash = _audit_tail(session)
    at = utcnow()
    line = AuditEntry(id=last_id + 1, at=at, os_user=os_user, action=action, entity=entity,
                      entity_id=entity_id, entity_uuid=entity_uuid, details=details,
                      prev_hash=last_hash)
    line.hash = audit_line_hash(id=line.id, at=at, os_user=os_user, action=action, entity=entity,
                                entity_id=entity_id, entity_uuid=entity_uuid, details=details,
                                prev_hash=last_hash)
    session.add(line)
    return line


def chain_audit_rows(session: Session, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audit lines for a bulk insert (the ten-year benchmark database), chained after the
    log's last line as `append_audit` chains one: each row gets its id, prev_hash and hash.
    Every row must hold at, os_user, action, entity, entity_id, entity_uuid and details."""
    last_id, prev = _audit_tail(session)
    chained = []
    for n, row in enumerate(rows, last_id + 1):
        digest = audit_line_hash(id=n, at=row["at"], os_user=row["os_user"], action=row["action"],
                                 entity=row["entity"], entity_id=row.get("entity_id"),
                                 entity_uuid=row.get("entity_uuid"), details=row.get("details"),
                                 prev_hash=prev)
        chained.append({**row, "id": n, "prev_hash": prev, "hash": digest})
        prev = digest
    return chained


def register_head(session: Session) -> Head | None:
    with session.no_autoflush:
        row = session.execute(
            select(RegisterEntry.seq, RegisterEntry.hash).order_by(RegisterEntry.seq.desc()).limit(1)
        ).first()
    tail = Head(row[0], row[1]) if row else None
    for obj in session.new:
        if isinstance(obj, RegisterEntry) and (tail is None or obj.seq > tail.seq):
            tail = Head(obj.seq, obj.hash)
    return tail


def append_register(session: Session, action: str, entity: str, entity_uuid: str | None,
                    details: dict[str, Any], *, os_user: str, signers: Sequence[SignerKey] = (),
                    at: dt.datetime | None = None) -> RegisterEntry:
    """A new register entry after the head, signed by each of `signers` over its hash."""
    head = register_head(session)
    seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
    audit_id, audit_hash = _audit_tail(session)
    when = at or utcnow()
    details = json.loads(canonical_json(details))  # as it will read back
    digest = register_entry_hash(seq=seq, at=when, os_user=os_user, action=action, entity=entity,
                                 entity_uuid=entity_uuid, details=details,
                                 audit_id=audit_id or None, audit_hash=audit_hash if audit_id else None,
                                 prev_hash=prev)
    signatures = [{"certificate": fingerprint(p.certificate),
                   "value": base64.b64encode(sign_statement(p, digest.encode("ascii"))).decode("ascii")}
                  for p in signers]
    entry = RegisterEntry(seq=seq, at=when, os_user=os_user, action=action, entity=entity,
                          entity_uuid=entity_uuid, details=canonical_json(details).decode("utf-8"),
                          audit_id=audit_id or None, audit_hash=audit_hash if audit_id else None,
                          prev_hash=prev, hash=digest,
                          signatures=json.dumps(signatures) if signatures else None)
    session.add(entry)
    return entry


def entries_for(session: Session, entity_uuid: str, action: str | None = None) -> list[RegisterEntry]:
    query = select(RegisterEntry).where(RegisterEntry.entity_uuid == entity_uuid)
    if action is not None:
        query = query.where(RegisterEntry.action == action)
    return list(session.scalars(query.order_by(RegisterEntry.seq)))


def signed_entry(session: Session, meeting_uuid: str, version: int) -> RegisterEntry | None:
    """The register's 'sign' entry of this version of these minutes, if any."""
    for entry in entries_for(session, meeting_uuid, "sign"):
        if json.loads(entry.details).get("version") == version:
            return entry
    return None


# --- checking -------------------------------------------------------------------------------


def _audit_problems(session: Session) -> tuple[list[Message], dict[int, str]]:
    problems: list[Message] = []
    hashes: dict[int, str] = {}
    prev, expected_id = GENESIS, None
    for line in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        computed = audit_line_hash(id=line.id, at=line.at, os_user=line.os_user, action=line.action,
                                   entity=line.entity, entity_id=line.entity_id,
                                   entity_uuid=line.entity_uuid, details=line.details,
                                   prev_hash=line.prev_hash or "")
        if expected_id is not None and line.id != expected_id:
            problems.append(Message("audit log: lines {first} to {last} are missing (removed "
                                    "behind the program's back)", first=expected_id, last=line.id - 1))
        if line.prev_hash != prev:
            problems.append(Message("audit log: line {id} does not follow the line before it "
                                    "(a line was edited, removed or inserted)", id=line.id))
        if line.hash != computed:
            problems.append(Message("audit log: line {id} was altered after it was written",
                                    id=line.id))
        hashes[line.id] = line.hash or ""
        prev, expected_id = line.hash or "", line.id + 1
    return problems, hashes


def _certificates(session: Session) -> dict[str, Certificate]:
    return {c.sha256: c for c in session.scalars(select(Certificate))}


def _entry_signers(entry: RegisterEntry, certs: dict[str, Certificate]) -> tuple[list[str], list[Message]]:
    """The certificates (SHA-256) whose signatures over the entry's hash hold."""
    found: list[str] = []
    problems: list[Message] = []
    for item in json.loads(entry.signatures or "[]"):
        cert_row = certs.get(item.get("certificate", ""))
        if cert_row is None:
            problems.append(Message("register entry {seq}: signed by a certificate the records "
                                    "do not hold", seq=entry.seq))
            continue
        value = base64.b64decode(item.get("value", ""), validate=False)
        if statement_holds(x509.load_der_x509_certificate(cert_row.der), entry.hash.encode("ascii"), value):
            found.append(cert_row.sha256)
        else:
            problems.append(Message("register entry {seq}: the signature of {name} does not "
                                    "match the entry (it was altered)", seq=entry.seq,
                                    name=cert_row.subject_name))
    return found, problems


def chain_problems(session: Session) -> list[Message]:
    """Everything `check` finds wrong with the audit chain, the register and their match
    with the records. Empty when both chains are whole and say what the records say."""
    problems, audit_hashes = _audit_problems(session)
    certs = _certificates(session)
    prev, seq = GENESIS, 0
    signed: dict[tuple[str, int], dict[str, Any]] = {}
    trusted_by_register: dict[str, RegisterEntry] = {}
    unit_authorities: set[str] = set()
    scans: list[tuple[RegisterEntry, dict[str, Any]]] = []
    for entry in session.scalars(select(RegisterEntry).order_by(RegisterEntry.seq)):
        seq += 1
        if entry.seq != seq:
            problems.append(Message("register: entries {first} to {last} are missing", first=seq,
                                    last=entry.seq - 1))
            seq = entry.seq
        details = json.loads(entry.details)
        computed = register_entry_hash(seq=entry.seq, at=entry.at, os_user=entry.os_user,
                                       action=entry.action, entity=entry.entity,
                                       entity_uuid=entry.entity_uuid, details=details,
                                       audit_id=entry.audit_id, audit_hash=entry.audit_hash,
                                       prev_hash=entry.prev_hash)
        if entry.prev_hash != prev:
            problems.append(Message("register: entry {seq} does not follow the entry before it "
                                    "(an entry was edited, removed or inserted)", seq=entry.seq))
        if entry.hash != computed:
            problems.append(Message("register: entry {seq} was altered after it was written",
                                    seq=entry.seq))
        if entry.audit_id is not None and audit_hashes.get(entry.audit_id) != entry.audit_hash:
            problems.append(Message("audit log: rewritten before register entry {seq} (line "
                                    "{id} is not the line the register recorded)",
                                    seq=entry.seq, id=entry.audit_id))
        signers, found = _entry_signers(entry, certs)
        problems.extend(found)
        if entry.action == "sign":
            wanted = [s["certificate"] for s in details.get("signatures", []) if s.get("certificate")]
            if sorted(wanted) != sorted(signers):
                problems.append(Message("register entry {seq}: not signed by every key that "
                                        "signed the minutes", seq=entry.seq))
            signed[(entry.entity_uuid or "", int(details.get("version", 0)))] = details
        elif entry.action == "delete":
            for key in [k for k in signed if k[0] == entry.entity_uuid]:
                signed.pop(key)  # only drafts are deleted; a signed version stays listed
        elif entry.action == "scan":
            scans.append((entry, details))
        elif entry.action == "trust":
            sha = details.get("certificate", "")
            trusted_by_register[sha] = entry
            if details.get("kind") == CertificateKind.UNIT_AUTHORITY.value:
                unit_authorities.add(sha)
            elif unit_authorities and not details.get("migrated") and not (
                    set(signers) & unit_authorities):
                problems.append(Message("register entry {seq}: an authority was trusted without "
                                        "the unit's authority's signature", seq=entry.seq))
        prev = entry.hash
    problems.extend(_records_against_register(session, signed, trusted_by_register, certs.values()))
    problems.extend(_scans_against_register(session, scans))
    return problems


def _scans_against_register(session: Session,
                            scans: list[tuple[RegisterEntry, dict[str, Any]]]) -> list[Message]:
    """Each scanned signed copy the register lists is still there, byte for byte."""
    problems: list[Message] = []
    kept = {(m_uuid, c.sha256): c for c, m_uuid in session.execute(
        select(ScannedCopy, Meeting.uuid).join(Meeting, Meeting.id == ScannedCopy.meeting_id))}
    for entry, details in scans:
        copy = kept.pop((entry.entity_uuid or "", details.get("sha256", "")), None)
        if copy is None or hashlib.sha256(copy.data).hexdigest() != copy.sha256:
            problems.append(Message("register entry {seq}: the scanned signed copy {name} is "
                                    "missing or altered", seq=entry.seq, name=details.get("name", "")))
    for copy in kept.values():
        problems.append(Message("the scanned signed copy {name} is not in the register (added "
                                "behind the program's back)", name=copy.name))
    return problems


def _records_against_register(session: Session, signed: dict[tuple[str, int], dict[str, Any]],
                              trusted: dict[str, RegisterEntry],
                              certs: Iterable[Certificate]) -> list[Message]:
    problems: list[Message] = []
    meetings = {(m.uuid, m.version): m for m in session.scalars(
        select(Meeting).where(Meeting.uuid.in_({uuid for uuid, _ in signed})))}
    for uuid, version in signed:
        meeting = meetings.get((uuid, version))
        if meeting is None:
            problems.append(Message("register: signed minutes {uuid} version {version} are no "
                                    "longer in the records (deleted behind the program's back)",
                                    uuid=Plain(uuid), version=version))
        elif meeting.status != MinutesStatus.SIGNED:
            problems.append(Message("meeting {id}: the register says version {version} was "
                                    "signed, but the records say {status}", id=meeting.id,
                                    version=version, status=meeting.status.value))
        # signed minutes are matched with their entry by signing.verify_meeting
    for cert in certs:
        if cert.trusted and cert.sha256 not in trusted:
            problems.append(Message("trusted authority {name}: the register has no record of "
                                    "trusting it (added behind the program's back)",
                                    name=cert.subject_name))
    return problems
