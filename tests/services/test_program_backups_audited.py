"""Backups the program makes by itself are audit entries like a user's: the one before an
upgrade of the schema (by "system": nobody has logged in yet; a restored older backup's
upgrade too) and the unencrypted one made
while an old database is encrypted (for the administrator who converted it). The audit chain
stays whole: ``kvalitet check`` is clean afterwards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import proof
from kvalitet_desktop.cli import main
from kvalitet_desktop.services import accounts, backups, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store import migrate
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = accounts.DEMO_PASSWORD  # the kept 0004 database is a demo: its accounts have it


def _backup_entries(db: Database) -> list[dict[str, Any]]:
    with db.session() as session:
        rows = session.execute(
            select(AuditEntry.user_login, AuditEntry.changes)
            .where(AuditEntry.action == "backup")
            .order_by(AuditEntry.seq)
        ).all()
    return [{"user": login, **json.loads(changes)} for login, changes in rows]


def _old_copy(tmp_path: Path, schema: str) -> Path:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURES / f"schema-{schema}.sqlite", path)
    return path


def test_the_backup_before_an_upgrade_is_a_system_entry_naming_its_file(tmp_path: Path) -> None:
    path = _old_copy(tmp_path, "0004")
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        (made,) = list((tmp_path / "kopior").glob("*.sqlite"))
        assert _backup_entries(db) == [
            {"user": "system", "file": str(made), "reason": "före uppgraderingen från schema 0004"}
        ]
        assert check_database(db).ok  # the entry is chained like every other
    finally:
        db.close()
    # Opened again at the newest schema: no backup, no new entry.
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert len(_backup_entries(db)) == 1
        assert len(list((tmp_path / "kopior").glob("*.sqlite"))) == 1
    finally:
        db.close()
    proof.record("Granskningslogg", programmets_kopior_loggade=1)


def test_a_new_database_makes_no_backup_and_no_entry(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "ny.sqlite", backup_dir=tmp_path / "kopior")
    try:
        assert _backup_entries(db) == []
    finally:
        db.close()
    assert not (tmp_path / "kopior").exists()


def test_encrypting_an_old_database_logs_its_plain_backup_and_the_upgrades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _old_copy(tmp_path, "0004")
    converted = accounts.convert_plain_database(
        path, "admin", PASSWORD, PASSWORD, backup_dir=tmp_path / "okrypterad"
    )
    try:
        removed = converted.removed_backup
        assert removed is not None and not removed.exists()
        entries = _backup_entries(converted.ctx.db)
    finally:
        converted.ctx.db.close()
    upgrade = [e for e in entries if e["user"] == "system"]
    (upgraded,) = list(path.parent.glob("**/*-schema-0004-*.sqlite"))
    assert upgrade == [
        {"user": "system", "file": str(upgraded), "reason": "före uppgraderingen från schema 0004"}
    ]
    assert [e for e in entries if e["user"] != "system"] == [
        {
            "user": "admin",
            "file": str(removed),
            "reason": "före krypteringen; okrypterad, skrevs över och togs bort",
        }
    ]
    # The chain holds: the command line's whole check, as the administrator, is clean.
    monkeypatch.delenv(accounts.UNENCRYPTED_ENV, raising=False)
    monkeypatch.setenv("KVALITET_PASSWORD", PASSWORD)
    code = main(["check", "--db", str(path), "--user", "admin"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "Allt är i ordning." in out
    proof.record("Granskningslogg", programmets_kopior_loggade=2)


def test_restoring_an_older_backup_logs_the_backup_before_its_upgrade(tmp_path: Path) -> None:
    """A backup of an older schema is upgraded once it is in place: that upgrade's backup is
    an entry of the restored database, before the restore's own."""
    db = Database.open(tmp_path / "kvalitet.sqlite")
    organisation.setup_municipality(
        db, organisation.SetupInput("Exempelå kommun", "212000-0142", "admin", "Åsa")
    )
    old = tmp_path / "kopior" / "gammal.sqlite"
    old.parent.mkdir()
    shutil.copy(FIXTURES / "schema-0004.sqlite", old)
    restored = backups.restore(Context.for_login(db, "admin"), old)
    db.close()
    db = Database.open(tmp_path / "kvalitet.sqlite")
    try:
        (upgraded,) = list((tmp_path / "säkerhetskopior").glob("*-schema-0004-*.sqlite"))
        assert _backup_entries(db)[-1] == {
            "user": "system",
            "file": str(upgraded),
            "reason": "före uppgraderingen från schema 0004",
        }
        with db.session() as session:
            last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.action == "restore"
        assert json.loads(last.changes)["saved_first"] == str(restored.saved_first)
        assert check_database(db).ok
    finally:
        db.close()
