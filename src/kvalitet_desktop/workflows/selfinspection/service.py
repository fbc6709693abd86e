"""Egenkontroll: a unit's yearly plan, the checks it schedules, and performing them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import (
    Collector,
    FieldError,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.forms import FieldDef, FieldType, FormAnswers, FormDef, FormLookups
from kvalitet_desktop.domain.linked_records import (
    LinkedRecord,
    LinkedSummary,
    RecordRef,
    SourceFacts,
)
from kvalitet_desktop.domain.roles import SETTINGS_CHANGE, Action
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_input,
    known_id,
    personal_number_problem,
    personal_number_warnings,
    text_problem,
)
from kvalitet_desktop.services import forms, record_links
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_setting, write_setting
from kvalitet_desktop.store.models import FormRecord, Unit, User, UserUnit
from kvalitet_desktop.workflows.measures.kind import READ as MEASURE_READ
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.measures.service import LinkRef, LinkView, MeasureInput
from kvalitet_desktop.workflows.selfinspection.domain import (
    ANSWERS_OWNER,
    DEFAULT_METHODS,
    FIELD_LIMITS,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_CHOSEN_DATES,
    MAX_REVIEWED_COUNT,
    SELF_INSPECTION_LINK,
    CheckAction,
    CheckStatus,
    DueState,
    Finding,
    Frequency,
    ReviewedKind,
    Tally,
    check_check_transition,
    due_state,
    findings,
    is_checklist,
    missing_comments,
    requirements,
    scheduled_dates,
    shortcomings,
    tally,
)
from kvalitet_desktop.workflows.selfinspection.kind import KEY, PERFORM, PLAN, READ, VOID
from kvalitet_desktop.workflows.selfinspection.models import (
    SelfInspectionCheck,
    SelfInspectionPlanItem,
)

METHODS_SETTING = "selfinspection_methods"


# --- inputs and views ----------------------------------------------------------------------------


@dataclass
class PlanItemInput:
    unit_id: str
    year: int
    title: str
    method: str
    frequency: Frequency | None
    responsible_id: str | None
    on_failure: str
    form_id: str
    chosen_dates: list[date] = field(default_factory=list)


@dataclass
class ReviewedInput:
    kind: ReviewedKind | None
    count: int | None


@dataclass
class PerformInput:
    performed_on: date | None
    reviewed: list[ReviewedInput] = field(default_factory=list)
    reviewed_note: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class ChecklistChoice:
    id: str
    title: str
    version: int


@dataclass(frozen=True)
class PlanItemView:
    id: str
    unit_id: str
    unit_name: str
    year: int
    title: str
    method: str
    frequency: Frequency
    chosen_dates: tuple[date, ...]
    responsible_id: str | None
    responsible_name: str | None
    on_failure: str
    form_id: str
    form_title: str
    tally: Tally
    archived: bool
    warnings: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class Reviewed:
    kind: ReviewedKind
    count: int


@dataclass(frozen=True)
class CheckView:
    id: str
    plan_item_id: str
    title: str
    unit_id: str
    unit_name: str
    year: int
    method: str
    frequency: Frequency
    on_failure: str
    responsible_id: str | None
    responsible_name: str | None
    planned_on: date
    status: CheckStatus
    due: DueState
    form: FormDef
    answers: FormAnswers
    performed_on: date | None
    performed_by_name: str | None
    reviewed: tuple[Reviewed, ...]
    reviewed_note: str | None
    summary: str | None
    status_reason: str | None
    findings: tuple[Finding, ...]
    archived: bool
    archive_reason: str | None
    warnings: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class CheckSummary:
    id: str
    plan_item_id: str
    title: str
    planned_on: date
    status: CheckStatus
    performed_on: date | None
    shortcomings: int  # requirements answered delvis or ej uppfyllt


@dataclass(frozen=True)
class PlanVersusDone:
    """One unit's year: each plan item's tally, and the whole year's."""

    unit_id: str
    unit_name: str
    year: int
    items: tuple[PlanItemView, ...]
    total: Tally


# --- editable list of methods --------------------------------------------------------------------


def methods(ctx: Context) -> list[str]:
    with ctx.reading() as session:
        value = read_setting(session, METHODS_SETTING)
    ok = isinstance(value, list) and value and all(isinstance(v, str) for v in value)
    return list(value) if ok else list(DEFAULT_METHODS)


