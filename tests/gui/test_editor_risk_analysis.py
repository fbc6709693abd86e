"""The guided risk analysis editor: errors at the fields, drafts, resuming, re-assessment."""

from __future__ import annotations

from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest
import shiboken6
from helpers import activate, find_by_name, press, shown_child, type_into
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import drafts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import new_record, open_record
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import RiskAnalysisStatus
from kvalitet_desktop.workflows.risk.ui.editor import CAUSES, EVENTS, RiskAnalysisEditor
from kvalitet_desktop.workflows.risk.ui.events import short
from kvalitet_desktop.workflows.risk.ui.reassess import ReassessDialog

pytestmark = pytest.mark.usefixtures("answers")


def open_editor(qtbot: QtBot, ctx: Context, analysis_id: str | None = None) -> RiskAnalysisEditor:
    editor = RiskAnalysisEditor(None, ctx, analysis_id)
    qtbot.addWidget(editor)
    editor.show()
    activate(qtbot, editor)  # shortcuts (Ctrl+S) need the active window
    return editor


def stored_analysis(ctx: Context, unit_id: str, step: int = 0) -> str:
    return risk.save_analysis(
        ctx,
        risk.RiskAnalysisInput(
            title="Ny bemanning på helger",
            unit_id=unit_id,
            events=[
                risk.EventInput("Fel läkemedel ges av vikarie", probability=3, consequence=4),
                risk.EventInput("Deltagare blir oroliga", probability=2, consequence=2),
            ],
            wizard_step=step,
        ),
    ).id


def test_empty_title_shows_message_at_field_and_keeps_what_was_typed(
    qtbot: QtBot, admin: Context, unit_id: str, other_unit_id: str
) -> None:
    editor = open_editor(qtbot, admin)
    type_into(
        qtbot, find_by_name(editor, QPlainTextEdit, "Beskrivning av omfattningen"), "Helgerna"
    )
    editor.go_to(EVENTS)
    press(qtbot, editor, "Ny händelse")
    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Beskrivning"), "Fall i trappan")

    press(qtbot, editor, "Spara utkast")

    assert editor.current_step() == 0  # jumped to the step of the first failing field
    assert editor.scope.errors["title"].isVisible()
    assert editor.scope.errors["title"].text() == "Ange en rubrik för riskanalysen."
    assert editor.scope.errors["unit_id"].text() == "Välj vilken enhet riskanalysen gäller."
    assert editor.scope.scope_description.toPlainText() == "Helgerna"
    assert [e.description for e in editor.events] == ["Fall i trappan"]
    assert editor.analysis_id is None

    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), "Helgbemanning")
    unit = find_by_name(editor, QComboBox, "Enhet")
    unit.setCurrentIndex(unit.findText("Daglig verksamhet Solrosen"))
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.analysis_id is not None
    assert not editor.scope.errors["title"].isVisible()
    view = risk.get_analysis(admin, editor.analysis_id)
    assert view.title == "Helgbemanning"
    assert view.scope_description == "Helgerna"
    assert [e.description for e in view.events] == ["Fall i trappan"]


def test_event_without_description_is_shown_at_the_event(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = stored_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    editor.go_to(EVENTS)
    press(qtbot, editor, "Ny händelse")
    editor.events_step.select(0)
    editor.go_to(0)

    assert not editor.save()

    assert editor.current_step() == EVENTS
    assert editor.events_step.event_list.currentRow() == 2
    assert editor.events_step.description_error.text() == "Händelse 3 saknar beskrivning."


def test_autosaved_draft_is_offered_after_a_crash(
    qtbot: QtBot, admin: Context, unit_id: str, other_unit_id: str, answers: SimpleNamespace
) -> None:
    editor = RiskAnalysisEditor(None, admin, None)
    editor.show()
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), "Nattbemanning på Solrosen")
    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Beskrivning av anledningen"), "Färre")
    assert editor.autosaver is not None
    assert editor.autosaver.save_now()
    assert not editor.autosaver.save_now()  # nothing new to store
    assert drafts.load_draft(admin, "riskanalys:ny") is not None

    shiboken6.delete(editor)  # the program dies: no close, no question, no save
    QApplication.processEvents()

    answers.queue.append(QMessageBox.StandardButton.Yes)  # "Återställ"
    restored = open_editor(qtbot, admin)
    assert "Det finns osparade ändringar från" in answers.asked[-1]
    assert "Vill du återställa dem?" in answers.asked[-1]
    assert find_by_name(restored, QLineEdit, "Rubrik").text() == "Nattbemanning på Solrosen"
    assert restored.scope.trigger_description.toPlainText() == "Färre"
    assert restored.is_dirty()

    unit = find_by_name(restored, QComboBox, "Enhet")
    unit.setCurrentIndex(unit.findText("Daglig verksamhet Solrosen"))
    assert restored.save()
    assert drafts.load_draft(admin, "riskanalys:ny") is None  # a real save removes it
    assert drafts.list_drafts(admin) == []


