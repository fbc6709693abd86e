"""Plain, frozen input for the complaint PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kvalitet_desktop.reports.model import ReportHeader


@dataclass(frozen=True)
class MeasureLine:
    title: str
    status: str
    due_date: date | None
    # How its follow-up stands, as every list writes it ("Uppföljd 2026-03-02 · effekt: ja").
    follow_up: str


@dataclass(frozen=True)
class ComplaintReport:
    header: ReportHeader
    number: str
    title: str
    status: str
    complaint_kind: str
    topic: str
    received_on: date
    channel: str
    received_by: str | None
    submitter_type: str
    anonymous: bool
    submitter_name: str | None
    submitter_contact: str | None
    description: str
    handler: str | None
    investigation: str | None
    reply_due: date | None
    replied_on: date | None
    reply_method: str | None
    reply_text: str | None
    response_text: str  # "5 dagar (mål 14 dagar)", "Inget svar ännu", …
    measures: tuple[MeasureLine, ...]
    conclusion: str | None
    closed_on: date | None
    closed_by: str | None
    archive_reason: str | None
