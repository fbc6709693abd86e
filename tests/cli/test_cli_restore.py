"""``kvalitet backup`` refuses a damaged file; ``kvalitet restore`` brings back what was saved,
on an encrypted demo database, for administrators only."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_as

from kvalitet_desktop.cli import main
from kvalitet_desktop.services import accounts, backups
from kvalitet_desktop.store.backup import partial_for
from kvalitet_desktop.store.keyring import key_file_for

DEMO_PASSWORD = "Hemligt nog för demon"


@pytest.fixture
def demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    monkeypatch.delenv(accounts.UNENCRYPTED_ENV)
    monkeypatch.setenv("KVALITET_PASSWORD", DEMO_PASSWORD)
    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--password", DEMO_PASSWORD]) == 0
    capsys.readouterr()
    return path


def _measures(capsys: pytest.CaptureFixture[str], db: Path) -> list[dict[str, object]]:
    code, out, err = run_as(capsys, "admin", "list", "atgard", "--db", str(db), "--json")
    assert code == 0, err
    return sorted(json.loads(out), key=lambda row: str(row["id"]))


def _add_a_measure(db: Path) -> None:
    from kvalitet_desktop.services import organisation
    from kvalitet_desktop.workflows.measures import service as measures

    ctx = accounts.log_in(db, "admin", DEMO_PASSWORD)
    try:
        unit = organisation.units(ctx)[0].id
        data = measures.MeasureInput("Tillagd efter kopian", unit, None, ctx.actor.id, date.today())
        measures.create_measure(ctx, data)
    finally:
        ctx.db.close()


def _login_with_role(capsys: pytest.CaptureFixture[str], db: Path, role: str) -> str:
    code, out, err = run_as(capsys, "admin", "list", "anvandare", "--db", str(db), "--json")
    assert code == 0, err
    return next(str(u["login"]) for u in json.loads(out) if u["roles"] == [role])


def test_restore_brings_back_exactly_what_the_backup_holds(
    demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = _measures(capsys, demo)
    copy = tmp_path / "kopior" / "kopia.sqlite"
    code, out, err = run_as(capsys, "admin", "backup", "--db", str(demo), "--out", str(copy))
    assert code == 0, err
    assert key_file_for(copy).exists()
    _add_a_measure(demo)
    assert len(_measures(capsys, demo)) == len(before) + 1
    code, out, err = run_as(capsys, "admin", "restore", "--db", str(demo), "--from", str(copy))
    assert code == 0, err
    assert f"åtgärder: {len(before)}" in out and "Databasen är återställd" in out
    assert _measures(capsys, demo) == before
    saved_first = backups.backups_of(demo)[-1]
    assert "fore-aterstallning" in saved_first.name and str(saved_first) in out
    code, out, err = run_as(capsys, "admin", "check", "--db", str(demo))
    assert code == 0, out + err


def test_only_an_administrator_restores(
    demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    copy = tmp_path / "kopia.sqlite"
    assert run_as(capsys, "admin", "backup", "--db", str(demo), "--out", str(copy))[0] == 0
    coordinator = _login_with_role(capsys, demo, "kvalitetssamordnare")
    before = _measures(capsys, demo)
    code, _out, err = run_as(capsys, coordinator, "restore", "--db", str(demo), "--from", str(copy))
    assert code != 0 and "behörighet" in err and "Traceback" not in err
    assert _measures(capsys, demo) == before
    assert not any("fore-aterstallning" in p.name for p in backups.backups_of(demo))


def test_a_backup_that_is_not_one_is_refused(
    demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    junk = tmp_path / "skräp.sqlite"
    junk.write_bytes(b"\x00" * 8192)
    key_file_for(demo).with_name(junk.name + ".keys").write_bytes(key_file_for(demo).read_bytes())
    code, _out, err = run_as(capsys, "admin", "restore", "--db", str(demo), "--from", str(junk))
    assert code != 0 and "Säkerhetskopian" in err and "Traceback" not in err


def test_backup_refuses_a_damaged_database(
    demo: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    size = demo.stat().st_size
    with demo.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(b"\x5a" * 4096)
    copy = tmp_path / "kopia.sqlite"
    leftover = partial_for(copy)
    leftover.write_bytes(b"from a killed backup")
    code, out, err = run_as(capsys, "admin", "backup", "--db", str(demo), "--out", str(copy))
    assert code != 0 and "Traceback" not in err
    assert "är skadad" in err and "Ingen kopia gjordes" in err, err
    assert not leftover.exists()  # swept before the refusal
    assert "Säkerhetskopian är sparad" not in out
    assert not copy.exists()
