"""export.minutes and export.verify (documents from core.services.documents): from the records
to PDF files (single, batch, bundle), cancellation, atomic writes, what a signed printout is
printed from, file names, and verification, on a real SQLite file and on a database of the
private PostgreSQL server (changes behind the program's back are made with the sqlite3
module or psycopg: dbtools)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from ogp_desktop.core import demo_data, exchange
from ogp_desktop.core.db import open_database
from ogp_desktop.core.errors import NotFoundError, StorageError, ValidationError
from ogp_desktop.core.i18n import translator
from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services import documents, meetings, signing
from ogp_desktop.export import minutes as exports
from ogp_desktop.export import verify
from ogp_desktop.pdf.minutes import ExportCancelled
from ogp_desktop.pdf.verify import read_fingerprint

needs_poppler = pytest.mark.requires_tool("pdftotext")


def all_ids(db) -> list[int]:
    with db.session() as s:
        return [r.id for r in sorted(meetings.list_meetings(s), key=lambda r: (r.date, r.id))]


def id_of(db, date: str) -> int:
    with db.session() as s:
        return next(r.id for r in meetings.list_meetings(s) if r.date.isoformat() == date)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return unicodedata.normalize("NFKC", out)


def photo(width: int, height: int, colour: tuple[int, int, int], fmt: str = "JPEG") -> bytes:
    im = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 7):
        for y in range(0, height, 5):
            im.putpixel((x, y), (255 - colour[0], 255 - colour[1], 255 - colour[2]))
    buf = io.BytesIO()
    im.save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def outdir(tmp_path) -> Path:
    """Where the exports go (the database files are in tmp_path itself)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --- batch: progress and cancellation ----------------------------------------------------


def test_batch_reports_progress_and_names_files_from_date_and_title(demo_db, outdir):
    ids = all_ids(demo_db)
    calls: list[tuple[int, int]] = []
    with demo_db.session() as s:
        written = exports.export_batch_pdf(s, ids, outdir / "all", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(k, len(ids)) for k in range(1, len(ids) + 1)]
    assert sorted(p.name for p in (outdir / "all").iterdir()) == sorted(p.name for p in written)
    by_date = {m["date"]: m["title"] for m in demo_data.MEETINGS}
    for path in written:
        date = path.name[:10]
        assert path.name.startswith(f"{date}_") and path.suffix == ".pdf"
        assert by_date[date].startswith(path.stem[11:])  # the title (cut at a word boundary)
        assert read_fingerprint(path) is None or read_fingerprint(path)["version"] == 1


def test_batch_cancelled_after_one_meeting_stops_early(demo_db, outdir):
    ids = all_ids(demo_db)
    assert len(ids) >= 3
    calls: list[tuple[int, int]] = []
    asked = []

    def cancelled() -> bool:
        asked.append(len(calls))
        return len(calls) >= 1

    folder = outdir / "batch"
    with demo_db.session() as s:
        written = exports.export_batch_pdf(s, ids, folder, progress=lambda d, t: calls.append((d, t)),
                                           cancelled=cancelled)
    assert len(written) == 1 and calls == [(1, len(ids))]
    assert asked == [0, 1]  # asked before each meeting, stopped at the second
    assert [p.name for p in folder.iterdir()] == [written[0].name]
    assert PdfReader(str(written[0])).metadata["/OGPFormat"] == "ogp-minutes/1"


def test_batch_cancelled_before_anything_writes_nothing(demo_db, outdir):
    with demo_db.session() as s:
        written = exports.export_batch_pdf(s, all_ids(demo_db), outdir / "b", cancelled=lambda: True)
    assert written == [] and list((outdir / "b").iterdir()) == []


def test_bundle_progress_and_cancellation_leave_no_file(demo_db, outdir):
    ids = all_ids(demo_db)
    n = len(ids)
    out = outdir / "register.pdf"

    calls: list[tuple[int, int]] = []
    with demo_db.session() as s:
        with pytest.raises(ExportCancelled):
            exports.export_bundle_pdf(s, ids, out, progress=lambda d, t: calls.append((d, t)),
                                      cancelled=lambda: len(calls) >= 1)
    assert calls == [(1, n)]
    assert list(outdir.iterdir()) == []  # neither the PDF nor a part file

    with demo_db.session() as s:
        with pytest.raises(ExportCancelled):
            exports.export_bundle_pdf(s, ids, out, cancelled=lambda: True)
    assert list(outdir.iterdir()) == []

    calls.clear()
    with demo_db.session() as s:
        exports.export_bundle_pdf(s, ids, out, progress=lambda d, t: calls.append((d, t)),
                                  cancelled=lambda: False)
    assert calls == [(k, n) for k in range(1, n + 1)]
    assert [p.name for p in outdir.iterdir()] == ["register.pdf"]
    meta = PdfReader(str(out)).metadata
    assert meta["/OGPFormat"] == "ogp-minutes-register/1" and meta["/OGPCount"] == str(n)


