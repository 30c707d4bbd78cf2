"""One normalisation of Arabic (and Latin) text for everything that compares what people
typed: the search index and its queries, matching imported names to existing records.

Arabic spelling varies where meaning does not: harakat and tatweel come and go, hamza
seats (أ إ آ ٱ) are written as bare alif, final ى and ي, ة and ه are mixed, ؤ and ئ lose
their hamza. Arabic-Indic digits are the same numbers as Western ones. FTS5's default
tokenizer even splits a word at its harakat (docs of records-at-scale). So text is
normalised the same way before indexing and before querying:

- NFKD, character by character (presentation forms and compatibility characters to their
  letters; أ إ آ ؤ ئ into their letter and a hamza or madda mark);
- every mark dropped (harakat, the hamza and madda marks, superscript alif, Quranic
  marks, Latin accents), and tatweel, bidi and other format characters (category Cf):
  so أ إ آ → ا, ؤ → و, ئ → ي, and café is cafe;
- ٱ → ا; ى → ي; ة → ه; Arabic-Indic and Persian digits → 0-9;
- case folded (ZOOM, Zoom, zoom);
- every run of other characters (punctuation, spaces, Arabic commas) becomes one space.

`words()` splits the result; `variants()` gives a query word's spellings without the
attached conjunctions and prepositions (و ف ب ل ك), the article ال and a common suffix
(ات ون ين ان ه ها …), so that والاستبيان, الاستبيان and استبيان meet, and الالتزامات meets
التزام; `match_key()` is how imported names are compared with existing records."""

from __future__ import annotations

import re
import unicodedata

_TATWEEL = "\u0640"
_FOLD = {
    "\u0671": "\u0627",  # ٱ → ا (أ إ آ ؤ ئ lose their hamza or madda by decomposition)
    "\u0649": "\u064a",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
}
_DROPPED = {"Mn", "Me", "Cf"}  # harakat, hamza and madda marks, Latin accents; bidi marks


def _fold_char(ch: str) -> str:
    """What one character of the text becomes: its letters (possibly none), or a space."""
    out = []
    for d in unicodedata.normalize("NFKD", ch):
        if d == _TATWEEL or unicodedata.category(d) in _DROPPED:
            continue
        for f in _FOLD.get(d, d).casefold():
            out.append(f if f.isalnum() else " ")
    return "".join(out)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index in `text` of the
    character it came from: a match in the normalised text is found in the original
    (the snippets of the search show people's own spelling)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for f in _fold_char(ch):
            if f == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(f)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


class _FoldTable(dict[int, str]):
    """str.translate's table, each character's fold computed once, on first sight."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_TABLE = _FoldTable()
_RUNS = re.compile(" {2,}")


def normalise(text: str) -> str:
    """`text` as it is indexed and searched (see the module's docstring); the same as
    normalise_with_offsets' text, at str.translate's speed."""
    return _RUNS.sub(" ", text.translate(_TABLE)).strip(" ")


def words(text: str) -> list[str]:
    """The normalised words of `text`."""
    return normalise(text).split()


_PARTICLES = ("و", "ف", "ب", "ل", "ك")  # attached conjunctions and prepositions
_BARE_PARTICLES = ("و", "ب", "ل")
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
    found = [f for f in found if len(f) >= _MIN_LETTERS]
    # و ب ل alone before a word of four letters or more (وزارة is not و + زارة, but the
    # letters left are too many to meet another word); ف and ك only before the article
    if word[:1] in _BARE_PARTICLES and len(word) - 1 >= _MIN_LETTERS + 1:
        found.append(word[1:])
    return found


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
