"""Historik: who changed what in a record, one row per changed field, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.ui.settings_store import app_settings

if TYPE_CHECKING:
    from kvalitet_desktop.services.context import Context
    from kvalitet_desktop.services.history import HistoryEntry

COLUMNS = (
    str(QT_TRANSLATE_NOOP("HistoryDialog", "Tidpunkt")),
    str(QT_TRANSLATE_NOOP("HistoryDialog", "Användare")),
    str(QT_TRANSLATE_NOOP("HistoryDialog", "Händelse")),
    str(QT_TRANSLATE_NOOP("HistoryDialog", "Fält")),
    str(QT_TRANSLATE_NOOP("HistoryDialog", "Före")),
    str(QT_TRANSLATE_NOOP("HistoryDialog", "Efter")),
)


STRIPE_COLOUR = QColor("#eaf0f6")


def local_time_text(at: datetime) -> str:
    """Audit times are stored as naive UTC; show them in the computer's time zone."""
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return aware.astimezone().strftime("%Y-%m-%d %H:%M")


def history_rows(entries: Sequence[HistoryEntry]) -> list[tuple[int, list[str]]]:
    """(entry number, six cells) per table row: each field change is its own row, and the
    time, user and event are written only on an entry's first row."""
    rows: list[tuple[int, list[str]]] = []
    for number, entry in enumerate(entries):
        head = [local_time_text(entry.at), entry.user, f"{entry.action} – {entry.entity}"]
        if not entry.changes:
            rows.append((number, [*head, "", "", ""]))
            continue
        for i, change in enumerate(entry.changes):
            lead = head if i == 0 else ["", "", ""]
            rows.append((number, [*lead, change.field, change.before, change.after]))
    return rows


class HistoryDialog(QDialog):
    def __init__(
        self, entries: Sequence[HistoryEntry], title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Historik – {title}").format(title=title))
        layout = QVBoxLayout(self)

        rows = history_rows(entries)
        self.table = QTableWidget(len(rows), len(COLUMNS))
        self.table.setAccessibleName(self.tr("Historik"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)
        # Stripes follow entries, not rows, so the rows of one change stay together.
        stripe = QBrush(STRIPE_COLOUR)
        for row, (number, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column >= 3 and len(text) > 40 else "")
                if number % 2:
                    item.setBackground(stripe)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((130, 100, 180, 140, 200)):
            self.table.setColumnWidth(column, width)
        # Wrapped "Före/Efter" texts need their rows re-measured whenever widths change.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())

        if rows:
            layout.addWidget(self.table)
        else:
            self.table.hide()
            empty = QLabel(self.tr("Ingen historik finns för posten."))
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(empty)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("S&täng"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        geometry = app_settings().value("history/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1000, 560)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def done(self, result: int) -> None:
        app_settings().setValue("history/geometry", self.saveGeometry())
        super().done(result)


def show_history(
    parent: QWidget | None, ctx: Context, kind: str, record_id: str, title: str | None = None
) -> QDialog:
    """Open the history of a record of ``kind`` (a registry key); non-blocking.

    ``title`` (the record's rubrik) goes into the window title; by default the kind's name.
    """
    from kvalitet_desktop.services.history import record_history

    entries = record_history(ctx, kind, record_id)
    from kvalitet_desktop import registry

    heading = title or QCoreApplication.translate("RecordKind", registry.kind(kind).nouns.title)
    dialog = HistoryDialog(entries, heading, parent)
    dialog.show()
    return dialog
