"""The "Att göra" dashboard: what needs the current user's attention in their units."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, select

from kvalitet_desktop.domain.followup import FollowUpStatus
from kvalitet_desktop.domain.measures import LinkKind, MeasureStatus
from kvalitet_desktop.domain.risk import RiskAnalysisStatus
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.services.settings import risk_matrix_in
from kvalitet_desktop.services.todo import TodoItem, TodoSection
from kvalitet_desktop.store.models import (
    FollowUp,
    Measure,
    MeasureLink,
    RiskAnalysis,
    RiskEvent,
    Unit,
    User,
)

DUE_SOON_DAYS = 14
SECTION_LIMIT = 50
OPEN = (MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class UnitCount:
    unit_id: str
    unit: str
    open_measures: int
    overdue_measures: int
    follow_ups_due: int
    undecided_analyses: int
    high_risks: int


@dataclass(frozen=True)
class Dashboard:
    today: date
    overdue_measures: TodoSection
    follow_ups_due: TodoSection
    undecided_analyses: TodoSection
    high_risks_without_measure: TodoSection
    units: tuple[UnitCount, ...]
    # Lex Sarah deadlines, only for those who may see the cases (empty for everyone else).
    lex_sarah_due: TodoSection = field(default_factory=lambda: TodoSection((), 0))


def _visible(stmt: AnySelect, ctx: Context, unit_col: Any) -> AnySelect:
    visible = ctx.visible_units()
    return stmt if visible is None else stmt.where(unit_col.in_(visible))


def load_dashboard(ctx: Context, today: date | None = None) -> Dashboard:
    today = today or date.today()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    with ctx.reading() as session:
        threshold = risk_matrix_in(session).action_threshold

        def section(stmt: AnySelect, make: Any) -> TodoSection:
            total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            rows = session.execute(stmt.limit(SECTION_LIMIT)).all()
            return TodoSection(tuple(make(r) for r in rows), int(total))

        overdue_cond = and_(
            Measure.archived_at.is_(None), Measure.status.in_(OPEN), Measure.due_date < today
        )
        overdue = _visible(
            select(Measure.id, Measure.title, Unit.name, Measure.due_date, User.name)
            .join(Unit, Unit.id == Measure.unit_id)
            .outerjoin(User, User.id == Measure.responsible_id)
            .where(overdue_cond)
            .order_by(Measure.due_date, Measure.title),
            ctx,
            Measure.unit_id,
        )
        due_cond = and_(
            FollowUp.archived_at.is_(None),
            FollowUp.status == FollowUpStatus.PLANNED.value,
            FollowUp.planned_on <= soon,
        )
        follow_ups = _visible(
            select(FollowUp.id, Measure.title, Unit.name, FollowUp.planned_on, User.name)
            .join(Measure, Measure.id == FollowUp.measure_id)
            .join(Unit, Unit.id == FollowUp.unit_id)
            .outerjoin(User, User.id == FollowUp.responsible_id)
            .where(due_cond)
            .order_by(FollowUp.planned_on, Measure.title),
            ctx,
            FollowUp.unit_id,
        )
        undecided_cond = and_(
            RiskAnalysis.archived_at.is_(None),
            RiskAnalysis.status == RiskAnalysisStatus.DRAFT.value,
        )
        undecided = _visible(
            select(RiskAnalysis.id, RiskAnalysis.title, Unit.name, RiskAnalysis.created_at)
            .join(Unit, Unit.id == RiskAnalysis.unit_id)
            .where(undecided_cond)
            .order_by(RiskAnalysis.created_at),
            ctx,
            RiskAnalysis.unit_id,
        )
        has_measure = exists().where(
            MeasureLink.kind == LinkKind.RISK_EVENT.value,
            MeasureLink.target_id == RiskEvent.id,
            Measure.id == MeasureLink.measure_id,
            Measure.archived_at.is_(None),
            Measure.status != MeasureStatus.CANCELLED.value,
        )
        high_cond = and_(
            RiskEvent.archived_at.is_(None),
            RiskEvent.current_score >= threshold,
            RiskAnalysis.archived_at.is_(None),
            RiskAnalysis.status != RiskAnalysisStatus.CLOSED.value,
            ~has_measure,
        )
        high = _visible(
            select(
                RiskAnalysis.id,
                RiskEvent.description,
                Unit.name,
                RiskEvent.current_score,
                RiskAnalysis.title,
            )
            .join(RiskAnalysis, RiskAnalysis.id == RiskEvent.analysis_id)
            .join(Unit, Unit.id == RiskAnalysis.unit_id)
            .where(high_cond)
            .order_by(RiskEvent.current_score.desc(), RiskAnalysis.title),
            ctx,
            RiskAnalysis.unit_id,
        )

        result = Dashboard(
            today=today,
            overdue_measures=section(
                overdue,
                lambda r: TodoItem(
                    "atgard",
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    f"Ansvarig: {r[4] or '–'}, {(today - r[3]).days} dagar sen",
                ),
            ),
            follow_ups_due=section(
                follow_ups,
                lambda r: TodoItem(
                    "uppfoljning",
                    r[0],
                    r[1],
                    r[2],
                    r[3],
                    ("Försenad" if r[3] < today else "Planerad") + f", ansvarig: {r[4] or '–'}",
                ),
            ),
            undecided_analyses=section(
                undecided,
                lambda r: TodoItem(
                    "riskanalys", r[0], r[1], r[2], r[3].date(), "Utkast – beslut saknas"
                ),
            ),
            high_risks_without_measure=section(
                high,
                lambda r: TodoItem(
                    "riskanalys",
                    r[0],
                    r[1],
                    r[2],
                    None,
                    f"Riskvärde {r[3]} i ”{r[4]}”, ingen åtgärd",
                ),
            ),
            lex_sarah_due=_lex_sarah_due(ctx, today),
            units=_unit_counts(
                session,
                ctx,
                today,
                soon,
                threshold,
                overdue_cond,
                due_cond,
                undecided_cond,
                high_cond,
            ),
        )
    return result


def _unit_counts(
    session: Any,
    ctx: Context,
    today: date,
    soon: date,
    threshold: int,
    overdue_cond: Any,
    due_cond: Any,
    undecided_cond: Any,
    high_cond: Any,
) -> tuple[UnitCount, ...]:
    def grouped(stmt: AnySelect, unit_col: Any) -> dict[str, int]:
        stmt = _visible(stmt.group_by(unit_col), ctx, unit_col)
        return {u: int(n) for u, n in session.execute(stmt)}

    open_m = grouped(
        select(Measure.unit_id, func.count()).where(
            Measure.archived_at.is_(None), Measure.status.in_(OPEN)
        ),
        Measure.unit_id,
    )
    overdue = grouped(select(Measure.unit_id, func.count()).where(overdue_cond), Measure.unit_id)
    due = grouped(select(FollowUp.unit_id, func.count()).where(due_cond), FollowUp.unit_id)
    undecided = grouped(
        select(RiskAnalysis.unit_id, func.count()).where(undecided_cond), RiskAnalysis.unit_id
    )
    high = grouped(
        select(RiskAnalysis.unit_id, func.count())
        .select_from(RiskEvent)
        .join(RiskAnalysis, RiskAnalysis.id == RiskEvent.analysis_id)
        .where(high_cond),
        RiskAnalysis.unit_id,
    )
    units_stmt = _visible(
        select(Unit.id, Unit.name).where(Unit.archived_at.is_(None)).order_by(Unit.name),
        ctx,
        Unit.id,
    )
    return tuple(
        UnitCount(
            uid,
            name,
            open_m.get(uid, 0),
            overdue.get(uid, 0),
            due.get(uid, 0),
            undecided.get(uid, 0),
            high.get(uid, 0),
        )
        for uid, name in session.execute(units_stmt)
    )


def _lex_sarah_due(ctx: Context, today: date) -> TodoSection:
    """Open cases whose local investigation target, or the two months for sending the
    investigation to IVO, has passed or is within the reminder period."""
    from kvalitet_desktop.services.lexsarah import deadline_rules, due_items

    remind = today + timedelta(days=deadline_rules(ctx).remind_days_before)
    items = due_items(ctx, today, remind)
    return TodoSection(tuple(items[:SECTION_LIMIT]), len(items))
