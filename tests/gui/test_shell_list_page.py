"""ListPage: filters, SQL sorting, remembered state, opening records, printing the plan."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from helpers import FakeEditor, Printed, show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.views.list_page import ListPage, count_text
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.service import MeasureInput

pytestmark = pytest.mark.gui


@pytest.fixture
def data(admin: Context, unit_id: str, other_unit_id: str) -> dict[str, str]:
    today = date.today()
    ids = {}
    for key, title, unit, due in (
        ("brand", "Brandskydd i köket", unit_id, today + timedelta(days=10)),
        ("lakemedel", "Läkemedelsgenomgång", unit_id, today - timedelta(days=3)),
        ("nyckel", "Nyckelhantering", other_unit_id, today + timedelta(days=40)),
    ):
        ids[key] = measures.create_measure(
            admin, MeasureInput(title, unit, None, admin.actor.id, due)
        ).id
    followups.plan_follow_up(
        admin, ids["brand"], followups.PlanInput(today + timedelta(days=20), None, admin.actor.id)
    )
    measures.set_status(admin, ids["brand"], MeasureStatus.DONE)
    measures.archive_measure(admin, ids["nyckel"], "Dubblett")
    return ids


def make_page(qtbot: QtBot, ctx: Context, kind: str = "atgard") -> ListPage:
    return show(qtbot, ListPage(ctx, kind), (1100, 600))


def titles(page: ListPage) -> list[str]:
    column = page.model.columns.index("title")
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def test_shows_rows_and_count(qtbot: QtBot, admin: Context, data: dict[str, str]) -> None:
    page = make_page(qtbot, admin)
    assert page.model.rowCount() == 2  # the archived one is hidden
    assert page.count_label.text() == "2 åtgärder"
    assert page.stack.currentWidget() is page.table
    # Default order is the SQL default (due date), shown as the header's sort indicator.
    assert titles(page) == ["Läkemedelsgenomgång", "Brandskydd i köket"]
    assert page.table.horizontalHeader().sortIndicatorSection() == page.model.columns.index(
        "due_date"
    )


def test_search_is_debounced(qtbot: QtBot, admin: Context, data: dict[str, str]) -> None:
    page = make_page(qtbot, admin)
    qtbot.keyClicks(page.search, "brand")
    assert page.model.rowCount() == 2  # not yet: the debounce waits for a pause in typing
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert titles(page) == ["Brandskydd i köket"]
    assert page.count_label.text() == "1 av 2 åtgärder"


def test_status_unit_and_archived_filters(
    qtbot: QtBot, admin: Context, data: dict[str, str], other_unit_id: str
) -> None:
    page = make_page(qtbot, admin)
    page.status_combo.setCurrentIndex(page.status_combo.findData(MeasureStatus.DONE.value))
    assert titles(page) == ["Brandskydd i köket"]
    assert page.status_combo.currentText() == "Genomförd"

    page.status_combo.setCurrentIndex(0)
    page.archived_check.setChecked(True)
    assert page.model.rowCount() == 3

    page.unit_combo.setCurrentIndex(page.unit_combo.findData(other_unit_id))
    assert titles(page) == ["Nyckelhantering"]
    tip = page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Nyckelhantering – Makulerad"

    page.archived_check.setChecked(False)
    assert page.model.rowCount() == 0
    assert page.stack.currentWidget() is page.empty_label
    assert "Inget matchar filtret" in page.empty_label.text()


def test_header_click_sorts_in_sql(qtbot: QtBot, admin: Context, data: dict[str, str]) -> None:
    page = make_page(qtbot, admin)
    title = page.model.columns.index("title")
    page.table.sortByColumn(title, Qt.SortOrder.AscendingOrder)
    assert page.model.sort_key == "title"
    assert titles(page) == ["Brandskydd i köket", "Läkemedelsgenomgång"]
    page.table.sortByColumn(title, Qt.SortOrder.DescendingOrder)
    assert titles(page) == ["Läkemedelsgenomgång", "Brandskydd i köket"]


def test_state_is_restored_in_a_new_page(
    qtbot: QtBot, admin: Context, data: dict[str, str], unit_id: str
) -> None:
    page = make_page(qtbot, admin)
    page.search.setText("en")
    page.apply_filters()
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(unit_id))
    page.archived_check.setChecked(True)
    page.table.sortByColumn(page.model.columns.index("title"), Qt.SortOrder.DescendingOrder)
    page.table.horizontalHeader().resizeSection(1, 233)
    page.close()  # hiding writes pending column widths

    again = make_page(qtbot, admin)
    assert again.search.text() == "en"
    assert again.unit_combo.currentData() == unit_id
    assert again.archived_check.isChecked()
    assert again.model.sort_key == "title" and again.model.descending
    assert again.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.table.horizontalHeader().sectionSize(1) == 233
    assert again.model.query.unit_id == unit_id and again.model.query.include_archived
    # Other lists keep their own state.
    risks = make_page(qtbot, admin, "riskanalys")
    assert risks.search.text() == "" and risks.unit_combo.currentIndex() == 0


def test_enter_opens_record_and_save_refreshes(
    qtbot: QtBot,
    admin: Context,
    data: dict[str, str],
    unit_id: str,
    fake_editors: list[tuple[Any, ...]],
) -> None:
    page = make_page(qtbot, admin)
    page.table.setFocus()
    page.table.selectRow(0)
    assert page.open_button.isEnabled()
    with qtbot.waitSignal(page.recordOpened) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [data["lakemedel"]]
    assert fake_editors == [("open", "atgard", data["lakemedel"])]
    dialog = page.findChild(FakeEditor)
    assert dialog is not None and dialog.isVisible()

    measures.create_measure(
        admin, MeasureInput("Ny rutin", unit_id, None, admin.actor.id, date.today())
    )
    dialog.saved.emit()
    assert page.model.rowCount() == 3
    assert page.count_label.text() == "3 åtgärder"


def test_risk_list_empty_state_and_new_button(
    qtbot: QtBot, admin: Context, unit_id: str, fake_editors: list[tuple[Any, ...]]
) -> None:
    page = make_page(qtbot, admin, "riskanalys")
    assert page.stack.currentWidget() is page.empty_label
    assert page.empty_label.text() == "Inga riskanalyser ännu. Börja med ”Ny riskanalys”."
    assert page.count_label.text() == "0 riskanalyser"
    assert page.new_button is not None and page.print_button is None
    page.new_button.click()
    assert fake_editors == [("new", "riskanalys")]


def test_new_record_without_units_is_explained(
    qtbot: QtBot, admin: Context, fake_editors: list[tuple[Any, ...]]
) -> None:
    """No editor that cannot be saved: the user learns where units are created."""
    from PySide6.QtWidgets import QMessageBox

    page = make_page(qtbot, admin, "riskanalys")
    assert page.new_button is not None
    page.new_button.click()
    assert fake_editors == []
    (box,) = [b for b in page.findChildren(QMessageBox) if b.isVisible()]
    assert "Lägg upp enheten under Organisation först." in box.text()
    box.close()


def test_accessible_names_and_buddies(qtbot: QtBot, admin: Context) -> None:
    page = make_page(qtbot, admin, "uppfoljning")
    assert page.search.accessibleName() == "Sök"
    assert page.status_combo.accessibleName() == "Status"
    assert page.unit_combo.accessibleName() == "Enhet"
    assert page.archived_check.accessibleName() == "Visa makulerade"
    assert page.table.accessibleName() == "Uppföljningar"
    assert page.empty_label.text().startswith("Inga uppföljningar ännu.")
    assert page.new_button is None and page.print_button is None


def test_print_measure_plan_in_background(
    qtbot: QtBot, admin: Context, unit_id: str, monkeypatch: pytest.MonkeyPatch, printed: Printed
) -> None:
    import kvalitet_desktop.reports as reports
    from kvalitet_desktop.services import report_data

    built: list[tuple[Any, ...]] = []

    def build_report(_ctx: Context, kind: str, record_id: Any = None, unit_id: Any = None) -> Any:
        built.append((kind, unit_id))
        return "rapport"

    monkeypatch.setattr(report_data, "build_report", build_report)
    monkeypatch.setattr(reports, "render_report", lambda r: b"%PDF-" + r.encode())

    page = make_page(qtbot, admin)
    assert page.print_button is not None
    page.unit_combo.setCurrentIndex(page.unit_combo.findData(unit_id))
    page.print_button.click()
    qtbot.waitUntil(lambda: bool(printed))
    assert built == [("atgardsplan", unit_id)]
    ((pdf, title, stem),) = printed
    assert pdf == b"%PDF-rapport"
    assert title == "Åtgärdsplan – Daglig verksamhet Solrosen"
    assert stem.startswith("Åtgärdsplan Daglig verksamhet Solrosen ")


def test_count_texts() -> None:
    assert count_text("atgard", 1) == "1 åtgärd"
    assert count_text("riskanalys", 12) == "12 riskanalyser"
    assert count_text("uppfoljning", 0, 1) == "0 av 1 uppföljning"


def test_refresh_keeps_the_selected_record(
    qtbot: QtBot, admin: Context, data: dict[str, str], unit_id: str
) -> None:
    page = make_page(qtbot, admin)
    page.table.selectRow(1)
    chosen = page.model.record_id(1)
    measures.create_measure(  # sorts first (earliest due date), moving the chosen row down
        admin, MeasureInput("Akut", unit_id, None, admin.actor.id, date.today() - timedelta(9))
    )
    page.activate()
    rows = page.table.selectionModel().selectedRows()
    assert [page.model.record_id(r.row()) for r in rows] == [chosen]
    assert rows[0].row() == 2


# The columns that identify a record, and each list's deadline column.
_MUST_SHOW = {
    "riskanalys": ("title", "unit", "status"),
    "atgard": ("title", "unit", "status", "due_date"),
    "uppfoljning": ("title", "unit", "status", "planned_on"),
    "lexsarah": ("number", "title", "unit", "status", "finish_due"),
    "klagomal": ("number", "title", "unit", "status", "reply_due"),
}


@pytest.mark.parametrize("kind", sorted(_MUST_SHOW))
def test_identifying_and_deadline_columns_fit_at_1280(
    qtbot: QtBot, admin: Context, kind: str
) -> None:
    """In a 1280×800 window (the page is about 1100 wide) the columns that identify a record
    and its deadline are on screen without scrolling sideways."""
    page = make_page(qtbot, admin, kind)
    page.stack.setCurrentWidget(page.table)  # an empty list shows its text instead
    qtbot.waitUntil(lambda: page.table.viewport().width() > 1000)
    page._fit_title_width()
    header = page.table.horizontalHeader()
    room = page.table.viewport().width()
    for key in _MUST_SHOW[kind]:
        column = page.model.columns.index(key)
        end = header.sectionPosition(column) + header.sectionSize(column)
        assert end <= room, f"{kind}: {key} ends at {end} of {room}"
    status = page.model.columns.index("status")
    assert header.sectionSize(status) >= page.fontMetrics().horizontalAdvance("Under utredning")
