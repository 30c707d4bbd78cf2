"""Storage is safe: SQLite settings, one Alembic head, schema = models, upgrades carry every
record, foreign or newer files are refused untouched."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ogp_desktop import paths
from ogp_desktop.core import db as dbmod
from ogp_desktop.core.db import current_revision, head_revision, make_engine, open_database
from ogp_desktop.core.demo import load_demo
from ogp_desktop.core.errors import StorageError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import AttachmentKind, Base, Meeting, MinutesStatus
from ogp_desktop.core.search.index import include_object, is_index_table
from ogp_desktop.core.services import meetings, signing

MEETING_CHILDREN = ("minute_items", "attendance", "action_items", "signatures", "attachments")


# --- connection settings -----------------------------------------------------------------


@pytest.mark.sqlite_only
def test_every_connection_has_the_safe_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_foreign_keys_are_enforced(db):
    # the unit of work turns SQLite's refusal into one StorageError line, caused by it
    with pytest.raises(StorageError) as caught:
        with db.session() as session:
            session.connection().exec_driver_sql(
                "INSERT INTO minute_items (meeting_id, kind, position, text, uuid, created_at, "
                "updated_at) VALUES (424242, 'discussion', 1, 'x', 'u-1', '2021-01-01 00:00:00', "
                "'2021-01-01 00:00:00')")
    assert isinstance(caught.value.__cause__, IntegrityError)


# --- migrations ----------------------------------------------------------------------------


def test_exactly_one_alembic_head():
    script = ScriptDirectory.from_config(dbmod._alembic_config())
    heads = script.get_heads()
    assert len(heads) == 1
    assert head_revision() == heads[0]
    # open_database trusts this constant to skip Alembic on an up-to-date file
    from ogp_desktop.core.db import SCHEMA_HEAD

    assert SCHEMA_HEAD == heads[0]
    assert set(script.get_bases()) == {"0001"}


def test_upgrade_from_empty_reaches_head_with_every_model_table(tmp_path):
    path = tmp_path / "new.sqlite"
    assert not path.exists()
    db = open_database(path, create=True)
    try:
        assert current_revision(db) == head_revision()
        assert db.migrated_from is None and db.backup_path is None  # nothing to back up
        con = sqlite3.connect(path)
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        con.close()
        assert set(Base.metadata.tables) <= tables
        assert check_database(db).ok
    finally:
        db.close()


def test_open_without_create_refuses_a_missing_file(tmp_path):
    path = tmp_path / "missing.sqlite"
    with pytest.raises(StorageError):
        open_database(path, create=False)
    assert not path.exists()


def test_models_match_the_migrated_schema(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migrated_meetings_table_has_the_language_check(db, dbtools):
    # compare_metadata does not compare CHECK constraints; 0002 added this one.
    import psycopg

    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.CheckViolation)):
        dbtools.sql(db,
                    "INSERT INTO meetings (title, language, date, mode, status, version, uuid, "
                    "created_at, updated_at) VALUES ('t', 'fr', '2021-01-01', 'in_person', "
                    "'draft', 1, 'u-lang', '2021-01-01 00:00:00', '2021-01-01 00:00:00')")


def _build_at_revision(path: Path, revision: str) -> None:
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn:
            with conn.begin():
                cfg = dbmod._alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
    finally:
        engine.dispose()


def _alembic(path: Path, action, revision: str) -> None:
    """`alembic upgrade|downgrade REVISION` on the file, as _migrate runs it (FKs off)."""
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as conn:
            with conn.begin():
                cfg = dbmod._alembic_config()
                cfg.attributes["connection"] = conn
                action(cfg, revision)
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_back_gives_an_empty_valid_schema(demo_db_path, dbtools):
    assert dbtools.counts(demo_db_path)["meetings"] > 0
    _alembic(demo_db_path, command.downgrade, "base")
    assert set(dbtools.counts(demo_db_path)) <= {"alembic_version"}
    _alembic(demo_db_path, command.upgrade, "head")
    counts = dbtools.counts(demo_db_path)
    assert set(Base.metadata.tables) <= set(counts)
    # the records' tables are empty (the search index's are derived: FTS5 keeps its own
    # configuration row in them)
    assert all(n == 0 for t, n in counts.items()
               if t != "alembic_version" and not is_index_table(t))
    db = open_database(demo_db_path)
    try:
        assert current_revision(db) == head_revision()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"include_object": include_object})
            assert compare_metadata(context, Base.metadata) == []
        assert check_database(db).ok
    finally:
        db.close()


def _columns_by_table(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: [c[1] for c in con.execute(f'PRAGMA table_info("{n}")')] for n in names}
    finally:
        con.close()


def _rows_in(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: sorted(con.execute("SELECT {} FROM \"{}\"".format(
            ", ".join(f'"{c}"' for c in cols), t)).fetchall(), key=repr)
            for t, cols in columns.items() if t != "alembic_version"}
    finally:
        con.close()


@pytest.mark.parametrize("target", ["0004", "0003", "0002", "0001"])
def test_downgrade_and_upgrade_back_keep_the_records_of_shared_tables(demo_db_path, dbtools,
                                                                      target):
    """Every value of every column the older revision has survives the way down and back
    (what only a newer revision holds — how a signature was made, the register — can not
    survive a downgrade, and is rebuilt as the upgrade rebuilds it for old records)."""
    before_file = demo_db_path.with_name("before.sqlite")
    shutil.copyfile(demo_db_path, before_file)
    _alembic(demo_db_path, command.downgrade, target)
    assert dbtools.sql(demo_db_path, "SELECT version_num FROM alembic_version") == [(target,)]
    shared = _columns_by_table(demo_db_path)
    _alembic(demo_db_path, command.upgrade, "head")
    assert _rows_in(demo_db_path, shared) == _rows_in(before_file, shared)
    db = open_database(demo_db_path)
    try:
        report = check_database(db)
        assert report.ok, report.problems
        assert report.signed_checked == counts_signed(demo_db_path, dbtools)
    finally:
        db.close()


@pytest.fixture
def old_db_with_records(tmp_path, dbtools) -> Path:
    """A database at revision 0001 holding the demo records, an amendment and a photo."""
    path = tmp_path / "old" / "records.sqlite"
    path.parent.mkdir()
    # made with today's services at the head, then taken down to 0001: the records the
    # old schema can hold, in it (the services write columns 0001 did not have)
    _build_at_revision(path, "head")
    engine = make_engine(path)
    try:
        from ogp_desktop.core import guards  # noqa: F401  (as open_database does)

        with Session(engine) as session:
            load_demo(session)
            signed = session.scalars(select(Meeting).where(
                Meeting.status == MinutesStatus.SIGNED).order_by(Meeting.id)).all()
            draft = session.scalar(select(Meeting).where(Meeting.status == MinutesStatus.DRAFT))
            meetings.add_attachment(session, draft.id, name="photo.png", data=dbtools.png(),
                                    caption="صورة الاجتماع", kind=AttachmentKind.PHOTO)
            meetings.add_attachment(session, draft.id, name="agenda.txt", data=b"agenda",
                                    kind=AttachmentKind.ATTACHMENT)
            signing.amend(session, signed[0].id)
            session.commit()
    finally:
        engine.dispose()
    _alembic(path, command.downgrade, "0001")
    assert dbtools.sql(path, "SELECT version_num FROM alembic_version") == [("0001",)]
    return path


def test_upgrade_carries_every_record(old_db_with_records, dbtools):
    path = old_db_with_records
    before = _rows_by_column(path)
    counts = dbtools.counts(path)
    for table in ("meetings",) + MEETING_CHILDREN:
        assert counts[table] > 0, f"the fixture should put rows in {table}"
    assert dbtools.sql(path, "SELECT count(*) FROM meetings WHERE amends_id IS NOT NULL")[0][0] == 1

    db = open_database(path)
    try:
        assert db.migrated_from == "0001"
        assert current_revision(db) == head_revision()
        after = _rows_by_column(path)
        after_counts = {t: n for t, n in dbtools.counts(path).items() if not is_index_table(t)}
        # tables that existed before keep every row; tables added later start empty, but
        # the register, which gets an entry for each signed version
        assert {t: n for t, n in after_counts.items() if t in counts} == counts
        assert all(n == 0 for t, n in after_counts.items() if t not in {*counts, "register"})
        assert after_counts["register"] == counts_signed(path, dbtools)
        for table, rows in before.items():
            if table == "alembic_version":
                continue
            # every column the old schema had keeps every value (new columns may be added)
            kept = sorted((tuple(sorted((k, r[k]) for k in row)) for row, r in
                           zip(rows, after[table], strict=True)), key=repr)
            assert kept == sorted((tuple(sorted(row.items())) for row in rows), key=repr), \
                f"{table} changed during the upgrade"
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        report = check_database(db)
        assert report.ok, report.problems
        assert report.signed_checked == counts_signed(path, dbtools)
    finally:
        db.close()


def _rows_by_column(path: Path) -> dict[str, list[dict]]:
    """Rows as {column: value}, ordered by rowid, so tables rebuilt with new columns compare."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: [dict(r) for r in con.execute(f'SELECT * FROM "{n}" ORDER BY rowid')]
                for n in names if not is_index_table(n)}  # the index is rebuilt, not carried
    finally:
        con.close()


