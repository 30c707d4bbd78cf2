"""Settings → Keys and signatures: the certificates the records know (the authorities they
trust, the signing certificates issued), and the dialogs that do what the command line's
`authority init`, `authority issue` and `trust add` do (docs/signatures.md), through the
same core.keys.operations; and the unit's seal: where its key file is on this computer
(a preference, never its password) and the dialog that opens it for an export that seals.

Each dialog checks its fields in the order they are shown and says what is wrong in one
line of its error strip, at the field to fix; nothing is written then (no key file, no
row). A key file is written before the unit of work commits and removed again when the
commit fails, as on the command line. Passwords live only in their fields while the
dialog is open: they are read when the button is pressed, never logged or kept in the
settings, and the fields are emptied after use and when the dialog closes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from cryptography import x509
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import (
    CertificateError,
    DomainError,
    KeyFileError,
    ValidationError,
    user_text,
)
from ogp_desktop.core.keys import certificates, keyfiles, operations, tokens, trust
from ogp_desktop.core.keys.certificates import KeyPair, check_name, subject_name
from ogp_desktop.core.keys.tokens import SignerKey
from ogp_desktop.core.models import Certificate, CertificateKind
from ogp_desktop.core.services import directory
from ogp_desktop.core.services import settings as settings_svc
from ogp_desktop.export.signing import SigningOptions
from ogp_desktop.ui import common, errors, file_dialogs, placement
from ogp_desktop.ui.common import _, ngettext
from ogp_desktop.ui.editors.field_errors import FieldErrors
from ogp_desktop.ui.editors.widgets import EDITOR_STYLE, Banner
from ogp_desktop.ui.models.labels import label
from ogp_desktop.ui.views.widgets import NumberSpin, hint, setup_table

T = TypeVar("T")

KEY_FILTER = "PKCS#12 (*.p12 *.pfx)"
CERTIFICATE_FILTER = "PEM, DER (*.pem *.crt *.cer *.der)"
KEY_PURPOSE = "key-files"
CERTIFICATE_PURPOSE = "certificates"
MAX_YEARS = 30
WRONG_PASSWORD = "The password for {path} is wrong"  # keyfiles.load_key_file's msgid
SHORT_FINGERPRINT = 16  # hex digits shown in the table; the whole one in the tooltip
SETTINGS_GROUP = "seal"  # this computer's preferences: where the unit's seal key file is
SEAL_KEY_FILE = f"{SETTINGS_GROUP}/key-file"
SEAL_NAME = f"{SETTINGS_GROUP}/name"  # whose seal it is, as its certificate says (shown)
SEAL_UNTIL = f"{SETTINGS_GROUP}/valid-until"  # ISO date


# --- the records' certificates ---------------------------------------------------------------


@dataclass(frozen=True)
class CertificateRow:
    name: str
    role: str
    kind: CertificateKind
    valid_from: Any  # datetime (UTC, naive as stored)
    valid_until: Any
    sha256: str
    trusted: bool


def certificate_rows(session: Session) -> list[CertificateRow]:
    """Every certificate the records know: the trust anchors first, then the issued ones."""
    rows = session.scalars(select(Certificate).order_by(Certificate.trusted.desc(),
                                                        Certificate.id))
    return [CertificateRow(r.subject_name, r.role or "", r.kind, r.not_before, r.not_after,
                           r.sha256, bool(r.trusted)) for r in rows]


def unit_authorities(session: Session) -> list[str]:
    """The names of the unit's own authorities these records trust."""
    return list(session.scalars(select(Certificate.subject_name).where(
        Certificate.kind == CertificateKind.UNIT_AUTHORITY, Certificate.trusted.is_(True))
        .order_by(Certificate.id)))


