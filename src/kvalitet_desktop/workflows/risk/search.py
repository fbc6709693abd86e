"""What a riskanalys gives the full-text index: its title, descriptions and events."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.store.search_index import part_texts
from kvalitet_desktop.workflows.risk.kind import KEY
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskEvent


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    events = part_texts(
        session,
        RiskEvent.analysis_id,
        ids,
        RiskEvent.description,
        RiskEvent.causes,
        RiskEvent.proposed_measures,
        where=RiskEvent.archived_at.is_(None),
    )
    rows = session.scalars(
        select(RiskAnalysis).where(RiskAnalysis.id.in_(ids), RiskAnalysis.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            r.id,
            r.unit_id,
            r.title,
            join_text(
                r.scope_description,
                r.trigger_description,
                r.fact_sources,
                r.decision_text,
                r.follow_up_method,
                *events.get(r.id, ()),
            ),
        )
        for r in rows
    ]
