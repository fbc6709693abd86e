"""Granskningslogg: every audit entry, filtered by user, record, period and event, read a page
at a time, and exported (XLSX or CSV) for the municipality's regular log review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import ValidationFailed
from kvalitet_desktop.services import audit_review
from kvalitet_desktop.services.audit_export import ExportFormat, ExportResult, export_log
from kvalitet_desktop.services.audit_review import AuditQuery
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ErrorLabel, plain_label, show_info
from kvalitet_desktop.ui.models.audit_table import KEYS, AuditTableModel, describe
from kvalitet_desktop.ui.operations import run_in_background
from kvalitet_desktop.ui.toolkit.fields import DateField

SEARCH_DELAY_MS = 300
WIDTHS = {"seq": 70, "at": 150, "user": 190, "action": 150, "entity": 150, "entity_id": 120}
FILE_FILTERS = {
    ExportFormat.XLSX: QT_TRANSLATE_NOOP("AuditLogView", "Excel-fil (*.xlsx)"),
    ExportFormat.CSV: QT_TRANSLATE_NOOP("AuditLogView", "CSV-fil för Excel, semikolon (*.csv)"),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditLogView", text)


def _choice_text(text: str) -> str:
    return QCoreApplication.translate(audit_review.CONTEXT, text)


class AuditLogView(QWidget):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        audit_review.require_review(ctx)
        self.model = AuditTableModel(ctx, self)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Allt som har hänt i databasen, senaste först: ändringar av poster, öppnade "
                "lex Sarah-ärenden, inloggningar, exporter, säkerhetskopior och nekade åtgärder."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(self._build_filters())
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_table())
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Vald händelse"))
        self.details.setPlaceholderText(self.tr("Välj en rad för att se hela händelsen."))
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_bottom())

        self.model.modelReset.connect(self._after_reset)
        self._after_reset()

    # --- building ------------------------------------------------------------------------

    def _labelled(
        self, grid: QGridLayout, row: int, column: int, text: str, field: QWidget
    ) -> None:
        label = QLabel(text)
        focus = field.focusProxy() or field  # a date field: its line edit
        label.setBuddy(focus)
        focus.setAccessibleName(plain_label(text))
        if focus is not field:
            field.setAccessibleName(plain_label(text))
        grid.addWidget(label, row, column)
        grid.addWidget(field, row, column + 1)

    def _build_filters(self) -> QGridLayout:
        options = audit_review.choices(self.ctx)
        grid = QGridLayout()
        self.user_combo = QComboBox()
        self.user_combo.addItem(self.tr("Alla användare"), None)
        for value, label in options.users:
            shown = (
                self.tr("Systemet (ingen inloggad)") if value == audit_review.SYSTEM_USER else label
            )
            self.user_combo.addItem(shown, value)
        self.action_combo = QComboBox()
        self.action_combo.addItem(self.tr("Alla händelser"), None)
        for value, label in options.actions:
            self.action_combo.addItem(_choice_text(label), value)
        self.entity_combo = QComboBox()
        self.entity_combo.addItem(self.tr("Alla posttyper"), None)
        for value, label in options.entities:
            self.entity_combo.addItem(_choice_text(label), value)
        self.record_edit = QLineEdit()
        self.record_edit.setPlaceholderText(self.tr("Hela eller en del av postens id"))
        self.record_edit.setClearButtonEnabled(True)
        self.date_from = DateField()
        self.date_to = DateField()
        self.newest_first = QCheckBox(self.tr("&Senaste först"))
        self.newest_first.setChecked(True)
        self.newest_first.setAccessibleName(self.tr("Senaste först"))
        self.clear_button = QPushButton(self.tr("&Rensa filter"))
        self.clear_button.setAccessibleName(self.tr("Rensa filter"))
        self.date_error = ErrorLabel()

        for combo in (self.user_combo, self.action_combo, self.entity_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(18)
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self._labelled(grid, 0, 0, self.tr("A&nvändare:"), self.user_combo)
        self._labelled(grid, 0, 2, self.tr("Hän&delse:"), self.action_combo)
        self._labelled(grid, 0, 4, self.tr("&Posttyp:"), self.entity_combo)
        self._labelled(grid, 1, 0, self.tr("Post-&id:"), self.record_edit)
        self._labelled(grid, 1, 2, self.tr("&Från:"), self.date_from)
        self._labelled(grid, 1, 4, self.tr("&Till:"), self.date_to)
        grid.addWidget(self.newest_first, 0, 6)
        grid.addWidget(self.clear_button, 1, 6)
        grid.addWidget(self.date_error, 2, 2, 1, 4)
        grid.setColumnStretch(7, 1)
        self.record_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.record_edit.returnPressed.connect(self.apply_filters)
        for field in (self.date_from, self.date_to):
            field.changed.connect(self._search_timer.start)
            field.edit.returnPressed.connect(self.apply_filters)
        self.newest_first.toggled.connect(self._order_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        return grid

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName(self.tr("Granskningslogg"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, key in enumerate(KEYS):
            if key in WIDTHS:
                header.resizeSection(column, WIDTHS[key])
        table.selectionModel().currentRowChanged.connect(
            lambda current, _p: self._show(current.row())
        )
        self.table = table
        return table

    def _build_bottom(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Antal händelser"))
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.xlsx_button = QPushButton(self.tr("Exportera till E&xcel…"))
        self.xlsx_button.setAccessibleName(self.tr("Exportera till Excel"))
        self.xlsx_button.clicked.connect(lambda: self.export(ExportFormat.XLSX))
        self.csv_button = QPushButton(self.tr("Exportera till &CSV…"))
        self.csv_button.setAccessibleName(self.tr("Exportera till CSV"))
        self.csv_button.clicked.connect(lambda: self.export(ExportFormat.CSV))
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.csv_button)
        return bar

    # --- filters -------------------------------------------------------------------------

    def current_query(self) -> AuditQuery | None:
        """The filter as typed; None (with a message at the date) while a date is not a date."""
        dates: list[date | None] = []
        problems = []
        for field, name in ((self.date_from, self.tr("Från")), (self.date_to, self.tr("Till"))):
            try:
                dates.append(field.date())
            except ValueError:
                dates.append(None)
                problems.append(
                    self.tr("{field}: skriv datumet som ÅÅÅÅ-MM-DD, t.ex. {example}.").format(
                        field=name, example=date.today().isoformat()
                    )
                )
        action = self.action_combo.currentData()
        query = AuditQuery(
            user_id=self.user_combo.currentData(),
            entity=self.entity_combo.currentData(),
            record=self.record_edit.text().strip() or None,
            date_from=dates[0],
            date_to=dates[1],
            actions=(action,) if action else (),
        )
        if not problems:
            try:
                query.validate()
            except ValidationFailed as exc:
                problems = [str(exc)]
        self.date_error.show_messages(problems)
        return None if problems else query

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query is not None:
            self.model.set_query(query)

    def clear_filters(self) -> None:
        self._search_timer.stop()
        for combo in (self.user_combo, self.action_combo, self.entity_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for edit in (self.record_edit, self.date_from.edit, self.date_to.edit):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.apply_filters()

    def _order_changed(self, newest_first: bool) -> None:
        order = Qt.SortOrder.DescendingOrder if newest_first else Qt.SortOrder.AscendingOrder
        self.model.sort(0, order)

    def activate(self) -> None:
        """Shown again: new entries may have been written meanwhile."""
        self.model.refresh()

    # --- reacting ------------------------------------------------------------------------

    def _after_reset(self) -> None:
        total = self.model.total()
        self.count_label.setText(
            self.tr("1 händelse") if total == 1 else self.tr("{n} händelser").format(n=total)
        )
        self.details.clear()
        for button in (self.xlsx_button, self.csv_button):
            button.setEnabled(total > 0)

    def _show(self, row: int) -> None:
        entry = self.model.entry(row)
        self.details.setPlainText("" if entry is None else describe(entry))

    # --- export --------------------------------------------------------------------------

    def choose_export_path(self, fmt: ExportFormat) -> Path | None:
        from kvalitet_desktop.ui.dialogs.pdf_preview import documents_folder

        suggested = documents_folder() / f"Granskningslogg {date.today().isoformat()}.{fmt.value}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Exportera granskningsloggen"),
            str(suggested),
            _tr(str(FILE_FILTERS[fmt])),
        )
        if not chosen:
            return None
        path = Path(chosen)
        return (
            path
            if path.suffix.lower() == f".{fmt.value}"
            else path.with_name(f"{path.name}.{fmt.value}")
        )

    def export(self, fmt: ExportFormat) -> None:
        query = self.current_query()
        if query is None:
            return
        target = self.choose_export_path(fmt)
        if target is None:
            return
        ctx = self.ctx

        def work() -> ExportResult:
            return export_log(ctx, query, target, fmt)

        def done(result: ExportResult) -> None:
            self.model.refresh()  # the export is itself a new entry
            show_info(
                self,
                self.tr("{n} händelser är exporterade till\n{path}").format(
                    n=result.rows, path=result.path
                ),
                self.tr("Granskningslogg"),
            )

        run_in_background(self, work, done, busy_text=self.tr("Exporterar granskningsloggen…"))
