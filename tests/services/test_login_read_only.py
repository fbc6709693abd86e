"""Logging in to a database on a read-only medium: the right password opens it to be read, a
wrong one gets the usual one-line refusal — though the failure counter in the key file cannot
be written — and no byte of the folder changes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import proof
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.store.errors import WritesRefused
from kvalitet_desktop.store.keyring import KeyFile, KeyFileReadOnly, key_file_for
from read_only_media import ROOT, read_only_view

PASSWORD = "Ett långt lösenord på stickan"
SETUP = organisation.SetupInput("Exempelå kommun", "212000-0142", "asa.admin", "Åsa Administratör")
needs_root = pytest.mark.skipif(not ROOT, reason="a read-only mount or chattr needs root")


def _run(*command: str) -> bool:
    return subprocess.run(list(command), capture_output=True).returncode == 0


def make_database(folder: Path, encrypted: bool, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder.mkdir()
    path = folder / "kvalitet.sqlite"
    if encrypted:
        monkeypatch.delenv(accounts.UNENCRYPTED_ENV, raising=False)
    else:
        monkeypatch.setenv(accounts.UNENCRYPTED_ENV, "1")
    created = accounts.create_database(path, SETUP, PASSWORD, PASSWORD)
    created.ctx.db.close()
    return path


@pytest.fixture(params=["encrypted", "plain"])
def read_only(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The database (and its key file), seen through a read-only bind mount of its folder."""
    source = make_database(tmp_path / "källa", request.param == "encrypted", monkeypatch)
    with read_only_view(source.parent, tmp_path / "skrivskyddad") as mount:
        yield mount / source.name


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_the_right_password_opens_it_to_be_read(read_only: Path) -> None:
    before = _bytes(read_only.parent)
    ctx = accounts.log_in(read_only, SETUP.admin_login, PASSWORD, wait=lambda _s: None)
    try:
        assert ctx.db.read_only
        assert organisation.municipality(ctx).name == "Exempelå kommun"
        with pytest.raises(WritesRefused) as refused:
            organisation.update_municipality(ctx, "Annan kommun", "212000-0142", None, None)
        assert "skrivskyddad" in str(refused.value)
    finally:
        ctx.db.close()
    assert _bytes(read_only.parent) == before


def test_a_wrong_password_gets_the_usual_refusal(read_only: Path) -> None:
    before = _bytes(read_only.parent)
    refusals = 0
    for attempt in ("fel lösenord", "", "ännu ett fel lösenord"):
        with pytest.raises(accounts.LoginFailed) as refused:
            accounts.log_in(read_only, SETUP.admin_login, attempt, wait=lambda _s: None)
        assert str(refused.value) == accounts.WRONG_LOGIN
        refusals += 1
    with pytest.raises(accounts.LoginFailed) as unknown:
        accounts.log_in(read_only, "finns.inte", PASSWORD, wait=lambda _s: None)
    assert str(unknown.value) == accounts.WRONG_LOGIN
    assert _bytes(read_only.parent) == before
    # And the right one still opens it afterwards.
    ctx = accounts.log_in(read_only, SETUP.admin_login, PASSWORD, wait=lambda _s: None)
    ctx.db.close()
    proof.record("Fel i miljön", skrivskyddad_inloggning=refusals + 2, oväntade_fel=0)


@pytest.fixture
def immutable_key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An encrypted database whose key file alone is protected (``chattr +i``)."""
    if not ROOT or shutil.which("chattr") is None:
        pytest.skip("chattr +i needs root and the chattr tool")
    path = make_database(tmp_path / "mapp", True, monkeypatch)
    keys = key_file_for(path)
    if not _run("chattr", "+i", str(keys)):
        pytest.skip("this file system has no immutable flag")
    yield path
    subprocess.run(["chattr", "-i", str(keys)], check=True)


@needs_root
def test_a_protected_key_file_refuses_a_wrong_password_as_usual(immutable_key_file: Path) -> None:
    keys = key_file_for(immutable_key_file)
    before = keys.read_bytes()
    with pytest.raises(accounts.LoginFailed) as refused:
        accounts.log_in(immutable_key_file, SETUP.admin_login, "fel", wait=lambda _s: None)
    assert str(refused.value) == accounts.WRONG_LOGIN
    assert keys.read_bytes() == before
    assert sorted(p.name for p in immutable_key_file.parent.iterdir() if "partial" in p.name) == []
    with pytest.raises(KeyFileReadOnly) as not_written:
        KeyFile.load(keys).save()
    assert "Nyckelfilen" in str(not_written.value) and "kunde inte skrivas" in str(
        not_written.value
    )


def test_the_command_line_refuses_a_wrong_password_in_one_line(
    read_only: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kvalitet_desktop.cli import main

    before = _bytes(read_only.parent)
    argv = ["list", "enhet", "--db", str(read_only), "--user", SETUP.admin_login]
    monkeypatch.setenv("KVALITET_PASSWORD", "fel lösenord")
    assert main(argv) != 0
    err = capsys.readouterr().err
    assert err.strip() == f"kvalitet: {accounts.WRONG_LOGIN}"
    monkeypatch.setenv("KVALITET_PASSWORD", PASSWORD)
    assert main(argv) == 0, capsys.readouterr().err
    assert _bytes(read_only.parent) == before
    proof.record("Fel i miljön", skrivskyddad_inloggning=2)
