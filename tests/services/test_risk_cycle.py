"""The core cycle through the services, on a real SQLite file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kvalitet_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.services import history
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import (
    FOLLOW_UP_LINK,
    Dimension,
    Effect,
    FollowUpStatus,
    GatheredBy,
    Outcome,
)
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import (
    EVENT_LINK,
    AnalysisLevel,
    AssessmentKind,
    RiskAnalysisStatus,
    Trigger,
)
from registers import register

TODAY = date.today()


def make_analysis(ctx: Context, unit_id: str) -> str:
    return risk.save_analysis(
        ctx,
        risk.RiskAnalysisInput(
            title="Stängning av daglig verksamhet under pandemin",
            unit_id=unit_id,
            trigger=Trigger.ACTIVITY_CHANGE,
            trigger_description="Verksamheten stängs i sex veckor.",
            commissioned_by="Socialchefen",
            commissioned_on=TODAY - timedelta(days=10),
            leader_id=ctx.actor.id,
            team=[risk.TeamMemberInput("Örjan Åberg", "Stödpedagog")],
            fact_sources="Avvikelser, samtal med gode män.",
            events=[
                risk.EventInput(
                    "Deltagare förlorar struktur i vardagen", "Inga rutiner", None, 3, 4
                ),
                risk.EventInput("Närstående får ökad belastning", None, None, 2, 2),
            ],
        ),
    ).id


def test_draft_is_saved_and_resumed_at_its_step(manager: Context, unit_id: str) -> None:
    data = risk.RiskAnalysisInput(title="Ny bemanning", unit_id=unit_id, wizard_step=3)
    analysis_id = risk.save_analysis(manager, data).id
    view = risk.get_analysis(manager, analysis_id)
    assert view.status is RiskAnalysisStatus.DRAFT
    assert view.wizard_step == 3
    assert view.events == ()


def test_events_get_scores_and_draft_corrections_replace_first_assessment(
    manager: Context, unit_id: str
) -> None:
    analysis_id = make_analysis(manager, unit_id)
    view = risk.get_analysis(manager, analysis_id)
    assert [e.current.score for e in view.events if e.current] == [12, 4]
    data = view.to_input()
    data.events[0].probability = 2
    risk.save_analysis(manager, data, analysis_id)
    first = risk.get_analysis(manager, analysis_id).events[0]
    assert len(first.assessments) == 1
    assert first.current is not None and first.current.score == 8


def test_validation_lists_every_problem(manager: Context, unit_id: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        risk.save_analysis(
            manager,
            risk.RiskAnalysisInput(
                title=" ",
                unit_id=unit_id,
                level=AnalysisLevel.INDIVIDUAL,
                events=[risk.EventInput("", probability=2)],
            ),
        )
    fields = {e.field for e in caught.value.errors}
    assert {"title", "individual_code", "events.0.description", "events.0.assessment"} <= fields


def test_individual_code_must_not_be_a_personnummer(manager: Context, unit_id: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        risk.save_analysis(
            manager,
            risk.RiskAnalysisInput(
                title="Individ",
                unit_id=unit_id,
                level=AnalysisLevel.INDIVIDUAL,
                individual_code="19450101-1234",
            ),
        )
    assert caught.value.for_field("individual_code")


def test_decision_requires_assessed_events_and_dates(manager: Context, unit_id: str) -> None:
    empty = risk.save_analysis(manager, risk.RiskAnalysisInput(title="Tom", unit_id=unit_id)).id
    with pytest.raises(ValidationFailed) as caught:
        risk.decide(manager, empty, risk.DecisionInput("", None, None, None))
    fields = {e.field for e in caught.value.errors}
    assert {"events", "decision_text", "decided_by_id", "decided_on", "follow_up_on"} <= fields


def test_after_decision_reassessment_keeps_the_earlier_one(manager: Context, unit_id: str) -> None:
    analysis_id = make_analysis(manager, unit_id)
    risk.decide(
        manager,
        analysis_id,
        risk.DecisionInput("Åtgärderna genomförs.", manager.actor.id, TODAY, TODAY + timedelta(30)),
    )
    view = risk.get_analysis(manager, analysis_id)
    assert view.status is RiskAnalysisStatus.DECIDED
    data = view.to_input()
    data.events[0].probability = 1
    with pytest.raises(RuleViolation):
        risk.save_analysis(manager, data, analysis_id)
    risk.reassess_event(manager, view.events[0].id, 1, 4, "Veckovisa samtal införda")
    event = risk.get_analysis(manager, analysis_id).events[0]
    assert [a.kind for a in event.assessments] == [AssessmentKind.INITIAL, AssessmentKind.RESIDUAL]
    assert [a.score for a in event.assessments] == [12, 4]


def test_measure_needs_follow_up_before_done_and_reason_to_cancel(
    manager: Context, unit_id: str
) -> None:
    analysis_id = make_analysis(manager, unit_id)
    event = risk.get_analysis(manager, analysis_id).events[0]
    measure_id = measures.create_measure(
        manager,
        measures.MeasureInput(
            "Ringa varje deltagare varje vecka",
            unit_id,
            responsible_id=manager.actor.id,
            due_date=TODAY + timedelta(days=7),
            links=[measures.LinkRef(EVENT_LINK, event.id)],
        ),
    ).id
    with pytest.raises(RuleViolation, match="uppföljning"):
        measures.set_status(manager, measure_id, MeasureStatus.DONE)
    with pytest.raises(ValidationFailed) as caught:
        measures.set_status(manager, measure_id, MeasureStatus.CANCELLED, "  ")
    assert caught.value.for_field("cancel_reason")
    followups.plan_follow_up(
        manager,
        measure_id,
        followups.PlanInput(TODAY + timedelta(days=20), "Samtal", manager.actor.id),
    )
    measures.set_status(manager, measure_id, MeasureStatus.DONE)
    view = measures.get_measure(manager, measure_id)
    assert view.status is MeasureStatus.DONE and view.completed_on == TODAY
    assert "händelse 1" in view.links[0].text
    analysis = risk.get_analysis(manager, analysis_id)
    assert analysis.events[0].measures[0].id == measure_id


def test_follow_up_records_individual_experience_and_creates_new_measure(
    admin: Context, manager: Context, unit_id: str
) -> None:
    register(admin, unit_id, "NV-0421")
    measure_id = measures.create_measure(
        manager,
        measures.MeasureInput("Digitala träffar", unit_id, None, manager.actor.id, TODAY),
    ).id
    follow_up_id = followups.plan_follow_up(
        manager, measure_id, followups.PlanInput(TODAY, "Samtal", manager.actor.id)
    ).id
    new_id = followups.record_result(
        manager,
        follow_up_id,
        followups.ResultInput(
            performed_on=TODAY,
            result="De flesta deltog.",
            effect=Effect.PARTLY,
            voices=[
                followups.VoiceInput(
                    GatheredBy.CONVERSATION,
                    "NV-0421",
                    "Saknar sina arbetskamrater.",
                    {d: followups.RatingInput(4, f"Om {d.value}") for d in Dimension},
                )
            ],
            outcome=Outcome.NEW_MEASURE,
            new_measure=measures.MeasureInput(
                "Promenadgrupp utomhus", unit_id, None, manager.actor.id, TODAY + timedelta(7)
            ),
        ),
    ).new_record_id
    view = followups.get_follow_up(manager, follow_up_id)
    assert view.status is FollowUpStatus.DONE
    assert view.voices[0].individual_code == "NV-0421"
    assert {d: r.rating for d, r in view.voices[0].ratings.items()} == {d: 4 for d in Dimension}
    assert new_id is not None and view.outcome_record_id == new_id
    new_measure = measures.get_measure(manager, new_id)
    assert new_measure.links[0].kind == FOLLOW_UP_LINK


def test_follow_up_can_start_a_new_risk_analysis(manager: Context, unit_id: str) -> None:
    measure_id = measures.create_measure(
        manager,
        measures.MeasureInput("Fasta kontaktpersoner", unit_id, None, manager.actor.id, TODAY),
    ).id
    follow_up_id = followups.plan_follow_up(
        manager, measure_id, followups.PlanInput(TODAY, None, manager.actor.id)
    ).id
    new_id = followups.record_result(
        manager,
        follow_up_id,
        followups.ResultInput(
            TODAY,
            "Kontinuiteten blev inte bättre.",
            Effect.NO,
            None,
            [],
            Outcome.NEW_RISK_ANALYSIS,
            None,
            "Ny analys av schemaläggningen",
        ),
    ).new_record_id
    assert new_id is not None
    analysis = risk.get_analysis(manager, new_id)
    assert analysis.status is RiskAnalysisStatus.DRAFT
    assert "Fasta kontaktpersoner" in (analysis.trigger_description or "")


def test_other_units_records_are_invisible(
    admin: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    hidden = make_analysis(admin, other_unit_id)
    with pytest.raises(PermissionDenied):
        risk.get_analysis(manager, hidden)
    with pytest.raises(PermissionDenied):
        make_analysis(manager, other_unit_id)
    with pytest.raises(PermissionDenied):
        history.record_history(manager, "riskanalys", hidden)


def test_archiving_needs_a_reason_and_keeps_the_record(manager: Context, unit_id: str) -> None:
    analysis_id = make_analysis(manager, unit_id)
    with pytest.raises(ValidationFailed):
        risk.archive_analysis(manager, analysis_id, "")
    risk.archive_analysis(manager, analysis_id, "Dubblett")
    view = risk.get_analysis(manager, analysis_id)
    assert view.archived and view.archive_reason == "Dubblett"


def test_history_shows_field_changes_with_user(manager: Context, unit_id: str) -> None:
    analysis_id = make_analysis(manager, unit_id)
    data = risk.get_analysis(manager, analysis_id).to_input()
    data.title = "Stängning – reviderad"
    risk.save_analysis(manager, data, analysis_id)
    entries = history.record_history(manager, "riskanalys", analysis_id)
    change = next(e for e in entries if e.action == "Ändrad" and e.entity == "Riskanalys")
    assert change.user == "enhetschef"
    rubrik = next(c for c in change.changes if c.field == "Rubrik")
    assert (rubrik.before, rubrik.after) == (
        "Stängning av daglig verksamhet under pandemin",
        "Stängning – reviderad",
    )
    assert any(e.action == "Skapad" and e.entity == "Händelse" for e in entries)


def test_unknown_record_is_not_found(manager: Context) -> None:
    with pytest.raises(NotFound):
        risk.get_analysis(manager, "00000000-0000-0000-0000-000000000000")


def test_a_drafted_decision_is_kept_but_not_binding(manager: Context, unit_id: str) -> None:
    analysis_id = make_analysis(manager, unit_id)
    data = risk.get_analysis(manager, analysis_id).to_input()
    data.decision_text = "Förslag: veckovisa samtal med alla deltagare."
    data.decided_by_id = manager.actor.id
    risk.save_analysis(manager, data, analysis_id)
    view = risk.get_analysis(manager, analysis_id)
    assert view.status is RiskAnalysisStatus.DRAFT
    assert view.decision_text == "Förslag: veckovisa samtal med alla deltagare."
    assert view.decided_by_name == "Märta Enhetschef"


def _decided(ctx: Context, unit_id: str) -> str:
    analysis_id = make_analysis(ctx, unit_id)
    risk.decide(
        ctx,
        analysis_id,
        risk.DecisionInput("Åtgärderna genomförs", ctx.actor.id, TODAY, TODAY + timedelta(days=90)),
    )
    return analysis_id


def test_a_decided_analysis_changes_only_with_a_reason_shown_in_the_history(
    manager: Context, unit_id: str
) -> None:
    analysis_id = _decided(manager, unit_id)
    data = risk.get_analysis(manager, analysis_id).to_input()
    removed = data.events.pop(1)

    with pytest.raises(ValidationFailed) as refused:
        risk.save_analysis(manager, data, analysis_id)
    assert refused.value.errors[0].field == "change_reason"
    assert len(risk.get_analysis(manager, analysis_id).events) == 2  # nothing was changed

    unchanged = risk.get_analysis(manager, analysis_id).to_input()
    unchanged.wizard_step = 5  # where the wizard was left is no change of the analysis
    risk.save_analysis(manager, unchanged, analysis_id)

    saved = risk.save_analysis(manager, data, analysis_id, reason="Dubblett av händelse 1")
    assert [e.description for e in saved.events] == ["Deltagare förlorar struktur i vardagen"]
    entries = history.record_history(manager, "riskanalys", analysis_id)
    archived = next(e for e in entries if e.action == "Makulerad")
    fields = {c.field: c.after for c in archived.changes}
    assert fields["Motivering"] == "Dubblett av händelse 1"
    assert fields["Skäl till makulering"] == "Borttagen ur riskanalysen: Dubblett av händelse 1"
    assert removed.id is not None


def test_a_closed_analysis_is_locked_until_reopened_with_a_reason(
    manager: Context, unit_id: str
) -> None:
    analysis_id = _decided(manager, unit_id)
    risk.close_analysis(manager, analysis_id)
    data = risk.get_analysis(manager, analysis_id).to_input()
    data.title = "Ändrad rubrik"
    with pytest.raises(RuleViolation, match="avslutad och låst"):
        risk.save_analysis(manager, data, analysis_id, reason="Fel rubrik")
    with pytest.raises(ValidationFailed):
        risk.reopen_analysis(manager, analysis_id, " ")

    reopened = risk.reopen_analysis(manager, analysis_id, "Ny händelse har inträffat")
    assert reopened.status is RiskAnalysisStatus.DECIDED
    entry = history.record_history(manager, "riskanalys", analysis_id)[0]
    assert entry.user == "enhetschef"
    assert {c.field: c.after for c in entry.changes} == {
        "Motivering": "Ny händelse har inträffat",
        "Status": "beslutad",
    }
    saved = risk.save_analysis(manager, data, analysis_id, reason="Fel rubrik")
    assert saved.title == "Ändrad rubrik"
