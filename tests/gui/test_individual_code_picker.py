"""The individual's code picked from the unit's register in the risk analysis, avvikelse and
lex Sarah editors: picked by typing part of it and the keyboard, a code not in the register
refused at the field (offered "Lägg till i registret" to whom keeps the register), older
records with codes outside the register still open and save."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers import activate, click, find_by_name, press, show, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.widgets.individual_picker import IndividualCodeField
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.ui.editor import DeviationEditor
from kvalitet_desktop.workflows.lexsarah.ui.new_report import NewReportDialog
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel
from kvalitet_desktop.workflows.risk.ui.editor import RiskAnalysisEditor

pytestmark = pytest.mark.usefixtures("answers")

NOT_IN_REGISTER = "Koden SOL-99 finns inte i enhetens register."


@pytest.fixture
def registered(admin: Context, unit_id: str) -> list[str]:
    for code, insats in (("SOL-07", "Daglig verksamhet"), ("SOL-12", "Daglig verksamhet")):
        individuals.save_individual(admin, IndividualInput(code, unit_id, insats))
    return ["SOL-07", "SOL-12"]


@pytest.fixture
def staff(admin: Context, unit_id: str) -> Context:
    organisation.save_user(
        admin, organisation.UserInput("medarbetare", "Nils Nilsson", None, [Role.STAFF], [unit_id])
    )
    return Context.for_login(admin.db, "medarbetare")


def _field(qtbot: QtBot, ctx: Context, unit_id: str) -> IndividualCodeField:
    field = show(qtbot, IndividualCodeField(ctx, "Kod"))
    field.set_unit(unit_id)
    return field


def _pick_by_typing(qtbot: QtBot, combo: QComboBox, part: str) -> None:
    """Type part of a code, then Down and Enter in the list of matches."""
    combo.setFocus()
    type_into(qtbot, combo.lineEdit(), part)
    completer = combo.completer()
    assert completer is not None
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)


@pytest.mark.usefixtures("registered")
def test_a_code_is_picked_by_typing_part_of_it(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    field = _field(qtbot, manager, unit_id)
    assert field.picker is not None
    assert [field.picker.itemText(i) for i in range(field.picker.count())] == [
        "SOL-07 – Daglig verksamhet",
        "SOL-12 – Daglig verksamhet",
    ]
    _pick_by_typing(qtbot, field.picker, "12")
    assert field.code() == "SOL-12"
    assert field.picker.currentText() == "SOL-12"  # the insats helped pick, the code stays
    assert field.problem() is None
    assert not field.note.isVisible() and not field.add_button.isVisible()


@pytest.mark.usefixtures("registered")
def test_the_unit_manager_adds_a_new_code_to_the_register_from_the_field(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    field = _field(qtbot, manager, unit_id)
    assert field.picker is not None
    type_into(qtbot, field.picker.lineEdit(), "sol-99")
    assert field.problem() is not None and field.problem().startswith(NOT_IN_REGISTER)
    assert field.note.isVisible() and field.note.text() == "Finns inte i enhetens register: SOL-99"
    button = find_by_name(field, QPushButton, "Lägg till Kod i registret")
    assert button.isVisible()
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert "SOL-99" in [e.code for e in individuals.register(manager, unit_id)]
    assert field.code() == "SOL-99" and field.problem() is None
    assert not button.isVisible()


@pytest.mark.usefixtures("registered")
def test_staff_are_refused_a_code_outside_the_register_and_told_what_to_do(
    qtbot: QtBot, staff: Context, unit_id: str
) -> None:
    field = show(qtbot, IndividualCodeField(staff, "Kod", specials=("flera", "okänd")))
    field.set_unit(unit_id)
    assert field.picker is not None
    type_into(qtbot, field.picker.lineEdit(), "SOL-99")
    assert field.problem() == (
        NOT_IN_REGISTER + " Välj en kod ur listan, skriv ”okänd” eller be enhetschefen "
        "lägga till personen."
    )
    assert not field.add_button.isVisible()
    field.picker.lineEdit().clear()
    type_into(qtbot, field.picker.lineEdit(), "okänd")
    assert field.problem() is None
    # A code the record already held stays acceptable.
    field.set_codes("GAM-01")
    assert field.problem() is None


@pytest.mark.usefixtures("registered")
def test_several_codes_complete_one_after_the_other(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    field = show(qtbot, IndividualCodeField(manager, "Koder", multiple=True))
    field.set_unit(unit_id)
    activate(qtbot, field)  # a line edit follows its completer while it has the focus
    field.edit.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    type_into(qtbot, field.edit, "SOL-07, 12")
    popup = field.edit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert field.codes() == ["SOL-07", "SOL-12"]
    type_into(qtbot, field.edit, ", SOL-98, SOL-99")
    assert field.problem() == (
        "Koderna SOL-98, SOL-99 finns inte i enhetens register. Lägg till i registret, "
        "eller välj en kod ur listan."
    )


@pytest.mark.usefixtures("registered")
def test_an_individual_risk_analysis_takes_its_code_from_the_register(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    editor = RiskAnalysisEditor(None, manager, None)
    show(qtbot, editor)
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), "Ny daglig verksamhet för en")
    click(qtbot, find_by_name(editor, QRadioButton, "Individnivå"))
    code = find_by_name(editor, QComboBox, "Kod för den enskilde")
    type_into(qtbot, code.lineEdit(), "SOL-99")
    press(qtbot, editor, "Spara utkast")
    assert editor.analysis_id is None
    assert editor.errors.messages()["individual_code"].startswith(NOT_IN_REGISTER)

    code.lineEdit().clear()
    _pick_by_typing(qtbot, code, "07")
    press(qtbot, editor, "Spara utkast")
    assert editor.analysis_id is not None
    assert risk.get_analysis(manager, editor.analysis_id).individual_code == "SOL-07"


def _left_register(ctx: Context, unit_id: str, *codes: str) -> None:
    """The older record was made while ``codes`` were in the register (``_remove`` after)."""
    for code in codes:
        individuals.save_individual(ctx, IndividualInput(code, unit_id))


def _remove(ctx: Context, unit_id: str, *codes: str) -> None:
    for entry in individuals.register(ctx, unit_id):
        if entry.code in codes:
            individuals.remove_individual(ctx, entry.id, "Insatsen avslutad")


def test_an_older_analysis_with_a_code_outside_the_register_opens_and_saves(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    _left_register(manager, unit_id, "GAM-01")
    stored = risk.save_analysis(
        manager,
        risk.RiskAnalysisInput(
            title="Ensam på helgerna",
            unit_id=unit_id,
            level=AnalysisLevel.INDIVIDUAL,
            individual_code="GAM-01",
        ),
    )
    _remove(manager, unit_id, "GAM-01")
    editor = show(qtbot, RiskAnalysisEditor(None, manager, stored.id))
    code = find_by_name(editor, QComboBox, "Kod för den enskilde")
    assert code.currentText() == "GAM-01"
    title = find_by_name(editor, QLineEdit, "Rubrik")
    type_into(qtbot, title, " och kvällarna")
    press(qtbot, editor, "Spara utkast")
    saved = risk.get_analysis(manager, stored.id)
    assert saved.title == "Ensam på helgerna och kvällarna"
    assert saved.individual_code == "GAM-01"


@pytest.mark.usefixtures("registered")
def test_an_avvikelse_names_individuals_from_the_register(
    qtbot: QtBot, staff: Context, manager: Context, unit_id: str
) -> None:
    host = show(qtbot, QWidget())
    editor = DeviationEditor(host, staff, None)
    editor.show()
    qtbot.waitExposed(editor)
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), "Morgonbesöket uteblev")
    description = find_by_name(editor, QPlainTextEdit, "Vad hände?")
    click(qtbot, description)
    type_into(qtbot, description, "Ingen kom på morgonen.")
    single = find_by_name(editor, QComboBox, "Enskild (kod)")
    type_into(qtbot, single.lineEdit(), "SOL-99")
    press(qtbot, editor, "Registrera")
    assert editor.errors.messages()["individual"].startswith(NOT_IN_REGISTER)
    assert single.currentText() == "SOL-99"  # what was typed stays

    single.lineEdit().clear()
    _pick_by_typing(qtbot, single, "sol-0")
    press(qtbot, editor, "Registrera")
    [row] = listing.fetch(staff, "avvikelse", listing.ListQuery())
    assert deviations.get_deviation(manager, str(row["id"])).individual == "SOL-07"


def test_an_older_avvikelse_with_codes_outside_the_register_saves(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    _left_register(manager, unit_id, "GAM-01", "GAM-02")
    view = deviations.register(
        manager,
        deviations.RegistrationInput(
            title="Fel dos",
            unit_id=unit_id,
            occurred_at=datetime(2026, 3, 2, 8, 0),
            description="Fel dos gavs.",
            individual="flera",
            individuals=["GAM-01", "GAM-02"],
        ),
    )
    _remove(manager, unit_id, "GAM-01", "GAM-02")
    host = show(qtbot, QWidget())
    editor = DeviationEditor(host, manager, view.id)
    editor.show()
    qtbot.waitExposed(editor)
    codes = find_by_name(editor, QLineEdit, "Berörda koder")
    assert codes.text() == "GAM-01, GAM-02"
    place = find_by_name(editor, QLineEdit, "Plats")
    type_into(qtbot, place, "Köket")
    press(qtbot, editor, "Spara")
    saved = deviations.get_deviation(manager, view.id)
    assert saved.place == "Köket" and list(saved.individuals) == ["GAM-01", "GAM-02"]


@pytest.mark.usefixtures("registered")
def test_a_lex_sarah_report_picks_the_code_from_the_units_register(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    host = show(qtbot, QWidget())
    dialog = NewReportDialog(host, manager)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    code = find_by_name(dialog, QComboBox, "Berörd enskild")
    assert code.count() == 2  # the unit's register, the manager's one unit chosen already
    type_into(qtbot, code.lineEdit(), "SOL-99")
    press(qtbot, dialog, "Skicka rapport")
    assert dialog.case_id is None
    assert form.shown_errors()["enskild"][0].startswith(NOT_IN_REGISTER)
    button = find_by_name(dialog, QPushButton, "Lägg till Berörd enskild i registret")
    click(qtbot, button)
    assert form.editor("enskild").value() == "SOL-99"
    assert form.register_problems() == []
    assert "SOL-99" in [e.code for e in individuals.register(manager, unit_id)]
    note = find_by_name(dialog, QLabel, "Berörd enskild: registret")
    assert not note.isVisible()
    QApplication.processEvents()


@pytest.mark.usefixtures("registered")
def test_a_lex_sarah_report_about_several_checks_each_rows_code(
    qtbot: QtBot, staff: Context, unit_id: str
) -> None:
    host = show(qtbot, QWidget())
    dialog = NewReportDialog(host, staff)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    form.editor("enskild").set_value("flera")
    form.changed.emit()
    press(qtbot, dialog, "Lägg till rad")
    first = find_by_name(dialog, QComboBox, "Kod, rad 1")
    assert first.count() == 2  # the unit's register
    type_into(qtbot, first.lineEdit(), "SOL-07")
    press(qtbot, dialog, "Lägg till rad")
    second = find_by_name(dialog, QComboBox, "Kod, rad 2")
    type_into(qtbot, second.lineEdit(), "SOL-99")
    assert [(e.field, e.message.split(".")[0]) for e in form.register_problems()] == [
        ("enskilda.1.kod", "Koden SOL-99 finns inte i enhetens register")
    ]
    # Staff may not add to the register: no button, and sending is refused at the row.
    assert not find_by_name(dialog, QPushButton, "Lägg till Kod, rad 2 i registret").isVisible()
    press(qtbot, dialog, "Skicka rapport")
    assert dialog.case_id is None
    assert form.shown_errors()["enskilda.1.kod"][0].endswith("be enhetschefen lägga till personen.")
