"""`export-minutes --format pdf` of signed minutes reads them without SQLAlchemy
(core.signed_print, Store.signed_minutes): the guard that this path and the ORM's never
print different things, refuse different things, or load SQLAlchemy. That path is for
SQLite files; on the office's server the ORM prints, and the last test checks that the same
records moved onto a real PostgreSQL server print the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from ogp_desktop import cli
from ogp_desktop.core import storage
from ogp_desktop.core.db import open_database
from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.services import meetings, settings, signing
from ogp_desktop.core.signed_print import print_signed
from ogp_desktop.export.minutes import export_meeting_pdf
from ogp_desktop.export.signed_pdf import export_signed_pdf

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch):
    monkeypatch.setenv("OGP_DESKTOP_LANG", "en")


def _image(width: int, height: int, rgb: tuple[int, int, int], fmt: str = "JPEG") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), rgb).save(buf, fmt)
    return buf.getvalue()


@pytest.fixture
def records(tmp_path, demo_template, dbtools) -> Path:
    """The demo records, plus an amendment of a signed meeting with three photos, two
    signature images and a letterhead logo, signed (version 2)."""
    path = dbtools.copy(demo_template, tmp_path / "records.sqlite")
    db = open_database(path)
    try:
        with db.session() as s:
            signed = next(r.id for r in meetings.list_meetings(s) if r.status == "signed")
            new = signing.amend(s, signed)
            for i, (w, h, fmt) in enumerate([(900, 600, "JPEG"), (480, 640, "PNG"),
                                             (640, 480, "JPEG")], 1):
                data = _image(w, h, (40 * i, 90, 160), fmt)
                meetings.add_attachment(s, new.id, name=f"photo{i}", data=data, caption=f"الصورة {i}")
            meetings.add_attachment(s, new.id, name="agenda.png", data=_image(20, 20, (0, 0, 0), "PNG"),
                                    kind="attachment")
            signing.approve(s, new.id)
            first, third = _image(300, 100, (10, 10, 80), "PNG"), _image(200, 80, (80, 10, 10), "PNG")
            signing.sign(s, new.id, [
                signing.Signatory("مي عليمات", "منسقة الوحدة", "prepared", first),
                signing.Signatory("Omar Haddad", "Director", "approved", None),
                signing.Signatory("سامي", "رئيس اللجنة", "approved", third),
            ], at=dt.datetime(2022, 2, 3, 10, 0, tzinfo=dt.UTC))
            settings.set_letterhead(s, ministry="وزارة التخطيط والتعاون الدولي", unit="وحدة الحكومة الشفافة",
                                    logo=_image(120, 120, (20, 60, 20), "PNG"))
    finally:
        db.close()
    return path


def _signed_ids(dbtools, path: Path) -> list[int]:
    return [r[0] for r in dbtools.sql(path, "SELECT id FROM meetings WHERE status = 'signed' ORDER BY id")]


def _orm_pdf(path: Path, meeting_id: int, out: Path) -> bytes:
    db = open_database(path)
    try:
        with db.session(write=False) as s:
            export_meeting_pdf(s, meeting_id, out)
    finally:
        db.close()
    return out.read_bytes()


def test_every_signed_meeting_prints_the_same_bytes_on_both_paths(records, dbtools, tmp_path):
    ids = _signed_ids(dbtools, records)
    photos = dbtools.sql(records, "SELECT meeting_id, count(*) FROM attachments WHERE kind = 'photo' "
                                  "GROUP BY meeting_id")
    amended = dbtools.sql(records, "SELECT id FROM meetings WHERE amends_id IS NOT NULL "
                                   "AND status = 'signed'")
    assert len(ids) >= 3 and amended and max(n for _, n in photos) == 3  # the cases the guard covers
    for meeting_id in ids:
        orm = _orm_pdf(records, meeting_id, tmp_path / f"orm-{meeting_id}.pdf")
        fast = export_signed_pdf(records, str(meeting_id), tmp_path / f"fast-{meeting_id}.pdf")
        assert fast is not None, meeting_id
        assert fast.read_bytes() == orm, f"meeting {meeting_id}: the two paths printed different PDFs"


def test_a_meeting_named_by_uuid_prints_as_by_id(records, dbtools, tmp_path):
    meeting_id, uuid = dbtools.sql(records, "SELECT id, uuid FROM meetings WHERE amends_id IS NOT NULL")[0]
    by_uuid = export_signed_pdf(records, f" {uuid.upper()} ", tmp_path / "u.pdf")
    assert by_uuid is not None
    assert by_uuid.read_bytes() == _orm_pdf(records, meeting_id, tmp_path / "orm.pdf")


def test_what_the_fast_path_can_not_tell_is_left_to_the_orm(records, dbtools, tmp_path):
    store = storage.resolve(records)
    drafts = [r[0] for r in dbtools.sql(records, "SELECT id FROM meetings WHERE status != 'signed'")]
    assert drafts
    for ref in [*map(str, drafts), "999999", "no-such-uuid"]:
        assert store.signed_minutes(ref) is None, ref
    assert export_signed_pdf("sqlite:///" + str(records), "1", tmp_path / "url.pdf") is None
    old = dbtools.copy(records, tmp_path / "old.sqlite")
    dbtools.sql(old, "UPDATE alembic_version SET version_num = '0002'")
    assert storage.resolve(old).signed_minutes("1") is None
    not_sqlite = tmp_path / "not.sqlite"
    not_sqlite.write_bytes(b"hello" * 100)
    assert storage.resolve(not_sqlite).signed_minutes("1") is None
    assert storage.resolve(tmp_path / "missing.sqlite").signed_minutes("1") is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == []


def _tamper(dbtools, path: Path, meeting_id: int) -> None:
    dbtools.sql(path, "UPDATE meetings SET snapshot = replace(snapshot, '\"version\":', '\"version\": ') "
                      "WHERE id = ?", (meeting_id,))


def test_a_tampered_snapshot_is_refused_as_the_orm_path_refuses_it(records, dbtools, tmp_path, capsys):
    meeting_id = _signed_ids(dbtools, records)[0]
    _tamper(dbtools, records, meeting_id)
    with pytest.raises(StorageError) as fast:
        print_signed(storage.resolve(records), str(meeting_id))
    db = open_database(records)
    try:
        with db.session(write=False) as s, pytest.raises(StorageError) as orm:
            export_meeting_pdf(s, meeting_id, tmp_path / "orm.pdf")
    finally:
        db.close()
    assert (fast.value.msgid, fast.value.params) == (orm.value.msgid, orm.value.params)

    out = tmp_path / "out"
    out.mkdir()
    code = cli.main(["--db", str(records), "export-minutes", str(meeting_id), "--format", "pdf",
                     "-o", str(out / "m.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and err.strip() == f"error: {orm.value.render()}"
    assert list(out.iterdir()) == []  # nothing written, not even a partial file


def test_a_photo_altered_behind_the_programs_back_is_refused_on_both_paths(records, dbtools, tmp_path):
    meeting_id = dbtools.sql(records, "SELECT id FROM meetings WHERE amends_id IS NOT NULL")[0][0]
    dbtools.sql(records, "UPDATE attachments SET data = x'00' WHERE meeting_id = ? AND name = 'photo2'",
                (meeting_id,))
    with pytest.raises(StorageError) as fast:
        export_signed_pdf(records, str(meeting_id), tmp_path / "fast.pdf")
    with pytest.raises(StorageError) as orm:
        _orm_pdf(records, meeting_id, tmp_path / "orm.pdf")
    assert (fast.value.msgid, fast.value.params) == (orm.value.msgid, orm.value.params)
    assert not any(tmp_path.glob("*.pdf"))


def _run_export(records: Path, ref: str, out: Path, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "PYTHONPATH": str(ROOT), "OGP_DESKTOP_LANG": "en"}
    env.pop("OGP_DESKTOP_DB", None)
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "ogp_desktop", "--db", str(records),
                           "export-minutes", ref, "--format", "pdf", "-o", str(out)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def _imported(stderr: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def test_the_real_command_prints_signed_minutes_without_loading_sqlalchemy(records, dbtools, tmp_path):
    meeting_id = dbtools.sql(records, "SELECT id FROM meetings WHERE amends_id IS NOT NULL")[0][0]
    proc = _run_export(records, str(meeting_id), tmp_path / "fast.pdf", tmp_path / "home")
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = _imported(proc.stderr)
    assert "ogp_desktop.pdf.minutes" in loaded  # the parsing of -X importtime works
    heavy = sorted(m for m in loaded if m.split(".")[0] in ("sqlalchemy", "alembic")
                   or m == "ogp_desktop.core.models")
    assert heavy == [], heavy
    assert (tmp_path / "fast.pdf").read_bytes() == _orm_pdf(records, meeting_id, tmp_path / "orm.pdf")


def test_the_real_command_still_prints_a_draft_through_the_orm(records, dbtools, tmp_path):
    draft = dbtools.sql(records, "SELECT id FROM meetings WHERE status = 'draft'")[0][0]
    proc = _run_export(records, str(draft), tmp_path / "draft.pdf", tmp_path / "home")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "sqlalchemy.orm" in _imported(proc.stderr)
    assert (tmp_path / "draft.pdf").read_bytes() == _orm_pdf(records, draft, tmp_path / "orm.pdf")


def test_moved_onto_the_server_every_meeting_prints_the_same_bytes(records, dbtools, tmp_path,
                                                                   pg, pg_templates, capsys):
    """The records of the fixture moved onto a database of the private PostgreSQL server
    (as `server import-sqlite` does): `export-minutes --format pdf` of each meeting there
    (the ORM's path: the read-only one is for files) prints the bytes the file prints."""
    from ogp_desktop.core.server import admin

    name = pg.new_database(template=pg_templates["head"])
    try:
        db = open_database(pg.url(name))
        try:
            admin.import_sqlite(db, records)
        finally:
            db.close()
        ids = [r[0] for r in dbtools.sql(records, "SELECT id FROM meetings ORDER BY id")]
        assert len(ids) > len(_signed_ids(dbtools, records)) >= 3  # drafts and signed
        for meeting_id in ids:
            printed = {}
            for where, target in (("file", records), ("server", pg.url(name))):
                out = tmp_path / f"{where}-{meeting_id}.pdf"
                code = cli.main(["--db", str(target), "export-minutes", str(meeting_id),
                                 "--format", "pdf", "-o", str(out)])
                assert code == 0, capsys.readouterr().err
                printed[where] = out.read_bytes()
            assert printed["server"] == printed["file"], f"meeting {meeting_id}"
    finally:
        pg.drop_database(name)
