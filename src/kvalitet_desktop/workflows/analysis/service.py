"""Signed analyses: written against a period's figures (frozen with them), signed, changed
after signing only with a reason, and read by later years."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.compilation import check_period
from kvalitet_desktop.domain.errors import Collector, NotFound, RuleViolation
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.roles import ALL_UNITS, UNIT_REFUSAL, Action
from kvalitet_desktop.domain.text_rules import clean_input, known_id
from kvalitet_desktop.reports.compilation_model import (
    AnalysisText,
    Compilation,
    CompilationReport,
    from_json,
    to_json,
)
from kvalitet_desktop.services import compilation as compiling
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.report_data import header
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.workflows.analysis.domain import (
    FIELD_LIMITS,
    NUMBER_PREFIX,
    AnalysisAction,
    AnalysisStatus,
    check_transition,
)
from kvalitet_desktop.workflows.analysis.kind import READ, SIGN, VOID, WRITE
from kvalitet_desktop.workflows.analysis.models import Analysis

_CONTEXT = "Analysis"
NOT_FOUND = QT_TRANSLATE_NOOP(_CONTEXT, "Analysen finns inte.")
NO_TITLE = QT_TRANSLATE_NOOP(_CONTEXT, "Ge analysen en rubrik.")
NO_ANALYSIS = QT_TRANSLATE_NOOP(_CONTEXT, "Skriv analysen innan den signeras.")
NO_IMPROVEMENTS = QT_TRANSLATE_NOOP(
    _CONTEXT, "Skriv vilka förbättringar som beslutats (eller att inga behövs) innan du signerar."
)
NO_REASON = QT_TRANSLATE_NOOP(_CONTEXT, "Skriv varför den signerade analysen behöver ändras.")
NO_VOID_REASON = QT_TRANSLATE_NOOP(_CONTEXT, "Skriv varför analysen makuleras.")
ARCHIVED = QT_TRANSLATE_NOOP(_CONTEXT, "Analysen är makulerad och kan inte ändras.")
FROZEN_NOTE = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Siffrorna är de som gällde när analysen skrevs (sammanställda {day}); de räknas inte om.",
)


@dataclass(frozen=True)
class AnalysisInput:
    """A new analysis: its title and text, and the period and units its figures are of."""

    title: str
    period_start: date | None
    period_end: date | None
    unit_id: str | None = None
    area_id: str | None = None
    analysis: str = ""
    improvements: str = ""


@dataclass(frozen=True)
class TextInput:
    title: str
    analysis: str
    improvements: str


@dataclass(frozen=True)
class AnalysisView:
    id: str
    number: str
    title: str
    status: AnalysisStatus
    compilation: Compilation  # the frozen figures
    unit_id: str | None
    area_id: str | None
    analysis: str
    improvements: str
    signed_at: datetime | None
    signed_by_name: str | None
    reopen_reason: str | None
    archived: bool

    @property
    def locked(self) -> bool:
        return self.status is AnalysisStatus.SIGNED or self.archived


# --- the use cases -------------------------------------------------------------------------


def start_analysis(ctx: Context, data: AnalysisInput) -> AnalysisView:
    """A draft analysis with the period's figures compiled now and frozen with it."""
    ctx.require(WRITE)
    data = _valid_start(data)
    figures = compiling.compile_period(
        ctx,
        data.period_start,
        data.period_end,
        (data.unit_id,) if data.unit_id else (),
        data.area_id,
    )
    with ctx.unit_of_work() as uow:
        session = uow.session
        number = _next_number(session, date.today().year)
        row = Analysis(
            number=number,
            title=data.title.strip(),
            status=AnalysisStatus.DRAFT.value,
            period_start=figures.period.start,
            period_end=figures.period.end,
            unit_id=data.unit_id,
            area_id=data.area_id if not data.unit_id else None,
            scope=figures.scope,
            figures=to_json(figures),
            analysis=data.analysis.strip(),
            improvements=data.improvements.strip(),
        )
        session.add(row)
        session.flush()
        return _view(row)


def save_text(ctx: Context, analysis_id: str, data: TextInput) -> AnalysisView:
    """The draft's title, analysis and improvements as written."""
    ctx.require(WRITE)
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("title", data.title, NO_TITLE)
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, WRITE)
        _change(row, AnalysisAction.EDIT)
        row.title = data.title.strip()
        row.analysis = data.analysis.strip()
        row.improvements = data.improvements.strip()
        return _view(row)


def refresh_figures(ctx: Context, analysis_id: str) -> AnalysisView:
    """A draft's figures compiled again for its period and units (a signed one's never)."""
    ctx.require(WRITE)
    with ctx.reading() as session:
        row = _load(session, ctx, analysis_id, WRITE)
        _change(row, AnalysisAction.EDIT)
        start, end = row.period_start, row.period_end
        units, area = (row.unit_id,) if row.unit_id else (), row.area_id
    figures = compiling.compile_period(ctx, start, end, units, area)
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, WRITE)
        _change(row, AnalysisAction.EDIT)
        row.figures = to_json(figures)
        row.scope = figures.scope
        return _view(row)


