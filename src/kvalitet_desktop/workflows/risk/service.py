"""Riskanalys: scope, team, events with probability × consequence, decision, re-assessment."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import Collector, FieldError, NotFound, RuleViolation
from kvalitet_desktop.domain.individual_assessments import IndividualAssessmentSummary
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.risk_matrix import SCALE_TEXT, on_scale, risk_score
from kvalitet_desktop.domain.roles import Action
from kvalitet_desktop.domain.text_rules import (
    TextKind,
    clean_day,
    clean_input,
    clean_optional_text,
    clean_text,
    known_id,
    order_problem,
    personal_number_warnings,
)
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.archiving import mark_archived, require_reason
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.organisation import individual_code
from kvalitet_desktop.store.audit import ACTOR_ID, CHANGE_REASON
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import Unit, User
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.measures.service import LinkView
from kvalitet_desktop.workflows.risk.domain import (
    ANALYSIS_LINK,
    EVENT_LINK,
    FIELD_LIMITS,
    FOLLOW_UP_BEFORE_DECISION,
    AnalysisLevel,
    AssessmentKind,
    RiskAction,
    RiskAnalysisStatus,
    ScopeKind,
    Trigger,
    check_risk_transition,
)
from kvalitet_desktop.workflows.risk.kind import CREATE, DECIDE, KEY, READ, UPDATE, VOID
from kvalitet_desktop.workflows.risk.models import (
    RiskAnalysis,
    RiskAssessment,
    RiskEvent,
    RiskTeamMember,
)


@dataclass
class TeamMemberInput:
    name: str
    role: str | None = None
    user_id: str | None = None


@dataclass
class EventInput:
    description: str
    causes: str | None = None
    proposed_measures: str | None = None
    probability: int | None = None
    consequence: int | None = None
    id: str | None = None
    assessed_on: date | None = None  # when the first assessment was made; default today


@dataclass
class RiskAnalysisInput:
    title: str
    unit_id: str
    scope_kind: ScopeKind = ScopeKind.UNIT
    scope_description: str | None = None
    trigger: Trigger = Trigger.ACTIVITY_CHANGE
    trigger_description: str | None = None
    level: AnalysisLevel = AnalysisLevel.GROUP
    individual_code: str | None = None
    commissioned_by: str | None = None
    commissioned_on: date | None = None
    leader_id: str | None = None
    team: list[TeamMemberInput] = field(default_factory=list)
    fact_sources: str | None = None
    events: list[EventInput] = field(default_factory=list)
    follow_up_on: date | None = None
    follow_up_method: str | None = None
    wizard_step: int = 0
    # The decision as drafted: kept with the draft, made binding only by ``decide``.
    decision_text: str | None = None
    decided_by_id: str | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class DecisionInput:
    decision_text: str
    decided_by_id: str | None
    decided_on: date | None
    follow_up_on: date | None
    follow_up_method: str | None = None


@dataclass(frozen=True)
class AssessmentView:
    id: str
    kind: AssessmentKind
    probability: int
    consequence: int
    score: int
    assessed_on: date
    comment: str | None
    assessed_by: str | None


@dataclass(frozen=True)
class MeasureSummary:
    id: str
    title: str
    status: str
    due_date: date | None
    responsible: str | None


@dataclass(frozen=True)
class EventView:
    id: str
    number: int
    description: str
    causes: str | None
    proposed_measures: str | None
    assessments: tuple[AssessmentView, ...]
    measures: tuple[MeasureSummary, ...]

    @property
    def current(self) -> AssessmentView | None:
        return self.assessments[-1] if self.assessments else None


@dataclass(frozen=True)
class RiskAnalysisView:
    id: str
    title: str
    unit_id: str
    unit_name: str
    status: RiskAnalysisStatus
    scope_kind: ScopeKind
    scope_description: str | None
    trigger: Trigger
    trigger_description: str | None
    level: AnalysisLevel
    individual_code: str | None
    commissioned_by: str | None
    commissioned_on: date | None
    leader_id: str | None
    leader_name: str | None
    team: tuple[TeamMemberInput, ...]
    fact_sources: str | None
    events: tuple[EventView, ...]
    decision_text: str | None
    decided_by_id: str | None
    decided_by_name: str | None
    decided_on: date | None
    follow_up_on: date | None
    follow_up_method: str | None
    wizard_step: int
    archived: bool
    archive_reason: str | None
    measures: tuple[MeasureSummary, ...]
    # What looks like a personnummer in the texts just saved: shown at the fields.
    warnings: tuple[FieldError, ...] = ()

    def to_input(self) -> RiskAnalysisInput:
        return RiskAnalysisInput(
            title=self.title,
            unit_id=self.unit_id,
            scope_kind=self.scope_kind,
            scope_description=self.scope_description,
            trigger=self.trigger,
            trigger_description=self.trigger_description,
            level=self.level,
            individual_code=self.individual_code,
            commissioned_by=self.commissioned_by,
            commissioned_on=self.commissioned_on,
            leader_id=self.leader_id,
            team=[TeamMemberInput(m.name, m.role, m.user_id) for m in self.team],
            fact_sources=self.fact_sources,
            events=[
                EventInput(
                    e.description,
                    e.causes,
                    e.proposed_measures,
                    e.current.probability if e.current else None,
                    e.current.consequence if e.current else None,
                    e.id,
                )
                for e in self.events
            ],
            follow_up_on=self.follow_up_on,
            follow_up_method=self.follow_up_method,
            wizard_step=self.wizard_step,
            decision_text=self.decision_text,
            decided_by_id=self.decided_by_id,
            decided_on=self.decided_on,
        )


# --- validation --------------------------------------------------------------------------------


def validate_analysis(data: RiskAnalysisInput) -> RiskAnalysisInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    errors.require("title", data.title, "Ange en rubrik för riskanalysen.")
    errors.require("unit_id", data.unit_id, "Välj vilken enhet riskanalysen gäller.")
    if data.level is AnalysisLevel.INDIVIDUAL and not (data.individual_code or "").strip():
        errors.add(
            "individual_code",
            "Ange den enskildes pseudonymiserade kod för en analys på individnivå.",
        )
    if data.scope_kind is ScopeKind.PROCESS and not (data.scope_description or "").strip():
        errors.add("scope_description", "Beskriv vilken process som analyseras.")
    for i, member in enumerate(data.team):
        if not member.name.strip():
            errors.add(f"team.{i}", f"Analysteamets medlem {i + 1} saknar namn.")
    for i, event in enumerate(data.events):
        if not event.description.strip():
            errors.add(f"events.{i}.description", f"Händelse {i + 1} saknar beskrivning.")
        if (event.probability is None) != (event.consequence is None):
            errors.add(
                f"events.{i}.assessment",
                f"Händelse {i + 1}: ange både sannolikhet och konsekvens, eller ingen av dem.",
            )
        for value, name in (
            (event.probability, "Sannolikheten"),
            (event.consequence, "Konsekvensen"),
        ):
            if value is not None and not on_scale(value):
                errors.add(
                    f"events.{i}.assessment", f"Händelse {i + 1}: {name} ska vara {SCALE_TEXT}."
                )
    late = order_problem(data.decided_on, data.follow_up_on, FOLLOW_UP_BEFORE_DECISION)
    if late:
        errors.add("follow_up_on", late)
    errors.raise_if_any()
    return data


def validate_decision(view: RiskAnalysisView, data: DecisionInput) -> DecisionInput:
    """``data`` cleaned (NFC), or ``ValidationFailed`` naming every field that is wrong."""
    data = clean_input(data, FIELD_LIMITS)
    errors = Collector()
    if not view.events:
        errors.add("events", "En riskanalys utan händelser kan inte beslutas.")
    unassessed = [str(e.number) for e in view.events if e.current is None]
    if unassessed:
        errors.add(
            "events", "Bedöm sannolikhet och konsekvens för händelse " + ", ".join(unassessed) + "."
        )
    errors.require("decision_text", data.decision_text, "Skriv vad som beslutas.")
    errors.require("decided_by_id", data.decided_by_id, "Ange vem som fattar beslutet.")
    errors.require("decided_on", data.decided_on, "Ange beslutsdatum.")
    errors.require("follow_up_on", data.follow_up_on, "Ange när riskanalysen ska följas upp.")
    late = order_problem(data.decided_on, data.follow_up_on, FOLLOW_UP_BEFORE_DECISION)
    if late:
        errors.add("follow_up_on", late)
    errors.raise_if_any()
    return data


# --- reading -----------------------------------------------------------------------------------


def _user_names(session: Session, user_ids: set[str | None]) -> dict[str, str]:
    """The names of the given users, in one query."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted))).all()
    return {user_id: name for user_id, name in rows}


