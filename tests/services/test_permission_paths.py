"""Reading what one may not, by every path the services offer: opening, lists, history,
reports, the dashboard. Each refusal is in the audit log, without the record's contents."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from lexsarah_answers import investigation_answers, notification_answers, report_answers
from sqlalchemy import select

from kvalitet_desktop.domain.errors import PermissionDenied
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import dashboard, history, listing, organisation, report_data
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.risk import service as risk

CASE_TITLE = "Larmet fungerade inte"


def user(admin: Context, login: str, role: Role, units: list[str]) -> Context:
    organisation.save_user(admin, organisation.UserInput(login, login.title(), None, [role], units))
    return Context.for_login(admin.db, login)


def denied(ctx: Context) -> list[AuditEntry]:
    with ctx.reading() as session:
        return list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "denied", AuditEntry.user_login == ctx.actor.login)
                .order_by(AuditEntry.seq)
            )
        )


def details(entry: AuditEntry) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(entry.changes)
    return loaded


# --- a medarbetare and a lex Sarah case ------------------------------------------------------


@pytest.fixture
def case(admin: Context, unit_id: str, lex_sarah_individual: str) -> dict[str, Any]:
    """A received case of the medarbetare's own unit, investigated by someone else."""
    staff = user(admin, "mia.medarbetare", Role.STAFF, [unit_id])
    handler = user(admin, "lena.lind", Role.LEX_SARAH, [unit_id])
    case_id = lexsarah.file_report(
        staff, lexsarah.ReportInput(CASE_TITLE, report_answers(unit_id, handler.actor.id))
    ).id
    lexsarah.receive(
        handler,
        case_id,
        lexsarah.ReceiptInput(datetime(2026, 3, 2, 10, 0), True, None, handler.actor.id),
    )
    return {"id": case_id, "staff": staff, "handler": handler}


def test_a_medarbetare_cannot_open_a_case_of_their_own_unit(case: dict[str, Any]) -> None:
    staff: Context = case["staff"]
    readers = (
        lambda: lexsarah.get_case(staff, case["id"]),
        lambda: lexsarah.case_answers(staff, case["id"], "lex_sarah_rapport"),
        lambda: lexsarah.ivo_prefill(staff, case["id"]),
        lambda: lexsarah.event_time_in_words(staff, case["id"]),
    )
    for read in readers:
        with pytest.raises(PermissionDenied, match="Lex Sarah-ärenden kan bara öppnas"):
            read()
    logged = denied(staff)
    assert [details(e) for e in logged] == [{"action": "lexsarah.read"}] * len(readers)
    assert {(e.entity, e.entity_id) for e in logged} == {("lex_sarah_cases", case["id"])}
    # The refusal names what was refused, never what the case holds.
    assert all(CASE_TITLE not in e.changes for e in logged)
    with staff.reading() as session:
        opened = session.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "open", AuditEntry.entity_id == case["id"]
            )
        ).all()
    assert opened == []


def test_a_medarbetare_sees_only_the_status_of_their_own_report(case: dict[str, Any]) -> None:
    staff: Context = case["staff"]
    own = lexsarah.my_reports(staff)
    assert [(r.id, r.title, r.status.value) for r in own] == [(case["id"], CASE_TITLE, "mottagen")]
    assert listing.count(staff, "lexsarah", listing.ListQuery()) == 0
    assert listing.fetch(staff, "lexsarah", listing.ListQuery()) == []
    board = dashboard.load_dashboard(staff, today=date(2026, 5, 1))
    assert board.section("lex_sarah_due").total == 0
    assert listing.count(case["handler"], "lexsarah", listing.ListQuery()) == 1


def test_a_medarbetare_cannot_read_a_case_through_its_history(case: dict[str, Any]) -> None:
    staff: Context = case["staff"]
    with pytest.raises(PermissionDenied):
        history.record_history(staff, "lexsarah", case["id"])
    assert [details(e)["action"] for e in denied(staff)] == ["lexsarah.read"]
    assert history.record_history(case["handler"], "lexsarah", case["id"])


@pytest.mark.parametrize(
    "report", ["lexsarah-rapport", "lexsarah-utredning", "ivo-anmalan", "lexsarah-apt"]
)
def test_a_medarbetare_cannot_read_a_case_through_its_reports(
    case: dict[str, Any], report: str
) -> None:
    staff: Context = case["staff"]
    with pytest.raises(PermissionDenied, match="Lex Sarah-ärenden kan bara öppnas"):
        report_data.build_report(staff, report, case["id"])
    assert [details(e)["action"] for e in denied(staff)] == ["lexsarah.read"]


# --- the investigator appointed to a case: the exception to the table ------------------------


def test_the_appointed_investigator_reads_investigates_and_assesses_only_their_case(
    admin: Context, unit_id: str, lex_sarah_individual: str
) -> None:
    handler = user(admin, "lena.lind", Role.LEX_SARAH, [unit_id])
    appointed = user(admin, "eva.ek", Role.INVESTIGATOR, [unit_id])
    colleague = user(admin, "olle.ohm", Role.INVESTIGATOR, [unit_id])

    def received() -> str:
        case_id = lexsarah.file_report(
            handler, lexsarah.ReportInput(CASE_TITLE, report_answers(unit_id, handler.actor.id))
        ).id
        receipt = lexsarah.ReceiptInput(
            datetime(2026, 3, 2, 10, 0), True, None, appointed.actor.id, True
        )
        lexsarah.receive(handler, case_id, receipt)
        return case_id

    mine, other = received(), received()  # both appointed to the same investigator
    answers = investigation_answers(appointed.actor.id, handler.actor.id, "missförhållande")
    view = lexsarah.save_investigation(appointed, mine, answers)
    assert view.seriousness is not None and lexsarah.get_case(appointed, mine).number
    assert listing.count(appointed, "lexsarah", listing.ListQuery()) == 2
    assert listing.count(colleague, "lexsarah", listing.ListQuery()) == 0
    with pytest.raises(PermissionDenied, match="kan bara öppnas"):
        lexsarah.get_case(colleague, mine)
    notification = notification_answers(unit_id, appointed.actor.id, attached=False)
    with pytest.raises(PermissionDenied, match="registrera anmälan"):
        lexsarah.notify_ivo(appointed, other, notification)
    with pytest.raises(PermissionDenied, match="avsluta lex Sarah-ärenden"):
        lexsarah.close(appointed, mine)
    assert [details(e)["action"] for e in denied(appointed)] == [
        "lexsarah.notify",
        "lexsarah.close",
    ]


