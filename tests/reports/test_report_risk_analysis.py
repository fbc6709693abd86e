"""Riskanalys PDF: content, the drawn matrix, page furniture and empty states."""

from __future__ import annotations

import dataclasses
import io
import re

from pypdf import PdfReader

from kvalitet_desktop.domain.risk_matrix import RiskBand, RiskMatrixConfig
from kvalitet_desktop.workflows.risk.report import build_risk_analysis_pdf
from kvalitet_desktop.workflows.risk.report_model import (
    AssessmentLine,
    RiskAnalysisReport,
    RiskEventLine,
)

EVENTS_HEADER = "Nr Händelse S K Riskvärde Riskzon"


def _all(texts: list[str]) -> str:
    return " ".join(texts)


def test_every_page_has_swedish_header_footer_and_numbering(risk_report, pages) -> None:
    texts = pages(build_risk_analysis_pdf(risk_report))
    total = len(texts)
    assert total >= 4  # 32 events and 31 measures cannot fit on a few pages
    for number, text in enumerate(texts, start=1):
        assert "Exempelkommun Älvsåker" in text
        assert "Daglig verksamhet Solrosen – Öster" in text
        assert "Riskanalys" in text
        assert "Utskriven 2024-05-17 av Åsa Öberg-Lindqvist" in text
        assert risk_report.header.confidentiality in text
        assert f"Sida {number} av {total}" in text


def test_confidentiality_line_absent_when_not_set(make_risk_report, pages) -> None:
    report = make_risk_report(events=3, measures=2, confidentiality=None)
    texts = pages(build_risk_analysis_pdf(report))
    for text in texts:
        assert "Sekretess" not in text
        assert "OSL" not in text


def test_facts_scope_and_team_are_printed(risk_report, pages) -> None:
    text = _all(pages(build_risk_analysis_pdf(risk_report)))
    for expected in (
        "Sommarbemanning på Solrosen – risker för deltagarnas trygghet",
        "Status: Beslutad",
        "Omfattning",
        "Analysen omfattar Enhet",  # Swedish phrases, not the stored lower-case words
        "Anledning Förändring i personalsammansättning",
        "Fyra av åtta ordinarie medarbetare går på föräldraledighet",
        "caféet på Ängsvägen 4 & trädgårdsgruppen.",
        "Nivå Gruppnivå",
        "Uppdrag och analysteam",
        "Björn Söderström, verksamhetschef",
        "2024-01-15",
        "Jörgen Ärlig",
        "Stödpedagog",
        "Özlem Yılmaz",
        "Faktaunderlag",
        "IVO:s tillsynsrapport från 2022.",
    ):
        assert expected in text, expected


def test_matrix_is_drawn_with_labels_scores_and_event_numbers(risk_report, pages) -> None:
    texts = pages(build_risk_analysis_pdf(risk_report))
    matrix_page = next(t for t in texts if "Riskmatris" in t)
    matrix = risk_report.matrix
    for value in (1, 2, 3, 4):
        assert f"{matrix.probability_label(value)} ({value})" in matrix_page
        assert f"{matrix.consequence_label(value)} ({value})" in matrix_page
    assert "Sannolikhet" in matrix_page
    assert "Konsekvens" in matrix_page
    # Each cell shows its score followed by the events whose latest assessment is there.
    cells: dict[tuple[int, int], list[int]] = {}
    for event in risk_report.events:
        current = event.assessments[-1]
        cells.setdefault((current.probability, current.consequence), []).append(event.number)
    assert cells
    for (p, c), numbers in cells.items():
        marker = f"{p * c} •" + ", ".join(str(n) for n in sorted(numbers))
        assert marker in matrix_page, marker
    # The legend: every band with its score range.
    for band in matrix.bands:
        assert band.label in matrix_page
    assert "Låg risk (riskvärde 1–3)" in matrix_page
    assert "Mycket hög risk (riskvärde 12–16)" in matrix_page


def test_residual_risk_places_the_event_by_its_latest_assessment(risk_report, pages) -> None:
    event = risk_report.events[2]  # number 3: initial 2×1, residual 1×1
    assert len(event.assessments) == 2
    texts = pages(build_risk_analysis_pdf(risk_report))
    matrix_page = next(t for t in texts if "Riskmatris" in t)
    one_cell = [e.number for e in risk_report.events if e.assessments[-1].score == 1]
    assert "1 •" + ", ".join(str(n) for n in one_cell) in matrix_page


