"""Inställningar: the risk bands' colours are swatches chosen in the colour dialog, never typed;
each swatch says its band and hex to a screen reader, and opens by keyboard as by mouse."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import click, find_by_name, show, type_into
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.views.settings_page import SettingsPage

pytestmark = pytest.mark.gui

FIRST = "Färg, zon 1 (Låg risk): #8fd18f"


class FakeColourDialog:
    """Stands in for ``QColorDialog.getColor``: answers ``answer``, records what it was given."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []

    def __call__(self, initial: QColor, _parent: Any = None, title: str = "", *_a: Any) -> QColor:
        self.calls.append((initial.name(), title))
        return QColor(self.answer) if self.answer else QColor()


@pytest.fixture
def page(qtbot: QtBot, admin: Context) -> SettingsPage:
    return show(qtbot, SettingsPage(admin), (1100, 760))


def dialog(monkeypatch: pytest.MonkeyPatch, answer: str | None) -> FakeColourDialog:
    fake = FakeColourDialog(answer)
    monkeypatch.setattr(QColorDialog, "getColor", fake)
    return fake


def test_swatch_names_band_and_hex_and_is_painted(page: SettingsPage) -> None:
    swatch = find_by_name(page, QPushButton, FIRST)
    assert "Låg risk" in swatch.toolTip() and "#8fd18f" in swatch.toolTip()
    assert swatch.focusPolicy() & Qt.FocusPolicy.TabFocus
    # Painted in the colour (inside the border), not a field to type a hex code into.
    assert swatch.grab().toImage().pixelColor(6, 6).name() == "#8fd18f"
    assert not [e for e in page.band_table.findChildren(QLineEdit) if e.text().startswith("#")]


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_keyboard_opens_the_colour_dialog(
    qtbot: QtBot, page: SettingsPage, admin: Context, monkeypatch: pytest.MonkeyPatch, key: Any
) -> None:
    fake = dialog(monkeypatch, "#123456")
    swatch = find_by_name(page, QPushButton, FIRST)
    swatch.setFocus()
    qtbot.waitUntil(swatch.hasFocus)
    qtbot.keyClick(swatch, key)
    assert fake.calls == [("#8fd18f", "Välj färg för Låg risk")]
    assert swatch.accessibleName() == "Färg, zon 1 (Låg risk): #123456"
    assert "#123456" in swatch.toolTip()
    assert page.preview.config().bands[0].color == "#123456"
    find_by_name(page, QPushButton, "Spara").click()
    assert settings.risk_matrix(admin).bands[0].color == "#123456"


def test_mouse_click_and_cancel_keeps_colour(
    qtbot: QtBot, page: SettingsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = dialog(monkeypatch, None)  # the user cancels
    swatch = find_by_name(page, QPushButton, FIRST)
    click(qtbot, swatch)
    assert len(fake.calls) == 1
    assert swatch.accessibleName() == FIRST
    assert page.preview.config().bands[0].color == "#8fd18f"


def test_renaming_or_removing_a_band_renames_its_swatch(qtbot: QtBot, page: SettingsPage) -> None:
    label = find_by_name(page, QLineEdit, "Benämning, zon 1")
    label.selectAll()
    type_into(qtbot, label, "Ingen risk")
    find_by_name(page, QPushButton, "Färg, zon 1 (Ingen risk): #8fd18f")
    page.band_table.setCurrentCell(0, 0)
    page.remove_selected_band()
    # The rows are numbered again: zone 2 is now zone 1, and a new zone is zone 4.
    find_by_name(page, QLineEdit, "Benämning, zon 1")
    find_by_name(page, QPushButton, "Färg, zon 1 (Medelhög risk): #f3e27a")
    page.add_band()
    find_by_name(page, QPushButton, "Färg, zon 4 (Ny zon): #cccccc")
    table = page.band_table
    names = [
        widget.accessibleName()
        for row in range(table.rowCount())
        for column in range(table.columnCount())
        if (widget := table.cellWidget(row, column)) is not None
    ]
    assert len(names) == 16 == len(set(names))
