"""PAdES signatures on exported minutes (ogp_desktop.pdf.pades), with real keys from the
unit's authority, real minutes PDFs, pyHanko's validator and Poppler's pdfsig as an
independent reader, and a real RFC 3161 server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import time

import pdf_samples as S
import pytest
from timestamp_server import silent_url, timestamp_server

from ogp_desktop.core.errors import CertificateError
from ogp_desktop.core.keys.certificates import KeyPair, create_authority, fingerprint, issue
from ogp_desktop.pdf import pades
from ogp_desktop.pdf.minutes import render_minutes

NAME, ROLE = "أحمد محمد العبدالله", "رئيس اللجنة"
NAME2, ROLE2 = "مي عليمات", "رئيسة وحدة الحكومة الشفافة"
UNIT = "وحدة الحكومة الشفافة"
BOX1 = (330.0, 60.0, 530.0, 140.0)
BOX2 = (65.0, 60.0, 265.0, 140.0)

pdfsig_needed = pytest.mark.requires_tool("pdfsig")


@pytest.fixture(scope="module")
def unit() -> KeyPair:
    return create_authority(UNIT)


@pytest.fixture(scope="module")
def chair(unit) -> KeyPair:
    return issue(unit, NAME, ROLE)


@pytest.fixture(scope="module")
def head(unit) -> KeyPair:
    return issue(unit, NAME2, ROLE2)


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    buf = io.BytesIO()
    render_minutes(S.signed_doc(), S.LETTERHEAD, buf)
    return buf.getvalue()


def _last_page(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages) - 1


def _sign(pdf, key, meaning, n, anchors, box=BOX1, **kw):
    field = pades.field_name(meaning, n)
    where = pades.SignatureBox(_last_page(pdf), box, field) if box is not None else None
    return pades.sign_pdf(pdf, key, field=field, box=where, meaning=meaning,
                          reason=f"{meaning.capitalize()} the minutes",
                          signer_label="اعتمده" if meaning == "approved" else "أعدّه",
                          anchors=anchors, **kw)


@pytest.fixture(scope="module")
def signed_once(minutes_pdf, chair, unit) -> bytes:
    return _sign(minutes_pdf, chair, "prepared", 1, [unit.certificate])


@pytest.fixture(scope="module")
def signed_twice(signed_once, head, unit) -> bytes:
    return _sign(signed_once, head, "approved", 2, [unit.certificate], box=BOX2)


def _pdfsig(tmp_path, pdf: bytes) -> str:
    path = tmp_path / "check.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True,
                          encoding="utf-8").stdout


def _pdfsig_blocks(out: str) -> list[str]:
    return out.split("Signature #")[1:]


def _pyhanko_status(pdf: bytes, anchors):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    reader = PdfFileReader(io.BytesIO(pdf))
    return [validate_pdf_signature(s, pades._context(anchors))
            for s in reader.embedded_regular_signatures]


# --------------------------------------------------------------------------- lazy import


def test_exporting_minutes_does_not_import_pyhanko():
    code = ("import sys, ogp_desktop.pdf.minutes, ogp_desktop.pdf.verify, ogp_desktop.pdf.pades\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('pyhanko', 'pyhanko_certvalidator', 'aiohttp')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------- (a) one signature


@pdfsig_needed
def test_one_visible_signature_is_valid_for_pyhanko_and_pdfsig(signed_once, minutes_pdf, unit,
                                                               tmp_path):
    assert signed_once.startswith(minutes_pdf)  # an incremental update: the original is kept
    (status,) = _pyhanko_status(signed_once, [unit.certificate])
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line

    check = pades.verify_pdf(signed_once, [unit.certificate])
    assert check.ok and not check.unsigned_changes_after_last
    (sig,) = check.signatures
    assert (sig.field, sig.meaning, sig.signer_name, sig.signer_role) == ("prepared-1", "prepared",
                                                                           NAME, ROLE)
    assert sig.issuer_name == UNIT
    assert sig.intact and sig.valid and sig.trusted and sig.covers_whole_file
    assert not sig.modified_after and sig.problem is None
    assert sig.timestamp_at is None and sig.signed_at is not None

    out = _pdfsig(tmp_path, signed_once)
    (block,) = _pdfsig_blocks(out)
    assert "Signature Field Name: prepared-1" in block
    assert NAME in block
    assert "Signature is Valid." in block
    assert "Total document signed" in block
    assert "ETSI.CAdES.detached" in block  # PAdES, not adbe.pkcs7.detached


def test_the_visible_field_is_where_the_box_says_and_carries_the_stamp(signed_once):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(signed_once))
    page = reader.pages[-1]
    widgets = [a.get_object() for a in page.get("/Annots", [])]
    (widget,) = [w for w in widgets if w.get("/T") == "prepared-1"]
    assert [round(float(v)) for v in widget["/Rect"]] == [round(v) for v in BOX1]
    appearance = widget["/AP"]["/N"].get_object()
    assert appearance["/Resources"]["/XObject"]  # the stamp drawn by ReportLab


def test_the_stamp_shows_the_certificate_name_in_shaped_arabic(chair):
    """The stamp is a ReportLab page: its text is extractable, in the logical order."""
    from pypdf import PdfReader

    lines = pades._stamp_lines(chair, "أعدّه", dt.datetime(2026, 5, 9, 10, 31, tzinfo=dt.UTC))
    stamp = pades.render_stamp(200, 80, lines)
    text = PdfReader(io.BytesIO(stamp)).pages[0].extract_text()
    assert "2026-05-09 10:31 UTC" in text
    assert fingerprint(chair.certificate)[:16] in text
    fonts = subprocess.run(["pdffonts", "-"], input=stamp, capture_output=True).stdout.decode()
    assert "Amiri" in fonts


def test_an_invisible_signature_and_the_seal(signed_twice, unit, tmp_path):
    sealer = issue(unit, "ختم الوحدة", "ختم")
    sealed = pades.seal_pdf(signed_twice, sealer, unit_name=UNIT, anchors=[unit.certificate])
    check = pades.verify_pdf(sealed, [unit.certificate])
    assert check.ok
    assert [s.meaning for s in check.signatures] == ["prepared", "approved", "seal"]
    assert check.signatures[-1].field == pades.SEAL_FIELD
    assert check.signatures[-1].covers_whole_file


# --------------------------------------------------------------------------- (b) two in sequence


@pdfsig_needed
def test_two_signatures_in_sequence_are_both_valid(signed_twice, signed_once, unit, tmp_path):
    assert signed_twice.startswith(signed_once)
    statuses = _pyhanko_status(signed_twice, [unit.certificate])
    assert len(statuses) == 2
    assert all(s.intact and s.valid and s.trusted for s in statuses)

    check = pades.verify_pdf(signed_twice, [unit.certificate])
    assert check.ok
    first, second = check.signatures
    assert (first.field, first.signer_name, second.field, second.signer_name) == (
        "prepared-1", NAME, "approved-2", NAME2)
    # the first covers its own revision; what came after is a signature, which is allowed
    assert not first.covers_whole_file and not first.modified_after
    assert second.covers_whole_file

    blocks = _pdfsig_blocks(_pdfsig(tmp_path, signed_twice))
    assert len(blocks) == 2
    assert all("Signature is Valid." in b for b in blocks)
    assert "Not total document signed" in blocks[0]
    assert "Total document signed" in blocks[1] and "Not total" not in blocks[1]


def test_the_same_field_can_not_be_signed_twice(signed_once, chair, unit):
    with pytest.raises(ValueError, match="already has a signature"):
        _sign(signed_once, chair, "prepared", 1, [unit.certificate])


def test_a_field_must_carry_its_meaning(minutes_pdf, chair):
    with pytest.raises(ValueError, match="meaning"):
        pades.sign_pdf(minutes_pdf, chair, field="approved-1", box=None, meaning="prepared",
                       reason="r", signer_label="x")
    with pytest.raises(ValueError):
        pades.field_name("seal", 1)


# --------------------------------------------------------------------------- (c) update after


def _append_info_change(pdf: bytes) -> bytes:
    """What an insider does to make `verify` read other metadata: a new /Info, appended."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = generic.DictionaryObject({
        generic.NameObject("/Title"): generic.TextStringObject("REJECTED"),
        generic.NameObject("/OGPStatus"): generic.TextStringObject("signed")})
    writer.set_info(info)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewrite_info_in_place(pdf: bytes) -> bytes:
    """The same /Info object rewritten with another title (the writer's dates and producer
    may change after signing; nothing else)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("REJECTED")
    writer.mark_update(info_ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _append_annotation(pdf: bytes) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    note = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject(
            [generic.FloatObject(v) for v in (100, 500, 400, 540)]),
        generic.NameObject("/Contents"): generic.TextStringObject("REJECTED"),
        generic.NameObject("/DA"): generic.pdf_string("/Helv 24 Tf 1 0 0 rg")}))
    annots = page.get("/Annots")
    array = annots.get_object() if annots is not None else generic.ArrayObject()
    array.append(note)
    page["/Annots"] = array
    writer.update_container(page_ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pdfsig_needed
@pytest.mark.parametrize("change", [_append_info_change, _rewrite_info_in_place,
                                    _append_annotation],
                         ids=["new-info", "info-rewritten", "annotation"])
def test_an_update_appended_after_signing_is_caught(signed_twice, unit, tmp_path, change):
    changed = change(signed_twice)
    assert changed.startswith(signed_twice)
    check = pades.verify_pdf(changed, [unit.certificate])
    assert not check.ok
    assert check.unsigned_changes_after_last
    last = check.signatures[-1]
    assert last.intact and last.valid and last.trusted  # the signed bytes are untouched...
    assert last.modified_after and not last.covers_whole_file  # ...but more came after
    assert "changed after" in (last.problem or "")
    blocks = _pdfsig_blocks(_pdfsig(tmp_path, changed))
    assert len(blocks) == 2
    assert all("Not total document signed" in b for b in blocks)


def test_the_signed_revision_keeps_the_signed_metadata(signed_twice):
    from pypdf import PdfReader

    changed = _append_info_change(signed_twice)
    assert PdfReader(io.BytesIO(changed)).metadata["/Title"] == "REJECTED"
    signed = pades.signed_revision_bytes(changed, 1)
    assert signed == signed_twice
    assert PdfReader(io.BytesIO(signed)).metadata["/Title"] != "REJECTED"
    with pytest.raises(IndexError):
        pades.signed_revision_bytes(changed, 2)


def test_validation_data_appended_later_is_allowed(signed_twice, unit):
    """A DSS update after the last signature (what an archive adds for long-term
    validation) is not a change to the signed minutes."""
    from pyhanko.sign.validation import DocumentSecurityStore

    out = io.BytesIO(signed_twice)
    extra = create_authority("سلطة أخرى").certificate
    DocumentSecurityStore.add_dss(out, sig_contents=None, certs=[pades._asn1(extra)])
    assert len(out.getvalue()) > len(signed_twice)
    check = pades.verify_pdf(out.getvalue(), [unit.certificate])
    assert check.ok and not check.unsigned_changes_after_last
    assert not check.signatures[-1].covers_whole_file


# --------------------------------------------------------------------------- (d) content swapped


def test_a_new_pdf_with_the_signed_metadata_copied_has_no_signature(signed_twice, unit):
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(100, 700, "The plan was REJECTED")
    page.save()
    writer = PdfWriter(clone_from=io.BytesIO(buf.getvalue()))
    writer.add_metadata(dict(PdfReader(io.BytesIO(signed_twice)).metadata))
    forged = io.BytesIO()
    writer.write(forged)
    check = pades.verify_pdf(forged.getvalue(), [unit.certificate])
    assert check.signatures == [] and not check.ok


# --------------------------------------------------------------------------- (e) bytes flipped


def test_a_byte_changed_inside_the_signed_range_breaks_the_digest(signed_once, unit):
    """The insider's edit of the fingerprint printed in the metadata, in place."""
    at = signed_once.index(b"/OGPMinutesSHA256 (") + len(b"/OGPMinutesSHA256 (")
    flipped = signed_once[:at] + (b"4" if signed_once[at:at + 1] != b"4" else b"5") + signed_once[at + 1:]
    assert len(flipped) == len(signed_once)
    check = pades.verify_pdf(flipped, [unit.certificate])
    assert not check.ok
    (sig,) = check.signatures
    assert not sig.intact
    assert "digest" in (sig.problem or "")


