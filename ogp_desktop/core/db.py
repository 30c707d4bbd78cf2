"""Opening the records: SQLite with safe settings, backup → migrate → check, and the
integrity check that `ogp-desktop check` runs.

Why this order: an upgrade must keep every record, so before any migration a copy of the
file is taken with SQLite's backup API and kept beside it; migrations run in one
transaction with foreign keys off (as SQLite's ALTER recipe requires) and
`foreign_key_check` runs before that transaction commits. A file written by a newer
version of the program is refused before anything touches it."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ogp_desktop.core.errors import StorageError
from ogp_desktop.paths import backups_dir

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration. Kept here so an up-to-date file opens without importing Alembic
# (about 90 ms of start-up); tests/core checks it equals Alembic's single head.
SCHEMA_HEAD = "0003"
BUSY_TIMEOUT_MS = 10_000
ENV_BUSY_TIMEOUT = "OGP_DESKTOP_BUSY_TIMEOUT_MS"  # tests shorten the wait for a busy file
SQLITE_HEADER = b"SQLite format 3\x00"
PARTIAL_MARK = ".partial-"  # a backup being written: `.NAME.partial-XXXX` beside NAME


def busy_timeout_ms() -> int:
    """How long a writer queues for another program's lock before giving up."""
    value = os.environ.get(ENV_BUSY_TIMEOUT, "")
    return int(value) if value.isdigit() else BUSY_TIMEOUT_MS


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_SQLITE_CONSTRAINT = 19


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
    import shutil

    place = path if path.is_dir() else path.parent
    try:
        return place.exists() and shutil.disk_usage(place).free < 256 * 1024
    except OSError:
        return False


def storage_error(exc: BaseException, path: Path | str) -> StorageError:
    """One line for what SQLite (or the OS) reported, saying what to do; nothing was saved
    because the transaction in flight is rolled back.

    A read-only place is said to be read-only, never a damaged database."""
    orig = getattr(exc, "orig", exc)
    detail = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    code = getattr(orig, "sqlite_errorcode", None)
    code = code & 0xFF if isinstance(code, int) else None
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


def _alembic_config():  # noqa: ANN202
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """Alembic's head, read from the migration scripts (slow; see SCHEMA_HEAD)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    if len(heads) != 1:  # pragma: no cover - guarded by a test
        raise StorageError("The program's migrations have {n} heads", n=len(heads))
    return heads[0]


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def make_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine whose every connection has the project's SQLite settings.

    The driver's own transaction handling is switched off and BEGIN is emitted by
    SQLAlchemy, so DDL in migrations is transactional and PRAGMAs set at connect time
    apply outside any transaction. A connection of a write unit of work (execution option
    `ogp_write`) begins IMMEDIATE: it takes the write lock first, so it waits up to the
    busy timeout for another writer. A deferred BEGIN that reads and then writes can not
    wait (SQLite fails it at once to avoid a deadlock)."""
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        write = conn.get_execution_options().get("ogp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _read_revision(path: Path) -> tuple[str | None, bool, dict[str, set[str]]]:
    """(alembic revision or None, whether the file has any table, the columns of each
    table), read without writing."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False, {}
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
    uri = f"file:{path}?mode=ro"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            columns = {t: {r[1] for r in con.execute(f'PRAGMA table_info("{t}")')} for t in tables}
            if "alembic_version" not in tables:
                return None, bool(tables), columns
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return (row[0] if row else None), True, columns
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            raise StorageError(
                "{path} can not be read as a database ({error}). Restore a backup or choose "
                "another file.",
                path=str(path),
                error=str(exc),
            ) from exc
        raise storage_error(exc, path) from exc


def _schema_mismatch(revision: str, columns: dict[str, set[str]]) -> str | None:
    """What the tables lack that schema `revision` has, or None. Only the head is known
    without Alembic; an older revision's mismatch shows when its migration fails."""
    if revision != SCHEMA_HEAD:
        return None
    from ogp_desktop.core.models import Base

    for name, table in Base.metadata.tables.items():
        if name not in columns:
            return f"table {name} is missing"
        missing = sorted(c.name for c in table.columns if c.name not in columns[name])
        if missing:
            return f"{name}.{missing[0]} is missing"
    return None


def _mismatch_error(path: Path, revision: str, detail: str) -> StorageError:
    return StorageError(
        "{path} says it has schema {revision} but its tables do not match it ({detail}); it "
        "was not touched. Restore a backup (the backups folder beside it) or choose another "
        "file.", path=str(path), revision=revision, detail=detail)


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


def backup_to(source: Path, target: Path, *, make_folder: bool = False) -> Path:
    """A consistent copy through SQLite's backup API (safe while the file is in use).

    Atomic: the copy is written under a temporary name in the target's folder, flushed to
    disk, checked (quick_check) and only then renamed to `target`, so a killed backup or a
    full disk never leaves a file under the backup's name; leftovers of earlier killed
    runs are removed first. The folder must exist unless `make_folder`."""
    target = Path(target).expanduser()
    if target.exists():
        raise StorageError(
            "{target} exists already; choose a new file name for the backup.",
            target=str(target),
        )
    folder = target.parent
    if make_folder:
        folder.mkdir(parents=True, exist_ok=True)
    _check_folder(folder)
    _remove_partials(folder, target.name)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}{PARTIAL_MARK}", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise storage_error(exc, folder) from exc
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
        raise storage_error(exc, target) from exc
    finally:
        _remove_partials(folder, target.name)
    return target


