"""The demo's avvikelser: 2019 to today, every stage, the pandemic rise of "beviljad insats ej
utförd" in hemtjänst, the same for the same seed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.services import dashboard, listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.deviations.models import Deviation

TODAY = date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    database = Database.open(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    create_demo(database, today=TODAY)
    yield database
    database.close()


def _rows(db: Database) -> list[tuple[str, str, str, str, date | None]]:
    with db.session() as session:
        query = select(
            Deviation.number, Unit.name, Deviation.category, Deviation.status, Deviation.closed_on
        ).join(Unit, Unit.id == Deviation.unit_id)
        return [tuple(r) for r in session.execute(query.order_by(Deviation.number))]  # type: ignore[misc]


def test_every_year_from_2019_and_every_stage(demo_db: Database) -> None:
    rows = _rows(demo_db)
    years = {int(number.split("-")[1]) for number, *_ in rows}
    assert years == set(range(2019, TODAY.year + 1))
    assert {status for *_, status, _closed in rows} == {
        "registrerad",
        "under utredning",
        "avslutad",
    }


def test_home_care_visits_not_done_rise_in_the_pandemic(demo_db: Database) -> None:
    per_year = Counter(
        int(number.split("-")[1])
        for number, unit, category, *_ in _rows(demo_db)
        if unit.startswith("Hemtjänst") and category == "beviljad insats ej utförd"
    )
    pandemic = (per_year[2020] + per_year[2021]) / 2
    before_and_after = (per_year[2019] + per_year[2022] + per_year[2023]) / 3
    assert pandemic >= 4 * max(1.0, before_and_after), per_year


def test_the_dashboard_has_open_deadlines(demo_db: Database) -> None:
    admin = Context.for_login(demo_db, "admin")
    board = dashboard.load_dashboard(admin, TODAY)
    assert any(i.overdue for i in board.section("deviations_due").items)
    assert listing.count(admin, "avvikelse", listing.ListQuery(status="avslutad")) > 50


def test_the_same_seed_gives_the_same_avvikelser(
    demo_db: Database, tmp_path_factory: pytest.TempPathFactory
) -> None:
    again = Database.open(tmp_path_factory.mktemp("igen") / "demo.sqlite")
    try:
        create_demo(again, today=TODAY)
        assert _rows(again) == _rows(demo_db)
    finally:
        again.close()
