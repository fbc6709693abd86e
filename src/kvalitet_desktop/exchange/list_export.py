"""Export a list as it is shown — its kind, filter and sort — to an XLSX or CSV file.

The rows come from ``services.listing`` a page at a time (never the whole table at once) and
go straight into the file, so memory stays bounded however long the list. Exporting needs the
list's own read permission (the listing checks it and shows each user only their rows) and the
export action of the role × action table; every file written is an audit entry with the list,
its filter, the number of rows and the file's name — never the records' text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Any

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP, thousands
from kvalitet_desktop.domain.text_rules import date_problem, order_problem
from kvalitet_desktop.exchange.cells import Cell, typed_value
from kvalitet_desktop.exchange.csv_file import write_csv
from kvalitet_desktop.exchange.file_errors import write_problem
from kvalitet_desktop.exchange.xlsx_file import MAX_ROWS, TooManyRows, write_xlsx
from kvalitet_desktop.private_files import private_file_replacing
from kvalitet_desktop.services import exports, listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.list_text import Translate, as_written, header_text
from kvalitet_desktop.services.listing import ListQuery, ListSpec, Row
from kvalitet_desktop.store.audit import AuditAction

_CONTEXT = "Exchange"
PAGE_SIZE = 2000  # rows read per query: few round trips, little memory
SAMPLE_ROWS = 200  # rows the column widths are measured on

Progress = Callable[[int, int], None]

OVERDUE_HEADING = QT_TRANSLATE_NOOP(_CONTEXT, "Försenad")
ARCHIVED_HEADING = QT_TRANSLATE_NOOP(_CONTEXT, "Makulerad")
YES = QT_TRANSLATE_NOOP(_CONTEXT, "ja")
UNKNOWN_FORMAT = QT_TRANSLATE_NOOP(
    _CONTEXT, "Filen {name} kan inte skapas: välj ett namn som slutar på .xlsx eller .csv."
)
PERSONAL_DATA = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Listan över {many} innehåller personuppgifter. Filen lämnar programmets skydd: spara den "
    "bara där obehöriga inte kommer åt den, och radera den när den inte längre behövs.",
)
FROM_FIELD = "date_from"
TO_FIELD = "date_to"
PERIOD_ORDER = QT_TRANSLATE_NOOP(_CONTEXT, "Periodens slut ligger före dess början.")
TOO_MANY_ROWS = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Listan har {rows} rader, fler än de {most} ett Excel-blad rymmer. Välj en kortare period "
    "eller färre enheter, eller spara som CSV.",
)


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class UnknownFormat(KvalitetError):
    """The file's name asks for a format the program does not write."""


@dataclass(frozen=True)
class ListExport:
    """A written file: where, in which format, how many rows."""

    path: Path
    format: ExportFormat
    rows: int


def format_of(target: Path) -> ExportFormat:
    """The format a file name asks for (its extension, in any case)."""
    suffix = Path(target).suffix.lower().lstrip(".")
    try:
        return ExportFormat(suffix)
    except ValueError:
        raise UnknownFormat(UNKNOWN_FORMAT.format(name=Path(target).name)) from None


def personal_data_warning(kind: str) -> str | None:
    """What to tell the user before a list of ``kind`` leaves the program, or None."""
    record_kind = registry.kind(kind)
    if not record_kind.holds_personal_data:
        return None
    return PERSONAL_DATA.format(many=record_kind.nouns.many)


def check_period(query: ListQuery) -> None:
    """A period's days within the program's date range and in order (field messages)."""
    problems = []
    for field, day in ((FROM_FIELD, query.date_from), (TO_FIELD, query.date_to)):
        problem = None if day is None else date_problem(day)
        if problem:
            problems.append(FieldError(field, problem))
    order = order_problem(query.date_from, query.date_to, PERIOD_ORDER)
    if order and not problems:
        problems.append(FieldError(TO_FIELD, order))
    if problems:
        raise ValidationFailed(problems)


