"""People and organisations: the directory minutes and committees refer to. Two lists,
each with a form; errors are shown at the field the service names."""

from __future__ import annotations

from typing import TypedDict

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import Organisation, Person, Sector
from ogp_desktop.core.services import directory
from ogp_desktop.ui.common import _
from ogp_desktop.ui.models.labels import label
from ogp_desktop.ui.models.rows import Column, RowsModel
from ogp_desktop.ui.views.base import FAILED, Opened, Section
from ogp_desktop.ui.views.widgets import (
    ChoiceBox,
    FormErrors,
    NameBox,
    button_row,
    confirm,
    heading,
    panel_box,
    select_row,
    setup_table,
    title_row,
)


class PersonValues(TypedDict):
    """The person form, as directory.add_person / update_person take it."""

    name: str
    honorific: str | None
    position: str | None
    organisation_name: str | None
    email: str | None
    phone: str | None


class _Panel:
    """A list with a search box over a RowsModel (through a filter proxy)."""

    def __init__(self, columns: list[Column], parent: QWidget, placeholder: str) -> None:
        self.model = RowsModel(columns, parent)
        self.proxy = QSortFilterProxyModel(parent)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row(self.proxy.mapToSource(rows[0]).row())

    def select_id(self, record_id: int | None) -> bool:
        row = self.model.find(lambda r: r.id == record_id) if record_id is not None else -1
        if row < 0:
            self.table.clearSelection()
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # hidden by the search: show it
            self.search.clear()
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        select_row(self.table, index.row(), quiet=True)
        return True


