"""An import from its file to its report and its records.

``SheetImport`` holds a file, a kind's ``ImportTarget`` and a mapping. ``validate`` walks the
file once, row by row, and returns the report: every problem with its row (as in the file,
the header being row 1) and column, the duplicates, what earlier imports brought in already
and the list values nobody has mapped yet. ``run`` walks it again and writes the rows in one
unit of work; a bad row stops it with nothing kept, unless the user chose to leave the bad rows
out. No step keeps the rows: memory stays that of a few rows and the keys seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.exchange.imports.mapping import ColumnMapping, check_mapping, layout_key
from kvalitet_desktop.exchange.imports.reading import (
    Cell,
    SheetSource,
    cell_text,
    header_of,
    is_blank,
    rows,
)
from kvalitet_desktop.exchange.imports.values import Lookup, convert
from kvalitet_desktop.services import imports
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import (
    FieldType,
    ImportOutcome,
    ImportTarget,
    PreparedRow,
    Progress,
)

_CONTEXT = "Imports"
MAX_PROBLEMS = 1000  # kept for the report; all are counted
MAX_UNKNOWN = 200  # distinct unmapped values kept per field
NOT_IMPORTABLE = QT_TRANSLATE_NOOP(_CONTEXT, "{kind} kan inte importeras från en fil.")
MISSING_COLUMN = QT_TRANSLATE_NOOP(
    _CONTEXT, "Kolumnen ”{column}” finns inte i filen (den har: {columns})."
)
UNMAPPED_REQUIRED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Ingen kolumn är vald för {field}, som måste fyllas i."
)
DUPLICATE = QT_TRANSLATE_NOOP(_CONTEXT, "Raden är en dubblett av rad {line}.")
REFUSED = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "{count} rader har fel; inget importerades. Rätta filen, eller välj att utesluta de "
    "felaktiga raderna.",
)
FILE_REFUSED = QT_TRANSLATE_NOOP(_CONTEXT, "Filen kan inte importeras med den här mappningen.")
FILE_ROW = 1  # problems of the whole file are reported on the header row


@dataclass(frozen=True)
class RowProblem:
    line: int  # as in the file: the header is row 1
    column: str  # the column's name, or "" for the row as a whole
    message: str


@dataclass
class ValidationReport:
    rows: int = 0  # rows with something in them, after the header
    blank: int = 0  # empty rows, skipped
    valid: int = 0  # rows without problems (those imported before included)
    closed: int = 0  # of the valid rows, those closed as the earlier system left them
    imported_before: int = 0
    problem_count: int = 0
    bad_lines: set[int] = field(default_factory=set)
    problems: list[RowProblem] = field(default_factory=list)
    file_problems: list[RowProblem] = field(default_factory=list)
    unknown_values: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.file_problems and not self.problem_count

    @property
    def new(self) -> int:
        """Rows an import would make records of."""
        return self.valid - self.imported_before

    def add(self, problem: RowProblem) -> None:
        self.problem_count += 1
        self.bad_lines.add(problem.line)
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


class ImportRefused(KvalitetError):
    """Rows (or the mapping) are wrong; nothing was imported. ``report`` says what."""

    def __init__(self, message: str, report: ValidationReport) -> None:
        super().__init__(message)
        self.report = report


def target_of(kind: str) -> ImportTarget:
    """The kind's import target (``RecordKind.importer``); refused for a kind without one."""
    record_kind = registry.kind(kind)
    if not record_kind.importer:
        raise KvalitetError(NOT_IMPORTABLE.format(kind=record_kind.nouns.title))
    target = load(record_kind.importer)
    assert isinstance(target, ImportTarget)
    return target


def importable_kinds() -> tuple[str, ...]:
    return tuple(k.key for k in registry.KINDS if k.importer)


_Check = Callable[[Mapping[str, Any]], list[FieldError]]


@dataclass
class _Row:
    line: int
    values: dict[str, Any]
    problems: list[RowProblem]
    key: str = ""


