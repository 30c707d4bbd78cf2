"""The sign dialog: who signs approved minutes, how, what the signature means (prepared /
approved) and, optionally, an image of the handwritten signature.

Each signatory signs either **with a key** (their PKCS#12 key file and its password: the
name and role are their certificate's, read once the key is unlocked, never typed) or **on
paper** (in ink on the printout; the program records the name and role typed and the login
that recorded it). Signing goes through export.signing.sign_minutes, as on the command
line, with the unit's timestamp server (Settings) when one is kept: when it does not
answer, the minutes are signed all the same and the person is told that the signatures
carry no timestamp. Passwords stay in their password fields only until the key is
unlocked: the field is emptied then, after a wrong password and when the dialog closes;
nothing keeps them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import (
    CertificateError,
    DomainError,
    KeyFileError,
    ValidationError,
    user_text,
)
from ogp_desktop.core.keys import certificates, keyfiles, tokens, trust
from ogp_desktop.core.keys.tokens import SignerKey
from ogp_desktop.core.models import SignatureMeaning
from ogp_desktop.core.services import directory, settings, signing
from ogp_desktop.core.services.common import os_user
from ogp_desktop.core.services.meetings import get_meeting, sniff_image
from ogp_desktop.export.signing import SigningOptions, sign_minutes
from ogp_desktop.ui import common, errors, file_dialogs, placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.field_errors import FieldErrors
from ogp_desktop.ui.editors.widgets import EDITOR_STYLE, Banner, Row, RowList, set_invalid
from ogp_desktop.ui.views import keys
from ogp_desktop.ui.views.keys import KEY_FILTER, KEY_PURPOSE, WRONG_PASSWORD, PathField, password_field

IMAGE_PREVIEW = (150, 44)
PAPER, KEY = "paper", "key"  # how a row signs


def meaning_label(meaning: SignatureMeaning | str) -> str:
    return {
        SignatureMeaning.PREPARED: _("Prepared by"),
        SignatureMeaning.APPROVED: _("Approved by"),
    }[SignatureMeaning(meaning)]


@dataclass
class Unlocked:
    """A row's key, unlocked: the pair and what its certificate says."""

    pair: SignerKey
    name: str
    role: str
    authority: str


