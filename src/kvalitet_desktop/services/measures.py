"""Åtgärder: what is done, by whom and when, and what it answers to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import Collector, NotFound, RuleViolation
from kvalitet_desktop.domain.followup import FollowUpStatus
from kvalitet_desktop.domain.lex_sarah import CauseLevel
from kvalitet_desktop.domain.measures import LinkKind, MeasureStatus, check_status_change
from kvalitet_desktop.domain.roles import Permission
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import (
    FollowUp,
    LexSarahCause,
    Measure,
    MeasureLink,
    RiskAnalysis,
    RiskEvent,
    Unit,
    User,
)


@dataclass(frozen=True)
class LinkRef:
    kind: LinkKind
    target_id: str


@dataclass
class MeasureInput:
    title: str
    unit_id: str
    description: str | None = None
    responsible_id: str | None = None
    due_date: date | None = None
    links: list[LinkRef] = field(default_factory=list)


@dataclass(frozen=True)
class LinkView:
    kind: LinkKind
    target_id: str
    text: str
    record_id: str  # the record to open (the analysis for an event)


@dataclass(frozen=True)
class FollowUpSummary:
    id: str
    planned_on: date
    status: FollowUpStatus
    effect: str | None


@dataclass(frozen=True)
class MeasureView:
    id: str
    title: str
    description: str | None
    unit_id: str
    unit_name: str
    responsible_id: str | None
    responsible_name: str | None
    due_date: date | None
    status: MeasureStatus
    cancel_reason: str | None
    completed_on: date | None
    links: tuple[LinkView, ...]
    follow_ups: tuple[FollowUpSummary, ...]
    archived: bool
    archive_reason: str | None = None

    @property
    def overdue(self) -> bool:
        return self.status.is_open and self.due_date is not None and self.due_date < date.today()

    def to_input(self) -> MeasureInput:
        return MeasureInput(
            self.title,
            self.unit_id,
            self.description,
            self.responsible_id,
            self.due_date,
            [LinkRef(link.kind, link.target_id) for link in self.links],
        )


def validate_measure(data: MeasureInput) -> None:
    errors = Collector()
    errors.require("title", data.title, "Ange vad åtgärden är (rubrik).")
    errors.require("unit_id", data.unit_id, "Välj enhet.")
    errors.require("responsible_id", data.responsible_id, "Välj vem som är ansvarig.")
    errors.require("due_date", data.due_date, "Ange när åtgärden ska vara genomförd.")
    errors.raise_if_any()


def describe_link(session: Session, kind: LinkKind, target_id: str) -> LinkView:
    """Human text for what a measure answers to."""
    if kind is LinkKind.RISK_EVENT:
        event = session.get(RiskEvent, target_id)
        if event is not None:
            live = [e for e in event.analysis.events if e.archived_at is None]
            number = next((i for i, e in enumerate(live, start=1) if e.id == event.id), 0)
            return LinkView(
                kind,
                target_id,
                f"Riskanalys ”{event.analysis.title}”, händelse {number}: {event.description}",
                event.analysis_id,
            )
    if kind is LinkKind.RISK_ANALYSIS:
        analysis = session.get(RiskAnalysis, target_id)
        if analysis is not None:
            return LinkView(kind, target_id, f"Riskanalys ”{analysis.title}”", analysis.id)
    if kind is LinkKind.FOLLOW_UP:
        follow_up = session.get(FollowUp, target_id)
        if follow_up is not None:
            return LinkView(
                kind,
                target_id,
                f"Uppföljning {follow_up.planned_on.isoformat()} av ”{follow_up.measure.title}”",
                follow_up.id,
            )
    if kind is LinkKind.LEX_SARAH_CAUSE:
        cause = session.get(LexSarahCause, target_id)
        if cause is not None:
            # Only the case number and level: the cause's text belongs to the protected case.
            return LinkView(
                kind,
                target_id,
                f"Lex Sarah-ärende {cause.case.number}, orsak på {_level(cause.level)}",
                cause.case_id,
            )
    return LinkView(kind, target_id, f"{kind.value} (saknas)", target_id)


def _level(value: str) -> str:
    try:
        return CauseLevel(value).level_text
    except ValueError:
        return value


def _load(session: Session, ctx: Context, measure_id: str) -> Measure:
    row = session.get(Measure, measure_id)
    if row is None:
        raise NotFound("Åtgärden finns inte.")
    ctx.require_unit(row.unit_id)
    return row


def _name(session: Session, user_id: str | None) -> str | None:
    user = session.get(User, user_id) if user_id else None
    return user.name if user else None


def get_measure(ctx: Context, measure_id: str) -> MeasureView:
    with ctx.reading() as session:
        return measure_view(session, ctx, measure_id)


def measure_view(session: Session, ctx: Context, measure_id: str) -> MeasureView:
    row = _load(session, ctx, measure_id)
    follow_ups = session.scalars(
        select(FollowUp)
        .where(FollowUp.measure_id == row.id, FollowUp.archived_at.is_(None))
        .order_by(FollowUp.planned_on)
    ).all()
    return MeasureView(
        id=row.id,
        title=row.title,
        description=row.description,
        unit_id=row.unit_id,
        unit_name=row.unit.name,
        responsible_id=row.responsible_id,
        responsible_name=_name(session, row.responsible_id),
        due_date=row.due_date,
        status=MeasureStatus(row.status),
        cancel_reason=row.cancel_reason,
        completed_on=row.completed_on,
        links=tuple(
            describe_link(session, LinkKind(link.kind), link.target_id) for link in row.links
        ),
        follow_ups=tuple(
            FollowUpSummary(f.id, f.planned_on, FollowUpStatus(f.status), f.effect)
            for f in follow_ups
        ),
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
    )


def create_measure_in(session: Session, ctx: Context, data: MeasureInput) -> Measure:
    """Create a measure inside an open unit of work (used by follow-ups' "ny åtgärd" too)."""
    validate_measure(data)
    ctx.require_unit(data.unit_id)
    if session.get(Unit, data.unit_id) is None:
        raise NotFound("Enheten finns inte.")
    row = Measure(
        unit_id=data.unit_id,
        title=data.title.strip(),
        description=(data.description or "").strip() or None,
        responsible_id=data.responsible_id,
        due_date=data.due_date,
        status=MeasureStatus.PLANNED.value,
    )
    session.add(row)
    session.flush()
    for link in data.links:
        session.add(MeasureLink(measure_id=row.id, kind=link.kind.value, target_id=link.target_id))
    session.flush()
    return row


def create_measure(ctx: Context, data: MeasureInput) -> str:
    ctx.require(Permission.EDIT_MEASURES, "besluta åtgärder")
    with ctx.unit_of_work() as uow:
        return create_measure_in(uow.session, ctx, data).id


def update_measure(ctx: Context, measure_id: str, data: MeasureInput) -> None:
    ctx.require(Permission.EDIT_MEASURES, "ändra åtgärder")
    validate_measure(data)
    ctx.require_unit(data.unit_id)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, measure_id)
        if row.archived_at is not None:
            raise RuleViolation("Åtgärden är makulerad och kan inte ändras.")
        values = {
            "title": data.title.strip(),
            "description": (data.description or "").strip() or None,
            "responsible_id": data.responsible_id,
            "due_date": data.due_date,
            "unit_id": data.unit_id,
        }
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        wanted = {(link.kind.value, link.target_id) for link in data.links}
        for link in list(row.links):
            if (link.kind, link.target_id) not in wanted:
                row.links.remove(link)
        have = {(link.kind, link.target_id) for link in row.links}
        for kind, target in wanted - have:
            row.links.append(MeasureLink(kind=kind, target_id=target))


