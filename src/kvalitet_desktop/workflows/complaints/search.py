"""What a klagomål gives the full-text index: number, title, topic and its texts (never who
sent it or how to reach them)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.workflows.complaints.kind import KEY
from kvalitet_desktop.workflows.complaints.models import Complaint


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    rows = session.scalars(
        select(Complaint).where(Complaint.id.in_(ids), Complaint.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            f"{r.number} {r.title}",
            join_text(r.topic, r.description, r.investigation, r.reply_text, r.conclusion),
        )
        for r in rows
    ]
