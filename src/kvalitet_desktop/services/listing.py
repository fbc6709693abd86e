"""Paged, sorted and filtered lists, done in SQL so no list ever loads a whole table."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import DateTime, func, or_, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import NotFound, RuleViolation
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.store.database import FOLD_FUNCTION

Row = dict[str, Any]
_CONTEXT = "Listing"


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
    # A period on the list's main date (``ListSpec.main_date``), both days included.
    date_from: date | None = None
    date_to: date | None = None

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
    # Who sees which rows, when it is not simply "the units of those who may read the kind"
    # (the kind's ``read_action``, checked for the whole list).
    restrict: Callable[[Context, AnySelect], AnySelect] | None = None
    # Column headings of the kind's own columns (the shared ones are the list page's), marked
    # for translation in context "PagedTableModel".
    headers: Mapping[str, str] = field(default_factory=dict)
    # Whether cell ``key`` of a row is a deadline that has passed without being met.
    overdue: Callable[[str, Row, date], bool] | None = None
    # How cell ``key`` of a row reads when not as its plain value (None: as its value), given
    # a ``translate(context, text)``.
    text: Callable[[str, Row, Callable[[str, str], str]], str | None] | None = None
    # The default sort newest first (a list of what comes in, where the recent matters).
    default_descending: bool = False
    # The first widths (pixels) of the kind's own columns, so a list fits the window
    # (the shared columns have the list page's).
    widths: Mapping[str, int] = field(default_factory=dict)
    # The column a period (``ListQuery.date_from``/``date_to``) is chosen on; None: the list
    # cannot be limited by date.
    main_date: str | None = None


def spec_for(kind: str) -> ListSpec:
    """The list specification of record kind ``kind`` (its key, e.g. from the CLI)."""
    record_kind = registry.kind(kind)
    if record_kind.listing is None:
        raise NotFound(f"Det finns ingen lista för {record_kind.nouns.many}.")
    spec: ListSpec = load(record_kind.listing)
    return spec


def _filtered(ctx: Context, spec: ListSpec, query: ListQuery) -> tuple[AnySelect, dict[str, Any]]:
    stmt, cols, unit_col, status_col, archived_col = spec.build()
    if spec.restrict is not None:
        stmt = spec.restrict(ctx, stmt)
    else:
        read = registry.kind(spec.kind).read_action
        if read is not None:
            ctx.require(read)
        visible = ctx.visible_units()
        if visible is not None:
            stmt = stmt.where(unit_col.in_(visible))
    if not query.include_archived:
        stmt = stmt.where(archived_col.is_(None))
    if query.status:
        stmt = stmt.where(status_col == query.status)
    if query.unit_id:
        stmt = stmt.where(unit_col == query.unit_id)
    if query.date_from is not None or query.date_to is not None:
        stmt = _within_period(spec, cols, stmt, query)
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


def _within_period(
    spec: ListSpec, cols: dict[str, Any], stmt: AnySelect, query: ListQuery
) -> AnySelect:
    if spec.main_date is None:
        many = registry.kind(spec.kind).nouns.many
        raise RuleViolation(
            QT_TRANSLATE_NOOP(_CONTEXT, "Listan över {many} kan inte avgränsas med datum.").format(
                many=many
            )
        )
    column = cols[spec.main_date]
    timed = isinstance(column.type, DateTime)
    if query.date_from is not None:
        start: date = query.date_from
        stmt = stmt.where(column >= (datetime.combine(start, time()) if timed else start))
    if query.date_to is not None:
        end: date = query.date_to
        if timed:  # up to the end of the last day
            stmt = stmt.where(column < datetime.combine(end + timedelta(days=1), time()))
        else:
            stmt = stmt.where(column <= end)
    return stmt


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def visible_ids(ctx: Context, session: Session, kind: str, ids: Collection[str]) -> set[str]:
    """Which of the kind's records ``ids`` the actor's list would show (not archived): the
    list's own rules, for what finds records another way (the search)."""
    spec = spec_for(kind)
    stmt, cols = _filtered(ctx, spec, ListQuery())
    listed = stmt.where(cols["id"].in_(list(ids))).subquery()
    return {str(v) for v in session.scalars(select(listed.c.id))}


def count(ctx: Context, kind: str, query: ListQuery) -> int:
    spec = spec_for(kind)
    stmt, _ = _filtered(ctx, spec, query)
    with ctx.reading() as session:
        return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def fetch(ctx: Context, kind: str, query: ListQuery) -> list[Row]:
    stmt = _sorted(ctx, kind, query)
    stmt = stmt.offset(max(0, query.offset)).limit(max(1, query.limit))
    with ctx.reading() as session:
        return [_plain(dict(row._mapping)) for row in session.execute(stmt)]


def batches(ctx: Context, kind: str, query: ListQuery, size: int) -> Iterator[list[Row]]:
    """Every row ``query`` selects (its offset and limit ignored), in its order, ``size`` at
    a time, from one statement in one read: what a file of the whole list needs. Pages by
    offset would sort the whole list again for each page."""
    stmt = _sorted(ctx, kind, query)
    with ctx.reading() as session:
        for part in session.execute(stmt).yield_per(max(1, size)).partitions():
            yield [_plain(dict(row._mapping)) for row in part]


def _sorted(ctx: Context, kind: str, query: ListQuery) -> AnySelect:
    spec = spec_for(kind)
    stmt, cols = _filtered(ctx, spec, query)
    chosen = query.sort is not None and query.sort in cols
    key = query.sort if query.sort is not None and chosen else spec.default_sort
    order = cols[key]
    descending = query.descending if chosen else spec.default_descending
    # NULLs last whichever the direction, then a stable tie-breaker so pages never overlap.
    return stmt.order_by(
        order.is_(None),
        order.desc() if descending else order.asc(),
        cols["id"],
    )


def _plain(row: Row) -> Row:
    for key, value in row.items():
        if isinstance(value, datetime) and key == "created_at":
            row[key] = value.date()
    return row


def to_json(row: Row) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in row.items()}
