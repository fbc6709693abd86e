"""Avvikelser: a quick registration by anyone, completed, investigated and closed by the unit
manager, with causes, measures and follow-ups (the shared åtgärd and uppföljning), återföring
to the staff, and a lex Sarah rapport made from it when it may be a missförhållande."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.errors import (
    Collector,
    FieldError,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.forms import INDIVIDUAL_SPECIAL
from kvalitet_desktop.domain.linked_records import LinkedSummary, RecordRef, SourceFacts
from kvalitet_desktop.domain.risk_matrix import on_scale, risk_score
from kvalitet_desktop.domain.roles import Action
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_input,
    clean_text,
    known_id,
    personal_number_problem,
)
from kvalitet_desktop.services import individuals, record_links
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.numbering import last_serial
from kvalitet_desktop.services.settings import read_rules, read_setting, write_setting
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.audit import record_access
from kvalitet_desktop.store.base import new_id, utcnow
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.deviations.domain import (
    CLOSED_WHAT,
    DEFAULT_CATEGORIES,
    DEFAULT_LEGAL_BASES,
    DEVIATION_LINK,
    EVENT_EARLIER,
    FEEDBACK_WHAT,
    FIELD_LIMITS,
    OPEN_STATUSES,
    STARTED_EARLIER,
    STARTED_WHAT,
    Deadline,
    DeadlineRules,
    DeviationAction,
    DeviationStatus,
    FeedbackHow,
    check_transition,
    day_problem,
    deadlines,
    event_problem,
    individual_problem,
    under_hsl,
)
from kvalitet_desktop.workflows.deviations.kind import CLOSE, CREATE, INVESTIGATE, KEY, READ, VOID
from kvalitet_desktop.workflows.deviations.models import Deviation, DeviationCause
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.models import FollowUp
from kvalitet_desktop.workflows.followups.service import PlanInput, add_planned_in, validate_plan
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.measures.kind import CREATE as MEASURE_CREATE
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.measures.service import (
    LinkRef,
    LinkView,
    MeasureInput,
    create_measure_in,
)

DEADLINES = "avvikelse_deadlines"
LISTS = "avvikelse_lists"
NOT_FOUND = "Avvikelsen finns inte."


# --- inputs and views ------------------------------------------------------------------------


@dataclass
class RegistrationInput:
    """What a medarbetare registers; only the title, unit, time and description are required.
    ``own_report`` False: registered on behalf of someone (``reporter_user_id`` when they are a
    user, else ``reporter_name``)."""

    title: str
    unit_id: str
    occurred_at: datetime | None
    description: str
    place: str | None = None
    own_report: bool = True
    reporter_user_id: str | None = None
    reporter_name: str | None = None
    legal_basis: str | None = None
    individual: str | None = None
    individuals: list[str] = field(default_factory=list)
    consequence: str | None = None
    immediate_measures: str | None = None
    category: str | None = None
    probability: int | None = None
    consequence_level: int | None = None
    # The record of another kind this avvikelse is made from (a klagomål, an egenkontroll's
    # shortcoming …): checked readable, and linked to it in the same unit of work.
    source: RecordRef | None = None


@dataclass
class CauseInput:
    description: str
    level: str = CauseLevel.ACTIVITY.value
    area: str | None = None
    id: str | None = None  # an existing cause of the avvikelse


@dataclass
class InvestigationInput:
    started_on: date | None
    investigator_id: str | None = None
    analysis: str | None = None
    causes: list[CauseInput] = field(default_factory=list)


@dataclass
class FeedbackInput:
    """Återföring: when, how (``FeedbackHow``) and to whom."""

    feedback_on: date | None
    feedback_how: str | None
    feedback_to: str | None


@dataclass(frozen=True)
class CauseView:
    id: str
    description: str
    level: CauseLevel
    area: str | None


@dataclass(frozen=True)
class FollowUpLine:
    id: str
    planned_on: date
    status: FollowUpStatus
    effect: str | None


@dataclass(frozen=True)
class MeasureLine:
    id: str
    title: str
    status: MeasureStatus
    responsible: str | None
    due_date: date | None
    follow_ups: tuple[FollowUpLine, ...]


@dataclass(frozen=True)
class DeviationView:
    id: str
    number: str
    title: str
    unit_id: str
    unit_name: str
    status: DeviationStatus
    occurred_at: datetime
    place: str | None
    reported_at: datetime
    reporter_user_id: str | None
    reporter_name: str
    registered_by: str | None
    legal_basis: str | None
    individual: str | None
    individuals: tuple[str, ...]
    description: str
    consequence: str | None
    immediate_measures: str | None
    category: str | None
    probability: int | None
    consequence_level: int | None
    score: int | None
    start_due: date | None
    close_due: date | None
    investigator_id: str | None
    investigator_name: str | None
    investigation_started_on: date | None
    analysis: str | None
    feedback_on: date | None
    feedback_how: str | None
    feedback_to: str | None
    conclusion: str | None
    closed_on: date | None
    closed_by: str | None
    reopen_reason: str | None
    causes: tuple[CauseView, ...]
    measures: tuple[MeasureLine, ...]
    archived: bool
    archive_reason: str | None

    @property
    def lex_maria_prompt(self) -> bool:
        """Under HSL: the user is told it may be lex Maria and to contact the MAS."""
        return under_hsl(self.legal_basis)

    def deadlines(self, today: date) -> list[Deadline]:
        return deadlines(
            self.status, self.start_due, self.close_due, self.investigation_started_on, today
        )

    def to_registration(self) -> RegistrationInput:
        return RegistrationInput(
            title=self.title,
            unit_id=self.unit_id,
            occurred_at=self.occurred_at,
            description=self.description,
            place=self.place,
            own_report=False,
            reporter_user_id=self.reporter_user_id,
            reporter_name=self.reporter_name,
            legal_basis=self.legal_basis,
            individual=self.individual,
            individuals=list(self.individuals),
            consequence=self.consequence,
            immediate_measures=self.immediate_measures,
            category=self.category,
            probability=self.probability,
            consequence_level=self.consequence_level,
        )


@dataclass(frozen=True)
class MeasureSaved:
    measure_id: str
    deviation: DeviationView


@dataclass(frozen=True)
class DeviationLists:
    """The editable lists: categories and lagrum."""

    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    legal_bases: tuple[str, ...] = DEFAULT_LEGAL_BASES


# --- settings --------------------------------------------------------------------------------


def deadline_rules(ctx: Context) -> DeadlineRules:
    with ctx.reading() as session:
        return rules_in(session)


def rules_in(session: Session) -> DeadlineRules:
    return read_rules(session, DEADLINES, DeadlineRules.from_dict, DeadlineRules())


def set_deadline_rules(ctx: Context, rules: DeadlineRules) -> DeadlineRules:
    """Store the local targets; they apply to avvikelser registered from now on."""
    problem = rules.problem()
    if problem:
        raise ValidationFailed([FieldError("start_within_days", problem)])
    write_setting(ctx, DEADLINES, rules.to_dict())
    return rules


def lists(ctx: Context) -> DeviationLists:
    with ctx.reading() as session:
        return lists_in(session)


def lists_in(session: Session) -> DeviationLists:
    data = read_setting(session, LISTS)
    if not isinstance(data, dict):
        return DeviationLists()
    categories = [str(v) for v in data.get("categories") or [] if str(v).strip()]
    bases = [str(v) for v in data.get("legal_bases") or [] if str(v).strip()]
    return DeviationLists(
        tuple(categories) or DEFAULT_CATEGORIES, tuple(bases) or DEFAULT_LEGAL_BASES
    )


def set_lists(ctx: Context, categories: list[str], legal_bases: list[str]) -> DeviationLists:
    """Replace the categories and the lagrum; each list non-empty, without repeats. What
    existing avvikelser hold is kept as it was written."""
    errors = Collector()
    cleaned: dict[str, list[str]] = {}
    for key, values, what in (
        ("categories", categories, "kategori"),
        ("legal_bases", legal_bases, "lagrum"),
    ):
        items = [" ".join(clean_text(key, str(v), TextKind.SHORT).split()) for v in values]
        items = [v for v in items if v]
        if not items:
            errors.add(key, f"Listan behöver minst en {what}.")
        elif len({v.casefold() for v in items}) != len(items):
            errors.add(key, "Samma värde står två gånger i listan.")
        cleaned[key] = items
    errors.raise_if_any()
    write_setting(ctx, LISTS, cleaned)
    return DeviationLists(tuple(cleaned["categories"]), tuple(cleaned["legal_bases"]))


# --- access ----------------------------------------------------------------------------------


def _load(session: Session, ctx: Context, deviation_id: str, action: Action = READ) -> Deviation:
    row = session.get(Deviation, known_id(deviation_id, NOT_FOUND))
    if row is None:
        raise NotFound(NOT_FOUND)
    ctx.require(action, row.unit_id, entity=Deviation.__tablename__, entity_id=row.id)
    return row


def _check(row: Deviation, action: DeviationAction) -> DeviationStatus:
    return check_transition(
        DeviationStatus(row.status), action, archived=row.archived_at is not None
    )


# --- registering -----------------------------------------------------------------------------


def _validate_registration(
    session: Session, data: RegistrationInput, accepted: Iterable[str | None] = ()
) -> Collector:
    """``accepted``: the codes the avvikelse already holds or its source record passed on
    (kept acceptable though not in the unit's register)."""
    errors = Collector()
    errors.require("title", data.title, "Skriv en kort rubrik för avvikelsen.")
    errors.require("unit_id", data.unit_id, "Välj enheten där det hände.")
    errors.require("description", data.description, "Beskriv vad som hände.")
    problem = event_problem(data.occurred_at, datetime.now())
    if problem:
        errors.add("occurred_at", problem)
    problem = individual_problem(data.individual, data.individuals)
    if problem:
        errors.add("individual", problem)
    else:
        errors.errors += _register_problems(session, data, list(accepted))
    for key in ("title", "place", "description", "consequence", "immediate_measures"):
        found = personal_number_problem(getattr(data, key))
        if found:
            errors.add(key, found)
    if not data.own_report and not data.reporter_user_id and not (data.reporter_name or "").strip():
        errors.add("reporter_name", "Ange vem som rapporterade avvikelsen.")
    if data.reporter_user_id and session.get(User, data.reporter_user_id) is None:
        errors.add("reporter_user_id", "Rapportören finns inte bland användarna.")
    for key, value in (
        ("probability", data.probability),
        ("consequence_level", data.consequence_level),
    ):
        if value is not None and not on_scale(value):
            errors.add(key, "Välj ett steg 1–4 i riskmatrisen.")
    if (data.probability is None) != (data.consequence_level is None):
        errors.add("probability", "Bedöm både sannolikhet och konsekvens, eller ingen av dem.")
    return errors


def _register_problems(
    session: Session, data: RegistrationInput, accepted: list[str | None]
) -> list[FieldError]:
    unit_id = data.unit_id or None
    found = individuals.code_errors(
        session,
        "individual",
        [data.individual],
        unit_id,
        accepted=accepted,
        specials=INDIVIDUAL_SPECIAL,
    )
    if (data.individual or "").strip() == "flera":
        found += individuals.code_errors(
            session, "individuals", data.individuals, unit_id, accepted=accepted
        )
    return found


def _held_codes(row: Deviation) -> list[str | None]:
    return [row.individual, *json.loads(row.individuals or "[]")]


def _apply_registration(session: Session, row: Deviation, data: RegistrationInput) -> None:
    row.title = data.title.strip()
    row.unit_id = data.unit_id
    assert data.occurred_at is not None
    row.occurred_at = data.occurred_at.replace(second=0, microsecond=0)
    row.place = (data.place or "").strip() or None
    row.legal_basis = (data.legal_basis or "").strip() or None
    row.individual = (data.individual or "").strip() or None
    codes = [c.strip() for c in data.individuals if c.strip()] if row.individual == "flera" else []
    row.individuals = json.dumps(codes) if codes else None
    row.description = data.description.strip()
    row.consequence = (data.consequence or "").strip() or None
    row.immediate_measures = (data.immediate_measures or "").strip() or None
    row.category = (data.category or "").strip() or None
    row.probability = data.probability
    row.consequence_level = data.consequence_level
    scored = data.probability is not None and data.consequence_level is not None
    row.score = risk_score(data.probability, data.consequence_level) if scored else None  # type: ignore[arg-type]


def register(ctx: Context, data: RegistrationInput) -> DeviationView:
    """A new avvikelse, by any user in their unit; its deadlines follow the local targets
    from today."""
    ctx.require(CREATE)
    passed_on: list[str | None] = []
    if data.source is not None:
        # It exists and the actor may read it; the codes it names were accepted there.
        facts = record_links.source_facts(ctx, data.source)
        passed_on = [facts.individual, *facts.individuals]
    with ctx.unit_of_work() as uow:
        row = register_in(uow.session, ctx, data, accepted=passed_on)
        return _view(uow.session, ctx, row)


def registration_problems(session: Session, data: RegistrationInput) -> list[FieldError]:
    """Everything ``register`` would refuse in ``data``, at once (an import's row check)."""
    errors = Collector()
    data = clean_input(data, FIELD_LIMITS, errors=errors)
    errors.errors += _validate_registration(session, data).errors
    return errors.errors


def register_in(
    session: Session,
    ctx: Context,
    data: RegistrationInput,
    *,
    accepted: Iterable[str | None] = (),
    reported_at: datetime | None = None,
) -> Deviation:
    """``register`` inside the caller's unit of work; the stored row (the caller makes the view
    if it needs one). ``accepted``: codes a source record passed on. ``reported_at``: when an
    earlier system registered it (an import of its history, checked by the caller); its number
    and deadlines then count from that day."""
    ctx.require(CREATE)
    data = clean_input(data, FIELD_LIMITS)
    errors = _validate_registration(session, data, accepted)
    errors.raise_if_any()
    ctx.require(CREATE, data.unit_id)
    if session.get(Unit, data.unit_id) is None:
        raise NotFound("Enheten finns inte.")
    now = (reported_at or datetime.now()).replace(microsecond=0)
    reporter_id = ctx.actor.id if data.own_report else data.reporter_user_id
    reporter = session.get(User, reporter_id) if reporter_id else None
    # Read once per unit of work (an import registers thousands in one); the rules are a
    # setting written in a unit of work of its own, so they cannot change inside this one.
    rules = session.info.get(DEADLINES)
    if not isinstance(rules, DeadlineRules):
        rules = session.info[DEADLINES] = rules_in(session)
    row = Deviation(
        id=new_id(),  # known before the flush: an import flushes many rows at once
        number=_next_number(session, now.year),
        status=DeviationStatus.REGISTERED.value,
        reported_at=now,
        reporter_user_id=reporter_id,
        reporter_name=reporter.name if reporter else (data.reporter_name or "").strip(),
        registered_by_id=ctx.actor.id,
        start_due=rules.start_due(now.date()),
        close_due=rules.close_due(now.date()),
    )
    _apply_registration(session, row, data)
    session.add(row)
    if data.source is not None:
        record_links.link_in(session, data.source, RecordRef(KEY, row.id))
    return row


def _next_number(session: Session, year: int) -> str:
    """The year's next number. The last serial is read once per unit of work (which holds
    the write lock, so nobody else numbers meanwhile) and counted on from there: an import of
    many rows does not search the numbers once per row."""
    prefix = f"AV-{year}-"
    serials: dict[str, int] = session.info.setdefault("deviation_serials", {})
    if prefix not in serials:
        serials[prefix] = last_serial(session, Deviation.number, prefix)
    serials[prefix] += 1
    return f"{prefix}{serials[prefix]:04d}"


def complete(ctx: Context, deviation_id: str, data: RegistrationInput) -> DeviationView:
    """The unit manager completes or corrects the registration (the reporter stays who it
    was; the unit may change only to one the manager sees)."""
    ctx.require(INVESTIGATE)
    data = clean_input(data, FIELD_LIMITS)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, deviation_id, INVESTIGATE)
        _check(row, DeviationAction.COMPLETE)
        data.own_report = True  # the reporter is not changed here
        errors = _validate_registration(session, data, _held_codes(row))
        problem = event_problem(data.occurred_at, row.reported_at)
        if problem and not any(e.field == "occurred_at" for e in errors.errors):
            errors.add("occurred_at", "Händelsen kan inte ligga efter att den registrerades.")
        errors.raise_if_any()
        ctx.require(INVESTIGATE, data.unit_id)
        if session.get(Unit, data.unit_id) is None:
            raise NotFound("Enheten finns inte.")
        _apply_registration(session, row, data)
        return _view(session, ctx, row)


