"""Settings: the letterhead printed on minutes (kept with the records), the default
signatories, the program's language (kept on this computer), where the data lives, a
backup on demand and the records check, and the keys and signatures: the certificates the
records know, the unit's authority, people's signing keys, other trusted authorities
(ui/views/keys.py), the unit's seal key (where its file is on this computer) and its
timestamp server (kept with the records).

On the office's server only an admin changes the settings (core/server/permissions.py;
the server refuses the others' writes to the settings and certificates anyway): for any
other login the letterhead, signatories, seal, timestamp server and authorities are read
only, their buttons hidden, and one line at the top says why. The language and the data
panel are this computer's and stay offered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop import paths
from ogp_desktop.core import db as core_db
from ogp_desktop.core import integrity
from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError, ValidationError, os_reason, user_text
from ogp_desktop.core.keys import tokens
from ogp_desktop.core.keys.certificates import subject_name, valid_until
from ogp_desktop.core.models import SignatureMeaning
from ogp_desktop.core.server.permissions import may
from ogp_desktop.core.services import settings as settings_svc
from ogp_desktop.ui import common, errors, file_dialogs, tasks
from ogp_desktop.ui.common import _, ngettext
from ogp_desktop.ui.views import keys
from ogp_desktop.ui.views.base import FAILED, Section
from ogp_desktop.ui.views.office_server import ConnectDialog, forget_server, open_local_records
from ogp_desktop.ui.views.widgets import (
    ERROR_STYLE,
    ChoiceBox,
    FormErrors,
    button_row,
    commit_open_editor,
    hint,
    set_read_only,
)

# Each language is offered in its own name and script (an endonym), whatever the current
# language: someone who can not read the current one must still find theirs.
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}

LOGO_FILTER = "PNG, JPEG (*.png *.jpg *.jpeg)"


def check_records(db: Database, *, progress, cancelled):
    """Worker side of "Check records" (the check opens its own unit of work)."""
    return integrity.check_database(db, progress=progress, cancelled=cancelled)


def publish_site(db: Database, folder: Path, *, progress, cancelled, seal=None,
                 seal_options=None):
    """Worker side of "Publish the public website…" (its own read-only unit of work); the
    PDFs of minutes signed on paper are sealed with `seal` when this computer has one, so
    that `verify` accepts every published PDF."""
    from ogp_desktop.core.publish import log
    from ogp_desktop.export.publish import publish

    with db.session(write=False) as session:
        result = publish(session, folder, progress=progress, cancelled=cancelled, seal=seal,
                         seal_options=seal_options)
    result.not_logged = log.record_in(db, result)  # the compliance checks count it
    return result


def backup(db: Database, target: Path, *, progress, cancelled) -> Path:
    """Worker side of "Back up now": the file's copy, or a server's pg_dump."""
    if db.store.file is not None:
        return core_db.backup_to(db.path, target)
    return db.backup_to(target)


class SignatoriesTable(QTableWidget):
    """Name, role and what the signature means (prepared / approved), one per row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([_("Name"), _("Role"), _("Signs as")])
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setMinimumHeight(130)

    def set_signatories(self, signatories: list[dict]) -> None:
        self.setRowCount(0)
        for s in signatories:
            self.add_signatory(s)

    def add_signatory(self, s: dict | None = None) -> int:
        s = s or {}
        row = self.rowCount()
        self.insertRow(row)
        self.setItem(row, 0, QTableWidgetItem(s.get("name") or ""))
        self.setItem(row, 1, QTableWidgetItem(s.get("role") or ""))
        meaning = ChoiceBox()
        meaning.set_enum(SignatureMeaning)
        meaning.set_value(s.get("meaning") or SignatureMeaning.APPROVED.value)
        self.setCellWidget(row, 2, meaning)
        return row

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.selectedIndexes()}, reverse=True):
            self.removeRow(row)

    def signatories(self) -> list[dict]:
        commit_open_editor(self)
        out = []
        for row in range(self.rowCount()):
            name_item, role_item = self.item(row, 0), self.item(row, 1)
            name = name_item.text() if name_item else ""
            role = role_item.text() if role_item else ""
            if not name.strip() and not role.strip():
                continue  # an empty row left behind is not a signatory
            meaning = self.cellWidget(row, 2)
            assert isinstance(meaning, ChoiceBox)  # add_signatory puts one in every row
            out.append({"name": name, "role": role, "meaning": meaning.value()})
        return out


