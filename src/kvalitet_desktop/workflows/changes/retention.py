"""Gallring of förändringar i insatser: closed changes lose what they say about the people.

Cleared: each person's link to their code, what changes for them, their plan, the relative or
representative, how they want to be contacted and the follow-up comment; in the contact log
what was said and what the person wished; the change's reason, lessons and closing note.
Kept: the change's number, title, units, dates and status; each person's unit, insats, risks,
matrix values, paused or not, needs met and the five ratings; each contact's date, phase,
channel, with whom, reached, took part and the next day agreed — so the group figures (who
was contacted before, took part, was followed up) still add up.

A code cut from its person is cleared from the register too only when the person has left
the register and nothing else points at it (``services.gallring``): someone the unit still
serves keeps their place in the register.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.services.gallring import Candidate, Cleared
from kvalitet_desktop.store.models import Individual, Unit
from kvalitet_desktop.workflows.changes.domain import ChangeStatus
from kvalitet_desktop.workflows.changes.models import AffectedPerson, InsatsChange, PersonContact

_CHANGE_EMPTIED = ("lessons", "unfinished_reason", "archive_reason")
_PERSON_EMPTIED = (
    "individual_id",
    "what_changes_for_them",
    "plan",
    "representative",
    "contact_preference",
    "follow_up_comment",
    "archive_reason",
)
_CONTACT_EMPTIED = ("said", "wishes", "archive_reason")


def candidates(session: Session, last_closed: date) -> list[Candidate]:
    rows = session.execute(
        select(InsatsChange.id, InsatsChange.number, Unit.name, InsatsChange.closed_on)
        .join(Unit, Unit.id == InsatsChange.unit_id)
        .where(
            InsatsChange.status == ChangeStatus.CLOSED.value,
            InsatsChange.closed_on.is_not(None),
            InsatsChange.closed_on <= last_closed,
            # The reason carries the marker once cleared.
            func.coalesce(InsatsChange.reason, "") != CLEARED,
        )
        .order_by(InsatsChange.closed_on, InsatsChange.number)
    )
    return [Candidate(i, number, unit, closed) for i, number, unit, closed in rows if closed]


def clear(session: Session, change_ids: Sequence[str]) -> Cleared:
    fields: dict[tuple[str, str], tuple[str, ...]] = {}
    for change in session.scalars(select(InsatsChange).where(InsatsChange.id.in_(change_ids))):
        change.reason = CLEARED
        for key in _CHANGE_EMPTIED:
            setattr(change, key, None)
        fields[(InsatsChange.__tablename__, change.id)] = ("reason", *_CHANGE_EMPTIED)
    people = session.scalars(
        select(AffectedPerson).where(AffectedPerson.change_id.in_(change_ids))
    ).all()
    cut: set[str] = set()
    for person in people:
        if person.individual_id:
            cut.add(person.individual_id)
        for key in _PERSON_EMPTIED:
            setattr(person, key, None)
        fields[(AffectedPerson.__tablename__, person.id)] = _PERSON_EMPTIED
    contacts = session.scalars(
        select(PersonContact).where(PersonContact.person_id.in_([p.id for p in people]))
    )
    for contact in contacts:
        for key in _CONTACT_EMPTIED:
            setattr(contact, key, None)
        fields[(PersonContact.__tablename__, contact.id)] = _CONTACT_EMPTIED
    left = session.scalars(
        select(Individual.id).where(Individual.id.in_(cut), Individual.archived_at.is_not(None))
    )
    return Cleared(fields, frozenset(left))
