"""The Egenkontroll page: a unit's plan for a year with plan versus done, and below it the list
of every scheduled and performed check."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.operations import run_in_background
from kvalitet_desktop.ui.toolkit.fields import help_label
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.ui.widgets.tables import read_only_table
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import FIRST_YEAR, LAST_YEAR
from kvalitet_desktop.workflows.selfinspection.kind import KEY, PLAN, PLAN_REPORT


class SelfInspectionPage(QWidget):
    def __init__(
        self, ctx: Context, parent: QWidget | None = None, *, remember: bool = True
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[service.PlanItemView] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Egenkontroll"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        top.addWidget(heading)
        top.addStretch(1)
        unit_label = QLabel(self.tr("&Enhet:"))
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName(self.tr("Enhet för planen"))
        for unit in organisation.units(ctx):
            self.unit_combo.addItem(unit.name, unit.id)
        unit_label.setBuddy(self.unit_combo)
        year_label = QLabel(self.tr("Å&r:"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_spin.setValue(date.today().year)
        self.year_spin.setAccessibleName(self.tr("År för planen"))
        year_label.setBuddy(self.year_spin)
        for widget in (unit_label, self.unit_combo, year_label, self.year_spin):
            top.addWidget(widget)
        layout.addLayout(top)

        plan_box = QGroupBox(self.tr("Egenkontrollplan"))
        plan_layout = QVBoxLayout(plan_box)
        plan_layout.addWidget(
            help_label(
                self.tr(
                    "Planen säger vad som kontrolleras, hur, hur ofta och av vem. Varje punkt "
                    "planerar kontroller under året; de syns i listan nedan och på startsidan "
                    "när de ska göras."
                )
            )
        )
        self.plan_table = read_only_table(
            [
                self.tr("Vad kontrolleras"),
                self.tr("Metod"),
                self.tr("Hur ofta"),
                self.tr("Ansvarig"),
                self.tr("Checklista"),
                self.tr("Planerade"),
                self.tr("Gjorda"),
                self.tr("Försenade"),
            ],
            self.tr("Egenkontrollplan"),
            stretch=4,
        )
        # Enter, or a double click where the platform activates on it.
        self.plan_table.activated.connect(lambda index: self.edit_item(index.row()))
        self.plan_empty = help_label(self.tr("Enheten har ingen egenkontrollplan för året."))
        self.plan_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.plan_stack = QStackedWidget()
        self.plan_stack.addWidget(self.plan_table)
        self.plan_stack.addWidget(self.plan_empty)
        plan_layout.addWidget(self.plan_stack, 1)
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Plan och utfall"))
        bottom.addWidget(self.summary, 1)
        self.new_button = QPushButton(self.tr("&Ny punkt i planen…"))
        self.new_button.setAccessibleName(self.tr("Ny punkt i planen"))
        self.new_button.clicked.connect(self.new_item)
        self.new_button.setVisible(ctx.actor.can(PLAN))
        bottom.addWidget(self.new_button)
        self.print_button = QPushButton(self.tr("Skriv &ut egenkontrollplan"))
        self.print_button.setAccessibleName(self.tr("Skriv ut egenkontrollplan"))
        self.print_button.clicked.connect(self.print_plan)
        bottom.addWidget(self.print_button)
        plan_layout.addLayout(bottom)

        self.checks = ListPage(ctx, KEY, remember=remember)
        checks_box = QGroupBox(self.tr("Kontroller"))
        checks_layout = QVBoxLayout(checks_box)
        checks_layout.setContentsMargins(4, 4, 4, 4)
        checks_layout.addWidget(self.checks)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(plan_box)
        splitter.addWidget(checks_box)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 420])
        layout.addWidget(splitter, 1)

        self.unit_combo.currentIndexChanged.connect(self.refresh_plan)
        self.year_spin.valueChanged.connect(self.refresh_plan)
        self.checks.model.modelReset.connect(self.refresh_plan)
        self.refresh_plan()

    # --- content -------------------------------------------------------------------------

    def unit_id(self) -> str | None:
        value = self.unit_combo.currentData()
        return value if isinstance(value, str) else None

    def refresh_plan(self) -> None:
        unit_id = self.unit_id()
        self.new_button.setEnabled(unit_id is not None)
        self.print_button.setEnabled(unit_id is not None)
        if unit_id is None:
            self.items = []
            self.summary.setText(self.tr("Ingen enhet att visa."))
            self.plan_stack.setCurrentWidget(self.plan_empty)
            return
        try:
            plan = service.plan_versus_done(self.ctx, unit_id, self.year_spin.value())
        except KvalitetError as error:
            self.items = []
            self.summary.setText(str(error))
            return
        self.items = list(plan.items)
        table = self.plan_table
        table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            values = (
                item.title,
                item.method,
                item.frequency.value,
                item.responsible_name or "–",
                item.form_title,
                str(item.tally.planned),
                str(item.tally.done),
                str(item.tally.overdue),
            )
            for column, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text if len(text) > 30 else "")
                table.setItem(row, column, cell)
        self.plan_stack.setCurrentWidget(table if self.items else self.plan_empty)
        total = plan.total
        if total.planned:
            self.summary.setText(
                self.tr(
                    "{year}: {done} av {planned} kontroller gjorda ({share} %), {late} försenade."
                ).format(
                    year=plan.year,
                    done=total.done,
                    planned=total.planned,
                    share=total.done_share,
                    late=total.overdue,
                )
            )
        else:
            self.summary.setText(
                self.tr("{year}: inga kontroller planerade.").format(year=plan.year)
            )

    def refresh(self) -> None:
        self.checks.refresh()
        self.refresh_plan()

    def activate(self) -> None:
        self.refresh()

    def save_state(self) -> None:
        self.checks.save_state()

    # --- actions -------------------------------------------------------------------------

    def new_item(self) -> None:
        self._open_item(None)

    def edit_item(self, row: int) -> None:
        if 0 <= row < len(self.items) and self.ctx.actor.can(PLAN):
            self._open_item(self.items[row].id)

    def _open_item(self, item_id: str | None) -> None:
        from kvalitet_desktop.workflows.selfinspection.ui.plan_dialog import PlanItemDialog

        unit_id = self.unit_id()
        if unit_id is None:
            return
        dialog = PlanItemDialog(self, self.ctx, unit_id, self.year_spin.value(), item_id)
        dialog.submitted.connect(lambda _saved: self.refresh())
        dialog.open()

    def print_plan(self) -> None:
        ctx, unit_id, year = self.ctx, self.unit_id(), self.year_spin.value()
        if unit_id is None:
            return
        unit = self.unit_combo.currentText()
        title = self.tr("Egenkontrollplan {year} – {unit}").format(year=year, unit=unit)

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report
            from kvalitet_desktop.services.report_data import build_report

            return render_report(build_report(ctx, PLAN_REPORT, unit_id=unit_id, year=year))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            source = ReportSource(ctx, PLAN_REPORT, unit_id=unit_id, year=year)
            show_pdf(self, pdf, title, f"Egenkontrollplan {year} {unit}", source)

        run_in_background(self, build, show, busy_text=self.tr("Skapar egenkontrollplanen…"))
