"""Committees: the list with a form (name, kind, plan, commitment) and the selected
committee's members (person from the directory, role, from/to dates): add and remove."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import Committee, CommitteeKind, CommitteeMember, MemberRole
from ogp_desktop.core.services import committees as committees_svc
from ogp_desktop.core.services import directory
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.core.services.common import name_key
from ogp_desktop.ui.common import _, short_date
from ogp_desktop.ui.models.labels import label
from ogp_desktop.ui.models.rows import CENTER, Column, RowsModel
from ogp_desktop.ui.views.base import FAILED, Opened, Section
from ogp_desktop.ui.views.widgets import (
    ChoiceBox,
    DateEdit,
    FormErrors,
    button_row,
    confirm,
    heading,
    name_completer,
    panel_box,
    reselect,
    selected_record,
    selected_rows,
    setup_table,
    title_row,
)


@dataclass
class MemberRow:
    id: int
    person_id: int
    person: str
    organisation: str | None
    role: str
    from_date: dt.date | None
    to_date: dt.date | None
    row_version: int = 1


@dataclass
class CommitteeRow:
    id: int
    name: str
    kind: str
    plan_id: int | None
    plan: str | None
    commitment_id: int | None
    members: list[MemberRow] = field(default_factory=list)
    row_version: int = 1


def _committee_rows(session) -> list[CommitteeRow]:
    rows = []
    for c in committees_svc.list_committees_with_members(session):
        members = [
            MemberRow(m.id, m.person_id, m.person.name,
                      m.person.organisation.name if m.person.organisation else None,
                      m.role.value, m.from_date, m.to_date, m.row_version)
            for m in c.members
        ]
        rows.append(CommitteeRow(c.id, c.name, c.kind.value, c.plan_id,
                                 c.plan.title if c.plan else None, c.commitment_id, members,
                                 c.row_version))
    return rows


def person_label(name: str, organisation: str | None) -> str:
    """How a person is offered in the completer: the organisation tells namesakes apart."""
    return _("{name} – {organization}").format(name=name, organization=organisation) \
        if organisation else name


class CommitteesView(Section):
    key = "committees"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.committee_id: int | None = None
        self._commitments: dict[int, list[tuple[int, str]]] = {}
        self._people_by_label: dict[str, int] = {}
        self._people_by_key: dict[str, list[int]] = {}
        self.opened = Opened(Committee)  # the committee in the form, as it was read

        self.set_panels(self._build_list_panel(), self._build_members_panel())
        self.offer_writing([self.new_button, self.save_button, self.delete_button,
                            self.remove_member_button, self.add_member_box],
                           [self.name, self.kind, self.plan, self.commitment])

    # --- building ------------------------------------------------------------------------------

    def _build_list_panel(self) -> QWidget:
        panel, layout = panel_box()
        self.new_button = QPushButton(_("New committee"))
        layout.addLayout(title_row(heading(_("Committees")), self.new_button))

        self.model = RowsModel([
            Column(N_("Committee"), lambda r: r.name),
            Column(N_("Kind"), lambda r: label(r.kind, CommitteeKind)),
            Column(N_("Members"), lambda r: len(r.members), align=CENTER),
        ], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, stretch=0, fit=(1, 2))
        layout.addWidget(self.table, 1)

        self.form_heading = heading("", elide=True)
        layout.addWidget(self.form_heading)
        self.message = QLabel()
        self.errors = FormErrors(self.message, self)
        self.name = QLineEdit()
        self.kind = ChoiceBox()
        self.kind.set_enum(CommitteeKind)
        self.plan = ChoiceBox()
        self.commitment = ChoiceBox()
        form = QFormLayout()
        form.addRow(_("Name"), self.errors.field(self.name, "committee", "name"))
        form.addRow(_("Kind"), self.errors.field(self.kind, "kind"))
        form.addRow(_("Plan"), self.errors.field(self.plan, "plan"))
        form.addRow(_("Commitment"), self.errors.field(self.commitment, "commitment"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        self.save_button = QPushButton(_("Save committee"))
        self.delete_button = QPushButton(_("Delete committee"))
        self.delete_button.setToolTip(_("Only a committee without meetings can be deleted"))
        layout.addLayout(button_row(self.save_button, self.delete_button))

        self.new_button.clicked.connect(lambda: self.new_committee())
        self.save_button.clicked.connect(self.save_committee)
        self.delete_button.clicked.connect(self.delete_committee)
        self.plan.currentIndexChanged.connect(self._fill_commitments)
        self.table.selectionModel().selectionChanged.connect(self._selected_changed)
        return panel

    def _build_members_panel(self) -> QWidget:
        panel, layout = panel_box()
        top = QHBoxLayout()
        self.members_heading = heading(_("Members"), elide=True)
        top.addWidget(self.members_heading, 1)
        self.remove_member_button = QPushButton(_("Remove member"))
        top.addWidget(self.remove_member_button)
        layout.addLayout(top)

        self.members_model = RowsModel([
            Column(N_("Name"), lambda r: r.person),
            Column(N_("Organisation"), lambda r: r.organisation),
            Column(N_("Role"), lambda r: label(r.role, MemberRole)),
            Column(N_("From"), lambda r: short_date(r.from_date), align=CENTER),
            Column(N_("To"), lambda r: short_date(r.to_date), align=CENTER),
        ], self)
        self.members_table = QTableView()
        self.members_table.setModel(self.members_model)
        setup_table(self.members_table, stretch=1, fit=(2, 3, 4), widths={0: 180})
        layout.addWidget(self.members_table, 1)

        self.add_member_box, add_layout = panel_box()  # not offered to a viewer
        layout.addWidget(self.add_member_box)
        add_layout.setContentsMargins(0, 0, 0, 0)
        add_layout.addWidget(heading(_("Add a member")))
        self.member_message = QLabel()
        self.member_errors = FormErrors(self.member_message, self)
        e = self.member_errors
        self.person = QLineEdit()
        self.person.setPlaceholderText(_("Type a name from the directory"))
        self.role = ChoiceBox()
        self.role.set_enum(MemberRole)
        self.role.set_value(MemberRole.MEMBER.value)
        self.from_date = DateEdit()
        self.to_date = DateEdit()
        self.add_member_button = QPushButton(_("Add member"))
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Person")), 0, 0)
        grid.addWidget(e.field(self.person, "person"), 0, 1, 1, 3)
        grid.addWidget(QLabel(_("Role")), 1, 0)
        grid.addWidget(e.field(self.role, "role"), 1, 1)
        grid.addWidget(QLabel(_("From")), 2, 0)
        grid.addWidget(e.field(self.from_date, "from"), 2, 1)
        grid.addWidget(QLabel(_("To")), 2, 2)
        grid.addWidget(e.field(self.to_date, "to"), 2, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        add_layout.addLayout(grid)
        add_layout.addWidget(self.member_message)
        add_layout.addLayout(button_row(self.add_member_button))

        self.add_member_button.clicked.connect(self.add_member)
        self.person.returnPressed.connect(self.add_member)
        self.remove_member_button.clicked.connect(self.remove_member)
        self.members_table.selectionModel().selectionChanged.connect(self._update_member_buttons)
        return panel

    # --- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(session):
            plans = plans_svc.list_plans(session)
            plan_items = [(p.id, f"{p.ordinal}. {p.title}") for p in plans]
            commitments = {p.id: [(c.id, f"{c.number}. {c.title}") for c in p.commitments]
                           for p in plans}
            people = directory.list_people_rows(session)
            return _committee_rows(session), plan_items, commitments, people

        rows, plan_items, self._commitments, people = self.read(load)
        self.plan.blockSignals(True)
        self.plan.set_choices(plan_items, none=_("No plan"))
        self.plan.blockSignals(False)
        self._people_by_label, self._people_by_key = {}, {}
        for p in people:
            self._people_by_label[person_label(p.name, p.organisation)] = p.id
            self._people_by_key.setdefault(name_key(p.name), []).append(p.id)
        self.person.setCompleter(name_completer(sorted(self._people_by_label), self.person))
        self.model.set_rows(rows)
        if reselect(self.table, self.model, self.committee_id):
            self._selected_changed()
        else:
            self.new_committee(focus=False)
        self.emit_status()

    def status_text(self) -> str:
        return _("Committees: {n}").format(n=self.model.rowCount())

    def focus_first(self) -> None:
        self.table.setFocus()

    def _fill_commitments(self) -> None:
        plan_id = self.plan.value()
        self.commitment.set_choices(self._commitments.get(plan_id, []) if plan_id else [],
                                    none=_("No commitment"))

    # --- committees ----------------------------------------------------------------------------

    def show_record(self, kind: str, record_id: int) -> bool:
        """A search's hit: the committee selected, its form and members shown."""
        if kind != "committee" or not reselect(self.table, self.model, record_id):
            return False
        self._selected_changed()
        return True

    def _selected(self) -> CommitteeRow | None:
        return selected_record(self.table, self.model)

    def _selected_changed(self) -> None:
        c = self._selected()
        if c is None:
            return
        self.committee_id = c.id
        self.opened.show(c.id, c.row_version)
        self.errors.clear()
        self.member_errors.clear()
        self.form_heading.setText(c.name)
        self.name.setText(c.name)
        self.kind.set_value(c.kind)
        self.plan.set_value(c.plan_id)
        self._fill_commitments()
        self.commitment.set_value(c.commitment_id)
        self.delete_button.setEnabled(True)
        self.members_model.set_rows(c.members)
        self.members_heading.setText(_("Members of {name}").format(name=c.name))
        self._set_members_enabled(True)

    def _set_members_enabled(self, enabled: bool) -> None:
        for widget in (self.person, self.role, self.from_date, self.to_date,
                       self.add_member_button):
            widget.setEnabled(enabled)
        self._update_member_buttons()

    def _update_member_buttons(self) -> None:
        self.remove_member_button.setEnabled(
            self.committee_id is not None and bool(selected_rows(self.members_table)))

    def new_committee(self, *, focus: bool = True) -> None:
        self.committee_id = None
        self.opened.show(None, None)
        self.table.clearSelection()
        self.errors.clear()
        self.form_heading.setText(_("New committee"))
        self.name.clear()
        self.kind.set_value(CommitteeKind.IMPLEMENTATION_COMMITTEE.value)
        self.plan.set_value(None)
        self._fill_commitments()
        self.delete_button.setEnabled(False)
        self.members_model.set_rows([])
        self.members_heading.setText(_("Members"))
        self._set_members_enabled(False)
        if focus:
            self.name.setFocus()

    def save_committee(self) -> bool:
        committee_id, version = self.committee_id, self.opened.expected()
        if not self.may_write:
            return False
        name, kind = self.name.text(), self.kind.value()
        plan_id, commitment_id = self.plan.value(), self.commitment.value()

        def action(s):
            plan = plans_svc.get_plan(s, plan_id) if plan_id else None
            commitment = plans_svc.get_commitment(s, commitment_id) if commitment_id else None
            if committee_id is None:
                return committees_svc.create_committee(
                    s, name=name, kind=kind, plan=plan, commitment=commitment).id
            return committees_svc.update_committee(
                s, committee_id, name=name, kind=kind, plan=plan, commitment=commitment,
                expected_version=version).id

        result = self.write(action, self.errors, opened=self.opened)
        if result is FAILED:
            return False
        self.committee_id = result
        self.refresh()
        return True

    def delete_committee(self) -> None:
        c, version = self._selected(), self.opened.expected()
        if c is None or not self.may_write or not confirm(self, _("Delete committee"),
                                    _("Delete the committee “{name}” and its member list?")
                                    .format(name=c.name)):
            return
        if self.write(lambda s: committees_svc.delete_committee(s, c.id, expected_version=version),
                      self.errors, opened=self.opened) is FAILED:
            return
        self.committee_id = None
        self.refresh()

    # --- members -------------------------------------------------------------------------------

    def find_person(self, text: str) -> int:
        """The directory person the typed text names; raises a ValidationError at the
        person field when there is none or when namesakes need telling apart."""
        text = text.strip()
        if not text:
            raise ValidationError("is required", field="person")
        if text in self._people_by_label:
            return self._people_by_label[text]
        ids = self._people_by_key.get(name_key(text), [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise ValidationError(
                "several people are called {name}; choose one from the list", field="person",
                name=text)
        raise ValidationError(
            "{name} is not in the directory; add the person under People and organisations "
            "first", field="person", name=text)

    def add_member(self) -> bool:
        committee_id = self.committee_id
        if committee_id is None or not self.may_write:
            return False
        self.member_errors.clear()
        try:
            person_id = self.find_person(self.person.text())
            start, end = self.from_date.check("from"), self.to_date.check("to")
        except ValidationError as exc:
            self.member_errors.show(exc)
            return False
        role = self.role.value()

        def action(s):
            return committees_svc.add_member(
                s, committees_svc.get_committee(s, committee_id), directory.get_person(s, person_id),
                role=role, from_date=start, to_date=end).id

        if self.write(action, self.member_errors) is FAILED:
            return False
        self.person.clear()
        self.from_date.set_value(None)
        self.to_date.set_value(None)
        self.refresh()
        self.person.setFocus()
        return True

    def remove_member(self) -> None:
        rows = selected_rows(self.members_table)
        if not rows or not self.may_write:
            return
        member = self.members_model.row(rows[0])
        if not confirm(self, _("Remove member"),
                       _("Remove {name} from this committee? Minutes keep their attendance "
                         "lists; to record that someone left, add an end date instead.")
                       .format(name=member.person)):
            return
        opened = Opened(CommitteeMember, member.id, member.row_version)
        if self.write(lambda s: committees_svc.remove_member(
                s, member.id, expected_version=member.row_version),
                self.member_errors, opened=opened) is FAILED:
            return
        self.refresh()
