"""The PDF "Sammanställning och analys": the period's figures kind by kind, each chart
followed by a table of its numbers, and a signed analysis' text when printed with one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from kvalitet_desktop.reports.charts import bar_chart, horizontal_bars, pareto_chart
from kvalitet_desktop.reports.compilation_model import (
    AnalysisText,
    Compilation,
    CompilationReport,
    KindSection,
    LevelCount,
)
from kvalitet_desktop.reports.template import (
    Cell,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    key_value_table,
    markup,
    render,
    section,
    styles,
)

COUNTS_ONLY_TEXT = (
    "Du ser bara hur många ärendena var och när: att läsa dem kräver behörighet till dem."
)
NO_RECORDS_TEXT = "Inga under perioden."
NO_CAUSES_TEXT = "Inga orsaker är registrerade för perioden."
SYSTEM_NOTE = (
    "Orsaker på systemnivå (styrning, resurser, samverkan) kräver åtgärder ovanför enheten."
)


def period_text(start: date, end: date) -> str:
    return f"{fmt_date(start)} – {fmt_date(end)}"


def change_text(now: int, before: int) -> str:
    """ "+3 (+50 %)", "−2 (−20 %)", "±0"; the share is left out when there was nothing before."""
    diff = now - before
    if diff == 0:
        return "±0"
    sign = "+" if diff > 0 else "−"
    share = f" ({sign}{abs(diff) * 100 // before} %)" if before else ""
    return f"{sign}{abs(diff)}{share}"


def _overview(compilation: Compilation, width: float) -> list[Flowable]:
    sections = compilation.sections
    if not sections:
        return [empty_state("Du har inte behörighet till något som sammanställs.")]
    legend = (
        "Perioden",
        "Perioden före",
        "Ett år tidigare",
    )
    chart = bar_chart(
        [s.axis_title for s in sections],
        [
            [s.total for s in sections],
            [s.previous for s in sections],
            [s.year_earlier for s in sections],
        ],
        width,
        170,
        legend,
    )
    rows: list[list[Cell]] = [
        [
            s.title,
            str(s.total),
            str(s.previous),
            change_text(s.total, s.previous),
            str(s.year_earlier),
            change_text(s.total, s.year_earlier),
        ]
        for s in sections
    ]
    headers = [
        "Typ",
        "Perioden",
        "Perioden före",
        "Förändring",
        "Ett år tidigare",
        "Förändring",
    ]
    widths = [width - 5 * 24 * mm, *([24 * mm] * 5)]
    note = (
        f"Perioden före: {period_text(compilation.previous.start, compilation.previous.end)}. "
        "Ett år tidigare: "
        f"{period_text(compilation.year_earlier.start, compilation.year_earlier.end)}."
    )
    return [
        section("Översikt"),
        chart,
        Spacer(1, 4),
        data_table(headers, rows, widths),
        Paragraph(markup(note), styles().small),
    ]


def _levels_table(levels: Sequence[LevelCount], width: float) -> Flowable:
    total = sum(level.count for level in levels)
    rows: list[list[Cell]] = [
        [level.level, str(level.count), f"{level.count * 100 // total} %" if total else "–"]
        for level in levels
    ]
    return data_table(["Nivå", "Antal orsaker", "Andel"], rows, [width - 60 * mm, 30 * mm, 30 * mm])


def _causes(compilation: Compilation, width: float) -> list[Flowable]:
    flow: list[Flowable] = [section("Orsaker per nivå")]
    if not any(level.count for level in compilation.causes):
        return [*flow, empty_state(NO_CAUSES_TEXT)]
    chart = bar_chart(
        [c.level for c in compilation.causes], [[c.count for c in compilation.causes]], width, 130
    )
    return [
        *flow,
        chart,
        Spacer(1, 4),
        _levels_table(compilation.causes, width),
        Paragraph(markup(SYSTEM_NOTE), styles().small),
    ]


def _kind(kind: KindSection, width: float) -> list[Flowable]:
    st = styles()
    facts: list[tuple[str, Cell]] = [
        ("Under perioden", str(kind.total)),
        ("Perioden före", f"{kind.previous} ({change_text(kind.total, kind.previous)})"),
        ("Ett år tidigare", f"{kind.year_earlier} ({change_text(kind.total, kind.year_earlier)})"),
        *((fact.label, fact.value) for fact in kind.facts),
    ]
    flow: list[Flowable] = [section(kind.title), key_value_table(facts, width, label_width=70 * mm)]
    if not kind.detail:
        flow.append(Paragraph(markup(COUNTS_ONLY_TEXT), st.small))
    if not kind.total:
        return [*flow, empty_state(NO_RECORDS_TEXT)]
    months = kind.per_month
    flow.append(
        KeepTogether(
            [
                Paragraph(markup("Per månad"), st.h3),
                bar_chart([m.label for m in months], [[m.count for m in months]], width),
                Spacer(1, 6),
                *_month_tables(kind, width),
            ]
        )
    )
    if kind.pareto and kind.category_label:
        flow.append(
            KeepTogether(
                [
                    Paragraph(markup(f"{kind.category_label} (Pareto)"), st.h3),
                    pareto_chart(
                        [p.category for p in kind.pareto],
                        [p.count for p in kind.pareto],
                        [p.cumulative_percent for p in kind.pareto],
                        width,
                    ),
                    Spacer(1, 6),
                    data_table(
                        [kind.category_label, "Antal", "Kumulativ andel"],
                        [
                            [
                                p.category,
                                str(p.count),
                                f"{p.cumulative_percent:.1f} %".replace(".", ","),
                            ]
                            for p in kind.pareto
                        ],
                        [width - 60 * mm, 25 * mm, 35 * mm],
                    ),
                ]
            )
        )
    if kind.per_unit:
        flow.append(
            KeepTogether(
                [
                    Paragraph(markup("Per enhet"), st.h3),
                    horizontal_bars(
                        [u.unit for u in kind.per_unit], [u.count for u in kind.per_unit], width
                    ),
                    data_table(
                        ["Enhet", "Antal"],
                        [[u.unit, str(u.count)] for u in kind.per_unit],
                        [width - 25 * mm, 25 * mm],
                    ),
                ]
            )
        )
    if any(c.count for c in kind.causes):
        flow += [Paragraph(markup("Orsaker per nivå"), st.h3), _levels_table(kind.causes, width)]
    return flow


_MONTHS_PER_ROW = 6


def _month_tables(kind: KindSection, width: float) -> list[Flowable]:
    """The months' numbers across the page, six months to a table."""
    months = kind.per_month
    tables: list[Flowable] = []
    column = (width - 22 * mm) / _MONTHS_PER_ROW
    for first in range(0, len(months), _MONTHS_PER_ROW):
        chunk = months[first : first + _MONTHS_PER_ROW]
        tables += [
            data_table(
                ["Månad", *(m.label for m in chunk)],
                [["Antal", *(str(m.count) for m in chunk)]],
                [22 * mm, *([column] * len(chunk))],
                zebra=False,
            ),
            Spacer(1, 3),
        ]
    return tables