# --- investigating ---------------------------------------------------------------------------


def save_investigation(ctx: Context, deviation_id: str, data: InvestigationInput) -> DeviationView:
    """The investigation: when it began, who investigates, the analysis and the causes (each
    on a level, in an area). Saving it the first time begins the investigation."""
    ctx.require(INVESTIGATE)
    with ctx.unit_of_work() as uow:
        row = save_investigation_in(uow.session, ctx, deviation_id, data)
        return _view(uow.session, ctx, row)


def save_investigation_in(
    session: Session, ctx: Context, deviation_id: str, data: InvestigationInput
) -> Deviation:
    """``save_investigation`` inside the caller's unit of work; the stored row (the caller
    makes the view if it needs one)."""
    ctx.require(INVESTIGATE)
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("started_on", data.started_on, "Ange när utredningen påbörjades.")
    for i, cause in enumerate(data.causes):
        if not cause.description.strip():
            errors.add(f"causes.{i}.description", "Beskriv orsaken, eller ta bort raden.")
        if cause.level not in {c.value for c in CauseLevel}:
            errors.add(f"causes.{i}.level", "Välj nivå: individ, verksamhet eller system.")
    errors.raise_if_any()
    assert data.started_on is not None
    row = _load(session, ctx, deviation_id, INVESTIGATE)
    new_status = _check(row, DeviationAction.INVESTIGATE)
    problem = day_problem(
        STARTED_WHAT, data.started_on, date.today(), (EVENT_EARLIER, row.occurred_at.date())
    )
    if problem:
        raise ValidationFailed([FieldError("started_on", problem)])
    if data.investigator_id and session.get(User, data.investigator_id) is None:
        raise ValidationFailed([FieldError("investigator_id", "Utredaren finns inte.")])
    row.investigation_started_on = data.started_on
    row.investigator_id = data.investigator_id or row.investigator_id or ctx.actor.id
    row.analysis = (data.analysis or "").strip() or None
    _sync_causes(row, data.causes)
    row.status = new_status.value
    session.flush()
    return row


