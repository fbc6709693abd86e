"""The avvikelser of the demo municipality, 2019 to today, made through the services.

Every unit reports a few a year; in hemtjänst "beviljad insats ej utförd" rises during the
pandemic months (March 2020 to December 2021), when staff were ill and visits were dropped,
and falls back after. Older avvikelser are investigated and closed; the last weeks' are still
open, some past their deadlines. The services date a registration "now", so its day, its
deadlines and its number are given the demo's timeline afterwards in one audited change.
Deterministic for the seed and ``world.today``; ``scale`` multiplies the volume.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.demo.data import UnitKind
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.domain import DeviationStatus
from kvalitet_desktop.workflows.deviations.models import Deviation
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.measures.service import MeasureInput

if TYPE_CHECKING:
    from kvalitet_desktop.demo.world import UnitRec, World
    from kvalitet_desktop.services.context import Context

FIRST_YEAR = 2019
NOT_DONE = "beviljad insats ej utförd"
PANDEMIC = (date(2020, 3, 1), date(2021, 12, 31))
OPEN_DAYS = 45  # avvikelser reported in the last weeks are still being handled

# What each kind of unit reports: (category, lagrum, title, description, consequence, cause).
_Story = tuple[str, str, str, str, str, str]
STORIES: dict[UnitKind, tuple[_Story, ...]] = {
    UnitKind.HOME_CARE: (
        (
            NOT_DONE,
            "SoL",
            "Besöket blev inte av",
            "Det planerade besöket gjordes inte; ingen hörde av sig till den enskilde.",
            "Den enskilde fick vänta på mat och hjälp med medicinen.",
            "Besöket föll bort när turerna lades om vid frånvaro",
        ),
        (
            "beviljad insats felaktigt utförd",
            "SoL",
            "Duschen gjordes på fel dag",
            "Hjälpen med dusch gavs en annan dag än den som står i genomförandeplanen.",
            "Den enskilde var orolig och ville inte ta emot hjälpen.",
            "Genomförandeplanen lästes inte inför besöket",
        ),
        (
            "läkemedel (HSL)",
            "HSL",
            "Kvällsdosen blev inte given",
            "Dosen i dosetten låg kvar vid morgonbesöket.",
            "Ingen märkbar följd, men risk för försämring.",
            "Signeringslistan följdes inte upp",
        ),
        (
            "fall (HSL)",
            "HSL",
            "Fall i badrummet",
            "Den enskilde hittades sittande på badrumsgolvet vid besöket.",
            "Blåmärke på höften; sjuksköterskan bedömde skadan.",
            "Halkmattan hade tagits bort vid städning",
        ),
        (
            "bemötande",
            "SoL",
            "Den enskilde kände sig stressad",
            "Den enskilde berättade att personalen hade bråttom och inte lyssnade.",
            "Den enskilde vill inte ha samma personal igen.",
            "För kort tid planerad för besöket",
        ),
    ),
    UnitKind.NURSING_HOME: (
        (
            "fall (HSL)",
            "HSL",
            "Fall vid förflyttning",
            "Den boende föll vid förflyttning från rullstol till säng.",
            "Smärta i armen; läkare kontaktades.",
            "Lyften användes inte trots ordination",
        ),
        (
            "läkemedel (HSL)",
            "HSL",
            "Fel läkemedel delat",
            "En boende fick en annan boendes tabletter vid lunch.",
            "Trötthet under eftermiddagen; sjuksköterskan följde upp.",
            "Dosetterna stod oskyltade på samma bricka",
        ),
        (
            "fysisk miljö och teknik",
            "SoL",
            "Larmet fungerade inte",
            "Trygghetslarmet i rummet gav ingen signal när det provades.",
            "Den boende kunde inte larma under natten.",
            "Batteribyte saknades i rutinen",
        ),
    ),
    UnitKind.LSS_HOME: (
        (
            "beviljad insats felaktigt utförd",
            "LSS",
            "Aktiviteten ställdes in",
            "Den planerade aktiviteten ställdes in utan att den boende fick veta.",
            "Den boende blev ledsen och orolig.",
            "Information mellan arbetspassen brast",
        ),
        (
            "dokumentation",
            "LSS",
            "Genomförandeplanen var inte uppdaterad",
            "Planen beskrev stöd som inte längre ges.",
            "Vikarier gav fel stöd under helgen.",
            "Ingen ansvarade för att planen följdes upp",
        ),
    ),
    UnitKind.DAY_ACTIVITY: (
        (
            "bemötande",
            "LSS",
            "Deltagaren blev tillsagd inför andra",
            "En deltagare fick en tillsägelse inför gruppen.",
            "Deltagaren ville inte komma tillbaka dagen efter.",
            "Saknat stöd i lågaffektivt bemötande",
        ),
        (
            "fysisk miljö och teknik",
            "LSS",
            "Trasig maskin i verkstaden",
            "Skyddet på bandsågen satt löst.",
            "Ingen skadades, men risk för skada.",
            "Maskinerna ses inte över enligt plan",
        ),
    ),
    UnitKind.INCOME_SUPPORT: (
        (
            "rättssäkerhet",
            "SoL",
            "Beslutet skickades inte",
            "Beslutet om bistånd skickades inte till den sökande.",
            "Den sökande kunde inte överklaga i tid.",
            "Utskicket gjordes för hand och glömdes",
        ),
        (
            "sekretess",
            "SoL",
            "Brev till fel adress",
            "Ett brev med uppgifter om en sökande skickades till en annan person.",
            "Uppgifter om den sökande röjdes.",
            "Adressen hämtades från ett gammalt ärende",
        ),
    ),
    UnitKind.CHILDREN: (
        (
            "rättssäkerhet",
            "SoL",
            "Utredningstiden överskreds",
            "Utredningen blev inte klar inom fyra månader.",
            "Barnet fick vänta längre på stöd.",
            "Hög arbetsbelastning och vakanta tjänster",
        ),
        (
            "dokumentation",
            "SoL",
            "Samtal dokumenterades inte",
            "Ett samtal med barnet fanns inte i akten.",
            "Barnets synpunkter riskerade att inte vägas in.",
            "Journalföring sköts upp för länge",
        ),
    ),
}
# Reports per unit and month at scale 1 (before the pandemic's extra in hemtjänst).
RATE = {
    UnitKind.HOME_CARE: 0.2,
    UnitKind.NURSING_HOME: 0.15,
    UnitKind.LSS_HOME: 0.08,
    UnitKind.DAY_ACTIVITY: 0.05,
    UnitKind.INCOME_SUPPORT: 0.05,
    UnitKind.CHILDREN: 0.05,
}
PANDEMIC_EXTRA = 0.7  # more "beviljad insats ej utförd" per hemtjänst unit and month
# A few recent ones in every stage, so the lists and the dashboard show work to do:
# (kind of unit, days ago, story, how far it has come).
RECENT = (
    (UnitKind.HOME_CARE, 1, 0, "registrerad"),
    (UnitKind.HOME_CARE, 9, 2, "registrerad"),
    (UnitKind.NURSING_HOME, 38, 0, "under utredning"),
    (UnitKind.LSS_HOME, 6, 1, "under utredning"),
)
MEASURE_TITLE = "Rutin för omplanering av besök vid frånvaro"


def _months(first: date, last: date) -> list[date]:
    found, day = [], first
    while day <= last:
        found.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return found


def _count(rng: random.Random, rate: float) -> int:
    """A Poisson-like draw: whole reports for ``rate`` a month."""
    count = int(rate)
    return count + (1 if rng.random() < rate - count else 0)


def create_deviations(world: World, seed: int, scale: int = 1) -> int:
    """Make the demo's avvikelser; returns how many."""
    rng = random.Random(f"avvikelse:{seed}")
    today = world.today
    made: list[tuple[str, datetime]] = []
    for unit in sorted(world.units.values(), key=lambda u: u.name):
        stories = STORIES.get(unit.kind)
        if not stories:
            continue
        plan: list[tuple[_Story, datetime]] = []
        for month in _months(date(FIRST_YEAR, 1, 1), today):
            pandemic = PANDEMIC[0] <= month <= PANDEMIC[1]
            told = [rng.choice(stories) for _ in range(_count(rng, RATE[unit.kind] * scale))]
            if unit.kind is UnitKind.HOME_CARE and pandemic:
                told += [stories[0]] * _count(rng, PANDEMIC_EXTRA * scale)
            for story in told:
                day = month + timedelta(days=rng.randrange(28))
                moment = datetime.combine(day, time(rng.randrange(6, 22), rng.choice((0, 15, 30))))
                if day < today:
                    plan.append((story, moment))
        if plan:
            made += _make_all(world, rng, unit, plan)
    for kind, days_ago, story_index, stage in RECENT:
        unit = sorted(world.units_of_kind(kind), key=lambda u: u.name)[0]
        moment = datetime.combine(today - timedelta(days=days_ago), time(9, 30))
        story = STORIES[kind][story_index]
        made += _make_all(world, rng, unit, [(story, moment)], DeviationStatus(stage))
    _backdate(world, made)
    return len(made)


