"""The registry of export formats: what the CLI's `--format` offers and what the GUI's
file dialogs filter on come from here, so a new format is one entry.

    formats("minutes") -> [json, pdf]      # one meeting per file
    get("minutes", "pdf").write(session, [id], path)          # seal=KEY: signed ones sealed
    write_each(get("minutes", "pdf"), session, ids, folder)   # one file per meeting

Every writer has the signature `write(session, ids, out, progress, cancelled, **options)`
and returns the file it wrote (atomically: a failed export leaves nothing behind). A format
whose `several` is False takes exactly one record; one that is True puts all of them in
the one file (the register of minutes). The writers import ReportLab and icalendar only
when they run, so listing the formats costs nothing at start-up."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from ogp_desktop.core.errors import _n

if TYPE_CHECKING:  # listing the formats (every CLI start) does not load SQLAlchemy
    from sqlalchemy.orm import Session

Subject = Literal["minutes", "plan", "progress"]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class Writer(Protocol):
    def __call__(self, session: Session, ids: Sequence[int], out: Path,
                 progress: Progress | None, cancelled: Cancelled | None,
                 **options: Any) -> Path: ...


@dataclass(frozen=True)
class Format:
    """`name` is what `--format` takes; `label` the msgid of the file dialog's filter."""

    name: str
    subject: Subject
    extension: str
    label: str
    writer: Writer
    several: bool = False

    def write(self, session: Session, ids: Sequence[int], out: Path,
              progress: Progress | None = None, cancelled: Cancelled | None = None,
              **options: Any) -> Path:
        if not self.several and len(ids) != 1:
            raise ValueError(f"the {self.subject} format {self.name} writes one record per "
                             f"file, not {len(ids)}")
        return self.writer(session, ids, Path(out), progress, cancelled, **options)

    def with_extension(self, path: Path) -> Path:
        """`path`, ending in the format's extension (a name typed without one gets it)."""
        path = Path(path)
        return path if path.suffix.lower() == self.extension else path.with_suffix(self.extension)


def _minutes_pdf(session: Session, ids: Sequence[int], out: Path, progress: Progress | None,
                 cancelled: Cancelled | None, **options: Any) -> Path:
    from ogp_desktop.export.minutes import export_meeting_pdf

    return export_meeting_pdf(session, ids[0], out, seal=options.get("seal"),
                              seal_options=options.get("seal_options"))


def _minutes_json(session: Session, ids: Sequence[int], out: Path, progress: Progress | None,
                  cancelled: Cancelled | None, **options: Any) -> Path:
    from ogp_desktop.export.minutes import export_minutes_json

    return export_minutes_json(session, ids[0], out)


def _register_pdf(session: Session, ids: Sequence[int], out: Path, progress: Progress | None,
                  cancelled: Cancelled | None, **options: Any) -> Path:
    from ogp_desktop.export.minutes import export_bundle_pdf

    return export_bundle_pdf(session, list(ids), out, progress=progress, cancelled=cancelled)


def _plan_report_pdf(session: Session, ids: Sequence[int], out: Path, progress: Progress | None,
                     cancelled: Cancelled | None, **options: Any) -> Path:
    from ogp_desktop.export.plan_report import export_plan_report_pdf

    return export_plan_report_pdf(session, ids[0], out, today=options.get("today"))


def _plan_ics(session: Session, ids: Sequence[int], out: Path, progress: Progress | None,
              cancelled: Cancelled | None, **options: Any) -> Path:
    from ogp_desktop.export.ics import export_calendar

    return export_calendar(session, ids[0], out)


def _progress(name: str) -> Writer:
    def write(session: Session, ids: Sequence[int], out: Path, progress: Progress | None,
              cancelled: Cancelled | None, **options: Any) -> Path:
        from ogp_desktop.export.progress_report import export_progress_report

        return export_progress_report(session, ids[0], out, fmt=name,
                                      language=options.get("language") or "ar",
                                      today=options.get("today"))

    return write


FORMATS: tuple[Format, ...] = (
    Format("json", "minutes", ".json", _n("Minutes files (*.json)"), _minutes_json),
    Format("pdf", "minutes", ".pdf", _n("PDF files (*.pdf)"), _minutes_pdf),
    Format("register", "minutes", ".pdf", _n("PDF files (*.pdf)"), _register_pdf, several=True),
    Format("pdf", "plan", ".pdf", _n("PDF files (*.pdf)"), _plan_report_pdf),
    Format("ics", "plan", ".ics", _n("Calendar files (*.ics)"), _plan_ics),
    # the progress report on a plan's commitments (export/progress_report.py)
    Format("pdf", "progress", ".pdf", _n("PDF files (*.pdf)"), _progress("pdf")),
    Format("docx", "progress", ".docx", _n("Word files (*.docx)"), _progress("docx")),
)


def formats(subject: Subject, *, several: bool = False) -> list[Format]:
    """The formats of `subject`, in the registry's order: one record per file, or (with
    `several`) the ones holding many records in one file."""
    return [f for f in FORMATS if f.subject == subject and f.several == several]


def names(subject: Subject) -> list[str]:
    """What `--format` takes for `subject` (one record per file)."""
    return [f.name for f in formats(subject)]


def get(subject: Subject, name: str, *, several: bool = False) -> Format:
    for f in formats(subject, several=several):
        if f.name == name:
            return f
    raise KeyError(f"no {subject} export format {name!r}")


def write_each(fmt: Format, session: Session, ids: Sequence[int], folder: Path, *,
               progress: Progress | None = None, cancelled: Cancelled | None = None,
               **options: Any) -> list[Path]:
    """One file per meeting in `fmt` into `folder` (made inside an existing folder), named
    from each meeting's date and title; stops between files when `cancelled()`. `options`
    go to each file's writer (minutes' PDF: `seal`, the unit's seal key for the signed
    ones, and `seal_options`, export.signing.SigningOptions, shared by the batch)."""
    from ogp_desktop.export.minutes import write_each as write_meetings

    if fmt.subject != "minutes" or fmt.several:
        raise ValueError(f"{fmt.subject} format {fmt.name} is not written one meeting per file")
    return write_meetings(lambda s, meeting_id, path: fmt.write(s, [meeting_id], path,
                                                                **options),
                          fmt.extension, session, list(ids), Path(folder), progress=progress,
                          cancelled=cancelled)
