"""The demo municipality (``kvalitet demo``): a fictional, realistic data set to try the program.

``create_demo`` builds "Demokommun Norrvik" in an empty database. At scale 1 every record is made
through the services, acting as different users, so it is validated and audited like real work.
A larger ``scale`` adds generated variations of the same analyses; those are written in batches
through ``UnitOfWork`` (still audited by the session hook) so tens of thousands of records take
seconds, not hours.

Everything is deterministic for a seed: one ``random.Random(seed)`` makes every choice, and every
date is relative to ``today``.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import func, select

from kvalitet_desktop.demo import analysis as demo_analysis
from kvalitet_desktop.demo import changes as demo_changes
from kvalitet_desktop.demo import complaints as demo_complaints
from kvalitet_desktop.demo import data as data
from kvalitet_desktop.demo import deviations as demo_deviations
from kvalitet_desktop.demo import lexsarah as demo_lexsarah
from kvalitet_desktop.demo import selfinspection as demo_selfinspection
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.domain.organisation import valid_individual_code, valid_login
from kvalitet_desktop.domain.risk_matrix import risk_score
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import ACTOR_ID, ACTOR_LOGIN
from kvalitet_desktop.store.base import new_id, utcnow
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import Individual, Unit, User
from kvalitet_desktop.store.unit_of_work import UnitOfWork
from kvalitet_desktop.workflows.changes.models import InsatsChange
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.deviations.models import Deviation
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import (
    FOLLOW_UP_LINK,
    Dimension,
    Effect,
    FollowUpStatus,
    GatheredBy,
    Outcome,
)
from kvalitet_desktop.workflows.followups.models import ExperienceRating, FollowUp, FollowUpVoice
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus, check_status_change
from kvalitet_desktop.workflows.measures.models import Measure, MeasureLink
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import (
    EVENT_LINK,
    AnalysisLevel,
    AssessmentKind,
    RiskAnalysisStatus,
    ScopeKind,
    Trigger,
)
from kvalitet_desktop.workflows.risk.models import (
    RiskAnalysis,
    RiskAssessment,
    RiskEvent,
    RiskTeamMember,
)
from kvalitet_desktop.workflows.selfinspection.models import SelfInspectionCheck

ProgressCallback = Callable[[int, int], None]
T = TypeVar("T")

# Generated analyses per extra step of scale, and rows per commit in the bulk path.
ANALYSES_PER_SCALE = 10
BULK_BATCH_ANALYSES = 60
EXTRA_UNITS_PER_KIND_PER = 16  # one extra unit of each kind per this many steps of scale
INDIVIDUALS_PER_UNIT = 6
EXTRA_UNITS_PER_INVESTIGATOR = 8

ROLE_OF = {
    "admin": Role.ADMIN,
    "coordinator": Role.QUALITY_COORDINATOR,
    "manager": Role.UNIT_MANAGER,
    "investigator": Role.INVESTIGATOR,
    "staff": Role.STAFF,
    "lex_sarah": Role.LEX_SARAH,
}


class DemoRefused(KvalitetError):
    """The database already holds data; the demo is only made in an empty one."""


@dataclass(frozen=True)
class DemoSummary:
    units: int
    users: int
    risk_analyses: int
    events: int
    measures: int
    follow_ups: int
    lex_sarah_cases: int = 0
    deviations: int = 0
    complaints: int = 0
    self_inspections: int = 0  # the egenkontroller the plans schedule
    insats_changes: int = 0


# --- the people and units of this demo --------------------------------------------------------


@dataclass
class UnitRec:
    name: str
    kind: data.UnitKind
    address: str
    id: str = ""


@dataclass
class PersonRec:
    key: str
    login: str
    name: str
    title: str
    role: Role
    units: list[str]
    id: str = ""


@dataclass
class World:
    """Who and what exists; filled while the organisation is made."""

    today: date
    rng: random.Random
    units: dict[str, UnitRec] = field(default_factory=dict)
    people: dict[str, PersonRec] = field(default_factory=dict)  # by key
    contexts: dict[str, Context] = field(default_factory=dict)  # by login
    individuals: dict[str, list[str]] = field(default_factory=dict)  # unit name -> codes
    _ids: dict[str, str] = field(default_factory=dict)  # login -> user id

    def person(self, key: str) -> PersonRec:
        return self.people[key]

    def login_of(self, key: str) -> str:
        return self.people[key].login

    def id_of_login(self, login: str) -> str:
        if login not in self._ids:
            self._ids.update({p.login: p.id for p in self.people.values() if p.id})
        return self._ids[login]

    def in_unit(self, unit: str, role: Role) -> list[PersonRec]:
        return [p for p in self.people.values() if p.role is role and unit in p.units]

    def units_of_kind(self, kind: data.UnitKind) -> list[UnitRec]:
        return [u for u in self.units.values() if u.kind is kind]


# --- a resolved plan for one analysis (the same for the service path and the bulk path) -------


@dataclass
class VoicePlan:
    gathered_by: GatheredBy
    individual_code: str | None
    comment: str
    ratings: dict[Dimension, tuple[int | None, str | None]]


@dataclass
class ResultPlan:
    performed_on: date
    text: str
    effect: Effect
    effect_comment: str
    voices: list[VoicePlan]
    outcome: Outcome
    actor: str  # login
    new_measure: tuple[str, str, str, date] | None = None  # title, description, login, due
    new_risk_title: str | None = None


@dataclass
class FollowUpPlan:
    planned_on: date
    method: str
    responsible: str  # login
    result: ResultPlan | None = None


@dataclass
class MeasurePlan:
    title: str
    description: str
    responsible: str  # login
    due: date
    status: MeasureStatus
    follow_ups: list[FollowUpPlan]
    cancel_reason: str | None = None
    completed_on: date | None = None


@dataclass
class ResidualPlan:
    probability: int
    consequence: int
    comment: str
    assessed_on: date
    actor: str  # login


@dataclass
class EventPlan:
    description: str
    causes: str
    proposed: str
    probability: int | None
    consequence: int | None
    measures: list[MeasurePlan]
    residual: ResidualPlan | None = None


@dataclass
class AnalysisPlan:
    title: str
    unit: UnitRec
    stage: data.Stage
    scenario: data.ScenarioT
    trigger_description: str
    individual_code: str | None
    commissioned_by: str
    commissioned_on: date
    assessed_on: date
    leader: str  # login
    author: str  # login of who writes the analysis
    manager: str  # login of who decides, creates measures and plans follow-ups
    team: list[tuple[str, str, str | None]]  # name, role, login
    wizard_step: int
    follow_up_on: date | None
    events: list[EventPlan]
    decided_on: date | None = None
    closer: str | None = None
    # Curated and closed analyses tell a coherent story: their measures worked (at least partly).
    positive: bool = False


# --- public API ---------------------------------------------------------------------------------


def create_demo(
    db: Database,
    *,
    scale: int = 1,
    seed: int = 1,
    today: date | None = None,
    progress: ProgressCallback | None = None,
) -> DemoSummary:
    """Create "Demokommun Norrvik" in the empty database ``db``.

    ``scale`` multiplies the volume (1: a small, rich demo; 100: tens of thousands of records);
    the lex Sarah cases (``demo_lexsarah``) are the same five at every scale. The same seed (and
    ``today``) gives the same content. Raises ``DemoRefused`` without writing anything if the
    database already holds data.
    """
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if organisation.holds_data(db):
        raise DemoRefused(
            "Databasen innehåller redan uppgifter; demokommunen skapas bara i en tom databas."
        )
    world = World(today=today or date.today(), rng=random.Random(seed))
    bulk_total = (scale - 1) * ANALYSES_PER_SCALE
    total = 3 + len(data.CURATED) + bulk_total
    done = 0

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    _make_organisation(db, world, scale)
    step()
    _make_users(db, world, scale)
    step()
    for curated in data.CURATED:
        _run_with_services(world, _plan_curated(world, curated))
        step()
    if bulk_total:
        _bulk(db, world, bulk_total, step)
    # Lex Sarah cases in every stage (the same few at every scale).
    demo_lexsarah.create_cases(world, seed)
    demo_deviations.create_deviations(world, seed, scale)
    demo_complaints.create_complaints(world, seed, scale)
    demo_changes.create_changes(world, seed)
    step()
    demo_selfinspection.create_plans(world, seed)
    demo_analysis.create_analysis(world)
    return _summary(db)


# --- organisation and users ---------------------------------------------------------------------


def _make_organisation(db: Database, world: World, scale: int) -> None:
    rng = world.rng
    admin_name = _draw_names(rng, 1, set())[0]
    organisation.setup_municipality(
        db,
        organisation.SetupInput(
            municipality=data.MUNICIPALITY,
            org_number=data.ORG_NUMBER,
            admin_login="admin",
            admin_name=admin_name,
            admin_title="Systemförvaltare",
            board=data.BOARD,
        ),
    )
    admin = Context.for_login(db, "admin")
    # The county decides which IVO regional department the notifications are addressed to.
    organisation.update_municipality(
        admin, data.MUNICIPALITY, data.ORG_NUMBER, data.COUNTY, data.MUNICIPALITY_ADDRESS
    )
    world.contexts["admin"] = admin
    world.people["admin"] = PersonRec(
        "admin", "admin", admin_name, "Systemförvaltare", Role.ADMIN, [], admin.actor.id
    )
    areas = {a.name: a.id for b in organisation.organisation_tree(admin) for a in b.areas}
    units = [data.UnitT(u.name, u.kind, u.address) for u in data.UNITS]
    extra_per_kind = -(-(scale - 1) // EXTRA_UNITS_PER_KIND_PER)
    for kind, (prefix, names) in data.EXTRA_UNIT_NAMES.items():
        pool = list(names)
        rng.shuffle(pool)
        for i in range(extra_per_kind):
            suffix = pool[i % len(pool)] + ("" if i < len(pool) else f" {i // len(pool) + 1}")
            street = rng.choice(data.EXTRA_UNIT_STREETS)
            address = f"{street} {rng.randint(1, 60)}, Norrvik"
            units.append(data.UnitT(f"{prefix} {suffix}", kind, address))
    for unit in units:
        area_id = areas[data.AREA_OF_KIND[unit.kind]]
        unit_id = organisation.add_unit(admin, area_id, unit.name, unit.address)
        world.units[unit.name] = UnitRec(unit.name, unit.kind, unit.address, unit_id)
    # Pseudonymous codes of individuals, unique over the municipality; never personnummer.
    per_unit = INDIVIDUALS_PER_UNIT
    numbers = [n for n in range(100, 10000) if n != 421]
    numbers = rng.sample(numbers, per_unit * len(world.units))
    for i, name in enumerate(world.units):
        world.individuals[name] = [
            f"NV-{n:04d}" for n in numbers[i * per_unit : (i + 1) * per_unit]
        ]
    world.individuals["LSS-boende Tallbacken"].insert(0, "NV-0421")
    _register_individuals(admin, world)


def _register_individuals(admin: Context, world: World) -> None:
    """Every unit's codes in its register first: records name only registered people."""
    with admin.unit_of_work() as uow:
        for name, codes in world.individuals.items():
            for code in codes:
                individuals.add_in(uow.session, admin, IndividualInput(code, world.units[name].id))


