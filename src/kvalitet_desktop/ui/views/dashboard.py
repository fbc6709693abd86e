"""Att göra: what needs the user's attention in their units, and a count per unit."""

from __future__ import annotations

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

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.roles import ORGANISATION_ADMINISTER
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import (
    ChecklistItem,
    Dashboard,
    DashboardSection,
    load_dashboard,
)
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.ui.operations import run_in_background
from kvalitet_desktop.ui.records import show_record_editor
from kvalitet_desktop.ui.widgets.overdue import OVERDUE_COLOUR, overdue_text
from kvalitet_desktop.ui.widgets.tables import read_only_table

_CONTEXT = "DashboardView"
ALERT_COLOUR = OVERDUE_COLOUR  # the same red as the overdue mark
# The page scrolls as a whole; a section's list and the unit table are as tall as their rows,
# so nothing scrolls inside something that scrolls.
ROW_PADDING = 4
SUBLINE_COLOUR = QColor("#555555")
SUBLINE_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_ROLE = Qt.ItemDataRole.UserRole + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


UNIT_HEADING = str(QT_TRANSLATE_NOOP(_CONTEXT, "Enhet"))


def item_subline(item: TodoItem, date_label: str | None) -> str:
    """The grey second line of a to-do row: unit, date and detail. A passed deadline carries
    the lists' overdue mark ("senast 2026-11-05 – försenad"), for every kind alike."""
    parts = [item.unit]
    if item.when:
        when = f"{date_label} {item.when.isoformat()}" if date_label else item.when.isoformat()
        parts.append(overdue_text(when) if item.overdue else when)
    elif item.overdue:
        parts.append(overdue_text(""))
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
            overdue = bool(index.data(OVERDUE_ROLE))
            painter.setPen(ALERT_COLOUR if overdue else SUBLINE_COLOUR)
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

    def __init__(self, section: DashboardSection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = section
        self.items: tuple[TodoItem, ...] = ()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.heading = QLabel(_tr(section.title))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        layout.addWidget(self.heading)

        self.list = QListWidget()
        self.list.setAccessibleName(_tr(section.title))
        self.list.setItemDelegate(TwoLineDelegate(self.list))
        self.list.setAlternatingRowColors(True)
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.activated.connect(self._activated)
        self.heading.setBuddy(self.list)
        self.empty_label = QLabel(_tr(section.empty))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setStyleSheet("color: #2e6b34; padding: 6px 2px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.empty_label)
        layout.addWidget(self.stack)
        layout.addStretch(1)
        self._row_height = TwoLineDelegate().sizeHint(self._option(), None).height()

    def _option(self) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.fontMetrics = self.list.fontMetrics()
        return option

    def set_section(self, section: DashboardSection) -> None:
        self.spec = section
        self.items = section.items
        shown, total = len(section.items), section.total
        count = (
            f"{total}"
            if shown == total
            else _tr("{shown} av {total}").format(shown=shown, total=total)
        )
        self.heading.setText(f"{_tr(self.spec.title)} ({count})")
        self.list.clear()
        date_label = _tr(section.date_label) if section.date_label else None
        for item in section.items:
            subline = item_subline(item, date_label)
            row = QListWidgetItem(item.title)
            row.setData(SUBLINE_ROLE, subline)
            row.setData(OVERDUE_ROLE, item.overdue)
            row.setData(Qt.ItemDataRole.UserRole, item.record_id)
            row.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.title}. {subline}")
            row.setToolTip(f"{item.title}\n{subline}")
            self.list.addItem(row)
        # As tall as its rows: the page scrolls, the list never does.
        self.list.setFixedHeight(self._row_height * max(1, shown) + 2 * self.list.frameWidth())
        self.stack.setCurrentWidget(self.list if shown else self.empty_label)
        self.stack.setFixedHeight(
            self.list.height() if shown else self.empty_label.sizeHint().height()
        )

    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.items):
            self.itemActivated.emit(self.items[index.row()])


