"""Lex Sarah: from a staff report through receipt, investigation and assessment to the
notification to IVO and the closing decision (SOSFS 2011:5).

A case is visible only to users with the lex Sarah role (and administrators) and to the
investigator appointed to it; a reporter sees only the status of their own reports. This is
enforced here, and every opening of a case is written to the audit log.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.errors import (
    Collector,
    FieldError,
    NotFound,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.forms import (
    INDIVIDUAL_SPECIAL,
    FormAnswers,
    FormDef,
    individual_answers,
    is_empty,
    validate_answers,
)
from kvalitet_desktop.domain.linked_records import LinkedSummary, RecordRef
from kvalitet_desktop.domain.roles import Action
from kvalitet_desktop.domain.text_rules import TextKind, clean_input, clean_text, known_id
from kvalitet_desktop.services import forms, individuals, organisation, record_links
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_rules, write_setting
from kvalitet_desktop.services.todo import TodoItem
from kvalitet_desktop.store.audit import ACTOR_ID, ACTOR_LOGIN, record_access
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import AuditEntry, FormRecord, Unit, User
from kvalitet_desktop.workflows.followups.service import PlanInput, add_planned_in, validate_plan
from kvalitet_desktop.workflows.lexsarah.domain import (
    CAUSE_LINK,
    FIELD_LIMITS,
    NOTIFICATION_WHAT,
    NOTIFIED_WHAT,
    RECEIPT_WHAT,
    RECEIVED_WHAT,
    REPORT_WHAT,
    SENT_WHAT,
    START_WHAT,
    CaseAction,
    CaseStatus,
    CaseType,
    ClosingKind,
    DeadlineRules,
    IvoChannel,
    PlainCaseFacts,
    ReportForm,
    Seriousness,
    check_transition,
    date_problem,
    deadlines,
    identifying_problem,
    is_serious_case,
)
from kvalitet_desktop.workflows.lexsarah.kind import (
    ASSESS,
    CLOSE,
    FILE,
    INVESTIGATE,
    KEY,
    NOTIFY,
    READ,
    RECEIVE,
)
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase, LexSarahCause
from kvalitet_desktop.workflows.measures.kind import CREATE as MEASURE_CREATE
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.measures.service import (
    LinkRef,
    LinkView,
    MeasureInput,
    create_measure_in,
)

DEADLINES = "lex_sarah_deadlines"
CLOSED_LOCKED = (
    "Ärendet är avslutat och låst. Välj ”Ändra med motivering” för att öppna det för ändring."
)
# Field ids of lex_sarah_utredning the workflow reads.
CAUSES_FIELD = "orsaker"
SERIOUSNESS_FIELD = "bedomning"
CLOSING_FIELDS = ("avslut_form", "avslut_text", "avslut_av", "avslut_av_befattning", "avslut_datum")


# --- inputs and views ------------------------------------------------------------------------


@dataclass
class ReportInput:
    """A rapport: a short title and the answers of the form ``lex_sarah_rapport``.

    ``own_report`` is False when someone registers an oral report on another person's behalf
    (the reporter named in the form is then that person; ``reporter_user_id`` links the
    report to them when they are a user, so it is in their "Mina rapporter").

    ``source`` is the record of another kind the report was made from ("Gör lex
    Sarah-rapport" on an avvikelse): the case is linked to it."""

    title: str
    answers: FormAnswers
    own_report: bool = True
    reporter_user_id: str | None = None
    source: RecordRef | None = None


@dataclass
class ReceiptInput:
    received_at: datetime | None
    individual_protected: bool | None
    protection_note: str | None
    investigator_id: str | None
    first_assessment_serious: bool | None = None
    first_assessment_note: str | None = None


@dataclass(frozen=True)
class CauseView:
    id: str
    description: str
    level: CauseLevel
    area: str | None
    measure_ids: tuple[str, ...]


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    title: str
    unit_id: str
    unit_name: str
    status: CaseStatus
    case_type: CaseType
    category: str
    reporter_name: str
    reporter_role: str | None
    reported_at: datetime
    registered_by: str | None
    received_by: str | None
    received_at: datetime | None
    individual_protected: bool | None
    protection_note: str | None
    investigator_id: str | None
    investigator_name: str | None
    first_assessment_serious: bool | None
    first_assessment_note: str | None
    start_due: date | None
    finish_due: date | None
    investigation_started_on: date | None
    investigation_finished_on: date | None
    seriousness: Seriousness | None
    seriousness_motivation: str | None
    ivo_notified_on: date | None
    ivo_channel: IvoChannel | None
    ivo_reference: str | None
    investigation_attached: bool | None
    ivo_investigation_due: date | None
    investigation_sent_to_ivo_on: date | None
    closed_on: date | None
    closing_kind: ClosingKind | None
    closing_text: str | None
    closed_by: str | None
    apt_summary: str | None
    apt_questions: tuple[str, ...]
    causes: tuple[CauseView, ...]
    archived: bool

    @property
    def may_notify_ivo(self) -> bool:
        return is_serious_case(self.first_assessment_serious, self.seriousness)


@dataclass(frozen=True)
class PreventiveSaved:
    measure_id: str
    case: CaseView


@dataclass(frozen=True)
class OwnReport:
    """What a reporter may see of their own report: that it arrived and where it stands."""

    number: str
    title: str
    reported_at: datetime
    status: CaseStatus
    id: str


# --- permissions -----------------------------------------------------------------------------


# What the investigator appointed to a case may do with it whatever their role: they need to.
APPOINTED_INVESTIGATOR_MAY = frozenset({READ.key, INVESTIGATE.key, ASSESS.key})
NEED_TO_KNOW = (
    "Lex Sarah-ärenden kan bara öppnas av lex Sarah-ansvariga, den utsedda utredaren "
    "och administratörer."
)


def may_handle(ctx: Context) -> bool:
    """Whether the table lets the actor work with the cases (of the units they see)."""
    return ctx.may(READ)


def _appointed(ctx: Context, case: LexSarahCase) -> bool:
    return case.investigator_id is not None and case.investigator_id == ctx.actor.id


def _may(ctx: Context, case: LexSarahCase, action: Action) -> bool:
    if _appointed(ctx, case) and action.key in APPOINTED_INVESTIGATOR_MAY:
        return True
    return ctx.may(action) and ctx.sees_unit(case.unit_id)


def _open(
    session: Session, ctx: Context, case_id: str, action: Action = READ, *, log: bool = False
) -> LexSarahCase:
    """The case, if the actor may do ``action`` with it; a refusal is logged."""
    case = session.get(LexSarahCase, known_id(case_id, "Lex Sarah-ärendet finns inte."))
    if case is None:
        raise NotFound("Lex Sarah-ärendet finns inte.")
    _check(ctx, case, action)
    if log:
        record_access(session, LexSarahCase.__tablename__, case.id)
    return case


def _check(ctx: Context, case: LexSarahCase, action: Action) -> None:
    if _may(ctx, case, action):
        return
    entity, entity_id = LexSarahCase.__tablename__, case.id
    if ctx.may(action):  # by the table, but the case is of a unit the actor does not see
        ctx.require(action, case.unit_id, entity=entity, entity_id=entity_id)
    # Whoever may not even read the case learns only who may.
    message = action.refusal if _may(ctx, case, READ) else NEED_TO_KNOW
    ctx.refuse(message, action, entity=entity, entity_id=entity_id)


def visible_cases(ctx: Context) -> ColumnElement[bool]:
    """Which cases the actor may see in lists: those of their units if the table lets them
    read cases, and those they are appointed to investigate."""
    own = LexSarahCase.investigator_id == ctx.actor.id
    if not may_handle(ctx):
        return own
    units = ctx.visible_units()
    return true() if units is None else or_(LexSarahCase.unit_id.in_(units), own)


def open_for_history(ctx: Context, session: Session, case_id: str) -> None:
    """The access check for reading a case's history; the reading itself is logged."""
    _open(session, ctx, case_id)
    with ctx.unit_of_work() as uow:
        record_access(uow.session, LexSarahCase.__tablename__, case_id)


# --- settings --------------------------------------------------------------------------------


def deadline_rules(ctx: Context) -> DeadlineRules:
    with ctx.reading() as session:
        return _deadline_rules_in(session)


def _deadline_rules_in(session: Session) -> DeadlineRules:
    return read_rules(session, DEADLINES, DeadlineRules.from_dict, DeadlineRules())


def set_deadline_rules(ctx: Context, rules: DeadlineRules) -> None:
    write_setting(ctx, DEADLINES, rules.to_dict())


# --- the workflow ----------------------------------------------------------------------------


def _catalog_in(session: Session) -> forms.FormCatalog:
    """The form catalog, read in the caller's session (forms.catalog opens its own)."""
    return forms.cached_definitions(forms.definition_folders(forms.forms_folder_in(session)))


def _validate_form(
    form: FormDef, answers: FormAnswers, lists: dict[str, list[str]], *, complete: bool
) -> list[FieldError]:
    return validate_answers(form, answers, lists, require_complete=complete)


def _text(answers: FormAnswers, key: str) -> str:
    value = answers.values.get(key)
    if isinstance(value, dict):
        value = value.get("svar")
    return str(value).strip() if value is not None else ""


def _date(answers: FormAnswers, key: str) -> date | None:
    text = _text(answers, key)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def file_report(ctx: Context, data: ReportInput) -> OwnReport:
    """A rapport; any user may file one, also on behalf of someone who reported orally. The
    case's unit, type, category and reporter are read from the form, its one source.

    Returns what the reporter may see of the case they filed (the rest is protected)."""
    ctx.require(FILE)
    data = clean_input(data, FIELD_LIMITS)
    answers = data.answers
    passed_on: list[str | None] = []
    if data.source is not None:
        # It exists and the actor may read it; the codes it names were accepted there.
        facts = record_links.source_facts(ctx, data.source)
        passed_on = [facts.individual, *facts.individuals]
    with ctx.unit_of_work() as uow:
        session = uow.session
        form = _catalog_in(session).get(ReportForm.REPORT.value)
        errors = Collector()
        errors.require("title", data.title, "Skriv en kort rubrik för rapporten.")
        errors.errors += _validate_form(
            form, answers, forms.editable_lists_in(session), complete=True
        )
        if not errors.errors:
            errors.errors += _code_problems(
                session, form, answers, _text(answers, "enhet"), passed_on
            )
        errors.raise_if_any()
        unit_id = _text(answers, "enhet")
        if session.get(Unit, unit_id) is None:
            raise NotFound("Enheten finns inte.")
        reporter_id = ctx.actor.id if data.own_report else data.reporter_user_id
        if reporter_id and session.get(User, reporter_id) is None:
            raise NotFound("Rapportören finns inte bland användarna.")
        reported_at = datetime.now()
        case = LexSarahCase(
            number=_next_number(session, reported_at.year),
            title=data.title.strip(),
            unit_id=unit_id,
            status=CaseStatus.REPORTED.value,
            case_type=CaseType(_text(answers, "typ")).value,
            category=_text(answers, "kategori"),
            reporter_name=_text(answers, "rapportor_namn"),
            reporter_role=_text(answers, "rapportor_befattning") or None,
            reporter_user_id=reporter_id,
            registered_by_id=ctx.actor.id,
            reported_at=reported_at,
        )
        session.add(case)
        session.flush()
        forms.save_answers(session, ReportForm.REPORT.value, case.id, form, answers)
        if data.source is not None:
            record_links.link_in(session, data.source, RecordRef(KEY, case.id))
        session.flush()
        return _own(case)


def _code_problems(
    session: Session,
    form: FormDef,
    answers: FormAnswers,
    unit_id: str | None,
    accepted: Iterable[str | None] | Callable[[], Iterable[str | None]],
) -> list[FieldError]:
    """The codes of the form's "individual" fields that are not in the unit's register (nor
    held by the case, nor passed on by its source), at their fields. ``accepted`` may be a
    function: what the case holds is then read only when the form names someone."""
    named = [(key, code) for key, code in individual_answers(form, answers) if code]
    if not named:
        return []
    kept = list(accepted() if callable(accepted) else accepted)
    errors: list[FieldError] = []
    for key, code in named:
        errors += individuals.code_errors(
            session, key, [code], unit_id or None, accepted=kept, specials=INDIVIDUAL_SPECIAL
        )
    return errors


def _held_codes(session: Session, case: LexSarahCase) -> list[str | None]:
    """The codes the case's saved forms already hold."""
    catalog = _catalog_in(session)
    held: list[str | None] = []
    for form_id in ReportForm:
        loaded = forms.load_answers(session, catalog, form_id.value, case.id)
        if loaded is not None:
            held += [code for _, code in individual_answers(*loaded)]
    return held


def _next_number(session: Session, year: int) -> str:
    prefix = f"LS-{year}-"
    last = session.scalar(
        select(func.max(LexSarahCase.number)).where(LexSarahCase.number.like(prefix + "%"))
    )
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def receive(ctx: Context, case_id: str, data: ReceiptInput) -> CaseView:
    """Mottagande: receipt confirmed, the individual protected, the investigator appointed."""
    ctx.require(RECEIVE)
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("received_at", data.received_at, "Ange när rapporten togs emot.")
    if data.individual_protected is None:
        errors.add("individual_protected", "Ange om den enskilde är skyddad.")
    if data.individual_protected is False and not (data.protection_note or "").strip():
        errors.add(
            "protection_note", "Beskriv varför och vad som görs för att skydda den enskilde."
        )
    errors.require("investigator_id", data.investigator_id, "Utse en utredare.")
    errors.raise_if_any()
    assert data.received_at is not None
    with ctx.unit_of_work() as uow:
        case = _open(uow.session, ctx, case_id, RECEIVE)
        new_status = check_transition(CaseStatus(case.status), CaseAction.RECEIVE)
        received = data.received_at.date()
        problem = date_problem(
            RECEIPT_WHAT, received, date.today(), (REPORT_WHAT, _reported_on(uow.session, case))
        )
        if problem:
            raise ValidationFailed([FieldError("received_at", problem)])
        rules = _deadline_rules_in(uow.session)
        if uow.session.get(User, data.investigator_id) is None:
            raise NotFound("Utredaren finns inte.")
        case.received_by_id = ctx.actor.id
        case.received_at = data.received_at
        case.individual_protected = data.individual_protected
        case.protection_note = (data.protection_note or "").strip() or None
        case.investigator_id = data.investigator_id
        case.first_assessment_serious = data.first_assessment_serious
        case.first_assessment_note = (data.first_assessment_note or "").strip() or None
        case.start_due = rules.start_due(received)
        case.finish_due = rules.finish_due(received)
        case.status = new_status.value
        return _view(uow.session, case)


def _reported_on(session: Session, case: LexSarahCase) -> date:
    """The day the report was made: its registration, or the earlier receipt of an oral
    report that the form records."""
    loaded = forms.load_answers(session, _catalog_in(session), ReportForm.REPORT.value, case.id)
    told = _date(loaded[1], "mottagen_tid") if loaded else None
    registered = case.reported_at.date()
    return min(told, registered) if told else registered


def _received_on(case: LexSarahCase) -> tuple[str, date] | None:
    return (RECEIVED_WHAT, case.received_at.date()) if case.received_at else None


def save_investigation(
    ctx: Context, case_id: str, answers: FormAnswers, *, complete: bool = False
) -> CaseView:
    """Save the utredning (a draft unless ``complete``); the causes are kept as records so
    preventive measures can be tied to them. Rows of the answers get their keys in place."""
    with ctx.unit_of_work() as uow:
        session = uow.session
        case = _open(session, ctx, case_id, INVESTIGATE)
        new_status = check_transition(CaseStatus(case.status), CaseAction.INVESTIGATE)
        seriousness = _text(answers, SERIOUSNESS_FIELD)
        motivation = _text(answers, "bedomning_motivering") or None
        if (seriousness or None, motivation) != (case.seriousness, case.seriousness_motivation):
            _check(ctx, case, ASSESS)  # the assessment is a step of its own in the table
        catalog = _catalog_in(session)
        loaded = forms.load_answers(session, catalog, ReportForm.INVESTIGATION.value, case.id)
        form = loaded[0] if loaded else catalog.get(ReportForm.INVESTIGATION.value)
        lists = forms.editable_lists_in(session)
        problems = _validate_form(form, answers, lists, complete=complete)
        problems += _code_problems(
            session, form, answers, case.unit_id, lambda: _held_codes(session, case)
        )
        changed = loaded is None or loaded[1].to_json() != answers.to_json()
        started = _date(answers, "paborjad")
        problem = (
            date_problem(START_WHAT, started, date.today(), _received_on(case)) if started else None
        )
        if problem and not any(p.field == "paborjad" for p in problems):
            problems.append(FieldError("paborjad", problem))
        if problems:
            raise ValidationFailed(problems)
        forms.save_answers(session, ReportForm.INVESTIGATION.value, case.id, form, answers)
        _sync_causes(session, case, answers)
        case.seriousness = Seriousness(seriousness).value if seriousness else None
        case.seriousness_motivation = motivation
        case.investigation_started_on = started  # the form's date is the fact
        if complete:
            # Marked finished again without changes keeps the day it was first finished.
            if changed or case.investigation_finished_on is None:
                case.investigation_finished_on = date.today()
        elif changed:
            case.investigation_finished_on = None  # changed as a draft: no longer finished
        case.status = new_status.value
        return _view(session, case)


def _sync_causes(session: Session, case: LexSarahCase, answers: FormAnswers) -> None:
    rows = answers.values.get(CAUSES_FIELD) or []
    existing = {c.id: c for c in case.causes if c.archived_at is None}
    kept: set[str] = set()
    for position, row in enumerate(rows if isinstance(rows, list) else []):
        description = str(row.get("beskrivning") or "").strip()
        if not description:
            continue
        key = str(row.get("_key") or "")
        level = str(row.get("niva") or CauseLevel.ACTIVITY.value)
        area = str(row.get("omrade") or "") or None
        cause = existing.get(key)
        if cause is None:
            cause = LexSarahCause(case_id=case.id, description=description, level=level)
            if key:
                cause.id = key
            case.causes.append(cause)  # so the view of this save sees it
        for attr, value in (
            ("position", position),
            ("description", description),
            ("level", level),
            ("area", area),
        ):
            if getattr(cause, attr) != value:
                setattr(cause, attr, value)
        kept.add(cause.id)
    for cause_id, cause in existing.items():
        if cause_id not in kept:
            linked = session.scalar(
                select(MeasureLink.id).where(
                    MeasureLink.kind == CAUSE_LINK,
                    MeasureLink.target_id == cause_id,
                )
            )
            if linked:
                raise RuleViolation(
                    f"Orsaken ”{cause.description}” har åtgärder kopplade till sig och kan inte "
                    "tas bort. Ändra den i stället, eller koppla åtgärderna till en annan orsak."
                )
            cause.archived_at = utcnow()
            cause.archive_reason = "Borttagen ur utredningen"


def add_preventive_measure(
    ctx: Context, case_id: str, measure: MeasureInput, cause_ids: list[str], plan: PlanInput
) -> PreventiveSaved:
    """A measure against recurrence: tied to at least one cause, with a planned follow-up."""
    errors = Collector()
    if not cause_ids:
        errors.add("cause_ids", "En förebyggande åtgärd måste kopplas till minst en orsak.")
    try:
        validate_plan(plan)
    except ValidationFailed as exc:
        errors.errors += [FieldError(f"plan.{e.field}", e.message) for e in exc.errors]
    errors.raise_if_any()
    assert plan.planned_on is not None
    ctx.require(MEASURE_CREATE)
    with ctx.unit_of_work() as uow:
        session = uow.session
        case = _open(session, ctx, case_id, INVESTIGATE)
        if CaseStatus(case.status) is CaseStatus.CLOSED:
            raise RuleViolation(CLOSED_LOCKED)
        live = {c.id for c in case.causes if c.archived_at is None}
        unknown = [c for c in cause_ids if c not in live]
        if unknown:
            raise NotFound("Orsaken finns inte i det här ärendet.")
        measure.unit_id = measure.unit_id or case.unit_id
        measure.links = [LinkRef(CAUSE_LINK, c) for c in cause_ids]
        row = create_measure_in(session, ctx, measure)
        add_planned_in(session, row, plan)
        return PreventiveSaved(row.id, _view(session, case))


def notify_ivo(ctx: Context, case_id: str, answers: FormAnswers) -> CaseView:
    """Record the notification made in IVO's e-tjänst or by post (the program never sends
    anything itself). Date, channel, attachment and IVO's reference come from the form."""
    ctx.require(NOTIFY)
    with ctx.unit_of_work() as uow:
        session = uow.session
        form = _catalog_in(session).get(ReportForm.NOTIFICATION.value)
        lists = forms.editable_lists_in(session)
        problems = _validate_form(form, answers, lists, complete=True)
        if problems:
            raise ValidationFailed(problems)
        notified_on = _date(answers, "anmald_datum")
        assert notified_on is not None
        attached = _text(answers, "utredning_bifogas") == "ja"
        case = _open(session, ctx, case_id, NOTIFY)
        if not is_serious_case(case.first_assessment_serious, _seriousness(case)):
            raise RuleViolation(
                "Bara allvarliga missförhållanden och påtagliga risker för allvarliga "
                "missförhållanden anmäls till IVO. Bedöm ärendet först."
            )
        if case.ivo_notified_on is not None:
            raise RuleViolation("Ärendet är redan anmält till IVO.")
        check_transition(CaseStatus(case.status), CaseAction.NOTIFY_IVO)
        problem = date_problem(NOTIFIED_WHAT, notified_on, date.today(), _received_on(case))
        if problem:
            raise ValidationFailed([FieldError("anmald_datum", problem)])
        rules = _deadline_rules_in(session)
        case.ivo_notified_on = notified_on
        case.ivo_channel = IvoChannel(_text(answers, "satt")).value
        case.ivo_reference = _text(answers, "ivo_diarienummer") or None
        case.investigation_attached = attached
        case.ivo_investigation_due = None if attached else rules.ivo_investigation_due(notified_on)
        if attached:
            case.investigation_sent_to_ivo_on = notified_on
            case.investigation_finished_on = _earliest(case.investigation_finished_on, notified_on)
        forms.save_answers(session, ReportForm.NOTIFICATION.value, case.id, form, answers)
        return _view(session, case)


def _earliest(day: date | None, other: date) -> date:
    return other if day is None else min(day, other)


def _seriousness(case: LexSarahCase) -> Seriousness | None:
    return Seriousness(case.seriousness) if case.seriousness else None


def record_investigation_sent(ctx: Context, case_id: str, sent_on: date) -> CaseView:
    ctx.require(NOTIFY)
    with ctx.unit_of_work() as uow:
        case = _open(uow.session, ctx, case_id, NOTIFY)
        if case.ivo_notified_on is None:
            raise RuleViolation("Ärendet är inte anmält till IVO.")
        check_transition(CaseStatus(case.status), CaseAction.SEND_INVESTIGATION)
        problem = date_problem(
            SENT_WHAT, sent_on, date.today(), (NOTIFICATION_WHAT, case.ivo_notified_on)
        )
        if problem:
            raise ValidationFailed([FieldError("sent_on", problem)])
        case.investigation_sent_to_ivo_on = sent_on
        # Sent as finished: it was finished that day at the latest.
        case.investigation_finished_on = _earliest(case.investigation_finished_on, sent_on)
        return _view(uow.session, case)


def close(ctx: Context, case_id: str) -> CaseView:
    """Close the case with the beslut or ställningstagande written in the investigation.

    A case assessed as not a missförhållande may close on a documented ställningstagande with
    only the assessment and the closing filled in; every other case needs the whole
    investigation, at least one cause, and — when serious — the notification to IVO with the
    investigation sent."""
    ctx.require(CLOSE)
    with ctx.unit_of_work() as uow:
        session = uow.session
        case = _open(session, ctx, case_id, CLOSE)
        new_status = check_transition(CaseStatus(case.status), CaseAction.CLOSE)
        catalog = _catalog_in(session)
        lists = forms.editable_lists_in(session)
        loaded = forms.load_answers(session, catalog, ReportForm.INVESTIGATION.value, case.id)
        if loaded is None:
            raise RuleViolation("Dokumentera bedömningen och beslutet i utredningen först.")
        form, answers = loaded
        seriousness_text = _text(answers, SERIOUSNESS_FIELD)
        if not seriousness_text:
            raise ValidationFailed(
                [FieldError(SERIOUSNESS_FIELD, "Bedöm ärendet innan det avslutas.")]
            )
        seriousness = Seriousness(seriousness_text)
        if seriousness is Seriousness.NONE:
            keys = {SERIOUSNESS_FIELD, "bedomning_motivering", *CLOSING_FIELDS}
            problems = [
                e
                for e in _validate_form(form, answers, lists, complete=True)
                if e.field.split(".")[0] in keys
            ]
        else:
            problems = _validate_form(form, answers, lists, complete=True)
            if not [c for c in case.causes if c.archived_at is None]:
                problems.append(FieldError(CAUSES_FIELD, "Ange minst en orsak till det som hände."))
        if problems:
            raise ValidationFailed(problems)
        if seriousness.is_serious and case.ivo_notified_on is None:
            raise RuleViolation("Ett allvarligt ärende måste anmälas till IVO innan det avslutas.")
        if case.ivo_notified_on is not None and case.investigation_sent_to_ivo_on is None:
            raise RuleViolation(
                "Utredningen ska skickas till IVO när den är klar. Ange när den skickades "
                "innan ärendet avslutas."
            )
        case.seriousness = seriousness.value
        case.seriousness_motivation = _text(answers, "bedomning_motivering")
        case.closing_kind = ClosingKind(_text(answers, "avslut_form")).value
        case.closing_text = _text(answers, "avslut_text")
        case.closed_on = _date(answers, "avslut_datum")
        case.closed_by_id = _text(answers, "avslut_av") or ctx.actor.id
        # Closing ends the investigation with its decision.
        if case.investigation_finished_on is None:
            case.investigation_finished_on = case.closed_on or date.today()
        case.status = new_status.value
        return _view(session, case)


REOPEN_REASON = "reopen_reason"  # the audit log's field for why a closed case was changed


def reopen(ctx: Context, case_id: str, reason: str) -> CaseView:
    """ "Ändra med motivering": a closed case goes back to investigation so it can be changed
    and closed again. Who, when and why are written to the audit log with the change; the
    closing that is undone stays there too (as the values before)."""
    ctx.require(CLOSE)
    reason = clean_text("reason", reason, TextKind.MEDIUM)
    errors = Collector()
    errors.require("reason", reason, "Skriv varför det avslutade ärendet behöver ändras.")
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        session = uow.session
        case = _open(session, ctx, case_id, CLOSE)
        if case.archived_at is not None:
            raise RuleViolation("Ärendet är makulerat och kan inte ändras.")
        new_status = check_transition(CaseStatus(case.status), CaseAction.REOPEN)
        case.status = new_status.value
        case.closed_on = None
        case.closing_kind = None
        case.closing_text = None
        case.closed_by_id = None
        case.investigation_finished_on = None  # the investigation is open for changes again
        session.add(
            AuditEntry(
                at=utcnow(),
                user_id=session.info.get(ACTOR_ID),
                user_login=session.info.get(ACTOR_LOGIN, "system"),
                action="update",
                entity=LexSarahCase.__tablename__,
                entity_id=case.id,
                changes=json.dumps({REOPEN_REASON: [None, reason.strip()]}, ensure_ascii=False),
            )
        )
        return _view(session, case)


def set_learning_material(
    ctx: Context, case_id: str, summary: str, questions: list[str]
) -> CaseView:
    """The anonymised APT summary of a closed case, written by the investigator. It must
    hold no names, codes or personnummer: it is read aloud at the staff meeting."""
    summary = clean_text("apt_summary", summary, TextKind.LONG)
    if not isinstance(questions, list | tuple):
        questions = [questions] if isinstance(questions, str) else []
    questions = [clean_text("apt_questions", q, TextKind.MEDIUM) for q in questions]
    errors = Collector()
    errors.require("apt_summary", summary, "Skriv en anonymiserad sammanfattning.")
    cleaned = [q.strip() for q in questions if q.strip()]
    if not cleaned:
        errors.add("apt_questions", "Välj eller skriv minst en diskussionsfråga.")
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        case = _open(uow.session, ctx, case_id, INVESTIGATE)
        check_transition(CaseStatus(case.status), CaseAction.WRITE_LEARNING)
        names, codes = _identifying_in(uow.session, case)
        found = Collector()
        for key, text in (("apt_summary", summary), ("apt_questions", "\n".join(cleaned))):
            problem = identifying_problem(text, names, codes)
            if problem:
                found.add(key, problem)
        found.raise_if_any()
        case.apt_summary = summary.strip()
        case.apt_questions = json.dumps(cleaned, ensure_ascii=False)
        return _view(uow.session, case)


def _identifying_in(session: Session, case: LexSarahCase) -> tuple[list[str], list[str]]:
    """What must not be in the anonymised material: the names of the users and of the
    case's reporters, and the individuals' codes written in the case's forms."""
    names = list(session.scalars(select(User.name)))
    codes: list[str] = []
    catalog = _catalog_in(session)
    for form in ReportForm:
        loaded = forms.load_answers(session, catalog, form.value, case.id)
        values = loaded[1] if loaded else FormAnswers()
        names.append(_text(values, "rapportor_namn"))
        code = _text(values, "enskild")
        if code and code.lower() not in INDIVIDUAL_SPECIAL:
            codes.append(code)
    names.append(case.reporter_name)
    return names, codes


# --- reading ---------------------------------------------------------------------------------


def get_case(ctx: Context, case_id: str) -> CaseView:
    """The whole case; the opening is logged."""
    with ctx.unit_of_work() as uow:
        case = _open(uow.session, ctx, case_id, log=True)
        return _view(uow.session, case)


def case_answers(ctx: Context, case_id: str, form_id: str) -> tuple[FormDef, FormAnswers]:
    """The form ``form_id`` of the case as it was filled in (with its own version), or the
    newest definition and empty answers when nothing is filled in yet."""
    catalog = forms.catalog(ctx)
    with ctx.reading() as session:
        _open(session, ctx, case_id)
        loaded = forms.load_answers(session, catalog, form_id, case_id)
    if loaded is not None:
        return loaded
    return catalog.get(form_id), FormAnswers()


def ivo_prefill(ctx: Context, case_id: str) -> FormAnswers:
    """What the program already knows for the notification to IVO: the municipality (with
    its postal address), the unit (with its board and address), the individual, the
    seriousness, the event and the measures. The user may change all of it."""
    municipality = organisation.municipality(ctx)
    catalog = forms.catalog(ctx)
    with ctx.reading() as session:
        case = _open(session, ctx, case_id)
        view = _view(session, case)
        report = forms.load_answers(session, catalog, ReportForm.REPORT.value, case_id)
        inv = forms.load_answers(session, catalog, ReportForm.INVESTIGATION.value, case_id)
        unit = case.unit
        board, address = unit.area.board.name, unit.address
        titles = _measure_titles(ctx, session, view)
    rep = report[1].values if report else {}
    inv_values = inv[1].values if inv else {}
    values: dict[str, Any] = {
        "kommun": municipality.name,
        "namnd": board,
        "organisationsnummer": municipality.org_number,
        "postadress": municipality.address,
        "enhet": view.unit_id,
        "lagrum": inv_values.get("lagrum"),
        "besoksadress": address,
        "verksamhetens_kommun": municipality.name.removesuffix(" kommun"),
        "kontakt_namn": ctx.actor.name,
        "kategori": view.seriousness.value
        if view.seriousness and view.seriousness.is_serious
        else None,
        "allvarlighet_motivering": _first(view.seriousness_motivation, view.first_assessment_note),
        "enskild": rep.get("enskild"),
        "beskrivning": _first(inv_values.get("handelse_beskrivning"), rep.get("beskrivning")),
        "intraffade": _first(inv_values.get("intraffade"), rep.get("intraffade")),
        "intraffade_beskrivning": _first(
            inv_values.get("intraffade_beskrivning"), rep.get("intraffade_beskrivning")
        ),
        "uppmarksammat": _first(inv_values.get("uppmarksammat_tid"), rep.get("uppmarksammat_tid")),
        "konsekvenser": _first(inv_values.get("konsekvenser"), rep.get("konsekvenser")),
        "vidtagna_atgarder": _measures_taken(rep, inv_values),
        "planerade_atgarder": "\n".join(titles) or None,
        "anmald_av": ctx.actor.id,
        "anmald_datum": date.today().isoformat(),
    }
    return FormAnswers({k: v for k, v in values.items() if not is_empty(v)})


def event_time_in_words(ctx: Context, case_id: str) -> str | None:
    """When it happened, as the investigation or else the report put it in words (the
    notification's "När inträffade det?" takes a date and time only)."""
    catalog = forms.catalog(ctx)
    with ctx.reading() as session:
        _open(session, ctx, case_id)
        found = [
            forms.load_answers(session, catalog, form.value, case_id)
            for form in (ReportForm.INVESTIGATION, ReportForm.REPORT)
        ]
    for loaded in found:
        words = _text(loaded[1], "intraffade_beskrivning") if loaded else ""
        if words:
            return words
    return None


def _first(*values: Any) -> Any:
    return next((v for v in values if not is_empty(v)), None)


def _measures_taken(report: dict[str, Any], investigation: dict[str, Any]) -> str | None:
    taken = [str(report.get("omedelbara_atgarder") or "").strip()]
    for row in investigation.get("avhjalpande") or []:
        if isinstance(row, dict) and str(row.get("atgard") or "").strip():
            dated = f" ({row['datum']})" if row.get("datum") else ""
            taken.append(f"{str(row['atgard']).strip()}{dated}")
    return "\n".join(t for t in taken if t) or None


def _measure_titles(ctx: Context, session: Session, view: CaseView) -> list[str]:
    """The titles of the preventive measures the actor may see, in the causes' order."""
    ids = list(dict.fromkeys(m for c in view.causes for m in c.measure_ids))
    query = select(Measure.id, Measure.title).where(Measure.id.in_(ids))
    visible = ctx.visible_units()
    if visible is not None:
        query = query.where(Measure.unit_id.in_(visible))
    found = {mid: title for mid, title in session.execute(query)} if ids else {}
    return list(dict.fromkeys(found[m] for m in ids if m in found))


def my_reports(ctx: Context) -> list[OwnReport]:
    with ctx.reading() as session:
        rows = session.scalars(
            select(LexSarahCase)
            .where(
                (LexSarahCase.reporter_user_id == ctx.actor.id)
                | (LexSarahCase.registered_by_id == ctx.actor.id)
            )
            .order_by(LexSarahCase.reported_at.desc())
        ).all()
        return [_own(r) for r in rows]


def _own(case: LexSarahCase) -> OwnReport:
    return OwnReport(case.number, case.title, case.reported_at, CaseStatus(case.status), case.id)


def _names(session: Session, *user_ids: str | None) -> dict[str, str]:
    """The names of the users, in one query."""
    wanted = {u for u in user_ids if u}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def _measures_by_cause(session: Session, cause_ids: list[str]) -> dict[str, list[str]]:
    """The measures linked to each cause, in one query."""
    found: dict[str, list[str]] = {c: [] for c in cause_ids}
    if cause_ids:
        rows = session.execute(
            select(MeasureLink.target_id, MeasureLink.measure_id)
            .where(MeasureLink.kind == CAUSE_LINK, MeasureLink.target_id.in_(cause_ids))
            .order_by(MeasureLink.id)
        )
        for cause_id, measure_id in rows:
            found[cause_id].append(measure_id)
    return found


def _view(session: Session, case: LexSarahCase) -> CaseView:
    live = sorted((c for c in case.causes if c.archived_at is None), key=lambda c: c.position)
    measures = _measures_by_cause(session, [c.id for c in live])
    causes = [
        CauseView(c.id, c.description, CauseLevel(c.level), c.area, tuple(measures[c.id]))
        for c in live
    ]
    names = _names(
        session,
        case.registered_by_id,
        case.received_by_id,
        case.investigator_id,
        case.closed_by_id,
    )
    return CaseView(
        id=case.id,
        number=case.number,
        title=case.title,
        unit_id=case.unit_id,
        unit_name=case.unit.name,
        status=CaseStatus(case.status),
        case_type=CaseType(case.case_type),
        category=case.category,
        reporter_name=case.reporter_name,
        reporter_role=case.reporter_role,
        reported_at=case.reported_at,
        registered_by=names.get(case.registered_by_id or ""),
        received_by=names.get(case.received_by_id or ""),
        received_at=case.received_at,
        individual_protected=case.individual_protected,
        protection_note=case.protection_note,
        investigator_id=case.investigator_id,
        investigator_name=names.get(case.investigator_id or ""),
        first_assessment_serious=case.first_assessment_serious,
        first_assessment_note=case.first_assessment_note,
        start_due=case.start_due,
        finish_due=case.finish_due,
        investigation_started_on=case.investigation_started_on,
        investigation_finished_on=case.investigation_finished_on,
        seriousness=_seriousness(case),
        seriousness_motivation=case.seriousness_motivation,
        ivo_notified_on=case.ivo_notified_on,
        ivo_channel=IvoChannel(case.ivo_channel) if case.ivo_channel else None,
        ivo_reference=case.ivo_reference,
        investigation_attached=case.investigation_attached,
        ivo_investigation_due=case.ivo_investigation_due,
        investigation_sent_to_ivo_on=case.investigation_sent_to_ivo_on,
        closed_on=case.closed_on,
        closing_kind=ClosingKind(case.closing_kind) if case.closing_kind else None,
        closing_text=case.closing_text,
        closed_by=names.get(case.closed_by_id or ""),
        apt_summary=case.apt_summary,
        apt_questions=tuple(json.loads(case.apt_questions or "[]")),
        causes=tuple(causes),
        archived=case.archived_at is not None,
    )


def due_items(ctx: Context, today: date, remind_until: date) -> list[TodoItem]:
    """Deadlines of the open cases the actor may see, most urgent first."""
    with ctx.reading() as session:
        query = (
            select(LexSarahCase, Unit.name)
            .join(Unit, Unit.id == LexSarahCase.unit_id)
            .where(
                LexSarahCase.archived_at.is_(None),
                LexSarahCase.status != CaseStatus.CLOSED.value,
            )
        )
        query = query.where(visible_cases(ctx))
        found: list[tuple[date, TodoItem]] = []
        for case, unit_name in session.execute(query):
            for deadline in deadlines(case_facts(case), today):
                due = deadline.due
                if deadline.done or due is None or due > remind_until:
                    continue
                item = TodoItem(
                    "lexsarah",
                    case.id,
                    f"{case.number} {case.title}",
                    unit_name,
                    due,
                    deadline.what,
                    overdue=deadline.late,
                )
                found.append((due, item))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def case_facts(case: LexSarahCase) -> PlainCaseFacts:
    """What the deadline rules need of a stored case."""
    return PlainCaseFacts(
        status=CaseStatus(case.status),
        reported_at=case.reported_at,
        start_due=case.start_due,
        finish_due=case.finish_due,
        investigation_started_on=case.investigation_started_on,
        seriousness=_seriousness(case),
        ivo_notified_on=case.ivo_notified_on,
        ivo_investigation_due=case.ivo_investigation_due,
        investigation_sent_to_ivo_on=case.investigation_sent_to_ivo_on,
        investigation_finished_on=case.investigation_finished_on,
    )


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a preventive measure says it answers to: only the case number and the level,
    since the cause's text belongs to the protected case."""
    cause = session.get(LexSarahCause, target_id)
    if kind != CAUSE_LINK or cause is None:
        return None
    try:
        level = CauseLevel(cause.level).level_text
    except ValueError:
        level = cause.level
    return LinkView(
        kind, target_id, f"Lex Sarah-ärende {cause.case.number}, orsak på {level}", cause.case_id
    )


def linked_summary(ctx: Context, session: Session, case_id: str) -> LinkedSummary | None:
    """A case seen through a link from another record: its number and status, and only for
    those who may read the case (the need-to-know rule holds through links too)."""
    case = session.get(LexSarahCase, case_id)
    if case is None or not _may(ctx, case, READ):
        return None
    return LinkedSummary(case.number, case.status)


def history_records(ctx: Context, session: Session, case_id: str) -> list[str]:
    """The case, its causes and its forms, for the history; reading it is logged."""
    open_for_history(ctx, session, case_id)
    causes = session.scalars(select(LexSarahCause.id).where(LexSarahCause.case_id == case_id))
    forms = session.scalars(select(FormRecord.id).where(FormRecord.owner_id == case_id))
    return [case_id, *causes.all(), *forms.all()]
