"""A list as an Excel workbook, streamed row by row straight into the file's zip archive.

The sheet is written as SpreadsheetML the program builds itself: every text an inline string
(never a formula, however it begins), dates as Excel's day numbers with a date format, bold and
frozen headings, an autofilter over the rows and widths measured on the first rows. Nothing is
held in memory or in a temporary file but the row being written, so the largest list takes
seconds (openpyxl, which reads the sheets brought in, spent most of its time per cell here).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import IO
from zipfile import ZIP_DEFLATED, ZipFile

from kvalitet_desktop.exchange.cells import Cell

DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_WIDTH = 6
MAX_WIDTH = 60
# The rows one sheet can hold below its heading, and the characters one cell can hold.
MAX_ROWS = 1_048_575
MAX_CELL_TEXT = 32_767
# Deflate's fastest level: the sheet's XML repeats itself and shrinks well even so.
COMPRESSION = 1
_CHUNK_ROWS = 500  # rows gathered before a write to the archive

_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
_SHEET_TITLE_MAX = 31
# Characters XML 1.0 cannot carry (the input rules keep them out; old data may not).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EXCEL_EPOCH = datetime(1899, 12, 30)
_HEADING_STYLE, _DATE_STYLE, _TIME_STYLE = 1, 2, 3

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


class TooManyRows(ValueError):
    """More rows than one sheet holds."""


def write_xlsx(
    path: Path,
    sheet: str,
    headings: Sequence[str],
    sample: Sequence[Sequence[Cell]],
    rows: Iterable[Sequence[Cell]],
) -> int:
    """Write ``headings`` and then every row of ``rows`` to ``path``; the column widths are
    measured on ``sample`` (the first rows, which ``rows`` yields again). Returns the rows.
    A failure midway (a read, a full disk) closes the file and reaches the caller once."""
    title = _sheet_title(sheet)
    archive = ZipFile(path, "w", ZIP_DEFLATED, compresslevel=COMPRESSION)
    try:
        with archive.open("xl/worksheets/sheet1.xml", "w") as stream:
            count = _write_sheet(stream, headings, column_widths(headings, sample), rows)
        last = f"{_letters(max(1, len(headings)))}{count + 1}"
        for name, text in _package(title, last).items():
            archive.writestr(name, text)
        archive.close()
    except BaseException:
        with suppress(OSError, ValueError):
            archive.close()
        raise
    return count


def _write_sheet(
    stream: IO[bytes],
    headings: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[Cell]],
) -> int:
    letters = [_letters(n) for n in range(1, max(1, len(headings)) + 1)]
    stream.write(_sheet_start(widths, headings, letters).encode())
    count = 0
    for chunk in _chunks(rows):
        if count + len(chunk) > MAX_ROWS:
            raise TooManyRows(count + len(chunk))
        parts: list[str] = []
        for row in chunk:
            count += 1
            parts.append(_row(count + 1, row, letters))
        stream.write("".join(parts).encode())
    last = f"{letters[-1]}{count + 1}"
    stream.write(f'</sheetData><autoFilter ref="A1:{last}"/></worksheet>'.encode())
    return count


def _chunks(rows: Iterable[Sequence[Cell]]) -> Iterator[list[Sequence[Cell]]]:
    chunk: list[Sequence[Cell]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == _CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sheet_start(widths: Sequence[float], headings: Sequence[str], letters: list[str]) -> str:
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width:g}" customWidth="1"/>'
        for n, width in enumerate(widths, start=1)
    )
    heading_cells = "".join(
        f'<c r="{letters[i]}1" s="{_HEADING_STYLE}" t="inlineStr"><is><t xml:space="preserve">'
        f"{_escaped(text)}</t></is></c>"
        for i, text in enumerate(headings)
    )
    return (
        f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0">'
        # The headings stay in sight while scrolling.
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"{f'<cols>{columns}</cols>' if columns else ''}"
        f'<sheetData><row r="1">{heading_cells}</row>'
    )


def _row(number: int, values: Sequence[Cell], letters: list[str]) -> str:
    cells = []
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue
        ref = f"{letter}{number}"
        if isinstance(value, str):
            cells.append(
                f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                f"{_escaped(value)}</t></is></c>"
            )
        elif isinstance(value, datetime):
            cells.append(f'<c r="{ref}" s="{_TIME_STYLE}"><v>{_serial(value)!r}</v></c>')
        elif isinstance(value, date):
            days = (value - _EXCEL_EPOCH.date()).days
            cells.append(f'<c r="{ref}" s="{_DATE_STYLE}"><v>{days}</v></c>')
        elif isinstance(value, bool) or not math.isfinite(value):
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{_escaped(str(value))}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _serial(moment: datetime) -> float:
    """A moment as Excel counts it: days since its epoch, the time of day as a fraction."""
    delta = moment.replace(tzinfo=None) - _EXCEL_EPOCH
    return delta.days + delta.seconds / 86400


def _escaped(text: str) -> str:
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A carriage return would be read back as a line feed unless written as a reference.
    return text.replace("\r", "&#13;") if "\r" in text else text


def _letters(number: int) -> str:
    """Column ``number`` (from 1) as Excel names it: A … Z, AA …"""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def _package(title: str, last: str) -> dict[str, str]:
    """The workbook's parts around its one sheet."""
    quoted = title.replace("'", "''")
    sheet_type = f"{_RELATIONSHIPS}/worksheet"
    return {
        "[Content_Types].xml": (
            f"{_DECLARATION}"
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{sheet_type}" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets><sheet name="{_escaped(title)}" sheetId="1" r:id="rId1"/></sheets>'
            # Excel keeps an autofilter's range under this name; without it the filter is lost.
            '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f"hidden=\"1\">'{_escaped(quoted)}'!$A$1:${_dollars(last)}</definedName>"
            "</definedNames></workbook>"
        ),
        "xl/styles.xml": _STYLES,
    }


def _dollars(ref: str) -> str:
    """``L101`` as the absolute reference ``L$101``, after the column's own ``$``."""
    column = ref.rstrip("0123456789")
    return f"{column}${ref[len(column) :]}"


_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{TIME_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


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
