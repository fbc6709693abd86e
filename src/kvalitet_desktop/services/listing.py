"""Paged, sorted and filtered lists, done in SQL so no list ever loads a whole table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from kvalitet_desktop.domain.followup import FollowUpStatus
from kvalitet_desktop.domain.lex_sarah import CaseStatus
from kvalitet_desktop.domain.measures import MeasureStatus
from kvalitet_desktop.domain.risk import RiskAnalysisStatus
from kvalitet_desktop.domain.roles import Permission
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.database import FOLD_FUNCTION
from kvalitet_desktop.store.models import (
    FollowUp,
    LexSarahCase,
    Measure,
    RiskAnalysis,
    RiskEvent,
    Unit,
    User,
)

Row = dict[str, Any]


@dataclass(frozen=True)
class ListQuery:
    offset: int = 0
    limit: int = 200
    sort: str | None = None
    descending: bool = False
    status: str | None = None
    unit_id: str | None = None
    text: str | None = None
    include_archived: bool = False

    def page(self, offset: int, limit: int) -> ListQuery:
        return replace(self, offset=offset, limit=limit)


Builder = Callable[[], tuple[AnySelect, dict[str, Any], Any, Any, Any]]


@dataclass(frozen=True)
class ListSpec:
    kind: str
    columns: tuple[str, ...]
    default_sort: str
    statuses: tuple[str, ...]
    build: Builder
    # Who sees which rows, when it is not simply "the units the user may see".
    restrict: Callable[[Context, AnySelect], AnySelect] | None = None


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


def _lex_sarah_list() -> tuple[AnySelect, dict[str, Any], Any, Any, Any]:
    investigator = aliased(User)
    cols: dict[str, Any] = {
        "id": LexSarahCase.id,
        "number": LexSarahCase.number,
        "title": LexSarahCase.title,
        "unit": Unit.name,
        "status": LexSarahCase.status,
        "category": LexSarahCase.category,
        "case_type": LexSarahCase.case_type,
        "seriousness": LexSarahCase.seriousness,
        "investigator": investigator.name,
        "reported_at": LexSarahCase.reported_at,
        "start_due": LexSarahCase.start_due,
        "finish_due": LexSarahCase.finish_due,
        "ivo_notified_on": LexSarahCase.ivo_notified_on,
        "ivo_investigation_due": LexSarahCase.ivo_investigation_due,
        "investigation_sent_to_ivo_on": LexSarahCase.investigation_sent_to_ivo_on,
        "closed_on": LexSarahCase.closed_on,
        "created_at": LexSarahCase.created_at,
        "archived": LexSarahCase.archived_at.is_not(None),
    }
    query = (
        select(*(c.label(k) for k, c in cols.items()))
        .join(Unit, Unit.id == LexSarahCase.unit_id)
        .outerjoin(investigator, investigator.id == LexSarahCase.investigator_id)
    )
    return query, cols, LexSarahCase.unit_id, LexSarahCase.status, LexSarahCase.archived_at


def _lex_sarah_visible(ctx: Context, stmt: AnySelect) -> AnySelect:
    """Lex Sarah-ansvariga and administrators see every case; an investigator their own."""
    if ctx.actor.can(Permission.HANDLE_LEX_SARAH):
        return stmt
    return stmt.where(LexSarahCase.investigator_id == ctx.actor.id)


SPECS: dict[str, ListSpec] = {
    "riskanalys": ListSpec(
        "riskanalys",
        (
            "title",
            "unit",
            "status",
            "trigger",
            "leader",
            "events",
            "max_score",
            "decided_on",
            "follow_up_on",
        ),
        "created_at",
        tuple(s.value for s in RiskAnalysisStatus),
        _risk_list,
    ),
    "atgard": ListSpec(
        "atgard",
        ("title", "unit", "status", "responsible", "due_date", "follow_up_on", "completed_on"),
        "due_date",
        tuple(s.value for s in MeasureStatus),
        _measure_list,
    ),
    "uppfoljning": ListSpec(
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
    ),
    "lexsarah": ListSpec(
        "lexsarah",
        (
            "number",
            "title",
            "unit",
            "status",
            "category",
            "seriousness",
            "investigator",
            "reported_at",
            "finish_due",
            "ivo_investigation_due",
        ),
        "reported_at",
        tuple(s.value for s in CaseStatus),
        _lex_sarah_list,
        _lex_sarah_visible,
    ),
}


def _filtered(ctx: Context, spec: ListSpec, query: ListQuery) -> tuple[AnySelect, dict[str, Any]]:
    stmt, cols, unit_col, status_col, archived_col = spec.build()
    if spec.restrict is not None:
        stmt = spec.restrict(ctx, stmt)
    else:
        visible = ctx.visible_units()
        if visible is not None:
            stmt = stmt.where(unit_col.in_(visible))
    if not query.include_archived:
        stmt = stmt.where(archived_col.is_(None))
    if query.status:
        stmt = stmt.where(status_col == query.status)
    if query.unit_id:
        stmt = stmt.where(unit_col == query.unit_id)
    if query.text and query.text.strip():
        needle = "%" + _escape_like(query.text.strip().casefold()) + "%"
        fold = getattr(func, FOLD_FUNCTION)
        stmt = stmt.where(
            or_(
                fold(cols["title"]).like(needle, escape="\\"),
                fold(cols["unit"]).like(needle, escape="\\"),
            )
        )
    return stmt, cols


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count(ctx: Context, kind: str, query: ListQuery) -> int:
    spec = SPECS[kind]
    stmt, _ = _filtered(ctx, spec, query)
    with ctx.reading() as session:
        return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def fetch(ctx: Context, kind: str, query: ListQuery) -> list[Row]:
    spec = SPECS[kind]
    stmt, cols = _filtered(ctx, spec, query)
    key = query.sort if query.sort in cols else spec.default_sort
    order = cols[key]
    # NULLs last whichever the direction, then a stable tie-breaker so pages never overlap.
    stmt = stmt.order_by(
        order.is_(None),
        order.desc() if query.descending else order.asc(),
        cols["id"],
    )
    stmt = stmt.offset(max(0, query.offset)).limit(max(1, query.limit))
    with ctx.reading() as session:
        return [_plain(dict(row._mapping)) for row in session.execute(stmt)]


def _plain(row: Row) -> Row:
    for key, value in row.items():
        if isinstance(value, datetime) and key == "created_at":
            row[key] = value.date()
    return row


def to_json(row: Row) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in row.items()}
