"""Reports built from real records: the PDF text says what the records say."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from kvalitet_desktop.domain.errors import NotFound, PermissionDenied
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services import organisation, report_data, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, GatheredBy, Outcome
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import EVENT_LINK
from registers import register

TODAY = date.today()


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with line breaks folded, so wrapped cells read as one phrase."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


@pytest.fixture
def cycle(admin: Context, manager: Context, unit_id: str) -> dict[str, str]:
    register(admin, unit_id, "BG-0107")
    analysis_id = risk.save_analysis(
        manager,
        risk.RiskAnalysisInput(
            title="Besöksförbud på särskilt boende",
            unit_id=unit_id,
            team=[risk.TeamMemberInput("Åke Öst", "Sjuksköterska")],
            events=[risk.EventInput("Boende blir ensamma och oroliga", "Färre besök", None, 4, 3)],
        ),
    ).id
    event_id = risk.get_analysis(manager, analysis_id).events[0].id
    risk.decide(
        manager,
        analysis_id,
        risk.DecisionInput(
            "Digitala besök införs.", manager.actor.id, TODAY, TODAY + timedelta(30)
        ),
    )
    measure_id = measures.create_measure(
        manager,
        measures.MeasureInput(
            "Digitala besök med surfplatta",
            unit_id,
            None,
            manager.actor.id,
            TODAY - timedelta(days=3),
            [measures.LinkRef(EVENT_LINK, event_id)],
        ),
    ).id
    follow_up_id = followups.plan_follow_up(
        manager, measure_id, followups.PlanInput(TODAY, "Samtal med boende", manager.actor.id)
    ).id
    followups.record_result(
        manager,
        follow_up_id,
        followups.ResultInput(
            TODAY,
            "Besöken uppskattades.",
            Effect.YES,
            None,
            [
                followups.VoiceInput(
                    GatheredBy.RELATIVE,
                    "BG-0107",
                    None,
                    {Dimension.SAFETY: followups.RatingInput(5, "Känner sig lugnare")},
                )
            ],
            Outcome.CLOSED,
        ),
    )
    return {"analysis": analysis_id, "measure": measure_id, "follow_up": follow_up_id}


def test_risk_analysis_pdf(manager: Context, cycle: dict[str, str]) -> None:
    text = pdf_text(
        render_report(report_data.build_report(manager, "riskanalys", cycle["analysis"]))
    )
    for expected in (
        "Besöksförbud på särskilt boende",
        "Boende blir ensamma och oroliga",
        "Åke Öst",
        "Digitala besök införs.",
        "Digitala besök med surfplatta",
        "Exempelå kommun",
        "Sida 1 av",
    ):
        assert expected in text


def test_follow_up_pdf_has_the_individuals_voice_and_confidentiality(
    manager: Context, cycle: dict[str, str]
) -> None:
    text = pdf_text(
        render_report(report_data.build_report(manager, "uppfoljning", cycle["follow_up"]))
    )
    assert "BG-0107" in text
    assert "Känner sig lugnare" in text
    assert "Sekretess enligt 26 kap. 1 §" in text


def test_confidentiality_line_is_configurable(
    admin: Context, manager: Context, cycle: dict[str, str]
) -> None:
    settings.set_confidentiality_line(admin, "Sekretess – lokal formulering")
    text = pdf_text(
        render_report(report_data.build_report(manager, "uppfoljning", cycle["follow_up"]))
    )
    assert "Sekretess – lokal formulering" in text


def test_measure_plan_marks_overdue(manager: Context, unit_id: str, cycle: dict[str, str]) -> None:
    report = report_data.build_report(manager, "atgardsplan", unit_id=unit_id)
    text = pdf_text(render_report(report))
    assert "Digitala besök med surfplatta" in text
    assert "försenad" in text


def test_reports_respect_visibility(admin: Context, manager: Context, other_unit_id: str) -> None:
    hidden = risk.save_analysis(admin, risk.RiskAnalysisInput("Hemlig", other_unit_id)).id
    with pytest.raises(PermissionDenied):
        report_data.build_report(manager, "riskanalys", hidden)
    with pytest.raises(PermissionDenied):
        report_data.build_report(manager, "atgardsplan", unit_id=other_unit_id)
    with pytest.raises(NotFound):
        report_data.build_report(manager, "riskanalys", None)


def test_risk_analysis_pdf_shows_the_follow_ups_of_its_measures(
    manager: Context, cycle: dict[str, str]
) -> None:
    text = pdf_text(
        render_report(report_data.build_report(manager, "riskanalys", cycle["analysis"]))
    )
    assert f"Uppföljd {TODAY.isoformat()} · effekt: ja" in text


def test_measure_plan_shows_follow_up_status_and_ends_with_signatures(
    admin: Context, cycle: dict[str, str]
) -> None:
    texts = [
        " ".join(page.extract_text().split())
        for page in PdfReader(
            io.BytesIO(render_report(report_data.build_report(admin, "atgardsplan")))
        ).pages
    ]
    text = " ".join(texts)
    assert f"Uppföljd {TODAY.isoformat()} · effekt: ja" in text
    assert "Underskrifter" in texts[-1] and "Fastställd av" in texts[-1]
    assert "Digitala besök med surfplatta" in texts[-1]  # the last rows stay with them


def test_measure_plan_keeps_units_that_share_a_name_apart(
    admin: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    """Two units of the same name (in different areas) each keep their part and measures."""
    tree = organisation.organisation_tree(admin)
    twin = organisation.add_unit(admin, tree[0].areas[1].id, "Daglig verksamhet Solrosen")
    for title, unit in (("Åtgärd i den första", unit_id), ("Åtgärd i den andra", twin)):
        measures.create_measure(
            admin,
            measures.MeasureInput(title, unit, None, manager.actor.id, TODAY + timedelta(9), []),
        )
    report = report_data.build_report(admin, "atgardsplan")
    assert [u.unit for u in report.units].count("Daglig verksamhet Solrosen") == 2
    text = pdf_text(render_report(report))
    assert "Åtgärd i den första" in text and "Åtgärd i den andra" in text
