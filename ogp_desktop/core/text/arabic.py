"""One normalisation of Arabic (and Latin) text for everything that compares what people
typed: the search index and its queries, matching imported names to existing records.

Arabic spelling varies where meaning does not: harakat and tatweel come and go, hamza
seats (أ إ آ ٱ) are written as bare alif, final ى and ي, ة and ه are mixed, ؤ and ئ lose
their hamza. Arabic-Indic digits are the same numbers as Western ones. FTS5's default
tokenizer even splits a word at its harakat (docs of records-at-scale). So text is
normalised the same way before indexing and before querying:

- NFKC (presentation forms and compatibility characters to their letters);
- harakat, Quranic marks, superscript alif and tatweel removed; bidi and other format
  characters (category Cf) removed;
- أ إ آ ٱ → ا; ى → ي; ة → ه; ؤ → و; ئ → ي; Arabic-Indic and Persian digits → 0-9;
- Latin case folded (ZOOM, Zoom, zoom);
- every run of other characters (punctuation, spaces, Arabic commas) becomes one space.

`words()` splits the result; `variants()` gives a query word's spellings without the
attached conjunctions and prepositions (و ف ب ل ك), the article ال and a common suffix
(ات ون ين ان ه ها …), so that والاستبيان, الاستبيان and استبيان meet, and الالتزامات meets
التزام; `match_key()` is how imported names are compared with existing records."""

from __future__ import annotations

import re
import unicodedata

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_FOLD = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # أ إ آ ٱ
    "\u0649": "\u064a",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
    "\u0624": "\u0648",  # ؤ → و
    "\u0626": "\u064a",  # ئ → ي
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
})
_NOT_WORD = re.compile(r"[^\w]+|_+")


def normalise(text: str) -> str:
    """`text` as it is indexed and searched (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _MARKS.sub("", text).translate(_FOLD).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return normalise(text).split()


_PARTICLES = ("و", "ف", "ب", "ل", "ك")  # attached conjunctions and prepositions
_ARTICLE = "ال"
_SUFFIXES = ("ات", "ون", "ين", "ان", "يه", "ها", "هم", "هن", "كم", "نا", "ه", "ي")
_MIN_LETTERS = 3


def _arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def _fronts(word: str) -> list[str]:
    """`word` without what may be attached at its front: a particle, the article, both
    (والاستبيان → استبيان), ل + the article whose alif is not written (للجنه → لجنه)."""
    found = []
    for particle in ("",) + _PARTICLES:
        if word.startswith(particle + _ARTICLE):
            found.append(word[len(particle) + 2:])
    if word.startswith("لل"):
        found.append(word[1:])
    if word[:1] in _PARTICLES:
        found.append(word[1:])
    return [f for f in found if len(f) >= _MIN_LETTERS]


def variants(word: str) -> list[str]:
    """The spellings one normalised query word may have inside indexed text: itself, and
    without what may be attached at its front and a common suffix at its end (plural,
    pronoun, ة→ه). A search matches any of them as a part of a word, so استبيان finds
    الاستبيان and والاستبيان, and الالتزامات finds التزام. Several readings of the same
    letters are all kept (التزام may be ال + تزام): the search ORs them."""
    if not _arabic(word):
        return [word]
    bases = [word, *_fronts(word)]
    found: list[str] = []
    for base in bases:
        found.append(base)
        for suffix in _SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= _MIN_LETTERS:
                found.append(base[: -len(suffix)])
                break
    return list(dict.fromkeys(found))


def match_key(text: str) -> str:
    """How two names are compared for "the same record": normalised, with the years
    ("2021-2025") and other numbers left out, so the 5th plan written with and without its
    years is one plan. (Fuzzier likeness is the matcher's: core/archive.)"""
    kept = [w for w in words(re.sub(r"\d{4}\s*[-–/]\s*\d{4}", " ", text)) if not w.isdigit()]
    return " ".join(kept)
