"""Opening database files: new, foreign, damaged, too new; backups; the audit trail."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.backup import backup_database
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import DatabaseDamaged, DatabaseTooNew, NotADatabase
from kvalitet_desktop.store.migrate import head_revision
from kvalitet_desktop.store.models import AuditEntry, Unit
from kvalitet_desktop.store.unit_of_work import UnitOfWork
from kvalitet_desktop.workflows.risk.models import RiskAnalysis


def test_new_file_gets_the_newest_schema_and_pragmas(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            head_revision()
        )
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "anteckningar.txt"
    path.write_text("Inte en databas – åäö\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="inte en databas"):
        Database.open(path)
    assert path.read_bytes() == before


def test_other_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annan.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE kunder (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(NotADatabase, match="inte Kvalitet Desktops"):
        Database.open(path)


def test_damaged_file_is_refused_and_left_untouched(db_path: Path) -> None:
    Database.open(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    with pytest.raises((DatabaseDamaged, NotADatabase)):
        Database.open(db_path)
    assert db_path.read_bytes() == bytes(data)


def test_database_from_newer_version_is_refused(db_path: Path) -> None:
    Database.open(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_framtid'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseTooNew, match="nyare version"):
        Database.open(db_path)
    con = sqlite3.connect(db_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_framtid"
    con.close()


def test_backup_holds_committed_data(admin: Context, unit_id: str, tmp_path: Path) -> None:
    target = backup_database(admin.db.path, tmp_path / "kopior" / "kopia.sqlite")
    copy = Database.open(target)
    with copy.session() as session:
        assert session.scalar(select(Unit.name).where(Unit.id == unit_id)) == (
            "Daglig verksamhet Solrosen"
        )
    copy.close()


def test_every_change_is_audited_with_before_and_after(admin: Context, unit_id: str) -> None:
    with admin.db.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == unit_id)).all()
    assert [e.action for e in entries] == ["insert"]
    assert entries[0].user_login == "admin"
    assert json.loads(entries[0].changes)["name"] == [None, "Daglig verksamhet Solrosen"]


def test_quality_records_cannot_be_deleted(admin: Context, unit_id: str) -> None:
    from kvalitet_desktop.workflows.risk import service as risk

    analysis_id = risk.save_analysis(admin, risk.RiskAnalysisInput("Radera?", unit_id)).id
    with pytest.raises(RuleViolation), UnitOfWork(admin.db, admin.actor.id, "admin") as uow:
        uow.session.delete(uow.session.get(RiskAnalysis, analysis_id))
    assert risk.get_analysis(admin, analysis_id).title == "Radera?"
