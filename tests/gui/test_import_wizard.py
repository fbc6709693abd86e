"""The "Importera…" wizard, driven with the keyboard: the file, its preview with the encoding
found, the columns suggested, an unknown unit mapped, the report of the bad row, the bad rows
left out by choice, the import off the UI thread and the list read again; and the button only
where the registry offers an import and the user holds the right."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from helpers import activate, find_by_name, focused, show, shown_child, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_accessible_names import check, problems

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import Progress
from kvalitet_desktop.ui.dialogs.import_wizard import ImportWizard
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.deviations.models import Deviation

pytestmark = pytest.mark.gui
WAIT_MS = 20_000
UNIT = "Daglig verksamhet Solrosen"


@pytest.fixture
def sheet(tmp_path: Path, unit_id: str) -> Path:
    path = tmp_path / "avvikelser 2025.csv"
    path.write_text(
        "\n".join(
            [
                "Händelsedatum;Enhet;Rubrik;Vad hände",
                "2025-02-03 14:00;DV Solrosen;Glömd larmknapp;Larmet låg kvar i hallen",
                "2021-02-30;Daglig verksamhet Solrosen;Fel dag;Datumet finns inte",
                "",
                "2025-02-05;Daglig verksamhet Solrosen;Trasig rullstol;Bromsen släppte",
            ]
        )
        + "\n",
        encoding="cp1252",
    )
    return path


def _titles(ctx: Context) -> list[str]:
    with ctx.reading() as session:
        return sorted(session.scalars(select(Deviation.title)))


def _press(qtbot: QtBot, wizard: ImportWizard, key: Qt.Key) -> None:
    """Alt+key: the wizard's buttons have mnemonics."""
    qtbot.keyClick(focused(wizard), key, Qt.KeyboardModifier.AltModifier)


def _page_is(qtbot: QtBot, wizard: ImportWizard, page: object) -> None:
    qtbot.waitUntil(
        lambda: wizard.pages.currentWidget() is page and not wizard.busy, timeout=WAIT_MS
    )


def test_a_sheet_is_imported_step_by_step_with_the_keyboard(
    qtbot: QtBot, admin: Context, unit_id: str, sheet: Path
) -> None:
    imported: list[bool] = []
    wizard = show(
        qtbot, ImportWizard(None, admin, "avvikelse", lambda: imported.append(True)), (1280, 800)
    )
    assert focused(wizard) is find_by_name(wizard, QLineEdit, "Fil")
    type_into(qtbot, focused(wizard), str(sheet) + "\n")
    _page_is(qtbot, wizard, wizard.preview_page)
    assert "Windows-1252" in wizard.detected_label.text()
    assert find_by_name(wizard, QComboBox, "Avgränsare").currentText() == "semikolon (;)"
    assert wizard.preview_table.item(0, 2).text() == "Glömd larmknapp"
    check(problems(wizard, "förhandsvisning"))

    _press(qtbot, wizard, Qt.Key.Key_N)
    _page_is(qtbot, wizard, wizard.columns_page)
    assert find_by_name(wizard, QComboBox, "Kolumn för Inträffade").currentText() == (
        "Händelsedatum"
    )
    assert find_by_name(wizard, QComboBox, "Kolumn för Beskrivning").currentText() == "Vad hände"
    check(problems(wizard, "kolumner"))

    _press(qtbot, wizard, Qt.Key.Key_N)
    _page_is(qtbot, wizard, wizard.values_page)
    meaning = find_by_name(wizard, QComboBox, "Vad ”DV Solrosen” betyder (Enhet)")
    assert focused(wizard) is meaning
    qtbot.keyClick(meaning, Qt.Key.Key_Down)  # the first unit after "(okopplat …)"
    assert meaning.currentText() == "Daglig verksamhet Solrosen"
    check(problems(wizard, "okända värden"))

    _press(qtbot, wizard, Qt.Key.Key_N)
    _page_is(qtbot, wizard, wizard.report_page)
    table = wizard.problems_table
    assert [table.item(0, c).text() for c in range(3)] == [
        "3",
        "Händelsedatum",
        "Datumet 2021-02-30 finns inte: februari 2021 har 28 dagar.",
    ]
    importing = find_by_name(wizard, QPushButton, "Importera")
    assert not importing.isEnabled()  # not before the bad rows are explicitly left out
    exclude = find_by_name(wizard, QCheckBox, "Uteslut felaktiga rader")
    _press(qtbot, wizard, Qt.Key.Key_U)
    qtbot.waitUntil(exclude.isChecked)  # a mnemonic clicks as a mouse would, shortly after
    assert importing.isEnabled()
    check(problems(wizard, "kontroll"))

    _press(qtbot, wizard, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: wizard.outcome is not None, timeout=WAIT_MS)
    assert "Importerade: 2 avvikelser" in wizard.run_label.text()
    assert imported == [True]
    assert _titles(admin) == ["Glömd larmknapp", "Trasig rullstol"]


