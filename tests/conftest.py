"""Shared fixtures: every test runs away from the user's data folder, on real SQLite files in tmp_path."""

from __future__ import annotations

import hashlib
import sqlite3
import struct
import zlib
from pathlib import Path

import pytest

# the requires_tool marker: a missing program skips, or fails under OGP_REQUIRE_TOOLS=1
from required_tools import pytest_configure, pytest_runtest_setup  # noqa: F401

from ogp_desktop.core.db import open_database

# --- isolation from the user's own records ---------------------------------------------


def _isolate(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point HOME, the XDG folders (platformdirs) and OGP_DESKTOP_DB below `root`."""
    home = root / "home"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("APPDATA", str(home / "appdata"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "localappdata"))
    monkeypatch.setenv("OGP_DESKTOP_DB", str(root / "env-default.sqlite"))
    return home


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory):
    """Also for session fixtures, which are set up before any per-test fixture."""
    with pytest.MonkeyPatch.context() as mp:
        yield _isolate(tmp_path_factory.mktemp("session-home"), mp)


@pytest.fixture(autouse=True)
def _isolated_user_data(_isolated_session, tmp_path, monkeypatch):
    """Each test has its own HOME, data folder and OGP_DESKTOP_DB inside its tmp_path."""
    return _isolate(tmp_path, monkeypatch)


# --- helpers on database files (read with the sqlite3 module, outside the program) ------


def copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's own backup API (independent of the code under test)."""
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def _tables(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]


def _server(target) -> object | None:
    """The PostgreSQL store of an open Database or of a server's URL (what `--db` is given),
    else None (a SQLite file or its path)."""
    if isinstance(target, str) and target.startswith("postgresql"):
        from ogp_desktop.core import storage

        return storage.resolve(target)
    store = getattr(target, "store", None)
    return store if store is not None and getattr(store, "file", 1) is None else None


def _pg_connect(store):
    import psycopg

    url = store.url
    return psycopg.connect(host=url.host, port=url.port, dbname=url.database,
                           user=url.username, password=url.password, autocommit=True)


def _pg_tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")]


def _file(target) -> Path:
    return target.path if hasattr(target, "store") else Path(target)


def dump_tables(target) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema), to compare the records before and after:
    of a SQLite file (its path, or an open Database) or of a server's database."""
    server = _server(target)
    if server is not None:
        with _pg_connect(server) as con:
            out: dict[str, list[tuple]] = {"schema": sorted(con.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema()").fetchall())}
            for name in _pg_tables(con):
                out[name] = sorted(con.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            return out
    path = _file(target)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out: dict[str, list[tuple]] = {
            "sqlite_master": sorted(
                con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(),
                key=repr),
        }
        for name in _tables(con):
            out[name] = sorted(con.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
        return out
    finally:
        con.close()


def row_counts(target) -> dict[str, int]:
    server = _server(target)
    if server is not None:
        with _pg_connect(server) as con:
            return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]
                    for n in _pg_tables(con)}
    path = _file(target)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in _tables(con)}
    finally:
        con.close()


def sql(target, statement: str, params: tuple = ()) -> list[tuple]:
    """Run one statement behind the program's back (the sqlite3 module, or psycopg on a
    server; `?` placeholders on both), and commit."""
    server = _server(target)
    if server is not None:
        with _pg_connect(server) as con:
            if params:  # psycopg's placeholders: a literal % (as in LIKE) is written %%
                cur = con.execute(statement.replace("%", "%%").replace("?", "%s"), params)
            else:
                cur = con.execute(statement)
            return cur.fetchall() if cur.description else []
    path = _file(target)
    con = sqlite3.connect(str(path))
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def untouched_state(target):
    """What "nothing was changed" is compared on: a file's bytes (its SHA-256: not even a
    page rewritten), or every row of a server's database."""
    return dump_tables(target) if _server(target) is not None else file_sha256(_file(target))


def make_png(width: int = 3, height: int = 2) -> bytes:
    """A real, minimal RGB PNG written by hand (zlib + CRCs)."""
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


class DbTools:
    """The helpers above as a fixture (tests import nothing from conftest)."""

    copy = staticmethod(copy_sqlite)
    dump = staticmethod(dump_tables)
    counts = staticmethod(row_counts)
    sql = staticmethod(sql)
    sha256 = staticmethod(file_sha256)
    state = staticmethod(untouched_state)
    png = staticmethod(make_png)


@pytest.fixture(scope="session")
def dbtools() -> type[DbTools]:
    return DbTools


# --- database files --------------------------------------------------------------------


@pytest.fixture(scope="session")
def head_template(tmp_path_factory) -> Path:
    """An empty database migrated to head once per run; tests work on copies."""
    path = tmp_path_factory.mktemp("templates") / "head.sqlite"
    db = open_database(path, create=True)
    db.close()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from ogp_desktop.core.demo import load_demo

    path = tmp_path_factory.mktemp("templates") / "demo.sqlite"
    db = open_database(path, create=True)
    with db.session() as session:
        load_demo(session)
    db.close()
    return path


@pytest.fixture
def fresh_db_path(tmp_path, head_template) -> Path:
    return copy_sqlite(head_template, tmp_path / "records.sqlite")


# --- the office's server: the same tests on PostgreSQL ----------------------------------

# Tests in these folders that use `db` or `demo_db` (open records) or `fresh_target` or
# `demo_target` (what `--db` is given) run twice: on a SQLite file and on a database of the
# private PostgreSQL server (tests/pg_server.py). A test that is about SQLite's file itself
# is marked @pytest.mark.sqlite_only(reason=…); so is a whole-command-line case whose twin
# on the server another test covers (each process starts Python: see docs/server.md).
BOTH_BACKENDS = ("tests/core/", "tests/cli/", "tests/pdf/")
PARAMETRIZED_BY_BACKEND = {"db", "demo_db", "fresh_target", "demo_target"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    path = str(metafunc.definition.path).replace("\\", "/")
    uses = PARAMETRIZED_BY_BACKEND & set(metafunc.fixturenames)
    if uses and any(part in path for part in BOTH_BACKENDS) \
            and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """Which kind of database `db` and `demo_db` are: "sqlite" unless parametrized."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg(request):
    """The private PostgreSQL server (or $OGP_TEST_PG_URL's), started once per run."""
    from pg_server import PrivateServer, server_from_env

    given = server_from_env()
    if given is not None:
        yield given
        return
    server = PrivateServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_templates(pg):
    """Two databases migrated to head once per run, copied for each test (CREATE DATABASE
    … TEMPLATE): {"head": name, "demo": name}."""
    from ogp_desktop.core.demo import load_demo

    names = {}
    for kind in ("head", "demo"):
        name = pg.new_database()
        database = open_database(pg.url(name), create=True)
        if kind == "demo":
            with database.session() as session:
                load_demo(session)
        database.close()
        names[kind] = name
    return names


def _open_for(backend: str, request, sqlite_path_fixture: str, template: str):
    if backend == "sqlite":
        return open_database(request.getfixturevalue(sqlite_path_fixture)), None
    pg = request.getfixturevalue("pg")
    name = pg.new_database(template=request.getfixturevalue("pg_templates")[template])
    return open_database(pg.url(name)), name


@pytest.fixture
def db(backend, request):
    """An open, empty records database: a real SQLite file in tmp_path, or (parametrized,
    see BOTH_BACKENDS) a database of the private PostgreSQL server."""
    database, name = _open_for(backend, request, "fresh_db_path", "head")
    yield database
    database.close()
    if name:
        request.getfixturevalue("pg").drop_database(name)


@pytest.fixture
def demo_db_path(tmp_path, demo_template) -> Path:
    return copy_sqlite(demo_template, tmp_path / "demo.sqlite")


@pytest.fixture
def demo_db(backend, request):
    database, name = _open_for(backend, request, "demo_db_path", "demo")
    yield database
    database.close()
    if name:
        request.getfixturevalue("pg").drop_database(name)


def _target_for(backend: str, request, sqlite_path_fixture: str, template: str) -> Path | str:
    if backend == "sqlite":
        return request.getfixturevalue(sqlite_path_fixture)
    pg = request.getfixturevalue("pg")
    name = pg.new_database(template=request.getfixturevalue("pg_templates")[template])
    request.addfinalizer(lambda: pg.drop_database(name))
    return pg.url(name)


@pytest.fixture
def fresh_target(backend, request) -> Path | str:
    """What `--db` names for empty records: a SQLite file's path in tmp_path or
    (parametrized, see BOTH_BACKENDS) the superuser's URL of a fresh database of the private
    server. dbtools and open_database take either."""
    return _target_for(backend, request, "fresh_db_path", "head")


@pytest.fixture
def demo_target(backend, request) -> Path | str:
    """As fresh_target, with the demo records."""
    return _target_for(backend, request, "demo_db_path", "demo")


@pytest.fixture
def shown():
    """How the program names records in its messages: a file's path, or a server's
    LOGIN@HOST:PORT/DB (never the password)."""
    from ogp_desktop.core import storage

    return lambda target: storage.resolve(target).display
