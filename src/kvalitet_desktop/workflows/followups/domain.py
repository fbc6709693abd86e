"""Follow-ups (uppföljningar): method, effect and the individuals' own experience."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.domain.transitions import TransitionTable, check_transition

_CONTEXT = "followups"

# The kind of each text field of a plan's and a result's input (the rest are long texts).
FIELD_LIMITS = {
    "method": TextKind.MEDIUM,
    "responsible_id": TextKind.CODE,
    "effect_comment": TextKind.LONG,
    "voices.individual_code": TextKind.CODE,
    "voices.comment": TextKind.LONG,
    "voices.ratings.comment": TextKind.MEDIUM,
    "new_measure.title": TextKind.SHORT,
    "new_measure.unit_id": TextKind.CODE,
    "new_measure.responsible_id": TextKind.CODE,
    "new_measure.links.kind": TextKind.CODE,
    "new_measure.links.target_id": TextKind.CODE,
    "new_risk_title": TextKind.SHORT,
}


class FollowUpStatus(StrEnum):
    PLANNED = "planerad"
    DONE = "genomförd"

    @property
    def is_planned(self) -> bool:
        return self is FollowUpStatus.PLANNED


class FollowUpAction(StrEnum):
    UPDATE_PLAN = "ändra planen"
    RECORD_RESULT = "dokumentera"
    ARCHIVE = "makulera"


FOLLOW_UP_TRANSITIONS: TransitionTable[FollowUpStatus, FollowUpAction] = TransitionTable(
    rules={
        (FollowUpStatus.PLANNED, FollowUpAction.UPDATE_PLAN): FollowUpStatus.PLANNED,
        (FollowUpStatus.PLANNED, FollowUpAction.RECORD_RESULT): FollowUpStatus.DONE,
        (FollowUpStatus.PLANNED, FollowUpAction.ARCHIVE): FollowUpStatus.PLANNED,
        # A documented follow-up may be corrected, unless it already started a new record.
        (FollowUpStatus.DONE, FollowUpAction.UPDATE_PLAN): FollowUpStatus.DONE,
        (FollowUpStatus.DONE, FollowUpAction.RECORD_RESULT): FollowUpStatus.DONE,
        (FollowUpStatus.DONE, FollowUpAction.ARCHIVE): FollowUpStatus.DONE,
    },
    archived={
        FollowUpAction.UPDATE_PLAN: QT_TRANSLATE_NOOP(
            _CONTEXT, "Uppföljningen är makulerad och kan inte ändras."
        ),
        FollowUpAction.RECORD_RESULT: QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningen är makulerad."),
        FollowUpAction.ARCHIVE: QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljningen är redan makulerad."),
    },
)

_ALREADY_LED_ON = QT_TRANSLATE_NOOP(
    _CONTEXT, "Uppföljningen är redan dokumenterad och har gett en ny post."
)


def check_follow_up_transition(
    status: FollowUpStatus,
    action: FollowUpAction,
    *,
    archived: bool = False,
    has_outcome_record: bool = False,
) -> FollowUpStatus:
    """The follow-up's status after ``action``; raises ``RuleViolation`` if it is refused.

    A result that started a new measure or analysis stays: documenting again would orphan it.
    """
    new_status = check_transition(FOLLOW_UP_TRANSITIONS, status, action, archived=archived)
    if action is FollowUpAction.RECORD_RESULT and has_outcome_record:
        raise RuleViolation(_ALREADY_LED_ON)
    return new_status


class Effect(StrEnum):
    YES = "ja"
    PARTLY = "delvis"
    NO = "nej"
    UNKNOWN = "går inte att bedöma"


class Outcome(StrEnum):
    CLOSED = "avslutad"
    NEW_MEASURE = "ny åtgärd"
    NEW_RISK_ANALYSIS = "ny riskanalys"


class GatheredBy(StrEnum):
    CONVERSATION = "samtal"
    SURVEY = "enkät"
    RELATIVE = "via närstående"


class Dimension(StrEnum):
    """The five dimensions of the individual's own experience."""

    SAFETY = "trygghet"
    TREATMENT = "bemötande"
    STRESS = "stress"
    CONTINUITY = "kontinuitet"
    PARTICIPATION = "delaktighet"

    @property
    def question(self) -> str:
        return DIMENSION_QUESTIONS[self]


DIMENSION_QUESTIONS: dict[Dimension, str] = {
    Dimension.SAFETY: "Känner sig personen trygg?",
    Dimension.TREATMENT: "Upplever personen ett gott bemötande?",
    Dimension.STRESS: "Upplever personen lugn, utan onödig stress?",
    Dimension.CONTINUITY: "Har personen kontinuitet i personal och kontakter?",
    Dimension.PARTICIPATION: "Känner sig personen delaktig och lyssnad på?",
}

# 1–5: how well the statement behind the dimension holds, in the individual's own words.
RATING_LABELS: dict[int, str] = {
    1: "Inte alls",
    2: "Sällan",
    3: "Ibland",
    4: "Oftast",
    5: "Helt",
}


def rating_label(value: int | None) -> str:
    if value is None:
        return "Ej besvarad"
    return f"{value} – {RATING_LABELS[value]}"


_FOLLOWED_UP = QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljd {date}")
_FOLLOWED_UP_EFFECT = QT_TRANSLATE_NOOP(_CONTEXT, "Uppföljd {date} · effekt: {effect}")
_PLANNED_ON = QT_TRANSLATE_NOOP(_CONTEXT, "planerad {date}")


def _untranslated(_context: str, text: str) -> str:
    return text


def follow_up_text(
    next_planned_on: date | None,
    last_performed_on: date | None,
    last_effect: str | None,
    translate: Callable[[str, str], str] = _untranslated,
) -> str:
    """How a measure's follow-up reads in lists, editors and reports – the one wording.

    The next planned follow-up if there is one ("planerad 2025-05-01"), else the latest one
    carried out ("Uppföljd 2025-04-02 · effekt: delvis"), else "" (none planned yet).
    ``translate(context, text)`` (``QCoreApplication.translate`` in the GUI) translates the
    message before the values are put in; by default the Swedish text is used as it is.
    """
    if next_planned_on is not None:
        return translate(_CONTEXT, _PLANNED_ON).format(date=next_planned_on.isoformat())
    if last_performed_on is not None:
        if last_effect:
            return translate(_CONTEXT, _FOLLOWED_UP_EFFECT).format(
                date=last_performed_on.isoformat(), effect=last_effect
            )
        return translate(_CONTEXT, _FOLLOWED_UP).format(date=last_performed_on.isoformat())
    return ""


# A measure decided after a follow-up answers to it (measure_links.kind).
FOLLOW_UP_LINK = "uppföljning"
