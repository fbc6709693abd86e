"""A measure's start ("Påbörjas") orders its due date, its completion and its follow-ups; each
refusal names both days. Older measures without a start keep working as before."""

from __future__ import annotations

from datetime import date

import pytest

from kvalitet_desktop.domain.errors import ValidationFailed
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Effect, Outcome
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus

START = date(2026, 3, 1)


def _measure(ctx: Context, unit_id: str, start: date | None = START) -> measures.MeasureView:
    data = measures.MeasureInput("Rutin", unit_id, None, ctx.actor.id, date(2026, 6, 1))
    data.start_on = start
    return measures.create_measure(ctx, data)


def _refusal(caught: pytest.ExceptionInfo[ValidationFailed], field: str) -> str:
    (message,) = caught.value.for_field(field)
    return message


def test_the_start_is_kept_and_listed(admin: Context, unit_id: str) -> None:
    measure = _measure(admin, unit_id)
    assert measures.get_measure(admin, measure.id).start_on == START
    assert measure.to_input().start_on == START


def test_a_due_date_before_the_start_is_refused_naming_both(admin: Context, unit_id: str) -> None:
    data = measures.MeasureInput("Rutin", unit_id, None, admin.actor.id, date(2026, 2, 28))
    data.start_on = START
    with pytest.raises(ValidationFailed) as caught:
        measures.create_measure(admin, data)
    message = _refusal(caught, "due_date")
    assert "2026-02-28" in message and "2026-03-01" in message


def test_a_completion_before_the_start_is_refused(admin: Context, unit_id: str) -> None:
    measure = _measure(admin, unit_id)
    followups.plan_follow_up(
        admin, measure.id, followups.PlanInput(date(2026, 7, 1), None, admin.actor.id)
    )
    with pytest.raises(ValidationFailed) as caught:
        measures.set_status(admin, measure.id, MeasureStatus.DONE, completed_on=date(2026, 2, 1))
    assert "2026-02-01" in _refusal(caught, "completed_on")
    assert measures.get_measure(admin, measure.id).status is MeasureStatus.PLANNED  # unchanged
    done = measures.set_status(admin, measure.id, MeasureStatus.DONE, completed_on=START)
    assert done.completed_on == START


def test_a_follow_up_planned_before_the_start_is_refused(admin: Context, unit_id: str) -> None:
    measure = _measure(admin, unit_id)
    plan = followups.PlanInput(date(2026, 2, 20), None, admin.actor.id)
    with pytest.raises(ValidationFailed) as caught:
        followups.plan_follow_up(admin, measure.id, plan)
    message = _refusal(caught, "planned_on")
    assert "2026-02-20" in message and "2026-03-01" in message
    assert measures.get_measure(admin, measure.id).follow_ups == ()


def test_a_follow_up_carried_out_before_the_start_is_refused(admin: Context, unit_id: str) -> None:
    measure = _measure(admin, unit_id)
    planned = followups.plan_follow_up(
        admin, measure.id, followups.PlanInput(date(2026, 4, 1), None, admin.actor.id)
    )
    result = followups.ResultInput(
        date(2026, 2, 27), "Rutinen följs", Effect.YES, outcome=Outcome.CLOSED
    )
    with pytest.raises(ValidationFailed) as caught:
        followups.record_result(admin, planned.id, result)
    assert "2026-02-27" in _refusal(caught, "performed_on")
    moved = followups.update_plan(
        admin, planned.id, followups.PlanInput(date(2026, 3, 1), None, admin.actor.id)
    )
    assert moved.planned_on == START  # the start day itself is allowed


def test_moving_the_start_past_a_follow_up_is_refused(admin: Context, unit_id: str) -> None:
    measure = _measure(admin, unit_id)
    followups.plan_follow_up(
        admin, measure.id, followups.PlanInput(date(2026, 3, 15), None, admin.actor.id)
    )
    data = measure.to_input()
    data.start_on = date(2026, 4, 1)
    with pytest.raises(ValidationFailed) as caught:
        measures.update_measure(admin, measure.id, data)
    assert "2026-03-15" in _refusal(caught, "start_on")
    assert measures.get_measure(admin, measure.id).start_on == START


def test_a_measure_without_a_start_has_no_order_rule(admin: Context, unit_id: str) -> None:
    measure = _measure(admin, unit_id, start=None)
    planned = followups.plan_follow_up(
        admin, measure.id, followups.PlanInput(date(2020, 1, 1), None, admin.actor.id)
    )
    assert planned.planned_on == date(2020, 1, 1)
