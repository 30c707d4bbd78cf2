"""Parts of the minutes editor that show records kept beside the minutes' text: open
action items of the previous meeting, photos, attached files, and the signatures of
signed minutes. They display and emit requests; the editor does the writing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.enums import SignatureKind
from ogp_desktop.core.errors import user_text
from ogp_desktop.core.services.follow_up import FollowUp, OpenItem
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _, ngettext

THUMBNAIL = QSize(180, 120)


def file_size(n: int) -> str:
    if n < 1024:
        return ngettext("{n} byte", "{n} bytes", n).format(n=n)
    if n < 1024 * 1024:
        return _("{n} KB").format(n=f"{n / 1024:.0f}")
    return _("{n} MB").format(n=f"{n / 1024 / 1024:.1f}")


# --- follow-up -------------------------------------------------------------------------


class FollowUpPanel(QWidget):
    """The previous meeting's open action items, ticked by default; "Add to this meeting"
    copies the ticked ones into this meeting's action items."""

    addRequested = Signal(list)  # list[OpenItem]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follow_up: FollowUp | None = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_button = QPushButton(_("Add to this meeting"), self)
        self.add_button.setToolTip(_("Copy the ticked items into this meeting's action items"))
        self.add_button.clicked.connect(self._add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.set_follow_up(None)

    def set_follow_up(self, follow_up: FollowUp | None) -> None:
        self.follow_up = follow_up
        self.list.clear()
        if follow_up is None:
            self.heading.setText(_("No earlier meeting of this committee is recorded."))
        elif not follow_up.items:
            self.heading.setText(
                _("No open action items of the previous meeting ({title}, {date}) are left "
                  "to carry over.").format(
                    title=follow_up.title, date=common.short_date(follow_up.date)))
        else:
            self.heading.setText(
                _("Open action items of the previous meeting ({title}, {date}):").format(
                    title=follow_up.title, date=common.short_date(follow_up.date)))
        for item in follow_up.items if follow_up else []:
            parts = [item.text]
            if item.owner:
                parts.append(_("Owner: {owner}").format(owner=item.owner))
            if item.due:
                parts.append(_("Due: {date}").format(date=common.short_date(item.due)))
            entry = QListWidgetItem(" — ".join(parts), self.list)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            entry.setData(Qt.ItemDataRole.UserRole, item)
        has_items = self.list.count() > 0
        self.list.setVisible(has_items)
        self.add_button.setVisible(has_items)
        if has_items:
            shown = min(self.list.count(), 8)
            height = sum(max(self.list.sizeHintForRow(i), self.list.fontMetrics().lineSpacing())
                         for i in range(shown))
            self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 6)

    def checked_items(self) -> list[OpenItem]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _add(self) -> None:
        items = self.checked_items()
        if items:
            self.addRequested.emit(items)


# --- photos and files ------------------------------------------------------------------


@dataclass
class AttachmentInfo:
    id: int
    kind: str
    name: str
    caption: str | None
    media_type: str | None
    size: int
    thumbnail: bytes | None = None  # the photo's data, for photos only


