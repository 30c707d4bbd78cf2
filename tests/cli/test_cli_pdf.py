"""`ogp-desktop export-minutes … --format pdf`, `verify` and `set-letterhead` on a real SQLite
file and on a database of the private PostgreSQL server: what the printed minutes say, how
a printout is checked against the records, and what is refused. PDFs are read back with
poppler (pdftotext, NFKC) and pypdf, the database with the sqlite3 module or psycopg
(dbtools), independently of the code under test."""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ogp_desktop import cli
from ogp_desktop.core import demo_data
from ogp_desktop.pdf.verify import read_fingerprint

pytestmark = pytest.mark.requires_tool("pdftotext")

A4 = (595.28, 841.89)
DRAFT_FOOTER = "مسودة غير موقّعة"
SIGNED_MARK = "النسخة الموقعة"
REGISTER_TITLE = "سجل المحاضر"

# --- reading PDFs (poppler, pypdf) ----------------------------------------------------------

_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")
_HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670]")
_RANGE = re.compile(r"\d+(?:-\d+)+")


def pdf_text(path: Path, page: int | None = None) -> str:
    """pdftotext (logical order, no -layout), NFKC: presentation forms back to letters."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run(args + [str(path), "-"], capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", out.decode("utf-8"))


def _core(token: str) -> str:
    a, b = 0, len(token)
    while a < b and unicodedata.category(token[a])[0] in "PS":
        a += 1
    while b > a and unicodedata.category(token[b - 1])[0] in "PS":
        b -= 1
    token = token[a:b]
    if _RANGE.fullmatch(token):
        # "2018-2020" inside Arabic is shown with the earlier year on the right (the
        # numbers are Arabic numbers there, Unicode rule W2); pdftotext gives such a run
        # back in visual order, "2020-2018". Compare ranges as the set of their numbers.
        token = "-".join(sorted(token.split("-")))
    return token


def words(text: str) -> list[str]:
    """Words on their letters and digits: NFKC, bidi controls → spaces, harakat dropped,
    punctuation at the edges of a token dropped (poppler moves it around numbers)."""
    text = _HARAKAT.sub("", unicodedata.normalize("NFKC", text).translate(_CONTROLS))
    return [w for w in (_core(t) for t in text.split()) if w]


def count_phrase(text: str, phrase: str) -> int:
    a, b = words(phrase), words(text)
    assert a, phrase
    return sum(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))


def has_phrase(text: str, phrase: str) -> bool:
    return count_phrase(text, phrase) > 0


def in_order(text: str, phrase: str) -> bool:
    """The words of `phrase` occur in `text` in the same order, maybe with others between
    (pdftotext may move the second line of a table cell after the row)."""
    it = iter(words(text))
    return all(w in it for w in words(phrase))


def page_count(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def image_sizes(path: Path) -> list[tuple[int, int]]:
    """Pixel sizes of every image drawn on any page (pypdf decodes the XObjects)."""
    sizes = []
    for page in PdfReader(str(path)).pages:
        for img in page.images:
            sizes.append(img.image.size)
    return sizes


def assert_a4(path: Path) -> None:
    reader = PdfReader(str(path))
    assert len(reader.pages) >= 1
    for page in reader.pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=0.5)


# --- running the command in-process ---------------------------------------------------------


def run(capsys, *argv) -> tuple[int, str, str]:
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    """The command prints errors in the user's language; these tests read the English ones."""
    monkeypatch.setenv("OGP_DESKTOP_LANG", "en")


@pytest.fixture
def demo_file(demo_target) -> Path | str:
    return demo_target


