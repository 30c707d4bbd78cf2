"""The Word parser on arbitrary text in the cells and lines (Arabic, mixed scripts, bidi
controls, NUL and other control characters, very long strings): it never crashes; it
either parses or raises a DomainError (one line). Text python-docx can write goes through a
real .docx too; the rest (NUL, lone surrogates) straight into the parser's input."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from archive_samples import Sample, build

from ogp_desktop.core.archive import labels
from ogp_desktop.core.archive.parsing import parse
from ogp_desktop.core.archive.reading import Block, WordText, read_bytes
from ogp_desktop.core.errors import DomainError

PROPERTY = settings(max_examples=60, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
PIECES = st.one_of(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
    st.sampled_from("abcXYZ019 .,:;-–—/\\·•()[]{}\n\t"), st.sampled_from(BIDI),
    st.sampled_from("\x00\x01\x1b\x7f\u2028\ufeff"),
    st.sampled_from(["التاريخ", "الحضور", "الاعتذار:", "الاجتماع", "الثاني", "الخطة", "الخامسة",
                     "لجنة", "14/6/2021", "١٥/٧/٢٠٢١", "2021-2025", "زووم", "[1]", "السيد"]),
)
texts = st.one_of(st.lists(PIECES, max_size=30).map("".join),
                  st.sampled_from(["x" * 100_000, "ب " * 60_000, "١/" * 5000]))
lines = st.lists(texts, max_size=4)
rows = st.lists(st.lists(lines, min_size=1, max_size=3), max_size=5)


def _word(titles, table, footnotes) -> WordText:
    blocks = [Block("paragraph", text=t) for t in titles] + [Block("table", rows=table)]
    return WordText(name="any.docx", data=b"", blocks=blocks, footnotes=footnotes)


@PROPERTY
@given(titles=lines, table=rows,
       footnotes=st.dictionaries(st.integers(-2, 5), texts, max_size=3))
@example(titles=["\u202eالاجتماع الثاني\x00"], table=[[["التاريخ"], ["14/6/2021"]]], footnotes={})
@example(titles=[], table=[[["الحضور"], ["الاعتذار:", "-", "·", "/ x"]],
                           [["التاريخ"], ["٣١/٢/٢٠٢١ 1/1/2021"]]], footnotes={1: "\x00"})
def test_any_text_parses_or_is_one_domain_error(titles, table, footnotes):
    try:
        m = parse(_word(titles, table, footnotes))
    except DomainError as exc:
        assert "\n" not in exc.render()
        return
    assert isinstance(m.value("date"), dt.date)
    assert isinstance(m.value("title"), str) and m.value("title")
    for a in m.attendees + m.apologies:
        assert a.name.strip()


xml_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
xml_texts = st.one_of(st.text(st.one_of(xml_chars, st.sampled_from(BIDI)), max_size=40),
                      st.sampled_from(["التاريخ", "14/6/2021", "الحضور", "مي عليمات – وزارة"]))


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(xml_texts, max_size=3),
       cells=st.lists(st.tuples(xml_texts, st.lists(xml_texts, max_size=3)), max_size=4))
def test_any_docx_python_docx_can_write_is_read_or_refused_in_one_line(titles, cells):
    data = build(Sample(titles=titles, rows=cells))
    try:
        m = parse(read_bytes(data, Path("any.docx")))
    except DomainError as exc:
        assert "\n" not in exc.render()
        return
    assert isinstance(m.value("date"), dt.date)


@PROPERTY
@given(text=texts)
def test_dates_bullets_and_labels_never_crash(text):
    for found in labels.find_dates(text):
        assert labels.MIN_YEAR <= found.date.year <= labels.MAX_YEAR
    labels.strip_bullet(text)
    labels.match_label(text)
    labels.split_honorific(text)
