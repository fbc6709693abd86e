"""Rules for measures (åtgärder): statuses and what a status change requires."""

from __future__ import annotations

from enum import StrEnum

from kvalitet_desktop.domain.errors import Collector, RuleViolation


class MeasureStatus(StrEnum):
    PLANNED = "planerad"
    IN_PROGRESS = "pågående"
    DONE = "genomförd"
    CANCELLED = "avbruten"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS)


def check_status_change(
    new_status: MeasureStatus,
    *,
    cancel_reason: str | None,
    has_planned_follow_up: bool,
) -> None:
    """Raise if the measure may not take ``new_status`` given its data."""
    errors = Collector()
    if new_status is MeasureStatus.CANCELLED and not (cancel_reason or "").strip():
        errors.add("cancel_reason", "Ange varför åtgärden avbryts.")
    errors.raise_if_any()
    if new_status is MeasureStatus.DONE and not has_planned_follow_up:
        raise RuleViolation(
            "Åtgärden kan inte markeras som genomförd förrän en uppföljning är planerad."
        )
