"""The words the unit's Word minutes use: row labels (whatever their wording), ordinal
words, honorifics, the words that say a meeting was online, dates as people write them.

Everything is compared after `core.text.arabic.normalise` (hamza seats, ة/ه, ى/ي, harakat,
tatweel, colons and other punctuation), so "أهم محاور النقاش:" and "اهم محاور النقاش"
are one label. A label matches a synonym when the synonym's words appear in it in order
(extra words around them are tolerated: "أبرز المواضيع التي تم مناقشتها في الاجتماع"
holds "المواضيع"); a near spelling (difflib, ratio ≥ 0.82) matches too, as a guess."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from ogp_desktop.core.text.arabic import normalise, words

# field → the labels it is written under (the seeds' own first).
LABEL_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": ("التاريخ", "تاريخ الاجتماع", "اليوم والتاريخ", "تاريخ الانعقاد", "موعد الاجتماع"),
    "time": ("الوقت", "الساعة", "وقت الاجتماع", "توقيت الاجتماع"),
    "location": ("مكان الاجتماع", "المكان", "مكان انعقاد الاجتماع", "مكان الانعقاد", "الموقع"),
    "attendees": ("الحضور", "الحاضرون", "الحاضرين", "المشاركون", "المشاركين", "أسماء الحضور",
                  "أعضاء اللجنة الحاضرون"),
    "apologies": ("الاعتذار", "الاعتذارات", "المعتذرون", "المعتذرين", "اعتذر عن الحضور",
                  "المعتذرون عن الحضور", "المعتذرين عن الحضور"),
    "absent": ("الغائبون", "الغائبين", "الغياب", "لم يحضر"),
    "objective": ("الهدف", "الأهداف", "هدف الاجتماع", "الهدف من الاجتماع", "أهداف الاجتماع",
                  "الغرض من الاجتماع"),
    "discussion": ("أهم محاور النقاش", "محاور النقاش", "أبرز المواضيع التي تم مناقشتها في الاجتماع",
                   "المواضيع", "النقاش", "المناقشات", "ما تم مناقشته", "نقاط النقاش",
                   "جدول الأعمال", "محاور الاجتماع", "سير الاجتماع"),
    "outputs": ("المخرجات", "مخرجات الاجتماع", "القرارات", "التوصيات", "القرارات والتوصيات",
                "النتائج", "ما تم الاتفاق عليه", "الاتفاقات", "الخطوات القادمة"),
    "photos": ("الصور", "صور الاجتماع", "الصور الفوتوغرافية"),
    "next_meeting": ("الاجتماع القادم", "موعد الاجتماع القادم", "الاجتماع المقبل",
                     "موعد الاجتماع المقبل"),
    "notes": ("ملاحظات", "الملاحظات", "ملاحظة"),
}
FUZZY_LABEL = 0.82
MAX_LABEL = 120  # characters: a longer first cell is text, not a label


def _bare(word: str) -> str:
    """A label word without the article or an attached و (الاعتذار, واعتذار → اعتذار)."""
    if word.startswith("وال") and len(word) > 5:
        word = word[3:]
    elif word.startswith("ال") and len(word) > 4:
        word = word[2:]
    return word


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    if not n or needle[0] not in haystack:
        return n == 0
    return any(haystack[i] == needle[0] and haystack[i:i + n] == needle
               for i in range(len(haystack) - n + 1))


_SYNONYM_WORDS = {f: [[_bare(w) for w in words(s)] for s in syns] for f, syns in LABEL_SYNONYMS.items()}


@dataclass
class LabelMatch:
    field: str
    synonym: str
    fuzzy: bool


def match_label(label: str) -> LabelMatch | None:
    """The field a row label names, or None when no synonym is near it."""
    if len(label) > MAX_LABEL:
        return None
    lw = [_bare(w) for w in words(label)]
    if not lw or len(lw) > 12:
        return None
    best: tuple[float, str, str, bool] | None = None
    for f, synonyms in _SYNONYM_WORDS.items():
        for text, sw in zip(LABEL_SYNONYMS[f], synonyms, strict=True):
            if _contains(lw, sw):
                score = float(len(sw) * 10 - (len(lw) - len(sw)))
                fuzzy = False
            else:
                ratio = difflib.SequenceMatcher(None, " ".join(lw), " ".join(sw)).ratio()
                if ratio < FUZZY_LABEL:
                    continue
                score, fuzzy = ratio * 10 - 1, True
            if best is None or score > best[0]:
                best = (score, f, text, fuzzy)
    return LabelMatch(best[1], best[2], best[3]) if best else None


# --- ordinal words ------------------------------------------------------------------------

_MASCULINE = ("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن",
              "التاسع", "العاشر")
_FEMININE = ("الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة",
             "الثامنة", "التاسعة", "العاشرة")
ORDINALS: dict[str, int] = {}
for _n, (_m, _f) in enumerate(zip(_MASCULINE, _FEMININE, strict=True), 1):
    for _w in (_m, _f):
        ORDINALS[normalise(_w)] = _n
        ORDINALS[normalise(_w)[2:]] = _n  # without the article: خامسة
FEMININE = {normalise(w) for w in _FEMININE} | {normalise(w)[2:] for w in _FEMININE}
MASCULINE_WORDS = _MASCULINE
FEMININE_WORDS = _FEMININE


def ordinal(word: str) -> int | None:
    """1 … 10 for an ordinal word (الأول, الخامسة, ثالث), or the number of a written one."""
    w = normalise(word)
    if w.isdigit() and 0 < len(w) <= 3:
        return int(w)
    return ORDINALS.get(w)


# --- honorifics, online words -------------------------------------------------------------

HONORIFICS = ("السيد", "السيدة", "المهندس", "المهندسة", "الدكتور", "الدكتورة", "الأستاذ",
              "الأستاذة", "معالي", "عطوفة", "سعادة", "سمو", "م.", "د.", "أ.", "م/", "د/", "Dr.",
              "Eng.", "Mr.", "Mrs.", "Ms.")
_HONORIFIC_KEYS = {normalise(h): h for h in HONORIFICS}

ONLINE_WORDS = ("عن بعد", "عن بُعد", "زووم", "زوم", "zoom", "teams", "تيمز", "أونلاين",
                "online", "افتراضي", "افتراضيا", "webex", "google meet", "اتصال مرئي")
IN_PERSON_WORDS = ("وجاهي", "وجاهيا", "حضوري", "حضوريا")


def _has_phrase(text_words: list[str], phrase: str) -> bool:
    return _contains(text_words, words(phrase))


def online_words(text: str) -> tuple[list[str], bool]:
    """The online words `text` holds (as the table above writes them), and whether it also
    says the meeting was in person (then it was both: hybrid)."""
    tw = words(text)
    online = [p for p in ONLINE_WORDS if _has_phrase(tw, p)]
    in_person = any(_has_phrase(tw, p) for p in IN_PERSON_WORDS)
    return online, in_person


def split_honorific(text: str) -> tuple[str | None, str]:
    """("السيدة", "مي عليمات") from "السيدة مي عليمات"; (None, text) when there is none."""
    parts = text.split(None, 1)
    if len(parts) == 2:
        key = normalise(parts[0])
        raw = parts[0]
        if raw in HONORIFICS or (key in _HONORIFIC_KEYS and len(key) > 1):
            return raw, parts[1].strip()
        # "م. " / "د. " written with the dot apart or without a space: "م.مجدي"
    m = re.match(r"^([مدأ])\s*[./]\s*(\S.*)$", text)
    if m:
        return m.group(1) + ".", m.group(2).strip()
    return None, text


# --- dates and times ------------------------------------------------------------------------

# d/m/yyyy (or yyyy/m/d) with / \ - or . (the same twice), Western or Arabic-Indic digits
# (Python's \d takes both, and int() reads both).
_DATE = re.compile(r"(?<!\d)(\d{1,4})\s*([/\\\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?!\d)")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*:\s*(\d{2})(?!\d)")
_WEEKDAYS = {normalise(w): i for i, w in enumerate(
    ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"))}
_WEEKDAYS[normalise("الإثنين")] = 0
MIN_YEAR, MAX_YEAR = 1990, 2100


@dataclass
class FoundDate:
    date: dt.date
    written: str
    two_digit_year: bool
    weekday_disagrees: bool


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in `text`, in order."""
    out = []
    named: list[int] | None = None  # the weekdays written in `text`, read once
    for m in _DATE.finditer(text):
        a, b, c = m.group(1), m.group(3), m.group(4)
        try:
            if len(a) == 4:
                year, month, day = int(a), int(b), int(c)
                short = False
            else:
                day, month, year = int(a), int(b), int(c)
                short = len(c) <= 2
                if len(c) == 3:
                    continue
                if short:
                    year += 2000
            if not MIN_YEAR <= year <= MAX_YEAR:
                continue
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if named is None:
            named = [_WEEKDAYS[w] for w in words(text) if w in _WEEKDAYS]
        disagrees = len(named) == 1 and named[0] != found.weekday()
        out.append(FoundDate(found, m.group(0), short, disagrees))
    return out


def find_times(text: str) -> list[dt.time]:
    out = []
    for m in _TIME.finditer(text):
        h, mi = int(m.group(1)), int(m.group(2))
        if 0 <= h <= 23 and 0 <= mi <= 59:
            out.append(dt.time(h, mi))
    return out


# --- bullets ------------------------------------------------------------------------------

_BULLET = re.compile(
    r"^\s*(?:[·•▪●◦○■□➢➤►✓✔\-–—*]+\s*|\(?[0-9٠-٩]{1,3}\s*[.)\-]\s+|\(?[0-9٠-٩]{1,3}\)\s*)")


def strip_bullet(line: str) -> str:
    """A cell's line without its bullet (·, •, -, 1., ١.)."""
    return _BULLET.sub("", line, count=1).strip()
