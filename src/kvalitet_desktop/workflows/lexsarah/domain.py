"""Lex Sarah (SOSFS 2011:5): the vocabulary of a case and the rules of its deadlines.

The law's time words are genast, omedelbart, utan dröjsmål and snarast; the day counts below are
local targets a municipality sets (``DeadlineRules``), except the two months within which an
investigation not attached to the notification must reach IVO.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from kvalitet_desktop.domain import transitions
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind, personal_numbers
from kvalitet_desktop.domain.text_rules import date_problem as range_problem
from kvalitet_desktop.domain.transitions import Refused, TransitionTable

_CONTEXT = "LexSarah"

# The kind of each text field of a report's and a receipt's input; the form's answers follow
# the form's own field types (``domain.forms.TEXT_KINDS``).
FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "reporter_user_id": TextKind.CODE,
    "investigator_id": TextKind.CODE,
    "protection_note": TextKind.LONG,
    "first_assessment_note": TextKind.LONG,
}


class CaseStatus(StrEnum):
    REPORTED = "rapporterad"
    RECEIVED = "mottagen"
    INVESTIGATING = "under utredning"
    CLOSED = "avslutad"


class CaseType(StrEnum):
    MISCONDUCT = "missförhållande"
    RISK = "påtaglig risk för missförhållande"


class Seriousness(StrEnum):
    NONE = "inte missförhållande"
    MISCONDUCT = "missförhållande"
    RISK = "påtaglig risk för missförhållande"
    SERIOUS = "allvarligt missförhållande"
    SERIOUS_RISK = "påtaglig risk för allvarligt missförhållande"

    @property
    def is_serious(self) -> bool:
        return self in (Seriousness.SERIOUS, Seriousness.SERIOUS_RISK)


def is_serious_case(first_assessment_serious: bool | None, seriousness: Seriousness | None) -> bool:
    """A case is notified to IVO when the first assessment or the investigation finds it
    serious."""
    return bool(first_assessment_serious) or bool(seriousness and seriousness.is_serious)


class ClosingKind(StrEnum):
    DECISION = "beslut"
    POSITION = "ställningstagande"


class IvoChannel(StrEnum):
    E_SERVICE = "e-tjänst"
    POST = "post"


class ReportForm(StrEnum):
    """Ids of the shipped forms a case is documented with."""

    REPORT = "lex_sarah_rapport"
    INVESTIGATION = "lex_sarah_utredning"
    NOTIFICATION = "ivo_anmalan"


@dataclass(frozen=True)
class DeadlineRules:
    """Local targets, in days after receipt; and the months after IVO notification."""

    start_within_days: int = 2
    finish_within_days: int = 28
    remind_days_before: int = 7
    ivo_investigation_months: int = 2

    def to_dict(self) -> dict[str, int]:
        return {
            "start_within_days": self.start_within_days,
            "finish_within_days": self.finish_within_days,
            "remind_days_before": self.remind_days_before,
            "ivo_investigation_months": self.ivo_investigation_months,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeadlineRules:
        default = cls()
        values = {k: int(data.get(k, getattr(default, k))) for k in default.to_dict()}
        rules = cls(**values)
        if min(values.values()) < 0 or rules.ivo_investigation_months < 1:
            raise ValueError("deadline values must be non-negative")
        return rules

    def start_due(self, received: date) -> date:
        return received + timedelta(days=self.start_within_days)

    def finish_due(self, received: date) -> date:
        return received + timedelta(days=self.finish_within_days)

    def ivo_investigation_due(self, notified: date) -> date:
        return add_months(notified, self.ivo_investigation_months)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# A preventive measure answers to a cause found in the investigation (measure_links.kind).
CAUSE_LINK = "lex sarah-orsak"


# --- the state machine -----------------------------------------------------------------------


class CaseAction(StrEnum):
    RECEIVE = "receive"
    INVESTIGATE = "investigate"
    NOTIFY_IVO = "notify_ivo"
    SEND_INVESTIGATION = "send_investigation"
    CLOSE = "close"
    WRITE_LEARNING = "write_learning"
    REOPEN = "reopen"  # "Ändra med motivering": a closed case opened for changes


_S, _A = CaseStatus, CaseAction
# (status, action) -> the status after it. Notifying IVO and sending the investigation do not
# change the status; a serious case may still be notified after closing.
TRANSITIONS: dict[tuple[CaseStatus, CaseAction], CaseStatus] = {
    (_S.REPORTED, _A.RECEIVE): _S.RECEIVED,
    (_S.RECEIVED, _A.INVESTIGATE): _S.INVESTIGATING,
    (_S.INVESTIGATING, _A.INVESTIGATE): _S.INVESTIGATING,
    (_S.RECEIVED, _A.NOTIFY_IVO): _S.RECEIVED,
    (_S.INVESTIGATING, _A.NOTIFY_IVO): _S.INVESTIGATING,
    (_S.CLOSED, _A.NOTIFY_IVO): _S.CLOSED,
    (_S.RECEIVED, _A.SEND_INVESTIGATION): _S.RECEIVED,
    (_S.INVESTIGATING, _A.SEND_INVESTIGATION): _S.INVESTIGATING,
    (_S.CLOSED, _A.SEND_INVESTIGATION): _S.CLOSED,
    (_S.RECEIVED, _A.CLOSE): _S.CLOSED,
    (_S.INVESTIGATING, _A.CLOSE): _S.CLOSED,
    (_S.CLOSED, _A.WRITE_LEARNING): _S.CLOSED,
    (_S.CLOSED, _A.REOPEN): _S.INVESTIGATING,
}

_RECEIVED_ALREADY = QT_TRANSLATE_NOOP(_CONTEXT, "Rapporten är redan mottagen.")
_NOT_INVESTIGABLE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Utredningen kan bara skrivas i ett mottaget ärende som inte är avslutat."
)
_LEARNING_WHEN_CLOSED = QT_TRANSLATE_NOOP(_CONTEXT, "Lärandematerial görs för avslutade ärenden.")
_REOPEN_WHEN_CLOSED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Ärendet är inte avslutat; det kan ändras utan att öppnas."
)
# Every (status, action) not in TRANSITIONS, with why it is refused.
REFUSALS: dict[tuple[CaseStatus, CaseAction], str] = {
    (_S.RECEIVED, _A.RECEIVE): _RECEIVED_ALREADY,
    (_S.INVESTIGATING, _A.RECEIVE): _RECEIVED_ALREADY,
    (_S.CLOSED, _A.RECEIVE): _RECEIVED_ALREADY,
    (_S.REPORTED, _A.INVESTIGATE): _NOT_INVESTIGABLE,
    (_S.CLOSED, _A.INVESTIGATE): _NOT_INVESTIGABLE,
    (_S.REPORTED, _A.NOTIFY_IVO): QT_TRANSLATE_NOOP(
        _CONTEXT, "Rapporten måste tas emot innan ärendet kan anmälas till IVO."
    ),
    (_S.REPORTED, _A.SEND_INVESTIGATION): QT_TRANSLATE_NOOP(
        _CONTEXT, "Rapporten måste tas emot innan utredningen kan skickas till IVO."
    ),
    (_S.REPORTED, _A.CLOSE): QT_TRANSLATE_NOOP(
        _CONTEXT, "Rapporten måste tas emot innan ärendet kan avslutas."
    ),
    (_S.CLOSED, _A.CLOSE): QT_TRANSLATE_NOOP(_CONTEXT, "Ärendet är redan avslutat."),
    (_S.REPORTED, _A.WRITE_LEARNING): _LEARNING_WHEN_CLOSED,
    (_S.RECEIVED, _A.WRITE_LEARNING): _LEARNING_WHEN_CLOSED,
    (_S.INVESTIGATING, _A.WRITE_LEARNING): _LEARNING_WHEN_CLOSED,
    (_S.REPORTED, _A.REOPEN): _REOPEN_WHEN_CLOSED,
    (_S.RECEIVED, _A.REOPEN): _REOPEN_WHEN_CLOSED,
    (_S.INVESTIGATING, _A.REOPEN): _REOPEN_WHEN_CLOSED,
}


# Archived (makulerade) cases are not opened in the workflow, so archiving refuses nothing here.
CASE_TRANSITIONS: TransitionTable[CaseStatus, CaseAction] = TransitionTable(
    rules={**TRANSITIONS, **{pair: Refused(message) for pair, message in REFUSALS.items()}},
    archived={},
)


def allows(status: CaseStatus, action: CaseAction) -> bool:
    return not isinstance(CASE_TRANSITIONS.outcome(status, action), Refused)


def check_transition(status: CaseStatus, action: CaseAction) -> CaseStatus:
    """The status after ``action``; raise RuleViolation when the status does not allow it."""
    return transitions.check_transition(CASE_TRANSITIONS, status, action)


# --- deadlines -------------------------------------------------------------------------------


class CaseFacts(Protocol):
    """What the deadlines of a case depend on (a CaseView has these, so has PlainCaseFacts)."""

    @property
    def status(self) -> CaseStatus: ...
    @property
    def reported_at(self) -> datetime: ...
    @property
    def start_due(self) -> date | None: ...
    @property
    def finish_due(self) -> date | None: ...
    @property
    def investigation_started_on(self) -> date | None: ...
    @property
    def investigation_finished_on(self) -> date | None: ...
    @property
    def seriousness(self) -> Seriousness | None: ...
    @property
    def ivo_notified_on(self) -> date | None: ...
    @property
    def ivo_investigation_due(self) -> date | None: ...
    @property
    def investigation_sent_to_ivo_on(self) -> date | None: ...


@dataclass(frozen=True)
class PlainCaseFacts:
    status: CaseStatus
    reported_at: datetime
    start_due: date | None
    finish_due: date | None
    investigation_started_on: date | None
    seriousness: Seriousness | None
    ivo_notified_on: date | None
    ivo_investigation_due: date | None
    investigation_sent_to_ivo_on: date | None
    investigation_finished_on: date | None = None


class DeadlineKey(StrEnum):
    RECEIPT = "receipt"
    START = "start_due"
    FINISH = "finish_due"
    IVO = "ivo_investigation_due"


@dataclass(frozen=True)
class Deadline:
    key: DeadlineKey
    what: str  # for the to-do list, marked for translation
    due: date | None
    done: bool
    late: bool


def deadlines(case: CaseFacts, today: date) -> list[Deadline]:
    """Every deadline of the case, done or not; the IVO one only once IVO is notified."""
    closed = case.status is CaseStatus.CLOSED
    started = case.investigation_started_on is not None or case.status in (
        CaseStatus.INVESTIGATING,
        CaseStatus.CLOSED,
    )
    found = [
        (
            DeadlineKey.RECEIPT,
            QT_TRANSLATE_NOOP(_CONTEXT, "Rapporten är inte mottagen"),
            case.reported_at.date(),
            case.status is not CaseStatus.REPORTED,
        ),
        (
            DeadlineKey.START,
            QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen ska påbörjas"),
            case.start_due,
            started,
        ),
        (
            # Done when completed: marked finished ("Markera som klar"), closed with its
            # decision, or sent to IVO as finished. An assessment written in a draft is not a
            # finished investigation.
            DeadlineKey.FINISH,
            QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen ska vara klar"),
            case.finish_due,
            investigation_finished(case),
        ),
    ]
    if case.ivo_notified_on is not None:
        found.append(
            (
                DeadlineKey.IVO,
                QT_TRANSLATE_NOOP(_CONTEXT, "Utredningen ska skickas till IVO"),
                case.ivo_investigation_due,
                closed or case.investigation_sent_to_ivo_on is not None,
            )
        )
    return [
        Deadline(key, what, due, done, not done and due is not None and due < today)
        for key, what, due, done in found
    ]


def investigation_finished(case: CaseFacts) -> bool:
    """The investigation is complete: marked finished, closed, or sent to IVO as finished."""
    return (
        case.status is CaseStatus.CLOSED
        or case.investigation_finished_on is not None
        or case.investigation_sent_to_ivo_on is not None
    )


def deadline(case: CaseFacts, key: DeadlineKey, today: date) -> Deadline | None:
    return next((d for d in deadlines(case, today) if d.key is key), None)


# --- dates of the flow -----------------------------------------------------------------------

_AFTER_TODAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "{what} ({day}) ligger efter dagens datum ({today}). Ange dagen det hände."
)
_BEFORE = QT_TRANSLATE_NOOP(_CONTEXT, "{what} ({day}) kan inte ligga före {earlier} ({before}).")
RECEIPT_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Mottagandet")
REPORT_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "rapporten")
RECEIVED_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "mottagandet")
START_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Utredningens start")
NOTIFIED_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Anmälan till IVO")
NOTIFICATION_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "anmälan till IVO")
SENT_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Dagen utredningen skickades")


def date_problem(
    what: str, day: date, today: date, earlier: tuple[str, date] | None = None
) -> str | None:
    """Why ``day`` (of the step ``what``) cannot be right: after today, or before the
    ``earlier`` step it follows; None when it can. Deadlines are computed only from dates
    that pass (which also keeps them away from the calendar's edges)."""
    outside = range_problem(day)
    if outside:
        return outside
    if day > today:
        return _AFTER_TODAY.format(what=what, day=day.isoformat(), today=today.isoformat())
    if earlier is not None and day < earlier[1]:
        return _BEFORE.format(
            what=what, day=day.isoformat(), earlier=earlier[0], before=earlier[1].isoformat()
        )
    return None


# --- the anonymised learning material --------------------------------------------------------

# A personnummer or samordningsnummer: ÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, with or without the dash.
_PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")
_IDENTIFYING = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Texten kan peka ut en person: {places}. Skriv om det utan namn, personnummer och koder.",
)
_PLACE = QT_TRANSLATE_NOOP(_CONTEXT, "”{found}” på rad {line}")


def _word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)


def identifying_problem(text: str, names: Iterable[str], codes: Iterable[str]) -> str | None:
    """Why ``text`` (meant to be anonymous) is not: the names (whole, or any part of three
    letters or more), the individuals' codes and the personnummer it holds, each with its
    line; None when none is found."""
    wanted: set[str] = {c.strip() for c in codes if c.strip()}
    for name in names:
        name = name.strip()
        if name:
            wanted.add(name)
            wanted.update(part for part in name.split() if len(part) >= 3)
    places: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        # Any ten or twelve digits (a mistyped number still points at someone), and what the
        # shared detector finds besides (spaced forms, numbers behind a prefix).
        found = [m.group(0) for m in _PERSONAL_NUMBER.finditer(line)]
        found += [n for n in personal_numbers(line) if not any(n in f for f in found)]
        # The longest first, so "Åsa Öberg" is named once rather than as "Åsa" and "Öberg".
        for item in sorted(wanted, key=len, reverse=True):
            match = _word(item).search(line)
            if match and not any(match.group(0).lower() in f.lower() for f in found):
                found.append(match.group(0))
        places += [_PLACE.format(found=f, line=number) for f in found]
    return _IDENTIFYING.format(places=", ".join(places)) if places else None
