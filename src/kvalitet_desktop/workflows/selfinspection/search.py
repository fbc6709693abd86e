"""What an egenkontroll gives the full-text index: its plan item's title (with the day the
check is planned for: a plan item has many checks), method and checklist, and what the check
found."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.workflows.selfinspection.kind import KEY
from kvalitet_desktop.workflows.selfinspection.models import (
    SelfInspectionCheck,
    SelfInspectionPlanItem,
)


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    rows = session.execute(
        select(SelfInspectionCheck, SelfInspectionPlanItem)
        .join(SelfInspectionPlanItem, SelfInspectionPlanItem.id == SelfInspectionCheck.plan_item_id)
        .where(SelfInspectionCheck.id.in_(ids), SelfInspectionCheck.archived_at.is_(None))
    )
    return [
        SearchDocument(
            KEY,
            check.id,
            check.unit_id,
            f"{item.title} ({check.planned_on.isoformat()})" if check.planned_on else item.title,
            join_text(
                item.method,
                item.form_title,
                check.summary,
                check.reviewed_note,
                check.status_reason,
            ),
        )
        for check, item in rows
    ]
