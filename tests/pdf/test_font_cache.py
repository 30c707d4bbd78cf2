"""The parsed-font cache (pdf.fonts.load_font): a later process takes what ReportLab's
TrueType parser found from the user's cache folder; a damaged, stale or unwritable cache
only means the font is parsed again, and the PDF is the same either way."""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ogp_desktop.core import user_cache
from ogp_desktop.pdf import fonts
from ogp_desktop.resources import resource

AMIRI = resource("fonts", "Amiri-Regular.ttf")
DEJAVU = resource("fonts", "DejaVuSans.ttf")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "font-cache"
    monkeypatch.setattr(fonts, "cache_folder", lambda: folder)
    return folder


def counts() -> tuple[int, int]:
    return fonts.cache_stats["parsed"], fonts.cache_stats["cached"]


def face_vars(font: TTFont) -> dict:
    return {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}


def one_line_pdf(font: TTFont, name: str) -> bytes:
    """A page with one line in `font`, registered as `name` (invariant: no dates, no ids)."""
    font.fontName = name
    pdfmetrics.registerFont(font)
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    canvas.setFont(name, 14)
    canvas.drawString(72, 700, "محضر اجتماع (ملاحظة) 2021 – ✓ Zoom 75%")
    canvas.save()
    return buf.getvalue().replace(name.encode(), b"X")


def test_the_second_load_takes_the_parsed_face_from_the_cache(cache):
    parsed, cached = counts()
    fresh = TTFont("fresh-amiri", str(AMIRI))
    first = fonts.load_font("cache-amiri-1", AMIRI)
    assert counts() == (parsed + 1, cached) and (cache / "Amiri-Regular.pickle").is_file()
    second = fonts.load_font("cache-amiri-2", AMIRI)
    assert counts() == (parsed + 1, cached + 1)
    # the cached face is the parsed one, attribute by attribute
    assert face_vars(second) == face_vars(first) == face_vars(fresh)
    assert type(second.face.name) is type(fresh.face.name) and second.face.name.ustr == fresh.face.name.ustr
    assert {k: v for k, v in vars(second).items() if k not in ("face", "state", "fontName", "encoding")} \
        == {k: v for k, v in vars(fresh).items() if k not in ("face", "state", "fontName", "encoding")}
    assert second.face._pdfScale(1234) == fresh.face._pdfScale(1234)
    assert one_line_pdf(second, "cache-amiri-2") == one_line_pdf(fresh, "fresh-amiri")


def test_a_font_of_another_unit_size_is_scaled_as_parsed(cache):
    fresh = TTFont("fresh-dejavu", str(DEJAVU))
    assert fresh.face.unitsPerEm != 1000  # 2048: the scale is not the identity
    fonts.load_font("cache-dejavu-1", DEJAVU)
    parsed, cached = counts()
    again = fonts.load_font("cache-dejavu-2", DEJAVU)
    assert counts() == (parsed, cached + 1)
    assert again.face._pdfScale(1024) == fresh.face._pdfScale(1024) == 500.0
    assert one_line_pdf(again, "cache-dejavu-2") == one_line_pdf(fresh, "fresh-dejavu")


def _class_payload(path: Path) -> bytes:
    """A cache file with a valid header and digest whose pickle names a class."""
    key = fonts._cache_key(path.read_bytes())
    return user_cache.entry(key, pickle.dumps({"face": {}, "font": Path("x")}))


