"""The ogp-desktop command line: sub-commands, JSON lists, exit codes (0, 1 with a one-line
message, 2 for usage) and the console entry; each test given `--db` runs on a SQLite file
and on a database of the private PostgreSQL server (tests/conftest.py, BOTH_BACKENDS)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ogp_desktop import cli, paths
from ogp_desktop.core import demo, demo_data
from ogp_desktop.core.db import open_database
from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services.meetings import load_meeting

MINUTES = {
    "format": "ogp-minutes/1",
    "language": "ar",
    "title": "محضر اجتماع لجنة المتابعة",
    "committee": "لجنة المتابعة",
    "date": "2021-06-14",
    "start": "10:00",
    "end": "11:00",
    "mode": "online",
    "attendees": [{"name": "مي عليمات", "organization": "وزارة التخطيط والتعاون الدولي"}],
    "discussion": ["النقطة الأولى", "النقطة الثانية\nبسطرين"],
    "outputs": ["قرار"],
    "action_items": [{"text": "مهمة", "owner": "مي عليمات", "due": "2021-07-01", "status": "open"}],
    "notes": ["ملاحظة"],
}


def run(capsys, *argv) -> tuple[int, str, str]:
    """Call the command in-process; argparse's SystemExit becomes an exit code."""
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def dbfile(fresh_target) -> Path | str:
    """Empty records (as `init` or `server init` makes them): a file's path or a URL."""
    return fresh_target


@pytest.fixture
def demo_file(demo_target) -> Path | str:
    return demo_target


def write_minutes(tmp_path, name="m.json", **changes) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps({**MINUTES, **changes}, ensure_ascii=False), encoding="utf-8")
    return path


_files = itertools.count()


def import_ok(capsys, dbfile, tmp_path, **changes) -> int:
    code, out, err = run(capsys, "--db", dbfile, "import-minutes",
                         write_minutes(tmp_path, f"m{next(_files)}.json", **changes))
    assert code == 0, err
    return int(out.strip().splitlines()[-1])


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# --- load-demo and list -------------------------------------------------------------------


def test_load_demo_is_idempotent(capsys, dbfile, dbtools, shown):
    code, out, _ = run(capsys, "--db", dbfile, "load-demo")
    assert code == 0 and shown(dbfile) in out
    counts = dbtools.counts(dbfile)
    assert counts["meetings"] == len(demo_data.MEETINGS)
    code, out, _ = run(capsys, "--db", dbfile, "load-demo")
    assert code == 0 and "nothing added" in out
    assert dbtools.counts(dbfile) == counts