def _make_all(
    world: World,
    rng: random.Random,
    unit: UnitRec,
    plan: list[tuple[_Story, datetime]],
    stage: DeviationStatus | None = None,
) -> list[tuple[str, datetime]]:
    """A unit's avvikelser, each taken as far as its age (or ``stage``) says: registered by a
    medarbetare, then investigated and closed by the unit manager, each of them in one unit
    of work (the demo is made often: by tests and benchmarks)."""
    managers = world.in_unit(unit.name, Role.UNIT_MANAGER)
    reporters = world.in_unit(unit.name, Role.STAFF) or managers
    reporter = world.contexts[rng.choice(reporters).login]
    manager = world.contexts[managers[0].login]
    codes = world.individuals.get(unit.name) or []
    with reporter.unit_of_work() as uow:
        ids = [
            deviations.register_in(
                uow.session, reporter, _registration(rng, unit, story, moment, codes)
            ).id
            for story, moment in plan
        ]
    to_measure: list[str] = []
    with manager.unit_of_work() as uow:
        for deviation_id, (story, moment) in zip(ids, plan, strict=True):
            if _investigate(world, rng, uow.session, manager, deviation_id, story, moment, stage):
                to_measure.append(deviation_id)
    if unit.kind is UnitKind.HOME_CARE:
        for deviation_id in to_measure:
            _add_measure(world, manager, unit, deviation_id)
    return [
        (deviation_id, moment) for deviation_id, (_story, moment) in zip(ids, plan, strict=True)
    ]


