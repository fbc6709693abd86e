"""``kvalitet list insatsforandring`` and ``kvalitet report insatsforandring``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from pypdf import PdfReader

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import ChangeInput, PersonInput
from registers import register


@pytest.fixture
def change_ids(admin: Context, manager: Context, unit_id: str, other_unit_id: str) -> list[str]:
    start = date.today() - timedelta(days=3)
    mine = changes.save_change(
        manager, ChangeInput("Solrosen stängs", [unit_id], ["stängning av verksamhet"], start)
    )
    register(admin, unit_id, "SOL-01")  # named only once in the unit's register
    changes.add_person(manager, mine.id, PersonInput("SOL-01", unit_id))
    other = changes.save_change(
        admin, ChangeInput("Besöksförbud", [other_unit_id], ["besöksförbud"], start)
    )
    with_passwords(admin.db)
    admin.db.close()
    return [mine.id, other.id]


def test_list_shows_the_changes_of_the_users_units(
    capsys: pytest.CaptureFixture[str], db_path: Path, change_ids: list[str]
) -> None:
    args = ("list", "insatsforandring", "--db", str(db_path), "--json")
    code, out, _ = run_as(capsys, "enhetschef", *args)
    assert code == 0
    (row,) = json.loads(out)
    assert (row["id"], row["number"], row["affected"], row["status"]) == (
        change_ids[0],
        f"IF-{date.today().year}-0001",
        1,
        "pågår",
    )
    code, out, _ = run_as(capsys, "admin", *args)
    assert {r["id"] for r in json.loads(out)} == set(change_ids)


def test_report_prints_the_follow_up_and_refuses_another_units_change(
    capsys: pytest.CaptureFixture[str], db_path: Path, change_ids: list[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "uppfoljning.pdf"
    base = ("report", "insatsforandring", "--db", str(db_path), "--out", str(out_file))
    code, _, err = run_as(capsys, "enhetschef", *base, "--id", change_ids[0])
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(out_file).pages)
    assert "Förändring i insatser – uppföljning" in text and "SOL-01" in text
    code, _, err = run_as(capsys, "enhetschef", *base, "--id", change_ids[1])
    assert code != 0
    assert "behörighet" in err


def test_a_gallring_dry_run_lists_a_change_closed_long_ago(
    capsys: pytest.CaptureFixture[str], admin: Context, unit_id: str, db_path: Path
) -> None:
    from gallring_changes_data import closed_change

    closed_change(admin, unit_id)
    with_passwords(admin.db)
    admin.db.close()
    code, out, err = run_as(capsys, "admin", "gallra", "--db", str(db_path), "--dry-run")
    assert code == 0, err
    assert "Förändring i insatser: 1 att gallra" in out
    assert "IF-2021-0001\tDaglig verksamhet Solrosen\t2021-09-30" in out


def test_the_demo_line_counts_complaints_self_inspections_and_changes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import re

    from kvalitet_desktop.cli import main
    from kvalitet_desktop.services import accounts

    path = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(path), "--password", accounts.DEMO_PASSWORD]) == 0
    out = capsys.readouterr().out
    found = re.search(
        r"(\d+) klagomål och synpunkter, (\d+) egenkontroller, (\d+) förändringar i insatser\.",
        out,
    )
    assert found is not None, out
    complaints, checks, changes_ = (int(n) for n in found.groups())
    assert complaints > 0 and checks > 0 and changes_ == 3