def test_discarding_the_draft_when_asked(
    qtbot: QtBot, admin: Context, unit_id: str, answers: SimpleNamespace
) -> None:
    analysis_id = stored_analysis(admin, unit_id)
    drafts.save_draft(admin, f"riskanalys:{analysis_id}", "x", {"title": "Gammalt utkast"})
    answers.queue.append(QMessageBox.StandardButton.Discard)
    editor = open_editor(qtbot, admin, analysis_id)
    assert editor.scope.title.text() == "Ny bemanning på helger"
    assert drafts.load_draft(admin, f"riskanalys:{analysis_id}") is None


def test_closing_with_changes_asks_and_can_save(
    qtbot: QtBot, admin: Context, unit_id: str, answers: SimpleNamespace
) -> None:
    analysis_id = stored_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), " (reviderad)")

    answers.queue.append(QMessageBox.StandardButton.Cancel)
    editor.reject()
    assert editor.isVisible()
    assert answers.asked[-1] == "Du har ändringar som inte är sparade. Vill du spara dem?"

    answers.queue.append(QMessageBox.StandardButton.Save)
    with qtbot.waitSignal(editor.saved):
        press(qtbot, editor, "Stäng")
    assert not editor.isVisible()
    assert risk.get_analysis(admin, analysis_id).title == "Ny bemanning på helger (reviderad)"


