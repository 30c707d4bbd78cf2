"""Opening the records: SQLite with safe settings, backup → migrate → check, and the
integrity check that `ogp-desktop check` runs.

Why this order: an upgrade must keep every record, so before any migration a copy of the
file is taken with SQLite's backup API and kept beside it; migrations run in one
transaction with foreign keys off (as SQLite's ALTER recipe requires) and
`foreign_key_check` runs before that transaction commits. A file written by a newer
version of the program is refused before anything touches it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from ogp_desktop.core.errors import StorageError
from ogp_desktop.paths import backups_dir

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration. Kept here so an up-to-date file opens without importing Alembic
# (about 90 ms of start-up); tests/core checks it equals Alembic's single head.
SCHEMA_HEAD = "0003"
BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"


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
    apply outside any transaction."""
    engine = create_engine(f"sqlite:///{path}", future=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    return engine


def _read_revision(path: Path) -> tuple[str | None, bool]:
    """(alembic revision or None, whether the file has any table), read without writing."""
    if not path.exists() or path.stat().st_size == 0:
        return None, False
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_HEADER:
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
            if "alembic_version" not in tables:
                return None, bool(tables)
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            return (row[0] if row else None), True
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            "{path} can not be read as a database ({error}). Restore a backup or choose "
            "another file.",
            path=str(path),
            error=str(exc),
        ) from exc


def backup_to(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe while the file is in use)."""
    target = Path(target)
    if target.exists():
        raise StorageError(
            "{target} exists already; choose a new file name for the backup.",
            target=str(target),
        )
    target.parent.mkdir(parents=True, exist_ok=True)
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
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _migrate(path: Path) -> None:
    from alembic import command

    engine = make_engine(path, foreign_keys=False)
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


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (or create) the records at `path`, migrating it to this program's schema."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise StorageError("{path} is a folder; give the path of a database file.", path=str(path))
    revision, has_tables = _read_revision(path)
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
    if not path.exists():
        if not create:
            raise StorageError("There is no database at {path}.", path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)

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
        _migrate(path)

    engine = make_engine(path)
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


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
