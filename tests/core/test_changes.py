"""Other users' saves heard on the office's server (#12 item 3, LISTEN/NOTIFY): the triggers
`server init` installs notify each committed change of a record table; a ChangeListener on
its own connection calls on_change with the tables, reconnects quietly when the server drops
it (then reports every table, as what changed meanwhile was not heard) and closes cleanly.
A real PostgreSQL server (tests/pg_server.py); changes made through the services as
another login."""

from __future__ import annotations

import datetime as dt
import queue
import time
import uuid

import pytest

from ogp_desktop.core.db import open_database
from ogp_desktop.core.server import admin
from ogp_desktop.core.server.changes import ChangeListener
from ogp_desktop.core.server.enforcement import RECORD_TABLES
from ogp_desktop.core.services import leases, meetings, plans

PASSWORD = "a-long-password-1"


@pytest.fixture
def office(pg):
    """A database made by `server init`, a viewer who listens and an editor who writes:
    (server, database, viewer's records, editor's records)."""
    name = "live_" + uuid.uuid4().hex[:8]
    tag = name[-8:]
    admin.init_server(pg.url(name), f"admin_{tag}", "مي عليمات", PASSWORD)
    db = open_database(pg.url(name))
    try:
        admin.add_user(db, f"viewer_{tag}", "رنا الحسن", "viewer", PASSWORD)
        admin.add_user(db, f"editor_{tag}", "سلمى الخطيب", "editor", PASSWORD)
    finally:
        db.close()
    viewer = open_database(pg.url(name, f"viewer_{tag}", PASSWORD))
    editor = open_database(pg.url(name, f"editor_{tag}", PASSWORD))
    yield pg, name, viewer, editor
    viewer.close()
    editor.close()
    pg.drop_database(name)


class Heard:
    """What on_change was called with, in order, from the listener's thread."""

    def __init__(self) -> None:
        self.calls: queue.Queue[frozenset[str]] = queue.Queue()
        self.seen: list[frozenset[str]] = []

    def __call__(self, tables: frozenset[str]) -> None:
        self.calls.put(tables)

    def wait_for(self, table: str, timeout: float = 10.0) -> list[frozenset[str]]:
        """The calls up to the first that names `table` (fails after `timeout`)."""
        got: list[frozenset[str]] = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{table} was not heard; heard {got}"
            try:
                tables = self.calls.get(timeout=remaining)
            except queue.Empty:
                continue
            got.append(tables)
            if table in tables:
                return got


def _listening(listener: ChangeListener) -> None:
    assert listener.listening.wait(10), "the listener did not connect"


def _wait(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _listener_sessions(pg, name: str) -> int:
    with pg.connect(name) as con:
        return con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND "
                           "application_name = 'ogp-desktop-listener'", (name,)).fetchone()[0]


def _new_plan(db, ordinal: int) -> int:
    with db.session() as s:
        return plans.create_plan(s, ordinal=ordinal, title=f"الخطة الوطنية {ordinal}",
                                 first_year=2024, last_year=2026).id


def test_a_save_through_another_connection_is_heard_with_its_table(office):
    pg, name, viewer, editor = office
    heard = Heard()
    listener = ChangeListener(viewer.store.url, heard)
    listener.start()
    try:
        _listening(listener)
        plan_id = _new_plan(editor, 7)
        assert any("plans" in t for t in heard.wait_for("plans"))
        with editor.session() as s:
            plans.update_plan(s, plan_id, ordinal=7, title="الخطة الوطنية السابعة",
                              first_year=2024, last_year=2027, status="preparation")
        heard.wait_for("plans")
    finally:
        listener.stop()
    assert not listener.listening.is_set()
    _wait(lambda: _listener_sessions(pg, name) == 0)  # its connection is closed


def test_a_lease_taken_is_news_its_renewal_is_not(office):
    _pg, _name, viewer, editor = office
    with editor.session() as s:
        mid = meetings.save_minutes(s, meetings.MinutesData(
            title="محضر اجتماع اللجنة التوجيهية", date=dt.date(2025, 3, 2))).id
    heard = Heard()
    listener = ChangeListener(viewer.store.url, heard)
    listener.start()
    try:
        _listening(listener)
        with editor.session() as s:
            assert leases.take(s, mid) is None
        heard.wait_for("edit_leases")
        with editor.session() as s:
            assert leases.renew(s, mid) is None
        _new_plan(editor, 8)  # heard after the renewal would have been: notifications keep order
        after = heard.wait_for("plans")
        assert not any("edit_leases" in t for t in after), after
        with editor.session() as s:
            assert leases.release(s, mid)
        heard.wait_for("edit_leases")
    finally:
        listener.stop()


def test_the_listener_reconnects_quietly_when_the_server_drops_it(office):
    pg, name, viewer, editor = office
    heard = Heard()
    listener = ChangeListener(viewer.store.url, heard, retry_seconds=0.2)
    listener.start()
    try:
        _listening(listener)
        with pg.connect(name) as con:  # what a server restart does to its connections
            con.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                        "datname = %s AND application_name = 'ogp-desktop-listener'", (name,))
        # back: every table is reported, since what changed meanwhile was not heard
        got = heard.wait_for("steps")
        assert got[-1] == frozenset(RECORD_TABLES)
        _listening(listener)
        _new_plan(editor, 9)
        heard.wait_for("plans")
    finally:
        listener.stop()
    _wait(lambda: _listener_sessions(pg, name) == 0)
