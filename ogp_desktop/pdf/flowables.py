"""ReportLab flowables for bidirectional text: a wrapping paragraph that splits across pages,
list items with their marker on the reading side, and bullet or numbered lists."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from . import fonts
from .bidi import LTR, RTL
from .drawing import draw_line, draw_runs, draw_segments
from .line_breaking import Line, layout

_ASC = 1124.0
_DESC = 634.0


def _baseline_offset(leading: float, size: float) -> float:
    """Distance from the top of a line box to the baseline (Amiri's ascent/descent ratio)."""
    return (leading - size * (_ASC + _DESC) / 1000.0) / 2.0 + size * _ASC / 1000.0


class BidiParagraph(Flowable):
    """A paragraph of Arabic/Latin text that wraps in logical order and splits across pages.

    `style` is a ReportLab ParagraphStyle (fontName, fontSize, leading, textColor,
    spaceBefore, spaceAfter, leftIndent, rightIndent, firstLineIndent). `align` is 'start'
    (right for Arabic, left for English), 'end', 'center' or 'justify' (last line of each
    paragraph at the start side).
    """

    # False on the continuation of a paragraph split across pages: its first line takes no
    # first-line indent
    first_line_is_first: bool = True

    def __init__(self, text: str | None, style: ParagraphStyle, direction: str = RTL,
                 align: str = "start", *, _lines: list[Line] | None = None, _width: float | None = None,
                 keep_space_before: bool = True, keep_space_after: bool = True):
        super().__init__()
        self.text = text or ""
        self.style = style
        self.direction = direction
        self.align = align
        self._lines = _lines
        self._lines_width = _width
        self._fixed = _lines is not None
        self._keep_sb = keep_space_before
        self._keep_sa = keep_space_after
        self.spaceBefore = style.spaceBefore if keep_space_before else 0
        self.spaceAfter = style.spaceAfter if keep_space_after else 0

    def __repr__(self) -> str:
        return f"BidiParagraph({self.text[:30]!r}...)"

    # -- layout
    def _text_width(self, avail: float) -> float:
        return max(1.0, float(avail - self.style.leftIndent - self.style.rightIndent))

    def lines(self, avail: float) -> list[Line]:
        if self._fixed and self._lines is not None:
            return self._lines
        if self._lines is None or self._lines_width != avail:
            fonts.register_fonts()
            w = self._text_width(avail)
            first = w - self.style.firstLineIndent if self.style.firstLineIndent else None
            self._lines = layout(self.text, self.style.fontName, self.style.fontSize, w,
                                 self.direction, first_width=first)
            self._lines_width = avail
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self.lines(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return availWidth, self.height

    def minWidth(self) -> float:
        return float(self.style.fontSize * 4)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return list(self.split_parts(availWidth, availHeight))

    def split_parts(self, availWidth: float, availHeight: float) -> list[BidiParagraph]:
        """`split`, typed as the paragraphs it returns (ListItem wraps them)."""
        lines = self.lines(availWidth)
        leading = self.style.leading
        fit = int((availHeight + 1e-6) // leading)
        n = len(lines)
        if fit >= n:
            return [self]
        if fit <= 0:
            return []
        # widow/orphan control: at least two lines on each side of a page break
        if n >= 3:
            if n - fit < 2:
                fit = n - 2
            if fit < 2:
                return []
        a = BidiParagraph(self.text, self.style, self.direction, self.align, _lines=lines[:fit],
                          _width=availWidth, keep_space_before=self._keep_sb, keep_space_after=False)
        b = BidiParagraph(self.text, self.style, self.direction, self.align, _lines=lines[fit:],
                          _width=availWidth, keep_space_before=False, keep_space_after=self._keep_sa)
        a.first_line_is_first = self.first_line_is_first
        b.first_line_is_first = False
        return [a, b]

    # -- drawing
    def draw(self) -> None:
        st = self.style
        canv = self.canv
        size = st.fontSize
        leading = st.leading
        color = st.textColor
        rtl = self.direction == RTL
        left = st.leftIndent
        right = self.width - st.rightIndent
        y = self.height - _baseline_offset(leading, size)
        first_para_line = self.first_line_is_first
        for i, line in enumerate(self.lines(self.width)):
            indent = st.firstLineIndent if (i == 0 and first_para_line) else 0
            x0, x1 = left, right
            if indent:
                if rtl:
                    x1 -= indent
                else:
                    x0 += indent
            w = fonts.runs_width(line.runs, size)
            align = self.align
            if align == "justify" and (line.last or " " not in line.visual.strip()):
                align = "start"
            if align == "start":
                align = "right" if rtl else "left"
            elif align == "end":
                align = "left" if rtl else "right"
            if align == "justify":
                self._draw_justified(line, x0, x1, y, size, color, w)
            else:
                if align == "right":
                    x = x1 - w
                elif align == "center":
                    x = (x0 + x1 - w) / 2
                else:
                    x = x0
                draw_runs(canv, x, y, line.runs, size, color)
            y -= leading

    def _draw_justified(self, line: Line, x0: float, x1: float, y: float, size: float, color: Color | None,
                        w: float) -> None:
        words: list[list[tuple[str, str]]] = [[]]
        for f, t in line.runs:
            for k, part in enumerate(t.split(" ")):
                if k:
                    words.append([])
                if part:
                    words[-1].append((f, part))
        gaps = len(words) - 1
        extra = (x1 - x0 - w) / gaps if gaps else 0
        space_w = fonts.text_width(" ", self.style.fontName, size)
        if extra > space_w * 2.5:  # too loose: do not justify this line
            x = x1 - w if self.direction == RTL else x0
            draw_runs(self.canv, x, y, line.runs, size, color)
            return
        x = x0
        segments = []
        for k, runs in enumerate(words):
            if k < gaps:
                runs = runs + [(self.style.fontName, " ")]
            segments.append((x, runs))
            x += fonts.runs_width(runs, size) + extra
        draw_segments(self.canv, y, segments, size, color)


class ListItem(Flowable):
    """A paragraph with a marker (bullet or number) on the reading side; splits across pages
    (the marker stays with the first part)."""

    def __init__(self, marker: str | None, text: str, style: ParagraphStyle, direction: str = RTL,
                 marker_width: float | None = None, align: str = "start", *,
                 _para: BidiParagraph | None = None, _show_marker: bool = True):
        super().__init__()
        self.marker = marker
        self.style = style
        self.direction = direction
        self.marker_width = marker_width if marker_width is not None else style.fontSize * 1.6
        self.para = _para or BidiParagraph(text, style, direction, align)
        self.show_marker = _show_marker
        self.spaceBefore = self.para.spaceBefore
        self.spaceAfter = self.para.spaceAfter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        _, h = self.para.wrap(availWidth - self.marker_width, availHeight)
        self.height = h
        return availWidth, h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self.para.split_parts(availWidth - self.marker_width, availHeight)
        if not parts:
            return []
        if len(parts) == 1:
            return [self]
        a = ListItem(self.marker, "", self.style, self.direction, self.marker_width, _para=parts[0],
                     _show_marker=self.show_marker)
        b = ListItem(self.marker, "", self.style, self.direction, self.marker_width, _para=parts[1],
                     _show_marker=False)
        a.spaceAfter = 0
        b.spaceBefore = 0
        return [a, b]

    def draw(self) -> None:
        canv = self.canv
        st = self.style
        rtl = self.direction == RTL
        pw = self.width - self.marker_width
        x_para = 0 if rtl else self.marker_width
        self.para.wrap(pw, self.height)
        self.para.drawOn(canv, x_para, 0)
        if self.show_marker and self.marker:
            y = self.height - _baseline_offset(st.leading, st.fontSize)
            if rtl:
                draw_line(canv, self.marker, self.width - st.rightIndent, y, font=st.fontName,
                          size=st.fontSize, direction=RTL, anchor="right", color=st.textColor)
            else:
                draw_line(canv, self.marker, st.leftIndent, y, font=st.fontName,
                          size=st.fontSize, direction=LTR, anchor="left", color=st.textColor)


BULLET = "\u2022"


def number_marker(n: int, direction: str = RTL) -> str:
    """Marker of the n-th numbered item: "1." (displayed ".1" at the right margin in
    Arabic, as Arabic word processors print it)."""
    return f"{n}."


def bidi_list(items: Iterable[str], style: ParagraphStyle, direction: str = RTL, *,
              numbered: bool = False, start: int = 1, bullet: str = BULLET,
              align: str = "start") -> list[Flowable]:
    """Bullet or numbered list: one ListItem per item, markers on the reading side."""
    items = [i for i in items if i is not None]
    if numbered:
        last = start + max(len(items) - 1, 0)
        mw = fonts.text_width(f"{last}.", style.fontName, style.fontSize) + style.fontSize * 0.6
        mw = max(mw, style.fontSize * 1.3)
    else:
        # marker column: a gap of about half an em after the bullet. A wider gap makes
        # poppler (pdftotext) read the bullets as a column of their own and lose the
        # order of the items' lines.
        mw = style.fontSize * 1.0
    out: list[Flowable] = []
    for k, text in enumerate(items):
        marker = number_marker(start + k, direction) if numbered else bullet
        out.append(ListItem(marker, text, style, direction, marker_width=mw, align=align))
    return out
