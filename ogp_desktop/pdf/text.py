"""Bidirectional text engine for the PDF layer: Arabic shaping, line breaking, bidi
reordering and the ReportLab flowables built on them.

Order of operations (see docs in the project guide "Arabic in PDF"):

1. a paragraph is split on line feeds first (the Rust `get_display` mangles them);
2. it is shaped in logical order by arabic-reshaper (harakat kept, lam-alef ligatures only);
3. bidi embedding levels are resolved once for the whole shaped paragraph (UAX #9, by
   python-bidi's Rust implementation, which does isolates and bracket pairs);
4. the shaped paragraph is broken into lines in logical order, measuring the shaped text
   with the width it will really have (including per-character font fallback);
5. each line is reordered for display (rules L1, L2 applied to the line, with the paragraph's
   levels), characters at right-to-left levels are mirrored (L4: "(" faces the right way)
   and the invisible bidi controls are dropped;
6. the visual line is cut into font runs (`fonts.font_runs`) and drawn left to right.

Everything that draws text goes through `draw_runs`, so tests can record every
(font, text) pair that reaches the canvas (`record_drawing`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Sequence

from arabic_reshaper import ArabicReshaper
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from . import fonts

RTL = "rtl"
LTR = "ltr"

# --------------------------------------------------------------------------- shaping

_RESHAPER = ArabicReshaper(
    configuration={
        "delete_harakat": False,  # what users type prints
        "shift_harakat_position": False,
        "delete_tatweel": False,
        # ZWJ support drops a haraka that follows a ZWJ (arabic-reshaper 3.1): off
        "support_zwj": False,
        "support_ligatures": True,
        # only the lam-alef ligatures, which Arabic orthography requires; the word
        # ligatures (e.g. ALLAH) would change how names such as "عبد الله" look.
        "ARABIC LIGATURE ALLAH": False,
    }
)

_PARAGRAPH_SPLIT = re.compile("\r\n|[\n\r\x1c\x1d\x1e\x85\u2028\u2029]")
_ARABIC_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def split_paragraphs(text: str | None) -> list[str]:
    """Split on every kind of line/paragraph separator."""
    if not text:
        return [""]
    return _PARAGRAPH_SPLIT.split(text)


def sanitize(text: str) -> str:
    """Tabs become spaces; other C0/C1 controls (NUL...) and lone surrogates go."""
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc" or cat == "Cs":
            continue
        out.append(ch)
    return "".join(out)


def is_invisible(ch: str) -> bool:
    """Characters that are never drawn: format controls (bidi marks, ZWJ/ZWNJ, BOM, soft hyphen)."""
    return unicodedata.category(ch) == "Cf"


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Arabic contextual forms (presentation forms), logical order preserved."""
    if not _ARABIC_RE.search(text):
        return text
    shaped = _RESHAPER.reshape(text)
    if _letters(shaped) != _letters(text):
        # never lose what a user typed: unshaped letters print, missing ones would not
        return text
    return shaped


def _letters(text: str) -> Counter:
    return Counter(ch for c in text if unicodedata.category(c) != "Cf"
                   for ch in unicodedata.normalize("NFKC", c))


def has_arabic(text: str | None) -> bool:
    return bool(text) and bool(_ARABIC_RE.search(text))


# --------------------------------------------------------------------------- bidi levels

try:  # python-bidi >= 0.5: Rust implementation
    from bidi import get_display as _rust_get_display
except Exception:  # pragma: no cover
    _rust_get_display = None

_MIRRORED = fonts.MIRRORED

_LEVEL_RE = re.compile(r"Level\(\s*(\d+)")


def _levels_rust(text: str, rtl: bool) -> list[int] | None:
    """Resolved embedding levels (rules up to I2, before L1) per character, read from the
    Rust implementation's BidiInfo (reported per UTF-8 byte)."""
    if _rust_get_display is None:
        return None
    try:
        dump = _rust_get_display(text, base_dir="R" if rtl else "L", debug=True)
        start = dump.rfind("levels: [")
        end = dump.find("]", start)
        if start < 0 or end < 0:
            return None
        byte_levels = [int(x) for x in _LEVEL_RE.findall(dump, start, end)]
        data = text.encode("utf-8")
        if len(byte_levels) != len(data):
            return None
        levels = []
        pos = 0
        for ch in text:
            levels.append(byte_levels[pos])
            pos += len(ch.encode("utf-8"))
        return levels
    except Exception:
        return None


