"""Gallring of avvikelser: closed ones lose their personal data.

Cleared: the title, who reported it (the name and the link to the user), the individuals'
codes, the free texts about what happened and why (description, consequence, immediate
measures, analysis, causes, conclusion, reopening reason) and to whom the lessons were given.
Kept: the number, unit, place, lagrum, category, the risk rating, the causes' levels and
areas, how the lessons were given and every date, which the compiled analysis counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services.gallring import Candidate, Cleared
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.deviations.domain import DeviationStatus
from kvalitet_desktop.workflows.deviations.models import Deviation, DeviationCause

# Required texts get the marker; the rest become empty.
_MARKED = ("title", "reporter_name", "description")
_EMPTIED = (
    "reporter_user_id",
    "individual",
    "individuals",
    "consequence",
    "immediate_measures",
    "analysis",
    "feedback_to",
    "conclusion",
    "reopen_reason",
    "archive_reason",
)


def candidates(session: Session, last_closed: date) -> list[Candidate]:
    rows = session.execute(
        select(Deviation.id, Deviation.number, Unit.name, Deviation.closed_on)
        .join(Unit, Unit.id == Deviation.unit_id)
        .where(
            Deviation.status == DeviationStatus.CLOSED.value,
            Deviation.closed_on.is_not(None),
            Deviation.closed_on <= last_closed,
            Deviation.description != CLEARED,
        )
        .order_by(Deviation.closed_on, Deviation.number)
    )
    return [Candidate(i, number, unit, closed) for i, number, unit, closed in rows if closed]


def clear(session: Session, deviation_ids: Sequence[str]) -> Cleared:
    fields: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in session.scalars(select(Deviation).where(Deviation.id.in_(deviation_ids))):
        for key in _MARKED:
            setattr(row, key, CLEARED)
        for key in _EMPTIED:
            setattr(row, key, None)
        fields[(Deviation.__tablename__, row.id)] = (*_MARKED, *_EMPTIED)
    causes = select(DeviationCause).where(DeviationCause.deviation_id.in_(deviation_ids))
    for cause in session.scalars(causes):
        cause.description = CLEARED
        fields[(DeviationCause.__tablename__, cause.id)] = ("description",)
    return Cleared(fields)
