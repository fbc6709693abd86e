"""The individual assessments made inside a förändring show in the group risk analysis it is
linked to (asked through the registry): counts per cell, risk zone and risk for whoever reads
the analysis, the codes only of the people whose unit the reader works in."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import ChangeInput, PersonInput
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.report import build_risk_analysis_pdf
from kvalitet_desktop.workflows.risk.report_data import risk_analysis_report

TODAY = date(2026, 4, 1)
ISOLATION, ILL_HEALTH, UNMET = "isolering", "psykisk ohälsa", "behov som inte tillgodoses"


def _user(admin: Context, login: str, role: Role, unit_ids: list[str]) -> Context:
    organisation.save_user(
        admin, organisation.UserInput(login=login, name=login, roles=[role], unit_ids=unit_ids)
    )
    return Context.for_login(admin.db, login)


@pytest.fixture
def analysis_id(admin: Context, unit_id: str, other_unit_id: str) -> str:
    """A group analysis of Solrosen, and a change linked to it spanning two units: three
    people at Solrosen (two assessed) and one at Hemtjänst Öster."""
    analysis = risk.save_analysis(
        admin, risk.RiskAnalysisInput(title="Solrosen stängs", unit_id=unit_id)
    )
    for code, unit in (("SOL-01", unit_id), ("SOL-02", unit_id), ("SOL-03", unit_id)):
        individuals.save_individual(admin, IndividualInput(code, unit))
    individuals.save_individual(admin, IndividualInput("OST-01", other_unit_id))
    change = changes.save_change(
        admin,
        ChangeInput(
            "Dagverksamheten stängs",
            [unit_id, other_unit_id],
            ["stängning av verksamhet"],
            date(2026, 3, 16),
            risk_analysis_id=analysis.id,
        ),
        today=TODAY,
    )
    people = (
        PersonInput("SOL-01", unit_id, probability=3, consequence=3, risks=[ISOLATION]),
        PersonInput("SOL-02", unit_id, probability=3, consequence=3, risks=[ISOLATION, ILL_HEALTH]),
        PersonInput("SOL-03", unit_id),
        PersonInput("OST-01", other_unit_id, probability=4, consequence=4, risks=[UNMET]),
    )
    for person in people:
        changes.add_person(admin, change.id, person, today=TODAY)
    return analysis.id


def test_the_analysis_counts_everyone_assessed_in_the_linked_change(
    admin: Context, analysis_id: str
) -> None:
    [summary] = risk.individual_assessments(admin, analysis_id)
    assert summary.source == "IF-2026-0001 Dagverksamheten stängs"
    assert (summary.people, summary.assessed) == (4, 3)
    assert summary.cells == ((3, 3, 2), (4, 4, 1))
    assert summary.risks == ((ISOLATION, 2), (UNMET, 1), (ILL_HEALTH, 1))
    assert summary.band_counts(RiskMatrixConfig()) == (
        ("Låg risk", 0),
        ("Medelhög risk", 0),
        ("Hög risk", 2),
        ("Mycket hög risk", 1),
    )
    assert [p.code for p in summary.individuals] == ["OST-01", "SOL-01", "SOL-02", "SOL-03"]


def test_a_reader_sees_the_codes_of_their_own_units_people_only(
    admin: Context, unit_id: str, analysis_id: str
) -> None:
    manager = _user(admin, "chef", Role.UNIT_MANAGER, [unit_id])
    [summary] = risk.individual_assessments(manager, analysis_id)
    assert (summary.people, summary.assessed) == (4, 3)  # the counts cover everyone
    assert [p.code for p in summary.individuals] == ["SOL-01", "SOL-02", "SOL-03"]


def test_an_analysis_no_change_is_linked_to_has_none(
    admin: Context, unit_id: str, analysis_id: str
) -> None:
    other = risk.save_analysis(admin, risk.RiskAnalysisInput(title="Annat", unit_id=unit_id))
    assert risk.individual_assessments(admin, other.id) == ()


def test_the_risk_analysis_pdf_has_the_individual_assessments(
    admin: Context, unit_id: str, analysis_id: str
) -> None:
    manager = _user(admin, "chef", Role.UNIT_MANAGER, [unit_id])
    pdf = build_risk_analysis_pdf(risk_analysis_report(manager, analysis_id))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Individuella bedömningar" in text
    assert "3 av 4 berörda bedömda i riskmatrisen." in text
    assert "Mycket hög risk\n1" in text and "\nHög risk\n2" in text
    assert "isolering\n2" in text and "S3 Stor\n–\n–\n2\n–" in text
    assert "SOL-01 (S3×K3)" in text and "OST-01" not in text


def test_a_group_analysis_without_linked_changes_prints_no_such_section(
    admin: Context, unit_id: str
) -> None:
    analysis = risk.save_analysis(admin, risk.RiskAnalysisInput(title="Ny", unit_id=unit_id))
    pdf = build_risk_analysis_pdf(risk_analysis_report(admin, analysis.id))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Individuella bedömningar" not in text
