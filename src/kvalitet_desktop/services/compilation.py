"""Sammanställning och analys: the figures of a period, gathered from every kind that
contributes (``RecordKind.compilation``) and turned into months, a Pareto of categories,
units, causes by level and the comparisons with the period before and a year earlier.

The view, the PDF and a signed analysis all read the one ``Compilation`` this builds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.compilation import KindFigures, Period, check_period
from kvalitet_desktop.domain.dates import MONTHS
from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.roles import COMPILE
from kvalitet_desktop.domain.text_rules import known_id
from kvalitet_desktop.reports.compilation_model import (
    Compilation,
    CompilationReport,
    KindSection,
    LevelCount,
    MonthCount,
    ParetoRow,
    UnitCount,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header
from kvalitet_desktop.store.models import Area, Unit

_CONTEXT = "Compilation"
TITLE = QT_TRANSLATE_NOOP(_CONTEXT, "Sammanställning och analys")
NO_CATEGORY = QT_TRANSLATE_NOOP(_CONTEXT, "Ingen angiven")
_ALL_UNITS = QT_TRANSLATE_NOOP(_CONTEXT, "Alla enheter")
_OWN_UNITS = QT_TRANSLATE_NOOP(_CONTEXT, "Dina enheter")
_UNITS = QT_TRANSLATE_NOOP(_CONTEXT, "Enheter: {names}")
_AREA = QT_TRANSLATE_NOOP(_CONTEXT, "Verksamhetsområde: {name}")
_NO_UNIT = QT_TRANSLATE_NOOP(_CONTEXT, "Enheten finns inte.")
_NO_AREA = QT_TRANSLATE_NOOP(_CONTEXT, "Verksamhetsområdet finns inte.")
_LEVELS = {
    CauseLevel.INDIVIDUAL: QT_TRANSLATE_NOOP(_CONTEXT, "Individnivå"),
    CauseLevel.ACTIVITY: QT_TRANSLATE_NOOP(_CONTEXT, "Verksamhetsnivå"),
    CauseLevel.SYSTEM: QT_TRANSLATE_NOOP(_CONTEXT, "Systemnivå"),
}

# (ctx, session, period, unit_ids or None for every unit) -> the kind's figures or None.
Contributor = Callable[[Context, Session, Period, frozenset[str] | None], KindFigures | None]


def within(stmt: Any, unit_col: Any, unit_ids: frozenset[str] | None) -> Any:
    """``stmt`` limited to the compiled units (None: every unit)."""
    return stmt if unit_ids is None else stmt.where(unit_col.in_(unit_ids))


def day_bounds(period: Period) -> tuple[datetime, datetime]:
    """The first moment of the period and the first after it, for columns with a time."""
    return (
        datetime.combine(period.start, time.min),
        datetime.combine(period.end + timedelta(days=1), time.min),
    )


def level_counts(rows: Iterable[tuple[str, int]]) -> dict[CauseLevel, int]:
    """(stored level, count) rows as counts per cause level."""
    counted: Counter[CauseLevel] = Counter()
    for level, count in rows:
        try:
            counted[CauseLevel(level)] += int(count)
        except ValueError:  # not a level this version knows: left out rather than guessed
            continue
    return dict(counted)


def compile_period(
    ctx: Context,
    start: object,
    end: object,
    unit_ids: Sequence[str] = (),
    area_id: str | None = None,
    today: date | None = None,
) -> Compilation:
    """The figures of ``start``–``end`` for ``unit_ids`` (or the units of ``area_id``, or
    every unit the actor sees). Each kind shows only what the actor may see of it."""
    ctx.require(COMPILE)
    period = check_period(start, end)
    with ctx.reading() as session:
        units, scope = _chosen_units(session, ctx, unit_ids, area_id)
        names = _unit_names(session)
        sections = []
        for record_kind in registry.KINDS:
            if not record_kind.compilation:
                continue
            contribute: Contributor = load(record_kind.compilation)
            figures = contribute(ctx, session, period, units)
            if figures is None:
                continue
            previous = contribute(ctx, session, period.previous(), units)
            earlier = contribute(ctx, session, period.year_earlier(), units)
            sections.append((figures.order, _section(figures, previous, earlier, period, names)))
    ordered = tuple(section for _, section in sorted(sections, key=lambda s: s[0]))
    return Compilation(
        period=period,
        previous=period.previous(),
        year_earlier=period.year_earlier(),
        scope=scope,
        sections=ordered,
        causes=_add_levels(s.causes for s in ordered),
        compiled_on=today or date.today(),
    )


def compilation_report(
    ctx: Context, unit_id: str | None, start: object, end: object
) -> CompilationReport:
    """The PDF's data (``kvalitet report``'s period scope): one unit's or every visible one's."""
    compilation = compile_period(ctx, start, end, (unit_id,) if unit_id else ())
    return CompilationReport(header(ctx, TITLE, None, personal=False), compilation)


def report_of(ctx: Context, compilation: Compilation) -> CompilationReport:
    """The PDF's data for figures already compiled (the view's, without compiling again)."""
    ctx.require(COMPILE)
    return CompilationReport(header(ctx, TITLE, None, personal=False), compilation)


def _chosen_units(
    session: Session, ctx: Context, unit_ids: Sequence[str], area_id: str | None
) -> tuple[frozenset[str] | None, str]:
    visible = ctx.visible_units()
    if unit_ids:
        rows = []
        for unit_id in unit_ids:
            unit = session.get(Unit, known_id(unit_id, _NO_UNIT))
            if unit is None:
                raise NotFound(_NO_UNIT)
            ctx.require(COMPILE, unit.id, entity=Unit.__tablename__, entity_id=unit.id)
            rows.append(unit)
        return frozenset(u.id for u in rows), _UNITS.format(
            names=", ".join(sorted(u.name for u in rows))
        )
    if area_id:
        area = session.get(Area, known_id(area_id, _NO_AREA))
        if area is None:
            raise NotFound(_NO_AREA)
        ids = frozenset(session.scalars(select(Unit.id).where(Unit.area_id == area.id)))
        if visible is not None:
            ids &= visible
        return ids, _AREA.format(name=area.name)
    if visible is None:
        return None, _ALL_UNITS
    return visible, _OWN_UNITS


def _unit_names(session: Session) -> dict[str, str]:
    return {unit_id: name for unit_id, name in session.execute(select(Unit.id, Unit.name))}


def _section(
    figures: KindFigures,
    previous: KindFigures | None,
    earlier: KindFigures | None,
    period: Period,
    names: dict[str, str],
) -> KindSection:
    events = [e for e in figures.events if period.contains(e.day)]
    by_month = Counter((e.day.year, e.day.month) for e in events)
    per_month = tuple(
        MonthCount(year, month, f"{MONTHS[month - 1][:3]} {year}", by_month[(year, month)])
        for year, month in period.months()
    )
    detail = figures.detail
    pareto = pareto_rows(e.category for e in events) if detail and figures.category_label else ()
    per_unit: tuple[UnitCount, ...] = ()
    if detail:
        counted = Counter(names.get(e.unit_id, e.unit_id) for e in events)
        per_unit = tuple(
            UnitCount(unit, count)
            for unit, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
        )
    return KindSection(
        title=figures.title,
        total=len(events),
        previous=len(previous.events) if previous else 0,
        year_earlier=len(earlier.events) if earlier else 0,
        per_month=per_month,
        pareto=pareto,
        per_unit=per_unit,
        causes=_levels(figures.causes) if detail else (),
        facts=figures.facts,
        category_label=figures.category_label if detail else None,
        detail=detail,
        short_title=figures.short_title or "",
    )


def pareto_rows(categories: Iterable[str | None]) -> tuple[ParetoRow, ...]:
    """Categories by count, largest first (ties by name), each with the cumulative share."""
    counted = Counter((c or "").strip() or NO_CATEGORY for c in categories)
    total = sum(counted.values())
    rows = []
    running = 0
    for category, count in sorted(counted.items(), key=lambda item: (-item[1], item[0])):
        running += count
        rows.append(ParetoRow(category, count, round(100 * running / total, 1)))
    return tuple(rows)


def _levels(causes: Any) -> tuple[LevelCount, ...]:
    return tuple(LevelCount(_LEVELS[level], int(causes.get(level, 0))) for level in CauseLevel)


def _add_levels(parts: Iterable[tuple[LevelCount, ...]]) -> tuple[LevelCount, ...]:
    total: Counter[str] = Counter()
    for part in parts:
        for row in part:
            total[row.level] += row.count
    return tuple(LevelCount(label, total[label]) for label in _LEVELS.values())