def _sync_causes(row: Deviation, causes: list[CauseInput]) -> None:
    existing = {c.id: c for c in row.causes if c.archived_at is None}
    kept: set[str] = set()
    for position, item in enumerate(causes):
        cause = existing.get(item.id or "")
        if cause is None:
            cause = DeviationCause(deviation_id=row.id, description="", level=item.level)
            row.causes.append(cause)
        values = {
            "position": position,
            "description": item.description.strip(),
            "level": item.level,
            "area": (item.area or "").strip() or None,
        }
        for attr, value in values.items():
            if getattr(cause, attr) != value:
                setattr(cause, attr, value)
        if cause.id:
            kept.add(cause.id)
    for cause_id, cause in existing.items():
        if cause_id not in kept:
            cause.archived_at = utcnow()
            cause.archive_reason = "Borttagen ur utredningen"


def add_measure(
    ctx: Context, deviation_id: str, measure: MeasureInput, plan: PlanInput
) -> MeasureSaved:
    """A measure answering to the avvikelse (the shared åtgärd), with its planned follow-up
    (the shared uppföljning)."""
    errors = Collector()
    try:
        validate_plan(plan)
    except ValidationFailed as exc:
        errors.errors += [FieldError(f"plan.{e.field}", e.message) for e in exc.errors]
    errors.raise_if_any()
    assert plan.planned_on is not None
    ctx.require(MEASURE_CREATE)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, deviation_id, INVESTIGATE)
        _check(row, DeviationAction.ADD_MEASURE)
        if measure.due_date and plan.planned_on < measure.due_date:
            raise ValidationFailed(
                [FieldError("plan.planned_on", "Följ upp åtgärden när den ska vara genomförd.")]
            )
        measure.unit_id = measure.unit_id or row.unit_id
        measure.links = [LinkRef(DEVIATION_LINK, row.id)]
        saved = create_measure_in(session, ctx, measure)
        add_planned_in(session, saved, plan)
        return MeasureSaved(saved.id, _view(session, ctx, row))


