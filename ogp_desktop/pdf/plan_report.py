"""The progress report of a national action plan (تقرير سير العمل على خطة العمل), as the
secretariat publishes it: the phases of the plan's preparation with their numbered steps,
dates and what was done, then the upcoming activities.

    render_plan_report(doc, letterhead, out, *, labels=None)

`doc` is a plain dict (built from the records by `core.services.plan_report`, or by hand):

    {"format": "ogp-plan-report/1",
     "language": "ar" | "en",
     "title": str | None,                # default: the label "report_title" with the plan
     "date": "YYYY-MM-DD",               # the date of the report
     "plan": {"title": str, "first_year": int, "last_year": int, "description": str | None,
              "uuid": str | None},
     "phases": [{"number": int, "title": str,
                 "steps": [{"number": int, "title": str, "details": str | None,
                            "start": "YYYY-MM-DD" | None, "end": "YYYY-MM-DD" | None,
                            "key_dates": [{"label": str, "date": "YYYY-MM-DD"}],
                            "done": bool, "state": "done" | "running" | "upcoming" | "late",
                            "responsible": str | None}]}]}     # responsible: not printed

Steps marked done go to the first table ("what was done"), the others to "upcoming
activities" with their state on the report's date; a phase whose steps are in both appears
in both. Arabic reports run right to left with the tables mirrored (the phase column on
the right). `letterhead` = {"ministry", "unit", "logo"} as for minutes; `out` is a path or
a binary file object. Nothing here imports Qt or the database.

Dates are written as the secretariat writes them: 28/4/2021, a range 14/3 – 1/4/2021 (the
year once when both ends share it), named key dates one per line ("نشر الطلب: 10/5/2021").
The date of the report is written in full with babel (ar_JO month names, Western digits).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, TypedDict, TypeVar

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate, Spacer, Table

from ogp_desktop.core import formatting as fmt
from ogp_desktop.core import labels as labels_mod

from . import fonts
from .bidi import LTR, RTL
from .drawing import draw_line, draw_runs
from .flowables import BidiParagraph, ListItem
from .line_breaking import layout
from .minutes import ACCENT, MUTED, PRODUCER, RULE, heading, letterhead_block, styles
from .tables import table_style

if TYPE_CHECKING:  # the report's types only: this package never imports the database layer
    from ogp_desktop.core.services.plan_report import PlanEntry, PlanReportDocument, StepEntry

FORMAT = "ogp-plan-report/1"

_T = TypeVar("_T")

PAGE = A4
MARGIN_X = 1.8 * cm
MARGIN_TOP = 1.7 * cm
MARGIN_BOTTOM = 2.2 * cm

HEADER_BG = colors.HexColor("#DDE3EA")
PHASE_BG = colors.HexColor("#EEF1F5")
GRID = colors.HexColor("#9AA5B1")
LATE = colors.HexColor("#B22222")
CELL_PAD_X = 5


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class _Styles:
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    header: ParagraphStyle
    late: ParagraphStyle


_STYLES: _Styles | None = None


# Line spacing inside the table stays under 1.5 times the font size: poppler (pdftotext,
# and the many tools built on it) joins the lines of a cell into one block only then;
# with looser lines it reads a table line by line across the columns and mixes the cells.
CELL_SIZE = 10.5
CELL_LEADING = round(CELL_SIZE * 1.45, 2)


def _styles() -> _Styles:
    global _STYLES
    if _STYLES is None:
        fonts.register_fonts()
        R, B = fonts.REGULAR, fonts.BOLD

        def s(name: str, font: str, size: float = CELL_SIZE, color: colors.Color = colors.black
              ) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=round(size * 1.45, 2),
                                  textColor=color)

        _STYLES = _Styles(
            cell=s("pr_cell", R),
            cell_bold=s("pr_cell_bold", B, color=ACCENT),
            header=s("pr_header", B),
            late=s("pr_late", B, color=LATE),
        )
    return _STYLES


Labels = dict[str, str]


def _lang(doc: PlanReportDocument) -> str:
    return "ar" if doc.get("language", "ar") == "ar" else "en"


# --------------------------------------------------------------------------- dates


def short_date(value: dt.date | str | None, *, year: bool = True) -> str:
    """14/3/2021 (or 14/3 without the year): how the secretariat's documents write dates,
    day first, Western digits, in both languages."""
    d = fmt.parse_date(value)
    if d is None:
        return str(value or "")
    return f"{d.day}/{d.month}/{d.year}" if year else f"{d.day}/{d.month}"


def date_range(start: dt.date | str | None, end: dt.date | str | None, labels: Labels) -> str:
    """'28/4/2021', '14/3 – 1/4/2021', '28/12/2021 – 3/1/2022'."""
    s, e = fmt.parse_date(start), fmt.parse_date(end)
    if s is None and e is None:
        return labels["none"]
    if s is None or e is None or s == e:
        return short_date(s or e)
    return labels["pr_date_range"].format(start=short_date(s, year=s.year != e.year),
                                          end=short_date(e))


def step_dates(step: StepEntry, labels: Labels) -> list[str]:
    """The lines of a step's date cell: its key dates one per line ("label: date"), and
    its span too when the key dates do not already give it."""
    kds = [k for k in step.get("key_dates") or [] if fmt.parse_date(k.get("date"))]
    lines = []
    s, e = fmt.parse_date(step.get("start")), fmt.parse_date(step.get("end"))
    first, last = s or e, e or s
    if kds:
        days = [d for d in (fmt.parse_date(k["date"]) for k in kds) if d is not None]  # all of them
        if first is not None and (first != min(days) or last != max(days)):
            lines.append(date_range(first, last, labels))
        for k in kds:
            lines.append(labels["pr_key_date"].format(label=(k.get("label") or "").strip(),
                                                      date=short_date(k["date"])))
        return lines
    return [date_range(s, e, labels)]


# --------------------------------------------------------------------------- table


class _PhaseCell(Flowable):
    """The phase of a group of rows: drawn in the group's first row, and again (marked
    as continued) at the top of a page when the group is cut by a page break; hidden in
    the group's other rows, so the column reads like a merged cell."""

    def __init__(self, text: str, continued_text: str, style: ParagraphStyle, direction: str,
                 visible: bool):
        super().__init__()
        self.text = text
        self.continued_text = continued_text
        self.style = style
        self.direction = direction
        self.visible = visible
        self._para = BidiParagraph(text, style, direction) if visible else None

    def continued(self) -> _PhaseCell:
        return _PhaseCell(self.continued_text, self.continued_text, self.style, self.direction, True)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._para is None:
            self.width, self.height = availWidth, 0
            return availWidth, 0
        w, h = self._para.wrap(availWidth, availHeight)
        self.width, self.height = w, h
        return w, h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self._para is None:
            return [self]
        return self._para.split(getattr(self, "width", availWidth), availHeight)

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)