class PeopleView(Section):
    key = "people"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.person_id: int | None = None
        self.organisation_id: int | None = None
        self.person_opened = Opened(Person)  # the person in the form, as it was read
        self.organisation_opened = Opened(Organisation)
        self.set_panels(self._build_people(), self._build_organisations(), (3, 2))
        self.offer_writing(
            [self.new_person_button, self.save_person_button, self.delete_person_button,
             self.new_organisation_button, self.save_organisation_button,
             self.delete_organisation_button],
            [self.person_name, self.honorific, self.position, self.person_organisation,
             self.email, self.phone, self.organisation_name, self.sector])

    # --- building --------------------------------------------------------------------------

    def _build_people(self) -> QWidget:
        panel, layout = panel_box()
        self.new_person_button = QPushButton(_("New person"))
        layout.addLayout(title_row(heading(_("People")), self.new_person_button))
        self.people = _Panel([
            Column(N_("Name"), lambda r: r.name),
            Column(N_("Organisation"), lambda r: r.organisation),
            Column(N_("Position"), lambda r: r.position),
        ], self, _("Search people"))
        setup_table(self.people.table, stretch=1, widths={0: 190, 2: 150})
        layout.addWidget(self.people.search)
        layout.addWidget(self.people.table, 1)

        self.person_heading = heading("", elide=True)
        layout.addWidget(self.person_heading)
        self.person_message = QLabel()
        self.person_errors = FormErrors(self.person_message, self)
        e = self.person_errors
        self.person_name = QLineEdit()
        self.honorific = QLineEdit()
        self.position = QLineEdit()
        self.person_organisation = NameBox()
        self.email = QLineEdit()
        self.email.setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.phone = QLineEdit()
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        form = QFormLayout()
        form.addRow(_("Name"), e.field(self.person_name, "name"))
        form.addRow(_("Honorific"), e.field(self.honorific, "honorific"))
        form.addRow(_("Position"), e.field(self.position, "position"))
        form.addRow(_("Organisation"), e.field(self.person_organisation, "organization"))
        form.addRow(_("E-mail"), e.field(self.email, "email"))
        form.addRow(_("Phone"), e.field(self.phone, "phone"))
        layout.addLayout(form)
        layout.addWidget(self.person_message)
        self.save_person_button = QPushButton(_("Save person"))
        self.delete_person_button = QPushButton(_("Delete person"))
        layout.addLayout(button_row(self.save_person_button, self.delete_person_button))

        self.new_person_button.clicked.connect(lambda: self.new_person())
        self.save_person_button.clicked.connect(self.save_person)
        self.delete_person_button.clicked.connect(self.delete_person)
        for field in (self.person_name, self.honorific, self.position, self.email, self.phone):
            field.returnPressed.connect(self.save_person)
        self.people.table.selectionModel().selectionChanged.connect(self._person_selected)
        return panel

    def _build_organisations(self) -> QWidget:
        panel, layout = panel_box()
        self.new_organisation_button = QPushButton(_("New organisation"))
        layout.addLayout(title_row(heading(_("Organisations")), self.new_organisation_button))
        self.organisations = _Panel([
            Column(N_("Organisation"), lambda r: r.name),
            Column(N_("Sector"), lambda r: label(r.sector, Sector)),
        ], self, _("Search organisations"))
        setup_table(self.organisations.table, stretch=0, fit=(1,))
        layout.addWidget(self.organisations.search)
        layout.addWidget(self.organisations.table, 1)

        self.organisation_heading = heading("", elide=True)
        layout.addWidget(self.organisation_heading)
        self.organisation_message = QLabel()
        self.organisation_errors = FormErrors(self.organisation_message, self)
        e = self.organisation_errors
        self.organisation_name = QLineEdit()
        self.sector = ChoiceBox()
        self.sector.set_enum(Sector, none=_("Not given"))
        form = QFormLayout()
        form.addRow(_("Name"), e.field(self.organisation_name, "name", "organization"))
        form.addRow(_("Sector"), e.field(self.sector, "sector"))
        layout.addLayout(form)
        layout.addWidget(self.organisation_message)
        self.save_organisation_button = QPushButton(_("Save organisation"))
        self.delete_organisation_button = QPushButton(_("Delete organisation"))
        layout.addLayout(button_row(self.save_organisation_button,
                                    self.delete_organisation_button))

        self.new_organisation_button.clicked.connect(lambda: self.new_organisation())
        self.save_organisation_button.clicked.connect(self.save_organisation)
        self.delete_organisation_button.clicked.connect(self.delete_organisation)
        self.organisation_name.returnPressed.connect(self.save_organisation)
        self.organisations.table.selectionModel().selectionChanged.connect(
            self._organisation_selected)
        return panel

    # --- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        people, organisations = self.read(
            lambda s: (directory.list_people_rows(s), directory.list_organisation_rows(s)))
        self.people.model.set_rows(people)
        self.organisations.model.set_rows(organisations)
        self.person_organisation.set_names([o.name for o in organisations])
        if self.people.select_id(self.person_id or (people[0].id if people else None)):
            self._person_selected()
        else:
            self.new_person(focus=False)
        if self.organisations.select_id(
                self.organisation_id or (organisations[0].id if organisations else None)):
            self._organisation_selected()
        else:
            self.new_organisation(focus=False)
        self.emit_status()

    def status_text(self) -> str:
        return _("People: {people}; organisations: {organisations}").format(
            people=self.people.model.rowCount(), organisations=self.organisations.model.rowCount())

    def focus_first(self) -> None:
        self.people.search.setFocus()

    # --- people ----------------------------------------------------------------------------

    def show_record(self, kind: str, record_id: int) -> bool:
        """A search's hit: the person or the organisation selected and shown in its form."""
        if kind == "person" and self.people.select_id(record_id):
            self._person_selected()
            return True
        if kind == "organisation" and self.organisations.select_id(record_id):
            self._organisation_selected()
            return True
        return False

    def _person_selected(self) -> None:
        p = self.people.selected()
        if p is None:
            return
        self.person_id = p.id
        self.person_opened.show(p.id, p.row_version)
        self.person_errors.clear()
        self.person_heading.setText(p.name)
        self.person_name.setText(p.name)
        self.honorific.setText(p.honorific or "")
        self.position.setText(p.position or "")
        self.person_organisation.set_text(p.organisation)
        self.email.setText(p.email or "")
        self.phone.setText(p.phone or "")
        self.delete_person_button.setEnabled(True)

    def new_person(self, *, focus: bool = True) -> None:
        self.person_id = None
        self.person_opened.show(None, None)
        self.people.table.clearSelection()
        self.person_errors.clear()
        self.person_heading.setText(_("New person"))
        for field in (self.person_name, self.honorific, self.position, self.email, self.phone):
            field.clear()
        self.person_organisation.set_text("")
        self.delete_person_button.setEnabled(False)
        if focus:
            self.person_name.setFocus()

    def person_values(self) -> PersonValues:
        # Spaces around an e-mail address or phone number are typing slips, not data.
        return {
            "name": self.person_name.text(),
            "honorific": self.honorific.text() or None,
            "position": self.position.text() or None,
            "organisation_name": self.person_organisation.text() or None,
            "email": self.email.text().strip() or None,
            "phone": self.phone.text().strip() or None,
        }

    def save_person(self) -> bool:
        if not self.may_write:  # Enter in a field too
            return False
        values, person_id = self.person_values(), self.person_id
        version = self.person_opened.expected()
        if person_id is None:
            result = self.write(lambda s: directory.add_person(s, **values).id, self.person_errors)
        else:
            result = self.write(lambda s: directory.update_person(
                s, person_id, **values, expected_version=version).id,
                self.person_errors, opened=self.person_opened)
        if result is FAILED:
            return False
        self.person_id = result
        self.refresh()
        return True

    def delete_person(self) -> None:
        p = self.people.selected()
        if p is None or not self.may_write or not confirm(self, _("Delete person"),
                                    _("Delete {name} from the directory?").format(name=p.name)):
            return
        if self.write(lambda s: directory.delete_person(s, p.id, expected_version=p.row_version),
                      self.person_errors, opened=self.person_opened) is FAILED:
            return
        self.person_id = None
        self.refresh()

    # --- organisations -------------------------------------------------------------------------

    def _organisation_selected(self) -> None:
        o = self.organisations.selected()
        if o is None:
            return
        self.organisation_id = o.id
        self.organisation_opened.show(o.id, o.row_version)
        self.organisation_errors.clear()
        self.organisation_heading.setText(o.name)
        self.organisation_name.setText(o.name)
        self.sector.set_value(o.sector)
        self.delete_organisation_button.setEnabled(True)

    def new_organisation(self, *, focus: bool = True) -> None:
        self.organisation_id = None
        self.organisation_opened.show(None, None)
        self.organisations.table.clearSelection()
        self.organisation_errors.clear()
        self.organisation_heading.setText(_("New organisation"))
        self.organisation_name.clear()
        self.sector.set_value(None)
        self.delete_organisation_button.setEnabled(False)
        if focus:
            self.organisation_name.setFocus()

    def save_organisation(self) -> bool:
        if not self.may_write:
            return False
        name, sector, org_id = self.organisation_name.text(), self.sector.value(), self.organisation_id
        version = self.organisation_opened.expected()
        if org_id is None:
            result = self.write(lambda s: directory.add_organisation(s, name=name, sector=sector).id,
                                self.organisation_errors)
        else:
            result = self.write(
                lambda s: directory.update_organisation(s, org_id, name=name, sector=sector,
                                                        expected_version=version).id,
                self.organisation_errors, opened=self.organisation_opened)
        if result is FAILED:
            return False
        self.organisation_id = result
        self.refresh()
        return True

    def delete_organisation(self) -> None:
        o = self.organisations.selected()
        if o is None or not self.may_write or not confirm(self, _("Delete organisation"),
                                    _("Delete {name} from the directory?").format(name=o.name)):
            return
        if self.write(lambda s: directory.delete_organisation(
                s, o.id, expected_version=o.row_version),
                self.organisation_errors, opened=self.organisation_opened) is FAILED:
            return
        self.organisation_id = None
        self.refresh()
