"""Preview an exported PDF inside the program (QtPdf) and print it through the system's
print dialog, page by page rendered from the same PDF, so what prints is what was
previewed and exported."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.errors import ValidationError
from ogp_desktop.ui import common, placement
from ogp_desktop.ui.common import _

PRINT_DPI_CAP = 300  # pages are rendered as images; 300 dpi is sharp and not huge


def load_pdf(path: Path, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    error = document.load(str(path))
    if error != QPdfDocument.Error.None_:
        raise ValidationError("{path} can not be read: {error}", field="pdf", path=common.ltr(path),
                              error=str(error.name))
    return document


def print_document(document: QPdfDocument, parent: QWidget | None = None, *,
                   printer: QPrinter | None = None, ask: bool = True) -> bool:
    """Print every page of `document`: the system print dialog first (unless `ask` is
    False, as in tests and the self-test, which give a printer writing to a file).
    Returns False when the user cancels."""
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.metaData(QPdfDocument.MetaDataField.Title) or "minutes")
    printer.setFromTo(1, max(1, document.pageCount()))
    if ask:
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(_("Print the minutes"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    first, last = 1, document.pageCount()
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or last, last)
    painter = QPainter()
    if not painter.begin(printer):
        raise ValidationError("the printer can not be used", field="printer")
    try:
        dpi = min(printer.resolution(), PRINT_DPI_CAP)
        for n, index in enumerate(range(first - 1, last)):
            if n:
                printer.newPage()
            points = document.pagePointSize(index)  # 1 pt = 1/72 inch
            area = painter.viewport()
            scale = min(area.width() / points.width(), area.height() / points.height())
            target = QRect(0, 0, int(points.width() * scale), int(points.height() * scale))
            target.moveCenter(area.center())
            pixels = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            image = document.render(index, pixels)
            painter.drawImage(target, image)
    finally:
        painter.end()
    return True


class PdfPreviewDialog(QDialog):
    """A PDF shown page after page, with zoom and Print. Owns a copy of the file (in a
    temporary folder removed when the dialog closes)."""

    def __init__(self, path: Path, parent: QWidget | None = None, *, title: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("Preview"))
        self._folder = Path(tempfile.mkdtemp(prefix="ogp-preview-"))
        self.path = self._folder / Path(path).name
        shutil.copyfile(path, self.path)
        self.document = load_pdf(self.path, self)

        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.pages = QLabel(_("Pages: {n}").format(n=self.document.pageCount()), self)
        zoom_in = QPushButton(_("Zoom in"), self)
        zoom_out = QPushButton(_("Zoom out"), self)
        fit = QPushButton(_("Fit width"), self)
        self.print_button = QPushButton(_("Print…"), self)
        close = QPushButton(_("Close"), self)
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        zoom_out.clicked.connect(lambda: self._zoom(0.8))
        fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.print_button.clicked.connect(self.print_)
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self._zoom(1.25))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self._zoom(0.8))
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_)

        bar = QHBoxLayout()
        for w in (zoom_out, zoom_in, fit):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.pages)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        placement.fit_and_remember(self, "pdf-preview", (900, 700))

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, self.view.zoomFactor() * factor)))

    def print_(self, *, printer: QPrinter | None = None, ask: bool = True) -> bool:
        return print_document(self.document, self, printer=printer, ask=ask)

    def first_page_image(self, width: int = 400):  # QImage, for tests
        size = self.document.pagePointSize(0)
        return self.document.render(0, QSize(width, int(width * size.height() / size.width())))

    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)
        shutil.rmtree(self._folder, ignore_errors=True)


__all__ = ["PdfPreviewDialog", "load_pdf", "print_document"]
