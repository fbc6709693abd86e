"""The list of avvikelser: number, title, unit, status, category, the main dates and the
deadlines, a passed deadline marked like every other list's."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.deviations.domain import DeadlineKey, DeviationStatus, deadlines
from kvalitet_desktop.workflows.deviations.kind import KEY
from kvalitet_desktop.workflows.deviations.models import Deviation


def _deviation_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    cols: dict[str, Any] = {
        "id": Deviation.id,
        "number": Deviation.number,
        "title": Deviation.title,
        "unit": Unit.name,
        "status": Deviation.status,
        "category": Deviation.category,
        "legal_basis": Deviation.legal_basis,
        "score": Deviation.score,
        "occurred_at": Deviation.occurred_at,
        "reported_at": Deviation.reported_at,
        "start_due": Deviation.start_due,
        "investigation_started_on": Deviation.investigation_started_on,
        "close_due": Deviation.close_due,
        "closed_on": Deviation.closed_on,
        "created_at": Deviation.created_at,
        "archived": Deviation.archived_at.is_not(None),
    }
    query = select(*(c.label(k) for k, c in cols.items())).join(Unit, Unit.id == Deviation.unit_id)
    return query, cols, Deviation.unit_id, Deviation.status, Deviation.archived_at


_CONTEXT = "PagedTableModel"
HEADERS = {
    "number": QT_TRANSLATE_NOOP(_CONTEXT, "Nr"),
    "category": QT_TRANSLATE_NOOP(_CONTEXT, "Kategori"),
    "legal_basis": QT_TRANSLATE_NOOP(_CONTEXT, "Lagrum"),
    "score": QT_TRANSLATE_NOOP(_CONTEXT, "Riskvärde"),
    "occurred_at": QT_TRANSLATE_NOOP(_CONTEXT, "Inträffade"),
    "reported_at": QT_TRANSLATE_NOOP(_CONTEXT, "Registrerad"),
    "start_due": QT_TRANSLATE_NOOP(_CONTEXT, "Påbörjas senast"),
    "investigation_started_on": QT_TRANSLATE_NOOP(_CONTEXT, "Påbörjad"),
    "close_due": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutas senast"),
    "closed_on": QT_TRANSLATE_NOOP(_CONTEXT, "Avslutad"),
}
_MARKED = {"start_due": DeadlineKey.START, "close_due": DeadlineKey.CLOSE}


def _overdue(key: str, row: Row, today: date) -> bool:
    """A deadline column whose step was not done in time (the one rule in domain.py)."""
    wanted = _MARKED.get(key)
    if wanted is None or row.get("archived"):
        return False
    found = deadlines(
        DeviationStatus(row["status"]),
        row.get("start_due"),
        row.get("close_due"),
        row.get("investigation_started_on"),
        today,
    )
    return any(d.key is wanted and d.late for d in found)


SPEC = ListSpec(
    KEY,
    (
        "number",
        "title",
        "unit",
        "status",
        "category",
        "occurred_at",
        "start_due",
        "close_due",
        "score",
        "legal_basis",
        "closed_on",
    ),
    "occurred_at",
    tuple(s.value for s in DeviationStatus),
    _deviation_list,
    headers=HEADERS,
    overdue=_overdue,
    default_descending=True,  # the newest first: a list of what comes in every week
    main_date="occurred_at",  # the period of an export
)
