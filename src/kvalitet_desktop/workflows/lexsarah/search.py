"""What a lex Sarah case gives the full-text index: number, title, assessments and causes.

The index lives in the encrypted database; who may see a case's hit is decided by the
search, with the list's own rule. The reporter's name and protection are not indexed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.store.search_index import part_texts
from kvalitet_desktop.workflows.lexsarah.kind import KEY
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    causes = part_texts(
        session,
        LexSarahCause.case_id,
        ids,
        LexSarahCause.description,
        where=LexSarahCause.archived_at.is_(None),
    )
    rows = session.scalars(
        select(LexSarahCase).where(LexSarahCase.id.in_(ids), LexSarahCase.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            f"{r.number} {r.title}",
            join_text(
                r.category,
                r.first_assessment_note,
                r.seriousness_motivation,
                r.apt_summary,
                r.closing_text,
                *causes.get(r.id, ()),
            ),
        )
        for r in rows
    ]