def _fold(text: str) -> str:
    text = text.lower().replace("å", "a").replace("ä", "a").replace("ö", "o")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if (c.isalnum() and c.isascii()) or c in ".-")


def _draw_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)}"
        surname = name.split()[1]
        # Unique full names, and no surname twice among the first few users.
        if name in taken or (len(taken) < 30 and any(t.endswith(" " + surname) for t in taken)):
            continue
        taken.add(name)
        names.append(name)
    return names


def _login_for(name: str, used: set[str]) -> str:
    first, last = name.split(" ", 1)
    base = f"{_fold(first)}.{_fold(last)}"
    login, n = base, 2
    while login in used:
        login, n = f"{base}{n}", n + 1
    assert valid_login(login), login
    used.add(login)
    return login


def _make_users(db: Database, world: World, scale: int) -> None:
    rng = world.rng
    admin = world.contexts["admin"]
    taken = {world.people["admin"].name}
    used = {"admin"}
    staff = [s for s in data.STAFF if s.role != "admin"]
    names = _draw_names(rng, len(staff), taken)
    for spec, name in zip(staff, names, strict=True):
        world.people[spec.key] = PersonRec(
            spec.key, _login_for(name, used), name, spec.title, ROLE_OF[spec.role], list(spec.units)
        )
    # Extra units of a scaled demo: an enhetschef per one or two units, staff in every unit,
    # and the investigators cover the new units of their areas.
    base = {u.name for u in data.UNITS}
    extra = [u for u in world.units.values() if u.name not in base]
    by_kind: dict[data.UnitKind, list[UnitRec]] = {}
    for unit in extra:
        by_kind.setdefault(unit.kind, []).append(unit)
    counter = 0
    for kind, units in by_kind.items():
        for i in range(0, len(units), 2):
            pair = [u.name for u in units[i : i + 2]]
            name = _draw_names(rng, 1, taken)[0]
            counter += 1
            world.people[f"x_manager_{counter}"] = PersonRec(
                f"x_manager_{counter}",
                _login_for(name, used),
                name,
                data.MANAGER_TITLES[kind],
                Role.UNIT_MANAGER,
                pair,
            )
        for unit in units:
            name = _draw_names(rng, 1, taken)[0]
            counter += 1
            world.people[f"x_staff_{counter}"] = PersonRec(
                f"x_staff_{counter}",
                _login_for(name, used),
                name,
                rng.choice(data.STAFF_TITLES[kind]),
                Role.STAFF,
                [unit.name],
            )
    # Investigators: one more for every few extra units of an area.
    by_area: dict[str, list[UnitRec]] = {}
    for unit in extra:
        by_area.setdefault(data.AREA_OF_KIND[unit.kind], []).append(unit)
    for area, units in by_area.items():
        for i in range(0, len(units), EXTRA_UNITS_PER_INVESTIGATOR):
            name = _draw_names(rng, 1, taken)[0]
            counter += 1
            world.people[f"x_investigator_{counter}"] = PersonRec(
                f"x_investigator_{counter}",
                _login_for(name, used),
                name,
                f"Kvalitetsutredare {area.lower()}",
                Role.INVESTIGATOR,
                [u.name for u in units[i : i + EXTRA_UNITS_PER_INVESTIGATOR]],
            )
    for person in world.people.values():
        if person.key == "admin":
            continue
        person.id = organisation.save_user(
            admin,
            organisation.UserInput(
                login=person.login,
                name=person.name,
                title=person.title,
                roles=[person.role],
                unit_ids=[world.units[u].id for u in person.units],
            ),
        )
    for person in world.people.values():
        if person.login not in world.contexts:
            world.contexts[person.login] = Context.for_login(db, person.login)


