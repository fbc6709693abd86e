"""``kvalitet list lexsarah`` on the demo municipality: the cases with their deadlines, and only
for those who may see them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import with_passwords

from kvalitet_desktop.cli import main
from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.store.database import Database

TODAY = date.today()
FIELDS = {
    "id",
    "number",
    "title",
    "unit",
    "status",
    "category",
    "seriousness",
    "investigator",
    "reported_at",
    "finish_due",
    "ivo_investigation_due",
}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli_lexsarah") / "demo.sqlite"
    database = Database.open(path)
    try:
        create_demo(database, today=TODAY)
        with_passwords(database)
    finally:
        database.close()
    return path


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def cases_for(capsys: pytest.CaptureFixture[str], path: Path, login: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run_json(
        capsys, "list", "lexsarah", "--db", str(path), "--user", login, "--json"
    )
    return rows


def login_of(capsys: pytest.CaptureFixture[str], path: Path, role: str, title: str = "") -> str:
    users = run_json(capsys, "list", "anvandare", "--db", str(path), "--user", "admin", "--json")
    found = [u["login"] for u in users if role in u["roles"] and (not title or u["title"] == title)]
    assert len(found) == 1, found
    return str(found[0])


def test_admin_lists_every_case_with_its_deadlines(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    rows = cases_for(capsys, demo_path, "admin")
    assert len(rows) == 5
    for row in rows:
        assert set(row) >= FIELDS
        assert row["id"] and row["title"] and row["unit"] and row["category"]
    statuses = sorted(r["status"] for r in rows)
    assert statuses == ["avslutad", "avslutad", "rapporterad", "under utredning", "under utredning"]
    by_status = {(r["status"], r["seriousness"]): r for r in rows}
    reported = by_status[("rapporterad", None)]
    assert reported["finish_due"] is None and reported["investigator"] is None
    assert by_status[("avslutad", "inte missförhållande")]["closed_on"]
    serious = by_status[("under utredning", "allvarligt missförhållande")]
    due = date.fromisoformat(serious["ivo_investigation_due"])
    assert TODAY <= due <= TODAY + timedelta(days=7)
    assert serious["investigation_sent_to_ivo_on"] is None
    investigating = by_status[("under utredning", None)]
    assert date.fromisoformat(investigating["finish_due"]) > TODAY
    assert investigating["ivo_investigation_due"] is None
    # The lex Sarah-ansvarig sees the same cases.
    handler = login_of(capsys, demo_path, "lex sarah-ansvarig")
    assert {r["id"] for r in cases_for(capsys, demo_path, handler)} == {r["id"] for r in rows}


def test_an_enhetschef_who_is_not_the_investigator_sees_none(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    for title in ("Enhetschef hemtjänst", "Enhetschef särskilt boende"):
        manager = login_of(capsys, demo_path, "enhetschef", title)
        assert cases_for(capsys, demo_path, manager) == []


def test_an_investigator_sees_the_cases_they_investigate(
    capsys: pytest.CaptureFixture[str], demo_path: Path
) -> None:
    investigator = login_of(capsys, demo_path, "utredare", "Kvalitetsutredare äldreomsorg")
    rows = cases_for(capsys, demo_path, investigator)
    assert {r["unit"] for r in rows} == {"Hemtjänst Centrum", "Särskilt boende Björkgården"}
    assert len({r["investigator"] for r in rows}) == 1
