"""Lex Sarah dialogs: what real users hit (keyboard choices, locked closed cases, the APT
text, dates at their fields, names read by screen readers)."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers import find_by_name, show
from lexsarah_answers import investigation_answers, report_answers
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.ui.preventive import PreventiveMeasureDialog

pytestmark = pytest.mark.usefixtures("answers")


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


def investigated(people: dict[str, Context], unit_id: str) -> str:
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    case_id = lexsarah.file_report(
        people["personal"],
        lexsarah.ReportInput("Larmet fungerade inte", report_answers(unit_id, ansvarig.actor.id)),
    ).id
    lexsarah.receive(
        ansvarig,
        case_id,
        lexsarah.ReceiptInput(datetime.now(), True, None, utredare.actor.id),
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
