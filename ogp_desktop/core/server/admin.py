"""Setting up the office's server and its users: `server init`, `users add|list|disable|
set-role`, `server import-sqlite` (see docs/server.md).

Each person logs in as their own PostgreSQL login, a member of one of the unit's group
roles (core/server/enforcement.py), so the server — not this program — decides what they
may do. A user's name is the login's comment (COMMENT ON ROLE): no table of users, no
password kept anywhere but in the server."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ogp_desktop.core.errors import StorageError, ValidationError
from ogp_desktop.core.server.enforcement import ROLES, group_role, statements

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ogp_desktop.core.db import Database
    from ogp_desktop.core.storage.postgresql import PostgreSQLStore

__all__ = ["ImportReport", "InitReport", "User", "add_user", "disable_user", "import_sqlite",
           "init_server", "list_users", "set_role"]

_LOGIN = re.compile(r"[a-z_][a-z0-9_.\-]{0,62}")
MIN_PASSWORD = 8


@dataclass
class User:
    login: str
    name: str
    role: str
    enabled: bool


@dataclass
class InitReport:
    database: str
    created_database: bool
    admin: str
    created_admin: bool
    migrated_from: str | None = None


@dataclass
class ImportReport:
    counts: dict[str, int] = field(default_factory=dict)  # rows per table, equal on both sides
    signed: int = 0  # signed minutes whose fingerprints are equal on both sides


def check_login(login: str) -> str:
    if not _LOGIN.fullmatch(login or ""):
        raise ValidationError(
            "{login} is not a usable login: use small Latin letters, digits, '_', '.' or '-', "
            "starting with a letter (at most 63)", login=login, field="login")
    return login


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError("{role} is not a role; the roles are viewer, editor, approver, admin",
                              role=role, field="role")
    return role


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("A login's password must have at least {n} characters",
                              n=MIN_PASSWORD, field="password")
    if "\x00" in password:
        raise ValidationError("A password can not hold a NUL character", field="password")
    return password


def _name(name: str) -> str:
    cleaned = unicodedata.normalize("NFC", (name or "").strip())
    if not cleaned or any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise ValidationError("A user's name is needed, without control characters",
                              field="name")
    return cleaned


def _raw(conn: Connection) -> Any:
    """psycopg's own connection under SQLAlchemy's, for statements with identifiers."""
    return conn.connection.driver_connection


def _database(conn: Connection) -> str:
    return str(conn.exec_driver_sql("SELECT current_database()").scalar())


def _store(db: Database) -> PostgreSQLStore:
    from ogp_desktop.core.storage.postgresql import PostgreSQLStore

    if not isinstance(db.store, PostgreSQLStore):
        raise StorageError("{place} is a SQLite file: users and roles are for the office's "
                           "server (--db postgresql://…)", place=db.store.display)
    return db.store


# --------------------------------------------------------------------------- init


def init_server(url: str, admin: str, admin_name: str, admin_password: str, *,
                progress: Callable[[str], object] | None = None) -> InitReport:
    """Create the database if missing, migrate it, set up the roles, grants, policies and
    triggers, and the first admin login. Run as a superuser (or the database's owner with
    CREATEROLE); running it again with a newer version upgrades the schema and refreshes
    the rules, and keeps the admin who exists."""
    from psycopg import Error as PsycopgError
    from psycopg import sql
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from ogp_desktop.core import storage
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.storage.postgresql import PostgreSQLStore

    check_login(admin)
    name = _name(admin_name)
    store = storage.resolve(url)
    if not isinstance(store, PostgreSQLStore):
        raise StorageError("server init is for a PostgreSQL server: give --db "
                           "postgresql://SUPERUSER@HOST:PORT/DBNAME")
    say = progress or (lambda _text: None)
    database = store.url.database or ""
    created = False
    maintenance = create_engine(store.url.set(database="postgres"),
                                isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 10})
    try:
        with maintenance.connect() as conn:
            exists = conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                          (database,)).scalar()
            if not exists:
                _raw(conn).execute(sql.SQL(
                    "CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(database)))
                created = True
                say(f"created the database {database}")
    except (DBAPIError, PsycopgError) as exc:
        raise store.describe_error(exc) from exc
    finally:
        maintenance.dispose()
    db = open_database(url, create=True)
    try:
        with db.engine.begin() as conn:
            raw = _raw(conn)
            for statement in statements(database):
                raw.execute(statement)
            say("set up the roles, grants, row-level security and triggers")
            existing = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                            (admin,)).scalar()
            if not existing:
                _create_login(conn, admin, name, "admin", _check_password(admin_password))
            _make_admin(conn, admin, database)
        return InitReport(database, created, admin, not existing, db.migrated_from)
    except (DBAPIError, PsycopgError) as exc:
        raise db.store.describe_error(exc) from exc
    finally:
        db.close()


def _create_login(conn: Connection, login: str, name: str, role: str, password: str) -> None:
    from psycopg import sql

    raw = _raw(conn)
    database = _database(conn)
    raw.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
        sql.Identifier(login), sql.Literal(password),
        sql.Identifier(group_role(database, role))))
    raw.execute(sql.SQL("COMMENT ON ROLE {} IS {}").format(sql.Identifier(login),
                                                          sql.Literal(name)))


def _make_admin(conn: Connection, login: str, database: str) -> None:
    """An admin manages users: CREATEROLE, and the right to grant each group role."""
    from psycopg import sql

    raw = _raw(conn)
    raw.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(sql.Identifier(login)))
    for role in ROLES:
        raw.execute(sql.SQL("GRANT {} TO {} WITH ADMIN OPTION").format(
            sql.Identifier(group_role(database, role)), sql.Identifier(login)))


# --------------------------------------------------------------------------- users


def _groups(database: str) -> dict[str, str]:
    return {group_role(database, r): r for r in ROLES}


def list_users(db: Database) -> list[User]:
    """The logins of this database's roles, with their name, role and whether enabled."""
    _store(db)
    with db.engine.connect() as conn:
        groups = _groups(_database(conn))
        rows = conn.exec_driver_sql(
            "SELECT m.rolname, g.rolname, m.rolcanlogin, "
            "coalesce(shobj_description(m.oid, 'pg_authid'), '') "
            "FROM pg_auth_members am JOIN pg_roles g ON g.oid = am.roleid "
            "JOIN pg_roles m ON m.oid = am.member "
            "WHERE g.rolname = ANY(%s) AND NOT (m.rolname = ANY(%s)) ORDER BY m.rolname",
            (list(groups), list(groups))).all()
    users: dict[str, User] = {}
    for login, group, enabled, name in rows:
        role = groups[group]
        held = users.get(login)
        if held is None or ROLES.index(role) > ROLES.index(held.role):
            users[login] = User(login, name, role, bool(enabled))
    return list(users.values())


