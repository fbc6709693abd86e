"""MeasureDialog: errors at the fields, status rules, planning a follow-up, makulering."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from helpers import choose, find_by_name, press, show, type_into
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import open_record
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
from kvalitet_desktop.workflows.followups.ui.editor import FollowUpDialog
from kvalitet_desktop.workflows.followups.ui.plan_dialog import PlanDialog
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.ui.editor import MeasureDialog
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import EVENT_LINK

pytestmark = pytest.mark.usefixtures("answers")
TODAY = date.today()  # the day each test starts (tests/conftest.py)


def later() -> date:
    """A due date after a new measure's start (today)."""
    return TODAY + timedelta(days=40)


@pytest.fixture
def measure_id(admin: Context, unit_id: str) -> str:
    return measures.create_measure(
        admin,
        measures.MeasureInput(
            "Introduktion för timanställda",
            unit_id,
            "Genomgång av rutinerna",
            admin.actor.id,
            date.today() + timedelta(days=30),
        ),
    ).id


def test_new_measure_errors_at_fields_keep_the_typing(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    dialog = MeasureDialog(None, admin)
    show(qtbot, dialog)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Klart senast"), "2026-13-45")
    type_into(
        qtbot, find_by_name(dialog, QPlainTextEdit, "Beskrivning"), "Checklista för överlämning"
    )

    press(qtbot, dialog, "Spara")

    assert dialog.measure_id is None
    assert (
        dialog.errors.label_for("due_date").text()
        == "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-31."
    )
    assert find_by_name(dialog, QLineEdit, "Klart senast").text() == "2026-13-45"

    field = find_by_name(dialog, QLineEdit, "Klart senast")
    field.clear()
    type_into(qtbot, field, later().isoformat())
    press(qtbot, dialog, "Spara")
    assert dialog.errors.messages() == {
        "title": "Ange vad åtgärden är (rubrik).",
        "responsible_id": "Välj vem som är ansvarig.",
    }
    assert dialog.description.toPlainText() == "Checklista för överlämning"

    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Checklista")
    choose(find_by_name(dialog, QComboBox, "Ansvarig"), "Åsa Administratör")
    with qtbot.waitSignal(dialog.saved):
        press(qtbot, dialog, "Spara")
    assert dialog.measure_id is not None
    stored = measures.get_measure(admin, dialog.measure_id)
    assert (stored.title, stored.due_date) == ("Checklista", later())
    assert stored.start_on == date.today()  # a new measure starts today unless told
    assert stored.description == "Checklista för överlämning"


def test_cancelling_needs_a_reason_at_the_field(
    qtbot: QtBot, admin: Context, measure_id: str
) -> None:
    dialog = MeasureDialog(None, admin, measure_id)
    show(qtbot, dialog)
    reason = find_by_name(dialog, QLineEdit, "Anledning till avbrott")
    assert not reason.isVisible()
    choose(find_by_name(dialog, QComboBox, "Status"), "Avbruten")
    assert reason.isVisible()

    press(qtbot, dialog, "Spara")

    error = dialog.errors.label_for("cancel_reason")
    assert error.isVisible()
    assert error.text() == "Ange varför åtgärden avbryts."
    assert measures.get_measure(admin, measure_id).status is MeasureStatus.PLANNED
    assert dialog.status.value() is MeasureStatus.CANCELLED  # the choice is kept
    assert dialog.is_dirty()

    type_into(qtbot, reason, "Ersatt av ny rutin")
    press(qtbot, dialog, "Spara")
    stored = measures.get_measure(admin, measure_id)
    assert stored.status is MeasureStatus.CANCELLED
    assert stored.cancel_reason == "Ersatt av ny rutin"
    assert not error.isVisible()


def test_done_needs_a_planned_follow_up(qtbot: QtBot, admin: Context, measure_id: str) -> None:
    dialog = MeasureDialog(None, admin, measure_id)
    show(qtbot, dialog)
    choose(find_by_name(dialog, QComboBox, "Status"), "Genomförd")
    press(qtbot, dialog, "Spara")

    error = dialog.errors.label_for("status")
    assert error.text() == (
        "Åtgärden kan inte markeras som genomförd förrän en uppföljning är planerad."
    )
    assert measures.get_measure(admin, measure_id).status is MeasureStatus.PLANNED

    press(qtbot, dialog, "Planera uppföljning…")
    plan = dialog.findChild(PlanDialog)
    assert plan is not None and plan.isVisible()
    press(qtbot, plan, "Planera")
    assert plan.errors.label_for("planned_on").text() == "Ange när uppföljningen ska göras."
    type_into(qtbot, find_by_name(plan, QLineEdit, "Datum"), "2027-01-15")
    type_into(qtbot, find_by_name(plan, QPlainTextEdit, "Metod"), "Samtal med deltagarna")
    with qtbot.waitSignal(dialog.saved):
        press(qtbot, plan, "Planera")
    assert dialog.follow_up_table.rowCount() == 1
    assert dialog.follow_up_table.item(0, 0).text() == "2027-01-15"

    press(qtbot, dialog, "Spara")
    stored = measures.get_measure(admin, measure_id)
    assert stored.status is MeasureStatus.DONE
    assert stored.completed_on == date.today()
    assert not error.isVisible()

    press(qtbot, dialog, "Öppna uppföljningen")
    follow_up = dialog.findChild(FollowUpDialog)
    assert follow_up is not None
    qtbot.addWidget(follow_up)
    assert follow_up.planned_on.text() == "2027-01-15"


def test_measure_from_a_risk_event_shows_what_it_answers_to(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            "Helger",
            unit_id,
            events=[risk.EventInput("Fel läkemedel", probability=3, consequence=4)],
        ),
    ).id
    event_id = risk.get_analysis(admin, analysis_id).events[0].id
    measure_id = measures.create_measure(
        admin,
        measures.MeasureInput(
            "Introduktion",
            unit_id,
            responsible_id=admin.actor.id,
            due_date=date.today(),
            links=[measures.LinkRef(EVENT_LINK, event_id)],
        ),
    ).id
    dialog = open_record(None, admin, "atgard", measure_id)
    qtbot.addWidget(dialog)
    answers_to = find_by_name(dialog, QListWidget, "Svarar mot")
    assert answers_to.item(0).text() == "Riskanalys ”Helger”, händelse 1: Fel läkemedel"
    assert dialog.windowTitle() == "Åtgärd – Introduktion"