def test_the_mapping_is_offered_again_for_a_file_of_the_same_layout(
    qtbot: QtBot, admin: Context, unit_id: str, sheet: Path
) -> None:
    first = show(qtbot, ImportWizard(None, admin, "avvikelse"), (1280, 800))
    first.path_edit.setText(str(sheet))
    first.next()
    _page_is(qtbot, first, first.preview_page)
    first.next()
    description = find_by_name(first, QComboBox, "Kolumn för Beskrivning")
    description.setCurrentIndex(0)  # "(ingen kolumn)"
    place = find_by_name(first, QComboBox, "Kolumn för Plats")
    place.setCurrentIndex(place.findText("Vad hände"))
    first.next()
    _page_is(qtbot, first, first.report_page)
    assert wizard_problems(first) == ["Ingen kolumn är vald för Beskrivning, som måste fyllas i."]
    first.back()
    _page_is(qtbot, first, first.columns_page)
    description.setCurrentIndex(description.findText("Vad hände"))
    place.setCurrentIndex(0)
    first.next()
    _page_is(qtbot, first, first.values_page)
    first.value_combos[("unit_id", "DV Solrosen")].setCurrentIndex(1)
    first.next()
    _page_is(qtbot, first, first.report_page)
    first.exclude_check.setChecked(True)
    first.next()
    qtbot.waitUntil(lambda: first.outcome is not None, timeout=WAIT_MS)

    again = show(qtbot, ImportWizard(None, admin, "avvikelse"), (1280, 800))
    again.path_edit.setText(str(sheet))
    again.next()
    _page_is(qtbot, again, again.preview_page)
    again.next()
    assert again.mapping() == first.mapping()
    again.next()
    _page_is(qtbot, again, again.report_page)  # the value table was remembered too
    assert "Redan importerade (hoppas över): 2." in again.summary_label.text()


def wizard_problems(wizard: ImportWizard) -> list[str]:
    table = wizard.problems_table
    return [table.item(r, 2).text() for r in range(table.rowCount())]


def test_a_file_that_is_not_a_sheet_is_refused_on_the_first_page(
    qtbot: QtBot, admin: Context, unit_id: str, tmp_path: Path
) -> None:
    pdf = tmp_path / "rapport.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n\x00\x01")
    wizard = show(qtbot, ImportWizard(None, admin, "avvikelse"), (1280, 800))
    type_into(qtbot, focused(wizard), str(pdf) + "\n")
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT_MS)
    assert wizard.pages.currentWidget() is wizard.file_page
    assert wizard.error.text().startswith("Filen rapport.xlsx är inget kalkylark")
    assert wizard.path_edit.text() == str(pdf)  # what the user typed stays


def test_the_list_page_offers_the_import_only_to_those_who_may(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    page = show(qtbot, ListPage(admin, "avvikelse", remember=False), (1100, 600))
    assert page.import_button is not None and page.import_button.accessibleName() == "Importera"
    activate(qtbot, page)  # a mnemonic works in the active window
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: any(w.isVisible() for w in page.findChildren(ImportWizard)))
    wizard = shown_child(page, ImportWizard)
    assert wizard.windowTitle() == "Importera avvikelser"
    wizard.reject()
    risks = show(qtbot, ListPage(admin, "riskanalys", remember=False), (1100, 600))
    assert risks.import_button is None  # the registry offers no import of risk analyses
    organisation.save_user(
        admin, organisation.UserInput("medarbetare", "Mia", None, [Role.STAFF], [unit_id])
    )
    staff = Context.for_login(admin.db, "medarbetare")
    theirs = show(qtbot, ListPage(staff, "avvikelse", remember=False), (1100, 600))
    assert theirs.import_button is None


