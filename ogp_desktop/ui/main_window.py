"""The main window. For now: the meetings table over the core's list service."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QMainWindow, QTableView

from ogp_desktop.core.db import Database
from ogp_desktop.core.services.meetings import MeetingRow, list_meetings

STATUS_AR = {"draft": "مسودة", "approved": "معتمد", "signed": "موقّع"}


class MeetingsModel(QAbstractTableModel):
    """Meetings newest first: date, title, committee, plan, status."""

    HEADERS = ("التاريخ", "العنوان", "اللجنة", "الخطة", "الحالة")

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._db = db
        self._rows: list[MeetingRow] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self._db.session() as session:
            self._rows = list_meetings(session)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: ANN201
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        return (row.date.strftime("%d/%m/%Y"), row.title, row.committee or "", row.plan or "",
                STATUS_AR.get(row.status, row.status))[index.column()]

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201, N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle("OGP Desktop — سجلات شراكة الحكومات الشفافة")
        self.meetings = QTableView()
        self.meetings.setModel(MeetingsModel(db))
        self.meetings.horizontalHeader().setStretchLastSection(True)
        self.setCentralWidget(self.meetings)
        self.resize(1200, 700)
