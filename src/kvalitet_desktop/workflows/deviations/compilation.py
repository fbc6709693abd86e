"""Avvikelser in Sammanställning och analys: one event per deviation by the day it happened,
its category, and the causes its investigation found by level."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import Event, Fact, KindFigures, Period
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.compilation import day_bounds, level_counts, within
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.deviations.domain import DeviationStatus
from kvalitet_desktop.workflows.deviations.kind import READ
from kvalitet_desktop.workflows.deviations.models import Deviation, DeviationCause

_CONTEXT = "Compilation"


def figures(
    ctx: Context, session: Session, period: Period, unit_ids: frozenset[str] | None
) -> KindFigures | None:
    if not ctx.may(READ):
        return None
    first, after = day_bounds(period)
    in_period = within(
        select(Deviation.id).where(
            Deviation.archived_at.is_(None),
            Deviation.occurred_at >= first,
            Deviation.occurred_at < after,
        ),
        Deviation.unit_id,
        unit_ids,
    )
    rows = session.execute(
        select(Deviation.occurred_at, Deviation.unit_id, Deviation.category, Deviation.status)
        .where(Deviation.id.in_(in_period))
        .order_by(Deviation.occurred_at)
    ).all()
    levels = session.execute(
        select(DeviationCause.level, func.count())
        .where(DeviationCause.deviation_id.in_(in_period), DeviationCause.archived_at.is_(None))
        .group_by(DeviationCause.level)
    ).all()
    closed = sum(1 for r in rows if r.status == DeviationStatus.CLOSED.value)
    return KindFigures(
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelser"),
        events=tuple(Event(r.occurred_at.date(), r.unit_id, r.category) for r in rows),
        order=10,
        category_label=QT_TRANSLATE_NOOP(_CONTEXT, "Kategori"),
        causes=level_counts((level, count) for level, count in levels),
        facts=(
            Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Avslutade av dem"), str(closed)),
            Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Öppna av dem"), str(len(rows) - closed)),
        ),
    )