def _list(capsys, dbfile, what):
    where = ["--db", dbfile] if dbfile is not None else []
    code, out, err = run(capsys, *where, "list", what, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    for row in rows:
        assert isinstance(row, dict)
        assert isinstance(row["id"], int) and isinstance(row["title"], str)
    return rows


def test_list_plans_json(capsys, demo_file):
    rows = _list(capsys, demo_file, "plans")
    assert sorted(r["title"] for r in rows) == sorted(p["title"] for p in demo_data.PLANS)


def test_list_committees_json(capsys, demo_file):
    rows = _list(capsys, demo_file, "committees")
    assert sorted(r["title"] for r in rows) == sorted(c["name"] for c in demo_data.COMMITTEES)


def test_list_people_json(capsys, demo_file):
    rows = _list(capsys, demo_file, "people")
    assert sorted(r["title"] for r in rows) == sorted(p["name"] for p in demo_data.PEOPLE)


def test_list_meetings_json(capsys, demo_file):
    rows = _list(capsys, demo_file, "meetings")
    assert len(rows) == len(demo_data.MEETINGS)
    expected = {m["date"]: m for m in demo_data.MEETINGS}
    for row in rows:
        assert {"date", "committee", "status"} <= set(row)
        src = expected[row["date"]]
        assert row["title"] == src["title"]
        assert row["committee"] == src["committee"]
        status = ("signed" if row["date"] in demo._SIGNED
                  else "approved" if row["date"] in demo._APPROVED else "draft")
        assert row["status"] == status


def test_list_on_an_empty_database_is_an_empty_array(capsys, dbfile):
    for what in ("plans", "committees", "meetings", "people"):
        assert _list(capsys, dbfile, what) == []


def test_list_without_json_prints_one_line_per_record(capsys, demo_file):
    code, out, _ = run(capsys, "--db", demo_file, "list", "meetings")
    assert code == 0
    assert len(out.strip().splitlines()) == len(demo_data.MEETINGS)
    for m in demo_data.MEETINGS:
        assert m["title"] in out and m["date"] in out


# --- import / export ----------------------------------------------------------------------


def test_import_prints_the_new_id_last(capsys, dbfile, tmp_path):
    code, out, err = run(capsys, "--db", dbfile, "import-minutes", write_minutes(tmp_path))
    assert code == 0, err
    new_id = int(out.strip().splitlines()[-1])
    db = open_database(dbfile)
    try:
        with db.session() as s:
            m = load_meeting(s, new_id)
            assert m.title == MINUTES["title"] and m.status.value == "draft"
    finally:
        db.close()


@pytest.mark.parametrize("changes, field", [
    ({"date": "2022-02-30"}, "Date"),
    ({"mode": "by pigeon"}, "Meeting type"),
    ({"title": None}, "Title"),
    ({"attendees": [{"name": "مي"}, {"name": ""}]}, "Attendees, item 2, Name"),
    ({"discussion": ["a\u0000b"]}, "Main discussion points, item 1"),
])
def test_bad_file_exits_1_with_one_line_naming_the_field(capsys, dbfile, tmp_path, dbtools,
                                                         changes, field):
    import_ok(capsys, dbfile, tmp_path)
    before = dbtools.dump(dbfile)
    obj = {k: v for k, v in {**MINUTES, **changes}.items() if v is not None}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", dbfile, "import-minutes", path)
    assert code == 1
    assert one_line_error(err).startswith(f"error: {field}: ")  # the form's own label
    assert dbtools.dump(dbfile) == before


def test_import_of_a_file_that_is_not_json_exits_1(capsys, dbfile, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{ not json", encoding="utf-8")
    code, _, err = run(capsys, "--db", dbfile, "import-minutes", path)
    assert code == 1
    assert "JSON" in one_line_error(err)


def test_import_of_a_missing_file_exits_1(capsys, dbfile, tmp_path):
    code, _, err = run(capsys, "--db", dbfile, "import-minutes", tmp_path / "absent.json")
    assert code == 1
    assert "absent.json" in one_line_error(err)


def test_export_json_writes_the_format(capsys, dbfile, tmp_path):
    mid = import_ok(capsys, dbfile, tmp_path)
    out_file = tmp_path / "out.json"
    code, _, err = run(capsys, "--db", dbfile, "export-minutes", mid, "--format", "json",
                       "-o", out_file)
    assert code == 0, err
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert exported["format"] == "ogp-minutes/1"
    for key, value in MINUTES.items():
        assert exported[key] == value, key


def test_export_to_stdout(capsys, dbfile, tmp_path):
    mid = import_ok(capsys, dbfile, tmp_path)
    code, out, _ = run(capsys, "--db", dbfile, "export-minutes", mid, "--format", "json", "-o", "-")
    assert code == 0
    assert json.loads(out)["title"] == MINUTES["title"]


def test_export_of_an_unknown_meeting_exits_1(capsys, dbfile, tmp_path):
    code, _, err = run(capsys, "--db", dbfile, "export-minutes", "999", "--format", "json",
                       "-o", tmp_path / "o.json")
    assert code == 1
    assert "999" in one_line_error(err)
    assert not (tmp_path / "o.json").exists()


# --- usage errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["frobnicate"],
    ["list", "bananas"],
    ["import-minutes"],
    ["sign", "1", "--signer", "مي عليمات"],
    ["sign", "1"],
    ["sign", "1", "--signer", "أ", "--role", "ر", "--signer", "ب"],
    ["export-minutes", "--format", "json", "-o", "x.json"],
])
def test_usage_errors_exit_2(capsys, tmp_path, argv):
    dbfile = tmp_path / "absent.sqlite"
    code, out, err = run(capsys, "--db", dbfile, *argv)
    assert code == 2
    assert err.strip()
    assert not dbfile.exists()  # refused before the database is opened


def test_sign_without_role_touches_nothing(capsys, demo_file, dbtools):
    before = dbtools.dump(demo_file)
    code, _, err = run(capsys, "--db", demo_file, "sign", "3", "--signer", "مي عليمات")
    assert code == 2 and "--role" in err
    assert dbtools.dump(demo_file) == before


# --- approve / sign / amend / check ------------------------------------------------------------


def _signed_via_cli(capsys, dbfile, tmp_path, image: Path | None = None) -> int:
    mid = import_ok(capsys, dbfile, tmp_path)
    code, out, err = run(capsys, "--db", dbfile, "approve", mid)
    assert code == 0, err
    args = ["--db", dbfile, "sign", mid, "--signer", "الاء الخضير", "--role", "مقررة",
            "--signer", "مي عليمات", "--role", "منسقة الوحدة"]
    if image is not None:
        args += ["--image", "-", "--image", image]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    return mid


def test_approve_sign_amend_flow(capsys, dbfile, tmp_path):
    mid = _signed_via_cli(capsys, dbfile, tmp_path)
    code, out, err = run(capsys, "--db", dbfile, "amend", mid)
    assert code == 0, err
    new_id = int(out.strip().splitlines()[-1])
    assert new_id != mid
    db = open_database(dbfile)
    try:
        with db.session() as s:
            signed = load_meeting(s, mid)
            new = load_meeting(s, new_id)
            assert signed.status.value == "signed"
            assert [(x.signer_name, x.role, x.meaning.value) for x in signed.signatures] == [
                ("الاء الخضير", "مقررة", "prepared"), ("مي عليمات", "منسقة الوحدة", "approved")]
            assert (new.status.value, new.version, new.amends_id) == ("draft", 2, mid)
    finally:
        db.close()
    code, _, err = run(capsys, "--db", dbfile, "amend", mid)
    assert code == 1 and one_line_error(err)


def test_sign_prints_the_fingerprint(capsys, dbfile, tmp_path):
    mid = import_ok(capsys, dbfile, tmp_path)
    run(capsys, "--db", dbfile, "approve", mid)
    code, out, _ = run(capsys, "--db", dbfile, "sign", mid, "--signer", "مي", "--role", "منسقة")
    assert code == 0
    db = open_database(dbfile)
    try:
        with db.session() as s:
            assert f"sha256 {load_meeting(s, mid).snapshot_sha256}" in out
    finally:
        db.close()


def test_lifecycle_errors_exit_1_with_one_line(capsys, dbfile, tmp_path, dbtools):
    mid = import_ok(capsys, dbfile, tmp_path)
    before = dbtools.dump(dbfile)
    code, _, err = run(capsys, "--db", dbfile, "sign", mid, "--signer", "مي", "--role", "منسقة")
    assert code == 1 and "approve" in one_line_error(err).lower()
    code, _, err = run(capsys, "--db", dbfile, "amend", mid)
    assert code == 1 and one_line_error(err)
    assert dbtools.dump(dbfile) == before


@pytest.mark.parametrize("command", ["approve", "reopen", "amend"])
def test_unknown_meeting_exits_1_naming_it(capsys, dbfile, command):
    code, _, err = run(capsys, "--db", dbfile, command, "4242")
    assert code == 1
    assert "4242" in one_line_error(err)


def test_sign_with_a_signature_image(capsys, dbfile, tmp_path, dbtools):
    png = dbtools.png(8, 4)
    from PIL import Image  # the hand-made PNG is a real image

    image_path = tmp_path / "signature.png"
    image_path.write_bytes(png)
    assert Image.open(image_path).size == (8, 4)
    mid = _signed_via_cli(capsys, dbfile, tmp_path, image=image_path)
    db = open_database(dbfile)
    try:
        with db.session() as s:
            assert [x.image for x in load_meeting(s, mid).signatures] == [None, png]
    finally:
        db.close()
    code, out, _ = run(capsys, "--db", dbfile, "check")
    assert code == 0, out


def test_sign_with_a_non_image_exits_1(capsys, dbfile, tmp_path, dbtools):
    mid = import_ok(capsys, dbfile, tmp_path)
    run(capsys, "--db", dbfile, "approve", mid)
    fake = tmp_path / "signature.png"
    fake.write_bytes(b"not a png")
    before = dbtools.dump(dbfile)
    code, _, err = run(capsys, "--db", dbfile, "sign", mid, "--signer", "مي", "--role", "منسقة",
                       "--image", fake)
    assert code == 1
    assert "image" in one_line_error(err)
    assert dbtools.dump(dbfile) == before


def test_check_ok_on_a_clean_database(capsys, demo_file):
    code, out, err = run(capsys, "--db", demo_file, "check")
    assert code == 0, err
    assert out.startswith("ok")


def test_check_fails_after_a_direct_sql_tamper_naming_the_meeting(capsys, dbfile, tmp_path, dbtools):
    mid = _signed_via_cli(capsys, dbfile, tmp_path)
    dbtools.sql(dbfile, f"UPDATE minute_items SET text = 'نص مزور' WHERE meeting_id = {mid} "
                        "AND position = 1")
    code, out, err = run(capsys, "--db", dbfile, "check")
    assert code == 1
    assert f"meeting {mid}" in out
    assert one_line_error(err)


# --- backup ----------------------------------------------------------------------------------


def _meetings(path: Path) -> list[tuple]:
    db = open_database(path)
    try:
        with db.session() as s:
            return [(m.id, m.uuid, m.title, m.date, m.status, m.snapshot_sha256)
                    for m in s.scalars(select(Meeting).order_by(Meeting.id))]
    finally:
        db.close()


def _restored(pg, dump: Path) -> str:
    """A new database of the server restored from a pg_dump file as docs/server.md says
    (pg_restore --no-owner): its URL."""
    name = pg.new_database()
    proc = subprocess.run(["pg_restore", "-h", pg.host, "-p", str(pg.port), "-U", pg.superuser,
                           "-d", name, "--no-owner", str(dump)], capture_output=True, text=True,
                          env={**os.environ, "PGPASSWORD": pg.password})
    assert proc.returncode == 0, proc.stderr
    return pg.url(name)


def test_backup_writes_a_database_with_the_same_meetings(capsys, demo_file, tmp_path, backend,
                                                         request):
    target = tmp_path / "copy" / "backup.sqlite"
    target.parent.mkdir()
    code, out, err = run(capsys, "--db", demo_file, "backup", target)
    assert code == 0, err
    assert target.exists() and str(target) in out
    if backend == "postgresql":  # pg_dump's custom format, which pg_restore restores
        assert target.read_bytes().startswith(b"PGDMP")
        pg = request.getfixturevalue("pg")
        restored = _restored(pg, target)
        try:
            assert _meetings(restored) == _meetings(demo_file)
            assert run(capsys, "--db", restored, "check")[0] == 0
        finally:
            pg.drop_database(restored.rsplit("/", 1)[1])
        assert [p.name for p in target.parent.iterdir()] == ["backup.sqlite"]  # no partial
        return
    assert _meetings(target) == _meetings(demo_file)
    code, _, _ = run(capsys, "--db", target, "check")
    assert code == 0


def test_backup_refuses_to_overwrite(capsys, demo_file, tmp_path, dbtools):
    target = tmp_path / "existing.sqlite"
    target.write_bytes(b"precious")
    code, _, err = run(capsys, "--db", demo_file, "backup", target)
    assert code == 1
    assert str(target) in one_line_error(err)
    assert target.read_bytes() == b"precious"


# --- where the database is -----------------------------------------------------------------


def test_db_option_wins_over_the_environment(capsys, tmp_path, monkeypatch):
    env_db = tmp_path / "from-env.sqlite"
    cli_db = tmp_path / "from-cli.sqlite"
    monkeypatch.setenv(paths.ENV_DB, str(env_db))
    assert run(capsys, "--db", cli_db, "load-demo")[0] == 0
    assert cli_db.exists() and not env_db.exists()
    assert run(capsys, "load-demo")[0] == 0
    assert env_db.exists()


def test_without_option_or_environment_the_data_folder_is_used(capsys, monkeypatch,
                                                               _isolated_user_data):
    monkeypatch.delenv(paths.ENV_DB, raising=False)
    assert run(capsys, "init")[0] == 0
    assert run(capsys, "list", "plans", "--json")[0] == 0
    expected = paths.data_dir() / paths.DB_FILENAME
    assert expected.exists()
    assert _isolated_user_data in expected.parents


def test_every_sub_command_closes_its_database_before_it_returns(capsys, fresh_db_path,
                                                                tmp_path):
    """No connection is left for the garbage collector: the last one closed checkpoints the
    WAL into the file and removes it, so the file is whole when the command returns (and
    not rewritten later, at a moment nobody chose)."""
    wal = fresh_db_path.with_name(fresh_db_path.name + "-wal")
    for argv in (["load-demo"], ["list", "meetings", "--json"],
                 ["import-minutes", write_minutes(tmp_path, "closing.json")]):
        assert run(capsys, "--db", fresh_db_path, *argv)[0] == 0
        assert not wal.exists(), argv


def test_a_newer_database_is_refused_with_exit_1(capsys, dbfile, dbtools, tmp_path):
    import_ok(capsys, dbfile, tmp_path)
    dbtools.sql(dbfile, "UPDATE alembic_version SET version_num = '9999'")
    before = dbtools.state(dbfile)
    code, _, err = run(capsys, "--db", dbfile, "list", "meetings", "--json")
    assert code == 1
    assert "newer version" in one_line_error(err)
    assert dbtools.state(dbfile) == before


def test_the_environment_may_name_the_server(capsys, pg, pg_templates, monkeypatch):
    """OGP_DESKTOP_DB=postgresql://… without --db, as a workstation is set up."""
    name = pg.new_database(template=pg_templates["demo"])
    try:
        monkeypatch.setenv(paths.ENV_DB, pg.url(name))
        rows = _list(capsys, None, "plans")
        assert sorted(r["title"] for r in rows) == sorted(p["title"] for p in demo_data.PLANS)
    finally:
        pg.drop_database(name)


# --- the console entry, as a real process ----------------------------------------------------


def test_python_dash_m_lists_plans_as_json(capsys, demo_file, tmp_path, _isolated_user_data):
    env = {**os.environ, "HOME": str(_isolated_user_data),
           "XDG_DATA_HOME": str(_isolated_user_data / "data"),
           paths.ENV_DB: str(tmp_path / "unused.sqlite"),
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}  # this tree's program
    proc = subprocess.run(
        [sys.executable, "-m", "ogp_desktop", "--db", str(demo_file), "list", "plans", "--json"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert sorted(r["title"] for r in rows) == sorted(p["title"] for p in demo_data.PLANS)
    assert not (tmp_path / "unused.sqlite").exists()
