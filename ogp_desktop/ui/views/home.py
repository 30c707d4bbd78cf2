"""The home screen, the window's first section: what needs the coordinator today
(core/services/agenda.py) in one list of groups, each line a click (Enter or a double
click) away from its record: minutes open in their editor, a step in the step editor, a
compliance warning or the publication line on the compliance page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.services.agenda import Agenda, Entry, agenda
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.base import Section

OPENS = Qt.ItemDataRole.UserRole  # on a line: ("meeting" | "step" | "compliance", id, …)


class HomeView(Section):
    key = "home"
    openMeeting = Signal(int)
    openStep = Signal(int)
    openCompliance = Signal(object)  # (check id, plan id) to show, or None

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(db, parent)
        self.today = today  # None: the system's date, at each refresh
        self.data = Agenda()
        layout = QVBoxLayout(self)
        self.add_role_line(layout)
        top = QHBoxLayout()
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        top.addWidget(self.heading, 1)
        self.compliance_button = QPushButton(_("Compliance with OGP's standards…"))
        self.compliance_button.clicked.connect(lambda: self.openCompliance.emit(None))
        top.addWidget(self.compliance_button)
        layout.addLayout(top)
        self.published = QLabel()
        layout.addWidget(self.published)
        self.tree = QTreeWidget()
        self.tree.setObjectName("homeList")
        self.tree.setAccessibleName(_("What needs doing"))
        self.tree.setHeaderLabels([_("What"), _("Date")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 700)
        self.tree.itemActivated.connect(self._activated)
        layout.addWidget(self.tree, 1)

    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def refresh(self) -> None:
        today = self.day()
        self.data = self.read(lambda s: agenda(s, today))
        d = self.data
        self.heading.setText(_("Today, {date}").format(date=common.format_date(today,
                                                                              weekday=True)))
        self.published.setText(
            _("The repository was last published on {date}.").format(
                date=common.format_date(d.last_published.date()))
            if d.last_published else _("The repository has not been published yet."))
        self.tree.clear()
        self._group(_("Drafts waiting for approval: {n}"), d.drafts)
        self._group(_("Approved minutes waiting for signatures: {n}"), d.to_sign)
        self._group(_("Overdue action items: {n}"), d.overdue, detail=True)
        self._group(_("Action items due this week: {n}"), d.due_this_week, detail=True)
        self._group(_("Next meetings: {n}"), d.next_meetings)
        self._group(_("Next plan steps: {n}"), d.next_steps, detail=True)
        translate = common.translator()
        group = self._header(_("Compliance warnings: {n}").format(n=len(d.warnings)))
        for r in d.warnings:
            text = r.title.render(translate)
            if r.plan_title:
                text = _("{requirement} ({plan})").format(requirement=text, plan=r.plan_title)
            item = QTreeWidgetItem([text, common.ltr(r.standard)])
            item.setData(0, OPENS, ("compliance", r.check, r.plan_id))
            group.addChild(item)
        line = QTreeWidgetItem([self.published.text(), ""])
        line.setData(0, OPENS, ("compliance", "repository_updated_twice_a_year", None))
        group.addChild(line)
        self.emit_status()

    def _header(self, text: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([text])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(group)
        group.setExpanded(True)
        return group

    def _group(self, title: str, entries: list[Entry], *, detail: bool = False) -> None:
        group = self._header(title.format(n=len(entries)))
        for e in entries:
            text = e.title
            if detail and e.detail:
                text = _("{what} — {where}").format(what=e.title, where=e.detail)
            item = QTreeWidgetItem([text, common.short_date(e.day) if e.day else ""])
            if e.kind == "step":
                item.setData(0, OPENS, ("step", e.id))
            else:
                item.setData(0, OPENS, ("meeting", e.meeting_id))
            item.setToolTip(0, text)
            group.addChild(item)
        if not entries:
            empty = QTreeWidgetItem([_("Nothing.")])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.addChild(empty)

    def items(self) -> list[QTreeWidgetItem]:
        """Every line that opens something, in order."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            assert group is not None
            for i in range(group.childCount()):
                item = group.child(i)
                if item is not None and item.data(0, OPENS):
                    out.append(item)
        return out

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        opens = item.data(0, OPENS)
        if not opens:
            return
        if opens[0] == "meeting":
            self.openMeeting.emit(opens[1])
        elif opens[0] == "step":
            self.openStep.emit(opens[1])
        else:
            self.openCompliance.emit((opens[1], opens[2]))

    def status_text(self) -> str:
        return _("Needing attention: {n}").format(n=self.data.count())

    def focus_first(self) -> None:
        self.tree.setFocus()
        first = self.items()
        if first:
            self.tree.setCurrentItem(first[0])
