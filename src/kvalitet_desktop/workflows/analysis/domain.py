"""The signed analysis: its statuses and transitions, and the limits of its texts.

A coordinator writes the analysis and the improvements decided against the figures of a
period; signing records who and when and locks it. A signed analysis changes only through
"Ändra med motivering", which takes it back to a draft (the reason kept in the history) to be
signed again."""

from __future__ import annotations

from enum import StrEnum

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind

_CONTEXT = "Analysis"
NUMBER_PREFIX = "AN"

FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "analysis": TextKind.LONG,
    "improvements": TextKind.LONG,
    "reason": TextKind.MEDIUM,
    "unit_id": TextKind.CODE,
    "area_id": TextKind.CODE,
}


class AnalysisStatus(StrEnum):
    DRAFT = "utkast"
    SIGNED = "signerad"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    AnalysisStatus.DRAFT: QT_TRANSLATE_NOOP(_CONTEXT, "Utkast"),
    AnalysisStatus.SIGNED: QT_TRANSLATE_NOOP(_CONTEXT, "Signerad"),
}


class AnalysisAction(StrEnum):
    EDIT = "ändra"
    SIGN = "signera"
    REOPEN = "ändra med motivering"


_TRANSITIONS = {
    (AnalysisStatus.DRAFT, AnalysisAction.EDIT): AnalysisStatus.DRAFT,
    (AnalysisStatus.DRAFT, AnalysisAction.SIGN): AnalysisStatus.SIGNED,
    (AnalysisStatus.SIGNED, AnalysisAction.REOPEN): AnalysisStatus.DRAFT,
}
_REFUSALS = {
    AnalysisAction.EDIT: QT_TRANSLATE_NOOP(
        _CONTEXT,
        "Analysen är signerad och låst. Välj ”Ändra med motivering” för att ändra den.",
    ),
    AnalysisAction.SIGN: QT_TRANSLATE_NOOP(_CONTEXT, "Analysen är redan signerad."),
    AnalysisAction.REOPEN: QT_TRANSLATE_NOOP(
        _CONTEXT, "Analysen är inte signerad: den kan ändras som den är."
    ),
}


def check_transition(status: AnalysisStatus, action: AnalysisAction) -> AnalysisStatus:
    """The status after ``action``, or ``RuleViolation`` saying why it cannot be done."""
    after = _TRANSITIONS.get((status, action))
    if after is None:
        raise RuleViolation(_REFUSALS[action])
    return after


def number_for(year: int, sequence: int) -> str:
    """ "AN-2026-0003"."""
    return f"{NUMBER_PREFIX}-{year}-{sequence:04d}"