def set_methods(ctx: Context, values: Sequence[str]) -> list[str]:
    """Replace the list of methods offered for plan items; returns the stored list."""
    ctx.require(SETTINGS_CHANGE)
    cleaned = [" ".join(str(v).split()) for v in values]
    errors = Collector()
    seen: set[str] = set()
    for position, value in enumerate(cleaned, start=1):
        problem = text_problem(value, TextKind.SHORT)
        if not value:
            errors.add("methods", f"Rad {position} är tom.")
        elif problem:
            errors.add("methods", f"Rad {position}: {problem}")
        elif value.casefold() in seen:
            errors.add("methods", f"”{value}” finns redan i listan.")
        seen.add(value.casefold())
    if not cleaned:
        errors.add("methods", "Listan över metoder behöver minst en metod.")
    errors.raise_if_any()
    write_setting(ctx, METHODS_SETTING, cleaned)
    return cleaned


def requirements_of(form: FormDef) -> list[FieldDef]:
    """The checklist's requirement questions, in order."""
    return requirements(form)


def checklists(ctx: Context) -> list[ChecklistChoice]:
    """The forms that can be a check's checklist (they ask requirement questions)."""
    return [
        ChecklistChoice(f.id, f.title, f.version)
        for f in forms.catalog(ctx).forms()
        if is_checklist(f)
    ]


# --- the plan ------------------------------------------------------------------------------------


def validate_plan_item(session: Session, ctx: Context, data: PlanItemInput) -> PlanItemInput:
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("unit_id", data.unit_id, "Välj enhet.")
    if not isinstance(data.year, int) or not FIRST_YEAR <= data.year <= LAST_YEAR:
        errors.add("year", f"Ange ett år mellan {FIRST_YEAR} och {LAST_YEAR}.")
    errors.require("title", data.title, "Skriv vad som kontrolleras.")
    errors.require("method", data.method, "Ange hur det kontrolleras (metod).")
    errors.require("frequency", data.frequency, "Ange hur ofta det kontrolleras.")
    errors.require("responsible_id", data.responsible_id, "Välj vem som gör kontrollen.")
    errors.require("on_failure", data.on_failure, "Skriv vad som händer när kraven inte uppfylls.")
    errors.require("form_id", data.form_id, "Välj checklista.")
    for name in ("title", "method", "on_failure"):
        problem = personal_number_problem(getattr(data, name))
        if problem:
            errors.add(name, problem)
    if data.frequency is Frequency.CHOSEN_DATES:
        if not data.chosen_dates:
            errors.add("chosen_dates", "Ange minst ett datum för kontrollerna.")
        elif len(data.chosen_dates) > MAX_CHOSEN_DATES:
            errors.add("chosen_dates", f"Högst {MAX_CHOSEN_DATES} datum per år.")
        elif any(d.year != data.year for d in data.chosen_dates):
            errors.add("chosen_dates", f"Alla datum ska ligga under {data.year}.")
    if data.form_id:
        form = forms.catalog(ctx).find(data.form_id)
        if form is None or not is_checklist(form):
            errors.add("form_id", "Checklistan finns inte. Välj en av checklistorna.")
    if data.responsible_id:
        user = session.get(User, known_id(data.responsible_id, "Användaren finns inte."))
        if user is None or not user.active:
            errors.add("responsible_id", "Användaren finns inte eller är inte aktiv.")
    errors.raise_if_any()
    return data


