"""The lex Sarah cases of the demo municipality, made through the services.

Each case of ``demo.lexsarah_data.CASES`` is taken as far as its stage through
the lex Sarah service acting as the right people: a staff member (or an enhetschef registering an
oral report) files the rapport, the lex Sarah-ansvarig receives it and appoints the investigator,
the investigator writes the utredning with provenance on every item, the lex Sarah-ansvarig
notifies IVO and closes, the enhetschef carries out and follows up the preventive measure.

The services date a report and the start of an investigation "now"; the demo's cases happened
earlier, so those two dates (and, across a new year, the case number) are corrected afterwards,
as an audited change, like ``demo._backdate_assessments`` does for risk assessments.

The same cases are made at every scale; they are a handful of records, not a volume.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from kvalitet_desktop.demo import data as demo_data
from kvalitet_desktop.demo import lexsarah_data as data
from kvalitet_desktop.domain.dates import month_name
from kvalitet_desktop.domain.forms import FormAnswers, Provenance, is_empty
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import forms
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Outcome
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import DeadlineRules, ReportForm
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus

if TYPE_CHECKING:
    from kvalitet_desktop.demo.world import PersonRec, World

HANDLER = "lex_sarah"  # key in demo_data.STAFF of the lex Sarah-ansvarig
POSTAL_ADDRESS = "Socialförvaltningen, Rådhusgatan 1, Norrvik"


def create_cases(world: World, seed: int) -> list[str]:
    """Make the demo's lex Sarah cases; returns their ids in the order they were reported.

    Deterministic for ``seed`` and ``world.today``, and independent of the demo's scale (the
    cases draw from their own random generator)."""
    rng = random.Random(f"lexsarah:{seed}")
    return [_make_case(world, rng, case) for case in data.CASES]


# --- one case -----------------------------------------------------------------------------------


def _make_case(world: World, rng: random.Random, case: data.CaseT) -> str:
    today = world.today
    handler = world.person(HANDLER)
    handler_ctx = world.contexts[handler.login]
    unit = world.units[case.unit]
    filer = world.person(case.filer)
    manager = world.in_unit(case.unit, Role.UNIT_MANAGER)[0]
    rules = lexsarah.deadline_rules(handler_ctx)

    days = dict(case.days)
    ivo_due: date | None = None
    if case.ivo_due_within is not None:
        notified = _notified_for(today, rules, min(case.ivo_due_within, rules.remind_days_before))
        shift = (today - notified).days - days["ivo"]
        days = {name: ago + shift for name, ago in days.items()}
        ivo_due = rules.ivo_investigation_due(notified)
    day = {name: today - timedelta(days=ago) for name, ago in days.items()}

    oral = case.oral_reporter_title is not None
    reporter = _outside_name(rng, world) if oral else filer.name
    codes = world.individuals[case.unit]
    names: dict[str, str] = {
        "reporter": reporter,
        "manager": manager.name,
        "code": codes[1],
        "code2": codes[2],
        "code3": codes[3],
    }
    for name, when in day.items():
        names[name] = when.isoformat()
        names[f"{name}_sv"] = f"{when.day} {month_name(when)}"
    if ivo_due is not None:
        names["ivo_due"] = ivo_due.isoformat()
        names["ivo_ref"] = f"3.5.1-{rng.randint(10000, 99999)}/{day['ivo'].year}"

    # The rapport.
    report = _fill_map(case.report, names)
    report.update(
        rapportor_namn=reporter,
        rapportor_enhet=unit.id,
        enhet=unit.id,
        mottagen_av=handler.id,
    )
    if report.get("rapportsatt") == "muntlig":
        report["nedskriven_av"] = filer.id
    case_id = lexsarah.file_report(
        world.contexts[filer.login],
        lexsarah.ReportInput(case.title, FormAnswers(report), own_report=not oral),
    ).id
    _backdate(handler_ctx, case_id, reported_at=_at(day["reported"], case.reported_time))
    if case.receipt is None:
        return case_id

    # Mottagande.
    assert case.investigator is not None
    investigator = world.person(case.investigator)
    investigator_ctx = world.contexts[investigator.login]
    receipt = case.receipt
    view = lexsarah.receive(
        handler_ctx,
        case_id,
        lexsarah.ReceiptInput(
            received_at=_at(day["received"], receipt.time),
            individual_protected=receipt.protected,
            protection_note=receipt.protection_note,
            investigator_id=investigator.id,
            first_assessment_serious=receipt.serious,
            first_assessment_note=receipt.serious_note,
        ),
    )

    # The utredning, as far as the investigator has come (a draft: the decision is not theirs).
    if case.investigation is not None:
        answers = _investigation(handler_ctx, case, names, day, investigator)
        view = lexsarah.save_investigation(investigator_ctx, case_id, answers)
        _backdate(handler_ctx, case_id, started_on=day["start"])

    if case.notification is not None:
        notification = _fill_map(case.notification, names)
        notification.update(
            kommun=demo_data.MUNICIPALITY,
            namnd=demo_data.BOARD,
            organisationsnummer=demo_data.ORG_NUMBER,
            postadress=POSTAL_ADDRESS,
            enhet=unit.id,
            besoksadress=unit.address,
            kontakt_namn=handler.name,
            kontakt_befattning=handler.title,
            anmald_av=handler.id,
            anmald_av_befattning=handler.title,
        )
        lexsarah.notify_ivo(handler_ctx, case_id, FormAnswers(notification))

    measure_id = None
    if case.measure is not None:
        measure_id = _add_measure(world, handler_ctx, view, case.measure, unit.id, day)

    if case.closing is not None:
        _close(handler_ctx, case_id, case, names, handler)
        if case.learning is not None:
            summary, questions = case.learning
            lexsarah.set_learning_material(investigator_ctx, case_id, summary, list(questions))

    if case.measure is not None and case.measure.completed is not None:
        assert measure_id is not None
        _carry_out(world, measure_id, case.measure, day, names["code"])
    return case_id


def _notified_for(today: date, rules: DeadlineRules, within: int) -> date:
    """The latest notification day whose investigation is due at most ``within`` days ahead."""
    notified = today
    while rules.ivo_investigation_due(notified) > today + timedelta(days=within):
        notified -= timedelta(days=1)
    return notified


def _investigation(
    ctx: Context,
    case: data.CaseT,
    names: Mapping[str, str],
    day: Mapping[str, date],
    investigator: PersonRec,
) -> FormAnswers:
    """The investigator's answers, with provenance on every filled item of the sections that
    require it."""
    assert case.investigation is not None and case.provenance is not None
    values = _fill_map(case.investigation, names)
    values.update(
        utredare=investigator.id,
        utredare_befattning=investigator.title,
        paborjad=names["start"],
    )
    form = forms.catalog(ctx).get(ReportForm.INVESTIGATION.value)
    needs = {f.id for section, f in form.fields() if section.provenance}
    filled = {key for key in needs if not is_empty(values.get(key))}
    assert filled <= set(case.provenance) <= needs, (case.key, filled ^ set(case.provenance))
    signed = f"{investigator.name}, {_lower_first(investigator.title)}"
    provenance = {
        key: Provenance(
            day[item.on].isoformat(), item.source.format_map(names), item.nature, signed
        )
        for key, item in case.provenance.items()
    }
    return FormAnswers(values, provenance)


def _close(
    ctx: Context,
    case_id: str,
    case: data.CaseT,
    names: Mapping[str, str],
    handler: PersonRec,
) -> None:
    """The lex Sarah-ansvarig writes the beslut or ställningstagande into the utredning and
    closes the case. A case that was not a missförhållande closes on the assessment alone."""
    assert case.closing is not None
    _form, saved = lexsarah.case_answers(ctx, case_id, ReportForm.INVESTIGATION.value)
    values = dict(saved.values)
    values.update(_fill_map(case.closing, names))
    values.update(avslut_av=handler.id, avslut_av_befattning=handler.title)
    complete = case.stage is not data.CaseStage.CLOSED_POSITION
    lexsarah.save_investigation(
        ctx, case_id, FormAnswers(values, dict(saved.provenance)), complete=complete
    )
    closed = lexsarah.close(ctx, case_id)
    # Finished with its decision, on the demo's timeline rather than today.
    _backdate(ctx, case_id, finished_on=closed.closed_on)


def _add_measure(
    world: World,
    ctx: Context,
    view: lexsarah.CaseView,
    measure: data.PreventiveT,
    unit_id: str,
    day: Mapping[str, date],
) -> str:
    """A preventive measure against the causes the investigation saved."""
    case_id, causes = view.id, view.causes
    follow_up = measure.follow_up
    return lexsarah.add_preventive_measure(
        ctx,
        case_id,
        measures.MeasureInput(
            title=measure.title,
            unit_id=unit_id,
            description=measure.description,
            responsible_id=world.person(measure.responsible).id,
            due_date=day[measure.due],
            # Decided in the investigation: started a few weeks before it is due, never
            # before the case's first day.
            start_on=min(
                max(day[measure.due] - timedelta(days=21), min(day.values())),
                day[follow_up.planned],
            ),
        ),
        [causes[i].id for i in measure.causes],
        followups.PlanInput(
            day[follow_up.planned], follow_up.method, world.person(follow_up.responsible).id
        ),
    ).measure_id


def _carry_out(
    world: World, measure_id: str, measure: data.PreventiveT, day: Mapping[str, date], code: str
) -> None:
    """The responsible carries the measure out, and the follow-up is documented with the
    individual's own experience."""
    assert measure.completed is not None
    responsible = world.contexts[world.person(measure.responsible).login]
    measures.set_status(responsible, measure_id, MeasureStatus.IN_PROGRESS)
    measures.set_status(
        responsible, measure_id, MeasureStatus.DONE, completed_on=day[measure.completed]
    )
    follow_up = measure.follow_up
    if follow_up.performed is None:
        return
    assert follow_up.result is not None and follow_up.effect is not None
    follow_up_id = measures.get_measure(responsible, measure_id).follow_ups[0].id
    followups.record_result(
        world.contexts[world.person(follow_up.responsible).login],
        follow_up_id,
        followups.ResultInput(
            performed_on=min(day[follow_up.performed], date.today()),
            result=follow_up.result,
            effect=follow_up.effect,
            effect_comment=follow_up.effect_comment,
            voices=[
                followups.VoiceInput(
                    follow_up.gathered_by,
                    code,
                    follow_up.voice_comment,
                    {
                        dimension: followups.RatingInput(rating, comment)
                        for dimension, rating, comment in follow_up.ratings
                    },
                )
            ],
            outcome=Outcome.CLOSED,
        ),
    )