def _levels_python(text: str, rtl: bool) -> list[int]:
    """Fallback: the pure-Python implementation (no isolates, no bracket pairs)."""
    try:
        from bidi import algorithm as alg

        storage = alg.get_empty_storage()
        storage["base_level"] = 1 if rtl else 0
        storage["base_dir"] = "R" if rtl else "L"
        alg.get_embedding_levels(text, storage)
        for ch in storage["chars"]:
            if ch["type"] in ("LRI", "RLI", "FSI", "PDI"):
                ch["type"] = ch["orig"] = "ON"
        alg.explicit_embed_and_overrides(storage)
        alg.resolve_weak_types(storage)
        alg.resolve_neutral_types(storage, False)
        alg.resolve_implicit_levels(storage, False)
        levels = [c["level"] for c in storage["chars"]]
        if len(levels) == len(text):
            return levels
    except Exception:
        pass
    base = 1 if rtl else 0
    out = []
    for ch in text:
        t = unicodedata.bidirectional(ch)
        if t in ("R", "AL"):
            out.append(1)
        elif t in ("L",):
            out.append(2 if rtl else 0)
        elif t in ("EN", "AN"):
            out.append(2)
        else:
            out.append(base)
    return out


def bidi_levels(text: str, rtl: bool) -> list[int]:
    if not text:
        return []
    levels = _levels_rust(text, rtl)
    if levels is None:
        levels = _levels_python(text, rtl)
    return levels


_L1_RESET = frozenset(("WS", "FSI", "LRI", "RLI", "PDI", "LRE", "RLE", "LRO", "RLO", "PDF", "BN"))


def reorder_line(chars: str, levels: Sequence[int], rtl: bool) -> tuple[str, frozenset[int]]:
    """Visual order of one line (rules L1, L2), invisible controls removed, and the
    positions (in the visual string) of characters to show mirrored (rule L4). The visual
    string keeps the original characters; see `fonts.mirror_font`."""
    n = len(chars)
    if n == 0:
        return "", frozenset()
    base = 1 if rtl else 0
    lv = list(levels)
    # L1: trailing whitespace / isolate and embedding controls at the end of the line
    i = n - 1
    while i >= 0 and unicodedata.bidirectional(chars[i]) in _L1_RESET:
        lv[i] = base
        i -= 1
    # ... and segment separators (tabs were turned into spaces already)
    idx = list(range(n))
    # L2: from the highest level to the lowest odd level, reverse every run at that level or higher
    hi = max(lv)
    lo = min(lv)
    if lo % 2 == 0:
        lo += 1
    for level in range(hi, lo - 1, -1):
        j = 0
        while j < n:
            if lv[idx[j]] >= level:
                k = j
                while k < n and lv[idx[k]] >= level:
                    k += 1
                idx[j:k] = idx[j:k][::-1]
                j = k
            else:
                j += 1
    out = []
    mirrored = set()
    for p in idx:
        ch = chars[p]
        if is_invisible(ch):
            continue
        if lv[p] % 2 == 1 and ch in _MIRRORED:
            mirrored.add(len(out))
        out.append(ch)
    return "".join(out), frozenset(mirrored)


def mirror_look(visual: str, mirrored: frozenset[int]) -> str:
    """How a visual line looks: mirrored characters replaced by their mirror image."""
    if not mirrored:
        return visual
    return "".join(_MIRRORED.get(c, c) if i in mirrored else c for i, c in enumerate(visual))


# --------------------------------------------------------------------------- line breaking


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
                    v = fonts.pdfmetrics.stringWidth(c, f, self.size)
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
    st = {"start": None, "end": 0, "w": 0.0, "space": 0.0,
          "avail": first_width if first_width is not None else width}
    eps = 0.01

    def flush():
        lines.append((st["start"], st["end"]))
        st["start"] = None
        st["avail"] = width

    def begin(a, b, c, ww):
        st["start"], st["end"], st["w"] = a, b, ww
        st["space"] = m.width(shaped[b:c])

    def add(a, b, c, sub):
        ww = m.width(shaped[a:b])
        if st["start"] is not None and st["w"] + st["space"] + ww <= st["avail"] + eps:
            st["end"] = b
            st["w"] += st["space"] + ww
            st["space"] = m.width(shaped[b:c])
            return
        if st["start"] is not None:
            flush()
        if ww <= st["avail"] + eps:
            begin(a, b, c, ww)
        elif sub is not None and len(sub) > 1:
            for (wa, wb, wc) in sub:
                add(wa, wb, wc, None)
        else:
            pieces = _split_long(shaped, a, b, st["avail"], m)
            for pa, pb in pieces[:-1]:
                lines.append((pa, pb))
                st["avail"] = width
            pa = pieces[-1][0]
            begin(pa, b, c, m.width(shaped[pa:b]))

    for g in _groups(shaped, words, rtl):
        a = words[g[0]][0]
        b, c = words[g[-1]][1], words[g[-1]][2]
        add(a, b, c, [words[i] for i in g] if len(g) > 1 else None)
    if st["start"] is not None:
        lines.append((st["start"], st["end"]))
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