def _measure_rows(
    session: Session, event_ids: list[str], analysis_id: str
) -> list[tuple[str, str, Measure]]:
    """(link kind, target id, measure) for the live measures answering to the analysis or its
    events, in one query."""
    answers = MeasureLink.kind == ANALYSIS_LINK
    answers = answers & (MeasureLink.target_id == analysis_id)
    if event_ids:
        answers = answers | (
            (MeasureLink.kind == EVENT_LINK) & MeasureLink.target_id.in_(event_ids)
        )
    rows = session.execute(
        select(MeasureLink.kind, MeasureLink.target_id, Measure)
        .join(Measure, Measure.id == MeasureLink.measure_id)
        .where(answers, Measure.archived_at.is_(None))
        .order_by(Measure.due_date, Measure.title)
    ).all()
    return [(kind, target_id, m) for kind, target_id, m in rows]


def _load(session: Session, ctx: Context, analysis_id: str, action: Action = READ) -> RiskAnalysis:
    """The analysis, if the actor may do ``action`` with it (in its unit)."""
    row = session.get(RiskAnalysis, known_id(analysis_id, "Riskanalysen finns inte."))
    if row is None:
        raise NotFound("Riskanalysen finns inte.")
    ctx.require(action, row.unit_id, entity=RiskAnalysis.__tablename__, entity_id=row.id)
    return row


