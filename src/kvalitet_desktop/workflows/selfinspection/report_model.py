"""Plain, frozen input for the egenkontroll PDFs: a performed check, and a unit's yearly plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.domain.forms import FormAnswers, FormDef, FormLookups
from kvalitet_desktop.reports.model import ReportHeader


@dataclass(frozen=True)
class FindingLine:
    question: str
    assessment: str  # a label: "Ej uppfyllt"
    comment: str | None


@dataclass(frozen=True)
class LinkedLine:
    """A record the check gave rise to (an avvikelse): its number and status only."""

    label: str
    status: str


@dataclass(frozen=True)
class CheckReport:
    header: ReportHeader
    title: str
    unit: str
    year: int
    method: str
    frequency: str
    responsible: str | None
    on_failure: str
    planned_on: date
    status: str
    performed_on: date | None
    performed_by: str | None
    reviewed: tuple[tuple[str, int], ...]  # (kind, count)
    reviewed_note: str | None
    summary: str | None
    status_reason: str | None
    form: FormDef
    answers: FormAnswers
    lookups: FormLookups
    shortcomings: tuple[FindingLine, ...]
    counts: tuple[tuple[str, int], ...]  # (assessment label, how many answers)
    linked: tuple[LinkedLine, ...]


@dataclass(frozen=True)
class PlanLine:
    title: str
    method: str
    frequency: str
    responsible: str | None
    checklist: str
    on_failure: str
    planned: int
    done: int
    done_late: int
    overdue: int
    upcoming: int
    cancelled: int


@dataclass(frozen=True)
class CheckLine:
    title: str
    planned_on: date
    status: str
    performed_on: date | None
    shortcomings: int


@dataclass(frozen=True)
class PlanReport:
    header: ReportHeader
    unit: str
    year: int
    lines: tuple[PlanLine, ...]
    total: PlanLine
    checks: tuple[CheckLine, ...]
