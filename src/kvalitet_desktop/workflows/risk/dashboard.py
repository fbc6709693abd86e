"""Risk analyses on the dashboard: drafts without a decision, high risks without a measure."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import (
    DashboardPart,
    DashboardSection,
    UnitColumn,
    counts_per_unit,
    todo_section,
    visible,
)
from kvalitet_desktop.services.settings import risk_matrix_in
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.risk.domain import EVENT_LINK, RiskAnalysisStatus
from kvalitet_desktop.workflows.risk.kind import KEY, READ
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskEvent

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    if not ctx.may(READ):
        return DashboardPart()
    threshold = risk_matrix_in(session).action_threshold
    undecided_cond = and_(
        RiskAnalysis.archived_at.is_(None),
        RiskAnalysis.status == RiskAnalysisStatus.DRAFT.value,
    )
    undecided = visible(
        select(RiskAnalysis.id, RiskAnalysis.title, Unit.name, RiskAnalysis.created_at)
        .join(Unit, Unit.id == RiskAnalysis.unit_id)
        .where(undecided_cond)
        .order_by(RiskAnalysis.created_at),
        ctx,
        RiskAnalysis.unit_id,
    )
    has_measure = exists().where(
        MeasureLink.kind == EVENT_LINK,
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
    high = visible(
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
    sections = (
        DashboardSection(
            "undecided_analyses",
            QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalyser utan beslut"),
            QT_TRANSLATE_NOOP(_CONTEXT, "Alla riskanalyser är beslutade."),
            QT_TRANSLATE_NOOP(_CONTEXT, "påbörjad"),
            todo_section(
                session,
                undecided,
                lambda r: TodoItem(KEY, r[0], r[1], r[2], r[3].date(), "Utkast – beslut saknas"),
            ),
        ),
        DashboardSection(
            "high_risks_without_measure",
            QT_TRANSLATE_NOOP(_CONTEXT, "Höga risker utan åtgärd"),
            QT_TRANSLATE_NOOP(_CONTEXT, "Alla höga risker har en åtgärd."),
            None,
            todo_section(
                session,
                high,
                lambda r: TodoItem(
                    KEY, r[0], r[1], r[2], None, f"Riskvärde {r[3]} i ”{r[4]}”, ingen åtgärd"
                ),
            ),
        ),
    )
    undecided_counts = counts_per_unit(
        session,
        ctx,
        select(RiskAnalysis.unit_id, func.count()).where(undecided_cond),
        RiskAnalysis.unit_id,
    )
    high_counts = counts_per_unit(
        session,
        ctx,
        select(RiskAnalysis.unit_id, func.count())
        .select_from(RiskEvent)
        .join(RiskAnalysis, RiskAnalysis.id == RiskEvent.analysis_id)
        .where(high_cond),
        RiskAnalysis.unit_id,
    )
    return DashboardPart(
        sections,
        (
            UnitColumn(
                "undecided_analyses", QT_TRANSLATE_NOOP(_CONTEXT, "Utan beslut"), undecided_counts
            ),
            UnitColumn(
                "high_risks", QT_TRANSLATE_NOOP(_CONTEXT, "Höga risker"), high_counts, alert=True
            ),
        ),
    )