def test_not_a_pdf_and_a_damaged_pdf_raise_value_error(signed_once, unit):
    with pytest.raises(ValueError, match="not a PDF"):
        pades.verify_pdf(b"PK\x03\x04 a zip file", [unit.certificate])
    with pytest.raises(ValueError, match="damaged"):
        pades.verify_pdf(b"%PDF-1.4\n garbage \n%%EOF", [unit.certificate])


# --------------------------------------------------------------------------- (f) untrusted


def test_a_signer_from_an_untrusted_authority_is_not_trusted(minutes_pdf, unit):
    other = create_authority("سلطة غير موثوقة")
    stranger = issue(other, NAME, ROLE)  # the same name, another authority
    with pytest.raises(CertificateError):  # refused at signing when the anchors are given
        _sign(minutes_pdf, stranger, "prepared", 1, [unit.certificate])
    signed = _sign(minutes_pdf, stranger, "prepared", 1, [])  # B-B, no anchors to check
    check = pades.verify_pdf(signed, [unit.certificate])
    (sig,) = check.signatures
    assert sig.intact and sig.valid and not sig.trusted
    assert not check.ok
    assert "trusted" in (sig.problem or "")
    assert sig.signer_name == NAME and sig.issuer_name == "سلطة غير موثوقة"
    assert not pades.verify_pdf(signed, []).ok  # no anchors: nothing is trusted


