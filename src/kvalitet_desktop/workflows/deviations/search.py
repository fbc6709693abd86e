"""What an avvikelse gives the full-text index: number, title, its texts and causes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.store.search_index import part_texts
from kvalitet_desktop.workflows.deviations.kind import KEY
from kvalitet_desktop.workflows.deviations.models import Deviation, DeviationCause


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    causes = part_texts(
        session,
        DeviationCause.deviation_id,
        ids,
        DeviationCause.description,
        where=DeviationCause.archived_at.is_(None),
    )
    rows = session.scalars(
        select(Deviation).where(Deviation.id.in_(ids), Deviation.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            f"{r.number} {r.title}",
            join_text(
                r.place,
                r.category,
                r.description,
                r.consequence,
                r.immediate_measures,
                r.analysis,
                r.conclusion,
                *causes.get(r.id, ()),
            ),
        )
        for r in rows
    ]
