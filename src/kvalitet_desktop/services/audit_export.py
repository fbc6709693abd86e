"""The filtered audit log as a file for the municipality's regular log review: XLSX or CSV
(UTF-8 with BOM and semicolons, as Swedish Excel opens it).

The file is written beside its final name, readable by the owner only, and moved into place
when it is whole; the export itself is an audit entry.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import audit_review
from kvalitet_desktop.services.audit_review import AuditQuery, AuditRow
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction

CHUNK = 1000
OWNER_ONLY = 0o600
HEADINGS = (
    "Nr",
    "Tidpunkt",
    "Inloggning",
    "Namn",
    "Händelse",
    "Posttyp",
    "Post-id",
    "Ändringar",
)
# A cell starting with one of these is a formula to a spreadsheet: written as text instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int, int], None]


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int


class ExportFailed(KvalitetError):
    pass


def export_log(
    ctx: Context,
    query: AuditQuery,
    path: Path,
    fmt: ExportFormat,
    progress: Progress | None = None,
) -> ExportResult:
    """Write every entry ``query`` selects (oldest first) to ``path``."""
    audit_review.require_review(ctx)
    total = audit_review.count(ctx, query)
    rows = _rows(ctx, replace(query, newest_first=False), total, progress)
    partial = path.with_name(path.name + ".partial")
    try:
        with _owner_only(partial, text=fmt is ExportFormat.CSV) as handle:
            written = (
                _write_csv(handle, rows) if fmt is ExportFormat.CSV else _write_xlsx(handle, rows)
            )
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportFailed(f"Filen {path} kunde inte skrivas: {exc.strerror}.") from exc
    ctx.log_event(
        AuditAction.EXPORT,
        "audit_log",
        "",
        {"format": fmt.value, "rows": written, "file": path.name, "filter": query.described()},
    )
    return ExportResult(path, written)


def _rows(
    ctx: Context, query: AuditQuery, total: int, progress: Progress | None
) -> Iterator[AuditRow]:
    done = 0
    after: int | None = None
    while True:
        # On from the last number read (not OFFSET, which rereads every row before it).
        page = audit_review.fetch(ctx, replace(query, after_seq=after, offset=0, limit=CHUNK))
        yield from page
        done += len(page)
        if progress is not None:
            progress(done, total)
        if len(page) < CHUNK:
            return
        after = page[-1].seq


def _cells(row: AuditRow) -> list[Any]:
    local = row.at.replace(tzinfo=UTC).astimezone()
    return [
        row.seq,
        local.strftime("%Y-%m-%d %H:%M:%S"),
        row.user_login,
        row.user_name,
        row.action_label,
        row.entity_label,
        row.entity_id,
        row.changes,
    ]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _owner_only:
    """A new file that only its owner can read, whatever the umask says."""

    def __init__(self, path: Path, *, text: bool) -> None:
        self.path = path
        self.text = text
        self.handle: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
        self.path.unlink(missing_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, OWNER_ONLY)
        if self.text:
            # The BOM tells Excel the file is UTF-8 (å, ä, ö).
            self.handle = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        else:
            self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _write_csv(handle: IO[Any], rows: Iterator[AuditRow]) -> int:
    writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS)
    written = 0
    for row in rows:
        writer.writerow([_safe(cell) for cell in _cells(row)])
        written += 1
    return written


def _write_xlsx(handle: IO[Any], rows: Iterator[AuditRow]) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Granskningslogg")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGH", (8, 20, 14, 24, 22, 22, 38, 100), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(list(HEADINGS))
    written = 0
    for row in rows:
        cells = []
        for value in _cells(row):
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
        written += 1
    book.save(handle)
    return written