def get_analysis(ctx: Context, analysis_id: str) -> RiskAnalysisView:
    with ctx.reading() as session:
        return _view(session, ctx, analysis_id)


def _live_events(session: Session, analysis_id: str) -> list[RiskEvent]:
    return list(
        session.scalars(
            select(RiskEvent)
            .where(RiskEvent.analysis_id == analysis_id, RiskEvent.archived_at.is_(None))
            .order_by(RiskEvent.position)
            .options(selectinload(RiskEvent.assessments))
        ).all()
    )


def _view(session: Session, ctx: Context, analysis_id: str) -> RiskAnalysisView:
    """The analysis as the editor and the reports show it; a handful of queries in all."""
    row = _load(session, ctx, analysis_id)
    events = _live_events(session, row.id)
    measure_rows = _measure_rows(session, [e.id for e in events], row.id)
    names = _user_names(
        session,
        {row.leader_id, row.decided_by_id}
        | {a.created_by for e in events for a in e.assessments}
        | {m.responsible_id for _, _, m in measure_rows},
    )
    measures_by_target: dict[tuple[str, str], list[MeasureSummary]] = {}
    for kind, target_id, m in measure_rows:
        summary = MeasureSummary(
            m.id, m.title, m.status, m.due_date, names.get(m.responsible_id or "")
        )
        measures_by_target.setdefault((kind, target_id), []).append(summary)
    event_views = [
        _event_view(number, event, names, measures_by_target.get((EVENT_LINK, event.id), []))
        for number, event in enumerate(events, start=1)
    ]
    all_measures = [m for e in event_views for m in e.measures] + measures_by_target.get(
        (ANALYSIS_LINK, row.id), []
    )
    unique = {m.id: m for m in all_measures}
    return RiskAnalysisView(
        id=row.id,
        title=row.title,
        unit_id=row.unit_id,
        unit_name=row.unit.name,
        status=RiskAnalysisStatus(row.status),
        scope_kind=ScopeKind(row.scope_kind),
        scope_description=row.scope_description,
        trigger=Trigger(row.trigger),
        trigger_description=row.trigger_description,
        level=AnalysisLevel(row.level),
        individual_code=individual_code(session, row.individual_id),
        commissioned_by=row.commissioned_by,
        commissioned_on=row.commissioned_on,
        leader_id=row.leader_id,
        leader_name=names.get(row.leader_id or ""),
        team=tuple(TeamMemberInput(m.name, m.role_text, m.user_id) for m in row.team),
        fact_sources=row.fact_sources,
        events=tuple(event_views),
        decision_text=row.decision_text,
        decided_by_id=row.decided_by_id,
        decided_by_name=names.get(row.decided_by_id or ""),
        decided_on=row.decided_on,
        follow_up_on=row.follow_up_on,
        follow_up_method=row.follow_up_method,
        wizard_step=row.wizard_step,
        archived=row.archived_at is not None,
        archive_reason=row.archive_reason,
        measures=tuple(unique.values()),
    )


