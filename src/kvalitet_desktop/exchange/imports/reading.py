"""Reading a sheet row by row: CSV in UTF-8 (with or without BOM) or Windows-1252 with a
semicolon, comma or tab between the values, or the first worksheet of an XLSX workbook.

Nothing here holds the whole file: ``rows`` yields one row at a time, so 100 000 rows are read
in the memory of a few. What is not a sheet (empty, binary, a PDF renamed .xlsx) is refused
with a Swedish message before any row is read.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "Imports"
UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
WINDOWS_1252 = "cp1252"
ENCODINGS = {
    UTF8: QT_TRANSLATE_NOOP(_CONTEXT, "UTF-8"),
    UTF8_BOM: QT_TRANSLATE_NOOP(_CONTEXT, "UTF-8 med BOM"),
    WINDOWS_1252: QT_TRANSLATE_NOOP(_CONTEXT, "Windows-1252 (äldre Excel)"),
}
DELIMITERS = {
    ";": QT_TRANSLATE_NOOP(_CONTEXT, "semikolon (;)"),
    ",": QT_TRANSLATE_NOOP(_CONTEXT, "komma (,)"),
    "\t": QT_TRANSLATE_NOOP(_CONTEXT, "tabb"),
}
_SAMPLE = 64 * 1024
_CHUNK = 1024 * 1024
# A CSV cell longer than this is no sheet's cell (the longest text a record takes is 100 000).
csv.field_size_limit(1_000_000)

EMPTY = QT_TRANSLATE_NOOP(_CONTEXT, "Filen {name} är tom: den har inga rader att importera.")
NOT_SHEET = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Filen {name} är inget kalkylark: välj en CSV-fil (text med semikolon, komma eller tabb "
    "mellan värdena) eller en Excel-arbetsbok (.xlsx).",
)
BAD_WORKBOOK = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Excel-filen {name} går inte att läsa: den är skadad eller inte en .xlsx-arbetsbok. "
    "Spara den på nytt i Excel som .xlsx eller som CSV.",
)
OLD_EXCEL = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Filen {name} är en äldre Excel-fil (.xls). Spara den i Excel som .xlsx eller CSV och "
    "välj den filen.",
)
NO_HEADER = QT_TRANSLATE_NOOP(
    _CONTEXT, "Filens första rad ska ha kolumnernas namn, men den är tom."
)
TWO_HEADERS = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Kolumnnamnet ”{column}” står två gånger på första raden. Ge kolumnerna olika namn.",
)
BAD_ENCODING = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Filen går inte att läsa som {encoding} (rad {line}). Välj en annan teckenkodning.",
)
UNREADABLE = QT_TRANSLATE_NOOP(_CONTEXT, "Filen {name} går inte att öppna: {reason}")


class SheetError(KvalitetError):
    """The file cannot be read as a sheet (a Swedish message for the user)."""


class SheetFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class SheetSource:
    """A file to read and how: for a CSV its encoding and separator (detected, changeable)."""

    path: Path
    format: SheetFormat
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def name(self) -> str:
        return self.path.name

    def with_options(self, encoding: str | None, delimiter: str | None) -> SheetSource:
        if self.format is not SheetFormat.CSV:
            return self
        return replace(
            self, encoding=encoding or self.encoding, delimiter=delimiter or self.delimiter
        )


# A cell as read: text from a CSV; text, a number, a date or nothing from a workbook.
Cell = str | int | float | bool | date | datetime | time | None


def open_sheet(path: Path | str) -> SheetSource:
    """The file at ``path`` with its format, encoding and separator found; ``SheetError``
    when it is not a sheet."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_SAMPLE)
    except OSError as exc:
        raise SheetError(
            UNREADABLE.format(name=path.name, reason=exc.strerror or str(exc))
        ) from exc
    if not head.strip():
        raise SheetError(EMPTY.format(name=path.name))
    if head.startswith(b"PK\x03\x04"):
        _check_workbook(path)
        return SheetSource(path, SheetFormat.XLSX)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(OLD_EXCEL.format(name=path.name))
    if path.suffix.lower() in (".xlsx", ".xlsm") or _binary(head):
        raise SheetError(NOT_SHEET.format(name=path.name))
    encoding = detect_encoding(path)
    text = head.decode(encoding, errors="replace")
    return SheetSource(path, SheetFormat.CSV, encoding, detect_delimiter(text))


def _binary(head: bytes) -> bool:
    """NUL bytes, a PDF's or an image's signature, or many control bytes: not text."""
    if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls > len(head) // 100


