"""Klagomål och synpunkter (SOSFS 2011:9 5 kap. 3 och 6 §§): the vocabulary of a complaint,
its state machine and the one computation of its response time and reply due date.

The reply target (a reply within N days of receipt) is the municipality's own goal, a setting,
not a rule of law.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.domain.transitions import Refused, TransitionTable, check_transition

_CONTEXT = "Complaints"

# The kind of each text field of a complaint's input (the rest are long).
FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "unit_id": TextKind.CODE,
    "received_by_id": TextKind.CODE,
    "handler_id": TextKind.CODE,
    "submitter_name": TextKind.SHORT,
    "submitter_contact": TextKind.MEDIUM,
    "topic": TextKind.SHORT,
    "description": TextKind.LONG,
    "investigation": TextKind.LONG,
    "reply_text": TextKind.LONG,
    "reason": TextKind.MEDIUM,
    "conclusion": TextKind.LONG,
}

# What a measure answers to when it answers to a complaint (measure_links.kind).
COMPLAINT_LINK = "klagomål"


class Channel(StrEnum):
    """How the complaint came in."""

    PHONE = "telefon"
    LETTER = "brev"
    EMAIL = "e-post"
    VISIT = "besök"
    E_SERVICE = "e-tjänst"
    ORAL = "muntligt"


class SubmitterType(StrEnum):
    USER = "brukare"
    RELATIVE = "närstående"
    STAFF = "personal"
    ASSOCIATION = "förening"
    ORGANISATION = "annan organisation"
    ANONYMOUS = "anonym"

    @property
    def is_anonymous(self) -> bool:
        """An anonymous submitter gives no name or contact details, and gets no reply."""
        return self is SubmitterType.ANONYMOUS


class ComplaintKind(StrEnum):
    COMPLAINT = "klagomål"
    VIEW = "synpunkt"
    SUGGESTION = "förslag"
    PRAISE = "beröm"


class ReplyMethod(StrEnum):
    """How the submitter was answered."""

    PHONE = "telefon"
    LETTER = "brev"
    EMAIL = "e-post"
    MEETING = "möte"
    E_SERVICE = "e-tjänst"


# The topics a municipality starts with; an administrator edits the list in Inställningar.
DEFAULT_TOPICS: tuple[str, ...] = (
    "bemötande",
    "kvalitet i insatsen",
    "tider och kontinuitet",
    "information och kommunikation",
    "handläggning och beslut",
    "måltider",
    "hygien och städning",
    "lokaler och miljö",
    "avgifter",
    "övrigt",
)


class ComplaintStatus(StrEnum):
    RECEIVED = "mottagen"
    INVESTIGATING = "under utredning"
    REPLIED = "besvarad"
    CLOSED = "avslutad"

    @property
    def is_open(self) -> bool:
        return self is not ComplaintStatus.CLOSED


# The statuses of a complaint still being handled, as stored: asked for by name, so the status
# index finds the few open ones among years of closed ones ("not closed" reads them all).
OPEN_STATUSES = tuple(s.value for s in ComplaintStatus if s.is_open)


class ComplaintAction(StrEnum):
    SAVE = "spara"
    INVESTIGATE = "utreda"
    REPLY = "svara"
    CLOSE = "avsluta"
    REOPEN = "öppna igen"
    ARCHIVE = "makulera"


_S = ComplaintStatus
_A = ComplaintAction
_LOCKED = Refused(
    QT_TRANSLATE_NOOP(
        _CONTEXT,
        "Klagomålet är avslutat och låst. Öppna det igen med en motivering för att ändra det.",
    )
)
_NOT_CLOSED = Refused(
    QT_TRANSLATE_NOOP(_CONTEXT, "Klagomålet är inte avslutat; det kan ändras utan att öppnas.")
)
_OPEN_RULES: dict[tuple[ComplaintStatus, ComplaintAction], ComplaintStatus | Refused] = {}
for _open in (_S.RECEIVED, _S.INVESTIGATING, _S.REPLIED):
    _OPEN_RULES.update(
        {
            (_open, _A.SAVE): _open,
            # Investigating after the reply goes on (the reply may promise a measure).
            (_open, _A.INVESTIGATE): _S.REPLIED if _open is _S.REPLIED else _S.INVESTIGATING,
            (_open, _A.REPLY): _S.REPLIED,
            (_open, _A.CLOSE): _S.CLOSED,
            (_open, _A.REOPEN): _NOT_CLOSED,
            (_open, _A.ARCHIVE): _open,
        }
    )

TRANSITIONS: TransitionTable[ComplaintStatus, ComplaintAction] = TransitionTable(
    rules={
        **_OPEN_RULES,
        (_S.CLOSED, _A.SAVE): _LOCKED,
        (_S.CLOSED, _A.INVESTIGATE): _LOCKED,
        (_S.CLOSED, _A.REPLY): _LOCKED,
        (_S.CLOSED, _A.CLOSE): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Klagomålet är redan avslutat.")
        ),
        # Reopened, it is worked on again; its reply (if any) is kept.
        (_S.CLOSED, _A.REOPEN): _S.INVESTIGATING,
        (_S.CLOSED, _A.ARCHIVE): _S.CLOSED,
    },
    archived={
        action: QT_TRANSLATE_NOOP(_CONTEXT, "Klagomålet är makulerat och kan inte ändras.")
        for action in ComplaintAction
    },
)


def check_complaint_transition(
    status: ComplaintStatus, action: ComplaintAction, *, archived: bool = False
) -> ComplaintStatus:
    """The status after ``action``; raises ``RuleViolation`` with the reason if refused."""
    return check_transition(TRANSITIONS, status, action, archived=archived)


# --- the reply target and the response time --------------------------------------------------

DEFAULT_REPLY_DAYS = 14
MIN_REPLY_DAYS = 1
MAX_REPLY_DAYS = 365


@dataclass(frozen=True)
class ReplyTarget:
    """The municipality's goal: a reply within ``days`` calendar days of receipt; the
    dashboard lists complaints due within ``remind_days`` of their due date."""

    days: int = DEFAULT_REPLY_DAYS
    remind_days: int = 3

    def to_dict(self) -> dict[str, int]:
        return {"days": self.days, "remind_days": self.remind_days}

    @classmethod
    def from_dict(cls, data: Any) -> ReplyTarget:
        """The stored target, or the default for anything that is not a sensible one."""
        if not isinstance(data, dict):
            return cls()
        days, remind = data.get("days"), data.get("remind_days")
        if not isinstance(days, int) or isinstance(days, bool):
            return cls()
        if not isinstance(remind, int) or isinstance(remind, bool):
            remind = min(cls().remind_days, days)
        stored = cls(days, remind)
        return cls() if stored.problem() else stored

    def problem(self) -> str | None:
        """Why the target cannot be stored, or None."""
        if not _whole(self.days) or not MIN_REPLY_DAYS <= self.days <= MAX_REPLY_DAYS:
            return QT_TRANSLATE_NOOP(
                _CONTEXT, "Svarstiden ska vara ett helt antal dagar mellan {low} och {high}."
            ).format(low=MIN_REPLY_DAYS, high=MAX_REPLY_DAYS)
        if not _whole(self.remind_days) or not 0 <= self.remind_days <= self.days:
            return QT_TRANSLATE_NOOP(
                _CONTEXT, "Påminnelsen ska vara mellan 0 och {days} dagar före svarsdagen."
            ).format(days=self.days)
        return None


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def reply_due(received_on: date, submitter: SubmitterType, target: ReplyTarget) -> date | None:
    """The day the submitter is to have a reply by; None for an anonymous submitter (who
    gets none). Calendar days, so a month's end is just another day."""
    if submitter.is_anonymous:
        return None
    return received_on + timedelta(days=target.days)


