"""Förändringar i insatser: a change of many people's support, followed person by person.

The rules here are plain: what may change, the phases and channels of a contact, the one rule
for when a person's next contact is due, and what closing a change needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.risk_matrix import on_scale, risk_score
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.workflows.followups.domain import Dimension

_CONTEXT = "changes"

# A measure decided for a person affected answers to that person's entry (measure_links.kind).
PERSON_LINK = "insatsforandring"

# What may change (the user may add their own words to a change's list).
DEFAULT_CHANGES: tuple[str, ...] = (
    "stängning av verksamhet",
    "besöksförbud",
    "minskad tid",
    "digital i stället för fysisk",
    "ändrat innehåll",
    "inställd insats",
    "uppehåll på egen begäran",
)

# Risks for a person of the change (an individual consequence assessment names them).
DEFAULT_RISKS: tuple[str, ...] = (
    "isolering",
    "psykisk ohälsa",
    "behov som inte tillgodoses",
    "närstående tar över omsorgen",
)


class ChangeStatus(StrEnum):
    ONGOING = "pågår"
    CLOSED = "avslutad"


class Phase(StrEnum):
    BEFORE = "inför förändringen"
    DURING = "vid åtgärder"
    FOLLOW_UP = "uppföljning"


class Channel(StrEnum):
    PHONE = "telefon"
    VIDEO = "video"
    VISIT = "besök"
    LETTER = "brev"


class WithWhom(StrEnum):
    PERSON = "den enskilde"
    RELATIVE = "närstående"
    REPRESENTATIVE = "företrädare"


class NeedsMet(StrEnum):
    YES = "ja"
    PARTLY = "delvis"
    NO = "nej"


FIELD_LIMITS = {
    "title": TextKind.SHORT,
    "unit_ids": TextKind.CODE,
    "what_changes": TextKind.SHORT,
    "insatser": TextKind.MEDIUM,
    "reason": TextKind.LONG,
    "decided_by": TextKind.SHORT,
    "risk_analysis_id": TextKind.CODE,
    # a person affected
    "code": TextKind.CODE,
    "unit_id": TextKind.CODE,
    "insats": TextKind.SHORT,
    "what_changes_for_them": TextKind.MEDIUM,
    "risks": TextKind.SHORT,
    "plan": TextKind.LONG,
    "responsible_staff": TextKind.SHORT,
    "representative": TextKind.SHORT,
    "contact_preference": TextKind.SHORT,
    # a contact
    "staff": TextKind.SHORT,
    "said": TextKind.LONG,
    "wishes": TextKind.MEDIUM,
    # a follow-up and the closing
    "comment": TextKind.LONG,
    "lessons": TextKind.LONG,
    "unfinished_reason": TextKind.MEDIUM,
}

# --- messages -------------------------------------------------------------------------------

NO_TITLE = QT_TRANSLATE_NOOP(_CONTEXT, "Ange vad förändringen gäller (rubrik).")
NO_UNITS = QT_TRANSLATE_NOOP(_CONTEXT, "Välj minst en enhet som berörs.")
NO_WHAT = QT_TRANSLATE_NOOP(_CONTEXT, "Ange vad som förändras (minst ett val).")
NO_START = QT_TRANSLATE_NOOP(_CONTEXT, "Ange från när förändringen gäller.")
END_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT, "Det planerade slutet ({later}) ligger före starten ({earlier})."
)
BAD_INTERVAL = QT_TRANSLATE_NOOP(
    _CONTEXT, "Ange ett kontaktintervall mellan {low} och {high} dagar."
)
NO_PERSON_UNIT = QT_TRANSLATE_NOOP(_CONTEXT, "Välj en av förändringens enheter.")
HALF_ASSESSED = QT_TRANSLATE_NOOP(
    _CONTEXT, "Ange både sannolikhet och konsekvens (1–4), eller ingen av dem."
)
ALREADY_AFFECTED = QT_TRANSLATE_NOOP(_CONTEXT, "{code} finns redan bland de berörda.")
NO_CONTACT_DAY = QT_TRANSLATE_NOOP(_CONTEXT, "Ange när kontakten togs.")
CONTACT_IN_FUTURE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Kontakten ({day}) kan inte ha tagits efter i dag ({today})."
)
NEXT_BEFORE_CONTACT = QT_TRANSLATE_NOOP(
    _CONTEXT, "Nästa kontakt ({later}) kan inte ligga före den här kontakten ({earlier})."
)
NO_STAFF = QT_TRANSLATE_NOOP(_CONTEXT, "Ange vem från kommunen som tog kontakten.")
NO_FOLLOW_UP_DAY = QT_TRANSLATE_NOOP(_CONTEXT, "Ange när uppföljningen gjordes.")
FOLLOW_UP_IN_FUTURE = QT_TRANSLATE_NOOP(
    _CONTEXT, "Uppföljningen ({day}) kan inte ha gjorts efter i dag ({today})."
)
BAD_RATING = QT_TRANSLATE_NOOP(_CONTEXT, "Svaren är 1–5 (eller inget svar).")
NO_NEEDS = QT_TRANSLATE_NOOP(_CONTEXT, "Ange om personens behov är tillgodosedda.")
CLOSED_LOCKED = QT_TRANSLATE_NOOP(_CONTEXT, "Förändringen är avslutad och kan inte ändras.")
NO_LESSONS = QT_TRANSLATE_NOOP(_CONTEXT, "Skriv ner vad ni lärt er av förändringen.")
UNFINISHED = QT_TRANSLATE_NOOP(
    _CONTEXT,
    "Alla berörda är inte kontaktade och uppföljda ({codes}). Skriv varför förändringen "
    "ändå avslutas.",
)
CLOSED_BEFORE_START = QT_TRANSLATE_NOOP(
    _CONTEXT, "Förändringen kan inte avslutas ({later}) innan den började ({earlier})."
)

# --- the next contact ----------------------------------------------------------------------

DEFAULT_INTERVAL_DAYS = 14
INTERVAL_RANGE = (1, 90)
RETRY_DAYS = 7  # a person not reached is tried again within a week
SHORTEST_INTERVAL_DAYS = 2
HIGH_RISK_FROM = 8  # risk value (probability × consequence) of "hög risk" and above
VERY_HIGH_RISK_FROM = 12


@dataclass(frozen=True)
class ContactFacts:
    """What the next-contact rule needs of one person affected."""

    starts_on: date  # the change's start: the first contact is due before it
    interval_days: int  # the change's chosen interval
    probability: int | None = None
    consequence: int | None = None
    paused_self: bool = False  # the person paused their insats themselves
    last_contact_on: date | None = None
    last_reached: bool = True  # the last attempt reached someone
    agreed_next_on: date | None = None  # the next contact agreed at the last one
    settled: bool = False  # followed up with their needs met, or the change is closed
    # When the person's insats began (the register's "från"): someone who got it after the
    # change had started is first contacted within a week of that, not by the change's start.
    insats_from: date | None = None


def score_of(probability: int | None, consequence: int | None) -> int | None:
    if on_scale(probability) and on_scale(consequence):
        return risk_score(probability, consequence)
    return None


def contact_interval(interval_days: int, score: int | None, paused_self: bool) -> int:
    """Days between contacts: the chosen interval, halved for high risk (quartered for very
    high), halved again for one who paused their insats themselves; never under two days."""
    divisor = 1
    if score is not None and score >= VERY_HIGH_RISK_FROM:
        divisor = 4
    elif score is not None and score >= HIGH_RISK_FROM:
        divisor = 2
    if paused_self:
        divisor *= 2
    return max(SHORTEST_INTERVAL_DAYS, interval_days // divisor)


def next_contact_due(facts: ContactFacts) -> date | None:
    """When the person's next contact is due, or None when no more is needed.

    Before any contact: by the change's start (within a week of the insats beginning, for
    someone whose insats began after the change started). After one: the last contact plus
    the person's interval (``contact_interval``), at most a week after an attempt that reached
    no one, and never later than the next contact agreed."""
    if facts.settled:
        return None
    if facts.last_contact_on is None:
        if facts.insats_from is not None and facts.insats_from > facts.starts_on:
            return facts.insats_from + timedelta(days=RETRY_DAYS)
        return facts.starts_on
    days = contact_interval(
        facts.interval_days, score_of(facts.probability, facts.consequence), facts.paused_self
    )
    if not facts.last_reached:
        days = min(days, RETRY_DAYS)
    due = facts.last_contact_on + timedelta(days=days)
    if facts.agreed_next_on is not None:
        due = min(due, facts.agreed_next_on)
    return due


def contact_overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


# --- inputs ---------------------------------------------------------------------------------


@dataclass
class ChangeInput:
    title: str
    unit_ids: list[str]
    what_changes: list[str]
    starts_on: date | None
    planned_end_on: date | None = None
    insatser: str | None = None
    reason: str | None = None
    decided_by: str | None = None
    risk_analysis_id: str | None = None
    contact_interval_days: int = DEFAULT_INTERVAL_DAYS


@dataclass
class PersonInput:
    code: str
    unit_id: str
    insats: str | None = None
    what_changes_for_them: str | None = None
    paused_self: bool = False
    probability: int | None = None
    consequence: int | None = None
    risks: list[str] = field(default_factory=list)
    plan: str | None = None
    responsible_staff: str | None = None
    representative: str | None = None
    contact_preference: str | None = None


@dataclass
class ContactInput:
    contacted_on: date | None
    phase: Phase
    channel: Channel
    with_whom: WithWhom
    staff: str
    reached: bool = True
    said: str | None = None
    took_part: bool | None = None  # delaktighet: took part in planning
    wishes: str | None = None
    next_contact_on: date | None = None


@dataclass
class FollowUpInput:
    followed_up_on: date | None
    needs_met: NeedsMet | None
    ratings: dict[str, int] = field(default_factory=dict)  # Dimension value -> 1–5
    comment: str | None = None


@dataclass
class ClosingInput:
    closed_on: date | None
    lessons: str
    unfinished_reason: str | None = None


DIMENSIONS: tuple[Dimension, ...] = tuple(Dimension)
RATING_RANGE = (1, 5)
