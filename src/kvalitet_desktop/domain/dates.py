"""Swedish date words used in printed texts, and the calendar steps shared by the rules."""

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


def year_back(day: date) -> date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