def save_plan_item(ctx: Context, data: PlanItemInput, item_id: str | None = None) -> PlanItemView:
    """Create (``item_id`` None) or change a plan item; its year's checks follow the schedule:
    new planned days get a check, planned checks on days no longer in it are archived, done and
    cancelled checks stay as they are."""
    ctx.require(PLAN)
    with ctx.unit_of_work() as uow:
        session = uow.session
        data = validate_plan_item(session, ctx, data)
        unit = session.get(Unit, known_id(data.unit_id, "Enheten finns inte."))
        if unit is None or unit.archived_at is not None:
            raise ValidationFailed([FieldError("unit_id", "Enheten finns inte.")])
        ctx.require(PLAN, unit.id, entity=SelfInspectionPlanItem.__tablename__)
        assert data.frequency is not None
        chosen = sorted(set(data.chosen_dates)) if data.frequency is Frequency.CHOSEN_DATES else []
        values: dict[str, Any] = {
            "unit_id": unit.id,
            "year": data.year,
            "title": data.title.strip(),
            "method": data.method.strip(),
            "frequency": data.frequency.value,
            "chosen_dates": json.dumps([d.isoformat() for d in chosen]) if chosen else None,
            "responsible_id": data.responsible_id,
            "on_failure": data.on_failure.strip(),
            "form_id": data.form_id,
            "form_title": _form_title(ctx, data.form_id)[:300],
        }
        if item_id is None:
            row = SelfInspectionPlanItem(**values)
            session.add(row)
            session.flush()
        else:
            row = _load_item(session, ctx, item_id, PLAN)
            if row.archived_at is not None:
                raise ValidationFailed(
                    [FieldError("title", "Punkten är makulerad och kan inte ändras.")]
                )
            if row.unit_id != unit.id or row.year != data.year:
                ctx.require(PLAN, row.unit_id, entity=row.__tablename__, entity_id=row.id)
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
        _follow_schedule(ctx, session, row, scheduled_dates(data.year, data.frequency, chosen))
        session.flush()
        view = _item_view(session, ctx, row, date.today())
        return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


def _follow_schedule(
    ctx: Context, session: Session, row: SelfInspectionPlanItem, days: list[date]
) -> None:
    wanted = set(days)
    live = [c for c in row.checks if c.archived_at is None]
    for check in live:
        if check.unit_id != row.unit_id:  # the item moved to another unit: its checks follow
            check.unit_id = row.unit_id
        if check.status == CheckStatus.PLANNED.value and check.planned_on not in wanted:
            mark_archived(check, ctx, "Planen ändrades: dagen finns inte längre i planen.")
    have = {c.planned_on for c in live if c.archived_at is None}
    for day in sorted(wanted - have):
        session.add(
            SelfInspectionCheck(
                plan_item_id=row.id,
                unit_id=row.unit_id,
                planned_on=day,
                status=CheckStatus.PLANNED.value,
            )
        )
    session.flush()
    session.expire(row, ["checks"])


def archive_plan_item(ctx: Context, item_id: str, reason: str) -> PlanItemView:
    """Makulera a plan item and its checks that are still planned (done ones stay)."""
    ctx.require(VOID)
    require_reason(reason, "Ange varför punkten makuleras.")
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load_item(session, ctx, item_id, VOID)
        if row.archived_at is not None:
            raise ValidationFailed([FieldError("reason", "Punkten är redan makulerad.")])
        mark_archived(row, ctx, reason)
        for check in row.checks:
            if check.archived_at is None and check.status == CheckStatus.PLANNED.value:
                mark_archived(check, ctx, reason)
        session.flush()
        return _item_view(session, ctx, row, date.today())


def get_plan_item(ctx: Context, item_id: str) -> PlanItemView:
    with ctx.reading() as session:
        return _item_view(session, ctx, _load_item(session, ctx, item_id), date.today())


def plan_versus_done(
    ctx: Context, unit_id: str, year: int, today: date | None = None
) -> PlanVersusDone:
    """The unit's plan for ``year`` with plan versus done per item and for the whole year; used
    by the page and the plan's PDF alike."""
    ctx.require(READ)
    today = today or date.today()
    with ctx.reading() as session:
        unit = session.get(Unit, known_id(unit_id, "Enheten finns inte."))
        if unit is None:
            raise NotFound("Enheten finns inte.")
        ctx.require(READ, unit.id, entity=Unit.__tablename__, entity_id=unit.id)
        rows = session.scalars(
            select(SelfInspectionPlanItem)
            .where(
                SelfInspectionPlanItem.unit_id == unit.id,
                SelfInspectionPlanItem.year == year,
                SelfInspectionPlanItem.archived_at.is_(None),
            )
            .order_by(SelfInspectionPlanItem.title, SelfInspectionPlanItem.id)
        ).all()
        items = tuple(_item_view(session, ctx, row, today) for row in rows)
    total = sum((i.tally for i in items), Tally())
    return PlanVersusDone(unit.id, unit.name, year, items, total)


