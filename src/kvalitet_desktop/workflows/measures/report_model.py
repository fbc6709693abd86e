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
    follow_up_on: date | None  # the next planned follow-up
    overdue: bool = False
    completed_on: date | None = None  # when it became genomförd
    # How its follow-up stands, e.g. "Uppföljd 2026-08-11 · effekt: ja · planerad 2026-12-01";
    # None prints the next planned date (``follow_up_on``) instead.
    follow_up: str | None = None


@dataclass(frozen=True)
class UnitMeasures:
    unit: str
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True)
class MeasurePlanReport:
    """Åtgärdsplan: the measures of one or more units."""

    header: ReportHeader
    units: tuple[UnitMeasures, ...]