def _backdate(
    ctx: Context,
    case_id: str,
    *,
    reported_at: datetime | None = None,
    started_on: date | None = None,
    finished_on: date | None = None,
) -> None:
    """Give the case the dates of the demo's timeline (the services stamp "now"); a case
    reported in another year than this one gets a number of that year."""
    with ctx.unit_of_work() as uow:
        session = uow.session
        case = session.get(LexSarahCase, case_id)
        assert case is not None
        if reported_at is not None and case.reported_at != reported_at:
            case.reported_at = reported_at
            prefix = f"LS-{reported_at.year}-"
            if not case.number.startswith(prefix):
                last = session.scalar(
                    select(func.max(LexSarahCase.number)).where(
                        LexSarahCase.number.like(prefix + "%")
                    )
                )
                serial = int(last.removeprefix(prefix)) + 1 if last else 1
                case.number = f"{prefix}{serial:04d}"
        if started_on is not None and case.investigation_started_on != started_on:
            case.investigation_started_on = started_on
        if finished_on is not None and case.investigation_finished_on != finished_on:
            case.investigation_finished_on = finished_on


# --- helpers -------------------------------------------------------------------------------------


def _at(day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm))


def _fill(value: Any, names: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return value.format_map(names)
    if isinstance(value, Mapping):
        return _fill_map(value, names)
    if isinstance(value, list | tuple):
        return [_fill(item, names) for item in value]
    return value


def _fill_map(values: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    return {key: _fill(value, names) for key, value in values.items()}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _outside_name(rng: random.Random, world: World) -> str:
    """A name for someone who is not a user (the night staff member who reported orally)."""
    taken = {person.name for person in world.people.values()}
    while True:
        name = f"{rng.choice(demo_data.FIRST_NAMES)} {rng.choice(demo_data.LAST_NAMES)}"
        if name not in taken:
            return name


__all__ = ["create_cases"]
