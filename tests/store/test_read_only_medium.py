"""A database on a read-only mount opens to be read, says so, and keeps every byte."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import proof
from kvalitet_desktop.cli import main
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import WritesRefused

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
pytestmark = pytest.mark.skipif(not ROOT, reason="a read-only bind mount needs root")


def _run(*command: str) -> bool:
    return subprocess.run(list(command), capture_output=True).returncode == 0


@pytest.fixture
def read_only_copy(admin: Context, tmp_path: Path) -> Iterator[Path]:
    """The fixture database, seen through a read-only bind mount of its folder."""
    accounts.give_every_account(admin.db, accounts.DEMO_PASSWORD)
    source = admin.db.path
    admin.db.close()
    mount = tmp_path / "skrivskyddad"
    mount.mkdir()
    if not (
        _run("mount", "--bind", str(source.parent), str(mount))
        and _run("mount", "-o", "remount,ro,bind", str(mount))
    ):
        _run("umount", str(mount))
        pytest.skip("a read-only bind mount cannot be made here")
    yield mount / source.name
    subprocess.run(["umount", "-l", str(mount)], check=True)


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_it_opens_read_only_and_refuses_writes_with_the_reason(read_only_copy: Path) -> None:
    before = _bytes(read_only_copy.parent)
    db = Database.open(read_only_copy)
    try:
        assert db.read_only
        ctx = Context.for_login(db, "admin")
        assert organisation.municipality(ctx).name == "Exempelå kommun"
        tree = organisation.organisation_tree(ctx)
        with pytest.raises(WritesRefused) as raised:
            organisation.add_unit(ctx, tree[0].areas[0].id, "Ny enhet")
        assert "skrivskyddad" in str(raised.value) and "skadad" not in str(raised.value)
    finally:
        db.close()
    assert _bytes(read_only_copy.parent) == before
    proof.record("Fel i miljön", skrivskyddad_mapp=1, filer_oförändrade=1)


def test_a_read_only_command_reads_it_and_changes_no_byte(
    read_only_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(accounts.UNENCRYPTED_ENV, "1")
    monkeypatch.setenv("KVALITET_PASSWORD", accounts.DEMO_PASSWORD)
    before = _bytes(read_only_copy.parent)
    code = main(["list", "enhet", "--db", str(read_only_copy), "--user", "admin"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Daglig" in out or "poster" in out
    assert _bytes(read_only_copy.parent) == before
    proof.record("Fel i miljön", skrivskyddad_mapp=1, filer_oförändrade=1)


def test_the_main_window_says_the_file_is_read_only(read_only_copy: Path, qtbot: object) -> None:
    import shiboken6
    from PySide6.QtWidgets import QLabel

    from kvalitet_desktop.ui import operations
    from kvalitet_desktop.ui.main_window import MainWindow

    db = Database.open(read_only_copy)
    try:
        window = MainWindow(Context.for_login(db, "admin"), remember=False)
        window.show()
        try:
            banner = window.read_only_banner
            assert isinstance(banner, QLabel) and banner.isVisible()
            assert "skrivskyddad" in banner.text()
        finally:
            # Gone before the mount is: its deferred reads (the forms check) would otherwise
            # run in a later test, on a file no longer there.
            qtbot.waitUntil(lambda: operations.pending() == 0)  # type: ignore[attr-defined]
            shiboken6.delete(window)
    finally:
        db.close()


@pytest.fixture
def protected_file(admin: Context) -> Iterator[Path]:
    """The fixture database as a file that may not be written (``chattr +i``: root ignores
    ``chmod``) in a folder that may."""
    accounts.give_every_account(admin.db, accounts.DEMO_PASSWORD)
    path = admin.db.path
    admin.db.close()
    if not _run("chattr", "+i", str(path)):
        pytest.skip("this file system has no immutable flag (or chattr is missing)")
    yield path
    subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_file_that_may_not_be_written_opens_read_only(protected_file: Path) -> None:
    before = protected_file.read_bytes()
    db = Database.open(protected_file)
    try:
        assert db.read_only
        ctx = Context.for_login(db, "admin")
        tree = organisation.organisation_tree(ctx)
        with pytest.raises(WritesRefused) as raised:
            organisation.add_unit(ctx, tree[0].areas[0].id, "Ny enhet")
        assert "skrivskyddad" in str(raised.value) and "skadad" not in str(raised.value)
    finally:
        db.close()
    assert protected_file.read_bytes() == before
    proof.record("Fel i miljön", skrivskyddad_fil=1, filer_oförändrade=1)
