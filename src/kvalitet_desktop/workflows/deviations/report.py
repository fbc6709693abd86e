"""Avvikelse: the registration, the assessment in the 4×4 matrix, the investigation with its
causes, the measures and their follow-ups, the återföring and the closing."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from kvalitet_desktop.domain import terms
from kvalitet_desktop.reports.risk_matrix import risk_matrix_drawing, risk_matrix_legend
from kvalitet_desktop.reports.template import (
    Cell,
    closing,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    fmt_text,
    key_value_table,
    markup,
    para,
    render,
    section,
    signature_block,
    styles,
)
from kvalitet_desktop.workflows.deviations.report_model import DeviationReport
from kvalitet_desktop.workflows.measures.report import measures_table

NO_CAUSES_TEXT = "Inga orsaker är angivna."
NO_MEASURES_TEXT = "Inga åtgärder är kopplade till avvikelsen."
NOT_ASSESSED_TEXT = "Avvikelsen är inte bedömd i riskmatrisen."


def _moment(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else fmt_text(None)


def build_deviation_pdf(report: DeviationReport) -> bytes:
    width = content_width()
    st = styles()
    story: list[Flowable] = [
        Paragraph(markup(f"{report.number} {report.title}"), st.title),
        Paragraph(markup(f"Avvikelse · Status: {report.status}"), st.subtitle),
    ]
    if report.lex_maria_note:
        story.append(Paragraph(markup(report.lex_maria_note), st.note))
    story += _registration(report, width)
    story += _assessment(report, width)
    story += _investigation(report, width)
    story += [section("Åtgärder och uppföljning")]
    if report.measures:
        story.append(measures_table(report.measures, width))
    else:
        story.append(empty_state(NO_MEASURES_TEXT))
    story += [
        section("Återföring till personalen"),
        key_value_table(
            [
                ("Datum", fmt_date(report.feedback_on)),
                ("Hur", report.feedback_how),
                ("Till vem", report.feedback_to),
            ],
            width,
        ),
        closing(
            [
                section("Avslut"),
                key_value_table(
                    [
                        ("Slutsats", report.conclusion),
                        ("Avslutad", fmt_date(report.closed_on)),
                        ("Avslutad av", report.closed_by),
                    ],
                    width,
                ),
            ],
            signature_block([(terms.UNIT_MANAGER, report.closed_by)], width, title="Underskrift"),
        ),
    ]
    return render(report.header, story)


def _registration(report: DeviationReport, width: float) -> list[Flowable]:
    rows: list[tuple[str, Cell]] = [
        ("Enhet", report.unit),
        ("Inträffade", _moment(report.occurred_at)),
        ("Plats", report.place),
        ("Registrerad", _moment(report.reported_at)),
        ("Rapportör", report.reporter),
        ("Registrerad av", report.registered_by),
        ("Lagrum", report.legal_basis),
        ("Enskild (kod)", report.individual),
        ("Kategori", report.category),
        ("Utredningen påbörjas senast", fmt_date(report.start_due)),
        ("Avslutas senast", fmt_date(report.close_due)),
    ]
    if report.linked:
        rows.append(("Kopplade ärenden", "\n".join(report.linked)))
    return [
        section("Registrering"),
        key_value_table(rows, width),
        Spacer(1, 3 * mm),
        key_value_table(
            [
                ("Vad hände?", report.description),
                ("Följder, faktiska eller möjliga", report.consequence),
                ("Omedelbara åtgärder", report.immediate_measures),
            ],
            width,
        ),
    ]


def _assessment(report: DeviationReport, width: float) -> list[Flowable]:
    st = styles()
    p, c = report.probability, report.consequence_level
    if p is None or c is None:
        return [section("Riskbedömning"), empty_state(NOT_ASSESSED_TEXT)]
    band = report.matrix.band_for(p * c)
    text = (
        f"Sannolikhet {report.matrix.probability_label(p).lower()} ({p}) × konsekvens "
        f"{report.matrix.consequence_label(c).lower()} ({c}) = riskvärde {p * c}, "
        f"{band.label.lower()}. Avvikelsen är markerad med • i rutan."
    )
    return [
        KeepTogether(
            [
                section("Riskbedömning"),
                Paragraph(markup(text), st.note),
                risk_matrix_drawing(report.matrix, {(p, c): [""]}, width),
                Spacer(1, 3 * mm),
                risk_matrix_legend(report.matrix, width),
            ]
        )
    ]


def _investigation(report: DeviationReport, width: float) -> list[Flowable]:
    flow: list[Flowable] = [
        section("Utredning"),
        key_value_table(
            [
                (terms.INVESTIGATOR, report.investigator),
                ("Påbörjad", fmt_date(report.investigation_started_on)),
            ],
            width,
        ),
    ]
    if report.analysis:
        flow += [Spacer(1, 2 * mm), para(report.analysis)]
    flow.append(section("Orsaker"))
    if report.causes:
        rows: list[list[Cell]] = [[c.description, c.level, c.area] for c in report.causes]
        flow.append(
            data_table(("Orsak", "Nivå", "Område"), rows, [width * 0.6, width * 0.2, width * 0.2])
        )
    else:
        flow.append(empty_state(NO_CAUSES_TEXT))
    return flow