def export_list(
    ctx: Context,
    kind: str,
    query: ListQuery,
    target: Path,
    *,
    translate: Translate = as_written,
    progress: Progress | None = None,
    page_size: int = PAGE_SIZE,
) -> ListExport:
    """Write the rows of list ``kind`` that ``query`` selects (all of them, in its sort order;
    its offset and limit are ignored) to ``target``; the format follows the file's extension.
    ``progress(done, total)`` is called after each page. An existing file at ``target`` is
    replaced only by a complete one."""
    target = Path(target)
    chosen = format_of(target)
    check_period(query)
    exports.require_export(ctx)
    spec = listing.spec_for(kind)
    total = listing.count(ctx, kind, query)  # the list's own read check, logged if refused
    if chosen is ExportFormat.XLSX and total > MAX_ROWS:
        raise exports.ExportFailed(_too_many(total, translate))
    columns = _Columns(spec, query, translate)
    pages = _pages(ctx, kind, query, max(1, page_size), total, progress)
    try:
        with private_file_replacing(target) as partial:
            first = next(pages, [])
            rows = (columns.values(row) for row in chain(first, chain.from_iterable(pages)))
            if chosen is ExportFormat.XLSX:
                sample = [columns.values(row) for row in first[:SAMPLE_ROWS]]
                sheet = _sheet_name(kind, translate)
                written = write_xlsx(partial, sheet, columns.headings, sample, rows)
            else:
                written = write_csv(partial, columns.headings, rows)
    except OSError as exc:
        raise exports.ExportFailed(write_problem(target, exc)) from exc
    except TooManyRows as exc:  # the list grew while it was written
        raise exports.ExportFailed(_too_many(exc.args[0], translate)) from exc
    ctx.log_event(
        AuditAction.EXPORT,
        details={
            "list": kind,
            "format": chosen.value,
            "rows": written,
            "file": str(target),
            **audit_filter(query),
        },
    )
    return ListExport(target, chosen, written)


def _too_many(rows: int, translate: Translate) -> str:
    message = translate(_CONTEXT, TOO_MANY_ROWS)
    return message.format(rows=thousands(rows), most=thousands(MAX_ROWS))


def _sheet_name(kind: str, translate: Translate) -> str:
    """The list's name in the navigation ("Avvikelser"), else the kind's title."""
    record_kind = registry.kind(kind)
    if record_kind.view is not None:
        return translate("RecordKind", record_kind.view.label)
    return translate("RecordKind", record_kind.nouns.title)


def audit_filter(query: ListQuery) -> dict[str, Any]:
    """What the filter was, for the audit log: never the words searched for (they may name
    someone), only that a search narrowed the list."""
    details: dict[str, Any] = {}
    if query.status:
        details["status"] = query.status
    if query.unit_id:
        details["unit_id"] = query.unit_id
    if query.date_from:
        details["from"] = query.date_from.isoformat()
    if query.date_to:
        details["to"] = query.date_to.isoformat()
    if query.text and query.text.strip():
        details["search"] = True
    if query.include_archived:
        details["archived"] = True
    if query.sort:
        details["sort"] = query.sort + (" desc" if query.descending else "")
    return details


def _pages(
    ctx: Context,
    kind: str,
    query: ListQuery,
    size: int,
    total: int,
    progress: Progress | None,
) -> Iterator[list[Row]]:
    done = 0
    for page in listing.batches(ctx, kind, query, size):
        done += len(page)
        if progress is not None:
            progress(min(done, max(total, done)), max(total, done))
        yield page
    if progress is not None and done == 0:
        progress(0, total)


class _Columns:
    """The list page's columns, then what its colours say: a passed deadline, and (when the
    archived are shown) whether a record is archived."""

    def __init__(self, spec: ListSpec, query: ListQuery, translate: Translate) -> None:
        self.spec = spec
        self.translate = translate
        self._overdue = spec.overdue is not None
        self._archived = query.include_archived
        self._yes = translate(_CONTEXT, YES)
        headings = [header_text(spec, key, translate) for key in spec.columns]
        if self._overdue:
            headings.append(translate(_CONTEXT, OVERDUE_HEADING))
        if self._archived:
            headings.append(translate(_CONTEXT, ARCHIVED_HEADING))
        self.headings: Sequence[str] = headings
        self._today = date.today()

    def values(self, row: Row) -> list[Cell]:
        cells = [typed_value(self.spec, key, row, self.translate) for key in self.spec.columns]
        if self._overdue:
            cells.append(self._yes if row_overdue(self.spec, row, self._today) else None)
        if self._archived:
            cells.append(self._yes if row.get("archived") else None)
        return cells


def row_overdue(spec: ListSpec, row: Row, today: date) -> bool:
    """Whether a row of list ``spec`` is marked late on the list page: by the row's own
    ``overdue`` or by one of its deadline cells."""
    rule = spec.overdue
    if bool(row.get("overdue")):
        return True
    return rule is not None and any(rule(key, row, today) for key in spec.columns)
