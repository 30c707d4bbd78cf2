"""The fonts every exported PDF uses, registered with ReportLab once per process.

Amiri (OFL) covers Arabic, its presentation forms and Latin; DejaVu Sans is a per-character
fallback for the few symbols Amiri lacks (check marks, geometric shapes...). A character
neither font has is drawn as U+FFFD so that nothing disappears silently from a record.
All fonts come from the bundled `resources/fonts/` (never from the system), so they are
embedded, subsetted, in every PDF.

Parsing a TrueType file is most of what a one-off export costs before it lays out anything
(ReportLab reads the cmap, metrics and glyph offsets in pure Python), so what the parser
finds is kept in the user's cache folder, one entry per font file (see `load_font` and
`core.user_cache`).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import struct
import threading
from functools import cache
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from ogp_desktop.core import user_cache
from ogp_desktop.resources import resource

log = logging.getLogger(__name__)

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
MIRROR_SUFFIX = "-Mirrored"

try:
    from bidi.mirror import MIRRORED as _BIDI_MIRRORED
except Exception:  # pragma: no cover
    _BIDI_MIRRORED = {}
#: Bidi_Mirroring_Glyph pairs: "(" <-> ")", "[" <-> "]", "«" <-> "»", "<" <-> ">" ...
MIRRORED: dict[str, str] = dict(_BIDI_MIRRORED)
MIRRORED.update({"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "<": ">", ">": "<",
                 "«": "»", "»": "«", "‹": "›", "›": "‹"})
_mirror_registered: set[str] = set()

_lock = threading.Lock()
_registered = False
#: Faces registered at once; a fallback face is loaded the first time a character needs it
#: (most records never do, and each face costs milliseconds to load even from the cache).
_EAGER = (REGULAR, BOLD)
_loaded: set[str] = set()

# --- the parsed-font cache ---------------------------------------------------------------------

#: Bumped when what the cache keeps changes shape; with ReportLab's version and the font
#: file's SHA-256 it makes the key of a cached face.
CACHE_FORMAT = 1
#: How often `load_font` parsed a font file and how often it used a cached face (tests
#: read these; nothing else depends on them).
cache_stats = {"parsed": 0, "cached": 0}


def cache_folder() -> Path:
    """Where parsed faces are kept: the per-user cache folder (platformdirs)."""
    return user_cache.folder("fonts")


def _cache_key(data: bytes) -> bytes:
    return f"{CACHE_FORMAT}|reportlab {reportlab.Version}|{hashlib.sha256(data).hexdigest()}".encode()


def _cache_file(path: Path) -> Path:
    return cache_folder() / f"{path.stem}.pickle"


def _face_state(font: TTFont) -> dict[str, Any]:
    """What ReportLab's parser found, as builtins only (pickled, it loads in a few
    milliseconds): the file's bytes (kept beside it) and the scale function (rebuilt from
    unitsPerEm) are left out, a name is kept as ("name", its bytes)."""
    face = {attr: ("name", bytes(value)) if isinstance(value, TTFNameBytes) else ("plain", value)
            for attr, value in vars(font.face).items()
            if attr not in ("_ttf_data", "_pdfScale", "filename")}
    return {"face": face, "font": {k: v for k, v in vars(font).items()
                                   if k not in ("face", "state", "encoding", "fontName")}}


def _font_from_state(name: str, path: Path, data: bytes, state: dict[str, Any]) -> TTFont:
    """A TTFont equal to `TTFont(name, path)`, from what `_face_state` kept."""
    face = TTFontFace.__new__(TTFontFace)
    for attr, (kind, value) in state["face"].items():
        setattr(face, attr, TTFNameBytes(value) if kind == "name" else value)
    face._ttf_data = data  # type: ignore[attr-defined]  # a private TTFontFile attribute the stubs omit
    face.filename = str(path)
    units = face.unitsPerEm
    face._pdfScale = (  # type: ignore[attr-defined]  # private TTFontFace attribute, not in the stubs
        (lambda x: x) if units == 1000 else (lambda x, k=1000 / units: x * k))
    font = TTFont.__new__(TTFont)
    vars(font).update(state["font"])
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    return font


def load_font(name: str, path: Path) -> TTFont:
    """`TTFont(name, path)`, parsed once per font file and ReportLab version: later
    processes take the parsed face from the cache folder. A missing, stale, damaged or
    unreadable cache file means the font is parsed, as without a cache."""
    path = Path(path)
    data = path.read_bytes()
    key = _cache_key(data)
    file = _cache_file(path)
    state = user_cache.load(file, key)
    if isinstance(state, dict) and {"face", "font"} <= state.keys():
        try:
            font = _font_from_state(name, path, data, state)
        except Exception:  # a state of an unexpected shape: parse instead
            log.debug("font cache %s not usable", file, exc_info=True)
        else:
            cache_stats["cached"] += 1
            return font
    font = TTFont(name, str(path))
    cache_stats["parsed"] += 1
    user_cache.store(file, key, _face_state(font))
    return font


def register_fonts() -> None:
    """Register the bundled main fonts with ReportLab (idempotent, thread-safe); a fallback
    font is registered by `coverage` the first time it is asked about (see `_face`)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name in _EAGER:
            _register_locked(name)
        from reportlab.lib.fonts import addMapping

        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
        addMapping(REGULAR, 0, 1, REGULAR)
        addMapping(REGULAR, 1, 1, BOLD)
        _registered = True


