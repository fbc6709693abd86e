"""Report data shared by every record kind: the page header, and building any report by
its name (``kvalitet report``'s names) through the registry."""

from __future__ import annotations

from datetime import date
from typing import Any

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.record_kind import ReportScope, load
from kvalitet_desktop.domain.text_rules import EARLIEST, LATEST, known_id
from kvalitet_desktop.reports.model import ReportHeader
from kvalitet_desktop.services import organisation, settings
from kvalitet_desktop.services.context import Context


def header(ctx: Context, title: str, unit: str | None, *, personal: bool) -> ReportHeader:
    return ReportHeader(
        municipality=organisation.municipality(ctx).name,
        unit=unit,
        title=title,
        printed_on=date.today(),
        printed_by=ctx.actor.name,
        confidentiality=settings.confidentiality_line(ctx) if personal else None,
    )


def build_report(
    ctx: Context,
    key: str,
    record_id: str | None = None,
    unit_id: str | None = None,
    year: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Any:
    """The data of report ``key`` (a registry report name): one record's (``record_id``), the
    units' (every visible unit, or ``unit_id``), one unit's calendar ``year``, or a period's
    (``start``–``end``, every visible unit or ``unit_id``)."""
    report = registry.report(key)
    build = load(report.data)
    if report.scope is ReportScope.PERIOD:
        unit = known_id(unit_id, "Enheten finns inte.") if unit_id else None
        return build(ctx, unit, start, end)
    if report.scope is ReportScope.UNIT_YEAR:
        if not unit_id:
            raise NotFound("Ange vilken enhet rapporten gäller (--unit).")
        return build(ctx, known_id(unit_id, "Enheten finns inte."), report_year(year))
    if report.scope is ReportScope.UNITS:
        return build(ctx, known_id(unit_id, "Enheten finns inte.") if unit_id else unit_id)
    return build(ctx, known_id(need(record_id), "Posten finns inte."))


def report_year(year: object) -> int:
    """``year`` as a report's calendar year, or ``NotFound`` saying what to give."""
    if year is None:
        raise NotFound("Ange vilket år rapporten gäller (--year).")
    if (
        not isinstance(year, int)
        or isinstance(year, bool)
        or not EARLIEST.year <= year <= LATEST.year
    ):
        raise NotFound(f"Året ska vara ett årtal mellan {EARLIEST.year} och {LATEST.year}.")
    return year


def need(record_id: str | None) -> str:
    if not record_id:
        raise NotFound("Ange vilken post rapporten gäller (--id).")
    return record_id
