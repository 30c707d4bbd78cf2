"""The compliance page: every check of OGP's Participation and Co-Creation Standards on the
records (core/compliance), grouped by plan, each with its status, the standard, the
evidence it decided on and what to do. Opened from the home screen; a record the evidence
names (a meeting, a step) opens with Enter or a double click."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.compliance import Result, Status, check
from ogp_desktop.core.compliance.checks import STATUS_LABELS
from ogp_desktop.core.db import Database
from ogp_desktop.ui import common, placement
from ogp_desktop.ui.common import _

COLOURS = {Status.MET: "#2e7d32", Status.NOT_MET: "#b71c1c", Status.UNKNOWN: "#8a6d00",
           Status.NOT_APPLICABLE: "#607d8b"}
LINK = Qt.ItemDataRole.UserRole  # on a line of evidence: the record it opens


def status_text(status: Status) -> str:
    return _(STATUS_LABELS[status])


class ComplianceDialog(QDialog):
    """The results in a tree: one row per check (status | standard | requirement), its
    evidence and advice below it."""

    openMeeting = Signal(int)
    openStep = Signal(int)

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Compliance with OGP's standards"))
        self.db = db
        self.today = today
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("How the records meet OGP's Participation and Co-Creation "
                                  "Standards. Enter or a double click opens a meeting or a "
                                  "step named in the evidence.")))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Status"), _("Standard"), _("Requirement")])
        self.tree.setWordWrap(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.results: list[Result] = []
        self.reload()
        placement.fit_and_remember(self, "compliance", (980, 640))

    def reload(self) -> None:
        today = self.today
        with self.db.session(write=False) as session:
            self.results = check(session, today=today)
        translate = common.translator()
        self.tree.clear()
        group: QTreeWidgetItem | None = None
        plan: object = object()
        for r in self.results:
            if r.plan_id != plan:
                plan = r.plan_id
                group = QTreeWidgetItem([r.plan_title or _("The secretariat")])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                self.tree.addTopLevelItem(group)
                group.setFirstColumnSpanned(True)
                group.setExpanded(True)
            assert group is not None
            row = QTreeWidgetItem([status_text(r.status), common.ltr(r.standard),
                                   r.title.render(translate)])
            row.setForeground(0, QBrush(QColor(COLOURS[r.status])))
            row.setData(0, LINK, ("result", r.check, r.plan_id))
            group.addChild(row)
            opens = [(kind, i) for kind, i in r.links if kind in ("meeting", "step")]
            if opens:  # Enter on the requirement opens the first record of its evidence
                row.setData(2, LINK, opens[0])
                row.setToolTip(2, _("Enter or a double click opens the record the evidence "
                                    "names first."))
            for line in r.evidence:
                child = QTreeWidgetItem(["", "", line.render(translate)])
                child.setToolTip(2, child.text(2))  # the whole line, when it is cut
                row.addChild(child)
            if r.advice is not None:
                advice = QTreeWidgetItem(["", "", _("What to do: {advice}").format(
                    advice=r.advice.render(translate))])
                # in a colour, not italics: the italic faces lack the Arabic letters
                advice.setForeground(2, QBrush(QColor("#1f4e79")))
                advice.setToolTip(2, advice.text(2))
                row.addChild(advice)
            row.setExpanded(r.status in (Status.NOT_MET, Status.UNKNOWN))

    def item_for(self, check_id: str, plan_id: int | None) -> QTreeWidgetItem | None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            assert group is not None
            for i in range(group.childCount()):
                item = group.child(i)
                if item is not None and item.data(0, LINK) == ("result", check_id, plan_id):
                    return item
        return None

    def show_result(self, check_id: str, plan_id: int | None) -> None:
        item = self.item_for(check_id, plan_id)
        if item is not None:
            item.setExpanded(True)
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        link = item.data(2, LINK)
        if not link:
            return
        if link[0] == "meeting":
            self.openMeeting.emit(link[1])
        elif link[0] == "step":
            self.openStep.emit(link[1])
