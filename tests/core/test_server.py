"""The office's server enforces the roles itself (#12 item 2): plain psycopg connections as
each role — what someone with `psql` can do — on a real PostgreSQL server
(tests/pg_server.py), records set up by `server init` and filled by `server import-sqlite`
from the demo records. Nobody, not an editor, not an admin, not the owner, changes or
deletes signed minutes, the register or the audit log."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import select, text

from ogp_desktop.core.db import open_database
from ogp_desktop.core.errors import StorageError, ValidationError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.server import admin
from ogp_desktop.core.services import meetings, signing

PASSWORD = "a-long-password-1"


@pytest.fixture
def office(pg, demo_template):
    """A new database made by server init, the demo records imported, and one login per
    role: (server, database name, {role: login})."""
    name = "office_" + uuid.uuid4().hex[:8]
    tag = name[-8:]
    report = admin.init_server(pg.url(name), f"admin_{tag}", "مي عليمات", PASSWORD)
    assert report.created_database and report.created_admin
    db = open_database(pg.url(name))
    try:
        imported = admin.import_sqlite(db, demo_template)
        assert imported.signed == 2 and imported.counts["meetings"] == 4
        logins = {"admin": f"admin_{tag}"}
        for role in ("viewer", "editor", "approver"):
            logins[role] = f"{role}_{tag}"
            admin.add_user(db, logins[role], f"{role} name", role, PASSWORD)
    finally:
        db.close()
    yield pg, name, logins
    pg.drop_database(name)


def as_role(office, role: str):
    pg, name, logins = office
    return pg.connect(name, logins[role], PASSWORD)


def signed_id(con) -> int:
    return con.execute("SELECT min(id) FROM meetings WHERE status = 'signed'").fetchone()[0]


def draft_id(con) -> int:
    return con.execute("SELECT min(id) FROM meetings WHERE status = 'draft'").fetchone()[0]


def test_a_viewer_reads_everything_and_writes_nothing(office):
    with as_role(office, "viewer") as con:
        assert con.execute("SELECT count(*) FROM meetings").fetchone()[0] == 4
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
        for statement in ("UPDATE plans SET title = title || 'x'",
                          "DELETE FROM people",
                          "INSERT INTO organisations (name, uuid, created_at, updated_at) "
                          "VALUES ('x', 'u', now(), now())"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(statement)


def test_an_editor_writes_drafts_but_can_not_approve_or_touch_signed_minutes(office):
    with as_role(office, "editor") as con:
        draft, signed = draft_id(con), signed_id(con)
        assert con.execute("UPDATE meetings SET title = title || ' (مسودة)' WHERE id = %s "
                           "RETURNING id", (draft,)).fetchall() == [(draft,)]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row-level security
            con.execute("UPDATE meetings SET status = 'approved' WHERE id = %s", (draft,))
        # signed minutes are not even seen as writable: nothing changes
        assert con.execute("UPDATE meetings SET title = 'مزور' WHERE id = %s", (signed,)).rowcount == 0
        assert con.execute("DELETE FROM meetings WHERE id = %s", (signed,)).rowcount == 0
        assert con.execute("UPDATE minute_items SET text = 'مزور' WHERE meeting_id = %s",
                           (signed,)).rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE signatures SET signer_name = 'شخص آخر'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("UPDATE settings SET value = 'x'")


@pytest.mark.parametrize("role", ["approver", "admin"])
def test_no_role_changes_signed_minutes_or_the_history(office, role):
    with as_role(office, role) as con:
        signed = signed_id(con)
        assert con.execute("UPDATE meetings SET title = 'مزور' WHERE id = %s", (signed,)).rowcount == 0
        assert con.execute("DELETE FROM meetings WHERE id = %s", (signed,)).rowcount == 0
        assert con.execute("UPDATE signatures SET signer_name = 'x' WHERE meeting_id = %s",
                           (signed,)).rowcount == 0
        for statement in ("DELETE FROM audit_log", "UPDATE audit_log SET os_user = 'x'",
                          "DELETE FROM register", "UPDATE register SET details = '{}'",
                          "DELETE FROM signed_pdfs"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                con.execute(statement)


def test_not_even_the_owner_changes_signed_minutes(office):
    pg, name, _ = office
    with pg.connect(name) as con:  # the superuser who owns the tables
        signed = signed_id(con)
        for statement in ("UPDATE meetings SET title = 'مزور' WHERE id = %s",
                          "DELETE FROM meetings WHERE id = %s",
                          "UPDATE minute_items SET text = 'مزور' WHERE meeting_id = %s",
                          "DELETE FROM signatures WHERE meeting_id = %s"):
            with pytest.raises(psycopg.errors.RaiseException) as caught:
                con.execute(statement, (signed,))
            assert "signed minutes" in str(caught.value)
        for statement in ("DELETE FROM audit_log", "UPDATE register SET details = '{}'"):
            with pytest.raises(psycopg.errors.RaiseException) as caught:
                con.execute(statement)
            assert "kept as written" in str(caught.value)


def test_an_audit_line_must_name_the_login_that_writes_it(office):
    with as_role(office, "editor") as con:
        with pytest.raises(psycopg.errors.RaiseException) as caught:
            con.execute("INSERT INTO audit_log (id, at, os_user, action, entity) "
                        "VALUES (99999, now(), 'someone-else', 'edit', 'meeting')")
        assert "must name the login" in str(caught.value)


def test_the_program_as_each_role(office):
    """The same rules through the program: an editor saves a draft (the audit line names
    their login), is refused approving with one line; an approver approves and signs."""
    pg, name, logins = office
    editor = open_database(pg.url(name, logins["editor"], PASSWORD))
    try:
        with editor.session(write=False) as s:
            draft = draft_id_orm(s)
        with editor.session() as s:
            _touch_draft(s, draft)
        with pytest.raises(StorageError) as caught:
            with editor.session() as s:
                signing.approve(s, draft)
        assert "may not do it" in str(caught.value) and logins["editor"] in str(caught.value)
        with editor.session(write=False) as s:
            last = s.execute(text("SELECT os_user FROM audit_log ORDER BY id DESC LIMIT 1")).scalar()
        assert last == logins["editor"]
    finally:
        editor.close()
    approver = open_database(pg.url(name, logins["approver"], PASSWORD))
    try:
        with approver.session() as s:
            signing.approve(s, draft)
        with approver.session() as s:
            signing.sign(s, draft, [signing.Signatory("مي عليمات", "رئيسة", "approved", None)])
        with approver.session(write=False) as s:
            assert signing.verify_meeting(s, s.get(Meeting, draft)).ok
        assert check_database(approver).ok
    finally:
        approver.close()


def draft_id_orm(session) -> int:
    return session.scalar(select(Meeting.id).where(Meeting.status == MinutesStatus.DRAFT))


def _touch_draft(session, meeting_id: int) -> None:
    data = meetings.minutes_data(meetings.load_meeting(session, meeting_id))
    data.title = "عنوان جديد"
    meetings.save_minutes(session, data, meeting_id=meeting_id)


def test_users_list_disable_and_set_role(office):
    pg, name, logins = office
    db = open_database(pg.url(name, logins["admin"], PASSWORD))
    try:
        users = {u.login: u for u in admin.list_users(db)}
        assert {u.role for u in users.values()} == {"viewer", "editor", "approver", "admin"}
        assert users[logins["admin"]].name == "مي عليمات"
        admin.set_role(db, logins["viewer"], "editor")
        admin.disable_user(db, logins["approver"])
        users = {u.login: u for u in admin.list_users(db)}
        assert users[logins["viewer"]].role == "editor"
        assert users[logins["approver"]].enabled is False
        with pytest.raises(ValidationError, match="last admin"):
            admin.set_role(db, logins["admin"], "viewer")
        with pytest.raises(ValidationError, match="exists already"):
            admin.add_user(db, logins["editor"], "x", "editor", PASSWORD)
        with pytest.raises(ValidationError, match="not a usable login"):
            admin.add_user(db, "Robert'); DROP TABLE", "x", "editor", PASSWORD)
    finally:
        db.close()
    with pytest.raises(psycopg.OperationalError):
        as_role(office, "approver")  # disabled: can not connect


def test_an_editor_can_not_manage_users(office):
    pg, name, logins = office
    db = open_database(pg.url(name, logins["editor"], PASSWORD))
    try:
        with pytest.raises(StorageError, match="may not do it"):
            admin.add_user(db, "newcomer_" + uuid.uuid4().hex[:6], "x", "admin", PASSWORD)
    finally:
        db.close()


def test_importing_into_records_that_are_not_empty_is_refused(office, demo_template):
    pg, name, _ = office
    db = open_database(pg.url(name))
    try:
        before = db.engine.connect().exec_driver_sql("SELECT count(*) FROM meetings").scalar()
        with pytest.raises(StorageError, match="not empty"):
            admin.import_sqlite(db, demo_template)
        after = db.engine.connect().exec_driver_sql("SELECT count(*) FROM meetings").scalar()
        assert before == after == 4
    finally:
        db.close()
