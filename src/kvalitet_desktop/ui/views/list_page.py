"""A list of riskanalyser, åtgärder, uppföljningar or lex Sarah-ärenden with search, filters
and paging in SQL.

Filters, sort order and column widths are remembered per list in the user's settings (not
with ``remember=False``: screenshots show every record in the default order).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.list_periods import ListPeriod, period_choices, period_of
from kvalitet_desktop.domain.record_kind import ReportScope, ReportSpec
from kvalitet_desktop.domain.roles import IMPORT, ORGANISATION_ADMINISTER
from kvalitet_desktop.services import exports, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.models.paged_table import PagedTableModel, display_value
from kvalitet_desktop.ui.operations import run_in_background
from kvalitet_desktop.ui.records import show_new_record_editor, show_record_editor
from kvalitet_desktop.ui.settings_store import app_settings

if TYPE_CHECKING:
    from kvalitet_desktop.ui.list_export import ListExportRun

SEARCH_DELAY_MS = 250
SAVE_WIDTHS_DELAY_MS = 400
_CONTEXT = "ListPage"


# Starting widths; the title column takes what is left of the window (at least TITLE_MIN).
# A deadline column has room for its date and the overdue mark ("2026-11-05 – försenad"); a
# cell that is still too narrow shows its whole text in its tooltip.
DEFAULT_WIDTHS = {
    "unit": 150,
    "status": 120,
    "trigger": 130,
    "leader": 120,
    "events": 80,
    "max_score": 120,
    "decided_on": 90,
    "follow_up_on": 170,
    "responsible": 140,
    "due_date": 170,
    "completed_on": 90,
    "planned_on": 90,
    "performed_on": 90,
    "effect": 90,
    "outcome": 110,
    "number": 95,
    "category": 140,
    "seriousness": 140,
    "investigator": 120,
    "reported_at": 165,
    "start_due": 165,
    "finish_due": 170,
    "ivo_investigation_due": 180,
}
TITLE_MIN = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def _noun(text: str) -> str:
    return QCoreApplication.translate("RecordKind", text)


def count_text(kind: str, shown: int, total: int | None = None) -> str:
    """ "1 åtgärd", "123 åtgärder", or with a filter "12 av 123 åtgärder"."""
    nouns = registry.kind(kind).nouns
    noun = _noun(nouns.one) if (total if total is not None else shown) == 1 else _noun(nouns.many)
    if total is None:
        return f"{shown} {noun}"
    return _tr("{shown} av {total} {noun}").format(shown=shown, total=total, noun=noun)


class ListPage(QWidget):
    """The list of one record kind (a registry key) as a filterable table."""

    recordOpened = Signal(str)

    def __init__(
        self, ctx: Context, kind: str, parent: QWidget | None = None, *, remember: bool = True
    ) -> None:
        """``remember=False`` neither restores nor saves filters, sort order and widths."""
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_kind = registry.kind(kind)
        self._remember = remember
        self._settings_group = f"lists/{kind}"
        self.model = PagedTableModel(ctx, kind, self)
        self._restoring = True

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._widths_timer = QTimer(self, singleShot=True, interval=SAVE_WIDTHS_DELAY_MS)
        self._widths_timer.timeout.connect(self._save_widths)
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self._fit_title_width)

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_filter_bar())
        self.stack = QStackedWidget()
        self.table = self._build_table()
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #555; font-size: 11pt; padding: 24px;")
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_bottom_bar())

        self._restore_state()
        self.model.modelReset.connect(self._after_reset)
        self._after_reset()
        self._restoring = False

    # --- building ------------------------------------------------------------------------

    def _build_filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        search_label = QLabel(self.tr("&Sök:"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Rubrik eller enhet"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Sök"))
        self.search.setMinimumWidth(140)
        search_label.setBuddy(self.search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)

        status_label = QLabel(self.tr("S&tatus:"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Status"))
        self.status_combo.addItem(self.tr("Alla"), None)
        for status in self.model.spec.statuses:
            self.status_combo.addItem(display_value("status", status), status)
        status_label.setBuddy(self.status_combo)

        unit_label = QLabel(self.tr("&Enhet:"))
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(self.tr("Enhet"))
        # Long unit names must not make the whole window wide: the popup still shows them.
        self.unit_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unit_combo.setMinimumContentsLength(16)
        self.unit_combo.addItem(self.tr("Alla enheter"), None)
        for unit in organisation.units(self.ctx):
            self.unit_combo.addItem(unit.name, unit.id)
        unit_label.setBuddy(self.unit_combo)

        self.period_label = QLabel(self.tr("&Period:"))
        self.period_combo = QComboBox()
        self.period_combo.setAccessibleName(self.tr("Period"))
        self._fill_periods()
        self.period_label.setBuddy(self.period_combo)

        self.archived_check = QCheckBox(self.tr("Visa &makulerade"))
        self.archived_check.setAccessibleName(self.tr("Visa makulerade"))

        self.status_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.period_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.archived_check.toggled.connect(lambda _on: self.apply_filters())

        for widget in (search_label, self.search, status_label, self.status_combo, unit_label):
            bar.addWidget(widget)
        bar.addWidget(self.unit_combo)
        if self.model.spec.main_date is not None:
            bar.addWidget(self.period_label)
            bar.addWidget(self.period_combo)
        else:  # the list cannot be limited by date
            self.period_label.hide()
            self.period_combo.hide()
        bar.addWidget(self.archived_check)
        bar.addStretch(1)
        return bar

    def _fill_periods(self) -> None:
        """Every date, the recent spans and the years the list holds; the tooltip names the
        date the period is chosen on ("Inträffade")."""
        from kvalitet_desktop.services import listing

        main_date = self.model.spec.main_date
        try:
            span = listing.date_span(self.ctx, self.kind) if main_date else None
        except KvalitetError:  # a file that cannot be read: the list's own read tells it
            span = None
        first, last = span if span else (None, None)
        for period in period_choices(date.today(), first, last):
            self.period_combo.addItem(
                QCoreApplication.translate("ListPeriods", period.label), period.key
            )
        if main_date is not None:
            heading = (
                self.model.headerData(
                    self.model.columns.index(main_date), Qt.Orientation.Horizontal
                )
                if main_date in self.model.columns
                else None
            )
            if heading:
                tip = self.tr("Visar det som har datum under ”{heading}” inom perioden.")
                self.period_combo.setToolTip(tip.format(heading=heading))
                self.period_combo.setAccessibleDescription(tip.format(heading=heading))

    def _chosen_period(self) -> ListPeriod:
        return period_of(str(self.period_combo.currentData() or ""), date.today())

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        many = _noun(self.record_kind.nouns.many)
        table.setAccessibleName(many[:1].upper() + many[1:])
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.sectionResized.connect(self._column_resized)
        header.sortIndicatorChanged.connect(self._sort_changed)
        table.activated.connect(self._open_index)
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return table

    def _build_bottom_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setAccessibleName(self.tr("Antal"))
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.open_button = QPushButton(self.tr("Ö&ppna"))
        self.open_button.setAccessibleName(self.tr("Öppna"))
        self.open_button.clicked.connect(self.open_selected)
        bar.addWidget(self.open_button)
        self.export_button: QPushButton | None = None
        self._export_run: ListExportRun | None = None
        if exports.may_export(self.ctx):
            self.export_button = QPushButton(self.tr("E&xportera…"))
            self.export_button.setAccessibleName(self.tr("Exportera"))
            self.export_button.setToolTip(
                self.tr("Spara listan som den visas (filter och sortering) som Excel eller CSV")
            )
            self.export_button.clicked.connect(self.export_list)
            bar.addWidget(self.export_button)
        kind = self.record_kind
        self.import_button: QPushButton | None = None
        if kind.importer and self.ctx.actor.can(IMPORT):
            self.import_button = QPushButton(self.tr("&Importera…"))
            self.import_button.setAccessibleName(self.tr("Importera"))
            self.import_button.clicked.connect(self.import_records)
            bar.addWidget(self.import_button)
        self.new_button: QPushButton | None = None
        self.print_button: QPushButton | None = None
        permission = kind.create_action
        if kind.create_label and (permission is None or self.ctx.actor.can(permission)):
            label = _noun(kind.create_label)
            self.new_button = QPushButton(_with_mnemonic(label))
            self.new_button.setAccessibleName(label)
            self.new_button.clicked.connect(self.new_record)
            bar.addWidget(self.new_button)
        for report in kind.reports:
            if report.scope is ReportScope.UNITS:
                label = self.tr("Skriv ut {report}").format(report=_noun(report.title).lower())
                button = QPushButton(label.replace("ut ", "&ut ", 1))
                button.setAccessibleName(label)
                button.clicked.connect(lambda _c=False, r=report: self.print_unit_report(r))
                bar.addWidget(button)
                self.print_button = self.print_button or button
        return bar

    # --- filters and state ---------------------------------------------------------------

    def apply_filters(self) -> None:
        self._search_timer.stop()
        period = self._chosen_period()
        self.model.set_filter(
            status=self.status_combo.currentData(),
            unit_id=self.unit_combo.currentData(),
            text=self.search.text(),
            include_archived=self.archived_check.isChecked(),
            date_from=period.start,
            date_to=period.end,
        )
        if not self._restoring:
            self._save_filters()

    def set_unit_filter(self, unit_id: str | None) -> None:
        index = self.unit_combo.findData(unit_id)
        self.unit_combo.setCurrentIndex(max(0, index))

    def refresh(self) -> None:
        """Read the list again, keeping the scroll position and the selected record."""
        rows = self.table.selectionModel().selectedRows()
        selected = self.model.record_id(rows[0].row()) if rows else None
        scroll = self.table.verticalScrollBar().value()
        self.model.refresh()
        self.table.verticalScrollBar().setValue(scroll)
        if selected is not None:
            self._reselect(selected)

    def _reselect(self, record_id: str) -> None:
        """Select ``record_id`` again if it is among the rows on screen (no extra pages)."""
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(self.table.viewport().height() - 1)
        last = self.model.rowCount() - 1 if last < 0 else last
        for row in range(first, last + 1):
            if self.model.record_id(row) == record_id:
                self.table.selectRow(row)
                return

    def activate(self) -> None:
        """Called when the page is shown again: records may have changed meanwhile."""
        self.refresh()

    def _remembered(self) -> dict[str, Any]:
        """This list's remembered state (nothing when not remembering)."""
        if not self._remember:
            return {}
        settings = app_settings()
        settings.beginGroup(self._settings_group)
        state = {key: settings.value(key) for key in settings.childKeys()}
        settings.endGroup()
        return state

    def _remember_values(self, **values: Any) -> None:
        if not self._remember:
            return
        settings = app_settings()
        settings.beginGroup(self._settings_group)
        for key, value in values.items():
            settings.setValue(key, value)
        settings.endGroup()

    def _restore_state(self) -> None:
        state = self._remembered()
        self.search.setText(str(state.get("text") or ""))
        status = state.get("status") or None
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(status)))
        unit_id = state.get("unit_id") or None
        self.unit_combo.setCurrentIndex(max(0, self.unit_combo.findData(unit_id)))
        period = period_of(str(state.get("period") or ""), date.today()).key
        self.period_combo.setCurrentIndex(max(0, self.period_combo.findData(period)))
        self.archived_check.setChecked(_as_bool(state.get("archived", False)))
        sort_key = str(state.get("sort") or "")
        descending = _as_bool(state.get("descending", False))
        widths = _as_ints(state.get("widths", []))
        self.apply_filters()

        header = self.table.horizontalHeader()
        self._fit_widths_on_show = len(widths) != len(self.model.columns)
        for column, key in enumerate(self.model.columns):
            width = widths[column] if not self._fit_widths_on_show and widths[column] > 20 else None
            header.resizeSection(column, width or self._default_width(key))
        if (
            sort_key not in self.model.columns
            and self.model.spec.default_sort in self.model.columns
        ):
            sort_key = self.model.spec.default_sort
            descending = self.model.spec.default_descending
        column = self.model.columns.index(sort_key) if sort_key in self.model.columns else -1
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)
        # Enabling sorting sorts once by the indicator (in SQL); -1 keeps the default order.
        self.table.setSortingEnabled(True)

    def _save_filters(self) -> None:
        self._remember_values(
            text=self.search.text(),
            status=self.status_combo.currentData() or "",
            unit_id=self.unit_combo.currentData() or "",
            period=self.period_combo.currentData() or "",
            archived=self.archived_check.isChecked(),
        )

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if self._restoring or not 0 <= column < len(self.model.columns):
            return
        self._remember_values(
            sort=self.model.columns[column],
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def _column_resized(self, *_args: Any) -> None:
        if not self._restoring:
            self._widths_timer.start()

    def _save_widths(self) -> None:
        header = self.table.horizontalHeader()
        self._remember_values(widths=[header.sectionSize(c) for c in range(header.count())])

    def save_state(self) -> None:
        """Write pending column widths now (the window is closing)."""
        if self._widths_timer.isActive():
            self._widths_timer.stop()
            self._save_widths()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._fit_widths_on_show:
            self._fit_widths_on_show = False
            # After the layout has given the table its real width.
            self._fit_timer.start()

    def _default_width(self, key: str) -> int:
        return self.model.spec.widths.get(key) or DEFAULT_WIDTHS.get(key, TITLE_MIN)

    def _fit_title_width(self) -> None:
        """First time (no saved widths): let the title use the room the other columns leave."""
        if "title" not in self.model.columns:
            return
        header = self.table.horizontalHeader()
        title = self.model.columns.index("title")
        # The defaults, not the current sizes: the last column is stretched to fill.
        others = sum(self._default_width(k) for k in self.model.columns if k != "title")
        room = self.table.viewport().width() - others
        self._restoring = True
        header.resizeSection(title, max(TITLE_MIN, room))
        self._restoring = False

    def hideEvent(self, event: Any) -> None:
        self.save_state()
        super().hideEvent(event)

    # --- reacting ------------------------------------------------------------------------

    def _after_reset(self) -> None:
        shown = self.model.total()
        if self.model.has_filter():
            from kvalitet_desktop.services import listing

            total = listing.count(self.ctx, self.kind, listing.ListQuery())
            self.count_label.setText(count_text(self.kind, shown, total))
        else:
            total = shown
            self.count_label.setText(count_text(self.kind, shown))
        if shown:
            self.stack.setCurrentWidget(self.table)
        else:
            if total:
                self.empty_label.setText(
                    self.tr("Inget matchar filtret. Ändra sökningen eller välj ”Alla”.")
                )
            else:
                self.empty_label.setText(_noun(self.record_kind.nouns.empty))
            self.stack.setCurrentWidget(self.empty_label)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.table.selectionModel().hasSelection())

    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    def _open_index(self, index: QModelIndex) -> None:
        record_id = self.model.record_id(index.row())
        if record_id is None:
            return
        self.recordOpened.emit(record_id)
        show_record_editor(self, self.ctx, self.kind, record_id, on_saved=self.refresh)

    def new_record(self) -> None:
        if explain_missing_units(self, self.ctx, self.kind):
            return
        show_new_record_editor(self, self.ctx, self.kind, on_saved=self.refresh)

    def export_list(self) -> ListExportRun | None:
        """The rows the list shows (its filter and sort, every page) to an XLSX or CSV file."""
        from kvalitet_desktop.ui.list_export import export_shown_list

        if self._export_run is not None and self._export_run.running:
            return None  # one export at a time
        run = export_shown_list(self, self.ctx, self.kind, self.model.query)
        self._export_run = run
        return run

    def import_records(self) -> None:
        """The import wizard for this kind; the list is read again after an import."""
        from kvalitet_desktop.ui.dialogs.import_wizard import open_import_wizard

        open_import_wizard(self, self.ctx, self.kind, on_imported=self.refresh)

    def print_unit_report(self, report: ReportSpec) -> None:
        """A report over the unit chosen in the filter (or every visible unit) as a PDF."""
        ctx = self.ctx
        unit_id = self.unit_combo.currentData()
        unit_name = self.unit_combo.currentText() if unit_id else self.tr("alla enheter")
        title = _noun(report.title)

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report
            from kvalitet_desktop.services.report_data import build_report

            return render_report(build_report(ctx, report.key, unit_id=unit_id))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            stem = f"{title} {unit_name} {date.today().isoformat()}"
            source = ReportSource(ctx, report.key, unit_id=unit_id)
            show_pdf(self, pdf, f"{title} – {unit_name}", stem, source)

        run_in_background(
            self, build, show, busy_text=self.tr("Skapar {report}…").format(report=title.lower())
        )


