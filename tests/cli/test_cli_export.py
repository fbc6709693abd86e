"""``kvalitet export``: a list to XLSX or CSV from the command line, with its exit codes."""

from __future__ import annotations

import csv
import json
import stat
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from cli_helpers import run_as, with_passwords
from deviation_inputs import registration
from sqlalchemy import select

from kvalitet_desktop.cli import main
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.deviations import service as deviations


@pytest.fixture
def database(admin: Context, unit_id: str, other_unit_id: str, db_path: Path) -> Path:
    for day, unit, title in (
        (3, unit_id, "Medicin gavs för sent"),
        (12, unit_id, "Larmet tystnade"),
        (12, other_unit_id, "Nyckeln saknades"),
    ):
        deviations.register(
            admin, registration(unit, title=title, occurred_at=datetime(2026, 2, day, 8, 0))
        )
    organisation.save_user(
        admin, organisation.UserInput("personal", "Per Sonal", None, [Role.STAFF], [unit_id])
    )
    organisation.save_user(
        admin, organisation.UserInput("chef", "Chef", None, [Role.UNIT_MANAGER], [unit_id])
    )
    with_passwords(admin.db)
    admin.db.close()
    return db_path


def _audit(db_path: Path, action: str) -> list[dict[str, object]]:
    db = Database.open(db_path)
    try:
        with db.session() as session:
            rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()
            return [json.loads(r.changes) for r in rows]
    finally:
        db.close()


def test_export_to_xlsx_with_a_period_and_a_warning_on_stderr(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "feb.xlsx"
    code, stdout, stderr = run_as(
        capsys,
        "admin",
        "export",
        "avvikelse",
        "--db",
        str(database),
        "--out",
        str(out),
        "--from",
        "2026-02-10",
        "--to",
        "2026-02-28",
    )
    assert code == 0, stderr
    assert "2 rader" in stdout and str(out) in stdout
    assert "personuppgifter" in stderr
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    assert {row[1] for row in ws.iter_rows(min_row=2, values_only=True)} == {
        "Larmet tystnade",
        "Nyckeln saknades",
    }
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert _audit(database, "export")[-1]["rows"] == 2


def test_export_to_csv_of_one_unit(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], unit_id: str
) -> None:
    out = tmp_path / "enhet.csv"
    code, _out, err = run_as(
        capsys, "chef", "export", "avvikelse", "--db", str(database), "--out", str(out)
    )
    assert code == 0, err
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert {r[1] for r in rows[1:]} == {"Medicin gavs för sent", "Larmet tystnade"}
    code, _out, err = run_as(
        capsys,
        "admin",
        "export",
        "avvikelse",
        "--db",
        str(database),
        "--out",
        str(out),
        "--unit",
        unit_id,
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--out", "lista.pdf"], ".xlsx eller .csv"),
        (["--out", "lista.xlsx", "--from", "2021-02-30"], "--from: ”2021-02-30” är inget datum"),
        (["--out", "lista.xlsx", "--to", "31/12"], "--to: ”31/12” är inget datum"),
        (["--out", "lista.csv", "--from", "2026-03-01", "--to", "2026-02-01"], "--to:"),
    ],
)
def test_bad_options_are_one_swedish_line_and_exit_2(
    database: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run_as(capsys, "admin", "export", "avvikelse", "--db", str(database), *extra)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.glob("lista*"))


def test_an_unknown_list_is_a_usage_error(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["export", "enhet", "--db", str(database), "--out", "x.csv"])
    assert done.value.code == 2
    assert "ogiltigt val" in capsys.readouterr().err


def test_a_role_without_export_is_refused_and_logged(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nej.csv"
    code, _out, err = run_as(
        capsys, "personal", "export", "avvikelse", "--db", str(database), "--out", str(out)
    )
    assert code == 1
    assert "behörighet" in err
    assert not out.exists()
    assert {"action": "export"} in _audit(database, "denied")
