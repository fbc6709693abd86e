"""Egenkontroll in Sammanställning och analys: one event per performed check by the day it
was performed and what was checked, and the plan's checks of the period with the
shortcomings found."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import Event, Fact, KindFigures, Period
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services import forms
from kvalitet_desktop.services.compilation import within
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.selfinspection.domain import (
    ANSWERS_OWNER,
    CheckStatus,
    shortcomings,
)
from kvalitet_desktop.workflows.selfinspection.kind import READ
from kvalitet_desktop.workflows.selfinspection.models import (
    SelfInspectionCheck,
    SelfInspectionPlanItem,
)

_CONTEXT = "Compilation"


def figures(
    ctx: Context, session: Session, period: Period, unit_ids: frozenset[str] | None
) -> KindFigures | None:
    if not ctx.may(READ):
        return None
    alive = (
        SelfInspectionCheck.archived_at.is_(None),
        SelfInspectionPlanItem.archived_at.is_(None),
    )
    performed = session.execute(
        within(
            select(
                SelfInspectionCheck.id,
                SelfInspectionCheck.performed_on,
                SelfInspectionCheck.unit_id,
                SelfInspectionPlanItem.title,
            )
            .join(SelfInspectionPlanItem)
            .where(
                *alive,
                SelfInspectionCheck.status == CheckStatus.DONE.value,
                SelfInspectionCheck.performed_on >= period.start,
                SelfInspectionCheck.performed_on <= period.end,
            ),
            SelfInspectionCheck.unit_id,
            unit_ids,
        ).order_by(SelfInspectionCheck.performed_on)
    ).all()
    planned = (
        session.execute(
            within(
                select(SelfInspectionCheck.status)
                .join(SelfInspectionPlanItem)
                .where(
                    *alive,
                    SelfInspectionCheck.planned_on >= period.start,
                    SelfInspectionCheck.planned_on <= period.end,
                ),
                SelfInspectionCheck.unit_id,
                unit_ids,
            )
        )
        .scalars()
        .all()
    )
    catalog = forms.catalog(ctx)
    found = []
    for row in performed:
        stored = forms.load_answers(session, catalog, ANSWERS_OWNER, row.id)
        found.append(len(shortcomings(*stored)) if stored else 0)
    cancelled = sum(1 for status in planned if status == CheckStatus.CANCELLED.value)
    return KindFigures(
        title=QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontroller (genomförda)"),
        short_title=QT_TRANSLATE_NOOP(_CONTEXT, "Egen\u00adkontroller"),
        events=tuple(Event(r.performed_on, r.unit_id, r.title) for r in performed),
        order=40,
        category_label=QT_TRANSLATE_NOOP(_CONTEXT, "Kontroll"),
        facts=(
            Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Planerade under perioden"), str(len(planned))),
            Fact(QT_TRANSLATE_NOOP(_CONTEXT, "Inställda av de planerade"), str(cancelled)),
            Fact(
                QT_TRANSLATE_NOOP(_CONTEXT, "Genomförda kontroller med brister"),
                str(sum(1 for n in found if n)),
            ),
            Fact(
                QT_TRANSLATE_NOOP(_CONTEXT, "Brister (delvis eller ej uppfyllt)"), str(sum(found))
            ),
        ),
    )
