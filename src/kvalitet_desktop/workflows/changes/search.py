"""What a förändring i insatser gives the full-text index: number, title, the insatser, the
reason and the lessons (not what it means for each person: that stays in the record)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.workflows.changes.kind import KEY
from kvalitet_desktop.workflows.changes.models import InsatsChange


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    rows = session.scalars(
        select(InsatsChange).where(InsatsChange.id.in_(ids), InsatsChange.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            f"{r.number} {r.title}",
            join_text(r.insatser, r.reason, r.lessons),
        )
        for r in rows
    ]
