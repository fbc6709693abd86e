"""Files the program writes are readable by their owner only (0600, folders 0700, on POSIX).

Each test runs with the permissive umask 022 that a desktop session usually has, so the modes
come from the program itself, not from the umask the entry points set.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kvalitet_desktop import logfile
from kvalitet_desktop import private_files as files
from kvalitet_desktop.store.backup import backup_database
from kvalitet_desktop.store.database import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
FIXTURE = Path(__file__).parents[1] / "fixtures" / "schema-0002.sqlite"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("key", [None, secrets.token_bytes(32)], ids=["plain", "encrypted"])
def test_new_database_and_its_side_files_are_owner_only(tmp_path: Path, key: bytes | None) -> None:
    home = tmp_path / "hem"
    home.mkdir()
    path = home / "ny" / "mapp" / "kvalitet.sqlite"
    db = Database.open(path, key=key)
    try:
        for item in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            assert mode(item) == 0o600, item
        assert mode(home / "ny") == mode(home / "ny" / "mapp") == 0o700
    finally:
        db.close()
    assert mode(home) == 0o755  # a folder the program did not make is left as it was


def test_an_older_database_is_narrowed_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "gammal.sqlite"
    shutil.copy(FIXTURE, path)
    path.chmod(0o644)
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        assert mode(path) == 0o600
        assert mode(path.with_name(path.name + "-wal")) == 0o600
    finally:
        db.close()
    (backup,) = (tmp_path / "kopior").iterdir()  # the one made before migrating
    assert mode(backup) == 0o600 and mode(tmp_path / "kopior") == 0o700


def test_backups_are_owner_only(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "kopior" / "kopia.sqlite"
    target.parent.mkdir(mode=0o755)
    target.write_bytes(b"")
    target.chmod(0o644)
    assert mode(backup_database(db.path, target, db.key)) == 0o600


def test_log_files_are_owner_only_also_after_rotation(tmp_path: Path) -> None:
    path = logfile.setup_logging(tmp_path / "loggar")
    assert path is not None
    try:
        logfile.log.info("en rad")
        assert mode(path) == 0o600 and mode(tmp_path / "loggar") == 0o700
        handler = logfile._handler
        assert handler is not None
        handler.doRollover()
        logfile.log.info("en rad till")
    finally:
        logfile.shutdown_logging()
    assert mode(path) == 0o600
    assert mode(path.with_name(path.name + ".1")) == 0o600


def test_exported_files_replace_others_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "export" / "rapport.pdf"
    target.parent.mkdir()
    target.write_bytes(b"gammal")
    target.chmod(0o644)
    files.write_private_atomically(target, b"%PDF-ny")
    assert target.read_bytes() == b"%PDF-ny" and mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["rapport.pdf"]


def test_wipe_overwrites_before_removing(tmp_path: Path) -> None:
    path = tmp_path / "klartext.sqlite"
    path.write_bytes(b"hemlig uppgift " * 1000)
    link = tmp_path / "samma.sqlite"
    os.link(path, link)  # a second name shows what the first one's blocks now hold
    assert files.wipe_file(path) is True
    assert not path.exists()
    left = link.read_bytes()
    assert len(left) == 15_000 and b"hemlig" not in left
    assert files.wipe_file(path) is False


def test_restrict_umask_makes_new_files_owner_only(tmp_path: Path) -> None:
    old = files.restrict_umask()
    try:
        (tmp_path / "ny.txt").write_text("x")
        (tmp_path / "ny").mkdir()
    finally:
        os.umask(old if old is not None else 0o022)
    assert old == 0o022
    assert mode(tmp_path / "ny.txt") == 0o600 and mode(tmp_path / "ny") == 0o700