def sign(ctx: Context, analysis_id: str) -> AnalysisView:
    """Signed by the actor now; locked from then on."""
    ctx.require(SIGN)
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, SIGN)
        errors = Collector()
        errors.require("analysis", row.analysis, NO_ANALYSIS)
        errors.require("improvements", row.improvements, NO_IMPROVEMENTS)
        errors.raise_if_any()
        row.status = _change(row, AnalysisAction.SIGN).value
        row.signed_at = utcnow()
        row.signed_by_id = ctx.actor.id
        row.signed_by_name = ctx.actor.name
        return _view(row)


def reopen(ctx: Context, analysis_id: str, reason: str) -> AnalysisView:
    """ "Ändra med motivering": a signed analysis back to a draft, to be signed again. The
    reason, and the signature that is undone, stay in the history."""
    ctx.require(SIGN)
    require_reason(reason, NO_REASON)
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, SIGN)
        row.status = _change(row, AnalysisAction.REOPEN).value
        row.reopen_reason = reason.strip()
        row.signed_at = None
        row.signed_by_id = None
        row.signed_by_name = None
        return _view(row)


def archive(ctx: Context, analysis_id: str, reason: str) -> AnalysisView:
    """Makulerad with a reason (never deleted)."""
    ctx.require(VOID)
    require_reason(reason, NO_VOID_REASON)
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, VOID)
        if row.archived_at is not None:
            raise_archived()
        mark_archived(row, ctx, reason)
        return _view(row)


def get_analysis(ctx: Context, analysis_id: str) -> AnalysisView:
    ctx.require(READ)
    with ctx.reading() as session:
        return _view(_load(session, ctx, analysis_id, READ))


def analysis_report(ctx: Context, analysis_id: str) -> CompilationReport:
    """The PDF of an analysis: its text and signature with the figures frozen with it."""
    view = get_analysis(ctx, analysis_id)
    figures = view.compilation
    return CompilationReport(
        header(ctx, compiling.TITLE, None, personal=False),
        figures,
        AnalysisText(
            number=view.number,
            analysis=f"{view.title}\n\n{view.analysis}" if view.title else view.analysis,
            improvements=view.improvements,
            signed_by=view.signed_by_name,
            signed_on=view.signed_at.date() if view.signed_at else None,
            frozen_note=FROZEN_NOTE.format(day=figures.compiled_on.isoformat()),
        ),
    )


def history_records(ctx: Context, session: Session, analysis_id: str) -> list[str]:
    _load(session, ctx, analysis_id, READ)
    return [analysis_id]


def record_title(session: Session, analysis_id: str) -> str | None:
    row = session.get(Analysis, analysis_id)
    return f"{row.number} {row.title}" if row else None


# --- inside --------------------------------------------------------------------------------


def raise_archived() -> NoReturn:
    raise RuleViolation(ARCHIVED)


def _valid_start(data: AnalysisInput) -> AnalysisInput:
    errors = Collector()
    data = clean_input(data, FIELD_LIMITS, errors=errors)
    if isinstance(data.title, str):
        errors.require("title", data.title, NO_TITLE)
    errors.raise_if_any()
    check_period(data.period_start, data.period_end)
    return data


def _change(row: Analysis, action: AnalysisAction) -> AnalysisStatus:
    if row.archived_at is not None:
        raise_archived()
    return check_transition(AnalysisStatus(row.status), action)


def _load(session: Session, ctx: Context, analysis_id: str, action: Action) -> Analysis:
    """The analysis, if the actor may do ``action`` with it: one of a unit needs the unit; one
    of an area or every unit needs "alla enheter" (its figures name other units)."""
    row = session.get(Analysis, known_id(analysis_id, NOT_FOUND))
    if row is None:
        raise NotFound(NOT_FOUND)
    table = Analysis.__tablename__
    if row.unit_id:
        ctx.require(action, row.unit_id, entity=table, entity_id=row.id)
    elif ctx.visible_units() is not None:
        ctx.refuse(UNIT_REFUSAL, ALL_UNITS, entity=table, entity_id=row.id, attempted=action)
    return row


def _next_number(session: Session, year: int) -> str:
    prefix = f"{NUMBER_PREFIX}-{year}-"
    last = session.scalar(
        select(func.max(Analysis.number)).where(Analysis.number.like(f"{prefix}%"))
    )
    sequence = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


def _view(row: Analysis) -> AnalysisView:
    return AnalysisView(
        id=row.id,
        number=row.number,
        title=row.title,
        status=AnalysisStatus(row.status),
        compilation=from_json(row.figures),
        unit_id=row.unit_id,
        area_id=row.area_id,
        analysis=row.analysis,
        improvements=row.improvements,
        signed_at=row.signed_at,
        signed_by_name=row.signed_by_name,
        reopen_reason=row.reopen_reason,
        archived=row.archived_at is not None,
    )
