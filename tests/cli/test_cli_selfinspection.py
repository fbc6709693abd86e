"""``kvalitet list egenkontroll`` and ``kvalitet report egenkontroll|egenkontrollplan``: the
JSON's fields, both PDFs' text, and clear Swedish refusals of bad --unit and --year."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from pypdf import PdfReader

from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import Assessment, Frequency, ReviewedKind

YEAR = 2025


@pytest.fixture
def checks(admin: Context, manager: Context, unit_id: str) -> dict[str, str]:
    """A plan for 2025 with one check performed (one requirement not met) and one overdue."""
    item = service.save_plan_item(
        manager,
        service.PlanItemInput(
            unit_id=unit_id,
            year=YEAR,
            title="Brandskydd och larm i lokalerna",
            method="observation",
            frequency=Frequency.HALF_YEARLY,
            responsible_id=manager.actor.id,
            on_failure="Fastighetsägaren kontaktas samma vecka.",
            form_id="egenkontroll_brandskydd",
        ),
    )
    first, second = service.checks_of_year(manager, unit_id, YEAR)
    form = service.forms.catalog(manager).get("egenkontroll_brandskydd")
    values: dict[str, object] = {f.id: Assessment.MET.value for f in service.requirements_of(form)}
    values["brandovning"] = Assessment.NOT_MET.value
    values["brandovning_kommentar"] = "Ingen brandövning sedan 2023."
    service.perform_check(
        manager,
        first.id,
        service.PerformInput(date(YEAR, 6, 20), [service.ReviewedInput(ReviewedKind.PREMISES, 6)]),
        FormAnswers(values),
    )
    with_passwords(admin.db)
    admin.db.close()
    return {"item": item.id, "done": first.id, "overdue": second.id, "unit": unit_id}


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_list_as_json(
    capsys: pytest.CaptureFixture[str], db_path: Path, checks: dict[str, str]
) -> None:
    code, out, err = run_as(capsys, "admin", "list", "egenkontroll", "--db", str(db_path), "--json")
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)}
    done, overdue = rows[checks["done"]], rows[checks["overdue"]]
    assert done["title"] == "Brandskydd och larm i lokalerna"
    assert done["unit"] == "Daglig verksamhet Solrosen"
    assert (done["status"], done["method"]) == ("genomförd", "observation")
    assert done["form"] == "Egenkontroll – brandskydd och larm"
    assert (done["planned_on"], done["performed_on"], done["due"]) == (
        "2025-06-30",
        "2025-06-20",
        None,
    )
    assert (overdue["status"], overdue["due"], overdue["performed_on"]) == (
        "planerad",
        "2025-12-31",
        None,
    )


def test_the_check_report(
    capsys: pytest.CaptureFixture[str], db_path: Path, checks: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "kontroll.pdf"
    code, stdout, err = run_as(
        capsys,
        "enhetschef",
        "report",
        "egenkontroll",
        "--db",
        str(db_path),
        "--id",
        checks["done"],
        "--out",
        str(out),
    )
    assert code == 0, err
    assert f"Rapporten är sparad i {out}" in stdout
    text = pdf_text(out)
    for expected in (
        "Brandskydd och larm i lokalerna",
        "Genomförd av Märta Enhetschef",
        "6 lokaler och utrymmen",
        "Personalen har deltagit i en brandövning under det senaste året Ej uppfyllt "
        "Ingen brandövning sedan 2023.",
        "Kontrollen har inte gett upphov till några avvikelser.",
        "Egenkontroll – brandskydd och larm (formulärversion 1)",
    ):
        assert expected in text, expected


def test_the_plan_report_for_a_unit_and_year(
    capsys: pytest.CaptureFixture[str], db_path: Path, checks: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "plan.pdf"
    code, _, err = run_as(
        capsys,
        "enhetschef",
        "report",
        "egenkontrollplan",
        "--db",
        str(db_path),
        "--unit",
        checks["unit"],
        "--year",
        str(YEAR),
        "--out",
        str(out),
    )
    assert code == 0, err
    text = pdf_text(out)
    assert "Egenkontrollplan 2025" in text
    assert "Daglig verksamhet Solrosen · Plan och utfall" in text
    # planned 2, done 1 (50 %), none late, one overdue, none cancelled
    assert "Brandskydd och larm i lokalerna 2 1 50 % 0 1 0" in text
    assert "2025-06-30 Brandskydd och larm i lokalerna Genomförd 2025-06-20 1" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2025"), "Rapporten egenkontrollplan behöver --unit och --year."),
        (("--unit", "UNIT"), "Rapporten egenkontrollplan behöver --unit och --year."),
        (("--unit", "UNIT", "--year", "tjugofem"), "--year: ”tjugofem” är inget årtal"),
        (("--unit", "UNIT", "--year", "1066"), "Året ska vara ett årtal mellan 1900 och 2100."),
        (("--unit", "finns-inte", "--year", "2025"), "Enheten finns inte."),
    ],
)
def test_bad_unit_or_year_is_refused_in_swedish(
    capsys: pytest.CaptureFixture[str],
    db_path: Path,
    checks: dict[str, str],
    tmp_path: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "plan.pdf"
    filled = [checks["unit"] if a == "UNIT" else a for a in args]
    code, _, err = run_as(
        capsys,
        "enhetschef",
        "report",
        "egenkontrollplan",
        "--db",
        str(db_path),
        *filled,
        "--out",
        str(out),
    )
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()
