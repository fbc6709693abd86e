"""Uppföljningar: did the measure work, and what did the people concerned experience?"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import Collector, FieldError, NotFound
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.roles import Action
from kvalitet_desktop.domain.text_rules import (
    clean_input,
    known_id,
    order_problem,
    personal_number_warnings,
    refuse,
)
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.organisation import individual_code
from kvalitet_desktop.store.models import User
from kvalitet_desktop.workflows.followups.domain import (
    FIELD_LIMITS,
    FOLLOW_UP_LINK,
    Dimension,
    Effect,
    FollowUpAction,
    FollowUpStatus,
    GatheredBy,
    Outcome,
    check_follow_up_transition,
)
from kvalitet_desktop.workflows.followups.kind import CREATE, READ, UPDATE, VOID
from kvalitet_desktop.workflows.followups.models import ExperienceRating, FollowUp, FollowUpVoice
from kvalitet_desktop.workflows.measures.domain import FOLLOW_UP_BEFORE_START
from kvalitet_desktop.workflows.measures.kind import CREATE as MEASURE_CREATE
from kvalitet_desktop.workflows.measures.models import Measure
from kvalitet_desktop.workflows.measures.service import (
    LinkRef,
    LinkView,
    MeasureInput,
    create_measure_in,
    require_user,
)
from kvalitet_desktop.workflows.measures.service import (
    describe_link as describe_measure_link,
)


@dataclass
class PlanInput:
    planned_on: date | None
    method: str | None = None
    responsible_id: str | None = None


@dataclass
class RatingInput:
    rating: int | None = None
    comment: str | None = None


@dataclass
class VoiceInput:
    gathered_by: GatheredBy
    individual_code: str | None = None
    comment: str | None = None
    ratings: dict[Dimension, RatingInput] = field(default_factory=dict)


@dataclass
class ResultInput:
    performed_on: date | None
    result: str | None
    effect: Effect | None
    effect_comment: str | None = None
    voices: list[VoiceInput] = field(default_factory=list)
    outcome: Outcome | None = None
    new_measure: MeasureInput | None = None
    new_risk_title: str | None = None


@dataclass(frozen=True)
class VoiceView:
    individual_code: str | None
    gathered_by: GatheredBy
    comment: str | None
    ratings: dict[Dimension, RatingInput]


@dataclass(frozen=True)
class FollowUpView:
    id: str
    measure_id: str
    measure_title: str
    measure_description: str | None
    measure_status: str
    answers_to: tuple[str, ...]
    unit_id: str
    unit_name: str
    planned_on: date
    method: str | None
    responsible_id: str | None
    responsible_name: str | None
    status: FollowUpStatus
    performed_on: date | None
    result: str | None
    effect: Effect | None
    effect_comment: str | None
    outcome: Outcome | None
    outcome_record_id: str | None
    outcome_text: str | None
    voices: tuple[VoiceView, ...]
    archived: bool
    archive_reason: str | None = None
    # What looks like a personnummer in the texts just saved: shown at the fields.
    warnings: tuple[FieldError, ...] = ()


@dataclass(frozen=True)
class RecordedResult:
    """What ``record_result`` saved: the follow-up, and the record its outcome started."""

    view: FollowUpView
    new_record_id: str | None


def validate_plan(data: PlanInput) -> PlanInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("planned_on", data.planned_on, "Ange när uppföljningen ska göras.")
    errors.require("responsible_id", data.responsible_id, "Välj vem som gör uppföljningen.")
    errors.raise_if_any()
    return data


def validate_result(data: ResultInput) -> ResultInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("performed_on", data.performed_on, "Ange när uppföljningen gjordes.")
    if data.performed_on and data.performed_on > date.today():
        errors.add("performed_on", "En genomförd uppföljning kan inte ha ett datum i framtiden.")
    errors.require("result", data.result, "Beskriv resultatet av uppföljningen.")
    errors.require("effect", data.effect, "Ange om åtgärden fick avsedd effekt.")
    errors.require("outcome", data.outcome, "Välj hur uppföljningen avslutas.")
    for i, voice in enumerate(data.voices):
        for dimension, rating in voice.ratings.items():
            if rating.rating is not None and rating.rating not in range(1, 6):
                errors.add(
                    f"voices.{i}.{dimension.value}", f"Svaret om {dimension.value} ska vara 1–5."
                )
    if data.outcome is Outcome.NEW_MEASURE and data.new_measure is None:
        errors.add("new_measure", "Beskriv den nya åtgärden.")
    if data.outcome is Outcome.NEW_RISK_ANALYSIS and not (data.new_risk_title or "").strip():
        errors.add("new_risk_title", "Ange en rubrik för den nya riskanalysen.")
    errors.raise_if_any()
    return data


def _load(session: Session, ctx: Context, follow_up_id: str, action: Action = READ) -> FollowUp:
    """The follow-up, if the actor may do ``action`` with it (in its unit)."""
    row = session.get(FollowUp, known_id(follow_up_id, "Uppföljningen finns inte."))
    if row is None:
        raise NotFound("Uppföljningen finns inte.")
    ctx.require(action, row.unit_id, entity=FollowUp.__tablename__, entity_id=row.id)
    return row


def _check(row: FollowUp, action: FollowUpAction) -> FollowUpStatus:
    return check_follow_up_transition(
        FollowUpStatus(row.status),
        action,
        archived=row.archived_at is not None,
        has_outcome_record=row.outcome_record_id is not None,
    )


def _not_before_start(measure: Measure, field: str, day: date | None) -> None:
    """A follow-up of a measure lies on or after the measure's start (when it is known)."""
    refuse(field, order_problem(measure.start_on, day, FOLLOW_UP_BEFORE_START))


