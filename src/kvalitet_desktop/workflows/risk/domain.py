"""The risk analysis vocabulary: scope, trigger, level, status and kind of assessment.

The matrix itself (scale, bands, score) is shared: ``kvalitet_desktop.domain.risk_matrix``.
"""

from __future__ import annotations

from enum import StrEnum


class RiskAnalysisStatus(StrEnum):
    DRAFT = "utkast"
    DECIDED = "beslutad"
    CLOSED = "avslutad"


class ScopeKind(StrEnum):
    UNIT = "enhet"
    PROCESS = "process"


class Trigger(StrEnum):
    ACTIVITY_CHANGE = "förändring i verksamheten"
    STAFFING_CHANGE = "förändring i personalsammansättning"
    NEW_METHOD = "nytt arbetssätt eller ny metod"
    PERIODIC = "återkommande översyn"
    OTHER = "annat"


class AnalysisLevel(StrEnum):
    GROUP = "gruppnivå"
    INDIVIDUAL = "individnivå"


class AssessmentKind(StrEnum):
    INITIAL = "ursprunglig"
    RESIDUAL = "kvarstående"


# What a measure answers to, as stored in measure_links.kind.
EVENT_LINK = "riskhändelse"
ANALYSIS_LINK = "riskanalys"
