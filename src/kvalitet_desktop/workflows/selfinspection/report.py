"""Egenkontroll PDFs: a performed check with its answers, and a unit's plan for a year with
plan versus done."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from kvalitet_desktop.domain.forms import is_visible
from kvalitet_desktop.reports.forms import format_value, version_text
from kvalitet_desktop.reports.template import (
    PAGE_A4_LANDSCAPE,
    Cell,
    content_width,
    data_table,
    empty_state,
    fmt_date,
    key_value_table,
    markup,
    phrase,
    render,
    section,
    styles,
)
from kvalitet_desktop.workflows.selfinspection.domain import (
    COMMENT_SUFFIX,
    is_requirement,
    requirements,
)
from kvalitet_desktop.workflows.selfinspection.report_model import (
    CheckReport,
    PlanLine,
    PlanReport,
)

NO_SHORTCOMINGS = "Alla besvarade krav är uppfyllda eller inte aktuella."
NOT_PERFORMED = "Kontrollen är inte genomförd ännu."
NO_LINKED = "Kontrollen har inte gett upphov till några avvikelser."
NO_PLAN = "Enheten har ingen egenkontrollplan för året."
NO_CHECKS = "Inga kontroller är planerade för året."


def _reviewed(report: CheckReport) -> str | None:
    if not report.reviewed:
        return None
    return ", ".join(f"{count} {kind}" for kind, count in report.reviewed)


def build_check_pdf(report: CheckReport) -> bytes:
    st = styles()
    width = content_width()
    story: list[Flowable] = [
        Paragraph(markup(report.title), st.title),
        Paragraph(
            markup(
                f"Egenkontroll · {report.unit} · Planerad {fmt_date(report.planned_on)} · "
                f"Status: {phrase(report.status)}"
            ),
            st.subtitle,
        ),
        section("Planen"),
        key_value_table(
            [
                ("Vad som kontrolleras", report.title),
                ("Metod", report.method),
                ("Hur ofta", phrase(report.frequency)),
                ("Ansvarig", report.responsible),
                ("Om kraven inte uppfylls", report.on_failure),
                ("Checklista", f"{report.form.title} ({version_text(report.form).lower()})"),
            ],
            width,
        ),
        section("Genomförande"),
        key_value_table(
            [
                ("Planerad till", fmt_date(report.planned_on)),
                ("Genomförd", fmt_date(report.performed_on)),
                ("Genomförd av", report.performed_by),
                ("Granskat underlag", _reviewed(report)),
                ("Om underlaget", report.reviewed_note),
                ("Sammanfattning", report.summary),
                ("Skäl till senaste ändring av status", report.status_reason),
            ],
            width,
        ),
    ]
    if report.performed_on is None:
        story.append(empty_state(NOT_PERFORMED))
        return render(report.header, story)
    story += [
        section("Resultat"),
        data_table(
            ("Bedömning", "Antal krav"),
            [[label, str(count)] for label, count in report.counts],
            [width * 0.6, width * 0.4],
        ),
        section("Brister"),
    ]
    if report.shortcomings:
        rows: list[list[Cell]] = [
            [s.question, s.assessment, s.comment] for s in report.shortcomings
        ]
        story.append(
            data_table(
                ("Krav", "Bedömning", "Kommentar"),
                rows,
                [width * 0.42, 30 * mm, width * 0.58 - 30 * mm],
            )
        )
    else:
        story.append(empty_state(NO_SHORTCOMINGS))
    story.append(section("Avvikelser som kontrollen gav upphov till"))
    if report.linked:
        story.append(
            data_table(
                ("Avvikelse", "Status"),
                [[line.label, line.status] for line in report.linked],
                [width * 0.7, width * 0.3],
            )
        )
    else:
        story.append(empty_state(NO_LINKED))
    story.append(section("Checklistans svar"))
    story += _answers(report, width)
    return render(report.header, story)


def _answers(report: CheckReport, width: float) -> list[Flowable]:
    """Each section of the checklist as one table, a requirement per row with its assessment
    and comment; the checklist's other fields (if it has any) as label and value."""
    st = styles()
    values = report.answers.values
    comments = {f"{f.id}{COMMENT_SUFFIX}" for f in requirements(report.form)}
    flow: list[Flowable] = []
    for part in report.form.sections:
        rows: list[list[Cell]] = []
        other: list[tuple[str, Cell]] = []
        for field in part.fields:
            if field.id in comments or not is_visible(field, values):
                continue
            if is_requirement(field):
                comment = values.get(f"{field.id}{COMMENT_SUFFIX}")
                rows.append(
                    [
                        field.label,
                        format_value(field, values.get(field.id), report.lookups),
                        comment if isinstance(comment, str) and comment.strip() else None,
                    ]
                )
            else:
                other.append(
                    (field.label, format_value(field, values.get(field.id), report.lookups))
                )
        if not rows and not other:
            continue
        flow.append(Paragraph(markup(part.title), st.h3))
        if rows:
            flow.append(
                data_table(
                    ("Krav", "Bedömning", "Kommentar"),
                    rows,
                    [width * 0.45, 30 * mm, width * 0.55 - 30 * mm],
                )
            )
        if other:
            flow.append(key_value_table(other, width))
    return flow


