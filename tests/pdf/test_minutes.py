"""Exported minutes, checked with readers independent of the code under test."""

from __future__ import annotations

import io
import re
import subprocess
import time
import unicodedata

import pdf_check as C
import pdf_samples as S
import pytest
from required_tools import missing

from ogp_desktop.core import labels as L
from ogp_desktop.pdf import fonts
from ogp_desktop.pdf.bidi import RTL
from ogp_desktop.pdf.drawing import record_drawing
from ogp_desktop.pdf.flowables import BidiParagraph
from ogp_desktop.pdf.minutes import ExportCancelled, qr_payload, render_bundle, render_minutes
from ogp_desktop.pdf.verify import read_fingerprint

pytestmark = pytest.mark.requires_tool("pdftotext", "pdffonts")


def _render(tmp_path, doc, name="m.pdf", letterhead=None):
    path = tmp_path / name
    with record_drawing() as drawn:
        render_minutes(doc, letterhead if letterhead is not None else S.LETTERHEAD, path)
    return path, drawn


def _source_text(doc: dict) -> str:
    """The content of a meeting in reading order, as the person who typed it sees it."""
    parts = [doc["title"]]
    for key in ("attendees", "apologies"):
        for p in doc[key]:
            parts.append(p["name"] + (" – " + p["organization"] if p.get("organization") else ""))
    parts.append(doc.get("objective") or "")
    parts += doc["discussion"] + doc["outputs"]
    parts += [it["text"] for it in doc["action_items"]]
    parts += doc["notes"]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("ar"), S.arabic_doc())


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("signed"), S.signed_doc())


@pytest.fixture(scope="module")
def long(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("long"), S.long_doc())


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("en"), S.english_doc(), letterhead=S.LETTERHEAD_EN)


ALL = ["arabic", "signed", "long", "english"]
DOCS = {"arabic": S.arabic_doc, "signed": S.signed_doc, "long": S.long_doc, "english": S.english_doc}


@pytest.mark.parametrize("name", ALL)
def test_words_come_back_in_reading_order(name, request):
    path, _ = request.getfixturevalue(name)
    doc = DOCS[name]()
    extracted = C.pdftotext(path)
    recall = C.in_order_recall(_source_text(doc), extracted)
    assert recall >= 0.95, recall


def test_plain_arabic_paragraphs_score_like_the_guide_says(tmp_path):
    """Only content, no page furniture: the guide's difflib ratio on the whole text."""
    from reportlab.platypus import SimpleDocTemplate

    doc = S.long_doc()
    st = __import__("ogp_desktop.pdf.minutes", fromlist=["styles"]).styles()
    story = []
    for item in doc["discussion"] + doc["outputs"]:
        story.append(BidiParagraph(item, st.body, RTL, align="justify"))
    path = tmp_path / "plain.pdf"
    SimpleDocTemplate(str(path), initialFontName=fonts.REGULAR).build(story)
    score = C.similarity("\n".join(doc["discussion"] + doc["outputs"]), C.pdftotext(path))
    assert score >= 0.95, score


def test_long_meeting_has_at_least_three_pages(long):
    path, _ = long
    assert C.page_count(path) >= 3


@pytest.mark.parametrize("name", ALL)
def test_every_drawn_character_has_a_glyph_in_its_font(name, request):
    _, drawn = request.getfixturevalue(name)
    assert drawn
    for font, text in drawn:
        cmap = C.cmap_of(str(fonts.font_file(font)))
        missing = {c for c in text if ord(c) not in cmap}
        assert not missing, (font, text, missing)


@pytest.mark.parametrize("name", ALL)
def test_only_embedded_fonts_and_no_helvetica(name, request):
    path, _ = request.getfixturevalue(name)
    rows = C.pdffonts(path)
    assert rows
    for row in rows:
        assert row["emb"] == "yes" and row["uni"] == "yes", row["line"]
        assert "Helvetica" not in row["name"] and "Times" not in row["name"], row["line"]
    assert b"/Helvetica" not in path.read_bytes()


