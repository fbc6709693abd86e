"""Avvikelser (SOSFS 2011:9 5 kap. 5–7 §§): what a deviation holds, its state machine, its
deadlines and the rules of its dates and codes. No I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from kvalitet_desktop.domain import transitions
from kvalitet_desktop.domain.forms import INDIVIDUAL_SPECIAL
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.domain.text_rules import date_problem as range_problem
from kvalitet_desktop.domain.transitions import Refused, TransitionTable

_CONTEXT = "Deviations"

# A measure answers to an avvikelse (measure_links.kind).
DEVIATION_LINK = "avvikelse"

# The kind of each text field of the inputs (clean_input); the rest are long texts.
FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "place": TextKind.SHORT,
    "unit_id": TextKind.CODE,
    "reporter_user_id": TextKind.CODE,
    "reporter_name": TextKind.SHORT,
    "legal_basis": TextKind.SHORT,
    "individual": TextKind.CODE,
    "individuals": TextKind.CODE,
    "category": TextKind.SHORT,
    "investigator_id": TextKind.CODE,
    "feedback_how": TextKind.SHORT,
    "feedback_to": TextKind.MEDIUM,
    "reason": TextKind.MEDIUM,
    "causes.description": TextKind.MEDIUM,
    "causes.level": TextKind.CODE,
    "causes.area": TextKind.SHORT,
    "causes.id": TextKind.CODE,
}

# The editable lists' defaults: the lagrum a deviation falls under, and its categories
# (IVO's most common lex Sarah categories first).
DEFAULT_LEGAL_BASES = ("SoL", "LSS", "HSL")
DEFAULT_CATEGORIES = (
    "rättssäkerhet",
    "beviljad insats ej utförd",
    "beviljad insats felaktigt utförd",
    "bemötande",
    "fysisk miljö och teknik",
    "läkemedel (HSL)",
    "fall (HSL)",
    "sekretess",
    "dokumentation",
    "övrigt",
)
LEX_MARIA_PROMPT = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Avvikelsen gäller hälso- och sjukvård (HSL) och kan vara lex Maria – kontakta MAS. "
    "Programmet hanterar inte lex Maria.",
)


def under_hsl(legal_basis: str | None) -> bool:
    """Whether the lagrum is the health-care act (the list is editable: "HSL", "HSL 3 kap."…)."""
    return bool(legal_basis) and str(legal_basis).strip().upper().startswith("HSL")


class DeviationStatus(StrEnum):
    REGISTERED = "registrerad"
    INVESTIGATING = "under utredning"
    CLOSED = "avslutad"


# The statuses of an avvikelse still being worked on, as stored: asked for by name, so the
# status index finds the few open ones among years of closed ones ("not closed" reads them all).
OPEN_STATUSES = tuple(s.value for s in DeviationStatus if s is not DeviationStatus.CLOSED)


class FeedbackHow(StrEnum):
    """How the staff were told what the deviation taught (återföring)."""

    APT = "vid APT"
    INDIVIDUAL = "enskilt samtal"
    WRITTEN = "skriftligt"
    OTHER = "annat"


# --- the state machine -----------------------------------------------------------------------


class DeviationAction(StrEnum):
    COMPLETE = "complete"  # the unit manager completes the registration's facts
    INVESTIGATE = "investigate"  # causes, analysis, the investigation begun
    ADD_MEASURE = "add_measure"
    FEEDBACK = "feedback"  # återföring to the staff
    CLOSE = "close"
    REOPEN = "reopen"


_S, _A = DeviationStatus, DeviationAction
_LOCKED = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Avvikelsen är avslutad och låst. Välj ”Öppna igen” och skriv varför, så kan den ändras.",
)
_NOT_CLOSED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Avvikelsen är inte avslutad; den kan ändras utan att öppnas igen."
)
TRANSITIONS: dict[tuple[DeviationStatus, DeviationAction], DeviationStatus | Refused] = {
    (_S.REGISTERED, _A.COMPLETE): _S.REGISTERED,
    (_S.INVESTIGATING, _A.COMPLETE): _S.INVESTIGATING,
    (_S.CLOSED, _A.COMPLETE): Refused(_LOCKED),
    (_S.REGISTERED, _A.INVESTIGATE): _S.INVESTIGATING,
    (_S.INVESTIGATING, _A.INVESTIGATE): _S.INVESTIGATING,
    (_S.CLOSED, _A.INVESTIGATE): Refused(_LOCKED),
    (_S.REGISTERED, _A.ADD_MEASURE): Refused(
        QT_TRANSLATE_NOOP(
            _CONTEXT, "Påbörja utredningen och ange orsakerna innan åtgärder läggs till."
        )
    ),
    (_S.INVESTIGATING, _A.ADD_MEASURE): _S.INVESTIGATING,
    (_S.CLOSED, _A.ADD_MEASURE): Refused(_LOCKED),
    (_S.REGISTERED, _A.FEEDBACK): Refused(
        QT_TRANSLATE_NOOP(_CONTEXT, "Återföring görs när avvikelsen har utretts.")
    ),
    (_S.INVESTIGATING, _A.FEEDBACK): _S.INVESTIGATING,
    # Återföring at the next APT often comes after the closing.
    (_S.CLOSED, _A.FEEDBACK): _S.CLOSED,
    (_S.REGISTERED, _A.CLOSE): Refused(
        QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelsen måste utredas innan den avslutas.")
    ),
    (_S.INVESTIGATING, _A.CLOSE): _S.CLOSED,
    (_S.CLOSED, _A.CLOSE): Refused(QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelsen är redan avslutad.")),
    (_S.REGISTERED, _A.REOPEN): Refused(_NOT_CLOSED),
    (_S.INVESTIGATING, _A.REOPEN): Refused(_NOT_CLOSED),
    (_S.CLOSED, _A.REOPEN): _S.INVESTIGATING,
}
_VOIDED = QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelsen är makulerad och kan inte ändras.")
DEVIATION_TRANSITIONS: TransitionTable[DeviationStatus, DeviationAction] = TransitionTable(
    rules=TRANSITIONS, archived={action: _VOIDED for action in DeviationAction}
)


def allows(status: DeviationStatus, action: DeviationAction, *, archived: bool = False) -> bool:
    outcome = DEVIATION_TRANSITIONS.outcome(status, action, archived=archived)
    return not isinstance(outcome, Refused)


def check_transition(
    status: DeviationStatus, action: DeviationAction, *, archived: bool = False
) -> DeviationStatus:
    """The status after ``action``; RuleViolation when the status does not allow it."""
    return transitions.check_transition(DEVIATION_TRANSITIONS, status, action, archived=archived)


# --- deadlines -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRules:
    """Local targets in days after the avvikelse was registered: the investigation begun
    within ``start_within_days``, the avvikelse closed within ``close_within_days``; the
    dashboard reminds ``remind_days_before`` days ahead."""

    start_within_days: int = 3
    close_within_days: int = 30
    remind_days_before: int = 3

    def to_dict(self) -> dict[str, int]:
        return {
            "start_within_days": self.start_within_days,
            "close_within_days": self.close_within_days,
            "remind_days_before": self.remind_days_before,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeadlineRules:
        default = cls()
        values = {k: int(data.get(k, getattr(default, k))) for k in default.to_dict()}
        rules = cls(**values)
        problem = rules.problem()
        if problem:
            raise ValueError(problem)
        return rules

    def problem(self) -> str | None:
        """Why the rules cannot be used (Swedish), or None."""
        if min(self.to_dict().values()) < 0 or max(self.to_dict().values()) > 365:
            return QT_TRANSLATE_NOOP(_CONTEXT, "Antalet dagar ska vara mellan 0 och 365.")
        if self.close_within_days < self.start_within_days:
            return QT_TRANSLATE_NOOP(
                _CONTEXT, "Avvikelsen kan inte avslutas före det att utredningen ska ha påbörjats."
            )
        return None

    def start_due(self, registered: date) -> date:
        return registered + timedelta(days=self.start_within_days)

    def close_due(self, registered: date) -> date:
        return registered + timedelta(days=self.close_within_days)


class DeadlineKey(StrEnum):
    START = "start_due"
    CLOSE = "close_due"


@dataclass(frozen=True)
class Deadline:
    key: DeadlineKey
    what: str  # for the to-do list, marked for translation
    due: date | None
    done: bool
    late: bool


def deadlines(
    status: DeviationStatus,
    start_due: date | None,
    close_due: date | None,
    investigation_started_on: date | None,
    today: date,
) -> list[Deadline]:
    """The avvikelse's two deadlines, done or not: the one rule for the service, the list and
    the dashboard."""
    started = investigation_started_on is not None or status is not DeviationStatus.REGISTERED
    closed = status is DeviationStatus.CLOSED
    found = [
        (
            DeadlineKey.START,
            QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen ska påbörjas"),
            start_due,
            started,
        ),
        (
            DeadlineKey.CLOSE,
            QT_TRANSLATE_NOOP(_CONTEXT, "Avvikelsen ska avslutas"),
            close_due,
            closed,
        ),
    ]
    return [
        Deadline(key, what, due, done, not done and due is not None and due < today)
        for key, what, due, done in found
    ]


# --- dates and codes -------------------------------------------------------------------------

_IN_FUTURE = QT_TRANSLATE_NOOP(
    _CONTEXT, "{what} ({day}) ligger efter dagens datum ({today}). Ange dagen det hände."
)
_BEFORE = QT_TRANSLATE_NOOP(_CONTEXT, "{what} ({day}) kan inte ligga före {earlier} ({before}).")
EVENT_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Händelsen")
EVENT_EARLIER = QT_TRANSLATE_NOOP(_CONTEXT, "händelsen")
STARTED_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Utredningens start")
FEEDBACK_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Återföringen")
CLOSED_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Avslutet")
STARTED_EARLIER = QT_TRANSLATE_NOOP(_CONTEXT, "utredningens start")
REPORTED_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Registreringen")
REPORTED_EARLIER = QT_TRANSLATE_NOOP(_CONTEXT, "registreringen")


def day_problem(
    what: str, day: date, today: date, earlier: tuple[str, date] | None = None
) -> str | None:
    """Why ``day`` (of step ``what``) cannot be right: outside 1900–2100, after today, or
    before the ``earlier`` step it follows; None when it can."""
    outside = range_problem(day)
    if outside:
        return outside
    if day > today:
        return _IN_FUTURE.format(what=what, day=day.isoformat(), today=today.isoformat())
    if earlier is not None and day < earlier[1]:
        return _BEFORE.format(
            what=what, day=day.isoformat(), earlier=earlier[0], before=earlier[1].isoformat()
        )
    return None


def event_problem(occurred_at: datetime | None, now: datetime) -> str | None:
    """The event's time: required, within 1900–2100 and not after now."""
    if occurred_at is None:
        return QT_TRANSLATE_NOOP(_CONTEXT, "Ange när det hände (datum och ungefärlig tid).")
    problem = day_problem(EVENT_WHAT, occurred_at.date(), now.date())
    if problem:
        return problem
    if occurred_at > now + timedelta(minutes=5):  # a clock a little ahead is no error
        return QT_TRANSLATE_NOOP(_CONTEXT, "Tiden ligger efter nu. Ange när det hände.")
    return None


def individual_problem(individual: str | None, individuals: Sequence[str]) -> str | None:
    """The individual: a pseudonymous code, or "flera" (with the known codes) or "okänd";
    never a name or a personnummer."""
    if not individual:
        return None
    if individual not in INDIVIDUAL_SPECIAL and not valid_individual_code(individual):
        return BAD_CODE
    if any(not valid_individual_code(code) for code in individuals):
        return BAD_CODE
    return None


BAD_CODE = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Ange den enskildes pseudonymiserade kod (versaler, siffror och bindestreck, 3–20 tecken), "
    "”flera” eller ”okänd” – aldrig namn eller personnummer.",
)
