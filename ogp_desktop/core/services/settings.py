"""Settings kept with the records (not per machine): the letterhead printed on minutes,
the default signatories and the unit's RFC 3161 timestamp server."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import Setting, SignatureMeaning
from ogp_desktop.core.services.common import audit, check_text, parse_choice
from ogp_desktop.core.services.meetings import sniff_image

MAX_LOGO_BYTES = 2 * 1024 * 1024
TIMESTAMP_URL = "signing.timestamp_url"
MAX_URL = 2000


@dataclass
class Letterhead:
    ministry: str | None = None
    unit: str | None = None
    logo: bytes | None = None

    def as_dict(self) -> dict[str, str | bytes | None]:
        return {"ministry": self.ministry, "unit": self.unit, "logo": self.logo}


def _get(session: Session, key: str) -> Setting | None:
    return session.get(Setting, key)


def _put(session: Session, key: str, value: str | None = None, blob: bytes | None = None) -> None:
    row = _get(session, key) or Setting(key=key)
    row.value, row.blob = value, blob
    session.add(row)


def get_letterhead(session: Session) -> Letterhead:
    def value(key: str) -> str | None:
        row = _get(session, key)
        return row.value if row else None

    logo = _get(session, "letterhead.logo")
    return Letterhead(value("letterhead.ministry"), value("letterhead.unit"),
                      logo.blob if logo else None)


def set_letterhead(
    session: Session, *, ministry: str | None, unit: str | None, logo: bytes | None = None,
    keep_logo: bool = True,
) -> Letterhead:
    check_text(ministry, "ministry")
    check_text(unit, "unit")
    if logo is not None:
        if len(logo) > MAX_LOGO_BYTES:
            raise ValidationError("the logo is larger than 2 MB", field="logo")
        if sniff_image(logo) is None:
            raise ValidationError("the logo is not a PNG or JPEG image", field="logo")
    _put(session, "letterhead.ministry", ministry)
    _put(session, "letterhead.unit", unit)
    if logo is not None or not keep_logo:
        _put(session, "letterhead.logo", None, logo)
    audit(session, "update", "settings", details={"letterhead": {"ministry": ministry,
                                                                  "unit": unit,
                                                                  "logo": logo is not None}})
    session.flush()
    return get_letterhead(session)


def get_default_signatories(session: Session) -> list[dict[str, str]]:
    """Who usually signs (offered by the sign dialog): [{"name", "role", "meaning"}]."""
    row = _get(session, "signatories.default")
    if not (row and row.value):
        return []
    signatories: list[dict[str, str]] = json.loads(row.value)  # as set_default_signatories wrote it
    return signatories


def set_default_signatories(session: Session, signatories: Sequence[Mapping[str, Any]]) -> None:
    clean: list[dict[str, str]] = []
    for i, s in enumerate(signatories):
        clean.append({
            "name": check_text(s.get("name"), f"signatories[{i}].name", required=True),
            "role": check_text(s.get("role"), f"signatories[{i}].role", required=True),
            "meaning": parse_choice(s.get("meaning") or "approved", SignatureMeaning,
                                    f"signatories[{i}].meaning").value,
        })
    _put(session, "signatories.default", json.dumps(clean, ensure_ascii=False))
    audit(session, "update", "settings", details={"default_signatories": [c["name"] for c in clean]})
    session.flush()


def check_timestamp_url(url: str | None) -> str | None:
    """A timestamp server's address as kept: None for none (empty), else an http:// or
    https:// URL naming a host, without spaces or control characters."""
    text = (url or "").strip()
    if not text:
        return None
    parts = urlsplit(text)
    try:
        host, _port = parts.hostname, parts.port  # a port that is not a number raises
    except ValueError:
        host = None
    if (parts.scheme.lower() not in ("http", "https") or not host or len(text) > MAX_URL
            or any(c.isspace() or unicodedata.category(c)[0] == "C" for c in text)):
        raise ValidationError("must be an address that starts with {http} or {https}, such as "
                              "{example}", field="timestamp_url", http="http://",
                              https="https://", example="http://timestamp.example.org")
    return text


def get_timestamp_url(session: Session) -> str | None:
    """The RFC 3161 timestamp server the unit's signatures and seals ask for a timestamp
    (B-T); None when there is none."""
    row = _get(session, TIMESTAMP_URL)
    return row.value if row and row.value else None


def set_timestamp_url(session: Session, url: str | None) -> str | None:
    """Keep the timestamp server (empty: none); ValidationError when it is not an http://
    or https:// address."""
    clean = check_timestamp_url(url)
    _put(session, TIMESTAMP_URL, clean)
    audit(session, "update", "settings", details={"timestamp_url": clean})
    session.flush()
    return clean
