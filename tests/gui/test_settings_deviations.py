"""Inställningar › Avvikelser: the deadlines and the lists, saved with Spara; a wrong value is
named at its field and what was typed stays."""

from __future__ import annotations

from helpers import find_by_name, press, show
from PySide6.QtWidgets import QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.ui.settings_tab import DeviationsTab


def test_deadlines_and_lists_are_saved(qtbot: QtBot, admin: Context) -> None:
    tab = show(qtbot, DeviationsTab(admin))
    find_by_name(tab, QSpinBox, "Utredningen påbörjas inom").setValue(5)
    find_by_name(tab, QSpinBox, "Avvikelsen är avslutad inom").setValue(21)
    categories = find_by_name(tab, QPlainTextEdit, "Kategorier")
    categories.setPlainText(categories.toPlainText() + "\nnattillsyn")
    press(qtbot, tab, "Spara")
    rules = deviations.deadline_rules(admin)
    assert (rules.start_within_days, rules.close_within_days) == (5, 21)
    assert deviations.lists(admin).categories[-1] == "nattillsyn"
    assert "sparade" in tab.saved_label.text()


def test_a_close_before_the_start_is_refused_at_the_field(qtbot: QtBot, admin: Context) -> None:
    tab = show(qtbot, DeviationsTab(admin))
    find_by_name(tab, QSpinBox, "Utredningen påbörjas inom").setValue(30)
    find_by_name(tab, QSpinBox, "Avvikelsen är avslutad inom").setValue(10)
    press(qtbot, tab, "Spara")
    assert "påbörjats" in tab.errors.messages()["start_within_days"]
    assert find_by_name(tab, QSpinBox, "Utredningen påbörjas inom").value() == 30
    assert deviations.deadline_rules(admin).start_within_days == 3


def test_without_the_settings_right_the_tab_is_read_only(qtbot: QtBot, manager: Context) -> None:
    tab = show(qtbot, DeviationsTab(manager))
    assert not tab.save_button.isVisible()
    assert not find_by_name(tab, QSpinBox, "Utredningen påbörjas inom").isEnabled() or (
        find_by_name(tab, QSpinBox, "Utredningen påbörjas inom").isReadOnly()
    )
