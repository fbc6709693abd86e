"""The periods a list can be narrowed to on its main date: recent days, recent months, or a
calendar year among those the list holds. A choice is kept by its key ("30d", "12m", "2025"),
so a remembered filter means the same span on a later day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from kvalitet_desktop.domain.dates import year_back
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "ListPeriods"
ALL_KEY = ""
LAST_30_DAYS = "30d"
LAST_12_MONTHS = "12m"
ALL_LABEL = QT_TRANSLATE_NOOP(_CONTEXT, "Alla datum")
LAST_30_DAYS_LABEL = QT_TRANSLATE_NOOP(_CONTEXT, "Senaste 30 dagarna")
LAST_12_MONTHS_LABEL = QT_TRANSLATE_NOOP(_CONTEXT, "Senaste 12 månaderna")


@dataclass(frozen=True)
class ListPeriod:
    key: str
    label: str  # marked for translation, except a year, which reads the same in any language
    start: date | None
    end: date | None


def period_of(key: str, today: date) -> ListPeriod:
    """The span ``key`` stands for on ``today``; an unknown key is every date."""
    if key == LAST_30_DAYS:
        return ListPeriod(key, LAST_30_DAYS_LABEL, today - timedelta(days=29), today)
    if key == LAST_12_MONTHS:
        return ListPeriod(key, LAST_12_MONTHS_LABEL, year_back(today) + timedelta(1), today)
    if key.isdigit() and len(key) == 4 and 1900 < int(key) < 3000:
        year = int(key)
        return ListPeriod(key, key, date(year, 1, 1), date(year, 12, 31))
    return ListPeriod(ALL_KEY, ALL_LABEL, None, None)


def period_choices(today: date, first: date | None, last: date | None) -> list[ListPeriod]:
    """Every date, the recent spans, then each calendar year from the latest the list holds
    (this year at least) back to its earliest, newest first."""
    keys = [ALL_KEY, LAST_30_DAYS, LAST_12_MONTHS]
    newest = max(today.year, last.year if last else today.year)
    oldest = min(today.year, first.year if first else today.year)
    keys += [str(year) for year in range(newest, oldest - 1, -1)]
    return [period_of(key, today) for key in keys]
