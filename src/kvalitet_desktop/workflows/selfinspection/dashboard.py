"""Egenkontroller on the dashboard: planned checks due within the coming days or overdue, and
their count per unit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, func, select
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
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.selfinspection.domain import (
    DUE_SOON_DAYS,
    CheckStatus,
    DueState,
    due_state,
)
from kvalitet_desktop.workflows.selfinspection.kind import KEY, READ
from kvalitet_desktop.workflows.selfinspection.models import (
    SelfInspectionCheck,
    SelfInspectionPlanItem,
)

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    if not ctx.may(READ):
        return DashboardPart()
    due_cond = and_(
        SelfInspectionCheck.archived_at.is_(None),
        SelfInspectionCheck.status == CheckStatus.PLANNED.value,
        SelfInspectionCheck.planned_on <= today + timedelta(days=DUE_SOON_DAYS),
    )
    due = visible(
        select(
            SelfInspectionCheck.id,
            SelfInspectionPlanItem.title,
            Unit.name,
            SelfInspectionCheck.planned_on,
            User.name,
            SelfInspectionPlanItem.method,
        )
        .join(SelfInspectionPlanItem, SelfInspectionPlanItem.id == SelfInspectionCheck.plan_item_id)
        .join(Unit, Unit.id == SelfInspectionCheck.unit_id)
        .outerjoin(User, User.id == SelfInspectionPlanItem.responsible_id)
        .where(due_cond)
        .order_by(SelfInspectionCheck.planned_on, SelfInspectionPlanItem.title),
        ctx,
        SelfInspectionCheck.unit_id,
    )

    def item(r: tuple[str, str, str, date, str | None, str]) -> TodoItem:
        late = due_state(CheckStatus.PLANNED, r[3], today) is DueState.OVERDUE
        return TodoItem(KEY, r[0], r[1], r[2], r[3], f"{r[5]} · Ansvarig: {r[4] or '–'}", late)

    section = DashboardSection(
        "self_inspections_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontroller att göra"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Inga egenkontroller att göra de närmaste 14 dagarna."),
        QT_TRANSLATE_NOOP(_CONTEXT, "senast"),
        todo_section(session, due, item),
    )
    overdue_cond = and_(
        SelfInspectionCheck.archived_at.is_(None),
        SelfInspectionCheck.status == CheckStatus.PLANNED.value,
        SelfInspectionCheck.planned_on < today,
    )
    counts = counts_per_unit(
        session,
        ctx,
        select(SelfInspectionCheck.unit_id, func.count()).where(overdue_cond),
        SelfInspectionCheck.unit_id,
    )
    return DashboardPart(
        (section,),
        (
            UnitColumn(
                "self_inspections_overdue",
                QT_TRANSLATE_NOOP(_CONTEXT, "Försenade egenkontroller"),
                counts,
                alert=True,
            ),
        ),
    )