def _analysis(text: AnalysisText, width: float) -> list[Flowable]:
    st = styles()
    signed = (
        f"{text.signed_by}, {fmt_date(text.signed_on)}"
        if text.signed_by and text.signed_on
        else "Inte signerad (utkast)"
    )
    flow: list[Flowable] = [
        section(f"Analys {text.number}"),
        key_value_table([("Signerad", signed)], width),
        Paragraph(markup("Analys"), st.h3),
        Paragraph(markup(text.analysis), st.body),
        Paragraph(markup("Beslutade förbättringar"), st.h3),
        Paragraph(markup(text.improvements), st.body),
    ]
    if text.frozen_note:
        flow.append(Paragraph(markup(text.frozen_note), st.small))
    return flow


def build_compilation_pdf(report: CompilationReport) -> bytes:
    st = styles()
    width = content_width()
    compilation = report.compilation
    subtitle = (
        f"{period_text(compilation.period.start, compilation.period.end)} · {compilation.scope}"
        f" · sammanställd {fmt_date(compilation.compiled_on)}"
    )
    story: list[Flowable] = [
        Paragraph(markup(report.header.title), st.title),
        Paragraph(markup(subtitle), st.subtitle),
    ]
    if report.analysis is not None:
        story += _analysis(report.analysis, width)
    story += _overview(compilation, width)
    for kind in compilation.sections:
        story += _kind(kind, width)
    story += _causes(compilation, width)
    return render(report.header, story)
