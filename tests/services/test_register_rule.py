"""The one rule for individuals' codes in records: a code comes from the unit's register (or
is one the record already holds, or one its source passed on); no service adds to the
register on the side."""

from __future__ import annotations

from datetime import date

import pytest
from deviation_inputs import registration
from lexsarah_answers import report_answers
from sqlalchemy import func, select

from kvalitet_desktop.domain.errors import PermissionDenied, ValidationFailed
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import Individual
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.service import ChangeInput, PersonInput
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel
from registers import register

TODAY = date(2026, 4, 1)


def _people_in_registers(ctx: Context) -> int:
    with ctx.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Individual)) or 0)


def _fields(error: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.message for e in error.value.errors}


@pytest.fixture
def staff(admin: Context, unit_id: str) -> Context:
    organisation.save_user(
        admin, organisation.UserInput("personal", "Pia Personal", None, [Role.STAFF], [unit_id])
    )
    return Context.for_login(admin.db, "personal")


def _analysis(unit_id: str, code: str) -> risk.RiskAnalysisInput:
    return risk.RiskAnalysisInput(
        title="Fallrisk vid förflyttning",
        unit_id=unit_id,
        level=AnalysisLevel.INDIVIDUAL,
        individual_code=code,
        scope_description="Förflyttning mellan säng och rullstol.",
        events=[risk.EventInput("Halkar", "Glatt golv", None, 3, 4)],
    )


def test_a_risk_analysis_names_only_a_registered_or_held_code(admin: Context, unit_id: str) -> None:
    before = _people_in_registers(admin)
    with pytest.raises(ValidationFailed) as refused:
        risk.save_analysis(admin, _analysis(unit_id, "SOL-99"))
    message = _fields(refused)["individual_code"]
    assert "SOL-99 finns inte i enhetens register" in message and "enhetschefen" in message
    assert _people_in_registers(admin) == before  # nothing added on the side
    register(admin, unit_id, "SOL-98")
    saved = risk.save_analysis(admin, _analysis(unit_id, "sol-98"))
    assert saved.individual_code == "SOL-98"
    entry = next(e for e in individuals.register(admin, unit_id) if e.code == "SOL-98")
    individuals.remove_individual(admin, entry.id, "Flyttat")
    # The analysis still names the person it held, though they left the register.
    again = risk.save_analysis(admin, _analysis(unit_id, "SOL-98"), saved.id)
    assert again.individual_code == "SOL-98"
    with pytest.raises(ValidationFailed):
        risk.save_analysis(admin, _analysis(unit_id, "SOL-98"))  # a new one may not


def test_an_avvikelse_names_a_registered_code_or_okand(
    staff: Context, admin: Context, unit_id: str
) -> None:
    before = _people_in_registers(admin)
    with pytest.raises(ValidationFailed) as refused:
        deviations.register(staff, registration(unit_id, individual="HT-0999"))
    assert "”okänd”" in _fields(refused)["individual"]
    with pytest.raises(ValidationFailed) as several:
        deviations.register(
            staff, registration(unit_id, individual="flera", individuals=["HT-0998"])
        )
    assert "HT-0998" in _fields(several)["individuals"]
    assert _people_in_registers(admin) == before
    assert deviations.register(staff, registration(unit_id, individual="okänd")).individual
    register(admin, unit_id, "HT-0999")
    view = deviations.register(staff, registration(unit_id, individual="HT-0999"))
    assert view.individual == "HT-0999"


def test_an_imported_avvikelse_with_an_unknown_code_is_a_problem_of_its_row(
    admin: Context, unit_id: str
) -> None:
    with admin.reading() as session:
        problems = deviations.registration_problems(
            session, registration(unit_id, individual="HT-0997")
        )
    assert [e.field for e in problems] == ["individual"]


def test_a_lex_sarah_rapport_names_a_registered_code(admin: Context, unit_id: str) -> None:
    answers = report_answers(unit_id, admin.actor.id)  # names SB-0312, not yet registered
    with pytest.raises(ValidationFailed) as refused:
        lexsarah.file_report(admin, lexsarah.ReportInput("Fall i badrummet", answers))
    assert "SB-0312" in _fields(refused)["enskild"]
    register(admin, unit_id, "SB-0312")
    assert lexsarah.file_report(admin, lexsarah.ReportInput("Fall i badrummet", answers))


def _change(ctx: Context, unit_id: str) -> changes.ChangeView:
    data = ChangeInput(
        "Dagverksamheten stängs",
        [unit_id],
        ["stängning av verksamhet"],
        date(2026, 3, 16),
        date(2026, 6, 1),
        reason="Smittspridning",
    )
    return changes.save_change(ctx, data, today=TODAY)


def test_a_change_adds_only_registered_people(admin: Context, unit_id: str) -> None:
    change = _change(admin, unit_id)
    before = _people_in_registers(admin)
    with pytest.raises(ValidationFailed) as refused:
        changes.add_person(admin, change.id, PersonInput("SOL-90", unit_id), today=TODAY)
    assert "SOL-90" in _fields(refused)["code"]
    assert _people_in_registers(admin) == before
    register(admin, unit_id, "SOL-90")
    assert changes.add_person(admin, change.id, PersonInput("SOL-90", unit_id), today=TODAY)


CSV = "kod;insats\nSOL-91;Daglig verksamhet\nSOL-92;Daglig verksamhet\n"


def test_a_csv_with_unknown_codes_names_each_line_or_adds_them_when_chosen(
    admin: Context, staff: Context, unit_id: str
) -> None:
    change = _change(admin, unit_id)
    register(admin, unit_id, "SOL-92")
    with pytest.raises(ValidationFailed) as refused:
        changes.import_people(admin, change.id, CSV, today=TODAY)
    messages = [e.message for e in refused.value.errors]
    assert len(messages) == 1 and messages[0].startswith("Rad 2: Koden SOL-91 finns inte")
    assert changes.get_change(admin, change.id, today=TODAY).people == ()
    with pytest.raises(PermissionDenied):
        changes.import_people(staff, change.id, CSV, add_to_register=True, today=TODAY)
    result = changes.import_people(admin, change.id, CSV, add_to_register=True, today=TODAY)
    assert (result.added, result.registered) == (2, 1)
    assert "SOL-91" in [e.code for e in individuals.register(admin, unit_id)]