class ChecklistWidget(QFrame):
    """ "Kom igång": the set-up steps of a new municipality, each done or not as the data says;
    the dashboard hides it once every step is done. Each step is a link (mouse or keyboard)
    to the page and place where it is done."""

    placeRequested = Signal(str, str)  # view key, place on that page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("ChecklistWidget { background: #eef4fb; }")
        self._layout = QVBoxLayout(self)
        self.heading = QLabel(_tr("Kom igång"))
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.heading.setFont(font)
        self._layout.addWidget(self.heading)
        self.rows: dict[str, QPushButton] = {}

    def set_items(self, items: tuple[ChecklistItem, ...]) -> None:
        for label in self.rows.values():
            label.deleteLater()
        self.rows = {}
        for item in items:
            state = _tr("Klart") if item.done else _tr("Att göra")
            where = QCoreApplication.translate(terms.TERMS_CONTEXT, item.where)
            text = _tr("{state}: {step} (under {where})").format(
                state=state, step=_tr(item.text), where=where
            )
            if item.left and not item.done:
                text += " – " + _tr("{count} kvar").format(count=item.left)
            row = QPushButton(("✓ " if item.done else "☐ ") + text)
            row.setFlat(True)
            row.setCursor(Qt.CursorShape.PointingHandCursor)
            row.setAccessibleName(text)
            row.setToolTip(_tr("Öppna {where}").format(where=where))
            colour = "#2e6b34" if item.done else "#0b4f8a"
            row.setStyleSheet(
                f"QPushButton {{ text-align: left; color: {colour}; border: none; padding: 2px; }}"
                "QPushButton:hover, QPushButton:focus { text-decoration: underline; }"
            )
            row.clicked.connect(
                lambda _c=False, view=item.view, place=item.place: self.placeRequested.emit(
                    view, place
                )
            )
            self._layout.addWidget(row)
            self.rows[item.key] = row
        self.setVisible(bool(items))


