"""The data of the avvikelse PDF, read through the service (permissions included)."""

from __future__ import annotations

from datetime import date

from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.services import record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header
from kvalitet_desktop.services.settings import risk_matrix
from kvalitet_desktop.workflows.deviations.domain import LEX_MARIA_PROMPT
from kvalitet_desktop.workflows.deviations.kind import KEY
from kvalitet_desktop.workflows.deviations.report_model import CauseLine, DeviationReport
from kvalitet_desktop.workflows.deviations.service import DeviationView, get_deviation
from kvalitet_desktop.workflows.measures.report_data import follow_up_texts
from kvalitet_desktop.workflows.measures.report_model import MeasureLine


def _individual(view: DeviationView) -> str | None:
    if view.individuals:
        return f"{view.individual} ({', '.join(view.individuals)})"
    return view.individual


def _measures(ctx: Context, view: DeviationView, today: date) -> tuple[MeasureLine, ...]:
    # The follow-up as every list and report writes it ("Uppföljd 2026-03-02 · effekt: ja").
    texts = follow_up_texts(ctx, [m.id for m in view.measures])
    lines = []
    for m in view.measures:
        planned = [f.planned_on for f in m.follow_ups if f.status.is_planned]
        lines.append(
            MeasureLine(
                title=m.title,
                responsible=m.responsible,
                due_date=m.due_date,
                status=m.status.value,
                answers_to=None,
                follow_up_on=min(planned) if planned else None,
                overdue=m.status.is_open and m.due_date is not None and m.due_date < today,
                follow_up=texts.get(m.id),
            )
        )
    return tuple(lines)


def deviation_report(ctx: Context, deviation_id: str) -> DeviationReport:
    view = get_deviation(ctx, deviation_id)
    linked = []
    for other in record_links.linked(ctx, RecordRef(KEY, view.id)):
        if other.summary is not None:
            noun = other.noun[:1].upper() + other.noun[1:]
            linked.append(f"{noun} {other.summary.number} ({other.summary.status})")
    return DeviationReport(
        header=header(ctx, "Avvikelse", view.unit_name, personal=True),
        matrix=risk_matrix(ctx),
        number=view.number,
        title=view.title,
        status=view.status.value,
        unit=view.unit_name,
        occurred_at=view.occurred_at,
        place=view.place,
        reported_at=view.reported_at,
        reporter=view.reporter_name,
        registered_by=view.registered_by,
        legal_basis=view.legal_basis,
        lex_maria_note=LEX_MARIA_PROMPT if view.lex_maria_prompt else None,
        individual=_individual(view),
        category=view.category,
        description=view.description,
        consequence=view.consequence,
        immediate_measures=view.immediate_measures,
        probability=view.probability,
        consequence_level=view.consequence_level,
        score=view.score,
        start_due=view.start_due,
        close_due=view.close_due,
        investigator=view.investigator_name,
        investigation_started_on=view.investigation_started_on,
        analysis=view.analysis,
        causes=tuple(CauseLine(c.description, c.level.level_text, c.area) for c in view.causes),
        measures=_measures(ctx, view, date.today()),
        feedback_on=view.feedback_on,
        feedback_how=view.feedback_how,
        feedback_to=view.feedback_to,
        conclusion=view.conclusion,
        closed_on=view.closed_on,
        closed_by=view.closed_by,
        linked=tuple(linked),
    )
