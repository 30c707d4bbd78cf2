"""The SQLite dialect: the records in one file, with safe settings.

Everything here is SQLite's own and stays out of the services: the connect-time PRAGMAs
(busy timeout, foreign keys, WAL, synchronous FULL), BEGIN IMMEDIATE for write units of
work, the file-header check, SQLite's backup API (atomic and checked), integrity_check
and foreign_key_check, the mapping of SQLite's result codes to one line for the user, and
the instance key derived from the file's path."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.storage.base import (
    PARTIAL_MARK,
    SCHEMA_HEAD,
    WRITE_OPTION,
    SchemaState,
    Store,
    StoredMinutes,
    busy_timeout_ms,
    check_backup_target,
)
from ogp_desktop.paths import backups_dir

if TYPE_CHECKING:  # SQLAlchemy is imported where an engine is made: printing signed minutes
    from sqlalchemy import Connection, Engine  # (Store.signed_minutes) reads without it
    from sqlalchemy.engine import URL

BACKENDS = ("sqlite",)
SQLITE_HEADER = b"SQLite format 3\x00"

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_SQLITE_CONSTRAINT = 19
_ENVIRONMENT_CODES = (_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR,
                      _SQLITE_FULL, _SQLITE_CANTOPEN)


def store_for_path(path: Path) -> SQLiteStore:
    return SQLiteStore(path)


def store_for_url(url: URL) -> SQLiteStore:
    """`sqlite:///relative/file`, `sqlite:////absolute/file`; an in-memory database (no
    file) holds no records worth keeping and is refused."""
    if not url.database or url.database == ":memory:":
        raise StorageError(
            "{url} names no file; give the path of a records file (--db PATH or "
            "OGP_DESKTOP_DB).", url=url.render_as_string(hide_password=True))
    return SQLiteStore(Path(url.database).expanduser())


def _result_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def _read_only_place(path: Path) -> bool:
    """Whether the file (or, for a new one, its folder) can not be written: a read-only
    mount, permissions. SQLite then says only "unable to open database file"."""
    place = path if path.exists() else path.parent
    return place.exists() and not (os.access(place, os.W_OK)
                                   and os.access(place if place.is_dir() else place.parent,
                                                 os.W_OK))


def _disk_full(path: Path) -> bool:
    """Whether the disk holding `path` has (almost) no room: SQLite then may report only
    "disk I/O error" (its -wal or -shm file could not be made)."""
    place = path if path.is_dir() else path.parent
    try:
        return place.exists() and shutil.disk_usage(place).free < 256 * 1024
    except OSError:
        return False


def describe_error(exc: BaseException, path: Path | str) -> StorageError:
    """One line for what SQLite (or the OS) reported, saying what to do; nothing was saved
    because the transaction in flight is rolled back.

    A read-only place is said to be read-only, never a damaged database."""
    orig = getattr(exc, "orig", exc)
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    code = _result_code(orig)
    errno_ = getattr(orig, "errno", None)
    low = detail.lower()
    path = str(path)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in low:
        return StorageError(
            "The database {path} is busy: another program is using it. Nothing was changed; "
            "try again in a moment.", path=path)
    if code == _SQLITE_FULL or errno_ == 28 or "disk is full" in low or (
            code in (_SQLITE_IOERR, None) and _disk_full(Path(path))):
        return StorageError(
            "The disk holding {path} is full; nothing was saved. Free some space and try "
            "again.", path=path)
    read_only = code == _SQLITE_READONLY or errno_ in (13, 30) or "readonly" in low
    if read_only or (code in (_SQLITE_CANTOPEN, _SQLITE_IOERR) and _read_only_place(Path(path))):
        return StorageError(
            "{path} is in a read-only place (the file, its folder or the disk can not be "
            "written); nothing was saved. Copy it to a folder you can write to, or ask for "
            "write access.", path=path)
    if code == _SQLITE_CANTOPEN:
        return StorageError(
            "{path} can not be opened ({error}). Check that its folder exists and that you "
            "may write there.", path=path, error=detail)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return StorageError(
            "{path} is damaged ({error}). Restore a backup (the backups folder beside it).",
            path=path, error=detail)
    if code == _SQLITE_CONSTRAINT:
        return StorageError(
            "The change could not be saved ({error}); nothing was stored.", error=detail)
    return StorageError(
        "{path} could not be read or written ({error}); nothing was saved. Check the disk "
        "and try again.", path=path, error=detail)


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose every connection has the project's SQLite settings.

    The driver's own transaction handling is switched off and BEGIN is emitted by
    SQLAlchemy, so DDL in migrations is transactional and PRAGMAs set at connect time
    apply outside any transaction. A connection of a write unit of work (execution option
    WRITE_OPTION) begins IMMEDIATE: it takes the write lock first, so it waits up to the
    busy timeout for another writer. A deferred BEGIN that reads and then writes can not
    wait (SQLite fails it at once to avoid a deadlock).

    SQLAlchemy is imported here, not with the module: the app's start resolves the store
    (its instance key) before its window paints, and SQLAlchemy waits until after."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise StorageError(
            "The folder {folder} does not exist; create it first or choose another.",
            folder=str(folder))


def _remove_partials(folder: Path, name: str | None = None) -> None:
    """Leftovers of backups killed mid-way (`.NAME.partial-XXXX` and its -journal/-wal)."""
    pattern = f".{name}{PARTIAL_MARK}*" if name else f".*{PARTIAL_MARK}*"
    try:
        for leftover in folder.glob(pattern):
            leftover.unlink(missing_ok=True)
    except OSError:  # a read-only folder: nothing was left there by us
        pass


def _fsync(path: Path, *, folder: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if folder else 0))
    try:
        os.fsync(fd)
    except OSError:
        if not folder:  # some file systems can not fsync a folder; the file is what counts
            raise
    finally:
        os.close(fd)


def backup_file(source: Path, target: Path, *, make_folder: bool = False) -> Path:
    """A consistent copy through SQLite's backup API (safe while the file is in use).

    Atomic: the copy is written under a temporary name in the target's folder, flushed to
    disk, checked (quick_check) and only then renamed to `target`, so a killed backup or a
    full disk never leaves a file under the backup's name; leftovers of earlier killed
    runs are removed first. The folder must exist unless `make_folder`."""
    target = Path(target).expanduser()
    folder = target.parent
    if make_folder:
        folder.mkdir(parents=True, exist_ok=True)
    check_backup_target(target)
    _remove_partials(folder, target.name)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}{PARTIAL_MARK}", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise describe_error(exc, folder) from exc
    partial = Path(tmp_name)
    try:
        src = sqlite3.connect(str(source))
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                verdict = dst.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                dst.close()
        finally:
            src.close()
        if verdict != "ok":
            raise StorageError(
                "The backup could not be verified ({error}); no backup was kept. Check the "
                "disk and try again.", error=verdict)
        _fsync(partial)
        try:
            os.link(partial, target)  # never replaces a file that appeared meanwhile
        except FileExistsError:
            raise StorageError(
                "{target} exists already; choose a new file name for the backup.",
                target=str(target)) from None
        except OSError:  # a file system without hard links
            os.replace(partial, target)
        _fsync(folder, folder=True)
    except (sqlite3.Error, OSError) as exc:
        raise describe_error(exc, target) from exc
    finally:
        _remove_partials(folder, target.name)
    return target


class SQLiteStore(Store):
    """The records in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    @property
    def display(self) -> str:
        return str(self.path)

    @property
    def file(self) -> Path:
        return self.path

    def instance_key(self) -> str:
        return hashlib.sha256(str(self.path.resolve()).encode()).hexdigest()[:16]

    def check_openable(self, *, create: bool) -> None:
        """A database is created only when asked, in an existing folder one may write to; a
        missing path or an empty file is otherwise refused, so a mistyped path creates
        nothing."""
        path = self.path
        if path.is_dir():
            raise StorageError("{path} is a folder; give the path of a database file.",
                               path=str(path))
        if not path.exists() and not create:
            raise StorageError(
                "There is no database at {path}. Check the path, or create one with "
                "`ogp-desktop --db PATH init` (or `load-demo` for the demo records).",
                path=str(path))
        if path.exists() and path.stat().st_size == 0 and not create:
            raise StorageError(
                "{path} is an empty file, not a database. Check the path, or make it a new "
                "database with `ogp-desktop --db PATH init`.", path=str(path))
        if not path.exists():
            _check_folder(path.parent)
            if not os.access(path.parent, os.W_OK):
                raise describe_error(PermissionError(13, "read-only folder"), path)

    def read_schema(self) -> SchemaState:
        """Read through a read-only connection, after checking the file's header, so a
        file that is not SQLite's is never opened by SQLite at all."""
        path = self.path
        if not path.exists() or path.stat().st_size == 0:
            return SchemaState(None)
        try:
            with open(path, "rb") as fh:
                header = fh.read(16)
        except OSError as exc:
            raise StorageError("{path} can not be read ({error}). Check that you may read it.",
                               path=str(path), error=exc.strerror or str(exc)) from exc
        if header != SQLITE_HEADER:
            raise StorageError(
                "{path} is not an OGP Desktop database (not an SQLite file). "
                "Choose another file with --db or OGP_DESKTOP_DB.",
                path=str(path),
            )
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                tables = {r[0] for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
                columns = {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')}
                           for t in tables}
                row = (con.execute("SELECT version_num FROM alembic_version").fetchone()
                       if "alembic_version" in tables else None)
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            if _result_code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                raise StorageError(
                    "{path} can not be read as a database ({error}). Restore a backup or "
                    "choose another file.",
                    path=str(path),
                    error=str(exc),
                ) from exc
            raise describe_error(exc, path) from exc
        revision = row[0] if row else None
        if revision is None and tables:
            raise StorageError(
                "{path} is an SQLite file but not an OGP Desktop database; it was not touched.",
                path=str(path),
            )
        return SchemaState(revision, columns)

    def make_engine(self, *, for_migration: bool = False) -> Engine:
        # SQLite's ALTER recipe (batch mode rebuilds tables) needs foreign keys off.
        return make_engine(self.path, foreign_keys=not for_migration)

    def remove_leftovers(self) -> None:
        backups = self.path.parent / "backups"
        if backups.is_dir():
            _remove_partials(backups)

    def backup_before_upgrade(self, head: str) -> Path:
        """`backups/NAME-STAMP-before-HEAD.sqlite` beside the file (a new name each time)."""
        path = self.path
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = backups_dir(path)
        target = folder / f"{path.stem}-{stamp}-before-{head}{path.suffix}"
        n = 1
        while target.exists():
            n += 1
            target = folder / f"{path.stem}-{stamp}-{n}-before-{head}{path.suffix}"
        return backup_file(path, target)

    def backup_to(self, target: Path, *, make_folder: bool = False) -> Path:
        return backup_file(self.path, target, make_folder=make_folder)

    def integrity_problems(self, conn: Connection) -> list[str]:
        return [line for (line,) in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
                if line != "ok"]

    def broken_references(self, conn: Connection) -> list[Sequence[Any]]:
        """foreign_key_check's rows: (table, rowid, parent table, foreign key id)."""
        return [tuple(row) for row in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()]

    def describe_error(self, exc: BaseException) -> StorageError:
        return describe_error(exc, self.path)

    def is_environment_error(self, exc: BaseException) -> bool:
        return _result_code(getattr(exc, "orig", exc)) in _ENVIRONMENT_CODES

    def signed_minutes(self, ref: str) -> StoredMinutes | None:
        """Through the stdlib's sqlite3 on a read-only (`mode=ro`) connection, in one read
        transaction. None (the ORM's path then decides, and words any error) for a file
        that is not SQLite's, not at SCHEMA_HEAD, minutes that do not exist or are not
        signed, and any error of SQLite."""
        path = self.path
        try:
            with open(path, "rb") as fh:
                if fh.read(16) != SQLITE_HEADER:
                    return None
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                  isolation_level=None)
        except (OSError, sqlite3.Error):
            return None
        try:
            con.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
            con.execute("BEGIN")  # one consistent view of the meeting and its rows
            return _read_signed(con, ref)
        except sqlite3.Error:
            return None
        finally:
            con.close()


