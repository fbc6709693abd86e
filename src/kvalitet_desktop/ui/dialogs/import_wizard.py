"""The "Importera…" wizard of a list page: a sheet's rows become records of the page's kind.

Steps: the file → its first rows (with the encoding and separator found, changeable) → which
column fills which field (suggested from the names, or as last time for the same layout) →
the file's unknown list values mapped → the report of every row's problems (the bad rows left
out only if the user says so) → the import, off the UI thread, with its progress and a cancel
that keeps nothing → the result. The files are read and written by ``exchange.imports``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.exchange.imports import reading
from kvalitet_desktop.exchange.imports.engine import (
    ImportRefused,
    SheetImport,
    ValidationReport,
    target_of,
)
from kvalitet_desktop.exchange.imports.mapping import (
    ColumnMapping,
    from_remembered,
    layout_key,
    suggest,
)
from kvalitet_desktop.exchange.imports.reading import SheetSource
from kvalitet_desktop.services import imports
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import (
    Choice,
    ImportCancelled,
    ImportOutcome,
    Progress,
)
from kvalitet_desktop.ui.dialogs.common import ErrorLabel, show_error
from kvalitet_desktop.ui.dialogs.import_pages import (
    ColumnsPage,
    ReportPage,
    ValuesPage,
    cell,
    marked,
    table,
)
from kvalitet_desktop.ui.operations import show_failure
from kvalitet_desktop.ui.toolkit.fields import name_widget

T = TypeVar("T")
PREVIEW_ROWS = 10
POLL_MS = 100


class ImportWizard(QDialog):
    """Opened from a list page as ``ImportWizard(parent, ctx, kind_key, on_imported)``."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        kind: str,
        on_imported: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = registry.kind(kind)
        self.target = target_of(kind)
        self.on_imported = on_imported
        self.source: SheetSource | None = None
        self.header: list[str] = []
        self.report: ValidationReport | None = None
        self.outcome: ImportOutcome | None = None
        self.progress: Progress | None = None
        self.choices: dict[str, list[Choice]] = {}
        self.busy = False
        many = marked(self.kind.nouns.many, "RecordKind")
        title = self.tr("Importera {many}").format(many=many)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(1000, 640)

        self.step_label = QLabel()
        self.step_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pages = QStackedWidget()
        self.file_page = self._file_page()
        self.preview_page = self._preview_page()
        self.columns_page = ColumnsPage(self.target)
        self.values_page = ValuesPage(self.target)
        self.report_page = ReportPage()
        # The widgets the steps and the tests reach.
        self.value_combos = self.values_page.combos
        self.problems_table = self.report_page.table
        self.summary_label = self.report_page.summary_label
        self.exclude_check = self.report_page.exclude_check
        self.exclude_check.toggled.connect(lambda _on: self._update_buttons())
        self.run_page = self._run_page()
        for page in (
            self.file_page,
            self.preview_page,
            self.columns_page,
            self.values_page,
            self.report_page,
            self.run_page,
        ):
            self.pages.addWidget(page)
        self.error = ErrorLabel()
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.back_button = QPushButton(self.tr("&Tillbaka"))
        name_widget(self.back_button, self.back_button.text())
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("&Nästa"))
        name_widget(self.next_button, self.next_button.text())
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton(self.tr("&Stäng"))
        name_widget(self.close_button, self.close_button.text())
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.status_label)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._show_progress)
        self._go(self.file_page)

    # --- the pages -------------------------------------------------------------------------

    def _file_page(self) -> QWidget:
        page = QWidget()
        self.path_edit = QLineEdit()
        name_widget(self.path_edit, self.tr("Fil"))
        self.path_edit.setPlaceholderText(self.tr("Sökväg till en .csv- eller .xlsx-fil"))
        self.path_edit.returnPressed.connect(self.next)
        self.browse_button = QPushButton(self.tr("&Välj fil…"))
        name_widget(self.browse_button, self.tr("Välj fil"))
        self.browse_button.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        intro = QLabel(
            self.tr(
                "Välj kalkylarket att importera: en CSV-fil (UTF-8 eller Windows-1252, "
                "semikolon, komma eller tabb mellan värdena) eller en Excel-arbetsbok (.xlsx). "
                "Första raden ska ha kolumnernas namn."
            )
        )
        intro.setWordWrap(True)
        label = QLabel(self.tr("&Fil:"))
        label.setBuddy(self.path_edit)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.encoding_combo = QComboBox()
        name_widget(self.encoding_combo, self.tr("Teckenkodning"))
        for code, label in reading.ENCODINGS.items():
            self.encoding_combo.addItem(marked(label), code)
        self.delimiter_combo = QComboBox()
        name_widget(self.delimiter_combo, self.tr("Avgränsare"))
        for code, label in reading.DELIMITERS.items():
            self.delimiter_combo.addItem(marked(label), code)
        self.encoding_combo.activated.connect(lambda _i: self._reread())
        self.delimiter_combo.activated.connect(lambda _i: self._reread())
        self.detected_label = QLabel()
        self.detected_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("T&eckenkodning:"), self.encoding_combo)
        form.addRow(self.tr("&Avgränsare:"), self.delimiter_combo)
        self.preview_table = table(self.tr("Filens första rader"), [])
        layout = QVBoxLayout(page)
        layout.addWidget(self.detected_label)
        layout.addLayout(form)
        layout.addWidget(self.preview_table, 1)
        return page

    def _run_page(self) -> QWidget:
        page = QWidget()
        self.run_label = QLabel()
        self.run_label.setWordWrap(True)
        self.progress_bar = QProgressBar()
        name_widget(self.progress_bar, self.tr("Förlopp"))
        self.cancel_button = QPushButton(self.tr("&Avbryt importen"))
        name_widget(self.cancel_button, self.cancel_button.text())
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(page)
        layout.addWidget(self.run_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    # --- moving between the steps ----------------------------------------------------------

    def _go(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        steps = {
            self.file_page: self.tr("Steg 1 av 5: välj fil"),
            self.preview_page: self.tr("Steg 2 av 5: filens första rader"),
            self.columns_page: self.tr("Steg 3 av 5: kolumner och fält"),
            self.values_page: self.tr("Steg 4 av 5: okända värden"),
            self.report_page: self.tr("Steg 5 av 5: kontroll av raderna"),
            self.run_page: self.tr("Import"),
        }
        self.step_label.setText(steps[page])
        self.error.show_messages([])
        self._update_buttons()
        focus = {
            self.file_page: self.path_edit,
            self.preview_page: self.encoding_combo,
            self.columns_page: next(iter(self.columns_page.column_combos.values())),
            self.report_page: self.problems_table,
            self.run_page: self.cancel_button,
        }.get(page)
        if focus is not None and focus.isEnabled():
            focus.setFocus()

    def _update_buttons(self) -> None:
        page = self.pages.currentWidget()
        running = page is self.run_page
        self.back_button.setEnabled(not self.busy and page is not self.file_page and not running)
        can_go = not self.busy and not running
        if page is self.report_page:
            report = self.report
            can_go = can_go and report is not None and self._importable(report)
            self.next_button.setText(self.tr("&Importera"))
        else:
            self.next_button.setText(self.tr("&Nästa"))
        name_widget(self.next_button, self.next_button.text())
        self.next_button.setEnabled(can_go)
        self.next_button.setVisible(not running)
        self.back_button.setVisible(not running)
        self.cancel_button.setEnabled(self.busy)
        self.cancel_button.setVisible(self.busy)

    def _importable(self, report: ValidationReport) -> bool:
        if report.file_problems or report.new <= 0:
            return False
        return report.ok or self.exclude_check.isChecked()

    def back(self) -> None:
        order = [
            self.file_page,
            self.preview_page,
            self.columns_page,
            self.values_page,
            self.report_page,
        ]
        page = self.pages.currentWidget()
        index = order.index(page) if page in order else 0
        previous = order[max(0, index - 1)]
        if previous is self.values_page and not self.value_combos:
            previous = self.columns_page
        self._go(previous)

    def next(self) -> None:
        page = self.pages.currentWidget()
        if self.busy:
            return
        if page is self.file_page:
            self._open_file()
        elif page is self.preview_page:
            self._show_columns()
            self._go(self.columns_page)
        elif page is self.columns_page:
            self.value_combos.clear()
            self._check(first=True)
        elif page is self.values_page:
            self._check(first=False)
        elif page is self.report_page:
            self._run()

    # --- step 1 and 2: the file ------------------------------------------------------------

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Välj kalkylark"),
            str(Path(self.path_edit.text()).parent) if self.path_edit.text() else "",
            self.tr("Kalkylark (*.csv *.txt *.xlsx);;Alla filer (*)"),
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _open_file(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.error.show_messages([self.tr("Välj en fil att importera.")])
            return
        path = Path(text).expanduser()

        def work() -> tuple[SheetSource, list[str], list[list[str]]]:
            source = reading.open_sheet(path)
            header, rows = reading.preview(source, PREVIEW_ROWS)
            return source, header, rows

        def done(found: tuple[SheetSource, list[str], list[list[str]]]) -> None:
            source, header, rows = found
            self.source = source
            self._show_preview(header, rows, detected=True)
            self._go(self.preview_page)

        self._background(work, done, self.tr("Läser filen…"))

    def _reread(self) -> None:
        if self.source is None:
            return
        source = self.source.with_options(
            self.encoding_combo.currentData(), self.delimiter_combo.currentData()
        )
        try:
            header, rows = reading.preview(source, PREVIEW_ROWS)
        except KvalitetError as exc:
            self.error.show_messages([str(exc)])
            # The choices go back to what the preview shows.
            self.encoding_combo.setCurrentIndex(self.encoding_combo.findData(self.source.encoding))
            self.delimiter_combo.setCurrentIndex(
                self.delimiter_combo.findData(self.source.delimiter)
            )
            return
        self.source = source
        self.error.show_messages([])
        self._show_preview(header, rows, detected=False)

    def _show_preview(self, header: list[str], rows: list[list[str]], *, detected: bool) -> None:
        source = self.source
        assert source is not None
        self.header = header
        is_csv = source.format is reading.SheetFormat.CSV
        self.encoding_combo.setEnabled(is_csv)
        self.delimiter_combo.setEnabled(is_csv)
        if is_csv:
            self.encoding_combo.setCurrentIndex(self.encoding_combo.findData(source.encoding))
            self.delimiter_combo.setCurrentIndex(self.delimiter_combo.findData(source.delimiter))
            if detected:
                self.detected_label.setText(
                    self.tr(
                        "Filen {name} verkar vara {encoding} med {delimiter} mellan värdena."
                    ).format(
                        name=source.name,
                        encoding=self.encoding_combo.currentText(),
                        delimiter=self.delimiter_combo.currentText(),
                    )
                )
        else:
            self.detected_label.setText(
                self.tr("Filen {name} är en Excel-arbetsbok; första arket läses.").format(
                    name=source.name
                )
            )
        table = self.preview_table
        table.clear()
        table.setColumnCount(len(header))
        table.setHorizontalHeaderLabels(header)
        table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, cell(text))
        table.resizeColumnsToContents()
        for column in range(table.columnCount()):
            table.setColumnWidth(column, min(table.columnWidth(column), 260))

    # --- step 3: the columns ---------------------------------------------------------------

    def _show_columns(self) -> None:
        """The columns as last time for a file of this layout, else suggested by name."""
        self.choices = imports.list_choices(self.ctx, self.target)
        remembered = from_remembered(
            imports.remembered_mapping(self.ctx, self.target.kind, layout_key(self.header)),
            self.target.kind,
            self.header,
        )
        chosen = remembered or ColumnMapping(
            self.target.kind, suggest(self.header, self.target.fields)
        )
        self.columns_page.fill(self.header, self.choices, chosen)

    def mapping(self) -> ColumnMapping:
        """The mapping as chosen on the pages so far."""
        return self.columns_page.mapping(self.values_page.values())

    # --- step 4 and 5: the values and the report -------------------------------------------

    def _check(self, *, first: bool) -> None:
        assert self.source is not None
        try:
            job = SheetImport(self.ctx, self.target, self.source, self.mapping())
        except KvalitetError as exc:
            self.error.show_messages([str(exc)])
            return
        progress = Progress()

        def done(report: ValidationReport) -> None:
            self.report = report
            if first and report.unknown_values and not report.file_problems:
                self._show_values(report)
                self._go(self.values_page)
            else:
                self._show_report(report)
                self._go(self.report_page)

        self._background(lambda: job.validate(progress), done, self.tr("Kontrollerar raderna…"))
        self.progress = progress
        self._poll.start()

    def _show_values(self, report: ValidationReport) -> None:
        self.values_page.fill(report, self.choices)
        if self.value_combos:
            next(iter(self.value_combos.values())).setFocus()

    def _show_report(self, report: ValidationReport) -> None:
        self.report_page.fill(report)

    # --- step 6: the import ----------------------------------------------------------------

    def _run(self) -> None:
        assert self.source is not None and self.report is not None
        try:
            job = SheetImport(self.ctx, self.target, self.source, self.mapping())
        except KvalitetError as exc:
            self.error.show_messages([str(exc)])
            return
        exclude = self.exclude_check.isChecked()
        progress = Progress(total=self.report.rows)
        self.progress = progress
        self.progress_bar.setRange(0, max(1, self.report.rows))
        self.progress_bar.setValue(0)
        self.run_label.setText(
            self.tr("Importerar {count} rader ur {name}…").format(
                count=self.report.new, name=self.source.name
            )
        )
        self._go(self.run_page)
        self._background(
            lambda: job.run(exclude_bad=exclude, progress=progress),
            self._imported,
            self.tr("Importerar…"),
        )
        self._poll.start()
        self._update_buttons()
        self.cancel_button.setFocus()  # enabled only now that the work runs

    def _imported(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        self.progress_bar.setValue(self.progress_bar.maximum())
        text = self.tr(
            "Importerade: {created} {noun}. Redan importerade rader som hoppades över: {skipped}."
        ).format(
            created=outcome.created,
            noun=marked(
                self.kind.nouns.one if outcome.created == 1 else self.kind.nouns.many,
                "RecordKind",
            ),
            skipped=outcome.skipped,
        )
        if outcome.closed:
            closed = self.tr("Av dem är {closed} avslutade, som i det tidigare systemet.")
            text += " " + closed.format(closed=outcome.closed)
        self.run_label.setText(text)
        self.close_button.setFocus()
        if self.on_imported is not None:
            self.on_imported()

    def cancel(self) -> None:
        """Stop the work under way; what it had written is rolled back."""
        if self.progress is not None:
            self.progress.cancel_requested = True
            self.cancel_button.setEnabled(False)

    def _show_progress(self) -> None:
        progress = self.progress
        if progress is None:
            return
        if self.pages.currentWidget() is self.run_page:
            self.progress_bar.setValue(min(progress.done, self.progress_bar.maximum()))
        else:
            self.status_label.setText(
                self.tr("Kontrollerar raderna… {done} lästa").format(done=progress.done)
            )

    # --- work off the UI thread ------------------------------------------------------------

    def _background(self, work: Callable[[], T], done: Callable[[T], None], text: str) -> None:
        from kvalitet_desktop.ui.operations import run_in_background

        self.busy = True
        self._update_buttons()

        def succeeded(value: T) -> None:
            self._finished()
            done(value)

        run_in_background(self, work, succeeded, self._failed, text, modal=False)

    def _finished(self) -> None:
        self.busy = False
        self._poll.stop()
        if self.pages.currentWidget() is not self.run_page:
            self.progress = None
        self.status_label.clear()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        if self.pages.currentWidget() is self.run_page:
            if isinstance(exc, ImportCancelled | ImportRefused):
                self.run_label.setText(str(exc))
            else:
                self.run_label.setText(self.tr("Importen misslyckades. Inget importerades."))
                show_failure(self, exc)
            self.progress_bar.setValue(0)
            self.close_button.setFocus()
            return
        if isinstance(exc, KvalitetError):
            self.error.show_messages([str(exc)])
        else:
            show_failure(self, exc)

    def reject(self) -> None:
        if self.busy:
            self.cancel()  # the work stops at its next batch and keeps nothing
        super().reject()


def open_import_wizard(
    parent: QWidget, ctx: Context, kind: str, on_imported: Callable[[], None] | None = None
) -> ImportWizard | None:
    try:
        wizard = ImportWizard(parent, ctx, kind, on_imported)
    except KvalitetError as exc:
        show_error(parent, exc)
        return None
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    wizard.open()
    return wizard
