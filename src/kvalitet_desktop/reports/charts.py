"""Charts for the PDFs, drawn with reportlab's graphics and readable in black and white:
bars in greys with a dark outline, every value written on its bar, and a cumulative line in
black with square markers. Each chart in a report is followed by a table of its numbers."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from kvalitet_desktop.domain.chart_labels import label_lines
from kvalitet_desktop.reports.template import FONT, INK, MUTED, printable

# Series fills from dark to light: told apart in black and white by their shade alone.
SHADES = (colors.HexColor("#3e4c59"), colors.HexColor("#9aa5b1"), colors.HexColor("#e4e7eb"))
_OUTLINE = INK
_LABEL_SIZE = 7
_AXIS_SIZE = 7


def _nice_max(values: Sequence[int]) -> int:
    """A round top for the value axis above the largest value (at least 1)."""
    top = max([*values, 1])
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if top <= step * 5:
            return ((top + step - 1) // step) * step + (step if top % step == 0 else 0)
    return top + top // 5


def _short(text: str, limit: int = 18) -> str:
    # Marked after the cut, so that a "[?]" is never cut in half.
    return printable(text if len(text) <= limit else text[: limit - 1] + "…")


def _two_lines(text: str, limit: int = 14) -> str:
    return "\n".join(printable(line) for line in label_lines(text, limit))


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Sequence[int]],
    width: float,
    height: float = 150,
    legend: Sequence[str] = (),
) -> Drawing:
    """Vertical bars per label, one shade per series, each bar's value above it."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    legend_room = 14 if legend else 0
    chart.x, chart.y = 28, 28
    chart.width, chart.height = width - 36, height - 40 - legend_room
    chart.data = [list(s) for s in series]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max([v for s in series for v in s])
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = _AXIS_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = _AXIS_SIZE
    if len(labels) > 8:
        # Many labels: slanted, on one line each, below the axis.
        chart.categoryAxis.categoryNames = [_short(label, 14) for label in labels]
        chart.categoryAxis.labels.angle = 40
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dy = -2
        chart.y += 12
        chart.height -= 12
    else:
        chart.categoryAxis.categoryNames = [_two_lines(label) for label in labels]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = _LABEL_SIZE
    chart.barLabels.nudge = 5
    chart.groupSpacing = 4
    for index in range(len(series)):
        chart.bars[index].fillColor = SHADES[index % len(SHADES)]
        chart.bars[index].strokeColor = _OUTLINE
        chart.bars[index].strokeWidth = 0.5
    drawing.add(chart)
    x = chart.x
    for index, name in enumerate(printable(name) for name in legend):
        drawing.add(
            Rect(
                x,
                height - 10,
                8,
                8,
                fillColor=SHADES[index % len(SHADES)],
                strokeColor=_OUTLINE,
                strokeWidth=0.5,
            )
        )
        drawing.add(String(x + 11, height - 9, name, fontName=FONT, fontSize=_AXIS_SIZE))
        x += 14 + 5 * len(name)
    return drawing


def pareto_chart(
    labels: Sequence[str], counts: Sequence[int], cumulative: Sequence[float], width: float
) -> Drawing:
    """Bars by count, largest first, with the cumulative share (0–100 %, the right axis) as a
    black line with square markers and its value at each point."""
    height = 170
    drawing = bar_chart(labels, [counts], width - 24, height)
    drawing.width = width
    chart = next(c for c in drawing.contents if isinstance(c, VerticalBarChart))
    left, bottom, span, tall = chart.x, chart.y, chart.width, chart.height
    right = left + span
    drawing.add(Line(right, bottom, right, bottom + tall, strokeColor=INK, strokeWidth=0.5))
    for percent in (0, 50, 100):
        y = bottom + tall * percent / 100
        drawing.add(Line(right, y, right + 3, y, strokeColor=INK, strokeWidth=0.5))
        drawing.add(String(right + 5, y - 2.5, f"{percent} %", fontName=FONT, fontSize=6.5))
    step = span / max(len(counts), 1)
    points: list[float] = []
    for index, share in enumerate(cumulative):
        points += [left + step * (index + 0.5), bottom + tall * share / 100]
    if points:
        drawing.add(PolyLine(points, strokeColor=colors.black, strokeWidth=1.2))
        for index in range(0, len(points), 2):
            x, y = points[index], points[index + 1]
            drawing.add(Rect(x - 2, y - 2, 4, 4, fillColor=colors.black, strokeColor=None))
            share = cumulative[index // 2]
            drawing.add(
                String(
                    x + 3,
                    y + 4,
                    f"{share:.0f} %",
                    fontName=FONT,
                    fontSize=6,
                    fillColor=MUTED,
                )
            )
    return drawing


def horizontal_bars(labels: Sequence[str], counts: Sequence[int], width: float) -> Drawing:
    """One bar per label (a unit), labelled at its end; for long names."""
    row = 14
    height = 24 + row * max(len(labels), 1)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 14
    chart.width, chart.height = width - 180, height - 20
    # Drawn bottom-up: reverse so the first label stands at the top, as in the table.
    chart.data = [list(reversed(counts))]
    chart.categoryAxis.categoryNames = [_short(label, 32) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = _AXIS_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_max(counts)
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = _AXIS_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = _LABEL_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.nudge = 6
    chart.bars[0].fillColor = SHADES[1]
    chart.bars[0].strokeColor = _OUTLINE
    chart.bars[0].strokeWidth = 0.5
    drawing.add(chart)
    return drawing