@dataclass
class Database:
    """An open records file: engine, session factory and what happened at opening."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]
    migrated_from: str | None = None
    backup_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        A write unit of work begins IMMEDIATE (queues for the write lock up to the busy
        timeout); `write=False` is for reading only: it never waits for another writer
        (WAL lets it read the last committed state). SQLite's failures (busy, full disk,
        read-only place, I/O) become one StorageError line; nothing is committed."""
        bind = self.engine.execution_options(ogp_write=True) if write else self.engine
        session = self.sessions(bind=bind)
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise storage_error(exc, self.path) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _migrate(path: Path) -> None:
    from alembic import command

    engine = make_engine(path, foreign_keys=False).execution_options(ogp_write=True)
    try:
        with engine.connect() as conn:
            with conn.begin():
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise StorageError(
                        "The upgrade would leave {n} broken references (first: {first}); "
                        "nothing was changed.",
                        n=len(problems),
                        first=repr(tuple(problems[0])),
                    )
    finally:
        engine.dispose()


def open_database(path: Path | str, *, create: bool = False) -> Database:
    """Open the records at `path`, migrating them to this program's schema.

    A database is created only when asked (`create=True`: `init`, `load-demo`, the demo,
    the app's first start on the default location), in an existing folder; a missing path
    or an empty file is otherwise refused, so a mistyped path creates nothing."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError("{path} is a folder; give the path of a database file.", path=str(path))
    if not path.exists() and not create:
        raise StorageError(
            "There is no database at {path}. Check the path, or create one with "
            "`ogp-desktop --db PATH init` (or `load-demo` for the demo records).",
            path=str(path))
    if path.exists() and path.stat().st_size == 0 and not create:
        raise StorageError(
            "{path} is an empty file, not a database. Check the path, or make it a new "
            "database with `ogp-desktop --db PATH init`.", path=str(path))
    revision, has_tables, columns = _read_revision(path)
    head = SCHEMA_HEAD
    if revision is not None and revision != head and revision not in known_revisions():
        raise StorageError(
            "{path} was written by a newer version of OGP Desktop (schema {revision}); this "
            "version knows up to {head}. Install the newer version; the file was not touched.",
            path=str(path),
            revision=revision,
            head=head,
        )
    if revision is None and has_tables:
        raise StorageError(
            "{path} is an SQLite file but not an OGP Desktop database; it was not touched.",
            path=str(path),
        )
    if revision is not None:
        mismatch = _schema_mismatch(revision, columns)
        if mismatch:
            raise _mismatch_error(path, revision, mismatch)
    if not path.exists():
        _check_folder(path.parent)
        if not os.access(path.parent, os.W_OK):
            raise storage_error(PermissionError(13, "read-only folder"), path)
    backups = path.parent / "backups"
    if backups.is_dir():
        _remove_partials(backups)

    backup_path = None
    if revision != head:
        if revision is not None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            folder = backups_dir(path)
            target = folder / f"{path.stem}-{stamp}-before-{head}{path.suffix}"
            n = 1
            while target.exists():
                n += 1
                target = folder / f"{path.stem}-{stamp}-{n}-before-{head}{path.suffix}"
            backup_path = backup_to(path, target)
        try:
            _migrate(path)
        except (DBAPIError, OSError, StorageError) as exc:
            if backup_path is not None:  # the file is unchanged: its copy is not needed
                backup_path.unlink(missing_ok=True)
            if isinstance(exc, StorageError):
                raise
            if revision is None or not isinstance(exc, DBAPIError) or _is_environment(exc):
                raise storage_error(exc, path) from exc
            raise _mismatch_error(path, revision, str(exc.orig).splitlines()[0]) from exc

    engine = make_engine(path)
    try:
        with engine.connect() as conn:  # the connect-time PRAGMAs fail here, not later
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        engine.dispose()
        raise storage_error(exc, path) from exc
    db = Database(
        path=path,
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        migrated_from=revision if revision != head else None,
        backup_path=backup_path,
    )
    from sqlalchemy.orm import configure_mappers

    from ogp_desktop.core import guards  # noqa: F401  (registers the signed-record guard)

    configure_mappers()  # once, here, rather than inside the first query a screen runs

    return db


def _is_environment(exc: DBAPIError) -> bool:
    """A failure of the place (busy, full, read-only, I/O), not of the file's tables."""
    code = (getattr(exc.orig, "sqlite_errorcode", 0) or 0) & 0xFF
    return code in (_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR,
                    _SQLITE_FULL, _SQLITE_CANTOPEN)


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
