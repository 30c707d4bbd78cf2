"""Minutes to files: a PDF of one meeting, one PDF per meeting into a folder, one PDF
holding several (a register with a table of contents), or the `ogp-minutes/1` JSON.

`core.services.documents` builds what is printed, `pdf.minutes` lays it out; this module
only decides where the bytes go (atomically, see `files`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from ogp_desktop.core import exchange
from ogp_desktop.core.errors import NotFoundError
from ogp_desktop.core.models import SignedPdf
from ogp_desktop.core.services.documents import letterhead, minutes_document
from ogp_desktop.core.services.meetings import get_meeting
from ogp_desktop.export.files import (
    prepare_folder,
    safe_filename,
    unused_name,
    write_atomically,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

__all__ = ["Cancelled", "Progress", "export_batch_pdf", "export_bundle_pdf", "export_meeting_pdf",
           "export_minutes_json", "meeting_filename", "safe_filename"]


def export_meeting_pdf(session: Session, meeting_id: int, output: Path) -> Path:
    from ogp_desktop.pdf.minutes import render_minutes

    doc = minutes_document(session, meeting_id)  # checks a signed snapshot first
    stored = session.get(SignedPdf, meeting_id) if doc.get("status") == "signed" else None
    if stored is not None:  # as it was signed, with its PAdES signatures
        data = stored.data
        return write_atomically(Path(output), lambda fh: fh.write(data))
    head = letterhead(session)
    return write_atomically(Path(output), lambda fh: render_minutes(doc, head, fh))


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
