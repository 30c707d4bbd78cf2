"""Dates and times as a person types them into a field: 25/11/2026, ٢٥/١١/٢٠٢٦,
25\\11\\2026 or 25-11-2026 (the separators of the secretariat's own documents), 10:30 or
١٠:٣٠. Kept free of Qt so every form, and the property tests, use the same rule.

A text is either the date (or time) its digits say, day first, or it is refused with a
reason the field shows: never a nearby date (31/2 is not 3/3), never a guess at a century
(the year is written in full)."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

from ogp_desktop.core.errors import BIDI_CONTROLS
from ogp_desktop.core.services.common import FIRST_YEAR, LAST_YEAR

EARLIEST = dt.date(FIRST_YEAR, 1, 1)  # the years the records keep, as the services check them
LATEST = dt.date(LAST_YEAR, 12, 31)

# Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹, Persian and Urdu keyboards) digits.
_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
# Direction marks a date copied from an Arabic document may carry around its digits.
_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS | {"\ufeff"}))
# "/" "\" "-" "." and the Arabic date separator ؍, with spaces around them allowed.
_DATE = re.compile(r"([0-9]{1,2}) *[/\\\-.\u060d] *([0-9]{1,2}) *[/\\\-.\u060d] *([0-9]+)")
_DATE_RUN = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})")  # 25112026
_TIME = re.compile(r"([0-9]{1,2}) *[:.\u066b] *([0-9]{2})|([0-9]{1,2})([0-9]{2})")
MAX_LENGTH = 64  # longer is not a date (and is not scanned)


class Problem(Enum):
    """Why a typed text is not a date or time (the field says it in the user's words)."""

    FORMAT = "format"      # not day/month/year (or hours:minutes)
    YEAR = "year"          # the year not written with four digits
    MONTH = "month"        # month outside 1..12
    DAY = "day"            # no such day in that month (31/2/2026)
    RANGE = "range"        # before 1900 or after 2100
    HOUR = "hour"          # hour outside 0..23
    MINUTE = "minute"      # minute outside 0..59


class NotADate(ValueError):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def normalise(text: str) -> str:
    """Western digits, no direction marks, no surrounding spaces (NBSP included)."""
    text = text.translate(_BIDI).translate(_DIGITS)
    return text.replace("\u00a0", " ").strip(" \t")


def parse_date(text: str) -> dt.date | None:
    """The date `text` says (day/month/year), None for an empty text; raises NotADate."""
    if len(text) > MAX_LENGTH * 4:
        raise NotADate(Problem.FORMAT)
    clean = normalise(text)
    if not clean:
        return None
    if len(clean) > MAX_LENGTH:
        raise NotADate(Problem.FORMAT)
    match = _DATE.fullmatch(clean) or _DATE_RUN.fullmatch(clean)
    if match is None:
        raise NotADate(Problem.FORMAT)
    day, month, year_text = match.groups()
    if len(year_text) != 4:
        raise NotADate(Problem.YEAR)
    day_n, month_n, year = int(day), int(month), int(year_text)
    if not 1 <= month_n <= 12:
        raise NotADate(Problem.MONTH)
    if not EARLIEST.year <= year <= LATEST.year:
        raise NotADate(Problem.RANGE)
    try:
        return dt.date(year, month_n, day_n)
    except ValueError:
        raise NotADate(Problem.DAY) from None


def parse_time(text: str) -> dt.time | None:
    """The time `text` says (10:30, 1030, 9.30), None for an empty text; raises NotADate."""
    if len(text) > MAX_LENGTH * 4:
        raise NotADate(Problem.FORMAT)
    clean = normalise(text)
    if not clean:
        return None
    match = _TIME.fullmatch(clean) if len(clean) <= MAX_LENGTH else None
    if match is None:
        raise NotADate(Problem.FORMAT)
    hours, minutes = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
    h, m = int(hours), int(minutes)
    if h > 23:
        raise NotADate(Problem.HOUR)
    if m > 59:
        raise NotADate(Problem.MINUTE)
    return dt.time(h, m)


def show_date(day: dt.date) -> str:
    """25/11/2026: day first, no leading zeros, Western digits, as the documents write it."""
    return f"{day.day}/{day.month}/{day.year}"


def show_time(t: dt.time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"
