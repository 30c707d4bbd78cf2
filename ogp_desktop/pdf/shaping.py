"""Arabic shaping and the clean-up before it: what a typed paragraph becomes before bidi
ordering and line breaking (see `line_breaking.layout` for the order of operations)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from arabic_reshaper import ArabicReshaper

if TYPE_CHECKING:
    from configparser import SectionProxy

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



class _ReadOnceConfiguration:
    """The reshaper's settings, each read from its configparser section once: `reshape`
    asks for five of them on every call, and configparser's lookups (interpolation, default
    sections) were ~40 % of the time spent shaping a document. Same values, never changed
    after the reshaper is made."""

    def __init__(self, section: SectionProxy) -> None:
        self._section = section
        self._booleans: dict[str, bool | None] = {}

    def getboolean(self, key: str) -> bool | None:
        try:
            return self._booleans[key]
        except KeyError:
            value = self._booleans[key] = self._section.getboolean(key)
            return value

    def get(self, key: str, *args: Any, **kwargs: Any) -> Any:
        return self._section.get(key, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # anything else a reshaper might ask its section
        return getattr(self._section, name)


_RESHAPER.configuration = _ReadOnceConfiguration(_RESHAPER.configuration)

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
    shaped = _reshape(text)
    if _letters(shaped) != _letters(text):
        # never lose what a user typed: unshaped letters print, missing ones would not
        return text
    return shaped


def _reshape(text: str) -> str:
    """The reshaper's forms; where it fails (arabic_reshaper 3.1 raises IndexError on a zero
    width joiner followed by lam-alef, "\u200dلا"), the pieces between joiners are shaped
    apart and joined again, and a piece that still fails prints unshaped."""
    try:
        return str(_RESHAPER.reshape(text))
    except Exception:
        if "\u200d" not in text:
            return text
        return "\u200d".join(_reshape(piece) for piece in text.split("\u200d"))


def _letters(text: str) -> Counter[str]:
    """The letters of `text`, each character normalised (NFKC) on its own, format controls
    left out (one string counted in C: a third faster than a generator of characters)."""
    category, normalize = unicodedata.category, unicodedata.normalize
    return Counter("".join([normalize("NFKC", c) for c in text if category(c) != "Cf"]))


def has_arabic(text: str | None) -> bool:
    return bool(text and _ARABIC_RE.search(text))
