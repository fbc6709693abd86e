"""The lex Sarah workflow through the services: rules, deadlines and who may see a case."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from lexsarah_answers import investigation_answers, notification_answers, report_answers
from sqlalchemy import select

from kvalitet_desktop.domain.errors import (
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import dashboard, listing, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseStatus,
    DeadlineRules,
    Seriousness,
    add_months,
)
from kvalitet_desktop.workflows.measures import service as measures


@pytest.fixture
def people(admin: Context, unit_id: str, lex_sarah_individual: str) -> dict[str, Context]:
    def user(login: str, name: str, role: Role) -> Context:
        organisation.save_user(admin, organisation.UserInput(login, name, None, [role], [unit_id]))
        return Context.for_login(admin.db, login)

    return {
        "ansvarig": user("lena.lind", "Lena Lind", Role.LEX_SARAH),
        "utredare": user("eva.ek", "Eva Ek", Role.INVESTIGATOR),
        "personal": user("asa.oberg", "Åsa Öberg", Role.STAFF),
        "annan": user("per.pal", "Per Pål", Role.UNIT_MANAGER),
    }


def filed(people: dict[str, Context], unit_id: str) -> str:
    staff = people["personal"]
    return lexsarah.file_report(
        staff,
        lexsarah.ReportInput(
            "Larmet fungerade inte", report_answers(unit_id, people["ansvarig"].actor.id)
        ),
    ).id


def received(people: dict[str, Context], unit_id: str, *, serious: bool | None = None) -> str:
    case_id = filed(people, unit_id)
    lexsarah.receive(
        people["ansvarig"],
        case_id,
        lexsarah.ReceiptInput(
            datetime(2026, 3, 2, 10, 0), True, None, people["utredare"].actor.id, serious
        ),
    )
    return case_id


def test_any_user_files_a_report_and_sees_only_its_status(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = filed(people, unit_id)
    own = lexsarah.my_reports(people["personal"])
    assert [(r.title, r.status) for r in own] == [("Larmet fungerade inte", CaseStatus.REPORTED)]
    assert own[0].number.startswith(f"LS-{date.today().year}-")
    with pytest.raises(PermissionDenied):
        lexsarah.get_case(people["personal"], case_id)


def test_report_form_is_validated(people: dict[str, Context], unit_id: str) -> None:
    answers = report_answers(
        unit_id, people["ansvarig"].actor.id, enskild="19450101-1234", beskrivning=""
    )
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.file_report(people["personal"], lexsarah.ReportInput("", answers))
    fields = {e.field for e in caught.value.errors}
    assert {"title", "enskild", "beskrivning"} <= fields


def test_access_is_enforced_in_the_services(
    people: dict[str, Context], unit_id: str, admin: Context
) -> None:
    case_id = received(people, unit_id)
    for who in ("annan", "personal"):
        with pytest.raises(PermissionDenied):
            lexsarah.get_case(people[who], case_id)
        assert listing.count(people[who], "lexsarah", listing.ListQuery()) == 0
    assert lexsarah.get_case(people["utredare"], case_id).number
    assert lexsarah.get_case(admin, case_id).status is CaseStatus.RECEIVED
    assert listing.count(people["utredare"], "lexsarah", listing.ListQuery()) == 1
    with pytest.raises(PermissionDenied):
        lexsarah.receive(people["utredare"], case_id, lexsarah.ReceiptInput(None, True, None, None))


def test_every_opening_is_logged(people: dict[str, Context], unit_id: str) -> None:
    case_id = received(people, unit_id)
    lexsarah.get_case(people["utredare"], case_id)
    with people["utredare"].db.session() as session:
        opened = session.scalars(
            select(AuditEntry.user_login).where(
                AuditEntry.entity_id == case_id, AuditEntry.action == "open"
            )
        ).all()
    assert opened == ["eva.ek"]


def test_receipt_sets_deadlines_from_the_local_rules(
    people: dict[str, Context], unit_id: str, admin: Context
) -> None:
    lexsarah.set_deadline_rules(admin, DeadlineRules(start_within_days=1, finish_within_days=21))
    case_id = received(people, unit_id)
    case = lexsarah.get_case(people["ansvarig"], case_id)
    assert (case.start_due, case.finish_due) == (date(2026, 3, 3), date(2026, 3, 23))


def test_receipt_needs_protection_and_investigator(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = filed(people, unit_id)
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.receive(
            people["ansvarig"], case_id, lexsarah.ReceiptInput(datetime.now(), False, "", None)
        )
    assert {"protection_note", "investigator_id"} <= {e.field for e in caught.value.errors}


def test_no_preventive_measure_without_a_cause(people: dict[str, Context], unit_id: str) -> None:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    lexsarah.save_investigation(
        utredare,
        case_id,
        investigation_answers(utredare.actor.id, ansvarig.actor.id, "missförhållande"),
    )
    cause = lexsarah.get_case(ansvarig, case_id).causes[0]
    measure = measures.MeasureInput(
        "Rutin för test av larm efter batteribyte",
        "",
        None,
        ansvarig.actor.id,
        date.today() + timedelta(days=14),
    )
    plan = PlanInput(date.today() + timedelta(days=60), "Stickprov", ansvarig.actor.id)
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.add_preventive_measure(ansvarig, case_id, measure, [], plan)
    assert caught.value.for_field("cause_ids")
    saved = lexsarah.add_preventive_measure(ansvarig, case_id, measure, [cause.id], plan)
    measure_id = saved.measure_id
    assert saved.case.causes[0].measure_ids == (measure_id,)
    view = measures.get_measure(ansvarig, measure_id)
    assert view.follow_ups and "orsak på systemnivå" in view.links[0].text
    assert lexsarah.get_case(ansvarig, case_id).causes[0].measure_ids == (measure_id,)


def test_no_notification_unless_serious(people: dict[str, Context], unit_id: str) -> None:
    case_id = received(people, unit_id)
    ansvarig = people["ansvarig"]
    answers = notification_answers(unit_id, ansvarig.actor.id, attached=False)
    with pytest.raises(RuleViolation, match="allvarliga"):
        lexsarah.notify_ivo(ansvarig, case_id, answers)
    lexsarah.save_investigation(
        people["utredare"],
        case_id,
        investigation_answers(
            people["utredare"].actor.id, ansvarig.actor.id, "allvarligt missförhållande"
        ),
    )
    lexsarah.notify_ivo(ansvarig, case_id, answers)
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.ivo_notified_on == date(2026, 3, 6)
    assert case.ivo_investigation_due == date(2026, 5, 6)
    assert case.seriousness is Seriousness.SERIOUS


def test_first_assessment_allows_early_notification(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = received(people, unit_id, serious=True)
    ansvarig = people["ansvarig"]
    lexsarah.notify_ivo(
        ansvarig, case_id, notification_answers(unit_id, ansvarig.actor.id, attached=False)
    )
    assert lexsarah.get_case(ansvarig, case_id).ivo_notified_on is not None


def test_closing_rules(people: dict[str, Context], unit_id: str) -> None:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    with pytest.raises(RuleViolation):
        lexsarah.close(ansvarig, case_id)  # nothing documented yet
    serious = investigation_answers(
        utredare.actor.id, ansvarig.actor.id, "påtaglig risk för allvarligt missförhållande"
    )
    lexsarah.save_investigation(utredare, case_id, serious)
    with pytest.raises(RuleViolation, match="anmälas till IVO"):
        lexsarah.close(ansvarig, case_id)
    lexsarah.notify_ivo(
        ansvarig, case_id, notification_answers(unit_id, ansvarig.actor.id, attached=False)
    )
    with pytest.raises(RuleViolation, match="skickas till IVO"):
        lexsarah.close(ansvarig, case_id)
    lexsarah.record_investigation_sent(ansvarig, case_id, date(2026, 4, 10))
    lexsarah.close(ansvarig, case_id)
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.status is CaseStatus.CLOSED and case.closed_on == date(2026, 3, 20)
    assert case.closing_text and case.closing_kind is not None


def test_no_closing_without_decision_text(people: dict[str, Context], unit_id: str) -> None:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    answers = investigation_answers(
        utredare.actor.id, ansvarig.actor.id, "missförhållande", avslut_text=""
    )
    lexsarah.save_investigation(utredare, case_id, answers)
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.close(ansvarig, case_id)
    assert caught.value.for_field("avslut_text")


def test_quick_closing_by_stallningstagande(people: dict[str, Context], unit_id: str) -> None:
    """A report that quickly proves not to be a missförhållande closes on a documented
    ställningstagande, without the whole investigation."""
    case_id = received(people, unit_id)
    ansvarig = people["ansvarig"]
    position = FormAnswers(
        {
            "bedomning": "inte missförhållande",
            "bedomning_motivering": "Den enskilde hade själv stängt av larmet; ingen brist.",
            "avslut_form": "ställningstagande",
            "avslut_text": "Det rapporterade var inte ett missförhållande.",
            "avslut_av": ansvarig.actor.id,
            "avslut_av_befattning": "Lex Sarah-ansvarig",
            "avslut_datum": "2026-03-04",
        }
    )
    lexsarah.save_investigation(ansvarig, case_id, position)
    lexsarah.close(ansvarig, case_id)
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.status is CaseStatus.CLOSED
    assert case.seriousness is Seriousness.NONE and case.closing_kind is not None


def test_deadlines_on_the_dashboard(people: dict[str, Context], unit_id: str) -> None:
    case_id = received(people, unit_id, serious=True)
    ansvarig = people["ansvarig"]
    lexsarah.notify_ivo(
        ansvarig, case_id, notification_answers(unit_id, ansvarig.actor.id, attached=False)
    )
    board = dashboard.load_dashboard(ansvarig, today=date(2026, 5, 1))
    items = [(i.detail, i.overdue) for i in board.section("lex_sarah_due").items]
    assert ("Utredningen ska skickas till IVO", False) in items
    assert ("Utredningen ska vara klar", True) in items  # the 28 days from 2 March have passed
    assert (
        dashboard.load_dashboard(people["annan"], today=date(2026, 5, 1))
        .section("lex_sarah_due")
        .total
        == 0
    )


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2026, 3, 6), 2) == date(2026, 5, 6)


def test_unknown_case(people: dict[str, Context]) -> None:
    with pytest.raises(NotFound):
        lexsarah.get_case(people["ansvarig"], "saknas")


def test_history_of_a_case_is_for_those_who_may_open_it(
    people: dict[str, Context], unit_id: str
) -> None:
    from kvalitet_desktop.services import history

    case_id = received(people, unit_id)
    entries = history.record_history(people["ansvarig"], "lexsarah", case_id)
    assert any(e.entity == "Lex Sarah-ärende" and e.action == "Skapad" for e in entries)
    assert any(e.entity == "Formulär" for e in entries)
    with pytest.raises(PermissionDenied):
        history.record_history(people["annan"], "lexsarah", case_id)


def test_an_assessed_draft_keeps_the_finish_deadline(
    people: dict[str, Context], unit_id: str
) -> None:
    """The assessment filled in while "Markera som klar" is still refused: the deadline to
    finish stays, and it is late once passed."""
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    draft = investigation_answers(
        utredare.actor.id, ansvarig.actor.id, "missförhållande", konsekvenser=""
    )
    with pytest.raises(ValidationFailed):
        lexsarah.save_investigation(utredare, case_id, draft, complete=True)
    view = lexsarah.save_investigation(utredare, case_id, draft)
    assert view.seriousness is Seriousness.MISCONDUCT
    late = date(2026, 3, 2) + timedelta(days=40)
    items = lexsarah.due_items(ansvarig, late, late)
    assert [(i.detail, i.overdue) for i in items] == [("Utredningen ska vara klar", True)]


def test_the_investigation_starts_on_the_date_in_the_form(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    answers = investigation_answers(utredare.actor.id, ansvarig.actor.id, "missförhållande")
    view = lexsarah.save_investigation(utredare, case_id, answers)
    assert view.investigation_started_on == date(2026, 3, 3)
    answers.values["paborjad"] = "2026-03-04"  # corrected later: the form still decides
    view = lexsarah.save_investigation(utredare, case_id, answers)
    assert view.investigation_started_on == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("when", "named"),
    [
        (datetime(2026, 3, 1, 23, 0), "före rapporten (2026-03-02)"),
        (datetime.now() + timedelta(days=3), "efter dagens datum"),
        (datetime.max, "9999-12-31"),
        (datetime.min, "0001-01-01"),
    ],
)
def test_a_receipt_date_must_fit_the_report_and_today(
    people: dict[str, Context], unit_id: str, when: datetime, named: str
) -> None:
    case_id = filed(people, unit_id)
    ansvarig = people["ansvarig"]
    data = lexsarah.ReceiptInput(when, True, None, people["utredare"].actor.id)
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.receive(ansvarig, case_id, data)
    (problem,) = caught.value.errors
    assert problem.field == "received_at" and named in problem.message
    case = lexsarah.get_case(ansvarig, case_id)
    assert case.status is CaseStatus.REPORTED and case.finish_due is None


def test_later_dates_of_the_flow_follow_the_earlier_ones(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = received(people, unit_id, serious=True)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    early = investigation_answers(
        utredare.actor.id, ansvarig.actor.id, "missförhållande", paborjad="2026-03-01"
    )
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.save_investigation(utredare, case_id, early)
    assert "före mottagandet (2026-03-02)" in caught.value.for_field("paborjad")[0]
    notice = notification_answers(unit_id, ansvarig.actor.id, attached=False)
    notice.values["anmald_datum"] = (date.today() + timedelta(days=1)).isoformat()
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.notify_ivo(ansvarig, case_id, notice)
    assert caught.value.for_field("anmald_datum")
    lexsarah.notify_ivo(
        ansvarig, case_id, notification_answers(unit_id, ansvarig.actor.id, attached=False)
    )
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.record_investigation_sent(ansvarig, case_id, date(9999, 12, 31))
    assert "utanför det rimliga" in caught.value.for_field("sent_on")[0]


def test_a_report_registered_for_a_user_is_theirs(people: dict[str, Context], unit_id: str) -> None:
    ansvarig, staff = people["ansvarig"], people["personal"]
    answers = report_answers(
        unit_id, ansvarig.actor.id, rapportsatt="muntlig", nedskriven_av=ansvarig.actor.id
    )
    filed = lexsarah.file_report(
        ansvarig,
        lexsarah.ReportInput("Larmet", answers, own_report=False, reporter_user_id=staff.actor.id),
    )
    assert [r.id for r in lexsarah.my_reports(staff)] == [filed.id]
    other = lexsarah.ReportInput("Larmet", answers, own_report=False)  # not a user: by name
    lexsarah.file_report(ansvarig, other)
    assert len(lexsarah.my_reports(staff)) == 1


def closed_case(people: dict[str, Context], unit_id: str) -> str:
    case_id = received(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    answers = investigation_answers(utredare.actor.id, ansvarig.actor.id, "missförhållande")
    lexsarah.save_investigation(utredare, case_id, answers)
    lexsarah.close(ansvarig, case_id)
    return case_id


def test_a_closed_case_changes_only_when_reopened_with_a_reason(
    people: dict[str, Context], unit_id: str
) -> None:
    case_id = closed_case(people, unit_id)
    ansvarig, utredare = people["ansvarig"], people["utredare"]
    (cause,) = lexsarah.get_case(ansvarig, case_id).causes
    measure = measures.MeasureInput("Ny rutin", "", None, ansvarig.actor.id, date.today())
    plan = PlanInput(date.today() + timedelta(days=30), "Stickprov", ansvarig.actor.id)
    with pytest.raises(RuleViolation, match="Ändra med motivering"):
        lexsarah.add_preventive_measure(ansvarig, case_id, measure, [cause.id], plan)
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.reopen(ansvarig, case_id, "  ")
    assert caught.value.for_field("reason")
    with pytest.raises(PermissionDenied):
        lexsarah.reopen(utredare, case_id, "Fel datum")
    view = lexsarah.reopen(ansvarig, case_id, "Fel datum för beslutet")
    assert view.status is CaseStatus.INVESTIGATING and view.closed_on is None
    with ansvarig.reading() as session:
        reasons = [
            (e.user_login, e.changes)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.entity_id == case_id))
            if "reopen_reason" in e.changes
        ]
    assert reasons == [("lena.lind", '{"reopen_reason": [null, "Fel datum för beslutet"]}')]
    with pytest.raises(RuleViolation):
        lexsarah.reopen(ansvarig, case_id, "Igen")  # not closed now
    lexsarah.close(ansvarig, case_id)
    assert lexsarah.get_case(ansvarig, case_id).status is CaseStatus.CLOSED


def test_the_learning_material_names_no_one(people: dict[str, Context], unit_id: str) -> None:
    case_id = closed_case(people, unit_id)
    utredare = people["utredare"]
    summary = (
        "En natt fungerade inte larmet.\n"
        "Åsa Öberg fann den boende (SB-0312) på golvet, född 19400101-1234."
    )
    with pytest.raises(ValidationFailed) as caught:
        lexsarah.set_learning_material(utredare, case_id, summary, ["Vad sa lena?"])
    (message,) = caught.value.for_field("apt_summary")
    assert "”19400101-1234” på rad 2" in message
    assert "”Åsa Öberg” på rad 2" in message and "”SB-0312” på rad 2" in message
    assert "”lena” på rad 1" in caught.value.for_field("apt_questions")[0]
    assert lexsarah.get_case(utredare, case_id).apt_summary is None
    view = lexsarah.set_learning_material(
        utredare, case_id, "En natt fungerade inte larmet.", ["Hur testar vi larmen?"]
    )
    assert view.apt_summary == "En natt fungerade inte larmet."
