"""Preview a PDF report inside the program, print it, or save it as a file.

The bytes come straight from the report builder and stay in memory: the preview reads them
from a QBuffer and printing renders its pages from there, so the program writes no temporary
PDF. (The print system's own spool file goes to the owner-only temporary folder that
``ui.app.run_gui`` sets up and removes at exit.) Only "Spara som PDF…" writes a file, through
the services: the table decides who may take a report away as a file, the file is owner-only,
and every saved file is logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import exports
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import show_error, show_info
from kvalitet_desktop.ui.settings_store import app_settings

ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 5.0
MAX_PRINT_DPI = 300
_UNSAFE_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_stem(stem: str) -> str:
    """A file name without characters Windows or macOS refuse; Swedish letters are kept."""
    cleaned = _UNSAFE_IN_FILE_NAMES.sub("-", stem).strip(" .-")
    return cleaned or "rapport"


def documents_folder() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


@dataclass(frozen=True)
class ReportSource:
    """Whose report the preview shows, and which: what a saved file is logged as."""

    ctx: Context
    report: str  # the registry's report name
    record_id: str | None = None
    unit_id: str | None = None
    year: int | None = None  # reports over a unit's calendar year
    start: date | None = None  # reports over a period: its first and last day
    end: date | None = None


class PdfPreviewDialog(QDialog):
    """Multi-page preview with zoom, "Sida X av Y", printing and saving."""

    def __init__(
        self,
        pdf: bytes,
        title: str,
        file_stem: str,
        source: ReportSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pdf = bytes(pdf)
        self.file_stem = safe_file_stem(file_stem)

        # The document reads from the buffer for as long as it is open: keep both alive.
        self._bytes = QByteArray(self.pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Förhandsgranskning"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(lambda _p: self._update_page_label())

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_toolbar())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._build_buttons())
        self._update_page_label()
        self._restore_geometry()

    def _tool(self, text: str, tip: str, shortcut: QKeySequence | None = None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        if shortcut is not None:
            button.setShortcut(shortcut)
        return button

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.zoom_out_button = self._tool(
            "−", self.tr("Zooma ut"), QKeySequence(QKeySequence.StandardKey.ZoomOut)
        )
        self.zoom_in_button = self._tool(
            "+", self.tr("Zooma in"), QKeySequence(QKeySequence.StandardKey.ZoomIn)
        )
        self.fit_button = self._tool(self.tr("Anpassa till bredd"), self.tr("Anpassa till bredd"))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit_width)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.page_label = QLabel()
        self.page_label.setAccessibleName(self.tr("Sida"))
        bar.addWidget(self.page_label)
        return bar

    def _build_buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.print_button = QPushButton(self.tr("Skriv &ut…"))
        self.print_button.setAccessibleName(self.tr("Skriv ut"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("&Spara som PDF…"))
        self.save_button.setAccessibleName(self.tr("Spara som PDF"))
        self.save_button.clicked.connect(self.save_as)
        self.close_button = QPushButton(self.tr("S&täng"))
        self.close_button.setAccessibleName(self.tr("Stäng"))
        self.close_button.clicked.connect(self.close)
        for button in (self.print_button, self.save_button, self.close_button):
            bar.addWidget(button)
        enabled = self.page_count() > 0
        self.print_button.setEnabled(enabled)
        self.save_button.setEnabled(bool(self.pdf) and exports.may_export(self.source.ctx))
        if not exports.may_export(self.source.ctx):
            self.save_button.setToolTip(self.tr("Du har inte behörighet att spara rapporter."))
        return bar

    # --- state ---------------------------------------------------------------------------

    def page_count(self) -> int:
        return int(self.document.pageCount())

    def current_page(self) -> int:
        """1-based page number shown at the top of the view."""
        return int(self.view.pageNavigator().currentPage()) + 1

    def page_text(self) -> str:
        if self.page_count() == 0:
            return self.tr("Dokumentet kunde inte visas.")
        return self.tr("Sida {page} av {count}").format(
            page=self.current_page(), count=self.page_count()
        )

    def _update_page_label(self) -> None:
        self.page_label.setText(self.page_text())

    def zoom_by(self, factor: float) -> None:
        current = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            current = self._effective_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, current * factor)))

    def _effective_zoom(self) -> float:
        """The zoom "fit to width" shows now, so zooming continues from what the user sees."""
        if self.page_count() == 0:
            return 1.0
        page_points = self.document.pagePointSize(0)
        if page_points.width() <= 0:
            return 1.0
        dpi = self.logicalDpiX() or 96
        page_pixels = page_points.width() * dpi / 72
        available = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return max(MIN_ZOOM, available / page_pixels)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # --- actions -------------------------------------------------------------------------

    def save_as(self) -> Path | None:
        suggested = documents_folder() / f"{self.file_stem}.pdf"
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Spara som PDF"), str(suggested), self.tr("PDF-dokument (*.pdf)")
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        source = self.source
        try:
            target = exports.save_report(
                source.ctx,
                target,
                self.pdf,
                report=source.report,
                record_id=source.record_id,
                unit_id=source.unit_id,
                year=source.year,
                start=source.start,
                end=source.end,
            )
        except KvalitetError as exc:
            show_error(self, str(exc))
            return None
        show_info(self, self.tr("Sparad som {path}").format(path=target), self.tr("Sparad"))
        return target

    def print_document(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_stem)
        printer.setFromTo(1, self.page_count())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Skriv ut"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Render the chosen pages for the printer and paint them; returns pages printed.

        Pages are rendered at the printer's resolution but at most ``MAX_PRINT_DPI``: a 1200 dpi
        A4 page would be a 500 MB image, and 300 dpi text is already crisp on paper.
        """
        count = self.page_count()
        first, last = printer.fromPage() or 1, printer.toPage() or count
        pages = range(max(1, first) - 1, min(count, last))
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, self.tr("Skrivaren kunde inte startas."))
            return 0
        printed = 0
        try:
            device_dpi = printer.resolution()
            render_dpi = min(device_dpi, MAX_PRINT_DPI)
            paper = printer.pageLayout().paintRectPixels(device_dpi)
            for number in pages:
                if printed:
                    printer.newPage()
                points = self.document.pagePointSize(number)
                # The page in device pixels, shrunk if needed to fit the printable area.
                width, height = points.width() * device_dpi / 72, points.height() * device_dpi / 72
                fit = min(1.0, paper.width() / width, paper.height() / height)
                target = QRectF(0, 0, width * fit, height * fit)
                ratio = render_dpi / device_dpi
                image = self.document.render(
                    number, QSize(round(target.width() * ratio), round(target.height() * ratio))
                )
                painter.drawImage(target, image)
                printed += 1
        finally:
            painter.end()
        if printed:
            source = self.source
            exports.log_printed(
                source.ctx,
                report=source.report,
                pages=printed,
                printer=printer.printerName() or printer.outputFileName() or "",
                record_id=source.record_id,
                unit_id=source.unit_id,
                start=source.start,
                end=source.end,
            )
        return printed

    # --- geometry ------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = app_settings().value("pdf_preview/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(860, 900)

    def done(self, result: int) -> None:
        app_settings().setValue("pdf_preview/geometry", self.saveGeometry())
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        app_settings().setValue("pdf_preview/geometry", self.saveGeometry())
        super().closeEvent(event)


def show_pdf(
    parent: QWidget | None, pdf: bytes, title: str, file_stem: str, source: ReportSource
) -> QDialog:
    """Open a non-blocking preview of ``pdf``; returns the dialog."""
    dialog = PdfPreviewDialog(pdf, title, file_stem, source, parent)
    dialog.show()
    return dialog
