"""Print preview: the PDF as it will come out (QPdfView), zoom and page navigation, Print through the
system's printer dialog with copies defaulting to parties + 1, and Save as PDF."""
from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QLabel, QMainWindow, QProgressDialog,
                               QSpinBox, QToolBar, QVBoxLayout, QWidget)

from app.errors import MediationError
from app.files import write_atomically
from app.i18n import _
from app.printouts import Printout
from ui.messages import show_error
from ui.screen_fit import resize_within_screen

MAX_PRINT_DPI = 300     # enough for text and stamps; a 1200-dpi image per page only slows old printers down


def print_pdf(document: QPdfDocument, printer: QPrinter, copies: int, progress=None) -> int:
    """Paint every page (each copy collated, when the printer cannot make copies itself) onto the printer;
    returns the number of sheets sent."""
    if printer.supportsMultipleCopies():
        printer.setCopyCount(copies)
        rounds = 1
    else:
        rounds = max(1, copies)
    pages = document.pageCount()
    printer.setFullPage(True)     # the PDF already has its margins: paint the whole sheet, 1:1 on A4 paper
    painter = QPainter()
    if not painter.begin(printer):
        raise MediationError(_("The printer could not be opened; check that it is switched on and connected."))
    sent = 0
    try:
        target = printer.pageLayout().fullRectPixels(printer.resolution())
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for _round in range(rounds):
            for page in range(pages):
                if sent:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
                image = QImage(size, QImage.Format_ARGB32)
                image.fill(QColor("white"))     # render() gives a transparent page: paint it on white
                page_painter = QPainter(image)
                page_painter.drawImage(0, 0, document.render(page, size))
                page_painter.end()
                scaled = size.scaled(target.size(), Qt.KeepAspectRatio)
                painter.drawImage(QRect(0, 0, scaled.width(), scaled.height()), image)
                sent += 1
                if progress:
                    progress(sent, pages * rounds)
    finally:
        painter.end()
    return sent


class PreviewWindow(QMainWindow):
    def __init__(self, printout: Printout, title: str, copies: int, file_name: str, notes: list[str] = (),
                 parent: QWidget | None = None, before_output=None):
        super().__init__(parent)
        # Called once before the first print or save: issuing a document the person was warned about.
        self._before_output = before_output
        self.setAttribute(Qt.WA_DeleteOnClose)
        self.setWindowTitle(_("Print preview") + " — " + title)
        self.printout, self.copies, self.file_name = printout, copies, file_name
        self._folder = tempfile.TemporaryDirectory(prefix="mediation-preview-")
        path = Path(self._folder.name) / "preview.pdf"
        path.write_bytes(printout.pdf)
        self.document = QPdfDocument(self)
        self.document.load(str(path))
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.page = QSpinBox(minimum=1, maximum=max(1, self.document.pageCount()))
        self.page.setSuffix(" / " + str(self.document.pageCount()))
        self.page.valueChanged.connect(self.go_to)
        self.view.pageNavigator().currentPageChanged.connect(lambda p: self._show_page(p + 1))
        self._build_toolbar()
        warnings = [*printout.warnings(), *notes]
        self.warning = QLabel("\n".join(warnings), wordWrap=True)
        self.warning.setStyleSheet("color: #b00000; padding: 4px")
        self.warning.setVisible(bool(warnings))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        resize_within_screen(self, 860, 980)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self)
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonTextOnly)
        self.print_action = bar.addAction(_("Print…"), self.print_document)
        self.print_action.setShortcut(QKeySequence.Print)
        self.save_action = bar.addAction(_("Save as PDF…"), self.save_as)
        self.save_action.setShortcut(QKeySequence.Save)
        bar.addSeparator()
        for text, slot, key in ((_("Previous page"), lambda: self.go_to(self.page.value() - 1), QKeySequence.MoveToPreviousPage),
                                (_("Next page"), lambda: self.go_to(self.page.value() + 1), QKeySequence.MoveToNextPage),
                                (_("Zoom out"), lambda: self.zoom(1 / 1.25), QKeySequence.ZoomOut),
                                (_("Zoom in"), lambda: self.zoom(1.25), QKeySequence.ZoomIn),
                                (_("Fit width"), self.fit_width, "Ctrl+0")):
            bar.addAction(text, slot).setShortcut(QKeySequence(key))
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(8, 0, 8, 0)
        row.addWidget(QLabel(_("Page")))
        row.addWidget(self.page)
        row.addWidget(QLabel(_("{copies} copies by default").format(copies=self.copies)))
        bar.addWidget(holder)
        bar.addSeparator()
        close = bar.addAction(_("Close"), self.close)
        close.setShortcut(QKeySequence(Qt.Key_Escape))
        self.addToolBar(bar)

    # --- navigation --------------------------------------------------------------------------------
    def go_to(self, number: int) -> None:
        number = max(1, min(number, self.document.pageCount()))
        self._show_page(number)
        if self.view.pageNavigator().currentPage() != number - 1:
            self.view.pageNavigator().jump(number - 1, QPointF(), self.view.zoomFactor())

    def _show_page(self, number: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(number)
        self.page.blockSignals(False)

    def zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, self.view.zoomFactor() * factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # --- output ------------------------------------------------------------------------------------
    def printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setCopyCount(self.copies)
        printer.setFromTo(1, self.document.pageCount())
        return printer

    def _output(self) -> None:
        if self._before_output is not None:
            issue, self._before_output = self._before_output, None
            issue()

    def print_document(self) -> None:
        printer = self.printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self._output()
        self.send_to(printer, printer.copyCount())

    def send_to(self, printer: QPrinter, copies: int) -> int:
        progress = QProgressDialog(_("Sending pages to the printer…"), "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QApplication.processEvents()
        try:
            return print_pdf(self.document, printer, copies, step)
        except Exception as exc:
            show_error(self, exc)
            return 0
        finally:
            progress.close()

    def save_as(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), str(Path.home() / self.file_name),
                                                    "PDF (*.pdf)")
        if path:
            self.save_to(Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_to(self, path: Path) -> bool:
        self._output()
        try:
            write_atomically(self.printout.pdf, path)
        except OSError as exc:
            show_error(self, MediationError(_("The PDF could not be saved to {path}: {reason}. Choose another folder or free "
                                       "some space.").format(path=path, reason=exc.strerror or exc)))
            return False
        self.statusBar().showMessage(_("Saved {path}").format(path=path), 5000)
        return True

    def closeEvent(self, event) -> None:
        self.view.setDocument(None)     # a view that dies holding its document crashes Qt
        self.document.close()
        self._folder.cleanup()
        super().closeEvent(event)
