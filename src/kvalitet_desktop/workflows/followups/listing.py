"""The list of follow-ups (uppföljningar), sorted and filtered in SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures.models import Measure


def _follow_up_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    responsible = aliased(User)
    cols: dict[str, Any] = {
        "id": FollowUp.id,
        "title": Measure.title,
        "unit": Unit.name,
        "status": FollowUp.status,
        "planned_on": FollowUp.planned_on,
        "performed_on": FollowUp.performed_on,
        "responsible": responsible.name,
        "effect": FollowUp.effect,
        "outcome": FollowUp.outcome,
        "measure_id": FollowUp.measure_id,
        "created_at": FollowUp.created_at,
        "archived": FollowUp.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(Measure, Measure.id == FollowUp.measure_id)
        .join(Unit, Unit.id == FollowUp.unit_id)
        .outerjoin(responsible, responsible.id == FollowUp.responsible_id)
    )
    return query, cols, FollowUp.unit_id, FollowUp.status, FollowUp.archived_at


_CONTEXT = "PagedTableModel"
HEADERS = {
    "planned_on": QT_TRANSLATE_NOOP(_CONTEXT, "Planerad"),
    "performed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Genomförd"),
    "effect": QT_TRANSLATE_NOOP(_CONTEXT, "Effekt"),
    "outcome": QT_TRANSLATE_NOOP(_CONTEXT, "Utfall"),
}


def _overdue(key: str, row: Row, today: date) -> bool:
    """A planned follow-up whose day has passed, marked like an overdue measure."""
    planned_on = row.get("planned_on")
    return (
        key == "planned_on"
        and row.get("status") == FollowUpStatus.PLANNED.value
        and isinstance(planned_on, date)
        and planned_on < today
    )


SPEC = ListSpec(
    "uppfoljning",
    (
        "title",
        "unit",
        "status",
        "planned_on",
        "performed_on",
        "responsible",
        "effect",
        "outcome",
    ),
    "planned_on",
    tuple(s.value for s in FollowUpStatus),
    _follow_up_list,
    headers=HEADERS,
    overdue=_overdue,
    main_date="planned_on",  # the period of an export
)
