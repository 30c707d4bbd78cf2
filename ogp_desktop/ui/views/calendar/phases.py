"""The phases and steps of a plan as a tree, where they are edited and put in order:
edit (the phase and step editors), new phase, new step, move a step up or down in its
phase, move it to another phase (buttons, or drag and drop in the tree), delete, and
renumber the plan's steps consecutively (offered after a move, since moving keeps a step's
number). Each of these is one unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from ogp_desktop.core.calendar import step_state
from ogp_desktop.core.models import Phase, Step
from ogp_desktop.core.services import steps as steps_svc
from ogp_desktop.ui.common import _, ngettext
from ogp_desktop.ui.views.base import FAILED, Section
from ogp_desktop.ui.views.widgets import confirm, hint

from . import style

if TYPE_CHECKING:
    import datetime as dt

KIND = int(Qt.ItemDataRole.UserRole)
RECORD = KIND + 1


@dataclass
class StepRow:
    id: int
    number: int
    title: str
    start: Any
    end: Any
    done: bool
    state: str
    responsible: str | None
    row_version: int = 1


@dataclass
class PhaseRow:
    id: int
    number: int
    title: str
    steps: list[StepRow] = field(default_factory=list)
    row_version: int = 1


def load_phases(session, plan_id: int, today: dt.date) -> list[PhaseRow]:
    phases = session.scalars(select(Phase).where(Phase.plan_id == plan_id).order_by(Phase.number))
    rows = []
    for ph in phases:
        row = PhaseRow(ph.id, ph.number, ph.title, row_version=ph.row_version)
        for s in session.scalars(select(Step).where(Step.phase_id == ph.id)
                                 .order_by(Step.number, Step.id)):
            row.steps.append(StepRow(
                s.id, s.number, s.title, s.start_date, s.end_date, bool(s.done),
                step_state(s, today).value,
                s.responsible_organisation.name if s.responsible_organisation else None,
                s.row_version))
        rows.append(row)
    return rows


def numbers_follow_phases(phases: list[PhaseRow]) -> bool:
    """Whether the steps are numbered consecutively in phase order."""
    numbers = [s.number for p in phases for s in p.steps]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True


class PhaseTree(QTreeWidget):
    """Drag a step onto a phase (last in it) or between steps (there)."""

    stepDropped = Signal(int, int, int)  # step id, phase id, index in the phase

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def drop_target(self, dragged: QTreeWidgetItem | None, target: QTreeWidgetItem | None,
                    position: QAbstractItemView.DropIndicatorPosition) -> tuple[int, int, int] | None:
        """(step id, phase id, index in the phase) for a step dropped at `position` of
        `target`; None when that is not a place for a step."""
        if dragged is None or dragged.data(0, KIND) != "step" or target is None:
            return None
        where = QAbstractItemView.DropIndicatorPosition
        phase_item: QTreeWidgetItem | None
        if target.data(0, KIND) == "phase":
            phase_item = target
            if position == where.OnItem:
                index = phase_item.childCount()  # last in the phase
            elif position == where.BelowItem:
                index = 0  # just below the phase's title: first in it
            else:  # above a phase: the end of the phase before it
                above = self.indexOfTopLevelItem(phase_item) - 1
                if above < 0:
                    return None
                phase_item = self.topLevelItem(above)
                assert phase_item is not None  # above >= 0 and before the target
                index = phase_item.childCount()
        else:
            phase_item = target.parent()
            if phase_item is None:  # only phases are top-level items
                return None
            index = phase_item.indexOfChild(target)
            if position == where.BelowItem:
                index += 1
        if dragged.parent() is phase_item and phase_item.indexOfChild(dragged) < index:
            index -= 1  # the dragged step leaves its place first
        return dragged.data(0, RECORD), phase_item.data(0, RECORD), index

    def dropEvent(self, event: QDropEvent) -> None:
        found = self.drop_target(self.currentItem(), self.itemAt(event.position().toPoint()),
                                 self.dropIndicatorPosition())
        event.ignore()  # the tree is rebuilt from the database, never moved by Qt itself
        if found is not None:
            # after the drag has ended: the move rebuilds the tree
            QTimer.singleShot(0, lambda: self.stepDropped.emit(*found))


class PhasesPage(QWidget):
    openStep = Signal(int)     # step id
    openPhase = Signal(int)    # phase id
    newStep = Signal(int)      # phase id
    newPhase = Signal()
    # after a change made here, so the calendar section reloads its tabs: the page reads
    # and writes through `section` (a Section's units of work) but never calls back into it
    recordsWritten = Signal()

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.plan_id: int | None = None
        self.phases: list[PhaseRow] = []

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.edit_button = QPushButton(_("Edit…"))
        self.new_phase_button = QPushButton(_("New phase…"))
        self.new_step_button = QPushButton(_("New step…"))
        self.up_button = QPushButton(_("Move up"))
        self.down_button = QPushButton(_("Move down"))
        self.move_button = QPushButton(_("Move to phase"))
        self.move_menu = QMenu(self.move_button)
        self.move_button.setMenu(self.move_menu)
        self.renumber_button = QPushButton(_("Renumber steps"))
        self.renumber_button.setToolTip(
            _("Number every step of the plan consecutively, in phase order"))
        self.delete_button = QPushButton(_("Delete"))
        bar = QHBoxLayout()
        for button in (self.edit_button, self.new_phase_button, self.new_step_button,
                       self.up_button, self.down_button, self.move_button,
                       self.renumber_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)

        # the offer to renumber after a move
        self.offer = QFrame()
        self.offer.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer.setStyleSheet("QFrame { background: #fff8e1; }")
        offer_layout = QHBoxLayout(self.offer)
        offer_layout.setContentsMargins(8, 4, 8, 4)
        self.offer_text = QLabel(_("The step numbers no longer follow the phases."))
        self.offer_button = QPushButton(_("Renumber now"))
        offer_layout.addWidget(self.offer_text, 1)
        offer_layout.addWidget(self.offer_button)
        self.offer.hide()

        self.tree = PhaseTree()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([_("No."), _("Phase / step"), _("Dates"), _("State"),
                                   _("Responsible")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 200)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.offer)
        layout.addWidget(self.tree, 1)
        self.drag_hint = hint(_("Drag a step to another place or phase, or use the buttons. "
                                "A moved step keeps its number until the steps are renumbered."))
        layout.addWidget(self.drag_hint)

        self.edit_button.clicked.connect(self.edit_selected)
        self.new_phase_button.clicked.connect(self.newPhase)
        self.new_step_button.clicked.connect(self.new_step)
        self.up_button.clicked.connect(lambda: self.move_within(-1))
        self.down_button.clicked.connect(lambda: self.move_within(1))
        self.renumber_button.clicked.connect(self.renumber)
        self.offer_button.clicked.connect(self.renumber)
        self.delete_button.clicked.connect(self.delete_selected)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.tree.itemActivated.connect(lambda _item, _col: self.edit_selected())
        self.tree.itemSelectionChanged.connect(self.update_buttons)
        self.tree.stepDropped.connect(self.drop_step)
        if not section.may_write:  # a viewer on the office's server reads the phases
            for button in (self.new_phase_button, self.new_step_button, self.up_button,
                           self.down_button, self.move_button, self.renumber_button,
                           self.delete_button, self.offer_button):
                button.hide()
            self.edit_button.setText(_("Open…"))
            self.drag_hint.hide()
            self.tree.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.update_buttons()

    # --- loading ------------------------------------------------------------------------------

    def set_plan(self, plan_id: int | None, title: str, today: dt.date,
                 keep_item: tuple[str, int] | None = None) -> None:
        keep = keep_item or self.selected()
        self.plan_id = plan_id
        self.title.setText(title)
        self.phases = self.section.read(lambda s: load_phases(s, plan_id, today)) \
            if plan_id is not None else []
        self.tree.clear()
        found = None
        for ph in self.phases:
            top = QTreeWidgetItem([str(ph.number), ph.title, "", "", ""])
            top.setData(0, KIND, "phase")
            top.setData(0, RECORD, ph.id)
            font = top.font(1)
            font.setBold(True)
            for col in range(5):
                top.setFont(col, font)
            top.setFlags((top.flags() | Qt.ItemFlag.ItemIsDropEnabled) & ~Qt.ItemFlag.ItemIsDragEnabled)
            dated = [s for s in ph.steps if s.start or s.end]
            if dated:
                first = min(s.start or s.end for s in dated)
                last = max(s.end or s.start for s in dated)
                top.setText(2, style.date_range_text(first, last))
            self.tree.addTopLevelItem(top)
            if keep == ("phase", ph.id):
                found = top
            for st in ph.steps:
                child = QTreeWidgetItem([str(st.number), " ".join(st.title.split()),
                                         style.date_range_text(st.start or st.end, st.end),
                                         style.state_label(st.state), st.responsible or ""])
                child.setData(0, KIND, "step")
                child.setData(0, RECORD, st.id)
                child.setToolTip(1, st.title)
                child.setForeground(3, style.state_colour(st.state).darker(120))
                child.setFlags((child.flags() | Qt.ItemFlag.ItemIsDragEnabled)
                               & ~Qt.ItemFlag.ItemIsDropEnabled)
                top.addChild(child)
                if keep == ("step", st.id):
                    found = child
        self.tree.expandAll()
        if found is not None:
            self.tree.setCurrentItem(found)
        elif (first := self.tree.topLevelItem(0)) is not None:
            self.tree.setCurrentItem(first)
        self.new_phase_button.setEnabled(plan_id is not None)
        self.renumber_button.setEnabled(any(p.steps for p in self.phases))
        self.update_buttons()

    def step_numbers(self) -> list[tuple[int, int, int]]:
        """(phase number, step number, step id) in tree order."""
        return [(p.number, s.number, s.id) for p in self.phases for s in p.steps]

    def item_for(self, kind: str, record_id: int) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            assert top is not None  # i is in range
            if kind == "phase" and top.data(0, RECORD) == record_id:
                return top
            for j in range(top.childCount()):
                child = top.child(j)
                assert child is not None  # j is in range
                if kind == "step" and child.data(0, RECORD) == record_id:
                    return child
        return None

    def select(self, kind: str, record_id: int) -> None:
        item = self.item_for(kind, record_id)
        if item is not None:
            self.tree.setCurrentItem(item)

    def selected(self) -> tuple[str, int] | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return item.data(0, KIND), item.data(0, RECORD)

    def _phase_of(self, step_id: int) -> PhaseRow | None:
        return next((p for p in self.phases if any(s.id == step_id for s in p.steps)), None)

    def update_buttons(self) -> None:
        sel = self.selected()
        is_step = sel is not None and sel[0] == "step"
        self.edit_button.setEnabled(sel is not None)
        self.delete_button.setEnabled(sel is not None)
        self.new_step_button.setEnabled(bool(self.phases))
        phase, index = None, -1
        if sel is not None and sel[0] == "step":
            phase = self._phase_of(sel[1])
            if phase is not None:
                index = [s.id for s in phase.steps].index(sel[1])
        self.up_button.setEnabled(is_step and index > 0)
        self.down_button.setEnabled(is_step and phase is not None and index < len(phase.steps) - 1)
        self.move_button.setEnabled(is_step and len(self.phases) > 1)

    # --- actions ------------------------------------------------------------------------------

    def edit_selected(self) -> None:
        sel = self.selected()
        if sel is None:
            return
        (self.openStep if sel[0] == "step" else self.openPhase).emit(sel[1])

    def new_step(self) -> None:
        sel = self.selected()
        if sel is None:
            phase_id = self.phases[-1].id if self.phases else None
        elif sel[0] == "phase":
            phase_id = sel[1]
        else:
            phase = self._phase_of(sel[1])
            phase_id = phase.id if phase else None
        if phase_id is not None:
            self.newStep.emit(phase_id)

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        sel = self.selected()
        current = self._phase_of(sel[1]) if sel and sel[0] == "step" else None
        for ph in self.phases:
            action = self.move_menu.addAction(
                _("Phase {n}: {title}").format(n=ph.number, title=ph.title))
            action.setEnabled(current is None or ph.id != current.id)
            action.triggered.connect(lambda _checked=False, pid=ph.id: self.move_to_phase(pid))

    def _after_change(self, select: tuple[str, int] | None, moved: bool = False) -> None:
        self.recordsWritten.emit()
        if select is not None:
            self.select(*select)
        if moved and not numbers_follow_phases(self.phases):
            self.offer.show()
        elif numbers_follow_phases(self.phases):
            self.offer.hide()

    def move_to_phase(self, phase_id: int, index: int | None = None) -> bool:
        """Move the selected step to another phase (last in it, or at `index`)."""
        sel = self.selected()
        if sel is None or sel[0] != "step":
            return False
        return self.drop_step(sel[1], phase_id, index)

    def drop_step(self, step_id: int, phase_id: int, index: int | None = None) -> bool:
        """Put a step in a phase at `index` (None: by its number). Its number stays; the
        numbers of the phase's steps are handed out again in the new order, and
        renumbering the plan is offered."""
        if not self.section.may_write:
            return False
        def action(s):
            step = steps_svc.get_step(s, step_id)
            if step.phase_id != phase_id:
                steps_svc.move_step(s, step, phase_id)
            if index is not None:
                order = [x.id for x in s.scalars(select(Step).where(Step.phase_id == phase_id)
                                                 .order_by(Step.number, Step.id)) if x.id != step_id]
                order.insert(max(0, min(index, len(order))), step_id)
                steps_svc.reorder_steps(s, phase_id, order)
            return True
        if self.section.write(action) is FAILED:
            return False
        self._after_change(("step", step_id), moved=True)
        return True

    def move_within(self, delta: int) -> bool:
        """Move the selected step up or down in its phase (the two swap numbers)."""
        sel = self.selected()
        if sel is None or sel[0] != "step" or not self.section.may_write:
            return False
        phase = self._phase_of(sel[1])
        assert phase is not None  # the selected step was loaded with the phases
        ids = [s.id for s in phase.steps]
        i = ids.index(sel[1])
        j = i + delta
        if not 0 <= j < len(ids):
            return False
        ids[i], ids[j] = ids[j], ids[i]
        if self.section.write(lambda s: steps_svc.reorder_steps(s, phase.id, ids)) is FAILED:
            return False
        self._after_change(sel)
        return True

    def renumber(self) -> bool:
        plan_id = self.plan_id
        if plan_id is None or not self.section.may_write:
            return False
        sel = self.selected()
        result = self.section.write(lambda s: steps_svc.renumber_steps(s, plan_id))
        if result is FAILED:
            return False
        self.offer.hide()
        self._after_change(sel)
        self.section.notice.emit(ngettext("Steps renumbered: {n} number changed.",
                                          "Steps renumbered: {n} numbers changed.",
                                          len(result)).format(n=len(result)))
        return True

    def delete_selected(self) -> bool:
        sel = self.selected()
        if sel is None or not self.section.may_write:
            return False
        kind, record_id = sel
        if kind == "step":
            step = next(s for p in self.phases for s in p.steps if s.id == record_id)
            if not confirm(self, _("Delete step"), _("Delete step {n}, “{title}”, with its key "
                                                      "dates?").format(n=step.number,
                                                                       title=step.title[:80])):
                return False
            result = self.section.write(lambda s: steps_svc.delete_step(
                s, record_id, expected_version=step.row_version))
        else:
            phase = next(p for p in self.phases if p.id == record_id)
            if not confirm(self, _("Delete phase"), _("Delete phase {n}, “{title}”?").format(
                    n=phase.number, title=phase.title)):
                return False
            result = self.section.write(lambda s: steps_svc.delete_phase(
                s, record_id, expected_version=phase.row_version))
        if result is FAILED:
            return False
        self._after_change(None)
        return True
