"""Att göra: what needs the user's attention in their units, and a count per unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import Dashboard, load_dashboard
from kvalitet_desktop.services.todo import TodoItem, TodoSection
from kvalitet_desktop.ui.operations import run_in_background
from kvalitet_desktop.ui.views import show_record_editor
from kvalitet_desktop.ui.widgets.tables import read_only_table

_CONTEXT = "DashboardView"
ALERT_COLOUR = QColor("#b00020")
ROWS_SHOWN = 4  # a section shows this many rows before it scrolls
ROW_PADDING = 4
SUBLINE_COLOUR = QColor("#555555")
SUBLINE_ROLE = Qt.ItemDataRole.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


@dataclass(frozen=True)
class SectionSpec:
    attribute: str  # the Dashboard field
    title: str
    empty: str
    date_header: str | None


SECTIONS = (
    SectionSpec(
        "overdue_measures",
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Försenade åtgärder")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Inget försenat – bra!")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "klart senast")),
    ),
    SectionSpec(
        "follow_ups_due",
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningar inom 14 dagar")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Inga uppföljningar de närmaste 14 dagarna.")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "planerad")),
    ),
    SectionSpec(
        "undecided_analyses",
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalyser utan beslut")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Alla riskanalyser är beslutade.")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "påbörjad")),
    ),
    SectionSpec(
        "high_risks_without_measure",
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Höga risker utan åtgärd")),
        str(QT_TRANSLATE_NOOP(_CONTEXT, "Alla höga risker har en åtgärd.")),
        None,
    ),
)
# Shown only to those who may see lex Sarah cases (the handlers, and investigators with cases).
LEX_SARAH_SECTION = SectionSpec(
    "lex_sarah_due",
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah – tidsfrister")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Inga tidsfrister för lex Sarah-ärenden de närmaste dagarna.")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "senast")),
)
UNIT_COLUMNS = (
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Enhet")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Pågående åtgärder")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Försenade")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningar inom 14 dagar")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Utan beslut")),
    str(QT_TRANSLATE_NOOP(_CONTEXT, "Höga risker")),
)


def item_subline(item: TodoItem, date_label: str | None) -> str:
    """The grey second line of a to-do row: unit, date and detail."""
    parts = [item.unit]
    if date_label and item.when:
        parts.append(f"{date_label} {item.when.isoformat()}")
    if item.detail:
        parts.append(item.detail)
    return " · ".join(parts)


class TwoLineDelegate(QStyledItemDelegate):
    """Title on the first line, the grey sub-line (``SUBLINE_ROLE``) under it; both elided."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:
        height = option.fontMetrics.height()
        return QSize(200, 2 * height + 3 * ROW_PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        title, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(ROW_PADDING + 2, ROW_PADDING, -ROW_PADDING, -ROW_PADDING)
        line = opt.fontMetrics.height()
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.setPen(opt.palette.color(role))
        first = QRect(rect.left(), rect.top(), rect.width(), line)
        metrics = QFontMetrics(bold)
        painter.drawText(
            first,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, first.width()),
        )
        painter.setFont(opt.font)
        if not selected:
            painter.setPen(SUBLINE_COLOUR)
        second = QRect(rect.left(), rect.top() + line + ROW_PADDING, rect.width(), line)
        subline = str(index.data(SUBLINE_ROLE) or "")
        painter.drawText(
            second,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            opt.fontMetrics.elidedText(subline, Qt.TextElideMode.ElideRight, second.width()),
        )
        painter.restore()


class TodoSectionWidget(QFrame):
    """One heading with a count and either a compact two-line list or its empty-state text."""

    itemActivated = Signal(object)  # TodoItem

    def __init__(self, spec: SectionSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.items: tuple[TodoItem, ...] = ()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.heading = QLabel(_tr(spec.title))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        self.list = QListWidget()
        self.list.setAccessibleName(_tr(spec.title))
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._activated)
        self.heading.setBuddy(self.list)
        self.empty_label = QLabel(_tr(spec.empty))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setStyleSheet("color: #2e6b34; padding: 6px 2px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack)
        layout.addStretch(1)
        row = TwoLineDelegate().sizeHint(self._option(), None).height()
        self.stack.setFixedHeight(row * ROWS_SHOWN + 2 * self.list.frameWidth() + 2)

    def _option(self) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.fontMetrics = self.list.fontMetrics()
        return option

    def set_section(self, section: TodoSection) -> None:
        self.items = section.items
        shown, total = len(section.items), section.total
        count = (
            f"{total}"
            if shown == total
            else _tr("{shown} av {total}").format(shown=shown, total=total)
        )
        self.heading.setText(f"{_tr(self.spec.title)} ({count})")
        self.list.clear()
        date_label = _tr(self.spec.date_header) if self.spec.date_header else None
        for item in section.items:
            subline = item_subline(item, date_label)
            row = QListWidgetItem(item.title)
            row.setData(SUBLINE_ROLE, subline)
            row.setData(Qt.ItemDataRole.UserRole, item.record_id)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.title}. {subline}")
            row.setToolTip(f"{item.title}\n{subline}")
            self.list.addItem(row)
        self.stack.setCurrentWidget(self.list if shown else self.empty_label)

    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.items):
            self.itemActivated.emit(self.items[index.row()])


