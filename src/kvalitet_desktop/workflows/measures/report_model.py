"""Plain, frozen input for the åtgärdsplan and measure tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.reports.model import ReportHeader


@dataclass(frozen=True)
class MeasureLine:
    title: str
    responsible: str | None
    due_date: date | None
    status: str  # "planerad", "pågående", "genomförd", "avbruten"
    answers_to: str | None  # e.g. "Händelse 2: Deltagare blir isolerade"
    follow_up_on: date | None
    overdue: bool = False


@dataclass(frozen=True)
class UnitMeasures:
    unit: str
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class MeasurePlanReport:
    """Åtgärdsplan: the measures of one or more units."""

    header: ReportHeader
    units: tuple[UnitMeasures, ...]
