"""PagedTableModel: Qt model contract, lazy paging, SQL sorting and filtering."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.ui.models.paged_table import OVERDUE_COLOUR, PagedTableModel
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.service import MeasureInput

pytestmark = pytest.mark.gui

MEASURES = 250


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Context, str, str]]:
    """250 measures in two units (built once: the tests below only read)."""
    path: Path = tmp_path_factory.mktemp("paged") / "kvalitet.sqlite"
    db = Database.open(path)
    organisation.setup_municipality(
        db, organisation.SetupInput("Exempelå kommun", "212000-0142", "admin", "Åsa Admin")
    )
    ctx = Context.for_login(db, "admin")
    areas = organisation.organisation_tree(ctx)[0].areas
    solrosen = organisation.add_unit(ctx, areas[0].id, "Daglig verksamhet Solrosen")
    oster = organisation.add_unit(ctx, areas[1].id, "Hemtjänst Öster")
    today = date.today()
    with ctx.unit_of_work() as uow:  # one transaction: fast, and the rows are the same
        for i in range(MEASURES):
            measures.create_measure_in(
                uow.session,
                ctx,
                MeasureInput(
                    title=f"Åtgärd {i:03d}" + (" – nattrutiner" if i % 10 == 0 else ""),
                    unit_id=solrosen if i % 2 == 0 else oster,
                    responsible_id=ctx.actor.id,
                    due_date=today + timedelta(days=(i * 7) % 101 - 30),
                ),
            )
    yield ctx, solrosen, oster
    db.close()


def test_model_contract_with_many_rows(qtmodeltester, big: tuple[Context, str, str]) -> None:
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard")
    assert model.rowCount() == MEASURES
    qtmodeltester.check(model)


def test_model_contract_when_empty(qtmodeltester, admin: Context) -> None:
    model = PagedTableModel(admin, "riskanalys")
    assert model.rowCount() == 0
    assert model.columnCount() == len(listing.spec_for("riskanalys").columns)
    qtmodeltester.check(model)


def test_headers_are_swedish(big: tuple[Context, str, str]) -> None:
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard")
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == [
        "Rubrik",
        "Enhet",
        "Status",
        "Ansvarig",
        "Klart senast",
        "Uppföljning",
        "Genomförd",
    ]


def test_rows_are_fetched_a_page_at_a_time(big: tuple[Context, str, str]) -> None:
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard", page_size=100)
    assert model.fetch_count == 0  # counting reads no rows
    model.data(model.index(0, 0))
    model.data(model.index(99, 0))
    assert model.fetch_count == 1
    model.data(model.index(100, 0))
    assert model.fetch_count == 2
    model.data(model.index(5, 1))  # cached
    assert model.fetch_count == 2
    model.data(model.index(MEASURES - 1, 0))
    assert model.fetch_count == 3
    # Every row is distinct across page borders (stable SQL order).
    ids = {model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(MEASURES)}
    assert len(ids) == MEASURES


def test_sort_runs_in_sql(big: tuple[Context, str, str]) -> None:
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard", page_size=50)
    title = model.columns.index("title")
    due = model.columns.index("due_date")

    model.sort(title, Qt.SortOrder.DescendingOrder)
    assert model.sort_key == "title" and model.descending
    assert model.data(model.index(0, title)) == "Åtgärd 249"
    assert model.data(model.index(MEASURES - 1, title)) == "Åtgärd 000 – nattrutiner"

    model.sort(due, Qt.SortOrder.AscendingOrder)
    dates = [model.data(model.index(r, due))[:10] for r in range(MEASURES)]
    assert dates == sorted(dates)
    assert dates[0] == (date.today() - timedelta(days=30)).isoformat()


def test_filters_reset_and_requery(qtbot: QtBot, big: tuple[Context, str, str]) -> None:
    ctx, solrosen, _ = big
    model = PagedTableModel(ctx, "atgard")
    with qtbot.waitSignal(model.modelReset):
        model.set_filter(unit_id=solrosen)
    assert model.rowCount() == MEASURES // 2
    unit = model.columns.index("unit")
    assert {model.data(model.index(r, unit)) for r in range(model.rowCount())} == {
        "Daglig verksamhet Solrosen"
    }
    model.set_filter(text="nattrutiner")
    assert model.rowCount() == MEASURES // 10
    assert model.has_filter()
    model.set_filter(status=MeasureStatus.DONE.value)
    assert model.rowCount() == 0
    model.set_filter()
    assert model.rowCount() == MEASURES
    assert not model.has_filter()


def test_overdue_due_date_is_red_and_says_so(big: tuple[Context, str, str]) -> None:
    """Not colour alone: the cell's text, tooltip and accessible text say "försenad", and the
    row's title cell carries the mark for a screen reader."""
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard")
    due = model.columns.index("due_date")
    model.sort(due, Qt.SortOrder.AscendingOrder)
    first = model.index(0, due)
    passed = (date.today() - timedelta(days=30)).isoformat()
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert model.data(first) == f"{passed} – försenad"
    assert model.data(first, Qt.ItemDataRole.ToolTipRole) == f"{passed} – försenad"
    assert model.data(first, Qt.ItemDataRole.AccessibleTextRole) == f"{passed} – försenad"
    title = model.data(model.index(0, 0))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == f"{title} – Försenad"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.AccessibleTextRole) == (
        f"{title} – Försenad"
    )
    last = model.index(MEASURES - 1, due)
    assert model.data(last, Qt.ItemDataRole.ForegroundRole) is None
    assert "försenad" not in model.data(last)
    assert model.data(last, Qt.ItemDataRole.ToolTipRole) == model.data(last)


def test_every_cell_tooltip_is_its_whole_text(big: tuple[Context, str, str]) -> None:
    """A column too narrow for its text elides it; the tooltip shows all of it."""
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard")
    model.set_filter(text="nattrutiner")
    unit = model.columns.index("unit")
    status = model.columns.index("status")
    title = model.index(0, model.columns.index("title"))
    assert model.data(title, Qt.ItemDataRole.ToolTipRole).startswith(model.data(title))
    assert model.data(model.index(0, unit), Qt.ItemDataRole.ToolTipRole) in (
        "Daglig verksamhet Solrosen",
        "Hemtjänst Öster",
    )
    assert model.data(model.index(0, status), Qt.ItemDataRole.ToolTipRole) == "Planerad"


def test_values_are_formatted(big: tuple[Context, str, str]) -> None:
    ctx, _, _ = big
    model = PagedTableModel(ctx, "atgard")
    status = model.columns.index("status")
    assert model.data(model.index(0, status)) == "Planerad"
    assert model.data(model.index(0, model.columns.index("completed_on"))) == ""
    record_id = model.data(model.index(3, 2), Qt.ItemDataRole.UserRole)
    assert record_id == model.record_id(3)
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
