"""The database under real conditions, through whole command lines: writers that queue for
the lock, success printed only once committed, full disks, read-only places, files of the
wrong schema, paths that do not exist, and backups killed at any moment.

The tests given `records` run on a SQLite file and on a database of the private PostgreSQL
server (writers queue for its advisory lock; a commit the server refuses; records of the
wrong schema), except those about the file itself (sqlite_only, with the reason). A server
that has no such database, or an empty one, is the server's twin of a mistyped path."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ogp_desktop.core import db as dbmod

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
    "discussion": ["النقطة الأولى"],
    "outputs": ["قرار"],
    "action_items": [{"text": "مهمة", "owner": "مي عليمات", "due": "2021-07-01", "status": "open"}],
    "notes": ["ملاحظة"],
}


def cli(*argv, env: dict | None = None, lang: str = "en", timeout: float = 120):
    """The real command, as a person types it: (exit code, stdout, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "ogp_desktop.cli", *map(str, argv)], capture_output=True,
        text=True, encoding="utf-8", timeout=timeout,
        env={**os.environ, "OGP_DESKTOP_LANG": lang, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


def start(*argv, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ogp_desktop.cli", *map(str, argv)], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env={**os.environ, "OGP_DESKTOP_LANG": "en", **(env or {})})


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def write_minutes(folder: Path, name: str = "m.json", **changes) -> Path:
    path = folder / name
    path.write_text(json.dumps({**MINUTES, **changes}, ensure_ascii=False), encoding="utf-8")
    return path


def meeting_count(path: Path | str) -> int:
    """Read behind the program's back (sqlite3 read-only, or psycopg on a server)."""
    if isinstance(path, str):
        return _sql(path, "SELECT count(*) FROM meetings")[0][0]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM meetings").fetchone()[0]
    finally:
        con.close()


def _sql(target, statement: str, params: tuple = ()) -> list[tuple]:
    """A query of the file (sqlite3) or of the server's database (psycopg, `?` → `%s`)."""
    if not isinstance(target, str):
        con = sqlite3.connect(target)
        try:
            return con.execute(statement, params).fetchall()
        finally:
            con.close()
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(target)
    with psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username,
                         password=u.password) as con:
        return con.execute(statement.replace("?", "%s"), params).fetchall()


@pytest.fixture
def records(demo_target) -> Path | str:
    """The demo records: a SQLite file's path, or a server database's URL."""
    return demo_target


def _draft_id(path: Path | str) -> int:
    return _sql(path, "SELECT id FROM meetings WHERE status='draft' ORDER BY id")[0][0]


class OtherWriter:
    """Another program in the middle of writing the records: SQLite's BEGIN IMMEDIATE on
    the file, or, on a server, a transaction holding the records' write lock (the advisory
    lock every write unit of work of the program takes first)."""

    def __init__(self, target: Path | str) -> None:
        if isinstance(target, str):
            import psycopg
            from sqlalchemy.engine import make_url

            from ogp_desktop.core.storage.postgresql import WRITE_LOCK_KEY

            u = make_url(target)
            self.con = psycopg.connect(host=u.host, port=u.port, dbname=u.database,
                                       user=u.username, password=u.password)
            self.con.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        else:
            self.con = sqlite3.connect(target, isolation_level=None)
            self.con.execute("BEGIN IMMEDIATE")

    def execute(self, statement: str) -> None:
        self.con.execute(statement)

    def end(self, *, commit: bool) -> None:
        if isinstance(self.con, sqlite3.Connection):
            self.con.execute("COMMIT" if commit else "ROLLBACK")
        elif commit:
            self.con.commit()
        else:
            self.con.rollback()
        self.con.close()


# --- 11: writers queue for the lock -----------------------------------------------------------


def test_six_concurrent_imports_all_land(records, tmp_path):
    before = meeting_count(records)
    files = [write_minutes(tmp_path, f"m{i}.json", title=f"محضر {i}") for i in range(6)]
    procs = [start("--db", records, "import-minutes", f) for f in files]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    failed = [err for code, _, err in results if code != 0]
    assert failed == []
    assert meeting_count(records) == before + 6


def test_an_import_waits_for_another_programs_write_lock_and_lands(records, tmp_path):
    before = meeting_count(records)
    other = OtherWriter(records)  # another program writing
    proc = start("--db", records, "import-minutes", write_minutes(tmp_path))
    try:
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, proc.stderr.read()  # still queued, not given up
        # the other program's change lands first: a writer that had begun by reading
        # would now hold a stale snapshot and fail at once
        other.execute("UPDATE meetings SET title = title")
    finally:
        other.end(commit=True)
    code = proc.wait(timeout=60)
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert code == 0, err
    assert meeting_count(records) == before + 1


@pytest.mark.parametrize("lang, words", [("en", "busy"), ("ar", "مشغولة")])
def test_a_lock_held_past_the_busy_timeout_is_one_line(records, tmp_path, dbtools, lang, words,
                                                       backend):
    before = dbtools.state(records)
    other = OtherWriter(records)
    try:
        code, out, err = cli("--db", records, "import-minutes", write_minutes(tmp_path),
                             env={dbmod.ENV_BUSY_TIMEOUT: "300"}, lang=lang)
    finally:
        other.end(commit=False)
    assert code == 1
    line = one_line(err)
    assert words in line
    if backend == "sqlite":  # the file is named; a server's message says someone is saving
        assert str(records) in line
    assert out == ""
    assert dbtools.state(records) == before


# --- 12: success only once committed ----------------------------------------------------------

# A deferred foreign key fails at COMMIT: the change is made, then the commit is refused.
_BLOCK_COMMIT = """
CREATE TABLE commit_blocker (ref INTEGER REFERENCES meetings(id) DEFERRABLE INITIALLY DEFERRED);
CREATE TRIGGER block_commit AFTER {event} BEGIN INSERT INTO commit_blocker VALUES (-1); END;
"""
# On a server: a deferred constraint trigger, which runs (and raises) at COMMIT.
_BLOCK_COMMIT_PG = [
    "CREATE FUNCTION block_commit() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the commit was blocked'; END $$",
    "CREATE CONSTRAINT TRIGGER block_commit AFTER {event} DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION block_commit()",
]


@pytest.mark.parametrize("command, event", [
    ("approve", "UPDATE OF status ON meetings"),
    ("sign", "INSERT ON signatures"),
])
def test_nothing_of_success_is_printed_when_the_commit_fails(records, command, event, dbtools,
                                                             backend):
    meeting_id = _draft_id(records)
    if command == "sign":
        assert cli("--db", records, "approve", meeting_id)[0] == 0
    if backend == "sqlite":
        con = sqlite3.connect(records)
        con.executescript(_BLOCK_COMMIT.format(event=event))
        con.close()
    else:
        for statement in _BLOCK_COMMIT_PG:
            dbtools.sql(records, statement.format(event=event))

    def state():
        return (dbtools.sql(records, "SELECT status, snapshot_sha256 FROM meetings WHERE id=?",
                            (meeting_id,)),
                dbtools.sql(records, "SELECT count(*) FROM signatures WHERE meeting_id=?",
                            (meeting_id,)))

    before = state()
    argv = ["--db", records, command, meeting_id]
    if command == "sign":
        argv += ["--signer", "مي عليمات", "--role", "منسقة"]
    code, out, err = cli(*argv)
    assert code == 1
    assert out == ""  # neither "signed"/"approved" nor a fingerprint
    assert "sha256" not in err and "signed" not in err.lower()
    line = one_line(err)
    if backend == "sqlite":
        assert "nothing was stored" in line
    else:  # the server's own words, and that nothing was changed
        assert "the commit was blocked" in line and "Nothing was changed" in line
    assert state() == before and before[1] == [(0,)]


# --- 13: full disk, read-only places, schema mismatch -----------------------------------------


def _records_on(folder: Path, source: Path, dbtools) -> Path:
    return dbtools.copy(source, folder / "records.sqlite")


@pytest.mark.sqlite_only(reason="a full disk under the SQLite file (a server's disk is its "
                                "administrator's: SQLSTATE 53100)")
@pytest.mark.parametrize("lang, words", [("en", "is full"), ("ar", "ممتلئ")])
def test_import_onto_a_full_disk_is_one_line_and_changes_nothing(records, mounts, tmp_path,
                                                                 dbtools, lang, words):
    disk = mounts.tmpfs("disk", f"{records.stat().st_size // 1024 + 120}k")
    path = _records_on(disk, records, dbtools)
    before = dbtools.dump(path)
    # ~250 kB of Arabic within the size limits of one meeting: more than the disk has left
    big = write_minutes(tmp_path, discussion=["نص طويل " * 5_500] * 3)
    code, out, err = cli("--db", path, "import-minutes", big, lang=lang)
    assert code == 1
    line = one_line(err)
    assert words in line
    assert dbtools.dump(path) == before


@pytest.mark.sqlite_only(reason="a full disk under the SQLite file")
def test_approve_on_a_full_disk_is_one_line_and_changes_nothing(records, mounts, dbtools):
    disk = mounts.tmpfs("disk", f"{records.stat().st_size // 1024 + 200}k")
    path = _records_on(disk, records, dbtools)
    meeting_id = _draft_id(path)
    before = dbtools.dump(path)
    mounts.fill(disk)
    code, out, err = cli("--db", path, "approve", meeting_id)
    assert code == 1 and out == ""
    assert "is full" in one_line(err)
    (disk / "filler").unlink()
    assert dbtools.dump(path) == before


@pytest.mark.sqlite_only(reason="a SQLite file on a read-only mount")
@pytest.mark.parametrize("lang, words", [("en", "read-only"), ("ar", "للقراءة فقط")])
def test_a_read_only_database_is_said_to_be_read_only_not_damaged(records, mounts, tmp_path,
                                                                  dbtools, lang, words):
    disk = mounts.tmpfs("ro", "4m")
    path = _records_on(disk, records, dbtools)
    digest, draft = dbtools.sha256(path), _draft_id(path)
    mounts.read_only(disk)
    code, out, err = cli("--db", path, "import-minutes", write_minutes(tmp_path), lang=lang)
    assert code == 1
    line = one_line(err)
    assert words in line and "damaged" not in line
    code, out, err = cli("--db", path, "approve", draft, lang=lang)
    assert code == 1 and words in one_line(err)
    assert dbtools.sha256(path) == digest


def test_a_new_database_in_a_read_only_folder_is_one_line(mounts):
    disk = mounts.tmpfs("ro", "1m")
    mounts.read_only(disk)
    for argv in (["init"], ["load-demo"]):
        code, out, err = cli("--db", disk / "new.sqlite", *argv)
        assert code == 1
        assert "read-only" in one_line(err)
    assert list(disk.iterdir()) == []


def test_a_revision_whose_tables_are_missing_is_refused_untouched(records, dbtools, backend):
    dbtools.sql(records, "DROP TABLE autosaves")  # the records still say the head
    before = dbtools.state(records)
    for lang, words in (("en", "do not match"), ("ar", "لا تطابق")):
        code, out, err = cli("--db", records, "list", "meetings", lang=lang)
        assert code == 1
        line = one_line(err)
        assert words in line and "autosaves" in line
        if backend == "postgresql":  # a server has no file and no backups folder beside it
            assert "file" not in line and "beside" not in line
            assert ("pg_restore" in line) and (lang == "ar" or "administrator" in line)
    assert dbtools.state(records) == before


def test_an_old_revision_with_newer_tables_is_refused_untouched(records, dbtools, backend,
                                                                 _isolated_user_data):
    dbtools.sql(records, "UPDATE alembic_version SET version_num='0001'")  # the head's tables
    before = dbtools.state(records)
    code, out, err = cli("--db", records, "list", "meetings")
    assert code == 1
    if backend == "sqlite":
        assert "do not match" in one_line(err)
        backups = records.parent / "backups"
    else:  # a login never migrates a server's records: the administrator's server init does
        assert "server init" in one_line(err) and "nothing was changed" in err
        backups = _isolated_user_data / "data" / "ogp-desktop" / "backups"
    assert dbtools.state(records) == before
    assert not backups.exists() or list(backups.iterdir()) == []


# --- 15: no database is created unless asked --------------------------------------------------


@pytest.mark.parametrize("lang, words", [("en", "There is no database at"),
                                         ("ar", "لا توجد قاعدة بيانات في")])
def test_a_mistyped_path_is_refused_and_nothing_is_created(tmp_path, lang, words):
    missing = tmp_path / "no-such-folder" / "records.sqlite"
    for argv in (["list", "meetings"], ["import-minutes", write_minutes(tmp_path)], ["check"]):
        code, out, err = cli("--db", missing, *argv, lang=lang)
        assert code == 1 and out == ""
        line = one_line(err)
        assert words in line and "init" in line
    assert not missing.parent.exists()


def test_a_missing_file_in_an_existing_folder_is_not_created(tmp_path):
    folder = tmp_path / "place"
    folder.mkdir()
    missing = folder / "recrods.sqlite"
    code, out, err = cli("--db", missing, "list", "meetings")
    assert code == 1 and "There is no database at" in one_line(err)
    assert list(folder.iterdir()) == []


def test_an_empty_file_is_refused_unless_init_is_asked(tmp_path):
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    code, out, err = cli("--db", empty, "list", "meetings")
    assert code == 1 and "empty file" in one_line(err)
    assert empty.stat().st_size == 0
    code, out, err = cli("--db", empty, "init")
    assert code == 0, err
    assert cli("--db", empty, "list", "meetings", "--json")[1].strip() == "[]"


def test_init_creates_once_and_refuses_an_existing_database(tmp_path, dbtools):
    path = tmp_path / "new.sqlite"
    code, out, err = cli("--db", path, "init")
    assert code == 0, err
    assert str(path) in out
    digest = dbtools.sha256(path)
    code, out, err = cli("--db", path, "init")
    assert code == 1 and "already" in one_line(err)
    assert dbtools.sha256(path) == digest
    code, out, err = cli("--db", tmp_path / "missing" / "new.sqlite", "init")
    assert code == 1 and "does not exist" in one_line(err)
    assert not (tmp_path / "missing").exists()


def test_a_database_the_server_lacks_or_holds_empty_is_refused_and_nothing_created(pg):
    """The server's twin of a mistyped path: a database name that is not on the server, or
    an empty database, is refused in one line with nothing created; `init` is for files."""
    missing = "t_missing_" + os.urandom(4).hex()
    empty = pg.new_database()
    try:
        for lang, words in (("en", "has no database"), ("ar", "لا توجد")):
            code, out, err = cli("--db", pg.url(missing), "list", "meetings", lang=lang)
            assert code == 1 and out == ""
            assert words in one_line(err) and missing in err and pg.password not in err
        code, out, err = cli("--db", pg.url(empty), "list", "meetings")
        assert code == 1 and "holds no records yet" in one_line(err) and "server init" in err
        code, out, err = cli("--db", pg.url(empty), "init")
        assert code == 1 and "is a server" in one_line(err) and pg.password not in err
        with pg.connect() as con:
            names = {r[0] for r in con.execute("SELECT datname FROM pg_database")}
        with pg.connect(empty) as con:
            tables = con.execute("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_schema = 'public'").fetchone()[0]
        assert missing not in names and tables == 0
    finally:
        pg.drop_database(empty)


def test_the_default_location_without_a_database_creates_no_folder(tmp_path):
    data = tmp_path / "fresh-home" / "data"
    env = {"XDG_DATA_HOME": str(data)}
    env_without_db = {k: v for k, v in os.environ.items() if k != "OGP_DESKTOP_DB"}
    proc = subprocess.run([sys.executable, "-m", "ogp_desktop.cli", "list", "plans"],
                          capture_output=True, text=True, timeout=120,
                          env={**env_without_db, **env, "OGP_DESKTOP_LANG": "en"})
    assert proc.returncode == 1 and "There is no database at" in one_line(proc.stderr)
    assert not data.exists()


# --- 16: an output folder must exist ----------------------------------------------------------


OUTPUTS = [
    ["export-minutes", "1", "--format", "json", "-o", "{out}/x.json"],
    ["export-minutes", "1", "--format", "pdf", "-o", "{out}/x.pdf"],
    ["export-plan-report", "--plan", "1", "-o", "{out}/r.pdf"],
    ["export-calendar", "--plan", "1", "-o", "{out}/c.ics"],
    ["backup", "{out}/b.sqlite"],
    ["export-minutes", "--plan", "1", "--format", "pdf", "-o", "{out}/batch"],
]


def _in_missing_folder(argv: list[str], missing: Path) -> list[str]:
    target = missing / "deeper" if "batch" in argv[-1] else missing
    return [a.replace("{out}", str(target if "batch" in a else missing)) for a in argv]


@pytest.mark.sqlite_only(reason="12 whole command lines; on the server "
                                "test_an_output_in_a_missing_folder_on_the_server runs each")
@pytest.mark.parametrize("argv", [
    ["export-minutes", "1", "--format", "json", "-o", "{out}/x.json"],
    ["export-minutes", "1", "--format", "pdf", "-o", "{out}/x.pdf"],
    ["export-plan-report", "--plan", "1", "-o", "{out}/r.pdf"],
    ["export-calendar", "--plan", "1", "-o", "{out}/c.ics"],
    ["backup", "{out}/b.sqlite"],
    ["export-minutes", "--plan", "1", "--format", "pdf", "-o", "{out}/batch"],
])
@pytest.mark.parametrize("lang, words", [("en", "does not exist"), ("ar", "غير موجود")])
def test_an_output_in_a_missing_folder_is_refused_naming_it(records, tmp_path, argv, lang,
                                                            words):
    missing = tmp_path / "missing-folder"
    code, out, err = cli("--db", records, *_in_missing_folder(argv, missing), lang=lang)
    assert code == 1, err
    line = one_line(err)
    assert words in line and str(missing) in line
    assert not missing.exists()


def test_an_output_in_a_missing_folder_on_the_server(pg, pg_templates, tmp_path, monkeypatch,
                                                     capsys):
    """Each command of the test above on the server's demo records, through cli.main in
    this process (a backup is pg_dump's there; the others read the server)."""
    from ogp_desktop import cli as command

    monkeypatch.setenv("OGP_DESKTOP_LANG", "en")
    name = pg.new_database(template=pg_templates["demo"])
    missing = tmp_path / "missing-folder"
    try:
        for argv in OUTPUTS:
            code = command.main(["--db", pg.url(name), *_in_missing_folder(argv, missing)])
            out, err = capsys.readouterr()
            assert code == 1, (argv, out, err)
            line = one_line(err)
            assert "does not exist" in line and str(missing) in line, argv
            assert not missing.exists()
    finally:
        pg.drop_database(name)


# --- 14: backups are atomic -------------------------------------------------------------------


def _sizeable(path: Path, demo_template, dbtools, mb: int = 24) -> Path:
    """The demo records plus `mb` MB of photos (random bytes: SQLite can not shrink them)."""
    dbtools.copy(demo_template, path)
    from sqlalchemy import select

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.models import AttachmentKind, Meeting, MinutesStatus
    from ogp_desktop.core.services import meetings

    rng = random.Random(14)
    db = open_database(path)
    try:
        with db.session() as session:
            drafts = session.scalars(select(Meeting.id).where(
                Meeting.status == MinutesStatus.DRAFT)).all()
        for i in range(mb):
            with db.session() as session:
                meetings.add_attachment(session, drafts[i % len(drafts)], name=f"p{i}.bin",
                                        data=rng.randbytes(1_000_000),
                                        kind=AttachmentKind.ATTACHMENT)
    finally:
        db.close()
    return path


def _verdict(path: Path) -> str:
    """PRAGMA integrity_check of the file ("ok"), or what SQLite said when it could not."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def _whole(path: Path, meetings: int, revision: str | None = None) -> bool:
    """The file passes integrity_check and holds every meeting (at `revision`)."""
    if _verdict(path) != "ok":
        return False
    try:
        return meeting_count(path) == meetings and revision in (None, _revision(path))
    except sqlite3.DatabaseError:
        return False


def _kill_during(argv: list, folder: Path, spread: float, rng: random.Random) -> None:
    """Start the command, wait until it puts a file into `folder` (its backup begins), then
    SIGKILL it after a random part of `spread` seconds (how long a whole backup takes)."""
    before = set(folder.iterdir()) if folder.exists() else set()
    proc = start(*argv)
    try:
        while proc.poll() is None and not (folder.exists() and set(folder.iterdir()) - before):
            time.sleep(0.001)
        if proc.poll() is None:
            time.sleep(rng.uniform(0, spread))
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=120)
    finally:
        proc.stdout.close()
        proc.stderr.close()


def _backup_spread(argv: list, folder: Path) -> float:
    """Seconds from the first file appearing in `folder` to the command's end."""
    before = set(folder.iterdir()) if folder.exists() else set()
    proc = start(*argv)
    while proc.poll() is None and not (folder.exists() and set(folder.iterdir()) - before):
        time.sleep(0.001)
    t0 = time.monotonic()
    proc.wait(timeout=120)
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    assert proc.returncode == 0, err
    return max(time.monotonic() - t0, 0.05)


def test_a_killed_backup_never_leaves_a_file_under_its_name(tmp_path, demo_template, dbtools):
    source = _sizeable(tmp_path / "big.sqlite", demo_template, dbtools)
    meetings_in_source = meeting_count(source)
    folder = tmp_path / "backups-out"
    folder.mkdir()
    target = folder / "backup.sqlite"
    argv = ["--db", source, "backup", target]
    spread = _backup_spread(argv, folder) / 2  # the copy, not the interpreter's exit
    target.unlink()
    rng = random.Random(30)
    corrupt = 0
    for _ in range(30):
        _kill_during(argv, folder, spread, rng)
        if target.exists():
            if not _whole(target, meetings_in_source):
                corrupt += 1
            target.unlink()
    assert corrupt == 0
    code, out, err = cli("--db", source, "backup", target)  # a retry after the kills
    assert code == 0, err
    assert _verdict(target) == "ok" and meeting_count(target) == meetings_in_source
    assert [p.name for p in folder.iterdir()] == ["backup.sqlite"]  # leftovers removed


@pytest.mark.sqlite_only(reason="a backup of the SQLite file onto a full disk")
def test_a_backup_onto_a_full_disk_leaves_no_fragment_and_a_retry_works(records, mounts,
                                                                       demo_template, dbtools):
    disk = mounts.tmpfs("small", "300k")
    source = _sizeable(records.with_name("big.sqlite"), demo_template, dbtools, mb=1)
    target = disk / "backup.sqlite"
    for lang, words in (("en", "is full"), ("ar", "ممتلئ")):
        code, out, err = cli("--db", source, "backup", target, lang=lang)
        assert code == 1 and out == ""
        assert words in one_line(err)
        assert list(disk.iterdir()) == []  # no fragment, under any name
    subprocess.run(["mount", "-o", "remount,size=8m", str(disk)], check=True)  # space freed
    code, out, err = cli("--db", source, "backup", target)
    assert code == 0, err
    assert _verdict(target) == "ok"


def _old_sizeable(path: Path, dbtools, mb: int = 20) -> Path:
    """A database at revision 0001 with the demo records and `mb` MB of files (made with
    today's services at the head, then taken down to 0001)."""
    from alembic import command
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from ogp_desktop.core import guards  # noqa: F401  (as open_database does)
    from ogp_desktop.core.demo import load_demo
    from ogp_desktop.core.models import AttachmentKind, Meeting, MinutesStatus
    from ogp_desktop.core.services import meetings

    engine = dbmod.make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = dbmod._alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    finally:
        engine.dispose()
    engine = dbmod.make_engine(path)
    rng = random.Random(77)
    try:
        with Session(engine) as session:
            load_demo(session)
            drafts = session.scalars(select(Meeting.id).where(
                Meeting.status == MinutesStatus.DRAFT)).all()
            session.commit()
        for i in range(mb):
            with Session(engine) as session:
                meetings.add_attachment(session, drafts[i % len(drafts)], name=f"p{i}.bin",
                                        data=rng.randbytes(1_000_000),
                                        kind=AttachmentKind.ATTACHMENT)
                session.commit()
    finally:
        engine.dispose()
    engine = dbmod.make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn, conn.begin():
            cfg = dbmod._alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
    finally:
        engine.dispose()
    assert dbtools.sql(path, "SELECT version_num FROM alembic_version") == [("0001",)]
    return path


def _revision(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        con.close()


def test_a_killed_pre_upgrade_backup_never_leaves_a_corrupt_backup(tmp_path, dbtools):
    template = _old_sizeable(tmp_path / "old-template.sqlite", dbtools, mb=12)
    meetings_before = meeting_count(template)
    work = tmp_path / "work"
    work.mkdir()
    path = work / "records.sqlite"
    dbtools.copy(template, path)
    argv = ["--db", path, "list", "meetings"]
    # the copy is the first third or so of what follows its file's appearance (then the
    # migration and the listing): kill within it
    spread = _backup_spread(argv, work / "backups") / 3
    rng = random.Random(37)
    corrupt = 0
    for _ in range(12):
        if _revision(path) != "0001":  # the last run finished the upgrade: start again
            for f in work.glob("records.sqlite*"):
                f.unlink()
            for f in (work / "backups").iterdir():
                f.unlink()
            dbtools.copy(template, path)
        _kill_during(argv, work / "backups", spread, rng)
        for backup in (work / "backups").glob("*.sqlite"):
            if not _whole(backup, meetings_before, "0001"):
                corrupt += 1
            backup.unlink()
        # the database itself is at the old or the new revision, whole either way
        assert _verdict(path) == "ok" and meeting_count(path) == meetings_before
    assert corrupt == 0
    code, _, err = cli("--db", path, "list", "meetings")  # the next start upgrades
    assert code == 0, err
    assert _revision(path) == dbmod.SCHEMA_HEAD
    assert not [p for p in (work / "backups").iterdir() if dbmod.PARTIAL_MARK in p.name]
