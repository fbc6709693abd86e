"""What a lex Sarah case gives the full-text index: number, title, assessments and causes.

The index lives in the encrypted database; who may see a case's hit is decided by the
search, with the list's own rule. From the case's forms (rapport, utredning, anmälan) only the
narrative fields are indexed: never the reporter's name or contact details, nor what the
individual said.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.search import SearchDocument, join_text
from kvalitet_desktop.store.models import FormRecord
from kvalitet_desktop.store.search_index import part_texts
from kvalitet_desktop.workflows.lexsarah.domain import ReportForm
from kvalitet_desktop.workflows.lexsarah.kind import KEY
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause

# The free-text fields of the shipped forms that tell what happened, why and what was done
# (also as cells of a group: a cause, a measure).
NARRATIVE_FIELDS = frozenset(
    {
        "beskrivning",
        "uppmarksammat_hur",
        "konsekvenser",
        "omedelbara_atgarder",
        "bakgrund",
        "handelse_beskrivning",
        "varfor_igen",
        "risk_upprepning_motivering",
        "atgard",
        "ovrigt",
        "bedomning_motivering",
        "avslut_text",
        "allvarlighet_motivering",
        "vidtagna_atgarder",
        "planerade_atgarder",
    }
)


def _narrative(values: Any) -> Iterator[str]:
    if not isinstance(values, dict):
        return
    for key, value in values.items():
        if key in NARRATIVE_FIELDS and isinstance(value, str) and value.strip():
            yield value
        elif isinstance(value, list):
            for row in value:
                yield from _narrative(row)


def _form_texts(session: Session, ids: Sequence[str]) -> dict[str, list[str]]:
    rows = session.execute(
        select(FormRecord.owner_id, FormRecord.answers)
        .where(
            FormRecord.owner_id.in_(ids),
            FormRecord.owner_kind.in_([form.value for form in ReportForm]),
        )
        .order_by(FormRecord.owner_id, FormRecord.owner_kind)
    )
    found: dict[str, list[str]] = {}
    for owner_id, answers in rows:
        try:
            values = json.loads(answers or "{}").get("values")
        except (ValueError, AttributeError):
            continue  # a damaged answer is the forms' problem; the rest is indexed
        found.setdefault(owner_id, []).extend(_narrative(values))
    return found


def search_documents(session: Session, ids: Sequence[str]) -> list[SearchDocument]:
    causes = part_texts(
        session,
        LexSarahCause.case_id,
        ids,
        LexSarahCause.description,
        where=LexSarahCause.archived_at.is_(None),
    )
    forms = _form_texts(session, ids)
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
                *forms.get(r.id, ()),
                *causes.get(r.id, ()),
            ),
        )
        for r in rows
    ]
