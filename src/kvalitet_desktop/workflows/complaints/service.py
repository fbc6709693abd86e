"""Klagomål och synpunkter: register, investigate, reply to the submitter, close, reopen.

Every use case checks the role × action table (``kind.py``), works in one unit of work and
returns the complaint as saved. An anonymous submitter is never asked who they are: a name or
contact details for one are refused, and so is a reply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import Collector, FieldError, NotFound, RuleViolation
from kvalitet_desktop.domain.linked_records import LinkedSummary, RecordRef, SourceFacts
from kvalitet_desktop.domain.roles import Action
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_input,
    clean_text,
    known_id,
    not_future_problem,
    order_problem,
    personal_number_warnings,
)
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.numbering import last_serial
from kvalitet_desktop.services.settings import read_setting, write_setting
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.audit import CHANGE_REASON
from kvalitet_desktop.store.base import new_id
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.complaints.domain import (
    ANONYMOUS_IDENTITY,
    ANONYMOUS_REPLY,
    ANSWERED_NOT_ANONYMOUS,
    COMPLAINT_LINK,
    DEFAULT_TOPICS,
    FIELD_LIMITS,
    OPEN_STATUSES,
    RECEIVED_AFTER_TODAY,
    REPLY_AFTER_TODAY,
    REPLY_BEFORE_RECEIPT,
    Channel,
    ComplaintAction,
    ComplaintKind,
    ComplaintStatus,
    ReplyMethod,
    ReplyTarget,
    SubmitterType,
    check_complaint_transition,
    close_problem,
    reply_due,
    reply_overdue,
    response_days,
)
from kvalitet_desktop.workflows.complaints.kind import CLOSE, HANDLE, KEY, READ, REGISTER, VOID
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.measures.report_data import follow_up_texts_in
from kvalitet_desktop.workflows.measures.service import LinkView

REPLY_TARGET = "klagomal_reply_target"
TOPICS = "klagomal_topics"
NUMBER_PREFIX = "KL"
MAX_TOPIC = TextKind.SHORT.limit


@dataclass
class ComplaintInput:
    title: str
    unit_id: str
    received_on: date | None
    channel: Channel
    submitter_type: SubmitterType
    complaint_kind: ComplaintKind
    topic: str
    description: str
    received_by_id: str | None = None  # default: the one registering it
    submitter_name: str | None = None
    submitter_contact: str | None = None
    handler_id: str | None = None
    investigation: str | None = None


@dataclass
class ReplyInput:
    replied_on: date | None
    reply_method: ReplyMethod | None
    reply_text: str


@dataclass(frozen=True)
class MeasureSummary:
    id: str
    title: str
    status: str
    due_date: date | None
    follow_up: str  # as every list and report writes it ("Uppföljd 2026-03-02 · effekt: ja")


@dataclass(frozen=True)
class ComplaintView:
    id: str
    number: str
    title: str
    unit_id: str
    unit_name: str
    status: ComplaintStatus
    received_on: date
    channel: Channel
    received_by_id: str | None
    received_by_name: str | None
    submitter_type: SubmitterType
    submitter_name: str | None
    submitter_contact: str | None
    complaint_kind: ComplaintKind
    topic: str
    description: str
    handler_id: str | None
    handler_name: str | None
    investigation: str | None
    reply_due: date | None
    replied_on: date | None
    reply_method: ReplyMethod | None
    reply_text: str | None
    response_days: int | None
    conclusion: str | None
    closed_on: date | None
    closed_by_name: str | None
    measures: tuple[MeasureSummary, ...]
    archived: bool
    archive_reason: str | None
    # What looks like a personnummer in the texts just saved: shown at the fields.
    warnings: tuple[FieldError, ...] = ()

    def overdue(self, today: date) -> bool:
        return not self.archived and reply_overdue(
            self.status, self.reply_due, self.replied_on, today
        )

    def to_input(self) -> ComplaintInput:
        return ComplaintInput(
            title=self.title,
            unit_id=self.unit_id,
            received_on=self.received_on,
            channel=self.channel,
            submitter_type=self.submitter_type,
            complaint_kind=self.complaint_kind,
            topic=self.topic,
            description=self.description,
            received_by_id=self.received_by_id,
            submitter_name=self.submitter_name,
            submitter_contact=self.submitter_contact,
            handler_id=self.handler_id,
            investigation=self.investigation,
        )


# --- settings ---------------------------------------------------------------------------------


def reply_target(ctx: Context) -> ReplyTarget:
    with ctx.reading() as session:
        return reply_target_in(session)


def reply_target_in(session: Session) -> ReplyTarget:
    return ReplyTarget.from_dict(read_setting(session, REPLY_TARGET))


def set_reply_target(ctx: Context, target: ReplyTarget) -> ReplyTarget:
    problem = target.problem()
    if problem:
        errors = Collector()
        errors.add("reply_target", problem)
        errors.raise_if_any()
    write_setting(ctx, REPLY_TARGET, target.to_dict())
    return target


def topics(ctx: Context) -> list[str]:
    """The topics to choose from (the municipality's list, else the defaults)."""
    with ctx.reading() as session:
        return topics_in(session)


def topics_in(session: Session) -> list[str]:
    value = read_setting(session, TOPICS)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return list(DEFAULT_TOPICS)


def set_topics(ctx: Context, values: list[str]) -> list[str]:
    """Replace the list of topics: trimmed, non-empty, unique, one line each. A topic taken
    out stays on the complaints that have it."""
    cleaned: list[str] = []
    errors = Collector()
    seen: set[str] = set()
    for position, value in enumerate(values, start=1):
        text = " ".join(str(value).split())
        if not text:
            continue
        if len(text) > MAX_TOPIC:
            errors.add(TOPICS, f"Ämne {position} är för långt (högst {MAX_TOPIC} tecken).")
        elif text.casefold() in seen:
            errors.add(TOPICS, f"”{text}” står två gånger i listan.")
        else:
            seen.add(text.casefold())
            cleaned.append(clean_text(TOPICS, text, TextKind.SHORT))
    if not cleaned and not errors.errors:
        errors.add(TOPICS, "Listan behöver minst ett ämne.")
    errors.raise_if_any()
    write_setting(ctx, TOPICS, cleaned)
    return cleaned


# --- validation --------------------------------------------------------------------------------


def validate_complaint(data: ComplaintInput, today: date | None = None) -> ComplaintInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    # Every problem at once: the text rules' and the complaint's own.
    errors = Collector()
    data = clean_input(data, FIELD_LIMITS, errors=errors)
    today = today or date.today()
    errors.require("title", data.title, "Ange en rubrik som säger vad det gäller.")
    errors.require("unit_id", data.unit_id, "Välj vilken enhet det gäller.")
    errors.require("received_on", data.received_on, "Ange när det togs emot.")
    errors.require("topic", data.topic, "Välj ett ämne.")
    errors.require("description", data.description, "Beskriv vad avsändaren framför.")
    received = data.received_on if isinstance(data.received_on, date) else None
    late = not_future_problem(received, today, RECEIVED_AFTER_TODAY)
    if late:
        errors.add("received_on", late)
    if isinstance(data.submitter_type, SubmitterType) and data.submitter_type.is_anonymous:
        for key in ("submitter_name", "submitter_contact"):
            if (getattr(data, key) or "").strip():
                errors.add(key, ANONYMOUS_IDENTITY)
    errors.raise_if_any()
    return data


def validate_reply(
    data: ReplyInput, received_on: date | None, today: date | None = None
) -> ReplyInput:
    errors = Collector()
    data = clean_input(data, FIELD_LIMITS, errors=errors)
    today = today or date.today()
    errors.require("replied_on", data.replied_on, "Ange när avsändaren fick svar.")
    errors.require("reply_method", data.reply_method, "Välj hur svaret gavs.")
    errors.require("reply_text", data.reply_text, "Skriv kort vad som sades i svaret.")
    replied = data.replied_on if isinstance(data.replied_on, date) else None
    for problem in (
        not_future_problem(replied, today, REPLY_AFTER_TODAY),
        order_problem(received_on, replied, REPLY_BEFORE_RECEIPT),
    ):
        if problem:
            errors.add("replied_on", problem)
    errors.raise_if_any()
    return data


# --- reading -----------------------------------------------------------------------------------


def _load(session: Session, ctx: Context, complaint_id: str, action: Action = READ) -> Complaint:
    """The complaint, if the actor may do ``action`` with it (in its unit)."""
    row = session.get(Complaint, known_id(complaint_id, "Klagomålet finns inte."))
    if row is None:
        raise NotFound("Klagomålet finns inte.")
    ctx.require(action, row.unit_id, entity=Complaint.__tablename__, entity_id=row.id)
    return row


def get_complaint(ctx: Context, complaint_id: str) -> ComplaintView:
    with ctx.reading() as session:
        return _view(session, _load(session, ctx, complaint_id))


def _names(session: Session, *user_ids: str | None) -> dict[str, str]:
    wanted = {u for u in user_ids if u}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def _measures(session: Session, complaint_id: str) -> tuple[MeasureSummary, ...]:
    rows = session.scalars(
        select(Measure)
        .join(MeasureLink, MeasureLink.measure_id == Measure.id)
        .where(
            MeasureLink.kind == COMPLAINT_LINK,
            MeasureLink.target_id == complaint_id,
            Measure.archived_at.is_(None),
        )
        .order_by(Measure.due_date, Measure.title)
    ).all()
    texts = follow_up_texts_in(session, [m.id for m in rows])
    return tuple(
        MeasureSummary(m.id, m.title, m.status, m.due_date, texts.get(m.id, "–")) for m in rows
    )


def _view(session: Session, row: Complaint) -> ComplaintView:
    names = _names(session, row.received_by_id, row.handler_id, row.closed_by_id)
    return ComplaintView(
        id=row.id,
        number=row.number,
        title=row.title,
        unit_id=row.unit_id,
        unit_name=row.unit.name,
        status=ComplaintStatus(row.status),
        received_on=row.received_on,
        channel=Channel(row.channel),
        received_by_id=row.received_by_id,
        received_by_name=names.get(row.received_by_id or ""),
        submitter_type=SubmitterType(row.submitter_type),
        submitter_name=row.submitter_name,
        submitter_contact=row.submitter_contact,
        complaint_kind=ComplaintKind(row.complaint_kind),
        topic=row.topic,
        description=row.description,
        handler_id=row.handler_id,
        handler_name=names.get(row.handler_id or ""),
        investigation=row.investigation,
        reply_due=row.reply_due,
        replied_on=row.replied_on,
        reply_method=ReplyMethod(row.reply_method) if row.reply_method else None,
        reply_text=row.reply_text,
        response_days=row.response_days,
        conclusion=row.conclusion,
        closed_on=row.closed_on,
        closed_by_name=names.get(row.closed_by_id or ""),
        measures=_measures(session, row.id),
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
    )


# --- writing -----------------------------------------------------------------------------------


def _assign(row: object, **values: object) -> None:
    """Set only what changed, so the audit trail records real changes only."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _check(row: Complaint, action: ComplaintAction) -> ComplaintStatus:
    return check_complaint_transition(
        ComplaintStatus(row.status), action, archived=row.archived_at is not None
    )


def _next_number(session: Session, year: int) -> str:
    """The year's next number; the last serial is read once per unit of work (see the
    avvikelse's numbering), so an import of many rows does not search once per row."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    serials: dict[str, int] = session.info.setdefault("complaint_serials", {})
    if prefix not in serials:
        serials[prefix] = last_serial(session, Complaint.number, prefix)
    serials[prefix] += 1
    return f"{prefix}{serials[prefix]:04d}"


def _check_against_reply(row: Complaint, data: ComplaintInput) -> None:
    """A complaint already answered cannot become anonymous, nor received after its reply."""
    if row.replied_on is None:
        return
    errors = Collector()
    if data.submitter_type.is_anonymous:
        errors.add("submitter_type", ANSWERED_NOT_ANONYMOUS)
    late = order_problem(data.received_on, row.replied_on, REPLY_BEFORE_RECEIPT)
    if late:
        errors.add("received_on", late)
    errors.raise_if_any()


def _handled(data: ComplaintInput) -> bool:
    return bool(_clean(data.handler_id) or _clean(data.investigation))


def save_complaint(
    ctx: Context, data: ComplaintInput, complaint_id: str | None = None
) -> ComplaintView:
    """Register a complaint (anyone may) or change one (its handlers); returns it as saved.

    A handler or an investigation makes a received complaint "under utredning". The reply
    due date follows from the day it was received and the reply target in force."""
    action = REGISTER if complaint_id is None else HANDLE
    ctx.require(action)
    data = validate_complaint(data)
    if complaint_id is None and _handled(data):
        ctx.require(HANDLE)
    ctx.require(action, data.unit_id)
    with ctx.unit_of_work() as uow:
        row = _save_in(uow.session, ctx, data, complaint_id)
        uow.session.flush()
        view = _view(uow.session, row)
        return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


def register_in(session: Session, ctx: Context, data: ComplaintInput) -> Complaint:
    """A new complaint inside the caller's unit of work (an import of many); the stored row."""
    ctx.require(REGISTER)
    data = validate_complaint(data)
    if _handled(data):
        ctx.require(HANDLE)
    ctx.require(REGISTER, data.unit_id)
    return _save_in(session, ctx, data, None)


def _save_in(
    session: Session, ctx: Context, data: ComplaintInput, complaint_id: str | None
) -> Complaint:
    """The write of ``save_complaint`` for validated ``data`` whose actions were checked."""
    assert data.received_on is not None
    unit = session.get(Unit, data.unit_id)
    if unit is None:
        raise NotFound("Enheten finns inte.")
    # Read before a new row joins the session: a query would flush it half-filled.
    # Once per unit of work (an import registers thousands in one); the target is a setting
    # written in a unit of work of its own, so it cannot change inside this one.
    target = session.info.get(REPLY_TARGET)
    if not isinstance(target, ReplyTarget):
        target = session.info[REPLY_TARGET] = reply_target_in(session)
    if complaint_id is None:
        row = Complaint(
            id=new_id(),  # known before the flush: an import flushes many rows at once
            number=_next_number(session, data.received_on.year),
            status=ComplaintStatus.RECEIVED.value,
        )
        status = ComplaintStatus.RECEIVED
    else:
        row = _load(session, ctx, complaint_id, HANDLE)
        status = _check(row, ComplaintAction.SAVE)
        _check_against_reply(row, data)
    if _handled(data):
        status = check_complaint_transition(status, ComplaintAction.INVESTIGATE)
    anonymous = data.submitter_type.is_anonymous
    due = reply_due(data.received_on, data.submitter_type, target)
    if (
        row.reply_due is not None
        and row.received_on == data.received_on
        and row.submitter_type == data.submitter_type.value
    ):
        due = row.reply_due  # kept as it was set, even if the target changed since
    _assign(
        row,
        title=data.title.strip(),
        unit_id=data.unit_id,
        status=status.value,
        received_on=data.received_on,
        channel=data.channel.value,
        received_by_id=_clean(data.received_by_id) or row.received_by_id or ctx.actor.id,
        submitter_type=data.submitter_type.value,
        submitter_name=None if anonymous else _clean(data.submitter_name),
        submitter_contact=None if anonymous else _clean(data.submitter_contact),
        complaint_kind=data.complaint_kind.value,
        topic=" ".join(data.topic.split()),
        description=data.description.strip(),
        handler_id=_clean(data.handler_id),
        investigation=_clean(data.investigation),
        reply_due=due,
        response_days=response_days(data.received_on, row.replied_on),
    )
    session.add(row)
    return row


def record_reply(ctx: Context, complaint_id: str, data: ReplyInput) -> ComplaintView:
    """The reply to the submitter: when, how and what was said; the response time follows."""
    ctx.require(HANDLE)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, complaint_id, HANDLE)
        if SubmitterType(row.submitter_type).is_anonymous:
            raise RuleViolation(ANONYMOUS_REPLY)
        status = _check(row, ComplaintAction.REPLY)
        data = validate_reply(data, row.received_on)
        assert data.replied_on is not None and data.reply_method is not None
        _assign(
            row,
            status=status.value,
            replied_on=data.replied_on,
            reply_method=data.reply_method.value,
            reply_text=data.reply_text.strip(),
            response_days=response_days(row.received_on, data.replied_on),
        )
        session.flush()
        view = _view(session, row)
        return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


