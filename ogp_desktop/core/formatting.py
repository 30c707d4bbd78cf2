"""Dates, times and numbers in the user's or the document's language, through babel: the one
formatting stack of the program (the windows and the printed documents use the same texts).

Arabic documents use the ar_JO locale (Levantine month names: كانون الثاني، شباط، ... أيلول)
and always Western digits (0-9): Jordanian official documents write 30 أيلول 2019. babel's
ar_JO data defaults to Arabic-Indic digits for numbers, so numbers are formatted with
numbering_system='latn' and every babel result is passed through `latin_digits` as a guard.

babel is imported inside the functions: its import and locale data are not needed for the
main window's first paint.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
    "\u066b\u066c\u2009\u202f\u00a0",
    "01234567890123456789.,   ",
)

LOCALES = {"ar": "ar_JO", "en": "en_GB"}


@cache
def locale_for(language: str) -> Locale:
    """babel's locale of a language ("ar" -> ar_JO, "en" -> en_GB; anything else en_GB)."""
    from babel import Locale

    return Locale.parse(LOCALES.get(language, "en_GB"))


def latin_digits(text: str) -> str:
    """Arabic-Indic / Persian digits and separators to Western ones; odd spaces to plain
    spaces (used on babel output only, never on what users typed)."""
    return text.translate(_DIGITS)


def parse_date(value: object) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def parse_time(value: object) -> _dt.time | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.time):
        return value
    try:
        return _dt.time.fromisoformat(str(value))
    except ValueError:
        return None


def parse_datetime(value: object) -> _dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value
    try:
        return _dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def date_short(value: object, language: str) -> str:
    """'14/6/2021' in both languages (how the secretariat's documents write short dates)."""
    d = parse_date(value)
    if d is None:
        return str(value or "")
    return f"{d.day}/{d.month}/{d.year}"


def _sep(language: str) -> str:
    return "، " if language == "ar" else ", "


def date_long(value: object, language: str) -> str:
    """Weekday and date: 'الاثنين، 30 أيلول 2019' / 'Monday, 30 September 2019'."""
    d = parse_date(value)
    if d is None:
        return str(value or "")
    from babel.dates import format_date as _format_date

    loc = locale_for(language)
    pattern = "EEEE" + ("،" if language == "ar" else ",") + " d MMMM y"
    return latin_digits(_format_date(d, pattern, locale=loc))


def date_medium(value: object, language: str) -> str:
    """'30 أيلول 2019' / '30 September 2019'."""
    d = parse_date(value)
    if d is None:
        return str(value or "")
    from babel.dates import format_date as _format_date

    return latin_digits(_format_date(d, "d MMMM y", locale=locale_for(language)))


def time_short(value: object, language: str) -> str:
    """'9:00 ص' / '9:00 am'."""
    t = parse_time(value)
    if t is None:
        return str(value or "")
    from babel.dates import format_time as _format_time

    return latin_digits(_format_time(t, "h:mm a", locale=locale_for(language)))


def time_range(start: object, end: object, language: str) -> str:
    """'9:00–10:30 ص' / '9:00–10:30 am'; a start alone prints as a single time."""
    s, e = parse_time(start), parse_time(end)
    if s is None:
        return ""
    loc = locale_for(language)
    if e is None or e <= s:
        return time_short(s, language)
    from babel.dates import format_interval as _format_interval

    text = _format_interval(s, e, "hm", locale=loc)
    return latin_digits(text)


def datetime_medium(value: object, language: str) -> str:
    """'14 حزيران 2021، 10:30 ص (UTC+03:00)'."""
    dt = parse_datetime(value)
    if dt is None:
        return str(value or "")
    from babel.dates import format_date as _format_date
    from babel.dates import format_time as _format_time

    loc = locale_for(language)
    text = _format_date(dt.date(), "d MMMM y", locale=loc) + _sep(language) + \
        _format_time(dt.time(), "h:mm a", locale=loc)
    text = latin_digits(text)
    off = dt.utcoffset()
    if off is not None:
        minutes = int(off.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        minutes = abs(minutes)
        text += f" (UTC{sign}{minutes // 60:02d}:{minutes % 60:02d})"
    return text


def number(value: float | Decimal, language: str) -> str:
    """Locale-formatted number with Western digits: '1,250.5'."""
    from babel.numbers import format_decimal as _format_decimal

    return latin_digits(_format_decimal(value, locale=locale_for(language), numbering_system="latn"))
