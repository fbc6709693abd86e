"""Gallring of complaints: the personal data of closed complaints is cleared.

Cleared: the title, the submitter's name and contact details, the description, the
investigation, the conclusion and what was said in the reply (free text about people). Kept:
the number, unit, kind, topic, channel, type of submitter, the dates, how the reply was given
and the response time, so the year's statistics still count the complaint.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services.gallring import Candidate, Cleared
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.complaints.domain import ComplaintStatus
from kvalitet_desktop.workflows.complaints.models import Complaint

# Required texts get the marker; the rest become empty.
_MARKED = ("title", "description")
_EMPTIED = (
    "submitter_name",
    "submitter_contact",
    "investigation",
    "reply_text",
    "conclusion",
    "archive_reason",
)


def candidates(session: Session, last_closed: date) -> list[Candidate]:
    rows = session.execute(
        select(Complaint.id, Complaint.number, Unit.name, Complaint.closed_on)
        .join(Unit, Unit.id == Complaint.unit_id)
        .where(
            Complaint.status == ComplaintStatus.CLOSED.value,
            Complaint.closed_on.is_not(None),
            Complaint.closed_on <= last_closed,
            Complaint.description != CLEARED,
        )
        .order_by(Complaint.closed_on, Complaint.number)
    )
    return [Candidate(i, number, unit, closed) for i, number, unit, closed in rows if closed]


def clear(session: Session, complaint_ids: Sequence[str]) -> Cleared:
    fields: dict[tuple[str, str], tuple[str, ...]] = {}
    for row in session.scalars(select(Complaint).where(Complaint.id.in_(complaint_ids))):
        for key in _MARKED:
            setattr(row, key, CLEARED)
        for key in _EMPTIED:
            setattr(row, key, None)
        fields[(Complaint.__tablename__, row.id)] = (*_MARKED, *_EMPTIED)
    return Cleared(fields)
