"""What an egenkontroll gives the full-text index: its plan item's title (with the day the
check is planned for: a plan item has many checks), method and checklist, what the check
found, and what the performer wrote in the checklist (``domain.answer_texts``: free text,
nothing about an individual).

The plan item and the answers are rows of other tables (``search_dependents``): when one of
them is written, the checks whose text it is part of are indexed again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.forms import FormAnswers, FormDef
from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.services.forms import parse_definition_text
from kvalitet_desktop.store.models import FormDefinitionRecord, FormRecord
from kvalitet_desktop.workflows.selfinspection.domain import ANSWERS_OWNER, answer_texts
from kvalitet_desktop.workflows.selfinspection.kind import KEY
from kvalitet_desktop.workflows.selfinspection.models import (
    SelfInspectionCheck,
    SelfInspectionPlanItem,
)


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    answers = _answer_texts(session, ids)
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
                *answers.get(check.id, ()),
            ),
        )
        for check, item in rows
    ]


def _answer_texts(session: Session, ids: Sequence[str]) -> dict[str, list[str]]:
    """The checks' free-text answers, read with the definition version each was filled in
    with (the copy kept in the database, so the index never depends on the forms folder)."""
    rows = session.execute(
        select(FormRecord.owner_id, FormRecord.answers, FormDefinitionRecord.source_text)
        .join(
            FormDefinitionRecord,
            and_(
                FormDefinitionRecord.form_id == FormRecord.form_id,
                FormDefinitionRecord.version == FormRecord.form_version,
            ),
        )
        .where(FormRecord.owner_kind == ANSWERS_OWNER, FormRecord.owner_id.in_(ids))
    )
    found: dict[str, list[str]] = {}
    for owner_id, stored, definition in rows:
        form = _definition(definition)
        if form is None:
            continue  # a damaged copy is the database check's business; the rest is indexed
        try:
            answers = FormAnswers.from_json(json.loads(stored or "{}"))
        except (ValueError, TypeError, AttributeError):
            continue
        found[owner_id] = answer_texts(form, answers)
    return found


@lru_cache(maxsize=32)
def _definition(text: str) -> FormDef | None:
    try:
        return parse_definition_text(text, "sparad kopia")
    except KvalitetError:
        return None


def checks_of_plan_items(session: Session, item_ids: Sequence[str]) -> list[str]:
    """The checks whose title, method and checklist come from the plan items."""
    stmt = select(SelfInspectionCheck.id).where(SelfInspectionCheck.plan_item_id.in_(item_ids))
    return list(session.scalars(stmt))


def checks_answered(session: Session, form_record_ids: Sequence[str]) -> list[str]:
    """The checks whose checklist answers the form records are (not another kind's forms)."""
    stmt = select(FormRecord.owner_id).where(
        FormRecord.id.in_(form_record_ids), FormRecord.owner_kind == ANSWERS_OWNER
    )
    return list(session.scalars(stmt))
