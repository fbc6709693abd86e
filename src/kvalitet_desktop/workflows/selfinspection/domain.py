"""Egenkontroll: the yearly plan of a unit, the checks it schedules, and the checklists' answers.

A plan item says what is checked, how, how often, by whom and what happens when a requirement
is not met; it schedules one check per period of its year. A check is performed with a
checklist (a form under ``forms/``) whose requirement questions are answered uppfyllt / delvis /
ej uppfyllt / ej aktuellt, each with a comment; what was reviewed is recorded by kind and count,
never by name.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from kvalitet_desktop.domain.forms import FieldDef, FieldType, FormAnswers, FormDef, is_visible
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.domain.transitions import Refused, TransitionTable, check_transition

_CONTEXT = "selfinspection"

# The value of measure_links.kind when a measure answers to a performed check.
SELF_INSPECTION_LINK = "egenkontroll"
# The record kind a shortcoming is reported as (reached through the registry, by its key).
DEVIATION_KIND = "avvikelse"
# The owner kind of a check's answers in form_records (one checklist per check).
ANSWERS_OWNER = "egenkontroll"
# A check is "to do" on the dashboard from this many days before its planned day.
DUE_SOON_DAYS = 14
# The years a plan may be made for (the date rules' range is wider; a plan is near in time).
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_CHOSEN_DATES = 52
MAX_REVIEWED_COUNT = 100_000
# The suffix of the comment field that belongs to a requirement question in a checklist.
COMMENT_SUFFIX = "_kommentar"

# The kind of each text field of the inputs (the rest are long texts).
FIELD_LIMITS = {
    "unit_id": TextKind.CODE,
    "title": TextKind.SHORT,
    "method": TextKind.SHORT,
    "frequency": TextKind.CODE,
    "responsible_id": TextKind.CODE,
    "on_failure": TextKind.MEDIUM,
    "form_id": TextKind.CODE,
    "reviewed.kind": TextKind.CODE,
    "reviewed_note": TextKind.MEDIUM,
    "summary": TextKind.LONG,
}

# The methods offered for a new plan item; an administrator can change the list.
DEFAULT_METHODS: tuple[str, ...] = (
    "akt- och journalgranskning",
    "enkät",
    "observation",
    "registerjämförelse",
    "intervju eller samtal",
    "genomgång av rutiner",
    "stickprov",
)


class Frequency(StrEnum):
    MONTHLY = "varje månad"
    QUARTERLY = "varje kvartal"
    HALF_YEARLY = "varje halvår"
    YEARLY = "en gång om året"
    CHOSEN_DATES = "valda datum"


# The months whose last day is a check's planned day, per frequency.
_PERIOD_ENDS: dict[Frequency, tuple[int, ...]] = {
    Frequency.MONTHLY: tuple(range(1, 13)),
    Frequency.QUARTERLY: (3, 6, 9, 12),
    Frequency.HALF_YEARLY: (6, 12),
    Frequency.YEARLY: (11,),  # end of November: time to act on the result before the year ends
}


class CheckStatus(StrEnum):
    PLANNED = "planerad"
    DONE = "genomförd"
    CANCELLED = "inställd"


class CheckAction(StrEnum):
    PERFORM = "genomföra"
    CANCEL = "ställa in"
    RESTORE = "planera igen"
    REOPEN = "öppna igen"
    ARCHIVE = "makulera"


class Assessment(StrEnum):
    """The answer to one requirement question of a checklist (the stored option values)."""

    MET = "uppfyllt"
    PARTLY = "delvis"
    NOT_MET = "ej_uppfyllt"
    NOT_APPLICABLE = "ej_aktuellt"

    @property
    def label(self) -> str:
        return _ASSESSMENT_LABELS[self]

    @property
    def is_shortcoming(self) -> bool:
        return self in (Assessment.PARTLY, Assessment.NOT_MET)


_ASSESSMENT_LABELS = {
    Assessment.MET: QT_TRANSLATE_NOOP(_CONTEXT, "Uppfyllt"),
    Assessment.PARTLY: QT_TRANSLATE_NOOP(_CONTEXT, "Delvis uppfyllt"),
    Assessment.NOT_MET: QT_TRANSLATE_NOOP(_CONTEXT, "Ej uppfyllt"),
    Assessment.NOT_APPLICABLE: QT_TRANSLATE_NOOP(_CONTEXT, "Ej aktuellt"),
}


class ReviewedKind(StrEnum):
    """What a check went through, counted; a fixed list, so no name can be written here."""

    CASE_FILES = "akter"
    JOURNALS = "journaler"
    CARE_PLANS = "genomförandeplaner"
    MEDICATION_LISTS = "läkemedelslistor"
    SIGNING_LISTS = "signeringslistor"
    DELEGATIONS = "delegeringsbeslut"
    SURVEY_ANSWERS = "enkätsvar"
    OBSERVATIONS = "observationstillfällen"
    REGISTER_ROWS = "registerposter"
    ROUTINES = "rutiner och dokument"
    PREMISES = "lokaler och utrymmen"
    OTHER = "andra handlingar"


_BLOCKED = QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollen är makulerad och kan inte ändras.")

CHECK_TRANSITIONS: TransitionTable[CheckStatus, CheckAction] = TransitionTable(
    rules={
        (CheckStatus.PLANNED, CheckAction.PERFORM): CheckStatus.DONE,
        (CheckStatus.PLANNED, CheckAction.CANCEL): CheckStatus.CANCELLED,
        (CheckStatus.PLANNED, CheckAction.RESTORE): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollen är redan planerad.")
        ),
        (CheckStatus.PLANNED, CheckAction.REOPEN): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollen är inte genomförd ännu.")
        ),
        (CheckStatus.PLANNED, CheckAction.ARCHIVE): CheckStatus.PLANNED,
        (CheckStatus.DONE, CheckAction.PERFORM): Refused(
            QT_TRANSLATE_NOOP(
                _CONTEXT, "Egenkontrollen är redan genomförd. Öppna den igen för att ändra svaren."
            )
        ),
        (CheckStatus.DONE, CheckAction.CANCEL): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "En genomförd egenkontroll kan inte ställas in.")
        ),
        (CheckStatus.DONE, CheckAction.RESTORE): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollen är genomförd.")
        ),
        (CheckStatus.DONE, CheckAction.REOPEN): CheckStatus.PLANNED,
        (CheckStatus.DONE, CheckAction.ARCHIVE): CheckStatus.DONE,
        (CheckStatus.CANCELLED, CheckAction.PERFORM): Refused(
            QT_TRANSLATE_NOOP(
                _CONTEXT, "Egenkontrollen är inställd. Planera den igen innan den genomförs."
            )
        ),
        (CheckStatus.CANCELLED, CheckAction.CANCEL): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollen är redan inställd.")
        ),
        (CheckStatus.CANCELLED, CheckAction.RESTORE): CheckStatus.PLANNED,
        (CheckStatus.CANCELLED, CheckAction.REOPEN): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Egenkontrollen är inställd, inte genomförd.")
        ),
        (CheckStatus.CANCELLED, CheckAction.ARCHIVE): CheckStatus.CANCELLED,
    },
    archived={action: _BLOCKED for action in CheckAction},
)


def check_check_transition(
    status: CheckStatus, action: CheckAction, *, archived: bool = False
) -> CheckStatus:
    return check_transition(CHECK_TRANSITIONS, status, action, archived=archived)


# --- the schedule ------------------------------------------------------------------------------


def scheduled_dates(year: int, frequency: Frequency, chosen: Sequence[date] = ()) -> list[date]:
    """The planned days of a plan item's checks in ``year``: the last day of each period (the
    check is done during the period), or the chosen days that fall in the year."""
    if frequency is Frequency.CHOSEN_DATES:
        return sorted({day for day in chosen if day.year == year})
    return [
        date(year, month, calendar.monthrange(year, month)[1]) for month in _PERIOD_ENDS[frequency]
    ]


class DueState(StrEnum):
    NONE = ""  # done, cancelled or not near yet
    DUE = "att göra"  # planned within DUE_SOON_DAYS
    OVERDUE = "försenad"  # planned day has passed without the check being done


def due_state(status: CheckStatus, planned_on: date, today: date) -> DueState:
    """The one deadline rule of a check, used by the list, the dashboard and the dialog."""
    if status is not CheckStatus.PLANNED:
        return DueState.NONE
    if planned_on < today:
        return DueState.OVERDUE
    if planned_on <= today + timedelta(days=DUE_SOON_DAYS):
        return DueState.DUE
    return DueState.NONE


@dataclass(frozen=True)
class Tally:
    """Plan versus done for a set of checks."""

    planned: int = 0  # every check that is not archived or cancelled
    done: int = 0
    done_late: int = 0  # of ``done``: performed after the planned day
    overdue: int = 0
    upcoming: int = 0
    cancelled: int = 0

    @property
    def done_share(self) -> int | None:
        """Percent of the planned checks done, or None when nothing is planned."""
        return round(100 * self.done / self.planned) if self.planned else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.planned + other.planned,
            self.done + other.done,
            self.done_late + other.done_late,
            self.overdue + other.overdue,
            self.upcoming + other.upcoming,
            self.cancelled + other.cancelled,
        )


def tally(checks: Iterable[tuple[CheckStatus, date, date | None]], today: date) -> Tally:
    """Count (status, planned day, performed day) of checks as plan versus done."""
    planned = done = late = overdue = upcoming = cancelled = 0
    for status, planned_on, performed_on in checks:
        if status is CheckStatus.CANCELLED:
            cancelled += 1
            continue
        planned += 1
        if status is CheckStatus.DONE:
            done += 1
            late += bool(performed_on and performed_on > planned_on)
        elif due_state(status, planned_on, today) is DueState.OVERDUE:
            overdue += 1
        else:
            upcoming += 1
    return Tally(planned, done, late, overdue, upcoming, cancelled)


# --- checklists ----------------------------------------------------------------------------------

_ASSESSMENT_VALUES = frozenset(a.value for a in Assessment)


def is_requirement(field: FieldDef) -> bool:
    """A requirement question: a choice answered with exactly the four assessments."""
    return field.type is FieldType.CHOICE and {o.value for o in field.options} == (
        _ASSESSMENT_VALUES
    )


def requirements(form: FormDef) -> list[FieldDef]:
    return [f for _, f in form.fields() if is_requirement(f)]


def is_checklist(form: FormDef) -> bool:
    """A form can be an egenkontroll's checklist when it asks at least one requirement."""
    return bool(requirements(form))


