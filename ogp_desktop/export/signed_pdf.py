"""The PDF of signed minutes straight from their store: no SQLAlchemy, no ORM session.

`export-minutes ID --format pdf` tries this first. Signed minutes print from their signed
snapshot (`core.signed_print`), so what the store holds beyond it is the photos' and
signature images' bytes and the letterhead: a read-only sqlite3 connection reads those in
a few milliseconds, where loading SQLAlchemy and the models takes most of a second.
Whenever the store can not tell (a draft, another schema revision, a server, anything
unexpected), `export_signed_pdf` returns None and the caller takes the ORM's path
(`export.minutes.export_meeting_pdf`); tests/cli checks both print the same bytes."""

from __future__ import annotations

from pathlib import Path

from ogp_desktop.core import storage
from ogp_desktop.core.signed_print import print_signed
from ogp_desktop.export.files import write_atomically

__all__ = ["export_signed_pdf"]


def export_signed_pdf(target: Path | str, ref: str, output: Path) -> Path | None:
    """Write the PDF of the signed minutes `ref` (id or uuid) of the records at `target`
    (a file path) to `output`; None, with nothing written, when this path does not apply.
    A signed snapshot that fails its fingerprint is refused (StorageError) as on the ORM's
    path, with nothing written."""
    if storage.is_url(target):
        return None
    printed = print_signed(storage.resolve(target), ref)
    if printed is None:
        return None
    doc, head, signed_pdf = printed
    if signed_pdf is not None:  # as it was signed, with its PAdES signatures
        return write_atomically(Path(output), lambda fh: fh.write(signed_pdf))
    from ogp_desktop.pdf.minutes import render_minutes

    return write_atomically(Path(output), lambda fh: render_minutes(doc, head, fh))
