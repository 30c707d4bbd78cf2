"""The PostgreSQL dialect: the office's records on a database server (psycopg 3).

Everything here is PostgreSQL's own: the URL (``postgresql://LOGIN:PASSWORD@HOST:PORT/DB``,
the password also from $PGPASSWORD), the driver (psycopg, SQLAlchemy's
``postgresql+psycopg``), the connection settings (the login's role and its lock and
statement timeouts), backups with ``pg_dump`` (custom format), the check of the server's
own constraints, the mapping of SQLSTATEs to one line for the user, and the instance key
derived from the server's address and the login. The roles, grants and triggers that make
the server enforce who may do what live in ``core/server``."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.storage.base import (
    PARTIAL_MARK,
    WRITE_OPTION,
    SchemaState,
    Store,
    busy_timeout_ms,
    check_backup_target,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL

BACKENDS = ("postgresql",)
DRIVER = "postgresql+psycopg"
ENV_PASSWORD = "PGPASSWORD"
CONNECT_TIMEOUT_S = 10
# the message of a server that does not answer (the app offers to retry or open a file)
NO_ANSWER = N_("The server {server} does not answer ({error}); nothing was saved. Check the "
               "network and that the server is running, then try again.")
WRITE_LOCK_KEY = 0x4F475044  # "OGPD": the advisory lock a write unit of work takes first

# SQLSTATE classes and codes the user is told about (PostgreSQL's appendix A)
_CONNECTION = "08"
_AUTH = ("28P01", "28000")
_NO_DATABASE = "3D000"
_PRIVILEGE = "42501"
_DISK_FULL = "53100"
_READ_ONLY = "25006"
_LOCK_TIMEOUT = "55P03"
_SERIALIZATION = ("40001", "40P01")
_RAISED = "P0001"  # RAISE EXCEPTION in a trigger: the server's own refusal, said as written
_ADMIN_SHUTDOWN = ("57P01", "57P02", "57P03")


def store_for_url(url: URL) -> PostgreSQLStore:
    if not url.database:
        raise StorageError("{url} names no database: write postgresql://LOGIN@HOST:PORT/DBNAME",
                           url=url.render_as_string(hide_password=True))
    url = url.set(drivername=DRIVER)
    if url.password is None and os.environ.get(ENV_PASSWORD):
        url = url.set(password=os.environ[ENV_PASSWORD])
    return PostgreSQLStore(url)


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def _detail(exc: BaseException) -> str:
    orig = getattr(exc, "orig", exc)
    diag = getattr(orig, "diag", None)
    primary = getattr(diag, "message_primary", None) if diag is not None else None
    text = primary or str(orig).strip()
    return text.splitlines()[0] if text else type(orig).__name__


def _state_at_connect(exc: BaseException) -> str | None:
    """The SQLSTATE of a refusal at connection time, which libpq reports only as text."""
    low = str(getattr(exc, "orig", exc)).lower()
    if "password authentication failed" in low or "not permitted to log in" in low \
            or ("role" in low and "does not exist" in low):
        return _AUTH[0]
    if "database" in low and "does not exist" in low:
        return _NO_DATABASE
    return None


class PostgreSQLStore(Store):
    """The records in one database of a PostgreSQL server."""

    def __init__(self, url: URL) -> None:
        self.url = url

    def __repr__(self) -> str:
        return f"PostgreSQLStore({self.display!r})"

    @property
    def display(self) -> str:
        """``LOGIN@HOST:PORT/DB``: never the password."""
        host = self.url.host or "localhost"
        port = f":{self.url.port}" if self.url.port else ""
        login = f"{self.url.username}@" if self.url.username else ""
        return f"{login}{host}{port}/{self.url.database}"

    @property
    def file(self) -> None:
        return None

    @property
    def login(self) -> str | None:
        return self.url.username

    def instance_key(self) -> str:
        where = f"{self.url.host}:{self.url.port or 5432}/{self.url.database}/{self.url.username}"
        return "pg-" + hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]

    def _connect_args(self) -> dict[str, Any]:
        return {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "ogp-desktop"}

    def _raw_engine(self, url: URL | None = None) -> Engine:
        from sqlalchemy import create_engine

        return create_engine(url or self.url, connect_args=self._connect_args(),
                             pool_pre_ping=True)

    def check_openable(self, *, create: bool) -> None:
        """The server answers, the login is accepted and the database exists; an empty
        database is refused unless `create` (`server init` makes the records)."""
        from sqlalchemy import inspect
        from sqlalchemy.exc import DBAPIError

        engine = self._raw_engine()
        try:
            with engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
        except DBAPIError as exc:
            raise self.describe_error(exc) from exc
        finally:
            engine.dispose()
        if not tables and not create:
            raise StorageError(
                "The database {place} holds no records yet; nothing was created. Make them "
                "with 'ogp-desktop --db URL server init' (as the server's administrator).",
                place=self.display)

    def read_schema(self) -> SchemaState:
        from sqlalchemy import inspect, text
        from sqlalchemy.exc import DBAPIError

        engine = self._raw_engine()
        try:
            with engine.connect() as conn:
                names = set(inspect(conn).get_table_names())
                if not names:
                    return SchemaState(None)
                if "alembic_version" not in names or "meetings" not in names:
                    raise StorageError(
                        "The database {place} holds tables of another program; nothing was "
                        "changed. Give the database made by 'server init'.", place=self.display)
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                rows = conn.execute(text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema()")).all()
        except DBAPIError as exc:
            raise self.describe_error(exc) from exc
        finally:
            engine.dispose()
        columns: dict[str, set[str]] = {}
        for table, column in rows:
            columns.setdefault(table, set()).add(column)
        return SchemaState(revision, columns)

    def make_engine(self, *, for_migration: bool = False) -> Engine:
        """Connections in UTC that wait at most the busy timeout for a lock. A write unit
        of work (WRITE_OPTION) begins by taking the records' write lock (a transaction
        advisory lock), as SQLite's BEGIN IMMEDIATE does: the audit log and the register
        are hash chains, each line after the last, so writers take turns; readers never
        wait."""
        from sqlalchemy import event

        engine = self._raw_engine()
        timeout = busy_timeout_ms()

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: object) -> None:
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET lock_timeout = {int(timeout)}")
                cur.execute("SET TIME ZONE 'UTC'")
            dbapi_conn.commit()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if conn.get_execution_options().get(WRITE_OPTION, False):
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")

        return engine

    def upgrades_on_open(self, create: bool) -> bool:
        return create

    def role(self, conn: Connection) -> str | None:
        """The highest of this database's group roles the login holds (a superuser is an
        admin); "viewer" for a login that holds none (it can read nothing, in fact)."""
        from ogp_desktop.core.server.enforcement import ROLES, group_role

        database = str(conn.exec_driver_sql("SELECT current_database()").scalar())
        if conn.exec_driver_sql("SELECT rolsuper FROM pg_roles WHERE rolname = session_user"
                                ).scalar():
            return "admin"
        groups = {group_role(database, name): name for name in ROLES}
        held = {groups[r] for (r,) in conn.exec_driver_sql(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s) "
            "AND pg_has_role(session_user, oid, 'MEMBER')", (list(groups),))}
        return max(held, key=ROLES.index, default="viewer")

    def remove_leftovers(self) -> None:
        """Nothing: a server keeps no half-written files beside the records."""

    def backup_before_upgrade(self, head: str) -> Path | None:
        """A pg_dump of the records before they are migrated, in this user's backups
        folder, when pg_dump is installed here; None otherwise (the server's own backups
        stand)."""
        if shutil.which("pg_dump") is None:
            return None
        from ogp_desktop.paths import data_dir

        folder = data_dir() / "backups"
        folder.mkdir(parents=True, exist_ok=True)
        safe = "".join(c if c.isalnum() else "-" for c in f"{self.url.host}-{self.url.database}")
        return self.backup_to(folder / f"{safe}-before-{head}.dump")

    def backup_to(self, target: Path, *, make_folder: bool = False) -> Path:
        """pg_dump's custom format (restore with pg_restore, see docs/storage.md), written
        beside `target` and renamed once pg_restore has read it back whole. As a file's
        backup, it never replaces an existing file."""
        exe = shutil.which("pg_dump")
        if exe is None:
            raise StorageError(
                "pg_dump is not installed here, so the server's records can not be backed up "
                "from this computer: install PostgreSQL's client programs (Debian: "
                "postgresql-client).")
        target = Path(target).expanduser()
        if make_folder:
            target.parent.mkdir(parents=True, exist_ok=True)
        check_backup_target(target)
        fd, partial_name = tempfile.mkstemp(prefix=f".{target.name}{PARTIAL_MARK}",
                                            dir=target.parent)
        os.close(fd)
        partial = Path(partial_name)
        env = dict(os.environ, PGPASSWORD=self.url.password or os.environ.get(ENV_PASSWORD, ""),
                   PGCONNECT_TIMEOUT=str(CONNECT_TIMEOUT_S))
        args = ["-h", self.url.host or "localhost", "-p", str(self.url.port or 5432),
                "-U", self.url.username or "", "-d", self.url.database or ""]
        try:
            dump = subprocess.run([exe, "-Fc", "--no-owner", "-f", str(partial), *args],
                                  env=env, capture_output=True, text=True)
            if dump.returncode != 0:
                raise StorageError("pg_dump could not back up {place}: {error}",
                                   place=self.display,
                                   error=(dump.stderr.strip().splitlines() or ["?"])[-1])
            restore = shutil.which("pg_restore")
            if restore is not None:
                listed = subprocess.run([restore, "--list", str(partial)], capture_output=True,
                                        text=True)
                if listed.returncode != 0 or "TABLE DATA" not in listed.stdout:
                    raise StorageError("The backup of {place} could not be read back; it was "
                                       "not kept.", place=self.display)
            try:
                os.link(partial, target)  # never replaces a file that appeared meanwhile
            except FileExistsError:
                raise StorageError("{target} exists already; choose a new file name for the "
                                   "backup.", target=str(target)) from None
            except OSError:  # a file system without hard links
                os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    def integrity_problems(self, conn: Connection) -> list[str]:
        """PostgreSQL checks its pages and constraints itself; nothing to report here."""
        return []

    def broken_references(self, conn: Connection) -> list[Sequence[Any]]:
        """Foreign keys are always enforced by the server: none can be broken."""
        return []

    def describe_error(self, exc: BaseException) -> StorageError:
        state = _sqlstate(exc) or _state_at_connect(exc)
        detail = _detail(exc)
        place = self.display
        where = f"{self.url.host or 'localhost'}:{self.url.port or 5432}"
        if state in _AUTH:
            return StorageError(
                "The server {server} refused the login {login}: the login or its password is "
                "wrong, or the login was disabled. Nothing was changed.",
                server=where, login=self.url.username or "")
        if state == _NO_DATABASE:
            return StorageError(
                "The server {server} has no database {database}; nothing was created. Check "
                "the name, or make it with 'server init'.", server=where,
                database=self.url.database or "")
        if state == _PRIVILEGE:
            return StorageError(
                "The server refused this: your login {login} may not do it ({error}). Nothing "
                "was changed; ask the unit's administrator if you need this role.",
                login=self.url.username or "", error=detail)
        if state == _RAISED:
            return StorageError("The server refused this: {error}. Nothing was changed.",
                                error=detail)
        if state == _DISK_FULL:
            return StorageError("The server's disk is full; nothing was saved. Tell the "
                                "server's administrator.")
        if state == _READ_ONLY:
            return StorageError("The database {place} is read-only now (a standby server); "
                                "nothing was saved.", place=place)
        if state == _LOCK_TIMEOUT or state in _SERIALIZATION:
            return StorageError(
                "The records are busy: someone else is saving the same record. Nothing was "
                "changed; try again in a moment.")
        if state is None or state.startswith(_CONNECTION) or state in _ADMIN_SHUTDOWN:
            return StorageError(NO_ANSWER, server=where, error=detail)
        return StorageError("The server refused this ({error}); nothing was changed.",
                            error=detail)

    def is_environment_error(self, exc: BaseException) -> bool:
        state = _sqlstate(exc) or _state_at_connect(exc)
        return state is None or state.startswith(_CONNECTION) or state in (
            *_AUTH, _NO_DATABASE, _DISK_FULL, _READ_ONLY, _LOCK_TIMEOUT, *_ADMIN_SHUTDOWN)
