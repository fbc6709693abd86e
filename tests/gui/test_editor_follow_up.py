"""FollowUpDialog: the plan, the result with the individuals' voices, and what comes next."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import Printed, find_by_name, press, show, type_into
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import open_record
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import (
    FOLLOW_UP_LINK,
    Dimension,
    Effect,
    FollowUpStatus,
    Outcome,
)
from kvalitet_desktop.workflows.followups.ui.editor import FollowUpDialog
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.ui.editor import MeasureDialog
from registers import register

pytestmark = pytest.mark.usefixtures("answers")


@pytest.fixture
def follow_up_id(admin: Context, unit_id: str) -> str:
    measure_id = measures.create_measure(
        admin,
        measures.MeasureInput(
            "Fast helgschema",
            unit_id,
            "Högst fyra personer arbetar helger",
            admin.actor.id,
            date.today() + timedelta(days=30),
        ),
    ).id
    return followups.plan_follow_up(
        admin,
        measure_id,
        followups.PlanInput(date.today() + timedelta(days=60), "Samtal", admin.actor.id),
    ).id


def open_dialog(qtbot: QtBot, ctx: Context, follow_up_id: str) -> FollowUpDialog:
    return show(qtbot, FollowUpDialog(None, ctx, follow_up_id))


def test_plan_is_changed_without_touching_the_result(
    qtbot: QtBot, admin: Context, follow_up_id: str
) -> None:
    dialog = open_dialog(qtbot, admin, follow_up_id)
    assert dialog.performed_on.text() == date.today().isoformat()  # suggested, not yet stored
    planned = find_by_name(dialog, QLineEdit, "Planerad")
    planned.clear()
    type_into(qtbot, planned, "2027-02-01")
    with qtbot.waitSignal(dialog.saved):
        press(qtbot, dialog, "Spara")
    stored = followups.get_follow_up(admin, follow_up_id)
    assert stored.planned_on == date(2027, 2, 1)
    assert stored.status is FollowUpStatus.PLANNED


def test_result_errors_are_shown_on_their_tab(
    qtbot: QtBot, admin: Context, follow_up_id: str
) -> None:
    dialog = open_dialog(qtbot, admin, follow_up_id)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Kommentar om effekten"), "Oklart")
    dialog.tabs.setCurrentIndex(1)
    press(qtbot, dialog, "Lägg till person")
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Kod"), "19121212-1212")

    press(qtbot, dialog, "Spara")

    assert dialog.tabs.currentIndex() == 0  # the first problem: the result text
    messages = dialog.errors.messages()
    assert messages["result"] == "Beskriv resultatet av uppföljningen."
    assert messages["voices."].startswith("Person 1: ange en pseudonymiserad kod")
    assert dialog.voices.editors[0].code.text() == "19121212-1212"
    assert followups.get_follow_up(admin, follow_up_id).status is FollowUpStatus.PLANNED


def test_recording_a_result_with_a_voice_and_a_new_measure(
    qtbot: QtBot, admin: Context, unit_id: str, follow_up_id: str, answers: SimpleNamespace
) -> None:
    register(admin, unit_id, "SOL-07")  # the voice's person, in the unit's register
    dialog = open_dialog(qtbot, admin, follow_up_id)
    type_into(qtbot, find_by_name(dialog, QPlainTextEdit, "Resultat"), "Schemat följs")
    press(qtbot, dialog, "Delvis", QRadioButton)
    dialog.tabs.setCurrentIndex(1)
    press(qtbot, dialog, "Lägg till person")
    voice = dialog.voices.editors[0]
    type_into(qtbot, find_by_name(voice, QLineEdit, "Kod"), "sol-07")
    for dimension, presses in zip(Dimension, (4, 5, 2, 3, 1), strict=True):
        combo = find_by_name(voice, QComboBox, dimension.value.capitalize())
        combo.setFocus()
        for _ in range(presses):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    type_into(qtbot, find_by_name(voice, QLineEdit, "Kommentar om trygghet"), "Känner igen alla")
    dialog.tabs.setCurrentIndex(2)
    press(qtbot, dialog, "Ny åtgärd behövs", QRadioButton)
    type_into(
        qtbot,
        find_by_name(dialog.outcome_page.new_measure_box, QLineEdit, "Rubrik för den nya åtgärden"),
        "Mentor på helger",
    )
    combo = find_by_name(
        dialog.outcome_page.new_measure_box, QComboBox, "Ansvarig för den nya åtgärden"
    )
    combo.setCurrentIndex(1)

    press(qtbot, dialog, "Spara")
    assert dialog.errors.messages() == {
        "due_date": "Ange när åtgärden ska vara genomförd.",
    }
    assert followups.get_follow_up(admin, follow_up_id).status is FollowUpStatus.PLANNED

    type_into(
        qtbot,
        find_by_name(dialog.outcome_page.new_measure_box, QLineEdit, "Klart senast"),
        "2027-03-01",
    )
    answers.queue.append(QMessageBox.StandardButton.Yes)  # open the new measure
    with qtbot.waitSignal(dialog.saved):
        press(qtbot, dialog, "Spara")

    stored = followups.get_follow_up(admin, follow_up_id)
    assert stored.status is FollowUpStatus.DONE
    assert stored.effect is Effect.PARTLY
    assert stored.outcome is Outcome.NEW_MEASURE
    assert stored.outcome_text == "Ny åtgärd: ”Mentor på helger”"
    (voice_view,) = stored.voices
    assert voice_view.individual_code == "SOL-07"
    assert {d: r.rating for d, r in voice_view.ratings.items()} == {
        Dimension.SAFETY: 4,
        Dimension.TREATMENT: 5,
        Dimension.STRESS: 2,
        Dimension.CONTINUITY: 3,
        Dimension.PARTICIPATION: 1,
    }
    assert voice_view.ratings[Dimension.SAFETY].comment == "Känner igen alla"
    assert "är skapad och kopplad till uppföljningen" in answers.asked[-1]
    opened = dialog.findChild(MeasureDialog)
    assert opened is not None
    qtbot.addWidget(opened)
    assert opened.title_edit.text() == "Mentor på helger"
    assert [link.kind for link in measures.get_measure(admin, opened.measure_id).links] == [
        FOLLOW_UP_LINK
    ]
    # Documented with a new record: the result can no longer be changed here.
    assert dialog.result_text.isReadOnly()
    assert dialog.outcome_page.open_button.isVisible()


def test_open_record_opens_the_follow_up(qtbot: QtBot, admin: Context, follow_up_id: str) -> None:
    dialog = open_record(None, admin, "uppfoljning", follow_up_id)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, FollowUpDialog)
    assert dialog.windowTitle().startswith("Uppföljning ")
    assert dialog.windowTitle().endswith("– Fast helgschema")


def test_printing_saves_first_and_shows_the_report(
    qtbot: QtBot, admin: Context, follow_up_id: str, printed: Printed
) -> None:
    dialog = open_dialog(qtbot, admin, follow_up_id)
    method = find_by_name(dialog, QPlainTextEdit, "Metod")
    method.selectAll()
    type_into(qtbot, method, "Enkät till deltagarna")
    press(qtbot, dialog, "Skriv ut")
    assert followups.get_follow_up(admin, follow_up_id).method == "Enkät till deltagarna"
    qtbot.waitUntil(lambda: bool(printed))  # the PDF is built off the UI thread
    ((pdf, title, stem),) = printed
    assert pdf.startswith(b"%PDF")
    assert title == "Uppföljning – Fast helgschema"
    assert stem == "uppfoljning-fast-helgschema"


def test_the_report_is_built_off_the_ui_thread(
    qtbot: QtBot,
    admin: Context,
    follow_up_id: str,
    printed: Printed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kvalitet_desktop.services import report_data

    threads: list[QThread] = []
    build_report = report_data.build_report

    def noting_the_thread(*args: Any, **kwargs: Any) -> Any:
        threads.append(QThread.currentThread())
        return build_report(*args, **kwargs)

    monkeypatch.setattr(report_data, "build_report", noting_the_thread)
    dialog = open_dialog(qtbot, admin, follow_up_id)
    press(qtbot, dialog, "Skriv ut")
    qtbot.waitUntil(lambda: bool(printed))
    assert len(threads) == 1 and threads[0] is not QApplication.instance().thread()


def test_a_report_that_cannot_be_made_is_said_in_the_banner(
    qtbot: QtBot,
    admin: Context,
    follow_up_id: str,
    printed: Printed,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kvalitet_desktop.services import report_data

    def gone(*_args: Any, **_kwargs: Any) -> Any:
        raise NotFound("Uppföljningen finns inte.")

    monkeypatch.setattr(report_data, "build_report", gone)
    dialog = open_dialog(qtbot, admin, follow_up_id)
    press(qtbot, dialog, "Skriv ut")
    qtbot.waitUntil(lambda: dialog.banner.isVisible())
    assert dialog.banner.text() == "Uppföljningen finns inte."
    assert printed == []


def test_every_field_and_button_has_its_own_accessible_name(
    qtbot: QtBot, admin: Context, follow_up_id: str
) -> None:
    from collections import Counter

    from test_editor_risk_analysis import accessible_names

    dialog = open_dialog(qtbot, admin, follow_up_id)
    names = accessible_names(dialog)
    assert [cls for cls, name in names if not name] == []
    counted = Counter(name for _cls, name in names)
    assert [(name, n) for name, n in counted.items() if n > 1] == []
    assert find_by_name(dialog, QTabWidget, "Uppföljningens delar") is dialog.tabs
