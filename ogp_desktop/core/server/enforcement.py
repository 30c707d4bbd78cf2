"""What the PostgreSQL server itself enforces, whatever program or `psql` connects: the
unit's roles, their grants, row-level security on minutes, and triggers that keep signed
minutes, the register and the audit log as they are.

Roles (group roles of this database, NOLOGIN; each person logs in as their own login,
a member of one of them; see docs/server.md):

    viewer    reads everything
    editor    also writes plans, commitments, committees, people and draft minutes
    approver  also approves and signs minutes, attaches scanned copies
    admin     also the settings, the trusted certificates, and the users (CREATEROLE)

Group role names carry the database's name (``<db>_viewer``…), as roles belong to the
whole server and a server may hold several units' databases.

Whatever the role — also the database's owner — signed minutes and their rows can not be
changed or deleted (only amended: a new version), and the register, the audit log and the
signed PDFs are append-only; a new audit or register line must carry the login that writes
it. Only the signing itself, in the transaction that signs, may still complete the rows
of the minutes it signs. A server administrator (a PostgreSQL superuser) can switch
triggers off; that is the server's own trust boundary, and the register's hash chain (see
core/register.py) still shows any rewrite to `check`."""

from __future__ import annotations

from collections.abc import Iterator

ROLES = ("viewer", "editor", "approver", "admin")

# the tables each role may write (besides what the role below it may)
EDITOR_TABLES = ("organisations", "people", "plans", "commitments", "commitment_partners",
                 "milestones", "phases", "steps", "key_dates", "committees",
                 "committee_members", "meetings", "minute_items", "action_items", "attendance",
                 "attachments", "autosaves", "edit_leases", "search_docs")
APPEND_ONLY = ("audit_log", "register", "signed_pdfs", "publications")
MEETING_CHILDREN = ("minute_items", "action_items", "attendance", "attachments", "signatures",
                    "scanned_copies")
WRITTEN_BY_LOGIN = ("audit_log", "register", "publications")
# the tables whose changes other users' programs are told of (LISTEN/NOTIFY, core/server/
# changes.py): what lists and the calendar show. Not the autosaves (written every few
# seconds while someone types; nobody else shows them).
CHANNEL = "ogp_records"
RECORD_TABLES = tuple(t for t in EDITOR_TABLES if t != "autosaves") + ("signatures",
                                                                       "scanned_copies")


def group_role(database: str, role: str) -> str:
    """The group role of `role` in `database` (at most 63 bytes, PostgreSQL's limit)."""
    suffix = f"_{role}"
    return database.encode("utf-8")[:63 - len(suffix)].decode("utf-8", "ignore") + suffix


def q(name: str) -> str:
    """A quoted identifier."""
    return '"' + name.replace('"', '""') + '"'