@pytest.fixture
def out_dir(tmp_path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def meeting_row(dbtools, dbfile: Path, date: str) -> dict:
    """The meeting of that date, read with sqlite3 (newest version)."""
    rows = dbtools.sql(dbfile, "SELECT id, uuid, title, status, version, snapshot_sha256 "
                               "FROM meetings WHERE date = ? ORDER BY version DESC", (date,))
    assert rows, date
    keys = ("id", "uuid", "title", "status", "version", "sha256")
    return dict(zip(keys, rows[0], strict=True))


def attendees(dbtools, dbfile: Path, meeting_id: int) -> list[tuple[str, str | None]]:
    return dbtools.sql(dbfile, "SELECT p.name, o.name FROM attendance a "
                               "JOIN people p ON p.id = a.person_id "
                               "LEFT JOIN organisations o ON o.id = a.organisation_id "
                               "WHERE a.meeting_id = ? AND a.status = 'present' ORDER BY a.position",
                       (meeting_id,))


def export(capsys, dbfile: Path, ref, output: Path) -> Path:
    code, out, err = run(capsys, "--db", dbfile, "export-minutes", ref, "--format", "pdf", "-o", output)
    assert code == 0, err
    assert output.is_file()
    return output


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- every demo meeting --------------------------------------------------------------------


@pytest.mark.parametrize("date", [m["date"] for m in demo_data.MEETINGS])
def test_demo_meeting_exports_a4_with_title_attendees_and_its_state(capsys, demo_file, dbtools,
                                                                    out_dir, date):
    m = meeting_row(dbtools, demo_file, date)
    pdf = export(capsys, demo_file, m["id"], out_dir / "m.pdf")
    assert_a4(pdf)
    text = pdf_text(pdf)
    assert has_phrase(text, m["title"])
    people = attendees(dbtools, demo_file, m["id"])
    assert people
    for name, organisation in people:
        assert has_phrase(text, name), name
        if organisation:
            assert has_phrase(text, organisation), organisation
    pages = [pdf_text(pdf, n) for n in range(1, page_count(pdf) + 1)]
    if m["status"] in ("draft", "approved"):
        assert m["sha256"] is None
        assert read_fingerprint(pdf) is None
        assert "/OGPMinutesSHA256" not in PdfReader(str(pdf)).metadata
        for page in pages:  # the draft notice is real text on every page
            assert has_phrase(page, DRAFT_FOOTER)
            assert not has_phrase(page, SIGNED_MARK)
    else:
        assert m["status"] == "signed" and re.fullmatch("[0-9a-f]{64}", m["sha256"])
        assert read_fingerprint(pdf) == {"uuid": m["uuid"], "version": m["version"],
                                         "fingerprint": m["sha256"]}
        for page in pages:  # "signed version N" and the short fingerprint on every page
            assert has_phrase(page, SIGNED_MARK)
            assert m["sha256"][:16] in page
            assert not has_phrase(page, DRAFT_FOOTER)
        assert m["sha256"] in pages[-1]  # the full fingerprint on the last page


# --- verify ----------------------------------------------------------------------------------


SIGNED_DATE = "2021-02-09"
DRAFT_DATE = "2021-07-28"


SEAL_PASSWORD = "seal-password-1"


@pytest.fixture
def seal(demo_file, tmp_path, monkeypatch) -> Path:
    """The unit's authority and its seal key (SEAL.p12) in the demo records; exports sealed
    with it carry a PAdES signature, also for minutes signed on paper."""
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.keys import operations

    db = open_database(demo_file)
    try:
        with db.session() as session:
            unit, _ = operations.init_authority(session, "وحدة الحكومة المنفتحة",
                                                tmp_path / "unit.p12", b"ca-password-1")
            operations.issue_key(session, unit, "وحدة الحكومة المنفتحة", "ختم الوحدة",
                                 tmp_path / "seal.p12", SEAL_PASSWORD.encode())
    finally:
        db.close()
    monkeypatch.setenv("OGP_DESKTOP_SEAL_PASSWORD", SEAL_PASSWORD)
    return tmp_path / "seal.p12"


def export_sealed(capsys, dbfile: Path, ref, output: Path, seal: Path) -> Path:
    code, out, err = run(capsys, "--db", dbfile, "export-minutes", ref, "--format", "pdf", "-o",
                         output, "--seal", seal)
    assert code == 0, err
    return output


def test_verify_trusts_a_pdf_for_its_signatures_not_its_metadata(capsys, demo_file, dbtools,
                                                                 out_dir, seal):
    signed = meeting_row(dbtools, demo_file, SIGNED_DATE)
    plain = export(capsys, demo_file, signed["id"], out_dir / "signed.pdf")
    code, out, err = run(capsys, "--db", demo_file, "verify", plain)
    assert code == 1 and out == ""  # signed on paper, exported unsealed: nothing to trust
    assert "carries no digital signature" in one_line(err)

    sealed = export_sealed(capsys, demo_file, signed["id"], out_dir / "sealed.pdf", seal)
    code, out, err = run(capsys, "--db", demo_file, "verify", sealed)
    assert code == 0, err
    assert "is signed version 1 of" in out and signed["title"] in out and "sealed by" in out
    assert signed["sha256"] in out and "unchanged since it was signed" in out

    draft = meeting_row(dbtools, demo_file, DRAFT_DATE)
    pdf = export_sealed(capsys, demo_file, draft["id"], out_dir / "draft.pdf", seal)
    code, out, err = run(capsys, "--db", demo_file, "verify", pdf)  # a draft is never sealed
    assert code == 1 and "carries no digital signature" in one_line(err)


def test_verify_after_a_discussion_point_was_changed_behind_the_programs_back(
        capsys, demo_file, dbtools, out_dir, seal):
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    pdf = export_sealed(capsys, demo_file, m["id"], out_dir / "signed.pdf", seal)
    code, out, err = run(capsys, "--db", demo_file, "verify", m["id"])
    assert code == 0, err
    assert "intact" in out and m["sha256"] in out and "signed on paper" in out

    changed = dbtools.sql(demo_file, "UPDATE minute_items SET text = text || ' (عُدّل لاحقاً)' "
                                     "WHERE meeting_id = ? AND kind = 'discussion' AND position = 1",
                          (m["id"],))
    assert changed == []
    assert dbtools.sql(demo_file, "SELECT count(*) FROM minute_items WHERE meeting_id = ? AND "
                                  "text LIKE '%عُدّل لاحقاً%'", (m["id"],)) == [(1,)]

    code, out, err = run(capsys, "--db", demo_file, "verify", pdf)
    assert code == 1 and out == ""
    line = one_line(err)
    assert "database copy was altered" in line and "Main discussion points" in line

    code, out, err = run(capsys, "--db", demo_file, "verify", m["id"])
    assert code == 1 and out == ""
    assert "Main discussion points differs from the signed version" in one_line(err)

    # by uuid too
    code, _, err = run(capsys, "--db", demo_file, "verify", m["uuid"])
    assert code == 1 and "discussion" in err


def test_amendment_pdf_verifies_as_version_2(capsys, demo_file, dbtools, out_dir, seal):
    v1 = meeting_row(dbtools, demo_file, SIGNED_DATE)
    old_pdf = export_sealed(capsys, demo_file, v1["id"], out_dir / "v1.pdf", seal)
    code, out, err = run(capsys, "--db", demo_file, "amend", v1["id"])
    assert code == 0, err
    new_id = int(out.strip().splitlines()[-1])
    for argv in (("approve", new_id),
                 ("sign", new_id, "--signer", "مي عليمات", "--role", "منسقة الوحدة")):
        code, _, err = run(capsys, "--db", demo_file, *argv)
        assert code == 0, err
    v2 = meeting_row(dbtools, demo_file, SIGNED_DATE)
    assert (v2["id"], v2["version"], v2["status"]) == (new_id, 2, "signed")
    assert v2["sha256"] != v1["sha256"]

    pdf = export_sealed(capsys, demo_file, new_id, out_dir / "v2.pdf", seal)
    assert read_fingerprint(pdf) == {"uuid": v2["uuid"], "version": 2, "fingerprint": v2["sha256"]}
    assert has_phrase(pdf_text(pdf, 1), SIGNED_MARK)
    code, out, err = run(capsys, "--db", demo_file, "verify", pdf)
    assert code == 0, err
    assert "is signed version 2 of" in out and v2["sha256"] in out

    # the printout of version 1 is still what version 1 said, and says it was amended
    code, out, err = run(capsys, "--db", demo_file, "verify", old_pdf)
    assert code == 0, err
    assert "is signed version 1 of" in out and "amended since by version 2" in out


def _rewrite_metadata(src: Path, dst: Path, **changes: str) -> None:
    reader = PdfReader(str(src))
    writer = PdfWriter(clone_from=reader)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    meta.update({f"/{k}": v for k, v in changes.items()})
    writer.add_metadata(meta)
    with open(dst, "wb") as fh:
        writer.write(fh)


def test_verify_refuses_a_sealed_pdf_whose_metadata_was_edited(capsys, demo_file, dbtools,
                                                               out_dir, seal):
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    pdf = export_sealed(capsys, demo_file, m["id"], out_dir / "signed.pdf", seal)
    for name, change in (("edited", {"OGPMinutesSHA256": "0123456789abcdef" * 4}),
                         ("bumped", {"OGPMinutesVersion": "3"}),
                         ("stranger", {"OGPMinutesUUID": "11111111-2222-3333-4444-555555555555"})):
        edited = out_dir / f"{name}.pdf"
        _rewrite_metadata(pdf, edited, **change)
        code, out, err = run(capsys, "--db", demo_file, "verify", edited)
        assert code == 1 and out == "", name
        assert "is refused" in one_line(err) or "no digital signature" in one_line(err), err


def test_a_new_pdf_with_copied_metadata_is_refused(capsys, demo_file, dbtools, out_dir, seal):
    """The attack of issue 11: a one-page PDF saying the plan was rejected, with the signed
    PDF's metadata copied in, was reported as matching signed version 1."""
    from reportlab.pdfgen.canvas import Canvas

    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    genuine = export_sealed(capsys, demo_file, m["id"], out_dir / "signed.pdf", seal)
    fake = out_dir / "fake.pdf"
    canvas = Canvas(str(out_dir / "page.pdf"))
    canvas.drawString(72, 720, "The plan was REJECTED.")
    canvas.save()
    writer = PdfWriter(clone_from=PdfReader(str(out_dir / "page.pdf")))
    writer.add_metadata({k: str(v) for k, v in (PdfReader(str(genuine)).metadata or {}).items()})
    with open(fake, "wb") as fh:
        writer.write(fh)
    assert read_fingerprint(fake) == read_fingerprint(genuine)  # the copy took
    code, out, err = run(capsys, "--db", demo_file, "verify", fake)
    assert code == 1 and out == "" and "carries no digital signature" in one_line(err)


def test_a_signed_pdf_with_page_1_replaced_or_a_change_appended_is_refused(
        capsys, demo_file, dbtools, out_dir, seal):
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    genuine = export_sealed(capsys, demo_file, m["id"], out_dir / "signed.pdf", seal)
    # page 1 replaced by a page of another document, the rest (signature included) kept
    other = export(capsys, demo_file, meeting_row(dbtools, demo_file, DRAFT_DATE)["id"],
                   out_dir / "other.pdf")
    writer = PdfWriter(clone_from=PdfReader(str(genuine)))
    writer.insert_page(PdfReader(str(other)).pages[0], 0)
    writer.remove_page(1)
    swapped = out_dir / "swapped.pdf"
    with open(swapped, "wb") as fh:
        writer.write(fh)
    code, out, err = run(capsys, "--db", demo_file, "verify", swapped)
    assert code == 1 and out == ""
    assert "refused" in one_line(err) or "no digital signature" in one_line(err)

    # an incremental update appended after the seal: the signed bytes stay as they were
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(genuine, "rb") as fh:
        inc = IncrementalPdfFileWriter(fh)
        inc.document_meta.title = "The plan was REJECTED"
        page = inc.root["/Pages"]["/Kids"][0].get_object()
        page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
        inc.update_container(page)
        appended = out_dir / "appended.pdf"
        with open(appended, "wb") as out_fh:
            inc.write(out_fh)
    code, out, err = run(capsys, "--db", demo_file, "verify", appended)
    assert code == 1 and out == ""
    assert "changed after" in one_line(err)
    listing = subprocess.run(["pdfsig", str(appended)], capture_output=True, text=True).stdout
    assert "Total document signed" not in listing  # Poppler sees it too


def test_verify_of_a_missing_file_or_not_a_pdf_exits_1(capsys, demo_file, tmp_path):
    code, out, err = run(capsys, "--db", demo_file, "verify", tmp_path / "absent.pdf")
    assert code == 1 and out == ""
    assert "no file" in one_line(err) and "absent.pdf" in err

    text = tmp_path / "notes.pdf"
    text.write_text("not a PDF at all", encoding="utf-8")
    code, out, err = run(capsys, "--db", demo_file, "verify", text)
    assert code == 1 and "not a PDF" in one_line(err)


# --- refusals and failures leave nothing behind ---------------------------------------------


def test_signed_minutes_with_a_tampered_snapshot_are_not_printed(capsys, demo_file, dbtools, out_dir,
                                                                 seal):
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    before = export_sealed(capsys, demo_file, m["id"], out_dir / "before.pdf", seal)
    dbtools.sql(demo_file, "UPDATE meetings SET snapshot = replace(snapshot, ?, ?) WHERE id = ?",
                ('"title":"محضر', '"title":"مسودة محضر', m["id"]))
    snapshot = dbtools.sql(demo_file, "SELECT snapshot FROM meetings WHERE id = ?", (m["id"],))[0][0]
    assert '"title":"مسودة محضر' in snapshot  # the tamper took

    target = out_dir / "after.pdf"
    code, out, err = run(capsys, "--db", demo_file, "export-minutes", m["id"], "--format", "pdf",
                         "-o", target)
    assert code == 1 and out == ""
    assert "check" in one_line(err)
    assert leftovers(out_dir) == ["before.pdf"]

    code, _, err = run(capsys, "--db", demo_file, "verify", before)
    assert code == 1 and "does not match its fingerprint" in one_line(err)


def test_export_under_a_file_fails_cleanly(capsys, demo_file, dbtools, out_dir):
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    blocker = out_dir / "a-file.txt"
    blocker.write_text("keep me", encoding="utf-8")
    for target in (blocker / "m.pdf", blocker / "deeper" / "m.pdf"):
        code, out, err = run(capsys, "--db", demo_file, "export-minutes", m["id"], "--format", "pdf",
                             "-o", target)
        assert code == 1 and out == ""
        assert "a-file.txt" in one_line(err)
    assert leftovers(out_dir) == ["a-file.txt"] and blocker.read_text(encoding="utf-8") == "keep me"


def test_export_onto_a_folder_leaves_no_partial_file(capsys, demo_file, dbtools, out_dir):
    """The PDF is written beside the target, then renamed: here the rename fails (the
    target is a folder), after the whole PDF was written, and the part file must go."""
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    folder = out_dir / "minutes.pdf"
    folder.mkdir()
    code, out, err = run(capsys, "--db", demo_file, "export-minutes", m["id"], "--format", "pdf",
                         "-o", folder)
    assert code == 1 and out == ""
    assert "can not be written" in one_line(err)
    assert leftovers(out_dir) == ["minutes.pdf"] and leftovers(folder) == []


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root writes into read-only folders")
def test_export_into_a_read_only_folder_fails_cleanly(capsys, demo_file, dbtools, out_dir):
    m = meeting_row(dbtools, demo_file, SIGNED_DATE)
    out_dir.chmod(0o555)
    try:
        code, _, err = run(capsys, "--db", demo_file, "export-minutes", m["id"], "--format", "pdf",
                           "-o", out_dir / "m.pdf")
    finally:
        out_dir.chmod(0o755)
    assert code == 1 and "can not be written" in one_line(err)
    assert leftovers(out_dir) == []


# --- batch and bundle ----------------------------------------------------------------------

COMMITTEE = "لجنة تنفيذ الالتزام الأول – الخطة الوطنية الرابعة"
_WINDOWS_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def windows_problem(name: str) -> str | None:
    """Why Windows (or a careful user) would not accept this file name, or None."""
    if _WINDOWS_BAD.search(name):
        return "forbidden character"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        return "control or invisible format character"
    if name.endswith((".", " ")) or name != name.strip():
        return "leading/trailing space or trailing dot"
    if name.split(".")[0].strip().upper() in _WINDOWS_RESERVED:
        return "reserved device name"
    if len(name.encode("utf-16-le")) // 2 > 255 or len(name.encode("utf-8")) > 255:
        return "too long"
    if not name.endswith(".pdf"):
        return "not .pdf"
    return None


def import_minutes(capsys, dbfile: Path, folder: Path, **fields) -> int:
    obj = {"format": "ogp-minutes/1", "language": "ar", "committee": COMMITTEE, "date": "2022-03-01",
           "title": "محضر اجتماع المتابعة", "mode": "in_person",
           "attendees": [{"name": "مي عليمات", "organization": "وزارة التخطيط والتعاون الدولي"}],
           "discussion": ["مراجعة نسبة الإنجاز (65%) في الالتزام الأول."], **fields}
    path = folder / f"import-{len(list(folder.iterdir()))}.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", dbfile, "import-minutes", path)
    assert code == 0, err
    return int(out.strip().splitlines()[-1])


