"""Att göra: the four sections and the unit table, filled from records made by services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers import FakeEditor, show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.views.dashboard import DashboardView
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput
from kvalitet_desktop.workflows.risk import service as risk

pytestmark = pytest.mark.gui


@pytest.fixture
def records(admin: Context, unit_id: str) -> dict[str, str]:
    today = date.today()
    late = measures.create_measure(
        admin,
        MeasureInput("Låsbart läkemedelsskåp", unit_id, None, admin.actor.id, today - timedelta(5)),
    ).id
    soon = measures.create_measure(
        admin, MeasureInput("Nattrutin", unit_id, None, admin.actor.id, today + timedelta(30))
    ).id
    follow_up = followups.plan_follow_up(
        admin, soon, followups.PlanInput(today + timedelta(days=7), "Samtal", admin.actor.id)
    ).id
    analysis = risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            title="Flytt till nya lokaler",
            unit_id=unit_id,
            events=[
                risk.EventInput("Brandskyddet är inte genomgånget", probability=3, consequence=4)
            ],
        ),
    ).id
    return {"late": late, "follow_up": follow_up, "analysis": analysis}


def load(qtbot: QtBot, ctx: Context) -> DashboardView:
    view = show(qtbot, DashboardView(ctx), (1100, 760))
    qtbot.waitUntil(lambda: view.dashboard is not None)
    return view


def test_sections_show_records_with_counts(
    qtbot: QtBot, admin: Context, records: dict[str, str]
) -> None:
    view = load(qtbot, admin)
    headings = {
        key: section.heading.text()
        for key, section in view.sections.items()
        if section.isVisibleTo(view)
    }
    assert headings == {
        "overdue_measures": "Försenade åtgärder (1)",
        "follow_ups_due": "Uppföljningar inom 14 dagar (1)",
        "undecided_analyses": "Riskanalyser utan beslut (1)",
        "high_risks_without_measure": "Höga risker utan åtgärd (1)",
        "lex_sarah_due": "Lex Sarah – tidsfrister (0)",  # administrators see the cases
        "deviations_due": "Avvikelser – tidsfrister (0)",  # and those who investigate
        "complaint_replies_due": "Klagomål – svar till avsändaren (0)",
        "self_inspections_due": "Egenkontroller att göra (0)",
    }
    overdue = view.sections["overdue_measures"]
    assert overdue.list.item(0).text() == "Låsbart läkemedelsskåp"
    subline = overdue.list.item(0).data(Qt.ItemDataRole.UserRole + 1)
    assert subline.startswith("Daglig verksamhet Solrosen · klart senast ")
    assert "5 dagar sen" in subline
    assert overdue.stack.currentWidget() is overdue.list
    high = view.sections["high_risks_without_measure"].list.item(0)
    assert high.text() == "Brandskyddet är inte genomgånget"


def test_unit_table_counts(qtbot: QtBot, admin: Context, records: dict[str, str]) -> None:
    view = load(qtbot, admin)
    table = view.unit_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == [
        "Enhet",
        "Pågående åtgärder",
        "Försenade",
        "Uppföljningar inom 14 dagar",
        "Försenade kontakter",
        "Utan beslut",
        "Höga risker",
        "Öppna avvikelser",
        "Försenade avvikelser",
        "Öppna klagomål",
        "Försenade egenkontroller",
    ]
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 7)]
        for r in range(table.rowCount())
    }
    assert rows["Daglig verksamhet Solrosen"] == ["2", "1", "1", "0", "1", "1"]


def test_enter_opens_the_record(
    qtbot: QtBot, admin: Context, records: dict[str, str], fake_editors: list[tuple[Any, ...]]
) -> None:
    view = load(qtbot, admin)
    section = view.sections["follow_ups_due"].list
    section.setFocus()
    section.setCurrentRow(0)
    qtbot.keyClick(section, Qt.Key.Key_Return)
    assert fake_editors == [("open", "uppfoljning", records["follow_up"])]
    undecided = view.sections["undecided_analyses"].list
    undecided.setCurrentRow(0)
    qtbot.keyClick(undecided, Qt.Key.Key_Return)
    assert fake_editors[-1] == ("open", "riskanalys", records["analysis"])
    # Saving in the editor reloads the dashboard.
    editor = view.findChildren(FakeEditor)[-1]
    view.dashboard = None
    editor.saved.emit()
    qtbot.waitUntil(lambda: view.dashboard is not None)


def test_empty_sections_say_so(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    view = load(qtbot, admin)
    overdue = view.sections["overdue_measures"]
    assert overdue.heading.text() == "Försenade åtgärder (0)"
    assert overdue.stack.currentWidget() is overdue.empty_label
    assert overdue.empty_label.text() == "Inget försenat – bra!"
    assert view.unit_table.rowCount() == 1
    assert view.no_units_label.isHidden()


def test_no_units_says_what_to_set_up(qtbot: QtBot, admin: Context) -> None:
    """A municipality without units is not "Inget försenat – bra!": it needs units."""
    view = load(qtbot, admin)
    assert view.no_units_label.isVisible()
    assert view.no_units_label.text() == (
        "Inga enheter ännu – lägg upp enheter under Organisation."
    )
    assert not any(section.isVisible() for section in view.sections.values())
    assert not view.unit_table.isVisible()
    assert view.unit_table.rowCount() == 0
    assert "0 enheter" in view.subtitle.text()


def test_getting_started_checklist_until_done(qtbot: QtBot, admin: Context) -> None:
    """ "Kom igång" for the administrator of a new database, each step from the data."""
    from kvalitet_desktop.domain.roles import Role
    from kvalitet_desktop.services import organisation, references

    view = load(qtbot, admin)
    assert view.checklist.isVisible()
    assert list(view.checklist.rows) == ["units", "users", "lex_sarah", "references"]
    assert view.checklist.rows["units"].accessibleName() == (
        "Att göra: Lägg upp verksamhetens enheter (under Organisation)"
    )
    # The role in the middle of a sentence as everywhere else: "lex Sarah" in lower case.
    assert view.checklist.rows["lex_sarah"].accessibleName() == (
        "Att göra: Utse en lex Sarah-ansvarig (under Organisation)"
    )
    area = organisation.organisation_tree(admin)[0].areas[0]
    unit = organisation.add_unit(admin, area.id, "Hemtjänst Norr")
    organisation.save_user(
        admin,
        organisation.UserInput(
            login="lena",
            name="Lena Lex",
            title="Kvalitetsstrateg",
            roles=[Role.LEX_SARAH],
            unit_ids=[unit],
        ),
    )
    view.dashboard = None
    view.refresh()
    qtbot.waitUntil(lambda: view.dashboard is not None)
    assert view.checklist.rows["units"].accessibleName().startswith("Klart: ")
    assert view.checklist.rows["lex_sarah"].accessibleName().startswith("Klart: ")
    assert view.checklist.rows["references"].accessibleName().startswith("Att göra: ")
    for reference in references.references(admin):
        if not reference.historical:
            references.save_reference(
                admin,
                reference.code,
                reference.title,
                reference.reference,
                reference.note,
                verified_on=date.today(),
            )
    view.dashboard = None
    view.refresh()
    qtbot.waitUntil(lambda: view.dashboard is not None)
    # IVO's departments (and their addresses) are references to check too.
    departments = references.departments(admin)
    assert view.checklist.rows["references"].accessibleName() == (
        "Att göra: Kontrollera lagrummen och IVO:s avdelningar (under Inställningar) – "
        f"{len(departments)} kvar"
    )
    for department in departments:
        references.save_department(
            admin,
            department.name,
            list(department.counties),
            department.postal_address,
            department.id,
            date.today(),
        )
    view.dashboard = None
    view.refresh()
    qtbot.waitUntil(lambda: view.dashboard is not None)
    assert not view.checklist.isVisible()


def test_no_list_scrolls_inside_the_page(
    qtbot: QtBot, admin: Context, other_unit_id: str, records: dict[str, str]
) -> None:
    """One scroll bar, the page's: each section's list and the unit table show every row."""
    view = load(qtbot, admin)
    for section in view.sections.values():
        if section.stack.currentWidget() is section.list:
            assert section.list.verticalScrollBar().maximum() == 0, section.spec.key
    table = view.unit_table
    assert table.rowCount() == 2
    assert table.verticalScrollBar().maximum() == 0
    last = table.rowViewportPosition(1) + table.rowHeight(1)
    assert last <= table.viewport().height()
    assert view.scroll_area.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_manager_sees_only_own_unit(
    qtbot: QtBot, manager: Context, other_unit_id: str, records: dict[str, str]
) -> None:
    view = load(qtbot, manager)
    assert view.unit_table.rowCount() == 1
    assert "1 enhet" in view.subtitle.text()


def test_passed_deadlines_carry_the_lists_overdue_mark(
    qtbot: QtBot, admin: Context, records: dict[str, str]
) -> None:
    """The same mark as in the lists, text besides red, for every kind's items."""
    from kvalitet_desktop.ui.views.dashboard import OVERDUE_ROLE

    today = date.today()
    followups.plan_follow_up(
        admin,
        records["late"],
        followups.PlanInput(today - timedelta(days=1), "Samtal", admin.actor.id),
    )
    view = load(qtbot, admin)
    late = view.sections["overdue_measures"].list.item(0)
    due = (today - timedelta(5)).isoformat()
    subline = late.data(Qt.ItemDataRole.UserRole + 1)
    assert f"klart senast {due} – försenad" in subline
    assert late.data(OVERDUE_ROLE) is True
    assert "försenad" in late.data(Qt.ItemDataRole.AccessibleTextRole)
    follow_ups = view.sections["follow_ups_due"].list
    texts = [
        follow_ups.item(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(follow_ups.count())
    ]
    passed = (today - timedelta(days=1)).isoformat()
    assert texts[0].startswith(f"Daglig verksamhet Solrosen · planerad {passed} – försenad")
    assert "försenad" not in texts[1] and follow_ups.item(1).data(OVERDUE_ROLE) is False
