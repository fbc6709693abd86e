"""Uppföljningar in Sammanställning och analys: one event per follow-up performed in the
period by the effect it found, and the measures whose follow-up found none."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import Event, Fact, KindFigures, Period
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.compilation import within
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups.domain import Effect, FollowUpStatus
from kvalitet_desktop.workflows.followups.kind import READ
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures.models import Measure

_CONTEXT = "Compilation"
_MORE = QT_TRANSLATE_NOOP(_CONTEXT, " (och {more} till)")
_NAMED = 10  # measures without effect named in the compilation; the rest are counted
EFFECT_LABELS = {
    Effect.YES.value: QT_TRANSLATE_NOOP(_CONTEXT, "Effekt"),
    Effect.PARTLY.value: QT_TRANSLATE_NOOP(_CONTEXT, "Delvis effekt"),
    Effect.NO.value: QT_TRANSLATE_NOOP(_CONTEXT, "Ingen effekt"),
    Effect.UNKNOWN.value: QT_TRANSLATE_NOOP(_CONTEXT, "Går inte att bedöma"),
}


def figures(
    ctx: Context, session: Session, period: Period, unit_ids: frozenset[str] | None
) -> KindFigures | None:
    if not ctx.may(READ):
        return None
    rows = session.execute(
        within(
            select(
                FollowUp.performed_on,
                FollowUp.unit_id,
                FollowUp.effect,
                FollowUp.measure_id,
                Measure.title,
            )
            .join(Measure, Measure.id == FollowUp.measure_id)
            .where(
                FollowUp.archived_at.is_(None),
                FollowUp.status == FollowUpStatus.DONE.value,
                FollowUp.performed_on >= period.start,
                FollowUp.performed_on <= period.end,
            ),
            FollowUp.unit_id,
            unit_ids,
        ).order_by(FollowUp.performed_on)
    ).all()
    no_effect = dict.fromkeys(r.title for r in rows if r.effect == Effect.NO.value)
    facts = [
        Fact(
            QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärder vars uppföljning inte visade effekt"),
            str(len({r.measure_id for r in rows if r.effect == Effect.NO.value})),
        )
    ]
    if no_effect:
        named = list(no_effect)[:_NAMED]
        more = len(no_effect) - len(named)
        text = "; ".join(named) + (_MORE.format(more=more) if more else "")
        facts.append(Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Utan effekt"), text))
    return KindFigures(
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningar (genomförda)"),
        short_title=QT_TRANSLATE_NOOP(_CONTEXT, "Upp\u00adföljningar"),
        events=tuple(
            Event(r.performed_on, r.unit_id, EFFECT_LABELS.get(r.effect or "")) for r in rows
        ),
        order=60,
        category_label=QT_TRANSLATE_NOOP(_CONTEXT, "Effekt"),
        facts=tuple(facts),
    )
