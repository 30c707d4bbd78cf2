"""Signing minutes, the whole act: the records (core.services.signing) and the signed PDF.

The CLI's `sign` and the GUI's sign dialog both call `sign_minutes`, so both leave the same
records and the same PDF: the signatures, the snapshot and its fingerprint, the register's
entry, and the PDF of that version with each key's PAdES signature in order (prepared,
then approved), each in its visible field in the signature block. The PDF is kept in
`signed_pdfs`, since only the keys' holders could make it again; an export writes it as it
was signed, sealed with the unit's seal key when one is given (`seal_pdf_bytes`).

Nothing is kept unless all of it is made: the records and the PDF are one unit of work."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography import x509
from sqlalchemy.orm import Session

from ogp_desktop.core import labels as labels_mod
from ogp_desktop.core.keys import trust
from ogp_desktop.core.keys.tokens import SignerKey
from ogp_desktop.core.models import Meeting, SignedPdf
from ogp_desktop.core.services import signing
from ogp_desktop.core.services.documents import letterhead, minutes_document

if TYPE_CHECKING:
    from ogp_desktop.pdf import pades

__all__ = ["SigningOptions", "seal_pdf_bytes", "sign_minutes"]


@dataclass(frozen=True)
class SigningOptions:
    """Where a PDF signature gets its time and validation data. `timestamp_url`: an RFC
    3161 server (B-T); when it does not answer, the signature is made without a timestamp
    (B-B) and `on_notice` is told why.

    One SigningOptions serves one act (a signing, an export, a batch of exports): once its
    server did not answer, the signatures after it are made without asking it again (each
    would wait for it, up to pades.TIMESTAMP_TIMEOUT), and `on_notice` is told once.
    `unanswered` says why it did not answer (None while it did, or was not asked)."""

    timestamp_url: str | None = None
    on_notice: Callable[[str], None] | None = None
    _unanswered: list[str] = field(default_factory=list, init=False, compare=False,
                                   repr=False)

    @property
    def unanswered(self) -> str | None:
        return self._unanswered[0] if self._unanswered else None

    def stamped(self, make: Callable[[str | None], bytes]) -> bytes:
        """`make(url)` with the server's address while it answers, else `make(None)`."""
        from ogp_desktop.pdf import pades

        if self.timestamp_url and not self._unanswered:
            try:
                return make(self.timestamp_url)
            except pades.TimestampUnavailable as exc:
                self._unanswered.append(str(exc))
                if self.on_notice is not None:
                    self.on_notice(str(exc))
        return make(None)


def sign_minutes(session: Session, meeting_id: int, signatories: list[signing.Signatory], *,
                 at: dt.datetime | None = None,
                 options: SigningOptions = SigningOptions()) -> Meeting:
    """Sign approved minutes in the unit of work `session`, and keep the PDF as signed."""
    meeting = signing.sign(session, meeting_id, signatories, at=at)
    session.flush()
    doc = minutes_document(session, meeting.id)
    buf = io.BytesIO()
    from ogp_desktop.pdf.minutes import render_minutes

    slots = {name: (page, box) for name, page, box in render_minutes(doc, letterhead(session), buf)}
    pdf = buf.getvalue()
    words = labels_mod.get("ar" if doc.get("language", "ar") == "ar" else "en")
    anchors = trust.anchor_certificates(session)
    rows = sorted(meeting.signatures, key=lambda r: r.position)
    for row, signatory in zip(rows, signatories, strict=True):
        if signatory.key is None:  # on paper: the printout carries the line for ink
            continue
        from ogp_desktop.pdf import pades

        meaning = row.meaning.value
        field = pades.field_name(meaning, row.position)
        page, box = slots[field]
        pdf = _sign_one(pdf, signatory.key, pades.SignatureBox(page, box, field), meaning,
                        words.get(meaning, meaning), anchors, row.signed_at.replace(tzinfo=dt.UTC),
                        options)
    session.add(SignedPdf(meeting_id=meeting.id, sha256=hashlib.sha256(pdf).hexdigest(), data=pdf))
    session.flush()
    return meeting


def _sign_one(pdf: bytes, key: SignerKey, box: pades.SignatureBox, meaning: str, label: str,
              anchors: list[x509.Certificate], at: dt.datetime, options: SigningOptions) -> bytes:
    """One key's PAdES signature in its field; with a timestamp when the server answers."""
    from ogp_desktop.pdf import pades

    return options.stamped(lambda url: pades.sign_pdf(
        pdf, key, field=box.field, box=box, meaning=meaning, reason=f"{label} ({meaning})",
        signer_label=label, timestamp_url=url, embed_validation=True, anchors=anchors, at=at))


def seal_pdf_bytes(pdf: bytes, seal: SignerKey, session: Session,
                   options: SigningOptions = SigningOptions()) -> bytes:
    """`pdf` sealed with the unit's seal key (an invisible PAdES signature after every
    other), timestamped as `options` say."""
    from ogp_desktop.pdf import pades

    anchors = trust.anchor_certificates(session)
    return options.stamped(lambda url: pades.seal_pdf(pdf, seal, timestamp_url=url,
                                                      anchors=anchors))
