"""One cell turned into a field's value, or the Swedish reason it cannot be: dates that exist,
list values known (directly or through the value table), texts within the kind's limits and
without a personnummer."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.text_rules import (
    date_problem,
    normalise,
    personal_number_problem,
    text_problem,
)
from kvalitet_desktop.exchange.imports.reading import Cell, cell_text
from kvalitet_desktop.services.imports import Choice, FieldType, ImportField

_CONTEXT = "Imports"
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
REQUIRED = QT_TRANSLATE_NOOP(_CONTEXT, "{field} måste fyllas i, men cellen är tom.")
NOT_A_DATE = QT_TRANSLATE_NOOP(
    _CONTEXT, "”{text}” är inget datum: skriv det som ÅÅÅÅ-MM-DD (t.ex. 2025-03-14)."
)
NO_SUCH_MONTH = QT_TRANSLATE_NOOP(_CONTEXT, "Datumet {text} finns inte: ett år har tolv månader.")
NO_SUCH_DAY = QT_TRANSLATE_NOOP(
    _CONTEXT, "Datumet {text} finns inte: {month} {year} har {days} dagar."
)
NO_SUCH_TIME = QT_TRANSLATE_NOOP(_CONTEXT, "Klockslaget i ”{text}” finns inte.")
UNKNOWN_VALUE = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "”{text}” finns inte bland värdena för {field}. Koppla det till ett av dem i värdetabellen.",
)
UNKNOWN_UNIT = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Enheten ”{text}” finns inte (eller du arbetar inte i den). Koppla den till en enhet i "
    "värdetabellen.",
)

_DATE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$"
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def choice_key(text: str) -> str:
    """A list value as compared: NFC, case and spacing folded."""
    return " ".join(normalise(text).casefold().split())


@dataclass(frozen=True)
class Lookup:
    """A list field's values by what a sheet may write: the stored value or the label."""

    by_text: Mapping[str, str]
    table: Mapping[str, str]  # the mapping's value table for this field: sheet text -> value

    @classmethod
    def of(cls, choices: Sequence[Choice], table: Mapping[str, str]) -> Lookup:
        by_text: dict[str, str] = {}
        for choice in choices:
            by_text.setdefault(choice_key(choice.label), choice.value)
            by_text.setdefault(choice_key(choice.value), choice.value)
        return cls(by_text, {choice_key(k): v for k, v in table.items()})

    def find(self, text: str) -> str | None:
        key = choice_key(text)
        if key in self.table:
            target = self.table[key]
            return self.by_text.get(choice_key(target))
        return self.by_text.get(key)


def convert(
    item: ImportField, raw: Cell, lookup: Lookup | None, default: str | None = None
) -> tuple[Any, str | None]:
    """The field's value of ``raw`` and None, or None and what is wrong (Swedish)."""
    text = cell_text(raw).strip() if not isinstance(raw, str) else raw.strip()
    if not text and default:
        raw, text = default, default
    if not text:
        if item.required:
            return None, REQUIRED.format(field=item.label)
        return None, None
    if item.type is FieldType.TEXT:
        return _text(item, raw if isinstance(raw, str) else text)
    if item.type in (FieldType.DATE, FieldType.DATETIME):
        return _day(item, raw, text)
    assert lookup is not None
    found = lookup.find(text)
    if found is None:
        message = UNKNOWN_UNIT if item.type is FieldType.UNIT else UNKNOWN_VALUE
        return None, message.format(text=text, field=item.label.lower())
    return found, None


def _text(item: ImportField, value: str) -> tuple[Any, str | None]:
    value = value.strip()
    problem = text_problem(value, item.text_kind)
    if problem:
        return None, problem
    if item.free_text:
        found = personal_number_problem(value)
        if found:
            return None, found
    return normalise(value), None


def _day(item: ImportField, raw: Cell, text: str) -> tuple[Any, str | None]:
    if isinstance(raw, datetime):
        moment = raw
    elif isinstance(raw, date):
        moment = datetime.combine(raw, time(0, 0))
    else:
        parsed = parse_moment(text)
        if isinstance(parsed, str):
            return None, parsed
        moment = parsed
    problem = date_problem(moment.date())
    if problem:
        return None, problem
    if item.type is FieldType.DATE:
        return moment.date(), None
    return moment, None


def parse_moment(text: str) -> datetime | str:
    """``text`` (ÅÅÅÅ-MM-DD, optionally with HH:MM, or ÅÅÅÅMMDD) as a moment, or why not."""
    match = _DATE.match(text) or _COMPACT.match(text)
    if match is None:
        return NOT_A_DATE.format(text=text)
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if not 1 <= month <= 12:
        return NO_SUCH_MONTH.format(text=text)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return NO_SUCH_DAY.format(text=text, month=MONTHS[month - 1], year=year, days=days)
    parts = [match.group(i) for i in range(4, 7)] if match.re is _DATE else []
    hour, minute, second = (int(p) if p else 0 for p in (parts or [None, None, None]))
    if hour > 23 or minute > 59 or second > 59:
        return NO_SUCH_TIME.format(text=text)
    return datetime(year, month, day, hour, minute, second)