def response_days(received_on: date, replied_on: date | None) -> int | None:
    """Days from receipt to reply (0: answered the same day); None while there is no reply."""
    if replied_on is None:
        return None
    return (replied_on - received_on).days


def reply_overdue(
    status: ComplaintStatus, due: date | None, replied_on: date | None, today: date
) -> bool:
    """An open complaint whose reply due date has passed without a reply."""
    return status.is_open and replied_on is None and due is not None and due < today


# --- the rules of the input --------------------------------------------------------------------

RECEIVED_AFTER_TODAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Mottagningsdagen ({day}) ligger efter dagens datum ({today})."
)
REPLY_AFTER_TODAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Svarsdagen ({day}) ligger efter dagens datum ({today})."
)
REPLY_BEFORE_RECEIPT = QT_TRANSLATE_NOOP(
    _CONTEXT, "Svaret ({later}) kan inte ligga före mottagandet ({earlier})."
)
ANONYMOUS_IDENTITY = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "En anonym synpunkt har inget namn eller kontaktuppgifter: töm fältet eller välj en "
    "annan typ av avsändare.",
)
ANONYMOUS_REPLY = QT_TRANSLATE_NOOP(
    _CONTEXT, "En anonym avsändare kan inte få något svar; avsluta klagomålet utan svar."
)
ANSWERED_NOT_ANONYMOUS = QT_TRANSLATE_NOOP(
    _CONTEXT, "Avsändaren har redan fått svar och kan därför inte registreras som anonym."
)
CLOSE_WITHOUT_REPLY = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Registrera svaret till avsändaren (datum, hur och vad som sades) innan klagomålet avslutas.",
)


def close_problem(submitter: SubmitterType, replied_on: date | None) -> str | None:
    """Why the complaint may not be closed yet: a named submitter is owed a reply."""
    if not submitter.is_anonymous and replied_on is None:
        return CLOSE_WITHOUT_REPLY
    return None
