"""The ``kvalitet`` command line: names, options, JSON, errors in Swedish without tracebacks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from pypdf import PdfReader

from kvalitet_desktop import __version__
from kvalitet_desktop.cli import main
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.risk import service as risk


@pytest.fixture
def records(admin: Context, manager: Context, unit_id: str, other_unit_id: str) -> dict[str, str]:
    mine = risk.save_analysis(
        manager,
        risk.RiskAnalysisInput(
            "Ändrad bemanning i hemtjänsten",
            unit_id,
            events=[risk.EventInput("Färre fasta personal", None, None, 3, 3)],
        ),
    ).id
    hidden = risk.save_analysis(
        admin, risk.RiskAnalysisInput("Annan enhets analys", other_unit_id)
    ).id
    measure = measures.create_measure(
        manager,
        measures.MeasureInput("Fast kontaktperson", unit_id, None, manager.actor.id, date.today()),
    ).id
    with_passwords(admin.db)
    admin.db.close()
    return {"mine": mine, "hidden": hidden, "measure": measure}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_list_json_shows_only_what_the_user_may_see(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, _ = run(
        capsys, "list", "riskanalys", "--db", str(db_path), "--user", "enhetschef", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [records["mine"]]
    assert {"id", "title", "unit", "status", "decided_on", "follow_up_on"} <= set(rows[0])
    assert rows[0]["unit"] == "Daglig verksamhet Solrosen"
    code, out, _ = run(
        capsys, "list", "riskanalys", "--db", str(db_path), "--user", "admin", "--json"
    )
    assert {r["id"] for r in json.loads(out)} == {records["mine"], records["hidden"]}


def test_list_measures_and_users(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, _ = run(capsys, "list", "atgard", "--db", str(db_path), "--user", "admin", "--json")
    assert code == 0
    row = json.loads(out)[0]
    assert row["title"] == "Fast kontaktperson" and row["due_date"] == date.today().isoformat()
    code, out, _ = run(
        capsys, "list", "anvandare", "--db", str(db_path), "--user", "admin", "--json"
    )
    users = {u["login"]: u for u in json.loads(out)}
    assert users["enhetschef"]["roles"] == ["enhetschef"]
    assert users["enhetschef"]["units"] == ["Daglig verksamhet Solrosen"]
    assert {"login", "name", "roles", "units"} <= set(users["admin"])


def test_the_text_lists_read_as_the_list_page(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, err = run(capsys, "list", "riskanalys", "--db", str(db_path), "--user", "admin")
    assert code == 0, err
    heading, *rows, total = out.splitlines()
    assert heading.split(" | ")[:3] == ["Rubrik", "Enhet", "Status"]
    assert "Anledning" in heading and heading.endswith(" | Id")
    mine = next(r for r in rows if r.endswith(records["mine"]))
    assert " | Planerad förändring i verksamheten | " in mine
    assert " | Utkast | " in mine
    assert total == "2 poster."
    code, out, _ = run(capsys, "list", "anvandare", "--db", str(db_path), "--user", "admin")
    lines = out.splitlines()
    assert lines[0] == "Inloggning | Namn | Titel | Roller | Enheter | Aktiv | Id"
    manager = next(line.split(" | ") for line in lines if line.startswith("enhetschef | "))
    assert manager[3] == "Enhetschef" and manager[5] == "Ja"
    # The JSON keeps the stored values others read.
    code, out, _ = run(
        capsys, "list", "riskanalys", "--db", str(db_path), "--user", "admin", "--json"
    )
    assert {r["trigger"] for r in json.loads(out)} == {"förändring i verksamheten"}


def test_users_list_is_for_administrators(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, err = run(
        capsys, "list", "anvandare", "--db", str(db_path), "--user", "enhetschef", "--json"
    )
    assert code != 0 and out == ""
    assert "behörighet" in err


def test_unknown_user_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, err = run(
        capsys, "list", "atgard", "--db", str(db_path), "--user", "okänd", "--json"
    )
    # One line that does not say whether the login exists.
    assert code != 0 and out == "" and err == "kvalitet: Fel inloggning eller lösenord.\n"


def test_report_riskanalys_and_atgardsplan(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], tmp_path: Path
) -> None:
    out_pdf = tmp_path / "risk.pdf"
    code, _, err = run(
        capsys,
        "report",
        "riskanalys",
        "--db",
        str(db_path),
        "--user",
        "enhetschef",
        "--id",
        records["mine"],
        "--out",
        str(out_pdf),
    )
    assert code == 0, err
    if os.name == "posix":  # a report holds personal data: the owner's only
        assert stat.S_IMODE(out_pdf.stat().st_mode) == 0o600
    text = " ".join(p.extract_text() for p in PdfReader(out_pdf).pages)
    assert "Ändrad bemanning i hemtjänsten" in " ".join(text.split())
    plan = tmp_path / "plan.pdf"
    code, _, err = run(
        capsys, "report", "atgardsplan", "--db", str(db_path), "--user", "admin", "--out", str(plan)
    )
    assert code == 0, err
    assert "Fast kontaktperson" in " ".join(
        " ".join(p.extract_text() for p in PdfReader(plan).pages).split()
    )


def test_report_of_hidden_record_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], tmp_path: Path
) -> None:
    out_pdf = tmp_path / "hidden.pdf"
    code, _, err = run(
        capsys,
        "report",
        "riskanalys",
        "--db",
        str(db_path),
        "--user",
        "enhetschef",
        "--id",
        records["hidden"],
        "--out",
        str(out_pdf),
    )
    assert code != 0 and not out_pdf.exists()
    assert "behörighet" in err


def test_check_and_backup(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "check", "--db", str(db_path), "--user", "admin")
    assert code == 0 and "Allt är i ordning" in out
    copy = tmp_path / "kopia.sqlite"
    code, _, err = run_as(capsys, "admin", "backup", "--db", str(db_path), "--out", str(copy))
    assert code == 0, err
    code, out, _ = run(capsys, "check", "--db", str(copy), "--user", "admin")
    assert code == 0


def test_check_reports_a_damaged_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "trasig.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50 + b"\xff" * 4000)
    code, _, err = run(capsys, "check", "--db", str(bad))
    assert code != 0 and "Traceback" not in err and err.strip()


def test_missing_file_and_bad_arguments_give_swedish_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "list", "atgard", "--db", str(tmp_path / "saknas.sqlite"), "--json")
    assert code != 0 and "finns inte" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "bilar", "--db", "x"])
    assert exit_info.value.code == 2
    assert "ogiltigt val" in capsys.readouterr().err


def test_the_installed_command_runs_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kvalitet_desktop",
            "report",
            "riskanalys",
            "--db",
            str(tmp_path / "saknas.sqlite"),
            "--id",
            "x",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "finns inte" in result.stderr


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["report", "--help"]])
def test_help_is_swedish(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("användning: kvalitet")
    assert "visa den här hjälpen och avsluta" in text and "flaggor:" in text
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in text
