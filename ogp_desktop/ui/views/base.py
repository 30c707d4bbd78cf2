"""What every section of the main window shares: its database, a status line for the
window's status bar, being told that records changed elsewhere, and running one user
action as one unit of work with its domain error shown where the user is looking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget
from sqlalchemy import select

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import ConflictError, DomainError
from ogp_desktop.core.server.permissions import may
from ogp_desktop.ui import errors as presenter
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.widgets import FormErrors, hint, set_read_only

FAILED = object()  # what `Section.write` returns when the action was refused


@dataclass
class Opened:
    """The record a form shows and the row version it was read at: what its save and delete
    send as `expected_version`, so they never overwrite someone else's save (#12 item 3)."""

    model: type[Any]  # the record's class (a models.Versioned)
    id: int | None = None
    version: int | None = None

    def show(self, record_id: int | None, version: int | None) -> None:
        self.id, self.version = record_id, version

    def expected(self) -> int | None:
        """The version to send with a save of the record shown (None: a new record)."""
        return self.version if self.id is not None else None


class Section(QWidget):
    """A page of the main window. Loads its records when first shown and again when
    shown after records changed (`mark_stale`), so starting the program reads only what
    the first page needs."""

    key = ""
    statusChanged = Signal(str)   # text for the window's status bar
    recordsChanged = Signal()     # this section wrote records; other sections reload
    notice = Signal(str)          # a passing message ("The letterhead was saved.")

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._stale = True
        # what a login that may not write reads at the top of the section (see offer_writing)
        self.role_line = hint(_("Your login ({role}) may read these records, not change "
                                "them; an editor of the office's server can.")
                              .format(role=db.role))
        self.role_line.setParent(self)
        self.role_line.setObjectName("roleLine")
        self.role_line.hide()

    def refresh(self) -> None:
        """Reload from the database."""

    def ensure_fresh(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh()

    def mark_stale(self) -> None:
        self._stale = True

    def status_text(self) -> str:
        return ""

    def emit_status(self) -> None:
        self.statusChanged.emit(self.status_text())

    def focus_first(self) -> None:
        """Where the keyboard goes when the section is opened."""

    def set_panels(self, left: QWidget, right: QWidget, stretch: tuple[int, int] = (1, 1)) -> None:
        """Two panels side by side, as wide as `stretch` says, neither collapsible."""
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, stretch[0])
        splitter.setStretchFactor(1, stretch[1])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        self.add_role_line(layout)
        layout.addWidget(splitter, 1)

    def add_role_line(self, layout: QVBoxLayout) -> None:
        """The line that tells a login that may not write why nothing can be changed."""
        layout.addWidget(self.role_line)
        self.role_line.setVisible(not self.may_write)

    def offer_writing(self, writers: list[QWidget], fields: list[QWidget]) -> None:
        """Offer adding, saving and deleting only to a login that may write: for a viewer on
        the office's server the `writers` (buttons) are hidden and the `fields` read-only
        (the server would refuse the change anyway). Every action that writes also checks
        `may_write` itself, so a shortcut or Enter in a field does nothing either."""
        if self.may_write:
            return
        for widget in writers:
            widget.hide()
        set_read_only(*fields)

    @property
    def may_write(self) -> bool:
        """Whether the login's role may change these records (a file: always; on the
        office's server an editor or above: core/server/permissions.py)."""
        return may(self.db.role, "write")

    def write(self, action: Callable[[Any], Any], errors: FormErrors | None = None, *,
              opened: Opened | None = None) -> Any:
        """Run `action(session)` as one unit of work. A domain error rolls everything back
        and is shown at its field (or in a message box); returns `FAILED` then.

        Someone else's save since the form opened the record (a ConflictError) is said with
        who and when, and the person chooses: reload what they saved (the section reloads),
        or keep their changes in the form (`opened` then takes the version now seen, so the
        next save replaces theirs knowingly). Nothing is overwritten without that."""
        if errors is not None:
            errors.clear()
        try:
            with self.db.session() as session:
                result = action(session)
        except ConflictError as exc:
            if presenter.ask_after_conflict(self, exc):
                self.refresh()
                self.recordsChanged.emit()  # theirs is news to the other sections too
            elif opened is not None and opened.id is not None:
                record_id, model = opened.id, opened.model
                opened.version = self.read(lambda s: s.scalar(
                    select(model.row_version).where(model.id == record_id)))
                if errors is not None:
                    errors.note(_("Your changes are kept. Save again to replace what they "
                                  "saved with them."))
            return FAILED
        except DomainError as exc:
            if errors is not None:
                errors.show(exc)
            else:
                presenter.show_error(self, exc)
            return FAILED
        self.recordsChanged.emit()
        return result

    def read(self, query: Callable[[Any], Any]) -> Any:
        with self.db.session(write=False) as session:  # never queues behind a writer
            return query(session)