LONG_TITLE = "محضر رقم " + "اجتماع طويل جداً " * 12 + "2018-2020"  # 80 chars end inside a word
HOSTILE_TITLES = [
    "محضر اجتماع المتابعة",  # twice: same date and title
    "محضر اجتماع المتابعة",
    "CON",
    'محضر: "المراجعة" <الخطة> 2022/2023 | هل تمّ؟ * \\ نهاية...',
    "محضر\u200f اجتماع\x85 بعلامات\u202e خفية  . .",
    "...",
    LONG_TITLE,
]


def test_batch_export_writes_one_windows_safe_file_per_meeting(capsys, demo_file, dbtools, tmp_path):
    json_dir = tmp_path / "json"
    json_dir.mkdir()
    ids = [import_minutes(capsys, demo_file, json_dir, title=t) for t in HOSTILE_TITLES]
    demo_meeting = meeting_row(dbtools, demo_file, "2021-06-14")
    expected_ids = sorted([demo_meeting["id"], *ids])

    folder = tmp_path / "batch"  # created by the export
    code, out, err = run(capsys, "--db", demo_file, "export-minutes", "--committee", COMMITTEE,
                         "--format", "pdf", "-o", f"{folder}/")
    assert code == 0, err
    n = len(expected_ids)
    assert f"wrote {n} files" in out
    progress = [line for line in err.splitlines() if line.strip()]
    assert progress == [f"[{k}/{n}]" for k in range(1, n + 1)]

    files = sorted(folder.iterdir())
    assert len(files) == n
    names = [f.name for f in files]
    assert len({name.casefold() for name in names}) == n  # unique, even on a case-blind disk
    for name in names:
        assert windows_problem(name) is None, (name, windows_problem(name))
        assert re.match(r"2022-03-01_|2021-06-14_", name), name
    assert f"2021-06-14_{demo_meeting['title']}.pdf" in names
    same = [name for name in names if name.startswith("2022-03-01_محضر اجتماع المتابعة")]
    assert len(same) == 2  # the two same-date same-title meetings got two files
    # every meeting is in exactly one file, and each file is that meeting's PDF
    uuids = {row[0]: row[1] for row in dbtools.sql(demo_file, "SELECT id, uuid FROM meetings")}
    found = []
    for f in files:
        assert f.read_bytes().startswith(b"%PDF-")
        meta = PdfReader(str(f)).metadata
        found.append(next(i for i, u in uuids.items() if u == meta["/OGPMinutesUUID"]))
    assert sorted(found) == expected_ids
    # the long title was cut at a word boundary, not inside "2018-2020"
    kept = next(name for name in names if "طويل" in name)[len("2022-03-01_"):-len(".pdf")]
    assert 40 <= len(kept) <= 80 and LONG_TITLE.startswith(kept) and LONG_TITLE[len(kept)] == " "


