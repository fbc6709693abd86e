"""Hostile input at every service that creates or changes a record: control characters, NUL,
lone surrogates, 1 MB texts, emoji, right-to-left text, impossible and edge dates and wrong
types end in a Swedish validation error (a ``KvalitetError``), never in another exception, and
the database passes ``kvalitet check`` afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lexsarah_answers import investigation_answers, report_answers

import proof
from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import maintenance, organisation, references
from kvalitet_desktop.services import settings as prefs
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, GatheredBy, Outcome
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus
from kvalitet_desktop.workflows.risk import service as risk

HOSTILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MEGABYTE = "å" * 1_000_000
SPECIAL_TEXTS = [
    "",
    "   ",
    "\x00",
    "före\x00efter",
    "a\ud800b",
    "\udfff",
    "\x1b[31mröd\x1b[0m",
    "\x07\x08\x7f\x85",
    "rad ett\nrad två\ttabb\r\n",
    MEGABYTE,
    "👍🏽👨‍👩‍👧 glad",
    "مرحبا بالعالم",
    "\u202eevil\u202c",
    "a\u030a",  # "å" decomposed
    "121212-1212",
    "PNR-19121212-1212",
    "x" * 201,
    "x" * 100_001,
]
texts = st.one_of(
    st.sampled_from(SPECIAL_TEXTS),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=300),
)
WRONG = st.one_of(
    st.integers(), st.floats(allow_nan=True), st.binary(max_size=20), st.just([1, "a"]), st.none()
)
maybe_texts = st.one_of(texts, WRONG)
EDGE_DAYS = [
    date(1, 1, 1),
    date(1899, 12, 31),
    date(1900, 1, 1),
    date(2100, 12, 31),
    date(2101, 1, 1),
    date(9999, 12, 31),
]
days = st.one_of(st.sampled_from(EDGE_DAYS), st.dates(), st.none())
maybe_days = st.one_of(days, st.sampled_from(["2024-02-30", "abc", 20240101, 1.5]))
numbers = st.one_of(st.integers(-10, 10), st.integers(), st.text(max_size=5), st.none())


@dataclass
class World:
    ctx: Context
    unit_id: str
    area_id: str
    measure_id: str
    follow_up_id: str
    analysis_id: str
    event_id: str
    case_id: str


@pytest.fixture
def world(admin: Context, unit_id: str, lex_sarah_individual: str) -> Iterator[World]:
    """One database for all of a test's examples: a user holding every role and one record of
    each kind to change."""
    organisation.save_user(
        admin, organisation.UserInput("alla", "Alla Roller", None, list(Role), [unit_id])
    )
    ctx = Context.for_login(admin.db, "alla")
    measure = measures.create_measure(
        ctx, measures.MeasureInput("Rutin", unit_id, None, ctx.actor.id, date(2026, 6, 1))
    )
    plan = followups.plan_follow_up(
        ctx, measure.id, followups.PlanInput(date(2026, 7, 1), "Samtal", ctx.actor.id)
    )
    analysis = risk.save_analysis(
        ctx,
        risk.RiskAnalysisInput(
            "Fall i hallen",
            unit_id,
            events=[risk.EventInput("Halka", probability=2, consequence=2)],
        ),
    )
    case_id = lexsarah.file_report(
        ctx, lexsarah.ReportInput("Larmet", report_answers(unit_id, ctx.actor.id))
    ).id
    lexsarah.receive(
        ctx, case_id, lexsarah.ReceiptInput(datetime.now(), True, None, ctx.actor.id, None)
    )
    area_id = organisation.organisation_tree(admin)[0].areas[0].id
    yield World(
        ctx,
        unit_id,
        area_id,
        measure.id,
        plan.id,
        analysis.id,
        analysis.events[0].id,
        case_id,
    )
    report = maintenance.check_database(admin.db)
    assert report.ok, [(i.name, i.detail) for i in report.items if not i.ok]
    proof.record(AREA, check_rena=1)


AREA = "Fientlig indata"


def expect_validation(call: Callable[[], Any]) -> None:
    """The call succeeds or is refused with a ``KvalitetError``; anything else fails the test
    (and is counted: the proof table shows what happened)."""
    try:
        call()
    except KvalitetError as refusal:
        assert str(refusal)  # a message the user can read
        proof.record(AREA, tjänsteanrop=1, avvisade=1, oväntade_fel=0)
    except BaseException:
        proof.record(AREA, tjänsteanrop=1, oväntade_fel=1)
        raise
    else:
        proof.record(AREA, tjänsteanrop=1, godtagna=1, oväntade_fel=0)


# --- measures ------------------------------------------------------------------------------


@HOSTILE
@given(title=maybe_texts, description=maybe_texts, due=maybe_days, kind=maybe_texts)
def test_measures_create_and_update(
    world: World, title: Any, description: Any, due: Any, kind: Any
) -> None:
    data = measures.MeasureInput(
        title, world.unit_id, description, world.ctx.actor.id, due, [measures.LinkRef(kind, "x")]
    )
    expect_validation(lambda: measures.create_measure(world.ctx, data))
    expect_validation(lambda: measures.update_measure(world.ctx, world.measure_id, data))


@HOSTILE
@given(status=st.one_of(st.sampled_from(list(MeasureStatus)), texts), reason=maybe_texts)
def test_measures_status_and_archive(world: World, status: Any, reason: Any) -> None:
    expect_validation(lambda: measures.set_status(world.ctx, world.measure_id, status, reason))
    expect_validation(lambda: measures.archive_measure(world.ctx, world.measure_id, reason))


@HOSTILE
@given(completed=maybe_days, identifier=texts)
def test_measures_completion_day_and_unknown_ids(
    world: World, completed: Any, identifier: Any
) -> None:
    expect_validation(
        lambda: measures.set_status(
            world.ctx, world.measure_id, MeasureStatus.DONE, None, completed
        )
    )
    expect_validation(lambda: measures.get_measure(world.ctx, identifier))


# --- follow-ups ----------------------------------------------------------------------------


@HOSTILE
@given(planned=maybe_days, method=maybe_texts, responsible=maybe_texts)
def test_follow_up_plans(world: World, planned: Any, method: Any, responsible: Any) -> None:
    data = followups.PlanInput(planned, method, responsible)
    expect_validation(lambda: followups.plan_follow_up(world.ctx, world.measure_id, data))
    expect_validation(lambda: followups.update_plan(world.ctx, world.follow_up_id, data))


@HOSTILE
@given(
    performed=maybe_days,
    result=maybe_texts,
    effect=st.one_of(st.sampled_from(list(Effect)), maybe_texts),
    comment=maybe_texts,
    code=maybe_texts,
    rating=numbers,
    outcome=st.one_of(st.sampled_from(list(Outcome)), maybe_texts),
    new_title=maybe_texts,
)
def test_follow_up_results(
    world: World,
    performed: Any,
    result: Any,
    effect: Any,
    comment: Any,
    code: Any,
    rating: Any,
    outcome: Any,
    new_title: Any,
) -> None:
    voice = followups.VoiceInput(
        GatheredBy.CONVERSATION,
        code,
        comment,
        {dimension: followups.RatingInput(rating, comment) for dimension in Dimension},
    )
    new_measure = measures.MeasureInput(
        new_title, world.unit_id, comment, world.ctx.actor.id, performed
    )
    data = followups.ResultInput(
        performed, result, effect, comment, [voice], outcome, new_measure, new_title
    )
    expect_validation(lambda: followups.record_result(world.ctx, world.follow_up_id, data))


# --- risk analyses -------------------------------------------------------------------------


@HOSTILE
@given(
    title=maybe_texts,
    text=maybe_texts,
    code=maybe_texts,
    day=maybe_days,
    later=maybe_days,
    probability=numbers,
)
def test_risk_analyses_create_and_update(
    world: World, title: Any, text: Any, code: Any, day: Any, later: Any, probability: Any
) -> None:
    data = risk.RiskAnalysisInput(
        title,
        world.unit_id,
        scope_description=text,
        trigger_description=text,
        individual_code=code,
        commissioned_by=text,
        commissioned_on=day,
        team=[risk.TeamMemberInput(title, text)],
        fact_sources=text,
        events=[risk.EventInput(text, text, text, probability, probability, assessed_on=day)],
        follow_up_on=later,
        follow_up_method=text,
        decision_text=text,
        decided_on=day,
    )
    expect_validation(lambda: risk.save_analysis(world.ctx, data))
    expect_validation(lambda: risk.save_analysis(world.ctx, data, world.analysis_id))


@HOSTILE
@given(text=maybe_texts, day=maybe_days, later=maybe_days, score=numbers)
def test_risk_decision_reassessment_and_reopening(
    world: World, text: Any, day: Any, later: Any, score: Any
) -> None:
    decision = risk.DecisionInput(text, world.ctx.actor.id, day, later, text)
    expect_validation(lambda: risk.decide(world.ctx, world.analysis_id, decision))
    expect_validation(lambda: risk.reassess_event(world.ctx, world.event_id, score, 2, text, day))
    expect_validation(lambda: risk.reopen_analysis(world.ctx, world.analysis_id, text))
    expect_validation(lambda: risk.archive_analysis(world.ctx, world.analysis_id, text))


# --- lex Sarah -----------------------------------------------------------------------------


@HOSTILE
@given(title=maybe_texts, text=maybe_texts, day=st.one_of(days, maybe_texts))
def test_lex_sarah_reports_and_receipts(world: World, title: Any, text: Any, day: Any) -> None:
    day_text = day.isoformat() if isinstance(day, date) else day
    answers = report_answers(world.unit_id, world.ctx.actor.id, beskrivning=text)
    answers.values["handelse_tid"] = day_text
    expect_validation(lambda: lexsarah.file_report(world.ctx, lexsarah.ReportInput(title, answers)))
    when = datetime(day.year, day.month, day.day) if isinstance(day, date) else day
    receipt = lexsarah.ReceiptInput(when, False, text, world.ctx.actor.id, None, text)
    case_id = lexsarah.file_report(
        world.ctx, lexsarah.ReportInput("Ny", report_answers(world.unit_id, world.ctx.actor.id))
    ).id
    expect_validation(lambda: lexsarah.receive(world.ctx, case_id, receipt))


@HOSTILE
@given(text=maybe_texts, day=st.one_of(days, maybe_texts), rows=st.one_of(WRONG, st.just([{}])))
def test_lex_sarah_investigation_answers(world: World, text: Any, day: Any, rows: Any) -> None:
    day_text = day.isoformat() if isinstance(day, date) else day
    actor = world.ctx.actor.id
    answers = investigation_answers(
        actor, actor, "allvarligt", handelse_beskrivning=text, paborjad=day_text
    )
    expect_validation(lambda: lexsarah.save_investigation(world.ctx, world.case_id, answers))
    broken = FormAnswers({"orsaker": rows, "risk_upprepning": text, "hant_tidigare": text})
    expect_validation(lambda: lexsarah.save_investigation(world.ctx, world.case_id, broken))


@HOSTILE
@given(summary=maybe_texts, question=maybe_texts, sent=maybe_days)
def test_lex_sarah_learning_reopening_and_sending(
    world: World, summary: Any, question: Any, sent: Any
) -> None:
    expect_validation(
        lambda: lexsarah.set_learning_material(world.ctx, world.case_id, summary, [question])
    )
    expect_validation(lambda: lexsarah.reopen(world.ctx, world.case_id, summary))
    expect_validation(lambda: lexsarah.record_investigation_sent(world.ctx, world.case_id, sent))


# --- organisation, users, settings, references ---------------------------------------------


@HOSTILE
@given(name=maybe_texts, address=maybe_texts, org=maybe_texts)
def test_organisation(world: World, name: Any, address: Any, org: Any) -> None:
    admin = Context.for_login(world.ctx.db, "admin")
    expect_validation(lambda: organisation.add_board(admin, name))
    expect_validation(lambda: organisation.add_area(admin, org, name))
    expect_validation(lambda: organisation.add_unit(admin, world.area_id, name, address))
    expect_validation(lambda: organisation.rename(admin, "unit", world.unit_id, name))
    expect_validation(lambda: organisation.update_municipality(admin, name, org, None, address))


@HOSTILE
@given(
    login=maybe_texts,
    name=maybe_texts,
    role=st.one_of(st.sampled_from(list(Role)), maybe_texts),
    unit=maybe_texts,
)
def test_users(world: World, login: Any, name: Any, role: Any, unit: Any) -> None:
    admin = Context.for_login(world.ctx.db, "admin")
    data = organisation.UserInput(login, name, name, [role], [unit])
    expect_validation(lambda: organisation.save_user(admin, data))
    expect_validation(lambda: organisation.save_user(admin, data, world.ctx.actor.id))


@HOSTILE
@given(text=maybe_texts, minutes=numbers, day=maybe_days)
def test_settings_and_references(world: World, text: Any, minutes: Any, day: Any) -> None:
    admin = Context.for_login(world.ctx.db, "admin")
    expect_validation(lambda: prefs.set_confidentiality_line(admin, text))
    expect_validation(lambda: prefs.set_auto_lock_minutes(admin, minutes))
    expect_validation(
        lambda: references.save_reference(admin, text, text, text, text, verified_on=day)
    )
    expect_validation(lambda: references.save_department(admin, text, [text], text, None, day))


@pytest.mark.parametrize("responsible", ["👍🏽 glad", "ingen-sådan-användare", "", "x" * 5000, 17])
def test_a_responsible_who_is_no_user_is_refused_at_the_field(
    world: World, responsible: Any
) -> None:
    """Found by the follow-up test above: an id naming nobody broke the link to the users."""
    plan = followups.PlanInput(date(2026, 8, 1), "Samtal", responsible)
    measure = measures.MeasureInput("Rutin", world.unit_id, None, responsible, date(2026, 6, 1))
    for call in (
        lambda: followups.plan_follow_up(world.ctx, world.measure_id, plan),
        lambda: followups.update_plan(world.ctx, world.follow_up_id, plan),
        lambda: measures.create_measure(world.ctx, measure),
        lambda: measures.update_measure(world.ctx, world.measure_id, measure),
    ):
        with pytest.raises(ValidationFailed) as refused:
            call()
        assert [e.field for e in refused.value.errors] == ["responsible_id"]
        expect_validation(call)
