"""``kvalitet list avvikelse --json`` and ``kvalitet report avvikelse``: the fields, the unit
rule and the PDF's text."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from deviation_inputs import investigation, registration
from pypdf import PdfReader

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.measures.service import MeasureInput


@pytest.fixture
def made(admin: Context, manager: Context, unit_id: str, other_unit_id: str) -> dict[str, str]:
    mine = deviations.register(
        manager,
        registration(
            unit_id,
            category="beviljad insats ej utförd",
            legal_basis="HSL",
            probability=3,
            consequence_level=2,
            occurred_at=datetime.now().replace(microsecond=0) - timedelta(days=1),
        ),
    )
    deviations.save_investigation(manager, mine.id, investigation())
    deviations.add_measure(
        manager,
        mine.id,
        MeasureInput(
            "Veckovis avstämning av scheman", unit_id, None, manager.actor.id, date.today()
        ),
        PlanInput(date.today() + timedelta(days=30), "Stickprov", manager.actor.id),
    )
    deviations.save_feedback(
        manager, mine.id, deviations.FeedbackInput(date.today(), "vid APT", "Hemtjänstgruppen")
    )
    deviations.close(manager, mine.id, "Planeringen stäms av varje vecka.", date.today())
    hidden = deviations.register(admin, registration(other_unit_id, title="Annan enhet"))
    with_passwords(admin.db)
    admin.db.close()
    return {"mine": mine.id, "hidden": hidden.id}


def test_list_json_has_the_fields_and_only_the_users_units(
    capsys: pytest.CaptureFixture[str], db_path: Path, made: dict[str, str]
) -> None:
    code, out, err = run_as(
        capsys, "enhetschef", "list", "avvikelse", "--db", str(db_path), "--json"
    )
    assert code == 0, err
    [row] = json.loads(out)
    assert row["id"] == made["mine"]
    assert row["number"].startswith("AV-") and row["title"] == "Insatsen uteblev på morgonen"
    assert (row["unit"], row["status"], row["category"]) == (
        "Daglig verksamhet Solrosen",
        "avslutad",
        "beviljad insats ej utförd",
    )
    for key in ("occurred_at", "reported_at", "start_due", "close_due", "closed_on"):
        assert row[key], key
    code, out, _ = run_as(capsys, "admin", "list", "avvikelse", "--db", str(db_path), "--json")
    assert {r["id"] for r in json.loads(out)} == set(made.values())


def test_report_pdf_holds_matrix_causes_measures_and_feedback(
    capsys: pytest.CaptureFixture[str], db_path: Path, made: dict[str, str], tmp_path: Path
) -> None:
    out_pdf = tmp_path / "avvikelse.pdf"
    code, _, err = run_as(
        capsys,
        "enhetschef",
        "report",
        "avvikelse",
        "--db",
        str(db_path),
        "--id",
        made["mine"],
        "--out",
        str(out_pdf),
    )
    assert code == 0, err
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out_pdf).pages).split())
    for expected in (
        "Insatsen uteblev på morgonen",
        "Riskbedömning",
        "riskvärde 6",
        "Schemabytet stämdes inte av",
        "verksamhetsnivå",
        "Veckovis avstämning av scheman",
        "Återföring till personalen",
        "Hemtjänstgruppen",
        "Planeringen stäms av varje vecka.",
        "kan vara lex Maria – kontakta MAS",
    ):
        assert expected in text, expected


def test_report_of_another_units_avvikelse_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, made: dict[str, str], tmp_path: Path
) -> None:
    out_pdf = tmp_path / "hidden.pdf"
    code, _, err = run_as(
        capsys,
        "enhetschef",
        "report",
        "avvikelse",
        "--db",
        str(db_path),
        "--id",
        made["hidden"],
        "--out",
        str(out_pdf),
    )
    assert code != 0 and "behörighet" in err and not out_pdf.exists()