def _event_view(
    number: int, event: RiskEvent, names: dict[str, str], measures: list[MeasureSummary]
) -> EventView:
    assessments = tuple(
        AssessmentView(
            a.id,
            AssessmentKind(a.kind),
            a.probability,
            a.consequence,
            a.score,
            a.assessed_on,
            a.comment,
            names.get(a.created_by or ""),
        )
        for a in event.assessments
    )
    return EventView(
        event.id,
        number,
        event.description,
        event.causes,
        event.proposed_measures,
        assessments,
        tuple(measures),
    )


# --- writing -----------------------------------------------------------------------------------


def _content(data: RiskAnalysisInput) -> tuple[object, ...]:
    """What a save would store, cleaned as it is stored (the drafted decision and the wizard's
    step left out): equal for an input that changes nothing."""
    individual = data.individual_code if data.level is AnalysisLevel.INDIVIDUAL else None
    return (
        data.title.strip(),
        data.unit_id,
        data.scope_kind,
        _clean(data.scope_description),
        data.trigger,
        _clean(data.trigger_description),
        data.level,
        _clean(individual),
        _clean(data.commissioned_by),
        data.commissioned_on,
        data.leader_id,
        [(m.name.strip(), _clean(m.role), m.user_id) for m in data.team],
        _clean(data.fact_sources),
        [
            (
                e.id,
                e.description.strip(),
                _clean(e.causes),
                _clean(e.proposed_measures),
                e.probability,
                e.consequence,
            )
            for e in data.events
        ],
        data.follow_up_on,
        _clean(data.follow_up_method),
    )


def _check_kept_assessments(stored: RiskAnalysisView, data: RiskAnalysisInput) -> None:
    """A decided analysis's assessments are kept: a new one is made with ``reassess_event``."""
    current = {e.id: e.current for e in stored.events}
    for position, event in enumerate(data.events):
        latest = current.get(event.id or "")
        if (
            latest is not None
            and event.probability is not None
            and event.consequence is not None
            and (latest.probability, latest.consequence) != (event.probability, event.consequence)
        ):
            raise RuleViolation(
                f"Händelse {position + 1} är redan bedömd i en beslutad riskanalys. "
                "Gör en ny bedömning så att den tidigare finns kvar."
            )


def _require_reason(reason: str | None, message: str) -> str:
    errors = Collector()
    errors.require("change_reason", reason, message)
    errors.raise_if_any()
    assert reason is not None
    return clean_text("change_reason", reason, TextKind.MEDIUM).strip()


def _held_code(session: Session, analysis_id: str | None) -> str | None:
    """The code the stored analysis names (kept acceptable though no longer registered)."""
    if analysis_id is None:
        return None
    stored = session.get(RiskAnalysis, analysis_id)
    return individual_code(session, stored.individual_id) if stored is not None else None


