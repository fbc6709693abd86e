"""The list of egenkontroller: every scheduled check with its plan item's what and how."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import case, select

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.selfinspection.domain import CheckStatus, DueState, due_state
from kvalitet_desktop.workflows.selfinspection.kind import KEY
from kvalitet_desktop.workflows.selfinspection.models import (
    SelfInspectionCheck,
    SelfInspectionPlanItem,
)


def _checks() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    # The day a planned check is due; done and cancelled checks have none.
    due = case(
        (SelfInspectionCheck.status == CheckStatus.PLANNED.value, SelfInspectionCheck.planned_on),
        else_=None,
    )
    cols: dict[str, Any] = {
        "id": SelfInspectionCheck.id,
        "title": SelfInspectionPlanItem.title,
        "unit": Unit.name,
        "status": SelfInspectionCheck.status,
        "method": SelfInspectionPlanItem.method,
        "form": SelfInspectionPlanItem.form_title,
        "planned_on": SelfInspectionCheck.planned_on,
        "performed_on": SelfInspectionCheck.performed_on,
        "due": due,
        "year": SelfInspectionPlanItem.year,
        "created_at": SelfInspectionCheck.created_at,
        "archived": SelfInspectionCheck.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(SelfInspectionPlanItem, SelfInspectionPlanItem.id == SelfInspectionCheck.plan_item_id)
        .join(Unit, Unit.id == SelfInspectionCheck.unit_id)
    )
    return (
        query,
        cols,
        SelfInspectionCheck.unit_id,
        SelfInspectionCheck.status,
        SelfInspectionCheck.archived_at,
    )


_CONTEXT = "PagedTableModel"
HEADERS = {
    "method": QT_TRANSLATE_NOOP(_CONTEXT, "Metod"),
    "form": QT_TRANSLATE_NOOP(_CONTEXT, "Checklista"),
    "planned_on": QT_TRANSLATE_NOOP(_CONTEXT, "Planerad"),
    "performed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Genomförd"),
    "due": QT_TRANSLATE_NOOP(_CONTEXT, "Ska göras senast"),
}


def _overdue(key: str, row: Row, today: date) -> bool:
    if key != "due" or row.get("archived") or row.get("due") is None:
        return False
    return due_state(CheckStatus(row["status"]), row["due"], today) is DueState.OVERDUE


SPEC = ListSpec(
    KEY,
    ("title", "unit", "status", "due", "planned_on", "performed_on", "method", "form"),
    # What is to be done first, the overdue at the top; done and cancelled ones after.
    "due",
    tuple(s.value for s in CheckStatus),
    _checks,
    headers=HEADERS,
    overdue=_overdue,
    main_date="planned_on",  # the period of an export
)
