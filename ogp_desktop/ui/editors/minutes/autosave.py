"""Typing is never lost: the form's state goes to the autosave table a few seconds after
the last change (and at least every `AUTOSAVE_MAX_WAIT_S` while typing goes on), and an
autosave left behind by a crash is offered back. On the office's server, when the server
does not answer, the state is kept in a file on this computer instead
(editor_registry.local_autosave_folder), removed once the server has it again."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid as uuid_mod

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from ogp_desktop.core.db import Database
from ogp_desktop.core.services import autosave
from ogp_desktop.ui import common, editor_registry
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.minutes.form import MinutesForm
from ogp_desktop.ui.editors.panels import local_time

log = logging.getLogger("ogp_desktop.editor")

AUTOSAVE_DELAY_MS = 2500  # after typing stops
AUTOSAVE_MAX_WAIT_S = 30.0  # while typing goes on without a pause


class Autosaver(QObject):
    """Keeps one form's unsaved changes in the autosave table under `editor_key`.

    Signals: `autosaved()` once the form is kept; `modified_changed(bool)` when the form
    starts or stops having unsaved changes (the window's [*] mark); `message(text, ms)`
    for the status line."""

    autosaved = Signal()
    modified_changed = Signal(bool)
    message = Signal(str, int)

    def __init__(self, db: Database, form: MinutesForm, delay_ms: int = AUTOSAVE_DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.form = form
        self.editor_key = uuid_mod.uuid4().hex
        self._dirty = False
        self._kept = False  # an autosave row of this editor exists
        self._first_unsaved: float | None = None
        self._kept_here = False  # a file of this editor on this computer (server away)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.autosave_now)

    @property
    def dirty(self) -> bool:
        """The form has changes not saved as minutes."""
        return self._dirty

    @property
    def kept(self) -> bool:
        """An autosave row of this editor exists."""
        return self._kept

    def note_change(self) -> None:
        """The person changed the form: autosave after the pause (or now, when typing
        went on too long without one)."""
        if not self._dirty:
            self._dirty = True
            self.modified_changed.emit(True)
            self._first_unsaved = time.monotonic()
        self._timer.start()
        if (self._first_unsaved is not None
                and time.monotonic() - self._first_unsaved > AUTOSAVE_MAX_WAIT_S):
            self.autosave_now()

    def autosave_now(self) -> bool:
        """Keep the form's state in the autosave table (no validation: half-typed minutes
        are kept as they are). Failures are logged, never shown while the user types."""
        self._timer.stop()
        if not self._dirty or self.form.read_only:
            return False
        state = self.form.state()
        try:
            with self.db.session() as s:
                autosave.store(s, self.editor_key, state,
                               meeting_id=self.form.meeting_id, title=self.form.title_text())
        except Exception:  # the next change tries again
            log.exception("autosave failed")
            return self._keep_here(state)
        self._kept = True
        self._first_unsaved = time.monotonic()
        self._discard_here()  # the server has the newer state now
        self.message.emit(
            _("Changes kept safe at {time} (not saved as minutes yet)").format(
                time=dt.datetime.now().strftime("%H:%M:%S")), 4000)
        self.autosaved.emit()
        return True

    def _keep_here(self, state: dict) -> bool:
        """The office's server did not take the autosave: keep it on this computer."""
        if self.db.store.file is not None:
            return False  # a file that refuses is the file's problem: said at Save
        try:
            autosave.store_local(editor_registry.local_autosave_folder(), self.db.store.display,
                                 self.editor_key, state, meeting_id=self.form.meeting_id,
                                 title=self.form.title_text())
        except OSError:
            log.exception("autosave on this computer failed")
            return False
        self._kept = self._kept_here = True
        self._first_unsaved = time.monotonic()
        self.message.emit(
            _("The office's server does not answer: your changes are kept on this computer "
              "({time}) and are saved when it answers again.").format(
                time=dt.datetime.now().strftime("%H:%M:%S")), 8000)
        self.autosaved.emit()
        return True

    def _discard_here(self) -> None:
        if self._kept_here:
            autosave.discard_local(editor_registry.local_autosave_folder(), self.editor_key)
            self._kept_here = False

    @property
    def kept_here(self) -> bool:
        """The latest state is in a file on this computer (the server did not answer)."""
        return self._kept_here

    def discard(self) -> None:
        """Remove this editor's autosave row."""
        self._timer.stop()
        self._discard_here()
        with self.db.session() as s:
            autosave.discard(s, self.editor_key)
        self._kept = False

    def discard_pending(self, pending: autosave.PendingAutosave) -> None:
        """Remove an autosave left behind (the person chose to discard it)."""
        autosave.discard_local(editor_registry.local_autosave_folder(), pending.editor_key)
        with self.db.session() as s:
            autosave.discard(s, pending.editor_key)

    def take_over(self, editor_key: str) -> None:
        """The form now holds a recovered autosave: it is this editor's, unsaved."""
        self.editor_key = editor_key
        self._kept = True
        self._kept_here = self.db.store.file is None  # its file, if any, goes once saved
        self._dirty = True
        self._first_unsaved = time.monotonic()
        self.modified_changed.emit(True)

    def mark_saved(self) -> None:
        """The minutes were saved (and the autosave row removed with them)."""
        self._discard_here()
        self._kept = False
        self._dirty = False
        self._first_unsaved = None
        self._timer.stop()
        self.modified_changed.emit(False)

    def mark_clean(self) -> None:
        """The changes no longer count as unsaved: the window closes without asking."""
        self._dirty = False

    def reloaded(self) -> None:
        """The form was filled again from the stored minutes (after a change of status)."""
        self._dirty = False
        self.modified_changed.emit(False)

    def stop(self) -> None:
        self._timer.stop()


def ask_recovery(pending: autosave.PendingAutosave, parent: QWidget) -> QMessageBox.StandardButton:
    """Ask whether to recover an autosave left behind: Yes (recover), Discard or Cancel."""
    when = local_time(pending.saved_at)
    box = QMessageBox(QMessageBox.Icon.Question, _("Recover unsaved changes"),
                      _("Recover unsaved changes from {time}?").format(
                          time=f"{common.format_date(when.date())} {when:%H:%M}"),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setInformativeText(
        _("The editor was not closed properly (the program stopped or the computer "
          "lost power). The text typed until then was kept. Recover it into this "
          "editor, or discard it for good?"))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard
                           | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText(_("Recover"))
    box.button(QMessageBox.StandardButton.Cancel).setText(_("Decide later"))
    box.button(QMessageBox.StandardButton.Discard).setText(_("Discard changes"))
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return QMessageBox.StandardButton(box.exec())
