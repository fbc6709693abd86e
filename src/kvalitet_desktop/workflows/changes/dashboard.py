"""Everyone overdue for a contact, on the dashboard, and the count per unit."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import (
    SECTION_LIMIT,
    DashboardPart,
    DashboardSection,
    UnitColumn,
)
from kvalitet_desktop.services.todo import TodoItem, TodoSection
from kvalitet_desktop.workflows.changes.kind import KEY, READ
from kvalitet_desktop.workflows.changes.service import due_contacts

_CONTEXT = "DashboardView"
DETAIL = QT_TRANSLATE_NOOP(_CONTEXT, "Kontakt försenad: {change}")


def dashboard_part(ctx: Context, session: Session, today: date) -> DashboardPart:
    if not ctx.may(READ):
        return DashboardPart()
    due = due_contacts(ctx, session, today)
    items = tuple(
        TodoItem(
            KEY,
            d.change_id,
            d.code,
            d.unit_name,
            d.due,
            DETAIL.format(change=d.change_title),
            overdue=True,
        )
        for d in due[:SECTION_LIMIT]
    )
    counts = Counter(d.unit_id for d in due)
    section = DashboardSection(
        "insats_change_contacts_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Förändringar i insatser – kontakter att ta"),
        QT_TRANSLATE_NOOP(_CONTEXT, "Ingen berörd person väntar på en försenad kontakt."),
        QT_TRANSLATE_NOOP(_CONTEXT, "skulle kontaktas senast"),
        TodoSection(items, len(due)),
        wide=True,
        shown=bool(due),
    )
    column = UnitColumn(
        "insats_change_contacts_due",
        QT_TRANSLATE_NOOP(_CONTEXT, "Försenade kontakter"),
        dict(counts),
        alert=True,
    )
    return DashboardPart((section,), (column,))
