"""What an åtgärd gives the full-text index: its title and description."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.workflows.measures.kind import KEY
from kvalitet_desktop.workflows.measures.models import Measure


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    rows = session.scalars(
        select(Measure).where(Measure.id.in_(ids), Measure.archived_at.is_(None))
    )
    return [
        SearchDocument(KEY, r.id, r.unit_id, r.title, join_text(r.description, r.cancel_reason))
        for r in rows
    ]
