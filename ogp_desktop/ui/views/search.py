"""One search over every record (issue 13, item 6): the box (Ctrl+F from anywhere in the
main window or a minutes editor), filters by plan, committee, dates and status, and the
results grouped by kind — the group of the best hit first — each with its title and the
text around the hit, the hit in bold. Enter or a double-click opens the record at the hit:
minutes in the editor with the field of the hit focused, a step in its editor, a plan,
commitment, committee, person or organisation selected in its section."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError
from ogp_desktop.core.models import MinutesStatus
from ogp_desktop.core.search.kinds import KIND_LABELS
from ogp_desktop.core.search.service import Hit, SearchFilters, grouped_by_kind, search
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import _, ngettext, short_date
from ogp_desktop.ui.editors.widgets import first_problem
from ogp_desktop.ui.models.labels import choices
from ogp_desktop.ui.views.base import Section
from ogp_desktop.ui.views.widgets import (
    ChoiceBox,
    DateEdit,
    button_row,
    fill_plan_and_committee_filters,
)

RESULTS = 200  # at most, per search

HIT_ROLE = Qt.ItemDataRole.UserRole + 1


def marked(hit: Hit) -> str:
    """The snippet as rich text: the hit's words in bold, the rest escaped."""
    out, last = [], 0
    for a, b in sorted(hit.highlights):
        out.append(html.escape(hit.snippet[last:a]))
        out.append("<b>" + html.escape(hit.snippet[a:b]) + "</b>")
        last = b
    out.append(html.escape(hit.snippet[last:]))
    return "".join(out)


class SearchView(Section):
    key = "search"
    openRequested = Signal(object)  # the Hit to open (the main window opens it)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.hits: list[Hit] = []
        self.box = QLineEdit()
        self.box.setObjectName("search-box")
        self.box.setPlaceholderText(_("Search every record: words as they are written, any "
                                      "spelling (Ctrl+F)"))
        self.box.setClearButtonEnabled(True)
        self.search_button = QPushButton(_("Search"))
        self.plan_filter = ChoiceBox()
        self.committee_filter = ChoiceBox()
        self.status_filter = ChoiceBox()
        self.since = DateEdit()
        self.until = DateEdit()
        filters = QGridLayout()
        filters.addWidget(QLabel(_("Plan")), 0, 0)
        filters.addWidget(self.plan_filter, 0, 1)
        filters.addWidget(QLabel(_("Committee")), 0, 2)
        filters.addWidget(self.committee_filter, 0, 3)
        filters.addWidget(QLabel(_("Status")), 1, 0)
        filters.addWidget(self.status_filter, 1, 1)
        filters.addWidget(QLabel(_("From")), 1, 2)
        filters.addWidget(self.since, 1, 3)
        filters.addWidget(QLabel(_("To")), 1, 4)
        filters.addWidget(self.until, 1, 5)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.results = QTreeWidget()
        self.results.setObjectName("search-results")
        self.results.setColumnCount(2)
        self.results.setHeaderLabels([_("Record"), _("Where the words are")])
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setUniformRowHeights(False)
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 380)
        header.setStretchLastSection(True)
        layout = QVBoxLayout(self)
        top = button_row(self.box, self.search_button)
        top.setStretch(0, 1)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.results, 1)
        self.box.returnPressed.connect(self.run)
        self.search_button.clicked.connect(self.run)
        for box in (self.plan_filter, self.committee_filter, self.status_filter):
            box.currentIndexChanged.connect(self._rerun)
        self.since.dateChanged.connect(self._rerun)
        self.until.dateChanged.connect(self._rerun)
        self.results.itemActivated.connect(self._activated)
        self.status_filter.set_choices(choices(MinutesStatus), none=_("Any status"))

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        fill_plan_and_committee_filters(self.read, self.plan_filter, self.committee_filter)
        if self.box.text().strip():
            self.run()

    def focus_first(self) -> None:
        self.focus_box()

    def focus_box(self) -> None:
        """Ctrl+F: the box, its words selected (typing replaces them)."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def filters(self) -> SearchFilters:
        status = self.status_filter.value()
        return SearchFilters(plan_id=self.plan_filter.value(),
                             committee_id=self.committee_filter.value(),
                             date_from=self.since.value(), date_to=self.until.value(),
                             status=str(status) if status else None)

    def _rerun(self) -> None:
        if self.box.text().strip() and not first_problem([self.since, self.until]):
            self.run()

    def run(self) -> list[Hit]:
        """Search for the box's words; the results replace the last ones."""
        query = self.box.text()
        if first_problem([self.since, self.until]):
            return self.hits  # a date half typed: said at its field
        try:
            with self.db.session(write=False) as session:
                hits = search(session, query, limit=RESULTS, filters=self.filters())
        except DomainError as exc:
            self.show_hits([])
            self.message.setText(errors.error_text(exc, with_field=False))
            self.emit_status()
            return []
        self.show_hits(hits)
        return hits

    def show_hits(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.results.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for hit in grouped_by_kind(hits):
            group = groups.get(hit.kind)
            if group is None:
                group = groups[hit.kind] = QTreeWidgetItem(self.results)
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setFirstColumnSpanned(True)
            item = QTreeWidgetItem(group)
            title = hit.title
            if hit.date is not None:
                title = _("{title} ({date})").format(title=title, date=short_date(hit.date))
            item.setText(0, title)
            item.setToolTip(0, title)
            item.setData(0, HIT_ROLE, hit)
            label = QLabel(marked(hit))
            label.setTextFormat(Qt.TextFormat.RichText)  # one line: the snippet is short
            label.setToolTip(hit.snippet)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            self.results.setItemWidget(item, 1, label)
        for kind, group in groups.items():
            group.setText(0, _("{kind} ({n})").format(kind=_(KIND_LABELS.get(kind, kind)),
                                                      n=group.childCount()))
            group.setExpanded(True)
        if hits:
            self.message.setText(ngettext("{n} record found.", "{n} records found.",
                                          len(hits)).format(n=len(hits)))
            first = next(iter(groups.values())).child(0)
            if first is not None:
                self.results.setCurrentItem(first)
        elif self.box.text().strip():
            self.message.setText(_("Nothing found. Try fewer words, or another form of the "
                                   "word."))
        self.emit_status()

    def status_text(self) -> str:
        return self.message.text()

    def current_hit(self) -> Hit | None:
        item = self.results.currentItem()
        value: Any = item.data(0, HIT_ROLE) if item is not None else None
        return value if isinstance(value, Hit) else None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        hit = item.data(0, HIT_ROLE)
        if isinstance(hit, Hit):
            self.openRequested.emit(hit)

    def open_current(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.openRequested.emit(hit)