def save_feedback(ctx: Context, deviation_id: str, data: FeedbackInput) -> DeviationView:
    """Återföring to the staff: when, how (at an APT, individually …) and to whom."""
    ctx.require(INVESTIGATE)
    with ctx.unit_of_work() as uow:
        row = save_feedback_in(uow.session, ctx, deviation_id, data)
        return _view(uow.session, ctx, row)


def save_feedback_in(
    session: Session, ctx: Context, deviation_id: str, data: FeedbackInput
) -> Deviation:
    """``save_feedback`` inside the caller's unit of work; the stored row (the caller makes the view
    if it needs one)."""
    ctx.require(INVESTIGATE)
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("feedback_on", data.feedback_on, "Ange när återföringen gjordes.")
    errors.require("feedback_how", data.feedback_how, "Välj hur återföringen gjordes.")
    if data.feedback_how and data.feedback_how not in {f.value for f in FeedbackHow}:
        errors.add("feedback_how", "Välj hur återföringen gjordes.")
    errors.require("feedback_to", data.feedback_to, "Ange vilka som fick återföringen.")
    errors.raise_if_any()
    assert data.feedback_on is not None
    row = _load(session, ctx, deviation_id, INVESTIGATE)
    new_status = _check(row, DeviationAction.FEEDBACK)
    earlier = (EVENT_EARLIER, row.occurred_at.date())
    problem = day_problem(FEEDBACK_WHAT, data.feedback_on, date.today(), earlier)
    if problem:
        raise ValidationFailed([FieldError("feedback_on", problem)])
    row.feedback_on = data.feedback_on
    row.feedback_how = data.feedback_how
    row.feedback_to = (data.feedback_to or "").strip()
    row.status = new_status.value
    return row