def _user(db: Database, login: str) -> User:
    for user in list_users(db):
        if user.login == login:
            return user
    raise ValidationError("There is no user {login} in these records", login=login,
                          field="login")


def add_user(db: Database, login: str, name: str, role: str, password: str) -> User:
    from psycopg import Error as PsycopgError
    from sqlalchemy.exc import DBAPIError

    store = _store(db)
    check_login(login)
    check_role(role)
    cleaned = _name(name)
    _check_password(password)
    try:
        with db.engine.begin() as conn:
            if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).scalar():
                raise ValidationError("The login {login} exists already on this server; "
                                      "choose another", login=login, field="login")
            _create_login(conn, login, cleaned, role, password)
            if role == "admin":
                _make_admin(conn, login, _database(conn))
    except (DBAPIError, PsycopgError) as exc:
        raise store.describe_error(exc) from exc
    return User(login, cleaned, role, True)


def _last_admin(db: Database, login: str) -> bool:
    admins = [u for u in list_users(db) if u.role == "admin" and u.enabled]
    return [u.login for u in admins] == [login]


def disable_user(db: Database, login: str) -> User:
    """The login can no longer connect (its records and history stay)."""
    from psycopg import Error as PsycopgError
    from psycopg import sql
    from sqlalchemy.exc import DBAPIError

    store = _store(db)
    user = _user(db, login)
    if user.role == "admin" and _last_admin(db, login):
        raise ValidationError("{login} is the last admin; make another admin first",
                              login=login, field="login")
    try:
        with db.engine.begin() as conn:
            _raw(conn).execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(login)))
    except (DBAPIError, PsycopgError) as exc:
        raise store.describe_error(exc) from exc
    user.enabled = False
    return user


