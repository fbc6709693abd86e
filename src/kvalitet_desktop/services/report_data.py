"""Builds the report dataclasses from the database; the reports package draws them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.followup import Dimension, FollowUpStatus, rating_label
from kvalitet_desktop.domain.measures import LinkKind, MeasureStatus
from kvalitet_desktop.reports.model import (
    AssessmentLine,
    FollowUpReport,
    MeasureLine,
    MeasurePlanReport,
    RatingLine,
    Report,
    ReportHeader,
    RiskAnalysisReport,
    RiskEventLine,
    TeamMemberLine,
    UnitMeasures,
    VoiceLine,
)
from kvalitet_desktop.services import followups, measures, organisation, risk, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import FollowUp, Measure, Unit, User

REPORT_KINDS = ("riskanalys", "uppfoljning", "atgardsplan")


def _header(ctx: Context, title: str, unit: str | None, *, personal: bool) -> ReportHeader:
    return ReportHeader(
        municipality=organisation.municipality(ctx).name,
        unit=unit,
        title=title,
        printed_on=date.today(),
        printed_by=ctx.actor.name,
        confidentiality=settings.confidentiality_line(ctx) if personal else None,
    )


def build_report(
    ctx: Context, kind: str, record_id: str | None = None, unit_id: str | None = None
) -> Report:
    """``kind``: "riskanalys" or "uppfoljning" (need ``record_id``) or "atgardsplan"."""
    if kind == "riskanalys":
        return risk_analysis_report(ctx, _need(record_id))
    if kind == "uppfoljning":
        return follow_up_report(ctx, _need(record_id))
    if kind == "atgardsplan":
        return measure_plan_report(ctx, unit_id)
    raise NotFound(f"Okänd rapport: {kind}. Välj någon av {', '.join(REPORT_KINDS)}.")


def _need(record_id: str | None) -> str:
    if not record_id:
        raise NotFound("Ange vilken post rapporten gäller (--id).")
    return record_id


def risk_analysis_report(ctx: Context, analysis_id: str) -> RiskAnalysisReport:
    view = risk.get_analysis(ctx, analysis_id)
    matrix = settings.risk_matrix(ctx)
    numbers = {e.id: e.number for e in view.events}
    measure_lines: list[MeasureLine] = []
    for measure_id in dict.fromkeys(m.id for m in view.measures):
        m = measures.get_measure(ctx, measure_id)
        answers = [
            f"Händelse {numbers[link.target_id]}"
            for link in m.links
            if link.kind is LinkKind.RISK_EVENT and link.target_id in numbers
        ]
        measure_lines.append(_measure_line(m, ", ".join(answers) or "Hela analysen"))
    return RiskAnalysisReport(
        header=_header(
            ctx, "Riskanalys", view.unit_name, personal=view.individual_code is not None
        ),
        matrix=matrix,
        title=view.title,
        status=view.status.value,
        scope_kind=view.scope_kind.value,
        scope_description=view.scope_description,
        trigger=view.trigger.value,
        trigger_description=view.trigger_description,
        level=view.level.value,
        individual_code=view.individual_code,
        commissioned_by=view.commissioned_by,
        commissioned_on=view.commissioned_on,
        leader=view.leader_name,
        team=tuple(TeamMemberLine(m.name, m.role) for m in view.team),
        fact_sources=view.fact_sources,
        events=tuple(
            RiskEventLine(
                number=e.number,
                description=e.description,
                causes=e.causes,
                proposed_measures=e.proposed_measures,
                assessments=tuple(
                    AssessmentLine(
                        a.kind.value,
                        a.probability,
                        a.consequence,
                        a.score,
                        a.assessed_on,
                        a.comment,
                    )
                    for a in e.assessments
                ),
            )
            for e in view.events
        ),
        measures=tuple(measure_lines),
        decision_text=view.decision_text,
        decided_by=view.decided_by_name,
        decided_on=view.decided_on,
        follow_up_on=view.follow_up_on,
        follow_up_method=view.follow_up_method,
    )


def _measure_line(m: measures.MeasureView, answers_to: str | None) -> MeasureLine:
    planned = [f.planned_on for f in m.follow_ups if f.status.value == "planerad"]
    return MeasureLine(
        title=m.title,
        responsible=m.responsible_name,
        due_date=m.due_date,
        status=m.status.value,
        answers_to=answers_to,
        follow_up_on=min(planned) if planned else None,
        overdue=m.overdue,
    )


def measure_plan_report(ctx: Context, unit_id: str | None = None) -> MeasurePlanReport:
    """Every current measure per unit the user may see (one unit if ``unit_id``).

    One session and a handful of queries, however many measures there are.
    """
    if unit_id is not None:
        ctx.require_unit(unit_id)
    visible = ctx.visible_units()
    today = date.today()
    with ctx.reading() as session:
        unit_title = None
        if unit_id is not None:
            unit = session.get(Unit, unit_id)
            if unit is None:
                raise NotFound("Enheten finns inte.")
            unit_title = unit.name
        next_follow_up = (
            select(FollowUp.measure_id.label("mid"), func.min(FollowUp.planned_on).label("next"))
            .where(FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.PLANNED.value)
            .group_by(FollowUp.measure_id)
            .subquery()
        )
        query = (
            select(Measure, Unit.name, User.name, next_follow_up.c.next)
            .join(Unit, Unit.id == Measure.unit_id)
            .outerjoin(User, User.id == Measure.responsible_id)
            .outerjoin(next_follow_up, next_follow_up.c.mid == Measure.id)
            .where(Measure.archived_at.is_(None))
            .options(selectinload(Measure.links))
            .order_by(Unit.name, Measure.due_date.is_(None), Measure.due_date, Measure.title)
        )
        if unit_id is not None:
            query = query.where(Measure.unit_id == unit_id)
        elif visible is not None:
            query = query.where(Measure.unit_id.in_(visible))
        grouped: dict[str, list[MeasureLine]] = {}
        for m, unit_name, responsible, follow_up_on in session.execute(query):
            status = MeasureStatus(m.status)
            answers = "; ".join(
                measures.describe_link(session, LinkKind(link.kind), link.target_id).text
                for link in m.links
            )
            grouped.setdefault(unit_name, []).append(
                MeasureLine(
                    title=m.title,
                    responsible=responsible,
                    due_date=m.due_date,
                    status=status.value,
                    answers_to=answers or None,
                    follow_up_on=follow_up_on,
                    overdue=status.is_open and m.due_date is not None and m.due_date < today,
                )
            )
    return MeasurePlanReport(
        header=_header(ctx, "Åtgärdsplan", unit_title, personal=False),
        units=tuple(UnitMeasures(name, tuple(lines)) for name, lines in grouped.items()),
    )


def follow_up_report(ctx: Context, follow_up_id: str) -> FollowUpReport:
    view = followups.get_follow_up(ctx, follow_up_id)
    return FollowUpReport(
        header=_header(ctx, "Uppföljning", view.unit_name, personal=bool(view.voices)),
        measure_title=view.measure_title,
        measure_description=view.measure_description,
        measure_status=view.measure_status,
        answers_to="; ".join(view.answers_to) or None,
        planned_on=view.planned_on,
        performed_on=view.performed_on,
        method=view.method,
        responsible=view.responsible_name,
        status=view.status.value,
        result=view.result,
        effect=view.effect.value if view.effect else None,
        effect_comment=view.effect_comment,
        outcome=view.outcome.value if view.outcome else None,
        outcome_text=view.outcome_text,
        voices=tuple(
            VoiceLine(
                individual_code=v.individual_code,
                gathered_by=v.gathered_by.value,
                comment=v.comment,
                ratings=tuple(
                    RatingLine(
                        d.value,
                        d.question,
                        rating_label(v.ratings[d].rating if d in v.ratings else None),
                        v.ratings[d].comment if d in v.ratings else None,
                    )
                    for d in Dimension
                ),
            )
            for v in view.voices
        ),
    )
