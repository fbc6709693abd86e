"""Lex Sarah dialogs: what real users hit (keyboard choices, locked closed cases, the APT
text, dates at their fields, names read by screen readers)."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers import click, find_by_name, press, show, shown_child, type_into
from lexsarah_answers import investigation_answers, report_answers
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import history, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import open_record
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus
from kvalitet_desktop.workflows.lexsarah.ui.editor import TAB_NAMES, CaseDialog, ReopenDialog
from kvalitet_desktop.workflows.lexsarah.ui.new_report import NewReportDialog
from kvalitet_desktop.workflows.lexsarah.ui.preventive import PreventiveMeasureDialog

pytestmark = pytest.mark.usefixtures("answers", "lex_sarah_individual")


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


def filed(people: dict[str, Context], unit_id: str) -> str:
    answers = report_answers(unit_id, people["ansvarig"].actor.id)
    return lexsarah.file_report(
        people["personal"], lexsarah.ReportInput("Larmet fungerade inte", answers)
    ).id


def opened(qtbot: QtBot, ctx: Context, case_id: str) -> CaseDialog:
    dialog = open_record(None, ctx, "lexsarah", case_id)
    assert isinstance(dialog, CaseDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def investigated(people: dict[str, Context], unit_id: str) -> str:
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, ansvarig.actor.id)),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10), True, None, utredare.actor.id),
    )
    answers = investigation_answers(utredare.actor.id, ansvarig.actor.id, "missförhållande")
    lexsarah.save_investigation(utredare, case_id, answers)
    return case_id


def test_choosing_the_responsible_by_keyboard_sets_the_follow_up_as_a_mouse_does(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    ansvarig = people["ansvarig"]
    view = lexsarah.get_case(ansvarig, investigated(people, unit_id))
    users = [("u-annan", "Anna Annan"), ("u-bo", "Bo Berg"), (ansvarig.actor.id, "Lena Lind")]
    host = show(qtbot, QWidget())
    dialog = PreventiveMeasureDialog(host, ansvarig, view, users)
    show(qtbot, dialog)
    responsible = find_by_name(dialog, QComboBox, "Ansvarig")
    follow_up = find_by_name(dialog, QComboBox, "Ansvarig för uppföljningen")
    responsible.setFocus()
    for _ in range(3):  # past Anna Annan and Bo Berg (other units) to Lena Lind
        qtbot.keyClick(responsible, Qt.Key.Key_Down)
    assert responsible.currentText() == "Lena Lind"
    assert follow_up.currentText() == "Lena Lind"

    # A follow-up responsible the user chose stays, whatever the first combo does next.
    follow_up.setFocus()
    qtbot.keyClick(follow_up, Qt.Key.Key_Up)
    assert follow_up.currentText() == "Bo Berg"
    responsible.setFocus()
    qtbot.keyClick(responsible, Qt.Key.Key_Up)
    assert responsible.currentText() == "Bo Berg"
    qtbot.keyClick(responsible, Qt.Key.Key_Up)
    assert follow_up.currentText() == "Bo Berg"


@pytest.mark.parametrize(
    ("typed", "named"),
    [("9999-12-31 10:00", "utanför det rimliga"), ("2026-03-01 10:00", "före rapporten")],
)
def test_a_receipt_date_that_cannot_be_right_is_shown_at_its_field(
    qtbot: QtBot, people: dict[str, Context], unit_id: str, typed: str, named: str
) -> None:
    ansvarig = people["ansvarig"]
    case_id = filed(people, unit_id)
    dialog = opened(qtbot, ansvarig, case_id)
    receipt = dialog.receipt
    field = find_by_name(receipt, QLineEdit, "Mottagen")
    field.clear()
    type_into(qtbot, field, typed)
    click(qtbot, receipt.protected.buttons["ja"])
    receipt.investigator.setCurrentIndex(receipt.investigator.findText("Eva Ek"))
    press(qtbot, dialog, "Bekräfta mottagandet")
    messages = receipt.errors.messages()
    assert list(messages) == ["received_at"] and named in messages["received_at"]
    assert field.text() == typed and receipt.is_editing()
    assert lexsarah.get_case(ansvarig, case_id).status is CaseStatus.REPORTED


def test_an_oral_report_registered_for_a_user_is_in_their_own_reports(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    ansvarig, staff = people["ansvarig"], people["personal"]
    host = show(qtbot, QWidget())
    dialog = NewReportDialog(host, ansvarig)
    show(qtbot, dialog)
    click(qtbot, dialog.for_other)
    reporter = find_by_name(dialog, QComboBox, "Rapportör bland användarna")
    assert reporter.isVisible()
    reporter.setFocus()
    while reporter.currentText() != "Åsa Öberg":
        qtbot.keyClick(reporter, Qt.Key.Key_Down)
    assert dialog.form.editor("rapportor_namn").value() == "Åsa Öberg"
    answers = dialog.form.answers()
    changes = report_answers(unit_id, ansvarig.actor.id).values
    for key in ("rapportor_namn", "mottagen_av", "mottagen_tid", "rapportsatt"):
        del changes[key]
    answers.values.update(changes)
    dialog.form.set_answers(answers)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Larmet fungerade inte")
    press(qtbot, dialog, "Skicka rapport")
    assert dialog.case_id is not None
    assert [r.id for r in lexsarah.my_reports(staff)] == [dialog.case_id]
    case = lexsarah.get_case(ansvarig, dialog.case_id)
    assert case.reporter_name == "Åsa Öberg"


def test_a_closed_case_is_locked_until_changed_with_a_reason(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    ansvarig = people["ansvarig"]
    case_id = investigated(people, unit_id)
    lexsarah.close(ansvarig, case_id)
    dialog = opened(qtbot, ansvarig, case_id)
    lock = find_by_name(dialog, QLabel, "Ärendet är låst")
    assert lock.isVisible() and "låst" in lock.text()
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
    field = dialog.investigation.findChildren(QLineEdit)[0]
    assert field.isReadOnly()
    window = field.palette().color(QPalette.ColorRole.Window)
    assert field.palette().color(QPalette.ColorRole.Base) == window  # looks read-only

    press(qtbot, dialog, "Ändra med motivering…")
    reopen = shown_child(dialog, ReopenDialog)
    press(qtbot, reopen, "Öppna för ändring")
    assert "reason" in reopen.errors.messages()
    type_into(qtbot, find_by_name(reopen, QPlainTextEdit, "Motivering"), "Fel beslutsdatum")
    press(qtbot, reopen, "Öppna för ändring")
    assert not reopen.isVisible()
    assert lexsarah.get_case(ansvarig, case_id).status is CaseStatus.INVESTIGATING
    assert not lock.isVisible() and not dialog.investigation.is_read_only()
    assert not field.isReadOnly()
    assert field.palette().color(QPalette.ColorRole.Base) != window
    (entry,) = [
        e
        for e in history.record_history(ansvarig, "lexsarah", case_id)
        if any(c.field == "Motivering till ändring" for c in e.changes)
    ]
    assert entry.user == "lena.lind"
    assert [c.after for c in entry.changes] == ["Fel beslutsdatum"]


def test_names_in_the_learning_material_are_refused_at_the_field(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    case_id = investigated(people, unit_id)
    lexsarah.close(ansvarig, case_id)
    dialog = opened(qtbot, utredare, case_id)
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("larande"))
    learning = dialog.learning
    summary = find_by_name(learning, QPlainTextEdit, "Anonymiserad sammanfattning")
    typed = "Larmet var urkopplat. Eva Ek fann den boende."
    type_into(qtbot, summary, typed)
    learning.questions.item(0).setCheckState(Qt.CheckState.Checked)
    press(qtbot, learning, "Spara lärandematerialet")
    message = learning.errors.messages()["apt_summary"]
    assert "”Eva Ek” på rad 1" in message
    assert summary.toPlainText() == typed
    assert lexsarah.get_case(utredare, case_id).apt_summary is None


def test_the_receipt_answers_are_named_within_their_questions(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    dialog = opened(qtbot, people["ansvarig"], filed(people, unit_id))
    names = [b.accessibleName() for b in dialog.receipt.findChildren(QRadioButton)]
    assert names == [
        "Ja – Är den enskilde skyddad?",
        "Nej, inte ännu – Är den enskilde skyddad?",
        "Ja – Kan det vara allvarligt?",
        "Nej – Kan det vara allvarligt?",
        "Vet ej än – Kan det vara allvarligt?",
    ]
    click(qtbot, find_by_name(dialog, QRadioButton, "Ja – Är den enskilde skyddad?"))
    assert dialog.receipt.protected.value() == "ja"
    assert len(names) == len(set(names))


def test_marking_the_investigation_finished_shows_the_day_and_ends_the_deadline(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    utredare = people["utredare"]
    case_id = investigated(people, unit_id)  # received 2026-03-02: "klar senast" has passed
    dialog = opened(qtbot, utredare, case_id)
    assert "försenad" in dialog.finish_due.text()
    assert not dialog.finished_on.isVisible()
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
    press(qtbot, dialog, "Markera som klar")
    today = datetime.now().date().isoformat()
    assert lexsarah.get_case(utredare, case_id).investigation_finished_on is not None
    assert dialog.finished_on.isVisible()
    assert dialog.finished_on.text() == f"Utredningen klar {today}"
    assert "försenad" not in dialog.finish_due.text()
    assert today in dialog.investigation_note.text()


def test_the_time_in_words_reaches_the_notification_tab_and_the_copy_view(
    qtbot: QtBot, people: dict[str, Context], unit_id: str
) -> None:
    ansvarig = people["ansvarig"]
    words = "natten mot den 2 oktober, mellan 01 och 03"
    answers = report_answers(unit_id, ansvarig.actor.id, intraffade_beskrivning=words)
    case_id = lexsarah.file_report(
        people["personal"], lexsarah.ReportInput("Larmet fungerade inte", answers)
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(
            datetime(2026, 3, 2, 10), True, None, people["utredare"].actor.id, True
        ),
    )
    dialog = opened(qtbot, ansvarig, case_id)
    dialog.tabs.setCurrentIndex(TAB_NAMES.index("ivo"))
    field = find_by_name(dialog.ivo, QLineEdit, "När inträffade det? (med ord)")
    assert field.text() == words
    copy = dialog.ivo.show_copy_view()
    qtbot.addWidget(copy)
    assert ("Händelsen", "När inträffade det? (med ord)", words) in copy.fields
