"""MeasureDialog: errors at the fields, status rules, planning a follow-up, makulering."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.measures import LinkKind, MeasureStatus
from kvalitet_desktop.services import measures, organisation, risk
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.editors import open_record
from kvalitet_desktop.ui.editors.follow_up import FollowUpDialog
from kvalitet_desktop.ui.editors.measure import MeasureDialog
from kvalitet_desktop.ui.editors.small_dialogs import PlanDialog, ReasonDialog

W = TypeVar("W", bound=QWidget)


def find_by_name(root: QWidget, cls: type[W], name: str) -> W:
    """The one widget of ``cls`` named ``name`` (the visible one if several share the name)."""
    found = [w for w in root.findChildren(cls) if w.accessibleName() == name]
    visible = [w for w in found if w.isVisible()]
    if len(visible) == 1:
        return visible[0]
    assert len(found) == 1, f"{len(found)} × {cls.__name__} named {name!r}"
    return found[0]


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a user. QTest only knows ASCII keys, so å, ä, ö … go as text-only events."""
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, root: QWidget, name: str) -> None:
    qtbot.mouseClick(find_by_name(root, QPushButton, name), Qt.MouseButton.LeftButton)


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not in {combo.accessibleName()}"
    combo.setCurrentIndex(index)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVALITET_SETTINGS_DIR", str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Message boxes never block: they answer from ``queue`` (else "Släng") and log the text."""
    state = SimpleNamespace(queue=[], asked=[])

    def fake_exec(box: QMessageBox) -> int:
        state.asked.append(box.text())
        return state.queue.pop(0) if state.queue else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return state


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
    )


def show(qtbot: QtBot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


def test_new_measure_errors_at_fields_keep_the_typing(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    dialog = MeasureDialog(None, admin)
    show(qtbot, dialog)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Klart senast"), "2026-13-45")
    type_into(
        qtbot, find_by_name(dialog, QPlainTextEdit, "Beskrivning"), "Checklista för överlämning"
    )

    click(qtbot, dialog, "Spara")

    assert dialog.measure_id is None
    assert (
        dialog.errors.label_for("due_date").text()
        == "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-31."
    )
    assert find_by_name(dialog, QLineEdit, "Klart senast").text() == "2026-13-45"

    field = find_by_name(dialog, QLineEdit, "Klart senast")
    field.clear()
    type_into(qtbot, field, "2026-12-31")
    click(qtbot, dialog, "Spara")
    assert dialog.errors.messages() == {
        "title": "Ange vad åtgärden är (rubrik).",
        "responsible_id": "Välj vem som är ansvarig.",
    }
    assert dialog.description.toPlainText() == "Checklista för överlämning"

    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), "Checklista")
    choose(find_by_name(dialog, QComboBox, "Ansvarig"), "Åsa Administratör")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog, "Spara")
    assert dialog.measure_id is not None
    stored = measures.get_measure(admin, dialog.measure_id)
    assert (stored.title, stored.due_date) == ("Checklista", date(2026, 12, 31))
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

    click(qtbot, dialog, "Spara")

    error = dialog.errors.label_for("cancel_reason")
    assert error.isVisible()
    assert error.text() == "Ange varför åtgärden avbryts."
    assert measures.get_measure(admin, measure_id).status is MeasureStatus.PLANNED
    assert dialog.status.value() is MeasureStatus.CANCELLED  # the choice is kept
    assert dialog.is_dirty()

    type_into(qtbot, reason, "Ersatt av ny rutin")
    click(qtbot, dialog, "Spara")
    stored = measures.get_measure(admin, measure_id)
    assert stored.status is MeasureStatus.CANCELLED
    assert stored.cancel_reason == "Ersatt av ny rutin"
    assert not error.isVisible()


def test_done_needs_a_planned_follow_up(qtbot: QtBot, admin: Context, measure_id: str) -> None:
    dialog = MeasureDialog(None, admin, measure_id)
    show(qtbot, dialog)
    choose(find_by_name(dialog, QComboBox, "Status"), "Genomförd")
    click(qtbot, dialog, "Spara")

    error = dialog.errors.label_for("status")
    assert error.text() == (
        "Åtgärden kan inte markeras som genomförd förrän en uppföljning är planerad."
    )
    assert measures.get_measure(admin, measure_id).status is MeasureStatus.PLANNED

    click(qtbot, dialog, "Planera uppföljning…")
    plan = dialog.findChild(PlanDialog)
    assert plan is not None and plan.isVisible()
    click(qtbot, plan, "Planera")
    assert plan.errors.label_for("planned_on").text() == "Ange när uppföljningen ska göras."
    type_into(qtbot, find_by_name(plan, QLineEdit, "Datum"), "2027-01-15")
    type_into(qtbot, find_by_name(plan, QPlainTextEdit, "Metod"), "Samtal med deltagarna")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, plan, "Planera")
    assert dialog.follow_up_table.rowCount() == 1
    assert dialog.follow_up_table.item(0, 0).text() == "2027-01-15"

    click(qtbot, dialog, "Spara")
    stored = measures.get_measure(admin, measure_id)
    assert stored.status is MeasureStatus.DONE
    assert stored.completed_on == date.today()
    assert not error.isVisible()

    click(qtbot, dialog, "Öppna uppföljningen")
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
    )
    event_id = risk.get_analysis(admin, analysis_id).events[0].id
    measure_id = measures.create_measure(
        admin,
        measures.MeasureInput(
            "Introduktion",
            unit_id,
            responsible_id=admin.actor.id,
            due_date=date.today(),
            links=[measures.LinkRef(LinkKind.RISK_EVENT, event_id)],
        ),
    )
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
    click(qtbot, dialog, "Makulera…")
    reason = dialog.findChild(ReasonDialog)
    assert reason is not None
    click(qtbot, reason, "Makulera")
    assert reason.isVisible()
    assert reason.errors.label_for("reason").text() == "Ange varför åtgärden makuleras."
    type_into(qtbot, find_by_name(reason, QLineEdit, "Anledning"), "Dubblett")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, reason, "Makulera")

    assert measures.get_measure(admin, measure_id).archived
    assert dialog.read_only
    assert find_by_name(dialog, QLineEdit, "Rubrik").isReadOnly()
    assert not find_by_name(dialog, QPushButton, "Spara").isEnabled()
    assert dialog.banner.text() == "Åtgärden är makulerad och kan inte ändras."


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
