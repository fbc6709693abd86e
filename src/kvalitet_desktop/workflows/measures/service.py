"""Åtgärder: what is done, by whom and when, and what it answers to."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import Collector, FieldError, NotFound, ValidationFailed
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.roles import Action
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_day,
    clean_input,
    clean_optional_text,
    known_id,
    not_future_problem,
    order_problem,
    personal_number_warnings,
    refuse,
)
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.measures.domain import (
    COMPLETED_BEFORE_START,
    COMPLETED_IN_FUTURE,
    DUE_BEFORE_START,
    FIELD_LIMITS,
    FOLLOW_UP_BEFORE_START,
    MeasureAction,
    MeasureStatus,
    check_measure_transition,
    check_status_change,
)
from kvalitet_desktop.workflows.measures.kind import CREATE, READ, UPDATE, VOID
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink


@dataclass(frozen=True)
class LinkRef:
    kind: str
    target_id: str


@dataclass
class MeasureInput:
    title: str
    unit_id: str
    description: str | None = None
    responsible_id: str | None = None
    due_date: date | None = None
    links: list[LinkRef] = field(default_factory=list)
    start_on: date | None = None  # "Påbörjas"; empty when not known (older measures)


@dataclass(frozen=True)
class LinkView:
    kind: str
    target_id: str
    text: str
    record_id: str  # the record to open (the analysis for an event)


@dataclass(frozen=True)
class FollowUpSummary:
    id: str
    planned_on: date
    status: FollowUpStatus
    effect: str | None
    performed_on: date | None = None


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
    start_on: date | None
    follow_ups: tuple[FollowUpSummary, ...]
    archived: bool
    archive_reason: str | None = None
    # What looks like a personnummer in the texts just saved: shown at the fields.
    warnings: tuple[FieldError, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.status.is_open and self.due_date is not None and self.due_date < date.today()

    def follow_up_facts(self) -> tuple[date | None, date | None, str | None]:
        """(next planned on, latest carried out on, its effect): what ``follow_up_text`` reads."""
        planned = [f.planned_on for f in self.follow_ups if f.status.is_planned]
        done = [f for f in self.follow_ups if not f.status.is_planned and f.performed_on]
        last = max(done, key=lambda f: f.performed_on or date.min, default=None)
        return (
            min(planned, default=None),
            last.performed_on if last else None,
            last.effect if last else None,
        )

    def to_input(self) -> MeasureInput:
        return MeasureInput(
            self.title,
            self.unit_id,
            self.description,
            self.responsible_id,
            self.due_date,
            [LinkRef(link.kind, link.target_id) for link in self.links],
            self.start_on,
        )


def validate_measure(data: MeasureInput) -> MeasureInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("title", data.title, "Ange vad åtgärden är (rubrik).")
    errors.require("unit_id", data.unit_id, "Välj enhet.")
    errors.require("responsible_id", data.responsible_id, "Välj vem som är ansvarig.")
    errors.require("due_date", data.due_date, "Ange när åtgärden ska vara genomförd.")
    late = order_problem(data.start_on, data.due_date, DUE_BEFORE_START)
    if late:
        errors.add("due_date", late)
    errors.raise_if_any()
    return data


def describe_link(session: Session, kind: str, target_id: str) -> LinkView:
    """Human text for what a measure answers to, from the record kind it points at."""
    for record_kind in registry.KINDS:
        if kind in record_kind.link_kinds and record_kind.describe_link:
            view: LinkView | None = load(record_kind.describe_link)(session, kind, target_id)
            if view is not None:
                return view
    return LinkView(kind, target_id, f"{kind} (saknas)", target_id)


def _load(session: Session, ctx: Context, measure_id: str, action: Action = READ) -> Measure:
    """The measure, if the actor may do ``action`` with it (in its unit)."""
    row = session.get(Measure, known_id(measure_id, "Åtgärden finns inte."))
    if row is None:
        raise NotFound("Åtgärden finns inte.")
    ctx.require(action, row.unit_id, entity=Measure.__tablename__, entity_id=row.id)
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
        links=tuple(describe_link(session, link.kind, link.target_id) for link in row.links),
        start_on=row.start_on,
        follow_ups=tuple(
            FollowUpSummary(f.id, f.planned_on, FollowUpStatus(f.status), f.effect, f.performed_on)
            for f in follow_ups
        ),
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
    )


UNKNOWN_USER = "Den valda personen finns inte bland användarna."


def require_user(session: Session, field_name: str, user_id: str | None) -> None:
    """Refuse, at ``field_name``, an id that names no user (the database's link to the user
    would otherwise fail as an unexpected error)."""
    if user_id is None:
        return
    try:
        found = session.get(User, known_id(user_id, UNKNOWN_USER))
    except NotFound:
        found = None
    if found is None:
        refuse(field_name, UNKNOWN_USER)


def create_measure_in(session: Session, ctx: Context, data: MeasureInput) -> Measure:
    """Create a measure inside an open unit of work (used by follow-ups' "ny åtgärd" too)."""
    ctx.require(CREATE)
    data = validate_measure(data)
    ctx.require(CREATE, data.unit_id)
    if session.get(Unit, data.unit_id) is None:
        raise NotFound("Enheten finns inte.")
    require_user(session, "responsible_id", data.responsible_id)
    row = Measure(
        unit_id=data.unit_id,
        title=data.title.strip(),
        description=(data.description or "").strip() or None,
        responsible_id=data.responsible_id,
        start_on=data.start_on,
        due_date=data.due_date,
        status=MeasureStatus.PLANNED.value,
    )
    session.add(row)
    session.flush()
    for link in data.links:
        row.links.append(MeasureLink(kind=link.kind, target_id=link.target_id))
    session.flush()
    return row


def create_measure(ctx: Context, data: MeasureInput) -> MeasureView:
    """Create a measure; returns it as saved."""
    ctx.require(CREATE)
    with ctx.unit_of_work() as uow:
        row = create_measure_in(uow.session, ctx, data)
        return _with_warnings(measure_view(uow.session, ctx, row.id), data)


def _with_warnings(view: MeasureView, data: MeasureInput) -> MeasureView:
    return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


def _check(row: Measure, action: MeasureAction) -> MeasureStatus:
    return check_measure_transition(
        MeasureStatus(row.status), action, archived=row.archived_at is not None
    )


def update_measure(ctx: Context, measure_id: str, data: MeasureInput) -> MeasureView:
    ctx.require(UPDATE)
    data = validate_measure(data)
    ctx.require(UPDATE, data.unit_id)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, measure_id, UPDATE)
        _check(row, MeasureAction.EDIT)
        require_user(session, "responsible_id", data.responsible_id)
        _check_start_against_what_followed(session, row, data.start_on)
        values = {
            "title": data.title.strip(),
            "description": (data.description or "").strip() or None,
            "responsible_id": data.responsible_id,
            "start_on": data.start_on,
            "due_date": data.due_date,
            "unit_id": data.unit_id,
        }
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        wanted = {(link.kind, link.target_id) for link in data.links}
        for link in list(row.links):
            if (link.kind, link.target_id) not in wanted:
                row.links.remove(link)
        have = {(link.kind, link.target_id) for link in row.links}
        for kind, target in wanted - have:
            row.links.append(MeasureLink(kind=kind, target_id=target))
        session.flush()
        return _with_warnings(measure_view(session, ctx, row.id), data)


