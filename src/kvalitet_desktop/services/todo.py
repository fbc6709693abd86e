"""Items that need someone's attention, as the dashboard shows them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TodoItem:
    kind: str  # the record kind (registry key) of the record that opens
    record_id: str
    title: str
    unit: str
    when: date | None
    detail: str  # the kind's own words; whether it is late is ``overdue``, marked alike for all
    overdue: bool = False  # ``when`` is a deadline that has passed without the step being done


@dataclass(frozen=True)
class TodoSection:
    items: tuple[TodoItem, ...]
    total: int
