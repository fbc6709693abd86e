"""Rules for measures (åtgärder): statuses and what a status change requires."""

from __future__ import annotations

from enum import StrEnum

from kvalitet_desktop.domain.errors import Collector, RuleViolation
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.domain.transitions import TransitionTable, check_transition

_CONTEXT = "measures"

# The kind of each text field of a measure's input (the rest are long texts).
FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "unit_id": TextKind.CODE,
    "responsible_id": TextKind.CODE,
    "links.kind": TextKind.CODE,
    "links.target_id": TextKind.CODE,
}
COMPLETED_IN_FUTURE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Åtgärden kan inte ha genomförts {day}: det är efter i dag ({today})."
)
# Order facts against the measure's start ({earlier}); the later date is {later}.
DUE_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT, "Åtgärden kan inte vara klar ({later}) innan den påbörjas ({earlier})."
)
COMPLETED_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT, "Åtgärden kan inte ha genomförts ({later}) innan den påbörjades ({earlier})."
)
FOLLOW_UP_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Uppföljningen ({later}) kan inte ligga före åtgärdens start ({earlier}).",
)


class MeasureStatus(StrEnum):
    PLANNED = "planerad"
    IN_PROGRESS = "pågående"
    DONE = "genomförd"
    CANCELLED = "avbruten"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)


class MeasureAction(StrEnum):
    EDIT = "ändra"
    SET_PLANNED = "planerad"
    SET_IN_PROGRESS = "pågående"
    SET_DONE = "genomförd"
    SET_CANCELLED = "avbruten"
    ARCHIVE = "makulera"


# A status change is the action of giving the measure that status.
STATUS_ACTIONS: dict[MeasureStatus, MeasureAction] = {
    MeasureStatus.PLANNED: MeasureAction.SET_PLANNED,
    MeasureStatus.IN_PROGRESS: MeasureAction.SET_IN_PROGRESS,
    MeasureStatus.DONE: MeasureAction.SET_DONE,
    MeasureStatus.CANCELLED: MeasureAction.SET_CANCELLED,
}


def _measure_rules() -> dict[tuple[MeasureStatus, MeasureAction], MeasureStatus]:
    # Any status may follow any other (a measure can be reopened); what a status needs is
    # checked from the measure's data in ``check_status_change``.
    rules: dict[tuple[MeasureStatus, MeasureAction], MeasureStatus] = {}
    for state in MeasureStatus:
        rules[(state, MeasureAction.EDIT)] = state
        rules[(state, MeasureAction.ARCHIVE)] = state
        for target, action in STATUS_ACTIONS.items():
            rules[(state, action)] = target
    return rules


_CHANGED_ARCHIVED = QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärden är makulerad och kan inte ändras.")

MEASURE_TRANSITIONS: TransitionTable[MeasureStatus, MeasureAction] = TransitionTable(
    rules=_measure_rules(),
    archived={
        **{action: _CHANGED_ARCHIVED for action in MeasureAction},
        MeasureAction.ARCHIVE: QT_TRANSLATE_NOOP(_CONTEXT, "Åtgärden är redan makulerad."),
    },
)


def check_measure_transition(
    status: MeasureStatus, action: MeasureAction, *, archived: bool = False
) -> MeasureStatus:
    """The measure's status after ``action``; raises ``RuleViolation`` if it is refused."""
    return check_transition(MEASURE_TRANSITIONS, status, action, archived=archived)


def check_status_change(
    new_status: MeasureStatus,
    *,
    cancel_reason: str | None,
    has_planned_follow_up: bool,
    current: MeasureStatus | None = None,
    archived: bool = False,
) -> None:
    """Raise if the measure may not take ``new_status`` given its data (and, when ``current``
    is given, its present status)."""
    if current is not None:
        check_measure_transition(current, STATUS_ACTIONS[new_status], archived=archived)
    errors = Collector()
    if new_status is MeasureStatus.CANCELLED and not (cancel_reason or "").strip():
        errors.add("cancel_reason", QT_TRANSLATE_NOOP(_CONTEXT, "Ange varför åtgärden avbryts."))
    errors.raise_if_any()
    if new_status is MeasureStatus.DONE and not has_planned_follow_up:
        raise RuleViolation(
            QT_TRANSLATE_NOOP(
                _CONTEXT,
                "Åtgärden kan inte markeras som genomförd förrän en uppföljning är planerad.",
            )
        )
