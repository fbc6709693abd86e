"""The list of measures (åtgärder), sorted and filtered in SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.models import Measure


def _measure_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    responsible = aliased(User)
    next_follow_up = (
        select(FollowUp.measure_id.label("mid"), func.min(FollowUp.planned_on).label("next"))
        .where(FollowUp.archived_at.is_(None), FollowUp.status == FollowUpStatus.PLANNED.value)
        .group_by(FollowUp.measure_id)
        .subquery()
    )
    overdue = and_(
        Measure.status.in_([MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value]),
        Measure.due_date < date.today(),
    )
    cols: dict[str, Any] = {
        "id": Measure.id,
        "title": Measure.title,
        "unit": Unit.name,
        "status": Measure.status,
        "responsible": responsible.name,
        "due_date": Measure.due_date,
        "follow_up_on": next_follow_up.c.next,
        "completed_on": Measure.completed_on,
        "created_at": Measure.created_at,
        "overdue": overdue,
        "archived": Measure.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(Unit, Unit.id == Measure.unit_id)
        .outerjoin(responsible, responsible.id == Measure.responsible_id)
        .outerjoin(next_follow_up, next_follow_up.c.mid == Measure.id)
    )
    return query, cols, Measure.unit_id, Measure.status, Measure.archived_at


_CONTEXT = "PagedTableModel"
HEADERS = {
    "due_date": QT_TRANSLATE_NOOP(_CONTEXT, "Klart senast"),
    "follow_up_on": QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljning"),
    "completed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Genomförd"),
}


def _overdue(key: str, row: Row, today: date) -> bool:
    """An open measure past its due date (the row's ``overdue`` is computed in SQL)."""
    del today
    return key == "due_date" and bool(row.get("overdue"))


SPEC = ListSpec(
    "atgard",
    ("title", "unit", "status", "responsible", "due_date", "follow_up_on", "completed_on"),
    "due_date",
    tuple(s.value for s in MeasureStatus),
    _measure_list,
    headers=HEADERS,
    overdue=_overdue,
)
