"""The minutes on paper: Export PDF…, Preview and Print… on the editor's toolbar. Each
saves unsaved changes first (through the editor), then exports the stored minutes."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStyle, QToolBar

from ogp_desktop.core.errors import DomainError, ValidationError
from ogp_desktop.export import minutes as exports
from ogp_desktop.ui import common, errors, file_dialogs
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.minutes.lifecycle import toolbar_action

if TYPE_CHECKING:
    from ogp_desktop.ui.editors.minutes.window import MinutesEditor


class ExportActions(QObject):
    """Export / preview / print of one editor's minutes, through its public methods
    (`ensure_saved`, `show_error`, `meeting_id`, `version`, `form`)."""

    def __init__(self, editor: MinutesEditor, toolbar: QToolBar) -> None:
        super().__init__(editor)
        self.editor = editor
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

    def export_pdf(self, path: Path | str) -> Path:
        """Write the minutes' PDF to `path` (unsaved changes are saved first). Raises the
        DomainError when the minutes can not be saved or exported."""
        editor = self.editor
        if not editor.ensure_saved():
            raise ValidationError("the minutes can not be saved: {reason}", field="pdf",
                                  reason=editor.error_bar.label.text())
        with editor.db.session(write=False) as s:  # reads only: never queues for a writer
            return exports.export_meeting_pdf(s, editor.stored_meeting_id(), Path(path))

    def choose_export(self) -> Path | None:
        editor = self.editor
        chosen = file_dialogs.save_file(editor, "export-pdf", _("Export PDF"),
                                        self.suggested_filename(), _("PDF files (*.pdf)"))
        if chosen is None:
            return None
        path = str(chosen)
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            written = self.export_pdf(Path(path))
        except DomainError as exc:
            editor.show_error(errors.error_text(exc, with_field=False))
            return None
        editor.statusBar().showMessage(_("Exported to {path}").format(path=common.ltr(written)), 8000)
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