# --- closing ---------------------------------------------------------------------------------


def close(
    ctx: Context, deviation_id: str, conclusion: str, closed_on: date | None
) -> DeviationView:
    """Close with a conclusion, once the investigation has found at least one cause."""
    ctx.require(CLOSE)
    with ctx.unit_of_work() as uow:
        row = close_in(uow.session, ctx, deviation_id, conclusion, closed_on)
        return _view(uow.session, ctx, row)


def close_in(
    session: Session, ctx: Context, deviation_id: str, conclusion: str, closed_on: date | None
) -> Deviation:
    """``close`` inside the caller's unit of work; the stored row (the caller makes the view
    if it needs one)."""
    ctx.require(CLOSE)
    conclusion = clean_text("conclusion", conclusion, TextKind.LONG)
    errors = Collector()
    errors.require("conclusion", conclusion, "Skriv utredningens slutsats.")
    errors.require("closed_on", closed_on, "Ange när avvikelsen avslutades.")
    errors.raise_if_any()
    assert closed_on is not None
    row = _load(session, ctx, deviation_id, CLOSE)
    new_status = _check(row, DeviationAction.CLOSE)
    if not [c for c in row.causes if c.archived_at is None]:
        raise ValidationFailed(
            [FieldError("causes", "Ange minst en orsak i utredningen innan avvikelsen avslutas.")]
        )
    started = row.investigation_started_on
    earlier = (STARTED_EARLIER, started) if started else None
    problem = day_problem(CLOSED_WHAT, closed_on, date.today(), earlier)
    if problem:
        raise ValidationFailed([FieldError("closed_on", problem)])
    row.conclusion = conclusion.strip()
    row.closed_on = closed_on
    row.closed_by_id = ctx.actor.id
    row.status = new_status.value
    return row


