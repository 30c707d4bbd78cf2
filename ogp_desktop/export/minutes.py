"""Minutes to files: a PDF of one meeting, one PDF per meeting into a folder, one PDF
holding several (a register with a table of contents), or the `ogp-minutes/1` JSON.

`core.services.documents` builds what is printed, `pdf.minutes` lays it out; this module
only decides where the bytes go (atomically, see `files`)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from ogp_desktop.core import exchange
from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import MinutesStatus, SignedPdf
from ogp_desktop.core.services.documents import letterhead, minutes_document
from ogp_desktop.core.services.meetings import get_meeting
from ogp_desktop.export.files import (
    prepare_folder,
    safe_filename,
    unused_name,
    write_atomically,
)

if TYPE_CHECKING:
    from ogp_desktop.core.keys.tokens import SignerKey
    from ogp_desktop.export.signing import SigningOptions

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

__all__ = ["Cancelled", "Progress", "export_batch_pdf", "export_bundle_pdf", "export_meeting_pdf",
           "export_minutes_json", "meeting_filename", "meeting_pdf_bytes", "safe_filename"]


def meeting_pdf_bytes(session: Session, meeting_id: int) -> bytes:
    """The PDF of a meeting: for a version signed since migration 0005, the PDF as it was
    signed (its PAdES signatures in it); else rendered from the records (signed minutes
    from their checked snapshot)."""
    from ogp_desktop.pdf.minutes import render_minutes

    doc = minutes_document(session, meeting_id)  # checks a signed snapshot first
    stored = session.get(SignedPdf, meeting_id) if doc.get("status") == "signed" else None
    if stored is not None:
        return stored.data
    buf = io.BytesIO()
    render_minutes(doc, letterhead(session), buf)
    return buf.getvalue()


def export_meeting_pdf(session: Session, meeting_id: int, output: Path, *,
                       seal: SignerKey | None = None,
                       seal_options: SigningOptions | None = None) -> Path:
    """Write the meeting's PDF; signed minutes are sealed with `seal` (the unit's seal
    key) when one is given, so that any later change to the file shows, with a timestamp
    as `seal_options` say. Drafts and approved minutes are never sealed."""
    data = meeting_pdf_bytes(session, meeting_id)
    if seal is not None and get_meeting(session, meeting_id).status == MinutesStatus.SIGNED:
        from ogp_desktop.export.signing import SigningOptions, seal_pdf_bytes

        data = seal_pdf_bytes(data, seal, session, seal_options or SigningOptions())
    return write_atomically(Path(output), lambda fh: fh.write(data))


def minutes_json(session: Session, meeting_id: int) -> str:
    """The meeting as `ogp-minutes/1` text (docs/minutes-format.md)."""
    return exchange.dumps(exchange.export_minutes(session, meeting_id))


def export_minutes_json(session: Session, meeting_id: int, output: Path) -> Path:
    data = minutes_json(session, meeting_id).encode("utf-8")
    return write_atomically(Path(output), lambda fh: fh.write(data))


def meeting_filename(session: Session, meeting_id: int, extension: str = ".pdf") -> str:
    meeting = get_meeting(session, meeting_id)
    return safe_filename(meeting.date, meeting.title, meeting.version, meeting.id, extension)


def export_batch_pdf(
    session: Session,
    meeting_ids: list[int],
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """One PDF per meeting into `folder`; names from date and title."""
    return write_each(export_meeting_pdf, ".pdf", session, meeting_ids, folder,
                      progress=progress, cancelled=cancelled)


def write_each(
    write_one: Callable[[Session, int, Path], Path],
    extension: str,
    session: Session,
    meeting_ids: list[int],
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """`write_one(session, id, path)` for every meeting, into `folder` under names from
    their date and title (made unique within the batch)."""
    folder = prepare_folder(folder)
    written: list[Path] = []
    used: set[str] = set()
    for n, meeting_id in enumerate(meeting_ids, 1):
        if cancelled is not None and cancelled():
            break
        name = unused_name(meeting_filename(session, meeting_id, extension), meeting_id, used,
                           extension)
        written.append(write_one(session, meeting_id, folder / name))
        session.expunge_all()
        if progress is not None:
            progress(n, len(meeting_ids))
    return written


def export_bundle_pdf(
    session: Session,
    meeting_ids: list[int],
    output: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """One PDF with a table of contents ("سجل المحاضر") and every meeting after it."""
    from ogp_desktop.pdf.minutes import render_bundle

    if not meeting_ids:
        raise NotFoundError("There are no minutes to put in the bundle")
    docs = [minutes_document(session, meeting_id) for meeting_id in meeting_ids]
    head = letterhead(session)
    return write_atomically(
        Path(output),
        lambda fh: render_bundle(docs, head, fh, progress=progress, cancelled=cancelled),
    )