def checks_of_year(ctx: Context, unit_id: str, year: int) -> list[CheckSummary]:
    """Every check of the unit's plan for ``year`` (not archived), by planned day."""
    ctx.require(READ)
    catalog = forms.catalog(ctx)
    with ctx.reading() as session:
        ctx.require(READ, known_id(unit_id, "Enheten finns inte."), entity=Unit.__tablename__)
        rows = session.scalars(
            select(SelfInspectionCheck)
            .join(SelfInspectionPlanItem)
            .where(
                SelfInspectionCheck.unit_id == unit_id,
                SelfInspectionPlanItem.year == year,
                SelfInspectionCheck.archived_at.is_(None),
                SelfInspectionPlanItem.archived_at.is_(None),
            )
            .order_by(SelfInspectionCheck.planned_on, SelfInspectionPlanItem.title)
        ).all()
        result = []
        for row in rows:
            stored = forms.load_answers(session, catalog, ANSWERS_OWNER, row.id)
            found = shortcomings(*stored) if stored and row.status == CheckStatus.DONE.value else []
            result.append(
                CheckSummary(
                    row.id,
                    row.plan_item_id,
                    row.plan_item.title,
                    row.planned_on,
                    CheckStatus(row.status),
                    row.performed_on,
                    len(found),
                )
            )
        return result


def plan_years(ctx: Context, unit_id: str | None = None) -> list[int]:
    """The years that have a plan (in the visible units, or ``unit_id``), newest first."""
    ctx.require(READ)
    with ctx.reading() as session:
        stmt = select(SelfInspectionPlanItem.year).where(
            SelfInspectionPlanItem.archived_at.is_(None)
        )
        visible = ctx.visible_units()
        if visible is not None:
            stmt = stmt.where(SelfInspectionPlanItem.unit_id.in_(visible))
        if unit_id:
            stmt = stmt.where(SelfInspectionPlanItem.unit_id == unit_id)
        return sorted(set(session.scalars(stmt.distinct())), reverse=True)


def performers(ctx: Context, unit_id: str) -> list[tuple[str, str]]:
    """(id, name) of the active users of the unit, for choosing who does a check."""
    with ctx.reading() as session:
        rows = session.execute(
            select(User.id, User.name)
            .join(UserUnit, UserUnit.user_id == User.id)
            .where(UserUnit.unit_id == unit_id, User.active.is_(True))
            .order_by(User.name)
        ).all()
    return [(uid, name) for uid, name in rows]


def _load_item(
    session: Session, ctx: Context, item_id: str, action: Action = READ
) -> SelfInspectionPlanItem:
    row = session.get(SelfInspectionPlanItem, known_id(item_id, "Punkten i planen finns inte."))
    if row is None:
        raise NotFound("Punkten i planen finns inte.")
    ctx.require(action, row.unit_id, entity=row.__tablename__, entity_id=row.id)
    return row


def _chosen(row: SelfInspectionPlanItem) -> tuple[date, ...]:
    try:
        return tuple(date.fromisoformat(d) for d in json.loads(row.chosen_dates or "[]"))
    except (ValueError, TypeError):
        return ()


def _form_title(ctx: Context, form_id: str) -> str:
    form = forms.catalog(ctx).find(form_id)
    return form.title if form is not None else form_id


def _item_view(
    session: Session, ctx: Context, row: SelfInspectionPlanItem, today: date
) -> PlanItemView:
    responsible = session.get(User, row.responsible_id) if row.responsible_id else None
    checks = [c for c in row.checks if c.archived_at is None]
    return PlanItemView(
        id=row.id,
        unit_id=row.unit_id,
        unit_name=row.unit.name,
        year=row.year,
        title=row.title,
        method=row.method,
        frequency=Frequency(row.frequency),
        chosen_dates=_chosen(row),
        responsible_id=row.responsible_id,
        responsible_name=responsible.name if responsible else None,
        on_failure=row.on_failure,
        form_id=row.form_id,
        form_title=row.form_title,
        tally=tally(((CheckStatus(c.status), c.planned_on, c.performed_on) for c in checks), today),
        archived=row.archived_at is not None,
    )


# --- the checks ----------------------------------------------------------------------------------


