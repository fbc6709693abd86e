"""The demo municipality's klagomål och synpunkter, 2019 to today, made through the services.

Every unit receives a few a year; hemtjänst most. Complaints about bemötande are common in
hemtjänst until a training measure in the spring of 2023 (one measure per hemtjänst unit,
answering to the bemötande complaints of 2022, carried out and followed up), and clearly fewer
after it, so the compiled analysis has a trend to find. The last weeks' complaints are still
open: some wait for a reply, some are past their reply day. Deterministic for the seed and
``world.today``; ``scale`` multiplies the volume.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from kvalitet_desktop.demo import data
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    COMPLAINT_LINK,
    DEFAULT_TOPICS,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    ReplyMethod,
    ReplyTarget,
    SubmitterType,
    reply_due,
    response_days,
)
from kvalitet_desktop.workflows.complaints.models import Complaint
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Dimension, Effect, GatheredBy, Outcome
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.domain import MeasureStatus

if TYPE_CHECKING:
    from kvalitet_desktop.demo.world import UnitRec, World

FIRST_YEAR = 2019
TRAINING_DONE = date(2023, 3, 24)  # the bemötande training carried out in hemtjänst
BEMOTANDE = "bemötande"
# Complaints a year per unit at scale 1, by the kind of unit.
PER_YEAR: dict[data.UnitKind, int] = {
    data.UnitKind.HOME_CARE: 9,
    data.UnitKind.NURSING_HOME: 5,
    data.UnitKind.LSS_HOME: 3,
    data.UnitKind.DAY_ACTIVITY: 2,
    data.UnitKind.INCOME_SUPPORT: 3,
    data.UnitKind.CHILDREN: 2,
}
OPEN_DAYS = 60  # complaints received this many days before today are still being handled
RECENT_DAYS = 120  # the complaints made step by step through the services

_FIRST = ("Anna", "Birgitta", "Karin", "Lars", "Mikael", "Elsa", "Gunnar", "Sofia", "Omar")
_LAST = ("Lindqvist", "Holm", "Bergström", "Nyberg", "Sandberg", "Ali", "Ek", "Strand")

# topic -> (title, what was said, what the investigation found, what the reply said)
_TEXTS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    BEMOTANDE: (
        (
            "Kort i tonen vid besöket",
            "Upplever att personalen var stressad och svarade kort när frågor ställdes.",
            "Besöket låg mellan två andra med kort restid; personalen beskriver stress.",
            "Vi beklagar. Vi har pratat med personalgruppen om hur vi bemöter frågor.",
        ),
        (
            "Pratade över huvudet på mamma",
            "Personalen talade med varandra på ett annat språk och inte med min mamma.",
            "Två medarbetare bekräftar att de pratade med varandra under insatsen.",
            "Vi har tagit upp vikten av att tala med den man hjälper, inte över huvudet.",
        ),
        (
            "Känner sig inte lyssnad på",
            "Önskemål om hur hjälpen ska ges har inte tagits på allvar.",
            "Genomförandeplanen saknade de önskemål som framförts muntligt.",
            "Genomförandeplanen är uppdaterad tillsammans med dig.",
        ),
    ),
    "tider och kontinuitet": (
        (
            "Många olika personal",
            "Det kommer nya ansikten nästan varje dag, svårt att känna sig trygg.",
            "Schemat byggs per dag; kontaktpersonen är sällan med.",
            "Vi ser över schemat så att kontaktpersonen kommer oftare.",
        ),
        (
            "Sen till morgonbesöket",
            "Morgonbesöket kommer ibland en timme senare än utlovat.",
            "Förseningar vid tre tillfällen på grund av sjukfrånvaro.",
            "Vi ringer framöver när besöket blir mer än en halvtimme sent.",
        ),
    ),
    "måltider": (
        (
            "Maten kommer kall",
            "Lunchlådan är ofta kall när den serveras.",
            "Lådorna stod för länge i bilen innan de värmdes.",
            "Rutinen för uppvärmning är ändrad.",
        ),
    ),
    "information och kommunikation": (
        (
            "Fick inte veta om ändrad tid",
            "Ingen hörde av sig när tiden för dusch flyttades.",
            "Ändringen gjordes i planeringen men meddelades inte.",
            "Vi meddelar alltid ändringar av tid i förväg.",
        ),
    ),
    "hygien och städning": (
        (
            "Smutsigt i badrummet",
            "Badrummet har inte gjorts rent på länge; det luktar illa.",
            "Städschemat följdes inte under semesterperioden.",
            "Badrummet är städat och schemat följs upp varje vecka.",
        ),
    ),
    "lokaler och miljö": (
        (
            "Trasig hiss i huset",
            "Hissen har varit trasig i två veckor och mamma kommer inte ut.",
            "Felanmälan gjordes men ingen följde upp den med fastighetsägaren.",
            "Hissen är lagad; vi bevakar felanmälningar tills de är åtgärdade.",
        ),
    ),
    "handläggning och beslut": (
        (
            "Lång väntan på beslut",
            "Ansökan lämnades för sex veckor sedan och inget beslut har kommit.",
            "Ärendet låg hos en handläggare som slutat; det hade inte fördelats om.",
            "Beslutet är fattat och skickat. Vi har ändrat rutinen när någon slutar.",
        ),
    ),
    "avgifter": (
        (
            "Fel avgift på fakturan",
            "Fakturan för förra månaden är högre än beslutet säger.",
            "Avgiften hade räknats på fel antal timmar.",
            "Fakturan är rättad och mellanskillnaden återbetald.",
        ),
    ),
    "kvalitet i insatsen": (
        (
            "Städningen blev inte gjord",
            "Städningen hoppades över två veckor i rad.",
            "Insatsen prioriterades bort vid hög frånvaro.",
            "Städningen görs i veckan som kommer och vi ser över prioriteringen.",
        ),
    ),
}
_PRAISE = (
    "Tack till personalen",
    "Vill framföra ett stort tack för omtanken under sommaren.",
)
_SUGGESTION = (
    "Förslag om aktiviteter",
    "Föreslår att det ordnas fler gemensamma aktiviteter på eftermiddagarna.",
)


# Topics other than bemötande; those without texts of their own borrow the general ones.
_OTHER_TOPICS = tuple(t for t in DEFAULT_TOPICS if t != BEMOTANDE and t != "övrigt")


@dataclass(frozen=True)
class _People:
    manager: Context
    manager_id: str
    receivers: tuple[str, ...]  # user ids of who took complaints in


@dataclass
class _Plan:
    """One complaint as it is to end up: what came in, and how far it got."""

    unit: UnitRec
    people: _People
    data: complaints.ComplaintInput
    investigation: str | None
    reply: complaints.ReplyInput | None
    closed_on: date | None
    conclusion: str | None
    id: str = ""


def create_complaints(world: World, seed: int, scale: int = 1) -> list[str]:
    """Make the demo's complaints and the bemötande training; returns the complaints' ids.

    The last ``RECENT_DAYS`` go through the services one step at a time, as users make them;
    the years before are written as the rows those steps leave (the same rules: the domain's
    reply due date and response time), in one unit of work per unit, so a demo stays quick."""
    rng = random.Random(f"klagomal:{seed}")
    plans: list[_Plan] = []
    for unit in sorted(world.units.values(), key=lambda u: u.name):
        people = _people(world, unit)
        for received_on in _days(rng, world.today, PER_YEAR[unit.kind] * scale):
            plans.append(_plan(world, rng, unit, people, received_on))
    plans += _waiting(world, rng)
    recent = world.today - timedelta(days=RECENT_DAYS)
    history = sorted(
        (p for p in plans if p.data.received_on and p.data.received_on < recent),
        key=lambda p: p.data.received_on or date.min,
    )
    _write_history(history)
    for plan in sorted(plans, key=lambda p: p.data.received_on or date.min):
        if not plan.id:
            _run_with_services(plan)
    for unit in world.units.values():
        if unit.kind is not data.UnitKind.HOME_CARE or world.today <= TRAINING_DONE:
            continue
        answered = [
            p.id
            for p in plans
            if p.unit is unit
            and p.data.topic == BEMOTANDE
            and p.data.received_on is not None
            and p.data.received_on.year == 2022
        ]
        if answered:
            _training_measure(world, unit, _people(world, unit), answered)
    return [p.id for p in plans]


def _waiting(world: World, rng: random.Random) -> list[_Plan]:
    """Two complaints of a hemtjänst unit still owed a reply: one past its reply day, one
    due within days – so the list and "Att göra" show both."""
    units = sorted(world.units_of_kind(data.UnitKind.HOME_CARE), key=lambda u: u.name)
    if not units:
        return []
    unit = units[0]
    people = _people(world, unit)
    found: list[_Plan] = []
    for days_ago, handled in ((20, True), (12, False)):
        plan = _plan(world, rng, unit, people, world.today - timedelta(days=days_ago))
        plan.data.submitter_type = SubmitterType.RELATIVE
        plan.data.submitter_name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        plan.data.submitter_contact = f"070-{rng.randrange(1000000, 9999999)}"
        plan.data.handler_id = people.manager_id if handled else None
        plan.investigation = plan.investigation if handled else None
        plan.reply, plan.closed_on, plan.conclusion = None, None, None
        found.append(plan)
    return found


def _people(world: World, unit: UnitRec) -> _People:
    managers = world.in_unit(unit.name, Role.UNIT_MANAGER)
    login = managers[0].login if managers else "admin"
    staff = world.in_unit(unit.name, Role.STAFF)
    manager_id = world.id_of_login(login)
    return _People(
        world.contexts[login], manager_id, tuple(p.id for p in staff[:3]) or (manager_id,)
    )


def _days(rng: random.Random, today: date, per_year: int) -> list[date]:
    # From 2019; a demo dated earlier (the tests' "long ago") gets its own three years.
    start = date(min(FIRST_YEAR, today.year - 3), 1, 1)
    span = (today - start).days
    count = max(1, round(per_year * span / 365))
    return sorted(start + timedelta(days=rng.randrange(span + 1)) for _ in range(count))


def _bemotande_share(unit: UnitRec, received_on: date) -> float:
    if unit.kind is not data.UnitKind.HOME_CARE:
        return 0.2
    return 0.6 if received_on < TRAINING_DONE else 0.12


def _plan(
    world: World, rng: random.Random, unit: UnitRec, people: _People, received_on: date
) -> _Plan:
    kind = rng.choices(list(ComplaintKind), [55, 25, 10, 10])[0]
    grumble = kind in (ComplaintKind.COMPLAINT, ComplaintKind.VIEW)
    if grumble and rng.random() < _bemotande_share(unit, received_on):
        topic = BEMOTANDE
    else:
        topic = rng.choice(_OTHER_TOPICS)
    title, said, found, answer = rng.choice(_TEXTS.get(topic, _TEXTS["kvalitet i insatsen"]))
    if kind is ComplaintKind.PRAISE:
        title, said, found, answer = (*_PRAISE, "", "Tack, vi har framfört det till personalen.")
    elif kind is ComplaintKind.SUGGESTION:
        title, said = _SUGGESTION
    submitter = rng.choices(list(SubmitterType), [30, 40, 5, 3, 4, 18])[0]
    anonymous = submitter.is_anonymous
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    still_open = (world.today - received_on).days < OPEN_DAYS
    handled = not still_open or rng.random() < 0.6
    complaint = complaints.ComplaintInput(
        title=title,
        unit_id=unit.id,
        received_on=received_on,
        channel=rng.choice(list(Channel)),
        submitter_type=submitter,
        complaint_kind=kind,
        topic=topic,
        description=said,
        received_by_id=rng.choice(people.receivers),
        submitter_name=None if anonymous else name,
        submitter_contact=None if anonymous else f"070-{rng.randrange(1000000, 9999999)}",
        handler_id=people.manager_id if handled else None,
    )
    # Replies were late more often before the municipality set its target.
    late_reply = rng.random() < (0.3 if received_on.year < 2022 else 0.12)
    replied_on = received_on + timedelta(
        days=rng.randint(15, 30) if late_reply else rng.randint(0, 12)
    )
    reply = None
    if not anonymous and replied_on < world.today and not (still_open and rng.random() < 0.5):
        reply = complaints.ReplyInput(replied_on, rng.choice(list(ReplyMethod)), answer)
    closed_on = None
    if not still_open and (reply is not None or anonymous):
        after = reply.replied_on if reply and reply.replied_on else received_on
        closed_on = min(after + timedelta(days=rng.randint(0, 14)), world.today)
    conclusion = "Tagit upp i arbetsgruppen." if anonymous and closed_on else None
    return _Plan(
        unit, people, complaint, found if handled and found else None, reply, closed_on, conclusion
    )


def _run_with_services(plan: _Plan) -> None:
    ctx = plan.people.manager
    data_in = plan.data
    data_in.investigation = plan.investigation
    view = complaints.save_complaint(ctx, data_in)
    plan.id = view.id
    if plan.reply is not None:
        complaints.record_reply(ctx, view.id, plan.reply)
    if plan.closed_on is not None:
        complaints.close_complaint(ctx, view.id, plan.conclusion, plan.closed_on)


def _write_history(plans: list[_Plan]) -> None:
    """The older complaints as the service steps would have left them, per unit."""
    target = ReplyTarget()
    numbers: dict[int, int] = {}
    by_unit: dict[str, list[_Plan]] = {}
    for plan in plans:
        by_unit.setdefault(plan.unit.id, []).append(plan)
        assert plan.data.received_on is not None
        year = plan.data.received_on.year
        numbers[year] = numbers.get(year, 0) + 1
        plan.id = f"{year}-{numbers[year]:04d}"  # the number, until the row has its id
    for unit_plans in by_unit.values():
        ctx = unit_plans[0].people.manager
        with ctx.unit_of_work() as uow:
            for plan in unit_plans:
                plan.id = _row(uow.session, plan, target, ctx.actor.id)


def _row(session: Session, plan: _Plan, target: ReplyTarget, actor_id: str) -> str:
    data_in, reply = plan.data, plan.reply
    assert data_in.received_on is not None
    replied_on = reply.replied_on if reply else None
    if plan.closed_on is not None:
        status = ComplaintStatus.CLOSED
    elif reply is not None:
        status = ComplaintStatus.REPLIED
    elif data_in.handler_id or plan.investigation:
        status = ComplaintStatus.INVESTIGATING
    else:
        status = ComplaintStatus.RECEIVED
    row = Complaint(
        number=f"{complaints.NUMBER_PREFIX}-{plan.id}",
        title=data_in.title,
        unit_id=data_in.unit_id,
        status=status.value,
        received_on=data_in.received_on,
        channel=data_in.channel.value,
        received_by_id=data_in.received_by_id,
        submitter_type=data_in.submitter_type.value,
        submitter_name=data_in.submitter_name,
        submitter_contact=data_in.submitter_contact,
        complaint_kind=data_in.complaint_kind.value,
        topic=data_in.topic,
        description=data_in.description,
        handler_id=data_in.handler_id,
        investigation=plan.investigation,
        reply_due=reply_due(data_in.received_on, data_in.submitter_type, target),
        replied_on=replied_on,
        reply_method=reply.reply_method.value if reply and reply.reply_method else None,
        reply_text=reply.reply_text if reply else None,
        response_days=response_days(data_in.received_on, replied_on),
        conclusion=plan.conclusion,
        closed_on=plan.closed_on,
        closed_by_id=actor_id if plan.closed_on else None,
    )
    session.add(row)
    session.flush()
    return row.id


def _training_measure(
    world: World, unit: UnitRec, people: _People, complaint_ids: list[str]
) -> None:
    """The bemötande training of a hemtjänst unit, carried out and followed up in 2023."""
    ctx = people.manager
    measure = measures.create_measure(
        ctx,
        measures.MeasureInput(
            title="Utbildning i bemötande för hela personalgruppen",
            unit_id=unit.id,
            description=(
                "Två halvdagar om bemötande och delaktighet, med fall från verksamheten, "
                "efter de många klagomålen om bemötande under 2022."
            ),
            responsible_id=people.manager_id,
            due_date=date(2023, 3, 31),
            links=[measures.LinkRef(COMPLAINT_LINK, c) for c in complaint_ids],
            start_on=date(2023, 1, 16),
        ),
    )
    follow_up = followups.plan_follow_up(
        ctx,
        measure.id,
        followups.PlanInput(date(2023, 10, 2), "Jämför klagomålen om bemötande", people.manager_id),
    )
    measures.set_status(ctx, measure.id, MeasureStatus.DONE, completed_on=TRAINING_DONE)
    if world.today > date(2023, 10, 2):
        followups.record_result(
            ctx,
            follow_up.id,
            followups.ResultInput(
                performed_on=date(2023, 10, 2),
                result="Klagomålen om bemötande har blivit betydligt färre sedan utbildningen.",
                effect=Effect.YES,
                voices=[
                    followups.VoiceInput(
                        GatheredBy.SURVEY,
                        None,
                        "Brukarenkäten i hemtjänsten: fler svarar att personalen lyssnar.",
                        {d: followups.RatingInput(4, None) for d in Dimension},
                    )
                ],
                outcome=Outcome.CLOSED,
            ),
        )