@cache
def coverage(font_name: str) -> frozenset[int]:
    """Code points the registered font `font_name` maps to a glyph."""
    return frozenset(_face(font_name).charToGlyph.keys())


def _register_locked(name: str) -> None:
    """Register the bundled font `name` once (the caller holds `_lock`)."""
    if name not in _loaded:
        pdfmetrics.registerFont(load_font(name, resource("fonts", _FILES[name])))
        _loaded.add(name)


def _face(font_name: str) -> TTFontFace:
    """The parsed TrueType face of a registered font (every font registered here is a TTFont;
    `pdfmetrics.getFont` is typed as returning the Type 1 `Font`). A bundled font not yet
    registered (a fallback) is registered here: every font a PDF draws with is asked about
    through `coverage` first."""
    register_fonts()
    base = base_font(font_name)
    if base in _FILES and base not in _loaded:
        with _lock:
            _register_locked(base)
    font = pdfmetrics.getFont(base)
    assert isinstance(font, TTFont), font_name
    return font.face


def base_font(font_name: str) -> str:
    """The bundled font behind a registered name (a mirrored variant maps to its original)."""
    return font_name[: -len(MIRROR_SUFFIX)] if font_name.endswith(MIRROR_SUFFIX) else font_name


def fallback_of(font_name: str) -> str:
    return _FALLBACK_OF.get(base_font(font_name), FALLBACK)


def font_file(font_name: str) -> Path:
    """Path of the bundled file behind a registered name (used by tests)."""
    return resource("fonts", _FILES[base_font(font_name)])


