"""Bidirectional ordering (UAX #9) of one line: resolved embedding levels from GNU FriBidi
(`fribidi.embedding_levels`, rules up to I2), then rules L1, L2 and L4 applied here to each
line with its paragraph's levels, because lines are broken in logical order first."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from . import fonts, fribidi
from .shaping import is_invisible

RTL = "rtl"
LTR = "ltr"

_MIRRORED = fonts.MIRRORED


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """Embedding level of each character of one paragraph (base direction right-to-left when
    `rtl`), as UAX #9 resolves them up to rule I2. FriBidi also applies L1 to the paragraph's
    end; `reorder_line` applies L1 again to each line's end, so the result is the same."""
    return fribidi.embedding_levels(text, rtl)


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
    out: list[str] = []
    mirrored: set[int] = set()
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
