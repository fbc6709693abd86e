"""Förändringar i insatser in the GUI: a contact logged by keyboard alone, the overview's
overdue contacts in words, a CSV list with bad rows refused at the list, the register."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import activate, find_by_name, focused, show, shown_child, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from test_accessible_names import check, problems

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.individuals_register import RegisterDialog
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import ChangeInput, PersonInput
from kvalitet_desktop.workflows.changes.ui.editor import ChangeEditor
from kvalitet_desktop.workflows.changes.ui.person import PersonDialog

pytestmark = pytest.mark.gui

ALT = Qt.KeyboardModifier.AltModifier


def _change(ctx: Context, unit_id: str, *codes: str) -> str:
    today = date.today()
    data = ChangeInput(
        "Dagverksamheten stängs", [unit_id], ["stängning av verksamhet"], today - timedelta(5)
    )
    change = changes.save_change(ctx, data)
    registered = {e.code for e in individuals.register(ctx, unit_id)}
    for code in codes:
        if code not in registered:  # the register first: a change names only its people
            individuals.save_individual(ctx, IndividualInput(code, unit_id))
        changes.add_person(ctx, change.id, PersonInput(code, unit_id))
    return change.id


def _alt(qtbot: QtBot, window: QWidget, key: Qt.Key) -> None:
    qtbot.keyClick(focused(window), key, ALT)


def test_a_contact_is_logged_by_keyboard_alone(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    change_id = _change(admin, unit_id, "SOL-01")
    editor = show(qtbot, ChangeEditor(None, admin, change_id), (1100, 760))
    activate(qtbot, editor)
    _alt(qtbot, editor, Qt.Key.Key_B)  # Berörda
    table = find_by_name(editor, QTableWidget, "De berörda")
    for _ in range(20):
        if focused(editor) is table:
            break
        qtbot.keyClick(focused(editor), Qt.Key.Key_Tab)
    assert focused(editor) is table
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool([d for d in editor.findChildren(PersonDialog) if d.isVisible()]))
    person = shown_child(editor, PersonDialog)
    activate(qtbot, person)
    _alt(qtbot, person, Qt.Key.Key_K)  # Kontakter
    contacted = date.today() - timedelta(days=1)
    _alt(qtbot, person, Qt.Key.Key_D)  # Datum
    qtbot.keyClick(focused(person), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, focused(person), contacted.isoformat())
    _alt(qtbot, person, Qt.Key.Key_E)  # Skede: vid åtgärder
    qtbot.keyClick(focused(person), Qt.Key.Key_Down)
    _alt(qtbot, person, Qt.Key.Key_A)  # Kanal: video
    qtbot.keyClick(focused(person), Qt.Key.Key_Down)
    _alt(qtbot, person, Qt.Key.Key_M)  # Med vem: närstående
    qtbot.keyClick(focused(person), Qt.Key.Key_Down)
    _alt(qtbot, person, Qt.Key.Key_O)  # Från kommunen
    qtbot.keyClick(focused(person), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, focused(person), "Kim Ek")
    _alt(qtbot, person, Qt.Key.Key_L)  # Delaktig i planeringen: ja
    qtbot.keyClick(focused(person), Qt.Key.Key_Down)
    _alt(qtbot, person, Qt.Key.Key_V)  # Vad som sades, then past Delaktig to Önskemål
    type_into(qtbot, focused(person), "Dottern berättade att allt är lugnt.")
    qtbot.keyClick(focused(person), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(person), Qt.Key.Key_Tab)
    assert focused(person).accessibleName() == "Önskemål"
    type_into(qtbot, focused(person), "Vill höras på fredagar.")
    _alt(qtbot, person, Qt.Key.Key_N)  # Nästa kontakt överenskommen

    agreed = contacted + timedelta(days=3)
    type_into(qtbot, focused(person), agreed.isoformat())
    _alt(qtbot, person, Qt.Key.Key_R)  # Spara kontakten

    # A mnemonic presses its button after a short animation.
    contacts = find_by_name(person, QTableWidget, "Kontakter")
    qtbot.waitUntil(lambda: contacts.rowCount() == 1)
    stored = changes.get_person(admin, person.person_id or "")
    (contact,) = stored.contacts
    assert (contact.contacted_on, contact.phase, contact.channel, contact.with_whom) == (
        contacted,
        "vid åtgärder",
        "video",
        "närstående",
    )
    assert (contact.staff, contact.took_part, contact.next_contact_on) == ("Kim Ek", True, agreed)
    assert contact.said == "Dottern berättade att allt är lugnt."
    assert contact.wishes == "Vill höras på fredagar."
    assert stored.row.next_due == agreed
    assert contacts.item(0, 1).text() == "vid åtgärder"
    assert person.next_due.text() == f"Nästa kontakt senast: {agreed.isoformat()}"


def test_the_overview_names_overdue_contacts_in_words_and_filters_them(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    change_id = _change(admin, unit_id, "SOL-10", "SOL-11")
    from kvalitet_desktop.workflows.changes.domain import Channel, ContactInput, Phase, WithWhom

    reached = ContactInput(date.today(), Phase.DURING, Channel.PHONE, WithWhom.PERSON, "Kim")
    person = changes.get_change(admin, change_id).people[1]
    changes.log_contact(admin, person.id, reached)
    editor = show(qtbot, ChangeEditor(None, admin, change_id), (1100, 760))
    editor.tabs.setCurrentIndex(1)
    table = find_by_name(editor, QTableWidget, "De berörda")
    last = table.columnCount() - 1
    cells = {table.item(r, 0).text(): table.item(r, last).text() for r in range(table.rowCount())}
    start = (date.today() - timedelta(5)).isoformat()
    assert cells["SOL-10"] == f"FÖRSENAD {start}"
    assert not cells["SOL-11"].startswith("FÖRSENAD")
    assert table.item(0, 0).text() == "SOL-10"  # the most overdue first
    shown = find_by_name(editor, QComboBox, "Visa")
    shown.setCurrentIndex(shown.findText("Försenad kontakt"))
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["SOL-10"]
    check(problems(editor, "insatsforandring"))


def test_a_csv_with_bad_rows_is_refused_at_the_list(
    qtbot: QtBot, admin: Context, unit_id: str, tmp_path: Path
) -> None:
    change_id = _change(admin, unit_id)
    individuals.save_individual(admin, IndividualInput("SOL-20", unit_id))
    editor = show(qtbot, ChangeEditor(None, admin, change_id), (1100, 760))
    bad = tmp_path / "berorda.csv"
    bad.write_text("kod;insats\nSOL-20;Daglig verksamhet\n19121212-1212;x\n", encoding="utf-8")
    assert not editor.import_file(bad)
    assert editor.people_error.text().startswith("Rad 3: Ange en pseudonymiserad kod")
    assert editor.people.rowCount() == 0
    good = tmp_path / "ratt.csv"
    good.write_text("kod;insats\nSOL-20;Daglig verksamhet\n", encoding="utf-8")
    assert editor.import_file(good)
    assert editor.people.rowCount() == 1


def test_the_person_dialog_and_the_register_name_every_widget(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    individuals.save_individual(admin, IndividualInput("SOL-30", unit_id, "Daglig verksamhet"))
    change_id = _change(admin, unit_id, "SOL-30")
    view = changes.get_change(admin, change_id)
    person = show(qtbot, PersonDialog(None, admin, view, view.people[0].id), (900, 720))
    found: list[str] = []
    for index in range(person.tabs.count()):
        person.tabs.setCurrentIndex(index)
        found += problems(person, f"person {index}")
    register = show(qtbot, RegisterDialog(admin), (760, 560))
    found += problems(register, "register")
    check(found)
    codes = find_by_name(register, QTableWidget, "Registret")
    assert codes.item(0, 0).text() == "SOL-30"
    codes.selectRow(0)
    find_by_name(register, QLineEdit, "Insats").setText("Daglig verksamhet, heltid")
    find_by_name(register, QPushButton, "Spara personen").click()
    assert individuals.register(admin, unit_id)[0].insats == "Daglig verksamhet, heltid"


def _press_by_tab(qtbot: QtBot, window: QWidget, target: QWidget) -> None:
    """Tab to ``target`` and press Space, as a user without a mouse does."""
    for _ in range(30):
        if focused(window) is target:
            break
        qtbot.keyClick(focused(window), Qt.Key.Key_Tab)
    assert focused(window) is target
    qtbot.keyClick(target, Qt.Key.Key_Space)


def test_fetching_a_units_participants_says_who_was_added_and_why_none(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    start = date.today() - timedelta(5)
    individuals.save_individual(admin, IndividualInput("SOL-31", unit_id, None, start))
    individuals.save_individual(admin, IndividualInput("SOL-32", unit_id, None, date.today()))
    change_id = _change(admin, unit_id)
    editor = show(qtbot, ChangeEditor(None, admin, change_id), (1100, 760))
    activate(qtbot, editor)
    _alt(qtbot, editor, Qt.Key.Key_B)  # Berörda
    people = find_by_name(editor, QTableWidget, "De berörda")
    assert people.isColumnHidden(1)  # one unit: no unit column
    fetch = find_by_name(editor, QPushButton, "Hämta enhetens deltagare")
    _press_by_tab(qtbot, editor, fetch)
    assert editor.people_info.text() == "1 person lades till från registret."
    assert [people.item(r, 0).text() for r in range(people.rowCount())] == ["SOL-31"]
    qtbot.keyClick(fetch, Qt.Key.Key_Space)
    assert editor.people_info.text().startswith("Ingen ny person: alla i enhetens register")
    assert not editor.people_error.isVisible()


def test_a_csv_adds_new_codes_to_the_register_only_when_chosen(
    qtbot: QtBot, admin: Context, unit_id: str, tmp_path: Path
) -> None:
    change_id = _change(admin, unit_id)
    editor = show(qtbot, ChangeEditor(None, admin, change_id), (1100, 760))
    listed = tmp_path / "berorda.csv"
    listed.write_text("kod;insats\nSOL-95;Daglig verksamhet\n", encoding="utf-8")
    assert not editor.import_file(listed)
    assert editor.people_error.text().startswith("Rad 2: Koden SOL-95 finns inte")
    choice = find_by_name(editor, QCheckBox, "Lägg till nya koder i enhetens register")
    choice.setFocus()
    qtbot.keyClick(choice, Qt.Key.Key_Space)
    assert choice.isChecked()
    assert editor.import_file(listed)
    assert "1 nya koder lades till i enhetens register" in editor.people_error.text()
    assert "SOL-95" in [e.code for e in individuals.register(admin, unit_id)]