def close_complaint(
    ctx: Context, complaint_id: str, conclusion: str | None = None, closed_on: date | None = None
) -> ComplaintView:
    """Close a handled complaint; a named submitter must have had a reply first."""
    ctx.require(CLOSE)
    text = _clean(clean_text("conclusion", conclusion or "", TextKind.LONG))
    day = closed_on or date.today()
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, complaint_id, CLOSE)
        status = _check(row, ComplaintAction.CLOSE)
        problem = close_problem(SubmitterType(row.submitter_type), row.replied_on)
        if problem:
            raise RuleViolation(problem)
        errors = Collector()
        before = order_problem(
            row.received_on, day, "Avslutet ({later}) kan inte ligga före mottagandet ({earlier})."
        )
        if before:
            errors.add("closed_on", before)
        errors.raise_if_any()
        _assign(
            row,
            status=status.value,
            conclusion=text,
            closed_on=day,
            closed_by_id=ctx.actor.id,
        )
        session.flush()
        return _view(session, row)


def reopen_complaint(ctx: Context, complaint_id: str, reason: str) -> ComplaintView:
    """Open a closed complaint again to change it; the reason is kept in the audit trail."""
    ctx.require(CLOSE)
    require_reason(reason, "Skriv varför det avslutade klagomålet öppnas igen.")
    with ctx.unit_of_work() as uow:
        session = uow.session
        session.info[CHANGE_REASON] = reason.strip()
        row = _load(session, ctx, complaint_id, CLOSE)
        status = _check(row, ComplaintAction.REOPEN)
        _assign(row, status=status.value, closed_on=None, closed_by_id=None)
        session.flush()
        return _view(session, row)