def _counts(line: PlanLine) -> list[Cell]:
    share = f"{round(100 * line.done / line.planned)} %" if line.planned else "–"
    return [
        str(line.planned),
        str(line.done),
        share,
        str(line.done_late),
        str(line.overdue),
        str(line.cancelled),
    ]


def build_plan_pdf(report: PlanReport) -> bytes:
    """Landscape: the plan's six columns and the tally's seven need the width."""
    st = styles()
    page = PAGE_A4_LANDSCAPE
    width = content_width(page)
    story: list[Flowable] = [
        Paragraph(markup(f"Egenkontrollplan {report.year}"), st.title),
        Paragraph(markup(f"{report.unit} · Plan och utfall"), st.subtitle),
        section("Planen"),
    ]
    if not report.lines:
        story.append(empty_state(NO_PLAN))
        return render(report.header, story, pagesize=page)
    plan_rows: list[list[Cell]] = [
        [line.title, line.method, line.frequency, line.responsible, line.checklist, line.on_failure]
        for line in report.lines
    ]
    story.append(
        data_table(
            (
                "Vad kontrolleras",
                "Metod",
                "Hur ofta",
                "Ansvarig",
                "Checklista",
                "Om kraven inte uppfylls",
            ),
            plan_rows,
            [width * w for w in (0.2, 0.14, 0.1, 0.12, 0.19, 0.25)],
        )
    )
    story.append(section("Plan och utfall"))
    count_widths = [width * 0.4] + [width * 0.1] * 6
    headers = ("Vad kontrolleras", "Planerade", "Gjorda", "Andel", "Sena", "Försenade", "Inställda")
    rows: list[list[Cell]] = [[line.title, *_counts(line)] for line in report.lines]
    rows.append([report.total.title, *_counts(report.total)])
    story.append(data_table(headers, rows, count_widths))
    story.append(
        Paragraph(
            markup(
                "Gjorda: genomförda kontroller (sena: gjorda efter planerad dag). Försenade: "
                "planerade kontroller vars dag har passerat. Inställda räknas inte som planerade."
            ),
            st.note,
        )
    )
    story.append(section("Kontrollerna under året"))
    if report.checks:
        check_rows: list[list[Cell]] = [
            [
                fmt_date(c.planned_on),
                c.title,
                phrase(c.status),
                fmt_date(c.performed_on),
                str(c.shortcomings) if c.performed_on else "–",
            ]
            for c in report.checks
        ]
        story.append(
            data_table(
                ("Planerad", "Vad kontrolleras", "Status", "Genomförd", "Brister"),
                check_rows,
                [width * w for w in (0.13, 0.47, 0.14, 0.13, 0.13)],
            )
        )
    else:
        story.append(empty_state(NO_CHECKS))
    return render(report.header, story, pagesize=page)
