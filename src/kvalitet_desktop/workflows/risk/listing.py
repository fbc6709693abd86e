"""The list of risk analyses, sorted and filtered in SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.risk.domain import (
    RiskAnalysisStatus,
    Trigger,
    follow_up_overdue,
)
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskEvent


def _risk_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    leader = aliased(User)
    events = (
        select(
            RiskEvent.analysis_id.label("aid"),
            func.count(RiskEvent.id).label("n"),
            func.max(RiskEvent.current_score).label("top"),
        )
        .where(RiskEvent.archived_at.is_(None))
        .group_by(RiskEvent.analysis_id)
        .subquery()
    )
    cols: dict[str, Any] = {
        "id": RiskAnalysis.id,
        "title": RiskAnalysis.title,
        "unit": Unit.name,
        "status": RiskAnalysis.status,
        "trigger": RiskAnalysis.trigger,
        "leader": leader.name,
        "events": func.coalesce(events.c.n, 0),
        "max_score": events.c.top,
        "decided_on": RiskAnalysis.decided_on,
        "follow_up_on": RiskAnalysis.follow_up_on,
        "created_at": RiskAnalysis.created_at,
        "archived": RiskAnalysis.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(Unit, Unit.id == RiskAnalysis.unit_id)
        .outerjoin(leader, leader.id == RiskAnalysis.leader_id)
        .outerjoin(events, events.c.aid == RiskAnalysis.id)
    )
    return query, cols, RiskAnalysis.unit_id, RiskAnalysis.status, RiskAnalysis.archived_at


_CONTEXT = "PagedTableModel"
HEADERS = {
    "trigger": QT_TRANSLATE_NOOP(_CONTEXT, "Anledning"),
    "leader": terms.ANALYSIS_LEADER,
    "events": QT_TRANSLATE_NOOP(_CONTEXT, "Händelser"),
    "max_score": QT_TRANSLATE_NOOP(_CONTEXT, "Högsta riskvärde"),
    "decided_on": QT_TRANSLATE_NOOP(_CONTEXT, "Beslutad"),
    "follow_up_on": QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljning"),
}


def _text(key: str, row: Row, translate: Callable[[str, str], str]) -> str | None:
    """The reason for the analysis as the editor and the PDF write it."""
    value = row.get("trigger")
    if key != "trigger" or not value:
        return None
    try:
        return translate(terms.TERMS_CONTEXT, Trigger(value).term)
    except ValueError:  # a value of an older version: as stored
        return None


def _overdue(key: str, row: Row, today: date) -> bool:
    """A decided analysis past its follow-up day (archived ones are not followed up)."""
    if key != "follow_up_on" or row.get("archived"):
        return False
    return follow_up_overdue(RiskAnalysisStatus(row["status"]), row.get("follow_up_on"), today)


SPEC = ListSpec(
    "riskanalys",
    (
        "title",
        "unit",
        "status",
        # When it was decided and is to be followed up, beside the status (marked when late).
        "decided_on",
        "follow_up_on",
        "max_score",
        "events",
        "trigger",
        "leader",
    ),
    "created_at",
    tuple(s.value for s in RiskAnalysisStatus),
    _risk_list,
    headers=HEADERS,
    overdue=_overdue,
    text=_text,
    main_date="created_at",  # the period of an export
)