def mirror_font(font_name: str) -> str:
    """Name of a variant of `font_name` in which each mirrorable character ("(", "«"...) is
    drawn with the glyph of its mirror (")", "»"...).

    Right-to-left text shows "(" as ")" (Unicode rule L4). Drawing the *original* character
    with the mirrored glyph keeps the PDF's ToUnicode map truthful, so text extraction
    and copy-paste return "(ملاحظة)" in logical order, while the page shows brackets that
    face the right way.
    """
    name = base_font(font_name) + MIRROR_SUFFIX
    if name in _mirror_registered:
        return name
    _face(font_name)  # the original registered (a fallback is registered on first use)
    with _lock:
        if name not in _mirror_registered:
            font = _copy_of(_registered_font(base_font(font_name)), name)
            face = font.face
            c2g, widths = dict(face.charToGlyph), dict(face.charWidths)
            for a, b in MIRRORED.items():
                ca, cb = ord(a), ord(b)
                if ca in face.charToGlyph and cb in face.charToGlyph:
                    c2g[ca] = face.charToGlyph[cb]
                    if cb in face.charWidths:
                        widths[ca] = face.charWidths[cb]
            face.charToGlyph = c2g
            face.charWidths = widths
            # a face name of its own: ReportLab maps a second font with an already registered
            # face name to the first font object
            face.name = face.name + (b"-Mirrored" if isinstance(face.name, bytes) else "-Mirrored")
            pdfmetrics.registerFont(font)
            _mirror_registered.add(name)
    return name


def _registered_font(name: str) -> TTFont:
    font = pdfmetrics.getFont(name)
    assert isinstance(font, TTFont), name
    return font


def _copy_of(font: TTFont, name: str) -> TTFont:
    """A TTFont named `name` equal to `TTFont(name, font's file)`, made from the registered
    `font` instead of reading and unpickling its file again. The face is a shallow copy:
    what the parser built (glyph tables, metrics) is only read once parsed, and the caller
    replaces what it changes (charToGlyph, charWidths, name) with objects of its own."""
    face = copy.copy(font.face)
    twin = TTFont.__new__(TTFont)
    vars(twin).update(vars(font))
    twin.fontName = name
    twin.face = face
    twin.encoding = TTEncoding()
    twin.state = WeakKeyDictionary()
    return twin


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


def font_runs(text: str, font_name: str,
              mirrored: frozenset[int] | set[int] = frozenset()) -> list[tuple[str, str]]:
    """Split `text` into (font, text) runs so that every character has a glyph in the
    font it is drawn with; characters at the positions in `mirrored` are drawn with the
    mirrored-glyph variant of their font (see `mirror_font`)."""
    if not text:
        return []
    cov = coverage(font_name)
    # fast path: everything in the main font
    if not mirrored and all(ord(c) in cov for c in text):
        return [(font_name, text)]
    runs: list[tuple[str, str]] = []
    cur_font = font_name  # replaced by the first character's font before it is used
    buf: list[str] = []
    for i, ch in enumerate(text):
        f, c = pick_font(ch, font_name)
        if i in mirrored and c == ch and MIRRORED.get(ch) and ord(MIRRORED[ch]) in coverage(f):
            f = mirror_font(f)
        if f != cur_font and buf:
            runs.append((cur_font, "".join(buf)))
            buf = []
        cur_font = f
        buf.append(c)
    if buf:
        runs.append((cur_font, "".join(buf)))
    return runs


def runs_width(runs: list[tuple[str, str]], size: float) -> float:
    return float(sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs))


def text_width(text: str, font_name: str, size: float) -> float:
    """Width of `text` as it will be drawn (with per-character fallback)."""
    return runs_width(font_runs(text, font_name), size)


@cache
def glyph_bounds(font_name: str, ch: str) -> tuple[float, float, float, float] | None:
    """(xMin, yMin, xMax, yMax) of the glyph of `ch`, in thousandths of the font size
    (read from the font's glyf table); None for an empty or missing glyph."""
    face = _face(font_name)
    gid = face.charToGlyph.get(ord(ch))
    if gid is None or "glyf" not in face.table:
        return None
    try:
        start, end = face.glyphPos[gid], face.glyphPos[gid + 1]
        if end - start < 10:
            return None
        off = face.table["glyf"]["offset"] + start
        _n, x0, y0, x1, y1 = struct.unpack(">hhhhh", face._ttf_data[off:off + 10])  # type: ignore[attr-defined]  # private, not in the stubs
    except Exception:
        return None
    k = 1000.0 / face.unitsPerEm
    return x0 * k, y0 * k, x1 * k, y1 * k
