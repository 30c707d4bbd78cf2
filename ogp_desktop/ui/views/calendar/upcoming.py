"""The next days (30 unless changed): steps starting or ending, key dates, meetings and
action items due, one line each in date order (`calendar.upcoming`). Enter or a
double-click opens the line's record: a step (or key date) in the step editor, a meeting
(or action item) in the minutes editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.calendar import CalendarKind, UpcomingEntry, UpcomingEvent
from ogp_desktop.core.i18n import N_
from ogp_desktop.ui.common import _, format_date, ngettext, short_date
from ogp_desktop.ui.views.widgets import NumberSpin

from . import style

DEFAULT_DAYS = 30
TARGET = int(Qt.ItemDataRole.UserRole)
WHAT = {
    (CalendarKind.STEP, UpcomingEvent.STARTS): N_("Step starts"),
    (CalendarKind.STEP, UpcomingEvent.ENDS): N_("Step ends"),
    (CalendarKind.STEP, UpcomingEvent.ON): N_("Step"),
    (CalendarKind.KEY_DATE, UpcomingEvent.ON): N_("Key date"),
    (CalendarKind.MEETING, UpcomingEvent.ON): N_("Meeting"),
    (CalendarKind.ACTION_DUE, UpcomingEvent.ON): N_("Action item due"),
}


def what_text(entry: UpcomingEntry) -> str:
    return _(WHAT.get((entry.item.kind, entry.event), N_("Step")))


class UpcomingPage(QWidget):
    openRequested = Signal(str, int)
    daysChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.days = NumberSpin(1, 366)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setAccessibleName(_("Number of days"))
        self.open_button = QPushButton(_("Open item"))
        self.open_button.setToolTip(_("Open the selected item (Enter or double-click)"))
        self.summary = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("The next")))
        bar.addWidget(self.days)
        bar.addWidget(QLabel(_("days")))
        bar.addSpacing(16)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.open_button)

        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setHeaderLabels([_("Date"), _("What"), _("Title"), _("Plan"), _("State")])
        header = self.tree.header()
        header.setStretchLastSection(False)
        for col in (0, 1, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

        self._entries: list[UpcomingEntry] = []
        self.days.valueChanged.connect(self.daysChanged)
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.open_button.clicked.connect(self.open_selected)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_entries(self, entries: list[UpcomingEntry], today: dt.date,
                    plan_names: dict[int, str]) -> None:
        self._entries = list(entries)
        self.tree.clear()
        for entry in entries:
            item = entry.item
            row = QTreeWidgetItem([
                short_date(entry.date),
                what_text(entry),
                style.item_text(item),
                plan_names.get(item.plan_id, "") if item.plan_id is not None else "",
                style.state_label(item.state),
            ])
            row.setData(0, TARGET, item.target)
            row.setToolTip(0, format_date(entry.date, weekday=True))
            row.setToolTip(2, style.item_tooltip(item, plan_names))
            row.setForeground(4, style.state_colour(item.state).darker(120))
            if entry.date == today:
                font = row.font(0)
                font.setBold(True)
                for col in range(5):
                    row.setFont(col, font)
            self.tree.addTopLevelItem(row)
        last = today + dt.timedelta(days=self.days.value())
        self.summary.setText(ngettext("{n} item from {first} to {last}", "{n} items from {first} to {last}",
                                      len(entries)).format(
            n=len(entries), first=short_date(today), last=short_date(last)))
        first_row = self.tree.topLevelItem(0)
        if entries and first_row is not None:
            self.tree.setCurrentItem(first_row)
        self._update_buttons()

    def entries(self) -> list[UpcomingEntry]:
        return list(self._entries)

    def row_of(self, predicate) -> int:
        return next((i for i, e in enumerate(self._entries) if predicate(e)), -1)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.tree.currentItem() is not None)

    def open_item(self, row: QTreeWidgetItem | None) -> None:
        if row is None:
            return
        kind, record_id = row.data(0, TARGET)
        if record_id is not None:
            self.openRequested.emit(kind, record_id)

    def open_selected(self) -> None:
        self.open_item(self.tree.currentItem())