class DashboardView(QWidget):
    """The start page. Loads off the UI thread; ``loaded`` fires when the numbers are shown."""

    loaded = Signal()
    unitChosen = Signal(str)  # a unit row was activated: show that unit's åtgärder

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dashboard: Dashboard | None = None
        self._loading = False
        self._reload = False

        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        title = QLabel(self.tr("Att göra"))
        title_font = QFont(title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        title.setFont(title_font)
        top.addWidget(title)
        self.subtitle = QLabel(self.tr("Hämtar…"))
        self.subtitle.setStyleSheet("color: #555;")
        top.addWidget(self.subtitle, 1, Qt.AlignmentFlag.AlignBottom)
        self.refresh_button = QPushButton(self.tr("&Uppdatera"))
        self.refresh_button.setAccessibleName(self.tr("Uppdatera"))
        self.refresh_button.setToolTip(self.tr("Hämta listorna igen (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        outer.addLayout(top)

        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        grid = QGridLayout()
        self.sections: dict[str, TodoSectionWidget] = {}
        for number, spec in enumerate(SECTIONS):
            section = TodoSectionWidget(spec)
            section.itemActivated.connect(self.open_item)
            self.sections[spec.attribute] = section
            grid.addWidget(section, number // 2, number % 2)
        self.lex_sarah_section = TodoSectionWidget(LEX_SARAH_SECTION)
        self.lex_sarah_section.itemActivated.connect(self.open_item)
        self.lex_sarah_section.setVisible(self._may_see_lex_sarah())
        grid.addWidget(self.lex_sarah_section, (len(SECTIONS) + 1) // 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        body.addLayout(grid)

        units_heading = QLabel(self.tr("Per enhet"))
        heading_font = units_heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.1)
        units_heading.setFont(heading_font)
        body.addWidget(units_heading)
        self.unit_table = read_only_table(
            [_tr(c) for c in UNIT_COLUMNS], self.tr("Per enhet"), stretch=0
        )
        self.unit_table.activated.connect(self._unit_activated)
        body.addWidget(self.unit_table)
        body.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.refresh()

    # --- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._loading:
            self._reload = True  # something changed while loading: load again afterwards
            return
        self._loading = True
        self._reload = False
        ctx = self.ctx
        run_in_background(
            self,
            lambda: load_dashboard(ctx),
            self.show_dashboard,
            self._failed,
            busy_text=self.tr("Hämtar att göra…"),
            modal=False,
        )

    def activate(self) -> None:
        """Called when the page is shown again: records may have changed meanwhile."""
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        from kvalitet_desktop.ui.operations import show_failure

        self._loading = False
        self.subtitle.setText(self.tr("Listorna kunde inte hämtas."))
        show_failure(self, exc)

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self._loading = False
        self.dashboard = dashboard
        for spec in SECTIONS:
            self.sections[spec.attribute].set_section(getattr(dashboard, spec.attribute))
        self.lex_sarah_section.set_section(dashboard.lex_sarah_due)
        self.lex_sarah_section.setVisible(
            self._may_see_lex_sarah() or dashboard.lex_sarah_due.total > 0
        )
        units = len(dashboard.units)
        self.subtitle.setText(
            self.tr("Idag {today} · {count} enheter").format(
                today=dashboard.today.isoformat(), count=units
            )
            if units != 1
            else self.tr("Idag {today} · 1 enhet").format(today=dashboard.today.isoformat())
        )
        self._fill_units(dashboard)
        self.loaded.emit()
        if self._reload:
            self.refresh()

    def _fill_units(self, dashboard: Dashboard) -> None:
        table = self.unit_table
        table.setRowCount(len(dashboard.units))
        for row, unit in enumerate(dashboard.units):
            values = (
                unit.open_measures,
                unit.overdue_measures,
                unit.follow_ups_due,
                unit.undecided_analyses,
                unit.high_risks,
            )
            name = QTableWidgetItem(unit.unit)
            name.setData(Qt.ItemDataRole.UserRole, unit.unit_id)
            table.setItem(row, 0, name)
            for column, value in enumerate(values, start=1):
                cell = QTableWidgetItem(str(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setData(Qt.ItemDataRole.UserRole, unit.unit_id)
                # Overdue measures and high risks without a measure need action: red if any.
                if value and column in (2, 5):
                    cell.setForeground(ALERT_COLOUR)
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                table.setItem(row, column, cell)
        height = table.verticalHeader().defaultSectionSize()
        rows = max(1, min(len(dashboard.units), 12))
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + 2 * table.frameWidth()
            + height * rows
            + 2
        )

    def _may_see_lex_sarah(self) -> bool:
        from kvalitet_desktop.services import lexsarah

        return lexsarah.may_handle(self.ctx)

    # --- opening -------------------------------------------------------------------------

    def open_item(self, item: TodoItem) -> None:
        show_record_editor(self, self.ctx, item.kind, item.record_id, on_saved=self.refresh)

    def _unit_activated(self, index: QModelIndex) -> None:
        cell = self.unit_table.item(index.row(), 0)
        if cell is not None:
            self.unitChosen.emit(str(cell.data(Qt.ItemDataRole.UserRole)))
