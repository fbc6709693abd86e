"""The demo's förändringar i insatser: the pandemic, through the services.

A daglig verksamhet closes with fifteen participants, hemtjänst customers pause their insats
themselves, and a särskilt boende has a visiting ban. The units' registers are filled first;
contacts are logged (some not reached, some people never reached at all) and a few people
are followed up, so the overview and the dashboard show some contacts overdue.

Deterministic for the seed and ``world.today``; the same at every scale."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    DEFAULT_RISKS,
    ChangeInput,
    Channel,
    ContactInput,
    FollowUpInput,
    NeedsMet,
    PersonInput,
    Phase,
    WithWhom,
)
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

if TYPE_CHECKING:
    from kvalitet_desktop.demo.world import World

DAY_UNIT = "Daglig verksamhet Solrosen"
HOME_UNIT = "Hemtjänst Centrum"
NURSING_UNIT = "Särskilt boende Björkgården"
PARTICIPANTS = 15


@dataclass(frozen=True)
class _Scenario:
    unit: str
    title: str
    what: tuple[str, ...]
    insats: str
    reason: str
    decided_by: str
    started_days_ago: int
    lasts_days: int
    paused_share: float  # of the people, who paused the insats themselves
    with_whom: WithWhom
    channel: Channel
    # The demo's decided group analysis the change was made on (its title), else a draft is
    # started from the change, as a unit manager does for a change decided without one.
    analysis_title: str | None = None


SCENARIOS = (
    _Scenario(
        DAY_UNIT,
        "Solrosen stängs under pandemin",
        ("stängning av verksamhet", "digital i stället för fysisk"),
        "Daglig verksamhet enligt LSS",
        "Smittläget i kommunen; verksamheten stängs och erbjuder kontakt per video och telefon.",
        "Socialnämndens arbetsutskott",
        # Closed a few days after the group analysis was decided (data.CURATED), until
        # further notice: the planned end is a review date.
        285,
        330,
        0.0,
        WithWhom.PERSON,
        Channel.PHONE,
        analysis_title="Stängning av Daglig verksamhet Solrosen under pandemin",
    ),
    _Scenario(
        HOME_UNIT,
        "Hemtjänstkunder gör uppehåll av rädsla för smitta",
        ("uppehåll på egen begäran", "minskad tid"),
        "Hemtjänst",
        "Flera kunder har själva bett om uppehåll i insatsen för att undvika smitta.",
        "Enhetschef hemtjänst",
        30,
        90,
        0.7,
        WithWhom.PERSON,
        Channel.PHONE,
    ),
    _Scenario(
        NURSING_UNIT,
        "Besöksförbud på Björkgården",
        ("besöksförbud",),
        "Särskilt boende",
        "Nationellt besöksförbud på särskilda boenden; närstående hålls kontakt med digitalt.",
        "Förvaltningschef",
        25,
        60,
        0.0,
        WithWhom.RELATIVE,
        Channel.VIDEO,
    ),
)

_SAID = (
    "Berättade om förändringen och vad som erbjuds i stället.",
    "Personen var orolig men förstod varför; vill ha samtal varje vecka.",
    "Gick igenom dagen hemma och vem som kan nås vid frågor.",
    "Vi kom överens om hur veckorna ska se ut tills verksamheten öppnar igen.",
)
_WISHES = (
    "Vill fortsätta med promenader med personal.",
    "Vill ha samtal på förmiddagen.",
    "Önskar videosamtal med gruppen.",
    "",
)


def create_changes(world: World, seed: int) -> list[str]:
    """Make the registers and the three changes; returns the changes' ids."""
    rng = random.Random(f"changes:{seed}")
    codes = _fill_registers(world, rng)
    return [_make_change(world, rng, scenario, codes[scenario.unit]) for scenario in SCENARIOS]


def _manager(world: World, unit: str) -> Context:
    person = world.in_unit(unit, Role.UNIT_MANAGER)[0]
    return world.contexts[person.login]


def _staff_name(world: World, unit: str) -> str:
    staff = world.in_unit(unit, Role.STAFF) or world.in_unit(unit, Role.UNIT_MANAGER)
    return staff[0].name


def _fill_registers(world: World, rng: random.Random) -> dict[str, list[str]]:
    """Each unit's register: its known individuals, and for the day activity enough new
    codes for fifteen participants (never clashing with a code in use)."""
    taken = {code for codes in world.individuals.values() for code in codes}
    found: dict[str, list[str]] = {}
    for scenario in SCENARIOS:
        codes = list(world.individuals[scenario.unit])
        wanted = PARTICIPANTS if scenario.unit == DAY_UNIT else len(codes)
        while len(codes) < wanted:
            code = f"NV-{rng.randint(100, 9999):04d}"
            if code not in taken:
                taken.add(code)
                codes.append(code)
        ctx = _manager(world, scenario.unit)
        unit_id = world.units[scenario.unit].id
        known = {e.code: e.id for e in individuals.register(ctx, unit_id)}
        for code in codes:
            # Served since before the longest-running change began.
            since = world.today - timedelta(days=rng.randint(300, 2000))
            data = IndividualInput(code, unit_id, scenario.insats, since)
            individuals.save_individual(ctx, data, known.get(code))
        found[scenario.unit] = codes
    return found