def test_a_draft_analysis_opens_at_its_saved_step(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = stored_analysis(admin, unit_id, step=4)
    editor = open_editor(qtbot, admin, analysis_id)
    assert editor.current_step() == 4
    assert editor.stack.currentIndex() == 4

    steps = find_by_name(editor, QListWidget, "Steg")
    steps.setFocus()
    qtbot.keyClick(steps, Qt.Key.Key_Down)
    qtbot.keyClick(steps, Qt.Key.Key_Down)
    assert editor.current_step() == 6
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert risk.get_analysis(admin, analysis_id).wizard_step == 6
    editor.close()

    reopened = open_record(None, admin, "riskanalys", analysis_id)
    qtbot.addWidget(reopened)
    assert isinstance(reopened, RiskAnalysisEditor)
    assert reopened.current_step() == 6


def test_completed_steps_are_marked(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    editor = open_editor(qtbot, admin, stored_analysis(admin, unit_id))
    item = editor.step_list.item(0)
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Steg 1: Omfattning, klart"
    assert editor.step_complete(EVENTS)
    assert not editor.step_complete(2)  # no facts yet
    assert "inte klart" in editor.step_list.item(2).data(Qt.ItemDataRole.AccessibleTextRole)


def test_decided_analysis_is_reassessed_not_changed(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = stored_analysis(admin, unit_id)
    admin_id = organisation.user_choices(admin)[0][0]
    risk.decide(
        admin,
        analysis_id,
        risk.DecisionInput("Åtgärderna genomförs", admin_id, date.today(), date.today()),
    )
    editor = open_editor(qtbot, admin, analysis_id)
    assert editor.status_chip.text() == "Beslutad"
    editor.go_to(EVENTS)
    editor.events_step.select(0)
    assert not find_by_name(editor, QComboBox, "Sannolikhet").isEnabled()
    assert not editor.events_step.matrix.is_interactive()

    press(qtbot, editor, "Ny bedömning…")
    dialog = editor.findChild(ReassessDialog)
    assert dialog is not None and dialog.isVisible()
    find_by_name(dialog, QComboBox, "Sannolikhet").setCurrentIndex(0)  # 1 – Mycket liten
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Kommentar"), "Introduktion genomförd")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, dialog, "Spara bedömningen")

    event = risk.get_analysis(admin, analysis_id).events[0]
    assert [(a.probability, a.consequence) for a in event.assessments] == [(3, 4), (1, 4)]
    assert "riskvärde 4 – " in editor.events_step.event_list.item(0).text()
    today = date.today().isoformat()
    assert f"Tidigare bedömningar: {today} ursprunglig S3×K4 = 12" in (
        editor.events_step.history.text()
    )
    assert not editor.is_dirty()
    assert editor.save()  # the new assessment does not clash with the stored one


def test_events_step_shows_the_whole_matrix_at_the_default_size(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    editor = open_editor(qtbot, admin, stored_analysis(admin, unit_id))
    editor.go_to(EVENTS)
    page = editor.stack.currentWidget()
    assert isinstance(page, QScrollArea)
    # Nothing is cut off at the right (once the step has laid itself out for the width).
    qtbot.waitUntil(lambda: page.horizontalScrollBar().maximum() == 0)
    matrix = editor.events_step.matrix
    assert matrix.width() >= matrix.minimumSizeHint().width()
    for value in range(1, 5):
        label = editor.config.consequence_label(value)  # "Betydande", "Katastrofal" …
        assert " ".join(matrix.consequence_label_lines(value)) == label


def test_new_risk_analysis_api_returns_a_shown_editor(qtbot: QtBot, admin: Context) -> None:
    dialog = new_record(None, admin, "riskanalys")
    qtbot.addWidget(dialog)
    assert isinstance(dialog, RiskAnalysisEditor)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Ny riskanalys"
    assert dialog.current_step() == 0
    assert dialog.status_chip.text() == RiskAnalysisStatus.DRAFT.value.capitalize()


def test_geometry_is_remembered(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    editor = open_editor(qtbot, admin, stored_analysis(admin, unit_id))
    editor.resize(760, 600)  # inside the offscreen screen (800 px wide)
    editor.close()
    again = open_editor(qtbot, admin, stored_analysis(admin, unit_id))
    assert (again.width(), again.height()) == (760, 600)


def test_staff_see_the_analysis_read_only(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    from kvalitet_desktop.domain.roles import Role

    organisation.save_user(
        admin,
        organisation.UserInput("pelle", "Pelle Personal", roles=[Role.STAFF], unit_ids=[unit_id]),
    )
    staff = Context.for_login(admin.db, "pelle")
    editor = open_editor(qtbot, staff, stored_analysis(admin, unit_id))
    assert editor.banner.text() == "Du har inte behörighet att ändra riskanalyser."
    assert find_by_name(editor, QLineEdit, "Rubrik").isReadOnly()
    assert not find_by_name(editor, QPushButton, "Spara utkast").isEnabled()
    assert not editor.is_dirty()
    editor.go_to(EVENTS)
    assert not find_by_name(editor, QPushButton, "Ny händelse").isEnabled()
    assert find_by_name(editor, QPushButton, "Historik").isEnabled()


def test_history_button_opens_the_records_history(
    qtbot: QtBot, admin: Context, unit_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.ui.dialogs import history

    opened: list[tuple[str, str, str | None]] = []
    monkeypatch.setattr(
        history,
        "show_history",
        lambda parent, ctx, kind, record_id, title=None: opened.append((kind, record_id, title)),
    )
    analysis_id = stored_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    press(qtbot, editor, "Historik")
    assert opened == [("riskanalys", analysis_id, "Riskanalys – Ny bemanning på helger")]


def test_the_timer_stores_a_draft_only_when_something_changed(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = stored_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    key = f"riskanalys:{analysis_id}"
    assert editor.autosaver is not None
    timer = editor.autosaver.findChild(QTimer)
    assert timer is not None and timer.isActive()
    interval = 100
    editor.autosaver.set_interval(interval)
    with qtbot.waitSignal(timer.timeout, timeout=20 * interval):
        pass  # the autosaver looked at the form once (its slot runs before this wait returns)
    assert drafts.load_draft(admin, key) is None  # nothing typed yet, nothing stored

    # Between two ticks no event is handled here, so the next tick cannot have come yet.
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), " – helger")
    assert drafts.load_draft(admin, key) is None  # not on the keystroke: at the next tick
    with qtbot.waitSignal(timer.timeout, timeout=20 * interval):
        pass
    draft = drafts.load_draft(admin, key)
    assert draft is not None
    assert draft.payload["title"] == "Ny bemanning på helger – helger"
    assert draft.title == "Riskanalys: Ny bemanning på helger – helger"


def test_voiding_asks_for_a_reason_and_shows_it_read_only(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    assert not find_by_name(open_editor(qtbot, admin), QPushButton, "Makulera…").isEnabled()
    analysis_id = stored_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), " (ej sparat)")
    press(qtbot, editor, "Makulera…")
    reason = shown_child(editor, ReasonDialog)
    press(qtbot, reason, "Makulera")
    assert reason.isVisible()  # the reason is required, said at the field
    assert reason.errors.label_for("reason").text() == "Ange varför riskanalysen makuleras."
    assert not risk.get_analysis(admin, analysis_id).archived

    type_into(qtbot, find_by_name(reason, QLineEdit, "Anledning"), "Dubblett av äldre analys")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, reason, "Makulera")

    stored = risk.get_analysis(admin, analysis_id)
    assert stored.archived and stored.archive_reason == "Dubblett av äldre analys"
    assert editor.read_only and not editor.is_dirty()
    assert editor.banner.text() == "Makulerad: Dubblett av äldre analys"
    assert editor.status_chip.text() == "Makulerad"
    assert editor.scope.title.text() == "Ny bemanning på helger"  # as stored
    assert find_by_name(editor, QLineEdit, "Rubrik").isReadOnly()
    for name in ("Spara utkast", "Makulera…"):
        assert not find_by_name(editor, QPushButton, name).isEnabled()
    editor.go_to(EVENTS)
    assert not find_by_name(editor, QPushButton, "Ta bort").isEnabled()
    assert not editor.events_step.matrix.is_interactive()
    editor.go_to(CAUSES)
    assert all(edit.isReadOnly() for pair in editor.causes.editors for edit in pair)
    assert drafts.load_draft(admin, f"riskanalys:{analysis_id}") is None
    editor.close()

    again = open_editor(qtbot, admin, analysis_id)
    assert again.banner.text() == "Makulerad: Dubblett av äldre analys"
    assert again.read_only


def test_the_form_state_is_json_and_an_old_partial_draft_still_opens(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    import json

    from kvalitet_desktop.workflows.risk.ui.form_types import form_from_json

    editor = open_editor(qtbot, admin, stored_analysis(admin, unit_id))
    state = editor.form_state()
    assert form_from_json(json.loads(json.dumps(state))) == state  # the draft round-trips

    # A draft of an older version: keys missing, a number where text was, junk in the list.
    editor.restore_state({"title": 7, "events": [{"description": "Fall"}, "junk"], "team": None})
    restored = editor.risk_state()
    assert restored["title"] == "7"
    assert [e["description"] for e in restored["events"]] == ["Fall"]
    assert restored["events"][0]["probability"] is None
    assert restored["team"] == []


def decided_analysis(ctx: Context, unit_id: str) -> str:
    analysis_id = stored_analysis(ctx, unit_id)
    admin_id = organisation.user_choices(ctx)[0][0]
    risk.decide(
        ctx,
        analysis_id,
        risk.DecisionInput("Åtgärderna genomförs", admin_id, date.today(), date.today()),
    )
    return analysis_id


def test_removing_an_event_of_a_decided_analysis_asks_why_and_logs_it(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    from kvalitet_desktop.services import history

    analysis_id = decided_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    editor.go_to(EVENTS)
    editor.events_step.select(1)
    press(qtbot, editor, "Ta bort")
    reason = shown_child(editor, ReasonDialog)
    assert len(editor.events) == 2  # nothing removed before the user says why
    press(qtbot, reason, "Ta bort händelsen")
    assert reason.isVisible() and reason.errors.label_for("reason").text() == "Skriv en motivering."

    type_into(qtbot, find_by_name(reason, QLineEdit, "Anledning"), "Hör till en annan analys")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, reason, "Ta bort händelsen")
    assert [e.description for e in risk.get_analysis(admin, analysis_id).events] == [
        "Fel läkemedel ges av vikarie"
    ]
    entries = history.record_history(admin, "riskanalys", analysis_id)
    assert any(
        reason_change("Motivering", "Hör till en annan analys") in e.changes for e in entries
    )

    # Any other change of the decided analysis asks why, too.
    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Beskrivning"), "på helger ")
    press(qtbot, editor, "Spara")
    why = shown_child(editor, ReasonDialog)
    assert editor.is_dirty()
    type_into(qtbot, find_by_name(why, QLineEdit, "Anledning"), "Förtydligat")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, why, "Spara ändringen")
    assert "på helger" in risk.get_analysis(admin, analysis_id).events[0].description
    assert not editor.is_dirty()


def reason_change(field: str, after: str) -> object:
    from kvalitet_desktop.services.history import FieldChange

    return FieldChange(field, "–", after)


def test_a_closed_analysis_is_locked_and_reopened_with_a_reason(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = decided_analysis(admin, unit_id)
    risk.close_analysis(admin, analysis_id)
    editor = open_editor(qtbot, admin, analysis_id)
    title = find_by_name(editor, QLineEdit, "Rubrik")
    assert editor.read_only and title.isReadOnly()
    assert "avslutad och låst" in editor.banner.text() and editor.banner.isVisible()
    assert not find_by_name(editor, QPushButton, "Spara").isEnabled()
    # It looks locked: the field has the window's colour, not the editable white.
    image = title.grab().toImage()
    colour = image.pixelColor(image.width() // 2, image.height() // 2)
    assert colour == title.palette().window().color()
    type_into(qtbot, title, "Ändrat")
    assert title.text() == "Ny bemanning på helger"

    press(qtbot, editor, "Ändra med motivering…")
    reason = shown_child(editor, ReasonDialog)
    type_into(qtbot, find_by_name(reason, QLineEdit, "Anledning"), "Ny händelse i maj")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, reason, "Öppna för ändring")
    assert risk.get_analysis(admin, analysis_id).status is RiskAnalysisStatus.DECIDED
    assert not editor.read_only and not title.isReadOnly()
    assert editor.banner.text() == "Öppnad igen för ändring: Ny händelse i maj"
    type_into(qtbot, title, " (rättad)")
    with qtbot.waitSignal(editor.saved):
        press(qtbot, editor, "Spara")  # the reopening's reason is the change's reason
    assert risk.get_analysis(admin, analysis_id).title == "Ny bemanning på helger (rättad)"


LONG_EVENTS = [
    "Deltagarna förlorar sin dagliga struktur när verksamheten stänger, vilket kan leda till "
    "oro, sömnproblem och utmanande beteende.",
    "Närstående och personalen i gruppbostäderna får ta ett större ansvar för deltagarnas "
    "dagar och kan bli överbelastade.",
    "Förändringar i deltagarnas hälsa och behov uppmärksammas inte, eftersom personalen inte "
    "träffar dem dagligen.",
]


def long_analysis(ctx: Context, unit_id: str) -> str:
    return risk.save_analysis(
        ctx,
        risk.RiskAnalysisInput(
            title="Stängning under pandemin",
            unit_id=unit_id,
            events=[risk.EventInput(text, probability=2, consequence=3) for text in LONG_EVENTS],
        ),
    ).id


def test_the_events_are_listed_in_full_beside_the_matrix_at_1280_by_800(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    editor = open_editor(qtbot, admin, long_analysis(admin, unit_id))
    editor.resize(1280, 800)
    editor.go_to(EVENTS)
    events = find_by_name(editor, QListWidget, "Händelser")
    step = editor.events_step
    qtbot.waitUntil(lambda: step.top.orientation() == Qt.Orientation.Horizontal)
    assert events.width() >= 300  # a readable column, not a word per line
    for row, text in enumerate(LONG_EVENTS):
        item = events.item(row)
        assert item.text().startswith(f"{row + 1}. {text}\n")  # the whole text, no "…"
        assert "6 – Medelhög risk" in item.text()
        # Every line of it shows: the row is as high as the wrapped text needs.
        rect = events.visualItemRect(item)
        lines = events.fontMetrics().boundingRect(
            0, 0, rect.width() - 40, 10_000, Qt.TextFlag.TextWordWrap, item.text()
        )
        assert rect.height() >= lines.height()
    # Choosing in the list shows the event below, and the matrix marks it.
    events.setCurrentRow(2)
    assert step.description.toPlainText() == LONG_EVENTS[2]
    assert step.detail.title() == "Händelse 3"


def test_the_events_splitter_is_moved_and_remembered(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = long_analysis(admin, unit_id)
    editor = open_editor(qtbot, admin, analysis_id)
    editor.resize(1280, 800)
    editor.go_to(EVENTS)
    splitter = editor.events_step.top
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)
    before = splitter.sizes()
    handle = splitter.handle(1)
    # Drag the handle 80 px to the left with the mouse.
    start = handle.rect().center()
    qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(handle, start - QPoint(40, 0))
    qtbot.mouseMove(handle, start - QPoint(80, 0))
    qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start - QPoint(80, 0))
    moved = splitter.sizes()
    assert moved[0] < before[0] - 40
    editor.close()

    again = open_editor(qtbot, admin, analysis_id)
    again.resize(1280, 800)
    again.go_to(EVENTS)
    splitter = again.events_step.top
    qtbot.waitUntil(lambda: splitter.orientation() == Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: abs(splitter.sizes()[0] - moved[0]) <= 2)


INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QTabWidget,
)


def qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a widget: a spin box's or combo box's line edit, a table's
    corner button, a tab bar's scroll buttons, a combo box's popup list."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QTabBar, QScrollBar)):
            return True
        if isinstance(parent, QAbstractItemView) and not parent.viewport().isAncestorOf(widget):
            return True  # the corner button (a cell editor is in the viewport)
        parent = parent.parentWidget()
    return False


def accessible_names(root: QWidget) -> list[tuple[str, str]]:
    """(class, name a screen reader hears) of every interactive widget under ``root``."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or qt_internal(widget):
            continue
        # A button without a name of its own is read by its text. (A combo box's accessible
        # Name on Linux is its current value, the label comes by a relation: ask the widget.)
        interface = QAccessible.queryAccessibleInterface(widget)
        spoken = interface.text(QAccessible.Text.Name) if interface is not None else ""
        name = widget.accessibleName() or spoken
        found.append((type(widget).__name__, name.strip()))
    return found


def test_every_field_and_button_has_its_own_accessible_name(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    analysis_id = risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            title="Stängning under pandemin",
            unit_id=unit_id,
            team=[risk.TeamMemberInput(name="Kim Karlsson", role="Undersköterska")],
            events=[
                risk.EventInput(LONG_EVENTS[0], probability=2, consequence=3),
                risk.EventInput(LONG_EVENTS[1], probability=4, consequence=3),
            ],
        ),
    ).id
    editor = open_editor(qtbot, admin, analysis_id)
    for step in range(8):  # the causes and measures steps are built when shown
        editor.go_to(step)
    team = editor.team.team
    team.setCurrentCell(0, 1)
    team.editItem(team.currentItem())  # the cell editor is named too
    names = accessible_names(editor)
    unnamed = [cls for cls, name in names if not name]
    assert unnamed == []
    counted = Counter(name for _cls, name in names)
    assert [(name, n) for name, n in counted.items() if n > 1] == []
    assert "Roll, rad 1" in counted
    assert f"Underliggande orsaker – 1. {LONG_EVENTS[0][:30]}" in " ".join(counted)


CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def tab_to(qtbot: QtBot, name: str, limit: int = 120) -> QWidget:
    """Press Tab until the widget named ``name`` has the focus (as a user without a mouse)."""
    seen: list[str] = []
    for _ in range(limit):
        widget = focused()
        if widget.accessibleName() == name and widget.isVisible():
            return widget
        seen.append(widget.accessibleName() or type(widget).__name__)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}; it went {seen[-15:]}")


def key(
    qtbot: QtBot,
    k: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    times: int = 1,
) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), k, modifier)


def test_a_risk_analysis_is_made_with_the_keyboard_alone(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    editor = open_editor(qtbot, admin)
    # 1 Omfattning
    type_into(qtbot, tab_to(qtbot, "Rubrik"), "Helgbemanning")
    tab_to(qtbot, "Enhet")
    key(qtbot, Qt.Key.Key_Down)
    assert editor.scope.unit.value() is not None
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    # 2 Uppdrag och analysteam
    assert editor.current_step() == 1
    tab_to(qtbot, "Analysledare")
    key(qtbot, Qt.Key.Key_Down)
    tab_to(qtbot, "Lägg till rad")
    key(qtbot, Qt.Key.Key_Space)
    assert focused().accessibleName() == "Namn, rad 1"
    type_into(qtbot, focused(), "Kim Karlsson")
    key(qtbot, Qt.Key.Key_Tab)  # on to the role, its editor open
    assert focused().accessibleName() == "Roll, rad 1"
    type_into(qtbot, focused(), "Undersköterska")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.team.team.state() != QAbstractItemView.State.EditingState)
    assert editor.team.members()[0]["name"] == "Kim Karlsson"
    assert editor.step_complete(1)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    # 3 Faktaunderlag
    type_into(qtbot, tab_to(qtbot, "Faktaunderlag"), "Avvikelser 2025")
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    # 4 Händelser och bedömning: one by the combo boxes, one in the matrix
    assert editor.current_step() == EVENTS
    tab_to(qtbot, "Ny händelse")
    key(qtbot, Qt.Key.Key_Space)
    assert focused().accessibleName() == "Beskrivning"
    type_into(qtbot, focused(), LONG_EVENTS[0])
    key(qtbot, Qt.Key.Key_Tab)
    assert focused().accessibleName() == "Sannolikhet"
    key(qtbot, Qt.Key.Key_Down, times=2)  # 2 – Liten
    key(qtbot, Qt.Key.Key_Tab)
    assert focused().accessibleName() == "Konsekvens"
    key(qtbot, Qt.Key.Key_Down, times=3)  # 3 – Betydande
    tab_to(qtbot, "Ny händelse")
    key(qtbot, Qt.Key.Key_Space)
    type_into(qtbot, focused(), LONG_EVENTS[1])
    tab_to(qtbot, "Riskmatris")
    key(qtbot, Qt.Key.Key_Return)  # the cursor's cell, then one up and Enter again
    key(qtbot, Qt.Key.Key_Up)
    key(qtbot, Qt.Key.Key_Return)
    events = tab_to(qtbot, "Händelser")
    assert isinstance(events, QListWidget)
    assert [events.item(r).text().split("\n")[0] for r in range(2)] == [
        f"1. {LONG_EVENTS[0]}",
        f"2. {LONG_EVENTS[1]}",
    ]
    key(qtbot, Qt.Key.Key_Up)  # back to the first event in the list
    assert editor.events_step.description.toPlainText() == LONG_EVENTS[0]
    first = editor.events[0]
    assert (first.probability, first.consequence) == (2, 3)
    assert editor.events[1].score is not None
    assert editor.step_complete(EVENTS)
    key(qtbot, Qt.Key.Key_PageDown, CTRL)
    # 5 Orsaker och förslag
    assert editor.current_step() == CAUSES
    qtbot.waitUntil(lambda: editor.causes.editors[0][0].isVisible())  # built when shown
    for number, text in enumerate(LONG_EVENTS[:2], start=1):
        event = f"{number}. {short(text, 50)}"
        causes = tab_to(qtbot, f"Underliggande orsaker – {event}")
        type_into(qtbot, causes, "Vikarier")
        type_into(qtbot, tab_to(qtbot, f"Förslag på åtgärder – {event}"), "Introduktion")
    assert editor.step_complete(CAUSES)
    key(qtbot, Qt.Key.Key_S, CTRL)
    assert editor.analysis_id is not None
    stored = risk.get_analysis(admin, editor.analysis_id)
    assert [e.description for e in stored.events] == LONG_EVENTS[:2]
    assert [e.causes for e in stored.events] == ["Vikarier", "Vikarier"]
    assert stored.team[0].name == "Kim Karlsson"
