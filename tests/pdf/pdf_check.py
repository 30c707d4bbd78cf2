"""Readers of exported PDFs that are independent of the code under test: poppler's
pdftotext/pdffonts, pdfplumber, fontTools, and the word-sequence score of the project
guide ("Arabic in PDF")."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def pdftotext(path: Path, page: int | None = None) -> str:
    """pdftotext without -layout, NFKC-normalised (presentation forms back to letters)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(args + [str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return unicodedata.normalize("NFKC", out)


def strip_controls(text: str) -> str:
    """Bidi controls become spaces, not nothing: poppler 22 writes a number inside Arabic as
    "رقم \u202a 1\u202cمن" (the space inside the embedding), so deleting the controls would
    glue every number to the next Arabic word. pdftotext only puts them at word boundaries."""
    return text.translate(_CONTROLS)


def normalise(text: str) -> str:
    """The guide's normalisation: NFKC, bidi controls (see strip_controls) and harakat
    dropped, alef/yaa/taa marbuta variants folded."""
    text = strip_controls(unicodedata.normalize("NFKC", text))
    text = _HARAKAT.sub("", text)
    return text.translate(_FOLD)


def _core(token: str) -> str:
    """A token without the punctuation at its edges. pdftotext keeps a number or a Latin
    word inside Arabic text in left-to-right order together with the neutral punctuation
    glued to it, so "65%" (shown "%65" in a right-to-left line, as Unicode says) comes back
    as "%65" and "(ZOOM)" as "( )ZOOM": those are poppler's, not the page's, so words
    are compared on their letters and digits (brackets have their own test)."""
    a, b = 0, len(token)
    while a < b and unicodedata.category(token[a])[0] in "PS":
        a += 1
    while b > a and unicodedata.category(token[b - 1])[0] in "PS":
        b -= 1
    return token[a:b]


def words(text: str) -> list[str]:
    return [w for w in (_core(t) for t in normalise(text).split()) if w]


def similarity(source: str, extracted: str) -> float:
    """difflib ratio of the two word sequences (the guide's score)."""
    return difflib.SequenceMatcher(None, words(source), words(extracted), autojunk=False).ratio()


def in_order_recall(source: str, extracted: str) -> float:
    """Share of the source's words found in the extraction in the same order (page
    furniture such as footers may be interleaved)."""
    a, b = words(source), words(extracted)
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in m.get_matching_blocks()) / max(1, len(a))


def page_count(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def pdffonts(path: Path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        if len(parts) < 7:
            continue
        # name type... emb sub uni object ID: read the flags from the right
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3], "line": line})
    return rows


@cache
def cmap_of(font_file: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(font_file).getBestCmap().keys())


def has_phrase(text: str, phrase: str) -> bool:
    """The words of `phrase` appear consecutively among the words of `text`."""
    a, b = words(phrase), words(text)
    return any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))


def rotated_text(path: Path) -> list[str]:
    """Per page, the characters drawn rotated (the watermark), read with pdfminer, which
    ignores ActualText."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return ["".join(c["text"] for c in page.chars if abs(c["matrix"][1]) > 1e-3) for page in pdf.pages]
