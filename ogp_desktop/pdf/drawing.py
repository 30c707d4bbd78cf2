"""Drawing display lines on a ReportLab canvas, with Arabic marks placed over their letters.

Everything that draws text goes through `draw_runs`, so tests can record every
(font, text) pair that reaches the canvas (`record_drawing`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from reportlab.pdfbase import pdfmetrics

from . import fonts
from .bidi import RTL
from .line_breaking import display_runs

if TYPE_CHECKING:
    from reportlab.lib.colors import Color
    from reportlab.pdfgen.canvas import Canvas

_recorders: list[list[tuple[str, str]]] = []
_rec_lock = threading.Lock()


@contextmanager
def record_drawing() -> Iterator[list[tuple[str, str]]]:
    """Collect every (font, text) pair drawn while the context is active (for tests)."""
    bucket: list[tuple[str, str]] = []
    with _rec_lock:
        _recorders.append(bucket)
    try:
        yield bucket
    finally:
        with _rec_lock:
            _recorders.remove(bucket)


def _is_rtl_mark(ch: str) -> bool:
    return "\u0610" <= ch <= "\u08ff" and unicodedata.combining(ch) != 0


_MARK_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff]")
_MARK_GAP = 110.0  # thousandths of an em between a letter and its mark, or two marks
_MARK_MIN_TOP = 480.0  # marks never come lower than this over short letters
_MARK_MAX_BOTTOM = -140.0
_MARK_LOWEST = -300.0  # below deep descenders (final meem) a kasra stays under the letter's body
_MARK_GAP_BELOW = 60.0
_STACK_GAP = 40.0


def _mark_offsets(font: str, marks: str, base: str, size: float) -> list[tuple[float, float]]:
    """(dx, dy) of each Arabic mark relative to the origin of its base glyph: centred over
    the base's ink, set a little above (or below) the letter itself, and stacked when
    several marks sit on the same side (shadda + fatha). A small stand-in for the
    OpenType mark positioning ReportLab does not do."""
    bb = fonts.glyph_bounds(font, base)
    adv = pdfmetrics.stringWidth(base, font, 1000)
    cx = (bb[0] + bb[2]) / 2 if bb else adv / 2
    top = max(bb[3] if bb else 700.0, _MARK_MIN_TOP)
    bottom = min(bb[1] if bb else -250.0, _MARK_MAX_BOTTOM)
    out = []
    stacked_above = stacked_below = False
    for mk in marks:
        mb = fonts.glyph_bounds(font, mk)
        if mb is None:
            out.append((0.0, 0.0))
            continue
        dx = cx - (mb[0] + mb[2]) / 2
        if (mb[1] + mb[3]) / 2 > 0:  # above the letter
            dy = top + (_STACK_GAP if stacked_above else _MARK_GAP) - mb[1]
            top = mb[3] + dy
            stacked_above = True
        else:
            dy = max(bottom, _MARK_LOWEST) - (_STACK_GAP if stacked_below else _MARK_GAP_BELOW) - mb[3]
            bottom = mb[1] + dy
            stacked_below = True
        out.append((dx * size / 1000.0, dy * size / 1000.0))
    return out


def draw_runs(canv: Canvas, x: float, y: float, runs: Sequence[tuple[str, str]], size: float,
              color: Color | None = None) -> None:
    """Draw font runs left to right starting at (x, y) on the baseline.

    Arabic marks (harakat) need positioning that ReportLab cannot do (no OpenType GPOS).
    They are drawn twice: once invisibly (text render mode 3) in the text flow, right where
    an unpositioned mark falls, so that text extraction (pdftotext, copy and paste) sees
    them in order and attached to their letters; and once visibly, centred over their
    letter and stacked (shadda + fatha), inside a marked-content span whose ActualText is a
    space, which extractors skip.
    """
    draw_segments(canv, y, [(x, runs)], size, color)


def draw_segments(canv: Canvas, y: float, segments: Sequence[tuple[float, Sequence[tuple[str, str]]]],
                  size: float, color: Color | None = None) -> None:
    """Several groups of runs on one baseline, each from its own x (the words of a
    justified line), in one text object: a text object per word made justified text the
    slowest part of a long meeting's PDF. See `draw_runs` for the marks."""
    segments = [(x, runs) for x, runs in segments if runs]
    if not segments:
        return
    if _recorders:
        for bucket in _recorders:
            for _x, runs in segments:
                bucket.extend(runs)
    t = canv.beginText(segments[0][0], y)
    if color is not None:
        t.setFillColor(color)
    overlay: list[tuple[str, float, float, str]] = []  # font, x, y, mark
    current_font = None
    for k, (x, runs) in enumerate(segments):
        if k:
            t.setTextOrigin(x, y)
        cur = x
        for font, s in runs:
            if font != current_font:
                t.setFont(font, size)
                current_font = font
            if not _MARK_RE.search(s):
                t.textOut(s)
                cur += pdfmetrics.stringWidth(s, font, size)
                continue
            i, n = 0, len(s)
            while i < n:
                if not _is_rtl_mark(s[i]):
                    j = i
                    while j < n and not _is_rtl_mark(s[j]):
                        j += 1
                    chunk = s[i:j]
                    t.textOut(chunk)
                    cur += pdfmetrics.stringWidth(chunk, font, size)
                    i = j
                    continue
                j = i
                while j < n and _is_rtl_mark(s[j]):
                    j += 1
                marks = s[i:j]
                t.setTextRenderMode(3)
                t.textOut(marks)
                t.setTextRenderMode(0)
                if j < n and s[j].strip():
                    for mk, (dx, dy) in zip(marks, _mark_offsets(font, marks, s[j], size), strict=True):
                        overlay.append((font, cur + dx, y + dy, mk))
                else:
                    overlay.extend((font, cur, y, mk) for mk in marks)
                i = j
    if overlay:
        # a marked-content span has no public API; the stubs omit the private code list
        t._code.append("/Span <</ActualText (\\040)>> BDC")  # type: ignore[attr-defined]
        for font, ox, oy, mk in overlay:
            t.setFont(font, size)
            t.setTextOrigin(ox, oy)
            t.textOut(mk)
        t._code.append("EMC")  # type: ignore[attr-defined]
    canv.drawText(t)


def line_runs(text: str, font: str, size: float, direction: str) -> tuple[list[tuple[str, str]], float]:
    """Runs and width of a single unwrapped line."""
    runs = display_runs(text, font, direction)
    return runs, fonts.runs_width(runs, size)


def draw_line(canv: Canvas, text: str, x: float, y: float, *, font: str = fonts.REGULAR, size: float = 10,
              direction: str = RTL, anchor: str = "start", color: Color | None = None) -> float:
    """Draw one line of text; `anchor` is where x is: 'left', 'right', 'center', or 'start'/'end'
    (reading-direction relative). Returns the width drawn."""
    fonts.register_fonts()
    runs, w = line_runs(text, font, size, direction)
    if anchor == "start":
        anchor = "right" if direction == RTL else "left"
    elif anchor == "end":
        anchor = "left" if direction == RTL else "right"
    if anchor == "right":
        x0 = x - w
    elif anchor == "center":
        x0 = x - w / 2
    else:
        x0 = x
    draw_runs(canv, x0, y, runs, size, color)
    return w
