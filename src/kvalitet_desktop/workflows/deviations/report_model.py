"""Plain, frozen input for the avvikelse PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.workflows.measures.report_model import MeasureLine


@dataclass(frozen=True)
class CauseLine:
    description: str
    level: str  # "verksamhetsnivå"
    area: str | None


@dataclass(frozen=True)
class DeviationReport:
    header: ReportHeader
    matrix: RiskMatrixConfig
    number: str
    title: str
    status: str
    unit: str
    occurred_at: datetime
    place: str | None
    reported_at: datetime
    reporter: str
    registered_by: str | None
    legal_basis: str | None
    lex_maria_note: str | None  # the prompt to contact the MAS, under HSL
    individual: str | None  # the code(s) as printed
    category: str | None
    description: str
    consequence: str | None
    immediate_measures: str | None
    probability: int | None
    consequence_level: int | None
    score: int | None
    start_due: date | None
    close_due: date | None
    investigator: str | None
    investigation_started_on: date | None
    analysis: str | None
    causes: tuple[CauseLine, ...]
    measures: tuple[MeasureLine, ...]
    feedback_on: date | None
    feedback_how: str | None
    feedback_to: str | None
    conclusion: str | None
    closed_on: date | None
    closed_by: str | None
    linked: tuple[str, ...]  # the linked records the printer may see ("Lex Sarah-ärende …")
