"""Åtgärder in Sammanställning och analys: one event per measure by the day it starts,
and the measures still open."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import Event, Fact, KindFigures, Period
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.compilation import day_bounds, within
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.measures.domain import OPEN_STATUSES
from kvalitet_desktop.workflows.measures.kind import READ
from kvalitet_desktop.workflows.measures.models import Measure

_CONTEXT = "Compilation"


def figures(
    ctx: Context, session: Session, period: Period, unit_ids: frozenset[str] | None
) -> KindFigures | None:
    if not ctx.may(READ):
        return None
    first, after = day_bounds(period)
    open_values = tuple(s.value for s in OPEN_STATUSES)
    # The day a measure starts, or, for those saved before a start was asked for, the day
    # it was saved.
    rows = session.execute(
        within(
            select(Measure.start_on, Measure.created_at, Measure.unit_id, Measure.status).where(
                Measure.archived_at.is_(None),
                or_(
                    and_(Measure.start_on >= period.start, Measure.start_on <= period.end),
                    and_(
                        Measure.start_on.is_(None),
                        Measure.created_at >= first,
                        Measure.created_at < after,
                    ),
                ),
            ),
            Measure.unit_id,
            unit_ids,
        )
    ).all()
    still_open = within(
        select(func.count()).where(Measure.archived_at.is_(None), Measure.status.in_(open_values)),
        Measure.unit_id,
        unit_ids,
    )
    late = still_open.where(Measure.due_date < date.today())
    return KindFigures(
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärder (påbörjade)"),
        short_title=QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärder"),
        events=tuple(Event(r.start_on or r.created_at.date(), r.unit_id) for r in rows),
        order=50,
        facts=(
            Fact(
                QT_TRANSLATE_NOOP(_CONTEXT, "Av dem ännu inte genomförda"),
                str(sum(1 for r in rows if r.status in open_values)),
            ),
            Fact(
                QT_TRANSLATE_NOOP(_CONTEXT, "Öppna åtgärder i dag (alla)"),
                str(session.scalar(still_open) or 0),
            ),
            Fact(
                QT_TRANSLATE_NOOP(_CONTEXT, "Öppna efter sitt slutdatum i dag"),
                str(session.scalar(late) or 0),
            ),
        ),
    )
