"""The demo municipality's egenkontroll: a plan per unit and year from 2019, and the checks of
the past performed through the services by the unit's people.

Trends to find: in hemtjänst the medication checks of 2020–2021 (the pandemic's staffing) find
far more shortcomings than before and after; the care-plan checks improve year by year after
2022; a few checks each year are done late, and some of this year's are still overdue.
Deterministic for the seed and ``world.today``; every unit of the world gets a plan, so
``--scale`` (more units) multiplies it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kvalitet_desktop.demo import data
from kvalitet_desktop.domain.forms import FormAnswers, FormDef
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import forms
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import (
    Assessment,
    Frequency,
    ReviewedKind,
)

if TYPE_CHECKING:
    from kvalitet_desktop.demo.world import UnitRec, World

FIRST_YEAR = 2019


@dataclass(frozen=True)
class ItemT:
    title: str
    method: str
    frequency: Frequency
    form_id: str
    reviewed: ReviewedKind
    on_failure: str
    by_staff: bool = False  # a staff member does it (else the unit manager)


_MEDICATION = ItemT(
    "Läkemedelshantering och delegeringar",
    "registerjämförelse",
    Frequency.QUARTERLY,
    "egenkontroll_lakemedel",
    ReviewedKind.SIGNING_LISTS,
    "Avvikelse registreras; sjuksköterskan och enhetschefen går igenom bristen med gruppen.",
)
_CARE_PLANS = ItemT(
    "Genomförandeplanerna är aktuella",
    "akt- och journalgranskning",
    Frequency.HALF_YEARLY,
    "egenkontroll_genomforandeplaner",
    ReviewedKind.CARE_PLANS,
    "Kontaktpersonen uppdaterar planen inom en månad; enhetschefen följer upp.",
    by_staff=True,
)
_FIRE = ItemT(
    "Brandskydd och larm",
    "observation",
    Frequency.YEARLY,
    "egenkontroll_brandskydd",
    ReviewedKind.PREMISES,
    "Fastighetsägaren kontaktas samma vecka; brister i larm rapporteras som avvikelse.",
)
_CONTACT = ItemT(
    "Kontaktmannaskap",
    "enkät",
    Frequency.YEARLY,
    "egenkontroll_kontaktmannaskap",
    ReviewedKind.SURVEY_ANSWERS,
    "Enhetschefen ser över schemat och fördelningen av kontaktpersoner.",
    by_staff=True,
)
_FILES = ItemT(
    "Akt- och journalgranskning",
    "akt- och journalgranskning",
    Frequency.HALF_YEARLY,
    "egenkontroll_akt_journal",
    ReviewedKind.CASE_FILES,
    "Handläggarna rättar dokumentationen; återkommande brister tas upp på APT.",
)
_PLACED = ItemT(
    "Uppföljning av placerade barn och unga",
    "akt- och journalgranskning",
    Frequency.HALF_YEARLY,
    "egenkontroll_placerade_barn",
    ReviewedKind.CASE_FILES,
    "Avvikelse registreras och socialsekreteraren planerar besöket inom två veckor.",
)

# Kept small: every check is performed through the services, as its people would.
PLANS: dict[data.UnitKind, tuple[ItemT, ...]] = {
    data.UnitKind.HOME_CARE: (_MEDICATION, replace(_CARE_PLANS, frequency=Frequency.YEARLY)),
    data.UnitKind.NURSING_HOME: (replace(_MEDICATION, frequency=Frequency.HALF_YEARLY), _FIRE),
    data.UnitKind.LSS_HOME: (replace(_CARE_PLANS, frequency=Frequency.YEARLY), _FIRE),
    data.UnitKind.DAY_ACTIVITY: (_CONTACT,),
    data.UnitKind.INCOME_SUPPORT: (replace(_FILES, frequency=Frequency.YEARLY),),
    data.UnitKind.CHILDREN: (_PLACED,),
}


def create_plans(world: World, seed: int) -> int:
    """Make every unit's plans and past checks; returns how many checks were performed."""
    rng = random.Random(f"egenkontroll:{seed}")
    performed = 0
    for unit in sorted(world.units.values(), key=lambda u: u.name):
        for year in range(FIRST_YEAR, world.today.year + 1):
            for item in PLANS.get(unit.kind, ()):
                performed += _plan_year(world, rng, unit, year, item)
    return performed


