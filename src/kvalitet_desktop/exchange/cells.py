"""A list's cells as typed values for a spreadsheet: what the list page shows, but a date as a
date and a number as a number, so Excel can sort, filter and count them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from kvalitet_desktop.services.list_text import Translate, display_value
from kvalitet_desktop.services.listing import ListSpec, Row

Cell = str | int | float | date | datetime | None


def typed_value(spec: ListSpec, key: str, row: Row, translate: Translate) -> Cell:
    """Cell ``key`` of ``row``: the list's own wording (its ``text`` hook) unless the value is
    a number, or a date that the wording only writes out (then the date itself)."""
    raw: Any = row.get(key)
    worded = spec.text(key, row, translate) if spec.text else None
    if isinstance(raw, bool):
        return worded if worded is not None else display_value(key, raw)
    if isinstance(raw, int | float | Decimal):
        return raw if not isinstance(raw, Decimal) else float(raw)
    if isinstance(raw, date):
        if worded is None:
            return _to_minute(raw)
        shown = _iso_day(worded)
        return shown if shown is not None else worded
    if worded is not None:
        return worded
    return None if raw is None else display_value(key, raw)


def _to_minute(value: date) -> date:
    """A time as the list shows it, to the minute."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    return value


def _iso_day(text: str) -> date | None:
    if len(text) != len("2026-01-01"):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