def test_bundle_has_the_register_and_every_meeting(capsys, demo_file, dbtools, out_dir):
    rows = dbtools.sql(demo_file, "SELECT m.id, m.title FROM meetings m JOIN plans p ON p.id = m.plan_id "
                                  "WHERE p.ordinal = 4 ORDER BY m.date")
    assert len(rows) == 3
    plan_id = dbtools.sql(demo_file, "SELECT id FROM plans WHERE ordinal = 4")[0][0]
    singles = [export(capsys, demo_file, mid, out_dir / f"single-{mid}.pdf") for mid, _ in rows]

    bundle = out_dir / "register.pdf"
    code, out, err = run(capsys, "--db", demo_file, "export-minutes", "--plan", plan_id, "--format", "pdf",
                         "--bundle", "-o", bundle)
    assert code == 0, err
    assert [line for line in err.splitlines() if line.strip()] == ["[1/3]", "[2/3]", "[3/3]"]
    assert out.strip() == f"wrote \u2068{bundle}\u2069 (3 minutes)"  # the path isolated
    assert_a4(bundle)
    text = pdf_text(bundle)
    first = pdf_text(bundle, 1)
    assert has_phrase(first, REGISTER_TITLE)
    for _, title in rows:
        assert in_order(first, title)  # in the table of contents
        assert count_phrase(text, title) >= 2  # … and at the head of its minutes
    counts = [page_count(p) for p in singles]
    assert page_count(bundle) >= sum(counts)
    assert page_count(bundle) > sum(counts)  # the register's own page(s)
    # each meeting starts on a new page with its own "page 1 of n", in the register's order
    start = page_count(bundle) - sum(counts) + 1
    for (_, title), n in zip(rows, counts, strict=True):
        page = pdf_text(bundle, start)
        assert has_phrase(page, title) and has_phrase(page, f"صفحة 1 من {n}"), (title, start)
        start += n
    assert start == page_count(bundle) + 1
    assert read_fingerprint(bundle) is None  # a register is not one signed version
    code, _, err = run(capsys, "--db", demo_file, "verify", bundle)
    assert code == 1 and "is a register of several minutes" in one_line(err)