def checklist_problems(form: FormDef) -> list[str]:
    """What makes a form a poor checklist (Swedish): each requirement needs its comment field."""
    ids = {f.id for _, f in form.fields()}
    problems = [] if is_checklist(form) else ["formuläret har ingen kravfråga"]
    for field in requirements(form):
        comment = f"{field.id}{COMMENT_SUFFIX}"
        if comment not in ids:
            problems.append(f"kravfrågan ”{field.id}” saknar kommentarsfältet ”{comment}”")
        elif form.field(comment).type not in (FieldType.TEXT, FieldType.LONG_TEXT):
            problems.append(f"”{comment}” ska vara ett textfält")
    return problems


@dataclass(frozen=True)
class Finding:
    """One requirement's answer, quoted as the checklist asked and the performer answered."""

    field_id: str
    question: str
    assessment: Assessment
    comment: str

    @property
    def quote(self) -> str:
        """The answer as an avvikelse quotes it."""
        text = f"”{self.question}” – {self.assessment.label.lower()}"
        return f"{text}: {self.comment}" if self.comment else f"{text}."


def findings(form: FormDef, answers: FormAnswers) -> list[Finding]:
    """Every answered requirement that is visible, in the checklist's order."""
    values: Mapping[str, Any] = answers.values
    found = []
    for field in requirements(form):
        if not is_visible(field, values):
            continue
        raw = values.get(field.id)
        try:
            assessment = Assessment(str(raw))
        except ValueError:
            continue
        comment = values.get(f"{field.id}{COMMENT_SUFFIX}")
        found.append(
            Finding(
                field.id,
                field.label,
                assessment,
                comment.strip() if isinstance(comment, str) else "",
            )
        )
    return found