class CertificatesTable(QTableWidget):
    COLUMNS = ("Name", "Role", "Kind", "Valid from", "Valid until", "SHA-256", "Trusted")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels([_("Name"), _("Role"), _("Kind"), _("Valid from"),
                                        _("Valid until"), "SHA-256", _("Trusted")])
        setup_table(self, stretch=0, fit=(2, 3, 4, 5, 6), widths={1: 180})
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setMinimumHeight(150)

    def set_rows(self, rows: list[CertificateRow]) -> None:
        self.setRowCount(0)
        for row in rows:
            index = self.rowCount()
            self.insertRow(index)
            fingerprint = common.ltr(row.sha256[:SHORT_FINGERPRINT] + "…")
            cells = [row.name, row.role, label(row.kind), common.short_date(row.valid_from),
                     common.short_date(row.valid_until), fingerprint,
                     _("Yes") if row.trusted else _("No")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5:
                    item.setToolTip(row.sha256)
                    item.setData(Qt.ItemDataRole.UserRole, row.sha256)
                self.setItem(index, column, item)


# --- writing keys ------------------------------------------------------------------------------


def write_keys(db: Database, make: Callable[[Session], tuple[T, Callable[[], None]]]) -> T:
    """`make(session)` → (result, undo) in one unit of work; the key file it wrote is
    removed again when the records could not be committed (as the command line does)."""
    undo = None
    try:
        with db.session() as session:
            result, undo = make(session)
    except BaseException:
        if undo is not None:
            undo()
        raise
    return result


def trust_file(db: Database, path: Path,
               endorsed_by: KeyPair | None = None) -> list[tuple[str, bool]]:
    """`trust add`: (name, newly trusted) of each authority in the certificate file; once
    the records have the unit's authority, with its key (`endorsed_by`)."""
    with db.session() as session:
        return [(row.subject_name, added)
                for row, added in operations.add_trusted(session, path, endorsed_by)]


@dataclass(frozen=True)
class TrustRequest:
    """What a certificate file would make trusted: its authorities' names, whether all
    of them are trusted already, and the unit's authority whose key must endorse it (None
    when the records have none yet)."""

    names: list[str]
    all_trusted: bool
    unit_authority: str | None
    unit_sha256: str | None


def read_trust_request(db: Database, path: Path) -> TrustRequest:
    """Read and check the certificate file before any key is asked for: the refusals of
    `trust add` for the file itself (unreadable, no certificate, not an authority's,
    outside its validity period), as CertificateError / KeyFileError."""
    found = keyfiles.read_certificates(path)
    if not found:
        raise CertificateError("{path} holds no certificate (PEM or DER)", path=str(path))
    for cert in found:
        if not certificates.is_authority(cert):
            raise CertificateError("The certificate of {name} is not an authority's; only an "
                                   "authority's certificate can be trusted",
                                   name=subject_name(cert))
        trust.check_period(cert)
    with db.session(write=False) as s:
        trusted = set(s.scalars(select(Certificate.sha256).where(Certificate.trusted.is_(True))))
        unit = trust.unit_authority(s)
        unit_name, unit_sha = (unit.subject_name, unit.sha256) if unit is not None else (None, None)
    return TrustRequest([subject_name(c) for c in found],
                        all(certificates.fingerprint(c) in trusted for c in found),
                        unit_name, unit_sha)


# --- the dialogs ---------------------------------------------------------------------------------


class PathField(QWidget):
    """A file's path, typed or chosen in the program's file dialog."""

    def __init__(self, purpose: str, title: str, filters: str, *, save: bool = False,
                 suggested: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.purpose, self.title, self.filters = purpose, title, filters
        self.save, self.suggested = save, suggested
        self.edit = QLineEdit(self)
        # a path runs left to right, on the reading side of the window (as path labels do)
        self.edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        side = Qt.AlignmentFlag.AlignRight if common.is_rtl() else Qt.AlignmentFlag.AlignLeft
        self.edit.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
        self.edit.setMinimumWidth(320)
        self.choose_button = QPushButton(_("Choose…"), self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.choose_button)
        self.choose_button.clicked.connect(self.choose)
        self.setFocusProxy(self.edit)

    def choose(self) -> None:
        if self.save:
            chosen = file_dialogs.save_file(self, self.purpose, self.title, self.suggested,
                                            self.filters, confirm_overwrite=False)
        else:
            chosen = file_dialogs.open_file(self, self.purpose, self.title, self.filters)
        if chosen is not None:
            self.edit.setText(str(chosen))
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None


def password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # dots fill from the start
    side = Qt.AlignmentFlag.AlignRight if common.is_rtl() else Qt.AlignmentFlag.AlignLeft
    field.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
    return field


def _form_field(widget: QWidget) -> QWidget:
    """The widget of the form row holding `widget` (a path field's line edit: the field)."""
    parent = widget.parentWidget()
    return parent if isinstance(parent, PathField) else widget


class Refused(Exception):
    """A field was wrong; its message is shown already."""


class KeyDialog(QDialog):
    """What the key dialogs share: a form, the error strip, the button that does the work,
    password fields that are emptied after use."""

    placement_key = "key-dialog"

    def __init__(self, db: Database, title: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(title)
        self.setStyleSheet(EDITOR_STYLE)
        self.setModal(True)
        self._passwords: list[QLineEdit] = []
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.error = Banner("error", self)
        self.error.hide()
        self.errors = FieldErrors(self.error)
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(_("Cancel"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.reject)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.explain)
        self.layout_.addLayout(self.form)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)

    def finish(self, size: tuple[int, int]) -> None:
        """After the fields are added: watch them, place the dialog."""
        for edit in self.findChildren(QLineEdit):
            edit.textChanged.connect(self.errors.recheck)
        for spin in self.findChildren(NumberSpin):
            spin.valueChanged.connect(self.errors.recheck)
        chain: list[QWidget] = []
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, PathField):
                chain += [widget.edit, widget.choose_button]
            elif isinstance(widget, (QLineEdit, NumberSpin)):
                chain.append(widget)
        chain += [self.ok_button, self.cancel_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        placement.fit_and_remember(self, self.placement_key, size)

    def password(self) -> QLineEdit:
        field = password_field(self)
        self._passwords.append(field)
        return field

    def clear_passwords(self, *fields: QLineEdit) -> None:
        for field in fields or tuple(self._passwords):
            field.clear()

    def done(self, result: int) -> None:
        self.clear_passwords()
        super().done(result)

    # --- errors --------------------------------------------------------------------------

    def refuse(self, error: BaseException | str, widget: QWidget | None = None) -> Refused:
        """Show `error` (at `widget`, which gets the focus) and return the exception that
        stops the run."""
        text = error if isinstance(error, str) else errors.error_text(error)
        if isinstance(error, DomainError) and error.field and widget is not None:
            # named as the form names the field ("Name of the unit: is required")
            row_label = self.form.labelForField(_form_field(widget))
            if isinstance(row_label, QLabel) and row_label.text():
                text = _("{field}: {message}").format(
                    field=row_label.text(), message=errors.error_text(error, with_field=False))
        self.errors.show(text, widget)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return Refused(text)

    def message(self) -> str:
        """The error strip's text ("" when it is hidden)."""
        return self.error.label.text() if not self.error.isHidden() else ""

    # --- checks shared by the dialogs ---------------------------------------------------

    def checked_name(self, field: QLineEdit, name: str = "name") -> str:
        try:
            return check_name(field.text(), name)
        except ValidationError as exc:
            raise self.refuse(exc, field) from None

    def output_file(self, field: PathField, keep: Path | None = None) -> tuple[Path, bool]:
        """The new key file's path and whether it replaces one (the person said so); never
        the file `keep` (the authority's own key file)."""
        path = field.path()
        if path is None:
            raise self.refuse(ValidationError("is required", field="output"), field.edit)
        if keep is not None and path.exists() and keep.exists() and path.samefile(keep):
            raise self.refuse(KeyFileError("The new key file can not replace the authority's "
                                           "own key file"), field.edit)
        if path.is_dir():
            raise self.refuse(KeyFileError("{path} is a folder; give a file name",
                                           path=str(path)), field.edit)
        if not path.parent.is_dir():
            raise self.refuse(KeyFileError("The folder of {path} does not exist",
                                           path=str(path)), field.edit)
        if not path.exists():
            return path, False
        if self.ask_replace(path):
            return path, True
        raise self.refuse(KeyFileError("{path} exists already; nothing was written. Choose "
                                       "another file name.", path=str(path)), field.edit)

    def ask_replace(self, path: Path) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.windowTitle(),
                          _("{path} exists already. Replace it? The key in it is lost unless "
                            "you have a copy.").format(path=common.ltr(path)),
                          QMessageBox.StandardButton.NoButton, self)
        box.setLayoutDirection(common.layout_direction())
        replace = box.addButton(_("Replace"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is replace

    def new_password(self, first: QLineEdit, again: QLineEdit) -> bytes:
        password = first.text().encode("utf-8")
        if first.text() != again.text():
            self.clear_passwords(first, again)
            raise self.refuse(KeyFileError("The two passwords differ; nothing was written"),
                              first)
        try:
            return keyfiles.check_new_password(password)
        except KeyFileError as exc:
            self.clear_passwords(first, again)
            raise self.refuse(exc, first) from None

    def unlock(self, field: PathField, password: QLineEdit) -> KeyPair:
        """The key in the file of `field`, opened with `password` (emptied when wrong)."""
        path = field.path()
        if path is None:
            raise self.refuse(ValidationError("Choose the key file of the unit's authority"),
                              field.edit)
        try:
            return keyfiles.load_key_file(path, password.text().encode("utf-8"))
        except KeyFileError as exc:
            if exc.msgid != WRONG_PASSWORD:  # unreadable, not a key file: the path is wrong
                raise self.refuse(exc, field.edit) from None
            self.clear_passwords(password)
            raise self.refuse(exc, password) from None

    # --- running ---------------------------------------------------------------------------

    def run(self) -> bool:
        """Check the fields, do the work, close; False (the dialog stays open, the error
        shown, nothing written) when something is wrong."""
        self.errors.clear()
        try:
            self.work()
        except Refused:
            return False
        except DomainError as exc:  # the records refused (busy, …): nothing was written
            self.refuse(exc)
            return False
        self.clear_passwords()
        self.accept()
        return True

    def work(self) -> None:
        raise NotImplementedError


class AuthorityDialog(KeyDialog):
    """`authority init`: the unit's certificate authority, its key into a new key file,
    its certificate a trust anchor of the records."""

    placement_key = "authority-dialog"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, _("Create the unit's authority"), _("Create the authority"), parent)
        self.pair: KeyPair | None = None
        self.output_path: Path | None = None
        with db.session(write=False) as s:
            unit = settings_svc.get_letterhead(s).unit or ""
            existing = unit_authorities(s)
        text = _("The unit's authority issues the signing keys of its people. Its key goes "
                 "into a file protected by a password: keep the file off the shared disk, "
                 "with a copy in a safe place; its certificate is trusted by these records.")
        if existing:
            text += " " + _("These records trust the unit's authority {name} already; a new "
                            "one is trusted beside it.").format(name=user_text(existing[-1]))
        self.explain.setText(text)
        self.name = QLineEdit(unit, self)
        self.output = PathField(KEY_PURPOSE, _("Save the authority's key file"), KEY_FILTER,
                                save=True, suggested="unit-authority.p12", parent=self)
        self.password_edit = self.password()
        self.again_edit = self.password()
        self.years = NumberSpin(1, MAX_YEARS, self)
        self.years.setValue(certificates.AUTHORITY_YEARS)
        self.form.addRow(_("Name of the unit"), self.name)
        self.form.addRow(_("Key file"), self.output)
        self.form.addRow(_("Password"), self.password_edit)
        self.form.addRow(_("The same password again"), self.again_edit)
        self.form.addRow(_("Valid for (years)"), self.years)
        self.form.addRow(hint(_("The password has at least {n} characters. Without it the "
                                    "key can not be used, and it can not be recovered.")
                                  .format(n=keyfiles.MIN_PASSWORD)))
        self.name.setFocus()
        self.finish((640, 360))

    def work(self) -> None:
        name = self.checked_name(self.name)
        output, overwrite = self.output_file(self.output)
        password = self.new_password(self.password_edit, self.again_edit)
        years = self.years.value()
        self.pair = write_keys(self.db, lambda s: operations.init_authority(
            s, name, output, password, overwrite=overwrite, years=years))
        self.output_path = output


class IssueKeyDialog(KeyDialog):
    """`authority issue`: a person's signing key from the unit's authority (its key file
    and password), into the person's own key file with a password of their own."""

    placement_key = "issue-key-dialog"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, _("Issue a signing key"), _("Issue the key"), parent)
        self.pair: KeyPair | None = None
        self.output_path: Path | None = None
        with db.session(write=False) as s:
            self._positions = {p.name: p.position for p in directory.list_people(s)}
        self.explain.setText(_("A signing key for one person, issued by the unit's authority. "
                               "The person keeps the key file and its password; these records "
                               "keep a copy of the certificate, never the key."))
        self.authority = PathField(KEY_PURPOSE, _("The authority's key file"), KEY_FILTER,
                                   parent=self)
        self.authority_password = self.password()
        self.name = QLineEdit(self)
        completer = QCompleter(sorted(self._positions), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._picked)
        self.name.setCompleter(completer)
        self.role = QLineEdit(self)
        self.role.setPlaceholderText(_("Role, e.g. Head of the Open Government Unit"))
        self.output = PathField(KEY_PURPOSE, _("Save the signing key file"), KEY_FILTER,
                                save=True, suggested="signing-key.p12", parent=self)
        self.password_edit = self.password()
        self.again_edit = self.password()
        self.years = NumberSpin(1, MAX_YEARS, self)
        self.years.setValue(certificates.PERSON_YEARS)
        self.form.addRow(_("The authority's key file"), self.authority)
        self.form.addRow(_("The authority's password"), self.authority_password)
        self.form.addRow(_("Name of the person"), self.name)
        self.form.addRow(_("Role"), self.role)
        self.form.addRow(_("New key file"), self.output)
        self.form.addRow(_("Its password"), self.password_edit)
        self.form.addRow(_("The same password again"), self.again_edit)
        self.form.addRow(_("Valid for (years)"), self.years)
        self.authority.setFocus()
        self.finish((680, 420))

    def _picked(self, name: str) -> None:
        position = self._positions.get(name)
        if position and not self.role.text().strip():
            self.role.setText(position)

    def load_authority(self) -> KeyPair:
        authority = self.unlock(self.authority, self.authority_password)
        if not certificates.is_authority(authority.certificate):
            raise self.refuse(ValidationError("The key file of {name} is not a certificate "
                                              "authority's",
                                              name=subject_name(authority.certificate)),
                              self.authority.edit)
        with self.db.session(write=False) as s:
            row = s.scalar(select(Certificate).where(
                Certificate.sha256 == certificates.fingerprint(authority.certificate)))
            trusted = row is not None and row.trusted
        if not trusted:
            raise self.refuse(CertificateError(
                "The authority {name} is not one these records trust; add its certificate "
                "first (Trust another authority…)", name=subject_name(authority.certificate)),
                self.authority.edit)
        return authority

    def work(self) -> None:
        authority = self.load_authority()
        name = self.checked_name(self.name)
        role = self.checked_name(self.role, "role")
        output, overwrite = self.output_file(self.output, keep=self.authority.path())
        password = self.new_password(self.password_edit, self.again_edit)
        years = self.years.value()
        try:
            self.pair = write_keys(self.db, lambda s: operations.issue_key(
                s, authority, name, role, output, password, overwrite=overwrite, years=years))
        except CertificateError as exc:  # outside its validity period
            raise self.refuse(exc, self.authority.edit) from None
        self.output_path = output


class TrustDialog(KeyDialog):
    """`trust add --ca UNIT.p12`: once the records have the unit's authority, another
    authority is trusted only with the unit authority's key, which signs the register's
    entry (whoever can write the database can not make it trust an authority of theirs)."""

    placement_key = "trust-dialog"

    def __init__(self, db: Database, path: Path, request: TrustRequest,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, _("Trust another authority"), _("Trust"), parent)
        self.path, self.request = path, request
        self.found: list[tuple[str, bool]] = []
        names = "، ".join(user_text(n) for n in request.names) if common.is_rtl() else \
            ", ".join(user_text(n) for n in request.names)
        self.explain.setText(_("To trust {names}, these records need the key of the unit's "
                               "authority {unit}: its key file and its password. The key "
                               "signs the register's entry; the file is only read.").format(
            names=names, unit=user_text(request.unit_authority or "")))
        shown = common.path_label(QLabel(self))
        shown.setText(shown.fontMetrics().elidedText(str(path), Qt.TextElideMode.ElideMiddle, 420))
        shown.setToolTip(str(path))
        shown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.authority = PathField(KEY_PURPOSE, _("The authority's key file"), KEY_FILTER,
                                   parent=self)
        self.authority_password = self.password()
        self.form.addRow(_("Certificate file"), shown)
        self.form.addRow(_("The unit authority's key file"), self.authority)
        self.form.addRow(_("The authority's password"), self.authority_password)
        self.authority.setFocus()
        self.finish((640, 300))

    def work(self) -> None:
        key = self.unlock(self.authority, self.authority_password)
        if certificates.fingerprint(key.certificate) != self.request.unit_sha256:
            self.clear_passwords(self.authority_password)
            raise self.refuse(CertificateError(
                "The key file of {name} is not the key of the unit's authority {unit}; "
                "nothing was trusted", name=subject_name(key.certificate),
                unit=self.request.unit_authority or ""), self.authority.edit)
        try:
            self.found = trust_file(self.db, self.path, endorsed_by=key)
        except CertificateError as exc:  # the file changed meanwhile, or the records refused
            raise self.refuse(exc, self.authority.edit) from None


class SealDialog(KeyDialog):
    """The unit's seal key opened with its password (a card's PIN for a pkcs11: key), and
    its certificate checked: one these records trust, inside its validity period, allowed
    to sign. Asked when Settings keeps a seal key file, and once for each export that
    seals (one or many PDFs); the password is never kept."""

    placement_key = "seal-dialog"

    def __init__(self, db: Database, key_file: str, explain: str, action: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, _("The unit's seal"), action, parent)
        self.key_file = key_file
        self.pair: SignerKey | None = None
        self.issuer: x509.Certificate | None = None
        self.explain.setText(explain)
        shown = common.path_label(QLabel(self))
        shown.setText(shown.fontMetrics().elidedText(key_file, Qt.TextElideMode.ElideMiddle, 420))
        shown.setToolTip(key_file)
        shown.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.password_edit = self.password()
        self.form.addRow(_("Seal key file"), shown)
        self.form.addRow(_("Its password") if not tokens.is_token_uri(key_file)
                         else _("The card's PIN"), self.password_edit)
        self.password_edit.setFocus()
        self.finish((620, 240))

    def work(self) -> None:
        try:
            pair = open_seal_key(self.key_file, self.password_edit.text())
        except KeyFileError as exc:
            self.clear_passwords()
            raise self.refuse(exc, self.password_edit) from None
        try:
            with self.db.session(write=False) as s:
                path = trust.check_certificate(s, pair.certificate, chain=pair.chain)
        except CertificateError as exc:
            if isinstance(pair, tokens.TokenKey):
                pair.close()
            self.clear_passwords()
            raise self.refuse(exc, self.password_edit) from None
        self.pair = pair
        self.issuer = path[1] if len(path) > 1 else pair.certificate


def open_seal_key(key_file: str, password: str) -> SignerKey:
    """The key of `key_file` (a PKCS#12 file, or a card's pkcs11: URI) with `password`."""
    if tokens.is_token_uri(key_file):
        return tokens.open_token_key(key_file, password)
    return keyfiles.load_key_file(Path(key_file).expanduser(), password.encode("utf-8"))


# --- the seal on this computer ------------------------------------------------------------------


@dataclass(frozen=True)
class SealSetting:
    """Where this computer's seal key is, and whose seal it is (as its certificate said
    when it was kept)."""

    key_file: str
    name: str
    valid_until: dt.date | None


def seal_setting() -> SealSetting | None:
    """The seal key file this computer seals exports with; None for none."""
    store = common.settings()
    key_file = store.value(SEAL_KEY_FILE)
    if not key_file:
        return None
    until = store.value(SEAL_UNTIL)
    try:
        day = dt.date.fromisoformat(str(until)) if until else None
    except ValueError:
        day = None
    return SealSetting(str(key_file), str(store.value(SEAL_NAME) or ""), day)


def keep_seal(key_file: str, pair: SignerKey) -> SealSetting:
    """Keep `key_file` (opened as `pair`) as this computer's seal key; no password."""
    store = common.settings()
    until = certificates.valid_until(pair.certificate).date()
    store.setValue(SEAL_KEY_FILE, key_file)
    store.setValue(SEAL_NAME, subject_name(pair.certificate))
    store.setValue(SEAL_UNTIL, until.isoformat())
    store.sync()
    return SealSetting(key_file, subject_name(pair.certificate), until)


def forget_seal() -> None:
    store = common.settings()
    store.remove(SETTINGS_GROUP)
    store.sync()


@dataclass
class SealAnswer:
    """What an export does about the seal: `go` False when the person cancelled (nothing
    is written then); `key` the seal key opened for it (None: nothing is sealed)."""

    go: bool
    key: SignerKey | None = None

    def close(self) -> None:
        """After the export: a card's session is logged out."""
        if isinstance(self.key, tokens.TokenKey):
            self.key.close()
        self.key = None


def ask_seal(db: Database, parent: QWidget | None, signed: int, *,
             batch: bool = False) -> SealAnswer:
    """For an export holding `signed` signed minutes (one meeting's, or a `batch`): when
    this computer has a seal key, its password, asked once (Cancel: go is False); nothing
    is asked when no minutes exported are signed (drafts are never sealed)."""
    setting = seal_setting()
    if setting is None or signed <= 0:
        return SealAnswer(True)
    if batch:
        explain = ngettext(
            "{n} of the minutes exported is signed: its PDF is sealed with the unit's seal "
            "key, so that any change to the file shows. Type the seal key's password; it is "
            "not kept.",
            "{n} of the minutes exported are signed: their PDFs are sealed with the unit's "
            "seal key, so that any change to the files shows. Type the seal key's password "
            "once; it is not kept.", signed).format(n=signed)
    else:
        explain = _("These minutes are signed: their PDF is sealed with the unit's seal key, "
                    "so that any change to the file shows. Type the seal key's password; it "
                    "is not kept.")
    explain += " " + _("Cancel: nothing is exported. To export without the seal, clear the "
                       "seal key in Settings.")
    dialog = SealDialog(db, setting.key_file, explain, _("Seal and export"), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.pair is None:
        return SealAnswer(False)
    return SealAnswer(True, dialog.pair)


def seal_options(db: Database) -> SigningOptions:
    """The seal's timestamp: the unit's timestamp server (kept with the records), if any."""
    with db.session(write=False) as s:
        return SigningOptions(timestamp_url=settings_svc.get_timestamp_url(s))


def tell_no_timestamp(parent: QWidget | None, options: SigningOptions, text: str) -> QMessageBox:
    """Say that the timestamp server of `options` did not answer (`text`, with {url}): what
    was signed or sealed carries no timestamp. Modal; returns the box once closed."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("No timestamp"),
                      text.format(url=common.ltr(options.timestamp_url)),
                      QMessageBox.StandardButton.Ok, parent)
    box.setLayoutDirection(common.layout_direction())
    box.setDetailedText(options.unanswered or "")
    box.exec()
    return box


__all__ = ["AuthorityDialog", "CertificateRow", "CertificatesTable", "IssueKeyDialog",
           "SealAnswer", "SealDialog", "SealSetting", "TrustDialog", "TrustRequest", "ask_seal",
           "certificate_rows", "forget_seal", "keep_seal", "open_seal_key", "read_trust_request",
           "seal_options", "seal_setting", "tell_no_timestamp", "trust_file", "write_keys"]
