"""Åtgärdsplan: the measures of one or more units, one section per unit (A4 landscape).

:func:`measures_table` is also used by the other reports that list measures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from kvalitet_desktop.reports.template import (
    PAGE_A4_LANDSCAPE,
    Cell,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    markup,
    render,
    section,
    styles,
)
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.report_model import MeasureLine, MeasurePlanReport

EMPTY_TEXT = "Det finns inga åtgärder att visa."
OVERDUE_FILL = colors.HexColor("#fbdcdc")
OVERDUE_SUFFIX = " (försenad)"

MEASURE_HEADERS = ("Åtgärd", "Ansvarig", "Klart senast", "Status", "Svarar mot", "Uppföljning")

# How a count of measures with a status reads: (one, several).
_STATUS_WORDS: dict[str, tuple[str, str]] = {
    MeasureStatus.PLANNED.value: ("planerad", "planerade"),
    MeasureStatus.IN_PROGRESS.value: ("pågående", "pågående"),
    MeasureStatus.DONE.value: ("genomförd", "genomförda"),
    MeasureStatus.CANCELLED.value: ("avbruten", "avbrutna"),
}


def measure_status_text(measure: MeasureLine) -> str:
    """The status as printed: "planerad (försenad)" when the measure is overdue."""
    return measure.status + (OVERDUE_SUFFIX if measure.overdue else "")


def measures_table(measures: Sequence[MeasureLine], width: float) -> Table:
    """Åtgärd | Ansvarig | Klart senast | Status | Svarar mot | Uppföljning; overdue rows red."""
    date_col = 23 * mm
    status_col = 22 * mm
    rest = width - 2 * date_col - status_col
    widths = [rest * 0.40, rest * 0.22, date_col, status_col, rest * 0.38, date_col]
    st = styles()
    rows: list[list[Cell]] = []
    extra: list[tuple[Any, ...]] = []
    for index, measure in enumerate(measures, start=1):
        due = fmt_date(measure.due_date)
        status = markup(measure_status_text(measure))
        if measure.overdue:
            extra.append(("BACKGROUND", (0, index), (-1, index), OVERDUE_FILL))
            due_cell: Cell = Paragraph(markup(due), st.cell_bold)
            status_cell: Cell = Paragraph(status, st.cell_bold)
        else:
            due_cell = due
            status_cell = measure_status_text(measure)
        rows.append(
            [
                measure.title,
                measure.responsible,
                due_cell,
                status_cell,
                measure.answers_to,
                fmt_date(measure.follow_up_on),
            ]
        )
    return data_table(MEASURE_HEADERS, rows, widths, extra_style=extra)


def status_summary(measures: Sequence[MeasureLine]) -> str:
    """E.g. "Totalt 6 åtgärder: 3 planerade, 2 pågående, 1 genomförd, 0 avbrutna. 2 är försenade."""
    counts = Counter(m.status for m in measures)
    parts: list[str] = []
    for status, (one, several) in _STATUS_WORDS.items():
        n = counts.pop(status, 0)
        parts.append(f"{n} {one if n == 1 else several}")
    parts.extend(f"{n} {status}" for status, n in sorted(counts.items()))
    total = len(measures)
    text = f"Totalt {total} {'åtgärd' if total == 1 else 'åtgärder'}: {', '.join(parts)}."
    overdue = sum(1 for m in measures if m.overdue)
    if overdue:
        text += f" {overdue} {'är försenad' if overdue == 1 else 'är försenade'}."
    return text


def build_measure_plan_pdf(report: MeasurePlanReport) -> bytes:
    st = styles()
    pagesize = PAGE_A4_LANDSCAPE
    width = content_width(pagesize)
    keep_with_table = ParagraphStyle("kd-summary", parent=st.body, keepWithNext=1)
    story: list[Flowable] = [Paragraph(markup(report.header.title), st.title)]
    every = [m for unit in report.units for m in unit.measures]
    if not every:
        story.append(empty_state(EMPTY_TEXT))
        return render(report.header, story, pagesize=pagesize)

    if len(report.units) > 1:
        names = ", ".join(u.unit for u in report.units)
        story.append(Paragraph(markup(f"Enheter: {names}"), st.subtitle))
        story.append(Paragraph(markup(status_summary(every)), st.body))
    for unit in report.units:
        story.append(section(unit.unit))
        if not unit.measures:
            story.append(empty_state("Enheten har inga åtgärder att visa."))
            continue
        story.append(Paragraph(markup(status_summary(unit.measures)), keep_with_table))
        story.append(measures_table(unit.measures, width))
    return render(report.header, story, pagesize=pagesize)
