"""Lex Sarah cases in Sammanställning och analys: one event per case by the day it was
reported, its category and causes. Those who may not read the cases see, if the role table
lets them, how many there were and when, and nothing more."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import Event, Fact, KindFigures, Period
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.compilation import day_bounds, level_counts, within
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.lexsarah.kind import COUNT, READ
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause

_CONTEXT = "Compilation"
TITLE = QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah-ärenden")
_ORDER = 30


def figures(
    ctx: Context, session: Session, period: Period, unit_ids: frozenset[str] | None
) -> KindFigures | None:
    detail = ctx.may(READ)
    if not detail and not ctx.may(COUNT):
        return None
    in_period = _in_period(period, unit_ids)
    rows = _cases(session, in_period)
    if not detail:
        return _counted(rows)
    levels = session.execute(
        select(LexSarahCause.level, func.count())
        .where(LexSarahCause.case_id.in_(in_period), LexSarahCause.archived_at.is_(None))
        .group_by(LexSarahCause.level)
    ).all()
    notified = sum(1 for r in rows if r.ivo_notified_on is not None)
    return KindFigures(
        title=TITLE,
        short_title=QT_TRANSLATE_NOOP(_CONTEXT, "Lex Sarah"),
        events=tuple(Event(r.reported_at.date(), r.unit_id, r.category) for r in rows),
        order=_ORDER,
        category_label=QT_TRANSLATE_NOOP(_CONTEXT, "Kategori"),
        causes=level_counts((level, count) for level, count in levels),
        facts=(Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Anmälda till IVO"), str(notified)),),
    )


def counts(ctx: Context, period: Period, unit_ids: frozenset[str] | None = None) -> KindFigures:
    """How many cases ``period`` had and when: what the count right gives without the
    right to read the cases."""
    ctx.require(COUNT)
    with ctx.reading() as session:
        return _counted(_cases(session, _in_period(period, unit_ids)))


def _in_period(period: Period, unit_ids: frozenset[str] | None) -> Any:
    first, after = day_bounds(period)
    return within(
        select(LexSarahCase.id).where(
            LexSarahCase.archived_at.is_(None),
            LexSarahCase.reported_at >= first,
            LexSarahCase.reported_at < after,
        ),
        LexSarahCase.unit_id,
        unit_ids,
    )


def _cases(session: Session, in_period: Any) -> Sequence[Any]:
    rows: Sequence[Any] = session.execute(
        select(
            LexSarahCase.reported_at,
            LexSarahCase.unit_id,
            LexSarahCase.category,
            LexSarahCase.ivo_notified_on,
        )
        .where(LexSarahCase.id.in_(in_period))
        .order_by(LexSarahCase.reported_at)
    ).all()
    return rows


def _counted(rows: Sequence[Any]) -> KindFigures:
    # Only when and how many: no unit, category or cause that could point anyone out.
    events = tuple(Event(r.reported_at.date(), "") for r in rows)
    return KindFigures(TITLE, events, order=_ORDER, detail=False)