def test_batch_of_an_unknown_committee_exits_1_and_writes_nothing(capsys, demo_file, tmp_path):
    folder = tmp_path / "none"
    code, _, err = run(capsys, "--db", demo_file, "export-minutes", "--committee", "لا توجد لجنة كهذه",
                       "--format", "pdf", "-o", folder)
    assert code == 1 and one_line(err)
    assert not folder.exists()


# --- letterhead ----------------------------------------------------------------------------


def _settings(dbtools, dbfile: Path) -> list[tuple]:
    return dbtools.sql(dbfile, "SELECT key, value, blob FROM settings WHERE key LIKE 'letterhead.%' "
                               "ORDER BY key")


def test_set_letterhead_changes_the_next_export(capsys, demo_file, dbtools, tmp_path, out_dir):
    m = meeting_row(dbtools, demo_file, "2021-06-14")
    before = export(capsys, demo_file, m["id"], out_dir / "before.pdf")
    assert image_sizes(before) == []  # the demo meeting has no photo, the demo letterhead no logo

    logo = tmp_path / "logo.png"
    logo.write_bytes(dbtools.png(48, 24))
    ministry, unit = "وزارة الاقتصاد الرقمي والريادة", "مديرية الحكومة المنفتحة"
    code, out, err = run(capsys, "--db", demo_file, "set-letterhead", "--ministry", ministry,
                         "--unit", unit, "--logo", logo)
    assert code == 0, err
    settings = dict((k, (v, b)) for k, v, b in _settings(dbtools, demo_file))
    assert settings["letterhead.ministry"][0] == ministry
    assert settings["letterhead.logo"][1] == logo.read_bytes()

    after = export(capsys, demo_file, m["id"], out_dir / "after.pdf")
    first = pdf_text(after, 1)
    assert has_phrase(first, ministry) and has_phrase(first, unit)
    assert not has_phrase(pdf_text(before), ministry)
    assert image_sizes(after) == [(48, 24)]  # the logo, once, at its own pixel size
    assert PdfReader(str(after)).pages[0].images[0].image.size == (48, 24)

    # a later change of the names keeps the logo
    code, _, err = run(capsys, "--db", demo_file, "set-letterhead", "--unit", "وحدة أخرى")
    assert code == 0, err
    again = export(capsys, demo_file, m["id"], out_dir / "again.pdf")
    assert has_phrase(pdf_text(again, 1), "وحدة أخرى") and has_phrase(pdf_text(again, 1), ministry)
    assert image_sizes(again) == [(48, 24)]


