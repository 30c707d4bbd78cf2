"""The sign dialog: who signs approved minutes, in which role, what the signature means
(prepared / approved) and, optionally, an image of the handwritten signature. Signing
freezes a fingerprinted snapshot of the minutes (core.services.signing.sign)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError, ValidationError
from ogp_desktop.core.models import SignatureMeaning
from ogp_desktop.core.services import directory, settings, signing
from ogp_desktop.core.services.meetings import get_meeting, sniff_image
from ogp_desktop.ui import common, errors, file_dialogs, placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.field_errors import FieldErrors
from ogp_desktop.ui.editors.widgets import EDITOR_STYLE, Banner, Row, RowList, set_invalid

IMAGE_PREVIEW = (150, 44)


def meaning_label(meaning: SignatureMeaning | str) -> str:
    return {
        SignatureMeaning.PREPARED: _("Prepared by"),
        SignatureMeaning.APPROVED: _("Approved by"),
    }[SignatureMeaning(meaning)]


class SignatoryRow(Row["SignatoryList"]):
    def __init__(self, owner: SignatoryList) -> None:
        super().__init__(owner)
        self.image: bytes | None = None
        self.name = QLineEdit(owner)
        self.name.setPlaceholderText(_("Name"))
        self.name.setCompleter(owner.people_completer())
        self.role = QLineEdit(owner)
        self.role.setPlaceholderText(_("Role, e.g. Head of the Open Government Unit"))
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
        self.choose.clicked.connect(self.choose_image)
        self.clear_image.clicked.connect(lambda: self.set_image(None))
        for w in (self.name, self.role):
            w.textChanged.connect(self.changed)
        self.meaning.currentIndexChanged.connect(self.changed)
        self.name.completer().activated.connect(self._picked)
        self._show_image()

    def fields(self) -> list[QWidget]:
        return [self.name, self.role, self.meaning, self.preview, self.choose, self.clear_image]

    def focus_widgets(self) -> list[QWidget]:
        return [self.name, self.role, self.meaning, self.choose, self.clear_image]

    def _picked(self, text: str) -> None:
        position = self.owner.position_of(text)
        if position and not self.role.text().strip():
            self.role.setText(position)

    def value(self) -> dict[str, Any]:
        return {"name": self.name.text(), "role": self.role.text(),
                "meaning": self.meaning.currentData(), "image": self.image}

    def set_value(self, value: dict[str, Any]) -> None:
        self.name.setText(value.get("name") or "")
        self.role.setText(value.get("role") or "")
        index = self.meaning.findData(value.get("meaning") or SignatureMeaning.APPROVED.value)
        self.meaning.setCurrentIndex(max(index, 0))
        self.set_image(value.get("image"))

    def is_blank(self) -> bool:
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
    stretch_columns = (1, 2)

    def __init__(self, people: list[tuple[str, str | None]], parent: QWidget | None = None) -> None:
        from PySide6.QtCore import QStringListModel

        self._positions = {p[0]: p[1] for p in people}
        self._model = QStringListModel(sorted(self._positions))
        super().__init__(parent, headers=[_("Name"), _("Role"), _("Signs as"),
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
                           "a fingerprint that proves it is the signed text."), self)
        explain.setWordWrap(True)
        self.signatories = SignatoryList(people, self)
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

        rows = [{"name": d.get("name"), "role": d.get("role"), "meaning": d.get("meaning")}
                for d in defaults] or [{"meaning": SignatureMeaning.PREPARED.value}]
        self.signatories.set_values(rows)
        placement.fit_and_remember(self, "sign-dialog", (980, 460))

    @property
    def rows(self) -> list[SignatoryRow]:
        return self.signatories.rows()

    def add_signatory(self, name: str = "", role: str = "",
                      meaning: SignatureMeaning | str = SignatureMeaning.APPROVED,
                      image: bytes | None = None) -> SignatoryRow:
        return self.signatories.add_row({"name": name, "role": role,
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
            for w in (row.name, row.role, row.meaning, row.choose):
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

    def signatory_list(self) -> list[signing.Signatory]:
        """What the rows say (blank rows are left out)."""
        return [
            signing.Signatory(name=r.name.text().strip(), role=r.role.text().strip(),
                              meaning=SignatureMeaning(r.meaning.currentData()), image=r.image)
            for r in self.rows if not r.is_blank() or r.image is not None
        ]

    def sign(self) -> bool:
        self._clear_errors()
        used = [r for r in self.rows if not r.is_blank() or r.image is not None]
        signatories = self.signatory_list()
        try:
            with self.db.session() as s:
                meeting = signing.sign(s, self.meeting_id, signatories)
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
