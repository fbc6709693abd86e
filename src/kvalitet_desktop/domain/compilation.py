"""Sammanställning och analys: the period compiled, and what one record kind contributes.

Each contributing kind answers, for one period and the chosen units, with ``KindFigures``:
one ``Event`` per record that counts (its day, unit and category), its causes by level and a
few labelled facts of its own. The shared compilation service turns them into months, a
Pareto of categories, units and comparisons; no kind counts those itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.dates import year_back
from kvalitet_desktop.domain.errors import Collector
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import date_problem, order_problem

_CONTEXT = "Compilation"
# A compilation is drawn per month: keep the charts readable and the work bounded.
MAX_MONTHS = 60

_NO_START = QT_TRANSLATE_NOOP(_CONTEXT, "Ange periodens första dag.")
_NO_END = QT_TRANSLATE_NOOP(_CONTEXT, "Ange periodens sista dag.")
_ORDER = QT_TRANSLATE_NOOP(
    _CONTEXT, "Periodens sista dag ({later}) ligger före dess första dag ({earlier})."
)
_TOO_LONG = QT_TRANSLATE_NOOP(
    _CONTEXT, "Perioden får vara högst {months} månader lång; välj en kortare period."
)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def whole_months(self) -> bool:
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts: as many
        whole months for whole months (a quarter before a quarter), else as many days."""
        end = self.start - timedelta(days=1)
        if self.whole_months:
            count = len(self.months())
            year, month = divmod(self.start.year * 12 + self.start.month - 1 - count, 12)
            return Period(date(year, month + 1, 1), end)
        return Period(end - timedelta(days=self.days - 1), end)

    def year_earlier(self) -> Period:
        """The same days one year earlier (29 February becomes the 28th)."""
        return Period(year_back(self.start), year_back(self.end))

    def months(self) -> tuple[tuple[int, int], ...]:
        """(year, month) of every month the period touches, in order."""
        year, month = self.start.year, self.start.month
        found = []
        while (year, month) <= (self.end.year, self.end.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return tuple(found)


def check_period(start: object, end: object) -> Period:
    """The period from ``start`` to ``end``, or ``ValidationFailed`` naming each problem at its
    field ("start", "end")."""
    errors = Collector()
    if start is None:
        errors.add("start", _NO_START)
    elif problem := date_problem(start):
        errors.add("start", problem)
    if end is None:
        errors.add("end", _NO_END)
    elif problem := date_problem(end):
        errors.add("end", problem)
    errors.raise_if_any()
    assert isinstance(start, date) and isinstance(end, date)
    if problem := order_problem(start, end, _ORDER):
        errors.add("end", problem)
    errors.raise_if_any()
    period = Period(start, end)
    if len(period.months()) > MAX_MONTHS:
        errors.add("end", _TOO_LONG.format(months=MAX_MONTHS))
    errors.raise_if_any()
    return period


@dataclass(frozen=True)
class Event:
    """One record that counts in the period: its day, unit and category (None: none given)."""

    day: date
    unit_id: str
    category: str | None = None


@dataclass(frozen=True)
class Fact:
    """A labelled figure of a kind's own, ready to print ("Median svarstid", "9 dagar")."""

    label: str
    value: str


@dataclass(frozen=True)
class KindFigures:
    """What one record kind contributes to a compilation of one period.

    ``detail`` False: the user may see how many there are, nothing more (no categories,
    units or causes: with few records a unit or a category can point out a person)."""

    title: str  # "Avvikelser"
    events: tuple[Event, ...]
    # The title where room is short (a chart's axis): "Klagomål" for "Klagomål och synpunkter".
    short_title: str | None = None
    order: int = 100  # place among the sections
    category_label: str | None = None  # "Kategori", "Ämne"; None: the kind has no categories
    causes: Mapping[CauseLevel, int] = field(default_factory=dict)
    facts: tuple[Fact, ...] = ()
    detail: bool = True