class _Cell(Flowable):
    """The flowables of one table cell. When a row is cut by a page break the cell is
    split at the width it was laid out at: ReportLab hands a cell's flowables the
    column's width *with* its padding when it splits a row (and without it when it
    lays the row out), which would make the lines of a split paragraph overflow."""

    def __init__(self, parts: list[Flowable]):
        super().__init__()
        self.parts = list(parts)
        self._aw: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._aw = availWidth
        self._heights = [p.wrap(availWidth, availHeight)[1] for p in self.parts]
        self.width = availWidth
        self.height = sum(self._heights)
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        aw = self._aw if self._aw is not None else availWidth
        self.wrap(aw, availHeight)
        used = 0.0
        for i, (part, h) in enumerate(zip(self.parts, self._heights, strict=True)):
            if used + h <= availHeight + 1e-6:
                used += h
                continue
            pieces = part.split(aw, availHeight - used)
            if len(pieces) == 2:
                return [_Cell(self.parts[:i] + [pieces[0]]), _Cell([pieces[1]] + self.parts[i + 1:])]
            if i == 0:
                return []
            return [_Cell(self.parts[:i]), _Cell(self.parts[i:])]
        return [self, _Cell([])]

    def draw(self) -> None:
        y = self.height
        for part, h in zip(self.parts, self._heights, strict=True):
            y -= h
            part.drawOn(self.canv, 0, y)


