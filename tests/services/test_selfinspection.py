"""Egenkontroll through its service on a real database: the plan schedules checks, a check is
performed with its checklist, plan versus done, transitions and permissions per role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from kvalitet_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import load_dashboard
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import (
    Assessment,
    CheckStatus,
    DueState,
    Frequency,
    ReviewedKind,
)
from kvalitet_desktop.workflows.selfinspection.models import SelfInspectionCheck

FORM = "egenkontroll_lakemedel"
YEAR = date.today().year


def _user(admin: Context, login: str, role: Role, unit_id: str) -> Context:
    organisation.save_user(
        admin,
        organisation.UserInput(
            login=login, name=f"Test {login}", title="Titel", roles=[role], unit_ids=[unit_id]
        ),
    )
    return Context.for_login(admin.db, login)


def plan_input(unit_id: str, responsible: str, **changes: object) -> service.PlanItemInput:
    data = service.PlanItemInput(
        unit_id=unit_id,
        year=YEAR,
        title="Läkemedelshantering på enheten",
        method="observation",
        frequency=Frequency.QUARTERLY,
        responsible_id=responsible,
        on_failure="Enhetschefen registrerar en avvikelse och tar upp den med sjuksköterskan.",
        form_id=FORM,
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def all_answered(form_id: str, ctx: Context, answer: Assessment = Assessment.MET) -> FormAnswers:
    form = service.forms.catalog(ctx).get(form_id)
    values: dict[str, object] = {}
    for f in service.requirements_of(form):
        values[f.id] = answer.value
        if answer.is_shortcoming:
            values[f"{f.id}_kommentar"] = f"Brist vid {f.id}"
    return FormAnswers(values)


def performed(day: date | None = None) -> service.PerformInput:
    return service.PerformInput(
        performed_on=day or date.today(),
        reviewed=[service.ReviewedInput(ReviewedKind.SIGNING_LISTS, 12)],
        reviewed_note="Listorna för vecka 10–11.",
        summary="Rutinerna följs i stort.",
    )


def test_a_plan_item_schedules_its_checks_for_the_year(manager: Context, unit_id: str) -> None:
    item = service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    assert item.tally.planned == 4
    checks = service.checks_of_year(manager, unit_id, YEAR)
    assert [c.planned_on for c in checks] == [
        date(YEAR, 3, 31),
        date(YEAR, 6, 30),
        date(YEAR, 9, 30),
        date(YEAR, 12, 31),
    ]
    assert {c.status for c in checks} == {CheckStatus.PLANNED}


def test_changing_the_frequency_follows_the_schedule_and_keeps_done_checks(
    manager: Context, unit_id: str
) -> None:
    item = service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    first = service.checks_of_year(manager, unit_id, YEAR)[0]
    service.perform_check(
        manager,
        first.id,
        performed(date(YEAR, 3, 20)),
        all_answered(FORM, manager),
        today=date(YEAR, 3, 31),
    )
    chosen = [date(YEAR, 5, 15), date(YEAR, 10, 15)]
    changed = service.save_plan_item(
        manager,
        plan_input(
            unit_id, manager.actor.id, frequency=Frequency.CHOSEN_DATES, chosen_dates=chosen
        ),
        item.id,
    )
    checks = service.checks_of_year(manager, unit_id, YEAR)
    assert [c.planned_on for c in checks] == [date(YEAR, 3, 31), *chosen]
    assert checks[0].status is CheckStatus.DONE
    assert changed.tally.planned == 3 and changed.tally.done == 1
    with manager.reading() as session:
        voided = session.scalar(
            select(func.count())
            .select_from(SelfInspectionCheck)
            .where(SelfInspectionCheck.archived_at.is_not(None))
        )
    assert voided == 3  # the three planned quarter days no longer in the plan, kept as voided


def test_plan_item_input_is_checked_at_each_field(manager: Context, unit_id: str) -> None:
    data = plan_input(
        unit_id,
        manager.actor.id,
        title="",
        method=" ",
        frequency=Frequency.CHOSEN_DATES,
        chosen_dates=[date(YEAR + 1, 1, 5)],
        on_failure="",
        form_id="finns_inte",
        year=1066,
    )
    with pytest.raises(ValidationFailed) as caught:
        service.save_plan_item(manager, data)
    fields = {e.field for e in caught.value.errors}
    assert {"title", "method", "on_failure", "form_id", "year", "chosen_dates"} <= fields
    assert all(e.message and e.message[0].isupper() for e in caught.value.errors)


def test_performing_records_answers_provenance_and_findings(manager: Context, unit_id: str) -> None:
    service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    check = service.checks_of_year(manager, unit_id, YEAR)[0]
    answers = all_answered(FORM, manager)
    answers.values["signering_komplett"] = Assessment.NOT_MET.value
    answers.values["signering_komplett_kommentar"] = "Tre signaturer saknas under helgen."
    view = service.perform_check(manager, check.id, performed(), answers)
    assert view.status is CheckStatus.DONE
    assert view.performed_by_name == "Märta Enhetschef"
    assert [(r.kind, r.count) for r in view.reviewed] == [(ReviewedKind.SIGNING_LISTS, 12)]
    not_met = [f for f in view.findings if f.assessment is Assessment.NOT_MET]
    assert len(not_met) == 1
    assert "Tre signaturer saknas" in not_met[0].quote
    again = service.get_check(manager, check.id)
    assert again.answers.values["signering_komplett"] == "ej_uppfyllt"
    with manager.reading() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == check.id)).all()
    assert entries, "performing a check leaves an audit entry"


def test_a_check_needs_complete_answers_reviewed_material_and_described_shortcomings(
    manager: Context, unit_id: str
) -> None:
    service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    check = service.checks_of_year(manager, unit_id, YEAR)[0]
    answers = all_answered(FORM, manager)
    answers.values["forvaring_last"] = Assessment.PARTLY.value  # no comment
    del answers.values["kyl_temperatur"]
    data = service.PerformInput(
        performed_on=date.today() + timedelta(days=3),
        reviewed=[],
        reviewed_note="Granskade akten för 19121212-1212",
    )
    with pytest.raises(ValidationFailed) as caught:
        service.perform_check(manager, check.id, data, answers)
    fields = {e.field for e in caught.value.errors}
    assert {
        "performed_on",
        "reviewed",
        "reviewed_note",
        "kyl_temperatur",
        "forvaring_last_kommentar",
    } <= fields
    assert service.get_check(manager, check.id).status is CheckStatus.PLANNED


def test_reviewed_rows_need_kind_and_count(manager: Context, unit_id: str) -> None:
    service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    check = service.checks_of_year(manager, unit_id, YEAR)[0]
    data = service.PerformInput(
        performed_on=date.today(), reviewed=[service.ReviewedInput(None, 0)]
    )
    with pytest.raises(ValidationFailed) as caught:
        service.perform_check(manager, check.id, data, all_answered(FORM, manager))
    assert {e.field for e in caught.value.errors} >= {"reviewed.0.kind", "reviewed.0.count"}


def test_transitions_cancel_restore_reopen_and_void(manager: Context, unit_id: str) -> None:
    service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    first, second = service.checks_of_year(manager, unit_id, YEAR)[:2]
    cancelled = service.cancel_check(manager, first.id, "Enheten stängd under renovering")
    assert cancelled.status is CheckStatus.CANCELLED
    with pytest.raises(RuleViolation):
        service.perform_check(manager, first.id, performed(), all_answered(FORM, manager))
    with pytest.raises(ValidationFailed):
        service.cancel_check(manager, second.id, "  ")
    assert service.restore_check(manager, first.id).status is CheckStatus.PLANNED
    service.perform_check(manager, first.id, performed(), all_answered(FORM, manager))
    with pytest.raises(RuleViolation):
        service.perform_check(manager, first.id, performed(), all_answered(FORM, manager))
    with pytest.raises(RuleViolation):
        service.cancel_check(manager, first.id, "För sent")
    reopened = service.reopen_check(manager, first.id, "Fel checklista ifylld")
    assert (
        reopened.status is CheckStatus.PLANNED and reopened.status_reason == "Fel checklista ifylld"
    )
    voided = service.archive_check(manager, second.id, "Dubblett")
    assert voided.archived
    with pytest.raises(RuleViolation):
        service.cancel_check(manager, second.id, "Makulerad redan")


def test_plan_versus_done_per_unit_and_year(manager: Context, unit_id: str) -> None:
    service.save_plan_item(
        manager, plan_input(unit_id, manager.actor.id, frequency=Frequency.MONTHLY)
    )
    service.save_plan_item(
        manager,
        plan_input(
            unit_id,
            manager.actor.id,
            title="Brandskydd",
            form_id="egenkontroll_brandskydd",
            frequency=Frequency.HALF_YEARLY,
        ),
    )
    checks = service.checks_of_year(manager, unit_id, YEAR)
    january = next(c for c in checks if c.planned_on == date(YEAR, 1, 31))
    service.perform_check(
        manager,
        january.id,
        performed(date(YEAR, 2, 3)),
        all_answered(FORM, manager),
        today=date(YEAR, 12, 31),
    )
    june = next(c for c in checks if c.planned_on == date(YEAR, 6, 30) and c.title == "Brandskydd")
    service.cancel_check(manager, june.id, "Ersatt av brandmyndighetens tillsyn")
    plan = service.plan_versus_done(manager, unit_id, YEAR, today=date(YEAR, 7, 1))
    monthly = next(i for i in plan.items if i.title != "Brandskydd")
    assert (monthly.tally.planned, monthly.tally.done, monthly.tally.done_late) == (12, 1, 1)
    assert monthly.tally.overdue == 5  # February to June have passed on 1 July
    assert plan.total.planned == 13 and plan.total.cancelled == 1
    assert service.plan_versus_done(manager, unit_id, YEAR - 1).items == ()


def test_the_list_shows_due_dates_and_the_dashboard_due_and_overdue_checks(
    manager: Context, unit_id: str
) -> None:
    today = date.today()
    soon, past, later = (
        today + timedelta(days=5),
        today - timedelta(days=3),
        today + timedelta(days=60),
    )
    days = sorted(d for d in (soon, past, later) if d.year == YEAR)
    service.save_plan_item(
        manager,
        plan_input(unit_id, manager.actor.id, frequency=Frequency.CHOSEN_DATES, chosen_dates=days),
    )
    rows = listing.fetch(manager, "egenkontroll", listing.ListQuery())
    assert {r["due"] for r in rows} == set(days)
    assert rows[0]["form"] == "Egenkontroll – läkemedelshantering (HSL-delegering)"
    dashboard = load_dashboard(manager, today)
    section = dashboard.section("self_inspections_due")
    shown = {(i.when, i.overdue) for i in section.items}
    assert shown == {(d, d < today) for d in days if d <= today + timedelta(days=14)}
    overdue_column = next(c for c in dashboard.columns if c.key == "self_inspections_overdue")
    assert overdue_column.alert
    unit_row = next(u for u in dashboard.units if u.unit_id == unit_id)
    assert unit_row.counts["self_inspections_overdue"] == (1 if past.year == YEAR else 0)


def test_due_state_of_a_check() -> None:
    from kvalitet_desktop.workflows.selfinspection.domain import due_state

    today = date(2026, 5, 10)
    assert due_state(CheckStatus.PLANNED, date(2026, 5, 9), today) is DueState.OVERDUE
    assert due_state(CheckStatus.PLANNED, date(2026, 5, 10), today) is DueState.DUE
    assert due_state(CheckStatus.PLANNED, date(2026, 5, 24), today) is DueState.DUE
    assert due_state(CheckStatus.PLANNED, date(2026, 5, 25), today) is DueState.NONE
    assert due_state(CheckStatus.DONE, date(2026, 5, 1), today) is DueState.NONE
    assert due_state(CheckStatus.CANCELLED, date(2026, 5, 1), today) is DueState.NONE


def test_roles_staff_performs_but_does_not_plan(
    admin: Context, manager: Context, unit_id: str, other_unit_id: str
) -> None:
    staff = _user(admin, "personal", Role.STAFF, unit_id)
    with pytest.raises(PermissionDenied):
        service.save_plan_item(staff, plan_input(unit_id, staff.actor.id))
    service.save_plan_item(manager, plan_input(unit_id, staff.actor.id))
    check = service.checks_of_year(staff, unit_id, YEAR)[0]
    assert (
        service.perform_check(staff, check.id, performed(), all_answered(FORM, staff)).status
        is CheckStatus.DONE
    )
    with pytest.raises(PermissionDenied):
        service.reopen_check(staff, check.id, "Vill ändra")
    with pytest.raises(PermissionDenied):
        service.archive_check(staff, check.id, "Vill ta bort")
    elsewhere = _user(admin, "annanchef", Role.UNIT_MANAGER, other_unit_id)
    with pytest.raises(PermissionDenied):
        service.get_check(elsewhere, check.id)
    with pytest.raises(PermissionDenied):
        service.plan_versus_done(elsewhere, unit_id, YEAR)
    assert listing.fetch(elsewhere, "egenkontroll", listing.ListQuery()) == []
    with pytest.raises(NotFound):
        service.get_check(manager, "finns-inte")


def test_methods_are_an_editable_list(admin: Context, manager: Context) -> None:
    assert "akt- och journalgranskning" in service.methods(manager)
    with pytest.raises(PermissionDenied):
        service.set_methods(manager, ["enkät"])
    with pytest.raises(ValidationFailed):
        service.set_methods(admin, ["enkät", "Enkät", ""])
    assert service.set_methods(admin, ["enkät", "  egen   genomgång "]) == [
        "enkät",
        "egen genomgång",
    ]
    assert service.methods(manager) == ["enkät", "egen genomgång"]


def test_only_forms_with_requirement_questions_are_checklists(manager: Context) -> None:
    ids = {c.id for c in service.checklists(manager)}
    assert {
        "egenkontroll_genomforandeplaner",
        "egenkontroll_akt_journal",
        "egenkontroll_kontaktmannaskap",
        "egenkontroll_lakemedel",
        "egenkontroll_brandskydd",
        "egenkontroll_placerade_barn",
    } <= ids
    assert "lex_sarah_rapport" not in ids


def test_a_shortcoming_is_offered_to_a_linked_record_with_the_answer_quoted(
    admin: Context, manager: Context, unit_id: str, lex_sarah_individual: str
) -> None:
    """The check as a source of linked records: what it offers quotes its shortcomings, and a
    record made from it (here a lex Sarah rapport, the target kind on main today) shows at the
    check with number and status only to those who may read that record."""
    from lexsarah_answers import report_answers

    from kvalitet_desktop.domain.linked_records import RecordRef
    from kvalitet_desktop.services.report_data import build_report
    from kvalitet_desktop.workflows.lexsarah import service as lexsarah

    service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    first, second = service.checks_of_year(manager, unit_id, YEAR)[:2]
    with pytest.raises(RuleViolation):
        service.source_facts(manager, first.id)  # not performed: nothing to report
    answers = all_answered(FORM, manager)
    answers.values["delegering_giltig"] = Assessment.NOT_MET.value
    answers.values["delegering_giltig_kommentar"] = "Två vikarier saknar delegering."
    service.perform_check(manager, first.id, performed(), answers)
    facts = service.source_facts(manager, first.id)
    assert facts.source == RecordRef("egenkontroll", first.id)
    assert facts.unit_id == unit_id
    assert (
        "”All personal som ger läkemedel har en giltig, skriftlig delegering” – ej uppfyllt: "
        "Två vikarier saknar delegering." in facts.description
    )
    service.perform_check(manager, second.id, performed(), all_answered(FORM, manager))
    with pytest.raises(RuleViolation):
        service.source_facts(manager, second.id)  # every requirement met

    handler = _user(admin, "lexsarah", Role.LEX_SARAH, unit_id)
    lexsarah.file_report(
        manager,
        lexsarah.ReportInput(
            "Delegering saknas",
            report_answers(unit_id, handler.actor.id),
            source=RecordRef("egenkontroll", first.id),
        ),
    )
    (seen_by_manager,) = service.made_from(manager, first.id)
    assert seen_by_manager.summary is None  # the case is the lex Sarah role's to read
    (seen_by_handler,) = service.made_from(handler, first.id)
    assert seen_by_handler.summary is not None
    assert seen_by_handler.summary.number.startswith("LS-")
    report = build_report(manager, "egenkontroll", first.id)
    assert [line.status for line in report.linked] == ["–"]
    assert "visas bara för den som får läsa" in report.linked[0].label
    handler_report = build_report(handler, "egenkontroll", first.id)
    assert handler_report.linked[0].label.startswith("Lex Sarah-ärende LS-")
    assert service.made_from(manager, second.id) == []


def test_a_measure_answers_to_a_check(manager: Context, unit_id: str) -> None:
    from kvalitet_desktop.workflows.measures import service as measures

    service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    check = service.checks_of_year(manager, unit_id, YEAR)[0]
    answers = all_answered(FORM, manager)
    answers.values["kyl_temperatur"] = Assessment.PARTLY.value
    answers.values["kyl_temperatur_kommentar"] = "Ingen avläsning under semestern."
    view = service.perform_check(manager, check.id, performed(), answers)
    prefill = service.measure_prefill(view)
    assert "Ingen avläsning under semestern." in (prefill.description or "")
    prefill.responsible_id = manager.actor.id
    prefill.due_date = date.today() + timedelta(days=30)
    made = measures.create_measure(manager, prefill)
    assert service.measures_for(manager, check.id) == [
        service.MeasureLine(made.id, made.title, made.status.value)
    ]
    assert [link.text for link in made.links] == [
        f"Egenkontroll {date.today().isoformat()}: ”Läkemedelshantering på enheten”"
    ]


def test_voiding_a_plan_item_voids_its_planned_checks_and_keeps_done_ones(
    admin: Context, manager: Context, unit_id: str
) -> None:
    item = service.save_plan_item(manager, plan_input(unit_id, manager.actor.id))
    first = service.checks_of_year(manager, unit_id, YEAR)[0]
    service.perform_check(manager, first.id, performed(), all_answered(FORM, manager))
    staff = _user(admin, "personal2", Role.STAFF, unit_id)
    with pytest.raises(PermissionDenied):
        service.archive_plan_item(staff, item.id, "Behövs inte")
    with pytest.raises(ValidationFailed):
        service.archive_plan_item(manager, item.id, "")
    voided = service.archive_plan_item(manager, item.id, "Ersätts av regionens granskning")
    assert voided.archived
    assert [c.id for c in service.checks_of_year(manager, unit_id, YEAR)] == []
    assert service.get_check(manager, first.id).status is CheckStatus.DONE
    assert service.plan_versus_done(manager, unit_id, YEAR).items == ()
    with pytest.raises(ValidationFailed):
        service.save_plan_item(manager, plan_input(unit_id, manager.actor.id), item.id)
