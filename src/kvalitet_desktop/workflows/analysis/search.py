"""What an analysis gives the full-text index: its number, title, the analysis written and the
improvements decided (the frozen figures are numbers, not text to search)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.workflows.analysis.kind import KEY
from kvalitet_desktop.workflows.analysis.models import Analysis


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    rows = session.scalars(
        select(Analysis).where(Analysis.id.in_(ids), Analysis.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            f"{r.number} {r.title}",
            join_text(r.scope, r.analysis, r.improvements),
        )
        for r in rows
    ]
