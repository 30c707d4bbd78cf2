"""What every section of the main window shares: its database, a status line for the
window's status bar, being told that records changed elsewhere, and running one user
action as one unit of work with its domain error shown where the user is looking."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError
from ogp_desktop.ui import errors as presenter
from ogp_desktop.ui.views.widgets import FormErrors

FAILED = object()  # what `Section.write` returns when the action was refused


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
        layout.addWidget(splitter)

    def write(self, action: Callable[[Any], Any], errors: FormErrors | None = None) -> Any:
        """Run `action(session)` as one unit of work. A domain error rolls everything back
        and is shown at its field (or in a message box); returns `FAILED` then."""
        if errors is not None:
            errors.clear()
        try:
            with self.db.session() as session:
                result = action(session)
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

