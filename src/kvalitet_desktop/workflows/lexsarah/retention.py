"""Gallring of lex Sarah cases: the personal data of closed cases is cleared.

Cleared: the title (it tells what happened to whom), the reporter's name and account, the
free texts of the assessment, protection and closing, the causes' descriptions and the
answers of the case's forms (rapport, utredning, anmälan: free text about individuals). Kept:
the number, unit, type, category, seriousness, dates, IVO's reference and the APT summary
(written to hold no personal data), so statistics and the analysis still count the case.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services.gallring import Candidate, Cleared
from kvalitet_desktop.store.models import FormRecord, Unit
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause

# Required texts get the marker; the rest become empty.
_MARKED = ("title", "reporter_name")
_EMPTIED = (
    "reporter_user_id",
    "protection_note",
    "first_assessment_note",
    "seriousness_motivation",
    "closing_text",
    "archive_reason",
)


def candidates(session: Session, last_closed: date) -> list[Candidate]:
    rows = session.execute(
        select(LexSarahCase.id, LexSarahCase.number, Unit.name, LexSarahCase.closed_on)
        .join(Unit, Unit.id == LexSarahCase.unit_id)
        .where(
            LexSarahCase.status == CaseStatus.CLOSED.value,
            LexSarahCase.closed_on.is_not(None),
            LexSarahCase.closed_on <= last_closed,
            LexSarahCase.reporter_name != CLEARED,
        )
        .order_by(LexSarahCase.closed_on, LexSarahCase.number)
    )
    return [Candidate(i, number, unit, closed) for i, number, unit, closed in rows if closed]


def clear(session: Session, case_ids: Sequence[str]) -> Cleared:
    fields: dict[tuple[str, str], tuple[str, ...]] = {}
    for case in session.scalars(select(LexSarahCase).where(LexSarahCase.id.in_(case_ids))):
        for key in _MARKED:
            setattr(case, key, CLEARED)
        for key in _EMPTIED:
            setattr(case, key, None)
        fields[(LexSarahCase.__tablename__, case.id)] = (*_MARKED, *_EMPTIED)
    causes = select(LexSarahCause).where(LexSarahCause.case_id.in_(case_ids))
    for cause in session.scalars(causes):
        cause.description = CLEARED
        cause.archive_reason = None
        fields[(LexSarahCause.__tablename__, cause.id)] = ("description", "archive_reason")
    forms = select(FormRecord).where(FormRecord.owner_id.in_(case_ids))
    for form in session.scalars(forms):
        form.answers = "{}"
        fields[(FormRecord.__tablename__, form.id)] = ("answers",)
    return Cleared(fields)