def explain_missing_units(parent: QWidget, ctx: Context, kind: str) -> bool:
    """Every record belongs to a unit: with none yet, say where to create one instead of
    opening an editor that cannot be saved. True if the user was told."""
    if organisation.units(ctx):
        return False
    from kvalitet_desktop.domain import terms
    from kvalitet_desktop.ui.dialogs.common import show_info

    one = _noun(registry.kind(kind).nouns.one)
    place = QCoreApplication.translate(terms.TERMS_CONTEXT, terms.ORGANISATION)
    if ctx.actor.can(ORGANISATION_ADMINISTER):
        how = _tr("Lägg upp enheten under {place} först.").format(place=place)
    else:
        how = _tr("Be administratören att lägga upp den under {place}.").format(place=place)
    show_info(
        parent,
        _tr("Det finns ingen enhet ännu. En {one} hör alltid till en enhet.").format(one=one)
        + " "
        + how,
        _tr("Ingen enhet"),
    )
    return True


def _with_mnemonic(label: str) -> str:
    return "&" + label


def _as_bool(value: object) -> bool:
    # INI files give booleans back as the strings "true"/"false".
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


def _as_ints(value: object) -> list[int]:
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, list | tuple):
        return []
    result = []
    for item in value:
        try:
            result.append(int(item))
        except (TypeError, ValueError):
            return []
    return result