def set_role(db: Database, login: str, role: str) -> User:
    from psycopg import Error as PsycopgError
    from psycopg import sql
    from sqlalchemy.exc import DBAPIError

    store = _store(db)
    check_role(role)
    user = _user(db, login)
    if user.role == "admin" and role != "admin" and _last_admin(db, login):
        raise ValidationError("{login} is the last admin; make another admin first",
                              login=login, field="login")
    try:
        with db.engine.begin() as conn:
            database = _database(conn)
            raw = _raw(conn)
            for other in ROLES:
                raw.execute(sql.SQL("REVOKE {} FROM {}").format(
                    sql.Identifier(group_role(database, other)), sql.Identifier(login)))
            raw.execute(sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(group_role(database, role)), sql.Identifier(login)))
            if role == "admin":
                _make_admin(conn, login, database)
            else:
                raw.execute(sql.SQL("ALTER ROLE {} NOCREATEROLE").format(sql.Identifier(login)))
    except (DBAPIError, PsycopgError) as exc:
        raise store.describe_error(exc) from exc
    user.role = role
    return user


# --------------------------------------------------------------------------- import


def import_sqlite(db: Database, source: Path, *,
                  progress: Callable[[int, int], object] | None = None) -> ImportReport:
    """Every record of the SQLite file `source` onto the server's (empty) records, in one
    transaction, ids and uuids kept; then proved: the rows of each table counted on both
    sides, each signed meeting's fingerprint compared, `check` run on both."""
    from sqlalchemy import func, insert, select, text

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.integrity import check_database
    from ogp_desktop.core.models import Base, Meeting, MinutesStatus

    store = _store(db)
    if not Path(source).is_file():
        raise ValidationError("{path} is not a records file", path=str(source), field="file")
    with db.engine.connect() as conn:
        superuser = conn.exec_driver_sql(
            "SELECT rolsuper FROM pg_roles WHERE rolname = session_user").scalar()
    if not superuser:  # else the first audit line of the laptop's login is refused, unsaid why
        raise StorageError(
            "'server import-sqlite' runs as the server's superuser: the audit lines it brings "
            "name the laptop's logins, which only the superuser may write. Nothing was "
            "imported; give --db with the superuser's login.")
    local = open_database(Path(source))  # an older file is upgraded first, its copy kept
    try:
        local_check = check_database(local)
        if not local_check.ok:
            raise StorageError("{path} does not pass its own check ({problem}); nothing was "
                               "imported. Run 'ogp-desktop --db {path} check'.",
                               path=str(source), problem=str(local_check.problems[0]))
        tables = [t for t in Base.metadata.sorted_tables if t.name != "alembic_version"]
        with db.engine.connect() as conn:
            busy = [t.name for t in tables if t.name != "settings"
                    and conn.execute(select(func.count()).select_from(t)).scalar()]
        if busy:
            raise StorageError("The server's records are not empty (first: {table}); import a "
                               "laptop's file into a new database made by 'server init'.",
                               table=busy[0])
        report = ImportReport()
        with local.engine.connect() as src, db.engine.begin() as dst:
            for n, table in enumerate(tables, 1):  # parents first; within a table by id
                order = list(table.primary_key.columns)
                rows = [dict(r) for r in src.execute(select(table).order_by(*order)).mappings()]
                if table.name == "settings":
                    dst.execute(table.delete())
                for start in range(0, len(rows), 500):
                    dst.execute(insert(table), rows[start:start + 500])
                report.counts[table.name] = len(rows)
                if "id" in table.c and rows:
                    dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                                     f"'id'), (SELECT max(id) FROM {table.name}))"))
                if progress is not None:
                    progress(n, len(tables))
            for table in tables:
                there = dst.execute(select(func.count()).select_from(table)).scalar()
                if there != report.counts[table.name]:
                    raise StorageError("{table}: {here} rows here, {there} on the server; "
                                       "nothing was imported.", table=table.name,
                                       here=report.counts[table.name], there=there)
            signed = select(Meeting.uuid, Meeting.snapshot_sha256).where(
                Meeting.status == MinutesStatus.SIGNED).order_by(Meeting.uuid)
            here_signed = src.execute(signed).all()
            if dst.execute(signed).all() != here_signed:
                raise StorageError("The fingerprints of the signed minutes differ on the "
                                   "server; nothing was imported.")
            report.signed = len(here_signed)
            from ogp_desktop.core.search.service import reindex

            reindex(dst)  # the index is derived, not copied: built from what arrived
        server_check = check_database(db)
        if not server_check.ok:
            raise StorageError("The imported records do not pass the check on the server "
                               "({problem}); drop the database {place} and import again.",
                               problem=str(server_check.problems[0]), place=store.display)
        return report
    finally:
        local.close()
