"""Plain, frozen input for the PDFs of a förändring i insatser. Individuals appear by their
pseudonymous code only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.reports.model import ReportHeader


@dataclass(frozen=True)
class PersonLine:
    code: str
    unit: str
    insats: str | None
    risk: str  # "Hög risk (9)" or "Ej bedömd"
    last_contact: date | None
    days_since: int | None
    took_part: bool
    followed_up: bool
    needs_met: str | None
    next_due: date | None
    overdue: bool


@dataclass(frozen=True)
class ChangeReport:
    header: ReportHeader
    number: str
    title: str
    status: str
    units: tuple[str, ...]
    what_changes: tuple[str, ...]
    insatser: str | None
    reason: str | None
    starts_on: date
    planned_end_on: date | None
    decided_by: str | None
    risk_analysis: str | None
    total: int
    contacted_before: int
    took_part: int
    followed_up: int
    needs_met: int
    overdue: int
    people: tuple[PersonLine, ...]
    hidden_people: int  # affected in units the printer does not work in (counted above)
    closed_on: date | None
    lessons: str | None
    unfinished_reason: str | None


@dataclass(frozen=True)
class ContactLine:
    contacted_on: date
    phase: str
    channel: str
    with_whom: str
    staff: str
    reached: bool
    said: str | None
    took_part: bool | None
    wishes: str | None
    next_contact_on: date | None


@dataclass(frozen=True)
class RatingLine:
    dimension: str
    question: str
    rating: str


@dataclass(frozen=True)
class PersonReport:
    header: ReportHeader
    change_number: str
    change_title: str
    code: str
    unit: str
    insats: str | None
    what_changes_for_them: str | None
    paused_self: bool
    risk: str
    risks: tuple[str, ...]
    plan: str | None
    responsible_staff: str | None
    representative: str | None
    contact_preference: str | None
    next_due: date | None
    overdue: bool
    contacts: tuple[ContactLine, ...]
    followed_up_on: date | None
    needs_met: str | None
    ratings: tuple[RatingLine, ...]
    follow_up_comment: str | None