def save_analysis(
    ctx: Context,
    data: RiskAnalysisInput,
    analysis_id: str | None = None,
    *,
    reason: str | None = None,
) -> RiskAnalysisView:
    """Create or update a risk analysis with its team and events; returns it as saved.

    While the analysis is a draft, changing an event's probability or consequence corrects its
    first assessment. After the decision, use ``reassess_event`` so the earlier one is kept.
    A decided analysis is changed only with a ``reason``, logged with every change it makes
    (an event taken out keeps it as its archive reason); a closed one not at all (reopen it).
    """
    action = CREATE if analysis_id is None else UPDATE
    ctx.require(action)
    data = validate_analysis(data)
    ctx.require(action, data.unit_id)
    with ctx.unit_of_work() as uow:
        session = uow.session
        # Held until the view is built: the session keeps only weak references.
        unit = session.get(Unit, data.unit_id)
        if unit is None:
            raise NotFound("Enheten finns inte.")
        # Resolve the individual first: its query must not autoflush a half-filled new analysis.
        individual = None
        if data.individual_code and data.individual_code.strip():
            held = _held_code(session, analysis_id)
            individual = individuals.resolve_code(
                session, "individual_code", data.individual_code, data.unit_id, accepted=[held]
            )
        if analysis_id is None:
            # Empty collections, so that filling them does not query for what cannot exist.
            row = RiskAnalysis(status=RiskAnalysisStatus.DRAFT.value, team=[], events=[])
            session.add(row)
        else:
            row = _load(session, ctx, analysis_id, UPDATE)
            check_risk_transition(
                RiskAnalysisStatus(row.status),
                RiskAction.SAVE,
                archived=row.archived_at is not None,
            )
            if not RiskAnalysisStatus(row.status).is_draft:
                stored = _view(session, ctx, row.id)
                _check_kept_assessments(stored, data)
                if _content(data) != _content(stored.to_input()):
                    session.info[CHANGE_REASON] = _require_reason(
                        reason, "Skriv varför den beslutade riskanalysen ändras."
                    )
        _assign(
            row,
            title=data.title.strip(),
            unit_id=data.unit_id,
            scope_kind=data.scope_kind.value,
            scope_description=_clean(data.scope_description),
            trigger=data.trigger.value,
            trigger_description=_clean(data.trigger_description),
            level=data.level.value,
            individual_id=individual if data.level is AnalysisLevel.INDIVIDUAL else None,
            commissioned_by=_clean(data.commissioned_by),
            commissioned_on=data.commissioned_on,
            leader_id=data.leader_id,
            fact_sources=_clean(data.fact_sources),
            follow_up_on=data.follow_up_on,
            follow_up_method=_clean(data.follow_up_method),
            wizard_step=data.wizard_step,
        )
        if RiskAnalysisStatus(row.status).is_draft:
            _assign(
                row,
                decision_text=_clean(data.decision_text),
                decided_by_id=data.decided_by_id,
                decided_on=data.decided_on,
            )
        session.flush()
        _sync_team(session, row, data.team)
        _sync_events(session, row, data.events)
        session.flush()
        view = _view(session, ctx, row.id)
        return replace(view, warnings=personal_number_warnings(data, FIELD_LIMITS))


def _assign(row: object, **values: object) -> None:
    """Set only what changed, so the audit trail records real changes only."""
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _sync_team(session: Session, row: RiskAnalysis, team: list[TeamMemberInput]) -> None:
    current = [(m.name, m.role_text, m.user_id) for m in row.team]
    wanted = [(m.name.strip(), _clean(m.role), m.user_id) for m in team]
    if current == wanted:
        return
    for member in list(row.team):
        row.team.remove(member)
    session.flush()
    for position, (name, role, user_id) in enumerate(wanted):
        row.team.append(
            RiskTeamMember(position=position, name=name, role_text=role, user_id=user_id)
        )


