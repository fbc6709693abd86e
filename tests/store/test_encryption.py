"""Encryption at rest: SQLCipher databases, wrong keys, encrypted backups, converting old files."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

import proof
from kvalitet_desktop.services import listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database, quick_integrity
from kvalitet_desktop.store import encryption, migrate
from kvalitet_desktop.store.backup import backup_database
from kvalitet_desktop.store.database import (
    SQLITE_HEADER,
    Database,
    connect,
    is_encrypted_file,
    is_plain_database,
)
from kvalitet_desktop.store.errors import (
    DatabaseError,
    EncryptedDatabase,
    EncryptionFailed,
    NotADatabase,
    NotEncrypted,
    WrongKey,
)
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

FIXTURES = Path(__file__).parents[1] / "fixtures"
RELEASED = sorted(FIXTURES.glob("schema-*.sqlite"))
CURATED_TITLE = "Stängning av Daglig verksamhet Solrosen under pandemin"


def new_key() -> bytes:
    return secrets.token_bytes(32)


def set_up(db: Database, municipality: str = "Hemligby kommun") -> None:
    organisation.setup_municipality(
        db,
        organisation.SetupInput(
            municipality=municipality,
            org_number="212000-0142",
            admin_login="admin",
            admin_name="Åsa Administratör",
        ),
    )


def make_encrypted(path: Path, key: bytes) -> None:
    db = Database.open(path, key=key)
    set_up(db)
    db.close()


def plain_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_encrypted_database_round_trip(tmp_path: Path) -> None:
    path, key = tmp_path / "krypterad.sqlite", new_key()
    db = Database.open(path, key=key)
    assert db.key == key
    set_up(db)
    raw = db.raw_connection()  # keyed like the engine
    try:
        assert raw.execute("SELECT count(*) FROM municipalities").fetchone()[0] == 1
    finally:
        raw.close()
    db.close()

    assert path.read_bytes()[:16] != SQLITE_HEADER
    assert b"Hemligby" not in path.read_bytes()
    assert is_encrypted_file(path) and not is_plain_database(path)
    again = Database.open(path, key=key)
    try:
        assert organisation.is_initialised(again)
        assert check_database(again).ok
        assert migrate.current_revision(again) == migrate.head_revision()
    finally:
        again.close()
    assert quick_integrity(path, key)


def test_wrong_key_is_refused_and_the_file_is_not_written(tmp_path: Path) -> None:
    path, key = tmp_path / "krypterad.sqlite", new_key()
    make_encrypted(path, key)
    before = path.read_bytes()
    with pytest.raises(WrongKey, match="kan inte öppnas med den här nyckeln"):
        Database.open(path, key=new_key())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["krypterad.sqlite"]


def test_encrypted_file_without_a_key_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "krypterad.sqlite"
    make_encrypted(path, new_key())
    before = path.read_bytes()
    with pytest.raises(EncryptedDatabase, match="krypterad"):
        Database.open(path)
    assert path.read_bytes() == before


def test_random_bytes_are_refused_with_a_key_unchanged(tmp_path: Path) -> None:
    """Without its key an SQLCipher file looks like random bytes: only the key tells them apart."""
    path = tmp_path / "brus.sqlite"
    path.write_bytes(os.urandom(8192))
    before = path.read_bytes()
    assert is_encrypted_file(path)  # shaped like one; the key says it is not
    with pytest.raises(WrongKey, match="Den har inte ändrats"):
        Database.open(path, key=new_key())
    assert path.read_bytes() == before


def test_plain_database_with_a_key_is_refused_unchanged(db_path: Path) -> None:
    Database.open(db_path).close()
    before = db_path.read_bytes()
    with pytest.raises(NotEncrypted, match="inte krypterad"):
        Database.open(db_path, key=new_key())
    assert db_path.read_bytes() == before


def test_backup_of_an_encrypted_database_is_encrypted(tmp_path: Path) -> None:
    path, key = tmp_path / "krypterad.sqlite", new_key()
    written: list[Path] = []
    db = Database.open(path, key=key, after_backup=written.append)
    set_up(db)
    target = backup_database(
        db.path, tmp_path / "kopior" / "kopia.sqlite", db.key, after_write=db.after_backup
    )
    db.close()

    assert written == [target]  # where the key file goes beside the copy
    data = target.read_bytes()
    assert data[:16] != SQLITE_HEADER and b"Hemligby" not in data
    with pytest.raises(EncryptedDatabase):
        Database.open(target, migrate=False)
    copy = Database.open(target, key=key, migrate=False)
    try:
        assert organisation.is_initialised(copy)
    finally:
        copy.close()


def test_backup_while_the_database_is_written_holds_committed_data_only(
    tmp_path: Path,
) -> None:
    path, key = tmp_path / "krypterad.sqlite", new_key()
    db = Database.open(path, key=key)
    set_up(db)
    writer = db.raw_connection()
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE municipalities SET name = 'Halvskriven kommun'")
        target = backup_database(path, tmp_path / "kopia.sqlite", key)
        writer.execute("ROLLBACK")
    finally:
        writer.close()
        db.close()
    assert quick_integrity(target, key)
    copy = connect(target, key)
    try:
        assert copy.execute("SELECT name FROM municipalities").fetchone()[0] == "Hemligby kommun"
    finally:
        copy.close()


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_released_plain_database_is_encrypted_migrated_and_keeps_its_data(
    fixture: Path, tmp_path: Path
) -> None:
    path, key = tmp_path / fixture.name, new_key()
    shutil.copy(fixture, path)
    counts = plain_counts(path)
    old_revision = fixture.stem.removeprefix("schema-")

    result = encryption.encrypt_plain_database(path, key, tmp_path / "okrypterad")

    assert result.database == path
    assert result.tables == len(counts) and result.rows == sum(counts.values())
    assert result.plain_backup_removed and not result.plain_backup.exists()
    assert str(result.plain_backup) in result.message
    assert list((tmp_path / "okrypterad").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fixture.name, "okrypterad"])
    data = path.read_bytes()
    assert data[:16] != SQLITE_HEADER
    assert b"Solrosen" not in data and "Björkgården".encode() not in data

    written: list[Path] = []
    db = Database.open(path, key=key, backup_dir=tmp_path / "kopior", after_backup=written.append)
    try:
        assert migrate.current_revision(db) == migrate.head_revision()
        with db.session() as session:
            assert (
                session.scalar(select(func.count()).select_from(RiskAnalysis))
                == (counts["risk_analyses"])
            )
            assert session.scalar(select(func.count()).select_from(Unit)) == counts["units"]
        ctx = Context.for_login(db, "admin")
        titles = [r["title"] for r in listing.fetch(ctx, "riskanalys", listing.ListQuery())]
        assert CURATED_TITLE in titles
        assert check_database(db).ok
    finally:
        db.close()
    proof.record("Kryptering", scheman_krypterade=1, rader_behållna=result.rows)

    if old_revision == migrate.head_revision():
        assert written == []  # nothing to migrate, so no backup before migrating
        return
    # The backup made before migrating is encrypted with the same key, at the old schema.
    (backup,) = (tmp_path / "kopior").iterdir()
    assert written == [backup]  # where the key file goes beside it
    assert backup.read_bytes()[:16] != SQLITE_HEADER
    copy = Database.open(backup, key=key, migrate=False)
    try:
        assert migrate.current_revision(copy) == old_revision
    finally:
        copy.close()


def test_failed_conversion_leaves_the_original_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kvalitet.sqlite"
    shutil.copy(RELEASED[-1], path)
    counts = plain_counts(path)

    def refuse(_src: object, _dst: object) -> None:
        raise PermissionError(13, "Åtkomst nekad")  # e.g. the file is locked on Windows

    monkeypatch.setattr(encryption.os, "replace", refuse)
    with pytest.raises(EncryptionFailed, match="oförändrad och kan användas som förut"):
        encryption.encrypt_plain_database(path, new_key(), tmp_path / "okrypterad")
    monkeypatch.undo()

    assert is_plain_database(path) and plain_counts(path) == counts
    assert list((tmp_path / "okrypterad").iterdir()) == []  # the plain copy is wiped too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kvalitet.sqlite", "okrypterad"]
    Database.open(path, backup_dir=tmp_path / "kopior").close()


def test_only_a_plain_database_is_converted(tmp_path: Path) -> None:
    path = tmp_path / "krypterad.sqlite"
    make_encrypted(path, new_key())
    before = path.read_bytes()
    with pytest.raises(NotADatabase, match="ingen okrypterad databas"):
        encryption.encrypt_plain_database(path, new_key(), tmp_path / "okrypterad")
    assert path.read_bytes() == before


def test_check_names_an_encrypted_page_changed_in_the_file(tmp_path: Path) -> None:
    path, key = tmp_path / "krypterad.sqlite", new_key()
    make_encrypted(path, key)
    data = bytearray(path.read_bytes())
    data[5 * 4096 + 100] ^= 0xFF  # one byte of page 6
    path.write_bytes(bytes(data))
    db = Database.open(path, key=key, migrate=False)
    try:
        report = check_database(db)
    finally:
        db.close()
    (integrity,) = [item for item in report.items if item.name == "Integritet"]
    assert not report.ok and not integrity.ok
    assert integrity.message == (
        "Filen är ändrad utanför programmet eller skadad: "
        "sida 6 klarar inte krypteringens kontroll."
    )


def test_what_an_interrupted_conversion_left_is_wiped(tmp_path: Path) -> None:
    path = tmp_path / "kvalitet.sqlite"
    shutil.copy(RELEASED[-1], path)
    folder = tmp_path / "okrypterad"
    folder.mkdir()
    leftover = folder / "kvalitet-okrypterad-20260101-120000.sqlite"
    shutil.copy(path, leftover)  # a plain copy, as a power cut mid-way would leave it
    other = folder / "annan-okrypterad-20260101-120000.sqlite"  # another database's: kept
    other.write_bytes(b"x")
    (tmp_path / "kvalitet.sqlite.krypteras").write_bytes(os.urandom(4096))

    encryption.encrypt_plain_database(path, new_key(), folder)

    assert sorted(p.name for p in folder.iterdir()) == [other.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kvalitet.sqlite", "okrypterad"]


def test_backup_of_an_encrypted_database_needs_its_key(tmp_path: Path) -> None:
    path = tmp_path / "krypterad.sqlite"
    make_encrypted(path, new_key())
    with pytest.raises(DatabaseError, match="kan bara göras med dess nyckel"):
        backup_database(path, tmp_path / "kopia.sqlite")
    assert not (tmp_path / "kopia.sqlite").exists()
