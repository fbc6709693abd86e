"""``kvalitet list`` into a pipe, the units the ``--unit`` options need, backups that keep files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from pypdf import PdfReader

from kvalitet_desktop.cli import EXIT_BROKEN_PIPE, main
from kvalitet_desktop.services.context import Context


@pytest.fixture
def ready_db(admin: Context, unit_id: str, other_unit_id: str, manager: Context) -> Path:
    path = Path(admin.db.path)
    with_passwords(admin.db)
    admin.db.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_units_with_their_ids(
    capsys: pytest.CaptureFixture[str], ready_db: Path, unit_id: str, other_unit_id: str
) -> None:
    code, out, err = run(
        capsys, "list", "enhet", "--db", str(ready_db), "--user", "admin", "--json"
    )
    assert code == 0, err
    units = {u["name"]: u for u in json.loads(out)}
    assert units["Daglig verksamhet Solrosen"]["id"] == unit_id
    assert units["Hemtjänst Öster"]["id"] == other_unit_id
    assert {"id", "name", "area", "board"} <= set(units["Hemtjänst Öster"])
    assert units["Hemtjänst Öster"]["board"] == "Socialnämnden"
    # An enhetschef sees the units that are hers.
    code, out, _ = run(
        capsys, "list", "enhet", "--db", str(ready_db), "--user", "enhetschef", "--json"
    )
    assert code == 0 and [u["id"] for u in json.loads(out)] == [unit_id]
    # The table names them too, under its headings, with the id last.
    code, out, _ = run(capsys, "list", "enhet", "--db", str(ready_db), "--user", "enhetschef")
    heading, row, total = out.splitlines()
    assert code == 0 and heading == "Namn | Verksamhetsområde | Nämnd | Besöksadress | Id"
    assert row.startswith("Daglig verksamhet Solrosen | ") and row.endswith(unit_id)
    assert total == "1 poster."


def test_a_listed_unit_id_is_what_unit_takes(
    capsys: pytest.CaptureFixture[str], ready_db: Path, tmp_path: Path
) -> None:
    _, out, _ = run(capsys, "list", "enhet", "--db", str(ready_db), "--user", "admin", "--json")
    chosen = next(u for u in json.loads(out) if u["name"] == "Hemtjänst Öster")
    plan = tmp_path / "plan.pdf"
    code, _, err = run(
        capsys,
        "report",
        "atgardsplan",
        "--db",
        str(ready_db),
        "--user",
        "admin",
        "--unit",
        chosen["id"],
        "--out",
        str(plan),
    )
    assert code == 0, err
    assert "Hemtjänst Öster" in " ".join(p.extract_text() for p in PdfReader(plan).pages)


class ClosedPipe:
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_list_into_a_closed_pipe_in_process(
    capsys: pytest.CaptureFixture[str], ready_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    code = main(["list", "enhet", "--db", str(ready_db), "--user", "admin", "--json"])
    assert code == EXIT_BROKEN_PIPE
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("kind", ["enhet", "riskanalys", "anvandare"])
def test_list_into_a_reader_that_closes_early_ends_quietly(
    ready_db: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``kvalitet list … --json | head``: the reader is gone before the command writes."""
    monkeypatch.setenv("USER", "admin")  # the OS login, so that no --user is needed
    monkeypatch.setenv("LOGNAME", "admin")
    process = subprocess.Popen(
        [sys.executable, "-m", "kvalitet_desktop", "list", kind, "--db", str(ready_db), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=120) == EXIT_BROKEN_PIPE
    assert err == ""


def test_backup_keeps_an_existing_file_unless_forced(
    capsys: pytest.CaptureFixture[str], ready_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "kopia.sqlite"
    copy.write_bytes(b"en annan fil")
    code, out, err = run_as(capsys, "admin", "backup", "--db", str(ready_db), "--out", str(copy))
    assert code == 1 and out == ""
    assert (
        err.strip() == f"kvalitet: Filen {copy} finns redan. Ange --force för att skriva över den."
    )
    assert copy.read_bytes() == b"en annan fil"
    code, out, err = run_as(
        capsys, "admin", "backup", "--db", str(ready_db), "--out", str(copy), "--force"
    )
    assert code == 0, err
    code, out, _ = run(capsys, "check", "--db", str(copy), "--user", "admin")
    assert code == 0 and "Allt är i ordning" in out