class SignatoryRow(Row["SignatoryList"]):
    def __init__(self, owner: SignatoryList) -> None:
        super().__init__(owner)
        self.image: bytes | None = None
        self.unlocked: Unlocked | None = None
        self.how = QComboBox(owner)
        self.how.addItem(_("On paper"), PAPER)
        self.how.addItem(_("With a key"), KEY)
        self.how.setToolTip(_("With a key: signed with the signatory's key file and its "
                              "password. On paper: signed in ink on the printout, and only "
                              "recorded here."))
        self.who = QStackedWidget(owner)

        paper = QWidget(self.who)
        self.name = QLineEdit(paper)
        self.name.setPlaceholderText(_("Name"))
        self.name.setCompleter(owner.people_completer())
        self.role = QLineEdit(paper)
        self.role.setPlaceholderText(_("Role, e.g. Head of the Open Government Unit"))
        self.paper_note = QLabel(_("Signed in ink on the printout; recorded in the program "
                                   "by {login}").format(login=common.ltr(os_user())), paper)
        self.paper_note.setProperty("role", "hint")
        self.paper_note.setWordWrap(True)
        grid = QGridLayout(paper)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.role, 0, 1)
        grid.addWidget(self.paper_note, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        key = QWidget(self.who)
        self.key_file = PathField(KEY_PURPOSE, _("The signatory's key file"), KEY_FILTER,
                                  parent=key)
        self.key_file.edit.setMinimumWidth(140)
        self.key_file.edit.setPlaceholderText(_("Key file (.p12)"))
        self.key_file.edit.setToolTip(_(
            "The signatory's key file (.p12), or a key on a card or token, typed as "
            "pkcs11:token=CARD;object=KEY (its password is then the card's PIN)"))
        self.password = password_field(key)
        self.password.setPlaceholderText(_("Its password"))
        self.password.setMinimumWidth(110)
        self.key_note = QLabel(key)
        self.key_note.setWordWrap(True)
        self.key_note.setTextFormat(Qt.TextFormat.RichText)
        grid = QGridLayout(key)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        grid.addWidget(self.key_file, 0, 0)
        grid.addWidget(self.password, 0, 1)
        grid.addWidget(self.key_note, 1, 0, 1, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.who.addWidget(paper)
        self.who.addWidget(key)

        self.meaning = QComboBox(owner)
        for meaning in SignatureMeaning:
            self.meaning.addItem(meaning_label(meaning), meaning.value)
        self.meaning.setCurrentIndex(self.meaning.findData(SignatureMeaning.APPROVED.value))
        self.preview = QLabel(owner)
        self.preview.setFixedSize(*IMAGE_PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setProperty("role", "signaturePreview")
        self.preview.setToolTip(_("The image printed above the signatory's name"))
        self.choose = QPushButton(_("Image…"), owner)
        self.choose.setToolTip(_("An image of the handwritten signature (PNG or JPEG, up to 2 MB)"))
        self.clear_image = QPushButton(_("No image"), owner)
        self.image_buttons = QWidget(owner)  # one above the other: the row stays narrow
        buttons = QVBoxLayout(self.image_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(2)
        buttons.addWidget(self.choose)
        buttons.addWidget(self.clear_image)
        buttons.addStretch(1)
        self.choose.clicked.connect(self.choose_image)
        self.clear_image.clicked.connect(lambda: self.set_image(None))
        for w in (self.name, self.role, self.password):
            w.textChanged.connect(self.changed)
        self.key_file.edit.textChanged.connect(self._key_file_changed)
        self.password.editingFinished.connect(self._password_entered)
        self.how.currentIndexChanged.connect(self._how_changed)
        self.meaning.currentIndexChanged.connect(self.changed)
        self.name.completer().activated.connect(self._picked)
        self._show_image()
        self._show_key()

    @property
    def mode(self) -> str:
        return str(self.how.currentData())

    def set_mode(self, mode: str) -> None:
        self.how.setCurrentIndex(max(self.how.findData(mode), 0))

    def fields(self) -> list[QWidget]:
        return [self.how, self.who, self.meaning, self.preview, self.image_buttons]

    def text_fields(self) -> list[QWidget]:
        return [self.name, self.role]

    def focus_widgets(self) -> list[QWidget]:
        who: list[QWidget] = [self.name, self.role] if self.mode == PAPER else [
            self.key_file.edit, self.key_file.choose_button, self.password]
        return [self.how, *who, self.meaning, self.choose, self.clear_image]

    def first_field(self) -> QWidget:
        """Where a new row takes the focus: who signs (how is chosen before it)."""
        return self.name if self.mode == PAPER else self.key_file.edit

    def _how_changed(self) -> None:
        self.who.setCurrentIndex(0 if self.mode == PAPER else 1)
        self.owner.structureChanged.emit()  # the tab order changes with the fields
        self.changed.emit()

    def _key_file_changed(self) -> None:
        if self.unlocked is not None:
            self.unlocked = None
            self._show_key()
        self.changed.emit()

    def _password_entered(self) -> None:
        if self.password.text() and self.unlock is not None:
            self.unlock(self)

    @property
    def unlock(self) -> Callable[[SignatoryRow], bool] | None:
        return self.owner.unlock

    def set_unlocked(self, unlocked: Unlocked | None) -> None:
        self.unlocked = unlocked
        self.password.clear()
        self._show_key()
        self.changed.emit()

    def _show_key(self) -> None:
        u = self.unlocked
        if u is None:
            self.key_note.setText(_escape(_("The name and role are read from the certificate "
                                            "once its password is typed.")))
            self.key_note.setProperty("role", "hint")
            self.password.setPlaceholderText(_("Its password"))
        else:
            self.password.setPlaceholderText(_("Key unlocked"))
            self.key_note.setText(
                f"<b>{_escape(u.name)}</b> — {_escape(u.role)}<br>" + _escape(
                    _("Unlocked: signs with the certificate of {name}, issued by "
                      "{authority}").format(name=user_text(u.name),
                                            authority=user_text(u.authority))))
            self.key_note.setProperty("role", "")
        self.key_note.style().unpolish(self.key_note)
        self.key_note.style().polish(self.key_note)

    def _picked(self, text: str) -> None:
        position = self.owner.position_of(text)
        if position and not self.role.text().strip():
            self.role.setText(position)

    def value(self) -> dict[str, Any]:
        return {"how": self.mode, "name": self.name.text(), "role": self.role.text(),
                "key_file": self.key_file.edit.text(), "meaning": self.meaning.currentData(),
                "image": self.image}

    def set_value(self, value: dict[str, Any]) -> None:
        self.set_mode(value.get("how") or PAPER)
        self.name.setText(value.get("name") or "")
        self.role.setText(value.get("role") or "")
        self.key_file.edit.setText(value.get("key_file") or "")
        index = self.meaning.findData(value.get("meaning") or SignatureMeaning.APPROVED.value)
        self.meaning.setCurrentIndex(max(index, 0))
        self.set_image(value.get("image"))

    def is_blank(self) -> bool:
        if self.mode == KEY:
            return not self.key_file.edit.text().strip()
        return not self.name.text().strip() and not self.role.text().strip()

    def set_image(self, data: bytes | None) -> None:
        self.image = data
        set_invalid(self.choose, None)
        self._show_image()
        self.changed.emit()

    def _show_image(self) -> None:
        self.clear_image.setEnabled(self.image is not None)
        if self.image is None:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_("no image"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(self.image)
        self.preview.setText("")
        self.preview.setPixmap(pixmap.scaled(*IMAGE_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation))

    def choose_image(self) -> None:
        path = file_dialogs.open_file(self.owner, "signature-image", _("Signature image"),
                                      _("Images (*.png *.jpg *.jpeg)"))
        if path is not None:
            self.load_image(path)

    def load_image(self, path: Path) -> bool:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            set_invalid(self.choose, errors.error_text(exc))
            return False
        if sniff_image(data) is None:
            set_invalid(self.choose, errors.error_text(
                ValidationError("the signature image is not a PNG or JPEG"), with_field=False))
            return False
        if len(data) > signing.MAX_SIGNATURE_IMAGE:
            set_invalid(self.choose, errors.error_text(
                ValidationError("the signature image is larger than 2 MB"), with_field=False))
            return False
        self.set_image(data)
        return True


class SignatoryList(RowList[SignatoryRow]):
    stretch_columns = (2,)

    def __init__(self, people: list[tuple[str, str | None]], parent: QWidget | None = None,
                 unlock: Callable[[SignatoryRow], bool] | None = None) -> None:
        from PySide6.QtCore import QStringListModel

        self._positions = {p[0]: p[1] for p in people}
        self._model = QStringListModel(sorted(self._positions))
        self.unlock = unlock  # the dialog's: opens a row's key file with its password
        super().__init__(parent, headers=[_("Signature"), _("Signatory"), _("Signs as"),
                                          _("Signature image")])

    def people_completer(self):
        from PySide6.QtWidgets import QCompleter

        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def position_of(self, name: str) -> str | None:
        return self._positions.get(name)

    def make_row(self) -> SignatoryRow:
        return SignatoryRow(self)


class SignDialog(QDialog):
    """Rows of signatories, pre-filled from the default signatories in the settings.
    `sign()` validates, signs in one transaction and accepts the dialog."""

    def __init__(self, db: Database, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.meeting_id = meeting_id
        self.fingerprint: str | None = None
        self.version: int | None = None
        self.timestamp_notice: str | None = None  # why the signatures carry no timestamp
        self.setWindowTitle(_("Sign the minutes"))
        self.setStyleSheet(EDITOR_STYLE)
        with db.session() as s:
            meeting = get_meeting(s, meeting_id)
            title, day = meeting.title, meeting.date
            defaults = settings.get_default_signatories(s)
            people = [(p.name, p.position) for p in directory.list_people(s)]

        heading = QLabel(f"<b>{_escape(title)}</b><br>{common.format_date(day, weekday=True)}", self)
        heading.setWordWrap(True)
        explain = QLabel(_("Signing freezes these minutes: they can no longer be changed, "
                           "only corrected by an amendment (a new version). The PDF carries "
                           "a fingerprint that proves it is the signed text.") + " " +
                         _("A signature with a key is made with the signatory's key file and "
                           "its password (not kept); a signature on paper is made in ink on "
                           "the printout and only recorded here, the weaker proof."), self)
        explain.setWordWrap(True)
        self.signatories = SignatoryList(people, self, unlock=self.unlock)
        self.signatories.structureChanged.connect(self._tab_order)
        self.add_button = QPushButton(_("Add a signatory"), self)
        self.add_button.clicked.connect(lambda: self.signatories.add_row())
        self.error = Banner("error", self)
        self.error.hide()
        self.errors = FieldErrors(self.error)
        self.signatories.changed.connect(self.errors.recheck)
        self.buttons = QDialogButtonBox(self)
        self.sign_button = self.buttons.addButton(_("Sign"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button.setDefault(True)
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._add_after_focus)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self._add_after_focus)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 0, 0)
        inner_layout.addWidget(self.signatories)
        inner_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeading)
        inner_layout.addStretch(1)
        scroll.setWidget(inner)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        rows = [{"how": PAPER, "name": d.get("name"), "role": d.get("role"),
                 "meaning": d.get("meaning")}
                for d in defaults] or [{"meaning": SignatureMeaning.PREPARED.value}]
        self.signatories.set_values(rows)
        placement.fit_and_remember(self, "sign-dialog", (1100, 480))

    @property
    def rows(self) -> list[SignatoryRow]:
        return self.signatories.rows()

    def add_signatory(self, name: str = "", role: str = "",
                      meaning: SignatureMeaning | str = SignatureMeaning.APPROVED,
                      image: bytes | None = None, *, key_file: Path | None = None) -> SignatoryRow:
        return self.signatories.add_row({"how": KEY if key_file else PAPER, "name": name,
                                         "role": role, "key_file": str(key_file or ""),
                                         "meaning": SignatureMeaning(meaning).value,
                                         "image": image})

    def _add_after_focus(self) -> None:
        self.signatories.add_after(self.focusWidget())

    def _tab_order(self) -> None:
        chain = [*self.signatories.focus_widgets(), self.add_button, *self.buttons.buttons()]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def _clear_errors(self) -> None:
        self.errors.clear()
        for row in self.rows:
            for w in (row.name, row.role, row.meaning, row.choose, row.key_file.edit,
                      row.password):
                set_invalid(w, None)

    def _show_error(self, widget: QWidget | None, message: str) -> None:
        """At the field (gone, with the banner, as soon as the field changes)."""
        value = None
        if widget is self.add_button:  # "a signatory is needed": fixed by adding one
            value = self.signatories.values
        elif widget is not None:
            row = self.signatories.row_of(widget)
            if row is not None and widget is row.choose:
                value = lambda row=row: row.image  # noqa: E731 - the image chosen
        self.errors.show(message, widget, value)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def used_rows(self) -> list[SignatoryRow]:
        """The rows that sign (blank rows are left out)."""
        return [r for r in self.rows if not r.is_blank() or r.image is not None]

    def signatory_list(self) -> list[signing.Signatory]:
        """What the rows say; a key row's name and role are its certificate's (a key row
        not unlocked yet signs nothing: `sign` unlocks it first)."""
        out = []
        for r in self.used_rows():
            meaning = SignatureMeaning(r.meaning.currentData())
            if r.mode == KEY:
                if r.unlocked is None:
                    continue
                out.append(signing.Signatory(name=r.unlocked.name, role=r.unlocked.role,
                                             meaning=meaning, image=r.image,
                                             key=r.unlocked.pair))
            else:
                out.append(signing.Signatory(name=r.name.text().strip(),
                                             role=r.role.text().strip(), meaning=meaning,
                                             image=r.image))
        return out

    # --- keys ----------------------------------------------------------------------------

    def _row_error(self, row: SignatoryRow, widget: QWidget, error: DomainError) -> bool:
        number = self.rows.index(row) + 1
        self._show_error(widget, _("Signatory {n}: {message}").format(
            n=number, message=errors.error_text(error, with_field=False)))
        return False

    def unlock(self, row: SignatoryRow) -> bool:
        """Open `row`'s key file with the password typed (then emptied) and check that its
        certificate may sign; the name and role shown become the certificate's. False,
        with the error naming the signatory, when it can not sign."""
        typed = row.key_file.edit.text().strip()
        if tokens.is_token_uri(typed):  # a key on a card: the password is its PIN
            try:
                pair: SignerKey = tokens.open_token_key(typed, row.password.text())
            except KeyFileError as exc:
                row.password.clear()
                at = row.password if exc.msgid == tokens.WRONG_PIN else row.key_file.edit
                return self._row_error(row, at, exc)
            return self._check_unlocked(row, pair)
        path = row.key_file.path()
        if path is None:
            row.password.clear()
            return self._row_error(row, row.key_file.edit, ValidationError(
                "Choose the signatory's key file (.p12)"))
        try:
            pair = keyfiles.load_key_file(path, row.password.text().encode("utf-8"))
        except KeyFileError as exc:
            row.password.clear()
            at = row.password if exc.msgid == WRONG_PASSWORD else row.key_file.edit
            return self._row_error(row, at, exc)
        return self._check_unlocked(row, pair)

    def _check_unlocked(self, row: SignatoryRow, pair: SignerKey) -> bool:
        """Whether the unlocked key's certificate may sign; its name and role shown."""
        cert = pair.certificate
        try:
            with self.db.session(write=False) as s:
                path_ = trust.check_certificate(s, cert, chain=pair.chain)
            name, role = certificates.subject_name(cert), certificates.subject_role(cert)
            if not role:
                raise CertificateError("The certificate of {name} names no role (title); a "
                                       "signature prints its signer's role", name=name)
        except CertificateError as exc:
            row.password.clear()
            if isinstance(pair, tokens.TokenKey):
                pair.close()
            return self._row_error(row, row.key_file.edit, exc)
        issuer = path_[1] if len(path_) > 1 else cert
        row.set_unlocked(Unlocked(pair, name, role, certificates.subject_name(issuer)))
        return True

    def done(self, result: int) -> None:
        for row in self.rows:  # no password and no unlocked key outlives the dialog
            row.password.clear()
            if row.unlocked is not None and isinstance(row.unlocked.pair, tokens.TokenKey):
                row.unlocked.pair.close()  # logs out of the card
            row.unlocked = None
        super().done(result)

    def sign(self) -> bool:
        self._clear_errors()
        used = self.used_rows()
        for row in used:
            if row.mode == KEY and row.unlocked is None and not self.unlock(row):
                return False  # nothing signed; the error names the signatory
        signatories = self.signatory_list()
        notices: list[str] = []
        try:
            with self.db.session() as s:
                # the unit's timestamp server (Settings): B-T, or B-B when it does not answer
                options = SigningOptions(timestamp_url=settings.get_timestamp_url(s),
                                         on_notice=notices.append)
                meeting = sign_minutes(s, self.meeting_id, signatories, options=options)
                fingerprint, version = meeting.snapshot_sha256, meeting.version
        except ValidationError as exc:
            self._show_error(self._widget_for(exc.field, used), self._message(exc, used))
            return False
        except DomainError as exc:
            self._show_error(None, errors.error_text(exc, with_field=False))
            return False
        # committed: only now is there a fingerprint to show (a failed commit shows the
        # error above and leaves the dialog open, nothing signed)
        self.fingerprint, self.version = fingerprint, version
        if notices:  # signed all the same: say that the signatures carry no timestamp
            self.timestamp_notice = notices[0]
            keys.tell_no_timestamp(self, options, _(
                "The minutes are signed, but the timestamp server {url} did not answer: the "
                "signatures carry no timestamp. The time they carry is this computer's, and "
                "the signing is in the register."))
        self.accept()
        return True

    def _widget_for(self, field: str | None, used: list[SignatoryRow]) -> QWidget | None:
        match = re.fullmatch(r"signatories\[(\d+)\]\.(\w+)", field or "")
        if match is None:
            return used[0].name if used else self.add_button
        row = used[int(match.group(1))]
        return {"name": row.name, "role": row.role, "meaning": row.meaning,
                "image": row.choose}.get(match.group(2), row.name)

    def _message(self, exc: ValidationError, used: list[SignatoryRow]) -> str:
        match = re.fullmatch(r"signatories\[(\d+)\]\.(\w+)", exc.field or "")
        if match is None:
            return errors.error_text(exc, with_field=False)
        what = {"name": _("Name"), "role": _("Role"), "meaning": _("Signs as"),
                "image": _("Signature image")}.get(match.group(2), match.group(2))
        return _("Signatory {n}, {field}: {message}").format(
            n=int(match.group(1)) + 1, field=what, message=errors.error_text(exc, with_field=False))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