def _check_workbook(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError(BAD_WORKBOOK.format(name=path.name)) from exc
    if "xl/workbook.xml" not in names:
        raise SheetError(NOT_SHEET.format(name=path.name))


def detect_encoding(path: Path) -> str:
    """UTF-8 (with its BOM if it has one) when the whole file decodes as UTF-8, else
    Windows-1252 (what older Swedish Excel saves); read in chunks, never all at once."""
    decoder = codecs.getincrementaldecoder(UTF8)()
    with path.open("rb") as stream:
        first = True
        bom = False
        while chunk := stream.read(_CHUNK):
            if first:
                bom = chunk.startswith(codecs.BOM_UTF8)
                first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return WINDOWS_1252
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return WINDOWS_1252
    return UTF8_BOM if bom else UTF8


def detect_delimiter(sample: str) -> str:
    """The separator of the first lines: the one that splits the header into the most
    columns and every following sample line into as many (csv.Sniffer is asked first, and
    believed only if the lines agree)."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if sample and not sample.endswith(("\n", "\r")) and len(lines) > 1:
        lines = lines[:-1]  # the sample may end in the middle of a line
    if not lines:
        return ";"
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=";,\t").delimiter
    except csv.Error:
        sniffed = None
    candidates = [d for d in (sniffed, ";", "\t", ",") if d]
    best, best_columns = ";", 1
    for delimiter in candidates:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if counts[0] > 1 and all(c == counts[0] for c in counts) and counts[0] > best_columns:
            best, best_columns = delimiter, counts[0]
    if best_columns > 1:
        return best
    # The lines disagree (a text with a separator in it): the most columns in the header,
    # a semicolon on a tie (what Swedish Excel writes).
    header_counts = {d: len(next(csv.reader(lines[:1], delimiter=d))) for d in (";", "\t", ",")}
    return max(header_counts, key=lambda d: header_counts[d])


def rows(source: SheetSource) -> Iterator[tuple[int, list[Cell]]]:
    """Every row after none: ``(row number, cells)`` with the header as row 1, as a
    spreadsheet program numbers them. Blank rows are yielded too (with empty cells)."""
    if source.format is SheetFormat.XLSX:
        yield from _workbook_rows(source)
    else:
        yield from _csv_rows(source)


def _csv_rows(source: SheetSource) -> Iterator[tuple[int, list[Cell]]]:
    encoding = source.encoding or UTF8
    delimiter = source.delimiter or ";"
    try:
        with source.path.open(encoding=encoding, newline="") as stream:
            yield from _numbered(stream, delimiter, encoding)
    except OSError as exc:
        raise SheetError(
            UNREADABLE.format(name=source.name, reason=exc.strerror or str(exc))
        ) from exc


def _numbered(stream: IO[str], delimiter: str, encoding: str) -> Iterator[tuple[int, list[Cell]]]:
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):
            yield number, list(row)
    except UnicodeDecodeError as exc:
        label = ENCODINGS.get(encoding, encoding)
        raise SheetError(BAD_ENCODING.format(encoding=label, line=number + 1)) from exc
    except csv.Error as exc:
        raise SheetError(NOT_SHEET.format(name=getattr(stream, "name", ""))) from exc


def _workbook_rows(source: SheetSource) -> Iterator[tuple[int, list[Cell]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(source.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise SheetError(BAD_WORKBOOK.format(name=source.name)) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise SheetError(EMPTY.format(name=source.name))
        # Read-only rows come in order, the rows the workbook leaves out as empty ones.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in values]
    finally:
        book.close()


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, str | int | float | bool | date | datetime | time):
        return value
    return str(value)


def header_of(source: SheetSource) -> list[str]:
    """The column names (row 1), each named; ``SheetError`` if the first row is empty or
    names a column twice."""
    first = next(rows(source), None)
    if first is None:
        raise SheetError(EMPTY.format(name=source.name))
    names = [cell_text(c).strip() for c in first[1]]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise SheetError(NO_HEADER)
    named = [name or f"Kolumn {index}" for index, name in enumerate(names, start=1)]
    seen: set[str] = set()
    for name in named:
        if name.casefold() in seen:
            raise SheetError(TWO_HEADERS.format(column=name))
        seen.add(name.casefold())
    return named


def cell_text(value: Cell) -> str:
    """A cell as the user sees it: dates as ÅÅÅÅ-MM-DD, whole numbers without decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_blank(cells: list[Cell]) -> bool:
    return all(not cell_text(c).strip() for c in cells)


def preview(source: SheetSource, count: int = 10) -> tuple[list[str], list[list[str]]]:
    """The header and the first ``count`` non-blank rows, as text."""
    header = header_of(source)
    found: list[list[str]] = []
    for number, cells in rows(source):
        if number == 1 or is_blank(cells):
            continue
        found.append([cell_text(c) for c in cells[: len(header)]])
        if len(found) >= count:
            break
    return header, found
