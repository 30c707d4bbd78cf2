"""The storage seam: open_database takes a path or a SQLAlchemy URL, a PostgreSQL URL is
refused in one line without creating anything, and only the SQLite dialect module
(core/storage/sqlite.py) knows SQLite's specifics (docs/storage.md)."""

from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

import ogp_desktop
from ogp_desktop import paths
from ogp_desktop.core import storage
from ogp_desktop.core.db import backup_to, open_database
from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import Meeting
from ogp_desktop.core.storage.sqlite import SQLiteStore

CORE_DIR = Path(ogp_desktop.__file__).resolve().parent / "core"
DIALECT_MODULE = CORE_DIR / "storage" / "sqlite.py"
PG_URL = "postgresql+psycopg://clerk:s3cret-word@records.example.org:5432/ogp"


def _meeting_count(db) -> int:
    with db.session(write=False) as session:
        return session.scalar(select(func.count(Meeting.id)))


# --- a URL and a plain path name the same records -------------------------------------------


@pytest.mark.parametrize("spelling", ["path", "str", "url"])
def test_a_path_its_string_and_its_sqlite_url_open_the_same_records(demo_db_path, spelling):
    target = {"path": demo_db_path, "str": str(demo_db_path),
              "url": f"sqlite:///{demo_db_path}"}[spelling]
    db = open_database(target)
    try:
        assert db.path == demo_db_path and db.display == str(demo_db_path)
        assert isinstance(db.store, SQLiteStore)
        assert _meeting_count(db) > 0
        assert check_database(db).ok
    finally:
        db.close()


def test_a_relative_sqlite_url_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = open_database("sqlite:///records.sqlite", create=True)
    db.close()
    assert db.path == Path("records.sqlite")
    assert (tmp_path / "records.sqlite").stat().st_size > 0


def test_a_url_without_create_refuses_a_missing_file_as_a_path_does(tmp_path):
    missing = tmp_path / "missing.sqlite"
    with pytest.raises(StorageError) as by_url:
        open_database(f"sqlite:///{missing}")
    with pytest.raises(StorageError) as by_path:
        open_database(missing)
    assert str(by_url.value) == str(by_path.value)
    assert "There is no database at" in str(by_url.value)
    assert not missing.exists()


def test_the_instance_key_is_the_same_for_every_spelling_of_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keys = {storage.instance_key(t) for t in (
        tmp_path / "r.sqlite", "r.sqlite", f"sqlite:///{tmp_path}/r.sqlite", "sqlite:///r.sqlite")}
    assert len(keys) == 1
    assert storage.instance_key(tmp_path / "other.sqlite") not in keys


def test_backup_to_goes_through_the_store(demo_db_path, tmp_path):
    db = open_database(f"sqlite:///{demo_db_path}")
    try:
        first = db.backup_to(tmp_path / "b1.sqlite")
        second = backup_to(db.path, tmp_path / "b2.sqlite")
    finally:
        db.close()
    for copy in (first, second):
        reopened = open_database(copy)
        try:
            assert _meeting_count(reopened) > 0
        finally:
            reopened.close()


# --- a server that does not answer is one line, nothing is created ---------------------------