class _ReportTable(Table):
    """A table whose continuation on the next page shows its phase again."""

    phase_col: int = 0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = super().split(availWidth, availHeight)
        for p in parts:
            if isinstance(p, _ReportTable):
                p.phase_col = self.phase_col
        if len(parts) > 1 and len(_cell_values(parts[-1])) > 1:
            before = _phase_cells(_cell_values(parts[0])[-1][self.phase_col])
            row = _cell_values(parts[-1])[1]  # below the repeated header
            after = _phase_cells(row[self.phase_col])
            if before and not any(c.visible for c in after):
                row[self.phase_col] = [before[0].continued()]
        return parts


def _cell_values(table: Flowable) -> list[list[Any]]:
    """The cells of a piece of a split table (Table's private `_cellvalues`)."""
    values: list[list[Any]] = table._cellvalues  # type: ignore[attr-defined]  # not in the stubs
    return values


def _phase_cells(value: object) -> list[_PhaseCell]:
    items = value if isinstance(value, (list, tuple)) else [value]
    return [c for c in items if isinstance(c, _PhaseCell)]


def _step_cell(step: StepEntry, L: Labels, d: str) -> Flowable:
    """The step's number (hanging, on the reading side) and title."""
    st = _styles()
    marker = L["pr_step_number"].format(number=step.get("number", ""))
    mw = max(fonts.text_width("00.", st.cell.fontName, st.cell.fontSize) + 6, st.cell.fontSize * 1.6)
    return _Cell([ListItem(marker, step.get("title") or "", st.cell, d, marker_width=mw)])


