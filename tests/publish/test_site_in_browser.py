"""The public website in a real browser (Debian's chromium, headless, tests/publish/
headless_browser.py): both languages laid out in their direction, screenshots of each, the
site's search finding a meeting written another way than the query, and the site's
normalise.js giving exactly what core/text/arabic.py gives."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from headless_browser import Browser
from required_tools import need

from ogp_desktop.core.search.service import query_groups
from ogp_desktop.core.text.arabic import normalise, variants

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser():
    b = Browser(need("chromium"), 1280, 900)
    yield b
    b.close()


def _keep(shot: Path) -> None:
    """Screenshots also go to screenshots/ (ignored by git) when OGP_SCREENSHOTS is set."""
    if os.environ.get("OGP_SCREENSHOTS"):
        (ROOT / "screenshots").mkdir(exist_ok=True)
        shutil.copy(shot, ROOT / "screenshots" / shot.name)


@pytest.mark.parametrize(("page", "language"), [
    ("index.html", "ar"), ("en/index.html", "en"),
    ("plans/plan-1.html", "ar"), ("en/plans/plan-1.html", "en"),
    ("timeline.html", "ar"), ("en/minutes/meeting-3.html", "en"),
    ("committees/committee-3.html", "ar"), ("left-out.html", "ar"),
])
def test_each_language_is_laid_out_in_its_direction(browser, site, page, language, tmp_path):
    browser.open(site / page)
    assert browser.js("document.documentElement.lang") == language
    direction = "rtl" if language == "ar" else "ltr"
    assert browser.js("getComputedStyle(document.body).direction") == direction
    assert browser.js("document.fonts.check('16px Amiri')")  # the site's own font loaded
    # the unit's name starts the header on the reading side: right in Arabic, left in English
    brand = browser.js("document.querySelector('.brand').getBoundingClientRect().x")
    switch = browser.js("document.querySelector('.lang-switch').getBoundingClientRect().x")
    assert (brand > switch) == (language == "ar")
    assert browser.console_errors() == []
    shot = browser.screenshot(tmp_path / f"site-{language}-{page.replace('/', '-')[:-5]}.png")
    assert shot.stat().st_size > 20_000
    _keep(shot)


# [left, right] of the first line of text and [left, right] of the content box of every
# list item in the main part whose text starts with an Arabic letter
_ARABIC_ITEMS = """[...document.querySelectorAll('main li')]
  .filter(li => /^[\\u0600-\\u06FF]/.test(li.textContent.trim()))
  .map(li => { const r = document.createRange(); r.selectNodeContents(li);
               const rects = [...r.getClientRects()].filter(x => x.width > 0);
               const top = Math.min(...rects.map(x => x.top));
               const first = rects.filter(x => x.top - top < 1);
               const box = li.getBoundingClientRect(), css = getComputedStyle(li);
               return [Math.min(...first.map(x => x.left)),
                       Math.max(...first.map(x => x.right)),
                       box.left + parseFloat(css.paddingLeft) + parseFloat(css.borderLeftWidth),
                       box.right - parseFloat(css.paddingRight)
                                 - parseFloat(css.borderRightWidth)]; })"""


@pytest.mark.parametrize(("page", "language"), [
    ("en/minutes/meeting-3.html", "en"), ("en/index.html", "en"),
    ("minutes/meeting-3.html", "ar"), ("index.html", "ar"),
])
def test_a_list_items_text_starts_beside_its_bullet(browser, site, page, language):
    """On the English pages the records' Arabic items start on the left, beside their
    bullet or number, read right to left within the line (they sat against the right edge,
    their bullet alone on the left, and "Implementation committee" came before the
    committee's name); on the Arabic pages they start on the right."""
    browser.open(site / page)
    items = browser.js(_ARABIC_ITEMS)
    assert items, page
    for line_left, line_right, box_left, box_right in items:
        if language == "en":
            assert line_left - box_left < 2, (page, line_left, box_left)
        else:
            assert box_right - line_right < 2, (page, line_right, box_right)
    # a record's title, then the site's words about it, in the page's reading order
    pairs = browser.js("""[...document.querySelectorAll('main li:not(.card)')]
      .filter(li => li.querySelector(':scope > a') && li.querySelector(':scope > .meta'))
      .map(li => [li.querySelector(':scope > a').getBoundingClientRect().left,
                  li.querySelector(':scope > .meta').getBoundingClientRect().left])""")
    if page.endswith("index.html"):
        assert pairs, page
    for title_x, meta_x in pairs:
        assert (meta_x > title_x) == (language == "en"), (page, title_x, meta_x)


def test_the_language_switch_leads_to_the_same_page(browser, site):
    browser.open(site / "committees" / "committee-3.html")
    browser.click(".lang-switch")
    browser.wait_for("location.pathname.endsWith('/en/committees/committee-3.html') "
                     "&& document.readyState === 'complete'")
    assert browser.js("getComputedStyle(document.body).direction") == "ltr"


@pytest.mark.parametrize(("query", "meeting"), [
    ("والإستبيانات", 3),   # the record writes الاستبيان: hamza, particle, article, plural
    ("المنصه", 2),         # the record writes المنصة (taa marbuta)
])
def test_the_sites_search_finds_a_meeting_spelled_another_way(browser, site, query, meeting,
                                                              tmp_path):
    browser.open(site / "search.html")
    browser.click("#q")
    assert browser.js("document.activeElement.id") == "q"
    browser.type_text(query)
    browser.press_enter()
    links = browser.wait_for(
        "(() => { const a = [...document.querySelectorAll('#results a')]; "
        "return a.length && a.map(x => x.getAttribute('href')); })()")
    assert f"minutes/meeting-{meeting}.html" in links
    assert browser.js("document.getElementById('search-status').textContent").startswith("النتائج: ")
    shot = browser.screenshot(tmp_path / f"site-ar-search-{meeting}.png")
    _keep(shot)
    # a query given in the address (the form's GET), and a word in no record
    browser.open((site / "en" / "search.html").as_uri() + "?q=" + quote("زقزقة"))
    assert browser.js("document.getElementById('q').value") == "زقزقة"
    assert browser.js("document.querySelectorAll('#results li').length") == 0
    assert browser.js("document.getElementById('search-status').textContent") == "Nothing found."


def test_a_query_of_short_words_only_says_so(browser, site):
    browser.open(site / "en" / "search.html")
    browser.click("#q")
    browser.type_text("في من")
    browser.press_enter()
    assert browser.wait_for("document.getElementById('search-status').textContent") == \
        "Write at least one word of three letters or more to search."


SAMPLES = [
    "الاستبيان", "والاستبيان", "بالاستبيانات", "الإستبيان", "أَحْمَد", "إِسْلَام", "آمال", "ٱلله",
    "مسؤول", "رئيس", "شاطئ", "مستشفى", "هدى", "الشفافة", "اللجنة", "للجنة", "ـــالتزامـــات",
    "الالتزامات", "وزارة", "فالمنتدى", "كالمعتاد", "٢٠٢١/٦/١٤", "۱۴۰۰", "ZOOM Zoom zoom",
    "café naïve Straße", "ﻻ ﷲ ﷺ", "\u200fنص\u200e مع علامات\u202b", "نص، مع؛ ترقيم؟ «اقتباس»",
    "  مسافات   كثيرة  ", "ﺍﻟﺤﻜﻮﻣﺔ", "İstanbul ǅemal ŉ ﬁ ﬀ", "ΣΊΣΥΦΟΣ ς", "",
    "محضر اجتماع لجنة تنفيذ الالتزام – الالتزام الأول (14/6/2021)",
]


def test_normalise_js_gives_what_the_program_gives(browser, site):
    """The same output on the Arabic samples, on every word's variants and query groups,
    and on each character of the Basic Multilingual Plane that this Python's Unicode
    assigns (the browser's Unicode may be newer: characters Python does not know are
    left out of the comparison)."""
    browser.open(site / "search.html")
    js_samples = browser.js(f"{_json(SAMPLES)}.map(s => OgpText.normalise(s))")
    assert js_samples == [normalise(s) for s in SAMPLES]
    words = sorted({w for s in SAMPLES for w in normalise(s).split()})
    assert browser.js(f"{_json(words)}.map(w => OgpText.variants(w))") == [variants(w) for w in words]
    queries = [s for s in SAMPLES if any(len(w) >= 3 for w in normalise(s).split())]
    assert browser.js(f"{_json(queries)}.map(q => OgpText.queryGroups(q))") == \
        [query_groups(q) for q in queries]
    chars = [chr(c) for c in range(0x20, 0x10000)
             if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    got = browser.js(f"{_json(chars)}.map(c => OgpText.normalise('a' + c + 'b'))")
    differ = [(f"U+{ord(c):04X}", g, normalise("a" + c + "b"))
              for c, g in zip(chars, got, strict=True) if g != normalise("a" + c + "b")]
    assert differ == [], f"{len(differ)} characters differ: {differ[:20]}"


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
