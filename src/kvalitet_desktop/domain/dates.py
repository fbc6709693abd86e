"""Swedish date words used in printed texts."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def month_name(day: date) -> str:
    """ "mars" for any day in March."""
    return MONTHS[day.month - 1]