def counts_signed(path: Path, dbtools) -> int:
    return dbtools.sql(path, "SELECT count(*) FROM meetings WHERE status='signed'")[0][0]


def test_upgrade_keeps_a_backup_at_the_old_revision(old_db_with_records, dbtools):
    path = old_db_with_records
    before = dbtools.dump(path)
    db = open_database(path)
    try:
        backup = db.backup_path
        assert backup is not None and backup.exists()
        assert backup.parent == path.parent / "backups"
        assert dbtools.sql(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
        assert dbtools.dump(backup) == before
    finally:
        db.close()


def test_no_backup_when_already_at_head(fresh_db_path):
    db = open_database(fresh_db_path)
    db.close()
    assert db.backup_path is None
    backups = fresh_db_path.parent / "backups"
    assert not backups.exists() or not any(backups.iterdir())


def test_upgrade_that_would_break_references_is_refused_and_rolled_back(tmp_path, dbtools):
    path = tmp_path / "broken.sqlite"
    _build_at_revision(path, "0001")
    # a dangling reference written with foreign keys off (as an old bug might have left it)
    dbtools.sql(path,
                "INSERT INTO minute_items (meeting_id, kind, position, text, uuid, created_at, "
                "updated_at) VALUES (999, 'discussion', 1, 'orphan', 'u-orphan', "
                "'2021-01-01 00:00:00', '2021-01-01 00:00:00')")
    before = dbtools.dump(path)
    with pytest.raises(StorageError) as exc:
        open_database(path)
    assert "minute_items" in str(exc.value)
    assert dbtools.dump(path) == before  # still revision 0001, nothing half-migrated


@pytest.fixture
def head_db_file(tmp_path, head_template, dbtools) -> Path:
    return dbtools.copy(head_template, tmp_path / "records.sqlite")


def test_database_from_a_newer_version_is_refused_untouched(head_db_file, dbtools):
    dbtools.sql(head_db_file, "UPDATE alembic_version SET version_num = '9999'")
    digest = dbtools.sha256(head_db_file)
    with pytest.raises(StorageError) as exc:
        open_database(head_db_file)
    assert "newer version" in str(exc.value)
    assert "9999" in str(exc.value)
    assert dbtools.sha256(head_db_file) == digest
    assert not (head_db_file.parent / "backups").exists()


def test_non_sqlite_file_is_refused_untouched(tmp_path, dbtools):
    path = tmp_path / "notes.sqlite"
    path.write_bytes("محضر الاجتماع\nnot a database\n".encode())
    digest = dbtools.sha256(path)
    with pytest.raises(StorageError) as exc:
        open_database(path)
    assert str(path) in str(exc.value)
    assert dbtools.sha256(path) == digest


def test_sqlite_file_of_another_program_is_refused_untouched(tmp_path, dbtools):
    path = tmp_path / "other.sqlite"
    dbtools.sql(path, "CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    dbtools.sql(path, "INSERT INTO recipes (name) VALUES ('mansaf')")
    digest = dbtools.sha256(path)
    with pytest.raises(StorageError) as exc:
        open_database(path)
    assert "not an OGP Desktop database" in str(exc.value)
    assert dbtools.sha256(path) == digest
    assert dbtools.dump(path)["recipes"] == [(1, "mansaf")]


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(StorageError):
        open_database(tmp_path)


# --- where the database lives -------------------------------------------------------------


def test_db_option_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DB, str(tmp_path / "env.sqlite"))
    assert paths.resolve_db_path(str(tmp_path / "cli.sqlite")) == tmp_path / "cli.sqlite"


def test_environment_wins_over_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ENV_DB, str(tmp_path / "env.sqlite"))
    assert paths.resolve_db_path(None) == tmp_path / "env.sqlite"


