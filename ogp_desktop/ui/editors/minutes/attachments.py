"""Photos and files of the minutes: adding them (with a caption, typed in the minutes'
direction), removing them and saving a copy. The minutes are saved first (through the
editor), since an attachment belongs to a stored meeting."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from ogp_desktop.core.errors import DomainError, Message, os_reason
from ogp_desktop.core.models import Attachment, AttachmentKind, Meeting
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.core.services.common import get_by_id_or_uuid
from ogp_desktop.core.services.meetings import load_meeting
from ogp_desktop.ui import common, errors, file_dialogs
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.panels import AttachmentInfo
from ogp_desktop.ui.editors.text_direction import set_text_direction

if TYPE_CHECKING:
    from ogp_desktop.ui.editors.minutes.window import MinutesEditor


def attachment_infos(meeting: Meeting) -> list[AttachmentInfo]:
    """What the photos and files panels show of a meeting's attachments."""
    return [AttachmentInfo(a.id, a.kind.value, a.name, a.caption, a.media_type, a.size,
                           a.data if a.kind == AttachmentKind.PHOTO else None)
            for a in meeting.attachments]


class AttachmentActions(QObject):
    """Adds, removes and copies out one editor's photos and files, through its public
    methods (`ensure_saved`, `show_error`, `clear_errors`, `saved`, `meeting_id`, `form`)."""

    def __init__(self, editor: MinutesEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def add_photos(self, paths: list[Path] | None = None,
                   captions: list[str | None] | None = None) -> list[int]:
        """Add photos (PNG or JPEG) with captions; the minutes are saved first."""
        if self.editor.read_only:
            return []
        if paths is None:
            paths = file_dialogs.open_files(self.editor, "photos", _("Add photos"),
                                            _("Photos (*.png *.jpg *.jpeg)"))
        if not paths or not self.editor.ensure_saved():
            return []
        entries = []
        for n, path in enumerate(paths):
            if captions is not None:
                caption = captions[n] if n < len(captions) else None
            else:
                caption = self.ask_caption(Path(path).name)
                if caption is None:
                    continue
            entries.append((Path(path), caption or None, AttachmentKind.PHOTO, None))
        return self._add_attachments(entries)

    def make_caption_dialog(self, name: str) -> QInputDialog:
        """Asks a photo's caption, typed in the minutes' direction."""
        dialog = QInputDialog(self.editor)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setWindowTitle(_("Photo caption"))
        dialog.setLabelText(_("Caption for {name} (may be left empty):").format(name=common.ltr(name)))
        edit = dialog.findChild(QLineEdit)
        if edit is not None:
            set_text_direction(edit, self.editor.form.text_direction())
        return dialog

    def ask_caption(self, name: str) -> str | None:
        """The caption typed (may be empty), or None when the person cancels."""
        dialog = self.make_caption_dialog(name)
        try:
            if dialog.exec() != QInputDialog.DialogCode.Accepted:
                return None
            return dialog.textValue()
        finally:
            dialog.deleteLater()

    def add_files(self, paths: list[Path] | None = None) -> list[int]:
        if self.editor.read_only:
            return []
        if paths is None:
            paths = file_dialogs.open_files(self.editor, "attachments", _("Attach files"))
        if not paths or not self.editor.ensure_saved():
            return []
        return self._add_attachments([
            (Path(p), None, AttachmentKind.ATTACHMENT, mimetypes.guess_type(str(p))[0])
            for p in paths])

    def _add_attachments(self, entries: list) -> list[int]:
        self.editor.clear_errors()
        ids = []
        try:
            blobs = [(p, c, k, m, Path(p).read_bytes()) for p, c, k, m in entries]
            with self.editor.db.session() as s:
                for path, caption, kind, media_type, data in blobs:
                    att = meetings_svc.add_attachment(
                        s, self.editor.stored_meeting_id(), name=path.name, data=data, caption=caption,
                        kind=kind, media_type=media_type)
                    ids.append(att.id)
        except OSError as exc:
            self.editor.show_error(errors.error_text(Message(
                "{path} can not be read: {error}", path=str(exc.filename), error=os_reason(exc))),
                self.editor.form.photos_panel.add_button)
            return []
        except DomainError as exc:
            self.editor.show_error(errors.error_text(exc, with_field=False),
                                   self.editor.form.photos_panel.add_button)
            return []
        self._refresh_attachments()
        self.editor.saved.emit(self.editor.meeting_id)
        return ids

    def _refresh_attachments(self) -> None:
        with self.editor.db.session() as s:
            infos = attachment_infos(load_meeting(s, self.editor.stored_meeting_id()))
        self.editor.form.set_attachments(infos)

    def remove_attachment(self, attachment_id: int, *, confirm: bool = True) -> bool:
        if self.editor.read_only:
            return False
        if confirm:
            answer = QMessageBox.question(
                self.editor, _("Remove"),
                _("Remove this file from the minutes? It is deleted from the records."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            with self.editor.db.session() as s:
                meetings_svc.remove_attachment(s, attachment_id)
        except DomainError as exc:
            self.editor.show_error(errors.error_text(exc, with_field=False))
            return False
        self._refresh_attachments()
        self.editor.saved.emit(self.editor.meeting_id)
        return True

    def save_attachment_copy(self, attachment_id: int, path: Path | None = None) -> Path | None:
        try:
            with self.editor.db.session() as s:
                att = get_by_id_or_uuid(s, Attachment, attachment_id, "attachment")
                name, data = att.name, att.data
        except DomainError as exc:  # removed meanwhile (in another window): said, not a crash
            self.editor.show_error(errors.error_text(exc, with_field=False))
            return None
        if path is None:
            path = file_dialogs.save_file(self.editor, "attachment-copy", _("Save a copy"), name)
            if path is None:
                return None
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self.editor.show_error(errors.error_text(Message(
                "{path} can not be written: {error}", path=str(path), error=os_reason(exc))))
            return None
        return Path(path)
