"""The editors of a plan's calendar: a step (number, title, what was done, start and
optional end, named key dates, done, responsible organisation) and a phase (number,
title). Dialogs that do not block the window behind them (`open()`), so the calendar stays
readable while a step is edited.

Saving is one unit of work through `services.steps.update_step` (or `plans.add_step` /
`add_phase` for new records); what the services refuse — the end before the start, a key
date outside the plan's years, a step number used twice — is shown at the field the
error names (`ValidationError.field`) and nothing is written. The editors remember the row
version they read: someone else's save since is said with who and when, and the person
reloads what they saved or keeps their own changes (#12 item 3). A login that may not write
(a viewer on the office's server) reads the record: the fields read-only, no Save."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import ConflictError, DomainError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import Phase, Step
from ogp_desktop.core.server.permissions import may
from ogp_desktop.core.services import directory
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services import steps as steps_svc
from ogp_desktop.ui import common, placement
from ogp_desktop.ui import errors as presenter
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.plans import DateDelegate, cell_date
from ogp_desktop.ui.views.widgets import (
    DateEdit,
    FormErrors,
    NameBox,
    NumberSpin,
    button_row,
    commit_open_editor,
    heading,
    hint,
    panel_box,
    select_row,
    set_read_only,
)

EDIT = int(Qt.ItemDataRole.EditRole)
_ROW = re.compile(r"\[(\d+)\]")


class KeyDatesTable(QTableWidget):
    """Named dates of a step ("نشر الطلب", "الموعد النهائي"): label and date per row."""

    HEADERS = (N_("Label"), N_("Date"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels([_(h) for h in self.HEADERS])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        self._dates = DateDelegate(self)
        self.setItemDelegateForColumn(1, self._dates)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 130)
        self.setMinimumHeight(110)

    def set_key_dates(self, key_dates: list[tuple[str, dt.date | None]]) -> None:
        self.setRowCount(0)
        for label, day in key_dates:
            self.add_key_date(label, day)

    def add_key_date(self, label: str = "", day: dt.date | None = None) -> int:
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(label))
        item = QTableWidgetItem()
        if day is not None:
            item.setData(EDIT, common.to_qdate(day))
        self.setItem(row, 1, item)
        return row

    def label(self, row: int) -> str:
        item = self.item(row, 0)
        return item.text() if item is not None else ""

    def is_filled(self, row: int) -> bool:
        """Whether the row holds a label or a date (rows left completely empty are ignored)."""
        item = self.item(row, 1)
        return bool(self.label(row).strip()) or bool(item is not None and item.data(EDIT))

    def select_row(self, row: int) -> None:
        # Not QTableView.selectRow: it selects nothing in a right-to-left layout
        # (views.widgets.select_row has the story)
        select_row(self, row)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.selectedIndexes()} or
                      ({self.currentRow()} if self.currentRow() >= 0 else set()), reverse=True)
        for row in rows:
            self.removeRow(row)

    def key_dates(self) -> list[dict[str, Any]]:
        """Rows left completely empty are ignored; any other row goes to the service (a row
        without a date is refused there, at its row)."""
        commit_open_editor(self)
        out: list[dict[str, Any]] = []
        for row in range(self.rowCount()):
            if not self.is_filled(row):
                continue
            label = self.label(row)
            item = self.item(row, 1)
            day = cell_date(item, f"key_dates[{len(out)}].date")  # refuses what is not a date
            if not label.strip() and day is None:
                continue
            out.append({"label": label, "date": day})
        return out


class StepEditor(QDialog):
    """Edit a step (`step_id`) or write a new one in a phase (`phase_id`)."""

    saved = Signal(int)  # step id

    def __init__(self, db: Database, step_id: int | None = None, *, phase_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if step_id is None and phase_id is None:
            raise ValueError("a step or a phase is needed")
        self.db = db
        self.step_id = step_id
        self.phase_id = phase_id
        self.setObjectName("stepEditor")
        self.setWindowModality(Qt.WindowModality.WindowModal)

        record = self._load()
        self.plan_years = record["years"]
        self.setWindowTitle(_("Step {n}").format(n=record["number"]) if step_id is not None
                            else _("New step"))

        self.heading = heading(self.windowTitle())
        self.context = QLabel(record["context"])
        self.context.setWordWrap(True)
        self.context.setEnabled(False)
        self.message = QLabel()
        self.errors = FormErrors(self.message, self)
        e = self.errors

        self.number = NumberSpin(1, 999)
        self.title_edit = QPlainTextEdit()
        self.title_edit.setTabChangesFocus(True)
        self.title_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        self.details = QPlainTextEdit()
        self.details.setTabChangesFocus(True)
        self.details.setPlaceholderText(_("What was done"))
        self.start = DateEdit()
        self.end = DateEdit()
        self.start.setAccessibleName(_("Start"))
        self.end.setAccessibleName(_("End"))
        dates = QWidget()
        dates_layout = QHBoxLayout(dates)
        dates_layout.setContentsMargins(0, 0, 0, 0)
        dates_layout.addWidget(e.field(self.start, "start"))
        dates_layout.addWidget(QLabel(_("to")), 0, Qt.AlignmentFlag.AlignTop)
        dates_layout.addWidget(e.field(self.end, "end"))
        dates_layout.addStretch(1)
        self.key_dates = KeyDatesTable()
        self.add_key_date_button = QPushButton(_("Add key date"))
        self.remove_key_date_button = QPushButton(_("Remove key date"))
        key_dates, kd_layout = panel_box()
        kd_layout.addWidget(self.key_dates)
        kd_layout.addLayout(button_row(self.add_key_date_button, self.remove_key_date_button))
        self.done_box = QCheckBox(_("This step is done"))
        self.responsible = NameBox()
        self.responsible.set_names(record["organisations"])
        self.responsible.setToolTip(_("Choose an organisation of the directory, or type a new "
                                      "name to add it"))

        form = QFormLayout()
        form.addRow(_("Number"), e.field(self.number, "number"))
        form.addRow(_("Title"), e.field(self.title_edit, "title"))
        form.addRow(_("Details of what was done"), e.field(self.details, "details"))
        form.addRow(_("Dates"), dates)
        form.addRow(_("Key dates"), e.field(key_dates, "key_dates", "key date", "key date label"))
        form.addRow("", e.field(self.done_box, "done"))
        form.addRow(_("Responsible organisation"), e.field(self.responsible, "responsible"))

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.context)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        self.role_line = _read_only_line(db)
        layout.addWidget(self.role_line)
        layout.addWidget(self.buttons)

        self.save_button.clicked.connect(self.save_and_close)
        self.cancel_button.clicked.connect(self.reject)
        self.add_key_date_button.clicked.connect(self.add_key_date)
        self.remove_key_date_button.clicked.connect(self.key_dates.remove_selected)

        self._show(record)
        if not may(db.role, "write"):
            set_read_only(self.number, self.title_edit, self.details, self.start, self.end,
                          self.key_dates, self.done_box, self.responsible)
            for button in (self.save_button, self.add_key_date_button,
                           self.remove_key_date_button):
                button.hide()
            self.cancel_button.setText(_("Close"))
        placement.fit_and_remember(self, "step-editor", (760, 660))
        self.title_edit.setFocus()

    def _show(self, record: dict[str, Any]) -> None:
        self.row_version = record["row_version"]  # what a save sends as expected_version
        self.number.setValue(record["number"])
        self.title_edit.setPlainText(record["title"])
        self.details.setPlainText(record["details"])
        self.start.set_value(record["start"])
        self.end.set_value(record["end"])
        self.key_dates.set_key_dates(record["key_dates"])
        self.done_box.setChecked(record["done"])
        self.responsible.set_text(record["responsible"])

    def _load(self) -> dict[str, Any]:
        with self.db.session() as s:
            organisations = [o.name for o in directory.list_organisation_rows(s)]
            if self.step_id is not None:
                step = steps_svc.get_step(s, self.step_id)
                phase, plan = step.phase, step.phase.plan
                self.phase_id = phase.id
                record = {
                    "number": step.number, "title": step.title, "details": step.details or "",
                    "start": step.start_date, "end": step.end_date,
                    "key_dates": [(k.label, k.date) for k in step.key_dates],
                    "done": bool(step.done),
                    "responsible": step.responsible_organisation.name
                    if step.responsible_organisation else "",
                    "row_version": step.row_version,
                }
            else:
                assert self.phase_id is not None  # __init__ refuses neither step nor phase
                phase = steps_svc.get_phase(s, self.phase_id)
                plan = phase.plan
                used = [st.number for ph in plan.phases for st in ph.steps]
                record = {"number": max(used, default=0) + 1, "title": "", "details": "",
                          "start": None, "end": None, "key_dates": [], "done": False,
                          "responsible": "", "row_version": None}
            record["organisations"] = organisations
            record["years"] = (plan.first_year, plan.last_year)
            record["context"] = _("{plan} — phase {n}: {title}").format(
                plan=plan.title, n=phase.number, title=phase.title)
            return record

    # --- editing ------------------------------------------------------------------------------

    def add_key_date(self) -> None:
        row = self.key_dates.add_key_date()
        self.key_dates.setCurrentCell(row, 0)
        label = self.key_dates.item(row, 0)
        assert label is not None  # add_key_date has just set it
        self.key_dates.editItem(label)

    def values(self) -> dict[str, Any]:
        return {
            "number": self.number.value(),
            "title": self.title_edit.toPlainText(),
            "details": self.details.toPlainText().strip() or None,
            "start": self.start.check("start"),  # a text that is not a date is refused
            "end": self.end.check("end"),
            "key_dates": self.key_dates.key_dates(),
            "done": self.done_box.isChecked(),
            "responsible": self.responsible.text() or None,
        }

    def save(self) -> bool:
        """One unit of work; a refused change is shown at its field and nothing is written."""
        self.errors.clear()
        if not may(self.db.role, "write"):
            return False
        try:
            values = self.values()
            with self.db.session() as s:
                if self.step_id is None:
                    assert self.phase_id is not None  # given when there is no step
                    phase = steps_svc.get_phase(s, self.phase_id)
                    step = plans_svc.add_step(s, phase, **values)
                else:
                    step = steps_svc.update_step(s, self.step_id, **values,
                                                 expected_version=self.row_version)
                step_id = step.id
            self.row_version = self._version(step_id)
        except ConflictError as exc:
            self._conflict(exc)
            return False
        except DomainError as exc:
            self.show_error(exc)
            return False
        self.step_id = step_id
        self.setWindowTitle(_("Step {n}").format(n=values["number"]))
        self.heading.setText(self.windowTitle())
        self.saved.emit(step_id)
        return True

    def _version(self, step_id: int) -> int | None:
        with self.db.session(write=False) as s:  # as committed (the counter is the row's)
            return s.get(Step, step_id).row_version  # type: ignore[union-attr]

    def _conflict(self, exc: ConflictError) -> None:
        """Someone else saved the step since it was opened: reload theirs, or keep what is
        typed here (the next Save then replaces theirs, knowingly)."""
        assert self.step_id is not None  # a new step has no one else's save
        if presenter.ask_after_conflict(self, exc):
            self._show(self._load())
            self.saved.emit(self.step_id)  # the calendar shows theirs too
            return
        self.row_version = self._version(self.step_id)
        self.errors.note(_("Your changes are kept. Save again to replace what they saved "
                           "with them."))

    def show_error(self, exc: DomainError) -> str | None:
        shown = self.errors.show(exc)
        match = _ROW.search(exc.field or "")
        if shown == "key_dates" and match:  # the row the error names
            row = int(match.group(1))
            rows = [r for r in range(self.key_dates.rowCount()) if self.key_dates.is_filled(r)]
            if row < len(rows):
                self.key_dates.select_row(rows[row])
        return shown

    def save_and_close(self) -> None:
        if self.save():
            self.accept()


class PhaseEditor(QDialog):
    """Edit a phase (`phase_id`) or add one to a plan (`plan_id`): number and title."""

    saved = Signal(int)  # phase id

    def __init__(self, db: Database, phase_id: int | None = None, *, plan_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if phase_id is None and plan_id is None:
            raise ValueError("a phase or a plan is needed")
        self.db = db
        self.phase_id = phase_id
        self.plan_id = plan_id
        self.setObjectName("phaseEditor")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        with db.session() as s:
            if phase_id is not None:
                phase = steps_svc.get_phase(s, phase_id)
                self.plan_id = phase.plan_id
                number, title, plan_title = phase.number, phase.title, phase.plan.title
                self.row_version: int | None = phase.row_version
            else:
                assert plan_id is not None  # refused above when neither is given
                plan = plans_svc.get_plan(s, plan_id)
                number = max((p.number for p in plan.phases), default=0) + 1
                title, plan_title = "", plan.title
                self.row_version = None
        self.setWindowTitle(_("Phase {n}").format(n=number) if phase_id is not None
                            else _("New phase"))
        self.heading = heading(self.windowTitle())
        context = QLabel(plan_title)
        context.setEnabled(False)
        context.setWordWrap(True)
        self.message = QLabel()
        self.errors = FormErrors(self.message, self)
        self.number = NumberSpin(1, 999)
        self.number.setValue(number)
        self.title_edit = QLineEdit(title)
        self.title_edit.setMinimumWidth(420)
        form = QFormLayout()
        form.addRow(_("Number"), self.errors.field(self.number, "number"))
        form.addRow(_("Title"), self.errors.field(self.title_edit, "title"))
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(context)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(_read_only_line(db))
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.save_button.clicked.connect(self.save_and_close)
        self.cancel_button.clicked.connect(self.reject)
        if not may(db.role, "write"):
            set_read_only(self.number, self.title_edit)
            self.save_button.hide()
            self.cancel_button.setText(_("Close"))
        placement.fit_and_remember(self, "phase-editor", self.sizeHint())
        self.title_edit.setFocus()

    def save(self) -> bool:
        number, title = self.number.value(), self.title_edit.text()
        self.errors.clear()
        if not may(self.db.role, "write"):
            return False
        try:
            with self.db.session() as s:
                if self.phase_id is None:
                    assert self.plan_id is not None  # given when there is no phase
                    phase = plans_svc.add_phase(s, plans_svc.get_plan(s, self.plan_id),
                                                number=number, title=title)
                else:
                    phase = steps_svc.update_phase(s, self.phase_id, number=number, title=title,
                                                   expected_version=self.row_version)
                phase_id = phase.id
            self.row_version = self._version(phase_id)
        except ConflictError as exc:
            self._conflict(exc)
            return False
        except DomainError as exc:
            self.errors.show(exc)
            return False
        self.phase_id = phase_id
        self.saved.emit(phase_id)
        return True

    def _version(self, phase_id: int) -> int | None:
        with self.db.session(write=False) as s:
            return s.get(Phase, phase_id).row_version  # type: ignore[union-attr]

    def _conflict(self, exc: ConflictError) -> None:
        """As the step editor: reload theirs, or keep what is typed here."""
        assert self.phase_id is not None  # a new phase has no one else's save
        if presenter.ask_after_conflict(self, exc):
            with self.db.session(write=False) as s:
                phase = steps_svc.get_phase(s, self.phase_id)
                self.number.setValue(phase.number)
                self.title_edit.setText(phase.title)
                self.row_version = phase.row_version
            self.saved.emit(self.phase_id)
            return
        self.row_version = self._version(self.phase_id)
        self.errors.note(_("Your changes are kept. Save again to replace what they saved "
                           "with them."))

    def save_and_close(self) -> None:
        if self.save():
            self.accept()


def _read_only_line(db: Database) -> QLabel:
    """Why the fields can not be changed, for a login that may not write (else hidden)."""
    line = hint(_("Your login ({role}) may read these records, not change them; an editor "
                  "of the office's server can.").format(role=db.role))
    line.setVisible(not may(db.role, "write"))
    return line


__all__ = ["KeyDatesTable", "PhaseEditor", "StepEditor"]