class DashboardView(QWidget):
    """The start page. Loads off the UI thread; ``loaded`` fires when the numbers are shown."""

    loaded = Signal()
    unitChosen = Signal(str)  # a unit row was activated: show that unit's åtgärder
    placeRequested = Signal(str, str)  # a "Kom igång" step: open its view (key) and place

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
        self.checklist = ChecklistWidget()
        self.checklist.placeRequested.connect(self.placeRequested)
        self.checklist.hide()
        body.addWidget(self.checklist)
        self.no_units_label = QLabel()
        self.no_units_label.setWordWrap(True)
        self.no_units_label.setStyleSheet("font-size: 11pt; padding: 12px 2px;")
        self.no_units_label.hide()
        body.addWidget(self.no_units_label)
        self.grid = QGridLayout()
        self.sections: dict[str, TodoSectionWidget] = {}
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(1, 1)
        body.addLayout(self.grid)

        self.units_heading = units_heading = QLabel(self.tr("Per enhet"))
        heading_font = units_heading.font()
        heading_font.setBold(True)
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.1)
        units_heading.setFont(heading_font)
        body.addWidget(units_heading)
        self.unit_table = read_only_table([_tr(UNIT_HEADING)], self.tr("Per enhet"), stretch=0)
        self.unit_table.activated.connect(self._unit_activated)
        body.addWidget(self.unit_table)
        body.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Att göra"))
        # The scroll area is no tab stop: Tab goes to the lists inside it.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area = scroll
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
        self._show_sections(dashboard)
        units = len(dashboard.units)
        self.subtitle.setText(
            self.tr("Idag {today} · {count} enheter").format(
                today=dashboard.today.isoformat(), count=units
            )
            if units != 1
            else self.tr("Idag {today} · 1 enhet").format(today=dashboard.today.isoformat())
        )
        self._fill_units(dashboard)
        self.checklist.set_items(dashboard.getting_started)
        self._show_no_units(not dashboard.units)
        self.loaded.emit()
        if self._reload:
            self.refresh()

    def _show_sections(self, dashboard: Dashboard) -> None:
        """Place every section (two columns, wide ones across both) the first time; later
        loads fill them again."""
        if not self.sections:
            place = 0
            for section in dashboard.sections:
                widget = TodoSectionWidget(section)
                widget.itemActivated.connect(self.open_item)
                self.sections[section.key] = widget
                if section.wide:
                    place += place % 2
                    self.grid.addWidget(widget, place // 2, 0, 1, 2)
                    place += 2
                else:
                    self.grid.addWidget(widget, place // 2, place % 2)
                    place += 1
        for section in dashboard.sections:
            shown = self.sections.get(section.key)
            if shown is not None:
                shown.set_section(section)
                shown.setVisible(section.shown)

    def _show_no_units(self, none: bool) -> None:
        """No units yet: "nothing overdue" would mislead; say what to set up instead."""
        if self.ctx.actor.can(ORGANISATION_ADMINISTER):
            text = self.tr("Inga enheter ännu – lägg upp enheter under {place}.").format(
                place=QCoreApplication.translate(terms.TERMS_CONTEXT, terms.ORGANISATION)
            )
        else:
            text = self.tr(
                "Du är inte kopplad till någon enhet ännu. Be administratören att ge dig "
                "en enhet under {place}."
            ).format(place=QCoreApplication.translate(terms.TERMS_CONTEXT, terms.ORGANISATION))
        self.no_units_label.setText(text)
        self.no_units_label.setVisible(none)
        shown = {s.key: s.shown for s in self.dashboard.sections} if self.dashboard else {}
        for key, widget in self.sections.items():
            widget.setVisible(not none and shown.get(key, True))
        self.units_heading.setVisible(not none)
        self.unit_table.setVisible(not none)

    def _fill_units(self, dashboard: Dashboard) -> None:
        table = self.unit_table
        table.setColumnCount(1 + len(dashboard.columns))
        table.setHorizontalHeaderLabels(
            [_tr(UNIT_HEADING), *(_tr(column.label) for column in dashboard.columns)]
        )
        table.setRowCount(len(dashboard.units))
        for row, unit in enumerate(dashboard.units):
            name = QTableWidgetItem(unit.unit)
            name.setData(Qt.ItemDataRole.UserRole, unit.unit_id)
            table.setItem(row, 0, name)
            for column, heading in enumerate(dashboard.columns, start=1):
                value = unit.counts.get(heading.key, 0)
                cell = QTableWidgetItem(str(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setData(Qt.ItemDataRole.UserRole, unit.unit_id)
                # Counts that need action (overdue, high risks without a measure): red if any.
                if value and heading.alert:
                    cell.setForeground(ALERT_COLOUR)
                    font = cell.font()
                    font.setBold(True)
                    cell.setFont(font)
                table.setItem(row, column, cell)
        # Every unit's row is shown: the page scrolls, the table does not.
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.resizeRowsToContents()
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        rows = rows or table.verticalHeader().defaultSectionSize()
        # Many kinds' columns may not fit the width: room for the horizontal scroll bar then.
        bar = table.horizontalScrollBar().sizeHint().height()
        wide = table.horizontalHeader().length() > table.viewport().width()
        table.setFixedHeight(
            table.horizontalHeader().sizeHint().height()
            + 2 * table.frameWidth()
            + rows
            + 2
            + (bar if wide else 0)
        )

    # --- opening -------------------------------------------------------------------------

    def open_item(self, item: TodoItem) -> None:
        show_record_editor(self, self.ctx, item.kind, item.record_id, on_saved=self.refresh)

    def _unit_activated(self, index: QModelIndex) -> None:
        cell = self.unit_table.item(index.row(), 0)
        if cell is not None:
            self.unitChosen.emit(str(cell.data(Qt.ItemDataRole.UserRole)))
