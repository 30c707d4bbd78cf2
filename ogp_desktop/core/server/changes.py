"""Hearing of other users' saves on the office's server (LISTEN/NOTIFY), so lists and the
calendar show them without a restart.

The server's triggers (enforcement.py: `ogp_notify`) send the name of each record table a
committed transaction changed on the channel CHANNEL. A ChangeListener keeps its own
connection (autocommit, LISTEN CHANNEL) on a thread of its own and calls the
`on_change(tables)` it is given — on that thread: the caller carries it to wherever it
shows things (the GUI: ui/live.py). When the server goes away it reconnects quietly every
few seconds, and once back it reports every record table, since what changed meanwhile was
not heard. A SQLite file has no one else to hear from: nothing listens there."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ogp_desktop.core.server.enforcement import CHANNEL, RECORD_TABLES

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger("ogp_desktop.changes")

POLL_SECONDS = 0.25  # how soon a stop is seen while no notification comes
RETRY_SECONDS = 3.0  # between tries to reach a server that went away
CONNECT_TIMEOUT_S = 5

OnChange = Callable[[frozenset[str]], object]


def connection_params(url: URL) -> dict[str, Any]:
    """psycopg's connection arguments for the records' URL (the login's password with it)."""
    params: dict[str, Any] = {"host": url.host or "localhost", "port": url.port or 5432,
                              "dbname": url.database, "user": url.username,
                              "connect_timeout": CONNECT_TIMEOUT_S,
                              "application_name": "ogp-desktop-listener", "autocommit": True}
    if url.password is not None:
        params["password"] = url.password
    return params


class ChangeListener:
    """Calls `on_change(tables)` (a frozenset of table names) for each change committed on
    the server, from its own thread, from `start()` until `stop()`.

    `listening` is set while LISTEN is in force (tests wait on it before changing
    records); `poll_seconds` bounds how long `stop()` waits for the thread."""

    def __init__(self, url: URL, on_change: OnChange, *, poll_seconds: float = POLL_SECONDS,
                 retry_seconds: float = RETRY_SECONDS) -> None:
        self.params = connection_params(url)
        self.on_change = on_change
        self.poll_seconds = poll_seconds
        self.retry_seconds = retry_seconds
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self.run, name="ogp-change-listener",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        """Stop listening and close the connection; waits for the thread (at most
        `timeout`, by default a few polls: a server that does not answer is not waited
        for — the thread then ends on its own, calling nothing more)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(self.poll_seconds * 8 if timeout is None else timeout)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def run(self) -> None:
        """The thread's loop: connect, LISTEN, report notifications; reconnect when the
        connection drops; until stopped."""
        import psycopg

        missed = False  # the connection was lost: what changed meanwhile was not heard
        while not self._stop.is_set():
            try:
                with psycopg.connect(**self.params) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    if missed:
                        self._report(frozenset(RECORD_TABLES))
                    while not self._stop.is_set():
                        tables = frozenset(n.payload for n in
                                           conn.notifies(timeout=self.poll_seconds))
                        if tables:
                            self._report(tables)
            except psycopg.Error as exc:  # the server went away, or refused the login
                log.info("not listening to %s: %s", self.params["host"],
                         str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            self.listening.clear()
            missed = True
            self._stop.wait(self.retry_seconds)

    def _report(self, tables: frozenset[str]) -> None:
        if self._stop.is_set():
            return
        try:
            self.on_change(tables)
        except Exception:  # the caller's failure must not end the listening
            log.exception("on_change failed")