class SheetImport:
    """A file about to be imported into a kind with a mapping."""

    def __init__(
        self, ctx: Context, target: ImportTarget, source: SheetSource, mapping: ColumnMapping
    ) -> None:
        check_mapping(mapping, target.kind, target.fields)
        self.ctx = ctx
        self.target = target
        self.source = source
        self.mapping = mapping
        self.header = header_of(source)
        self.layout = layout_key(self.header)
        choices = imports.list_choices(ctx, target)
        self._lookups = {
            item.key: Lookup.of(choices.get(item.key, ()), mapping.values.get(item.key, {}))
            for item in target.fields
            if item.type in (FieldType.CHOICE, FieldType.UNIT)
        }
        self._index = {name: i for i, name in enumerate(self.header)}

    # --- the file as a whole ---------------------------------------------------------------

    def file_problems(self) -> list[RowProblem]:
        found: list[RowProblem] = []
        columns = ", ".join(self.header)
        named = [c for c, key in self.mapping.columns.items() if key]
        if self.mapping.source_id_column:
            named.append(self.mapping.source_id_column)
        for column in named:
            if column not in self._index:
                message = MISSING_COLUMN.format(column=column, columns=columns)
                found.append(RowProblem(FILE_ROW, column, message))
        for item in self.target.fields:
            mapped = self.mapping.column_of(item.key) or self.mapping.defaults.get(item.key)
            if item.required and not mapped:
                message = UNMAPPED_REQUIRED.format(field=item.label)
                found.append(RowProblem(FILE_ROW, "", message))
        return found

    # --- rows --------------------------------------------------------------------------------

    def _rows(self, check: _Check, report: ValidationReport) -> Iterator[_Row]:
        """Every non-blank data row converted and checked, duplicates marked."""
        first_line: dict[str, int] = {}
        for line, cells in rows(self.source):
            if line == 1:
                continue
            if is_blank(cells):
                report.blank += 1
                continue
            report.rows += 1
            row = self._convert(line, cells, report)
            if not row.problems:
                for error in check(row.values):
                    column = self.mapping.column_of(error.field) or ""
                    row.problems.append(RowProblem(line, column, error.message))
            if not row.problems:
                source_id = self._cell(cells, self.mapping.source_id_column)
                row.key = imports.row_key(row.values, cell_text(source_id) or None)
                earlier = first_line.setdefault(row.key, line)
                if earlier != line:
                    row.problems.append(RowProblem(line, "", DUPLICATE.format(line=earlier)))
            yield row

    def _cell(self, cells: list[Cell], column: str | None) -> Cell:
        index = self._index.get(column or "")
        return cells[index] if index is not None and index < len(cells) else None

    def _convert(self, line: int, cells: list[Cell], report: ValidationReport) -> _Row:
        values: dict[str, Any] = {}
        problems: list[RowProblem] = []
        for item in self.target.fields:
            column = self.mapping.column_of(item.key)
            raw = self._cell(cells, column)
            lookup = self._lookups.get(item.key)
            value, problem = convert(item, raw, lookup, self.mapping.defaults.get(item.key))
            if problem:
                problems.append(RowProblem(line, column or "", problem))
                if lookup is not None and value is None and cell_text(raw).strip():
                    self._unknown(report, item.key, cell_text(raw).strip())
            values[item.key] = value
        return _Row(line, values, problems)

    @staticmethod
    def _unknown(report: ValidationReport, key: str, text: str) -> None:
        seen = report.unknown_values.setdefault(key, {})
        if text in seen or len(seen) < MAX_UNKNOWN:
            seen[text] = seen.get(text, 0) + 1

    # --- the two walks -----------------------------------------------------------------------

    def validate(self, progress: Progress | None = None) -> ValidationReport:
        """The report of every row; nothing is written."""
        progress = progress or Progress()
        report = ValidationReport(file_problems=self.file_problems())
        if report.file_problems:
            return report
        pending: list[str] = []
        with imports.row_checker(self.ctx, self.target) as check:
            for row in self._rows(check, report):
                for problem in row.problems:
                    report.add(problem)
                if not row.problems:
                    report.valid += 1
                    if self.target.closes is not None and self.target.closes(row.values):
                        report.closed += 1
                    pending.append(row.key)
                if len(pending) >= imports.BATCH:
                    report.imported_before += self._before(pending)
                if report.rows % 100 == 0:
                    progress.check()
                    progress.advance(report.rows)
        report.imported_before += self._before(pending)
        progress.advance(report.rows)
        return report

    def _before(self, pending: list[str]) -> int:
        found = len(imports.imported_before(self.ctx, self.target.kind, pending))
        pending.clear()
        return found

    def run(self, *, exclude_bad: bool = False, progress: Progress | None = None) -> ImportOutcome:
        """Import every valid row in one unit of work. A bad row refuses the whole import
        (``ImportRefused``) unless ``exclude_bad``; a cancel keeps nothing."""
        report = ValidationReport(file_problems=self.file_problems())
        if report.file_problems:
            raise ImportRefused(FILE_REFUSED, report)

        def prepared(
            check: Callable[[Mapping[str, Any]], list[FieldError]],
        ) -> Iterator[PreparedRow]:
            for row in self._rows(check, report):
                if row.problems:
                    for problem in row.problems:
                        report.add(problem)
                    if not exclude_bad:
                        raise ImportRefused(REFUSED.format(count=len(report.bad_lines)), report)
                    continue
                yield PreparedRow(row.line, row.key, row.values)

        with imports.row_checker(self.ctx, self.target) as check:
            return imports.import_rows(
                self.ctx,
                self.target,
                prepared(check),
                file_name=self.source.name,
                layout=self.layout,
                mapping=self.mapping.to_json(),
                progress=progress,
            )