# --- a user of another unit ------------------------------------------------------------------


@pytest.fixture
def elsewhere(admin: Context, unit_id: str, other_unit_id: str) -> dict[str, Any]:
    """An analysis, a measure and its follow-up of the other unit, and an enhetschef of the
    first unit only."""
    manager = user(admin, "marta.chef", Role.UNIT_MANAGER, [unit_id])
    analysis = risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            "Hemtjänstens nattbemanning",
            other_unit_id,
            events=[risk.EventInput("Ensam nattpersonal", None, None, 4, 4)],
        ),
    ).id
    measure = measures.create_measure(
        admin,
        measures.MeasureInput(
            "Dubbelbemanning vid larm", other_unit_id, None, admin.actor.id, date.today()
        ),
    ).id
    follow_up = followups.plan_follow_up(
        admin, measure, followups.PlanInput(date.today(), "Samtal", admin.actor.id)
    ).id
    return {
        "manager": manager,
        "unit": other_unit_id,
        "riskanalys": analysis,
        "atgard": measure,
        "uppfoljning": follow_up,
    }


def test_another_units_records_cannot_be_opened(elsewhere: dict[str, Any]) -> None:
    manager: Context = elsewhere["manager"]
    openers = {
        "riskanalys": risk.get_analysis,
        "atgard": measures.get_measure,
        "uppfoljning": followups.get_follow_up,
    }
    for kind, open_record in openers.items():
        with pytest.raises(PermissionDenied, match="den enheten"):
            open_record(manager, elsewhere[kind])
    logged = [details(e) for e in denied(manager)]
    assert logged == [
        {"action": "units.all", "attempted": f"{kind}.read", "unit_id": elsewhere["unit"]}
        for kind in openers
    ]


@pytest.mark.parametrize("kind", ["riskanalys", "atgard", "uppfoljning"])
def test_another_units_records_are_not_listed_nor_their_history_read(
    elsewhere: dict[str, Any], admin: Context, kind: str
) -> None:
    manager: Context = elsewhere["manager"]
    rows = listing.fetch(manager, kind, listing.ListQuery(include_archived=True))
    assert elsewhere[kind] not in {r["id"] for r in rows}
    asked = listing.ListQuery(unit_id=elsewhere["unit"])
    assert listing.count(manager, kind, asked) == 0
    assert listing.count(admin, kind, asked) == 1
    with pytest.raises(PermissionDenied):
        history.record_history(manager, kind, elsewhere[kind])


@pytest.mark.parametrize("kind", ["riskanalys", "uppfoljning"])
def test_another_units_records_are_not_reported(elsewhere: dict[str, Any], kind: str) -> None:
    with pytest.raises(PermissionDenied, match="den enheten"):
        report_data.build_report(elsewhere["manager"], kind, elsewhere[kind])


def test_another_units_measures_are_not_in_the_plan(
    elsewhere: dict[str, Any], admin: Context
) -> None:
    manager: Context = elsewhere["manager"]
    with pytest.raises(PermissionDenied, match="den enheten"):
        report_data.build_report(manager, "atgardsplan", unit_id=elsewhere["unit"])
    every_visible = report_data.build_report(manager, "atgardsplan")
    assert all(u.unit != "Hemtjänst Öster" for u in every_visible.units)
    everything = report_data.build_report(admin, "atgardsplan")
    assert "Hemtjänst Öster" in {u.unit for u in everything.units}


def test_another_units_records_are_not_on_the_dashboard(
    elsewhere: dict[str, Any], admin: Context
) -> None:
    manager: Context = elsewhere["manager"]
    board = dashboard.load_dashboard(manager)
    shown = {item.record_id for section in board.sections for item in section.items}
    assert elsewhere["riskanalys"] not in shown
    assert elsewhere["unit"] not in {row.unit_id for row in board.units}
    assert elsewhere["riskanalys"] in {
        item.record_id
        for section in dashboard.load_dashboard(admin).sections
        for item in section.items
    }


def test_a_refusal_inside_a_unit_of_work_is_logged_after_the_rollback(
    elsewhere: dict[str, Any], unit_id: str
) -> None:
    """Moving another unit's analysis into one's own: the stored unit is refused inside the
    save, nothing of it is kept, and the refusal is still in the log."""
    manager: Context = elsewhere["manager"]
    stored = risk.get_analysis(Context.for_login(manager.db, "admin"), elsewhere["riskanalys"])
    data = stored.to_input()
    data.unit_id, data.title = unit_id, "Flyttad"
    with pytest.raises(PermissionDenied):
        risk.save_analysis(manager, data, stored.id)
    after = risk.get_analysis(Context.for_login(manager.db, "admin"), stored.id)
    assert (after.title, after.unit_id) == (stored.title, stored.unit_id)
    assert [details(e)["attempted"] for e in denied(manager)] == ["riskanalys.update"]
