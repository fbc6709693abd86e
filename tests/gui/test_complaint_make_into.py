"""From a klagomål, "Gör lex Sarah-rapport…" opens the lex Sarah kind's own editor prefilled
from the complaint (its ``create_from``); what it sends is linked, and shown in the complaint."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from helpers import find_by_name, press, show
from lexsarah_answers import report_answers
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.linked_records import SourceFacts
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import Channel, ComplaintKind, SubmitterType
from kvalitet_desktop.workflows.complaints.ui.editor import ComplaintEditor
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.ui import new_report

pytestmark = pytest.mark.usefixtures("answers", "lex_sarah_individual")


def _complaint(ctx: Context, unit_id: str) -> str:
    return complaints.save_complaint(
        ctx,
        complaints.ComplaintInput(
            "Ingen kom till morgonbesöket",
            unit_id,
            date(2026, 3, 2),
            Channel.PHONE,
            SubmitterType.RELATIVE,
            ComplaintKind.COMPLAINT,
            "kvalitet i insatsen",
            "Min pappa fick varken frukost eller medicin.",
            submitter_name="Karin Berg",
        ),
    ).id


def test_gor_lex_sarah_rapport_links_the_new_case(
    qtbot: QtBot,
    admin: Context,
    manager: Context,
    unit_id: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    complaint_id = _complaint(manager, unit_id)
    offered: list[SourceFacts] = []

    def send_from(parent: Any, ctx: Context, facts: SourceFacts) -> str:
        """The lex Sarah editor as a user completes and sends it (its own tests show it)."""
        offered.append(facts)
        answers = report_answers(unit_id, admin.actor.id)
        data = lexsarah.ReportInput(facts.title, answers, source=facts.source)
        return lexsarah.file_report(ctx, data).id

    monkeypatch.setattr(new_report, "report_from", send_from)
    editor = show(qtbot, ComplaintEditor(None, manager, complaint_id), (880, 760))
    linked = find_by_name(editor, QLabel, "Kopplade poster")
    assert not linked.isVisibleTo(editor)

    press(qtbot, editor, "Gör lex Sarah-rapport…")

    [facts] = offered
    assert facts.label == "klagomål KL-2026-0001" and facts.unit_id == unit_id
    assert linked.isVisibleTo(editor)
    # The unit manager is told a case is linked, never its number or status.
    assert "Lex Sarah-ärende" in linked.text()
    assert "LS-" not in linked.text()
    editor.close()

    # An administrator (who may read both) sees the case's number.
    as_admin = show(qtbot, ComplaintEditor(None, admin, complaint_id), (880, 760))
    assert "LS-2026-" in find_by_name(as_admin, QLabel, "Kopplade poster").text()


def test_staff_are_not_offered_to_make_records_from_complaints(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    organisation.save_user(
        admin, organisation.UserInput("sara", "Sara Sten", None, [Role.STAFF], [unit_id])
    )
    staff = Context.for_login(admin.db, "sara")
    editor = show(qtbot, ComplaintEditor(None, staff, None), (880, 760))
    assert not find_by_name(editor, QPushButton, "Gör lex Sarah-rapport…").isEnabled()


def test_gor_avvikelse_links_the_new_avvikelse(
    qtbot: QtBot, manager: Context, unit_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.workflows.deviations import service as deviations
    from kvalitet_desktop.workflows.deviations.ui import editor as deviation_editor

    complaint_id = _complaint(manager, unit_id)
    offered: list[SourceFacts] = []

    def register_from(parent: Any, ctx: Context, facts: SourceFacts) -> str:
        """The avvikelse editor as the user registers it (its own tests show the editor)."""
        offered.append(facts)
        # A complaint does not say when it happened: the user fills it in.
        when = facts.occurred_at or datetime(2026, 3, 1, 7, 30)
        data = deviations.RegistrationInput(
            facts.title, facts.unit_id, when, facts.description, source=facts.source
        )
        return deviations.register(ctx, data).id

    monkeypatch.setattr(deviation_editor, "deviation_from", register_from)
    editor = show(qtbot, ComplaintEditor(None, manager, complaint_id), (880, 760))

    press(qtbot, editor, "Gör avvikelse…")

    [facts] = offered
    assert "Min pappa fick varken frukost eller medicin." in facts.description
    assert "Karin Berg" not in facts.description  # never the submitter
    linked = find_by_name(editor, QLabel, "Kopplade poster")
    assert linked.isVisibleTo(editor) and "AV-2026-" in linked.text()
