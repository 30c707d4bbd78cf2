"""Read back the identity of a signed minutes PDF (no Qt, no database).

`render_minutes` writes custom entries into the PDF's document information dictionary:
/OGPFormat, /OGPStatus, /OGPMinutesUUID, /OGPMinutesVersion and, for a signed version,
/OGPMinutesSHA256 (the same values are repeated in /Keywords for tools that only show
standard fields).
"""

from __future__ import annotations

import os
import re
from typing import IO, Any, TypedDict

_HEX64 = re.compile(r"^[0-9a-fA-F]{64}$")
_KEYWORDS = re.compile(r"(uuid|version|sha256)=([^;\s]+)")

# what `read_fingerprint` and `read_format` accept: a path or a binary file object
PdfSource = str | os.PathLike[str] | IO[bytes]


class Fingerprint(TypedDict):
    """The identity a signed minutes PDF carries."""

    uuid: str
    version: int
    fingerprint: str


def read_fingerprint(pdf: PdfSource) -> Fingerprint | None:
    """{"uuid": str, "version": int, "fingerprint": str} of a signed minutes PDF, or None
    for a draft, a register of several minutes, or a PDF this program did not write.

    `pdf` is a path or a binary file object."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(os.fspath(pdf) if isinstance(pdf, (str, os.PathLike)) else pdf)
        meta: dict[str, Any] = reader.metadata or {}
    except Exception:
        return None

    def get(key: str) -> str | None:
        value = meta.get(key)
        return str(value).strip() if value is not None else None

    uuid, version, fp = get("/OGPMinutesUUID"), get("/OGPMinutesVersion"), get("/OGPMinutesSHA256")
    if not (uuid and version and fp):
        # fall back on the keywords (e.g. metadata rewritten by another tool)
        found = dict(_KEYWORDS.findall(get("/Keywords") or ""))
        uuid = uuid or found.get("uuid")
        version = version or found.get("version")
        fp = fp or found.get("sha256")
    status = get("/OGPStatus")
    if status is not None and status != "signed":
        return None
    if not (uuid and version and fp) or not _HEX64.match(fp):
        return None
    try:
        v = int(version)
    except ValueError:
        return None
    return {"uuid": uuid, "version": v, "fingerprint": fp.lower()}


def read_format(pdf: PdfSource) -> str | None:
    """The /OGPFormat this program wrote into a PDF ("ogp-minutes/1",
    "ogp-minutes-register/1", …), or None for an unreadable file or another program's."""
    from pypdf import PdfReader

    try:
        meta: dict[str, Any] = PdfReader(os.fspath(pdf) if isinstance(pdf, (str, os.PathLike)) else pdf
                                         ).metadata or {}
        value = meta.get("/OGPFormat")
    except Exception:  # an unreadable file simply has no format
        return None
    return str(value) if value is not None else None