# --------------------------------------------------------------------------- (g) expired


@pytest.mark.parametrize("start_days, days", [(-400, 30), (10, 30)], ids=["expired", "not-yet"])
def test_a_certificate_outside_its_validity_period_can_not_sign(minutes_pdf, unit, start_days,
                                                                days):
    now = dt.datetime.now(dt.UTC)
    key = issue(unit, NAME, ROLE, not_before=now + dt.timedelta(days=start_days), days=days)
    with pytest.raises(CertificateError):
        _sign(minutes_pdf, key, "prepared", 1, [unit.certificate])
    with pytest.raises(CertificateError):
        _sign(minutes_pdf, key, "prepared", 1, [])


def test_a_certificate_that_expired_after_signing_still_verifies(minutes_pdf, unit):
    now = dt.datetime.now(dt.UTC)
    key = issue(unit, NAME, ROLE, not_before=now - dt.timedelta(days=40), days=30)
    signed = _sign(minutes_pdf, key, "prepared", 1, [unit.certificate],
                   at=now - dt.timedelta(days=20))
    check = pades.verify_pdf(signed, [unit.certificate])
    assert check.ok
    assert "expired since" in (check.signatures[0].problem or "")


# --------------------------------------------------------------------------- (h) timestamps


@pytest.fixture
def tsa_url(unit):
    """A real RFC 3161 server (tests/timestamp_server.py)."""
    with timestamp_server(unit) as server:
        yield server.url, server.requests, server.failures