class _AttachmentsPanel(QWidget):
    """A list of the meeting's photos or files with Add, "Save a copy…" and Remove;
    emits the chosen attachment's id. Subclasses say how an attachment is listed."""

    addRequested = Signal()
    removeRequested = Signal(int)
    saveRequested = Signal(int)

    def __init__(self, empty_text: str, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.empty = QLabel(empty_text, self)
        self.empty.setProperty("role", "hint")
        self.add_button = QPushButton(add_text, self)
        self.save_button = QPushButton(_("Save a copy…"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.add_button.clicked.connect(self.addRequested)
        self.remove_button.clicked.connect(lambda: self._emit(self.removeRequested))
        self.save_button.clicked.connect(lambda: self._emit(self.saveRequested))
        self.list.itemDoubleClicked.connect(lambda _i: self._emit(self.saveRequested))
        self.list.currentItemChanged.connect(self._selection)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.save_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self._read_only = False
        self.set_items([])

    def _emit(self, signal) -> None:
        item = self.list.currentItem()
        if item is not None:
            signal.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _selection(self) -> None:
        chosen = self.list.currentItem() is not None
        self.save_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)
        self._selection()

    def _add_item(self, info: AttachmentInfo) -> QListWidgetItem:
        raise NotImplementedError

    def _fit(self, items: list[AttachmentInfo]) -> None:
        """Size the list for `items` (shown only when there are some)."""

    def set_items(self, items: list[AttachmentInfo]) -> None:
        self.list.clear()
        for info in items:
            self._add_item(info).setData(Qt.ItemDataRole.UserRole, info.id)
        self.list.setVisible(bool(items))
        if items:
            self._fit(items)
        self.empty.setVisible(not items)
        self._selection()

    def count(self) -> int:
        return self.list.count()


class PhotosPanel(_AttachmentsPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("No photos yet. Photos are kept inside the records file and "
                           "printed with the minutes."), _("Add photos…"), parent)
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(THUMBNAIL)
        self.list.setGridSize(QSize(THUMBNAIL.width() + 24, THUMBNAIL.height() + 48))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.setFixedHeight(THUMBNAIL.height() + 64)
        self.empty.setWordWrap(True)

    def _add_item(self, info: AttachmentInfo) -> QListWidgetItem:
        pixmap = QPixmap()
        if info.thumbnail:
            pixmap.loadFromData(info.thumbnail)
            pixmap = pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        item = QListWidgetItem(QIcon(pixmap), info.caption or info.name, self.list)
        item.setToolTip(f"{common.ltr(info.name)} — {file_size(info.size)}")
        return item


class FilesPanel(_AttachmentsPanel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("No files attached."), _("Attach files…"), parent)

    def _add_item(self, info: AttachmentInfo) -> QListWidgetItem:
        item = QListWidgetItem(f"{common.ltr(info.name)} — {file_size(info.size)}", self.list)
        if info.caption:
            item.setToolTip(info.caption)
        return item

    def _fit(self, items: list[AttachmentInfo]) -> None:
        self.list.setFixedHeight(min(len(items), 6) * (self.list.fontMetrics().lineSpacing() + 8) + 8)


# --- signatures ------------------------------------------------------------------------


@dataclass
class SignatureInfo:
    name: str
    role: str
    meaning: str
    signed_at: dt.datetime  # naive UTC, as stored
    image: bytes | None
    kind: str = SignatureKind.PAPER.value  # how it was made (core.enums.SignatureKind)
    certificate: str | None = None  # a key signature's: the certificate's name
    authority: str | None = None  # … and the authority that issued it
    recorded_by: str | None = None  # the login that recorded it


def signature_level(s: SignatureInfo) -> str:
    """How the signature was made, said plainly: only a key signature is cryptographic."""
    kind = SignatureKind(s.kind)
    if kind == SignatureKind.KEY:
        return _("Signed with a key — certificate of {name} issued by {authority}").format(
            name=user_text(s.certificate or s.name), authority=user_text(s.authority or "?"))
    if kind == SignatureKind.PAPER:
        return _("Signed on paper, recorded by {login}").format(
            login=common.ltr(s.recorded_by or "?"))
    return _("Fingerprint only (no key): signed before keys existed, the weakest level")


def level_summary(kinds: list[SignatureKind] | list[str]) -> str:
    """The levels of a meeting's signatures in a few words, strongest first ("with a
    key, on paper")."""
    words = {SignatureKind.KEY: _("with a key"), SignatureKind.PAPER: _("on paper"),
             SignatureKind.FINGERPRINT: _("fingerprint only (no key)")}
    present = {SignatureKind(k) for k in kinds}
    return _(", ").join(words[k] for k in SignatureKind if k in present)


def local_time(naive_utc: dt.datetime) -> dt.datetime:
    return naive_utc.replace(tzinfo=dt.UTC).astimezone()


def format_stamp(naive_utc: dt.datetime) -> str:
    """"28 تموز 2021، 10:05" in local time, Western digits."""
    local = local_time(naive_utc)
    return f"{common.format_date(local.date())} {local:%H:%M}"


class SignaturesPanel(QWidget):
    """Read-only: who signed, as what, when, with the signature image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.fingerprint = QLabel(self)
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.labels: list[QLabel] = []

    def set_signatures(self, signatures: list[SignatureInfo], fingerprint: str | None) -> None:
        from ogp_desktop.ui.editors.sign_dialog import meaning_label

        for label in self.labels:
            label.deleteLater()
        self.labels = []
        for row, s in enumerate(signatures):
            image = QLabel(self)
            image.setFixedSize(160, 56)
            image.setProperty("role", "signaturePreview")
            image.setAlignment(Qt.AlignmentFlag.AlignCenter)
            image.setVisible(bool(s.image))
            if s.image:
                pixmap = QPixmap()
                pixmap.loadFromData(s.image)
                image.setPixmap(pixmap.scaled(160, 56, Qt.AspectRatioMode.KeepAspectRatio,
                                              Qt.TransformationMode.SmoothTransformation))
            signed_on = _("Signed on {when}").format(when=format_stamp(s.signed_at))
            level = signature_level(s)
            if SignatureKind(s.kind) == SignatureKind.KEY:
                level = f"<b>{_html(level)}</b>"
            else:  # never presented as cryptographic: in the hint's grey, not bold
                level = f"<span style='color:#6b5200'>{_html(level)}</span>"
            text = QLabel(f"<b>{meaning_label(s.meaning)}</b> {_html(s.name)} — {_html(s.role)}"
                          f"<br>{_html(signed_on)}<br>{level}", self)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setProperty("level", s.kind)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._grid.addWidget(image, row, 0)
            self._grid.addWidget(text, row, 1)
            self.labels += [image, text]
        self._grid.setColumnStretch(1, 1)
        self._grid.addWidget(self.fingerprint, len(signatures), 0, 1, 2)
        self.fingerprint.setText(
            _("Fingerprint (SHA-256) of the signed text: {fingerprint}").format(
                fingerprint=common.ltr(fingerprint)) if fingerprint else "")


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
