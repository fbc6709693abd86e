"""The list of analyses, newest period first: what later years open to look back on."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.listing import ListSpec
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.workflows.analysis.domain import AnalysisStatus
from kvalitet_desktop.workflows.analysis.kind import KEY, READ
from kvalitet_desktop.workflows.analysis.models import Analysis


def _analysis_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    cols: dict[str, Any] = {
        "id": Analysis.id,
        "number": Analysis.number,
        "title": Analysis.title,
        "unit": Analysis.scope,
        "status": Analysis.status,
        "period_start": Analysis.period_start,
        "period_end": Analysis.period_end,
        "signed_by": Analysis.signed_by_name,
        "signed_at": Analysis.signed_at,
        "created_at": Analysis.created_at,
        "archived": Analysis.archived_at.is_not(None),
    }
    query = select(*(c.label(k) for k, c in cols.items()))
    return query, cols, Analysis.unit_id, Analysis.status, Analysis.archived_at


def _visible(ctx: Context, stmt: AnySelect) -> AnySelect:
    """An analysis of one unit for those who see the unit; one of an area or every unit
    (its figures name other units) for those who see every unit."""
    ctx.require(READ)
    units = ctx.visible_units()
    return stmt if units is None else stmt.where(Analysis.unit_id.in_(units))


_CONTEXT = "PagedTableModel"
HEADERS = {
    "number": QT_TRANSLATE_NOOP(_CONTEXT, "Nr"),
    "unit": QT_TRANSLATE_NOOP(_CONTEXT, "Enheter"),
    "period_start": QT_TRANSLATE_NOOP(_CONTEXT, "Från"),
    "period_end": QT_TRANSLATE_NOOP(_CONTEXT, "Till"),
    "signed_by": QT_TRANSLATE_NOOP(_CONTEXT, "Signerad av"),
    "signed_at": QT_TRANSLATE_NOOP(_CONTEXT, "Signerad"),
}

SPEC = ListSpec(
    KEY,
    ("number", "title", "period_start", "period_end", "unit", "status", "signed_by", "signed_at"),
    "period_start",
    tuple(s.value for s in AnalysisStatus),
    _analysis_list,
    restrict=_visible,
    headers=HEADERS,
    default_descending=True,
    main_date="period_start",
)