def test_bundle_of_nothing_is_refused(demo_db, outdir):
    with demo_db.session() as s:
        with pytest.raises(NotFoundError):
            exports.export_bundle_pdf(s, [], outdir / "empty.pdf")
    assert list(outdir.iterdir()) == []


def test_a_keyboard_interrupt_while_writing_leaves_no_file(demo_db, outdir):
    out = outdir / "m.pdf"

    def interrupted() -> bool:
        raise KeyboardInterrupt

    with demo_db.session() as s:
        with pytest.raises(KeyboardInterrupt):
            exports.export_bundle_pdf(s, all_ids(demo_db), out, cancelled=interrupted)
    assert list(outdir.iterdir()) == []


# --- atomic writes -----------------------------------------------------------------------


def test_failed_writes_raise_a_validation_error_and_leave_nothing(demo_db, outdir):
    mid = id_of(demo_db, "2021-02-09")
    blocker = outdir / "file.txt"
    blocker.write_bytes(b"x")
    folder = outdir / "taken.pdf"
    folder.mkdir()
    with demo_db.session() as s:
        for target in (blocker / "m.pdf", blocker / "a" / "b" / "m.pdf", folder):
            with pytest.raises(ValidationError) as err:
                exports.export_meeting_pdf(s, mid, target)
            assert err.value.field == "output"
        with pytest.raises(ValidationError):
            exports.export_batch_pdf(s, [mid], blocker / "batch")
    assert sorted(p.name for p in outdir.iterdir()) == ["file.txt", "taken.pdf"]
    assert list(folder.iterdir()) == [] and blocker.read_bytes() == b"x"


def test_an_existing_file_is_replaced_whole(demo_db, outdir):
    out = outdir / "m.pdf"
    out.write_bytes(b"old content")
    with demo_db.session() as s:
        exports.export_meeting_pdf(s, id_of(demo_db, "2021-07-28"), out)
    assert out.read_bytes().startswith(b"%PDF-") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert [p.name for p in outdir.iterdir()] == ["m.pdf"]


# --- what a printout is printed from -----------------------------------------------------


def test_signed_minutes_print_the_signed_snapshot_not_rows_changed_later(demo_db, dbtools):
    mid = id_of(demo_db, "2021-02-09")
    with demo_db.session() as s:
        signed_text = documents.minutes_document(s, mid)["discussion"][0]
    dbtools.sql(demo_db, "UPDATE minute_items SET text = 'نص مزوّر' WHERE meeting_id = ? "
                              "AND kind = 'discussion' AND position = 1", (mid,))
    with demo_db.session() as s:
        doc = documents.minutes_document(s, mid)
        assert doc["discussion"][0] == signed_text != "نص مزوّر"
        assert doc["fingerprint"] == s.get(Meeting, mid).snapshot_sha256
        ok, message = verify.verify_target(s, str(mid))
    assert not ok and "Main discussion points differs" in message

    draft = id_of(demo_db, "2021-07-28")
    dbtools.sql(demo_db, "UPDATE minute_items SET text = 'نص جديد' WHERE meeting_id = ? "
                              "AND kind = 'discussion' AND position = 1", (draft,))
    with demo_db.session() as s:
        doc = documents.minutes_document(s, draft)
    assert doc["discussion"][0] == "نص جديد"  # a draft prints what the records say now
    assert doc["fingerprint"] is None and doc["signatures"] == []


def test_tampered_snapshot_or_fingerprint_is_refused(demo_db, dbtools, outdir):
    mid = id_of(demo_db, "2019-09-30")
    out = outdir / "m.pdf"
    dbtools.sql(demo_db, "UPDATE meetings SET snapshot_sha256 = ? WHERE id = ?", ("0" * 64, mid))
    with demo_db.session() as s:
        with pytest.raises(StorageError) as err:
            exports.export_meeting_pdf(s, mid, out)
        with pytest.raises(StorageError):
            exports.export_bundle_pdf(s, all_ids(demo_db), outdir / "bundle.pdf")
    assert "check" in str(err.value)
    assert list(outdir.iterdir()) == []


