"""The hashes that chain the audit log and the register, and what a key signs.

Kept free of SQLAlchemy and of the models so that migration 0005 (which chains the lines
written before it) and the readers of a printed head compute exactly what the program
computes. Each function's output is a format named in its text (`ogp-audit/1`,
`ogp-register/1`, `ogp-signature/1`): a later change of what is hashed is a new format,
and the old one stays here for the lines made with it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

__all__ = ["GENESIS", "audit_line_hash", "canonical_json", "register_entry_hash",
           "signature_statement"]

# The "previous hash" of the first line of a chain.
GENESIS = "0" * 64


def canonical_json(obj: Any) -> bytes:
    """One byte string per value: sorted keys, UTF-8, no spaces (what is hashed and signed)."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def _stamp(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def audit_line_hash(*, id: int, at: dt.datetime | None, os_user: str, action: str, entity: str,
                    entity_id: int | None, entity_uuid: str | None, details: str | None,
                    prev_hash: str) -> str:
    """The hash of one audit line: every column but the hash itself, and the line before's."""
    return hashlib.sha256(canonical_json({
        "format": "ogp-audit/1", "id": id, "at": _stamp(at), "os_user": os_user,
        "action": action, "entity": entity, "entity_id": entity_id, "entity_uuid": entity_uuid,
        "details": details, "prev": prev_hash,
    })).hexdigest()


def register_entry_hash(*, seq: int, at: dt.datetime, os_user: str, action: str, entity: str,
                        entity_uuid: str | None, details: Mapping[str, Any], audit_id: int | None,
                        audit_hash: str | None, prev_hash: str) -> str:
    """The hash of one register entry; the keys that made it sign this hash (hex, ASCII)."""
    return hashlib.sha256(canonical_json({
        "format": "ogp-register/1", "seq": seq, "at": _stamp(at), "os_user": os_user,
        "action": action, "entity": entity, "entity_uuid": entity_uuid, "details": details,
        "audit": {"id": audit_id, "hash": audit_hash}, "prev": prev_hash,
    })).hexdigest()


def signature_statement(*, meeting_uuid: str, version: int, fingerprint: str, position: int,
                        meaning: str, signed_at: dt.datetime, certificate_sha256: str) -> bytes:
    """What a signer's key signs in the records: these minutes, this version, this snapshot
    (its SHA-256), in this place, with this meaning, at this time, by this certificate. A
    changed snapshot whose SHA-256 is recomputed no longer matches the signature."""
    return canonical_json({
        "format": "ogp-signature/1", "meeting": meeting_uuid, "version": version,
        "sha256": fingerprint, "position": position, "meaning": meaning,
        "signed_at": _stamp(signed_at), "certificate": certificate_sha256,
    })
