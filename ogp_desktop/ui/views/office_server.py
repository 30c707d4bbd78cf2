"""Connect to the office database: the form a person fills once (server, port, database,
login, password), from Settings or the welcome screen, and again at a start when the
password is not kept. The address is remembered in the per-user settings (never the
password); the password goes to the computer's keyring only when the person ticks it
(core/server/credentials.py), else it is asked at every start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.errors import DomainError
from ogp_desktop.core.server import credentials
from ogp_desktop.core.server.credentials import ServerAddress
from ogp_desktop.ui import common, errors, placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.field_errors import FieldErrors
from ogp_desktop.ui.editors.widgets import EDITOR_STYLE, Banner
from ogp_desktop.ui.views.keys import password_field

if TYPE_CHECKING:
    from ogp_desktop.core.db import Database

SETTINGS_SERVER = "records/server"  # the remembered server's URL, without a password


def remembered_server() -> ServerAddress | None:
    """The office's server this person connected to last, if they did."""
    value = common.settings().value(SETTINGS_SERVER, "")
    return ServerAddress.from_url(value) if isinstance(value, str) and value else None


def remember_server(address: ServerAddress | None) -> None:
    """Open `address` at the next start (None: the records file on this computer again)."""
    if address is None:
        common.settings().remove(SETTINGS_SERVER)
    else:
        common.settings().setValue(SETTINGS_SERVER, address.url())


def forget_server() -> None:
    """Back to the records file on this computer: the address and its kept password go."""
    address = remembered_server()
    if address is not None:
        credentials.forget_password(address)
    remember_server(None)


def open_local_records() -> Database:
    """The records file on this computer, in the data folder (made on first use)."""
    from ogp_desktop import paths
    from ogp_desktop.core.db import open_database

    path = paths.resolve_db_path(None)
    paths.ensure_default_folder(path)
    return open_database(path, create=True)


def _ltr(field: QLineEdit) -> QLineEdit:
    """Addresses and logins are Latin: typed and shown left to right in both languages."""
    field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return field


class ConnectDialog(QDialog):
    """The form; `db` is the opened database once the server accepted the login."""

    placement_key = "connect-dialog"

    def __init__(self, parent: QWidget | None = None, *, address: ServerAddress | None = None,
                 error: str | None = None, offer_local: bool = False) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.use_local = False  # the person chose the records file on this computer instead
        self.setWindowTitle(_("Connect to the office database"))
        self.setStyleSheet(EDITOR_STYLE)
        self.setModal(True)
        address = address or remembered_server()
        self.explain = QLabel(_(
            "The unit's records on the office's PostgreSQL server. Your administrator gives "
            "you the server's name, the database and your login."), self)
        self.explain.setWordWrap(True)
        self.host = _ltr(QLineEdit(self))
        self.port = _ltr(QLineEdit(str(credentials.DEFAULT_PORT), self))
        self.database = _ltr(QLineEdit(self))
        self.login = _ltr(QLineEdit(self))
        self.password = password_field(self)
        if address is not None:
            self.host.setText(address.host)
            self.port.setText(str(address.port))
            self.database.setText(address.database)
            self.login.setText(address.login)
        self.remember = QCheckBox(_("Keep the password in this computer's keyring"), self)
        self.keyring = credentials.keyring_available()
        if self.keyring:
            self.remember.setChecked(address is not None
                                     and credentials.saved_password(address) is not None)
        else:
            self.remember.setEnabled(False)
            self.remember.setToolTip(_("This computer has no keyring: the password is asked "
                                       "at every start."))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(_("Server"), self.host)
        self.form.addRow(_("Port"), self.port)
        self.form.addRow(_("Database"), self.database)
        self.form.addRow(_("Login"), self.login)
        self.form.addRow(_("Password"), self.password)
        self.form.addRow("", self.remember)
        self.no_keyring = QLabel(self.remember.toolTip(), self)
        self.no_keyring.setWordWrap(True)
        self.no_keyring.setVisible(not self.keyring)
        self.error = Banner("error", self)
        self.error.hide()
        self.errors = FieldErrors(self.error)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton(_("Connect"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.local_button: QPushButton | None = None
        if offer_local:
            self.local_button = self.buttons.addButton(
                _("Use the records on this computer"), QDialogButtonBox.ButtonRole.ActionRole)
            self.local_button.clicked.connect(self._use_local)
        self.cancel_button = self.buttons.addButton(_("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addLayout(self.form)
        layout.addWidget(self.no_keyring)
        layout.addStretch(1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for edit in (self.host, self.port, self.database, self.login, self.password):
            edit.textChanged.connect(self.errors.recheck)
        fields = [self.host, self.port, self.database, self.login, self.password]
        chain: list[QWidget] = [*fields, self.remember, self.connect_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        placement.fit_and_remember(self, self.placement_key, (520, 380))
        if error:
            self.errors.show(error, self.password)
        first_empty = next((f for f in fields if not f.text()), self.password)
        first_empty.setFocus(Qt.FocusReason.OtherFocusReason)

    def message(self) -> str:
        """The error strip's text ("" when it is hidden)."""
        return self.error.label.text() if not self.error.isHidden() else ""

    def _field(self, name: str | None) -> QWidget | None:
        return {"host": self.host, "port": self.port, "database": self.database,
                "login": self.login}.get(name or "")

    def run(self) -> bool:
        """Check the form and log in; False (the dialog stays open, the reason shown,
        nothing remembered) when the server or the form refuses."""
        from ogp_desktop.core.db import open_database

        self.errors.clear()
        try:
            address = ServerAddress.parse(self.host.text(), self.port.text(),
                                          self.database.text(), self.login.text())
        except DomainError as exc:
            widget = self._field(exc.field)
            label = self.form.labelForField(widget) if widget is not None else None
            text = errors.error_text(exc, with_field=False)
            if isinstance(label, QLabel):
                text = _("{field}: {message}").format(field=label.text(), message=text)
            self.errors.show(text, widget)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        password = self.password.text()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.db = open_database(address.url(password))
        except DomainError as exc:
            self.errors.show(errors.error_text(exc, with_field=False), self.password)
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        remember_server(address)
        if self.remember.isChecked() and password:
            credentials.save_password(address, password)
        else:
            credentials.forget_password(address)
        self.password.clear()
        self.accept()
        return True

    def _use_local(self) -> None:
        self.use_local = True
        self.reject()

    def done(self, result: int) -> None:
        self.password.clear()
        super().done(result)


def connect(parent: QWidget | None, **kwargs: object) -> ConnectDialog:
    """Show the form until the person connects or gives up; the dialog says which."""
    dialog = ConnectDialog(parent, **kwargs)  # type: ignore[arg-type]
    dialog.exec()
    return dialog
