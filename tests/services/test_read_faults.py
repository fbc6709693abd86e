"""Reading a file damaged in its middle pages: lists, reports and the dashboard end in the named
Swedish fault (never an unexpected error), name no record's contents, change no byte, and the
program writes no more to the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

import proof
from damaged_files import damage_middle
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import accounts, dashboard, listing, organisation, report_data
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListQuery
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import (
    DatabaseDamaged,
    DatabaseDamagedOnRead,
    ReadFailed,
    WritesRefused,
    read_error,
)
from kvalitet_desktop.workflows.risk import service as risk

SECRET = "Hemlig uppgift om Brukare Nilsson"
PASSWORD = "Ett långt lösenord vid läsfel"
SETUP = organisation.SetupInput("Exempelå kommun", "212000-0142", "asa.admin", "Åsa Administratör")


@dataclass
class Damaged:
    path: Path
    key: bytes | None
    login: str
    unit_id: str
    ids: list[str]


def build(ctx: Context) -> tuple[str, list[str]]:
    area = organisation.organisation_tree(ctx)[0].areas[0]
    unit_id = organisation.add_unit(ctx, area.id, "Daglig verksamhet Solrosen")
    ids = [
        risk.save_analysis(
            ctx,
            risk.RiskAnalysisInput(
                f"{SECRET} {n}", unit_id, scope_description=f"{SECRET} – helgerna. " * 150
            ),
        ).id
        for n in range(60)
    ]
    return unit_id, ids


@pytest.fixture(params=["plain", "encrypted"])
def damaged(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Damaged:
    path = tmp_path / "skadad.sqlite"
    if request.param == "encrypted":
        monkeypatch.delenv(accounts.UNENCRYPTED_ENV, raising=False)
        ctx = accounts.create_database(path, SETUP, PASSWORD, PASSWORD).ctx
    else:
        db = Database.open(path)
        organisation.setup_municipality(db, SETUP)
        ctx = Context.for_login(db, SETUP.admin_login)
    unit_id, ids = build(ctx)
    key = ctx.db.key
    ctx.db.close()
    damage_middle(path)
    return Damaged(path, key, SETUP.admin_login, unit_id, ids)


@pytest.fixture
def opened(damaged: Damaged) -> Iterator[Context]:
    db = Database.open(damaged.path, key=damaged.key)
    yield Context.for_login(db, damaged.login)
    db.close()


def _outcome(call: Callable[[], object], failures: list[ReadFailed]) -> None:
    """The read succeeds (it missed the damage) or ends in a named read fault; anything else
    fails the test."""
    try:
        call()
    except ReadFailed as fault:
        failures.append(fault)


def _every_read(ctx: Context, ids: list[str]) -> list[ReadFailed]:
    failures: list[ReadFailed] = []
    query = ListQuery(limit=20)
    _outcome(lambda: listing.count(ctx, "riskanalys", query), failures)
    for offset in range(0, len(ids), 20):
        _outcome(partial(listing.fetch, ctx, "riskanalys", query.page(offset, 20)), failures)
    _outcome(lambda: dashboard.load_dashboard(ctx), failures)
    for record_id in ids:
        _outcome(partial(report_data.build_report, ctx, "riskanalys", record_id), failures)
    return failures


def test_lists_reports_and_the_dashboard_name_the_damage(damaged: Damaged, opened: Context) -> None:
    before = damaged.path.read_bytes()
    failures = _every_read(opened, damaged.ids)
    assert failures, "the damage was never read: the test damaged nothing it reads"
    for fault in failures:
        assert isinstance(fault, DatabaseDamagedOnRead) and isinstance(fault, DatabaseDamaged)
        assert "är skadad" in str(fault) and "säkerhetskopia" in str(fault)
        assert SECRET not in str(fault) and "Nilsson" not in str(fault)
    # Found damaged: nothing more is written to it.
    with pytest.raises(WritesRefused):
        risk.save_analysis(opened, risk.RiskAnalysisInput("Ny", damaged.unit_id))
    opened.db.close()
    assert damaged.path.read_bytes() == before
    proof.record("Fel i miljön", skadad_fil_läsningar=len(failures), oväntade_fel=0)


def test_the_log_names_the_fault_and_never_what_the_rows_hold(
    damaged: Damaged, opened: Context, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="kvalitet_desktop"):
        assert _every_read(opened, damaged.ids)
    logged = caplog.text
    assert "Läsningen misslyckades: DatabaseDamagedOnRead" in logged
    assert SECRET not in logged and "Nilsson" not in logged


def test_a_bug_in_a_query_is_no_fault_of_the_file(tmp_path: Path) -> None:
    """Only SQLite's faults of the file are mapped: a wrong statement stays a bug."""
    db = Database.open(tmp_path / "hel.sqlite")
    try:
        from sqlalchemy import text
        from sqlalchemy.exc import OperationalError

        with pytest.raises(OperationalError), db.session() as session:
            session.execute(text("SELECT * FROM finns_inte"))
        assert db.writes_refused is None
    finally:
        db.close()
    assert read_error(ValueError("x"), tmp_path / "hel.sqlite") is None
    assert issubclass(ReadFailed, KvalitetError)  # the GUI shows it as a message, not a bug
