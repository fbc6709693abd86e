"""Opening a record from a page: one that is gone or not visible gets a calm Swedish message."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import show
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import errors
from kvalitet_desktop.ui.records import show_record_editor
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput


def shown_message(parent: QWidget) -> QMessageBox:
    (box,) = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
    return box


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("riskanalys", "Riskanalysen finns inte."),
        ("atgard", "Åtgärden finns inte."),
        ("uppfoljning", "Uppföljningen finns inte."),
    ],
)
def test_a_record_that_is_gone_is_said_in_a_message(
    qtbot: QtBot, admin: Context, kind: str, text: str
) -> None:
    page = show(qtbot, QWidget())
    refreshed: list[bool] = []
    with errors.installed():
        dialog = show_record_editor(
            page, admin, kind, "finns-inte", on_saved=lambda: refreshed.append(True)
        )
        assert errors.current_dialog() is None  # not the unexpected-error dialog
    assert dialog is None
    box = shown_message(page)
    assert box.windowTitle() == "Posten kan inte öppnas"
    assert box.text() == f"{text} Den kan ha tagits bort sedan listan visades."
    assert box.icon() == QMessageBox.Icon.Warning
    assert refreshed == [True]  # the page reads its list again
    assert page.findChildren(EditorDialog) == []  # no half-built editor left behind
    box.close()


def test_a_record_of_another_unit_is_not_shown(
    qtbot: QtBot, admin: Context, manager: Context, other_unit_id: str
) -> None:
    measure_id = measures.create_measure(
        admin, MeasureInput("Nyckelrutin", other_unit_id, None, admin.actor.id, date.today())
    ).id
    page = show(qtbot, QWidget())
    with errors.installed():
        assert show_record_editor(page, manager, "atgard", measure_id) is None
        assert errors.current_dialog() is None
    box = shown_message(page)
    assert box.text() == "Du har inte behörighet till den enheten."
    assert page.findChildren(EditorDialog) == []
    box.close()