@pytest.fixture
def signed_with_photos(db):
    """New minutes with two photos and a signature image, approved and signed."""
    photos = [photo(900, 600, (40, 90, 160)), photo(480, 640, (160, 60, 40), "PNG")]
    signature = photo(300, 100, (10, 10, 80), "PNG")
    with db.session() as s:
        m = exchange.import_minutes(s, {
            "format": "ogp-minutes/1", "language": "ar", "title": "محضر اجتماع بالصور",
            "date": "2022-02-01", "committee": "لجنة المتابعة", "mode": "in_person",
            "attendees": [{"name": "مي عليمات", "organization": "وزارة التخطيط والتعاون الدولي"}],
            "discussion": ["عرض نتائج الاستبيان (Google Form) ونسبة المشاركة 65%."]})
        for i, data in enumerate(photos, 1):
            meetings.add_attachment(s, m.id, name=f"photo{i}", data=data, caption=f"الصورة {i}")
        signing.approve(s, m.id)
        signing.sign(s, m.id, [signing.Signatory("مي عليمات", "منسقة الوحدة", "approved", signature)],
                     at=dt.datetime(2022, 2, 3, 10, 0, tzinfo=dt.UTC))
        return m.id


def unit_seal(database, folder):
    """The unit's authority and a seal key issued by it, in `database`: the seal's KeyPair."""
    from ogp_desktop.core.keys import operations

    with database.session() as s:
        unit, _ = operations.init_authority(s, "وحدة الحكومة المنفتحة", folder / "unit.p12",
                                            b"ca-password-1")
        pair, _ = operations.issue_key(s, unit, "وحدة الحكومة المنفتحة", "ختم الوحدة",
                                       folder / "seal.p12", b"seal-password-1")
    return pair


def test_photos_and_signature_image_are_printed(db, signed_with_photos, outdir, tmp_path):
    out = outdir / "m.pdf"
    seal = unit_seal(db, tmp_path)
    with db.session() as s:
        exports.export_meeting_pdf(s, signed_with_photos, out, seal=seal)
        sha = s.get(Meeting, signed_with_photos).snapshot_sha256
    sizes = sorted(img.image.size for page in PdfReader(str(out)).pages for img in page.images)
    assert sizes == sorted([(900, 600), (480, 640), (300, 100)])
    assert read_fingerprint(out)["fingerprint"] == sha
    with db.session() as s:
        ok, message = verify.verify_target(s, str(out))
    assert ok and "is signed version 1 of" in message and "sealed by" in message


def test_a_signature_row_missing_from_the_snapshot_is_refused_not_dropped(
        db, signed_with_photos, dbtools, outdir):
    """The snapshot lists one signature; with its row gone, zip() printed none and said
    nothing. Now the count is compared and the printout refused, in the user's language."""
    dbtools.sql(db, "DELETE FROM signatures WHERE meeting_id = ?", (signed_with_photos,))
    with db.session() as s:
        with pytest.raises(StorageError) as err:
            documents.minutes_document(s, signed_with_photos)
        with pytest.raises(StorageError):
            exports.export_meeting_pdf(s, signed_with_photos, outdir / "m.pdf")
    assert "(stored: 0, signed: 1)" in str(err.value)
    arabic = err.value.render(translator("ar"))
    assert "تواقيع المحضر" in arabic and "ogp-desktop check" in arabic
    assert list(outdir.iterdir()) == []


@pytest.mark.parametrize("table", ["attachments", "signatures"])
def test_an_altered_photo_or_signature_image_is_refused(db, signed_with_photos, dbtools,
                                                        outdir, table):
    column = "data" if table == "attachments" else "image"
    rows = dbtools.sql(db, f"SELECT id FROM {table} WHERE meeting_id = ? AND {column} IS NOT NULL",
                       (signed_with_photos,))
    assert rows
    dbtools.sql(db, f"UPDATE {table} SET {column} = ? WHERE id = ?",
                (photo(20, 20, (0, 0, 0), "PNG"), rows[0][0]))
    with db.session() as s:
        with pytest.raises(StorageError) as err:
            exports.export_meeting_pdf(s, signed_with_photos, outdir / "m.pdf")
    assert "altered" in str(err.value)
    assert list(outdir.iterdir()) == []


