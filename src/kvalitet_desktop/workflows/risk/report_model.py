"""Plain, frozen input for the risk analysis PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.domain.individual_assessments import IndividualAssessmentSummary
from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.workflows.measures.report_model import (
    MeasureLine,
)


@dataclass(frozen=True)
class AssessmentLine:
    kind: str  # "ursprunglig" or "kvarstående"
    probability: int  # 1-4
    consequence: int  # 1-4
    score: int
    assessed_on: date
    comment: str | None


@dataclass(frozen=True)
class RiskEventLine:
    number: int  # 1-based, the marker in the drawn matrix
    description: str
    causes: str | None
    proposed_measures: str | None
    assessments: tuple[AssessmentLine, ...]  # oldest first; the last one is the current one

    @property
    def current(self) -> AssessmentLine | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def earlier(self) -> tuple[AssessmentLine, ...]:
        return self.assessments[:-1]


@dataclass(frozen=True)
class TeamMemberLine:
    name: str
    role: str | None


@dataclass(frozen=True)
class RiskAnalysisReport:
    header: ReportHeader
    matrix: RiskMatrixConfig
    title: str
    status: str
    scope_kind: str
    scope_description: str | None
    trigger: str  # as the program writes it (the term, e.g. "Planerad förändring i verksamheten")
    trigger_description: str | None
    level: str
    individual_code: str | None
    commissioned_by: str | None
    commissioned_on: date | None
    leader: str | None
    team: tuple[TeamMemberLine, ...]
    fact_sources: str | None
    events: tuple[RiskEventLine, ...]
    measures: tuple[MeasureLine, ...]
    decision_text: str | None
    decided_by: str | None
    decided_on: date | None
    follow_up_on: date | None
    follow_up_method: str | None
    # What records of other kinds assessed person by person for this analysis (counts).
    individual_assessments: tuple[IndividualAssessmentSummary, ...] = ()