_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION ogp_written_in_this_transaction(row_xmin xid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT row_xmin::text::bigint = txid_current() % 4294967296
$$;

CREATE OR REPLACE FUNCTION ogp_guard_signed_meeting() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    row_xmin xid;
BEGIN
    IF OLD.status = 'signed' THEN
        SELECT xmin INTO row_xmin FROM meetings WHERE id = OLD.id;
        -- the transaction that signs these minutes may still complete them
        IF TG_OP = 'DELETE' OR NOT ogp_written_in_this_transaction(row_xmin) THEN
            RAISE EXCEPTION 'signed minutes % (version %) can not be changed or deleted; amend them',
                OLD.id, OLD.version USING ERRCODE = 'P0001';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION ogp_guard_meeting_row(meeting integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    meeting_status text;
    row_xmin xid;
BEGIN
    IF meeting IS NULL THEN
        RETURN;
    END IF;
    SELECT status, xmin INTO meeting_status, row_xmin FROM meetings WHERE id = meeting;
    IF meeting_status = 'signed' AND NOT ogp_written_in_this_transaction(row_xmin) THEN
        RAISE EXCEPTION 'the rows of signed minutes % can not be changed; amend the minutes',
            meeting USING ERRCODE = 'P0001';
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION ogp_guard_meeting_child() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM ogp_guard_meeting_row(OLD.meeting_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM ogp_guard_meeting_row(NEW.meeting_id);
        RETURN NEW;
    END IF;
    RETURN OLD;
END
$$;

CREATE OR REPLACE FUNCTION ogp_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is kept as written: its lines can not be changed or deleted',
        TG_TABLE_NAME USING ERRCODE = 'P0001';
END
$$;

CREATE OR REPLACE FUNCTION ogp_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- delivered when the transaction commits, one per table (PostgreSQL folds repeats)
    PERFORM pg_notify('ogp_records', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION ogp_written_by_login() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.os_user IS DISTINCT FROM session_user::text
            AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
        RAISE EXCEPTION 'a line of % must name the login that writes it (%), not %',
            TG_TABLE_NAME, session_user, NEW.os_user USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END
$$;
"""


def statements(database: str) -> Iterator[str]:
    """Every statement that sets up (or refreshes: each one may run again) the roles,
    grants, policies and triggers of `database`; run by its owner or a superuser."""
    viewer, editor, approver, admin = (q(group_role(database, r)) for r in ROLES)
    for role in ROLES:
        name = group_role(database, role)
        yield (f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
               f"'{name.replace(chr(39), chr(39) * 2)}') THEN CREATE ROLE {q(name)} NOLOGIN; "
               f"END IF; END $$")
    yield f"GRANT {viewer} TO {editor}"
    yield f"GRANT {editor} TO {approver}"
    yield f"GRANT {approver} TO {admin}"
    yield f"REVOKE ALL ON DATABASE {q(database)} FROM PUBLIC"
    yield f"GRANT CONNECT, TEMPORARY ON DATABASE {q(database)} TO {viewer}"
    yield "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
    yield f"GRANT USAGE ON SCHEMA public TO {viewer}"
    yield f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {viewer}"
    yield f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {editor}"
    yield f"GRANT INSERT, UPDATE, DELETE ON {', '.join(EDITOR_TABLES)} TO {editor}"
    yield f"GRANT INSERT ON audit_log, register, publications TO {editor}"
    yield f"GRANT INSERT, UPDATE ON signatures TO {approver}"
    yield f"GRANT INSERT ON signed_pdfs, scanned_copies, certificates TO {approver}"
    yield f"GRANT INSERT, UPDATE, DELETE ON settings, certificates TO {admin}"
    yield _FUNCTIONS
    # row-level security: what each role may write of minutes, by their state
    yield "ALTER TABLE meetings ENABLE ROW LEVEL SECURITY"
    for name in ("ogp_read", "ogp_editor_insert", "ogp_editor_update", "ogp_editor_delete",
                 "ogp_approver_update"):
        yield f"DROP POLICY IF EXISTS {name} ON meetings"
    yield f"CREATE POLICY ogp_read ON meetings FOR SELECT TO {viewer} USING (true)"
    yield (f"CREATE POLICY ogp_editor_insert ON meetings FOR INSERT TO {editor} "
           "WITH CHECK (status = 'draft')")
    yield (f"CREATE POLICY ogp_editor_update ON meetings FOR UPDATE TO {editor} "
           "USING (status = 'draft') WITH CHECK (status = 'draft')")
    yield (f"CREATE POLICY ogp_editor_delete ON meetings FOR DELETE TO {editor} "
           "USING (status = 'draft')")
    yield (f"CREATE POLICY ogp_approver_update ON meetings FOR UPDATE TO {approver} "
           "USING (status IN ('draft', 'approved') OR ogp_written_in_this_transaction(xmin)) "
           "WITH CHECK (status IN ('draft', 'approved', 'signed'))")
    for table in MEETING_CHILDREN:
        yield f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"
        for name in ("ogp_read", "ogp_editor_write", "ogp_approver_write"):
            yield f"DROP POLICY IF EXISTS {name} ON {table}"
        yield f"CREATE POLICY ogp_read ON {table} FOR SELECT TO {viewer} USING (true)"
        draft = "EXISTS (SELECT 1 FROM meetings m WHERE m.id = meeting_id AND m.status = 'draft')"
        open_ = ("EXISTS (SELECT 1 FROM meetings m WHERE m.id = meeting_id AND "
                 "(m.status IN ('draft', 'approved') OR ogp_written_in_this_transaction(m.xmin)))")
        signed_too = "EXISTS (SELECT 1 FROM meetings m WHERE m.id = meeting_id)"
        yield (f"CREATE POLICY ogp_editor_write ON {table} FOR ALL TO {editor} "
               f"USING ({draft}) WITH CHECK ({draft})")
        # a scanned copy is attached to signed minutes
        approver_check = signed_too if table == "scanned_copies" else open_
        yield (f"CREATE POLICY ogp_approver_write ON {table} FOR ALL TO {approver} "
               f"USING ({approver_check}) WITH CHECK ({approver_check})")
    # triggers: for every role, the owner too
    yield "DROP TRIGGER IF EXISTS ogp_guard_signed ON meetings"
    yield ("CREATE TRIGGER ogp_guard_signed BEFORE UPDATE OR DELETE ON meetings "
           "FOR EACH ROW EXECUTE FUNCTION ogp_guard_signed_meeting()")
    for table in MEETING_CHILDREN:
        if table == "scanned_copies":
            continue  # attached to signed minutes by design; append-only below
        yield f"DROP TRIGGER IF EXISTS ogp_guard_signed ON {table}"
        yield (f"CREATE TRIGGER ogp_guard_signed BEFORE INSERT OR UPDATE OR DELETE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION ogp_guard_meeting_child()")
    for table in (*APPEND_ONLY, "scanned_copies"):
        yield f"DROP TRIGGER IF EXISTS ogp_append_only ON {table}"
        yield (f"CREATE TRIGGER ogp_append_only BEFORE UPDATE OR DELETE ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION ogp_append_only()")
    for table in WRITTEN_BY_LOGIN:
        yield f"DROP TRIGGER IF EXISTS ogp_written_by_login ON {table}"
        yield (f"CREATE TRIGGER ogp_written_by_login BEFORE INSERT ON {table} "
               "FOR EACH ROW EXECUTE FUNCTION ogp_written_by_login()")
    # other users' programs hear of every committed change of a record table (one
    # notification per statement; a lease's renewal changes only renewed_at and is not
    # news: the list shows who holds a draft, not when they last renewed)
    for table in RECORD_TABLES:
        events = ("INSERT OR DELETE OR UPDATE OF holder, holder_name, taken_at"
                  if table == "edit_leases" else "INSERT OR UPDATE OR DELETE")
        yield f"DROP TRIGGER IF EXISTS ogp_notify ON {table}"
        yield (f"CREATE TRIGGER ogp_notify AFTER {events} ON {table} "
               "FOR EACH STATEMENT EXECUTE FUNCTION ogp_notify_change()")