# --- file names --------------------------------------------------------------------------

_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@pytest.mark.parametrize("title, expected", [
    ("محضر اجتماع", "2021-06-14_محضر اجتماع.pdf"),
    ('a<b>c:d"e/f\\g|h?i*j', "2021-06-14_a b c d e f g h i j.pdf"),
    ("  نقاط. . .  ", "2021-06-14_نقاط.pdf"),
    ("...", "2021-06-14_meeting-7.pdf"),
    ("\u202eمحضر\u200f\x85", "2021-06-14_محضر.pdf"),
    ("CON", "2021-06-14__CON.pdf"),
])
def test_safe_filename(title, expected):
    assert exports.safe_filename(dt.date(2021, 6, 14), title, 1, 7) == expected


def test_safe_filename_of_a_long_title_and_a_new_version():
    title = ("تقرير اللقاء الأول بين أصحاب المصلحة وضباط ارتباط تنفيذ الخطة الوطنية الرابعة "
             "2018-2020 لمراجعة سير عمل الالتزامات")
    name = exports.safe_filename(dt.date(2019, 9, 30), title, 2, 1)
    assert name.endswith("_v2.pdf") and not _WINDOWS_BAD.search(name)
    kept = name[len("2019-09-30_"):-len("_v2.pdf")]
    assert 40 <= len(kept) <= 80 and title.startswith(kept)
    assert title[len(kept)] == " "  # cut between words, never inside "2018-2020"
    one_word = exports.safe_filename(dt.date(2019, 9, 30), "ا" * 300, 1, 1)
    assert len(one_word) == len("2019-09-30_") + 80 + len(".pdf")


# --- verification ------------------------------------------------------------------------


@needs_poppler
def test_verify_pdf_against_a_fingerprint_changed_in_the_database(demo_db, dbtools, outdir,
                                                                   tmp_path):
    mid = id_of(demo_db, "2021-02-09")
    out = outdir / "m.pdf"
    seal = unit_seal(demo_db, tmp_path)
    with demo_db.session() as s:
        exports.export_meeting_pdf(s, mid, out, seal=seal)
        assert verify.verify_target(s, str(out))[0]
    assert "النسخة الموقعة" in pdf_text(out)
    dbtools.sql(demo_db, "UPDATE meetings SET snapshot_sha256 = ? WHERE id = ?", ("f" * 64, mid))
    with demo_db.session() as s:
        ok, message = verify.verify_target(s, str(out))
    assert not ok and "f" * 64 in message and read_fingerprint(out)["fingerprint"] in message


def test_verify_of_a_pdf_from_another_database(demo_db, db, outdir, tmp_path):
    from ogp_desktop.core.keys import trust

    out = outdir / "m.pdf"
    seal = unit_seal(demo_db, tmp_path)
    with demo_db.session() as s:
        exports.export_meeting_pdf(s, id_of(demo_db, "2021-02-09"), out, seal=seal)
    with db.session() as s:  # an empty records file: it trusts nobody yet
        ok, message = verify.verify_target(s, str(out))
    assert not ok and "not issued by an authority these records trust" in message
    with db.session() as s:  # it trusts the unit's authority: the signature holds
        trust.add_anchor(s, seal.chain[0])
    with db.session() as s:
        ok, message = verify.verify_target(s, str(out))
    assert ok and "not in this database" in message


def test_verify_of_an_unsigned_meeting_id(demo_db):
    with demo_db.session() as s:
        ok, message = verify.verify_target(s, str(id_of(demo_db, "2021-06-14")))
        assert not ok and "not signed" in message
        with pytest.raises(NotFoundError):
            verify.verify_target(s, "424242")


def test_export_of_a_reopened_database_file_is_identical(demo_target, outdir):
    """Signed minutes print from their snapshot with fixed dates: the same records give the
    same bytes, so a second printout can be compared with the first."""
    outs = []
    for n in range(2):
        db = open_database(demo_target)
        try:
            with db.session() as s:
                out = outdir / f"m{n}.pdf"
                exports.export_meeting_pdf(s, id_of(db, "2021-02-09"), out)
                outs.append(out.read_bytes())
        finally:
            db.close()
    assert outs[0] == outs[1]