def add_planned_in(session: Session, measure: Measure, data: PlanInput) -> FollowUp:
    """A planned follow-up of ``measure`` added in the caller's unit of work (also by the
    kinds that save a measure and its follow-up in one step); ``data`` is already checked."""
    assert data.planned_on is not None
    row = FollowUp(
        measure_id=measure.id,
        unit_id=measure.unit_id,
        planned_on=data.planned_on,
        method=(data.method or "").strip() or None,
        responsible_id=data.responsible_id,
        status=FollowUpStatus.PLANNED.value,
    )
    session.add(row)
    session.flush()
    return row


def plan_follow_up(ctx: Context, measure_id: str, data: PlanInput) -> FollowUpView:
    """Plan a follow-up of a measure; returns it as saved."""
    ctx.require(CREATE)
    data = validate_plan(data)
    assert data.planned_on is not None
    with ctx.unit_of_work() as uow:
        session = uow.session
        measure = session.get(Measure, known_id(measure_id, "Åtgärden finns inte."))
        if measure is None or measure.archived_at is not None:
            raise NotFound("Åtgärden finns inte.")
        ctx.require(CREATE, measure.unit_id, entity=Measure.__tablename__, entity_id=measure.id)
        require_user(session, "responsible_id", data.responsible_id)
        _not_before_start(measure, "planned_on", data.planned_on)
        row = add_planned_in(session, measure, data)
        view = follow_up_view(session, ctx, row.id)
        return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


def update_plan(ctx: Context, follow_up_id: str, data: PlanInput) -> FollowUpView:
    ctx.require(UPDATE)
    data = validate_plan(data)
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, follow_up_id, UPDATE)
        _check(row, FollowUpAction.UPDATE_PLAN)
        require_user(uow.session, "responsible_id", data.responsible_id)
        _not_before_start(row.measure, "planned_on", data.planned_on)
        for key, value in (
            ("planned_on", data.planned_on),
            ("method", (data.method or "").strip() or None),
            ("responsible_id", data.responsible_id),
        ):
            if getattr(row, key) != value:
                setattr(row, key, value)
        uow.session.flush()
        view = follow_up_view(uow.session, ctx, row.id)
        return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


# The record kind (registry key) an outcome "ny riskanalys" starts.
RISK_ANALYSIS_KIND = "riskanalys"


def _start_risk_analysis() -> Action:
    """What starting that kind's record needs (its own ``create_action``, in the table)."""
    action = registry.kind(RISK_ANALYSIS_KIND).create_action
    assert action is not None, "the risk analysis kind names what creating one needs"
    return action


def record_result(ctx: Context, follow_up_id: str, data: ResultInput) -> RecordedResult:
    """Document the follow-up. With outcome "ny åtgärd" or "ny riskanalys" the new record is
    created and linked in the same step; the follow-up as saved and that record's id are
    returned."""
    ctx.require(UPDATE)
    data = validate_result(data)
    if data.outcome is Outcome.NEW_MEASURE:
        ctx.require(MEASURE_CREATE)
    elif data.outcome is Outcome.NEW_RISK_ANALYSIS:
        ctx.require(_start_risk_analysis())
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, follow_up_id, UPDATE)
        new_status = _check(row, FollowUpAction.RECORD_RESULT)
        _not_before_start(row.measure, "performed_on", data.performed_on)
        assert data.effect is not None and data.outcome is not None
        row.performed_on = data.performed_on
        row.result = (data.result or "").strip()
        row.effect = data.effect.value
        row.effect_comment = (data.effect_comment or "").strip() or None
        row.outcome = data.outcome.value
        row.status = new_status.value
        held = [individual_code(session, v.individual_id) for v in row.voices]
        for old_voice in list(row.voices):
            row.voices.remove(old_voice)
        session.flush()
        for position, voice in enumerate(data.voices):
            individual = None
            if voice.individual_code and voice.individual_code.strip():
                individual = individuals.resolve_code(
                    session,
                    f"voices.{position}.individual_code",
                    voice.individual_code,
                    row.unit_id,
                    accepted=held,
                )
            voice_row = FollowUpVoice(
                position=position,
                individual_id=individual,
                gathered_by=voice.gathered_by.value,
                comment=(voice.comment or "").strip() or None,
            )
            row.voices.append(voice_row)
            for dimension in Dimension:
                given = voice.ratings.get(dimension, RatingInput())
                voice_row.ratings.append(
                    ExperienceRating(
                        dimension=dimension.value,
                        rating=given.rating,
                        comment=(given.comment or "").strip() or None,
                    )
                )
        session.flush()
        new_id: str | None = None
        if data.outcome is Outcome.NEW_MEASURE and data.new_measure is not None:
            new_measure = data.new_measure
            new_measure.links = [*new_measure.links, LinkRef(FOLLOW_UP_LINK, row.id)]
            new_id = create_measure_in(session, ctx, new_measure).id
        elif data.outcome is Outcome.NEW_RISK_ANALYSIS:
            ctx.require(_start_risk_analysis(), row.unit_id)
            start = registry.kind(RISK_ANALYSIS_KIND).start_draft
            assert start is not None, "the risk analysis kind starts drafts"
            new_id = load(start)(
                session,
                row.unit_id,
                (data.new_risk_title or "").strip(),
                f"Uppföljning {row.planned_on.isoformat()} av åtgärden ”{row.measure.title}”",
            )
        row.outcome_record_id = new_id
        session.flush()
        view = follow_up_view(session, ctx, row.id)
        warnings = personal_number_warnings(data, FIELD_LIMITS)
        return RecordedResult(replace(view, warnings=warnings), new_id)


