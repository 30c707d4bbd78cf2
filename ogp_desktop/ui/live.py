"""Other users' saves, live: on the office's server the core's ChangeListener (core/server/
changes.py) hears each committed change on a thread of its own; this carries what it heard
to the GUI thread (a queued Qt signal), gathers what comes within DEBOUNCE_MS (a save
touches several tables, ten people save in a minute) and emits `changed(tables)` once, for
the main window to reload what shows those tables. A SQLite file has nobody else's saves
to hear: nothing runs there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from ogp_desktop.core.db import Database

if TYPE_CHECKING:
    from ogp_desktop.core.server.changes import ChangeListener

DEBOUNCE_MS = 300


class LiveUpdates(QObject):
    """`changed(frozenset[str])`: tables other programs changed (on the GUI thread).
    `start()` listens when `db` is a server's; `stop()` ends it (the window closes, other
    records are opened)."""

    changed = Signal(object)
    _heard = Signal(object)  # from the listener's thread: queued to this object's thread

    def __init__(self, db: Database, parent: QObject | None = None, *,
                 debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.db = db
        self.listener: ChangeListener | None = None  # while listening
        self._pending: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._flush)
        self._heard.connect(self._collect)

    def start(self) -> bool:
        """Listen, on a server's records (False on a file: nothing to listen to)."""
        if self.db.store.file is not None or self.listener is not None:
            return self.listener is not None
        from ogp_desktop.core.server.changes import ChangeListener

        url = getattr(self.db.store, "url", None)
        if url is None:
            return False
        listener = self.listener = ChangeListener(url, self._heard.emit)
        listener.start()
        # deleted without stop() (its window destroyed): the thread must not call it again
        self.destroyed.connect(lambda *_args: listener.stop(0))
        return True

    @property
    def listening(self) -> bool:
        """Whether the listener is connected and listening now."""
        return self.listener is not None and self.listener.listening.is_set()

    def stop(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.stop()
        self._timer.stop()
        self._pending.clear()

    def _collect(self, tables: frozenset[str]) -> None:
        if self.listener is None:
            return  # heard just before stopping
        self._pending |= tables
        if not self._timer.isActive():  # at most DEBOUNCE_MS after the first, however many
            self._timer.start()

    def _flush(self) -> None:
        tables, self._pending = frozenset(self._pending), set()
        if tables:
            self.changed.emit(tables)
