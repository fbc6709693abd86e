"""Avvikelser on the dashboard: deadlines passed or near, and open avvikelser per unit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import (
    SECTION_LIMIT,
    DashboardPart,
    DashboardSection,
    UnitColumn,
    counts_per_unit,
)
from kvalitet_desktop.services.todo import TodoSection
from kvalitet_desktop.workflows.deviations.domain import OPEN_STATUSES, DeviationStatus
from kvalitet_desktop.workflows.deviations.kind import INVESTIGATE, READ
from kvalitet_desktop.workflows.deviations.models import Deviation
from kvalitet_desktop.workflows.deviations.service import due_items, rules_in

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    """For those who investigate: the avvikelser whose investigation should have begun, or
    which should have been closed, and those due within the reminder days."""
    if not ctx.may(READ):
        return DashboardPart()
    remind = today + timedelta(days=rules_in(session).remind_days_before)
    items = due_items(ctx, session, today, remind)
    section = DashboardSection(
        "deviations_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelser – tidsfrister"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Inga tidsfrister för avvikelser de närmaste dagarna."),
        QT_TRANSLATE_NOOP(_CONTEXT, "senast"),
        TodoSection(tuple(items[:SECTION_LIMIT]), len(items)),
        wide=True,
        shown=ctx.may(INVESTIGATE) or bool(items),
    )
    open_cond = and_(Deviation.archived_at.is_(None), Deviation.status.in_(OPEN_STATUSES))
    late_cond = and_(
        open_cond,
        or_(
            and_(
                Deviation.status == DeviationStatus.REGISTERED.value,
                Deviation.start_due < today,
            ),
            Deviation.close_due < today,
        ),
    )
    open_counts = counts_per_unit(
        session, ctx, select(Deviation.unit_id, func.count()).where(open_cond), Deviation.unit_id
    )
    late_counts = counts_per_unit(
        session, ctx, select(Deviation.unit_id, func.count()).where(late_cond), Deviation.unit_id
    )
    return DashboardPart(
        (section,),
        (
            UnitColumn(
                "open_deviations", QT_TRANSLATE_NOOP(_CONTEXT, "Öppna avvikelser"), open_counts
            ),
            UnitColumn(
                "late_deviations",
                QT_TRANSLATE_NOOP(_CONTEXT, "Försenade avvikelser"),
                late_counts,
                alert=True,
            ),
        ),
    )
