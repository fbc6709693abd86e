"""The 4×4 risk matrix drawn for the PDFs (the risk analyses, the avvikelser), with its
colour bands as the municipality has set them (``domain.risk_matrix``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Paragraph, Table, TableStyle

from kvalitet_desktop.domain.risk_matrix import SCALE, RiskBand, RiskMatrixConfig
from kvalitet_desktop.reports.template import (
    FONT,
    FONT_BOLD,
    GRID,
    INK,
    MUTED,
    hex_color,
    markup,
    printable,
    styles,
)


def _score_range(band: RiskBand) -> str:
    if band.min_score == band.max_score:
        return str(band.min_score)
    return f"{band.min_score}–{band.max_score}"


def risk_matrix_drawing(
    matrix: RiskMatrixConfig, placed: Mapping[tuple[int, int], Sequence[object]], width: float
) -> Drawing:
    """The 4×4 matrix: probability rows (highest at the top) × consequence columns; each
    (probability, consequence) cell of ``placed`` shows its markers after a "•" (the numbers
    of a risk analysis's events, or an avvikelse's own assessment)."""
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


def risk_matrix_legend(matrix: RiskMatrixConfig, width: float) -> Table:
    """The colour bands with their labels and score ranges, two to a row."""
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