def test_a_logo_that_is_not_an_image_is_refused(capsys, demo_file, dbtools, tmp_path, out_dir):
    before = _settings(dbtools, demo_file)
    fake = tmp_path / "logo.png"
    fake.write_bytes(b"GIF89a but really just text")
    code, out, err = run(capsys, "--db", demo_file, "set-letterhead", "--ministry", "وزارة أخرى",
                         "--logo", fake)
    assert code == 1 and out == ""
    assert "logo" in one_line(err)
    assert _settings(dbtools, demo_file) == before
    m = meeting_row(dbtools, demo_file, "2021-06-14")
    pdf = export(capsys, demo_file, m["id"], out_dir / "m.pdf")
    assert image_sizes(pdf) == [] and not has_phrase(pdf_text(pdf), "وزارة أخرى")

    code, _, err = run(capsys, "--db", demo_file, "set-letterhead", "--logo", tmp_path / "absent.png")
    assert code == 1 and "absent.png" in one_line(err)
    assert _settings(dbtools, demo_file) == before


# --- English minutes ------------------------------------------------------------------------

EN_DISCUSSION = [
    "The secretariat presented the progress report of the fifth national action plan. Twelve "
    "commitments are on track, three are delayed because the budget law was approved late, and "
    "one commitment was withdrawn after the consultation with the civil society organisations.",
    "Members discussed the online survey that collected proposals from citizens in all "
    "governorates. The survey received more than four thousand answers, most of them about "
    "access to information, public procurement and the quality of municipal services.",
    "The representative of the audit bureau asked that every commitment should publish its "
    "milestones with dates and responsible institutions, so that the independent reporting "
    "mechanism can assess completion without waiting for the end of the plan.",
    "The working group agreed to hold regional meetings in the north, the centre and the south "
    "before the end of the year, and to invite local councils, universities and youth groups "
    "to take part in drafting the next commitments of the plan.",
    "The coordinator reminded the members that the self assessment report must be sent to the "
    "support unit within two months, and that the draft will be published for public comment "
    "for at least two weeks before it is adopted by the steering committee.",
    "Several members asked for clearer rules on how proposals are selected, and the secretariat "
    "promised to circulate a short note explaining the criteria, the scoring and the names of "
    "the reviewers from government and from civil society.",
    "The members reviewed the communication plan, including a monthly newsletter, a page on the "
    "ministry website with the status of each commitment, and short videos that explain the "
    "partnership to citizens who have never heard of it before.",
    "Finally the group discussed the risk that key staff will change after the elections and "
    "agreed that each institution should name a deputy contact point who follows the "
    "commitment and attends the meetings when the main contact point is absent.",
]
EN_OUTPUTS = [
    "The secretariat will circulate the selection criteria to all members within ten days.",
    "Regional meetings will be scheduled in the north, the centre and the south this autumn.",
    "Each institution will name a deputy contact point before the next meeting.",
]