def test_default_is_in_the_per_user_data_folder(monkeypatch, _isolated_user_data):
    monkeypatch.delenv(paths.ENV_DB, raising=False)
    resolved = paths.resolve_db_path(None)
    assert resolved.name == paths.DB_FILENAME
    assert resolved.parent == paths.data_dir()
    # and that folder is the test's own, never the user's
    assert _isolated_user_data in resolved.parents


def test_db_option_expands_the_home_folder(_isolated_user_data):
    assert paths.resolve_db_path("~/x.sqlite") == _isolated_user_data / "x.sqlite"


# --- portability: what validation accepts fits the declared columns -----------------------


def test_longest_accepted_single_line_texts_fit_their_columns(db):
    """SQLite ignores VARCHAR lengths but PostgreSQL does not: every one-line text that
    validation accepts must fit the column that stores it."""
    from ogp_desktop.core import exchange
    from ogp_desktop.core.models import (
        ActionItem,
        Commitment,
        Committee,
        Organisation,
        Person,
        Plan,
    )
    from ogp_desktop.core.services.common import SINGLE_LINE_MAX

    def longest(prefix: str) -> str:
        return (prefix + " " + "ب" * SINGLE_LINE_MAX)[:SINGLE_LINE_MAX]

    obj = {
        "format": "ogp-minutes/1", "date": "2021-06-14",
        "title": longest("عنوان"), "location": longest("مكان"),
        "plan": longest("خطة"), "commitment": longest("التزام"), "committee": longest("لجنة"),
        "attendees": [{"name": longest("اسم"), "organization": longest("منظمة")}],
        "action_items": [{"text": "مهمة", "owner": longest("مسؤول")}],
    }
    with db.session() as s:
        exchange.import_minutes(s, obj)  # accepted by validation
    columns = {
        "title": Meeting.__table__.c.title, "location": Meeting.__table__.c.location,
        "plan": Plan.__table__.c.title, "commitment": Commitment.__table__.c.title,
        "committee": Committee.__table__.c.name,
        "attendees[0].name": Person.__table__.c.name,
        "attendees[0].organization": Organisation.__table__.c.name,
        "action_items[0].owner": ActionItem.__table__.c.owner,
    }
    too_short = {field: col.type.length for field, col in columns.items()
                 if col.type.length is not None and col.type.length < SINGLE_LINE_MAX}
    assert too_short == {}, f"accepted up to {SINGLE_LINE_MAX} characters, stored in {too_short}"
