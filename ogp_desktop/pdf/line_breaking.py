"""Line breaking in logical order and the display lines built from it.

Order of operations (see the project guide "Arabic in PDF"):

1. a paragraph is split on line feeds and other paragraph separators first;
2. it is shaped in logical order by arabic-reshaper (harakat kept, lam-alef ligatures only);
3. bidi embedding levels are resolved once for the whole shaped paragraph (UAX #9, by GNU
   FriBidi, which does isolates and bracket pairs; see `fribidi`);
4. the shaped paragraph is broken into lines in logical order, measuring the shaped text
   with the width it will really have (including per-character font fallback);
5. each line is reordered for display (rules L1, L2 applied to the line, with the paragraph's
   levels), characters at right-to-left levels are mirrored (L4: "(" faces the right way)
   and the invisible bidi controls are dropped (`bidi.reorder_line`);
6. the visual line is cut into font runs (`fonts.font_runs`) and drawn left to right
   (`drawing.draw_runs`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics

from . import fonts
from .bidi import RTL, bidi_levels, mirror_look, reorder_line
from .shaping import is_invisible, sanitize, shape, split_paragraphs


@dataclass
class Line:
    logical: str  # shaped text of the line, logical order, no surrounding spaces
    visual: str  # display order, as it looks (mirrored brackets substituted)
    runs: list[tuple[str, str]]  # (font, text) left to right
    width: float
    last: bool = False  # last line of its paragraph (not justified)


_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


def _words(shaped: str) -> list[tuple[int, int, int]]:
    """(start, end_of_word, end_with_spaces) for each word; break opportunities are runs
    of U+0020 only (NBSP and other spaces do not break)."""
    words = []
    n = len(shaped)
    i = 0
    while i < n and shaped[i] == " ":
        i += 1
    while i < n:
        j = i
        while j < n and shaped[j] != " ":
            j += 1
        k = j
        while k < n and shaped[k] == " ":
            k += 1
        words.append((i, j, k))
        i = k
    return words


def _script(word: str) -> str:
    """'L' for a word of left-to-right letters only, 'R' for right-to-left letters only,
    '' otherwise (numbers, punctuation, mixed)."""
    has_l = has_r = False
    for ch in word:
        t = unicodedata.bidirectional(ch)
        if t == "L":
            has_l = True
        elif t in ("R", "AL"):
            has_r = True
    if has_l and not has_r:
        return "L"
    if has_r and not has_l:
        return "R"
    return ""


_MAX_PHRASE = 4


def _groups(shaped: str, words: list[tuple[int, int, int]], rtl: bool) -> list[list[int]]:
    """Words that should stay on one line when possible: a lone dash with its neighbours
    ("9:00 - 10:30"), and short runs of the opposite script inside a paragraph ("Task Force",
    "Google Form" in Arabic; an Arabic name in English), which would otherwise read
    confusingly across a line break."""
    foreign = "L" if rtl else "R"
    groups: list[list[int]] = []
    glue_next = False
    prev_script = ""
    for idx, (a, b, _c) in enumerate(words):
        word = shaped[a:b]
        is_dash = bool(word) and all(ch in _DASHES for ch in word)
        script = _script(word)
        glue = bool(groups) and (
            is_dash or glue_next or
            (script == foreign and prev_script == foreign and len(groups[-1]) < _MAX_PHRASE)
        )
        if glue:
            groups[-1].append(idx)
        else:
            groups.append([idx])
        glue_next = is_dash
        prev_script = script
    return groups


class _Measure:
    """Widths of characters as drawn (fallback included), cached per font and size."""

    def __init__(self, font: str, size: float):
        self.font = font
        self.size = size
        self._cache: dict[str, float] = {}

    def width(self, text: str) -> float:
        w = 0.0
        cache = self._cache
        for ch in text:
            v = cache.get(ch)
            if v is None:
                if is_invisible(ch):
                    v = 0.0
                else:
                    f, c = fonts.pick_font(ch, self.font)
                    v = pdfmetrics.stringWidth(c, f, self.size)
                cache[ch] = v
            w += v
        return w


_MEASURES: dict[tuple[str, float], _Measure] = {}


def _measure(font: str, size: float) -> _Measure:
    key = (font, float(size))
    m = _MEASURES.get(key)
    if m is None:
        fonts.register_fonts()
        m = _MEASURES[key] = _Measure(font, size)
    return m


def _split_long(shaped: str, start: int, end: int, width: float, m: _Measure) -> list[tuple[int, int]]:
    """Cut a word wider than the line into pieces (never between a base and its marks)."""
    pieces = []
    i = start
    while i < end:
        w = 0.0
        j = i
        while j < end:
            # cluster: base + following combining marks
            k = j + 1
            while k < end and unicodedata.combining(shaped[k]):
                k += 1
            cw = m.width(shaped[j:k])
            if w + cw > width and j > i:
                break
            w += cw
            j = k
        pieces.append((i, j))
        i = j
    return pieces


@dataclass
class _OpenLine:
    """The line being filled by `break_lines`: where it starts (None: no line open), where
    its last word ends, its width, the width of the spaces after it, the width available."""

    avail: float
    start: int | None = None
    end: int = 0
    w: float = 0.0
    space: float = 0.0


def break_lines(shaped: str, font: str, size: float, width: float,
                first_width: float | None = None, rtl: bool = True) -> list[tuple[int, int]]:
    """Greedy line breaking in logical order: (start, end) slices of `shaped` with no
    leading/trailing spaces. Groups (see `_groups`) break inside only when wider than a
    line; words wider than a line are cut between characters."""
    m = _measure(font, size)
    words = _words(shaped)
    if not words:
        return [(0, 0)]
    lines: list[tuple[int, int]] = []
    st = _OpenLine(avail=first_width if first_width is not None else width)
    eps = 0.01

    def flush(start: int) -> None:
        lines.append((start, st.end))
        st.start = None
        st.avail = width

    def begin(a: int, b: int, c: int, ww: float) -> None:
        st.start, st.end, st.w = a, b, ww
        st.space = m.width(shaped[b:c])

    def add(a: int, b: int, c: int, sub: list[tuple[int, int, int]] | None) -> None:
        ww = m.width(shaped[a:b])
        if st.start is not None and st.w + st.space + ww <= st.avail + eps:
            st.end = b
            st.w += st.space + ww
            st.space = m.width(shaped[b:c])
            return
        if st.start is not None:
            flush(st.start)
        if ww <= st.avail + eps:
            begin(a, b, c, ww)
        elif sub is not None and len(sub) > 1:
            for (wa, wb, wc) in sub:
                add(wa, wb, wc, None)
        else:
            pieces = _split_long(shaped, a, b, st.avail, m)
            for pa, pb in pieces[:-1]:
                lines.append((pa, pb))
                st.avail = width
            pa = pieces[-1][0]
            begin(pa, b, c, m.width(shaped[pa:b]))

    for g in _groups(shaped, words, rtl):
        a = words[g[0]][0]
        b, c = words[g[-1]][1], words[g[-1]][2]
        add(a, b, c, [words[i] for i in g] if len(g) > 1 else None)
    if st.start is not None:
        lines.append((st.start, st.end))
    return lines


def layout(text: str | None, font: str, size: float, width: float, direction: str = RTL,
           first_width: float | None = None) -> list[Line]:
    """Lay a (possibly multi-paragraph) text out into display lines."""
    rtl = direction == RTL
    m = _measure(font, size)
    out: list[Line] = []
    first = True
    for par in split_paragraphs(text):
        par = sanitize(par)
        shaped = shape(par)
        levels = bidi_levels(shaped, rtl)
        slices = break_lines(shaped, font, size, width, first_width if first else None, rtl)
        first = False
        for n, (a, b) in enumerate(slices):
            logical = shaped[a:b]
            visual, mirrored = reorder_line(logical, levels[a:b], rtl)
            runs = fonts.font_runs(visual, font, mirrored)
            out.append(Line(logical, mirror_look(visual, mirrored), runs, m.width(logical),
                            last=(n == len(slices) - 1)))
    return out


def display(text: str, direction: str = RTL) -> str:
    """One line of text in display order (no wrapping): shaped, reordered, mirrored."""
    rtl = direction == RTL
    parts = []
    for par in split_paragraphs(text):
        shaped = shape(sanitize(par))
        parts.append(mirror_look(*reorder_line(shaped, bidi_levels(shaped, rtl), rtl)))
    return " ".join(parts)


def display_runs(text: str, font: str, direction: str = RTL) -> list[tuple[str, str]]:
    """Font runs of one unwrapped line (paragraph separators become spaces)."""
    rtl = direction == RTL
    runs: list[tuple[str, str]] = []
    for k, par in enumerate(split_paragraphs(text)):
        shaped = shape(sanitize(par))
        visual, mirrored = reorder_line(shaped, bidi_levels(shaped, rtl), rtl)
        if k:
            runs.append((font, " "))
        runs.extend(fonts.font_runs(visual, font, mirrored))
    return runs
