"""The lex Sarah page: "Ny rapport…" and "Mina rapporter" for everyone, and for lex
Sarah-ansvariga and investigators the list of the cases they may see."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import help_label
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.ui.widgets.tables import read_only_table
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.ui.common import KIND, status_text, when_text


def sees_cases(ctx: Context) -> bool:
    """Lex Sarah-ansvariga and administrators see every case; investigators (and anyone
    appointed to investigate a case) the cases they investigate."""
    if lexsarah.may_handle(ctx) or Role.INVESTIGATOR in ctx.actor.roles:
        return True
    return listing.count(ctx, KIND, listing.ListQuery()) > 0


class LexSarahPage(QWidget):
    """The view "Lex Sarah". ``cases`` is the case list (None for those who see no cases)."""

    def __init__(
        self, ctx: Context, parent: QWidget | None = None, *, remember: bool = True
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cases: ListPage | None = None
        if sees_cases(ctx):
            self.cases = ListPage(ctx, KIND, remember=remember)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        heading = QLabel(self.tr("Lex Sarah"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        top.addWidget(heading)
        top.addStretch(1)
        self.new_button = QPushButton(self.tr("&Ny rapport…"))
        self.new_button.setAccessibleName(self.tr("Ny rapport"))
        self.new_button.setToolTip(
            self.tr("Rapportera ett missförhållande eller en påtaglig risk för ett missförhållande")
        )
        self.new_button.clicked.connect(self.new_report)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        layout.addWidget(
            help_label(
                self.tr(
                    "Har du sett eller fått veta något som har gått fel, eller kan gå fel, för "
                    "någon som får stöd av oss? Rapportera det genast med ”Ny rapport”. "
                    "Skriv aldrig namn eller personnummer – använd den enskildes kod."
                )
            )
        )

        self.own_box = QGroupBox(self.tr("Mina rapporter"))
        own_layout = QVBoxLayout(self.own_box)
        own_layout.addWidget(
            help_label(
                self.tr(
                    "Rapporter du har lämnat eller registrerat och var de står. Själva ärendet "
                    "ser bara lex Sarah-ansvariga och utredaren."
                )
            )
        )
        self.own_table = read_only_table(
            [self.tr("Nr"), self.tr("Rubrik"), self.tr("Rapporterad"), self.tr("Status")],
            self.tr("Mina rapporter"),
        )
        self.own_empty = help_label(self.tr("Du har inte lämnat några rapporter."))
        self.own_empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.own_stack = QStackedWidget()
        self.own_stack.addWidget(self.own_table)
        self.own_stack.addWidget(self.own_empty)
        own_layout.addWidget(self.own_stack, 1)

        if self.cases is not None:
            cases_box = QGroupBox(self.tr("Ärenden"))
            cases_layout = QVBoxLayout(cases_box)
            cases_layout.setContentsMargins(4, 4, 4, 4)
            cases_layout.addWidget(self.cases)
            splitter = QSplitter(Qt.Orientation.Vertical)
            splitter.addWidget(cases_box)
            splitter.addWidget(self.own_box)
            splitter.setStretchFactor(0, 3)
            splitter.setStretchFactor(1, 1)
            splitter.setChildrenCollapsible(False)
            splitter.setSizes([560, 170])
            layout.addWidget(splitter, 1)
        else:
            layout.addWidget(self.own_box, 1)
        self.refresh_own()

    # --- content -------------------------------------------------------------------------

    def refresh_own(self) -> None:
        reports = lexsarah.my_reports(self.ctx)
        table = self.own_table
        table.setRowCount(len(reports))
        for row, report in enumerate(reports):
            values = (
                report.number,
                report.title,
                when_text(report.reported_at),
                status_text(report.status),
            )
            for column, text in enumerate(values):
                table.setItem(row, column, _item(text))
        table.resizeColumnsToContents()
        self.own_stack.setCurrentWidget(table if reports else self.own_empty)

    def refresh(self) -> None:
        self.refresh_own()
        if self.cases is not None:
            self.cases.refresh()

    def activate(self) -> None:
        """Called when the page is shown again: cases may have changed meanwhile."""
        self.refresh()

    def save_state(self) -> None:
        if self.cases is not None:
            self.cases.save_state()

    def new_report(self) -> None:
        from kvalitet_desktop.workflows.lexsarah.ui.new_report import NewReportDialog

        dialog = NewReportDialog(self, self.ctx)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.filed.connect(lambda _case_id: self.refresh())
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text if len(text) > 30 else "")
    return item
