"""Avvikelser through the services: a quick registration, the unit manager's investigation
with causes, measures and follow-ups, återföring, closing and reopening; deadlines, input
rules and who may do what."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from deviation_inputs import investigation, registration
from sqlalchemy import select

from kvalitet_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import dashboard, listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.domain import (
    DeadlineRules,
    DeviationStatus,
)
from kvalitet_desktop.workflows.followups.domain import FollowUpStatus
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput
from registers import register


@pytest.fixture
def staff(admin: Context, unit_id: str) -> Context:
    organisation.save_user(
        admin, organisation.UserInput("medarbetare", "Nils Nilsson", None, [Role.STAFF], [unit_id])
    )
    return Context.for_login(admin.db, "medarbetare")


def _errors(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def _measure(ctx: Context, unit_id: str) -> MeasureInput:
    return MeasureInput(
        "Schemabyten stäms av med planeraren", unit_id, None, ctx.actor.id, date.today()
    )


def _plan(ctx: Context) -> PlanInput:
    return PlanInput(date.today() + timedelta(days=30), "Stickprov i planeringen", ctx.actor.id)


def test_a_medarbetare_registers_quickly_and_the_deadlines_follow(
    staff: Context, unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    assert view.number == f"AV-{date.today().year}-0001"
    assert view.status is DeviationStatus.REGISTERED
    assert view.reporter_name == "Nils Nilsson" and view.reporter_user_id == staff.actor.id
    rules = DeadlineRules()
    assert view.start_due == date.today() + timedelta(days=rules.start_within_days)
    assert view.close_due == date.today() + timedelta(days=rules.close_within_days)
    second = deviations.register(staff, registration(unit_id, title="Ännu en"))
    assert second.number.endswith("-0002")


def test_registration_needs_only_a_few_fields_named_at_each(staff: Context, unit_id: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        deviations.register(
            staff, registration(unit_id, title="", description=" ", occurred_at=None)
        )
    assert set(_errors(exc)) == {"title", "description", "occurred_at"}


@pytest.mark.parametrize(
    ("occurred", "words"),
    [
        (datetime.now() + timedelta(days=2), "efter dagens datum"),
        (datetime(1899, 12, 31, 12, 0), "1900"),
    ],
)
def test_the_event_is_not_in_the_future_nor_before_1900(
    staff: Context, unit_id: str, occurred: datetime, words: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        deviations.register(staff, registration(unit_id, occurred_at=occurred))
    assert words in _errors(exc)["occurred_at"]


def test_individuals_are_codes_never_names_or_personnummer(
    admin: Context, staff: Context, unit_id: str
) -> None:
    for bad in ("Anna Andersson", "19121212-1212"):
        with pytest.raises(ValidationFailed) as exc:
            deviations.register(staff, registration(unit_id, individual=bad))
        assert "pseudonymiserade kod" in _errors(exc)["individual"]
    register(admin, unit_id, "HT-0042", "HT-0043")
    several = deviations.register(
        staff, registration(unit_id, individual="flera", individuals=["HT-0042", "HT-0043"])
    )
    assert several.individuals == ("HT-0042", "HT-0043")
    assert deviations.register(staff, registration(unit_id, individual="okänd")).individual == (
        "okänd"
    )


def test_a_personnummer_in_the_description_is_refused(staff: Context, unit_id: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        deviations.register(
            staff, registration(unit_id, description="Gäller 19121212-1212 på avdelning 2.")
        )
    assert "description" in _errors(exc)


def test_too_long_texts_are_refused_at_their_field(staff: Context, unit_id: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        deviations.register(staff, registration(unit_id, title="x" * 201, place="y" * 201))
    assert {"title", "place"} <= set(_errors(exc))


def test_registered_on_behalf_of_someone(staff: Context, manager: Context, unit_id: str) -> None:
    view = deviations.register(
        manager, registration(unit_id, own_report=False, reporter_user_id=staff.actor.id)
    )
    assert view.reporter_name == "Nils Nilsson" and view.registered_by == "Märta Enhetschef"
    outside = deviations.register(
        manager, registration(unit_id, own_report=False, reporter_name="Vikarie Ek")
    )
    assert outside.reporter_name == "Vikarie Ek" and outside.reporter_user_id is None
    with pytest.raises(ValidationFailed) as exc:
        deviations.register(manager, registration(unit_id, own_report=False))
    assert "reporter_name" in _errors(exc)


def test_the_risk_matrix_assessment(staff: Context, unit_id: str) -> None:
    view = deviations.register(staff, registration(unit_id, probability=3, consequence_level=4))
    assert view.score == 12
    with pytest.raises(ValidationFailed) as exc:
        deviations.register(staff, registration(unit_id, probability=5, consequence_level=1))
    assert "probability" in _errors(exc)
    with pytest.raises(ValidationFailed):
        deviations.register(staff, registration(unit_id, probability=2))


def test_hsl_prompts_lex_maria(staff: Context, unit_id: str) -> None:
    assert deviations.register(staff, registration(unit_id, legal_basis="HSL")).lex_maria_prompt
    assert not deviations.register(staff, registration(unit_id, legal_basis="SoL")).lex_maria_prompt


def test_the_unit_manager_investigates_and_closes(
    staff: Context, manager: Context, unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    completed = view.to_registration()
    completed.category = "beviljad insats ej utförd"
    completed.legal_basis = "SoL"
    completed.probability, completed.consequence_level = 2, 3
    view = deviations.complete(manager, view.id, completed)
    assert (view.category, view.score, view.reporter_name) == (
        "beviljad insats ej utförd",
        6,
        "Nils Nilsson",
    )
    view = deviations.save_investigation(manager, view.id, investigation())
    assert view.status is DeviationStatus.INVESTIGATING
    assert view.investigator_name == "Märta Enhetschef"
    assert [(c.description, c.level.value, c.area) for c in view.causes] == [
        ("Schemabytet stämdes inte av", "verksamhet", "rutiner")
    ]
    saved = deviations.add_measure(manager, view.id, _measure(manager, unit_id), _plan(manager))
    [line] = saved.deviation.measures
    assert line.id == saved.measure_id
    assert [f.status for f in line.follow_ups] == [FollowUpStatus.PLANNED]
    measure = measures.get_measure(manager, saved.measure_id)
    assert measure.links[0].text == f"Avvikelse {view.number}: {view.title}"
    view = deviations.save_feedback(
        manager,
        view.id,
        deviations.FeedbackInput(date.today(), "vid APT", "Personalgruppen i hemtjänsten"),
    )
    assert view.feedback_how == "vid APT"
    view = deviations.close(manager, view.id, "Rutinen för schemabyten ändras.", date.today())
    assert view.status is DeviationStatus.CLOSED and view.closed_by == "Märta Enhetschef"
    with pytest.raises(RuleViolation):
        deviations.save_investigation(manager, view.id, investigation())


def test_closing_needs_a_conclusion_and_a_cause(
    staff: Context, manager: Context, unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    with pytest.raises(RuleViolation):
        deviations.close(manager, view.id, "Klar.", date.today())  # not investigated
    deviations.save_investigation(manager, view.id, investigation(causes=[]))
    with pytest.raises(ValidationFailed) as exc:
        deviations.close(manager, view.id, "", date.today())
    assert "conclusion" in _errors(exc)
    with pytest.raises(ValidationFailed) as exc:
        deviations.close(manager, view.id, "Klar.", date.today())
    assert "causes" in _errors(exc)
    deviations.save_investigation(manager, view.id, investigation())
    with pytest.raises(ValidationFailed) as exc:
        deviations.close(manager, view.id, "Klar.", date.today() + timedelta(days=1))
    assert "closed_on" in _errors(exc)


def test_the_investigation_does_not_begin_before_the_event(
    staff: Context, manager: Context, unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    earlier = view.occurred_at.date() - timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        deviations.save_investigation(manager, view.id, investigation(started_on=earlier))
    assert "före händelsen" in _errors(exc)["started_on"]


def test_reopening_needs_a_reason_and_is_audited(
    staff: Context, manager: Context, unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    deviations.save_investigation(manager, view.id, investigation())
    deviations.close(manager, view.id, "Klar.", date.today())
    with pytest.raises(ValidationFailed):
        deviations.reopen(manager, view.id, " ")
    reopened = deviations.reopen(manager, view.id, "Ny uppgift om tidpunkten.")
    assert reopened.status is DeviationStatus.INVESTIGATING and reopened.closed_on is None
    with manager.reading() as session:
        changes = session.scalars(
            select(AuditEntry.changes).where(
                AuditEntry.entity == "deviations", AuditEntry.entity_id == view.id
            )
        ).all()
    assert any("Ny uppgift om tidpunkten." in c for c in changes)
    with pytest.raises(RuleViolation):
        deviations.reopen(manager, view.id, "Igen")


def test_who_may_do_what(
    staff: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    assert deviations.get_deviation(staff, view.id).number == view.number
    with pytest.raises(PermissionDenied):
        deviations.save_investigation(staff, view.id, investigation())
    with pytest.raises(PermissionDenied):
        deviations.close(staff, view.id, "Klar.", date.today())
    with pytest.raises(PermissionDenied):
        deviations.register(staff, registration(other_unit_id))
    elsewhere = deviations.register(
        manager.__class__.for_login(manager.db, "admin"), registration(other_unit_id)
    )
    with pytest.raises(PermissionDenied):
        deviations.get_deviation(manager, elsewhere.id)
    with pytest.raises(NotFound):
        deviations.get_deviation(manager, "00000000-0000-0000-0000-000000000000")


def test_void_keeps_the_record_with_its_reason(
    staff: Context, manager: Context, unit_id: str
) -> None:
    view = deviations.register(staff, registration(unit_id))
    with pytest.raises(PermissionDenied):
        deviations.void(staff, view.id, "Dubblett")
    voided = deviations.void(manager, view.id, "Dubblett")
    assert voided.archived and voided.archive_reason == "Dubblett"
    with pytest.raises(RuleViolation):
        deviations.save_investigation(manager, view.id, investigation())
    rows = listing.fetch(manager, "avvikelse", listing.ListQuery())
    assert view.id not in [r["id"] for r in rows]


def test_deadlines_come_from_the_settings(admin: Context, staff: Context, unit_id: str) -> None:
    deviations.set_deadline_rules(admin, DeadlineRules(1, 10, 2))
    view = deviations.register(staff, registration(unit_id))
    assert view.close_due == date.today() + timedelta(days=10)
    with pytest.raises(ValidationFailed):
        deviations.set_deadline_rules(admin, DeadlineRules(10, 5, 2))
    with pytest.raises(PermissionDenied):
        deviations.set_deadline_rules(staff, DeadlineRules())


def test_overdue_in_the_list_and_on_the_dashboard(
    admin: Context, staff: Context, manager: Context, unit_id: str
) -> None:
    deviations.set_deadline_rules(admin, DeadlineRules(0, 0, 0))
    view = deviations.register(staff, registration(unit_id))
    spec = listing.spec_for("avvikelse")
    [row] = listing.fetch(manager, "avvikelse", listing.ListQuery())
    later = date.today() + timedelta(days=1)
    assert spec.overdue is not None
    assert spec.overdue("start_due", row, later) and spec.overdue("close_due", row, later)
    assert not spec.overdue("start_due", row, date.today())
    board = dashboard.load_dashboard(manager, later)
    items = board.section("deviations_due").items
    assert [(i.record_id, i.overdue) for i in items] == [(view.id, True), (view.id, True)]
    deviations.save_investigation(manager, view.id, investigation())
    board = dashboard.load_dashboard(manager, later)
    assert [i.detail for i in board.section("deviations_due").items] == ["Avvikelsen ska avslutas"]


def test_the_lists_are_editable(admin: Context, staff: Context) -> None:
    assert "beviljad insats ej utförd" in deviations.lists(staff).categories
    assert deviations.lists(staff).legal_bases == ("SoL", "LSS", "HSL")
    saved = deviations.set_lists(admin, ["fall", "läkemedel"], ["SoL", "HSL"])
    assert deviations.lists(staff) == saved
    with pytest.raises(ValidationFailed):
        deviations.set_lists(admin, [], ["SoL"])
    with pytest.raises(ValidationFailed):
        deviations.set_lists(admin, ["fall", "Fall"], ["SoL"])
