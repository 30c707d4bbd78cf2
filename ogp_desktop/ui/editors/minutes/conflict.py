"""Someone else saved the draft since it was opened here: their text beside this editor's,
field by field, so the person sees what differs before choosing to reload theirs or keep
their own (the next Save then replaces theirs, knowingly). Nothing was saved meanwhile."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.ui import placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.minutes.form import field_labels
from ogp_desktop.ui.editors.widgets import EDITOR_STYLE

# the fields compared, in the form's order (apologies and absent are in "attendees")
COMPARED = ("title", "language", "committee", "plan", "commitment", "sequence", "date", "start",
            "end", "mode", "location", "objective", "attendees", "other_participants",
            "discussion", "outputs", "action_items", "notes", "next_meeting")


def _shown(key: str, value: Any) -> str:
    """A field's value as one readable text (lists one item per line)."""
    if value is None:
        return ""
    if key == "attendees":
        status = {"present": _("Present"), "apologised": _("Apologised"), "absent": _("Absent")}
        return "\n".join(
            " – ".join(p for p in (a.get("name", ""), a.get("organization", "")) if p)
            + (f" ({status.get(a.get('status') or '', '')})" if a.get("status") else "")
            for a in value)
    if key == "action_items":
        return "\n".join(" — ".join(p for p in (a.get("text", ""), a.get("owner", ""),
                                                a.get("due") or "") if p) for a in value)
    if isinstance(value, list):
        return "\n".join(f"• {item}" for item in value)
    return str(value)


def differences(theirs: dict[str, Any], mine: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field label, their text, my text) of every field that differs."""
    labels = field_labels()
    rows = []
    for key in COMPARED:
        a, b = _shown(key, theirs.get(key)), _shown(key, mine.get(key))
        if a.strip() != b.strip():
            rows.append((labels.get(key, key), a, b))
    return rows


class ConflictDialog(QDialog):
    """Who saved and when, both texts side by side, and the two choices."""

    placement_key = "minutes-conflict"

    def __init__(self, message: str, theirs: dict[str, Any], mine: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Saved by someone else"))
        self.setStyleSheet(EDITOR_STYLE)
        self.setModal(True)
        self.message = QLabel(message, self)
        self.message.setWordWrap(True)
        rows = differences(theirs, mine)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([_("Field"), _("Their text (saved)"),
                                              _("Your text (not saved)")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.same = QLabel(_("The texts are the same: only the record's version changed."), self)
        self.same.setVisible(not rows)
        self.buttons = QDialogButtonBox(self)
        self.reload_button = self.buttons.addButton(_("Reload their text"),
                                                    QDialogButtonBox.ButtonRole.DestructiveRole)
        self.keep_button = self.buttons.addButton(_("Keep my text"),
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setDefault(True)
        self.chosen: str | None = None
        self.reload_button.clicked.connect(lambda: self._choose("reload"))
        self.keep_button.clicked.connect(lambda: self._choose("keep"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.same)
        layout.addWidget(self.buttons)
        placement.fit_and_remember(self, self.placement_key, (900, 520))
        self.keep_button.setFocus()

    def showEvent(self, event) -> None:  # Qt override: rows fit the columns' real width
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def _choose(self, choice: str) -> None:
        self.chosen = choice
        self.accept()

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, row by row."""
        rows = []
        for r in range(self.table.rowCount()):
            cells = [self.table.item(r, c) for c in range(3)]
            field, theirs, mine = (cell.text() if cell is not None else "" for cell in cells)
            rows.append((field, theirs, mine))
        return rows
