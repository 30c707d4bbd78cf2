"""The public website with its PDFs: `core.publish` writes the site, this module hands it
the PDFs the way `export-minutes --format pdf` makes them (a key-signed version's PDF as it
was signed; with a seal key, every other signed one sealed, so `verify FILE.pdf` accepts
it) and the progress reports of `export-plan-report`."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from ogp_desktop.core.publish.site import Cancelled, Documents, Progress, PublishResult
from ogp_desktop.core.publish.site import publish as publish_site
from ogp_desktop.core.services.plan_report import PlanReportDocument
from ogp_desktop.export.minutes import meeting_pdf_bytes

if TYPE_CHECKING:
    from ogp_desktop.core.keys.tokens import SignerKey
    from ogp_desktop.export.signing import SigningOptions

__all__ = ["publish"]


def _plan_report(doc: PlanReportDocument, head: dict[str, Any]) -> bytes:
    from ogp_desktop.pdf.plan_report import render_plan_report

    buf = io.BytesIO()
    render_plan_report(doc, head, buf)
    return buf.getvalue()


def publish(session: Session, site_dir: Path | str, plan_ids: list[int | str] | None = None,
            progress: Progress | None = None, cancelled: Cancelled | None = None, *,
            seal: SignerKey | None = None, seal_options: SigningOptions | None = None,
            today: dt.date | None = None) -> PublishResult:
    """Publish the site into `site_dir` (see core.publish.site.publish); minutes signed on
    paper are sealed with `seal` when one is given (timestamped as `seal_options` say)."""
    sealer = None
    seal_id = None
    if seal is not None:
        from ogp_desktop.export.signing import SigningOptions, seal_pdf_bytes

        options = seal_options or SigningOptions()

        def sealer(pdf: bytes) -> bytes:
            return seal_pdf_bytes(pdf, seal, session, options)

        seal_id = _seal_id(seal)
    documents = Documents(minutes_pdf=meeting_pdf_bytes, plan_report_pdf=_plan_report,
                          seal=sealer, seal_id=seal_id)
    return publish_site(session, Path(site_dir), plan_ids, progress, cancelled,
                        documents=documents, today=today)


def _seal_id(seal: SignerKey) -> str:
    """Which seal key made a sealed PDF (its certificate's SHA-256): another key re-seals."""
    from cryptography.hazmat.primitives.serialization import Encoding

    return hashlib.sha256(seal.certificate.public_bytes(Encoding.DER)).hexdigest()