def _plan_year(world: World, rng: random.Random, unit: UnitRec, year: int, item: ItemT) -> int:
    manager = world.in_unit(unit.name, Role.UNIT_MANAGER)[0]
    staff = world.in_unit(unit.name, Role.STAFF)
    doer = staff[0] if item.by_staff and staff else manager
    planner = world.contexts[manager.login]
    saved = service.save_plan_item(
        planner,
        service.PlanItemInput(
            unit_id=unit.id,
            year=year,
            title=item.title,
            method=item.method,
            frequency=item.frequency,
            responsible_id=doer.id,
            on_failure=item.on_failure,
            form_id=item.form_id,
        ),
    )
    ctx = world.contexts[doer.login]
    form = forms.catalog(ctx).get(item.form_id)
    performed = 0
    for check in service.checks_of_year(planner, unit.id, year):
        if check.plan_item_id != saved.id:
            continue
        if check.planned_on > world.today:
            continue
        if rng.random() < _skipped(year, world.today):
            if year < world.today.year:  # an old year's missed check was called off
                service.cancel_check(planner, check.id, "Ersattes av tillsyn från förvaltningen.")
            continue  # this year's: still overdue
        late = rng.random() < 0.2
        day = check.planned_on + timedelta(days=rng.randint(1, 25) if late else -rng.randint(0, 20))
        day = min(day, world.today)
        answers = _answers(rng, form, unit, item, year)
        service.perform_check(
            ctx,
            check.id,
            service.PerformInput(
                performed_on=day,
                reviewed=[service.ReviewedInput(item.reviewed, rng.randint(5, 15))],
                reviewed_note="Slumpvis urval bland dem som hade insatsen under perioden.",
                summary=None,
            ),
            answers,
            today=world.today,
        )
        performed += 1
    return performed


def _skipped(year: int, today: date) -> float:
    return 0.35 if year == today.year else 0.03


def _shortcoming_rate(unit: UnitRec, item: ItemT, year: int) -> float:
    if (
        item.form_id == _MEDICATION.form_id
        and unit.kind is data.UnitKind.HOME_CARE
        and year in (2020, 2021)
    ):
        return 0.4  # the pandemic's temporary staff without delegations
    if item.form_id == _CARE_PLANS.form_id:
        return max(0.05, 0.3 - 0.05 * max(0, year - 2021))  # the plans improve after 2022
    return 0.1


def _answers(
    rng: random.Random, form: FormDef, unit: UnitRec, item: ItemT, year: int
) -> FormAnswers:
    rate = _shortcoming_rate(unit, item, year)
    values: dict[str, object] = {}
    for question in service.requirements_of(form):
        roll = rng.random()
        if roll < rate / 2:
            answer = Assessment.NOT_MET
        elif roll < rate:
            answer = Assessment.PARTLY
        elif roll < rate + 0.05:
            answer = Assessment.NOT_APPLICABLE
        else:
            answer = Assessment.MET
        values[question.id] = answer.value
        if answer.is_shortcoming:
            values[f"{question.id}_kommentar"] = rng.choice(_COMMENTS)
    return FormAnswers(values)


_COMMENTS = (
    "Gäller två av de granskade; rättat samma vecka.",
    "Saknades helt för tre av de granskade.",
    "Rutinen är känd men följs inte på kvällar och helger.",
    "Dokumenterat för sent i hälften av fallen.",
    "Nyanställd personal har inte fått introduktion i detta.",
)
