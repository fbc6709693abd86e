"""A klagomål brought in with its history from an earlier system: received on its own day (its
reply due date counts from it, as always), and, when the earlier system had answered or closed
it, carried through the same transitions to the status it ended in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import not_future_problem, order_problem
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import note_closed_earlier
from kvalitet_desktop.workflows.complaints.domain import (
    ANONYMOUS_REPLY,
    REPLY_AFTER_TODAY,
    REPLY_BEFORE_RECEIPT,
    ComplaintAction,
    ComplaintStatus,
    ReplyMethod,
    check_complaint_transition,
    close_problem,
    response_days,
)
from kvalitet_desktop.workflows.complaints.kind import CLOSE, HANDLE
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.complaints.service import ComplaintInput, register_in

_CONTEXT = "Complaints"
CLOSED_AFTER_TODAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Avslutsdagen ({day}) ligger efter dagens datum ({today})."
)
CLOSED_BEFORE_RECEIPT = QT_TRANSLATE_NOOP(
    _CONTEXT, "Avslutet ({later}) kan inte ligga före mottagandet ({earlier})."
)
CLOSED_BEFORE_REPLY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Avslutet ({later}) kan inte ligga före svaret ({earlier})."
)
REPLY_HOW = QT_TRANSLATE_NOOP(
    _CONTEXT, "Ange hur svaret gavs (en kolumn, eller ett standardvärde för svarssättet)."
)
REPLY_WITHOUT_DAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Svaret saknar datum. Ange när avsändaren fick svar."
)
OPEN_BUT_CLOSED_ON = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Statusen ”{status}” stämmer inte med avslutsdatumet {day}. Ta bort datumet, eller koppla "
    "statusen till ”avslutad” i värdetabellen.",
)
CLOSED_WITHOUT_DAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Klagomålet är avslutat men saknar avslutsdatum. Ange när det avslutades."
)


@dataclass(frozen=True)
class EarlierHandling:
    """How far the earlier system had come with the klagomål. What the reply said may be
    unknown (an old register often kept only its day); its day and manner must be known."""

    status: ComplaintStatus | None = None
    replied_on: date | None = None
    reply_method: ReplyMethod | None = None
    reply_text: str | None = None
    conclusion: str | None = None
    closed_on: date | None = None

    @property
    def replied(self) -> bool:
        given = self.replied_on or self.reply_method or (self.reply_text or "").strip()
        return bool(given) or self.status is ComplaintStatus.REPLIED

    @property
    def closed(self) -> bool:
        return self.closed_on is not None or self.status is ComplaintStatus.CLOSED


def earlier_problems(
    data: ComplaintInput, earlier: EarlierHandling, today: date
) -> list[FieldError]:
    """The editors' rules for the earlier reply and closing: their days in order (received,
    answered, closed; none after today), an anonymous sender never answered, a named one
    answered before the closing, and a status that fits the dates."""
    found: list[FieldError] = []
    received = data.received_on
    if earlier.replied:
        found += _reply_problems(data, earlier, today)
    if earlier.closed_on is not None:
        for problem in (
            not_future_problem(earlier.closed_on, today, CLOSED_AFTER_TODAY),
            order_problem(received, earlier.closed_on, CLOSED_BEFORE_RECEIPT),
            order_problem(earlier.replied_on, earlier.closed_on, CLOSED_BEFORE_REPLY),
        ):
            if problem:
                found.append(FieldError("closed_on", problem))
        if earlier.status not in (None, ComplaintStatus.CLOSED):
            message = OPEN_BUT_CLOSED_ON.format(
                status=earlier.status, day=earlier.closed_on.isoformat()
            )
            found.append(FieldError("status", message))
    elif earlier.closed:
        found.append(FieldError("closed_on", CLOSED_WITHOUT_DAY))
    if earlier.closed and not earlier.replied:
        problem = close_problem(data.submitter_type, None)
        if problem:
            found.append(FieldError("replied_on", problem))
    return found


def _reply_problems(
    data: ComplaintInput, earlier: EarlierHandling, today: date
) -> list[FieldError]:
    found: list[FieldError] = []
    if data.submitter_type.is_anonymous:
        return [FieldError("replied_on", ANONYMOUS_REPLY)]
    if earlier.replied_on is None:
        found.append(FieldError("replied_on", REPLY_WITHOUT_DAY))
    if earlier.reply_method is None:
        found.append(FieldError("reply_method", REPLY_HOW))
    for problem in (
        not_future_problem(earlier.replied_on, today, REPLY_AFTER_TODAY),
        order_problem(data.received_on, earlier.replied_on, REPLY_BEFORE_RECEIPT),
    ):
        if problem:
            found.append(FieldError("replied_on", problem))
    return found


def register_earlier_in(
    session: Session, ctx: Context, data: ComplaintInput, earlier: EarlierHandling
) -> Complaint:
    """The klagomål as the earlier system left it, in the caller's unit of work: registered
    as received, then answered and closed through the state machine when it was there. A
    closed one says so in its history."""
    problems = earlier_problems(data, earlier, date.today())
    if problems:
        raise ValidationFailed(problems)
    row = register_in(session, ctx, data)
    status = ComplaintStatus(row.status)
    if earlier.status is ComplaintStatus.INVESTIGATING:
        ctx.require(HANDLE, row.unit_id)
        status = check_complaint_transition(status, ComplaintAction.INVESTIGATE)
    if earlier.replied:
        assert earlier.replied_on is not None and earlier.reply_method is not None
        ctx.require(HANDLE, row.unit_id)
        status = check_complaint_transition(status, ComplaintAction.REPLY)
        row.replied_on = earlier.replied_on
        row.reply_method = earlier.reply_method.value
        row.reply_text = (earlier.reply_text or "").strip() or None
        row.response_days = response_days(row.received_on, earlier.replied_on)
    if earlier.closed:
        assert earlier.closed_on is not None
        ctx.require(CLOSE, row.unit_id)
        status = check_complaint_transition(status, ComplaintAction.CLOSE)
        row.conclusion = (earlier.conclusion or "").strip() or None
        row.closed_on = earlier.closed_on
        note_closed_earlier(session, Complaint.__tablename__, row.id, earlier.closed_on)
    elif (earlier.conclusion or "").strip():
        row.conclusion = (earlier.conclusion or "").strip()
    row.status = status.value
    return row