DAMAGE = {
    "garbage": lambda raw, path: b"\x00garbage\xff" * 50,
    "empty": lambda raw, path: b"",
    "truncated": lambda raw, path: raw[: len(raw) // 2],
    "one byte changed": lambda raw, path: raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:],
    "another ReportLab": lambda raw, path: raw.replace(b"reportlab ", b"reportlab 0.", 1),
    "a class inside": lambda raw, path: _class_payload(path),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_cache_file_means_the_font_is_parsed_again(cache, damage):
    reference = one_line_pdf(TTFont("ref-amiri", str(AMIRI)), "ref-amiri")
    fonts.load_font("dmg-amiri-0", AMIRI)
    file = cache / "Amiri-Regular.pickle"
    file.write_bytes(DAMAGE[damage](file.read_bytes(), AMIRI))
    parsed, cached = counts()
    font = fonts.load_font("dmg-amiri-1", AMIRI)
    assert counts() == (parsed + 1, cached)  # parsed, not taken from the damaged file
    assert one_line_pdf(font, "dmg-amiri-1") == reference
    fonts.load_font("dmg-amiri-2", AMIRI)  # ... and the file was written anew
    assert counts() == (parsed + 1, cached + 1)


def test_a_cache_folder_that_can_not_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(fonts, "cache_folder", lambda: blocker / "fonts")
    parsed, cached = counts()
    fonts.load_font("nowrite-1", AMIRI)
    font = fonts.load_font("nowrite-2", AMIRI)
    assert counts() == (parsed + 2, cached)
    assert one_line_pdf(font, "nowrite-2") == one_line_pdf(TTFont("nowrite-ref", str(AMIRI)), "nowrite-ref")


RENDER = r"""
import io, json, sys
sys.path.insert(0, sys.argv[1])
import pdf_samples as S
from ogp_desktop.core import user_cache
from ogp_desktop.pdf import fonts
from ogp_desktop.pdf.minutes import render_minutes

# a check mark in the (bold) title and in a note: the fallback faces are loaded only when a
# character needs them, and this test wants all four bundled fonts in the cache
doc = S.signed_doc()
doc.update(title=doc["title"] + " ✓", notes=doc["notes"] + ["✓"])
out = io.BytesIO()
render_minutes(doc, S.LETTERHEAD, out)
open(sys.argv[2], "wb").write(out.getvalue())
print(json.dumps(fonts.cache_stats))
"""


def test_fresh_processes_reuse_the_cache_and_a_damaged_one_still_prints_the_same_pdf(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    def render(name: str) -> tuple[dict, bytes]:
        pdf = tmp_path / f"{name}.pdf"
        out = subprocess.run([sys.executable, "-c", RENDER, str(Path(__file__).parent), str(pdf)],
                             env=env, capture_output=True, text=True, check=True, timeout=300)
        return json.loads(out.stdout.strip().splitlines()[-1]), pdf.read_bytes()

    first_stats, first = render("first")
    assert first_stats["parsed"] >= 4  # the four bundled fonts (the mirrored one may be cached)
    folder = tmp_path / "cache" / "ogp-desktop" / "fonts"
    files = sorted(folder.glob("*.pickle"))
    assert [f.name for f in files] == ["Amiri-Bold.pickle", "Amiri-Regular.pickle",
                                       "DejaVuSans-Bold.pickle", "DejaVuSans.pickle"]
    second_stats, second = render("second")
    assert second_stats == {"parsed": 0, "cached": first_stats["parsed"] + first_stats["cached"]}
    for f in files:
        f.write_bytes(f.read_bytes()[:1000])
    damaged_stats, damaged = render("damaged")
    assert damaged_stats == first_stats
    assert first.startswith(b"%PDF") and first == second == damaged


def test_a_copy_of_a_registered_font_draws_as_the_font_parsed_again():
    """mirror_font starts from a copy of the registered original instead of loading the file
    again; the copy is the font a fresh parse gives, and changing the copy's glyph map leaves
    the original alone."""
    original = TTFont("copy-src", str(AMIRI))
    copy = fonts._copy_of(original, "copy-twin")
    assert face_vars(copy) == face_vars(TTFont("copy-fresh", str(AMIRI)))
    assert one_line_pdf(copy, "copy-twin") == one_line_pdf(TTFont("copy-ref", str(AMIRI)), "copy-ref")
    copy.face.charToGlyph = {}
    assert original.face.charToGlyph


def test_a_fallback_face_is_loaded_only_when_a_character_needs_it():
    code = ("from ogp_desktop.pdf import fonts; fonts.text_width('محضر اجتماع', fonts.REGULAR, 12);"
            "assert fonts.FALLBACK not in fonts._loaded, 'loaded too early';"
            "fonts.text_width('✓', fonts.REGULAR, 12); assert fonts.FALLBACK in fonts._loaded;"
            "assert fonts.FALLBACK_BOLD not in fonts._loaded; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