# --- planning -------------------------------------------------------------------------------


def _days(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi) if hi >= lo else lo


def _clamp(day: date, lo: date, hi: date) -> date:
    return max(lo, min(day, hi))


def _people_for(world: World, unit: str) -> tuple[str, str, str]:
    """(manager, investigator, staff) logins for work in ``unit``."""
    rng = world.rng
    manager = world.in_unit(unit, Role.UNIT_MANAGER)[0].login
    investigators = world.in_unit(unit, Role.INVESTIGATOR)
    investigator = investigators[0].login if investigators else manager
    staff_members = world.in_unit(unit, Role.STAFF)
    staff = rng.choice(staff_members).login if staff_members else investigator
    return manager, investigator, staff


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _team(
    world: World, kind: data.UnitKind, manager: str, investigator: str, staff: str
) -> list[tuple[str, str, str | None]]:
    rng = world.rng
    by_login = {p.login: p for p in world.people.values()}
    team: list[tuple[str, str, str | None]] = [
        (by_login[manager].name, "Analysledare, " + _lower_first(by_login[manager].title), manager)
    ]
    if investigator != manager:
        team.append((by_login[investigator].name, by_login[investigator].title, investigator))
    if staff not in (manager, investigator):
        team.append((by_login[staff].name, by_login[staff].title, staff))
    outside = _draw_names(rng, 1, set())[0]
    team.append((outside, rng.choice(data.OUTSIDE_TEAM_ROLES[kind]), None))
    return team


def _plan_curated(world: World, curated: data.CuratedT) -> AnalysisPlan:
    today = world.today
    scenario = curated.scenario
    unit = world.units[curated.unit]
    manager = world.login_of(curated.leader)
    investigator = world.login_of(curated.investigator)
    staff = world.login_of(curated.staff)
    plan = _plan_head(
        world,
        scenario,
        unit,
        curated.stage,
        scenario.titles[0].replace("{unit}", unit.name),
        curated.decided_days_ago,
        (manager, investigator, staff),
        curated.individual_code,
    )
    plan.wizard_step = curated.wizard_step
    plan.positive = True
    if curated.stage is not data.Stage.DRAFT:
        plan.follow_up_on = today + timedelta(days=curated.follow_up_in_days)
    for event_t in scenario.events:
        event = _plan_event(plan, event_t)
        if plan.decided_on is not None:
            for measure_t in event_t.measures:
                event.measures.append(
                    _plan_measure(
                        world, plan, measure_t, measure_t.fate, (manager, investigator, staff)
                    )
                )
            _plan_residual(world, plan, event, event_t, investigator)
        plan.events.append(event)
    if curated.stage is data.Stage.CLOSED:
        plan.closer = world.login_of("coordinator")
    return plan


