"""The progress (self-assessment) report on a plan's commitments, shaped like the
secretariat's report of seed 003: an introduction, then the findings grouped by commitment,
each a numbered list; here also each commitment's ratings on the IRM's scales, milestones,
action items and evidence.

    render_progress_report(doc, letterhead, out, *, labels=None)

`doc` comes from `core.services.progress.progress_document`; its blocks (the same the Word
file prints) from `core.progress_report.outline`. Right to left for Arabic."""

from __future__ import annotations

import os
from typing import IO, Any

from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from ogp_desktop.core import formatting as fmt
from ogp_desktop.core import labels as labels_mod
from ogp_desktop.core.progress_report import outline

from . import fonts
from .bidi import LTR, RTL
from .flowables import BidiParagraph, ListItem
from .minutes import PRODUCER, heading, letterhead_block, styles
from .plan_report import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PAGE, canvas_class


def report_story(doc: dict[str, Any], letterhead: dict[str, Any] | None, L: dict[str, str]
                 ) -> list[Flowable]:
    st = styles()
    d = RTL if doc.get("language", "ar") == "ar" else LTR
    story: list[Flowable] = list(letterhead_block(letterhead, d, L))
    marker_width = st.body.fontSize * 2.0
    for block in outline(doc, L):
        kind, text = block[0], block[-1]
        if kind == "kind":
            story.append(BidiParagraph(text, st.kind, d, align="center"))
        elif kind == "title":
            story.append(BidiParagraph(text, st.title, d, align="center"))
        elif kind in ("date", "summary"):
            story.append(BidiParagraph(text, st.kind if kind == "date" else st.small, d,
                                       align="center"))
            if kind == "summary":
                story.append(Spacer(1, 8))
        elif kind == "para":
            story.append(BidiParagraph(text, st.body, d, align="justify"))
        elif kind == "heading":
            story += heading(text, d)
        elif kind == "subheading":
            sub = BidiParagraph(text, st.bold, d)
            sub.keepWithNext = 1
            story.append(sub)
        elif kind == "line":
            story.append(BidiParagraph(text, st.body, d))
        elif kind == "item":
            story.append(ListItem(f"{block[1]}.", text, st.body, d, marker_width=marker_width))
    return story


def render_progress_report(doc: dict[str, Any], letterhead: dict[str, Any] | None,
                           out: str | os.PathLike[str] | IO[bytes], *,
                           labels: dict[str, str] | None = None) -> None:
    """Render the report to `out` (a path or a binary file object)."""
    lang = "ar" if doc.get("language", "ar") == "ar" else "en"
    d = RTL if lang == "ar" else LTR
    L = labels_mod.get(lang, labels)
    fonts.register_fonts()
    width = PAGE[0] - 2 * MARGIN_X
    title = next(b[-1] for b in outline(doc, L) if b[0] == "title")
    date_text = L["pp_footer_date"].format(date=fmt.date_medium(doc["date"], lang))
    story = report_story(doc, letterhead, L)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    target = str(out) if isinstance(out, (str, os.PathLike)) else out
    lh = letterhead or {}
    author = " / ".join(p for p in ((lh.get("unit") or "").strip(),
                                    (lh.get("ministry") or "").strip()) if p) or PRODUCER
    template = BaseDocTemplate(
        target, pagesize=PAGE,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=title, author=author, subject=L["pp_document_kind"],
        keywords=f"ogp-progress-report; plan={doc['plan'].get('uuid')}",  # type: ignore[arg-type]  # a str is kept as is; stubs say list
        creator=PRODUCER, producer=f"{PRODUCER} (ReportLab)", invariant=1, lang=lang,
        initialFontName=fonts.REGULAR, initialFontSize=12, initialLeading=21,
        displayDocTitle=1, direction="R2L" if lang == "ar" else None,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story, canvasmaker=canvas_class(L, d, title, date_text))
