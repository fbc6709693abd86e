"""Complaints on the dashboard: replies due soon or past due, and open complaints per unit."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
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
from kvalitet_desktop.workflows.complaints.domain import OPEN_STATUSES
from kvalitet_desktop.workflows.complaints.kind import READ
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.complaints.service import due_items, reply_target_in

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    if not ctx.may(READ):
        return DashboardPart()
    target = reply_target_in(session)
    items = due_items(ctx, session, today, today + timedelta(days=target.remind_days))
    section = DashboardSection(
        "complaint_replies_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Klagomål – svar till avsändaren"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Inga klagomål väntar på svar de närmaste dagarna."),
        QT_TRANSLATE_NOOP(_CONTEXT, "svar senast"),
        TodoSection(tuple(items[:SECTION_LIMIT]), len(items)),
        wide=True,
    )
    open_counts = counts_per_unit(
        session,
        ctx,
        select(Complaint.unit_id, func.count()).where(
            Complaint.archived_at.is_(None),
            Complaint.status.in_(OPEN_STATUSES),
        ),
        Complaint.unit_id,
    )
    return DashboardPart(
        (section,),
        (
            UnitColumn(
                "open_complaints", QT_TRANSLATE_NOOP(_CONTEXT, "Öppna klagomål"), open_counts
            ),
        ),
    )
