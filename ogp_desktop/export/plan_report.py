"""A plan's progress report (تقرير سير العمل) to a PDF file: `core.services.plan_report`
builds the document, `pdf.plan_report` lays it out, `files` writes it atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from ogp_desktop.core.models import Plan
from ogp_desktop.core.services.documents import letterhead
from ogp_desktop.core.services.plan_report import plan_report_document
from ogp_desktop.export.files import write_atomically


def export_plan_report_pdf(
    session: Session, plan: Plan | int | str, output: Path, *, today: dt.date | None = None
) -> Path:
    """Write the plan's progress report to `output` (`today` is the date of the report)."""
    from ogp_desktop.pdf.plan_report import render_plan_report

    doc = plan_report_document(session, plan, today=today)
    head = letterhead(session)
    return write_atomically(Path(output), lambda fh: render_plan_report(doc, head, fh))
