"""Real faults at a write: each ends in a named Swedish error, nothing saved is lost, and what
the error says or logs never holds what was being written."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import proof
from kvalitet_desktop import logfile
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import (
    DatabaseGone,
    DatabaseLocked,
    DiskFull,
    WriteFailed,
    WritesRefused,
)
from kvalitet_desktop.workflows.risk import service as risk

SECRET_TITLE = "Hemlig titel om Brukare Nilsson"
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
needs_root = pytest.mark.skipif(not ROOT, reason="mounting a tmpfs needs root")


def _set_up(db: Database) -> tuple[Context, str]:
    organisation.setup_municipality(
        db,
        organisation.SetupInput(
            municipality="Exempelå kommun",
            org_number="212000-0142",
            admin_login="admin",
            admin_name="Åsa Administratör",
        ),
    )
    admin = Context.for_login(db, "admin")
    area = organisation.organisation_tree(admin)[0].areas[0]
    return admin, organisation.add_unit(admin, area.id, "Daglig verksamhet Solrosen")


def test_a_locked_database_is_named_and_the_save_can_be_repeated(db: Database) -> None:
    admin, unit_id = _set_up(db)
    first = risk.save_analysis(admin, risk.RiskAnalysisInput("Sparad före", unit_id)).id
    db.set_write_timeout(50)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLocked) as raised:
            risk.save_analysis(admin, risk.RiskAnalysisInput(SECRET_TITLE, unit_id))
    finally:
        other.rollback()
        other.close()
    assert "annat program" in str(raised.value) and SECRET_TITLE not in str(raised.value)
    saved = risk.save_analysis(admin, risk.RiskAnalysisInput(SECRET_TITLE, unit_id))
    assert saved.title == SECRET_TITLE
    assert risk.get_analysis(admin, first).title == "Sparad före"
    proof.record("Fel i miljön", låst_fil=1, poster_förlorade=0)


def test_the_log_names_the_fault_and_the_rows_never_their_contents(
    db: Database, tmp_path: Path
) -> None:
    admin, unit_id = _set_up(db)
    db.set_write_timeout(50)
    folder = tmp_path / "log"
    logfile.setup_logging(folder, warn=False)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLocked) as raised:
            risk.save_analysis(admin, risk.RiskAnalysisInput(SECRET_TITLE, unit_id))
        logfile.log_unexpected(raised.value)  # what support would get, traceback and causes
    finally:
        other.rollback()
        other.close()
        logfile.shutdown_logging()
    text = "".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.log*"))
    assert "Skrivningen misslyckades: DatabaseLocked" in text
    assert SECRET_TITLE not in text and "Brukare" not in text


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "liten"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)])
    if done.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def _fill(folder: Path) -> Path:
    """Take every free byte of ``folder``'s file system (unbuffered: no flush left to fail)."""
    filler = folder / "fyllnad"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


@needs_root
def test_a_full_disk_is_named_and_nothing_saved_is_lost(small_disk: Path) -> None:
    db = Database.open(small_disk / "kvalitet.sqlite")
    try:
        admin, unit_id = _set_up(db)
        first = risk.save_analysis(admin, risk.RiskAnalysisInput("Sparad före", unit_id)).id
        filler = _fill(small_disk)
        with pytest.raises(DiskFull) as raised:
            for n in range(200):
                risk.save_analysis(
                    admin,
                    risk.RiskAnalysisInput(
                        f"{SECRET_TITLE} {n}", unit_id, scope_description="x" * 4000
                    ),
                )
        assert "full" in str(raised.value) and SECRET_TITLE not in str(raised.value)
        filler.unlink()
        assert risk.get_analysis(admin, first).title == "Sparad före"
        again = risk.save_analysis(admin, risk.RiskAnalysisInput("Efter", unit_id))
        assert risk.get_analysis(admin, again.id).title == "Efter"
        proof.record("Fel i miljön", full_disk=1, poster_förlorade=0)
    finally:
        db.close()


def test_a_vanished_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    db = Database.open(folder / "kvalitet.sqlite")
    try:
        admin, unit_id = _set_up(db)
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()
        with pytest.raises(WriteFailed) as raised:
            risk.save_analysis(admin, risk.RiskAnalysisInput(SECRET_TITLE, unit_id))
        assert isinstance(raised.value, DatabaseGone)
        assert "finns inte längre" in str(raised.value)
        proof.record("Fel i miljön", försvunnen_mapp=1)
    finally:
        db.close()


def test_a_database_found_damaged_takes_no_more_writes(db: Database) -> None:
    admin, unit_id = _set_up(db)
    db.refuse_writes("Databasen är skadad.")
    with pytest.raises(WritesRefused):
        risk.save_analysis(admin, risk.RiskAnalysisInput("Ny", unit_id))