def reopen(ctx: Context, deviation_id: str, reason: str) -> DeviationView:
    """A closed avvikelse opened again, only with a reason (kept in the audit log with the
    closing it undoes)."""
    ctx.require(CLOSE)
    require_reason(reason, "Skriv varför avvikelsen behöver öppnas igen.")
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, deviation_id, CLOSE)
        new_status = _check(row, DeviationAction.REOPEN)
        row.reopen_reason = reason.strip()
        row.closed_on = None
        row.closed_by_id = None
        row.status = new_status.value
        return _view(session, ctx, row)


def void(ctx: Context, deviation_id: str, reason: str) -> DeviationView:
    """Makulera: registered by mistake or twice; kept with the reason, never deleted."""
    ctx.require(VOID)
    require_reason(reason, "Skriv varför avvikelsen makuleras.")
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, deviation_id, VOID)
        if row.archived_at is not None:
            raise RuleViolation("Avvikelsen är redan makulerad.")
        mark_archived(row, ctx, reason)
        return _view(session, ctx, row)


# --- reading ---------------------------------------------------------------------------------


def get_deviation(ctx: Context, deviation_id: str) -> DeviationView:
    """The whole avvikelse; the opening is logged (it may name individuals by code)."""
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, deviation_id)
        record_access(uow.session, Deviation.__tablename__, row.id)
        return _view(uow.session, ctx, row)


