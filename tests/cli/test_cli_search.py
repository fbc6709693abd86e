"""``kvalitet search`` and ``kvalitet check --repair-index``."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords

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
            scope_description="Kvällspassen får färre fasta medarbetare.",
        ),
    ).id
    hidden = risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            "Ändrad bemanning på natten", other_unit_id, scope_description="Nattpassen."
        ),
    ).id
    measure = measures.create_measure(
        manager,
        measures.MeasureInput(
            "Fast bemanning varje kväll", unit_id, None, manager.actor.id, date.today()
        ),
    ).id
    with_passwords(admin.db)
    admin.db.close()
    return {"mine": mine, "hidden": hidden, "measure": measure}


def test_json_lists_the_visible_hits_with_exactly_four_fields(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, _ = run_as(
        capsys, "enhetschef", "search", "--db", str(db_path), "bemanning", "--json"
    )
    assert code == 0
    hits = json.loads(out)
    assert {(h["kind"], h["id"]) for h in hits} == {
        ("riskanalys", records["mine"]),
        ("atgard", records["measure"]),
    }
    assert all(set(h) == {"kind", "id", "title", "snippet"} for h in hits)
    assert all("\x02" not in h["snippet"] and "\x03" not in h["snippet"] for h in hits)
    code, out, _ = run_as(capsys, "admin", "search", "--db", str(db_path), "beman", "--json")
    assert records["hidden"] in {h["id"] for h in json.loads(out)}


def test_the_listing_is_grouped_under_swedish_headings(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, _ = run_as(capsys, "enhetschef", "search", "--db", str(db_path), "får färre")
    assert code == 0
    assert out.splitlines()[0] == "Riskanalyser (1)"
    assert "Kvällspassen får färre fasta medarbetare." in out
    assert out.rstrip().endswith("1 träffar.")
    code, out, _ = run_as(capsys, "enhetschef", "search", "--db", str(db_path), "far")
    assert code == 0 and out.strip() == "Inga träffar på ”far”."


def test_repair_index_rebuilds_a_dropped_index(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("DROP TABLE search_index")
    conn.close()
    code, out, err = run_as(capsys, "admin", "check", "--db", str(db_path))
    assert code != 0 and "FEL  Sökindex: Sökindexet saknas." in out
    code, _, err = run_as(capsys, "admin", "search", "--db", str(db_path), "bemanning")
    assert code != 0 and "--repair-index" in err and "Traceback" not in err
    code, out, _ = run_as(capsys, "admin", "check", "--db", str(db_path), "--repair-index")
    assert code == 0, out
    assert "Sökindexet är ombyggt: 3 poster." in out
    assert "OK   Sökindex: Sökindexet stämmer med alla 3 sökbara poster." in out
    code, out, _ = run_as(capsys, "admin", "search", "--db", str(db_path), "bemanning", "--json")
    assert len(json.loads(out)) == 3
