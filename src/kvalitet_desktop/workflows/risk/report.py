"""Riskanalys: scope, team, facts, the drawn 4×4 matrix, the events, measures and decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.risk_matrix import SCALE, RiskBand, RiskMatrixConfig, on_scale
from kvalitet_desktop.reports.template import (
    EMPTY,
    FONT,
    FONT_BOLD,
    GRID,
    INK,
    MUTED,
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
    printable,
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


def _score_range(band: RiskBand) -> str:
    if band.min_score == band.max_score:
        return str(band.min_score)
    return f"{band.min_score}–{band.max_score}"


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
                risk_matrix_drawing(report.matrix, report.events, width),
                Spacer(1, 3 * mm),
                _legend(report.matrix, width),
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


def risk_matrix_drawing(
    matrix: RiskMatrixConfig, events: Sequence[RiskEventLine], width: float
) -> Drawing:
    """The 4×4 matrix: probability rows (highest at the top) × consequence columns."""
    axis_w = 7 * mm
    label_w = 27 * mm
    cell_w = (width - axis_w - label_w) / len(SCALE)
    base_h = 19 * mm
    pad = 1.8 * mm
    score_size = 11.0
    marker_size = 8.0
    marker_leading = marker_size * 1.25
    label_size = 8.0
    label_leading = label_size * 1.2

    placed = _cells(events)
    marker_lines: dict[tuple[int, int], list[str]] = {}
    for key, numbers in placed.items():
        text = "•" + ", ".join(str(n) for n in numbers)
        marker_lines[key] = simpleSplit(text, FONT_BOLD, marker_size, cell_w - 2 * pad)

    # Each row grows when a cell in it holds more event numbers than fit in the base height.
    row_heights: dict[int, float] = {}
    for p in SCALE:
        needed = base_h
        for c in SCALE:
            lines = marker_lines.get((p, c), [])
            height = pad + score_size * 1.2 + 1.5 * mm + len(lines) * marker_leading + pad
            needed = max(needed, height)
        row_heights[p] = needed

    col_labels = [
        simpleSplit(
            printable(f"{matrix.consequence_label(c)} ({c})"), FONT, label_size, cell_w - 2 * pad
        )
        for c in SCALE
    ]
    col_label_h = max(len(lines) for lines in col_labels) * label_leading + 2 * mm
    axis_title_h = 6 * mm
    grid_h = sum(row_heights.values())
    total_h = grid_h + col_label_h + axis_title_h
    drawing = Drawing(width, total_h)
    drawing.initialFontName = FONT  # the renderer would otherwise select Times-Roman
    drawing.initialFontSize = label_size

    grid_x = axis_w + label_w
    grid_top = total_h
    y_top = grid_top
    for p in reversed(SCALE):  # "Mycket stor" at the top
        row_h = row_heights[p]
        y_bottom = y_top - row_h
        # Row label: the probability step, wrapped, vertically centred.
        lines = simpleSplit(
            printable(f"{matrix.probability_label(p)} ({p})"), FONT, label_size, label_w - 2 * pad
        )
        block = len(lines) * label_leading
        ty = y_bottom + row_h / 2 + block / 2 - label_size
        for line in lines:
            drawing.add(
                String(
                    grid_x - pad,
                    ty,
                    line,
                    fontName=FONT,
                    fontSize=label_size,
                    fillColor=INK,
                    textAnchor="end",
                )
            )
            ty -= label_leading
        for c in SCALE:
            x = grid_x + (c - 1) * cell_w
            score = p * c
            band = matrix.band_for(score)
            drawing.add(
                Rect(
                    x,
                    y_bottom,
                    cell_w,
                    row_h,
                    fillColor=hex_color(band.color),
                    strokeColor=colors.white,
                    strokeWidth=1.5,
                )
            )
            sy = y_top - pad - score_size
            drawing.add(
                String(
                    x + pad,
                    sy,
                    str(score),
                    fontName=FONT_BOLD,
                    fontSize=score_size,
                    fillColor=INK,
                )
            )
            my = sy - 1.5 * mm - marker_size
            for line in marker_lines.get((p, c), []):
                drawing.add(
                    String(
                        x + pad,
                        my,
                        line,
                        fontName=FONT_BOLD,
                        fontSize=marker_size,
                        fillColor=INK,
                    )
                )
                my -= marker_leading
        y_top = y_bottom

    grid_bottom = y_top
    grid_right = grid_x + len(SCALE) * cell_w
    drawing.add(Line(grid_x, grid_bottom, grid_right, grid_bottom, strokeColor=GRID))
    # Column labels under the grid, then the axis titles.
    for c, lines in zip(SCALE, col_labels, strict=True):
        cx = grid_x + (c - 0.5) * cell_w
        ty = grid_bottom - 1.5 * mm - label_size
        for line in lines:
            drawing.add(
                String(
                    cx,
                    ty,
                    line,
                    fontName=FONT,
                    fontSize=label_size,
                    fillColor=INK,
                    textAnchor="middle",
                )
            )
            ty -= label_leading
    drawing.add(
        String(
            grid_x + 2 * cell_w,
            2 * mm,
            "Konsekvens →",
            fontName=FONT_BOLD,
            fontSize=9,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    # "Sannolikhet" reads bottom-up along the left edge, centred on the grid.
    axis = Group(
        String(
            0,
            0,
            "Sannolikhet →",
            fontName=FONT_BOLD,
            fontSize=9,
            fillColor=MUTED,
            textAnchor="middle",
        )
    )
    axis.transform = (0, 1, -1, 0, axis_w - 2 * mm, grid_bottom + grid_h / 2)
    drawing.add(axis)
    return drawing


def _legend(matrix: RiskMatrixConfig, width: float) -> Table:
    st = styles()
    per_row = 2
    swatch = 6 * mm
    text_w = min(60 * mm, width / per_row - swatch)
    ordered = sorted(matrix.bands, key=lambda b: b.min_score)
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for start in range(0, len(ordered), per_row):
        row: list[Any] = []
        for offset in range(per_row):
            index = start + offset
            if index < len(ordered):
                band = ordered[index]
                r = start // per_row
                col = offset * 2
                commands.append(("BACKGROUND", (col, r), (col, r), hex_color(band.color)))
                commands.append(("BOX", (col, r), (col, r), 0.5, GRID))
                label = f"{band.label} (riskvärde {_score_range(band)})"
                row += ["", Paragraph(markup(label), st.cell)]
            else:
                row += ["", ""]
        data.append(row)
    return Table(
        data,
        colWidths=[swatch, text_w] * per_row,
        style=TableStyle(commands),
        hAlign="LEFT",
    )


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
