"""History dialog: one row per changed field, entry heads only on their first row."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import history
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.history import FieldChange, HistoryEntry
from kvalitet_desktop.ui.dialogs.history import HistoryDialog, history_rows, show_history
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput

pytestmark = pytest.mark.gui


def cells(dialog: HistoryDialog, row: int) -> list[str]:
    return [dialog.table.item(row, c).text() for c in range(dialog.table.columnCount())]


def test_history_of_a_changed_measure(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    due = date.today() + timedelta(days=30)
    data = MeasureInput("Nattrutin för läkemedel", unit_id, None, admin.actor.id, due)
    measure_id = measures.create_measure(admin, data).id
    data.title = "Ny nattrutin för läkemedel"
    data.due_date = due + timedelta(days=7)
    measures.update_measure(admin, measure_id, data)

    dialog = show_history(None, admin, "atgard", measure_id, "Ny nattrutin för läkemedel")
    assert isinstance(dialog, HistoryDialog)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Historik – Ny nattrutin för läkemedel"
    headers = [
        dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())
    ]
    assert headers == ["Tidpunkt", "Användare", "Händelse", "Fält", "Före", "Efter"]

    first = cells(dialog, 0)  # newest first: the update, both fields sorted by name
    assert first[1:4] == ["admin", "Ändrad – Åtgärd", "Klart senast"]
    assert first[4:] == [due.isoformat(), (due + timedelta(days=7)).isoformat()]
    assert len(first[0]) == len("2025-01-01 12:00")
    second = cells(dialog, 1)
    assert second[:3] == ["", "", ""]
    assert second[3:] == ["Rubrik", "Nattrutin för läkemedel", "Ny nattrutin för läkemedel"]
    assert cells(dialog, 2)[2] == "Skapad – Åtgärd"
    entries = history.record_history(admin, "atgard", measure_id)
    assert dialog.table.rowCount() == sum(max(1, len(e.changes)) for e in entries)


def test_rows_and_stripes_follow_entries() -> None:
    at = datetime(2025, 3, 1, 9, 30)
    entries = [
        HistoryEntry(at, "admin", "Ändrad", "Åtgärd", (FieldChange("Status", "a", "b"),)),
        HistoryEntry(at, "admin", "Öppnad", "Riskanalys", ()),
    ]
    rows = history_rows(entries)
    assert [number for number, _ in rows] == [0, 1]
    assert rows[1][1][2:] == ["Öppnad – Riskanalys", "", "", ""]


def test_empty_history(qtbot: QtBot) -> None:
    dialog = HistoryDialog([], "Åtgärd")
    qtbot.addWidget(dialog)
    assert dialog.table.isHidden()
