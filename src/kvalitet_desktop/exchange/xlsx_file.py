"""A list as an Excel workbook, written row by row (openpyxl's write-only mode keeps memory
bounded however long the list): bold and frozen headings, an autofilter, widths from content."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from kvalitet_desktop.exchange.cells import Cell

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_WIDTH = 6
MAX_WIDTH = 60
_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_SHEET_TITLE_MAX = 31


def write_xlsx(
    path: Path,
    sheet: str,
    headings: Sequence[str],
    sample: Sequence[Sequence[Cell]],
    rows: Iterable[Sequence[Cell]],
) -> int:
    """Write ``headings`` and then every row of ``rows`` to ``path``; the column widths are
    measured on ``sample`` (the first rows, which ``rows`` yields again). Returns the rows."""
    book = Workbook(write_only=True)
    ws: WriteOnlyWorksheet = book.create_sheet(_sheet_title(sheet))
    ws.freeze_panes = "A2"  # the headings stay in sight while scrolling
    for number, width in enumerate(column_widths(headings, sample), start=1):
        ws.column_dimensions[get_column_letter(number)].width = width
    bold = Font(bold=True)
    header = []
    for text in headings:
        cell = WriteOnlyCell(ws, value=_clean(text))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    try:
        for row in rows:
            ws.append([_cell(ws, value) for value in row])
            count += 1
    except BaseException:  # a read failed midway: no copy of the rows left behind
        _discard(ws)
        raise
    last = get_column_letter(max(1, len(headings)))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    ws.close()  # the rows' temporary file is complete before the workbook is packed
    _save(book, ws, path)
    return count


def _save(book: Workbook, ws: WriteOnlyWorksheet, path: Path) -> None:
    """``book.save`` that closes its files when writing fails (a full disk), so the error
    reaches the caller once instead of again from the garbage collector, and the rows'
    temporary file is removed then too."""
    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        with suppress(OSError, ValueError):
            archive.close()
        _discard(ws)
        raise


def _discard(ws: WriteOnlyWorksheet) -> None:
    """Remove the temporary file openpyxl keeps the rows in until the workbook is packed."""
    with suppress(Exception):
        if not ws.closed:
            ws.close()
    with suppress(OSError):
        ws._writer.cleanup()


def _cell(ws: WriteOnlyWorksheet, value: Cell) -> object:
    if isinstance(value, str):
        text = _clean(value)
        if text.startswith("="):
            # Text, never a formula: a record's title must not compute anything in Excel.
            cell = WriteOnlyCell(ws, value=text)
            cell.data_type = "s"
            return cell
        return text
    if isinstance(value, datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = TIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _clean(text: str) -> str:
    # Characters an XLSX file cannot hold (the input rules keep them out; old data may not).
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def column_widths(headings: Sequence[str], sample: Sequence[Sequence[Cell]]) -> list[float]:
    """Each column as wide as its longest heading or sampled cell, within bounds."""
    widths = []
    for index, heading in enumerate(headings):
        longest = len(heading) + 3  # room for the autofilter's button
        for row in sample:
            longest = max(longest, _shown_length(row[index]))
        widths.append(float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 1))))
    return widths


def _shown_length(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len(TIME_FORMAT)
    if isinstance(value, date):
        return len(DATE_FORMAT)
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _sheet_title(text: str) -> str:
    title = text.translate(_SHEET_FORBIDDEN).strip().strip("'")
    return title[:_SHEET_TITLE_MAX] or "Lista"