@pytest.mark.parametrize("name", ALL)
def test_footer_on_every_page(name, request):
    path, _ = request.getfixturevalue(name)
    doc = DOCS[name]()
    n = C.page_count(path)
    labels = L.get(doc["language"])
    for page in range(1, n + 1):
        text = re.sub(r"\s+", "", C.strip_controls(C.pdftotext(path, page)))
        want = re.sub(r"\s+", "", labels["page_x_of_y"].format(page=page, pages=n))
        assert want in text, (page, want)
        ref = doc["uuid"].replace("-", "")[:8] + f"-v{doc['version']}"
        assert ref in text


def test_english_footer_reads_page_n_of_m(english):
    path, _ = english
    n = C.page_count(path)
    for page in range(1, n + 1):
        assert f"Page {page} of {n}" in C.pdftotext(path, page)


@pytest.mark.parametrize("name", ["arabic", "long", "english"])
def test_draft_mark_on_every_page_of_a_draft(name, request):
    path, _ = request.getfixturevalue(name)
    doc = DOCS[name]()
    footer = L.get(doc["language"])["draft_footer"]
    rotated = C.rotated_text(path)
    assert len(rotated) == C.page_count(path)
    for page, marks in enumerate(rotated, 1):
        # the diagonal watermark is drawn on the page (and hidden from text extraction)
        marks = unicodedata.normalize("NFKC", marks)
        assert "DRAFT" in marks and "ةدوسم" in marks, (page, marks)  # drawn left to right
        text = C.strip_controls(C.pdftotext(path, page))
        assert footer in text
        assert "DRAFT" not in text  # rotated letters do not leak into the text


def test_signed_version_has_no_draft_mark_but_version_and_fingerprint(signed):
    path, _ = signed
    doc = S.signed_doc()
    n = C.page_count(path)
    assert not any(C.rotated_text(path))
    for page in range(1, n + 1):
        text = C.strip_controls(C.pdftotext(path, page))
        assert L.get("ar")["draft_footer"] not in text
        assert doc["fingerprint"][:16] in text
        assert C.has_phrase(text, L.get("ar")["signed_version"].format(version=3))
    last = C.strip_controls(C.pdftotext(path, n))
    assert doc["fingerprint"] in last
    # the two signatories, what their signature means, and when
    for s in doc["signatures"]:
        assert C.has_phrase(last, s["name"]) and C.has_phrase(last, s["role"])
    assert "أعدّه" in unicodedata.normalize("NFC", last) and "اعتمده" in last
    # (pdftotext swaps "2021، 10:30" into "10:30 2021": compare the pieces)
    assert C.has_phrase(last, "وقّع في 14 حزيران") and C.has_phrase(last, "وقّع في 15 حزيران")
    assert "10:30" in last and "9:05" in last and "UTC+03:00" in last


def test_signature_image_and_photos_are_embedded(signed):
    from pypdf import PdfReader

    path, _ = signed
    images = sum(len(p.images) for p in PdfReader(path).pages)
    assert images >= 4  # logo, two photos, one signature


def test_qr_code_carries_the_identity(signed):
    doc = S.signed_doc()
    payload = qr_payload(doc)
    assert payload == f"ogp-minutes:{doc['uuid']};v=3;sha256={doc['fingerprint']}"
    import segno

    # the QR drawn on the last page is this payload (same matrix segno makes)
    from ogp_desktop.pdf.minutes import QRCode

    assert QRCode(payload, 80).qr.matrix == segno.make(payload, error="m", micro=False).matrix


def test_read_fingerprint_round_trips(signed, arabic, english, tmp_path):
    path, _ = signed
    doc = S.signed_doc()
    assert read_fingerprint(path) == {"uuid": doc["uuid"], "version": 3, "fingerprint": doc["fingerprint"]}
    assert read_fingerprint(arabic[0]) is None
    assert read_fingerprint(english[0]) is None  # approved but not signed
    bogus = tmp_path / "not-a.pdf"
    bogus.write_bytes(b"hello")
    assert read_fingerprint(bogus) is None


