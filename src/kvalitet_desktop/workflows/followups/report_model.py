"""Plain, frozen input for the follow-up PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.reports.model import ReportHeader


@dataclass(frozen=True)
class RatingLine:
    dimension: str  # "trygghet", "bemötande", "stress", "kontinuitet", "delaktighet"
    question: str  # e.g. "Känner sig personen trygg?"
    rating: str  # already a label, e.g. "4 – Oftast" or "Ej besvarad"
    comment: str | None


@dataclass(frozen=True)
class VoiceLine:
    individual_code: str | None  # pseudonymous code, or None for the group
    gathered_by: str  # "samtal", "enkät", "via närstående"
    comment: str | None
    ratings: tuple[RatingLine, ...]


@dataclass(frozen=True)
class FollowUpReport:
    header: ReportHeader
    measure_title: str
    measure_description: str | None
    measure_status: str
    answers_to: str | None
    planned_on: date
    performed_on: date | None
    method: str | None
    responsible: str | None
    status: str
    result: str | None
    effect: str | None
    effect_comment: str | None
    outcome: str | None
    outcome_text: str | None  # e.g. "Ny åtgärd skapad: …"
    voices: tuple[VoiceLine, ...]
