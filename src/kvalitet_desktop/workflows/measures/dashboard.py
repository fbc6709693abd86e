"""Measures on the dashboard: the overdue ones, and open and overdue counts per unit."""

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
    todo_section,
    visible,
)
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.measures.domain import OPEN_STATUSES
from kvalitet_desktop.workflows.measures.kind import KEY, READ
from kvalitet_desktop.workflows.measures.models import Measure

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    if not ctx.may(READ):
        return DashboardPart()
    open_values = [s.value for s in OPEN_STATUSES]
    overdue_cond = and_(
        Measure.archived_at.is_(None), Measure.status.in_(open_values), Measure.due_date < today
    )
    overdue = visible(
        select(Measure.id, Measure.title, Unit.name, Measure.due_date, User.name)
        .join(Unit, Unit.id == Measure.unit_id)
        .outerjoin(User, User.id == Measure.responsible_id)
        .where(overdue_cond)
        .order_by(Measure.due_date, Measure.title),
        ctx,
        Measure.unit_id,
    )
    section = DashboardSection(
        "overdue_measures",
        QT_TRANSLATE_NOOP(_CONTEXT, "Försenade åtgärder"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Inget försenat – bra!"),
        QT_TRANSLATE_NOOP(_CONTEXT, "klart senast"),
        todo_section(
            session,
            overdue,
            lambda r: TodoItem(
                KEY,
                r[0],
                r[1],
                r[2],
                r[3],
                f"Ansvarig: {r[4] or '–'}, {(today - r[3]).days} dagar sen",
                overdue=True,
            ),
        ),
    )
    open_counts = counts_per_unit(
        session,
        ctx,
        select(Measure.unit_id, func.count()).where(
            Measure.archived_at.is_(None), Measure.status.in_(open_values)
        ),
        Measure.unit_id,
    )
    overdue_counts = counts_per_unit(
        session, ctx, select(Measure.unit_id, func.count()).where(overdue_cond), Measure.unit_id
    )
    return DashboardPart(
        (section,),
        (
            UnitColumn(
                "open_measures", QT_TRANSLATE_NOOP(_CONTEXT, "Pågående åtgärder"), open_counts
            ),
            UnitColumn(
                "overdue_measures",
                QT_TRANSLATE_NOOP(_CONTEXT, "Försenade"),
                overdue_counts,
                alert=True,
            ),
        ),
    )
