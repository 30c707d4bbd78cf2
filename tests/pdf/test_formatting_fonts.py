"""Dates and numbers in the document's locale; bundled fonts and their licences; layering."""

from __future__ import annotations

import re
import subprocess
import sys

import pdf_check as C

from ogp_desktop.core import formatting as F
from ogp_desktop.core import labels as L
from ogp_desktop.pdf import fonts
from ogp_desktop.resources import resource

ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬")


def test_arabic_dates_use_jordanian_months_and_western_digits():
    assert F.date_long("2019-09-30", "ar") == "الاثنين، 30 أيلول 2019"
    assert F.date_medium("2021-06-14", "ar") == "14 حزيران 2021"
    months = [F.date_medium(f"2021-{m:02d}-01", "ar").split(" ", 1)[1].rsplit(" ", 1)[0]
              for m in range(1, 13)]
    assert months == ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
                      "تشرين الأول", "تشرين الثاني", "كانون الأول"]
    for text in (F.date_long("2021-12-31", "ar"), F.time_range("09:00", "10:30", "ar"),
                 F.datetime_medium("2021-06-14T10:30:00+03:00", "ar"), F.number(1250.5, "ar"),
                 F.number(7, "ar")):
        assert not set(text) & ARABIC_INDIC, text
    assert F.number(1250.5, "ar") == "1,250.5"
    assert F.time_range("09:00", "10:30", "ar").startswith("9:00")


def test_latin_digits_guard():
    assert F.latin_digits("٣٠ أيلول ٢٠١٩ ۱۲٫٥") == "30 أيلول 2019 12.5"


def test_english_dates():
    assert F.date_long("2019-09-30", "en") == "Monday, 30 September 2019"
    assert F.time_range("09:00", "10:30", "en") == "9:00 – 10:30 am"
    assert F.time_range("09:00", None, "en") == "9:00 am"
    assert F.datetime_medium("2021-06-14T10:30:00+03:00", "en") == "14 June 2021, 10:30 am (UTC+03:00)"
    assert F.date_long("garbage", "en") == "garbage"


def test_labels_cover_both_languages():
    """Every PDF label has an Arabic translation in the shared catalog."""
    ar = L.get("ar")
    assert set(ar) == set(L.EN)
    def needs_words(v: str) -> bool:  # text beyond placeholders, and not already Arabic
        bare = re.sub(r"\{[^}]*\}", "", v)
        return any(c.isalpha() for c in bare) and not any("\u0600" <= c <= "\u06ff" for c in bare)

    untranslated = [k for k, v in L.EN.items() if ar[k] == v and needs_words(v)]
    assert untranslated == []
    assert L.get("ar")["date"] == "التاريخ" and L.get("en")["attendees"] == "Attendees"
    assert L.get("ar")["page_x_of_y"].format(page=2, pages=5) == "صفحة 2 من 5"
    assert L.get("fr") == L.EN
    assert L.get("ar", {"date": "اليوم"})["date"] == "اليوم" and L.get("ar")["date"] == "التاريخ"


def test_bundled_fonts_and_licences():
    folder = resource("fonts")
    for name in ("Amiri-Regular.ttf", "Amiri-Bold.ttf", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                 "OFL.txt", "LICENSE-DejaVu.txt", "README.md"):
        assert (folder / name).is_file(), name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / "OFL.txt").read_text()
    assert "Bitstream" in (folder / "LICENSE-DejaVu.txt").read_text()


def test_amiri_covers_what_documents_use():
    cmap = C.cmap_of(str(fonts.font_file(fonts.REGULAR)))
    needed = "0123456789%/-():@•–—·،؛؟ ABCxyz" + "".join(chr(c) for c in range(0x0621, 0x0653))
    assert all(ord(c) in cmap for c in needed)
    # presentation forms produced by the reshaper
    assert all(c in cmap for c in range(0xFE80, 0xFEFC) if c not in (0xFEFF,))
    # what Amiri lacks comes from DejaVu Sans
    assert ord("✓") not in cmap
    assert fonts.pick_font("✓", fonts.REGULAR) == (fonts.FALLBACK, "✓")
    assert fonts.pick_font("✓", fonts.BOLD) == (fonts.FALLBACK_BOLD, "✓")


def test_pdf_layer_imports_neither_qt_nor_the_database():
    code = ("import sys, ogp_desktop.pdf.minutes, ogp_desktop.pdf.verify, ogp_desktop.pdf.flowables;"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'alembic')];"
            "print(bad); sys.exit(1 if bad else 0)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
