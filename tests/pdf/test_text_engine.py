"""The bidi text engine: shaping, line breaking in logical order, reordering, mirroring."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pdf_check as C
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate

from ogp_desktop.pdf import fonts
from ogp_desktop.pdf.bidi import LTR, RTL, bidi_levels
from ogp_desktop.pdf.flowables import BidiParagraph
from ogp_desktop.pdf.line_breaking import display, display_runs, layout

BODY = ParagraphStyle("b", fontName=fonts.REGULAR, fontSize=12, leading=21)


def _nfkc_counter(s: str) -> Counter:
    return Counter(ch for c in s for ch in unicodedata.normalize("NFKC", c) if not ch.isspace())


def _drawn(lines) -> str:
    return "".join(t for line in lines for _f, t in line.runs)


def test_display_mixed_runs_keep_their_order():
    vis = display("اجتماع عبر ZOOM في 14/6/2021 الساعة 9:00 - 10:30 بنسبة 65%", RTL)
    # Latin, dates and numbers stay left-to-right inside the right-to-left line
    for run in ("ZOOM", "14/6/2021", "10:30 - 9:00", "%65"):
        assert run in vis, (run, vis)
    # the first logical word is at the right end of the line
    assert unicodedata.normalize("NFKC", vis).endswith("اجتماع"[::-1])


def test_brackets_are_mirrored_in_right_to_left_text():
    vis = display("قال (مهمة) ثم", RTL)
    # visual string, left to right: "مث (ةمهم) لاق": the brackets look like "( ... )"
    core = unicodedata.normalize("NFKC", vis)
    assert "(" + "مهمة"[::-1] + ")" in core
    # but the characters drawn stay the logical ones, with mirrored glyphs
    runs = display_runs("قال (ملاحظة) ثم", fonts.REGULAR, RTL)
    assert any(f.endswith(fonts.MIRROR_SUFFIX) for f, _ in runs)
    # brackets inside a left-to-right run are not mirrored
    assert "(MoP)" in display("Ministry (MoP) of Planning", LTR)


def test_harakat_are_kept():
    src = "مُحَمَّدٌ يَكْتُبُ"
    out = _drawn(layout(src, fonts.REGULAR, 12, 400, RTL))
    for mark in "ُ َ ّ ٌ ْ".split():
        assert out.count(mark) == src.count(mark)


def test_lines_break_in_logical_order():
    para = " ".join(f"كلمة{n}" for n in range(1, 80))
    lines = layout(para, fonts.REGULAR, 12, 200, RTL)
    assert len(lines) > 5
    logical = " ".join(unicodedata.normalize("NFKC", ln.logical) for ln in lines)
    assert logical == unicodedata.normalize("NFKC", para)
    for ln in lines:
        assert ln.width <= 200 + 0.01


def test_time_range_and_latin_phrases_stay_on_one_line():
    text = "الاتفاق على عقد جلسة من الساعة 9:00 - 10:30 عبر ZOOM مع فريق Task Force لمتابعة Google Form"
    for width in range(120, 420, 7):
        for ln in layout(text, fonts.REGULAR, 12, width, RTL):
            logical = unicodedata.normalize("NFKC", ln.logical)
            assert not logical.endswith("9:00") and not logical.startswith("- 10:30")
            assert not logical.endswith("Task") and not logical.startswith("Force")
            assert not logical.endswith("Google") and not logical.startswith("Form")


def test_paragraphs_split_on_newlines_and_long_words_are_cut():
    lines = layout("سطر أول\nسطر ثان\n\nhttps://example.org/" + "a" * 300, fonts.REGULAR, 12, 150, RTL)
    assert [unicodedata.normalize("NFKC", ln.logical) for ln in lines[:3]] == ["سطر أول", "سطر ثان", ""]
    assert all(ln.width <= 150.01 for ln in lines)
    assert "".join(ln.logical for ln in lines[3:]) == "https://example.org/" + "a" * 300


def test_missing_glyphs_fall_back_or_are_replaced():
    runs = display_runs("تم ✓ done 漢", fonts.REGULAR, LTR)
    fonts_used = {f for f, _ in runs}
    assert fonts.FALLBACK in fonts_used  # the check mark comes from DejaVu Sans
    for f, t in runs:
        cmap = C.cmap_of(str(fonts.font_file(f)))
        assert all(ord(c) in cmap for c in t), (f, t)
    assert fonts.REPLACEMENT in "".join(t for _, t in runs)  # no bundled font has CJK


def test_reading_order_of_lines_across_pages(tmp_path):
    """Numbered sentences in a long paragraph: on every page, the numbers read top to
    bottom and right to left in increasing order, and the first line of the paragraph is
    the highest on page 1 (the guide's reversed-lines bug would fail this)."""
    import pdfplumber

    sentences = [f"الجملة رقم {n} من المحضر عبر ZOOM (ملاحظة) بنسبة {n}% وبتاريخ 14/6/2021."
                 for n in range(1, 140)]
    path = tmp_path / "order.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4, initialFontName=fonts.REGULAR)
    doc.build([BidiParagraph(" ".join(sentences), BODY, RTL, align="justify")])
    assert C.page_count(path) >= 2
    with pdfplumber.open(path) as pdf:
        last = 0
        for page in pdf.pages:
            ws = page.extract_words(keep_blank_chars=False, use_text_flow=False)
            top_line = min(w["top"] for w in ws)
            nums = [(round(w["top"]), -w["x0"], int(w["text"])) for w in ws if w["text"].isdigit()]
            nums.sort()
            seq = [n for *_k, n in nums]
            assert seq == sorted(seq), seq[:20]
            assert seq[0] > last
            last = seq[-1]
            # the topmost line holds the smallest number of the page
            assert min(nums)[0] == round(top_line)
    # and pdftotext gives the sentences back in order
    assert C.similarity(" ".join(sentences), C.pdftotext(path)) >= 0.95


_ALPHABET = st.sampled_from(
    [chr(c) for c in range(0x0621, 0x064B)] + [chr(c) for c in range(0x064B, 0x0653)]
    + list("abcdefXYZ0123456789٠١٢") + list(" ()[]-:/%.,،؛!?«»\"'@")
    + ["\n", "\t", "\x00", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
       "\u2066", "\u2067", "\u2068", "\u2069", "\u200c", "\u200d", "\u00a0", "\u0640"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=120).map("".join), st.sampled_from([RTL, LTR]),
       st.sampled_from([25, 60, 140, 400]))
def test_line_breaker_never_loses_a_character(text, direction, width):
    lines = layout(text, fonts.REGULAR, 11, width, direction)
    drawn = _drawn(lines)
    # controls (NUL, bidi marks, ZWJ/ZWNJ) are not drawn; everything else is, exactly once
    expected = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf"))
    assert _nfkc_counter(drawn) == _nfkc_counter(expected)
    for f, t in (r for ln in lines for r in ln.runs):
        cmap = C.cmap_of(str(fonts.font_file(f)))
        assert all(ord(c) in cmap for c in t)
    assert all(ln.width <= width + 0.01 or len(ln.logical) <= 2 for ln in lines)


def test_bidi_levels_come_from_the_full_algorithm():
    # bracket pairs (N0) and isolates resolved as UAX #9 says
    s = "في (ZOOM) Google"
    lv = bidi_levels(s, True)
    assert lv[s.index("(")] == lv[s.index(")")] == 1
    assert bidi_levels("abc", True) == [2, 2, 2]
    # an isolate keeps its own direction and does not pull its neighbours into it
    iso = "in \u2067مرحبا\u2069 1"
    assert bidi_levels(iso, False) == [0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0]


def test_the_reshaper_reads_its_settings_once_and_shapes_as_configured():
    """shaping's reshaper keeps its settings in a read-once view of its configparser section;
    it shapes exactly as a reshaper reading that section on every call."""
    from arabic_reshaper import ArabicReshaper

    from ogp_desktop.pdf import shaping

    section = shaping._RESHAPER.configuration._section
    plain = ArabicReshaper(configuration=dict(section.items()))
    texts = ["محضر اجتماع لجنة تنفيذ الالتزام الأول", "لا إله إلا الله", "عبد الله", "مُحَمَّد ـــ لأ لآ لإ",
             "Google Form (ملاحظة) 2021", "ﷲ"]
    for text in texts:
        assert shaping._RESHAPER.reshape(text) == plain.reshape(text), text
    assert shaping._RESHAPER.configuration.getboolean("support_ligatures") is True
    assert shaping._RESHAPER.configuration.getboolean("ARABIC LIGATURE ALLAH") is False


def test_a_joiner_before_lam_alef_is_shaped_not_a_crash(tmp_path):
    """arabic_reshaper 3.1 raises IndexError on U+200D followed by lam-alef: the text is
    shaped between the joiners instead, every letter kept, and the page prints."""
    from ogp_desktop.pdf.shaping import shape

    for text in ["\u200dلا", "بأس \u200dلا", "a\u200dلا", "\u200d\u200dلأن"]:  # each crashed
        shaped = shape(text)
        assert _nfkc_counter(shaped.replace("\u200d", "")) == _nfkc_counter(text.replace("\u200d", ""))
        assert "ﻻ" in shaped or "ﻷ" in shaped  # the ligature, so it was shaped, not left raw
    path = tmp_path / "zwj.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4, initialFontName=fonts.REGULAR)
    doc.build([BidiParagraph("بأس \u200dلا", BODY, RTL)])
    assert "بأس" in unicodedata.normalize("NFKC", C.pdftotext(path))
