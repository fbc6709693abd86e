"""The command line on an encrypted database: who may run it, and what the files reveal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kvalitet_desktop.cli import main
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.store.database import SQLITE_HEADER

DEMO_WORDS = ("Norrvik", "Solrosen", "Verkstan", "Rådhusgatan", "Socialnämnden")


@pytest.fixture
def encrypted_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    monkeypatch.delenv(accounts.UNENCRYPTED_ENV)
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--password", "Hemligt nog för demon"]) == 0
    out = capsys.readouterr().out
    assert "Återställningsnyckel (visas bara nu): " in out
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_password_comes_from_the_environment(
    encrypted_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVALITET_PASSWORD", "Hemligt nog för demon")
    code, out, err = run(
        capsys, "list", "enhet", "--db", str(encrypted_demo), "--user", "admin", "--json"
    )
    assert code == 0, err
    assert "Daglig verksamhet Solrosen" in [row["name"] for row in json.loads(out)]
    monkeypatch.setenv("KVALITET_PASSWORD", "fel")
    for login in ("admin", "finns.inte"):
        code, out, err = run(
            capsys, "list", "enhet", "--db", str(encrypted_demo), "--user", login, "--json"
        )
        assert (code, out, err) == (1, "", "kvalitet: Fel inloggning eller lösenord.\n")


def test_never_a_password_as_an_argument_and_no_prompt_without_a_terminal(
    encrypted_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KVALITET_PASSWORD")
    with pytest.raises(SystemExit):
        main(["list", "enhet", "--db", str(encrypted_demo), "--password", "x"])
    capsys.readouterr()
    code, out, err = run(capsys, "list", "enhet", "--db", str(encrypted_demo), "--user", "admin")
    assert code == 1 and out == "" and "KVALITET_PASSWORD" in err


def test_the_files_reveal_none_of_the_demo_data(
    encrypted_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVALITET_PASSWORD", "Hemligt nog för demon")
    code, _, err = run(
        capsys, "list", "riskanalys", "--db", str(encrypted_demo), "--user", "admin", "--json"
    )
    assert code == 0, err
    files = [p for p in encrypted_demo.parent.rglob("*") if p.is_file()]
    assert encrypted_demo in files and not encrypted_demo.read_bytes().startswith(SQLITE_HEADER)
    for file in files:
        data = file.read_bytes()
        for word in DEMO_WORDS:
            assert word.encode() not in data, (file.name, word)


def test_a_password_an_administrator_chose_opens_nothing_until_it_is_changed(
    encrypted_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The administrator who reset a password knows it: until its owner has chosen their own
    in the program, the command line refuses it (and then takes the new one)."""
    temporary, own = "Tillfälligt lösenord 2027", "Mitt eget lösenord 2027"
    admin = accounts.log_in(encrypted_demo, "admin", "Hemligt nog för demon")
    users = {u.login: u.id for u in organisation.list_users(admin)}
    login = next(name for name in users if name != "admin")
    accounts.reset_password(admin, users[login], temporary, temporary)
    admin.db.close()
    monkeypatch.setenv("KVALITET_PASSWORD", temporary)
    for command in (["list", "avvikelse", "--json"], ["check"]):
        code, out, err = run(capsys, *command, "--db", str(encrypted_demo), "--user", login)
        assert (code, out) == (1, "")
        assert err == (
            "kvalitet: Lösenordet måste bytas: starta programmet, logga in och välj ett nytt "
            "lösenord.\n"
        )
    ctx = accounts.log_in(encrypted_demo, login, temporary)
    accounts.change_password(ctx, temporary, own, own)
    ctx.db.close()
    monkeypatch.setenv("KVALITET_PASSWORD", own)
    code, out, err = run(capsys, "list", "enhet", "--db", str(encrypted_demo), "--user", login)
    assert code == 0, err
