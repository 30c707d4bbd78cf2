"""Plans and commitments: the national action plans with a form, and the selected plan's
commitments with theirs (lead and other organisations, OGP values, completion,
milestones). Errors from the services are shown at the field they name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ogp_desktop.core import typed_dates
from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import (
    Commitment,
    Completion,
    MilestoneStatus,
    OgpValue,
    OpenGovernment,
    Plan,
    PlanStatus,
)
from ogp_desktop.core.services import directory
from ogp_desktop.core.services import evidence as evidence_svc
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.widgets import PROBLEM_MESSAGES
from ogp_desktop.ui.models.labels import label
from ogp_desktop.ui.models.rows import CENTER, Column, RowsModel
from ogp_desktop.ui.views.base import FAILED, Opened, Section
from ogp_desktop.ui.views.widgets import (
    ChoiceBox,
    DateEdit,
    FormErrors,
    NameBox,
    NumberSpin,
    button_row,
    commit_open_editor,
    confirm,
    heading,
    panel_box,
    reselect,
    select_row,
    selected_record,
    setup_table,
    title_row,
)

EDIT = int(Qt.ItemDataRole.EditRole)


@dataclass
class PlanRow:
    id: int
    ordinal: int
    title: str
    first_year: int
    last_year: int
    status: str
    description: str | None
    row_version: int


@dataclass
class CommitmentRow:
    id: int
    number: int
    title: str
    description: str | None
    lead: str | None
    others: list[str]
    values: list[str]
    completion: str | None
    milestones: list[dict[str, Any]] = field(default_factory=list)
    row_version: int = 1
    open_government: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)  # stored links, with titles


def _plan_rows(session) -> list[PlanRow]:
    return [PlanRow(p.id, p.ordinal, p.title, p.first_year, p.last_year, p.status.value,
                    p.description, p.row_version) for p in plans_svc.list_plans(session)]


def _commitment_rows(session, plan_id: int) -> list[CommitmentRow]:
    plan = plans_svc.get_plan(session, plan_id)
    return [
        CommitmentRow(
            c.id, c.number, c.title, c.description,
            c.lead_organisation.name if c.lead_organisation else None,
            [o.name for o in c.partners], [v.value for v in c.values],
            c.completion.value if c.completion else None,
            [{"title": m.title, "start": m.start_date, "end": m.end_date,
              "deliverable": m.deliverable, "status": m.status.value if m.status else None}
             for m in c.milestones],
            c.row_version,
            c.open_government.value if c.open_government else None,
            [{"kind": e.kind, "id": e.id, "note": e.note,
              "text": evidence_text(e.kind, e.title, e.date, e.note, e.found)}
             for e in evidence_svc.resolve(session, c)],
        )
        for c in plan.commitments
    ]


def evidence_text(kind: str, title: str, day: dt.date | None, note: str | None,
                  found: bool = True) -> str:
    """How a link to evidence reads in the form's list."""
    if not found:
        text = _("A record no longer in the records")
    elif kind == "note":
        return note or ""
    else:
        template = {"meeting": _("Minutes of {date}: {title}"),
                    "action_item": _("Action item of the minutes of {date}: {title}"),
                    "attachment": _("Attachment to the minutes of {date}: {title}")}[kind]
        text = template.format(date=common.short_date(day) if day else "", title=title)
    return _("{text} — {note}").format(text=text, note=note) if note else text


def _evidence_choices(session, plan_id: int) -> list[tuple[dict[str, Any], str]]:
    """What can be linked as evidence: the plan's minutes (its own and its committees'),
    their action items and attachments, newest first."""
    from sqlalchemy import or_, select
    from sqlalchemy.orm import selectinload

    from ogp_desktop.core.models import Committee, Meeting

    meetings = session.scalars(
        select(Meeting).outerjoin(Committee, Meeting.committee_id == Committee.id)
        .where(or_(Meeting.plan_id == plan_id, Committee.plan_id == plan_id))
        .options(selectinload(Meeting.action_items), selectinload(Meeting.attachments))
        .order_by(Meeting.date.desc(), Meeting.id.desc())).all()
    out = []
    for m in meetings:
        out.append(({"kind": "meeting", "id": m.id}, evidence_text("meeting", m.title, m.date, None)))
        for a in m.action_items:
            out.append(({"kind": "action_item", "id": a.id},
                        evidence_text("action_item", a.text, m.date, None)))
        for att in m.attachments:
            out.append(({"kind": "attachment", "id": att.id},
                        evidence_text("attachment", att.name, m.date, None)))
    return out


