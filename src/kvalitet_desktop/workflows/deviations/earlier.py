"""An avvikelse brought in with its history from an earlier system: registered on the day it
was registered there (its deadlines count from that day), and, when the earlier system had
investigated or closed it, carried through the same transitions to the status it ended in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import note_closed_earlier
from kvalitet_desktop.workflows.deviations.domain import (
    CLOSED_WHAT,
    EVENT_EARLIER,
    REPORTED_EARLIER,
    REPORTED_WHAT,
    DeviationAction,
    DeviationStatus,
    check_transition,
    day_problem,
)
from kvalitet_desktop.workflows.deviations.kind import CLOSE, INVESTIGATE
from kvalitet_desktop.workflows.deviations.models import Deviation
from kvalitet_desktop.workflows.deviations.service import RegistrationInput, register_in

_CONTEXT = "Deviations"
OPEN_BUT_CLOSED_ON = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Statusen ”{status}” stämmer inte med avslutsdatumet {day}. Ta bort datumet, eller koppla "
    "statusen till ”avslutad” i värdetabellen.",
)
CLOSED_WITHOUT_DAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Avvikelsen är avslutad men saknar avslutsdatum. Ange när den avslutades."
)


@dataclass(frozen=True)
class EarlierHandling:
    """How far the earlier system had come with the avvikelse."""

    reported_at: datetime | None = None  # registered there; None: when it happened
    status: DeviationStatus | None = None
    analysis: str | None = None
    conclusion: str | None = None
    closed_on: date | None = None

    @property
    def closed(self) -> bool:
        return self.closed_on is not None or self.status is DeviationStatus.CLOSED

    @property
    def investigated(self) -> bool:
        worked_on = self.status is DeviationStatus.INVESTIGATING
        return self.closed or worked_on or bool(self.analysis or self.conclusion)


def reported_of(data: RegistrationInput, earlier: EarlierHandling) -> datetime | None:
    """The moment the avvikelse counts from: registered in the earlier system, else when it
    happened. A registration day without its time (midnight) on the day it happened means
    "that day", not hours before the event."""
    occurred, reported = data.occurred_at, earlier.reported_at
    if reported is None or occurred is None:
        return reported or occurred
    if reported.date() == occurred.date() and reported < occurred:
        return occurred
    return reported


def earlier_problems(
    data: RegistrationInput, earlier: EarlierHandling, today: date
) -> list[FieldError]:
    """The editors' date order for the earlier dates: registered not before it happened,
    closed not before it was registered, neither after today; a status that fits its date."""
    found: list[FieldError] = []
    reported = reported_of(data, earlier)
    if data.occurred_at is None or reported is None:
        return found  # the registration's own check names the missing time
    problem = day_problem(
        REPORTED_WHAT, reported.date(), today, (EVENT_EARLIER, data.occurred_at.date())
    )
    if problem:
        found.append(FieldError("reported_at", problem))
    if earlier.closed_on is not None:
        problem = day_problem(
            CLOSED_WHAT, earlier.closed_on, today, (REPORTED_EARLIER, reported.date())
        )
        if problem:
            found.append(FieldError("closed_on", problem))
        if earlier.status not in (None, DeviationStatus.CLOSED):
            message = OPEN_BUT_CLOSED_ON.format(
                status=earlier.status, day=earlier.closed_on.isoformat()
            )
            found.append(FieldError("status", message))
    elif earlier.closed:
        found.append(FieldError("closed_on", CLOSED_WITHOUT_DAY))
    return found


def register_earlier_in(
    session: Session, ctx: Context, data: RegistrationInput, earlier: EarlierHandling
) -> Deviation:
    """The avvikelse as the earlier system left it, in the caller's unit of work: registered
    on its own day, then investigated and closed through the state machine when it was there
    (the earlier system's closing is recorded as made, not judged again: it need not have
    named causes). A closed one says so in its history."""
    problems = earlier_problems(data, earlier, date.today())
    if problems:
        raise ValidationFailed(problems)
    row = register_in(session, ctx, data, reported_at=reported_of(data, earlier))
    status = DeviationStatus(row.status)
    if earlier.investigated:
        ctx.require(INVESTIGATE, row.unit_id)
        status = check_transition(status, DeviationAction.INVESTIGATE)
        row.analysis = (earlier.analysis or "").strip() or None
        row.conclusion = (earlier.conclusion or "").strip() or None
    if earlier.closed:
        assert earlier.closed_on is not None
        ctx.require(CLOSE, row.unit_id)
        status = check_transition(status, DeviationAction.CLOSE)
        row.closed_on = earlier.closed_on
        note_closed_earlier(session, Deviation.__tablename__, row.id, earlier.closed_on)
    row.status = status.value
    return row