def shortcomings(form: FormDef, answers: FormAnswers) -> list[Finding]:
    return [f for f in findings(form, answers) if f.assessment.is_shortcoming]


def missing_comments(form: FormDef, answers: FormAnswers) -> list[Finding]:
    """Shortcomings without a comment: what was wrong must be written, to act on and to quote."""
    return [f for f in shortcomings(form, answers) if not f.comment]


# --- what the search indexes of a checklist ------------------------------------------------------

_FREE_TEXT = (FieldType.TEXT, FieldType.LONG_TEXT)


def answer_texts(form: FormDef, answers: FormAnswers) -> list[str]:
    """What the performer wrote in the checklist, for the search: the free-text answers of its
    visible fields (comments, yes/no motivations, text cells of a group's rows), in its order.

    Never a choice (a code, not words), a provenance (who documented it, and from whom), or
    what is about an individual: a group whose rows carry an individual's code keeps its
    rows' texts out, and a checklist that asks for one keeps all of its answers out."""
    fields = [f for _, f in form.fields()]
    if any(f.type is FieldType.INDIVIDUAL for f in fields):
        return []
    values: Mapping[str, Any] = answers.values
    found: list[str] = []
    for f in fields:
        if is_visible(f, values):
            found += _texts_of(f, values.get(f.id))
    return found


def _texts_of(f: FieldDef, value: Any) -> list[str]:
    if f.type in _FREE_TEXT:
        return [value] if isinstance(value, str) and value.strip() else []
    if f.type is FieldType.YES_NO and isinstance(value, Mapping):
        motivation = value.get("motivering")
        return [motivation] if isinstance(motivation, str) and motivation.strip() else []
    if f.type is FieldType.GROUP and isinstance(value, list):
        if any(column.type is FieldType.INDIVIDUAL for column in f.fields):
            return []
        return [
            text
            for row in value
            if isinstance(row, Mapping)
            for column in f.fields
            for text in _texts_of(column, row.get(column.id))
        ]
    return []
