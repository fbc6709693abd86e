"""The compilation's charts on screen (QtCharts), drawn as the PDF draws them: bars in greys
with hatching, so they read in black and white too, every value on its bar, and the Pareto's
cumulative share as a black line on a 0–100 % axis. Each chart goes with a table of its
numbers (``numbers_table``), which screen readers read."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QTableWidgetItem, QWidget

from kvalitet_desktop.domain.chart_labels import label_lines
from kvalitet_desktop.ui.widgets.tables import read_only_table

# Dark to light, each with its own hatching: told apart without colour.
_FILLS = (
    (QColor("#3e4c59"), Qt.BrushStyle.SolidPattern),
    (QColor("#9aa5b1"), Qt.BrushStyle.Dense3Pattern),
    (QColor("#52606d"), Qt.BrushStyle.BDiagPattern),
)
_CHART_HEIGHT = 230
_TABLE_WIDTH_LIMIT = 470


def _style(bar_set: QBarSet, index: int) -> None:
    color, pattern = _FILLS[index % len(_FILLS)]
    bar_set.setBrush(QBrush(color, pattern))
    bar_set.setPen(QPen(QColor("#1f2933"), 1))
    bar_set.setLabelColor(QColor("#1f2933"))


def _top(values: Sequence[float]) -> float:
    top = max([*values, 1])
    return float(top + max(1, round(top * 0.15)))


def _whole_ticks(axis: QValueAxis, values: Sequence[float]) -> None:
    """An axis from 0 in whole steps of 1, 2, 5, 10 … (never "0, 1, 1, 2" for small counts),
    with room above the largest value for its label."""
    top = _top(values)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        step = candidate
        if top / candidate <= 6:
            break
    end = step * -(-int(top) // step)
    axis.setRange(0, float(end))
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(float(step))
    axis.setLabelFormat("%d")


def _small_labels(axis: QBarCategoryAxis) -> None:
    font = QFont(axis.labelsFont())
    font.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
    axis.setLabelsFont(font)


def _view(chart: QChart, name: str, parent: QWidget | None) -> QChartView:
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(name)
    view.setMinimumHeight(_CHART_HEIGHT)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its numbers are read from the table
    return view


def bar_chart(
    name: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    parent: QWidget | None = None,
    *,
    legend: bool = False,
) -> QChartView:
    """Vertical bars per label, one hatched grey per series, values on the bars."""
    chart = QChart()
    bars = QBarSeries()
    for index, (title, values) in enumerate(series):
        bar_set = QBarSet(title)
        bar_set.append([float(v) for v in values])
        _style(bar_set, index)
        bars.append(bar_set)
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelsFormat("@value")
    chart.addSeries(bars)
    x_axis = QBarCategoryAxis()
    _small_labels(x_axis)
    if len(labels) > 6:  # many months: upright labels stay whole in a narrow chart
        x_axis.append(list(labels))
        x_axis.setLabelsAngle(-90)
    else:  # a few wide ones: on two lines (the axis draws its labels as rich text)
        x_axis.append(["<br>".join(escape(line) for line in label_lines(t, 11)) for t in labels])
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(x_axis)
    y_axis = QValueAxis()
    _whole_ticks(y_axis, [v for _, values in series for v in values])
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(y_axis)
    chart.legend().setVisible(len(series) > 1 or legend)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    return _view(chart, name, parent)


def horizontal_chart(
    name: str, labels: Sequence[str], values: Sequence[int], parent: QWidget | None = None
) -> QChartView:
    """One bar per label (units, with long names), the first label at the top."""
    chart = QChart()
    bars = QHorizontalBarSeries()
    bar_set = QBarSet(name)
    bar_set.append([float(v) for v in reversed(values)])
    _style(bar_set, 1)
    bars.append(bar_set)
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    bars.setLabelsFormat("@value")
    chart.addSeries(bars)
    y_axis = QBarCategoryAxis()
    y_axis.append(list(reversed(labels)))
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(y_axis)
    x_axis = QValueAxis()
    _whole_ticks(x_axis, values)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(x_axis)
    chart.legend().setVisible(False)
    view = _view(chart, name, parent)
    view.setMinimumHeight(max(_CHART_HEIGHT, 40 + 26 * len(labels)))
    return view


def pareto_chart(
    name: str,
    labels: Sequence[str],
    counts: Sequence[int],
    cumulative: Sequence[float],
    parent: QWidget | None = None,
) -> QChartView:
    """Bars by count, largest first, and the cumulative share as a black line with points."""
    counted = [(QCoreApplication.translate("Charts", "Antal"), counts)]
    view = bar_chart(name, labels, counted, parent, legend=True)
    chart = view.chart()
    line = QLineSeries()
    line.setName(QCoreApplication.translate("Charts", "Kumulativ andel (%)"))
    for index, share in enumerate(cumulative):
        line.append(float(index), float(share))
    line.setPen(QPen(QColor("#000000"), 2))
    line.setPointsVisible(True)
    line.setPointLabelsVisible(True)
    line.setPointLabelsFormat("@yPoint %")
    line.setPointLabelsClipping(False)
    chart.addSeries(line)
    x_axis = next(iter(chart.axes(Qt.Orientation.Horizontal)))
    line.attachAxis(x_axis)
    percent = QValueAxis()
    percent.setRange(0, 100)
    percent.setTickCount(3)
    percent.setLabelFormat("%d %%")
    chart.addAxis(percent, Qt.AlignmentFlag.AlignRight)
    line.attachAxis(percent)
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    return view


def numbers_table(
    name: str, headers: Sequence[str], rows: Sequence[Sequence[str]], parent: QWidget | None = None
) -> QWidget:
    """The chart's numbers as a table (read-only; screen readers and keyboard users read it)."""
    table = read_only_table(list(headers), name, parent)
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            cell = QTableWidgetItem(text)
            if column:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, cell)
    table.setMinimumHeight(min(330, 34 + 30 * len(rows)))
    # Wide enough for its columns (up to a limit): the chart beside it takes the rest.
    table.resizeColumnsToContents()
    needed = sum(table.columnWidth(c) for c in range(len(headers))) + 2 * table.frameWidth()
    table.setMinimumWidth(min(needed + 4, _TABLE_WIDTH_LIMIT))
    return table
