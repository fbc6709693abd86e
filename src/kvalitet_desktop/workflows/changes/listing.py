"""The list of förändringar i insatser: of the units the actor works in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, func, select

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListSpec
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.changes.domain import ChangeStatus
from kvalitet_desktop.workflows.changes.kind import KEY, READ
from kvalitet_desktop.workflows.changes.models import (
    AffectedPerson,
    InsatsChange,
    InsatsChangeUnit,
)


def _change_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    affected = (
        select(func.count(AffectedPerson.id))
        .where(AffectedPerson.change_id == InsatsChange.id, AffectedPerson.archived_at.is_(None))
        .correlate(InsatsChange)
        .scalar_subquery()
    )
    cols: dict[str, Any] = {
        "id": InsatsChange.id,
        "number": InsatsChange.number,
        "title": InsatsChange.title,
        "unit": Unit.name,
        "status": InsatsChange.status,
        "starts_on": InsatsChange.starts_on,
        "planned_end_on": InsatsChange.planned_end_on,
        "affected": affected,
        "closed_on": InsatsChange.closed_on,
        "created_at": InsatsChange.created_at,
        "archived": InsatsChange.archived_at.is_not(None),
    }
    query = select(*(c.label(k) for k, c in cols.items())).join(
        Unit, Unit.id == InsatsChange.unit_id
    )
    return query, cols, InsatsChange.unit_id, InsatsChange.status, InsatsChange.archived_at


def _visible(ctx: Context, stmt: AnySelect) -> AnySelect:
    """A change spanning several units is listed for those who work in any of them."""
    ctx.require(READ)
    units = ctx.visible_units()
    if units is None:
        return stmt
    concerned = exists().where(
        InsatsChangeUnit.change_id == InsatsChange.id, InsatsChangeUnit.unit_id.in_(units)
    )
    return stmt.where(concerned)


_CONTEXT = "PagedTableModel"
HEADERS = {
    "number": QT_TRANSLATE_NOOP(_CONTEXT, "Nr"),
    "starts_on": QT_TRANSLATE_NOOP(_CONTEXT, "Från"),
    "planned_end_on": QT_TRANSLATE_NOOP(_CONTEXT, "Planerat slut"),
    "affected": QT_TRANSLATE_NOOP(_CONTEXT, "Berörda"),
    "closed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad"),
}

SPEC = ListSpec(
    KEY,
    ("number", "title", "unit", "status", "starts_on", "planned_end_on", "affected", "closed_on"),
    "starts_on",
    tuple(s.value for s in ChangeStatus),
    _change_list,
    _visible,
    headers=HEADERS,
    main_date="starts_on",  # the period of an export
    widths={"starts_on": 95, "planned_end_on": 110, "affected": 80, "closed_on": 95},
)