def _make_change(world: World, rng: random.Random, scenario: _Scenario, codes: list[str]) -> str:
    ctx = _manager(world, scenario.unit)
    today = world.today
    unit_id = world.units[scenario.unit].id
    starts = today - timedelta(days=scenario.started_days_ago)
    data = ChangeInput(
        scenario.title,
        [unit_id],
        list(scenario.what),
        starts,
        starts + timedelta(days=scenario.lasts_days),
        scenario.insats,
        scenario.reason,
        scenario.decided_by,
        contact_interval_days=14,
    )
    analysis_id = _analysis_id(ctx, unit_id, scenario.analysis_title)
    data = replace(data, risk_analysis_id=analysis_id)
    change = changes.save_change(ctx, data, today=today)
    if analysis_id is None:
        changes.start_group_analysis(ctx, change.id, today=today)
    view = changes.add_unit_participants(ctx, change.id, unit_id, today=today).view
    staff = _staff_name(world, scenario.unit)
    for index, row in enumerate(view.people):
        _follow_person(ctx, rng, scenario, row.id, index, len(view.people), starts, staff, today)
    return change.id


def _analysis_id(ctx: Context, unit_id: str, title: str | None) -> str | None:
    if title is None:
        return None
    with ctx.reading() as session:
        found = session.scalar(
            select(RiskAnalysis.id).where(
                RiskAnalysis.unit_id == unit_id, RiskAnalysis.title == title
            )
        )
    if found is None:
        raise LookupError(f"the demo has no analysis {title!r} in its unit")
    return str(found)


def _follow_person(
    ctx: Context,
    rng: random.Random,
    scenario: _Scenario,
    person_id: str,
    index: int,
    total: int,
    starts: date,
    staff: str,
    today: date,
) -> None:
    person = changes.get_person(ctx, person_id, today=today)
    paused = rng.random() < scenario.paused_share
    probability, consequence = rng.randint(1, 4), rng.randint(1, 3)
    details = person.to_input()
    details = PersonInput(
        details.code,
        details.unit_id,
        details.insats,
        f"{scenario.what[0].capitalize()} från {starts.isoformat()}.",
        paused,
        probability,
        consequence,
        rng.sample(list(DEFAULT_RISKS), rng.randint(1, 2)),
        "Telefonkontakt enligt överenskommelse; promenad med personal en gång i veckan.",
        staff,
        "Närstående (dotter)" if scenario.with_whom is WithWhom.RELATIVE else None,
        rng.choice(("telefon på förmiddagen", "sms först, sedan samtal", "via närstående")),
    )
    changes.update_person(ctx, person_id, details, today=today)

    def contact(day: date, phase: Phase, reached: bool) -> None:
        made = _contact(rng, scenario, day, phase, staff, reached)
        changes.log_contact(ctx, person_id, made, today=today)

    # A change running for months has been followed all along: who is overdue now became
    # so lately, as in a unit that keeps up its calls.
    long_running = (today - starts).days > 60
    if index == total - 1:
        if long_running:  # tried lately, not reached: the new attempt is a few days late
            contact(today - timedelta(days=rng.randint(8, 12)), Phase.DURING, False)
        return  # else never reached before the start: overdue at once
    reached_before = index % 5 != 3
    contact(starts - timedelta(days=rng.randint(2, 7)), Phase.BEFORE, reached_before)
    if not reached_before or index % 7 == 5:
        if long_running:  # reached regularly until a few weeks ago
            contact(today - timedelta(days=rng.randint(18, 24)), Phase.DURING, True)
        return  # not reached (or not called since): a new contact is overdue
    # Called again lately: the higher the risk, the more recently.
    recent = 1 if probability * consequence >= 8 else rng.randint(1, 6)
    during = max(starts, today - timedelta(days=recent))
    contact(during, Phase.DURING, True)
    if index % 4 == 0:
        contact(during, Phase.FOLLOW_UP, True)
        ratings = {d: rng.randint(2, 5) for d in ("trygghet", "bemötande", "stress")}
        ratings["delaktighet"] = rng.randint(3, 5)
        needs = rng.choice((NeedsMet.YES, NeedsMet.YES, NeedsMet.PARTLY))
        comment = "Saknar gruppen men klarar dagarna hemma med stöd per telefon."
        changes.record_follow_up(
            ctx, person_id, FollowUpInput(during, needs, ratings, comment), today=today
        )


def _contact(
    rng: random.Random,
    scenario: _Scenario,
    day: date,
    phase: Phase,
    staff: str,
    reached: bool,
) -> ContactInput:
    if not reached:
        return ContactInput(
            day, phase, scenario.channel, scenario.with_whom, staff, False, "Inget svar."
        )
    return ContactInput(
        day,
        phase,
        scenario.channel,
        scenario.with_whom,
        staff,
        True,
        rng.choice(_SAID),
        rng.random() < 0.7 if phase is Phase.BEFORE else None,
        rng.choice(_WISHES) or None,
        None,
    )
