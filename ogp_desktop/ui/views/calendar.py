"""Calendar: the phases and steps of plan preparation come in a later version; for now a
page that says so."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ogp_desktop.core.db import Database
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.base import Section
from ogp_desktop.ui.views.widgets import heading


class CalendarView(Section):
    key = "calendar"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        title = heading(_("Calendar"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(_("The calendar of plan phases, steps and meetings comes in a "
                                "later version of OGP Desktop."))
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addStretch(2)