def test_metadata(signed, english):
    from pypdf import PdfReader

    path, _ = signed
    reader = PdfReader(path)
    meta = reader.metadata
    assert meta.title == S.signed_doc()["title"]
    assert "وحدة الحكومة الشفافة" in meta.author
    assert meta.subject and S.FINGERPRINT in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "ar"
    assert PdfReader(english[0]).trailer["/Root"]["/Lang"] == "en"
    raw = path.read_bytes()
    for leak in (b"/tmp", b"/work", b"/home", b".ttf", b"resources"):
        assert leak not in raw
    # A4
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_brackets_and_harakat_come_back(arabic):
    path, _ = arabic
    text = C.strip_controls(C.pdftotext(path))
    assert "(ملاحظة)" in text
    assert "(الكتب الرسمية)" in text
    assert "مَسؤولِيَّةٌ" in text and "المُنَسِّقُ" in text


def test_dates_use_jordanian_months_and_western_digits(arabic):
    path, _ = arabic
    text = C.strip_controls(C.pdftotext(path))
    assert C.has_phrase(text, "الاثنين، 30 أيلول 2019")  # the next meeting
    assert C.has_phrase(text, "الاثنين، 14 حزيران 2021")  # the meeting's date
    assert not re.search("[\u0660-\u0669\u06f0-\u06f9]", text)


def test_first_line_is_the_highest_on_page_one(arabic, long):
    import pdfplumber

    for path in (arabic[0], long[0]):
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[0]
            words = page.extract_words()
            top = min(w["top"] for w in words)
            first_line = [w["text"] for w in words if abs(w["top"] - top) < 2]
            got = unicodedata.normalize("NFKC", "".join(first_line))
            # the ministry's name (letterhead) is the first logical line of the document
            assert set("وزارة") <= set(got) and "التخطيط"[::-1][:3] in got or "التخطيط" in got


def test_output_to_a_file_object_and_determinism(tmp_path):
    a, b = io.BytesIO(), io.BytesIO()
    render_minutes(S.signed_doc(), S.LETTERHEAD, a)
    render_minutes(S.signed_doc(), S.LETTERHEAD, b)
    assert a.getvalue().startswith(b"%PDF") and a.getvalue() == b.getvalue()


def test_labels_can_be_overridden(tmp_path):
    path = tmp_path / "o.pdf"
    render_minutes(S.english_doc(), S.LETTERHEAD_EN, path, labels={"attendees": "Present"})
    assert "Present" in C.pdftotext(path)


def test_minimal_and_odd_documents_render(tmp_path):
    doc = {"format": "ogp-minutes/1", "language": "ar", "title": "", "date": None, "attendees": [],
           "apologies": [], "discussion": ["سطر\x00 فيه \u202eتحكم\u202c و\tتبويب ✓ 漢"], "outputs": [],
           "action_items": [{"text": "", "owner": None, "due": "not-a-date", "status": "weird"}],
           "notes": [], "photos": [{"name": "broken.png", "caption": None, "data": b"not an image"}],
           "signatures": [], "uuid": None, "version": None, "status": "signed", "fingerprint": None}
    path, drawn = _render(tmp_path, doc, letterhead={})
    assert C.page_count(path) == 1
    assert read_fingerprint(path) is None
    assert "broken.png" in C.pdftotext(path)


def test_three_pages_two_photos_render_the_same_each_time(tmp_path):
    """Speed is measured in bench/bench_pdf.py (a); here: the same document renders to the
    same pages every time (fonts registered once per process do not change the output)."""
    doc = S.arabic_doc()
    pages = []
    for n in range(2):
        path = tmp_path / f"p{n}.pdf"
        with open(path, "wb") as out:
            render_minutes(doc, S.LETTERHEAD, out)
        assert C.page_count(path) >= 3 and len(doc["photos"]) == 2
        pages.append([C.strip_controls(C.pdftotext(path, p)) for p in range(1, C.page_count(path) + 1)])
    assert pages[0] == pages[1]


