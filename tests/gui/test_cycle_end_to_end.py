"""A whole quality cycle through the GUI, with keyboard and mouse:

riskanalys (scope, team, facts, two events placed on the matrix, causes) → a measure for an
event → decision → a planned follow-up → the follow-up with one individual's experience →
the printed report. Everything is checked in the database through the services afterwards.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from types import SimpleNamespace

from helpers import Printed, activate, click, find_by_name, press, shown_child, type_into
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
)
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import new_record
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, FollowUpStatus, Outcome
from kvalitet_desktop.workflows.followups.ui.editor import FollowUpDialog
from kvalitet_desktop.workflows.followups.ui.plan_dialog import PlanDialog
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.ui.editor import MeasureDialog
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import EVENT_LINK, RiskAnalysisStatus, Trigger
from kvalitet_desktop.workflows.risk.ui.causes_measures import MeasuresTable
from kvalitet_desktop.workflows.risk.ui.editor import (
    CAUSES,
    DECISION,
    EVENTS,
    FACTS,
    MEASURES,
    SUMMARY,
    TEAM,
    RiskAnalysisEditor,
)
from registers import register

TITLE = "Ny bemanning på helger"
EVENT_1 = "Deltagare får fel läkemedel av vikarie"
EVENT_2 = "Deltagare blir oroliga när de inte känner personalen"


def alt_next(qtbot: QtBot, editor: RiskAnalysisEditor, expected: int) -> None:
    """Alt+N, the mnemonic of "Nästa" (a mnemonic clicks the button after a short animation)."""
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: editor.current_step() == expected)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def fill_scope(qtbot: QtBot, editor: RiskAnalysisEditor) -> None:
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), TITLE)
    unit = find_by_name(editor, QComboBox, "Enhet")
    assert unit.currentText() == "Daglig verksamhet Solrosen"  # the user's only unit
    trigger = find_by_name(editor, QComboBox, "Anledning")
    trigger.setFocus()
    qtbot.keyClick(trigger, Qt.Key.Key_Down)
    assert trigger.currentText() == "Förändring i personalsammansättningen"
    type_into(
        qtbot,
        find_by_name(editor, QPlainTextEdit, "Beskrivning av anledningen"),
        "Timanställda bemannar helgerna från 1 maj.",
    )


def fill_team(qtbot: QtBot, editor: RiskAnalysisEditor) -> None:
    type_into(qtbot, find_by_name(editor, QLineEdit, "Uppdragsgivare"), "Verksamhetschef")
    type_into(qtbot, find_by_name(editor, QLineEdit, "Uppdragsdatum"), "2026-03-02")
    leader = find_by_name(editor, QComboBox, "Analysledare")
    leader.setCurrentIndex(leader.findText("Åsa Administratör"))
    add_user = editor.team.add_user_button.menu().actions()[0]
    assert add_user.text() == "Åsa Administratör"
    add_user.trigger()
    press(qtbot, editor, "Lägg till rad")
    name_editor = QApplication.focusWidget()
    assert isinstance(name_editor, QLineEdit)  # the new row's name cell is being edited
    type_into(qtbot, name_editor, "Kim Öberg")
    qtbot.keyClick(name_editor, Qt.Key.Key_Tab)
    role_editor = QApplication.focusWidget()
    assert isinstance(role_editor, QLineEdit)
    type_into(qtbot, role_editor, "Stödpedagog")
    qtbot.keyClick(role_editor, Qt.Key.Key_Return)
    # The delegate commits and closes a cell on Return from the event loop (a queued call),
    # which runs before a user's next key: wait for it as a user would, or the next step's
    # focus change closes the cell first and the queued commit finds no editor.
    team = editor.team.team
    qtbot.waitUntil(lambda: team.state() == QAbstractItemView.State.NoState)
    assert [team.item(1, column).text() for column in range(2)] == ["Kim Öberg", "Stödpedagog"]


def place_events(qtbot: QtBot, editor: RiskAnalysisEditor) -> None:
    press(qtbot, editor, "Ny händelse")
    description = find_by_name(editor, QPlainTextEdit, "Beskrivning")
    assert description.hasFocus()
    type_into(qtbot, description, EVENT_1)
    matrix = editor.events_step.matrix
    # By mouse: probability 3 ("Stor"), consequence 4 ("Katastrofal").
    qtbot.mouseClick(
        matrix, Qt.MouseButton.LeftButton, pos=matrix.cell_rect(3, 4).center().toPoint()
    )
    assert find_by_name(editor, QComboBox, "Sannolikhet").currentText() == "3 – Stor"
    assert find_by_name(editor, QComboBox, "Konsekvens").currentText() == "4 – Katastrofal"

    press(qtbot, editor, "Ny händelse")
    type_into(qtbot, find_by_name(editor, QPlainTextEdit, "Beskrivning"), EVENT_2)
    # By keyboard: from the cursor at (3, 4) one step up and two to the left, then Enter.
    matrix.setFocus()
    qtbot.keyClick(matrix, Qt.Key.Key_Up)
    qtbot.keyClick(matrix, Qt.Key.Key_Left)
    qtbot.keyClick(matrix, Qt.Key.Key_Left)
    qtbot.keyClick(matrix, Qt.Key.Key_Return)
    assert matrix.current() == (4, 2)
    events = editor.events_step.event_list
    assert all(
        ["riskvärde 12 – " in events.item(0).text(), "riskvärde 8 – " in events.item(1).text()]
    )
    assert [len(matrix.events_in(3, 4)), len(matrix.events_in(4, 2))] == [1, 1]
    # And the other way round: the combo box moves the matrix.
    find_by_name(editor, QComboBox, "Konsekvens").setCurrentIndex(3)  # 3 – Betydande
    assert matrix.current() == (4, 3)
    find_by_name(editor, QComboBox, "Konsekvens").setCurrentIndex(2)  # back to 2 – Måttlig
    assert matrix.current() == (4, 2)


def write_causes(qtbot: QtBot, editor: RiskAnalysisEditor) -> None:
    (causes_1, proposals_1), (causes_2, proposals_2) = editor.causes.editors
    type_into(qtbot, causes_1, "Ingen introduktion för timanställda.")
    type_into(qtbot, proposals_1, "- Introduktion med läkemedelsgenomgång\n- Checklista")
    type_into(qtbot, causes_2, "Många olika vikarier.")
    type_into(qtbot, proposals_2, "Fast helgschema")


def decide_measure(qtbot: QtBot, editor: RiskAnalysisEditor) -> str:
    click(qtbot, editor.measures_step.buttons[0])  # "Ny åtgärd för händelsen…" (event 1)
    assert editor.analysis_id is not None  # saved automatically first
    dialog = shown_child(editor, MeasureDialog)
    assert dialog.title_edit.text() == "Introduktion med läkemedelsgenomgång"
    assert dialog.answers_to.item(0).text() == (f"Riskanalys ”{TITLE}”, händelse 1: {EVENT_1}")
    responsible = find_by_name(dialog, QComboBox, "Ansvarig")
    responsible.setCurrentIndex(responsible.findText("Åsa Administratör"))
    due = (date.today() + timedelta(days=30)).isoformat()
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Klart senast"), due)
    with qtbot.waitSignal(editor.saved):
        press(qtbot, dialog, "Spara")
    assert dialog.measure_id is not None
    press(qtbot, dialog, "Stäng")
    assert not dialog.isVisible()
    return dialog.measure_id


def decide_analysis(qtbot: QtBot, editor: RiskAnalysisEditor) -> None:
    type_into(
        qtbot,
        find_by_name(editor, QPlainTextEdit, "Beslut"),
        "Åtgärderna för händelse 1 genomförs.",
    )
    decider = find_by_name(editor, QComboBox, "Beslutsfattare")
    decider.setCurrentIndex(decider.findText("Åsa Administratör"))
    type_into(qtbot, find_by_name(editor, QLineEdit, "Beslutsdatum"), date.today().isoformat())
    follow_up_on = (date.today() + timedelta(days=90)).isoformat()
    type_into(qtbot, find_by_name(editor, QLineEdit, "Uppföljningsdatum"), follow_up_on)
    with qtbot.waitSignal(editor.saved):
        press(qtbot, editor, "Fatta beslut")
    assert editor.status_chip.text() == "Beslutad"
    assert editor.step_complete(DECISION)


def plan_follow_up(qtbot: QtBot, editor: RiskAnalysisEditor) -> FollowUpDialog:
    (table,) = editor.measures_step.findChildren(MeasuresTable)
    qtbot.waitUntil(table.isVisible)  # the rebuilt page is shown by the event loop
    rect = table.visualItemRect(table.item(0, 0))
    # A real double-click starts with a click (QTest's lone double-click can be swallowed).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    measure_dialog = shown_child(editor, MeasureDialog)
    press(qtbot, measure_dialog, "Planera uppföljning…")
    plan = shown_child(measure_dialog, PlanDialog)
    type_into(qtbot, find_by_name(plan, QLineEdit, "Datum"), date.today().isoformat())
    type_into(qtbot, find_by_name(plan, QPlainTextEdit, "Metod"), "Samtal med deltagarna")
    with qtbot.waitSignal(measure_dialog.saved):
        press(qtbot, plan, "Planera")
    press(qtbot, measure_dialog, "Öppna uppföljningen")
    return shown_child(measure_dialog, FollowUpDialog)


def record_follow_up(qtbot: QtBot, dialog: FollowUpDialog) -> None:
    type_into(
        qtbot,
        find_by_name(dialog, QPlainTextEdit, "Resultat"),
        "Alla timanställda har fått introduktion.",
    )
    click(qtbot, find_by_name(dialog, QRadioButton, "Ja"))
    dialog.tabs.setCurrentIndex(1)
    press(qtbot, dialog, "Lägg till person")
    voice = dialog.voices.editors[0]
    type_into(qtbot, find_by_name(voice, QLineEdit, "Kod"), "SOL-07")
    how = find_by_name(voice, QComboBox, "Hur")
    how.setFocus()
    qtbot.keyClick(how, Qt.Key.Key_Down)
    assert how.currentText() == "Enkät"
    for dimension in Dimension:
        rating = find_by_name(voice, QComboBox, dimension.value.capitalize())
        rating.setFocus()
        for _ in range(4):  # "Ej besvarad" → 4 – Oftast
            qtbot.keyClick(rating, Qt.Key.Key_Down)
        assert rating.currentText() == "4 – Oftast"
        type_into(
            qtbot,
            find_by_name(voice, QLineEdit, f"Kommentar om {dimension.value}"),
            f"Om {dimension.value}: bättre nu",
        )
    dialog.tabs.setCurrentIndex(2)
    click(
        qtbot,
        find_by_name(dialog, QRadioButton, dialog.outcome_page.buttons[Outcome.CLOSED].text()),
    )
    activate(qtbot, dialog)
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_a_whole_cycle_through_the_gui(
    qtbot: QtBot,
    admin: Context,
    unit_id: str,
    answers: SimpleNamespace,
    printed: Printed,
) -> None:
    register(admin, unit_id, "SOL-07")  # the voice's person, in the unit's register
    editor = new_record(None, admin, "riskanalys")
    assert isinstance(editor, RiskAnalysisEditor)
    qtbot.addWidget(editor)
    activate(qtbot, editor)

    fill_scope(qtbot, editor)
    alt_next(qtbot, editor, TEAM)
    fill_team(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_step() == FACTS
    type_into(
        qtbot,
        find_by_name(editor, QPlainTextEdit, "Faktaunderlag"),
        "Avvikelser 2025: 14, varav 6 på helger.",
    )
    alt_next(qtbot, editor, EVENTS)
    place_events(qtbot, editor)
    alt_next(qtbot, editor, CAUSES)
    write_causes(qtbot, editor)
    alt_next(qtbot, editor, MEASURES)

    measure_id = decide_measure(qtbot, editor)
    assert editor.step_complete(MEASURES) is False  # event 2 scores 8 and has no measure yet
    activate(qtbot, editor)
    alt_next(qtbot, editor, DECISION)
    decide_analysis(qtbot, editor)

    editor.step_list.setFocus()
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Up)  # back to "6. Åtgärder" by keyboard
    assert editor.current_step() == MEASURES
    follow_up_dialog = plan_follow_up(qtbot, editor)
    follow_up_id = follow_up_dialog.follow_up_id
    record_follow_up(qtbot, follow_up_dialog)

    activate(qtbot, editor)
    qtbot.keyClick(editor.step_list, Qt.Key.Key_End)
    assert editor.current_step() == SUMMARY
    summary = editor.summary.browser.toPlainText()
    assert TITLE in summary and EVENT_1 in summary and "Kim Öberg – Stödpedagog" in summary
    press(qtbot, editor, "Skriv ut riskanalysen…")
    qtbot.waitUntil(lambda: bool(printed))  # the PDF is built off the UI thread
    ((pdf, title, stem),) = printed
    assert title == f"Riskanalys – {TITLE}"
    assert stem == "riskanalys-ny-bemanning-på-helger"
    text = pdf_text(pdf)
    for expected in (TITLE, EVENT_1, EVENT_2):
        assert expected in text

    # --- what is stored ---------------------------------------------------------------
    assert editor.analysis_id is not None
    analysis = risk.get_analysis(admin, editor.analysis_id)
    assert analysis.status is RiskAnalysisStatus.DECIDED
    assert analysis.trigger is Trigger.STAFFING_CHANGE
    assert analysis.trigger_description == "Timanställda bemannar helgerna från 1 maj."
    assert analysis.commissioned_on == date(2026, 3, 2)
    assert analysis.leader_name == "Åsa Administratör"
    assert [(m.name, m.role) for m in analysis.team] == [
        ("Åsa Administratör", None),
        ("Kim Öberg", "Stödpedagog"),
    ]
    assert analysis.fact_sources == "Avvikelser 2025: 14, varav 6 på helger."
    assert [e.description for e in analysis.events] == [EVENT_1, EVENT_2]
    assert [
        (e.current.probability, e.current.consequence) for e in analysis.events if e.current
    ] == [
        (3, 4),
        (4, 2),
    ]
    assert analysis.events[0].causes == "Ingen introduktion för timanställda."
    assert analysis.events[1].proposed_measures == "Fast helgschema"
    assert analysis.decision_text == "Åtgärderna för händelse 1 genomförs."
    assert analysis.decided_on == date.today()
    assert [m.id for m in analysis.events[0].measures] == [measure_id]

    measure = measures.get_measure(admin, measure_id)
    assert measure.links[0].kind == EVENT_LINK
    assert measure.links[0].target_id == analysis.events[0].id
    assert measure.status is MeasureStatus.PLANNED
    assert [f.id for f in measure.follow_ups] == [follow_up_id]

    follow_up = followups.get_follow_up(admin, follow_up_id)
    assert follow_up.status is FollowUpStatus.DONE
    assert follow_up.effect is Effect.YES
    assert follow_up.outcome is Outcome.CLOSED
    assert follow_up.method == "Samtal med deltagarna"
    (voice,) = follow_up.voices
    assert voice.individual_code == "SOL-07"
    assert voice.gathered_by.value == "enkät"
    assert {d: (r.rating, r.comment) for d, r in voice.ratings.items()} == {
        d: (4, f"Om {d.value}: bättre nu") for d in Dimension
    }
    assert answers.asked == []  # nothing needed asking along the way
