"""The rule every date and time field types through (ogp_desktop/core/typed_dates.py): any
text gives the date its digits say, day first, or is refused with a reason; never an
exception of another kind, never another date."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ogp_desktop.core.typed_dates import (
    EARLIEST,
    LATEST,
    NotADate,
    Problem,
    parse_date,
    parse_time,
    show_date,
    show_time,
)

PROPERTY = settings(max_examples=400, deadline=None, database=None)
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SEPARATORS = "/\\-.\u060d"


@st.composite
def written_digits(draw, number: int, width: int = 0) -> str:
    """`number` in digits of any of the three scripts, mixed digit by digit."""
    text = str(number).zfill(draw(st.integers(min_value=width, max_value=max(width, 2))))
    return "".join(draw(st.sampled_from(["0123456789"[int(c)], ARABIC_INDIC[int(c)],
                                         PERSIAN[int(c)]])) for c in text)


@st.composite
def typed_dates(draw):
    day = draw(st.dates(min_value=EARLIEST, max_value=LATEST))
    mark = st.sampled_from(["", " ", *BIDI])
    sep = st.sampled_from(SEPARATORS)
    text = (draw(mark) + draw(written_digits(day.day)) + draw(st.sampled_from(["", " "]))
            + draw(sep) + draw(st.sampled_from(["", " "])) + draw(written_digits(day.month))
            + draw(sep) + draw(written_digits(day.year, 4)) + draw(mark))
    return day, text


@PROPERTY
@given(typed_dates())
@example((dt.date(2026, 11, 25), "25/11/2026"))
@example((dt.date(2026, 11, 25), "٢٥/١١/٢٠٢٦"))
@example((dt.date(2026, 11, 25), "25\\11\\2026"))
@example((dt.date(2026, 11, 25), "25-11-2026"))
@example((dt.date(2026, 11, 25), "\u200f٢٥/١١/٢٠٢٦\u200f"))
def test_a_written_date_is_that_date(case):
    day, text = case
    assert parse_date(text) == day
    assert parse_date(show_date(day)) == day


def digit_runs(text: str) -> list[int]:
    """The numbers written in `text`, in any script: read with unicodedata, not the rule.
    Direction marks are invisible: "2\u200e5" is seen, and read, as 25."""
    runs, current = [], ""
    for ch in text:
        if ch in BIDI + "\ufeff":
            continue
        if unicodedata.category(ch) == "Nd":
            current += str(unicodedata.decimal(ch))
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    if len(runs) == 1 and len(runs[0]) == 8:  # 25112026
        runs = [runs[0][:2], runs[0][2:4], runs[0][4:]]
    return [int(r) for r in runs]


ANY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("0123456789" + ARABIC_INDIC + PERSIAN + SEPARATORS
                                          + BIDI + " :\x00aب٫\u0966\u0967"))),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=40),
)


@PROPERTY
@given(ANY_TEXT)
@example("31/2/2026")
@example("99/99/2026")
@example("abc")
@example("\x00")
@example("25/11/2026\x00")
@example("२५/११/२०२६")  # Devanagari digits are not the secretariat's
@example("25/11/2026" + " " * 100_000)
@example("1" * 1_000_000)
def test_any_text_is_a_date_its_digits_say_or_refused(text):
    try:
        day = parse_date(text)
    except NotADate as exc:
        assert isinstance(exc.problem, Problem)
        return
    if day is None:
        assert not text.strip(" \t\u00a0" + BIDI + "\ufeff")
        return
    assert EARLIEST <= day <= LATEST
    assert digit_runs(text) == [day.day, day.month, day.year], text


@PROPERTY
@given(ANY_TEXT)
@example("١٠:٣٠")
@example("25:70")
@example("10:30\x00")
def test_any_text_is_a_time_its_digits_say_or_refused(text):
    try:
        t = parse_time(text)
    except NotADate as exc:
        assert isinstance(exc.problem, Problem)
        return
    if t is None:
        assert not text.strip(" \t\u00a0" + BIDI + "\ufeff")
        return
    runs = digit_runs(text)
    if len(runs) == 1:  # 1030
        runs = [runs[0] // 100, runs[0] % 100]
    assert runs == [t.hour, t.minute], text


@pytest.mark.parametrize(("text", "problem"), [
    ("31/2/2026", Problem.DAY), ("29/2/2100", Problem.DAY), ("99/99/2026", Problem.MONTH),
    ("25/13/2026", Problem.MONTH), ("abc", Problem.FORMAT), ("25/11", Problem.FORMAT),
    ("25/11/26", Problem.YEAR), ("31/12/1899", Problem.RANGE), ("1/1/2101", Problem.RANGE),
    ("0/1/2026", Problem.DAY), ("25/11/2026/1", Problem.FORMAT), ("٢٥/١١/٢٠٢٦x", Problem.FORMAT),
])
def test_what_is_not_a_date_says_why(text, problem):
    with pytest.raises(NotADate) as caught:
        parse_date(text)
    assert caught.value.problem == problem


def test_limits_and_leap_days():
    assert parse_date("1/1/1900") == EARLIEST and parse_date("31/12/2100") == LATEST
    assert parse_date("29/2/2024") == dt.date(2024, 2, 29)
    assert parse_date("25112026") == dt.date(2026, 11, 25)
    assert parse_date("  ") is None
    assert [parse_time(t) for t in ("10:30", "١٠:٣٠", "1030", "9.05", "0:00")] == [
        dt.time(10, 30), dt.time(10, 30), dt.time(10, 30), dt.time(9, 5), dt.time(0, 0)]
    assert show_date(dt.date(2026, 1, 5)) == "5/1/2026" and show_time(dt.time(9, 5)) == "09:05"
    for bad, problem in [("24:00", Problem.HOUR), ("10:60", Problem.MINUTE), ("10", Problem.FORMAT)]:
        with pytest.raises(NotADate) as caught:
            parse_time(bad)
        assert caught.value.problem == problem
    assert re.fullmatch(r"\d+/\d+/\d{4}", show_date(dt.date(1900, 1, 1)))
