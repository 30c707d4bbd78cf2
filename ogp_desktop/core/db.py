"""Opening the records: backup → migrate → check, and the integrity check that
`ogp-desktop check` runs, for whichever kind of database holds them.

Why this order: an upgrade must keep every record, so before any migration a copy of the
records is taken and kept beside them; migrations run in one transaction with the
settings Alembic's recipes need, and broken references are looked for before that
transaction commits. Records written by a newer version of the program are refused before
anything touches them.

What depends on the kind of database (SQLite's pragmas, file header, backup API,
integrity check, error codes, the instance key) is behind `ogp_desktop.core.storage`: this
module speaks only to a `Store` (docs/storage.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ogp_desktop.core import storage
from ogp_desktop.core.errors import ConflictError, StorageError
from ogp_desktop.core.storage import (
    BUSY_TIMEOUT_MS,
    ENV_BUSY_TIMEOUT,
    PARTIAL_MARK,
    WRITE_OPTION,
    Store,
    busy_timeout_ms,
)
from ogp_desktop.core.storage.base import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [  # the storage names are re-exported: callers and tests import them from here
    "BUSY_TIMEOUT_MS", "ENV_BUSY_TIMEOUT", "PARTIAL_MARK", "SCHEMA_HEAD", "Database", "Store",
    "backup_to", "busy_timeout_ms", "current_revision", "head_revision", "known_revisions",
    "load_models", "make_engine", "open_database", "storage_error",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# SCHEMA_HEAD (storage.base): the newest migration, known without importing Alembic.


def storage_error(exc: BaseException, where: Path | str) -> StorageError:
    """One line for what the database (or the OS) reported about `where` (the records or
    a file beside them), saying what to do; nothing was saved."""
    return storage.resolve(where).describe_error(exc)


def _alembic_config() -> Config:
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


def make_engine(path: Path | str, *, foreign_keys: bool = True) -> Engine:
    """An engine on the records at `path` (a path or URL) with the dialect's settings;
    `foreign_keys=False` gives the settings migrations run with."""
    return storage.resolve(path).make_engine(for_migration=not foreign_keys)


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


def _mismatch_error(store: Store, revision: str, detail: str) -> StorageError:
    if store.file is None:  # a server: no file, no backups folder beside it
        return StorageError(
            "The records on {path} say they have schema {revision} but their tables do not "
            "match it ({detail}); nothing was changed. Tell the server's administrator: "
            "restore a backup of them (pg_restore).", path=store.display, revision=revision,
            detail=detail)
    return StorageError(
        "{path} says it has schema {revision} but its tables do not match it ({detail}); it "
        "was not touched. Restore a backup (the backups folder beside it) or choose another "
        "file.", path=store.display, revision=revision, detail=detail)


def backup_to(source: Path | str, target: Path, *, make_folder: bool = False) -> Path:
    """A consistent, verified copy of the records at `source` written atomically to
    `target` (see the dialect's Store.backup_to). The folder must exist unless
    `make_folder`."""
    return storage.resolve(source).backup_to(Path(target), make_folder=make_folder)


@dataclass
class Database:
    """Open records: where they are (the dialect's Store), engine, session factory and
    what happened at opening."""

    store: Store
    engine: Engine
    sessions: sessionmaker[Session]
    migrated_from: str | None = None
    backup_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        """The records file; a server's records have none (`display` names them)."""
        file = self.store.file
        if file is None:  # a server: callers name it by `display`
            raise AttributeError(f"{self.store.display} is not a file")
        return file

    @property
    def display(self) -> str:
        """How messages name where the records are."""
        return self.store.display

    @cached_property
    def role(self) -> str | None:
        """The unit's role of whoever opened these records (None: a file, no roles; see
        core/server/permissions.py). Read once: a role changed meanwhile applies at the
        next opening, and the server refuses what it no longer allows anyway."""
        with self.engine.connect() as conn:
            return self.store.role(conn)

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error.

        A write unit of work takes the write lock when it begins (queues for it up to the
        busy timeout); `write=False` is for reading only: it never waits for another
        writer (it reads the last committed state). The database's failures (busy, full
        disk, read-only place, I/O) become one StorageError line; nothing is committed."""
        bind = self.engine.execution_options(**{WRITE_OPTION: True}) if write else self.engine
        session = self.sessions(bind=bind)
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise self.store.describe_error(exc) from exc
        except StaleDataError as exc:  # a row changed by another writer since it was read
            session.rollback()
            raise ConflictError("someone else saved this record after you opened it; nothing "
                                "was saved. Reload it and make your change again.") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def backup_to(self, target: Path, *, make_folder: bool = False) -> Path:
        """A consistent, verified copy of these records at `target` (atomic)."""
        return self.store.backup_to(Path(target), make_folder=make_folder)

    def close(self) -> None:
        self.engine.dispose()


def _migrate(store: Store) -> None:
    from alembic import command

    engine = store.make_engine(for_migration=True).execution_options(**{WRITE_OPTION: True})
    try:
        with engine.connect() as conn:
            with conn.begin():
                cfg = _alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                problems = store.broken_references(conn)
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
    """Open the records at `path` (a file's path, or a SQLAlchemy URL such as
    `sqlite:///records.sqlite`), migrating them to this program's schema.

    A database is created only when asked (`create=True`: `init`, `load-demo`, the demo,
    the app's first start on the default location), in an existing folder; a missing path
    or an empty file is otherwise refused, so a mistyped path creates nothing. A URL of a
    server this version can not use is refused before anything is opened."""
    store = storage.resolve(path)
    store.check_openable(create=create)
    state = store.read_schema()
    revision, head = state.revision, SCHEMA_HEAD
    if revision is not None and revision != head and revision not in known_revisions():
        raise StorageError(
            "{path} was written by a newer version of OGP Desktop (schema {revision}); this "
            "version knows up to {head}. Install the newer version; the file was not touched.",
            path=store.display,
            revision=revision,
            head=head,
        )
    if revision is not None:
        mismatch = _schema_mismatch(revision, state.columns)
        if mismatch:
            raise _mismatch_error(store, revision, mismatch)
    if revision is not None and revision != head and not store.upgrades_on_open(create):
        raise StorageError(
            "The records on {path} are at schema {revision}; this version needs {head}. The "
            "server's administrator upgrades them with 'ogp-desktop --db URL server init' "
            "(this version); nothing was changed.", path=store.display, revision=revision,
            head=head)
    store.remove_leftovers()

    backup_path = None
    if revision != head:
        if revision is not None:
            backup_path = store.backup_before_upgrade(head)
        try:
            _migrate(store)
        except (DBAPIError, OSError, StorageError) as exc:
            if backup_path is not None:  # the records are unchanged: their copy is not needed
                backup_path.unlink(missing_ok=True)
            if isinstance(exc, StorageError):
                raise
            if revision is None or not isinstance(exc, DBAPIError) \
                    or store.is_environment_error(exc):
                raise store.describe_error(exc) from exc
            raise _mismatch_error(store, revision, str(exc.orig).splitlines()[0]) from exc

    engine = store.make_engine()
    try:
        with engine.connect() as conn:  # the connect-time settings fail here, not later
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        engine.dispose()
        raise store.describe_error(exc) from exc
    db = Database(
        store=store,
        engine=engine,
        sessions=sessionmaker(engine, expire_on_commit=False),
        migrated_from=revision if revision != head else None,
        backup_path=backup_path,
    )
    load_models()  # once, here, rather than inside the first query a screen runs
    if revision is not None and revision < SEARCH_INDEX_REVISION:
        _build_search_index(db)
    return db


SEARCH_INDEX_REVISION = "0008"  # the migration that adds the (empty) search index


def _build_search_index(db: Database) -> None:
    """Records upgraded from before the search index: it is filled once, from them."""
    from ogp_desktop.core.search.service import reindex

    with db.session() as session:
        reindex(session)


def load_models() -> None:
    """Import the models, register the signed-record guard and configure the mappers:
    most of the cost of opening the records in a new process (about a second). Opening
    does it; the app's start does it first on a worker thread, after its window painted.
    Calling it again costs nothing."""
    from sqlalchemy.orm import configure_mappers

    from ogp_desktop.core import guards  # noqa: F401  (registers the signed-record guard)
    from ogp_desktop.core.search import service as search

    configure_mappers()
    search.install()  # every write keeps the search index in step


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
