"""The avvikelse editor with keyboard and mouse: a medarbetare registers an avvikelse; the
unit manager completes it, investigates it with a cause, adds a measure with its follow-up,
gives återföring and closes it; "Gör lex Sarah-rapport" makes a linked lex Sarah rapport."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from helpers import click, find_by_name, press, show, shown_child, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import listing, organisation, record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.domain import DeviationStatus
from kvalitet_desktop.workflows.deviations.ui.editor import DeviationEditor
from kvalitet_desktop.workflows.deviations.ui.measures import MeasureDialog
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.ui.editor import CaseDialog
from kvalitet_desktop.workflows.lexsarah.ui.new_report import NewReportDialog
from registers import register

pytestmark = pytest.mark.usefixtures("answers")  # message boxes answer without blocking


@pytest.fixture
def staff(admin: Context, unit_id: str) -> Context:
    organisation.save_user(
        admin, organisation.UserInput("medarbetare", "Nils Nilsson", None, [Role.STAFF], [unit_id])
    )
    return Context.for_login(admin.db, "medarbetare")


def _open(qtbot: QtBot, ctx: Context, deviation_id: str | None) -> tuple[QWidget, DeviationEditor]:
    """The editor over a host window (as from the list page); the host, closed at the end of
    the test, takes the editor with it."""
    host = show(qtbot, QWidget())
    editor = DeviationEditor(host, ctx, deviation_id)
    editor.show()
    qtbot.waitExposed(editor)
    return host, editor


def _tab(qtbot: QtBot, editor: DeviationEditor, text: str) -> None:
    tabs = find_by_name(editor, QTabWidget, "Avvikelsens delar")
    index = next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "") == text)
    tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: tabs.currentIndex() == index)


def _register_as_staff(qtbot: QtBot, staff: Context) -> str:
    host, editor = _open(qtbot, staff, None)
    title = find_by_name(editor, QLineEdit, "Rubrik")
    qtbot.waitUntil(title.hasFocus)
    type_into(qtbot, title, "Morgonbesöket blev inte av")
    description = find_by_name(editor, QPlainTextEdit, "Vad hände?")
    click(qtbot, description)
    type_into(qtbot, description, "Ingen kom till den enskilde på morgonen.")
    qtbot.keyClick(description, Qt.Key.Key_Tab)  # on to the consequences
    type_into(qtbot, editor.focusWidget(), "Den enskilde fick ingen frukost.")
    press(qtbot, editor, "Registrera")
    box = shown_child(host, QMessageBox)
    assert "AV-" in box.text() and "registrerad" in box.text()
    box.close()
    [row] = listing.fetch(staff, "avvikelse", listing.ListQuery())
    return str(row["id"])


def test_a_medarbetare_registers_and_the_manager_investigates_and_closes(
    qtbot: QtBot, staff: Context, manager: Context, unit_id: str
) -> None:
    deviation_id = _register_as_staff(qtbot, staff)
    stored = deviations.get_deviation(manager, deviation_id)
    assert stored.reporter_name == "Nils Nilsson"
    assert stored.consequence == "Den enskilde fick ingen frukost."

    _host, editor = _open(qtbot, manager, deviation_id)
    # Completed: lagrum (HSL shows the lex Maria prompt) and the category.
    legal = find_by_name(editor, QComboBox, "Lagrum")
    legal.setCurrentIndex(legal.findText("HSL"))
    assert find_by_name(editor, QLabel, "Kan vara lex Maria – kontakta MAS").isVisible()
    legal.setCurrentIndex(legal.findText("SoL"))
    category = find_by_name(editor, QComboBox, "Kategori")
    category.setCurrentIndex(category.findText("Beviljad insats ej utförd"))

    _tab(qtbot, editor, "Utredning")
    analysis = find_by_name(editor, QPlainTextEdit, "Utredning")
    click(qtbot, analysis)
    type_into(qtbot, analysis, "Schemat ändrades utan att planeraren fick veta.")
    cause = find_by_name(editor, QLineEdit, "Ny orsak")
    click(qtbot, cause)
    type_into(qtbot, cause, "Schemabyten stäms inte av")
    qtbot.keyClick(cause, Qt.Key.Key_Return)  # Enter adds the cause
    press(qtbot, editor, "Spara")
    view = deviations.get_deviation(manager, deviation_id)
    assert view.status is DeviationStatus.INVESTIGATING
    assert view.category == "beviljad insats ej utförd" and view.legal_basis == "SoL"
    assert [c.description for c in view.causes] == ["Schemabyten stäms inte av"]

    _tab(qtbot, editor, "Åtgärder")
    press(qtbot, editor, "Ny åtgärd…")
    dialog = shown_child(editor, MeasureDialog)
    measure_title = find_by_name(dialog, QLineEdit, "Åtgärd")
    type_into(qtbot, measure_title, "Avstämning av schemabyten varje vecka")
    press(qtbot, dialog, "Lägg till åtgärden")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    view = deviations.get_deviation(manager, deviation_id)
    [measure] = view.measures
    assert measure.title == "Avstämning av schemabyten varje vecka"
    assert [f.status for f in measure.follow_ups] == [FollowUpStatus.PLANNED]

    _tab(qtbot, editor, "Återföring")
    how = find_by_name(editor, QComboBox, "Hur")
    how.setCurrentIndex(how.findText("Vid APT"))
    to = find_by_name(editor, QPlainTextEdit, "Till vem")
    click(qtbot, to)
    type_into(qtbot, to, "Personalgruppen")
    on = find_by_name(editor, QLineEdit, "Återföring, datum")
    click(qtbot, on)
    type_into(qtbot, on, date.today().isoformat())

    _tab(qtbot, editor, "Avslut")
    conclusion = find_by_name(editor, QPlainTextEdit, "Slutsats")
    click(qtbot, conclusion)
    type_into(qtbot, conclusion, "Rutinen för schemabyten ändras.")
    press(qtbot, editor, "Avsluta avvikelsen")
    view = deviations.get_deviation(manager, deviation_id)
    assert view.status is DeviationStatus.CLOSED
    assert view.feedback_how == "vid APT" and view.feedback_to == "Personalgruppen"
    assert view.conclusion == "Rutinen för schemabyten ändras."
    assert find_by_name(editor, QPushButton, "Öppna igen…").isVisible()


def test_staff_are_told_what_is_missing_and_keep_what_they_typed(
    qtbot: QtBot, staff: Context
) -> None:
    editor = show(qtbot, DeviationEditor(None, staff, None))
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), "Larmet")
    press(qtbot, editor, "Registrera")
    assert "Beskriv vad som hände." in editor.errors.messages()["description"]
    assert find_by_name(editor, QLineEdit, "Rubrik").text() == "Larmet"


def test_make_a_lex_sarah_report_linked_both_ways(
    qtbot: QtBot,
    admin: Context,
    staff: Context,
    manager: Context,
    unit_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register(admin, unit_id, "HT-0042")
    view = deviations.register(
        staff,
        deviations.RegistrationInput(
            "Fel läkemedel gavs",
            unit_id,
            stored_time(),
            "Den enskilde fick grannens tabletter.",
            consequence="Yrsel under eftermiddagen.",
            immediate_measures="Sjuksköterskan kontaktades direkt.",
            individual="HT-0042",
        ),
    )
    made: list[NewReportDialog] = []

    def send_prefilled(dialog: NewReportDialog) -> int:
        made.append(dialog)
        form = dialog.form
        assert dialog.title_edit.text() == "Fel läkemedel gavs"
        assert form.editor("beskrivning").value() == "Den enskilde fick grannens tabletter."
        assert form.editor("enskild").value() == "HT-0042"
        assert form.editor("omedelbara_atgarder").value() == "Sjuksköterskan kontaktades direkt."
        # What the lex Sarah form asks that an avvikelse does not hold, the user completes.
        form.editor("rapportor_befattning").set_value("Enhetschef")
        form.editor("rapportor_enhet").set_value(unit_id)
        form.editor("typ").set_value("missförhållande")
        form.editor("uppmarksammat_hur").set_value("Vid överlämningen.")
        form.editor("kategori").set_value("beviljad insats felaktigt utförd")
        assert dialog.send()
        return 1

    monkeypatch.setattr(NewReportDialog, "exec", send_prefilled)
    host, editor = _open(qtbot, manager, view.id)
    press(qtbot, editor, "Gör lex Sarah-rapport…")
    assert made and made[0].case_id is not None
    shown_child(host, QMessageBox).close()
    case_id = made[0].case_id
    # The manager may not read lex Sarah cases: the link says only that one exists.
    linked = find_by_name(editor, QLabel, "Kopplade poster")
    assert "visas bara för den som får läsa lex Sarah-ärenden" in linked.text()
    assert "LS-" not in linked.text()
    [seen] = record_links.linked(manager, RecordRef("avvikelse", view.id))
    assert seen.summary is None
    # The administrator (who may) sees the number and status, and the case its origin.
    [known] = record_links.linked(admin, RecordRef("avvikelse", view.id))
    case = lexsarah.get_case(admin, case_id)
    assert known.summary is not None and known.summary.number == case.number
    assert known.summary.status == "rapporterad"
    [origin] = record_links.linked(admin, RecordRef("lexsarah", case_id))
    assert origin.made_from and origin.summary is not None
    assert origin.summary.number == view.number
    case_dialog = CaseDialog(None, admin, case_id)
    qtbot.addWidget(case_dialog)
    shown = find_by_name(case_dialog, QLabel, "Kopplade poster").text()
    assert "Gjord från: " in shown and view.number in shown


def stored_time() -> datetime:
    return datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2)
