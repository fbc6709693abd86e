"""Files that leave the program: a report saved as a PDF, by the command line or the GUI (lists
saved as XLSX or CSV are written by ``exchange.list_export``, under the same right).

Saving is an action of its own in the role × action table (reading a record is not enough to
take a copy of it away), and every file written is logged with what it holds, never its text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import EXPORT
from kvalitet_desktop.private_files import write_private_atomically
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction


class ExportFailed(KvalitetError):
    """The file could not be written (a Swedish message with the reason)."""


def require_export(ctx: Context) -> None:
    """Refuse (and log the refusal) before a report is built for a file."""
    ctx.require(EXPORT)


def may_export(ctx: Context) -> bool:
    return ctx.may(EXPORT)


def save_report(
    ctx: Context,
    target: Path,
    pdf: bytes,
    *,
    report: str,
    record_id: str | None = None,
    unit_id: str | None = None,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Path:
    """Write ``pdf`` (report ``report`` of ``record_id`` or ``unit_id``, or of the period
    ``start``–``end``) to ``target`` in one step (a partial file never takes its place) and
    log the export. Returns the path."""
    require_export(ctx)
    target = Path(target)
    try:
        # Readable by the owner only: a report holds personal data.
        write_private_atomically(target, pdf)
    except OSError as exc:
        raise ExportFailed(f"Filen {target} kunde inte skrivas: {exc.strerror or exc}.") from exc
    details: dict[str, str] = {"report": report, "file": str(target)}
    if unit_id:
        details["unit_id"] = unit_id
    if year is not None:
        details["year"] = str(year)
    if start is not None and end is not None:
        details["period"] = f"{start.isoformat()}/{end.isoformat()}"
    ctx.log_event(AuditAction.EXPORT, "", record_id or "", details)
    return target


def log_printed(
    ctx: Context,
    *,
    report: str,
    pages: int,
    printer: str,
    record_id: str | None = None,
    unit_id: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> None:
    """A paper copy leaves the program as surely as a file does: it is logged the same way
    (what was printed, how many pages, on which printer), never its text. Reading the record
    is enough to print it, as it is at a meeting; saving a file needs the export right."""
    details: dict[str, str | int] = {"report": report, "pages": pages, "printer": printer}
    if unit_id:
        details["unit_id"] = unit_id
    if start is not None and end is not None:
        details["period"] = f"{start.isoformat()}/{end.isoformat()}"
    ctx.log_event(AuditAction.PRINT, "", record_id or "", details)