# --------------------------------------------------------------------------- drawing

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
    adv = fonts.pdfmetrics.stringWidth(base, font, 1000)
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


def draw_runs(canv, x: float, y: float, runs: Sequence[tuple[str, str]], size: float,
              color=None) -> None:
    """Draw font runs left to right starting at (x, y) on the baseline.

    Arabic marks (harakat) need positioning that ReportLab cannot do (no OpenType GPOS).
    They are drawn twice: once invisibly (text render mode 3) in the text flow, right where
    an unpositioned mark falls, so that text extraction (pdftotext, copy and paste) sees
    them in order and attached to their letters; and once visibly, centred over their
    letter and stacked (shadda + fatha), inside a marked-content span whose ActualText is a
    space, which extractors skip.
    """
    draw_segments(canv, y, [(x, runs)], size, color)


def draw_segments(canv, y: float, segments: Sequence[tuple[float, Sequence[tuple[str, str]]]],
                  size: float, color=None) -> None:
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
                cur += fonts.pdfmetrics.stringWidth(s, font, size)
                continue
            i, n = 0, len(s)
            while i < n:
                if not _is_rtl_mark(s[i]):
                    j = i
                    while j < n and not _is_rtl_mark(s[j]):
                        j += 1
                    chunk = s[i:j]
                    t.textOut(chunk)
                    cur += fonts.pdfmetrics.stringWidth(chunk, font, size)
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
                    for mk, (dx, dy) in zip(marks, _mark_offsets(font, marks, s[j], size)):
                        overlay.append((font, cur + dx, y + dy, mk))
                else:
                    overlay.extend((font, cur, y, mk) for mk in marks)
                i = j
    if overlay:
        t._code.append("/Span <</ActualText (\\040)>> BDC")
        for font, ox, oy, mk in overlay:
            t.setFont(font, size)
            t.setTextOrigin(ox, oy)
            t.textOut(mk)
        t._code.append("EMC")
    canv.drawText(t)


def line_runs(text: str, font: str, size: float, direction: str) -> tuple[list[tuple[str, str]], float]:
    """Runs and width of a single unwrapped line."""
    runs = display_runs(text, font, direction)
    return runs, fonts.runs_width(runs, size)


def draw_line(canv, text: str, x: float, y: float, *, font: str = fonts.REGULAR, size: float = 10,
              direction: str = RTL, anchor: str = "start", color=None) -> float:
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


# --------------------------------------------------------------------------- flowables

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

    def __repr__(self):
        return f"BidiParagraph({self.text[:30]!r}...)"

    # -- layout
    def _text_width(self, avail: float) -> float:
        return max(1.0, avail - self.style.leftIndent - self.style.rightIndent)

    def lines(self, avail: float) -> list[Line]:
        if self._fixed:
            return self._lines
        if self._lines is None or self._lines_width != avail:
            fonts.register_fonts()
            w = self._text_width(avail)
            first = w - self.style.firstLineIndent if self.style.firstLineIndent else None
            self._lines = layout(self.text, self.style.fontName, self.style.fontSize, w,
                                 self.direction, first_width=first)
            self._lines_width = avail
        return self._lines

    def wrap(self, availWidth, availHeight):
        lines = self.lines(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return availWidth, self.height

    def minWidth(self):
        return self.style.fontSize * 4

    def split(self, availWidth, availHeight):
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
        a.first_line_is_first = getattr(self, "first_line_is_first", True)
        b.first_line_is_first = False
        return [a, b]

    # -- drawing
    def draw(self):
        st = self.style
        canv = self.canv
        size = st.fontSize
        leading = st.leading
        color = st.textColor
        rtl = self.direction == RTL
        left = st.leftIndent
        right = self.width - st.rightIndent
        y = self.height - _baseline_offset(leading, size)
        first_para_line = getattr(self, "first_line_is_first", True)
        for i, line in enumerate(self._lines if self._fixed else self.lines(self.width)):
            indent = st.firstLineIndent if (i == 0 and first_para_line) else 0
            l, r = left, right
            if indent:
                if rtl:
                    r -= indent
                else:
                    l += indent
            w = fonts.runs_width(line.runs, size)
            align = self.align
            if align == "justify" and (line.last or " " not in line.visual.strip()):
                align = "start"
            if align == "start":
                align = "right" if rtl else "left"
            elif align == "end":
                align = "left" if rtl else "right"
            if align == "justify":
                self._draw_justified(line, l, r, y, size, color, w)
            else:
                if align == "right":
                    x = r - w
                elif align == "center":
                    x = (l + r - w) / 2
                else:
                    x = l
                draw_runs(canv, x, y, line.runs, size, color)
            y -= leading

    def _draw_justified(self, line: Line, l: float, r: float, y: float, size: float, color, w: float):
        words: list[list[tuple[str, str]]] = [[]]
        for f, t in line.runs:
            for k, part in enumerate(t.split(" ")):
                if k:
                    words.append([])
                if part:
                    words[-1].append((f, part))
        gaps = len(words) - 1
        extra = (r - l - w) / gaps if gaps else 0
        space_w = fonts.text_width(" ", self.style.fontName, size)
        if extra > space_w * 2.5:  # too loose: do not justify this line
            x = r - w if self.direction == RTL else l
            draw_runs(self.canv, x, y, line.runs, size, color)
            return
        x = l
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
                 marker_width: float | None = None, align: str = "start", *, _para=None, _show_marker=True):
        super().__init__()
        self.marker = marker
        self.style = style
        self.direction = direction
        self.marker_width = marker_width if marker_width is not None else style.fontSize * 1.6
        self.para = _para or BidiParagraph(text, style, direction, align)
        self.show_marker = _show_marker
        self.spaceBefore = self.para.spaceBefore
        self.spaceAfter = self.para.spaceAfter

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        _, h = self.para.wrap(availWidth - self.marker_width, availHeight)
        self.height = h
        return availWidth, h

    def split(self, availWidth, availHeight):
        parts = self.para.split(availWidth - self.marker_width, availHeight)
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

    def draw(self):
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
    out = []
    for k, text in enumerate(items):
        marker = number_marker(start + k, direction) if numbered else bullet
        out.append(ListItem(marker, text, style, direction, marker_width=mw, align=align))
    return out


