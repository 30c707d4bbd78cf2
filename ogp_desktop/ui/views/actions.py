"""Action items: every open item across meetings, overdue first; filter by owner and
committee; mark done; open the meeting an item came from.

Marking done works on signed minutes too: an item's follow-up status is not part of what
was signed (services.action_items)."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.models import ActionStatus
from ogp_desktop.core.services import action_items
from ogp_desktop.core.services import committees as committees_svc
from ogp_desktop.ui.common import _
from ogp_desktop.ui.models.actions import ActionItemsModel
from ogp_desktop.ui.views.base import FAILED, Section
from ogp_desktop.ui.views.widgets import (
    ChoiceBox,
    hint,
    select_row,
    selected_record,
    selected_rows,
    setup_table,
)

DEBOUNCE_MS = 300


class ActionItemsView(Section):
    key = "actions"
    openRequested = Signal(int)  # meeting id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.done_button = QPushButton(_("Mark done"))
        self.done_button.setToolTip(_("The item leaves this list; its minutes are not changed, "
                                      "even when they are signed"))
        self.open_button = QPushButton(_("Open meeting"))
        self.owner_filter = QLineEdit()
        self.owner_filter.setPlaceholderText(_("Owner's name"))
        self.owner_filter.setClearButtonEnabled(True)
        self.committee_filter = ChoiceBox()

        bar = QHBoxLayout()
        bar.addWidget(self.done_button)
        bar.addWidget(self.open_button)
        bar.addSpacing(24)
        bar.addWidget(QLabel(_("Owner")))
        bar.addWidget(self.owner_filter, 1)
        bar.addWidget(QLabel(_("Committee")))
        bar.addWidget(self.committee_filter, 2)

        self.model = ActionItemsModel(db, self, load=False)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, stretch=0, fit=(2, 4), widths={1: 170, 3: 190, 5: 220})

        layout = QVBoxLayout(self)
        self.add_role_line(layout)
        layout.addLayout(bar)
        layout.addWidget(hint(_("Open action items of all meetings; overdue items first, "
                                "then by due date, items without a due date last.")))
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)
        self.owner_filter.textChanged.connect(self._debounce.start)
        self.committee_filter.currentIndexChanged.connect(self.apply_filters)
        self.done_button.clicked.connect(self.mark_done)
        self.open_button.clicked.connect(self.open_selected)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.model.modelReset.connect(self.update_actions)
        self.model.modelReset.connect(self.emit_status)
        self.model.rowsInserted.connect(self.emit_status)
        self.offer_writing([self.done_button], [])
        self.update_actions()

    def refresh(self) -> None:
        committees = self.read(
            lambda s: [(c.id, c.name) for c in committees_svc.list_committees(s)])
        self.committee_filter.blockSignals(True)
        self.committee_filter.set_choices(committees, none=_("All committees"))
        self.committee_filter.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        current = self._selected()
        keep = current.id if current else None
        row = selected_rows(self.table)
        self.model.set_filters(owner=self.owner_filter.text().strip(),
                               committee_id=self.committee_filter.value())
        if keep is not None:
            found = self.model.find(lambda r: r.id == keep)
            if found >= 0:
                select_row(self.table, found)
            elif row:  # the item left the list: select the one that took its place
                select_row(self.table, min(row[0], self.model.rowCount() - 1))

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.reload()

    def status_text(self) -> str:
        n = self.model.rowCount()
        if self.model.has_more():
            return _("Open action items shown: {n} (more load as you scroll)").format(n=n)
        return _("Open action items shown: {n}").format(n=n)

    def focus_first(self) -> None:
        self.table.setFocus()

    def _selected(self) -> action_items.ActionRow | None:
        return selected_record(self.table, self.model)

    def update_actions(self) -> None:
        selected = self._selected() is not None
        self.done_button.setEnabled(selected)
        self.open_button.setEnabled(selected)

    def mark_done(self) -> None:
        item = self._selected()
        if item is None or not self.may_write:
            return
        if self.write(lambda s: action_items.set_status(s, item.id, ActionStatus.DONE)) is FAILED:
            return
        self.reload()

    def open_row(self, row: int) -> None:
        item = self.model.row(row)
        if item is not None:
            self.openRequested.emit(item.meeting_id)

    def open_selected(self) -> None:
        item = self._selected()
        if item is not None:
            self.openRequested.emit(item.meeting_id)
