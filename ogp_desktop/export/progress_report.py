"""A plan's progress (self-assessment) report on its commitments, as PDF (pdf.progress_report)
or as a Word file (python-docx) for people who edit it in Word afterwards. Both print the
blocks of `core.progress_report.outline`, so they say the same; both are written atomically."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from ogp_desktop.core import labels as labels_mod
from ogp_desktop.core.models import Plan
from ogp_desktop.core.progress_report import outline
from ogp_desktop.core.services.documents import letterhead
from ogp_desktop.core.services.progress import progress_document
from ogp_desktop.export.files import write_atomically


def export_progress_report(session: Session, plan: Plan | int | str, output: Path, *,
                           fmt: str = "pdf", language: str = "ar",
                           today: dt.date | None = None) -> Path:
    """Write the report of `plan` to `output` as `fmt` ('pdf' or 'docx') in `language`."""
    doc = progress_document(session, plan, language=language, today=today)
    head = letterhead(session)
    if fmt == "docx":
        return write_atomically(Path(output), lambda fh: write_docx(doc, head, fh))
    from ogp_desktop.pdf.progress_report import render_progress_report

    return write_atomically(Path(output), lambda fh: render_progress_report(doc, head, fh))


def write_docx(doc: dict[str, Any], head: dict[str, Any] | None, out: IO[bytes]) -> None:
    """The report as a .docx: Word's own headings and numbered paragraphs, right to left
    (paragraphs and runs marked bidi/rtl) for an Arabic report."""
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lang = "ar" if doc.get("language", "ar") == "ar" else "en"
    rtl = lang == "ar"
    L = labels_mod.get(lang)
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    start = WD_ALIGN_PARAGRAPH.RIGHT if rtl else WD_ALIGN_PARAGRAPH.LEFT

    def direction(paragraph: Any) -> None:
        if rtl:
            p_pr = paragraph._p.get_or_add_pPr()
            bidi = OxmlElement("w:bidi")
            bidi.set(qn("w:val"), "1")
            p_pr.insert(0, bidi)
            for run in paragraph.runs:
                r_pr = run._r.get_or_add_rPr()
                r_pr.append(OxmlElement("w:rtl"))
                lang_el = OxmlElement("w:lang")
                lang_el.set(qn("w:bidi"), "ar-JO")
                r_pr.append(lang_el)

    def para(text: str, *, style_name: str | None = None, bold: bool = False,
             align: Any = None, size: float | None = None) -> Any:
        p = document.add_paragraph(style=style_name) if style_name else document.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        p.alignment = align if align is not None else start
        direction(p)
        return p

    lh = head or {}
    if lh.get("logo"):
        try:
            document.add_picture(io.BytesIO(lh["logo"]), height=Pt(48))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        except Exception:  # an image Word can not take is left out, not fatal
            pass
    for key in ("ministry", "unit"):
        if (lh.get(key) or "").strip():
            para(lh[key].strip(), bold=key == "ministry", align=WD_ALIGN_PARAGRAPH.CENTER)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for block in outline(doc, L):
        kind, text = block[0], block[-1]
        if kind == "title":
            p = document.add_heading(level=0)
            p.add_run(text)
            p.alignment = center
            direction(p)
            document.core_properties.title = text
        elif kind in ("kind", "date", "summary"):
            para(text, align=center, size=11)
        elif kind == "para":
            para(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        elif kind == "heading":
            p = document.add_heading(level=1)
            p.add_run(text)
            p.alignment = start
            direction(p)
        elif kind == "subheading":
            para(text, bold=True)
        elif kind == "line":
            para(text)
        elif kind == "item":
            para(f"{block[1]}. {text}")
    document.core_properties.subject = L["pp_document_kind"]
    document.core_properties.language = lang
    document.save(out)
