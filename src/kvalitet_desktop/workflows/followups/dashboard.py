"""Follow-ups on the dashboard: those due within the coming days, and their count per unit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import (
    DashboardPart,
    DashboardSection,
    UnitColumn,
    counts_per_unit,
    due_soon,
    todo_section,
    visible,
)
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.kind import KEY, READ
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures.models import Measure

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    if not ctx.may(READ):
        return DashboardPart()
    due_cond = and_(
        FollowUp.archived_at.is_(None),
        FollowUp.status == FollowUpStatus.PLANNED.value,
        FollowUp.planned_on <= due_soon(today),
    )
    due = visible(
        select(FollowUp.id, Measure.title, Unit.name, FollowUp.planned_on, User.name)
        .join(Measure, Measure.id == FollowUp.measure_id)
        .join(Unit, Unit.id == FollowUp.unit_id)
        .outerjoin(User, User.id == FollowUp.responsible_id)
        .where(due_cond)
        .order_by(FollowUp.planned_on, Measure.title),
        ctx,
        FollowUp.unit_id,
    )
    section = DashboardSection(
        "follow_ups_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningar inom 14 dagar"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Inga uppföljningar de närmaste 14 dagarna."),
        QT_TRANSLATE_NOOP(_CONTEXT, "planerad"),
        todo_section(
            session,
            due,
            lambda r: TodoItem(
                KEY,
                r[0],
                r[1],
                r[2],
                r[3],
                f"Ansvarig: {r[4] or '–'}",
                overdue=r[3] < today,
            ),
        ),
    )
    counts = counts_per_unit(
        session, ctx, select(FollowUp.unit_id, func.count()).where(due_cond), FollowUp.unit_id
    )
    return DashboardPart(
        (section,),
        (
            UnitColumn(
                "follow_ups_due", QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningar inom 14 dagar"), counts
            ),
        ),
    )