def _load_check(
    session: Session, ctx: Context, check_id: str, action: Action = READ
) -> SelfInspectionCheck:
    row = session.get(SelfInspectionCheck, known_id(check_id, "Egenkontrollen finns inte."))
    if row is None:
        raise NotFound("Egenkontrollen finns inte.")
    ctx.require(action, row.unit_id, entity=row.__tablename__, entity_id=row.id)
    return row


def _transition(row: SelfInspectionCheck, action: CheckAction) -> CheckStatus:
    return check_check_transition(
        CheckStatus(row.status), action, archived=row.archived_at is not None
    )


def get_check(ctx: Context, check_id: str) -> CheckView:
    with ctx.reading() as session:
        return check_view(session, ctx, check_id)


def lookups(ctx: Context, unit_id: str) -> FormLookups:
    """What the checklist's form needs to show user and unit fields and editable lists."""
    with ctx.reading() as session:
        unit = session.get(Unit, unit_id)
        lists = forms.editable_lists_in(session)
    return FormLookups(
        users=tuple(performers(ctx, unit_id)),
        units=((unit.id, unit.name),) if unit else (),
        lists=lists,
        documented_by=ctx.actor.name,
    )


def validate_perform(data: PerformInput, today: date) -> PerformInput:
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("performed_on", data.performed_on, "Ange när kontrollen gjordes.")
    if data.performed_on and data.performed_on > today:
        errors.add("performed_on", "En genomförd kontroll kan inte ha ett datum i framtiden.")
    rows = [r for r in data.reviewed if r.kind is not None or r.count is not None]
    if not rows:
        errors.add("reviewed", "Ange vad som granskades och hur många (till exempel 10 akter).")
    for i, item in enumerate(rows):
        if item.kind is None:
            errors.add(f"reviewed.{i}.kind", "Välj vad som granskades.")
        if item.count is None or not 1 <= item.count <= MAX_REVIEWED_COUNT:
            errors.add(f"reviewed.{i}.count", f"Ange ett antal från 1 till {MAX_REVIEWED_COUNT}.")
    # What was reviewed is told by kind and count: a personnummer here is refused, not warned.
    for name in ("reviewed_note", "summary"):
        problem = personal_number_problem(getattr(data, name))
        if problem:
            errors.add(name, problem)
    errors.raise_if_any()
    return replace(data, reviewed=rows)


def _answer_errors(form: FormDef, answers: FormAnswers) -> list[FieldError]:
    """The checklist complete, no personnummer in its texts, and every shortcoming described."""
    from kvalitet_desktop.domain.forms import validate_answers

    errors = list(validate_answers(form, answers))
    for _, f in form.fields():
        value = answers.values.get(f.id)
        if f.type in (FieldType.TEXT, FieldType.LONG_TEXT) and isinstance(value, str):
            problem = personal_number_problem(value)
            if problem:
                errors.append(FieldError(f.id, f"{f.label}: {problem}"))
    for finding in missing_comments(form, answers):
        errors.append(
            FieldError(
                f"{finding.field_id}_kommentar",
                f"Beskriv bristen: ”{finding.question}” är {finding.assessment.label.lower()}.",
            )
        )
    return errors


def perform_check(
    ctx: Context,
    check_id: str,
    data: PerformInput,
    answers: FormAnswers,
    *,
    today: date | None = None,
) -> CheckView:
    """Record a check as performed by the actor: its checklist answers, what was reviewed (by
    kind and count) and when. Refused until the checklist is complete."""
    ctx.require(PERFORM)
    today = today or date.today()
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load_check(session, ctx, check_id, PERFORM)
        status = _transition(row, CheckAction.PERFORM)
        errors = Collector()
        try:
            data = validate_perform(data, today)
        except ValidationFailed as exc:
            errors.errors += exc.errors
        form = forms.catalog(ctx).get(row.plan_item.form_id)
        errors.errors += _answer_errors(form, answers)
        if data.performed_on and data.performed_on.year < row.plan_item.year - 1:
            errors.add("performed_on", "Datumet ligger långt före planens år.")
        errors.raise_if_any()
        forms.save_answers(session, ANSWERS_OWNER, row.id, form, answers)
        row.status = status.value
        row.performed_on = data.performed_on
        row.performed_by_id = ctx.actor.id
        row.reviewed = json.dumps(
            [{"kind": r.kind.value, "count": r.count} for r in data.reviewed if r.kind],
            ensure_ascii=False,
        )
        row.reviewed_note = (data.reviewed_note or "").strip() or None
        row.summary = (data.summary or "").strip() or None
        session.flush()
        return check_view(session, ctx, row.id)


