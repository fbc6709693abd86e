"""Gallring of follow-ups: carried-out ones lose what the individuals said and who they were.

A follow-up's voices are the personal part: the link to each individual (the code) and the
comments on what the change meant to them. Kept: the follow-up's dates, result, effect and
outcome, and every rating's value and who gathered it, which the statistics and the
analysis count. The measure itself is about the activity and holds no one's data, so it has
no rule of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from kvalitet_desktop.services.gallring import Candidate, Cleared
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.models import ExperienceRating, FollowUp, FollowUpVoice

_VOICE_EMPTIED = ("individual_id", "comment")


def _personal_data_left() -> object:
    rated = select(ExperienceRating.id).where(
        ExperienceRating.voice_id == FollowUpVoice.id, ExperienceRating.comment.is_not(None)
    )
    return exists(
        select(FollowUpVoice.id).where(
            FollowUpVoice.follow_up_id == FollowUp.id,
            or_(
                FollowUpVoice.individual_id.is_not(None),
                FollowUpVoice.comment.is_not(None),
                rated.exists(),
            ),
        )
    )


def candidates(session: Session, last_closed: date) -> list[Candidate]:
    rows = session.execute(
        select(FollowUp.id, Unit.name, FollowUp.performed_on)
        .join(Unit, Unit.id == FollowUp.unit_id)
        .where(
            FollowUp.status == FollowUpStatus.DONE.value,
            FollowUp.performed_on.is_not(None),
            FollowUp.performed_on <= last_closed,
            _personal_data_left(),  # type: ignore[arg-type]
        )
        .order_by(FollowUp.performed_on, FollowUp.id)
    )
    # No number of its own: the start of its id names it (as the audit log does).
    return [
        Candidate(i, f"UF {i[:8]}", unit, performed)
        for i, unit, performed in rows
        if performed is not None  # the query admits none; this tells the type checker
    ]


def clear(session: Session, follow_up_ids: Sequence[str]) -> Cleared:
    fields: dict[tuple[str, str], tuple[str, ...]] = {}
    individuals: set[str] = set()
    voices = session.scalars(
        select(FollowUpVoice).where(FollowUpVoice.follow_up_id.in_(follow_up_ids))
    )
    for voice in voices:
        if voice.individual_id:
            individuals.add(voice.individual_id)
        for key in _VOICE_EMPTIED:
            setattr(voice, key, None)
        fields[(FollowUpVoice.__tablename__, voice.id)] = _VOICE_EMPTIED
        for rating in voice.ratings:
            if rating.comment is not None:
                rating.comment = None
                fields[(ExperienceRating.__tablename__, rating.id)] = ("comment",)
    return Cleared(fields, frozenset(individuals))