def _sync_events(session: Session, row: RiskAnalysis, events: list[EventInput]) -> None:
    existing = {e.id: e for e in row.events if e.archived_at is None}
    kept: set[str] = set()
    decided = not RiskAnalysisStatus(row.status).is_draft
    for position, data in enumerate(events):
        if data.id and data.id in existing:
            event = existing[data.id]
            kept.add(event.id)
        else:
            event = RiskEvent(analysis=row, description=data.description)
            session.add(event)
        _assign(
            event,
            position=position,
            description=data.description.strip(),
            causes=_clean(data.causes),
            proposed_measures=_clean(data.proposed_measures),
        )
        if data.probability is None or data.consequence is None:
            continue
        latest = event.assessments[-1] if event.assessments else None
        if latest is not None and (latest.probability, latest.consequence) == (
            data.probability,
            data.consequence,
        ):
            continue
        if latest is not None and decided:
            raise RuleViolation(
                f"Händelse {position + 1} är redan bedömd i en beslutad riskanalys. "
                "Gör en ny bedömning så att den tidigare finns kvar."
            )
        if latest is not None:
            latest.probability, latest.consequence = data.probability, data.consequence
            latest.score = risk_score(data.probability, data.consequence)
        else:
            session.add(
                RiskAssessment(
                    event=event,
                    kind=AssessmentKind.INITIAL.value,
                    probability=data.probability,
                    consequence=data.consequence,
                    score=risk_score(data.probability, data.consequence),
                    assessed_on=data.assessed_on or date.today(),
                )
            )
        _assign(event, current_score=risk_score(data.probability, data.consequence))
    reason = session.info.get(CHANGE_REASON)
    for event_id, event in existing.items():
        if event_id not in kept:
            event.archived_at = utcnow()
            event.archived_by = session.info.get(ACTOR_ID)
            event.archive_reason = (
                f"Borttagen ur riskanalysen: {reason}" if reason else "Borttagen ur riskanalysen"
            )


def reassess_event(
    ctx: Context,
    event_id: str,
    probability: int,
    consequence: int,
    comment: str | None,
    assessed_on: date | None = None,
) -> RiskAnalysisView:
    """A new (residual) assessment after measures; the earlier ones are kept."""
    ctx.require(UPDATE)
    comment = clean_optional_text("comment", comment, TextKind.LONG)
    clean_day("assessed_on", assessed_on)
    errors = Collector()
    if not all(isinstance(v, int) and on_scale(v) for v in (probability, consequence)):
        errors.add("assessment", f"Välj både sannolikhet och konsekvens ({SCALE_TEXT}).")
    errors.raise_if_any()
    with ctx.unit_of_work() as uow:
        session = uow.session
        event = session.get(RiskEvent, known_id(event_id, "Händelsen finns inte."))
        if event is None or event.archived_at is not None:
            raise NotFound("Händelsen finns inte.")
        row = _load(session, ctx, event.analysis_id, UPDATE)
        _check(row, RiskAction.REASSESS)
        session.add(
            RiskAssessment(
                event=event,
                kind=AssessmentKind.RESIDUAL.value,
                probability=probability,
                consequence=consequence,
                score=risk_score(probability, consequence),
                assessed_on=assessed_on or date.today(),
                comment=_clean(comment),
            )
        )
        event.current_score = risk_score(probability, consequence)
        session.flush()
        return _view(session, ctx, row.id)


def _check(row: RiskAnalysis, action: RiskAction) -> RiskAnalysisStatus:
    """The status ``action`` leads to, or the table's refusal."""
    return check_risk_transition(
        RiskAnalysisStatus(row.status), action, archived=row.archived_at is not None
    )


def decide(ctx: Context, analysis_id: str, data: DecisionInput) -> RiskAnalysisView:
    """Make the drafted decision binding; returns the decided analysis."""
    ctx.require(DECIDE)
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = _load(session, ctx, analysis_id, DECIDE)
        status = _check(row, RiskAction.DECIDE)
        data = validate_decision(_view(session, ctx, analysis_id), data)
        _assign(
            row,
            decision_text=data.decision_text.strip(),
            decided_by_id=data.decided_by_id,
            decided_on=data.decided_on,
            follow_up_on=data.follow_up_on,
            follow_up_method=_clean(data.follow_up_method),
            status=status.value,
        )
        session.flush()
        return _view(session, ctx, analysis_id)