def view_in(session: Session, ctx: Context, deviation_id: str) -> DeviationView:
    """The avvikelse read in the caller's session (the report data)."""
    return _view(session, ctx, _load(session, ctx, deviation_id))


def _names(session: Session, *user_ids: str | None) -> dict[str, str]:
    wanted = {u for u in user_ids if u}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def _measures(session: Session, ctx: Context, deviation_id: str) -> tuple[MeasureLine, ...]:
    """The measures answering to the avvikelse that the actor may see, with follow-ups."""
    query = (
        select(Measure)
        .join(MeasureLink, MeasureLink.measure_id == Measure.id)
        .where(
            MeasureLink.kind == DEVIATION_LINK,
            MeasureLink.target_id == deviation_id,
            Measure.archived_at.is_(None),
        )
        .order_by(Measure.created_at, Measure.id)
    )
    visible = ctx.visible_units()
    if visible is not None:
        query = query.where(Measure.unit_id.in_(visible))
    rows = session.scalars(query).all()
    names = _names(session, *(m.responsible_id for m in rows))
    found = []
    for m in rows:
        follow_ups = session.scalars(
            select(FollowUp)
            .where(FollowUp.measure_id == m.id, FollowUp.archived_at.is_(None))
            .order_by(FollowUp.planned_on)
        ).all()
        found.append(
            MeasureLine(
                m.id,
                m.title,
                MeasureStatus(m.status),
                names.get(m.responsible_id or ""),
                m.due_date,
                tuple(
                    FollowUpLine(f.id, f.planned_on, FollowUpStatus(f.status), f.effect)
                    for f in follow_ups
                ),
            )
        )
    return tuple(found)