def archive_complaint(ctx: Context, complaint_id: str, reason: str) -> ComplaintView:
    ctx.require(VOID)
    require_reason(reason, "Ange varför klagomålet makuleras.")
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, complaint_id, VOID)
        _check(row, ComplaintAction.ARCHIVE)
        mark_archived(row, ctx, reason)
        uow.session.flush()
        return _view(uow.session, row)


# --- what others ask of a complaint ------------------------------------------------------------


def due_items(ctx: Context, session: Session, today: date, until: date) -> list[TodoItem]:
    """Open complaints of the visible units owed a reply by ``until``, the earliest first."""
    query = (
        select(Complaint.id, Complaint.number, Complaint.title, Unit.name, Complaint.reply_due)
        .join(Unit, Unit.id == Complaint.unit_id)
        .where(
            Complaint.archived_at.is_(None),
            Complaint.status.in_(OPEN_STATUSES),
            Complaint.replied_on.is_(None),
            Complaint.reply_due.is_not(None),
            Complaint.reply_due <= until,
        )
        .order_by(Complaint.reply_due, Complaint.number)
    )
    units = ctx.visible_units()
    if units is not None:
        query = query.where(Complaint.unit_id.in_(units))
    return [
        TodoItem(
            KEY,
            complaint_id,
            f"{number} {title}",
            unit,
            due,
            "Avsändaren ska ha svar",
            overdue=due is not None and due < today,
        )
        for complaint_id, number, title, unit, due in session.execute(query)
    ]


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a measure answering to a complaint says it answers to: its number and topic (the
    submitter is not named)."""
    if kind != COMPLAINT_LINK:
        return None
    row = session.get(Complaint, target_id)
    if row is None:
        return None
    return LinkView(kind, target_id, f"Klagomål {row.number} ({row.topic})", row.id)


def source_facts(ctx: Context, complaint_id: str) -> SourceFacts:
    """What a complaint gives an avvikelse or a lex Sarah rapport made from it ("Gör …"):
    its unit, title and what was said, with where it came from. Never the submitter's name or
    contact details: the new record's readers are not the complaint's."""
    view = get_complaint(ctx, complaint_id)
    came = (
        f"Från klagomål {view.number}, mottaget {view.received_on.isoformat()} "
        f"({view.channel.value}, {view.submitter_type.value})."
    )
    return SourceFacts(
        source=RecordRef(KEY, view.id),
        label=f"klagomål {view.number}",
        title=view.title,
        unit_id=view.unit_id,
        description=f"{view.description}\n\n{came}",
    )


def linked_summary(ctx: Context, session: Session, complaint_id: str) -> LinkedSummary | None:
    """A complaint seen through a link: its number and status, for those who may read it."""
    row = session.get(Complaint, complaint_id)
    if row is None or not ctx.may(READ) or not ctx.sees_unit(row.unit_id):
        return None
    return LinkedSummary(row.number, row.status, row.title)


def history_records(ctx: Context, session: Session, complaint_id: str) -> list[str]:
    _load(session, ctx, complaint_id)  # permission and existence check
    return [complaint_id]


def record_title(session: Session, complaint_id: str) -> str | None:
    row = session.get(Complaint, complaint_id)
    return f"{row.number} {row.title}" if row else None
