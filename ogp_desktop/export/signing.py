"""Signing minutes, the whole act: the records (core.services.signing) and the signed PDF.

The CLI's `sign` and the GUI's sign dialog both call `sign_minutes`, so both leave the same
records and the same PDF: the signatures, the snapshot and its fingerprint, the register's
entry, and the PDF of that version with each key's PAdES signature (kept in `signed_pdfs`,
since only the keys' holders could make it again)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services import signing

__all__ = ["sign_minutes"]


def sign_minutes(session: Session, meeting_id: int, signatories: list[signing.Signatory], *,
                 at: dt.datetime | None = None) -> Meeting:
    """Sign approved minutes in the unit of work `session`: nothing is kept unless all of
    it (records and PDF) is made."""
    return signing.sign(session, meeting_id, signatories, at=at)