def _view(session: Session, ctx: Context, row: Deviation) -> DeviationView:
    live = sorted((c for c in row.causes if c.archived_at is None), key=lambda c: c.position)
    names = _names(session, row.registered_by_id, row.investigator_id, row.closed_by_id)
    return DeviationView(
        id=row.id,
        number=row.number,
        title=row.title,
        unit_id=row.unit_id,
        unit_name=row.unit.name,
        status=DeviationStatus(row.status),
        occurred_at=row.occurred_at,
        place=row.place,
        reported_at=row.reported_at,
        reporter_user_id=row.reporter_user_id,
        reporter_name=row.reporter_name,
        registered_by=names.get(row.registered_by_id or ""),
        legal_basis=row.legal_basis,
        individual=row.individual,
        individuals=tuple(json.loads(row.individuals or "[]")),
        description=row.description,
        consequence=row.consequence,
        immediate_measures=row.immediate_measures,
        category=row.category,
        probability=row.probability,
        consequence_level=row.consequence_level,
        score=row.score,
        start_due=row.start_due,
        close_due=row.close_due,
        investigator_id=row.investigator_id,
        investigator_name=names.get(row.investigator_id or ""),
        investigation_started_on=row.investigation_started_on,
        analysis=row.analysis,
        feedback_on=row.feedback_on,
        feedback_how=row.feedback_how,
        feedback_to=row.feedback_to,
        conclusion=row.conclusion,
        closed_on=row.closed_on,
        closed_by=names.get(row.closed_by_id or ""),
        reopen_reason=row.reopen_reason,
        causes=tuple(CauseView(c.id, c.description, CauseLevel(c.level), c.area) for c in live),
        measures=_measures(session, ctx, row.id),
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
    )


def due_items(ctx: Context, session: Session, today: date, remind_until: date) -> list[TodoItem]:
    """Deadlines of the open avvikelser the actor may see that have passed or are near."""
    if not ctx.may(READ):
        return []
    query = (
        select(Deviation, Unit.name)
        .join(Unit, Unit.id == Deviation.unit_id)
        .where(
            Deviation.archived_at.is_(None),
            Deviation.status.in_(OPEN_STATUSES),
            (Deviation.start_due <= remind_until) | (Deviation.close_due <= remind_until),
        )
    )
    visible = ctx.visible_units()
    if visible is not None:
        query = query.where(Deviation.unit_id.in_(visible))
    found: list[TodoItem] = []
    for row, unit_name in session.execute(query):
        status = DeviationStatus(row.status)
        for deadline in deadlines(
            status, row.start_due, row.close_due, row.investigation_started_on, today
        ):
            if deadline.done or deadline.due is None or deadline.due > remind_until:
                continue
            found.append(
                TodoItem(
                    KEY,
                    row.id,
                    f"{row.number} {row.title}",
                    unit_name,
                    deadline.due,
                    deadline.what,
                    overdue=deadline.late,
                )
            )
    return sorted(found, key=lambda item: (item.when or date.max, item.title))


# --- what other kinds see of an avvikelse ----------------------------------------------------


def source_facts(ctx: Context, deviation_id: str) -> SourceFacts:
    """What a lex Sarah rapport made from the avvikelse ("Gör lex Sarah-rapport") is given."""
    view = get_deviation(ctx, deviation_id)
    individual = view.individual
    return SourceFacts(
        source=RecordRef(KEY, view.id),
        label=f"avvikelse {view.number}",
        title=view.title,
        unit_id=view.unit_id,
        occurred_at=view.occurred_at,
        noticed_at=view.reported_at,
        description=view.description,
        consequence=view.consequence,
        immediate_measures=view.immediate_measures,
        individual=individual if individual else None,
        individuals=view.individuals if individual in INDIVIDUAL_SPECIAL else (),
        reporter_user_id=view.reporter_user_id,
        reporter_name=view.reporter_name,
    )


def linked_summary(ctx: Context, session: Session, deviation_id: str) -> LinkedSummary | None:
    """An avvikelse seen through a link: number and status for those who may read it."""
    row = session.get(Deviation, deviation_id)
    if row is None or not ctx.may(READ) or not ctx.sees_unit(row.unit_id):
        return None
    return LinkedSummary(row.number, row.status, row.title)


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a measure answering to an avvikelse says it answers to."""
    row = session.get(Deviation, target_id)
    if kind != DEVIATION_LINK or row is None:
        return None
    return LinkView(kind, target_id, f"Avvikelse {row.number}: {row.title}", row.id)


def history_records(ctx: Context, session: Session, deviation_id: str) -> list[str]:
    """The avvikelse and its causes, for the history."""
    _load(session, ctx, deviation_id)
    causes = session.scalars(
        select(DeviationCause.id).where(DeviationCause.deviation_id == deviation_id)
    )
    return [deviation_id, *causes.all()]