# --------------------------------------------------------------------------- tables


def table_style(cmds: list) -> TableStyle:
    """A TableStyle whose default cell font is the embedded one (ReportLab's default,
    Helvetica, would otherwise be referenced, unembedded, by any plain-string cell)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)] + list(cmds))


def _cell(value, style: ParagraphStyle, direction: str, align: str = "start"):
    if value is None:
        return BidiParagraph("", style, direction, align)
    if isinstance(value, str):
        return BidiParagraph(value, style, direction, align)
    return value


def label_table(rows: Sequence[tuple[str, object]], direction: str, label_style: ParagraphStyle,
                value_style: ParagraphStyle, width: float, label_width: float, *,
                label_bg=colors.HexColor("#EEF1F5"), grid=colors.HexColor("#9AA5B1"),
                padding: float = 5) -> Table:
    """Two-column label|content table; for Arabic the label column is on the right.
    Values may be strings, flowables or lists of flowables. Splits between rows and, for
    a row taller than a page, inside the row."""
    rtl = direction == RTL
    data = []
    for label, value in rows:
        lab = _cell(label, label_style, direction)
        val = _cell(value, value_style, direction)
        data.append([val, lab] if rtl else [lab, val])
    widths = [width - label_width, label_width] if rtl else [label_width, width - label_width]
    lab_col = 1 if rtl else 0
    t = Table(data, colWidths=widths, splitByRow=1, splitInRow=1, hAlign="CENTER")
    t.setStyle(table_style([
        ("GRID", (0, 0), (-1, -1), 0.6, grid),
        ("BACKGROUND", (lab_col, 0), (lab_col, -1), label_bg),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
    ]))
    return t


def data_table(header: Sequence[str], rows: Sequence[Sequence[object]], col_widths: Sequence[float],
               direction: str, header_style: ParagraphStyle, cell_style: ParagraphStyle, *,
               header_bg=colors.HexColor("#DDE3EA"), grid=colors.HexColor("#9AA5B1"),
               padding: float = 4, zebra=colors.HexColor("#F7F9FB")) -> Table:
    """Table with a header row repeated on every page; columns given in reading order
    (mirrored for Arabic: the first column on the right)."""
    rtl = direction == RTL
    def order(seq):
        seq = list(seq)
        return seq[::-1] if rtl else seq
    data = [order(_cell(h, header_style, direction) for h in header)]
    for row in rows:
        data.append(order(_cell(v, cell_style, direction) for v in row))
    t = Table(data, colWidths=order(col_widths), repeatRows=1, splitByRow=1, splitInRow=1, hAlign="CENTER")
    cmds = [
        ("GRID", (0, 0), (-1, -1), 0.6, grid),
        ("BACKGROUND", (0, 0), (-1, 0), header_bg),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
    ]
    for r in range(2, len(data), 2):
        cmds.append(("BACKGROUND", (0, r), (-1, r), zebra))
    t.setStyle(table_style(cmds))
    return t
