"""What an uppföljning gives the full-text index: its measure's title, method and result
(not what individuals said: their voices stay in the record). The title is the measure's row
(``search_dependents``): renaming the measure indexes its follow-ups again."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.workflows.followups.kind import KEY
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures.models import Measure


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    rows = session.execute(
        select(FollowUp, Measure.title)
        .join(Measure, Measure.id == FollowUp.measure_id)
        .where(FollowUp.id.in_(ids), FollowUp.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            title,
            join_text(r.method, r.result, r.effect_comment),
        )
        for r, title in rows
    ]


def follow_ups_of_measures(session: Session, measure_ids: Sequence[str]) -> list[str]:
    """The follow-ups whose title is the measure's."""
    stmt = select(FollowUp.id).where(FollowUp.measure_id.in_(measure_ids))
    return list(session.scalars(stmt))