def test_archiving_asks_for_a_reason_and_locks_the_form(
    qtbot: QtBot, admin: Context, measure_id: str
) -> None:
    dialog = MeasureDialog(None, admin, measure_id)
    show(qtbot, dialog)
    press(qtbot, dialog, "Makulera…")
    reason = dialog.findChild(ReasonDialog)
    assert reason is not None
    press(qtbot, reason, "Makulera")
    assert reason.isVisible()
    assert reason.errors.label_for("reason").text() == "Ange varför åtgärden makuleras."
    type_into(qtbot, find_by_name(reason, QLineEdit, "Anledning"), "Dubblett")
    with qtbot.waitSignal(dialog.saved):
        press(qtbot, reason, "Makulera")

    assert measures.get_measure(admin, measure_id).archived
    assert dialog.read_only
    assert find_by_name(dialog, QLineEdit, "Rubrik").isReadOnly()
    assert not find_by_name(dialog, QPushButton, "Spara").isEnabled()
    assert dialog.banner.text() == "Makulerad: Dubblett"


def test_staff_cannot_change_measures(
    qtbot: QtBot, admin: Context, unit_id: str, measure_id: str
) -> None:
    from kvalitet_desktop.domain.roles import Role

    organisation.save_user(
        admin,
        organisation.UserInput("pelle", "Pelle Personal", roles=[Role.STAFF], unit_ids=[unit_id]),
    )
    staff = Context.for_login(admin.db, "pelle")
    dialog = MeasureDialog(None, staff, measure_id)
    show(qtbot, dialog)
    assert dialog.read_only
    assert dialog.banner.text() == "Du har inte behörighet att ändra åtgärder."
    assert find_by_name(dialog, QPushButton, "Planera uppföljning…").isEnabled()