class DateDelegate(QStyledItemDelegate):
    """Dates in a table cell: a date field to edit, 14/6/2021 to show, empty allowed. A
    text that is not a date stays in the cell as typed (a str, shown red) and `cell_date`
    refuses it when the table is saved: never kept as the old date or as none."""

    def createEditor(self, parent: QWidget, option,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        return DateEdit(parent)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, DateEdit)  # createEditor's
        value = index.data(EDIT)
        if isinstance(value, str):
            editor.setText(value)
        else:
            editor.set_value(common.from_qdate(value) if isinstance(value, QDate) else None)

    def setModelData(self, editor: QWidget, model,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, DateEdit)  # createEditor's
        problem = editor.problem()
        if problem is not None:
            model.setData(index, editor.text(), EDIT)
            model.setData(index, QColor("#b71c1c"), Qt.ItemDataRole.ForegroundRole)
            model.setData(index, _(problem), Qt.ItemDataRole.ToolTipRole)
            return
        day = editor.value()
        model.setData(index, common.to_qdate(day) if day else None, EDIT)
        model.setData(index, None, Qt.ItemDataRole.ForegroundRole)
        model.setData(index, None, Qt.ItemDataRole.ToolTipRole)

    def displayText(self, value: Any, locale) -> str:
        if isinstance(value, QDate) and value.isValid():
            return common.short_date(common.from_qdate(value))
        if isinstance(value, str):
            return value
        return ""


def cell_date(item: QTableWidgetItem | None, field: str) -> dt.date | None:
    """The day of a DateDelegate cell; ValidationError at `field` for a text kept as typed
    that is not a date."""
    value = item.data(EDIT) if item else None
    if isinstance(value, str):
        try:
            return typed_dates.parse_date(value)
        except typed_dates.NotADate as exc:
            raise ValidationError(PROBLEM_MESSAGES[exc.problem], field=field) from None
    return common.from_qdate(value) if isinstance(value, QDate) else None


class MilestonesTable(QTableWidget):
    """Milestones of a commitment: title, start, end, deliverable; one per row."""

    HEADERS = (N_("Milestone"), N_("Start"), N_("End"), N_("Deliverable"), N_("Status"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self._dates = DateDelegate(self)
        self.setItemDelegateForColumn(1, self._dates)
        self.setItemDelegateForColumn(2, self._dates)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(120)

    def set_milestones(self, milestones: list[dict[str, Any]]) -> None:
        self.setRowCount(0)
        for m in milestones:
            self.add_milestone(m)

    def add_milestone(self, m: dict[str, Any] | None = None) -> int:
        m = m or {}
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(m.get("title") or ""))
        for col, key in ((1, "start"), (2, "end")):
            item = QTableWidgetItem()
            if m.get(key):
                item.setData(EDIT, common.to_qdate(m[key]))
            self.setItem(row, col, item)
        self.setItem(row, 3, QTableWidgetItem(m.get("deliverable") or ""))
        status = ChoiceBox()
        status.set_enum(MilestoneStatus, none=_("Not assessed"))
        status.set_value(m.get("status"))
        status.setAccessibleName(_("Milestone status"))
        self.setCellWidget(row, 4, status)
        return row

    def status_box(self, row: int) -> ChoiceBox:
        box = self.cellWidget(row, 4)
        assert isinstance(box, ChoiceBox)  # add_milestone's
        return box

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.selectedIndexes()}, reverse=True):
            self.removeRow(row)

    def milestones(self) -> list[dict[str, Any]]:
        """Rows left completely empty are ignored; any other row is given to the service."""
        commit_open_editor(self)
        out = []
        for row in range(self.rowCount()):
            title_item, deliverable_item = self.item(row, 0), self.item(row, 3)
            title = title_item.text() if title_item else ""
            deliverable = deliverable_item.text() if deliverable_item else ""

            start = cell_date(self.item(row, 1), "milestone start")
            end = cell_date(self.item(row, 2), "milestone end")
            status = self.status_box(row).value()
            if not title.strip() and not deliverable.strip() and start is None and end is None \
                    and status is None:
                continue
            out.append({"title": title, "start": start, "end": end,
                        "deliverable": deliverable or None, "status": status})
        return out


