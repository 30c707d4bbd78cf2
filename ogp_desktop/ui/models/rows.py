"""A table model over a list of plain rows, described by columns; and its lazily loading
variant, which pages through a core list service 100 rows at a time (canFetchMore /
fetchMore), so the ten-year database lists as quickly as the demo one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ogp_desktop.ui.common import _

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
FONT = int(Qt.ItemDataRole.FontRole)
ROW = int(Qt.ItemDataRole.UserRole)  # the row object itself
CENTER = int(Qt.AlignmentFlag.AlignCenter)


def one_line(text: str | None) -> str:
    """Multi-line text in one table cell: lines joined, the tooltip shows it whole."""
    if not text:
        return ""
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


@dataclass
class Column:
    """`header` is an English msgid (translated when shown); `value(row)` the cell text."""

    header: str
    value: Callable[[Any], Any]
    align: int | None = None
    tooltip: Callable[[Any], str | None] | None = None
    foreground: Callable[[Any], QColor | None] | None = None
    bold: Callable[[Any], bool] | None = None


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[Any] = []

    # --- rows -----------------------------------------------------------------------------

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: int | QModelIndex) -> Any:
        i = index.row() if isinstance(index, QModelIndex) else index
        return self._rows[i] if 0 <= i < len(self._rows) else None

    def find(self, predicate: Callable[[Any], bool]) -> int:
        """The row number of the first row matching, or -1."""
        return next((i for i, r in enumerate(self._rows) if predicate(r)), -1)

    # --- Qt -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        role = int(role)
        if role == DISPLAY:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == ROW:
            return row
        if role == TOOLTIP:
            if column.tooltip is not None:
                return column.tooltip(row)
            value = column.value(row)
            return None if value in (None, "") else str(value)
        if role == ALIGN and column.align is not None:
            return column.align
        if role == FOREGROUND and column.foreground is not None:
            color = column.foreground(row)
            return QBrush(color) if color is not None else None
        if role == FONT and column.bold is not None and column.bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and int(role) == DISPLAY:
            if 0 <= section < len(self.columns):
                return _(self.columns[section].header)
        return None


class LazyRowsModel(RowsModel):
    """Rows from `load(session, limit, offset)`, a page at a time as the view scrolls."""

    PAGE = 100

    def __init__(self, db, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self.db = db
        self._more = False

    def load(self, session, limit: int, offset: int) -> list[Any]:
        raise NotImplementedError

    def _page(self, offset: int) -> tuple[list[Any], bool]:
        # One row more than a page tells whether another page exists, without a count.
        with self.db.session(write=False) as session:
            rows = self.load(session, self.PAGE + 1, offset)
        return rows[: self.PAGE], len(rows) > self.PAGE

    def reload(self) -> None:
        """Back to the first page (after a filter changed or records were written)."""
        rows, more = self._page(0)
        self.beginResetModel()
        self._rows, self._more = rows, more
        self.endResetModel()

    def has_more(self) -> bool:
        return self._more

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        rows, more = self._page(len(self._rows))
        self._more = more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()
