"""`server init`, `users …` and `server import-sqlite` as an administrator types them, on a
real PostgreSQL server (tests/pg_server.py); then the unit's logins through the same
commands, each refusal one line in the user's language with nothing changed (#12)."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid

import pytest
from command_line import cli, one_line

PASSWORD = "a-long-password-1"




@pytest.fixture
def office(pg, tmp_path, demo_template, dbtools):
    """server init + import-sqlite of the demo records, typed: (pg, db name, admin login)."""
    name = "cli_" + uuid.uuid4().hex[:8]
    admin = "admin_" + name[-8:]
    pw = tmp_path / "pw.txt"
    pw.write_text(PASSWORD + "\n", encoding="utf-8")
    code, out, err = cli("--db", pg.url(name), "server", "init", "--admin", admin, "--name",
                         "مي عليمات", "--password-file", pw)
    assert code == 0, err
    assert f"created the database {name}" in out.replace("\u2068", "").replace("\u2069", "")
    laptop = dbtools.copy(demo_template, tmp_path / "laptop.sqlite")
    code, out, err = cli("--db", pg.url(name), "server", "import-sqlite", laptop)
    assert code == 0, err
    assert "meetings: 4" in out and "2 signed minutes with equal fingerprints" in out
    yield pg, name, admin
    pg.drop_database(name)


def test_users_as_the_admin_types_them(office, tmp_path):
    pg, name, admin = office
    url = pg.url(name, admin, PASSWORD)
    env = {"OGP_DESKTOP_LOGIN_PASSWORD": PASSWORD}
    tag = name[-8:]
    for login, role in ((f"omar_{tag}", "editor"), (f"sara_{tag}", "viewer")):
        code, out, err = cli("--db", url, "users", "add", login, "--name", "عمر الخطيب",
                             "--role", role, env=env)
        assert code == 0, err
    code, out, err = cli("--db", url, "users", "list", "--json")
    assert code == 0, err
    users = {u["login"]: u for u in json.loads(out)}
    assert users[f"omar_{tag}"] == {"login": f"omar_{tag}", "name": "عمر الخطيب",
                                    "role": "editor", "enabled": True}
    assert users[admin]["role"] == "admin"
    code, out, err = cli("--db", url, "users", "set-role", f"sara_{tag}", "approver")
    assert code == 0 and "is now approver" in out
    code, out, err = cli("--db", url, "users", "disable", f"sara_{tag}")
    assert code == 0, err
    code, out, err = cli("--db", pg.url(name, f"sara_{tag}", PASSWORD), "list", "meetings")
    assert code == 1 and "refused the login" in one_line(err)

    # the editor: reads, saves nothing it may not; one line, in Arabic too
    editor = pg.url(name, f"omar_{tag}", PASSWORD)
    code, out, err = cli("--db", editor, "list", "meetings")
    assert code == 0 and len(out.strip().splitlines()) == 4
    before = pg.connect(name).execute("SELECT id, status FROM meetings ORDER BY id").fetchall()
    draft = [i for i, s in before if s == "draft"][0]
    for lang, words in (("en", "may not do it"), ("ar", "لا يحق")):
        code, out, err = cli("--db", editor, "approve", draft, lang=lang)
        assert code == 1 and out == ""
        assert words in one_line(err) and f"omar_{tag}" in err
        code, out, err = cli("--db", editor, "users", "add", f"x_{tag}", "--name", "x",
                             "--role", "admin", env=env, lang=lang)
        assert code == 1 and words in one_line(err)
    after = pg.connect(name).execute("SELECT id, status FROM meetings ORDER BY id").fetchall()
    assert after == before
    code, out, err = cli("--db", editor, "check")
    assert code == 0 and "2 signed minutes match" in out


def test_bad_input_is_one_line(office, tmp_path):
    pg, name, admin = office
    url = pg.url(name, admin, PASSWORD)
    env = {"OGP_DESKTOP_LOGIN_PASSWORD": PASSWORD}
    cases = [
        (["users", "add", "Bad Login", "--name", "x", "--role", "editor"], "not a usable login"),
        (["users", "add", admin, "--name", "x", "--role", "editor"], "exists already"),
        (["users", "set-role", admin, "viewer"], "last admin"),
        (["users", "disable", "nobody_here"], "no user nobody_here"),
        (["server", "import-sqlite", tmp_path / "missing.sqlite"], "not a records file"),
    ]
    for argv, words in cases:
        code, out, err = cli("--db", url, *argv, env=env)
        assert code == 1 and out == "", (argv, out)
        assert words in one_line(err).replace("\u2068", "").replace("\u2069", ""), err
    code, out, err = cli("--db", pg.url(name, admin, "wrong-password"), "list", "meetings")
    assert code == 1 and "refused the login" in one_line(err) and "wrong-password" not in err


def test_a_second_import_is_refused_and_changes_nothing(office, tmp_path, demo_template, dbtools):
    pg, name, _ = office
    laptop = dbtools.copy(demo_template, tmp_path / "again.sqlite")
    before = dbtools.counts(_db_of(pg, name))
    code, out, err = cli("--db", pg.url(name), "server", "import-sqlite", laptop)
    assert code == 1 and "not empty" in one_line(err)
    assert dbtools.counts(_db_of(pg, name)) == before


def _db_of(pg, name):
    from ogp_desktop.core.db import open_database

    return open_database(pg.url(name))


def test_backup_of_a_server_is_a_pg_dump_that_restores(office, tmp_path):
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        from required_tools import missing

        missing("pg_dump", "postgresql-client")
    pg, name, admin = office
    out_file = tmp_path / "office.dump"
    code, out, err = cli("--db", pg.url(name), "backup", out_file)
    assert code == 0, err
    listed = subprocess.run(["pg_restore", "--list", str(out_file)], capture_output=True,
                            text=True, check=True).stdout
    assert "TABLE DATA public meetings" in listed and "TABLE DATA public register" in listed


def test_an_import_the_server_refuses_is_one_line_without_the_password(pg, tmp_path,
                                                                      demo_template, dbtools):
    """A laptop's file with a value the server's column refuses (SQLite keeps any length;
    here a phone number longer than its 64 characters, written behind the program's back):
    the import stops in one line from the server, naming no password, nothing imported.
    (The line was the URL as a file's path, password and all, and "check the disk".) An
    admin who is not the superuser is told to use the superuser's login."""
    from ogp_desktop.core.server import admin

    name = "imp_" + uuid.uuid4().hex[:8]
    boss = "boss_" + name[-8:]
    admin.init_server(pg.url(name), boss, "مي عليمات", PASSWORD)
    try:
        laptop = dbtools.copy(demo_template, tmp_path / "laptop.sqlite")
        dbtools.sql(laptop, "UPDATE people SET phone = ? WHERE id = (SELECT min(id) FROM people)",
                    ("0" * 80,))
        code, out, err = cli("--db", pg.url(name), "server", "import-sqlite", laptop)
        assert code == 1 and out == ""
        line = one_line(err)
        assert "The server refused this" in line and "character varying(64)" in line, line
        assert pg.password not in err and "disk" not in line
        code, out, err = cli("--db", pg.url(name, boss, PASSWORD), "server", "import-sqlite",
                             laptop, lang="ar")
        assert code == 1 and "superuser" not in err and PASSWORD not in err
        assert "المستخدم الأعلى" in one_line(err)
        with pg.connect(name) as con:
            assert con.execute("SELECT count(*) FROM people").fetchone()[0] == 0
            assert con.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0
    finally:
        pg.drop_database(name)