def _check_start_against_what_followed(
    session: Session, row: Measure, start_on: date | None
) -> None:
    """A start moved later may not leave the completion or a follow-up before it."""
    refuse("start_on", order_problem(start_on, row.completed_on, COMPLETED_BEFORE_START))
    first = session.scalar(
        select(func.min(func.coalesce(FollowUp.performed_on, FollowUp.planned_on))).where(
            FollowUp.measure_id == row.id, FollowUp.archived_at.is_(None)
        )
    )
    refuse("start_on", order_problem(start_on, first, FOLLOW_UP_BEFORE_START))


def set_status(
    ctx: Context,
    measure_id: str,
    status: MeasureStatus,
    cancel_reason: str | None = None,
    completed_on: date | None = None,
) -> MeasureView:
    """Change the status; ``completed_on`` (default today) is kept when it becomes genomförd.
    Returns the measure as saved."""
    ctx.require(UPDATE)
    if not isinstance(status, MeasureStatus):
        status = _status_from(status)
    cancel_reason = clean_optional_text("cancel_reason", cancel_reason, TextKind.MEDIUM)
    clean_day("completed_on", completed_on)
    refuse("completed_on", not_future_problem(completed_on, date.today(), COMPLETED_IN_FUTURE))
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, measure_id, UPDATE)
        if status is MeasureStatus.DONE:
            completed = completed_on or date.today()
            refuse("completed_on", order_problem(row.start_on, completed, COMPLETED_BEFORE_START))
        planned = session.scalar(
            select(FollowUp.id).where(FollowUp.measure_id == row.id, FollowUp.archived_at.is_(None))
        )
        check_status_change(
            status,
            cancel_reason=cancel_reason,
            has_planned_follow_up=planned is not None,
            current=MeasureStatus(row.status),
            archived=row.archived_at is not None,
        )
        row.status = status.value
        row.cancel_reason = (
            (cancel_reason or "").strip() or None if status is MeasureStatus.CANCELLED else None
        )
        row.completed_on = (completed_on or date.today()) if status is MeasureStatus.DONE else None
        session.flush()
        return measure_view(session, ctx, row.id)


def _status_from(value: object) -> MeasureStatus:
    try:
        return MeasureStatus(str(value))
    except ValueError:
        raise ValidationFailed([FieldError("status", "Välj en giltig status.")]) from None


def archive_measure(ctx: Context, measure_id: str, reason: str) -> MeasureView:
    ctx.require(VOID)
    require_reason(reason, "Ange varför åtgärden makuleras.")
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, measure_id, VOID)
        _check(row, MeasureAction.ARCHIVE)
        mark_archived(row, ctx, reason)
        uow.session.flush()
        return measure_view(uow.session, ctx, row.id)


def history_records(ctx: Context, session: Session, measure_id: str) -> list[str]:
    """The measure and its links, for the history."""
    _load(session, ctx, measure_id)
    links = session.scalars(select(MeasureLink.id).where(MeasureLink.measure_id == measure_id))
    return [measure_id, *links.all()]