def _read_signed(con: sqlite3.Connection, ref: str) -> StoredMinutes | None:
    revision = con.execute("SELECT version_num FROM alembic_version").fetchall()
    if revision != [(SCHEMA_HEAD,)]:
        return None
    columns = "id, uuid, version, status, snapshot, snapshot_sha256"
    if ref.isdigit():  # as services.common.get_by_id_or_uuid reads what a user typed
        row = con.execute(f"SELECT {columns} FROM meetings WHERE id = ?", (int(ref),)).fetchone()
    else:
        row = con.execute(f"SELECT {columns} FROM meetings WHERE uuid = ?",
                          (ref.strip().lower(),)).fetchone()
    if row is None or row[3] != "signed":
        return None
    meeting_id, uuid, version, _status, snapshot, sha256 = row
    files = dict(con.execute("SELECT uuid, data FROM attachments WHERE meeting_id = ?",
                             (meeting_id,)).fetchall())
    signatures = [
        {"image": image, "kind": kind, "recorded_by": recorded_by, "certificate": cert_sha,
         "issuer": issuer}
        for image, kind, recorded_by, cert_sha, issuer in con.execute(
            "SELECT s.image, s.kind, s.recorded_by, c.sha256, i.subject_name FROM signatures s "
            "LEFT JOIN certificates c ON c.id = s.certificate_id "
            "LEFT JOIN certificates i ON i.sha256 = c.issuer_sha256 "
            "WHERE s.meeting_id = ? ORDER BY s.position", (meeting_id,))]
    head = con.execute("SELECT seq, hash FROM register ORDER BY seq DESC LIMIT 1").fetchone()
    pdf = con.execute("SELECT data FROM signed_pdfs WHERE meeting_id = ?", (meeting_id,)).fetchone()
    settings = {key: (value, blob) for key, value, blob in con.execute(
        "SELECT key, value, blob FROM settings WHERE key IN "
        "('letterhead.ministry', 'letterhead.unit', 'letterhead.logo')")}
    letterhead: dict[str, str | bytes | None] = {
        "ministry": settings.get("letterhead.ministry", (None, None))[0],
        "unit": settings.get("letterhead.unit", (None, None))[0],
        "logo": settings.get("letterhead.logo", (None, None))[1],
    }
    return StoredMinutes(meeting_id, uuid, version, snapshot, sha256, files, signatures, letterhead,
                         register_head=(head[0], head[1]) if head else None,
                         signed_pdf=pdf[0] if pdf else None)
