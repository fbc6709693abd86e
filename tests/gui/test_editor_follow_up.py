"""FollowUpDialog: the plan, the result with the individuals' voices, and what comes next."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.followup import Dimension, Effect, FollowUpStatus, Outcome
from kvalitet_desktop.domain.measures import LinkKind
from kvalitet_desktop.services import followups, measures
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.editors import open_record
from kvalitet_desktop.ui.editors.follow_up import FollowUpDialog
from kvalitet_desktop.ui.editors.measure import MeasureDialog

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


def click(qtbot: QtBot, root: QWidget, name: str, cls: type[QWidget] = QPushButton) -> None:
    widget = find_by_name(root, cls, name)
    # A radio button reacts on its indicator and text, not on the empty width beside them.
    pos = (
        QPoint(8, widget.height() // 2)
        if isinstance(widget, QRadioButton)
        else widget.rect().center()
    )
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


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
    )
    return followups.plan_follow_up(
        admin,
        measure_id,
        followups.PlanInput(date.today() + timedelta(days=60), "Samtal", admin.actor.id),
    )


def open_dialog(qtbot: QtBot, ctx: Context, follow_up_id: str) -> FollowUpDialog:
    dialog = FollowUpDialog(None, ctx, follow_up_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_plan_is_changed_without_touching_the_result(
    qtbot: QtBot, admin: Context, follow_up_id: str
) -> None:
    dialog = open_dialog(qtbot, admin, follow_up_id)
    assert dialog.performed_on.text() == date.today().isoformat()  # suggested, not yet stored
    planned = find_by_name(dialog, QLineEdit, "Planerad")
    planned.clear()
    type_into(qtbot, planned, "2027-02-01")
    with qtbot.waitSignal(dialog.saved):
        click(qtbot, dialog, "Spara")
    stored = followups.get_follow_up(admin, follow_up_id)
    assert stored.planned_on == date(2027, 2, 1)
    assert stored.status is FollowUpStatus.PLANNED


def test_result_errors_are_shown_on_their_tab(
    qtbot: QtBot, admin: Context, follow_up_id: str
) -> None:
    dialog = open_dialog(qtbot, admin, follow_up_id)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Kommentar om effekten"), "Oklart")
    dialog.tabs.setCurrentIndex(1)
    click(qtbot, dialog, "Lägg till person")
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Kod"), "19121212-1212")

    click(qtbot, dialog, "Spara")

    assert dialog.tabs.currentIndex() == 0  # the first problem: the result text
    messages = dialog.errors.messages()
    assert messages["result"] == "Beskriv resultatet av uppföljningen."
    assert messages["voices."].startswith("Person 1: ange en pseudonymiserad kod")
    assert dialog.voices.editors[0].code.text() == "19121212-1212"
    assert followups.get_follow_up(admin, follow_up_id).status is FollowUpStatus.PLANNED


def test_recording_a_result_with_a_voice_and_a_new_measure(
    qtbot: QtBot, admin: Context, follow_up_id: str, answers: SimpleNamespace
) -> None:
    dialog = open_dialog(qtbot, admin, follow_up_id)
    type_into(qtbot, find_by_name(dialog, QPlainTextEdit, "Resultat"), "Schemat följs")
    click(qtbot, dialog, "Delvis", QRadioButton)
    dialog.tabs.setCurrentIndex(1)
    click(qtbot, dialog, "Lägg till person")
    voice = dialog.voices.editors[0]
    type_into(qtbot, find_by_name(voice, QLineEdit, "Kod"), "sol-07")
    for dimension, presses in zip(Dimension, (4, 5, 2, 3, 1), strict=True):
        combo = find_by_name(voice, QComboBox, dimension.value.capitalize())
        combo.setFocus()
        for _ in range(presses):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
    type_into(qtbot, find_by_name(voice, QLineEdit, "Kommentar om trygghet"), "Känner igen alla")
    dialog.tabs.setCurrentIndex(2)
    click(qtbot, dialog, "Ny åtgärd behövs", QRadioButton)
    type_into(
        qtbot,
        find_by_name(dialog.outcome_page.new_measure_box, QLineEdit, "Rubrik"),
        "Mentor på helger",
    )
    combo = find_by_name(dialog.outcome_page.new_measure_box, QComboBox, "Ansvarig")
    combo.setCurrentIndex(1)

    click(qtbot, dialog, "Spara")
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
        click(qtbot, dialog, "Spara")

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
        LinkKind.FOLLOW_UP
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
    qtbot: QtBot, admin: Context, follow_up_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.ui.dialogs import pdf_preview

    shown: list[tuple[bytes, str, str]] = []
    monkeypatch.setattr(
        pdf_preview,
        "show_pdf",
        lambda parent, pdf, title, file_stem: shown.append((pdf, title, file_stem)),
    )
    dialog = open_dialog(qtbot, admin, follow_up_id)
    method = find_by_name(dialog, QPlainTextEdit, "Metod")
    method.selectAll()
    type_into(qtbot, method, "Enkät till deltagarna")
    click(qtbot, dialog, "Skriv ut")
    assert followups.get_follow_up(admin, follow_up_id).method == "Enkät till deltagarna"
    ((pdf, title, stem),) = shown
    assert pdf.startswith(b"%PDF")
    assert title == "Uppföljning – Fast helgschema"
    assert stem == "uppfoljning-fast-helgschema"