def close_analysis(ctx: Context, analysis_id: str) -> RiskAnalysisView:
    """Mark a decided analysis as followed up and finished."""
    ctx.require(DECIDE)
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, DECIDE)
        row.status = _check(row, RiskAction.CLOSE).value
        uow.session.flush()
        return _view(uow.session, ctx, analysis_id)


def reopen_analysis(ctx: Context, analysis_id: str, reason: str) -> RiskAnalysisView:
    """Open a closed (locked) analysis again, decided, to change it; the reason is logged."""
    ctx.require(UPDATE)
    why = _require_reason(reason, "Skriv varför den avslutade riskanalysen ska ändras.")
    with ctx.unit_of_work() as uow:
        uow.session.info[CHANGE_REASON] = why
        row = _load(uow.session, ctx, analysis_id, UPDATE)
        row.status = _check(row, RiskAction.REOPEN).value
        uow.session.flush()
        return _view(uow.session, ctx, analysis_id)


def archive_analysis(ctx: Context, analysis_id: str, reason: str) -> RiskAnalysisView:
    ctx.require(VOID)
    require_reason(reason, "Ange varför riskanalysen makuleras.")
    with ctx.unit_of_work() as uow:
        row = _load(uow.session, ctx, analysis_id, VOID)
        _check(row, RiskAction.ARCHIVE)
        mark_archived(row, ctx, reason)
        uow.session.flush()
        return _view(uow.session, ctx, analysis_id)


def describe_link(session: Session, kind: str, target_id: str) -> LinkView | None:
    """What a measure answering to an event or a whole analysis says it answers to."""
    if kind == EVENT_LINK:
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
    if kind == ANALYSIS_LINK:
        analysis = session.get(RiskAnalysis, target_id)
        if analysis is not None:
            return LinkView(kind, target_id, f"Riskanalys ”{analysis.title}”", analysis.id)
    return None


def history_records(ctx: Context, session: Session, analysis_id: str) -> list[str]:
    """The analysis and its team, events and assessments, for the history."""
    _view(session, ctx, analysis_id)  # permission and existence check
    ids = [analysis_id]
    ids += session.scalars(
        select(RiskTeamMember.id).where(RiskTeamMember.analysis_id == analysis_id)
    ).all()
    event_ids = session.scalars(
        select(RiskEvent.id).where(RiskEvent.analysis_id == analysis_id)
    ).all()
    ids += event_ids
    ids += session.scalars(
        select(RiskAssessment.id).where(RiskAssessment.event_id.in_(event_ids))
    ).all()
    return ids


def start_draft(session: Session, unit_id: str, title: str, reason: str) -> str:
    """A draft analysis of a whole unit, started inside an open unit of work because of
    something found elsewhere (a follow-up's outcome); ``reason`` says what."""
    analysis = RiskAnalysis(
        title=title,
        unit_id=unit_id,
        status=RiskAnalysisStatus.DRAFT.value,
        scope_kind=ScopeKind.UNIT.value,
        trigger=Trigger.OTHER.value,
        trigger_description=reason,
        level=AnalysisLevel.GROUP.value,
    )
    session.add(analysis)
    session.flush()
    return analysis.id


def record_title(session: Session, analysis_id: str) -> str | None:
    analysis = session.get(RiskAnalysis, analysis_id)
    return analysis.title if analysis else None


def individual_assessments(
    ctx: Context, analysis_id: str
) -> tuple[IndividualAssessmentSummary, ...]:
    """The individual assessments that records of other kinds made for this analysis (a
    change's people assessed one by one), asked of every kind that offers them."""
    with ctx.reading() as session:
        row = _load(session, ctx, analysis_id)
        found: list[IndividualAssessmentSummary] = []
        for source in registry.assessment_sources():
            if source.linked_assessments:
                found += load(source.linked_assessments)(ctx, session, KEY, row.id)
        return tuple(found)