def test_the_encoding_and_separator_can_be_changed_and_a_wrong_choice_is_explained(
    qtbot: QtBot, admin: Context, unit_id: str, sheet: Path
) -> None:
    wizard = show(qtbot, ImportWizard(None, admin, "avvikelse"), (1280, 800))
    wizard.path_edit.setText(str(sheet))
    wizard.next()
    _page_is(qtbot, wizard, wizard.preview_page)
    encoding = find_by_name(wizard, QComboBox, "Teckenkodning")
    encoding.setCurrentIndex(encoding.findData("utf-8"))
    encoding.activated.emit(encoding.currentIndex())
    assert "går inte att läsa som UTF-8" in wizard.error.text()
    assert encoding.currentData() == "cp1252"  # back to what the preview still shows
    delimiter = find_by_name(wizard, QComboBox, "Avgränsare")
    delimiter.setCurrentIndex(delimiter.findData(","))
    delimiter.activated.emit(delimiter.currentIndex())
    assert wizard.preview_table.columnCount() == 1  # the file has no commas: one column
    assert wizard.source is not None and wizard.source.delimiter == ","


def test_a_cancel_during_the_import_keeps_nothing(
    qtbot: QtBot,
    admin: Context,
    unit_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "stor.csv"
    lines = [f"2025-01-{n % 28 + 1:02d};{UNIT};Händelse {n};Text" for n in range(1_500)]
    path.write_text("Datum;Enhet;Rubrik;Beskrivning\n" + "\n".join(lines) + "\n", "utf-8")
    # The worker waits after its first batch until the user has pressed "Avbryt importen".
    pressed = threading.Event()
    advance = Progress.advance

    def held(progress: Progress, done: int) -> None:
        advance(progress, done)
        if progress.total:  # the import (the check has no total)
            assert pressed.wait(WAIT_MS / 1000)

    monkeypatch.setattr(Progress, "advance", held)
    wizard = show(qtbot, ImportWizard(None, admin, "avvikelse"), (1280, 800))
    wizard.path_edit.setText(str(path))
    wizard.next()
    _page_is(qtbot, wizard, wizard.preview_page)
    wizard.next()
    wizard.next()
    _page_is(qtbot, wizard, wizard.report_page)
    wizard.next()
    cancel = find_by_name(wizard, QPushButton, "Avbryt importen")
    assert cancel.isVisible() and focused(wizard) is cancel
    qtbot.keyClick(cancel, Qt.Key.Key_Space)
    pressed.set()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=WAIT_MS)
    assert wizard.run_label.text() == "Importen avbröts. Inget importerades."
    assert wizard.outcome is None and _titles(admin) == []


def test_the_columns_step_suggests_the_history_fields_and_imports_them_closed(
    qtbot: QtBot, admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = tmp_path / "avvikelser i fjol.csv"
    path.write_text(
        "Datum;Rapporterad;Enhet;Rubrik;Beskrivning;Status;Slutsats;Avslutad\n"
        f"2025-02-03;2025-02-04;{UNIT};Fall i hallen;Brukaren föll;avslutad;Matta;2025-03-01\n",
        encoding="utf-8",
    )
    wizard = show(qtbot, ImportWizard(None, admin, "avvikelse", lambda: None), (1280, 800))
    type_into(qtbot, focused(wizard), str(path) + "\n")
    _page_is(qtbot, wizard, wizard.preview_page)
    _press(qtbot, wizard, Qt.Key.Key_N)
    _page_is(qtbot, wizard, wizard.columns_page)
    chosen = {
        field: find_by_name(wizard, QComboBox, f"Kolumn för {field}").currentText()
        for field in ("Registrerad", "Status", "Slutsats", "Avslutad")
    }
    assert chosen == {
        "Registrerad": "Rapporterad",
        "Status": "Status",
        "Slutsats": "Slutsats",
        "Avslutad": "Avslutad",
    }
    check(problems(wizard, "kolumner med historik"))
    _press(qtbot, wizard, Qt.Key.Key_N)
    _page_is(qtbot, wizard, wizard.report_page)
    # The report says how many rows come in closed, and so does the end of the import.
    assert "Avslutade i det tidigare systemet (importeras som avslutade): 1." in (
        wizard.summary_label.text()
    )
    _press(qtbot, wizard, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: wizard.outcome is not None, timeout=WAIT_MS)
    assert "Av dem är 1 avslutade, som i det tidigare systemet." in wizard.run_label.text()
    with admin.reading() as session:
        row = session.scalars(select(Deviation)).one()
    assert (row.status, str(row.closed_on), row.conclusion) == ("avslutad", "2025-03-01", "Matta")