def _furniture(line: str, title: str) -> bool:
    """Footer and running-header lines (page x of y, reference, draft notice, title — date)."""
    line = line.strip()
    return bool(re.fullmatch(r"Page \d+ of \d+|Ref\. \S+|Draft, not signed", line)) or (
        line.startswith(title) and "—" in line)


def test_english_minutes_read_back_in_order(capsys, fresh_target, tmp_path, out_dir):
    dbfile = fresh_target
    title = "Minutes of the steering committee of the fifth national action plan"
    obj = {"format": "ogp-minutes/1", "language": "en", "title": title, "date": "2022-05-16",
           "start": "09:00", "end": "10:30", "mode": "hybrid", "location": "Ministry meeting room 2",
           "committee": "Steering Committee", "objective": "Review the progress of the plan and "
           "agree on the next steps of the consultation.",
           "attendees": [{"name": "Sarah Haddad", "organization": "Ministry of Planning"},
                         {"name": "Omar Nasser", "organization": "Audit Bureau"}],
           "discussion": EN_DISCUSSION, "outputs": EN_OUTPUTS,
           "action_items": [{"text": "Circulate the selection criteria", "owner": "Sarah Haddad",
                             "due": "2022-05-26"}]}
    path = tmp_path / "en.json"
    path.write_text(json.dumps(obj), encoding="utf-8")
    code, out, err = run(capsys, "--db", dbfile, "import-minutes", path)
    assert code == 0, err
    mid = int(out.strip().splitlines()[-1])
    pdf = export(capsys, dbfile, mid, out_dir / "en.pdf")
    assert_a4(pdf)
    assert PdfReader(str(pdf)).metadata["/Title"] == title

    text = pdf_text(pdf)
    assert "Page 1 of" in text
    assert has_phrase(text, title) and has_phrase(text, "Sarah Haddad – Ministry of Planning")
    body = [ln for ln in text.splitlines() if not _furniture(ln, title)]
    got = words("\n".join(body))
    source = words("\n".join([obj["objective"], "Main discussion points", *EN_DISCUSSION,
                              "Outputs and decisions", *EN_OUTPUTS]))
    start, end = got.index("Objective") + 1, got.index("Action")
    ratio = difflib.SequenceMatcher(None, source, got[start:end], autojunk=False).ratio()
    assert ratio >= 0.95, ratio
