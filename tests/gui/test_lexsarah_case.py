"""A lex Sarah case carried from rapport to avslut through the dialogs: the report, the
receipt, the investigation with a preventive measure, the notification to IVO with its PDF,
the investigation sent, and the closing."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from helpers import Printed, choose, click, find_by_name, press, show, shown_child, type_into
from lexsarah_answers import investigation_answers, report_answers
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.ui.records import open_record
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus, Seriousness
from kvalitet_desktop.workflows.lexsarah.ui.editor import TAB_NAMES, CaseDialog
from kvalitet_desktop.workflows.lexsarah.ui.ivo import SentDialog
from kvalitet_desktop.workflows.lexsarah.ui.new_report import NewReportDialog
from kvalitet_desktop.workflows.lexsarah.ui.preventive import PreventiveMeasureDialog
from kvalitet_desktop.workflows.measures import service as measures

pytestmark = pytest.mark.usefixtures("answers", "lex_sarah_individual")

DESCRIPTION = "Trygghetslarmet fungerade inte under natten."


@pytest.fixture
def people(admin: Context, unit_id: str) -> dict[str, Context]:
    def user(login: str, name: str, role: Role) -> Context:
        organisation.save_user(admin, organisation.UserInput(login, name, None, [role], [unit_id]))
        return Context.for_login(admin.db, login)

    return {
        "ansvarig": user("lena.lind", "Lena Lind", Role.LEX_SARAH),
        "utredare": user("eva.ek", "Eva Ek", Role.INVESTIGATOR),
        "personal": user("asa.oberg", "Åsa Öberg", Role.STAFF),
    }


def pdf_text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def file_report(qtbot: QtBot, staff: Context, unit_id: str) -> str:
    host = show(qtbot, QWidget())
    dialog = NewReportDialog(host, staff)
    show(qtbot, dialog)
    form = dialog.form
    # The bulk of the required answers at once; the rest is typed and chosen like a user.
    answers = form.answers()
    answers.values.update(
        {
            "rapportor_befattning": "Undersköterska",
            "enhet": unit_id,
            "enskild": "SB-0312",
            "typ": "missförhållande",
            "uppmarksammat_tid": "2026-03-02 07:30",
            "uppmarksammat_hur": "Morgonpersonalen fann den enskilde på golvet.",
            "konsekvenser": "Den enskilde låg på golvet i flera timmar och var rädd.",
            "atgarder_vidtagna": {"svar": "ja", "motivering": ""},
            "omedelbara_atgarder": "Larmet byttes samma dag.",
        }
    )
    form.set_answers(answers)
    assert form.editor("rapportor_namn").value() == "Åsa Öberg"  # reporting for oneself

    press(qtbot, dialog, "Skicka rapport")  # no title, no description, no category yet
    assert dialog.case_id is None
    assert dialog.errors.messages() == {"title": "Skriv en kort rubrik för rapporten."}
    assert set(form.shown_errors()) == {"beskrivning", "kategori"}

    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Larmet fungerade inte")
    type_into(
        qtbot,
        find_by_name(dialog, QPlainTextEdit, "Vad har hänt, eller vad består risken i?"),
        DESCRIPTION,
    )
    category = find_by_name(dialog, QComboBox, "Kategori")
    category.setFocus()
    while category.currentText() != "fysisk miljö och teknik":
        qtbot.keyClick(category, Qt.Key.Key_Down)
    press(qtbot, dialog, "Skicka rapport")

    assert dialog.case_id is not None
    box = shown_child(host, QMessageBox)
    number = lexsarah.my_reports(staff)[0].number
    assert box.text() == (
        f"Rapporten är mottagen som {number}. Lex Sarah-ansvarig tar hand om den."
    )
    return dialog.case_id


def test_a_case_from_report_to_closed(
    qtbot: QtBot,
    people: dict[str, Context],
    unit_id: str,
    printed: Printed,
    request: pytest.FixtureRequest,
) -> None:
    questions: SimpleNamespace = request.getfixturevalue("answers")
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    case_id = file_report(qtbot, people["personal"], unit_id)
    assert lexsarah.get_case(ansvarig, case_id).category == "fysisk miljö och teknik"

    # Mottagande: the lex Sarah-ansvarig protects the individual and appoints Eva Ek.
    dialog = open_record(None, ansvarig, "lexsarah", case_id)
    assert isinstance(dialog, CaseDialog)
    qtbot.waitExposed(dialog)
    assert dialog.tabs.currentIndex() == TAB_NAMES.index("mottagande")
    receipt = dialog.receipt
    press(qtbot, dialog, "Bekräfta mottagandet")
    assert set(receipt.errors.messages()) == {"individual_protected", "investigator_id"}
    click(qtbot, receipt.protected.buttons["ja"])
    choose(receipt.investigator, "Eva Ek")
    click(qtbot, receipt.serious.buttons["ja"])
    type_into(qtbot, receipt.serious_note, "Hon låg på golvet i flera timmar.")
    press(qtbot, dialog, "Bekräfta mottagandet")
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.status is CaseStatus.RECEIVED and case.investigator_name == "Eva Ek"
    assert not receipt.is_editing()
    assert dialog.finish_due.text().startswith("Utredning klar senast ")
    dialog.close()

    # Utredning, by the appointed investigator, and a preventive measure tied to a cause.
    dialog = open_record(None, utredare, "lexsarah", case_id)
    assert isinstance(dialog, CaseDialog)
    assert dialog.tabs.currentIndex() == TAB_NAMES.index("utredning")
    assert not dialog.receipt.is_editing() and not dialog.ivo.register_button.isVisible()
    dialog.investigation.set_answers(
        investigation_answers(
            utredare.actor.id,
            ansvarig.actor.id,
            "allvarligt missförhållande",
            handelse_beskrivning=DESCRIPTION,
            paborjad=date.today().isoformat(),  # received today, in this dialog
        )
    )
    press(qtbot, dialog, "Markera som klar")
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.status is CaseStatus.INVESTIGATING
    assert case.seriousness is Seriousness.SERIOUS and len(case.causes) == 1
    assert dialog.preventive.cause_table.rowCount() == 1

    press(qtbot, dialog, "Ny förebyggande åtgärd…")
    new = shown_child(dialog, PreventiveMeasureDialog)
    type_into(
        qtbot, find_by_name(new, QLineEdit, "Rubrik"), "Rutin: testa larmet efter batteribyte"
    )
    choose(find_by_name(new, QComboBox, "Ansvarig"), "Lena Lind")
    due = (date.today() + timedelta(days=14)).isoformat()
    type_into(qtbot, find_by_name(new, QLineEdit, "Klart senast"), due)
    follow_up = (date.today() + timedelta(days=60)).isoformat()
    type_into(qtbot, find_by_name(new, QLineEdit, "Planerad"), follow_up)
    press(qtbot, new, "Lägg till åtgärden")  # no cause chosen
    assert new.errors.messages() == {
        "cause_ids": "En förebyggande åtgärd måste kopplas till minst en orsak."
    }
    causes = find_by_name(new, QListWidget, "Orsaker som åtgärden ska motverka")
    causes.setFocus()
    causes.setCurrentRow(0)
    qtbot.keyClick(causes, Qt.Key.Key_Space)
    press(qtbot, new, "Lägg till åtgärden")
    assert not new.isVisible()
    (cause,) = lexsarah.get_case(ansvarig, case_id).causes
    (measure_id,) = cause.measure_ids
    view = measures.get_measure(ansvarig, measure_id)
    assert view.title == "Rutin: testa larmet efter batteribyte" and view.follow_ups
    assert dialog.preventive.measure_table.rowCount() == 1
    assert not dialog.is_dirty()
    dialog.close()

    # Anmälan till IVO, by the lex Sarah-ansvarig: refused closing first, then the notice.
    dialog = open_record(None, ansvarig, "lexsarah", case_id)
    assert isinstance(dialog, CaseDialog)
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("avslut"))
    press(qtbot, dialog, "Avsluta ärendet")
    assert "anmälas till IVO" in dialog.closing.message.text()

    dialog.tabs.setCurrentIndex(TAB_NAMES.index("ivo"))
    ivo = dialog.ivo
    assert ivo.stack.currentWidget() is ivo.page
    prefilled = ivo.form.answers().values
    assert prefilled["kommun"] == "Exempelå kommun"
    assert prefilled["beskrivning"] == DESCRIPTION
    assert prefilled["kategori"] == "allvarligt missförhållande"
    assert prefilled["planerade_atgarder"] == "Rutin: testa larmet efter batteribyte"
    answers = ivo.form.answers()
    answers.values.update(
        {
            "postadress": "Box 1, 123 45 Exempelå",
            "verksamhetstyp": "Särskilt boende",
            "besoksadress": "Storgatan 1, Exempelå",
            "kontakt_befattning": "Lex Sarah-ansvarig",
            "kontakt_telefon": "010-123 45 67",
            "utredning_bifogas": {"svar": "nej", "motivering": "Utredningen skrivs ut."},
            "utredning_skickas": (date.today() + timedelta(days=10)).isoformat(),
            "satt": "post",
            "anmald_av_befattning": "Lex Sarah-ansvarig",
        }
    )
    ivo.form.set_answers(FormAnswers(answers.values))
    # Printed (and posted) first, registered afterwards; complete, so not marked as a draft.
    press(qtbot, dialog, "Skriv ut anmälan (PDF)")
    qtbot.waitUntil(lambda: bool(printed))
    assert printed[-1][1] == f"Anmälan till IVO {dialog.view.number}"
    assert lexsarah.get_case(ansvarig, case_id).ivo_notified_on is None
    press(qtbot, dialog, "Registrera anmälan")
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.ivo_notified_on == date.today() and case.ivo_investigation_due is not None
    assert ivo.form.is_read_only() and not ivo.register_button.isVisible()

    printed.clear()
    press(qtbot, dialog, "Skriv ut anmälan (PDF)")
    qtbot.waitUntil(lambda: bool(printed))
    pdf, title, _stem = printed[-1]
    assert title == f"Anmälan till IVO {case.number}"
    text = pdf_text(pdf)
    assert DESCRIPTION in text and "Exempelå kommun" in text

    press(qtbot, dialog, "Utredningen skickad till IVO…")
    sent = shown_child(dialog, SentDialog)
    press(qtbot, sent, "Registrera")
    assert lexsarah.get_case(ansvarig, case_id).investigation_sent_to_ivo_on == date.today()

    # Avslut.
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("avslut"))
    assert dialog.closing.values["avslut_form"].text() == "Beslut"
    press(qtbot, dialog, "Avsluta ärendet")
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.status is CaseStatus.CLOSED
    assert dialog.tabs.currentIndex() == TAB_NAMES.index("larande")
    assert dialog.investigation.is_read_only()
    assert "Avslutad" in dialog.facts.text()
    dialog.close()
    assert questions.asked == []  # nothing was left unsaved on the way


def test_the_notification_is_printed_before_it_is_registered(
    qtbot: QtBot, people: dict[str, Context], admin: Context, unit_id: str, printed: Printed
) -> None:
    """The addresses are prefilled from the municipality and the unit; what is typed is
    printed as it stands (a draft while required answers are missing), nothing registered."""
    organisation.update_municipality(
        admin, "Exempelå kommun", "212000-0142", None, "Box 1\n123 45 Exempelå"
    )
    with admin.db.session() as session:
        unit = session.scalar(select(Unit).where(Unit.id == unit_id))
        assert unit is not None
        unit.address = "Solrosvägen 3, 123 46 Exempelå"
        session.commit()
    ansvarig = people["ansvarig"]
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, ansvarig.actor.id)),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(
            datetime.now(), True, None, people["utredare"].actor.id, True, "Kan vara allvarligt."
        ),
    )
    dialog = show(qtbot, CaseDialog(None, ansvarig, case_id))
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("ivo"))
    ivo = dialog.ivo
    assert ivo.stack.currentWidget() is ivo.page and ivo.print_button.isEnabled()
    prefilled = ivo.form.answers().values
    assert prefilled["postadress"] == "Box 1\n123 45 Exempelå"
    assert prefilled["besoksadress"] == "Solrosvägen 3, 123 46 Exempelå"

    typed = "Larmet var avstängt i åtta timmar."
    description = find_by_name(ivo, QPlainTextEdit, "Vad har hänt, eller vad består risken i?")
    description.setFocus()
    description.selectAll()
    type_into(qtbot, description, typed)
    assert ivo.form.answers().values["beskrivning"] == typed
    press(qtbot, dialog, "Skriv ut anmälan (PDF)")
    qtbot.waitUntil(lambda: bool(printed))
    pdf, title, stem = printed[-1]
    number = dialog.view.number
    assert title == f"Anmälan till IVO {number} – Utkast – obligatoriska uppgifter saknas"
    assert stem.startswith("ivo-anmalan-")
    text = pdf_text(pdf)
    assert typed in text and "Solrosvägen 3, 123 46 Exempelå" in text
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.ivo_notified_on is None
    assert ivo.banner.text() == "" and ivo.register_button.isVisible()
    dialog.close()


def test_closing_problems_in_the_investigation_show_at_its_fields(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    """A report that turns out not to be a missförhållande closes on a ställningstagande; a
    missing text is shown at its field in the investigation tab."""
    ansvarig = people["ansvarig"]
    case_id = file_report(qtbot, people["personal"], unit_id)
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(
            datetime.now(),
            True,
            None,
            people["utredare"].actor.id,
        ),
    )
    dialog = CaseDialog(None, ansvarig, case_id)
    show(qtbot, dialog)
    dialog.investigation.set_answers(
        FormAnswers(
            {
                "bedomning": "inte missförhållande",
                "bedomning_motivering": "Den enskilde hade själv stängt av larmet.",
                "avslut_form": "ställningstagande",
                "avslut_av": ansvarig.actor.id,
                "avslut_av_befattning": "Lex Sarah-ansvarig",
                "avslut_datum": date.today().isoformat(),
            }
        )
    )
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("avslut"))
    assert dialog.closing.values["bedomning"].text() == "Inte ett missförhållande"
    press(qtbot, dialog, "Avsluta ärendet")
    assert dialog.tabs.currentIndex() == TAB_NAMES.index("utredning")
    assert list(dialog.investigation.shown_errors()) == ["avslut_text"]
    dialog.investigation.editor("avslut_text").set_value("Det var inte ett missförhållande.")
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("avslut"))
    press(qtbot, dialog, "Avsluta ärendet")
    assert lexsarah.get_case(ansvarig, case_id).status is CaseStatus.CLOSED


def test_typing_in_a_case_is_kept(
    qtbot: QtBot,
    people: dict[str, Context],
    unit_id: str,
    request: pytest.FixtureRequest,
) -> None:
    """Spara stores the investigation as a draft; a receipt typed but not confirmed stays in
    the autosaved draft and is offered again; history opens from the case."""
    questions: SimpleNamespace = request.getfixturevalue("answers")
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    first = file_report(qtbot, people["personal"], unit_id)
    dialog = show(qtbot, CaseDialog(None, ansvarig, first))
    type_into(qtbot, dialog.receipt.protection_note, "Extra tillsyn i natt.")
    assert dialog.is_dirty()
    questions.queue = [QMessageBox.StandardButton.Save]
    dialog.close()  # "Spara": nothing to store yet, the typing stays as a draft
    assert lexsarah.get_case(ansvarig, first).status is CaseStatus.REPORTED
    questions.queue = [QMessageBox.StandardButton.Yes]  # "Återställ"
    again = show(qtbot, CaseDialog(None, ansvarig, first))
    assert again.receipt.protection_note.toPlainText() == "Extra tillsyn i natt."
    click(qtbot, again.receipt.protected.buttons["ja"])
    choose(again.receipt.investigator, "Eva Ek")
    press(qtbot, again, "Bekräfta mottagandet")
    assert not again.is_dirty()
    again.close()

    dialog = show(qtbot, CaseDialog(None, utredare, first))
    field = find_by_name(dialog, QPlainTextEdit, "Bakgrund")
    type_into(qtbot, field, "Rapporten kom in på morgonen.")
    dialog.save_button.click()
    _form, stored = lexsarah.case_answers(ansvarig, first, "lex_sarah_utredning")
    assert stored.values["bakgrund"] == "Rapporten kom in på morgonen."
    assert lexsarah.get_case(ansvarig, first).status is CaseStatus.INVESTIGATING
    assert not dialog.is_dirty()

    # A preventive measure needs a saved cause: the button says so at the investigation.
    press(qtbot, dialog, "Ny förebyggande åtgärd…")
    assert "Orsaker" in dialog.investigation_errors.text()
    press(qtbot, dialog, "Historik")
    from kvalitet_desktop.ui.dialogs.history import HistoryDialog

    history = shown_child(dialog, HistoryDialog)
    assert history.windowTitle().startswith("Historik – Lex Sarah ")
    history.close()
    dialog.close()