def _registration(
    rng: random.Random, unit: UnitRec, story: _Story, moment: datetime, codes: list[str]
) -> deviations.RegistrationInput:
    """The reporter gives the category, the lagrum and a first assessment at once."""
    category, legal_basis, title, description, consequence, _cause = story
    return deviations.RegistrationInput(
        title=title,
        unit_id=unit.id,
        occurred_at=moment,
        description=description,
        consequence=consequence,
        immediate_measures="Enhetschefen informerades samma dag.",
        individual=rng.choice(codes) if codes and rng.random() < 0.7 else "okänd",
        legal_basis=legal_basis,
        category=category,
        probability=rng.randint(1, 3),
        consequence_level=rng.randint(1, 4),
    )


def _investigate(
    world: World,
    rng: random.Random,
    session: Session,
    manager: Context,
    deviation_id: str,
    story: _Story,
    moment: datetime,
    stage: DeviationStatus | None,
) -> bool:
    """Investigated, and closed unless recent; True when it stays under investigation."""
    description, cause = story[3], story[5]
    age = (world.today - moment.date()).days
    if age < 3 or stage is DeviationStatus.REGISTERED:
        return False  # just registered
    started = moment.date() + timedelta(days=min(age - 1, rng.randint(0, 6)))
    cause_input = deviations.CauseInput(cause, rng.choice(("verksamhet", "verksamhet", "system")))
    investigation = deviations.InvestigationInput(
        started, analysis=description, causes=[cause_input]
    )
    deviations.save_investigation_in(session, manager, deviation_id, investigation)
    if stage is DeviationStatus.INVESTIGATING or (age < OPEN_DAYS and rng.random() < 0.6):
        return True
    closed = min(world.today, started + timedelta(days=rng.randint(5, 40)))
    if rng.random() < 0.3:
        given = deviations.FeedbackInput(closed, "vid APT", "Personalgruppen på enheten")
        deviations.save_feedback_in(session, manager, deviation_id, given)
    conclusion = f"Åtgärdat: {cause.lower()} har setts över."
    deviations.close_in(session, manager, deviation_id, conclusion, closed)
    return False


def _add_measure(world: World, manager_ctx: Context, unit: UnitRec, deviation_id: str) -> None:
    """An avvikelse under investigation in hemtjänst gets a measure with its follow-up."""
    due = world.today + timedelta(days=30)
    deviations.add_measure(
        manager_ctx,
        deviation_id,
        MeasureInput(MEASURE_TITLE, unit.id, None, manager_ctx.actor.id, due, start_on=world.today),
        PlanInput(due + timedelta(days=30), "Stickprov i planeringen", manager_ctx.actor.id),
    )


def _backdate(world: World, made: list[tuple[str, datetime]]) -> None:
    """Registered an hour or so after the event, with the deadlines counted from that day
    and numbered in the order of the year's registrations."""
    if not made:
        return
    admin = world.contexts[world.login_of("admin")]
    with admin.unit_of_work() as uow:
        session = uow.session
        rules = deviations.rules_in(session)
        wanted = [deviation_id for deviation_id, _ in made]
        found = session.scalars(select(Deviation).where(Deviation.id.in_(wanted)))
        rows = {row.id: row for row in found}
        ordered = sorted(made, key=lambda pair: (pair[1], pair[0]))
        for serial, (deviation_id, _moment) in enumerate(ordered, start=1):
            rows[deviation_id].number = f"DEMO-{serial}"
        session.flush()
        per_year: dict[int, int] = {}
        for deviation_id, moment in ordered:
            row = rows[deviation_id]
            reported = min(moment + timedelta(hours=2), datetime.combine(world.today, time(0)))
            reported = max(reported, moment)
            per_year[reported.year] = per_year.get(reported.year, 0) + 1
            row.number = f"AV-{reported.year}-{per_year[reported.year]:04d}"
            row.reported_at = reported
            row.start_due = rules.start_due(reported.date())
            row.close_due = rules.close_due(reported.date())
