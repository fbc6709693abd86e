"""Gallring runs: list what is due for approval, then remove only the personal data.

Each record kind declares its rule (``RecordKind.retention``): which fields are personal data,
when a record counts as closed, and the functions that find and clear its records. This module
asks the registry, never names a kind. The period per kind is the municipality's choice
(its informationshanteringsplan), kept as a setting; the kinds' defaults are to be checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.domain.record_kind import RecordKind, load
from kvalitet_desktop.domain.retention import CLEARED, RetentionSpec, cutoff, validate_years
from kvalitet_desktop.domain.roles import GALLRING
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_setting, write_setting
from kvalitet_desktop.store.audit import AuditAction, record_event
from kvalitet_desktop.store.audit_redact import redact_trail
from kvalitet_desktop.store.base import Base, utcnow
from kvalitet_desktop.store.models import Individual

YEARS_SETTING = "gallring_years"  # {kind key: years}


@dataclass(frozen=True)
class Candidate:
    """A record due for gallring, named by facts that are not personal data."""

    record_id: str
    number: str  # its number, or another identifying fact that stays
    unit: str
    closed_on: date


@dataclass(frozen=True)
class Cleared:
    """What a kind's ``clear`` emptied: (table, record id) -> field keys, and the individuals
    the records pointed at (cleared too when nothing else points at them)."""

    fields: Mapping[tuple[str, str], tuple[str, ...]]
    individual_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    years: int
    is_default: bool  # the kind's default, not yet set by the municipality
    spec: RetentionSpec


@dataclass(frozen=True)
class KindPlan:
    key: str
    title: str
    years: int
    cutoff: date
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class GallringPlan:
    today: date
    kinds: tuple[KindPlan, ...]

    @property
    def total(self) -> int:
        return sum(len(k.candidates) for k in self.kinds)


@dataclass(frozen=True)
class GallringResult:
    records: dict[str, int] = field(default_factory=dict)  # kind key -> records cleared
    individuals: int = 0
    log_entries: int = 0  # audit entries whose values were replaced
    rehashed_from: int | None = None

    @property
    def total(self) -> int:
        return sum(self.records.values())


def _kinds() -> list[tuple[RecordKind, RetentionSpec]]:
    return [(k, k.retention) for k in registry.KINDS if k.retention is not None]


def _stored_years(session: Session) -> dict[str, int]:
    value = read_setting(session, YEARS_SETTING)
    if not isinstance(value, dict):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}


def _rules_in(session: Session) -> list[Rule]:
    stored = _stored_years(session)
    return [
        Rule(k.key, k.nouns.title, stored.get(k.key, spec.default_years), k.key not in stored, spec)
        for k, spec in _kinds()
    ]


def rules(ctx: Context) -> list[Rule]:
    """The gallring rule of every kind that has one (who may run gallring may read them)."""
    ctx.require(GALLRING)
    with ctx.reading() as session:
        return _rules_in(session)


def set_years(ctx: Context, key: str, years: int) -> Rule:
    """Set a kind's period (years after closing), as the municipality's plan says."""
    ctx.require(GALLRING)
    years = validate_years(years)
    kind = registry.kind(key)
    if kind.retention is None:
        raise RuleViolation(f"{kind.nouns.title} har ingen gallringsregel.")
    with ctx.reading() as session:
        stored = _stored_years(session)
    write_setting(ctx, YEARS_SETTING, {**stored, key: years})
    return Rule(key, kind.nouns.title, years, False, kind.retention)


def _plan_in(session: Session, today: date) -> GallringPlan:
    plans = []
    for rule in _rules_in(session):
        last = cutoff(today, rule.years)
        found = load(rule.spec.candidates)(session, last)
        plans.append(KindPlan(rule.key, rule.title, rule.years, last, tuple(found)))
    return GallringPlan(today, tuple(plans))


def plan(ctx: Context, today: date | None = None) -> GallringPlan:
    """What a run on ``today`` would clear; reads only."""
    ctx.require(GALLRING)
    with ctx.reading() as session:
        return _plan_in(session, today or date.today())


def run(ctx: Context, approved: GallringPlan) -> GallringResult:
    """Clear the personal data of the approved records, in one unit of work, logged.

    Only records both approved and still due are cleared: a record reopened or changed since
    the list was shown is left alone.
    """
    ctx.require(GALLRING)
    with ctx.unit_of_work() as uow:
        session = uow.session
        due = {k.key: k for k in _plan_in(session, approved.today).kinds}
        counts: dict[str, int] = {}
        targets: dict[tuple[str, str], tuple[str, ...]] = {}
        individuals: set[str] = set()
        for kind_plan in approved.kinds:
            still = (
                {c.record_id for c in due[kind_plan.key].candidates}
                if kind_plan.key in due
                else set()
            )
            ids = [c.record_id for c in kind_plan.candidates if c.record_id in still]
            if not ids:
                continue
            spec = registry.kind(kind_plan.key).retention
            assert spec is not None
            cleared: Cleared = load(spec.clear)(session, ids)
            counts[kind_plan.key] = len(ids)
            targets.update(cleared.fields)
            individuals |= cleared.individual_ids
        session.flush()
        targets.update(_clear_individuals(session, individuals))
        redaction = redact_trail(session, targets)
        details: dict[str, Any] = {
            "records": counts,
            "individuals": sum(1 for table, _id in targets if table == Individual.__tablename__),
            "log_entries_redacted": redaction.entries,
            "rehashed_from": redaction.rehashed_from,
            "previous_head": redaction.previous_head,
            "today": approved.today.isoformat(),
        }
        record_event(session, AuditAction.GALLRING, details=details)
    return GallringResult(
        counts, details["individuals"], redaction.entries, redaction.rehashed_from
    )


def _references(session: Session, individual_id: str) -> int:
    """How many rows of any table still point at the individual (foreign keys, so no kind
    is named)."""
    registry.import_models()  # every kind's tables, also those no rule has loaded
    total = 0
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.target_fullname == "individuals.id" for fk in column.foreign_keys):
                total += (
                    session.scalar(
                        select(func.count()).select_from(table).where(column == individual_id)
                    )
                    or 0
                )
    return total


def _clear_individuals(
    session: Session, individual_ids: set[str]
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Individuals no longer linked from any record lose their code and are archived."""
    cleared: dict[tuple[str, str], tuple[str, ...]] = {}
    for individual_id in sorted(individual_ids):
        person = session.get(Individual, individual_id)
        if person is None or person.code.startswith(CLEARED_CODE_PREFIX):
            continue
        if _references(session, individual_id):
            continue
        person.code = CLEARED_CODE_PREFIX + individual_id[:8]
        if person.archived_at is None:
            person.archived_at = utcnow()
            person.archive_reason = CLEARED
        cleared[(Individual.__tablename__, individual_id)] = ("code",)
    return cleared


# A cleared individual's code: unique (the column is), and nothing about the person.
CLEARED_CODE_PREFIX = "gallrad-"