def test_a_followed_up_measure_says_so_in_the_list_and_the_editor(
    qtbot: QtBot, admin: Context, measure_id: str
) -> None:
    from PySide6.QtCore import Qt

    from kvalitet_desktop.ui.models.paged_table import PagedTableModel
    from kvalitet_desktop.workflows.followups import service as followups
    from kvalitet_desktop.workflows.followups.domain import Effect, Outcome

    planned = followups.plan_follow_up(
        admin, measure_id, followups.PlanInput(date(2027, 1, 15), "Samtal", admin.actor.id)
    )
    model = PagedTableModel(admin, "atgard")
    column = model.columns.index("follow_up_on")
    assert model.data(model.index(0, column)) == "planerad 2027-01-15"

    measures.set_status(admin, measure_id, MeasureStatus.DONE)
    performed = date.today() - timedelta(days=2)
    followups.record_result(
        admin,
        planned.id,
        followups.ResultInput(performed, "Alla kan rutinen", Effect.PARTLY, outcome=Outcome.CLOSED),
    )
    model = PagedTableModel(admin, "atgard")
    text = f"Uppföljd {performed.isoformat()} · effekt: delvis"
    assert model.data(model.index(0, column)) == text
    assert model.data(model.index(0, column), Qt.ItemDataRole.AccessibleTextRole) == text

    dialog = MeasureDialog(None, admin, measure_id)
    show(qtbot, dialog)
    assert text in dialog.completed.text()


def test_an_overdue_planned_follow_up_is_marked_in_the_list(
    admin: Context, measure_id: str
) -> None:
    from kvalitet_desktop.ui.models.paged_table import PagedTableModel
    from kvalitet_desktop.workflows.followups import service as followups

    late = date.today() - timedelta(days=3)
    followups.plan_follow_up(admin, measure_id, followups.PlanInput(late, "Samtal", admin.actor.id))
    model = PagedTableModel(admin, "uppfoljning")
    values = {"planned_on": late, "status": "planerad"}
    assert model.is_overdue("planned_on", values)
    assert not model.is_overdue("planned_on", {**values, "status": "genomförd"})
    assert not model.is_overdue("planned_on", {**values, "planned_on": date.today()})


def test_an_over_long_title_is_refused_at_the_field_and_kept(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    dialog = MeasureDialog(None, admin)
    show(qtbot, dialog)
    title = "Genomgång av larmrutinerna " * 8  # 216 characters: over the limit of 200
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), title)
    choose(find_by_name(dialog, QComboBox, "Ansvarig"), "Åsa Administratör")
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Klart senast"), later().isoformat())

    press(qtbot, dialog, "Spara")

    assert dialog.measure_id is None
    assert dialog.errors.label_for("title").text() == (
        f"Texten är för lång: högst 200 tecken (den har {len(title)})."
    )
    assert find_by_name(dialog, QLineEdit, "Rubrik").text() == title


def test_a_personnummer_in_the_description_is_warned_of_at_the_field(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    dialog = MeasureDialog(None, admin)
    show(qtbot, dialog)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Larmrutin")
    choose(find_by_name(dialog, QComboBox, "Ansvarig"), "Åsa Administratör")
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Klart senast"), later().isoformat())
    text = "Gäller brukaren 121212-1212 på avdelning B"
    type_into(qtbot, find_by_name(dialog, QPlainTextEdit, "Beskrivning"), text)

    with qtbot.waitSignal(dialog.saved):
        press(qtbot, dialog, "Spara")

    assert dialog.measure_id is not None
    assert "”121212-1212”" in dialog.errors.label_for("description").text()
    assert dialog.description.toPlainText() == text


def test_a_due_date_before_the_start_is_refused_at_the_field_and_kept(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    dialog = MeasureDialog(None, admin)
    show(qtbot, dialog)
    start = find_by_name(dialog, QLineEdit, "Påbörjas")
    assert start.text() == date.today().isoformat()
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Larmrutin")
    choose(find_by_name(dialog, QComboBox, "Ansvarig"), "Åsa Administratör")
    start.clear()
    type_into(qtbot, start, "2026-03-10")
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Klart senast"), "2026-03-01")

    press(qtbot, dialog, "Spara")

    assert dialog.measure_id is None
    assert dialog.errors.label_for("due_date").text() == (
        "Åtgärden kan inte vara klar (2026-03-01) innan den påbörjas (2026-03-10)."
    )
    assert find_by_name(dialog, QLineEdit, "Klart senast").text() == "2026-03-01"
