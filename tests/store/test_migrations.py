"""Schema migrations: every released schema's kept database opens, upgrades and keeps its data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select

from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store import migrate
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

FIXTURES = Path(__file__).parents[1] / "fixtures"
# One kept database per released schema (made with `kvalitet demo`, seed 1): schema-0001 is the
# foundation, schema-0002 adds lex Sarah and forms. Add the next one before a release that
# changes the schema.
RELEASED = sorted(FIXTURES.glob("schema-*.sqlite"))


def test_there_is_a_fixture_for_every_revision() -> None:
    kept = {p.stem.removeprefix("schema-") for p in RELEASED}
    assert migrate.known_revisions() <= kept | {migrate.head_revision()}
    assert kept, "the first schema's database must be kept as a fixture"


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_database_upgrades_and_keeps_its_data(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(RiskAnalysis)) == 9
            assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0
        ctx = Context.for_login(db, "admin")
        titles = [r["title"] for r in listing.fetch(ctx, "riskanalys", listing.ListQuery())]
        assert "Stängning av Daglig verksamhet Solrosen under pandemin" in titles
        assert check_database(db).ok
    finally:
        db.close()


def test_an_older_schema_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / "schema-0001.sqlite", path)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.close()
    backups = list((tmp_path / "kopior").glob("*.sqlite"))
    assert len(backups) == 1 and "schema-0001" in backups[0].name
    copy = Database.open(backups[0], migrate=False)
    try:
        assert migrate.current_revision(copy) == "0001"
        with copy.session() as session:
            assert session.scalar(select(func.count()).select_from(RiskAnalysis)) == 9
    finally:
        copy.close()


def test_models_and_migrations_agree(db: Database) -> None:
    cfg = migrate.alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises if the models need a migration that does not exist
