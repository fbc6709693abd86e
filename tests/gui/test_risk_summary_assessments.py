"""The risk analysis editor's summary shows the individual assessments of the förändring
linked to it: counts for every reader, codes only of the reader's own units' people."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import find_by_name, show
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import ChangeInput, PersonInput
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.ui.editor import SUMMARY, RiskAnalysisEditor

pytestmark = pytest.mark.usefixtures("answers")


def test_the_summary_counts_the_linked_changes_people(
    qtbot: QtBot, admin: Context, unit_id: str, other_unit_id: str
) -> None:
    analysis = risk.save_analysis(
        admin, risk.RiskAnalysisInput(title="Solrosen stängs", unit_id=unit_id)
    )
    individuals.save_individual(admin, IndividualInput("SOL-01", unit_id))
    individuals.save_individual(admin, IndividualInput("OST-01", other_unit_id))
    change = changes.save_change(
        admin,
        ChangeInput(
            "Dagverksamheten stängs",
            [unit_id, other_unit_id],
            ["stängning av verksamhet"],
            date(2026, 3, 16),
            risk_analysis_id=analysis.id,
        ),
    )
    for person in (
        PersonInput("SOL-01", unit_id, probability=2, consequence=2, risks=["isolering"]),
        PersonInput("OST-01", other_unit_id, probability=4, consequence=3),
    ):
        changes.add_person(admin, change.id, person)
    organisation.save_user(
        admin,
        organisation.UserInput(
            login="chef", name="Chef", roles=[Role.UNIT_MANAGER], unit_ids=[unit_id]
        ),
    )
    manager = Context.for_login(admin.db, "chef")

    editor = show(qtbot, RiskAnalysisEditor(None, manager, analysis.id))
    editor.go_to(SUMMARY)
    text = find_by_name(editor, QTextBrowser, "Sammanfattning").toPlainText()
    assert "Individuella bedömningar" in text
    assert "IF-2026-0001 Dagverksamheten stängs: 2 av 2 berörda bedömda i riskmatrisen." in text
    assert "Per riskzon: Låg risk 0, Medelhög risk 1, Hög risk 0, Mycket hög risk 1" in text
    assert "Risker: isolering 1" in text
    assert "Personer: SOL-01 (S2×K2)" in text and "OST-01" not in text
