"""Förändringar i insatser on a real database file: the register, the change, the people
affected, contacts, follow-up, closing, and who sees whom."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kvalitet_desktop.domain.errors import PermissionDenied, RuleViolation, ValidationFailed
from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.dashboard import load_dashboard
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    ChangeInput,
    Channel,
    ClosingInput,
    ContactInput,
    FollowUpInput,
    NeedsMet,
    PersonInput,
    Phase,
    WithWhom,
)

TODAY = date(2026, 4, 1)
START = date(2026, 3, 16)


def _register(ctx: Context, unit_id: str, *codes: str) -> None:
    for code in codes:
        individuals.save_individual(
            ctx, IndividualInput(code, unit_id, "Daglig verksamhet", date(2025, 1, 1))
        )


def _change(ctx: Context, *unit_ids: str) -> changes.ChangeView:
    data = ChangeInput(
        "Dagverksamheten stängs",
        list(unit_ids),
        ["stängning av verksamhet"],
        START,
        date(2026, 6, 1),
        reason="Smittspridning",
    )
    return changes.save_change(ctx, data, today=TODAY)


def _contact(**changes_: object) -> ContactInput:
    data = ContactInput(
        date(2026, 3, 12), Phase.BEFORE, Channel.PHONE, WithWhom.PERSON, "Kim Ek", True
    )
    for key, value in changes_.items():
        setattr(data, key, value)
    return data


def _staff(admin: Context, login: str, role: Role, unit_id: str) -> Context:
    organisation.save_user(
        admin,
        organisation.UserInput(login=login, name=login, roles=[role], unit_ids=[unit_id]),
    )
    return Context.for_login(admin.db, login)


# --- the register ---------------------------------------------------------------------------


def test_the_unit_manager_keeps_the_register_of_their_own_unit(
    manager: Context, unit_id: str, other_unit_id: str
) -> None:
    entry = individuals.save_individual(
        manager, IndividualInput("sol-01", unit_id, "Daglig verksamhet", date(2025, 2, 1))
    )
    assert entry.code == "SOL-01"
    assert [e.code for e in individuals.register(manager, unit_id)] == ["SOL-01"]
    with pytest.raises(PermissionDenied):
        individuals.save_individual(manager, IndividualInput("OST-01", other_unit_id))
    with pytest.raises(PermissionDenied):
        individuals.register(manager, other_unit_id)


def test_the_register_refuses_a_personnummer_a_taken_code_and_dates_out_of_order(
    admin: Context, unit_id: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        individuals.save_individual(
            admin,
            IndividualInput("19121212-1212", unit_id, None, date(2026, 2, 1), date(2026, 1, 1)),
        )
    fields = {e.field for e in refused.value.errors}
    assert fields == {"code", "to_on"}
    _register(admin, unit_id, "SOL-02")
    with pytest.raises(ValidationFailed, match="SOL-02 finns redan"):
        individuals.save_individual(admin, IndividualInput("SOL-02", unit_id))


def test_staff_may_read_but_not_change_the_register(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "SOL-03")
    staff = _staff(admin, "medarbetare", Role.STAFF, unit_id)
    assert [e.code for e in individuals.register(staff, unit_id)] == ["SOL-03"]
    with pytest.raises(PermissionDenied):
        individuals.save_individual(staff, IndividualInput("SOL-04", unit_id))


# --- the change and its people --------------------------------------------------------------


def test_a_units_participants_are_added_in_one_step(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "SOL-10", "SOL-11", "SOL-12")
    individuals.save_individual(
        admin, IndividualInput("SOL-13", unit_id, "Daglig verksamhet", None, date(2026, 1, 1))
    )
    change = _change(admin, unit_id)
    assert change.number == "IF-2026-0001"
    result = changes.add_unit_participants(admin, change.id, unit_id, today=TODAY)
    assert result.added == 3  # SOL-13's insats ended before the change
    assert [p.code for p in result.view.people] == ["SOL-10", "SOL-11", "SOL-12"]
    again = changes.add_unit_participants(admin, change.id, unit_id, today=TODAY)
    assert again.added == 0


def test_a_csv_list_with_bad_rows_is_refused_whole_naming_each_row(
    admin: Context, unit_id: str
) -> None:
    _register(admin, unit_id, "SOL-20", "SOL-21")
    change = _change(admin, unit_id)
    text = (
        "kod;insats;vad som förändras;uppehåll på egen begäran\n"
        "SOL-20;Daglig verksamhet;Stängd;nej\n"
        "19121212-1212;Daglig verksamhet;;nej\n"
        "SOL-21;Hemtjänst;;kanske\n"
        "SOL-20;Daglig verksamhet;;nej\n"
    )
    with pytest.raises(ValidationFailed) as refused:
        changes.import_people(admin, change.id, text, today=TODAY)
    messages = [e.message for e in refused.value.errors]
    assert messages[0].startswith("Rad 3: Ange en pseudonymiserad kod")
    assert messages[1] == "Rad 4: ”uppehåll på egen begäran” ska vara ja eller nej."
    assert messages[2] == "Rad 5: SOL-20 står redan på rad 2."
    assert changes.get_change(admin, change.id, today=TODAY).people == ()  # nothing half-imported
    good = "kod;insats;uppehåll på egen begäran\nSOL-20;Daglig verksamhet;nej\nsol-21;;ja\n"
    result = changes.import_people(admin, change.id, good, today=TODAY)
    assert result.added == 2
    assert [(p.code, p.paused_self) for p in result.view.people] == [
        ("SOL-20", False),
        ("SOL-21", True),
    ]


def test_a_csv_without_a_code_column_is_named(admin: Context, unit_id: str) -> None:
    change = _change(admin, unit_id)
    with pytest.raises(ValidationFailed, match="rubrikraden"):
        changes.import_people(admin, change.id, "namn;insats\nAnna;x\n", today=TODAY)


def test_contacts_drive_the_overview_and_the_dashboard(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "SOL-30", "SOL-31", "SOL-32")
    change = _change(admin, unit_id)
    reached = changes.add_person(
        admin, change.id, PersonInput("SOL-30", unit_id, probability=3, consequence=4), today=TODAY
    )
    silent = changes.add_person(admin, change.id, PersonInput("SOL-31", unit_id), today=TODAY)
    never = changes.add_person(admin, change.id, PersonInput("SOL-32", unit_id), today=TODAY)
    view = changes.log_contact(
        admin, reached.id, _contact(took_part=True, contacted_on=date(2026, 3, 30)), today=TODAY
    )
    assert view.row.next_due == date(2026, 4, 2)  # very high risk: 14 / 4 days
    assert not view.row.overdue
    not_answered = _contact(reached=False, contacted_on=date(2026, 3, 20))
    assert changes.log_contact(admin, silent.id, not_answered, today=TODAY).row.overdue
    overview = changes.get_change(admin, change.id, today=TODAY)
    rows = {p.code: p for p in overview.people}
    assert rows["SOL-30"].contacted_before and rows["SOL-30"].took_part
    assert rows["SOL-31"].days_since == 12 and not rows["SOL-31"].contacted_before
    assert rows["SOL-32"].overdue and rows["SOL-32"].next_due == START
    assert overview.summary.overdue == 2
    dashboard = load_dashboard(admin, TODAY)
    items = dashboard.section("insats_change_contacts_due").todo.items
    assert [i.title for i in items] == ["SOL-32", "SOL-31"]
    assert all(i.overdue for i in items)
    assert never.id  # the person never contacted is the first overdue


def test_a_contact_cannot_be_logged_in_the_future_or_agree_a_next_one_before_it(
    admin: Context, unit_id: str
) -> None:
    _register(admin, unit_id, "SOL-40")
    change = _change(admin, unit_id)
    person = changes.add_person(admin, change.id, PersonInput("SOL-40", unit_id), today=TODAY)
    bad = _contact(contacted_on=TODAY + timedelta(days=1), next_contact_on=TODAY, staff=" ")
    with pytest.raises(ValidationFailed) as refused:
        changes.log_contact(admin, person.id, bad, today=TODAY)
    assert {e.field for e in refused.value.errors} == {"contacted_on", "staff", "next_contact_on"}


def test_follow_up_and_closing(admin: Context, unit_id: str) -> None:
    _register(admin, unit_id, "SOL-50", "SOL-51")
    change = _change(admin, unit_id)
    first = changes.add_person(admin, change.id, PersonInput("SOL-50", unit_id), today=TODAY)
    second = changes.add_person(admin, change.id, PersonInput("SOL-51", unit_id), today=TODAY)
    changes.log_contact(admin, first.id, _contact(), today=TODAY)
    followed = changes.record_follow_up(
        admin,
        first.id,
        FollowUpInput(TODAY, NeedsMet.YES, {"trygghet": 4, "delaktighet": 5}, "Trivs"),
        today=TODAY,
    )
    assert followed.row.next_due is None  # needs met: no more contacts due
    with pytest.raises(ValidationFailed) as refused:
        changes.record_follow_up(
            admin, second.id, FollowUpInput(TODAY, NeedsMet.NO, {"trygghet": 9}), today=TODAY
        )
    assert refused.value.for_field("ratings.trygghet") == ["Svaren är 1–5 (eller inget svar)."]
    with pytest.raises(ValidationFailed, match="SOL-51"):
        changes.close_change(admin, change.id, ClosingInput(TODAY, "Ring tidigare."), today=TODAY)
    closed = changes.close_change(
        admin,
        change.id,
        ClosingInput(TODAY, "Ring tidigare.", "SOL-51 flyttade."),
        today=TODAY,
    )
    assert closed.closed and closed.lessons == "Ring tidigare."
    with pytest.raises(RuleViolation):
        changes.log_contact(admin, second.id, _contact(), today=TODAY)


def test_a_persons_details_are_only_for_users_of_their_unit(
    admin: Context, unit_id: str, other_unit_id: str
) -> None:
    _register(admin, unit_id, "SOL-60")
    _register(admin, other_unit_id, "OST-60")
    change = _change(admin, unit_id, other_unit_id)
    mine = changes.add_person(admin, change.id, PersonInput("SOL-60", unit_id), today=TODAY)
    theirs = changes.add_person(admin, change.id, PersonInput("OST-60", other_unit_id), today=TODAY)
    staff = _staff(admin, "medarbetare", Role.STAFF, unit_id)
    view = changes.get_change(staff, change.id, today=TODAY)
    assert [p.code for p in view.people] == ["SOL-60"]
    assert view.hidden_people == 1 and view.summary.total == 2
    assert changes.get_person(staff, mine.id, today=TODAY).code == "SOL-60"
    with pytest.raises(PermissionDenied):
        changes.get_person(staff, theirs.id, today=TODAY)
    with pytest.raises(PermissionDenied):
        changes.log_contact(staff, theirs.id, _contact(), today=TODAY)
    outsider = _staff(
        admin,
        "annan",
        Role.STAFF,
        organisation.add_unit(
            admin, organisation.organisation_tree(admin)[0].areas[2].id, "Boende Tallen"
        ),
    )
    with pytest.raises(PermissionDenied):
        changes.get_change(outsider, change.id, today=TODAY)


def test_a_group_risk_analysis_is_started_from_the_change(admin: Context, unit_id: str) -> None:
    change = _change(admin, unit_id)
    linked = changes.start_group_analysis(admin, change.id, today=TODAY)
    assert linked.risk_analysis_title == "Riskanalys: Dagverksamheten stängs"
    assert (linked.risk_analysis_id, linked.risk_analysis_title) in changes.risk_analyses_for(
        admin, unit_id
    )


def test_a_person_offers_their_facts_to_a_linked_record_and_a_measure_answers_to_them(
    admin: Context, unit_id: str, other_unit_id: str
) -> None:
    _register(admin, unit_id, "SOL-70")
    from kvalitet_desktop.domain.linked_records import RecordRef
    from kvalitet_desktop.services import record_links
    from kvalitet_desktop.workflows.measures import service as measures

    change = _change(admin, unit_id)
    person = changes.add_person(
        admin,
        change.id,
        PersonInput("SOL-70", unit_id, what_changes_for_them="Ingen dagverksamhet"),
    )
    facts = record_links.source_facts(admin, RecordRef("insatsforandring", person.id))
    assert (facts.unit_id, facts.individual, facts.label) == (
        unit_id,
        "SOL-70",
        "Förändring i insatser IF-2026-0001 (SOL-70)",
    )
    assert "Ingen dagverksamhet" in facts.description
    measure_id = changes.add_measure(
        admin,
        person.id,
        measures.MeasureInput("Promenadgrupp", "", None, admin.actor.id, TODAY + timedelta(30)),
    )
    (link,) = measures.get_measure(admin, measure_id).links
    assert link.text == "Förändring i insatser IF-2026-0001, SOL-70"
    assert link.record_id == change.id
    assert changes.change_id_of(admin, person.id) == change.id
    outsider = _staff(admin, "annan", Role.STAFF, other_unit_id)
    with pytest.raises(PermissionDenied):
        record_links.source_facts(outsider, RecordRef("insatsforandring", person.id))
    with outsider.reading() as session:
        assert changes.linked_summary(outsider, session, person.id) is None


def test_the_history_shows_the_change_and_only_the_people_the_reader_may_see(
    admin: Context, unit_id: str, other_unit_id: str
) -> None:
    _register(admin, unit_id, "SOL-80")
    _register(admin, other_unit_id, "OST-80")
    from kvalitet_desktop.services import history

    change = _change(admin, unit_id, other_unit_id)
    mine = changes.add_person(admin, change.id, PersonInput("SOL-80", unit_id), today=TODAY)
    changes.add_person(admin, change.id, PersonInput("OST-80", other_unit_id), today=TODAY)
    changes.log_contact(admin, mine.id, _contact(), today=TODAY)

    def people_added(ctx: Context) -> int:
        entries = history.record_history(ctx, "insatsforandring", change.id)
        return sum(e.entity == "Berörd person" and e.action == "Skapad" for e in entries)

    entities = {e.entity for e in history.record_history(admin, "insatsforandring", change.id)}
    assert {"Förändring i insatser", "Berörd person", "Kontakt"} <= entities
    assert people_added(admin) == 2
    assert people_added(_staff(admin, "medarbetare", Role.STAFF, unit_id)) == 1


def test_participants_come_only_from_the_changes_own_units(
    admin: Context, unit_id: str, other_unit_id: str
) -> None:
    _register(admin, other_unit_id, "OST-90")
    change = _change(admin, unit_id)
    with pytest.raises(ValidationFailed) as refused:
        changes.add_unit_participants(admin, change.id, other_unit_id, today=TODAY)
    assert refused.value.for_field("unit_id") == ["Välj en av förändringens enheter."]
