"""The egenkontroll PDFs' data: a performed check, and a unit's plan for a year."""

from __future__ import annotations

from collections import Counter
from datetime import date

from kvalitet_desktop.domain.linked_records import LinkedRecord
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header as _header
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import Assessment, Tally
from kvalitet_desktop.workflows.selfinspection.report_model import (
    CheckLine,
    CheckReport,
    FindingLine,
    LinkedLine,
    PlanLine,
    PlanReport,
)


def check_report(ctx: Context, check_id: str) -> CheckReport:
    view = service.get_check(ctx, check_id)
    counted = Counter(f.assessment for f in view.findings)
    return CheckReport(
        header=_header(ctx, "Egenkontroll", view.unit_name, personal=False),
        title=view.title,
        unit=view.unit_name,
        year=view.year,
        method=view.method,
        frequency=view.frequency.value,
        responsible=view.responsible_name,
        on_failure=view.on_failure,
        planned_on=view.planned_on,
        status=view.status.value,
        performed_on=view.performed_on,
        performed_by=view.performed_by_name,
        reviewed=tuple((r.kind.value, r.count) for r in view.reviewed),
        reviewed_note=view.reviewed_note,
        summary=view.summary,
        status_reason=view.status_reason,
        form=view.form,
        answers=view.answers,
        lookups=service.lookups(ctx, view.unit_id),
        shortcomings=tuple(
            FindingLine(f.question, f.assessment.label, f.comment or None)
            for f in view.findings
            if f.assessment.is_shortcoming
        ),
        counts=tuple((a.label, counted[a]) for a in Assessment),
        linked=tuple(_linked_line(r) for r in service.made_from(ctx, check_id)),
    )


def _linked_line(record: LinkedRecord) -> LinkedLine:
    noun = record.noun[:1].upper() + record.noun[1:]
    if record.summary is None:
        return LinkedLine(f"{noun} (visas bara för den som får läsa {record.noun})", "–")
    return LinkedLine(f"{noun} {record.summary.number}", record.summary.status)


def _line(
    title: str,
    tally: Tally,
    *,
    method: str = "",
    frequency: str = "",
    responsible: str | None = None,
    checklist: str = "",
    on_failure: str = "",
) -> PlanLine:
    return PlanLine(
        title,
        method,
        frequency,
        responsible,
        checklist,
        on_failure,
        tally.planned,
        tally.done,
        tally.done_late,
        tally.overdue,
        tally.upcoming,
        tally.cancelled,
    )


def plan_report(ctx: Context, unit_id: str, year: int) -> PlanReport:
    today = date.today()
    plan = service.plan_versus_done(ctx, unit_id, year, today)
    checks = service.checks_of_year(ctx, unit_id, year)
    return PlanReport(
        header=_header(ctx, f"Egenkontrollplan {year}", plan.unit_name, personal=False),
        unit=plan.unit_name,
        year=year,
        lines=tuple(
            _line(
                i.title,
                i.tally,
                method=i.method,
                frequency=i.frequency.value,
                responsible=i.responsible_name,
                checklist=i.form_title,
                on_failure=i.on_failure,
            )
            for i in plan.items
        ),
        total=_line("Hela året", plan.total),
        checks=tuple(
            CheckLine(c.title, c.planned_on, c.status.value, c.performed_on, c.shortcomings)
            for c in checks
        ),
    )
