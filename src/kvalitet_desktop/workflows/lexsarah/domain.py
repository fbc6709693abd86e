"""Lex Sarah (SOSFS 2011:5): the vocabulary of a case and the rules of its deadlines.

The law's time words are genast, omedelbart, utan dröjsmål and snarast; the day counts below are
local targets a municipality sets (``DeadlineRules``), except the two months within which an
investigation not attached to the notification must reach IVO.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any


class CaseStatus(StrEnum):
    REPORTED = "rapporterad"
    RECEIVED = "mottagen"
    INVESTIGATING = "under utredning"
    CLOSED = "avslutad"


class CaseType(StrEnum):
    MISCONDUCT = "missförhållande"
    RISK = "påtaglig risk för missförhållande"


class Seriousness(StrEnum):
    NONE = "inte missförhållande"
    MISCONDUCT = "missförhållande"
    RISK = "påtaglig risk för missförhållande"
    SERIOUS = "allvarligt missförhållande"
    SERIOUS_RISK = "påtaglig risk för allvarligt missförhållande"

    @property
    def is_serious(self) -> bool:
        return self in (Seriousness.SERIOUS, Seriousness.SERIOUS_RISK)


class ClosingKind(StrEnum):
    DECISION = "beslut"
    POSITION = "ställningstagande"


class IvoChannel(StrEnum):
    E_SERVICE = "e-tjänst"
    POST = "post"


class CauseLevel(StrEnum):
    INDIVIDUAL = "individ"
    ACTIVITY = "verksamhet"
    SYSTEM = "system"

    @property
    def level_text(self) -> str:
        """ "individnivå", "verksamhetsnivå", "systemnivå"."""
        return {"individ": "individnivå", "verksamhet": "verksamhetsnivå"}.get(
            self.value, "systemnivå"
        )


class ReportForm(StrEnum):
    """Ids of the shipped forms a case is documented with."""

    REPORT = "lex_sarah_rapport"
    INVESTIGATION = "lex_sarah_utredning"
    NOTIFICATION = "ivo_anmalan"


@dataclass(frozen=True)
class DeadlineRules:
    """Local targets, in days after receipt; and the months after IVO notification."""

    start_within_days: int = 2
    finish_within_days: int = 28
    remind_days_before: int = 7
    ivo_investigation_months: int = 2

    def to_dict(self) -> dict[str, int]:
        return {
            "start_within_days": self.start_within_days,
            "finish_within_days": self.finish_within_days,
            "remind_days_before": self.remind_days_before,
            "ivo_investigation_months": self.ivo_investigation_months,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeadlineRules:
        default = cls()
        values = {k: int(data.get(k, getattr(default, k))) for k in default.to_dict()}
        rules = cls(**values)
        if min(values.values()) < 0 or rules.ivo_investigation_months < 1:
            raise ValueError("deadline values must be non-negative")
        return rules

    def start_due(self, received: date) -> date:
        return received + timedelta(days=self.start_within_days)

    def finish_due(self, received: date) -> date:
        return received + timedelta(days=self.finish_within_days)

    def ivo_investigation_due(self, notified: date) -> date:
        return add_months(notified, self.ivo_investigation_months)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# A preventive measure answers to a cause found in the investigation (measure_links.kind).
CAUSE_LINK = "lex sarah-orsak"
