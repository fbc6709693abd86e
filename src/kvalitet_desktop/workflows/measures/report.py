"""Åtgärdsplan: the measures of one or more units, one part per unit, on A4 landscape.

The units follow one another (a heading per unit, the table's header repeated on every
page) and the plan ends with signature lines. :func:`measures_table` is also used by the
other reports that list measures. The tables are plain-text tables (``text_table``): the
plan of a large municipality runs to thousands of rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from kvalitet_desktop.reports.template import (
    PAGE_A4_LANDSCAPE,
    closing,
    content_width,
    empty_state,
    fmt_date,
    markup,
    part,
    phrase,
    render,
    section,
    signature_block,
    styles,
    text_table,
)
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.report_model import MeasureLine, MeasurePlanReport

EMPTY_TEXT = "Det finns inga åtgärder att visa."
NO_UNIT_MEASURES = "Enheten har inga åtgärder att visa."
OVERDUE_FILL = colors.HexColor("#fbdcdc")
OVERDUE_SUFFIX = " (försenad)"
_TAIL_ROWS = 2  # the last rows of the plan that stay with its signature lines
PLAN_SIGNERS: tuple[tuple[str, str | None], ...] = (
    ("Upprättad av", None),
    ("Fastställd av", None),
)

MEASURE_HEADERS = ("Åtgärd", "Ansvarig", "Klart senast", "Status", "Svarar mot", "Uppföljning")

# How a count of measures with a status reads: (one, several).
_STATUS_WORDS: dict[str, tuple[str, str]] = {
    MeasureStatus.PLANNED.value: ("planerad", "planerade"),
    MeasureStatus.IN_PROGRESS.value: ("pågående", "pågående"),
    MeasureStatus.DONE.value: ("genomförd", "genomförda"),
    MeasureStatus.CANCELLED.value: ("avbruten", "avbrutna"),
}


def measure_status_text(measure: MeasureLine) -> str:
    """The status as printed: "Genomförd 2026-05-12", "Planerad (försenad)"."""
    text = phrase(measure.status) or measure.status
    if measure.completed_on is not None:
        text += f" {fmt_date(measure.completed_on)}"
    return text + (OVERDUE_SUFFIX if measure.overdue else "")


def follow_up_text(measure: MeasureLine) -> str:
    """How the follow-up stands, or else the next planned date."""
    if measure.follow_up is not None:
        return measure.follow_up
    return fmt_date(measure.follow_up_on)


def measures_table(
    measures: Sequence[MeasureLine], width: float, *, header: bool = True, before: int = 0
) -> Table:
    """Åtgärd | Ansvarig | Klart senast | Status | Svarar mot | Uppföljning; overdue rows red
    and bold. ``header=False`` and ``before`` (rows printed above): the last rows of a table
    printed apart."""
    wide = width > 200 * mm  # landscape
    date_col = 23 * mm  # "2026-04-01" in bold on one line
    status_col = (26 if wide else 22) * mm
    follow_col = (34 if wide else 26) * mm
    rest = width - date_col - status_col - follow_col
    share = (0.34, 0.24, 0.42) if wide else (0.42, 0.22, 0.36)  # Åtgärd, Ansvarig, Svarar mot
    widths = [rest * share[0], rest * share[1], date_col, status_col, rest * share[2], follow_col]
    rows: list[list[str | None]] = []
    overdue: list[int] = []
    extra: list[tuple[Any, ...]] = []
    for index, measure in enumerate(measures, start=1):
        if measure.overdue:
            overdue.append(index)
            extra.append(("BACKGROUND", (0, index), (-1, index), OVERDUE_FILL))
        rows.append(
            [
                measure.title,
                measure.responsible,
                fmt_date(measure.due_date),
                measure_status_text(measure),
                measure.answers_to,
                follow_up_text(measure),
            ]
        )
    return text_table(
        MEASURE_HEADERS,
        rows,
        widths,
        bold_rows=overdue,
        extra_style=extra,
        header=header,
        zebra_start=before,
    )


def _closing_rows(measures: Sequence[MeasureLine], width: float, signatures: Flowable) -> Flowable:
    """The plan's last unit, its last rows kept on one page with the signature lines."""
    if not measures:
        return closing([empty_state(NO_UNIT_MEASURES)], signatures)
    tail = _TAIL_ROWS if len(measures) > _TAIL_ROWS else len(measures)
    head = measures[:-tail]
    last = measures_table(measures[-tail:], width, header=not head, before=len(head))
    if not head:
        return closing([last], signatures)
    return part([measures_table(head, width), closing([last], signatures)])


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
    story: list[Flowable] = [Paragraph(markup(report.header.title), st.title)]
    every = [m for unit in report.units for m in unit.measures]
    if not every:
        story.append(empty_state(EMPTY_TEXT))
        return render(report.header, story, pagesize=pagesize)

    if len(report.units) > 1:
        names = ", ".join(u.unit for u in report.units)
        story.append(Paragraph(markup(f"Enheter: {names}"), st.subtitle))
        story.append(Paragraph(markup(status_summary(every)), st.body))
    signatures = signature_block(list(PLAN_SIGNERS), width, title="Underskrifter")
    for number, unit in enumerate(report.units, start=1):
        flow: list[Flowable] = [section(unit.unit)]
        if unit.measures:
            flow.append(Paragraph(markup(status_summary(unit.measures)), st.body))
        if number == len(report.units):
            flow.append(_closing_rows(unit.measures, width, signatures))
        elif unit.measures:
            flow.append(measures_table(unit.measures, width))
        else:
            flow.append(empty_state(NO_UNIT_MEASURES))
        story.append(part(flow))
    return render(report.header, story, pagesize=pagesize)
