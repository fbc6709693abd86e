"""The analyses saved before, newest period first: what later years open to look back on."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidgetItem, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListQuery
from kvalitet_desktop.ui.toolkit.fields import button_row, name_widget
from kvalitet_desktop.ui.widgets.tables import read_only_table
from kvalitet_desktop.workflows.analysis.kind import KEY

# A few analyses a year: a page of them reaches back further than anyone looks.
SHOWN = 200


class EarlierAnalyses(QWidget):
    """``opened`` carries the id of the analysis the user opens (Enter, double click, Öppna)."""

    opened = Signal(str)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ids: list[str] = []
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [self.tr("Nr"), self.tr("Rubrik"), self.tr("Period"), self.tr("Status")],
            self.tr("Tidigare analyser"),
            stretch=1,
        )
        self.table.activated.connect(lambda index: self._open(index.row()))
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Antal analyser"))
        open_button = QPushButton(self.tr("&Öppna analysen"))
        name_widget(open_button, open_button.text())
        open_button.clicked.connect(lambda: self._open(self.table.currentRow()))
        self.open_button = open_button
        row = button_row([], [open_button])
        row.insertWidget(0, self.count, 1)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        try:
            rows = listing.fetch(
                self.ctx, KEY, ListQuery(limit=SHOWN, sort="period_start", descending=True)
            )
        except KvalitetError as error:
            rows = []
            self.count.setText(str(error))
        self.ids = [str(r["id"]) for r in rows]
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                str(row["number"]),
                str(row["title"]),
                f"{row['period_start']} – {row['period_end']}",
                str(row["status"]),
            )
            for column, text in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(text))
        if rows:
            self.table.selectRow(0)
            self.count.setText(
                self.tr("{n} analyser").format(n=len(rows))
                if len(rows) != 1
                else self.tr("1 analys")
            )
        elif not self.count.text():
            self.count.setText(self.tr("Inga analyser ännu."))
        self.open_button.setEnabled(bool(rows))

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.ids):
            self.opened.emit(self.ids[row])