def archive_follow_up(ctx: Context, follow_up_id: str, reason: str) -> FollowUpView:
    ctx.require(VOID)
    require_reason(reason, "Ange varför uppföljningen makuleras.")
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, follow_up_id, VOID)
        _check(row, FollowUpAction.ARCHIVE)
        mark_archived(row, ctx, reason)
        uow.session.flush()
        return follow_up_view(uow.session, ctx, row.id)


def get_follow_up(ctx: Context, follow_up_id: str) -> FollowUpView:
    with ctx.reading() as session:
        return follow_up_view(session, ctx, follow_up_id)


def follow_up_view(session: Session, ctx: Context, follow_up_id: str) -> FollowUpView:
    """The follow-up as its editor and report show it, read in the caller's session."""
    row = _load(session, ctx, follow_up_id)
    measure = row.measure
    responsible = session.get(User, row.responsible_id) if row.responsible_id else None
    outcome_text = None
    if row.outcome_record_id and row.outcome == Outcome.NEW_MEASURE.value:
        new_measure = session.get(Measure, row.outcome_record_id)
        outcome_text = f"Ny åtgärd: ”{new_measure.title}”" if new_measure else None
    elif row.outcome_record_id and row.outcome == Outcome.NEW_RISK_ANALYSIS.value:
        title_of = registry.kind(RISK_ANALYSIS_KIND).record_title
        title = load(title_of)(session, row.outcome_record_id) if title_of else None
        outcome_text = f"Ny riskanalys: ”{title}”" if title else None
    voices = tuple(
        VoiceView(
            individual_code(session, v.individual_id),
            GatheredBy(v.gathered_by),
            v.comment,
            {Dimension(r.dimension): RatingInput(r.rating, r.comment) for r in v.ratings},
        )
        for v in row.voices
    )
    return FollowUpView(
        id=row.id,
        measure_id=measure.id,
        measure_title=measure.title,
        measure_description=measure.description,
        measure_status=measure.status,
        answers_to=tuple(
            describe_measure_link(session, link.kind, link.target_id).text for link in measure.links
        ),
        unit_id=row.unit_id,
        unit_name=measure.unit.name,
        planned_on=row.planned_on,
        method=row.method,
        responsible_id=row.responsible_id,
        responsible_name=responsible.name if responsible else None,
        status=FollowUpStatus(row.status),
        performed_on=row.performed_on,
        result=row.result,
        effect=Effect(row.effect) if row.effect else None,
        effect_comment=row.effect_comment,
        outcome=Outcome(row.outcome) if row.outcome else None,
        outcome_record_id=row.outcome_record_id,
        outcome_text=outcome_text,
        voices=voices,
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
    )


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a measure decided after a follow-up says it answers to."""
    follow_up = session.get(FollowUp, target_id)
    if kind != FOLLOW_UP_LINK or follow_up is None:
        return None
    return LinkView(
        kind,
        target_id,
        f"Uppföljning {follow_up.planned_on.isoformat()} av ”{follow_up.measure.title}”",
        follow_up.id,
    )


def history_records(ctx: Context, session: Session, follow_up_id: str) -> list[str]:
    """The follow-up and the voices and answers gathered in it, for the history."""
    _load(session, ctx, follow_up_id)
    voice_ids = session.scalars(
        select(FollowUpVoice.id).where(FollowUpVoice.follow_up_id == follow_up_id)
    ).all()
    rating_ids = session.scalars(
        select(ExperienceRating.id).where(ExperienceRating.voice_id.in_(voice_ids))
    ).all()
    return [follow_up_id, *voice_ids, *rating_ids]
