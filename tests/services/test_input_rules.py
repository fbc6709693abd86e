"""The shared input rules as the services apply them: texts stored as NFC, personnummer
warned of or refused, and dates in the order the facts have."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kvalitet_desktop.domain.errors import NotFound, ValidationFailed
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.risk import service as risk


def _measure(ctx: Context, unit_id: str, **changes: object) -> measures.MeasureView:
    data = measures.MeasureInput("Rutin", unit_id, None, ctx.actor.id, date(2026, 6, 1))
    for key, value in changes.items():
        setattr(data, key, value)
    return measures.create_measure(ctx, data)


def test_texts_are_stored_as_nfc(admin: Context, unit_id: str) -> None:
    saved = _measure(admin, unit_id, title="Ga\u030aende personal", description="e\u0301")
    stored = measures.get_measure(admin, saved.id)
    assert (stored.title, stored.description) == ("Gående personal", "é")


def test_a_title_over_the_limit_is_refused_naming_the_limit(admin: Context, unit_id: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _measure(admin, unit_id, title="x" * 201)
    assert caught.value.for_field("title") == [
        "Texten är för lång: högst 200 tecken (den har 201)."
    ]
    assert _measure(admin, unit_id, title="x" * 200).title == "x" * 200


def test_a_description_may_have_lines_but_a_title_not(admin: Context, unit_id: str) -> None:
    assert (
        _measure(admin, unit_id, description="ett\ntvå\tkolumn").description == "ett\ntvå\tkolumn"
    )
    with pytest.raises(ValidationFailed) as caught:
        _measure(admin, unit_id, title="ett\ntvå")
    assert "en rad" in caught.value.for_field("title")[0]


def test_a_personnummer_in_free_text_is_saved_with_a_warning_at_the_field(
    admin: Context, unit_id: str
) -> None:
    saved = _measure(admin, unit_id, description="Gäller 19121212-1212.")
    assert [w.field for w in saved.warnings] == ["description"]
    assert "”19121212-1212”" in saved.warnings[0].message
    assert _measure(admin, unit_id, description="Dnr 2026-0042").warnings == ()


def test_risk_analysis_warnings_name_the_event_text(admin: Context, unit_id: str) -> None:
    view = risk.save_analysis(
        admin,
        risk.RiskAnalysisInput(
            "Fall", unit_id, events=[risk.EventInput("Brukare 121212+1212 föll", None, None)]
        ),
    )
    assert [w.field for w in view.warnings] == ["events.description"]


def test_a_personnummer_behind_a_prefix_is_no_individual_code(admin: Context, unit_id: str) -> None:
    for code in ("PNR-19121212-1212", "T121212-1212"):
        with pytest.raises(ValidationFailed) as caught:
            risk.save_analysis(
                admin,
                risk.RiskAnalysisInput(
                    "Fall", unit_id, level=risk.AnalysisLevel.INDIVIDUAL, individual_code=code
                ),
            )
        assert caught.value.for_field("individual_code")


def test_a_completion_in_the_future_is_refused_naming_both_days(
    admin: Context, unit_id: str
) -> None:
    measure = _measure(admin, unit_id)
    followups.plan_follow_up(
        admin, measure.id, followups.PlanInput(date(2026, 7, 1), None, admin.actor.id)
    )
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        measures.set_status(admin, measure.id, MeasureStatus.DONE, completed_on=tomorrow)
    message = caught.value.for_field("completed_on")[0]
    assert tomorrow.isoformat() in message and date.today().isoformat() in message
    done = measures.set_status(admin, measure.id, MeasureStatus.DONE, completed_on=date.today())
    assert done.completed_on == date.today()


def test_a_drafted_follow_up_before_the_drafted_decision_is_refused(
    admin: Context, unit_id: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        risk.save_analysis(
            admin,
            risk.RiskAnalysisInput(
                "Fall", unit_id, decided_on=date(2026, 3, 10), follow_up_on=date(2026, 3, 9)
            ),
        )
    assert caught.value.for_field("follow_up_on") == [
        "Uppföljningen (2026-03-09) kan inte ligga före beslutet (2026-03-10)."
    ]


@pytest.mark.parametrize("day", [date(1899, 12, 31), date(2101, 1, 1)])
def test_dates_outside_the_sane_range_are_refused(admin: Context, unit_id: str, day: date) -> None:
    with pytest.raises(ValidationFailed) as caught:
        _measure(admin, unit_id, due_date=day)
    assert "1900-01-01" in caught.value.for_field("due_date")[0]


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31)])
def test_dates_at_the_edges_of_the_range_pass(admin: Context, unit_id: str, day: date) -> None:
    assert _measure(admin, unit_id, due_date=day).due_date == day


def test_a_record_id_that_is_no_id_is_not_found(admin: Context) -> None:
    for bad in ("a\ud800", "x" * 1000, "\x00"):
        with pytest.raises(NotFound):
            measures.get_measure(admin, bad)


def test_an_organisation_name_over_the_limit_is_refused(admin: Context) -> None:
    board = organisation.organisation_tree(admin)[0]
    with pytest.raises(ValidationFailed) as caught:
        organisation.add_area(admin, board.id, "Å" * 201)
    assert "högst 200 tecken" in caught.value.for_field("name")[0]


def test_form_answers_are_stored_as_nfc(
    admin: Context, unit_id: str, lex_sarah_individual: str
) -> None:
    from lexsarah_answers import report_answers
    from sqlalchemy import select

    from kvalitet_desktop.store.models import FormRecord
    from kvalitet_desktop.workflows.lexsarah import service as lexsarah

    answers = report_answers(unit_id, admin.actor.id, beskrivning="Ga\u030aende natt")
    case = lexsarah.file_report(admin, lexsarah.ReportInput("Larm", answers))
    with admin.db.session() as session:
        stored = session.scalars(select(FormRecord.answers).where(FormRecord.owner_id == case.id))
        text = stored.one()
    assert "Gående natt" in text and "a\u030a" not in text