class PlansView(Section):
    key = "plans"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.plan_id: int | None = None
        self.commitment_id: int | None = None
        self._organisations: list[str] = []
        self.plan_opened = Opened(Plan)  # the plan in the form, as it was read
        self.commitment_opened = Opened(Commitment)

        self.set_panels(self._build_plans_panel(), self._build_commitments_panel())
        self.offer_writing(
            [self.new_plan_button, self.save_plan_button, self.delete_plan_button,
             self.new_commitment_button, self.save_commitment_button,
             self.delete_commitment_button, self.add_other_button, self.remove_other_button,
             self.other_name, self.add_milestone_button, self.remove_milestone_button,
             self.add_evidence_button, self.remove_evidence_button, self.evidence_choice,
             self.evidence_note],
            [self.ordinal, self.plan_title, self.first_year, self.last_year, self.plan_status,
             self.plan_description, self.number, self.commitment_title, self.lead, self.others,
             *self.value_boxes.values(), self.completion, self.open_government,
             self.commitment_description, self.milestones])

    # --- building ---------------------------------------------------------------------------

    def _build_plans_panel(self) -> QWidget:
        panel, layout = panel_box()
        self.new_plan_button = QPushButton(_("New plan"))
        layout.addLayout(title_row(heading(_("National action plans")), self.new_plan_button))

        self.plans_model = RowsModel([
            Column(N_("No."), lambda r: r.ordinal, align=CENTER),
            Column(N_("Plan"), lambda r: r.title),
            Column(N_("Years"), lambda r: common.ltr(f"{r.first_year}–{r.last_year}"), align=CENTER),
            Column(N_("Status"), lambda r: label(r.status, PlanStatus)),
        ], self)
        self.plans_table = QTableView()
        self.plans_table.setModel(self.plans_model)
        setup_table(self.plans_table, stretch=1, fit=(0, 2, 3))
        self.plans_table.setMaximumHeight(170)
        layout.addWidget(self.plans_table)

        self.plan_heading = heading("", elide=True)
        layout.addWidget(self.plan_heading)
        self.plan_message = QLabel()
        self.plan_errors = FormErrors(self.plan_message, self)
        self.ordinal = NumberSpin(1, 999)
        self.plan_title = QLineEdit()
        self.first_year = NumberSpin(1990, 2200)
        self.last_year = NumberSpin(1990, 2200)
        self.plan_status = ChoiceBox()
        self.plan_status.set_enum(PlanStatus)
        self.plan_description = QPlainTextEdit()
        self.plan_description.setTabChangesFocus(True)
        self.plan_description.setMaximumHeight(90)
        form = QFormLayout()
        e = self.plan_errors
        form.addRow(_("Number"), e.field(self.ordinal, "ordinal"))
        form.addRow(_("Title"), e.field(self.plan_title, "title"))
        form.addRow(_("First year"), e.field(self.first_year, "first_year"))
        form.addRow(_("Last year"), e.field(self.last_year, "last_year"))
        form.addRow(_("Status"), e.field(self.plan_status, "status"))
        form.addRow(_("Description"), e.field(self.plan_description, "description"))
        layout.addLayout(form)
        layout.addWidget(self.plan_message)
        self.save_plan_button = QPushButton(_("Save plan"))
        self.save_plan_button.setDefault(True)
        self.delete_plan_button = QPushButton(_("Delete plan"))
        self.delete_plan_button.setToolTip(_("Only a plan without commitments, phases or "
                                             "meetings can be deleted"))
        layout.addLayout(button_row(self.save_plan_button, self.delete_plan_button))
        layout.addStretch(1)

        self.new_plan_button.clicked.connect(lambda: self.new_plan())
        self.save_plan_button.clicked.connect(self.save_plan)
        self.delete_plan_button.clicked.connect(self.delete_plan)
        self.plans_table.selectionModel().selectionChanged.connect(self._plan_selected)
        return panel

    def _build_commitments_panel(self) -> QWidget:
        panel, layout = panel_box()
        self.commitments_heading = heading(_("Commitments"))
        self.new_commitment_button = QPushButton(_("New commitment"))
        layout.addLayout(title_row(self.commitments_heading, self.new_commitment_button))

        self.commitments_model = RowsModel([
            Column(N_("No."), lambda r: r.number, align=CENTER),
            Column(N_("Commitment"), lambda r: r.title),
            Column(N_("Lead organisation"), lambda r: r.lead),
            Column(N_("Completion"), lambda r: label(r.completion, Completion)),
        ], self)
        self.commitments_table = QTableView()
        self.commitments_table.setModel(self.commitments_model)
        setup_table(self.commitments_table, stretch=1, fit=(0, 3), widths={2: 200})
        self.commitments_table.setMaximumHeight(140)
        layout.addWidget(self.commitments_table)

        form_widget, form_layout = panel_box()
        self.commitment_heading = heading("", elide=True)
        form_layout.addWidget(self.commitment_heading)
        self.commitment_message = QLabel()
        self.commitment_errors = FormErrors(self.commitment_message, self)
        e = self.commitment_errors

        self.number = NumberSpin(1, 999)
        self.commitment_title = QLineEdit()
        self.lead = NameBox()
        self.others = QListWidget()
        self.others.setMaximumHeight(60)
        self.other_name = NameBox()
        self.add_other_button = QPushButton(_("Add"))
        self.remove_other_button = QPushButton(_("Remove"))
        others = QWidget()
        others_layout = QGridLayout(others)
        others_layout.setContentsMargins(0, 0, 0, 0)
        others_layout.addWidget(self.others, 0, 0, 1, 3)
        others_layout.addWidget(self.other_name, 1, 0)
        others_layout.addWidget(self.add_other_button, 1, 1)
        others_layout.addWidget(self.remove_other_button, 1, 2)
        others_layout.setColumnStretch(0, 1)

        self.value_boxes: dict[str, QCheckBox] = {}
        values = QWidget()
        values_layout = QGridLayout(values)
        values_layout.setContentsMargins(0, 0, 0, 0)
        for i, value in enumerate(OgpValue):
            box = QCheckBox(label(value))
            self.value_boxes[value.value] = box
            values_layout.addWidget(box, i // 2, i % 2)
        self.completion = ChoiceBox()
        self.completion.set_enum(Completion, none=_("Not assessed"))
        self.open_government = ChoiceBox()
        self.open_government.set_enum(OpenGovernment, none=_("Not assessed"))
        # the evidence behind the ratings: links to the plan's minutes, action items and
        # attachments, or a note (services/evidence.py)
        self.evidence = QListWidget()
        self.evidence.setMaximumHeight(80)
        self.evidence_choice = ChoiceBox()
        self.evidence_choice.setAccessibleName(_("Minutes, action item or attachment"))
        self.evidence_note = QLineEdit()
        self.evidence_note.setPlaceholderText(_("Note (optional; alone, a note is evidence too)"))
        self.add_evidence_button = QPushButton(_("Add evidence"))
        self.remove_evidence_button = QPushButton(_("Remove evidence"))
        evidence = QWidget()
        evidence_layout = QGridLayout(evidence)
        evidence_layout.setContentsMargins(0, 0, 0, 0)
        evidence_layout.addWidget(self.evidence, 0, 0, 1, 2)
        evidence_layout.addWidget(self.evidence_choice, 1, 0, 1, 2)
        evidence_layout.addWidget(self.evidence_note, 2, 0, 1, 2)
        evidence_layout.addLayout(button_row(self.add_evidence_button,
                                             self.remove_evidence_button), 3, 0, 1, 2)
        self.commitment_description = QPlainTextEdit()
        self.commitment_description.setTabChangesFocus(True)
        self.commitment_description.setMaximumHeight(70)

        self.milestones = MilestonesTable()
        self.add_milestone_button = QPushButton(_("Add milestone"))
        self.remove_milestone_button = QPushButton(_("Remove milestone"))
        milestones, milestones_layout = panel_box()
        milestones_layout.addWidget(self.milestones)
        milestones_layout.addLayout(button_row(self.add_milestone_button,
                                               self.remove_milestone_button))

        form = QFormLayout()
        form.addRow(_("Number"), e.field(self.number, "number"))
        form.addRow(_("Title"), e.field(self.commitment_title, "title"))
        form.addRow(_("Lead organisation"), e.field(self.lead, "lead", "organization"))
        form.addRow(_("Other organisations"), e.field(others, "others"))
        form.addRow(_("OGP values"), e.field(values, "values"))
        form.addRow(_("Completion"), e.field(self.completion, "completion"))
        form.addRow(_("Did it open government?"), e.field(self.open_government,
                                                          "open_government"))
        form.addRow(_("Evidence"), e.field(evidence, "evidence"))
        form.addRow(_("Description"), e.field(self.commitment_description, "description"))
        form.addRow(_("Milestones"), e.field(
            milestones, "milestone", "milestone start", "milestone end", "deliverable"))
        form_layout.addLayout(form)
        form_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_widget)
        layout.addWidget(scroll, 1)
        self.commitment_form = form_widget

        # The message and the buttons stay in view below the scrolling form.
        layout.addWidget(self.commitment_message)
        self.save_commitment_button = QPushButton(_("Save commitment"))
        self.delete_commitment_button = QPushButton(_("Delete commitment"))
        self.delete_commitment_button.setToolTip(
            _("Only a commitment no meeting refers to can be deleted"))
        layout.addLayout(button_row(self.save_commitment_button, self.delete_commitment_button))

        self.new_commitment_button.clicked.connect(lambda: self.new_commitment())
        self.save_commitment_button.clicked.connect(self.save_commitment)
        self.delete_commitment_button.clicked.connect(self.delete_commitment)
        self.add_other_button.clicked.connect(self.add_other)
        self.remove_other_button.clicked.connect(
            lambda: [self.others.takeItem(self.others.row(i)) for i in self.others.selectedItems()])
        self.add_milestone_button.clicked.connect(self.add_milestone)
        self.remove_milestone_button.clicked.connect(self.milestones.remove_selected)
        self.add_evidence_button.clicked.connect(self.add_evidence)
        self.remove_evidence_button.clicked.connect(
            lambda: [self.evidence.takeItem(self.evidence.row(i))
                     for i in self.evidence.selectedItems()])
        self.commitments_table.selectionModel().selectionChanged.connect(self._commitment_selected)
        return panel

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(session):
            return (_plan_rows(session),
                    [o.name for o in directory.list_organisation_rows(session)])

        rows, self._organisations = self.read(load)
        for box in (self.lead, self.other_name):
            box.set_names(self._organisations)
        self.plans_model.set_rows(rows)
        if reselect(self.plans_table, self.plans_model, self.plan_id):
            self._plan_selected()
        else:
            self.new_plan(focus=False)
        self.emit_status()

    def status_text(self) -> str:
        return _("Plans: {plans}; commitments of this plan: {commitments}").format(
            plans=self.plans_model.rowCount(), commitments=self.commitments_model.rowCount())

    def focus_first(self) -> None:
        self.plans_table.setFocus()

    # --- plans --------------------------------------------------------------------------------

    def show_record(self, kind: str, record_id: int) -> bool:
        """A search's hit: the plan, or the commitment (a milestone's) in its plan, selected
        and shown in the form."""
        from ogp_desktop.core.models import Commitment, Milestone

        def where(s):
            if kind == "plan":
                return record_id, None
            commitment_id = record_id if kind == "commitment" else s.get(
                Milestone, record_id).commitment_id
            return s.get(Commitment, commitment_id).plan_id, commitment_id

        plan_id, commitment_id = self.read(where)
        if not reselect(self.plans_table, self.plans_model, plan_id):
            return False
        self._plan_selected()
        if commitment_id is not None:
            self._load_commitments(select_id=commitment_id)
        return True

    def _selected_plan(self) -> PlanRow | None:
        return selected_record(self.plans_table, self.plans_model)

    def _plan_selected(self) -> None:
        plan = self._selected_plan()
        if plan is None:
            return
        self.plan_id = plan.id
        self.plan_opened.show(plan.id, plan.row_version)
        self.plan_errors.clear()
        self.plan_heading.setText(_("Plan {n}").format(n=plan.ordinal))
        self.ordinal.setValue(plan.ordinal)
        self.plan_title.setText(plan.title)
        self.first_year.setValue(plan.first_year)
        self.last_year.setValue(plan.last_year)
        self.plan_status.set_value(plan.status)
        self.plan_description.setPlainText(plan.description or "")
        self.delete_plan_button.setEnabled(True)
        self._load_commitments()

    def new_plan(self, *, focus: bool = True) -> None:
        """An empty form for a new plan (numbered after the last one)."""
        self.plan_id = None
        self.plan_opened.show(None, None)
        self.plans_table.clearSelection()
        self.plan_errors.clear()
        self.plan_heading.setText(_("New plan"))
        rows = self.plans_model.rows
        self.ordinal.setValue(max((r.ordinal for r in rows), default=0) + 1)
        year = dt.date.today().year
        last = max((r.last_year for r in rows), default=year - 1)
        self.plan_title.clear()
        self.first_year.setValue(max(last + 1, 1990))
        self.last_year.setValue(min(max(last + 1, 1990) + 1, 2200))
        self.plan_status.set_value(PlanStatus.PREPARATION.value)
        self.plan_description.clear()
        self.delete_plan_button.setEnabled(False)
        self.commitments_model.set_rows([])
        self._set_commitment_form_enabled(False)
        if focus:
            self.plan_title.setFocus()
        self.emit_status()

    def plan_values(self) -> dict[str, Any]:
        return {
            "ordinal": self.ordinal.value(),
            "title": self.plan_title.text(),
            "first_year": self.first_year.value(),
            "last_year": self.last_year.value(),
            "status": self.plan_status.value(),
            "description": self.plan_description.toPlainText() or None,
        }

    def save_plan(self) -> bool:
        if not self.may_write:
            return False
        values = self.plan_values()
        plan_id, version = self.plan_id, self.plan_opened.expected()
        if plan_id is None:
            result = self.write(lambda s: plans_svc.create_plan(s, **values).id, self.plan_errors)
        else:
            result = self.write(lambda s: plans_svc.update_plan(
                s, plan_id, **values, expected_version=version).id,
                self.plan_errors, opened=self.plan_opened)
        if result is FAILED:
            return False
        self.plan_id = result
        self.refresh()
        return True

    def delete_plan(self) -> None:
        plan_id, version = self.plan_id, self.plan_opened.expected()
        if plan_id is None or not self.may_write or not confirm(
                self, _("Delete plan"), _("Delete plan {n}, “{title}”?").format(
                    n=self.ordinal.value(), title=self.plan_title.text())):
            return
        if self.write(lambda s: plans_svc.delete_plan(s, plan_id, expected_version=version),
                      self.plan_errors, opened=self.plan_opened) is FAILED:
            return
        self.plan_id = None
        self.refresh()

    # --- commitments --------------------------------------------------------------------------

    def _load_commitments(self, select_id: int | None = None) -> None:
        plan_id = self.plan_id
        if plan_id is None:
            self.commitments_model.set_rows([])
            return
        self.commitments_model.set_rows(self.read(lambda s: _commitment_rows(s, plan_id)))
        self._set_commitment_form_enabled(True)
        keep = select_id or self.commitment_id
        row = self.commitments_model.find(lambda r: r.id == keep) if keep else -1
        if row < 0 and self.commitments_model.rowCount():
            row = 0
        if row >= 0:
            select_row(self.commitments_table, row, quiet=True)
            self._commitment_selected()
        else:
            self.new_commitment(focus=False)
        self.emit_status()

    def _set_commitment_form_enabled(self, enabled: bool) -> None:
        for widget in (self.commitment_form, self.new_commitment_button,
                       self.save_commitment_button):
            widget.setEnabled(enabled)
        if not enabled:
            self.delete_commitment_button.setEnabled(False)
            self.commitment_heading.setText(_("Save the plan before adding its commitments."))

    def _selected_commitment(self) -> CommitmentRow | None:
        return selected_record(self.commitments_table, self.commitments_model)

    def _commitment_selected(self) -> None:
        c = self._selected_commitment()
        if c is None:
            return
        self.commitment_id = c.id
        self.commitment_opened.show(c.id, c.row_version)
        self.commitment_errors.clear()
        self.commitment_heading.setText(_("Commitment {n}").format(n=c.number))
        self.number.setValue(c.number)
        self.commitment_title.setText(c.title)
        self.lead.set_text(c.lead)
        self.others.clear()
        self.others.addItems(c.others)
        self.other_name.set_text("")
        for value, box in self.value_boxes.items():
            box.setChecked(value in c.values)
        self.completion.set_value(c.completion)
        self.open_government.set_value(c.open_government)
        self.set_evidence(c.evidence)
        self.commitment_description.setPlainText(c.description or "")
        self.milestones.set_milestones(c.milestones)
        self.delete_commitment_button.setEnabled(True)

    def new_commitment(self, *, focus: bool = True) -> None:
        if self.plan_id is None:
            return
        self.commitment_id = None
        self.commitment_opened.show(None, None)
        self.commitments_table.clearSelection()
        self.commitment_errors.clear()
        self.commitment_heading.setText(_("New commitment"))
        self.number.setValue(max((r.number for r in self.commitments_model.rows), default=0) + 1)
        self.commitment_title.clear()
        self.lead.set_text("")
        self.others.clear()
        self.other_name.set_text("")
        for box in self.value_boxes.values():
            box.setChecked(False)
        self.completion.set_value(None)
        self.open_government.set_value(None)
        self.set_evidence([])
        self.commitment_description.clear()
        self.milestones.set_milestones([])
        self.delete_commitment_button.setEnabled(False)
        if focus:
            self.commitment_title.setFocus()

    def add_other(self) -> None:
        name = self.other_name.text()
        existing = [self.others.item(i).text() for i in range(self.others.count())]
        if name and name not in existing:
            self.others.addItem(name)
        self.other_name.set_text("")

    def add_milestone(self) -> None:
        row = self.milestones.add_milestone()
        self.milestones.setCurrentCell(row, 0)
        title = self.milestones.item(row, 0)
        assert title is not None  # add_milestone made it
        self.milestones.editItem(title)

    def commitment_values(self) -> dict[str, Any]:
        return {
            "number": self.number.value(),
            "title": self.commitment_title.text(),
            "description": self.commitment_description.toPlainText() or None,
            "lead": self.lead.text() or None,
            "others": [self.others.item(i).text() for i in range(self.others.count())],
            "values": [v for v, box in self.value_boxes.items() if box.isChecked()],
            "completion": self.completion.value(),
            "open_government": self.open_government.value(),
            "evidence": [self.evidence.item(i).data(Qt.ItemDataRole.UserRole)
                         for i in range(self.evidence.count())],
            "milestones": self.milestones.milestones(),
        }

    def set_evidence(self, links: list[dict[str, Any]]) -> None:
        """The commitment's evidence in its list, and what may be added from its plan."""
        self.evidence.clear()
        for link in links:
            self._add_evidence_item({k: link.get(k) for k in ("kind", "id", "note")},
                                    link.get("text") or "")
        plan_id = self.plan_id
        found = self.read(lambda s: _evidence_choices(s, plan_id)) if plan_id else []
        self.evidence_choice.clear()
        self.evidence_choice.addItem(_("(a note only)"), None)
        for link, text in found:
            self.evidence_choice.addItem(text, link)
        self.evidence_note.clear()

    def _add_evidence_item(self, link: dict[str, Any], text: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, link)
        self.evidence.addItem(item)

    def add_evidence(self) -> None:
        chosen = self.evidence_choice.currentData()
        note = self.evidence_note.text().strip() or None
        if chosen is None and not note:
            self.evidence_note.setFocus()
            return
        link = {"kind": chosen["kind"] if chosen else "note",
                "id": chosen["id"] if chosen else None, "note": note}
        base = self.evidence_choice.currentText() if chosen else ""
        text = (_("{text} — {note}").format(text=base, note=note) if chosen and note
                else base or (note or ""))
        self._add_evidence_item(link, text)
        self.evidence_note.clear()

    def save_commitment(self) -> bool:
        plan_id, commitment_id = self.plan_id, self.commitment_id
        version = self.commitment_opened.expected()
        if plan_id is None or not self.may_write:
            return False
        try:
            values = self.commitment_values()
        except ValidationError as exc:  # a milestone date that is not one
            self.commitment_errors.show(exc)
            return False
        if commitment_id is None:
            def action(s):
                return plans_svc.add_commitment(s, plans_svc.get_plan(s, plan_id), **values).id
        else:
            def action(s):
                return plans_svc.update_commitment(s, commitment_id, **values,
                                                   expected_version=version).id
        result = self.write(action, self.commitment_errors, opened=self.commitment_opened)
        if result is FAILED:
            return False
        self.commitment_id = result
        self.refresh()
        return True

    def delete_commitment(self) -> None:
        commitment_id, version = self.commitment_id, self.commitment_opened.expected()
        if commitment_id is None or not self.may_write or not confirm(
                self, _("Delete commitment"), _("Delete commitment {n}, “{title}”, with its "
                                                "milestones?").format(
                    n=self.number.value(), title=self.commitment_title.text())):
            return
        if self.write(lambda s: plans_svc.delete_commitment(
                s, commitment_id, expected_version=version),
                self.commitment_errors, opened=self.commitment_opened) is FAILED:
            return
        self.commitment_id = None
        self._load_commitments()
