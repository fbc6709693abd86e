"""Lex Sarah deadlines on the dashboard, for those who may see the cases."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import SECTION_LIMIT, DashboardPart, DashboardSection
from kvalitet_desktop.services.todo import TodoSection
from kvalitet_desktop.workflows.lexsarah.service import deadline_rules, due_items, may_handle

_CONTEXT = "DashboardView"


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    """Open cases whose local investigation target, or the two months for sending the
    investigation to IVO, has passed or is within the reminder period."""
    del session  # due_items reads in its own session
    remind = today + timedelta(days=deadline_rules(ctx).remind_days_before)
    items = due_items(ctx, today, remind)
    section = DashboardSection(
        "lex_sarah_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah – tidsfrister"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Inga tidsfrister för lex Sarah-ärenden de närmaste dagarna."),
        QT_TRANSLATE_NOOP(_CONTEXT, "senast"),
        TodoSection(tuple(items[:SECTION_LIMIT]), len(items)),
        wide=True,
        # Shown to the handlers, and to investigators while they have cases with deadlines.
        shown=may_handle(ctx) or bool(items),
    )
    return DashboardPart((section,))