def cancel_check(ctx: Context, check_id: str, reason: str) -> CheckView:
    """Ställ in a planned check (it no longer counts as planned), with a reason."""
    return _change_status(ctx, check_id, CheckAction.CANCEL, reason, "Ange varför den ställs in.")


def restore_check(ctx: Context, check_id: str) -> CheckView:
    """Plan a cancelled check again."""
    return _change_status(ctx, check_id, CheckAction.RESTORE, None, "")


def reopen_check(ctx: Context, check_id: str, reason: str) -> CheckView:
    """Open a performed check again, to correct its answers; the reason is required."""
    return _change_status(
        ctx, check_id, CheckAction.REOPEN, reason, "Ange varför kontrollen öppnas igen."
    )


def _change_status(
    ctx: Context, check_id: str, action: CheckAction, reason: str | None, message: str
) -> CheckView:
    ctx.require(PLAN)
    if reason is not None:
        require_reason(reason, message)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load_check(session, ctx, check_id, PLAN)
        row.status = _transition(row, action).value
        if reason is not None:
            row.status_reason = reason.strip()
        session.flush()
        return check_view(session, ctx, row.id)


def archive_check(ctx: Context, check_id: str, reason: str) -> CheckView:
    ctx.require(VOID)
    require_reason(reason, "Ange varför egenkontrollen makuleras.")
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load_check(session, ctx, check_id, VOID)
        _transition(row, CheckAction.ARCHIVE)
        mark_archived(row, ctx, reason)
        session.flush()
        return check_view(session, ctx, row.id)


def _reviewed(row: SelfInspectionCheck) -> tuple[Reviewed, ...]:
    try:
        items = json.loads(row.reviewed or "[]")
        return tuple(Reviewed(ReviewedKind(i["kind"]), int(i["count"])) for i in items)
    except (ValueError, TypeError, KeyError):
        return ()


def check_view(
    session: Session, ctx: Context, check_id: str, today: date | None = None
) -> CheckView:
    """The check as its dialog and report show it, read in the caller's session."""
    row = _load_check(session, ctx, check_id)
    item = row.plan_item
    catalog = forms.catalog(ctx)
    stored = forms.load_answers(session, catalog, ANSWERS_OWNER, row.id)
    if stored is not None:
        form, answers = stored
    else:
        form, answers = catalog.get(item.form_id), FormAnswers()
    responsible = session.get(User, item.responsible_id) if item.responsible_id else None
    performer = session.get(User, row.performed_by_id) if row.performed_by_id else None
    status = CheckStatus(row.status)
    return CheckView(
        id=row.id,
        plan_item_id=item.id,
        title=item.title,
        unit_id=row.unit_id,
        unit_name=row.unit.name,
        year=item.year,
        method=item.method,
        frequency=Frequency(item.frequency),
        on_failure=item.on_failure,
        responsible_id=item.responsible_id,
        responsible_name=responsible.name if responsible else None,
        planned_on=row.planned_on,
        status=status,
        due=due_state(status, row.planned_on, today or date.today()),
        form=form,
        answers=answers,
        performed_on=row.performed_on,
        performed_by_name=performer.name if performer else None,
        reviewed=_reviewed(row),
        reviewed_note=row.reviewed_note,
        summary=row.summary,
        status_reason=row.status_reason,
        findings=tuple(findings(form, answers)) if status is CheckStatus.DONE else (),
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
    )


# --- linked records: a shortcoming reported as an avvikelse ---------------------------------


def _noticed_at(performed_on: date) -> datetime:
    """A check keeps its day, not its hour: midday of that day stands for it, but never a time
    later than now, which the avvikelse would refuse (a check performed this morning)."""
    now = datetime.now().replace(second=0, microsecond=0)
    return min(datetime.combine(performed_on, time(12, 0)), now)


