"""The minutes on paper: Export PDF…, Preview and Print… on the editor's toolbar. Each
saves unsaved changes first (through the editor), then exports the stored minutes. Export
PDF… of signed minutes seals the file with the unit's seal key when this computer has one
(Settings → Seal and timestamp): its password is asked, Cancel writes nothing."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QStyle, QToolBar

from ogp_desktop.core.errors import DomainError, ValidationError, user_text
from ogp_desktop.core.keys.certificates import subject_name
from ogp_desktop.core.models import MinutesStatus
from ogp_desktop.export import minutes as exports
from ogp_desktop.ui import common, errors, file_dialogs
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.minutes.lifecycle import toolbar_action
from ogp_desktop.ui.views import keys

if TYPE_CHECKING:
    from ogp_desktop.core.keys.tokens import SignerKey
    from ogp_desktop.export.signing import SigningOptions
    from ogp_desktop.ui.editors.minutes.window import MinutesEditor


class ExportActions(QObject):
    """Export / preview / print of one editor's minutes, through its public methods
    (`ensure_saved`, `show_error`, `meeting_id`, `version`, `form`)."""

    def __init__(self, editor: MinutesEditor, toolbar: QToolBar) -> None:
        super().__init__(editor)
        self.editor = editor
        self.last_notice: QMessageBox | None = None  # the last "no timestamp" box shown
        sp = QStyle.StandardPixmap
        # Qt's style has a floppy (Save's) and a monitor, no PDF and no printer: our own.
        self.export_action = toolbar_action(toolbar, _("Export PDF…"), self.choose_export,
                                            "export-pdf.png")
        self.preview_action = toolbar_action(toolbar, _("Preview"), self.preview,
                                             sp.SP_FileDialogContentsView)
        self.print_action = toolbar_action(toolbar, _("Print…"), self.print_minutes, "print.png")

    def suggested_filename(self) -> str:
        form = self.editor.form
        date = form.meeting_date() or dt.date.today()
        return exports.safe_filename(date, form.title_text() or "minutes", self.editor.version,
                                     self.editor.meeting_id or 0)

    def export_pdf(self, path: Path | str, *, seal: SignerKey | None = None,
                   seal_options: SigningOptions | None = None) -> Path:
        """Write the minutes' PDF to `path` (unsaved changes are saved first), signed
        minutes sealed with `seal` when one is given. Raises the DomainError when the
        minutes can not be saved or exported."""
        editor = self.editor
        if not editor.ensure_saved():
            raise ValidationError("the minutes can not be saved: {reason}", field="pdf",
                                  reason=editor.error_bar.label.text())
        with editor.db.session(write=False) as s:  # reads only: never queues for a writer
            return exports.export_meeting_pdf(s, editor.stored_meeting_id(), Path(path),
                                              seal=seal, seal_options=seal_options)

    def choose_export(self) -> Path | None:
        editor = self.editor
        chosen = file_dialogs.save_file(editor, "export-pdf", _("Export PDF"),
                                        self.suggested_filename(), _("PDF files (*.pdf)"))
        if chosen is None:
            return None
        path = str(chosen)
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        signed = 1 if editor.status == MinutesStatus.SIGNED else 0
        answer = keys.ask_seal(editor.db, editor, signed)
        if not answer.go:
            editor.statusBar().showMessage(_("Export cancelled: nothing was written."), 8000)
            return None
        options = keys.seal_options(editor.db) if answer.key is not None else None
        sealed_by = subject_name(answer.key.certificate) if answer.key is not None else None
        try:
            written = self.export_pdf(Path(path), seal=answer.key, seal_options=options)
        except DomainError as exc:
            editor.show_error(errors.error_text(exc, with_field=False))
            return None
        finally:
            answer.close()
        if sealed_by is not None:
            text = _("Exported to {path}, sealed with the seal of {name}").format(
                path=common.ltr(written), name=user_text(sealed_by))
        else:
            text = _("Exported to {path}").format(path=common.ltr(written))
        editor.statusBar().showMessage(text, 8000)
        if options is not None and options.unanswered:
            self.last_notice = keys.tell_no_timestamp(editor, options, _(
                "The PDF is sealed, but the timestamp server {url} did not answer: the seal "
                "carries no timestamp. The time it carries is this computer's."))
        return written

    def make_preview(self):  # PdfPreviewDialog
        """The minutes exported to a temporary file, in a preview dialog (not yet shown)."""
        from ogp_desktop.ui.editors.pdf_preview import PdfPreviewDialog

        with tempfile.TemporaryDirectory(prefix="ogp-export-") as folder:
            path = self.export_pdf(Path(folder) / self.suggested_filename())
            return PdfPreviewDialog(path, self.editor, title=self.editor.form.title_text())

    def preview(self) -> None:
        try:
            dialog = self.make_preview()
        except DomainError as exc:
            self.editor.show_error(errors.error_text(exc, with_field=False))
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def print_minutes(self, *, printer=None, ask: bool = True) -> bool:
        """Through the system print dialog (`ask`); tests pass a printer writing a file."""
        from ogp_desktop.ui.editors.pdf_preview import load_pdf, print_document

        try:
            with tempfile.TemporaryDirectory(prefix="ogp-print-") as folder:
                path = self.export_pdf(Path(folder) / "minutes.pdf")
                document = load_pdf(path, self.editor)
                try:
                    return print_document(document, self.editor, printer=printer, ask=ask)
                finally:
                    document.close()
        except DomainError as exc:
            self.editor.show_error(errors.error_text(exc, with_field=False))
            return False
