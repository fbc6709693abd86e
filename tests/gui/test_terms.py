"""One word for one thing: the terms written in the editor, the list, the PDF and the
navigation come from ``domain.terms``, so the screens and the documents agree."""

from __future__ import annotations

import io

import pytest
from helpers import show
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop import registry
from kvalitet_desktop.domain import terms
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services import list_text, listing, report_data
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.models.paged_table import PagedTableModel
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import Trigger
from kvalitet_desktop.workflows.risk.ui.steps import trigger_labels

pytestmark = pytest.mark.gui


def test_a_risk_analysis_reason_reads_the_same_in_the_editor_the_list_and_the_pdf(
    qtbot: QtBot, manager: Context, unit_id: str
) -> None:
    analysis = risk.save_analysis(
        manager,
        risk.RiskAnalysisInput(
            "Flytt till nya lokaler", unit_id, trigger=Trigger.ACTIVITY_CHANGE, events=[]
        ),
    ).id
    wanted = "Planerad förändring i verksamheten"
    assert wanted == terms.PLANNED_CHANGE
    assert trigger_labels()[Trigger.ACTIVITY_CHANGE] == wanted  # the editor's choice
    model = PagedTableModel(manager, "riskanalys")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    cell = model.index(0, model.columns.index("trigger"))
    assert model.data(cell, Qt.ItemDataRole.DisplayRole) == wanted  # the list
    pdf = render_report(report_data.build_report(manager, "riskanalys", analysis))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert f"Anledning {wanted}" in text  # the document
    assert f"{terms.ANALYSIS_LEADER} " in text
    # The list's JSON keeps the stored value for programs reading it.
    (row,) = listing.fetch(manager, "riskanalys", listing.ListQuery())
    assert row["trigger"] == Trigger.ACTIVITY_CHANGE.value
    assert {t.term for t in Trigger} == set(trigger_labels().values())


def test_places_are_named_alike_in_the_navigation_and_kom_igang(
    qtbot: QtBot, admin: Context
) -> None:
    window = show(qtbot, MainWindow(admin, remember=False))
    labels = [window.navigation.item(r).text() for r in range(window.navigation.count())]
    assert terms.ORGANISATION in labels and terms.SETTINGS in labels
    window.show_view("installningar")
    settings = window.page("installningar")
    tabs = settings.tabs  # type: ignore[union-attr]
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert terms.LEGAL_REFERENCES in titles and terms.IVO_DEPARTMENTS in titles


def test_list_headings_that_are_terms_are_translated_as_terms() -> None:
    """A list heading written in ``domain.terms`` ("Analysledare", "Utredare") is looked up in
    the terms' context, so that a translation of the term reaches the list too."""
    asked: dict[str, str] = {}

    def translate(context: str, text: str) -> str:
        asked[text] = context
        return text

    found = set()
    for kind in registry.listed_keys():
        spec = listing.spec_for(kind)
        for key in spec.columns:
            heading = list_text.header_text(spec, key, translate)
            if terms.is_term(heading):
                found.add(heading)
                assert asked[heading] == terms.TERMS_CONTEXT, (kind, key)
    assert {terms.ANALYSIS_LEADER, terms.INVESTIGATOR} <= found
    assert not terms.is_term("Rubrik") and terms.is_term(terms.PLANNED_CHANGE)
