"""Use cases of förändringar i insatser: the change, the people affected, their contacts and
follow-ups, and the closing.

A change is seen by those who may read the kind and work in one of its units; a person's
details (plan, contacts, follow-up) only by those who work in that person's unit."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import (
    Collector,
    FieldError,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.individual_assessments import (
    AssessedIndividual,
    IndividualAssessmentSummary,
    summarise,
)
from kvalitet_desktop.domain.individuals import IndividualInput, normal_code
from kvalitet_desktop.domain.linked_records import LinkedSummary, RecordRef, SourceFacts
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.domain.roles import ALL_UNITS, INDIVIDUALS_ADMINISTER, UNIT_REFUSAL, Action
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_input,
    clean_text,
    known_id,
    not_future_problem,
    order_problem,
    personal_number_warnings,
)
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import Individual, Unit
from kvalitet_desktop.workflows.changes import domain as rules
from kvalitet_desktop.workflows.changes.domain import (
    PERSON_LINK,
    ChangeInput,
    ChangeStatus,
    ClosingInput,
    ContactFacts,
    ContactInput,
    FollowUpInput,
    NeedsMet,
    PersonInput,
    Phase,
    contact_overdue,
    next_contact_due,
    score_of,
)
from kvalitet_desktop.workflows.changes.kind import CLOSE, CONTACT, CREATE, KEY, READ, UPDATE
from kvalitet_desktop.workflows.changes.models import (
    AffectedPerson,
    InsatsChange,
    InsatsChangeUnit,
    PersonContact,
)
from kvalitet_desktop.workflows.changes.people_csv import read_people, row_error
from kvalitet_desktop.workflows.measures.service import (
    LinkRef,
    LinkView,
    MeasureInput,
    create_measure_in,
)

RISK_KIND = "riskanalys"  # the kind of the group-level analysis a change is linked to
_CONTEXT = "changes"
_GONE = QT_TRANSLATE_NOOP(_CONTEXT, "Förändringen finns inte.")
_PERSON_GONE = QT_TRANSLATE_NOOP(_CONTEXT, "Personen finns inte bland de berörda.")
_NO_UNIT = QT_TRANSLATE_NOOP(_CONTEXT, "Enheten finns inte.")
_NO_ANALYSIS = QT_TRANSLATE_NOOP(_CONTEXT, "Riskanalysen finns inte.")
_UNIT_IN_USE = QT_TRANSLATE_NOOP(_CONTEXT, "En enhet med berörda personer kan inte tas bort.")
_NO_CLOSING_DAY = QT_TRANSLATE_NOOP(_CONTEXT, "Ange när förändringen avslutas.")
_UNIT_NEEDED = QT_TRANSLATE_NOOP(_CONTEXT, "Ange enhet: förändringen berör flera enheter.")
_UNIT_NOT_CONCERNED = QT_TRANSLATE_NOOP(_CONTEXT, "Enheten ”{name}” berörs inte av förändringen.")
_CODE_FIXED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Koden kan inte ändras här; ta bort personen och lägg till rätt kod."
)
_NO_REASON = QT_TRANSLATE_NOOP(_CONTEXT, "Ange varför personen tas bort.")
_FOLLOW_UP_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT, "Uppföljningen ({later}) kan inte göras före förändringens start ({earlier})."
)


# --- views ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactView:
    id: str
    contacted_on: date
    phase: str
    channel: str
    with_whom: str
    staff: str
    reached: bool
    said: str | None
    took_part: bool | None
    wishes: str | None
    next_contact_on: date | None


@dataclass(frozen=True)
class PersonRow:
    """A person affected as the group overview shows them."""

    id: str
    code: str
    unit_id: str
    unit_name: str
    insats: str | None
    paused_self: bool
    score: int | None
    last_contact_on: date | None
    days_since: int | None
    contacted_before: bool
    took_part: bool
    followed_up: bool
    needs_met: str | None
    next_due: date | None
    overdue: bool


@dataclass(frozen=True)
class PersonView:
    id: str
    change_id: str
    change_number: str
    change_title: str
    change_closed: bool
    code: str
    unit_id: str
    unit_name: str
    insats: str | None
    what_changes_for_them: str | None
    paused_self: bool
    probability: int | None
    consequence: int | None
    risks: tuple[str, ...]
    plan: str | None
    responsible_staff: str | None
    representative: str | None
    contact_preference: str | None
    followed_up_on: date | None
    needs_met: str | None
    ratings: dict[str, int]
    follow_up_comment: str | None
    contacts: tuple[ContactView, ...]
    row: PersonRow
    warnings: tuple[FieldError, ...] = ()

    @property
    def score(self) -> int | None:
        return score_of(self.probability, self.consequence)

    def to_input(self) -> PersonInput:
        return PersonInput(
            self.code,
            self.unit_id,
            self.insats,
            self.what_changes_for_them,
            self.paused_self,
            self.probability,
            self.consequence,
            list(self.risks),
            self.plan,
            self.responsible_staff,
            self.representative,
            self.contact_preference,
        )


@dataclass(frozen=True)
class GroupSummary:
    total: int
    contacted_before: int
    took_part: int
    followed_up: int
    needs_met: int
    overdue: int


@dataclass(frozen=True)
class ChangeView:
    id: str
    number: str
    title: str
    status: ChangeStatus
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    what_changes: tuple[str, ...]
    insatser: str | None
    reason: str | None
    starts_on: date
    planned_end_on: date | None
    decided_by: str | None
    risk_analysis_id: str | None
    risk_analysis_title: str | None
    contact_interval_days: int
    closed_on: date | None
    lessons: str | None
    unfinished_reason: str | None
    people: tuple[PersonRow, ...]  # those the actor may see
    hidden_people: int  # affected in units the actor does not work in
    summary: GroupSummary
    archived: bool = False
    warnings: tuple[FieldError, ...] = ()

    @property
    def closed(self) -> bool:
        return self.status is ChangeStatus.CLOSED

    def to_input(self) -> ChangeInput:
        return ChangeInput(
            self.title,
            list(self.unit_ids),
            list(self.what_changes),
            self.starts_on,
            self.planned_end_on,
            self.insatser,
            self.reason,
            self.decided_by,
            self.risk_analysis_id,
            self.contact_interval_days,
        )


@dataclass(frozen=True)
class ImportResult:
    view: ChangeView
    added: int
    registered: int = 0  # codes the import added to a unit's register, at the user's choice


@dataclass(frozen=True)
class DueContact:
    """A person whose next contact is due (the dashboard's item)."""

    change_id: str
    change_title: str
    person_id: str
    code: str
    unit_id: str
    unit_name: str
    due: date


# --- loading and checks ---------------------------------------------------------------------


def code_of(person: AffectedPerson) -> str:
    """The person's code, or the gallring marker once it has been cut away."""
    return person.individual.code if person.individual is not None else CLEARED


def _unit_ids(change: InsatsChange) -> list[str]:
    return [u.unit_id for u in change.units]


def _sees_change(ctx: Context, change: InsatsChange) -> bool:
    return any(ctx.sees_unit(u) for u in _unit_ids(change) or [change.unit_id])


def _load(session: Session, ctx: Context, change_id: str, action: Action) -> InsatsChange:
    change = session.get(InsatsChange, known_id(change_id, _GONE))
    if change is None:
        raise NotFound(_GONE)
    ctx.require(action, entity=InsatsChange.__tablename__, entity_id=change.id)
    if not _sees_change(ctx, change):
        ctx.refuse(
            UNIT_REFUSAL,
            ALL_UNITS,
            entity=InsatsChange.__tablename__,
            entity_id=change.id,
            unit_id=change.unit_id,
            attempted=action,
        )
    return change


def _load_person(session: Session, ctx: Context, person_id: str, action: Action) -> AffectedPerson:
    person = session.get(AffectedPerson, known_id(person_id, _PERSON_GONE))
    if person is None or person.archived_at is not None:
        raise NotFound(_PERSON_GONE)
    ctx.require(action, person.unit_id, entity=AffectedPerson.__tablename__, entity_id=person.id)
    return person


def _open_change(change: InsatsChange) -> None:
    if ChangeStatus(change.status) is ChangeStatus.CLOSED or change.archived_at is not None:
        raise RuleViolation(rules.CLOSED_LOCKED)


# --- the overview of one person -----------------------------------------------------------


def _live_contacts(person: AffectedPerson) -> list[PersonContact]:
    return [c for c in person.contacts if c.archived_at is None]


def _facts(person: AffectedPerson) -> ContactFacts:
    change = person.change
    contacts = _live_contacts(person)
    last = max(contacts, key=lambda c: (c.contacted_on, c.created_at)) if contacts else None
    settled = ChangeStatus(change.status) is ChangeStatus.CLOSED or (
        person.followed_up_on is not None and person.needs_met == NeedsMet.YES.value
    )
    return ContactFacts(
        starts_on=change.starts_on,
        interval_days=change.contact_interval_days,
        probability=person.probability,
        consequence=person.consequence,
        paused_self=person.paused_self,
        last_contact_on=last.contacted_on if last else None,
        last_reached=last.reached if last else True,
        agreed_next_on=last.next_contact_on if last else None,
        settled=settled,
        insats_from=person.individual.from_on if person.individual is not None else None,
    )


def _row(person: AffectedPerson, today: date) -> PersonRow:
    contacts = _live_contacts(person)
    reached = [c for c in contacts if c.reached]
    last = max((c.contacted_on for c in contacts), default=None)
    due = next_contact_due(_facts(person))
    return PersonRow(
        id=person.id,
        code=code_of(person),
        unit_id=person.unit_id,
        unit_name=person.unit.name,
        insats=person.insats,
        paused_self=person.paused_self,
        score=score_of(person.probability, person.consequence),
        last_contact_on=last,
        days_since=(today - last).days if last else None,
        contacted_before=any(c.phase == Phase.BEFORE.value for c in reached),
        took_part=any(c.took_part for c in reached),
        followed_up=person.followed_up_on is not None,
        needs_met=person.needs_met,
        next_due=due,
        overdue=contact_overdue(due, today),
    )


def _live_people(change: InsatsChange) -> list[AffectedPerson]:
    return [p for p in change.people if p.archived_at is None]


def _summary(rows: list[PersonRow]) -> GroupSummary:
    return GroupSummary(
        total=len(rows),
        contacted_before=sum(r.contacted_before for r in rows),
        took_part=sum(r.took_part for r in rows),
        followed_up=sum(r.followed_up for r in rows),
        needs_met=sum(r.needs_met == NeedsMet.YES.value for r in rows),
        overdue=sum(r.overdue for r in rows),
    )


def _risk_title(session: Session, analysis_id: str | None) -> str | None:
    title_of = registry.kind(RISK_KIND).record_title
    if analysis_id is None or title_of is None:
        return None
    found: str | None = load(title_of)(session, analysis_id)
    return found


def _view(session: Session, ctx: Context, change: InsatsChange, today: date) -> ChangeView:
    units = sorted(change.units, key=lambda u: u.unit_id != change.unit_id)
    names = [session.get(Unit, u.unit_id) for u in units]
    people = _live_people(change)
    all_rows = [_row(p, today) for p in people]
    shown = sorted(
        (r for r in all_rows if ctx.sees_unit(r.unit_id)), key=lambda r: (r.unit_name, r.code)
    )
    return ChangeView(
        id=change.id,
        number=change.number,
        title=change.title,
        status=ChangeStatus(change.status),
        unit_ids=tuple(u.unit_id for u in units),
        unit_names=tuple(n.name if n else "" for n in names),
        what_changes=tuple(json.loads(change.what_changes or "[]")),
        insatser=change.insatser,
        reason=change.reason,
        starts_on=change.starts_on,
        planned_end_on=change.planned_end_on,
        decided_by=change.decided_by,
        risk_analysis_id=change.risk_analysis_id,
        risk_analysis_title=_risk_title(session, change.risk_analysis_id),
        contact_interval_days=change.contact_interval_days,
        closed_on=change.closed_on,
        lessons=change.lessons,
        unfinished_reason=change.unfinished_reason,
        people=tuple(shown),
        hidden_people=len(all_rows) - len(shown),
        # The counts cover everyone affected: numbers, never who.
        summary=_summary(all_rows),
        archived=change.archived_at is not None,
    )


def _contact_view(c: PersonContact) -> ContactView:
    return ContactView(
        c.id,
        c.contacted_on,
        c.phase,
        c.channel,
        c.with_whom,
        c.staff,
        c.reached,
        c.said,
        c.took_part,
        c.wishes,
        c.next_contact_on,
    )


def _person_view(person: AffectedPerson, today: date) -> PersonView:
    change = person.change
    return PersonView(
        id=person.id,
        change_id=change.id,
        change_number=change.number,
        change_title=change.title,
        change_closed=ChangeStatus(change.status) is ChangeStatus.CLOSED,
        code=code_of(person),
        unit_id=person.unit_id,
        unit_name=person.unit.name,
        insats=person.insats,
        what_changes_for_them=person.what_changes_for_them,
        paused_self=person.paused_self,
        probability=person.probability,
        consequence=person.consequence,
        risks=tuple(json.loads(person.risks or "[]")),
        plan=person.plan,
        responsible_staff=person.responsible_staff,
        representative=person.representative,
        contact_preference=person.contact_preference,
        followed_up_on=person.followed_up_on,
        needs_met=person.needs_met,
        ratings={k: int(v) for k, v in json.loads(person.ratings or "{}").items()},
        follow_up_comment=person.follow_up_comment,
        contacts=tuple(
            _contact_view(c)
            for c in sorted(_live_contacts(person), key=lambda c: (c.contacted_on, c.created_at))
        ),
        row=_row(person, today),
    )


# --- the change -----------------------------------------------------------------------------


def validate_change(data: ChangeInput) -> ChangeInput:
    data = clean_input(data, rules.FIELD_LIMITS)
    errors = Collector()
    errors.require("title", data.title, rules.NO_TITLE)
    units = [u for u in dict.fromkeys(data.unit_ids) if u.strip()]
    if not units:
        errors.add("unit_ids", rules.NO_UNITS)
    what = [w.strip() for w in dict.fromkeys(data.what_changes) if w.strip()]
    if not what:
        errors.add("what_changes", rules.NO_WHAT)
    errors.require("starts_on", data.starts_on, rules.NO_START)
    late = order_problem(data.starts_on, data.planned_end_on, rules.END_BEFORE_START)
    if late:
        errors.add("planned_end_on", late)
    low, high = rules.INTERVAL_RANGE
    if not low <= data.contact_interval_days <= high:
        errors.add("contact_interval_days", rules.BAD_INTERVAL.format(low=low, high=high))
    errors.raise_if_any()
    return replace(data, title=data.title.strip(), unit_ids=units, what_changes=what)


def _next_number(session: Session, year: int) -> str:
    prefix = f"IF-{year}-"
    last = session.scalar(
        select(func.max(InsatsChange.number)).where(InsatsChange.number.like(prefix + "%"))
    )
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _today(today: date | None) -> date:
    return today or date.today()


def save_change(
    ctx: Context, data: ChangeInput, change_id: str | None = None, *, today: date | None = None
) -> ChangeView:
    """Register a change, or change one (its units, what changes, dates, the analysis)."""
    ctx.require(UPDATE if change_id else CREATE)
    data = validate_change(data)
    with ctx.unit_of_work() as uow:
        session = uow.session
        for unit_id in data.unit_ids:
            ctx.require(UPDATE if change_id else CREATE, unit_id, entity="insats_changes")
            if session.get(Unit, unit_id) is None:
                raise NotFound(_NO_UNIT)
        # Read before a new change is added: a read would flush it half-filled.
        if data.risk_analysis_id and _risk_title(session, data.risk_analysis_id) is None:
            raise ValidationFailed([FieldError("risk_analysis_id", _NO_ANALYSIS)])
        if change_id is None:
            change = InsatsChange(
                number=_next_number(session, _today(today).year),
                status=ChangeStatus.ONGOING.value,
                unit_id=data.unit_ids[0],
            )
            session.add(change)
        else:
            change = _load(session, ctx, change_id, UPDATE)
            _open_change(change)
        assert data.starts_on is not None
        change.title = data.title
        change.unit_id = data.unit_ids[0]
        change.what_changes = json.dumps(data.what_changes, ensure_ascii=False)
        change.insatser = (data.insatser or "").strip() or None
        change.reason = (data.reason or "").strip() or None
        change.starts_on = data.starts_on
        change.planned_end_on = data.planned_end_on
        change.decided_by = (data.decided_by or "").strip() or None
        change.risk_analysis_id = data.risk_analysis_id or None
        change.contact_interval_days = data.contact_interval_days
        session.flush()
        _sync_units(session, change, data.unit_ids)
        view = _view(session, ctx, change, _today(today))
        return replace(view, warnings=personal_number_warnings(data, rules.FIELD_LIMITS))


def _sync_units(session: Session, change: InsatsChange, wanted: list[str]) -> None:
    people_units = {p.unit_id for p in _live_people(change)}
    dropped = [u for u in change.units if u.unit_id not in wanted]
    still_needed = [u.unit_id for u in dropped if u.unit_id in people_units]
    if still_needed:
        raise ValidationFailed([FieldError("unit_ids", _UNIT_IN_USE)])
    for link in dropped:
        session.delete(link)
    have = {u.unit_id for u in change.units}
    for unit_id in wanted:
        if unit_id not in have:
            change.units.append(InsatsChangeUnit(unit_id=unit_id))
    session.flush()
    session.refresh(change)


def start_group_analysis(ctx: Context, change_id: str, *, today: date | None = None) -> ChangeView:
    """A draft group-level risk analysis for the change's first unit, linked to it (for a
    change decided without one)."""
    risk = registry.kind(RISK_KIND)
    with ctx.unit_of_work() as uow:
        session = uow.session
        change = _load(session, ctx, change_id, UPDATE)
        _open_change(change)
        if risk.create_action is not None:
            ctx.require(risk.create_action, change.unit_id)
        assert risk.start_draft is not None
        reason = f"Inför förändring i insatser {change.number}: {change.title}"
        change.risk_analysis_id = load(risk.start_draft)(
            session, change.unit_id, f"Riskanalys: {change.title}", reason
        )
        session.flush()
        return _view(session, ctx, change, _today(today))


def get_change(ctx: Context, change_id: str, *, today: date | None = None) -> ChangeView:
    with ctx.reading() as session:
        return _view(session, ctx, _load(session, ctx, change_id, READ), _today(today))


def change_id_of(ctx: Context, record_id: str) -> str:
    """The change a record id belongs to: a change's own id, or a person affected's (a link
    from another record points at the person)."""
    with ctx.reading() as session:
        if session.get(InsatsChange, known_id(record_id, _GONE)) is not None:
            return record_id
        person = session.get(AffectedPerson, record_id)
        if person is None:
            raise NotFound(_GONE)
        return person.change_id


def close_change(
    ctx: Context, change_id: str, data: ClosingInput, *, today: date | None = None
) -> ChangeView:
    """The closing step: the lessons learned, and why, if anyone affected was not both
    contacted and followed up."""
    ctx.require(CLOSE)
    data = clean_input(data, rules.FIELD_LIMITS)
    day = _today(today)
    with ctx.unit_of_work() as uow:
        session = uow.session
        change = _load(session, ctx, change_id, CLOSE)
        _open_change(change)
        errors = Collector()
        errors.require("closed_on", data.closed_on, _NO_CLOSING_DAY)
        errors.require("lessons", data.lessons, rules.NO_LESSONS)
        early = order_problem(change.starts_on, data.closed_on, rules.CLOSED_BEFORE_START)
        if early:
            errors.add("closed_on", early)
        rows = [_row(p, day) for p in _live_people(change)]
        missing = [r.code for r in rows if r.last_contact_on is None or not r.followed_up]
        if missing and not (data.unfinished_reason or "").strip():
            errors.add("unfinished_reason", rules.UNFINISHED.format(codes=", ".join(missing)))
        errors.raise_if_any()
        change.status = ChangeStatus.CLOSED.value
        change.closed_on = data.closed_on
        change.closed_by_id = ctx.actor.id
        change.lessons = data.lessons.strip()
        change.unfinished_reason = (data.unfinished_reason or "").strip() or None
        session.flush()
        return _view(session, ctx, change, day)


# --- the people affected --------------------------------------------------------------------


def validate_person(data: PersonInput) -> PersonInput:
    data = clean_input(data, rules.FIELD_LIMITS)
    errors = Collector()
    errors.require("unit_id", data.unit_id, rules.NO_PERSON_UNIT)
    if (data.probability is None) != (data.consequence is None) or (
        data.probability is not None and score_of(data.probability, data.consequence) is None
    ):
        errors.add("probability", rules.HALF_ASSESSED)
    errors.raise_if_any()
    return replace(
        data,
        code=normal_code(data.code),
        risks=[r.strip() for r in dict.fromkeys(data.risks) if r.strip()],
    )


def _individual(
    session: Session, change: InsatsChange, code: str, unit_id: str, field_prefix: str = ""
) -> str:
    """The register's person for ``code``: one in ``unit_id``'s register, or one this change
    already held (a person taken off the change may come back)."""
    held = [code_of(p) for p in change.people]
    return individuals.resolve_code(session, f"{field_prefix}code", code, unit_id, accepted=held)


def _fill(person: AffectedPerson, data: PersonInput) -> None:
    person.unit_id = data.unit_id
    person.insats = (data.insats or "").strip() or None
    person.what_changes_for_them = (data.what_changes_for_them or "").strip() or None
    person.paused_self = data.paused_self
    person.probability, person.consequence = data.probability, data.consequence
    person.risks = json.dumps(data.risks, ensure_ascii=False)
    person.plan = (data.plan or "").strip() or None
    person.responsible_staff = (data.responsible_staff or "").strip() or None
    person.representative = (data.representative or "").strip() or None
    person.contact_preference = (data.contact_preference or "").strip() or None


def _add_in(
    session: Session, ctx: Context, change: InsatsChange, data: PersonInput, field_prefix: str = ""
) -> AffectedPerson:
    if data.unit_id not in _unit_ids(change):
        raise ValidationFailed([FieldError(f"{field_prefix}unit_id", rules.NO_PERSON_UNIT)])
    ctx.require(UPDATE, data.unit_id, entity=InsatsChange.__tablename__, entity_id=change.id)
    individual_id = _individual(session, change, data.code, data.unit_id, field_prefix)
    present = [p for p in change.people if p.individual_id == individual_id]
    if present and present[0].archived_at is None:
        raise ValidationFailed(
            [FieldError(f"{field_prefix}code", rules.ALREADY_AFFECTED.format(code=data.code))]
        )
    person = present[0] if present else AffectedPerson(individual_id=individual_id)
    person.archived_at = person.archived_by = person.archive_reason = None
    _fill(person, data)
    if not present:
        change.people.append(person)
    session.flush()
    return person


def add_person(
    ctx: Context, change_id: str, data: PersonInput, *, today: date | None = None
) -> PersonView:
    """Add one person affected (a code of the register, or a new code entered here)."""
    ctx.require(UPDATE)
    data = validate_person(data)
    with ctx.unit_of_work() as uow:
        session = uow.session
        change = _load(session, ctx, change_id, UPDATE)
        _open_change(change)
        person = _add_in(session, ctx, change, data)
        view = _person_view(person, _today(today))
        return replace(view, warnings=personal_number_warnings(data, rules.FIELD_LIMITS))


def add_unit_participants(
    ctx: Context, change_id: str, unit_id: str, *, today: date | None = None
) -> ImportResult:
    """Everyone in ``unit_id``'s register served when the change starts, in one step (those
    already affected are left as they are)."""
    ctx.require(UPDATE)
    with ctx.unit_of_work() as uow:
        session = uow.session
        change = _load(session, ctx, change_id, UPDATE)
        _open_change(change)
        if unit_id not in _unit_ids(change):
            raise ValidationFailed([FieldError("unit_id", rules.NO_PERSON_UNIT)])
        ctx.require(UPDATE, unit_id, entity=InsatsChange.__tablename__, entity_id=change.id)
        present = {p.individual_id for p in _live_people(change)}
        added = 0
        for entry in individuals.entries_in(session, [unit_id]):
            if entry.id in present or not entry.served_on(change.starts_on):
                continue
            _add_in(session, ctx, change, PersonInput(entry.code, unit_id, entry.insats))
            added += 1
        return ImportResult(_view(session, ctx, change, _today(today)), added)


def import_people(
    ctx: Context,
    change_id: str,
    text: str,
    *,
    add_to_register: bool = False,
    today: date | None = None,
) -> ImportResult:
    """People affected from a CSV list. Every bad row is named; with any bad row nothing is
    imported (one unit of work). A code not in its unit's register is a bad row, unless the
    user chose ``add_to_register`` and may keep that unit's register: then it is added to the
    register first, as an explicit act of the same unit of work."""
    ctx.require(UPDATE)
    if add_to_register:
        ctx.require(INDIVIDUALS_ADMINISTER)
    people, errors = read_people(text)
    with ctx.unit_of_work() as uow:
        session = uow.session
        change = _load(session, ctx, change_id, UPDATE)
        _open_change(change)
        units = {u.unit_id: session.get(Unit, u.unit_id) for u in change.units}
        by_name = {u.name.casefold(): uid for uid, u in units.items() if u is not None}
        present = {code_of(p) for p in _live_people(change)}
        inputs: list[tuple[int, PersonInput]] = []
        new_codes: list[tuple[str, str]] = []
        for row in people:
            unit_id = (
                by_name.get(row.unit.casefold())
                if row.unit
                else (change.unit_id if len(units) == 1 else None)
            )
            if unit_id is None:
                errors.append(row_error(row.line, _unit_problem(row.unit, list(by_name))))
                continue
            if row.code in present:
                errors.append(row_error(row.line, rules.ALREADY_AFFECTED.format(code=row.code)))
                continue
            taken = session.scalar(select(Individual).where(Individual.code == row.code))
            if taken is not None and taken.unit_id not in units:
                errors.append(row_error(row.line, _OTHER_UNIT.format(code=row.code)))
                continue
            held = [code_of(p) for p in change.people]
            problems = individuals.code_errors(session, "code", [row.code], unit_id, accepted=held)
            addable = add_to_register and taken is None
            if problems and addable and individuals.may_administer(ctx, unit_id):
                new_codes.append((row.code, unit_id))
                problems = []
            if problems:
                errors.extend(row_error(row.line, p.message) for p in problems)
                continue
            inputs.append(
                (
                    row.line,
                    PersonInput(
                        row.code,
                        unit_id,
                        row.insats,
                        row.what_changes_for_them,
                        row.paused_self,
                    ),
                )
            )
        if errors:
            raise ValidationFailed(sorted(errors, key=_line_of))
        for code, unit_id in dict.fromkeys(new_codes):
            individuals.add_in(session, ctx, IndividualInput(code, unit_id))
        for line, data in inputs:
            _add_in(session, ctx, change, validate_person(data), f"rad {line}.")
        view = _view(session, ctx, change, _today(today))
        return ImportResult(view, len(inputs), len(dict.fromkeys(new_codes)))


_OTHER_UNIT = QT_TRANSLATE_NOOP(
    _CONTEXT, "{code} står i registret hos en enhet som inte berörs av förändringen."
)


def _unit_problem(name: str | None, known: list[str]) -> str:
    if not name:
        return _UNIT_NEEDED
    return _UNIT_NOT_CONCERNED.format(name=name)


def _line_of(error: FieldError) -> int:
    head = error.field.removeprefix("rad ")
    return int(head) if head.isdigit() else 0


def update_person(
    ctx: Context, person_id: str, data: PersonInput, *, today: date | None = None
) -> PersonView:
    """Change what is known of a person affected: insats, assessment, plan, contacts' wishes."""
    ctx.require(UPDATE)
    data = validate_person(data)
    with ctx.unit_of_work() as uow:
        session = uow.session
        person = _load_person(session, ctx, person_id, UPDATE)
        _open_change(person.change)
        if data.unit_id not in _unit_ids(person.change):
            raise ValidationFailed([FieldError("unit_id", rules.NO_PERSON_UNIT)])
        ctx.require(UPDATE, data.unit_id, entity=AffectedPerson.__tablename__, entity_id=person.id)
        if data.code != code_of(person):
            raise ValidationFailed(
                [
                    FieldError(
                        "code",
                        _CODE_FIXED,
                    )
                ]
            )
        _fill(person, data)
        session.flush()
        view = _person_view(person, _today(today))
        return replace(view, warnings=personal_number_warnings(data, rules.FIELD_LIMITS))


def remove_person(ctx: Context, person_id: str, reason: str) -> None:
    """Take a person off the change (kept, marked removed, with the reason)."""
    ctx.require(UPDATE)
    reason = clean_text("reason", reason, TextKind.MEDIUM).strip()
    if not reason:
        raise ValidationFailed([FieldError("reason", _NO_REASON)])
    with ctx.unit_of_work() as uow:
        person = _load_person(uow.session, ctx, person_id, UPDATE)
        _open_change(person.change)
        person.archived_at, person.archived_by, person.archive_reason = (
            utcnow(),
            ctx.actor.id,
            reason,
        )


def get_person(ctx: Context, person_id: str, *, today: date | None = None) -> PersonView:
    with ctx.reading() as session:
        person = _load_person(session, ctx, person_id, READ)
        _load(session, ctx, person.change_id, READ)
        return _person_view(person, _today(today))


# --- contacts and follow-up -----------------------------------------------------------------


def validate_contact(data: ContactInput, today: date) -> ContactInput:
    data = clean_input(data, rules.FIELD_LIMITS)
    errors = Collector()
    errors.require("contacted_on", data.contacted_on, rules.NO_CONTACT_DAY)
    future = not_future_problem(data.contacted_on, today, rules.CONTACT_IN_FUTURE)
    if future:
        errors.add("contacted_on", future)
    errors.require("staff", data.staff, rules.NO_STAFF)
    early = order_problem(data.contacted_on, data.next_contact_on, rules.NEXT_BEFORE_CONTACT)
    if early:
        errors.add("next_contact_on", early)
    errors.raise_if_any()
    return data


def log_contact(
    ctx: Context, person_id: str, data: ContactInput, *, today: date | None = None
) -> PersonView:
    """A contact (or an attempt) with a person affected, their relative or representative."""
    day = _today(today)
    ctx.require(CONTACT)
    data = validate_contact(data, day)
    assert data.contacted_on is not None
    with ctx.unit_of_work() as uow:
        session = uow.session
        person = _load_person(session, ctx, person_id, CONTACT)
        _open_change(person.change)
        person.contacts.append(
            PersonContact(
                contacted_on=data.contacted_on,
                phase=data.phase.value,
                channel=data.channel.value,
                with_whom=data.with_whom.value,
                staff=data.staff.strip(),
                reached=data.reached,
                said=(data.said or "").strip() or None,
                took_part=data.took_part,
                wishes=(data.wishes or "").strip() or None,
                next_contact_on=data.next_contact_on,
            )
        )
        session.flush()
        session.refresh(person)
        view = _person_view(person, day)
        return replace(view, warnings=personal_number_warnings(data, rules.FIELD_LIMITS))


def record_follow_up(
    ctx: Context, person_id: str, data: FollowUpInput, *, today: date | None = None
) -> PersonView:
    """The individual follow-up: the five dimensions in the person's own words, needs met."""
    day = _today(today)
    ctx.require(CONTACT)
    data = clean_input(data, rules.FIELD_LIMITS)
    errors = Collector()
    errors.require("followed_up_on", data.followed_up_on, rules.NO_FOLLOW_UP_DAY)
    future = not_future_problem(data.followed_up_on, day, rules.FOLLOW_UP_IN_FUTURE)
    if future:
        errors.add("followed_up_on", future)
    errors.require("needs_met", data.needs_met, rules.NO_NEEDS)
    known = {d.value for d in rules.DIMENSIONS}
    low, high = rules.RATING_RANGE
    for key, value in data.ratings.items():
        if key not in known or not (isinstance(value, int) and low <= value <= high):
            errors.add(f"ratings.{key}", rules.BAD_RATING)
    errors.raise_if_any()
    assert data.needs_met is not None
    with ctx.unit_of_work() as uow:
        session = uow.session
        person = _load_person(session, ctx, person_id, CONTACT)
        _open_change(person.change)
        early = order_problem(
            person.change.starts_on,
            data.followed_up_on,
            _FOLLOW_UP_BEFORE_START,
        )
        if early:
            raise ValidationFailed([FieldError("followed_up_on", early)])
        person.followed_up_on = data.followed_up_on
        person.needs_met = NeedsMet(data.needs_met).value
        person.ratings = json.dumps(dict(sorted(data.ratings.items())), ensure_ascii=False)
        person.follow_up_comment = (data.comment or "").strip() or None
        session.flush()
        view = _person_view(person, day)
        return replace(view, warnings=personal_number_warnings(data, rules.FIELD_LIMITS))


def add_measure(ctx: Context, person_id: str, data: MeasureInput) -> str:
    """A new measure for a person affected (after the follow-up); it answers to the person."""
    with ctx.unit_of_work() as uow:
        session = uow.session
        person = _load_person(session, ctx, person_id, CONTACT)
        data.unit_id = data.unit_id or person.unit_id
        data.links = [LinkRef(PERSON_LINK, person.id)]
        return create_measure_in(session, ctx, data).id


# --- what other kinds and the shared code ask -----------------------------------------------


def due_contacts(ctx: Context, session: Session, today: date) -> list[DueContact]:
    """Everyone overdue for a contact in the ongoing changes, of the units the actor sees."""
    if not ctx.may(READ):
        return []
    stmt = (
        select(AffectedPerson)
        .join(InsatsChange, InsatsChange.id == AffectedPerson.change_id)
        .where(
            InsatsChange.status == ChangeStatus.ONGOING.value,
            InsatsChange.archived_at.is_(None),
            AffectedPerson.archived_at.is_(None),
        )
    )
    visible = ctx.visible_units()
    if visible is not None:
        stmt = stmt.where(AffectedPerson.unit_id.in_(visible))
    found = []
    for person in session.scalars(stmt):
        due = next_contact_due(_facts(person))
        if contact_overdue(due, today):
            assert due is not None
            found.append(
                DueContact(
                    person.change_id,
                    person.change.title,
                    person.id,
                    code_of(person),
                    person.unit_id,
                    person.unit.name,
                    due,
                )
            )
    return sorted(found, key=lambda d: (d.due, d.code))


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a measure for a person affected says it answers to: the change and the code."""
    person = session.get(AffectedPerson, target_id)
    if kind != PERSON_LINK or person is None:
        return None
    text = f"Förändring i insatser {person.change.number}, {code_of(person)}"
    return LinkView(kind, target_id, text, person.change_id)


def source_facts(ctx: Context, record_id: str) -> SourceFacts:
    """What a person's entry offers a record made from it (an avvikelse, a lex Sarah
    rapport): the unit, the code, what changed for them and what the follow-up found."""
    with ctx.reading() as session:
        person = _load_person(session, ctx, record_id, READ)
        change = person.change
        lines = [f"Förändring i insatser {change.number}: {change.title}."]
        if person.what_changes_for_them:
            lines.append(f"Vad som förändrades för personen: {person.what_changes_for_them}")
        if person.follow_up_comment:
            lines.append(f"Vid uppföljningen: {person.follow_up_comment}")
        return SourceFacts(
            source=RecordRef(KEY, person.id),
            label=f"Förändring i insatser {change.number} ({code_of(person)})",
            title=change.title,
            unit_id=person.unit_id,
            description="\n".join(lines),
            individual=code_of(person),
            individuals=(code_of(person),),
        )


def linked_summary(ctx: Context, session: Session, record_id: str) -> LinkedSummary | None:
    person = session.get(AffectedPerson, record_id)
    if person is None or not ctx.may(READ) or not ctx.sees_unit(person.unit_id):
        return None
    change = person.change
    return LinkedSummary(f"{change.number} · {code_of(person)}", change.status, change.title)


def history_records(ctx: Context, session: Session, change_id: str) -> list[str]:
    """The change, its units, and the people (with their contacts) the actor may see."""
    change = _load(session, ctx, change_id, READ)
    ids = [change.id, *(u.id for u in change.units)]
    for person in change.people:
        if ctx.sees_unit(person.unit_id):
            ids += [person.id, *(c.id for c in person.contacts)]
    return ids


def risk_analyses_for(ctx: Context, unit_id: str) -> list[tuple[str, str]]:
    """(id, title) of the risk analyses of a unit, to link one to a change."""
    from kvalitet_desktop.services import listing

    kind = registry.kind(RISK_KIND)
    if kind.read_action is not None and not ctx.may(kind.read_action):
        return []
    rows = listing.fetch(ctx, RISK_KIND, listing.ListQuery(unit_id=unit_id, limit=200))
    return [(str(r["id"]), str(r["title"])) for r in rows]


def linked_assessments(
    ctx: Context, session: Session, target_kind: str, target_id: str
) -> tuple[IndividualAssessmentSummary, ...]:
    """The individual assessments of the changes linked to a group-level risk analysis: the
    counts for whoever reads the analysis (the caller checked that), the codes only of the
    people whose unit the actor works in."""
    if target_kind != RISK_KIND:
        return ()
    changes = session.scalars(
        select(InsatsChange)
        .where(InsatsChange.risk_analysis_id == target_id, InsatsChange.archived_at.is_(None))
        .order_by(InsatsChange.number)
    ).all()
    sees_people = ctx.may(READ)
    found: list[IndividualAssessmentSummary] = []
    for change in changes:
        people = sorted(_live_people(change), key=lambda p: code_of(p))
        risks = {p.id: tuple(json.loads(p.risks or "[]")) for p in people}
        shown = tuple(
            AssessedIndividual(code_of(p), p.probability, p.consequence, risks[p.id])
            for p in people
            if sees_people and ctx.sees_unit(p.unit_id)
        )
        found.append(
            summarise(
                f"{change.number} {change.title}",
                ((p.probability, p.consequence, risks[p.id]) for p in people),
                shown,
            )
        )
    return tuple(found)