def _plan_head(
    world: World,
    scenario: data.ScenarioT,
    unit: UnitRec,
    stage: data.Stage,
    title: str,
    days_ago: int,
    people: tuple[str, str, str],
    individual_code: str | None,
) -> AnalysisPlan:
    rng, today = world.rng, world.today
    manager, investigator, staff = people
    if stage is data.Stage.DRAFT:
        commissioned_on = today - timedelta(days=days_ago)
        assessed_on = _clamp(
            commissioned_on + timedelta(days=_days(rng, 2, 6)), commissioned_on, today
        )
        decided_on = None
    else:
        decided_on = today - timedelta(days=days_ago)
        commissioned_on = decided_on - timedelta(days=_days(rng, 18, 40))
        assessed_on = commissioned_on + timedelta(days=_days(rng, 5, 14))
    if scenario.individual and individual_code is None:
        individual_code = rng.choice(world.individuals[unit.name])
    return AnalysisPlan(
        title=title,
        unit=unit,
        stage=stage,
        scenario=scenario,
        trigger_description=scenario.trigger_description.replace("{unit}", unit.name),
        individual_code=individual_code if scenario.individual else None,
        commissioned_by=rng.choice(data.COMMISSIONERS[unit.kind]),
        commissioned_on=commissioned_on,
        assessed_on=assessed_on,
        leader=manager,
        author=rng.choice((manager, manager, investigator)),
        manager=manager,
        team=_team(world, unit.kind, manager, investigator, staff),
        wizard_step=7,
        follow_up_on=None,
        events=[],
        decided_on=decided_on,
    )


def _plan_event(plan: AnalysisPlan, event_t: data.EventT) -> EventPlan:
    return EventPlan(
        event_t.description.replace("{unit}", plan.unit.name),
        event_t.causes,
        event_t.proposed,
        event_t.probability,
        event_t.consequence,
        [],
    )


def _plan_residual(
    world: World, plan: AnalysisPlan, event: EventPlan, event_t: data.EventT, investigator: str
) -> None:
    if event_t.residual is None or plan.decided_on is None:
        return
    finished = [m.completed_on for m in event.measures if m.completed_on is not None]
    base = max(finished) if finished else plan.decided_on + timedelta(days=30)
    on = _clamp(
        base + timedelta(days=_days(world.rng, 7, 20)), plan.decided_on, world.today - timedelta(1)
    )
    p, c, comment = event_t.residual
    event.residual = ResidualPlan(p, c, comment, on, investigator)


