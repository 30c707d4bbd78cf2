"""The fonts every exported PDF uses, registered with ReportLab once per process.

Amiri (OFL) covers Arabic, its presentation forms and Latin; DejaVu Sans is a per-character
fallback for the few symbols Amiri lacks (check marks, geometric shapes...). A character
neither font has is drawn as U+FFFD so that nothing disappears silently from a record.
All fonts come from the bundled `resources/fonts/` (never from the system), so they are
embedded, subsetted, in every PDF.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ogp_desktop.resources import resource

# Internal ReportLab names.  The PDF shows the subset names (e.g. AAAAAA+Amiri-Regular).
REGULAR = "OGP-Amiri"
BOLD = "OGP-Amiri-Bold"
FALLBACK = "OGP-DejaVuSans"
FALLBACK_BOLD = "OGP-DejaVuSans-Bold"

_FILES = {
    REGULAR: "Amiri-Regular.ttf",
    BOLD: "Amiri-Bold.ttf",
    FALLBACK: "DejaVuSans.ttf",
    FALLBACK_BOLD: "DejaVuSans-Bold.ttf",
}
_FALLBACK_OF = {REGULAR: FALLBACK, BOLD: FALLBACK_BOLD, FALLBACK: FALLBACK, FALLBACK_BOLD: FALLBACK_BOLD}

REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_registered = False


@dataclass(frozen=True)
class FontFace:
    name: str
    cmap: frozenset[int]


def register_fonts() -> None:
    """Register the bundled fonts with ReportLab (idempotent, thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = resource("fonts", filename)
            # asciiReadable=False keeps the embedded subset compact; subsetting is ReportLab's default.
            pdfmetrics.registerFont(TTFont(name, str(path)))
        from reportlab.lib.fonts import addMapping

        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


@lru_cache(maxsize=None)
def coverage(font_name: str) -> frozenset[int]:
    """Code points the registered font `font_name` maps to a glyph."""
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph.keys())


def fallback_of(font_name: str) -> str:
    return _FALLBACK_OF.get(font_name, FALLBACK)


def font_file(font_name: str):
    """Path of the bundled file behind a registered name (used by tests)."""
    return resource("fonts", _FILES[font_name])


def pick_font(ch: str, font_name: str) -> tuple[str, str]:
    """(font, character to draw) for one character: the font itself, else its fallback,
    else U+FFFD in whichever of the two has it."""
    cp = ord(ch)
    if cp in coverage(font_name):
        return font_name, ch
    fb = fallback_of(font_name)
    if cp in coverage(fb):
        return fb, ch
    if ord(REPLACEMENT) in coverage(font_name):
        return font_name, REPLACEMENT
    return fb, REPLACEMENT


def font_runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """Split `text` into (font, text) runs so that every character has a glyph in the
    font it is drawn with."""
    if not text:
        return []
    cov = coverage(font_name)
    # fast path: everything in the main font
    if all(ord(c) in cov for c in text):
        return [(font_name, text)]
    runs: list[tuple[str, str]] = []
    cur_font = None
    buf: list[str] = []
    for ch in text:
        f, c = pick_font(ch, font_name)
        if f != cur_font and buf:
            runs.append((cur_font, "".join(buf)))
            buf = []
        cur_font = f
        buf.append(c)
    if buf:
        runs.append((cur_font, "".join(buf)))
    return runs


def runs_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs)


def text_width(text: str, font_name: str, size: float) -> float:
    """Width of `text` as it will be drawn (with per-character fallback)."""
    return runs_width(font_runs(text, font_name), size)