class SettingsView(Section):
    key = "settings"
    languageChanged = Signal(str)
    databaseChosen = Signal(object)  # a Database the person connected to, to be shown

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._logo: bytes | None = None
        self._logo_changed = False
        self.task: tasks.Task | None = None
        self.trust_dialog: keys.TrustDialog | None = None  # the last one opened
        self.seal_dialog: keys.SealDialog | None = None  # the last one opened

        content = QWidget()
        grid = QGridLayout(content)
        grid.addWidget(self._build_letterhead(), 0, 0)
        grid.addWidget(self._build_signatories(), 1, 0)
        grid.addWidget(self._build_language(), 0, 1)
        grid.addWidget(self._build_data(), 1, 1)
        grid.addWidget(self._build_keys(), 2, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(3, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.settings_line = hint(_("Your login ({role}) may not change the settings; an "
                                    "admin of the office's server can.").format(role=db.role))
        self.settings_line.setObjectName("settingsRoleLine")
        self.settings_line.setVisible(not self.may_change)
        layout.addWidget(self.settings_line)
        layout.addWidget(scroll)
        if not self.may_change:
            for button in (self.choose_logo_button, self.remove_logo_button,
                           self.save_letterhead_button, self.add_signatory_button,
                           self.remove_signatory_button, self.save_signatories_button,
                           self.create_authority_button, self.issue_key_button,
                           self.trust_button, self.save_seal_button, self.clear_seal_button,
                           self.seal_file.choose_button, self.save_timestamp_button):
                button.hide()
            set_read_only(self.ministry, self.unit, self.signatories, self.seal_file.edit,
                          self.timestamp_url)

    @property
    def may_change(self) -> bool:
        """Whether the login may change the settings (a file: yes; a server: an admin)."""
        return may(self.db.role, "settings")

    # --- building ----------------------------------------------------------------------------

    def _build_letterhead(self) -> QGroupBox:
        box = QGroupBox(_("Letterhead of the minutes"))
        layout = QVBoxLayout(box)
        self.letterhead_message = QLabel()
        self.letterhead_errors = FormErrors(self.letterhead_message, self)
        e = self.letterhead_errors
        self.ministry = QLineEdit()
        self.unit = QLineEdit()
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(180, 110)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.choose_logo_button = QPushButton(_("Choose logo…"))
        self.remove_logo_button = QPushButton(_("Remove logo"))
        logo = QWidget()
        logo_layout = QHBoxLayout(logo)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addStretch(1)
        logo_layout.addLayout(logo_buttons)
        logo_layout.addStretch(1)
        form = QFormLayout()
        form.addRow(_("Ministry"), e.field(self.ministry, "ministry"))
        form.addRow(_("Unit"), e.field(self.unit, "unit"))
        form.addRow(_("Logo"), e.field(logo, "logo"))
        layout.addLayout(form)
        layout.addWidget(self.letterhead_message)
        self.save_letterhead_button = QPushButton(_("Save letterhead"))
        layout.addLayout(button_row(self.save_letterhead_button))
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.save_letterhead_button.clicked.connect(self.save_letterhead)
        return box

    def _build_signatories(self) -> QGroupBox:
        box = QGroupBox(_("Default signatories"))
        layout = QVBoxLayout(box)
        layout.addWidget(hint(_("Offered when minutes are signed; each signature can still be "
                                "changed there.")))
        self.signatories_message = QLabel()
        self.signatories_errors = FormErrors(self.signatories_message, self)
        self.signatories = SignatoriesTable()
        layout.addWidget(self.signatories_errors.field(self.signatories, "signatories"))
        layout.addWidget(self.signatories_message)
        self.add_signatory_button = QPushButton(_("Add signatory"))
        self.remove_signatory_button = QPushButton(_("Remove signatory"))
        self.save_signatories_button = QPushButton(_("Save signatories"))
        row = button_row(self.add_signatory_button, self.remove_signatory_button)
        row.addWidget(self.save_signatories_button)
        layout.addLayout(row)
        self.add_signatory_button.clicked.connect(self.add_signatory)
        self.remove_signatory_button.clicked.connect(self.signatories.remove_selected)
        self.save_signatories_button.clicked.connect(self.save_signatories)
        return box

    def _build_language(self) -> QGroupBox:
        box = QGroupBox(_("Language"))
        layout = QVBoxLayout(box)
        self.language_buttons: dict[str, QRadioButton] = {}
        for code, name in LANGUAGE_NAMES.items():
            button = QRadioButton(name)
            button.setChecked(code == common.current_language())
            button.clicked.connect(lambda _checked=False, c=code: self.choose_language(c))
            # as wide as its text: a click beside a language's name does not choose it
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            self.language_buttons[code] = button
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(hint(_("The window is rebuilt in the chosen language. The choice is "
                                "kept on this computer.")))
        layout.addStretch(1)
        return box

    def _build_data(self) -> QGroupBox:
        box = QGroupBox(_("Data and backup"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.data_folder = QLabel(str(paths.data_dir()))
        self.database_file = QLabel(self.db.display)
        for label in (self.data_folder, self.database_file):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            common.path_label(label)
        form.addRow(_("Data folder"), self.data_folder)
        on_server = self.db.store.file is None
        form.addRow(_("Office's server") if on_server else _("Records file"), self.database_file)
        layout.addLayout(form)
        self.open_folder_button = QPushButton(_("Open data folder"))
        self.backup_button = QPushButton(_("Back up now…"))
        self.check_button = QPushButton(_("Check records"))
        layout.addLayout(button_row(self.open_folder_button, self.backup_button,
                                    self.check_button))
        self.publish_button = QPushButton(_("Publish the public website…"))
        self.publish_button.setToolTip(_("Write the public repository into a folder: plans, "
                                         "timeline, committees, signed minutes and progress "
                                         "reports, in Arabic and English"))
        self.publish_button.clicked.connect(self.choose_publish_folder)
        layout.addLayout(button_row(self.publish_button))
        self.connect_button = QPushButton(_("Connect to the office database…"))
        self.local_button = QPushButton(_("Use the records on this computer"))
        self.local_button.setVisible(on_server)
        self.connect_button.clicked.connect(self.connect_to_server)
        self.local_button.clicked.connect(self.use_local_records)
        layout.addLayout(button_row(self.connect_button, self.local_button))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(120)
        self.problems.hide()
        layout.addWidget(self.problems)
        self.open_folder_button.clicked.connect(self.open_data_folder)
        self.backup_button.clicked.connect(self.choose_backup_file)
        self.check_button.clicked.connect(self.check_records)
        layout.addStretch(1)
        return box

    def _build_keys(self) -> QGroupBox:
        box = QGroupBox(_("Keys and signatures"))
        layout = QVBoxLayout(box)
        layout.addWidget(hint(_("The authorities these records trust, and the signing keys "
                                "issued. The keys themselves stay in their holders' "
                                "password-protected files, never in the records.")))
        self.certificates = keys.CertificatesTable()
        layout.addWidget(self.certificates)
        self.keys_message = QLabel()
        self.keys_message.setWordWrap(True)
        self.keys_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keys_message.hide()
        layout.addWidget(self.keys_message)
        self.create_authority_button = QPushButton(_("Create the unit's authority…"))
        self.issue_key_button = QPushButton(_("Issue a signing key…"))
        self.trust_button = QPushButton(_("Trust another authority…"))
        layout.addLayout(button_row(self.create_authority_button, self.issue_key_button,
                                    self.trust_button))
        self.create_authority_button.clicked.connect(self.create_authority)
        self.issue_key_button.clicked.connect(self.issue_key)
        self.trust_button.clicked.connect(self.choose_trusted_certificate)
        layout.addWidget(self._build_seal())
        return box

    def _build_seal(self) -> QGroupBox:
        """The unit's seal key (this computer's preference) and the timestamp server (the
        records'), each with its own Save."""
        box = self.seal_box = QGroupBox(_("Seal and timestamp"))
        layout = QVBoxLayout(box)
        layout.addWidget(hint(_("Every PDF of signed minutes exported from this computer is "
                                "sealed with the unit's seal key, so that any later change to "
                                "the file shows. The key file's place is kept on this "
                                "computer; its password is asked at each export, never "
                                "kept.")))
        self.seal_message = QLabel()
        self.seal_errors = FormErrors(self.seal_message, self)
        self.seal_file = keys.PathField(keys.KEY_PURPOSE, _("The unit's seal key file"),
                                        keys.KEY_FILTER)
        self.seal_file.edit.setToolTip(_(
            "The unit's seal key file (.p12), or a key on a card or token, typed as "
            "pkcs11:token=CARD;object=KEY"))
        self.save_seal_button = QPushButton(_("Save seal key…"))
        self.clear_seal_button = QPushButton(_("Clear"))
        self.seal_state = QLabel()
        self.seal_state.setWordWrap(True)
        self.timestamp_url = QLineEdit()
        # an address runs left to right, on the reading side of the window (as paths do)
        self.timestamp_url.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        side = Qt.AlignmentFlag.AlignRight if common.is_rtl() else Qt.AlignmentFlag.AlignLeft
        self.timestamp_url.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        self.timestamp_url.setPlaceholderText("http://timestamp.example.org")
        self.save_timestamp_button = QPushButton(_("Save server"))

        seal_row = QWidget()
        row = QHBoxLayout(seal_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.seal_file, 1)
        row.addWidget(self.save_seal_button)
        row.addWidget(self.clear_seal_button)
        timestamp_row = QWidget()
        row = QHBoxLayout(timestamp_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.timestamp_url, 1)
        row.addWidget(self.save_timestamp_button)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Seal key file"), self.seal_errors.field(seal_row, "seal"))
        timestamp_hint = hint(_("An RFC 3161 timestamp server gives signatures and seals a "
                                "time vouched for by the server. Kept with the records, for "
                                "every computer; empty for none. When it does not answer, "
                                "signing and sealing go on without a timestamp, and you are "
                                "told."))
        for label in (self.seal_state, timestamp_hint):  # as wide as the fields above them
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", self.seal_state)
        form.addRow(_("Timestamp server"), self.seal_errors.field(timestamp_row, "timestamp_url"))
        form.addRow("", timestamp_hint)
        layout.addLayout(form)
        self.seal_done = QLabel()
        self.seal_done.setWordWrap(True)
        self.seal_done.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seal_done.hide()
        layout.addWidget(self.seal_message)
        layout.addWidget(self.seal_done)
        QWidget.setTabOrder(self.seal_file.edit, self.seal_file.choose_button)
        QWidget.setTabOrder(self.seal_file.choose_button, self.save_seal_button)
        QWidget.setTabOrder(self.save_seal_button, self.clear_seal_button)
        QWidget.setTabOrder(self.clear_seal_button, self.timestamp_url)
        QWidget.setTabOrder(self.timestamp_url, self.save_timestamp_button)
        self.save_seal_button.clicked.connect(self.save_seal)
        self.clear_seal_button.clicked.connect(self.clear_seal)
        self.save_timestamp_button.clicked.connect(self.save_timestamp_url)
        self.timestamp_url.returnPressed.connect(self.save_timestamp_url)
        return box

    # --- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        letterhead, signatories = self.read(
            lambda s: (settings_svc.get_letterhead(s), settings_svc.get_default_signatories(s)))
        self.ministry.setText(letterhead.ministry or "")
        self.unit.setText(letterhead.unit or "")
        self._show_logo(letterhead.logo)
        self._logo_changed = False
        self.signatories.set_signatories(signatories)
        if not self.may_change:
            for row in range(self.signatories.rowCount()):
                meaning = self.signatories.cellWidget(row, 2)
                if meaning is not None:
                    meaning.setEnabled(False)
        self.letterhead_errors.clear()
        self.signatories_errors.clear()
        self.refresh_certificates()
        self.refresh_seal()

    def refresh_seal(self) -> None:
        url = self.read(settings_svc.get_timestamp_url)
        self.timestamp_url.setText(url or "")
        setting = keys.seal_setting()
        self.seal_file.edit.setText(setting.key_file if setting else "")
        self._show_seal(setting)
        self.seal_errors.clear()

    def refresh_certificates(self) -> None:
        self.certificates.set_rows(self.read(keys.certificate_rows))

    # --- letterhead ---------------------------------------------------------------------------

    def _show_logo(self, data: bytes | None) -> None:
        self._logo = data
        self.remove_logo_button.setEnabled(data is not None)
        if not data:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(_("No logo"))
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(QByteArray(data)):
            self.logo_preview.setPixmap(pixmap.scaled(
                self.logo_preview.size() * 0.95, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo_preview.setText(_("The image can not be shown"))

    def choose_logo(self) -> None:
        if not self.may_change:
            return
        path = file_dialogs.open_file(self, "logo", _("Choose logo"), LOGO_FILTER)
        if path is not None:
            self.set_logo_file(path)

    def set_logo_file(self, path: Path) -> bool:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.letterhead_errors.show(ValidationError(
                "{path} can not be read: {error}", field="logo", path=str(path),
                error=os_reason(exc)))
            return False
        self.letterhead_errors.clear()
        self._show_logo(data)
        self._logo_changed = True
        return True

    def remove_logo(self) -> None:
        if not self.may_change:
            return
        self._show_logo(None)
        self._logo_changed = True

    def save_letterhead(self) -> bool:
        if not self.may_change:
            return False
        ministry, unit = self.ministry.text() or None, self.unit.text() or None
        logo, changed = self._logo, self._logo_changed
        result = self.write(
            lambda s: settings_svc.set_letterhead(
                s, ministry=ministry, unit=unit, logo=logo if changed else None,
                keep_logo=not changed),
            self.letterhead_errors)
        if result is FAILED:
            return False
        self._logo_changed = False
        self.notice.emit(_("The letterhead was saved."))
        return True

    # --- signatories --------------------------------------------------------------------------

    def add_signatory(self) -> None:
        if not self.may_change:
            return
        row = self.signatories.add_signatory()
        self.signatories.setCurrentCell(row, 0)
        name = self.signatories.item(row, 0)
        assert name is not None  # add_signatory made it
        self.signatories.editItem(name)

    def save_signatories(self) -> bool:
        if not self.may_change:
            return False
        signatories = self.signatories.signatories()
        result = self.write(lambda s: settings_svc.set_default_signatories(s, signatories),
                            self.signatories_errors)
        if result is FAILED:
            return False
        self.refresh()
        self.notice.emit(_("The default signatories were saved."))
        return True

    # --- language -----------------------------------------------------------------------------

    def choose_language(self, code: str) -> None:
        if code != common.current_language():
            self.languageChanged.emit(code)

    def show_language(self) -> None:
        """Tick the language in use (after a change was called off)."""
        for code, button in self.language_buttons.items():
            button.setChecked(code == common.current_language())

    # --- keys and signatures ------------------------------------------------------------------

    def _say(self, text: str, *, error: bool = False) -> None:
        self.keys_message.setStyleSheet(ERROR_STYLE if error else "")
        self.keys_message.setText(text)
        self.keys_message.setVisible(bool(text))

    def _keys_written(self, text: str) -> None:
        self.refresh_certificates()
        self._say(text)
        self.notice.emit(text)
        self.recordsChanged.emit()

    def create_authority(self) -> keys.AuthorityDialog | None:
        if not self.may_change:
            return None
        dialog = keys.AuthorityDialog(self.db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.pair is not None:
            self._keys_written(_("The authority {name} was created; its key is in {path}. Keep "
                                 "the file and its password safe.").format(
                name=user_text(subject_name(dialog.pair.certificate)), path=common.ltr(dialog.output_path)))
        return dialog

    def issue_key(self) -> keys.IssueKeyDialog | None:
        if not self.may_change:
            return None
        dialog = keys.IssueKeyDialog(self.db, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.pair is not None:
            certificate = dialog.pair.certificate
            self._keys_written(_("A signing key was issued to {name}, valid until {date}: "
                                 "{path}").format(
                name=user_text(subject_name(certificate)),
                date=common.short_date(valid_until(certificate).date()),
                path=common.ltr(dialog.output_path)))
        return dialog

    def choose_trusted_certificate(self) -> None:
        if not self.may_change:
            return
        path = file_dialogs.open_file(self, keys.CERTIFICATE_PURPOSE,
                                      _("The authority's certificate"), keys.CERTIFICATE_FILTER)
        if path is not None:
            self.trust_certificate(path)

    def trust_certificate(self, path: Path) -> bool:
        """`trust add`: every authority certificate in the file becomes a trust anchor;
        once the records have the unit's authority, with its key (asked in TrustDialog)."""
        if not self.may_change:
            return False
        path = Path(path)
        try:
            request = keys.read_trust_request(self.db, path)
            if request.all_trusted:
                found = [(name, False) for name in request.names]
            elif request.unit_authority is None:
                found = keys.trust_file(self.db, path)
            else:
                dialog = keys.TrustDialog(self.db, path, request, self)
                self.trust_dialog = dialog
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return False
                found = dialog.found
        except DomainError as exc:
            self._say(errors.error_text(exc), error=True)
            return False
        self._keys_written(" ".join(
            (_("{name} is trusted now.") if added else _("{name} was trusted already."))
            .format(name=user_text(name)) for name, added in found))
        return True

    # --- seal and timestamp -------------------------------------------------------------------

    def _show_seal(self, setting: keys.SealSetting | None) -> None:
        self.clear_seal_button.setEnabled(setting is not None)
        if setting is None:
            self.seal_state.setText(_("No seal key on this computer: exported PDFs are not "
                                      "sealed."))
        elif setting.valid_until is not None and setting.valid_until < dt.date.today():
            self.seal_state.setText(_("The seal of {name} expired on {date}: keep another seal "
                                      "key, or clear it.").format(
                name=user_text(setting.name), date=common.short_date(setting.valid_until)))
        elif setting.valid_until is not None:
            self.seal_state.setText(_("Exports of signed minutes are sealed with the seal of "
                                      "{name}, valid until {date}.").format(
                name=user_text(setting.name), date=common.short_date(setting.valid_until)))
        else:
            self.seal_state.setText(_("Exports of signed minutes are sealed with the seal of "
                                      "{name}.").format(name=user_text(setting.name)))

    def _seal_said(self, text: str) -> None:
        self.seal_done.setText(text)
        self.seal_done.setVisible(bool(text))
        if text:
            self.notice.emit(text)

    def save_seal(self) -> keys.SealDialog | None:
        """Keep the seal key file typed or chosen, once it opens with its password (asked
        here, not kept) and these records trust its certificate; nothing is kept else."""
        if not self.may_change:
            return None
        self.seal_errors.clear()
        self._seal_said("")
        typed = self.seal_file.edit.text().strip()
        key_file = typed if tokens.is_token_uri(typed) else str(self.seal_file.path() or "")
        if not key_file:
            self.seal_errors.show(ValidationError("Choose the seal key file (.p12), or clear "
                                                  "it", field="seal"))
            self.seal_file.edit.setFocus()
            return None
        if not tokens.is_token_uri(key_file):
            try:
                Path(key_file).read_bytes()
            except OSError as exc:
                self.seal_errors.show(ValidationError("{path} can not be read: {error}",
                                                      field="seal", path=key_file,
                                                      error=os_reason(exc)))
                self.seal_file.edit.setFocus()
                return None
        dialog = keys.SealDialog(self.db, key_file, _(
            "The seal key's password is asked once now, to check that the key opens and that "
            "these records trust its certificate. It is not kept: each export of signed "
            "minutes asks for it."), _("Check and keep"), self)
        self.seal_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.pair is None:
            return dialog
        pair = dialog.pair
        try:
            setting = keys.keep_seal(key_file, pair)
            issuer = dialog.issuer if dialog.issuer is not None else pair.certificate
        finally:
            if isinstance(pair, tokens.TokenKey):
                pair.close()
            dialog.pair = None
        self.seal_file.edit.setText(key_file)
        self._show_seal(setting)
        self._seal_said(_("The seal key of {name}, issued by {authority}, is kept on this "
                          "computer: exports of signed minutes are sealed with it.").format(
            name=user_text(setting.name), authority=user_text(subject_name(issuer))))
        return dialog

    def clear_seal(self) -> None:
        if not self.may_change:
            return
        keys.forget_seal()
        self.seal_errors.clear()
        self.seal_file.edit.clear()
        self._show_seal(None)
        self._seal_said(_("This computer has no seal key now: exported PDFs are not sealed."))

    def save_timestamp_url(self) -> bool:
        if not self.may_change:  # Enter in the field too
            return False
        typed = self.timestamp_url.text()
        self._seal_said("")
        result = self.write(lambda s: settings_svc.set_timestamp_url(s, typed), self.seal_errors)
        if result is FAILED:
            self.timestamp_url.setFocus()
            return False
        self.timestamp_url.setText(result or "")
        self._seal_said(_("The timestamp server {url} was saved: signatures and seals ask it "
                          "for a timestamp.").format(url=common.ltr(result)) if result else
                        _("No timestamp server: signatures and seals carry no timestamp."))
        return True

    # --- data ---------------------------------------------------------------------------------

    def connect_to_server(self) -> ConnectDialog:
        """The connect form; once the server accepted the login, its records are shown
        (and opened at the next start)."""
        dialog = ConnectDialog(self)
        dialog.accepted.connect(lambda: self.databaseChosen.emit(dialog.db))
        dialog.open()
        return dialog

    def use_local_records(self) -> None:
        """Back to the records file on this computer; the server and its kept password
        are forgotten."""
        try:
            db = open_local_records()
        except DomainError as exc:
            self._say(errors.error_text(exc), error=True)
            return
        forget_server()
        self.databaseChosen.emit(db)

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths.data_dir())))

    def choose_backup_file(self) -> None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
        if self.db.store.file is not None:
            suggested = paths.backups_dir(self.db.path) / f"{self.db.path.stem}-{stamp}.sqlite"
            kind = "SQLite (*.sqlite)"
        else:  # a server: pg_dump's custom format (docs/server.md)
            suggested = paths.data_dir() / "backups" / f"records-{stamp}.dump"
            kind = "pg_dump (*.dump)"
        path = file_dialogs.save_file(self, "backup", _("Back up the records to"), suggested.name,
                                      kind, default_folder=suggested.parent,
                                      confirm_overwrite=False)
        if path is not None:
            self.back_up(path)

    def back_up(self, target: Path) -> tasks.Task:
        def done(path: Path, _cancelled: bool) -> None:
            self.problems.hide()
            self.result.setText(_("The records were copied to {path}.").format(path=common.ltr(path)))

        self.task = tasks.run_with_progress(
            self, backup, self.db, Path(target), label=_("Backing up the records…"),
            on_success=done, on_failure=self._failed, cancellable=False)
        return self.task

    def choose_publish_folder(self) -> None:
        folder = file_dialogs.choose_folder(self, "publish", _("Publish the public website into"))
        if folder is not None:
            self.publish_to(folder)

    def publish_to(self, folder: Path) -> tasks.Task | None:
        """Publish into `folder` behind a progress bar that can cancel; the result line
        says what was written and what was left out (docs/publish.md). With a seal key on
        this computer its password is asked first, as for an export (Cancel: nothing is
        published)."""
        from sqlalchemy import func, select

        from ogp_desktop.core.models import Meeting, MinutesStatus

        signed = self.read(lambda s: s.scalar(select(func.count()).select_from(Meeting).where(
            Meeting.status == MinutesStatus.SIGNED))) if keys.seal_setting() else 0
        answer = keys.ask_seal(self.db, self, int(signed or 0), batch=True)
        if not answer.go:
            self.result.setText(_("Publishing was cancelled: nothing was written."))
            return None
        options = keys.seal_options(self.db) if answer.key is not None else None

        def done(result, cancelled: bool) -> None:
            answer.close()
            lines = result.left_out_lines(common.current_language())
            if cancelled or result.cancelled:
                text = _("Publishing was cancelled; files written: {n}. Publish again to "
                         "finish the site.").format(n=len(result.written))
            else:
                text = _("The website was published in {path}: pages: {pages}, signed "
                         "minutes: {minutes}; files written: {written}, unchanged: "
                         "{unchanged}, removed: {removed}.").format(
                    path=common.ltr(folder), pages=result.pages, minutes=result.minutes,
                    written=len(result.written), unchanged=len(result.unchanged),
                    removed=len(result.removed))
                if result.not_logged is not None:  # a viewer: the records are not written
                    text += " " + _("This publication is not in the publication log: "
                                    "{reason}").format(
                        reason=errors.error_text(result.not_logged, with_field=False))
            self.result.setText(text)
            self.problems.setPlainText("\n".join(
                [_("Not published:")] + [f"• {line}" for line in lines]) if lines
                else _("Nothing was left out."))
            option = self.problems.document().defaultTextOption()
            option.setTextDirection(self.layoutDirection())  # the lines read in the UI's direction
            self.problems.document().setDefaultTextOption(option)
            self.problems.show()

        self.result.setText(_("Publishing the website…"))
        def failed(error: BaseException) -> None:
            answer.close()
            self._failed(error)

        self.task = tasks.run_with_progress(
            self, publish_site, self.db, Path(folder), label=_("Publishing the website…"),
            on_success=done, on_failure=failed, seal=answer.key, seal_options=options)
        return self.task

    def check_records(self) -> tasks.Task:
        def done(report: integrity.CheckReport, _cancelled: bool) -> None:
            if report.ok:
                self.problems.hide()
                self.result.setText(ngettext(
                    "No problems found: the file is sound, its references are whole and "
                    "{n} signed minutes match what was signed.",
                    "No problems found: the file is sound, its references are whole and "
                    "{n} signed minutes match what was signed.",
                    report.signed_checked).format(n=report.signed_checked))
            else:
                self.result.setText(ngettext(
                    "{n} problem found. Keep a copy of the file and restore a backup.",
                    "{n} problems found. Keep a copy of the file and restore a backup.",
                    len(report.problems)).format(n=len(report.problems)))
                self.problems.setPlainText("\n".join(errors.error_text(p) for p in report.problems))
                self.problems.show()

        self.result.setText(_("Checking the records…"))
        self.task = tasks.run_with_progress(
            self, check_records, self.db, label=_("Checking the records…"), on_success=done,
            on_failure=self._failed)
        return self.task

    def _failed(self, error: BaseException) -> None:
        self.problems.hide()
        self.result.setText(errors.error_text(error))
