"""The risk analysis vocabulary: scope, trigger, level, status and kind of assessment.

The matrix itself (scale, bands, score) is shared: ``kvalitet_desktop.domain.risk_matrix``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.domain.transitions import Refused, TransitionTable, check_transition

_CONTEXT = "risk"

# The kind of each text field of an analysis's and a decision's input (the rest are long).
FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "unit_id": TextKind.CODE,
    "individual_code": TextKind.CODE,
    "commissioned_by": TextKind.SHORT,
    "leader_id": TextKind.CODE,
    "team.name": TextKind.SHORT,
    "team.role": TextKind.SHORT,
    "team.user_id": TextKind.CODE,
    "events.id": TextKind.CODE,
    "follow_up_method": TextKind.MEDIUM,
    "decided_by_id": TextKind.CODE,
}
FOLLOW_UP_BEFORE_DECISION = QT_TRANSLATE_NOOP(
    _CONTEXT, "Uppföljningen ({later}) kan inte ligga före beslutet ({earlier})."
)


class RiskAnalysisStatus(StrEnum):
    DRAFT = "utkast"
    DECIDED = "beslutad"
    CLOSED = "avslutad"

    @property
    def is_draft(self) -> bool:
        """A draft's first assessments may still be corrected and its decision is only drafted."""
        return self is RiskAnalysisStatus.DRAFT


class RiskAction(StrEnum):
    SAVE = "spara"
    DECIDE = "besluta"
    REASSESS = "bedöma på nytt"
    CLOSE = "avsluta"
    REOPEN = "öppna igen"
    ARCHIVE = "makulera"


_S = RiskAnalysisStatus
_A = RiskAction
_NOT_DECIDED = Refused(QT_TRANSLATE_NOOP(_CONTEXT, "Bara en beslutad riskanalys kan avslutas."))
_NOT_CLOSED = Refused(
    QT_TRANSLATE_NOOP(_CONTEXT, "Bara en avslutad riskanalys kan öppnas igen; den är inte låst.")
)

RISK_TRANSITIONS: TransitionTable[RiskAnalysisStatus, RiskAction] = TransitionTable(
    rules={
        (_S.DRAFT, _A.SAVE): _S.DRAFT,
        (_S.DRAFT, _A.DECIDE): _S.DECIDED,
        (_S.DRAFT, _A.REASSESS): Refused(
            QT_TRANSLATE_NOOP(
                _CONTEXT,
                "Riskanalysen är inte beslutad än: ändra bedömningen i utkastet i stället.",
            )
        ),
        (_S.DRAFT, _A.CLOSE): _NOT_DECIDED,
        (_S.DRAFT, _A.REOPEN): _NOT_CLOSED,
        (_S.DRAFT, _A.ARCHIVE): _S.DRAFT,
        (_S.DECIDED, _A.SAVE): _S.DECIDED,
        (_S.DECIDED, _A.DECIDE): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är redan beslutad.")
        ),
        (_S.DECIDED, _A.REASSESS): _S.DECIDED,
        (_S.DECIDED, _A.CLOSE): _S.CLOSED,
        (_S.DECIDED, _A.REOPEN): _NOT_CLOSED,
        (_S.DECIDED, _A.ARCHIVE): _S.DECIDED,
        # A closed analysis is locked: it is changed only after reopening it with a reason.
        (_S.CLOSED, _A.SAVE): Refused(
            QT_TRANSLATE_NOOP(
                _CONTEXT,
                "Riskanalysen är avslutad och låst. Öppna den igen med en motivering för att "
                "ändra den.",
            )
        ),
        (_S.CLOSED, _A.REOPEN): _S.DECIDED,
        (_S.CLOSED, _A.DECIDE): Refused(
            QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är avslutad och kan inte beslutas på nytt.")
        ),
        (_S.CLOSED, _A.REASSESS): Refused(
            QT_TRANSLATE_NOOP(
                _CONTEXT,
                "Riskanalysen är avslutad. Gör en ny riskanalys om risken behöver bedömas igen.",
            )
        ),
        (_S.CLOSED, _A.CLOSE): _NOT_DECIDED,
        (_S.CLOSED, _A.ARCHIVE): _S.CLOSED,
    },
    archived={
        _A.SAVE: QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är makulerad och kan inte ändras."),
        _A.DECIDE: QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är makulerad."),
        _A.REASSESS: QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är makulerad och kan inte ändras."),
        _A.CLOSE: QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är makulerad och kan inte ändras."),
        _A.REOPEN: QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är makulerad och kan inte ändras."),
        _A.ARCHIVE: QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen är redan makulerad."),
    },
)


def check_risk_transition(
    status: RiskAnalysisStatus, action: RiskAction, *, archived: bool = False
) -> RiskAnalysisStatus:
    """The analysis's status after ``action``; raises ``RuleViolation`` if it is refused."""
    return check_transition(RISK_TRANSITIONS, status, action, archived=archived)


class ScopeKind(StrEnum):
    UNIT = "enhet"
    PROCESS = "process"


class Trigger(StrEnum):
    ACTIVITY_CHANGE = "förändring i verksamheten"
    STAFFING_CHANGE = "förändring i personalsammansättning"
    NEW_METHOD = "nytt arbetssätt eller ny metod"
    PERIODIC = "återkommande översyn"
    OTHER = "annat"

    @property
    def term(self) -> str:
        """How the editor, the list and the PDF write it (``terms``, context "Terms")."""
        return TRIGGER_TERMS[self]


TRIGGER_TERMS: dict[Trigger, str] = {
    Trigger.ACTIVITY_CHANGE: terms.PLANNED_CHANGE,
    Trigger.STAFFING_CHANGE: terms.STAFFING_CHANGE,
    Trigger.NEW_METHOD: terms.NEW_METHOD,
    Trigger.PERIODIC: terms.PERIODIC_REVIEW,
    Trigger.OTHER: terms.OTHER_REASON,
}


class AnalysisLevel(StrEnum):
    GROUP = "gruppnivå"
    INDIVIDUAL = "individnivå"


class AssessmentKind(StrEnum):
    INITIAL = "ursprunglig"
    RESIDUAL = "kvarstående"


# What a measure answers to, as stored in measure_links.kind.
EVENT_LINK = "riskhändelse"
ANALYSIS_LINK = "riskanalys"


def follow_up_overdue(status: RiskAnalysisStatus, follow_up_on: date | None, today: date) -> bool:
    """A decided analysis whose follow-up day has passed without it being followed up and
    closed. A draft's follow-up day is only proposed, so it is not late yet."""
    return (
        status is RiskAnalysisStatus.DECIDED and follow_up_on is not None and follow_up_on < today
    )