def _steps_table(groups: list[_Group], L: Labels, d: str, width: float, *, upcoming: bool) -> Table:
    """phase | step | dates | what was done (done) or state (upcoming); reading order,
    mirrored for Arabic."""
    st = _styles()
    rtl = d == RTL
    if upcoming:
        header = [L["pr_phase"], L["pr_step"], L["pr_dates"], L["pr_state"]]
        widths = [3.2 * cm, 0, 3.6 * cm, 2.4 * cm]
    else:
        header = [L["pr_phase"], L["pr_step"], L["pr_dates"], L["pr_what_was_done"]]
        widths = [3.0 * cm, 0, 3.4 * cm, 5.2 * cm]
    widths[1] = width - sum(widths)

    def order(seq: Iterable[_T]) -> list[_T]:
        items = list(seq)
        return items[::-1] if rtl else items

    data: list[list[_TableCell]] = [order(BidiParagraph(h, st.header, d) for h in header)]
    group_rows: list[tuple[int, int]] = []
    for g in groups:
        first_row = len(data)
        phase_text = L["pr_phase_title"].format(number=g.get("number", ""), title=g.get("title") or "")
        continued = L["pr_continued"].format(phase=phase_text)
        for k, step in enumerate(g["steps"]):
            phase_cell = _PhaseCell(phase_text, continued, st.cell_bold, d, visible=(k == 0))
            dates = _Cell([BidiParagraph(line, st.cell, d) for line in step_dates(step, L)])
            if upcoming:
                state = step.get("state") or ("done" if step.get("done") else "upcoming")
                last = BidiParagraph(L.get(f"pr_state_{state}", state),
                                     st.late if state == "late" else st.cell, d)
            else:
                last = BidiParagraph(step.get("details") or "", st.cell, d)
            data.append(order([[phase_cell], [_step_cell(step, L, d)], [dates], [_Cell([last])]]))
        group_rows.append((first_row, len(data) - 1))

    ncols = 4
    phase_col = ncols - 1 if rtl else 0
    others = (0, ncols - 2) if rtl else (1, ncols - 1)
    cmds = [
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    for c in range(ncols - 1):
        cmds.append(("LINEAFTER", (c, 0), (c, -1), 0.6, GRID))
    for a, b in group_rows:
        if a > 1:
            cmds.append(("LINEABOVE", (0, a), (-1, a), 0.8, GRID))
        cmds.append(("BACKGROUND", (phase_col, a), (phase_col, b), PHASE_BG))
        for r in range(a, b):
            cmds.append(("LINEBELOW", (others[0], r), (others[1], r), 0.4, GRID))
    # rows may break across pages (as Word tables do), so a page is filled before the table
    # moves on; at least about two lines stay on each side of a break
    t = _ReportTable(data, colWidths=order(widths), repeatRows=1, splitByRow=0, splitInRow=30,
                     hAlign="CENTER")
    t.phase_col = phase_col
    t.setStyle(table_style(cmds))
    return t


# a cell of the steps table: a header paragraph, or a row cell's flowables
_TableCell = Flowable | list[Flowable]


class _Group(TypedDict):
    """A phase with those of its steps that go in one of the two tables."""

    number: int | None
    title: str | None
    steps: list[StepEntry]


def _groups(doc: PlanReportDocument, done: bool) -> list[_Group]:
    out: list[_Group] = []
    for ph in sorted(doc.get("phases") or [], key=lambda p: p.get("number") or 0):
        steps = [s for s in ph.get("steps") or [] if bool(s.get("done")) == done]
        steps.sort(key=lambda s: s.get("number") or 0)
        if steps:
            out.append({"number": ph.get("number"), "title": ph.get("title"), "steps": steps})
    return out


def report_title(doc: PlanReportDocument, L: Labels) -> str:
    title = doc.get("title") or ""
    if title.strip():
        return title
    plan = doc.get("plan") or {}
    return L["pr_title"].format(plan=plan.get("title") or "", years=_years(plan, L)).strip()


def _years(plan: PlanEntry | dict[str, Any], L: Labels) -> str:
    first, last = plan.get("first_year"), plan.get("last_year")
    if not first:
        return ""
    if not last or last == first:
        return str(first)
    return L["pr_years"].format(first=first, last=last)


def _section_heading(text: str, d: str) -> list[Flowable]:
    """A heading that starts a new page unless there is room below it for the table's
    header and a row or two (a long table is split across pages, not moved whole)."""
    parts = heading(text, d)
    for f in parts:
        f.keepWithNext = 0
    return [CondPageBreak(4.5 * cm)] + parts


def report_story(doc: PlanReportDocument, letterhead: dict[str, Any] | None, L: Labels,
                 width: float) -> list[Flowable]:
    st = styles()
    lang = _lang(doc)
    d = RTL if lang == "ar" else LTR
    plan = doc.get("plan") or {}
    story: list[Flowable] = []
    story += letterhead_block(letterhead, d, L)
    story.append(BidiParagraph(L["pr_document_kind"], st.kind, d, align="center"))
    story.append(BidiParagraph(report_title(doc, L), st.title, d, align="center"))
    if doc.get("date"):
        story.append(BidiParagraph(L["pr_report_date"].format(date=fmt.date_long(doc["date"], lang)),
                                   st.kind, d, align="center"))
    steps = [s for ph in doc.get("phases") or [] for s in ph.get("steps") or []]
    story.append(BidiParagraph(
        L["pr_summary"].format(done=fmt.number(sum(1 for s in steps if s.get("done")), lang),
                               total=fmt.number(len(steps), lang)),
        st.small, d, align="center"))
    story.append(Spacer(1, 8))
    description = (plan.get("description") or "").strip()
    if description:
        story.append(BidiParagraph(description, st.body, d, align="justify"))
    story.append(BidiParagraph(
        L["pr_phases_intro"].format(plan=plan.get("title") or "", years=_years(plan, L)),
        st.body, d))

    done = _groups(doc, True)
    story += _section_heading(L["pr_done_section"], d)
    if done:
        story.append(_steps_table(done, L, d, width, upcoming=False))
    else:
        story.append(BidiParagraph(L["pr_no_steps"], st.body, d))
    story.append(Spacer(1, 6))
    upcoming = _groups(doc, False)
    story += _section_heading(L["pr_upcoming_section"], d)
    if upcoming:
        story.append(_steps_table(upcoming, L, d, width, upcoming=True))
    else:
        story.append(BidiParagraph(L["pr_no_steps"], st.body, d))
    return story


# --------------------------------------------------------------------------- page furniture


def canvas_class(L: Labels, direction: str, title: str, date_text: str) -> type[Canvas]:
    """Pages with the report's furniture (page n of m, the date, the title from page 2);
    also the progress report's (pdf.progress_report)."""
    class _ReportCanvas(Canvas):
        """Pages are kept until the end, when "page n of m" can be written."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # Canvas's private page reset, not in the stubs

        def save(self) -> None:
            total = len(self._pages)
            for i, state in enumerate(self._pages):
                self.__dict__.update(state)
                _furniture(self, L, direction, i + 1, total, title, date_text)
                Canvas.showPage(self)
            self._pages = []
            Canvas.save(self)

    return _ReportCanvas


def _furniture(canv: Canvas, L: Labels, d: str, page: int, pages: int, title: str,
               date_text: str) -> None:
    w, h = PAGE
    left, right = MARGIN_X, w - MARGIN_X
    size = 8.5
    y = MARGIN_BOTTOM - 0.75 * cm
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(left, y + 11, right, y + 11)
    canv.restoreState()
    draw_line(canv, L["page_x_of_y"].format(page=page, pages=pages), w / 2, y, font=fonts.REGULAR,
              size=size, direction=d, anchor="center", color=MUTED)
    start_x = right if d == RTL else left
    if date_text:
        draw_line(canv, date_text, start_x, y, font=fonts.REGULAR, size=size, direction=d,
                  anchor="start", color=MUTED)
    if page > 1:
        lines = layout(title, fonts.REGULAR, size, right - left, d)
        if lines:
            line = lines[0]
            lw = fonts.runs_width(line.runs, size)
            draw_runs(canv, right - lw if d == RTL else left, h - MARGIN_TOP + 14, line.runs, size,
                      MUTED)
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, h - MARGIN_TOP + 9, right, h - MARGIN_TOP + 9)
        canv.restoreState()


def _author(letterhead: dict[str, Any] | None) -> str:
    lh = letterhead or {}
    parts = [(lh.get("unit") or "").strip(), (lh.get("ministry") or "").strip()]
    return " / ".join(p for p in parts if p) or PRODUCER


# --------------------------------------------------------------------------- public API


def render_plan_report(doc: PlanReportDocument, letterhead: dict[str, Any] | None,
                       out: str | os.PathLike[str] | IO[bytes], *, labels: Labels | None = None) -> None:
    """Render a plan's progress report to `out` (path or binary file object)."""
    lang = _lang(doc)
    d = RTL if lang == "ar" else LTR
    L = labels_mod.get(lang, labels)
    fonts.register_fonts()
    width = PAGE[0] - 2 * MARGIN_X
    title = report_title(doc, L)
    date_text = L["pr_footer_date"].format(date=fmt.date_medium(doc["date"], lang)) \
        if doc.get("date") else ""
    story = report_story(doc, letterhead, L, width)
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, width, PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    target = str(out) if isinstance(out, (str, os.PathLike)) else out
    plan = doc.get("plan") or {}
    keywords = "ogp-plan-report" + (f"; plan={plan['uuid']}" if plan.get("uuid") else "")
    template = BaseDocTemplate(
        target, pagesize=PAGE,
        leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        title=title, author=_author(letterhead), subject=L["pr_document_kind"],
        keywords=keywords,  # type: ignore[arg-type]  # a str is accepted (and kept as is); stubs say list
        creator=PRODUCER, producer=f"{PRODUCER} (ReportLab)", invariant=1, lang=lang,
        initialFontName=fonts.REGULAR, initialFontSize=12, initialLeading=21,
        displayDocTitle=1, direction="R2L" if lang == "ar" else None,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story, canvasmaker=canvas_class(L, d, title, date_text))