# --------------------------------------------------------------------------- register


def test_bundle_has_a_register_and_each_meeting_on_a_new_page(tmp_path):
    docs = [S.arabic_doc(), S.english_doc(), S.signed_doc()]
    calls = []
    path = tmp_path / "bundle.pdf"
    render_bundle(docs, S.LETTERHEAD, path, progress=lambda d, n: calls.append((d, n)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    first = C.strip_controls(C.pdftotext(path, 1))
    assert "سجل المحاضر" in first
    # the register's page numbers point at pages that start with that meeting's letterhead
    # and carry its first footer
    n = C.page_count(path)
    starts = []
    for page in range(2, n + 1):
        text = re.sub(r"\s+", "", C.strip_controls(C.pdftotext(path, page)))
        first_page = re.sub(r"\s+", "", L.get("ar")["page_x_of_y"].format(page=1, pages=0))[:-1]
        if first_page in text or "Page1of" in text:
            starts.append(page)
    assert len(starts) == 3
    toc = C.strip_controls(C.pdftotext(path, 1))
    for s in starts:
        assert re.search(rf"(?<!\d){s}(?!\d)", toc), (s, toc)
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert [o.title for o in reader.outline] == [d["title"] for d in docs]
    assert read_fingerprint(path) is None


def test_bundle_cancel_writes_nothing(tmp_path):
    docs = [S.arabic_doc(), S.long_doc(), S.english_doc()]
    path = tmp_path / "cancelled.pdf"
    seen = []
    with pytest.raises(ExportCancelled):
        render_bundle(docs, S.LETTERHEAD, path, progress=lambda d, n: seen.append(d),
                      cancelled=lambda: len(seen) >= 1)
    assert seen == [1]
    assert not path.exists()
    with pytest.raises(ExportCancelled):
        render_bundle(docs, S.LETTERHEAD, path, cancelled=lambda: True)
    assert not path.exists()


@pytest.mark.requires_tool("tesseract", "pdftoppm")
def test_ocr_reads_the_page_in_order(arabic, tmp_path):
    """An independent reader of what a person sees: OCR of page 2 (discussion and outputs)."""
    path, _ = arabic
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if "ara" not in langs:
        missing("the Arabic model of tesseract", "tesseract-ocr-ara")
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "2", "-l", "2", str(path), str(tmp_path / "pg")],
                   check=True)
    png = next(tmp_path.glob("pg*.png"))
    t0 = time.perf_counter()
    ocr = subprocess.run(["tesseract", str(png), "-", "-l", "ara+eng"], capture_output=True, text=True).stdout
    assert time.perf_counter() - t0 < 30
    doc = S.arabic_doc()
    source = "\n".join(doc["discussion"] + doc["outputs"])
    assert C.in_order_recall(source, ocr) >= 0.6


def test_fields_declared_for_the_details_or_a_section_are_printed(tmp_path):
    """A field `core.minutes_fields` declares printed in the details or as a section of its
    own is printed with its translated label, without a line of layout for it."""
    from ogp_desktop.core.minutes_fields import Kind, Print, PrintedField

    doc = S.arabic_doc(fields=[
        PrintedField("next_meeting", "Next meeting", Kind.DATE, "2023-02-11", Print.DETAILS),
        PrintedField("objective", "Objective", Kind.MULTILINE, "ملاحظات القاعة الكبرى", Print.SECTION),
    ])
    path, _ = _render(tmp_path, doc)
    text = C.pdftotext(path)
    ar = L.get("ar")
    assert C.has_phrase(text, "11 شباط 2023")
    assert C.has_phrase(text, "ملاحظات القاعة الكبرى")
    assert text.count(ar["objective"]) == 2  # the layout's own heading and the declared section
