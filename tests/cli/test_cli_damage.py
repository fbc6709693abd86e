"""``kvalitet check`` on a file damaged anywhere: it reports, exits non-zero and never crashes;
the read-only commands leave files that are not this program's usable database byte for byte."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import PASSWORD, run_as

import proof
from kvalitet_desktop.cli import main
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.keyring import KeyFile

FRACTIONS = (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99)
PAGE = 4096


@pytest.fixture(params=["plain", "encrypted"])
def demo(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    if request.param == "encrypted":
        monkeypatch.delenv(accounts.UNENCRYPTED_ENV)
    path = tmp_path / "hel" / "demo.sqlite"
    path.parent.mkdir()
    assert main(["demo", "--db", str(path), "--password", PASSWORD]) == 0
    capsys.readouterr()
    return path


def _damaged_copy(source: Path, folder: Path, fraction: float) -> Path:
    folder.mkdir()
    target = folder / source.name
    shutil.copy(source, target)
    shutil.copy(source.with_name(source.name + ".keys"), folder / (source.name + ".keys"))
    size = target.stat().st_size
    offset = max(PAGE, int(size * fraction) // PAGE * PAGE)
    with target.open("r+b") as fh:
        fh.seek(offset)
        fh.write(os.urandom(1024))
    return target


def test_check_reports_damage_in_any_middle_page(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n, fraction in enumerate(FRACTIONS):
        damaged = _damaged_copy(demo, tmp_path / f"skadad{n}", fraction)
        before = damaged.read_bytes()
        code, out, err = run_as(capsys, "admin", "check", "--db", str(damaged))
        assert code != 0, (fraction, out, err)
        assert "oväntat fel" not in err and "Traceback" not in err
        assert "FEL  Integritet" in out, (fraction, out, err)
        assert damaged.read_bytes() == before  # damage found: not even a log-in was written
        proof.record("Fel i miljön", skadad_fil_kontroll=1, filer_oförändrade=1)


def test_damage_is_reported_to_every_role_before_the_accounts_are_read(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only some roles may run the whole check (its findings name records), but SQLite's own
    check of the file runs before log-in reads the accounts: a medarbetare is told too."""
    ctx = accounts.log_in(demo, "admin", PASSWORD)
    staff = next(u.login for u in organisation.list_users(ctx) if set(u.roles) == {Role.STAFF})
    ctx.db.close()
    damaged = _damaged_copy(demo, tmp_path / "skadad", 0.5)
    before = damaged.read_bytes()
    code, out, err = run_as(capsys, staff, "check", "--db", str(damaged))
    assert code != 0 and "FEL  Integritet" in out, out + err
    assert "behörighet" not in err
    assert damaged.read_bytes() == before


def test_check_of_a_sound_file_still_passes(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_as(capsys, "admin", "check", "--db", str(demo))
    assert code == 0, out + err
    assert out.splitlines()[0].startswith("OK   Integritet")


@pytest.mark.parametrize("command", ["check", "list", "backup"])
def test_an_empty_file_stays_empty(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "tom.sqlite"
    empty.write_bytes(b"")
    extra = {"list": ["enhet"], "backup": [], "check": []}[command]
    out_args = ["--out", str(tmp_path / "kopia.sqlite")] if command == "backup" else []
    code, _, err = run_as(capsys, "admin", command, *extra, "--db", str(empty), *out_args)
    assert code != 0 and err.strip() and "oväntat fel" not in err
    assert empty.read_bytes() == b""
    assert not (tmp_path / "kopia.sqlite").exists()


def _other_programs_file(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE bilar (regnr TEXT PRIMARY KEY, modell TEXT)")
    con.execute("INSERT INTO bilar VALUES ('ABC123', 'Volvo')")
    con.commit()
    con.close()


def _newer_versions_file(path: Path) -> None:
    Database.open(path).close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()


@pytest.mark.parametrize("make", [_other_programs_file, _newer_versions_file])
@pytest.mark.parametrize("command", ["check", "list"])
def test_another_programs_or_a_newer_versions_file_keeps_every_byte(
    make: object, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "annan.sqlite"
    make(path)  # type: ignore[operator]
    before = path.read_bytes()
    extra = ["enhet"] if command == "list" else []
    code, _, err = run_as(capsys, "admin", command, *extra, "--db", str(path))
    assert code != 0 and "inte ändrats" in err and "oväntat fel" not in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["annan.sqlite"]


def test_a_command_that_only_lists_names_damage_instead_of_crashing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n, fraction in enumerate(FRACTIONS):
        damaged = _damaged_copy(demo, tmp_path / f"skadad{n}", fraction)
        _, _, err = run_as(capsys, "admin", "list", "riskanalys", "--db", str(damaged))
        assert "oväntat fel" not in err and "Traceback" not in err, (fraction, err)
        proof.record("Fel i miljön", skadad_fil_lista=1)


def _files(path: Path) -> dict[str, bytes]:
    """Every file of the database: the file, its key file and any journal beside it."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    "command", [["check"], ["gallra", "--dry-run"]], ids=["check", "gallra-dry-run"]
)
def test_commands_that_only_check_keep_every_byte_of_a_good_file(
    demo: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Not even the log-in is written: they read. (``list``, ``report`` and ``backup`` log
    who read or copied the records, as secrecy asks.)"""
    before = _files(demo)
    code, _out, _err = run_as(capsys, "admin", *command, "--db", str(demo))
    assert code == 0
    assert _files(demo) == before


def test_a_wrong_password_to_check_is_still_counted(
    demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVALITET_PASSWORD", "fel lösenord helt och hållet")
    code, _out, err = run_as(capsys, "admin", "check", "--db", str(demo))
    assert code != 0 and err.strip()
    keys = accounts.key_file_for(demo)
    assert KeyFile.load(keys).failures("admin")[0] == 1


def test_check_reports_damage_in_the_schema_itself(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A damaged page of sqlite_schema: SQLite cannot open the file at all, and the check
    still reports it as its integrity finding (not only as a refusal to open)."""
    if not demo.read_bytes().startswith(b"SQLite format 3"):
        pytest.skip("the pages of an encrypted file cannot be mapped from outside")
    with sqlite3.connect(f"file:{demo}?mode=ro", uri=True) as conn:
        pages = [
            p for (p,) in conn.execute("SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")
        ]
    conn.close()
    assert len(pages) > 1, "the schema spans pages beyond the first"
    folder = tmp_path / "schema"
    folder.mkdir()
    damaged = folder / demo.name
    shutil.copy(demo, damaged)
    shutil.copy(demo.with_name(demo.name + ".keys"), folder / (demo.name + ".keys"))
    with damaged.open("r+b") as fh:
        fh.seek((pages[-1] - 1) * PAGE)
        fh.write(os.urandom(1024))
    before = damaged.read_bytes()
    code, out, err = run_as(capsys, "admin", "check", "--db", str(damaged))
    assert code != 0
    assert out.startswith("FEL  Integritet:"), (out, err)
    assert "Traceback" not in err and "oväntat fel" not in err
    assert damaged.read_bytes() == before