@pdfsig_needed
def test_a_timestamp_from_a_local_server_is_reported(minutes_pdf, chair, unit, tsa_url, tmp_path):
    url, requests, failures = tsa_url
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        signed = _sign(minutes_pdf, chair, "prepared", 1, [unit.certificate], timestamp_url=url)
    except pades.TimestampUnavailable:
        pytest.fail(f"the local timestamp server failed: {failures or 'no error on its side'}")
    assert requests and set(requests) == {"application/timestamp-query"}
    check = pades.verify_pdf(signed, [unit.certificate])
    assert check.ok
    (sig,) = check.signatures
    assert sig.timestamp_at is not None
    assert before - dt.timedelta(seconds=5) <= sig.timestamp_at <= dt.datetime.now(dt.UTC)
    (block,) = _pdfsig_blocks(_pdfsig(tmp_path, signed))
    assert "Signature is Valid." in block and "Total document signed" in block


def test_a_timestamp_after_the_asn1_tables_were_built(tmp_path):
    """A program that signed once without a timestamp (asn1crypto's name table built
    before asn1crypto.tsp was imported) can still ask for one: the CI failure of the
    timestamp test above, in a fresh interpreter."""
    code = ("from asn1crypto import cms\n"
            "cms.ContentType.unmap('data')\n"  # the table is built, without tst_info
            "from ogp_desktop.pdf import pades\n"
            "pades._asn1_tables()\n"
            "print(cms.ContentType.unmap('tst_info'))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1.2.840.113549.1.9.16.1.4"


def test_an_unreachable_timestamp_server_raises_quickly(minutes_pdf, chair, unit):
    url = silent_url()  # a port nothing listens on
    started = time.monotonic()
    with pytest.raises(pades.TimestampUnavailable) as caught:
        _sign(minutes_pdf, chair, "prepared", 1, [unit.certificate], timestamp_url=url,
              timestamp_timeout=2)
    assert time.monotonic() - started < 5
    assert caught.value.url == url
    assert url in str(caught.value)
