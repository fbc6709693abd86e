"""Riskanalys: scope, team, facts, the drawn 4×4 matrix, the events, measures and decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.individual_assessments import IndividualAssessmentSummary
from kvalitet_desktop.domain.risk_matrix import SCALE, RiskMatrixConfig, on_scale
from kvalitet_desktop.reports.risk_matrix import risk_matrix_drawing, risk_matrix_legend
from kvalitet_desktop.reports.template import (
    EMPTY,
    Cell,
    closing,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    fmt_text,
    hex_color,
    key_value_table,
    labelled,
    markup,
    para,
    phrase,
    render,
    section,
    signature_block,
    styles,
)
from kvalitet_desktop.workflows.measures.report import measures_table
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel
from kvalitet_desktop.workflows.risk.report_model import (
    AssessmentLine,
    RiskAnalysisReport,
    RiskEventLine,
    TeamMemberLine,
)

NO_EVENTS_TEXT = "Inga händelser är registrerade."
NO_MEASURES_TEXT = "Inga åtgärder är beslutade."


def build_risk_analysis_pdf(report: RiskAnalysisReport) -> bytes:
    width = content_width()
    st = styles()
    story: list[Flowable] = [
        Paragraph(markup(report.title), st.title),
        Paragraph(
            markup(f"{report.header.title} · Status: {fmt_text(phrase(report.status))}"),
            st.subtitle,
        ),
    ]
    story += _scope(report, width)
    story += _commission(report, width)
    story += [section("Faktaunderlag")]
    if report.fact_sources and report.fact_sources.strip():
        story.append(para(report.fact_sources))
    else:
        story.append(empty_state("Inget faktaunderlag är angivet."))
    story += _matrix_section(report, width)
    story += _events(report, width)
    story += _individual_assessments(report.individual_assessments, report.matrix, width)
    story += [section("Åtgärder")]
    if report.measures:
        story.append(measures_table(report.measures, width))
    else:
        story.append(empty_state(NO_MEASURES_TEXT))
    story += [
        section("Beslut"),
        key_value_table(
            [
                ("Beslut", report.decision_text),
                ("Beslutat av", report.decided_by),
                ("Beslutsdatum", fmt_date(report.decided_on)),
            ],
            width,
        ),
        closing(
            [
                section("Uppföljning"),
                key_value_table(
                    [
                        ("Uppföljning senast", fmt_date(report.follow_up_on)),
                        ("Hur analysen följs upp", report.follow_up_method),
                    ],
                    width,
                ),
            ],
            signature_block(
                [(terms.ANALYSIS_LEADER, report.leader), ("Beslutsfattare", report.decided_by)],
                width,
                title="Underskrifter",
            ),
        ),
    ]
    return render(report.header, story)


# --------------------------------------------------------------------------- facts


def _scope(report: RiskAnalysisReport, width: float) -> list[Flowable]:
    rows: list[tuple[str, Cell]] = [
        ("Analysen omfattar", phrase(report.scope_kind)),
        ("Beskrivning", report.scope_description),
        ("Anledning", phrase(report.trigger)),
        ("Om anledningen", report.trigger_description),
        ("Nivå", phrase(report.level)),
    ]
    if report.individual_code or report.level == AnalysisLevel.INDIVIDUAL.value:
        rows.append(("Individ (kod)", report.individual_code))
    if report.header.unit:
        rows.insert(0, ("Enhet", report.header.unit))
    return [section("Omfattning"), key_value_table(rows, width)]


def _commission(report: RiskAnalysisReport, width: float) -> list[Flowable]:
    flow: list[Flowable] = [
        section("Uppdrag och analysteam"),
        key_value_table(
            [
                ("Uppdragsgivare", report.commissioned_by),
                ("Uppdraget gavs", fmt_date(report.commissioned_on)),
                (terms.ANALYSIS_LEADER, report.leader),
            ],
            width,
        ),
        Spacer(1, 3 * mm),
    ]
    if report.team:
        flow.append(_team_table(report.team, width))
    else:
        flow.append(empty_state("Inget analysteam är angivet."))
    return flow


def _team_table(team: Sequence[TeamMemberLine], width: float) -> Table:
    rows: list[list[Cell]] = [[member.name, member.role] for member in team]
    return data_table(("Analysteam", "Roll eller funktion"), rows, [width * 0.45, width * 0.55])


# --------------------------------------------------------------------------- matrix


def _matrix_section(report: RiskAnalysisReport, width: float) -> list[Flowable]:
    st = styles()
    explanation = (
        "Rutans tal är riskvärdet (sannolikhet × konsekvens). Efter • står numren på de "
        "händelser vars senaste bedömning hamnar i rutan."
    )
    # The heading, the drawing and its legend always share a page.
    return [
        KeepTogether(
            [
                section("Riskmatris"),
                Paragraph(markup(explanation), st.note),
                risk_matrix_drawing(report.matrix, _cells(report.events), width),
                Spacer(1, 3 * mm),
                risk_matrix_legend(report.matrix, width),
            ]
        )
    ]


def _cells(events: Sequence[RiskEventLine]) -> dict[tuple[int, int], list[int]]:
    """(probability, consequence) → the numbers of the events currently in that cell."""
    placed: dict[tuple[int, int], list[int]] = {}
    for event in events:
        current = event.current
        if current is None or not (on_scale(current.probability) and on_scale(current.consequence)):
            continue
        placed.setdefault((current.probability, current.consequence), []).append(event.number)
    for numbers in placed.values():
        numbers.sort()
    return placed


# --------------------------------------------------------------------------- events


def _assessment_text(label: str, line: AssessmentLine, matrix: RiskMatrixConfig) -> str:
    band = matrix.band_for(line.score)
    return (
        f"{label} ({fmt_date(line.assessed_on)}): S×K = {line.score} "
        f"({line.probability}×{line.consequence}, {line.kind}, {band.label})"
    )


def _event_cell(event: RiskEventLine, matrix: RiskMatrixConfig) -> list[Flowable]:
    st = styles()
    flow: list[Flowable] = [
        Paragraph(markup(event.description), st.cell_bold),
        labelled("Orsaker", event.causes),
        labelled("Förslag på åtgärder", event.proposed_measures),
    ]
    current = event.current
    if current is not None and (event.earlier or current.comment):
        text = _assessment_text("Aktuell bedömning", current, matrix)
        if current.comment and current.comment.strip():
            text += f" – {current.comment.strip()}"
        flow.append(Paragraph(markup(text), st.cell))
    for earlier in reversed(event.earlier):  # most recent first
        text = _assessment_text("Tidigare bedömning", earlier, matrix)
        if earlier.comment and earlier.comment.strip():
            text += f" – {earlier.comment.strip()}"
        flow.append(Paragraph(markup(text), st.small))
    return flow


def _events(report: RiskAnalysisReport, width: float) -> list[Flowable]:
    flow: list[Flowable] = [section("Händelser")]
    if not report.events:
        flow.append(empty_state(NO_EVENTS_TEXT))
        return flow
    st = styles()
    narrow = 9 * mm
    widths = [10 * mm, 0.0, narrow, narrow, 21 * mm, 29 * mm]
    widths[1] = width - sum(widths)
    rows: list[list[Cell]] = []
    extra: list[tuple[Any, ...]] = []
    for index, event in enumerate(report.events, start=1):
        current = event.current
        if current is None:
            rows.append(
                [
                    str(event.number),
                    _event_cell(event, report.matrix),
                    EMPTY,
                    EMPTY,
                    EMPTY,
                    "Ej bedömd",
                ]
            )
            continue
        band = report.matrix.band_for(current.score)
        extra.append(("BACKGROUND", (5, index), (5, index), hex_color(band.color)))
        rows.append(
            [
                str(event.number),
                _event_cell(event, report.matrix),
                str(current.probability),
                str(current.consequence),
                Paragraph(f"<b>{current.score}</b>", st.cell),
                band.label,
            ]
        )
    flow.append(
        Paragraph(
            markup("S = sannolikhet, K = konsekvens, riskvärde = S × K (senaste bedömningen)."),
            st.note,
        )
    )
    flow.append(
        data_table(
            ("Nr", "Händelse", "S", "K", "Riskvärde", "Riskzon"), rows, widths, extra_style=extra
        )
    )
    return flow


# --------------------------------------------------------------------------- individuals


def _individual_assessments(
    summaries: Sequence[IndividualAssessmentSummary], matrix: RiskMatrixConfig, width: float
) -> list[Flowable]:
    """The people assessed one by one in records made for this analysis (a change's people):
    how many per risk zone, per cell and per risk; codes only of those the reader may see."""
    if not summaries:
        return []
    flow: list[Flowable] = [section("Individuella bedömningar")]
    for summary in summaries:
        flow.append(
            labelled(
                summary.source,
                f"{summary.assessed} av {summary.people} berörda bedömda i riskmatrisen.",
                styles().body,
            )
        )
        if summary.assessed:
            bands = [(label, str(count)) for label, count in summary.band_counts(matrix)]
            flow.append(data_table(("Riskzon", "Antal personer"), bands, [width * 0.5] * 2))
            flow.append(Spacer(1, 2 * mm))
            flow.append(_count_grid(summary, matrix, width))
        if summary.risks:
            rows = [(risk, str(count)) for risk, count in summary.risks]
            flow.append(Spacer(1, 2 * mm))
            flow.append(
                data_table(("Risk för den enskilde", "Antal personer"), rows, [width * 0.5] * 2)
            )
        if summary.individuals:
            codes = ", ".join(
                person.code
                + (
                    f" (S{person.probability}×K{person.consequence})"
                    if person.probability and person.consequence
                    else ""
                )
                for person in summary.individuals
            )
            flow.append(labelled("Personer (kod)", codes, styles().body))
        flow.append(Spacer(1, 3 * mm))
    return flow


def _count_grid(
    summary: IndividualAssessmentSummary, matrix: RiskMatrixConfig, width: float
) -> Table:
    """How many people in each cell: probability 4 at the top, consequence 1–4 across."""
    rows: list[list[Cell]] = []
    extra: list[tuple[Any, ...]] = []
    for row_index, p in enumerate(reversed(SCALE), start=1):
        row: list[Cell] = [f"S{p} {matrix.probability_label(p)}"]
        for col_index, c in enumerate(SCALE, start=1):
            count = summary.cell_count(p, c)
            row.append(str(count) if count else "")
            colour = hex_color(matrix.band_for(p * c).color)
            extra.append(("BACKGROUND", (col_index, row_index), (col_index, row_index), colour))
        rows.append(row)
    headers = ("Antal per ruta", *(f"K{c} {matrix.consequence_label(c)}" for c in SCALE))
    first = width * 0.28
    return data_table(
        headers, rows, [first] + [(width - first) / 4] * 4, extra_style=extra, zebra=False
    )