def source_facts(ctx: Context, check_id: str) -> SourceFacts:
    """What a performed check offers the record made from it (an avvikelse): its unit, who
    performed it and when, and its shortcomings quoted as the checklist asked and the performer
    answered. Refused for a check that found nothing to report."""
    with ctx.reading() as session:
        view = check_view(session, ctx, check_id)
        row = session.get(SelfInspectionCheck, view.id)
        assert row is not None
        performer = row.performed_by_id
    found = [f for f in view.findings if f.assessment.is_shortcoming]
    if view.status is not CheckStatus.DONE or not found:
        raise RuleViolation(
            "Det finns inga brister att rapportera: kontrollen är inte genomförd eller "
            "alla besvarade krav är uppfyllda."
        )
    assert view.performed_on is not None
    lines = "\n".join(f"• {f.quote}" for f in found)
    description = (
        f"Egenkontrollen ”{view.title}” ({view.form.title}) den "
        f"{view.performed_on.isoformat()} fann brister:\n{lines}"
    )
    return SourceFacts(
        source=RecordRef(KEY, view.id),
        label=f"Egenkontroll ”{view.title}” {view.performed_on.isoformat()}",
        title=f"Brist i egenkontroll: {view.title}"[:200],
        unit_id=view.unit_id,
        noticed_at=_noticed_at(view.performed_on),
        description=description,
        consequence=view.on_failure,
        reporter_user_id=performer,
        reporter_name=view.performed_by_name,
    )


def linked_summary(ctx: Context, session: Session, check_id: str) -> LinkedSummary | None:
    """A check seen through a link: its day and status, for those who may read it."""
    row = session.get(SelfInspectionCheck, check_id)
    if row is None or not ctx.may(READ) or not ctx.sees_unit(row.unit_id):
        return None
    day = (row.performed_on or row.planned_on).isoformat()
    return LinkedSummary(day, row.status, row.plan_item.title)


def made_from(ctx: Context, check_id: str) -> list[LinkedRecord]:
    """The records made from the check (its avvikelser), each with number and status only for
    those who may read it."""
    return [r for r in record_links.linked(ctx, RecordRef(KEY, check_id)) if not r.made_from]


# --- measures answering to a check ------------------------------------------------------------


@dataclass(frozen=True)
class MeasureLine:
    id: str
    title: str
    status: str


def measures_for(ctx: Context, check_id: str) -> list[MeasureLine]:
    """The measures that answer to the check, for those who may read measures."""
    with ctx.reading() as session:
        row = _load_check(session, ctx, check_id)
        if not ctx.may(MEASURE_READ):
            return []
        found = session.execute(
            select(Measure.id, Measure.title, Measure.status)
            .join(MeasureLink, MeasureLink.measure_id == Measure.id)
            .where(
                MeasureLink.kind == SELF_INSPECTION_LINK,
                MeasureLink.target_id == row.id,
                Measure.archived_at.is_(None),
            )
            .order_by(Measure.created_at, Measure.id)
        ).all()
    return [MeasureLine(mid, title, status) for mid, title, status in found]


def measure_prefill(view: CheckView) -> MeasureInput:
    """A new measure answering to the check, its shortcomings as the description."""
    found = "\n".join(f"• {f.quote}" for f in view.findings if f.assessment.is_shortcoming)
    return MeasureInput(
        title=f"Åtgärda brister: {view.title}"[:200],
        unit_id=view.unit_id,
        description=found or None,
        links=[LinkRef(SELF_INSPECTION_LINK, view.id)],
    )


# --- what the shared code asks of the kind --------------------------------------------------------


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a measure says it answers to: a performed check."""
    row = session.get(SelfInspectionCheck, target_id)
    if kind != SELF_INSPECTION_LINK or row is None:
        return None
    when = (row.performed_on or row.planned_on).isoformat()
    return LinkView(kind, target_id, f"Egenkontroll {when}: ”{row.plan_item.title}”", row.id)


def record_title(session: Session, check_id: str) -> str | None:
    row = session.get(SelfInspectionCheck, check_id)
    return row.plan_item.title if row is not None else None


def history_records(ctx: Context, session: Session, check_id: str) -> list[str]:
    """The check, its plan item and its answers, for the history."""
    row = _load_check(session, ctx, check_id)
    answers = session.scalars(
        select(FormRecord.id).where(
            FormRecord.owner_kind == ANSWERS_OWNER, FormRecord.owner_id == row.id
        )
    )
    return [row.id, row.plan_item_id, *answers.all()]