def _plan_measure(
    world: World,
    plan: AnalysisPlan,
    measure_t: data.MeasureT,
    fate: data.Fate,
    people: tuple[str, str, str],
) -> MeasurePlan:
    rng, today = world.rng, world.today
    manager, investigator, staff = people
    assert plan.decided_on is not None
    start = plan.decided_on + timedelta(days=_days(rng, 0, 5))
    yesterday = today - timedelta(days=1)
    span = max((today - start).days, 4)
    responsible = rng.choice((manager, manager, staff, investigator))
    follower = rng.choice((staff, staff, investigator))
    method = measure_t.method
    F = data.Fate
    measure = MeasurePlan(
        measure_t.title,
        measure_t.description.replace("{unit}", plan.unit.name),
        responsible,
        today,
        MeasureStatus.PLANNED,
        [],
    )

    def soon() -> date:
        return today + timedelta(days=_days(rng, 2, 12))

    def past(lo: int, hi: int) -> date:
        return _clamp(today - timedelta(days=_days(rng, lo, hi)), start, yesterday)

    if fate in (F.DONE, F.DONE_NEW_MEASURE, F.DONE_NEW_RISK, F.DONE_LATE_FOLLOW_UP):
        completed = _clamp(
            start + timedelta(days=_days(rng, span * 3 // 10, span // 2)), start, yesterday
        )
        measure.status = MeasureStatus.DONE
        measure.completed_on = completed
        measure.due = completed + timedelta(days=_days(rng, 0, 10))
        if fate is F.DONE_LATE_FOLLOW_UP:
            planned = _clamp(today - timedelta(days=_days(rng, 3, 20)), completed, yesterday)
            measure.follow_ups.append(FollowUpPlan(planned, method, follower))
        else:
            room = (yesterday - completed).days
            planned = completed + timedelta(days=_days(rng, room // 3, room * 2 // 3))
            performed = _clamp(planned + timedelta(days=_days(rng, 0, 4)), planned, yesterday)
            follow_up = FollowUpPlan(planned, method, follower)
            outcome = {
                F.DONE_NEW_MEASURE: Outcome.NEW_MEASURE,
                F.DONE_NEW_RISK: Outcome.NEW_RISK_ANALYSIS,
            }.get(fate, Outcome.CLOSED)
            follow_up.result = _plan_result(world, plan, measure_t, performed, outcome, people)
            follow_up.result.actor = manager if outcome is not Outcome.CLOSED else follower
            measure.follow_ups.append(follow_up)
    elif fate is F.DONE_AWAITING:
        measure.status = MeasureStatus.DONE
        measure.completed_on = past(5, 30)
        measure.due = measure.completed_on + timedelta(days=_days(rng, 0, 7))
        measure.follow_ups.append(FollowUpPlan(soon(), method, follower))
    elif fate is F.ONGOING:
        measure.status = MeasureStatus.IN_PROGRESS
        measure.due = today + timedelta(days=_days(rng, 20, 75))
        measure.follow_ups.append(
            FollowUpPlan(measure.due + timedelta(days=_days(rng, 7, 21)), method, follower)
        )
    elif fate is F.ONGOING_CHECKED:
        measure.status = MeasureStatus.IN_PROGRESS
        measure.due = today + timedelta(days=_days(rng, 15, 60))
        performed = past(10, min(30, span - 1))
        first = FollowUpPlan(performed, method, follower)
        first.result = _plan_result(world, plan, measure_t, performed, Outcome.CLOSED, people)
        first.result.actor = follower
        if measure_t.result is None:
            first.result.effect = Effect.PARTLY
        measure.follow_ups += [first, FollowUpPlan(soon(), method, follower)]
    elif fate is F.ONGOING_LATE_FOLLOW_UP:
        measure.status = MeasureStatus.IN_PROGRESS
        measure.due = today + timedelta(days=_days(rng, 10, 40))
        measure.follow_ups.append(FollowUpPlan(past(2, 15), method, follower))
    elif fate is F.ONGOING_OVERDUE:
        measure.status = MeasureStatus.IN_PROGRESS
        measure.due = past(3, 40)
    elif fate is F.PLANNED:
        measure.due = soon()
    elif fate is F.PLANNED_LATER:
        measure.due = today + timedelta(days=_days(rng, 30, 90))
    elif fate is F.PLANNED_OVERDUE:
        measure.due = past(2, 25)
    elif fate is F.CANCELLED:
        measure.status = MeasureStatus.CANCELLED
        measure.due = start + timedelta(days=_days(rng, 20, 60))
        measure.cancel_reason = measure_t.cancel_reason or rng.choice(data.CANCEL_REASONS)
    if measure.due < start:
        measure.due = start
    return measure


def _plan_result(
    world: World,
    plan: AnalysisPlan,
    measure_t: data.MeasureT,
    performed: date,
    outcome: Outcome,
    people: tuple[str, str, str],
) -> ResultPlan:
    rng, today = world.rng, world.today
    performed = min(performed, date.today(), today - timedelta(days=1))
    given = measure_t.result
    if given is not None:
        result = ResultPlan(
            performed,
            given.result,
            given.effect,
            given.effect_comment,
            [_voice_from(world, plan, v) for v in given.voices],
            outcome,
            people[2],
        )
    else:
        if plan.positive:
            effect = rng.choice((Effect.YES, Effect.YES, Effect.PARTLY))
        else:
            effect = rng.choice(
                (Effect.YES, Effect.YES, Effect.YES, Effect.PARTLY, Effect.PARTLY, Effect.NO)
                + ((Effect.UNKNOWN,) if outcome is Outcome.CLOSED else ())
            )
        if outcome is not Outcome.CLOSED and effect is Effect.YES:
            effect = Effect.PARTLY
        m = rng.randint(6, 30)
        share = {Effect.YES: (0.7, 1.0), Effect.PARTLY: (0.35, 0.7)}.get(effect, (0.1, 0.35))
        n = max(1, min(m - 1, round(m * rng.uniform(*share))))
        text = rng.choice(data.RESULTS[effect]).format(n=n, m=m)
        voices = [_generic_voice(world, plan, effect) for _ in range(rng.randint(1, 3))]
        result = ResultPlan(
            performed,
            text,
            effect,
            rng.choice(data.EFFECT_COMMENTS[effect]),
            voices,
            outcome,
            people[2],
        )
    if outcome is Outcome.NEW_MEASURE:
        title, description = measure_t.next_measure or rng.choice(data.NEW_MEASURES)
        due = today + timedelta(days=_days(rng, 3, 12))
        result.new_measure = (title, description, people[0], due)
    elif outcome is Outcome.NEW_RISK_ANALYSIS:
        result.new_risk_title = measure_t.next_risk_title or rng.choice(
            data.NEW_RISK_TITLES
        ).replace("{unit}", plan.unit.name)
    return result


def _code_for(world: World, plan: AnalysisPlan) -> str:
    return plan.individual_code or world.rng.choice(world.individuals[plan.unit.name])


def _voice_from(world: World, plan: AnalysisPlan, voice: data.VoiceT) -> VoicePlan:
    return VoicePlan(
        voice.gathered_by,
        _code_for(world, plan) if voice.individual else None,
        voice.comment,
        {dimension: (rating, comment) for dimension, rating, comment in voice.ratings},
    )


def _generic_voice(world: World, plan: AnalysisPlan, effect: Effect) -> VoicePlan:
    rng = world.rng
    base = {Effect.YES: 4, Effect.PARTLY: 3, Effect.NO: 2, Effect.UNKNOWN: 3}[effect]
    gathered_by = rng.choice(list(GatheredBy))
    ratings: dict[Dimension, tuple[int | None, str | None]] = {}
    for dimension in Dimension:
        rating: int | None = max(1, min(5, base + rng.choice((-1, 0, 0, 1))))
        if effect is Effect.UNKNOWN and rng.random() < 0.2:
            rating = None
        comment = None
        if rating is not None and rng.random() < 0.5:
            good, middling, poor = data.DIMENSION_COMMENTS[dimension]
            comment = rng.choice(good if rating >= 4 else middling if rating == 3 else poor)
        ratings[dimension] = (rating, comment)
    anonymous = gathered_by is GatheredBy.SURVEY and rng.random() < 0.5
    return VoicePlan(
        gathered_by,
        None if anonymous else _code_for(world, plan),
        rng.choice(data.VOICE_COMMENTS[effect]),
        ratings,
    )


# --- the service path (scale 1) -------------------------------------------------------------


def _run_with_services(world: World, plan: AnalysisPlan) -> None:
    ctx = world.contexts
    author = ctx[plan.author]
    view = risk.save_analysis(author, _analysis_input(world, plan))
    analysis_id = view.id
    if plan.decided_on is None:
        return
    assert plan.follow_up_on is not None
    manager = ctx[plan.manager]
    risk.decide(
        manager,
        analysis_id,
        risk.DecisionInput(
            decision_text=plan.scenario.decision_text,
            decided_by_id=manager.actor.id,
            decided_on=plan.decided_on,
            follow_up_on=max(plan.follow_up_on, plan.decided_on),
            follow_up_method=plan.scenario.follow_up_method,
        ),
    )
    for event_view, event in zip(view.events, plan.events, strict=True):
        for measure in event.measures:
            _measure_with_services(world, plan, event_view.id, measure)
        if event.residual is not None:
            residual = event.residual
            risk.reassess_event(
                ctx[residual.actor],
                event_view.id,
                residual.probability,
                residual.consequence,
                residual.comment,
                residual.assessed_on,
            )
    if plan.closer is not None:
        risk.close_analysis(ctx[plan.closer], analysis_id)


def _analysis_input(world: World, plan: AnalysisPlan) -> risk.RiskAnalysisInput:
    scenario = plan.scenario
    return risk.RiskAnalysisInput(
        title=plan.title,
        unit_id=plan.unit.id,
        scope_kind=scenario.scope_kind,
        scope_description=scenario.scope_description,
        trigger=scenario.trigger,
        trigger_description=plan.trigger_description,
        level=AnalysisLevel.INDIVIDUAL if plan.individual_code else AnalysisLevel.GROUP,
        individual_code=plan.individual_code,
        commissioned_by=plan.commissioned_by,
        commissioned_on=plan.commissioned_on,
        leader_id=world.id_of_login(plan.leader),
        team=[
            risk.TeamMemberInput(name, role, world.id_of_login(login) if login else None)
            for name, role, login in plan.team
        ],
        fact_sources=scenario.fact_sources,
        events=[
            risk.EventInput(
                e.description,
                e.causes,
                e.proposed,
                e.probability,
                e.consequence,
                assessed_on=plan.assessed_on,
            )
            for e in plan.events
        ],
        follow_up_on=plan.follow_up_on,
        follow_up_method=scenario.follow_up_method,
        wizard_step=plan.wizard_step,
    )


# A demo measure starts this many days before the first thing that followed it (its due
# date, completion or a follow-up), so the compilation sees measures started through the year.
_LEAD_DAYS = 21


def _start_of(measure: MeasurePlan, today: date) -> date:
    """Its start: before what followed it, and by today once it is under way."""
    days = [measure.due, *(f.planned_on for f in measure.follow_ups)]
    days += [f.result.performed_on for f in measure.follow_ups if f.result is not None]
    if measure.completed_on is not None:
        days.append(measure.completed_on)
    start = min(days) - timedelta(days=_LEAD_DAYS)
    return start if measure.status is MeasureStatus.PLANNED else min(start, today)


def _measure_with_services(
    world: World, plan: AnalysisPlan, event_id: str, measure: MeasurePlan
) -> None:
    ctx = world.contexts
    manager = ctx[plan.manager]
    measure_id = measures.create_measure(
        manager,
        measures.MeasureInput(
            title=measure.title,
            unit_id=plan.unit.id,
            description=measure.description,
            responsible_id=world.id_of_login(measure.responsible),
            due_date=measure.due,
            links=[measures.LinkRef(EVENT_LINK, event_id)],
            start_on=_start_of(measure, world.today),
        ),
    ).id
    if measure.status is not MeasureStatus.PLANNED:
        measures.set_status(manager, measure_id, MeasureStatus.IN_PROGRESS)
    follow_up_ids = [
        followups.plan_follow_up(
            manager,
            measure_id,
            followups.PlanInput(
                follow_up.planned_on, follow_up.method, world.id_of_login(follow_up.responsible)
            ),
        ).id
        for follow_up in measure.follow_ups
    ]
    if measure.status is MeasureStatus.DONE:
        assert measure.completed_on is not None
        measures.set_status(
            manager, measure_id, MeasureStatus.DONE, completed_on=measure.completed_on
        )
    elif measure.status is MeasureStatus.CANCELLED:
        measures.set_status(manager, measure_id, MeasureStatus.CANCELLED, measure.cancel_reason)
    for follow_up_id, follow_up in zip(follow_up_ids, measure.follow_ups, strict=True):
        result = follow_up.result
        if result is None:
            continue
        new_measure = None
        if result.new_measure is not None:
            title, description, login, due = result.new_measure
            new_measure = measures.MeasureInput(
                title=title,
                unit_id=plan.unit.id,
                description=description,
                responsible_id=world.id_of_login(login),
                due_date=due,
                start_on=min(result.performed_on, due),
            )
        followups.record_result(
            ctx[result.actor],
            follow_up_id,
            followups.ResultInput(
                performed_on=result.performed_on,
                result=result.text,
                effect=result.effect,
                effect_comment=result.effect_comment,
                voices=[
                    followups.VoiceInput(
                        v.gathered_by,
                        v.individual_code,
                        v.comment,
                        {d: followups.RatingInput(r, c) for d, (r, c) in v.ratings.items()},
                    )
                    for v in result.voices
                ],
                outcome=result.outcome,
                new_measure=new_measure,
                new_risk_title=result.new_risk_title,
            ),
        )


# --- the bulk path (scale > 1) ----------------------------------------------------------------

F = data.Fate
_FATES_CLOSED = ((F.DONE, 8), (F.CANCELLED, 1))
_FATES_OLD = (
    (F.DONE, 6),
    (F.DONE_LATE_FOLLOW_UP, 1),
    (F.DONE_NEW_MEASURE, 0.4),
    (F.DONE_NEW_RISK, 0.2),
    (F.ONGOING, 1),
    (F.ONGOING_CHECKED, 1),
    (F.ONGOING_OVERDUE, 1),
    (F.CANCELLED, 0.8),
)
_FATES_MIDDLE = (
    (F.DONE, 2),
    (F.DONE_AWAITING, 1),
    (F.DONE_LATE_FOLLOW_UP, 0.5),
    (F.ONGOING, 2),
    (F.ONGOING_CHECKED, 1),
    (F.ONGOING_LATE_FOLLOW_UP, 0.5),
    (F.ONGOING_OVERDUE, 1),
    (F.PLANNED_OVERDUE, 0.5),
    (F.CANCELLED, 0.3),
)
_FATES_RECENT = (
    (F.PLANNED, 2),
    (F.PLANNED_LATER, 2),
    (F.ONGOING, 2),
    (F.PLANNED_OVERDUE, 0.5),
    (F.DONE_AWAITING, 0.5),
)


def _weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _plan_generated(world: World) -> AnalysisPlan:
    rng, today = world.rng, world.today
    scenario = rng.choice(data.SCENARIOS)
    unit = rng.choice(world.units_of_kind(scenario.kind))
    people = _people_for(world, unit.name)
    roll = rng.random()
    if roll < 0.1:
        stage, days_ago = data.Stage.DRAFT, _days(rng, 1, 45)
    elif roll < 0.3:
        stage, days_ago = data.Stage.CLOSED, _days(rng, 150, 365)
    else:
        stage, days_ago = data.Stage.DECIDED, _days(rng, 7, 330)
    titles = [t for t in scenario.titles if "{unit}" in t]
    title = rng.choice(titles).replace("{unit}", unit.name)
    plan = _plan_head(world, scenario, unit, stage, title, days_ago, people, None)
    events = list(scenario.events)
    if len(events) > 3:
        events = rng.sample(events, rng.randint(3, len(events)))
        events.sort(key=scenario.events.index)
    if stage is data.Stage.DRAFT:
        plan.wizard_step = rng.randint(1, 5)
        if plan.wizard_step <= 2:
            events = events[: rng.randint(0, len(events))]
    else:
        assert plan.decided_on is not None
        offset = _days(rng, 60, 180)
        plan.follow_up_on = plan.decided_on + timedelta(days=offset)
        if stage is data.Stage.CLOSED:
            plan.closer = rng.choice((world.login_of("coordinator"), plan.manager))
            plan.positive = True
    age = (today - plan.decided_on).days if plan.decided_on else 0
    fates = (
        _FATES_CLOSED
        if stage is data.Stage.CLOSED
        else _FATES_OLD
        if age > 150
        else _FATES_MIDDLE
        if age > 45
        else _FATES_RECENT
    )
    for event_t in events:
        p, c = event_t.probability, event_t.consequence
        if p is not None and c is not None:
            p = max(1, min(4, p + rng.choice((-1, 0, 0, 0, 1))))
            c = max(1, min(4, c + rng.choice((-1, 0, 0, 0, 0, 1))))
        elif stage is not data.Stage.DRAFT or rng.random() < 0.5:
            p, c = rng.randint(1, 4), rng.randint(1, 4)
        event = _plan_event(plan, event_t)
        event.probability, event.consequence = p, c
        if plan.decided_on is not None:
            for measure_t in event_t.measures:
                if rng.random() < 0.95:
                    fate = _weighted(rng, fates)
                    event.measures.append(_plan_measure(world, plan, measure_t, fate, people))
            if p is not None and c is not None and event.measures and rng.random() < 0.4:
                finished = [m.completed_on for m in event.measures if m.completed_on]
                if finished:
                    residual = (
                        max(1, p - rng.randint(1, 2)),
                        c,
                        "Ny bedömning efter att åtgärderna genomförts.",
                    )
                    _plan_residual(
                        world,
                        plan,
                        event,
                        data.EventT("", "", "", p, c, residual=residual),
                        people[1],
                    )
        plan.events.append(event)
    if stage is data.Stage.CLOSED and plan.decided_on is not None:
        # Closed after the last follow-up of its measures.
        performed = [
            f.result.performed_on
            for e in plan.events
            for m in e.measures
            for f in m.follow_ups
            if f.result is not None
        ]
        latest = max([plan.decided_on, *performed])
        plan.follow_up_on = _clamp(
            latest + timedelta(days=_days(rng, 3, 20)), plan.decided_on, today - timedelta(days=1)
        )
    return plan


class _Bulk:
    """Writes planned analyses with the models, switching the audited actor per record group."""

    def __init__(self, world: World, uow: UnitOfWork) -> None:
        self.world = world
        self.session = uow.session
        self.now = utcnow()
        self.individuals: dict[str, str] = {}

    def act_as(self, login: str) -> None:
        self.session.flush()
        self.session.info[ACTOR_ID] = self.world.id_of_login(login)
        self.session.info[ACTOR_LOGIN] = login

    def individual(self, code: str, unit_id: str) -> str:
        if code in self.individuals:
            return self.individuals[code]
        assert valid_individual_code(code), code
        found = self.session.scalar(select(Individual.id).where(Individual.code == code))
        if found is None:
            row = Individual(id=new_id(), code=code, unit_id=unit_id)
            self.session.add(row)
            # No relationship() leads here, so the flush would not order it before its users.
            self.session.flush()
            found = row.id
        self.individuals[code] = found
        return found

    def write(self, plan: AnalysisPlan) -> None:
        world, session = self.world, self.session
        scenario = plan.scenario
        self.act_as(plan.author)
        individual_id = (
            self.individual(plan.individual_code, plan.unit.id) if plan.individual_code else None
        )
        # The same checks as the service, on the same input.
        risk.validate_analysis(_analysis_input(world, plan))
        status = RiskAnalysisStatus.DRAFT if plan.decided_on is None else RiskAnalysisStatus.DECIDED
        analysis = RiskAnalysis(
            id=new_id(),
            title=plan.title,
            unit_id=plan.unit.id,
            status=status.value,
            scope_kind=scenario.scope_kind.value,
            scope_description=scenario.scope_description,
            trigger=scenario.trigger.value,
            trigger_description=plan.trigger_description,
            level=(AnalysisLevel.INDIVIDUAL if individual_id else AnalysisLevel.GROUP).value,
            individual_id=individual_id,
            commissioned_by=plan.commissioned_by,
            commissioned_on=plan.commissioned_on,
            leader_id=world.id_of_login(plan.leader),
            fact_sources=scenario.fact_sources,
            follow_up_on=plan.follow_up_on,
            follow_up_method=scenario.follow_up_method,
            wizard_step=plan.wizard_step,
        )
        if plan.decided_on is not None:
            analysis.decision_text = scenario.decision_text
            analysis.decided_by_id = world.id_of_login(plan.manager)
            analysis.decided_on = plan.decided_on
        session.add(analysis)
        for position, (name, role, login) in enumerate(plan.team):
            session.add(
                RiskTeamMember(
                    analysis_id=analysis.id,
                    position=position,
                    name=name,
                    role_text=role,
                    user_id=world.id_of_login(login) if login else None,
                )
            )
        event_ids: list[str] = []
        event_rows: dict[str, RiskEvent] = {}
        for position, event in enumerate(plan.events):
            event_row = RiskEvent(
                id=new_id(),
                analysis_id=analysis.id,
                position=position,
                description=event.description,
                causes=event.causes,
                proposed_measures=event.proposed,
            )
            event_ids.append(event_row.id)
            event_rows[event_row.id] = event_row
            session.add(event_row)
            if event.probability is not None and event.consequence is not None:
                score = risk_score(event.probability, event.consequence)
                event_row.current_score = score
                session.add(
                    RiskAssessment(
                        event_id=event_row.id,
                        kind=AssessmentKind.INITIAL.value,
                        probability=event.probability,
                        consequence=event.consequence,
                        score=score,
                        assessed_on=plan.assessed_on,
                        assessed_at=self.now,
                    )
                )
        results: list[tuple[FollowUp, ResultPlan, MeasurePlan]] = []
        if plan.decided_on is not None:
            self.act_as(plan.manager)
            for event, event_id in zip(plan.events, event_ids, strict=True):
                for measure in event.measures:
                    results += self._measure(plan, event_id, measure)
        for event, event_id in zip(plan.events, event_ids, strict=True):
            residual = event.residual
            if residual is None:
                continue
            self.act_as(residual.actor)
            score = risk_score(residual.probability, residual.consequence)
            session.add(
                RiskAssessment(
                    event_id=event_id,
                    kind=AssessmentKind.RESIDUAL.value,
                    probability=residual.probability,
                    consequence=residual.consequence,
                    score=score,
                    assessed_on=residual.assessed_on,
                    assessed_at=self.now + timedelta(seconds=1),
                    comment=residual.comment,
                )
            )
            event_rows[event_id].current_score = score
        for follow_up, result, measure in results:
            self._result(plan, follow_up, result, measure)
        if plan.closer is not None:
            # Closed after the follow-ups, by someone who may decide: an audited change.
            self.act_as(plan.closer)
            analysis.status = RiskAnalysisStatus.CLOSED.value

    def _measure(
        self, plan: AnalysisPlan, event_id: str, measure: MeasurePlan
    ) -> list[tuple[FollowUp, ResultPlan, MeasurePlan]]:
        world, session = self.world, self.session
        measures.validate_measure(
            measures.MeasureInput(
                measure.title,
                plan.unit.id,
                measure.description,
                world.id_of_login(measure.responsible),
                measure.due,
            )
        )
        check_status_change(
            measure.status,
            cancel_reason=measure.cancel_reason,
            has_planned_follow_up=bool(measure.follow_ups),
        )
        row = Measure(
            id=new_id(),
            unit_id=plan.unit.id,
            title=measure.title,
            description=measure.description,
            responsible_id=world.id_of_login(measure.responsible),
            due_date=measure.due,
            status=measure.status.value,
            cancel_reason=measure.cancel_reason,
            completed_on=measure.completed_on,
            start_on=_start_of(measure, world.today),
        )
        session.add(row)
        session.add(MeasureLink(measure_id=row.id, kind=EVENT_LINK, target_id=event_id))
        pending: list[tuple[FollowUp, ResultPlan, MeasurePlan]] = []
        for follow_up in measure.follow_ups:
            followups.validate_plan(
                followups.PlanInput(
                    follow_up.planned_on,
                    follow_up.method,
                    world.id_of_login(follow_up.responsible),
                )
            )
            follow_row = FollowUp(
                id=new_id(),
                measure_id=row.id,
                unit_id=plan.unit.id,
                planned_on=follow_up.planned_on,
                method=follow_up.method,
                responsible_id=world.id_of_login(follow_up.responsible),
                status=FollowUpStatus.PLANNED.value,
            )
            session.add(follow_row)
            if follow_up.result is not None:
                pending.append((follow_row, follow_up.result, measure))
        return pending

    def _result(
        self, plan: AnalysisPlan, row: FollowUp, result: ResultPlan, measure: MeasurePlan
    ) -> None:
        world, session = self.world, self.session
        followups.validate_result(
            followups.ResultInput(
                result.performed_on,
                result.text,
                result.effect,
                result.effect_comment,
                outcome=result.outcome,
                new_measure=measures.MeasureInput("–", plan.unit.id)
                if result.new_measure
                else None,
                new_risk_title=result.new_risk_title,
            )
        )
        self.act_as(result.actor)
        row.status = FollowUpStatus.DONE.value
        row.performed_on = result.performed_on
        row.result = result.text
        row.effect = result.effect.value
        row.effect_comment = result.effect_comment
        row.outcome = result.outcome.value
        for position, voice in enumerate(result.voices):
            voice_row = FollowUpVoice(
                id=new_id(),
                follow_up_id=row.id,
                position=position,
                individual_id=self.individual(voice.individual_code, plan.unit.id)
                if voice.individual_code
                else None,
                gathered_by=voice.gathered_by.value,
                comment=voice.comment,
            )
            session.add(voice_row)
            for dimension in Dimension:
                rating, comment = voice.ratings.get(dimension, (None, None))
                session.add(
                    ExperienceRating(
                        voice_id=voice_row.id,
                        dimension=dimension.value,
                        rating=rating,
                        comment=comment,
                    )
                )
        if result.new_measure is not None:
            title, description, login, due = result.new_measure
            new = Measure(
                id=new_id(),
                unit_id=plan.unit.id,
                title=title,
                description=description,
                responsible_id=world.id_of_login(login),
                due_date=due,
                status=MeasureStatus.PLANNED.value,
                start_on=min(result.performed_on, due),
            )
            session.add(new)
            session.add(MeasureLink(measure_id=new.id, kind=FOLLOW_UP_LINK, target_id=row.id))
            row.outcome_record_id = new.id
        elif result.new_risk_title is not None:
            analysis = RiskAnalysis(
                id=new_id(),
                title=result.new_risk_title,
                unit_id=plan.unit.id,
                status=RiskAnalysisStatus.DRAFT.value,
                scope_kind=ScopeKind.UNIT.value,
                trigger=Trigger.OTHER.value,
                trigger_description=f"Uppföljning {row.planned_on.isoformat()} av åtgärden "
                f"”{measure.title}”",
                level=AnalysisLevel.GROUP.value,
            )
            session.add(analysis)
            row.outcome_record_id = analysis.id


def _bulk(db: Database, world: World, count: int, step: Callable[[int], None]) -> None:
    admin = world.people["admin"]
    written = 0
    while written < count:
        batch = min(BULK_BATCH_ANALYSES, count - written)
        with UnitOfWork(db, admin.id, admin.login) as uow:
            bulk = _Bulk(world, uow)
            for _ in range(batch):
                bulk.write(_plan_generated(world))
            uow.session.flush()
        written += batch
        step(batch)


# --- summary --------------------------------------------------------------------------------


def _summary(db: Database) -> DemoSummary:
    with db.session() as session:

        def count(model: type[object]) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        return DemoSummary(
            units=count(Unit),
            users=count(User),
            risk_analyses=count(RiskAnalysis),
            events=count(RiskEvent),
            measures=count(Measure),
            follow_ups=count(FollowUp),
            lex_sarah_cases=count(LexSarahCase),
            deviations=count(Deviation),
            complaints=count(Complaint),
            self_inspections=count(SelfInspectionCheck),
            insats_changes=count(InsatsChange),
        )


__all__ = ["DemoRefused", "DemoSummary", "ProgressCallback", "create_demo"]