def set_status(
    ctx: Context,
    measure_id: str,
    status: MeasureStatus,
    cancel_reason: str | None = None,
    completed_on: date | None = None,
) -> None:
    """Change the status; ``completed_on`` (default today) is kept when it becomes genomförd."""
    ctx.require(Permission.EDIT_MEASURES, "ändra åtgärders status")
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, measure_id)
        planned = session.scalar(
            select(FollowUp.id).where(FollowUp.measure_id == row.id, FollowUp.archived_at.is_(None))
        )
        check_status_change(
            status, cancel_reason=cancel_reason, has_planned_follow_up=planned is not None
        )
        row.status = status.value
        row.cancel_reason = (
            (cancel_reason or "").strip() or None if status is MeasureStatus.CANCELLED else None
        )
        row.completed_on = (completed_on or date.today()) if status is MeasureStatus.DONE else None


def archive_measure(ctx: Context, measure_id: str, reason: str) -> None:
    ctx.require(Permission.EDIT_MEASURES, "makulera åtgärder")
    errors = Collector()
    errors.require("reason", reason, "Ange varför åtgärden makuleras.")
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, measure_id)
        if row.archived_at is not None:
            raise RuleViolation("Åtgärden är redan makulerad.")
        row.archived_at = utcnow()
        row.archived_by = ctx.actor.id
        row.archive_reason = reason.strip()
