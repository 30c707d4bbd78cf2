"""The minutes editor's lease on its draft (core/services/leases.py): taken when the editor
shows a stored draft it may write, renewed on a timer while it stays open, given back when
it closes, stops being editable, or the program quits. When someone else holds it, a line
at the top of the editor says who and since when — it blocks nothing: row versions already
keep one save from overwriting another.

A lease only informs, so its failures (the server away for a moment) are logged, never
shown: the next renewal tries again."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError
from ogp_desktop.core.services import leases
from ogp_desktop.core.services.leases import Holder
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.panels import local_time
from ogp_desktop.ui.editors.widgets import Banner

log = logging.getLogger("ogp_desktop.editor")

RENEW_MS = leases.RENEW_SECONDS * 1000


def being_edited_text(holder: Holder) -> str:
    return _("Being edited by {name} since {time}: save only after agreeing with them; your "
             "save will not overwrite theirs.").format(
        name=holder.name, time=local_time(holder.since).strftime("%H:%M"))


class LeaseKeeper(QObject):
    """Keeps the lease of one meeting while `keep(meeting_id)` is in force; `banner` shows
    who else holds it. `holder` is that other person (None: the lease is ours, or none is
    kept). `changed` is emitted after each take or renewal."""

    changed = Signal()

    def __init__(self, db: Database, banner_parent: QWidget, *, renew_ms: int = RENEW_MS) -> None:
        super().__init__(banner_parent)
        self.db = db
        self.meeting_id: int | None = None
        self.holder: Holder | None = None
        self.banner = Banner("lease", banner_parent)
        self.banner.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(renew_ms)
        self.timer.timeout.connect(self.renew)
        app = QCoreApplication.instance()
        if app is not None:  # the program quits without closing its windows (a signal)
            app.aboutToQuit.connect(self.release)

    def keep(self, meeting_id: int) -> None:
        """Hold the lease of `meeting_id` (take it now, renew it on the timer)."""
        if self.meeting_id == meeting_id:
            return
        self.release()
        self.meeting_id = meeting_id
        self.renew()
        self.timer.start()

    def renew(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return
        try:
            with self.db.session() as s:
                holder = leases.renew(s, meeting_id)
        except DomainError as exc:  # the server away, the draft gone: tried again later
            log.info("the lease of meeting %s was not renewed: %s", meeting_id, exc)
            return
        self._show(holder)

    def release(self) -> None:
        """Give the lease back (the editor closes, or the minutes are no longer a draft)."""
        self.timer.stop()
        meeting_id, self.meeting_id = self.meeting_id, None
        if meeting_id is not None:
            try:
                with self.db.session() as s:
                    leases.release(s, meeting_id)
            except DomainError as exc:  # it expires on its own
                log.info("the lease of meeting %s was not given back: %s", meeting_id, exc)
        self._show(None)

    def _show(self, holder: Holder | None) -> None:
        self.holder = holder
        if holder is None:
            self.banner.hide()
        else:
            self.banner.label.setText(being_edited_text(holder))
            self.banner.show()
        self.changed.emit()
