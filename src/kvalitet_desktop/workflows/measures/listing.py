"""The list of measures (åtgärder), sorted and filtered in SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus, follow_up_text
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
    done = and_(
        FollowUp.measure_id == Measure.id,
        FollowUp.archived_at.is_(None),
        FollowUp.status == FollowUpStatus.DONE.value,
    )
    latest = (FollowUp.performed_on.desc(), FollowUp.created_at.desc())
    last_done_on = (
        select(FollowUp.performed_on).where(done).order_by(*latest).limit(1).scalar_subquery()
    )
    last_effect = select(FollowUp.effect).where(done).order_by(*latest).limit(1).scalar_subquery()
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
        "start_on": Measure.start_on,
        "due_date": Measure.due_date,
        # The next planned follow-up (as the JSON has always said); the column reads the
        # latest carried-out one when none is planned (see ``_text``).
        "follow_up_on": next_follow_up.c.next,
        "last_follow_up_on": last_done_on,
        "last_effect": last_effect,
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


def _text(key: str, row: Row, translate: Callable[[str, str], str]) -> str | None:
    """The follow-up column says whether it is planned or done, and with what effect."""
    if key != "follow_up_on":
        return None
    return follow_up_text(
        row.get("follow_up_on"),
        row.get("last_follow_up_on"),
        row.get("last_effect"),
        translate,
    )


SPEC = ListSpec(
    "atgard",
    ("title", "unit", "status", "responsible", "due_date", "follow_up_on", "completed_on"),
    "due_date",
    tuple(s.value for s in MeasureStatus),
    _measure_list,
    headers=HEADERS,
    overdue=_overdue,
    text=_text,
    main_date="due_date",  # the period of an export
)
