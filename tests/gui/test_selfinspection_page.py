"""Egenkontroll in the GUI with keyboard and mouse: a plan item added on the page schedules its
checks; the check opened from the list is performed with its checklist, shows what it found,
and its unmet requirement becomes an avvikelse linked to it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from helpers import choose, click, find_by_name, press, show, shown_child, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.linked_records import SourceFacts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import operations
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.ui import editor as deviation_ui
from kvalitet_desktop.workflows.deviations.ui.editor import DeviationEditor
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import Assessment, CheckStatus
from kvalitet_desktop.workflows.selfinspection.ui.check_dialog import CheckDialog
from kvalitet_desktop.workflows.selfinspection.ui.page import SelfInspectionPage
from kvalitet_desktop.workflows.selfinspection.ui.plan_dialog import PlanItemDialog


def test_from_plan_to_a_performed_check_to_an_avvikelse(
    qtbot: QtBot, manager: Context, unit_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = date.today().year
    day = date(year, 1, 2) if date.today() > date(year, 1, 2) else date.today()
    page = show(qtbot, SelfInspectionPage(manager, remember=False), (1280, 800))
    assert page.plan_stack.currentWidget() is page.plan_empty

    press(qtbot, page, "Ny punkt i planen")
    dialog = shown_child(page, PlanItemDialog)
    what = find_by_name(dialog, QLineEdit, "Vad kontrolleras")
    what.setFocus()
    type_into(qtbot, what, "Brandskydd i lokalerna")
    choose(find_by_name(dialog, QComboBox, "Hur ofta"), "Valda datum")
    dates = find_by_name(dialog, QLineEdit, "Valda datum")
    assert dates.isEnabled()
    dates.setFocus()
    type_into(qtbot, dates, day.isoformat())
    choose(find_by_name(dialog, QComboBox, "Ansvarig"), "Märta Enhetschef")
    choose(find_by_name(dialog, QComboBox, "Checklista"), "Egenkontroll – brandskydd och larm")
    failure = find_by_name(dialog, QPlainTextEdit, "Om kraven inte uppfylls")
    failure.setFocus()
    type_into(qtbot, failure, "Fastighetsägaren kontaktas samma vecka.")
    press(qtbot, dialog, "Lägg till i planen")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.plan_stack.currentWidget() is page.plan_table
    assert page.plan_table.item(0, 0).text() == "Brandskydd i lokalerna"
    assert "0 av 1 kontroller gjorda" in page.summary.text()

    # The scheduled check is in the list; Return on it opens it.
    assert operations.wait_until_idle()
    table = page.checks.findChild(QTableView)
    assert table is not None
    qtbot.waitUntil(lambda: page.checks.model.rowCount() == 1)
    table.setFocus()
    table.setCurrentIndex(page.checks.model.index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool([d for d in page.findChildren(CheckDialog) if d.isVisible()]))
    check = shown_child(page, CheckDialog)

    # Performing without answers: the service's messages show, nothing is saved.
    press(qtbot, check, "Genomför kontrollen")
    assert check.errors.messages().get("reviewed")
    assert check.form.shown_errors()
    assert service.get_check(manager, check.check_id).status is CheckStatus.PLANNED

    count = find_by_name(check, QSpinBox, "Granskat underlag 1: antal")
    count.setFocus()
    count.selectAll()
    type_into(qtbot, count, "6")
    choose(find_by_name(check, QComboBox, "Granskat underlag 1: vad"), "Lokaler och utrymmen")
    for question in service.requirements_of(check.view.form):
        editor = check.form.editor(question.id)
        combo = editor.findChild(QComboBox)
        assert combo is not None
        wanted = "Ej uppfyllt" if question.id == "brandovning" else "Uppfyllt"
        choose(combo, wanted)
    comment = check.form.editor("brandovning_kommentar").findChild(QPlainTextEdit)
    assert comment is not None
    comment.setFocus()
    type_into(qtbot, comment, "Ingen övning på två år.")
    click(qtbot, find_by_name(check, QPushButton, "Genomför kontrollen"))

    done = service.get_check(manager, check.check_id)
    assert done.status is CheckStatus.DONE
    assert done.answers.values["brandovning"] == Assessment.NOT_MET.value
    assert [(r.kind.value, r.count) for r in done.reviewed] == [("lokaler och utrymmen", 6)]
    assert "Ingen övning på två år." in check.findings.text()
    assert not find_by_name(check, QPushButton, "Genomför kontrollen").isVisible()
    assert find_by_name(check, QPushButton, "Öppna igen…").isVisible()

    # The unmet requirement becomes an avvikelse: its own editor, prefilled, linked.
    opened: list[DeviationEditor] = []

    def register_in_the_editor(parent: Any, ctx: Context, facts: SourceFacts) -> str | None:
        """``deviation_from`` without its modal wait: the real editor, shown and saved."""
        editor = DeviationEditor(parent, ctx, None, source=facts)
        editor.show()
        opened.append(editor)
        if editor.registration.day.text() == "":
            editor.registration.day.set_text(day.isoformat())
        press(qtbot, editor, "Registrera")
        return editor.deviation_id

    monkeypatch.setattr(deviation_ui, "deviation_from", register_in_the_editor)
    press(qtbot, check, "Rapportera som avvikelse")
    [editor] = opened
    assert "Ingen övning på två år." in editor.registration.description.toPlainText()
    assert editor.deviation_id is not None
    number = deviations.get_deviation(manager, editor.deviation_id).number
    assert number in check.linked.text()
    editor.close()
    check.close()
    page.refresh()
    assert "1 av 1 kontroller gjorda" in page.summary.text()


def test_the_methods_are_edited_in_the_settings(qtbot: QtBot, admin: Context) -> None:
    from kvalitet_desktop.workflows.selfinspection.ui.settings_tab import SelfInspectionTab

    tab = show(qtbot, SelfInspectionTab(admin))
    methods = find_by_name(tab, QPlainTextEdit, "Metoder")
    methods.selectAll()
    methods.setFocus()
    type_into(qtbot, methods, "enkät\nenkät\n")
    press(qtbot, tab, "Spara")
    assert "finns redan" in tab.errors.messages()["methods"]
    assert methods.toPlainText() == "enkät\nenkät\n"  # what was typed stays
    methods.selectAll()
    type_into(qtbot, methods, "enkät\nbrukarintervju")
    press(qtbot, tab, "Spara")
    assert service.methods(admin) == ["enkät", "brukarintervju"]


def open_row(qtbot: QtBot, table: QTableWidget) -> None:
    """Click the first row, then Return on it: what opens it to change."""
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualItemRect(table.item(0, 0)).center(),
    )
    qtbot.keyClick(table, Qt.Key.Key_Return)


def test_a_plan_item_is_changed_and_voided_from_the_page(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
    from kvalitet_desktop.workflows.selfinspection.domain import Frequency

    service.save_plan_item(
        manager,
        service.PlanItemInput(
            unit_id=unit_id,
            year=date.today().year,
            title="Kontaktmannaskap",
            method="enkät",
            frequency=Frequency.YEARLY,
            responsible_id=manager.actor.id,
            on_failure="Schemat ses över.",
            form_id="egenkontroll_kontaktmannaskap",
        ),
    )
    page = show(qtbot, SelfInspectionPage(manager, remember=False), (1280, 800))
    table = page.plan_table
    open_row(qtbot, table)
    dialog = shown_child(page, PlanItemDialog)
    assert find_by_name(dialog, QLineEdit, "Vad kontrolleras").text() == "Kontaktmannaskap"
    choose(find_by_name(dialog, QComboBox, "Hur ofta"), "Varje halvår")
    press(qtbot, dialog, "Spara")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.plan_table.item(0, 5).text() == "2"  # planned: two half-years

    open_row(qtbot, table)
    dialog = shown_child(page, PlanItemDialog)
    press(qtbot, dialog, "Makulera punkten")
    reason = shown_child(dialog, ReasonDialog)
    field = find_by_name(reason, QLineEdit, "Anledning")
    field.setFocus()
    type_into(qtbot, field, "Ersatt av enkat i hela forvaltningen")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.plan_stack.currentWidget() is page.plan_empty)
