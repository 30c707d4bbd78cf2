"""A private PostgreSQL server for the tests: initdb in a temporary folder, started on a free
port of 127.0.0.1 with `pg_ctl -w start` at the first test that needs it, stopped at the
end of the run. No mocks: the records, the roles and the triggers are the server's own.

    OGP_TEST_PG_URL=postgresql://SUPERUSER:PW@HOST:PORT/postgres   # use that server instead

Debian's `postgresql` package provides the programs (.ci/test.sh installs it). initdb
refuses to run as root: then the server runs as the `postgres` system user (runuser).
Without the programs a test that needs the server is skipped, or fails under
OGP_REQUIRE_TOOLS=1 (tests/required_tools.py)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from required_tools import missing

SUPERUSER, SUPER_PASSWORD = "ogp_test_super", "super-secret-1"


@dataclass
class PgServer:
    host: str
    port: int
    superuser: str
    password: str

    def url(self, database: str = "postgres", login: str | None = None,
            password: str | None = None) -> str:
        login = login or self.superuser
        password = self.password if password is None and login == self.superuser else password
        auth = f"{login}:{password}" if password else login
        return f"postgresql://{auth}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", login: str | None = None,
                password: str | None = None, autocommit: bool = True):
        import psycopg

        return psycopg.connect(host=self.host, port=self.port, dbname=database,
                               user=login or self.superuser,
                               password=self.password if login is None else password,
                               autocommit=autocommit, connect_timeout=10)

    def new_database(self, template: str | None = None) -> str:
        """A new, empty database (or a copy of `template`), named uniquely."""
        name = "t_" + uuid.uuid4().hex[:12]
        with self.connect() as con:
            suffix = f' TEMPLATE "{template}"' if template else ""
            con.execute(f'CREATE DATABASE "{name}"{suffix}')
        return name

    def drop_database(self, name: str) -> None:
        with self.connect() as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivateServer:
    """initdb + pg_ctl start; stop() at the end of the run."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.bin: Path | None = None
        self.run_as: list[str] = []
        self.options = ""

    def start(self) -> PgServer:
        self.bin = _bin_dir()
        if self.bin is None or not (self.bin / "initdb").exists():
            missing("PostgreSQL's initdb and pg_ctl", "postgresql")
        assert self.bin is not None
        self.folder = Path(tempfile.mkdtemp(prefix="ogp-test-pg-"))
        if os.geteuid() == 0:
            self.run_as = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.folder, "postgres")
        pwfile = self.folder / "pw"
        pwfile.write_text(SUPER_PASSWORD + "\n", encoding="utf-8")
        if self.run_as:
            shutil.chown(pwfile, "postgres")
        data = self.folder / "data"
        subprocess.run([*self.run_as, str(self.bin / "initdb"), "-D", str(data), "-U", SUPERUSER,
                        "--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8",
                        "--locale=C.UTF-8"], check=True, capture_output=True, cwd=self.folder)
        port = _free_port()
        self.options = (f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                        "-c max_connections=200")
        self.resume()
        return PgServer("127.0.0.1", port, SUPERUSER, SUPER_PASSWORD)

    def pause(self) -> None:
        """Stop the server, keeping its data (a server that went away: see resume)."""
        assert self.folder is not None and self.bin is not None
        subprocess.run([*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "fast", "-w", "stop"], check=True, capture_output=True,
                       cwd=self.folder)

    def resume(self) -> None:
        """(Re)start the server on its port, with its data."""
        assert self.folder is not None and self.bin is not None
        subprocess.run([*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-o", self.options, "-l", str(self.folder / "server.log"), "-w", "-t",
                        "60", "start"], check=True, capture_output=True, cwd=self.folder)

    def stop(self) -> None:
        if self.folder is None or self.bin is None:
            return
        subprocess.run([*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "-w", "stop"], capture_output=True, cwd=self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)


def server_from_env() -> PgServer | None:
    url = os.environ.get("OGP_TEST_PG_URL")
    if not url:
        return None
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return PgServer(u.host or "127.0.0.1", u.port or 5432, u.username or "postgres",
                    u.password or "")