def _files_below(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _silent_port() -> int:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_server_that_does_not_answer_is_one_line_and_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = _files_below(tmp_path)
    port = _silent_port()
    url = f"postgresql://clerk:s3cret-word@127.0.0.1:{port}/ogp"
    for create in (False, True):
        with pytest.raises(StorageError) as caught:
            open_database(url, create=create)
        text = str(caught.value).replace("\u2068", "").replace("\u2069", "")  # the isolates
        assert text.startswith(f"The server 127.0.0.1:{port} does not answer")
        assert "s3cret-word" not in text  # the password is never shown
        assert "\n" not in text
    assert _files_below(tmp_path) == before


def test_an_unknown_kind_of_database_is_refused(tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(StorageError) as caught:
        open_database("mysql://clerk:pw@localhost/ogp", create=True)
    assert "not a kind of database" in str(caught.value) and "pw" not in str(caught.value)
    with pytest.raises(StorageError) as memory:
        open_database("sqlite://", create=True)
    assert "names no file" in str(memory.value)
    assert list(work.iterdir()) == []


def cli(*argv, env: dict | None = None, lang: str = "en", cwd: Path | None = None):
    proc = subprocess.run(
        [sys.executable, "-m", "ogp_desktop.cli", *map(str, argv)], capture_output=True,
        text=True, encoding="utf-8", timeout=120, cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(Path(ogp_desktop.__file__).parents[1]),
             "OGP_DESKTOP_LANG": lang, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


@pytest.mark.parametrize("lang, words", [("en", "does not answer"), ("ar", "لا يستجيب")])
def test_the_command_line_says_a_server_does_not_answer_and_changes_nothing(
        tmp_path, demo_db_path, dbtools, lang, words):
    """Given with --db or in OGP_DESKTOP_DB, for reading or for `init`: one translated line,
    exit 1; the records named elsewhere and the working folder stay as they were."""
    work = tmp_path / "work"
    work.mkdir()
    digest = dbtools.sha256(demo_db_path)
    silent = f"postgresql://clerk:s3cret-word@127.0.0.1:{_silent_port()}/ogp"
    runs = [(["--db", silent, "list", "meetings"], {"OGP_DESKTOP_DB": str(demo_db_path)}),
            (["--db", silent, "init"], {}),
            (["check"], {"OGP_DESKTOP_DB": silent})]
    for argv, env in runs:
        code, out, err = cli(*argv, env=env, lang=lang, cwd=work)
        assert code == 1 and out == ""
        lines = err.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in err, err
        assert "s3cret-word" not in lines[0]
        # `init` does not make a server's records ('server init' does), before connecting
        assert ("server init" if "init" in argv else words) in lines[0], lines[0]
    assert list(work.iterdir()) == []
    assert dbtools.sha256(demo_db_path) == digest


def test_the_command_line_accepts_a_sqlite_url(tmp_path):
    path = tmp_path / "by-url.sqlite"
    code, out, err = cli("--db", f"sqlite:///{path}", "init")
    assert code == 0, err
    assert str(path) in out
    code, out, err = cli("--db", f"sqlite:///{path}", "init")  # refused: it exists now
    assert code == 1 and "already" in err
    code, out, err = cli("--db", f"sqlite:///{path}", "list", "meetings", "--json")
    assert code == 0 and out.strip() == "[]"


def test_paths_turn_a_file_url_into_its_path_and_keep_a_server_url(tmp_path, monkeypatch):
    assert paths.resolve_db_path(f"sqlite:///{tmp_path}/x.sqlite") == tmp_path / "x.sqlite"
    assert paths.resolve_db_target(f"sqlite:///{tmp_path}/x.sqlite") == tmp_path / "x.sqlite"
    assert paths.resolve_db_target(str(tmp_path / "y.sqlite")) == tmp_path / "y.sqlite"
    assert paths.resolve_db_target(PG_URL) == PG_URL
    monkeypatch.setenv(paths.ENV_DB, PG_URL)
    assert paths.resolve_db_target(None) == PG_URL
    assert paths.resolve_db_target(str(tmp_path / "y.sqlite")) == tmp_path / "y.sqlite"


# --- the check runs through the dialect -------------------------------------------------------


class _DamagedStore(SQLiteStore):
    """A file whose storage engine reports a problem and a dangling reference."""

    def integrity_problems(self, conn):
        return ["*** in database main *** Page 7: btreeInitPage() returns error code 11"]

    def broken_references(self, conn):
        return [("minute_items", 12, "meetings", 0)]


@pytest.mark.sqlite_only
def test_check_database_asks_the_dialect(db):
    db.store = _DamagedStore(db.path)
    problems = [str(p) for p in check_database(db).problems]
    assert any("btreeInitPage" in p for p in problems)
    assert any("minute_items" in p and "12" in p and "meetings" in p for p in problems)


# --- nothing outside the dialect module knows SQLite's specifics ------------------------------

# What only a SQLite dialect says: its SQL, its driver, its result codes, its URLs.
_SPECIFIC_TEXT = re.compile(
    r"\bPRAGMA\b|\bsqlite_\w+|sqlite(\+\w+)?:/|BEGIN IMMEDIATE|SQLite format 3|^sqlite$",
    re.IGNORECASE)
_SPECIFIC_MODULES = ("sqlite3", "sqlalchemy.dialects.sqlite", "pysqlite2")


def _sqlite_specifics(source: str) -> list[str]:
    """Imports of SQLite's drivers, SQLite's SQL, result codes and URLs in the code of
    `source`. Docstrings (documentation) and prose that only names SQLite are allowed."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(_SPECIFIC_MODULES)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(_SPECIFIC_MODULES):
            found.append(node.module or "")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings and _SPECIFIC_TEXT.search(node.value):
                found.append(node.value)
        elif isinstance(node, ast.Attribute) and _SPECIFIC_TEXT.search(node.attr):
            found.append("." + node.attr)
        elif isinstance(node, ast.Name) and node.id.startswith("sqlite3"):
            found.append(node.id)
    return found


def _core_sources() -> list[Path]:
    return sorted(p for p in CORE_DIR.rglob("*.py")
                  if p != DIALECT_MODULE and "migrations" not in p.relative_to(CORE_DIR).parts)


def test_the_scan_covers_the_core_and_the_services():
    names = {str(p.relative_to(CORE_DIR)) for p in _core_sources()}
    assert {"db.py", "integrity.py", "storage/__init__.py", "storage/base.py"} <= names
    assert any(n.startswith("services/") for n in names)
    assert "storage/sqlite.py" not in names


def test_the_scan_finds_sqlite_specifics():
    assert _sqlite_specifics(DIALECT_MODULE.read_text(encoding="utf-8"))  # the dialect has them
    for code in ('import sqlite3\n', 'conn.exec_driver_sql("PRAGMA foreign_key_check")\n',
                 'code = exc.orig.sqlite_errorcode\n', 'url = f"sqlite:///{path}"\n',
                 'engine.execute("BEGIN IMMEDIATE")\n', 'BACKEND = "sqlite"\n',
                 'from sqlalchemy.dialects.sqlite import insert\n'):
        assert _sqlite_specifics(code), code
    assert not _sqlite_specifics('"""Records in a SQLite file (`sqlite:///x`, PRAGMA…)."""\n'
                                 'Message("SQLite integrity check: {line}")\n')


@pytest.mark.parametrize("path", _core_sources(), ids=lambda p: str(p.relative_to(CORE_DIR)))
def test_only_the_dialect_module_says_sqlite_specifics(path):
    assert _sqlite_specifics(path.read_text(encoding="utf-8")) == [], \
        f"{path} speaks SQLite: move it into core/storage/sqlite.py"
