"""A list as a CSV file Swedish Excel opens by a double click: UTF-8 with a byte order mark,
semicolons between the cells, dates as YYYY-MM-DD and decimal commas."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from kvalitet_desktop.exchange.cells import Cell

ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8
SEPARATOR = ";"
# A cell starting with one of these would be read by a spreadsheet as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(path: Path, headings: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write ``headings`` and every row of ``rows`` to ``path``; returns the rows written."""
    count = 0
    with path.open("w", encoding=ENCODING, newline="") as fh:
        writer = csv.writer(fh, delimiter=SEPARATOR, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(headings)
        for row in rows:
            writer.writerow([csv_text(value) for value in row])
            count += 1
    return count


def csv_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if value.startswith(_FORMULA_STARTS):
        # Shown as text by Excel, and the apostrophe is Excel's own sign of that.
        return "'" + value
    return value