def test_events_table_spans_pages_with_scores_zones_and_earlier_assessments(
    risk_report, pages
) -> None:
    texts = pages(build_risk_analysis_pdf(risk_report))
    with_header = [t for t in texts if EVENTS_HEADER in t]
    assert len(with_header) >= 2  # the header row repeats on every page of the table
    text = _all(texts)
    for event in risk_report.events:
        short = event.description.split(" – ")[0]
        assert short in text, short
        current = event.assessments[-1]
        band = risk_report.matrix.band_for(current.score)
        assert band.label in text
        for earlier in event.assessments[:-1]:
            expected = (
                f"Tidigare bedömning ({earlier.assessed_on.isoformat()}): S×K = {earlier.score}"
            )
            assert expected in text, expected
    # Long text wraps inside its cell and keeps its reserved characters.
    assert "rutinen <överlämning> inte följs" in text
    assert "går förlorad & att" in text
    assert "Orsaker: Hög personalomsättning" in text
    assert "Förslag på åtgärder: Ta fram checklista för överlämning" in text
    assert "Risken minskade efter införd överlämningsrutin." in text
    assert "Bedömt av analysteamet på arbetsplatsträffen i Växjö." in text
    assert "Aktuell bedömning (2024-04-10): S×K = 1" in text


def test_measures_decision_follow_up_and_signatures(risk_report, pages) -> None:
    texts = pages(build_risk_analysis_pdf(risk_report))
    text = _all(texts)
    for measure in risk_report.measures:
        assert measure.title in text, measure.title
    assert "Göran Ågren, enhetschef" in text
    assert "Planerad (försenad)" in text or "Pågående (försenad)" in text
    assert "Beslut" in text
    assert "vikarier får introduktion på minst två dagar & att överlämningen" in text
    assert "2024-04-22" in text
    assert "Uppföljning senast 2024-10-01" in text
    assert "husmötet i september." in text
    last = texts[-1]
    for label in (
        "Underskrifter",
        "Analysledare",
        "Beslutsfattare",
        "Underskrift",
        "Namnförtydligande",
        "Datum",
    ):
        assert label in last, label
    assert last.count("Namnförtydligande") == 2


def test_empty_analysis_shows_empty_states(empty_risk_report, pages) -> None:
    texts = pages(build_risk_analysis_pdf(empty_risk_report))
    text = _all(texts)
    assert "Inga händelser är registrerade." in text
    assert "Inga åtgärder är beslutade." in text
    assert "Inget analysteam är angivet." in text
    assert "Inget faktaunderlag är angivet." in text
    assert "Riskmatris" in text  # the empty matrix is still drawn
    assert "Mycket stor (4)" in text
    assert re.search(r"•\s*\d", text) is None  # no event markers in any cell
    for number, page in enumerate(texts, start=1):
        assert f"Sida {number} av {len(texts)}" in page


def test_unassessed_event_and_custom_matrix(make_risk_report, pages) -> None:
    matrix = RiskMatrixConfig(
        probability_labels=("Osannolik", "Möjlig", "Trolig", "Nästan säker"),
        consequence_labels=("Försumbar", "Lindrig", "Allvarlig", "Mycket allvarlig"),
        bands=(
            RiskBand("low", "Grön zon", 1, 4, "#00ff00"),
            RiskBand("mid", "Gul zon", 5, 9, "not-a-colour"),
            RiskBand("high", "Röd zon", 10, 16, "#ff0000"),
        ),
    )
    base = make_risk_report(events=2, measures=0)
    unassessed = RiskEventLine(3, "Ännu inte bedömd händelse", None, None, ())
    scored = RiskEventLine(
        4,
        "Bedömd två gånger",
        None,
        None,
        (
            AssessmentLine("ursprunglig", 4, 4, 16, base.header.printed_on, None),
            AssessmentLine("kvarstående", 2, 3, 6, base.header.printed_on, "Lägre nu"),
        ),
    )
    report: RiskAnalysisReport = dataclasses.replace(
        base,
        matrix=matrix,
        events=(*base.events, unassessed, scored),
        level="individnivå",
        individual_code="IND-Ä42",
    )
    text = _all(pages(build_risk_analysis_pdf(report)))
    assert "Nästan säker (4)" in text
    assert "Mycket allvarlig (4)" in text
    assert "Gul zon (riskvärde 5–9)" in text
    assert "Ej bedömd" in text
    assert "Ännu inte bedömd händelse" in text
    assert "6 •4" in text
    assert "Tidigare bedömning (2024-05-17): S×K = 16" in text
    assert "IND-Ä42" in text


def test_only_embedded_fonts(risk_report) -> None:
    reader = PdfReader(io.BytesIO(build_risk_analysis_pdf(risk_report)))
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for key in fonts:
            assert "DejaVuSans" in str(fonts[key].get_object()["/BaseFont"])
