"""The units' registers of individuals (by pseudonymous code only), kept by the unit manager.

Anyone who works in a unit may read its register (to pick a code); changing it needs
``INDIVIDUALS_ADMINISTER`` in that unit. Every change is audited by the unit of work."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, NotFound, ValidationFailed
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.individuals import (
    CODE_TAKEN,
    IndividualInput,
    normal_code,
    register_problem,
    served_on,
    validate_individual,
)
from kvalitet_desktop.domain.roles import ALL_UNITS, INDIVIDUALS_ADMINISTER, UNIT_REFUSAL
from kvalitet_desktop.domain.text_rules import TextKind, clean_text, known_id
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import Individual, Unit

_CONTEXT = "Individuals"
_GONE = QT_TRANSLATE_NOOP(_CONTEXT, "Personen finns inte i registret.")
_NO_UNIT = QT_TRANSLATE_NOOP(_CONTEXT, "Enheten finns inte.")
_NO_REASON = QT_TRANSLATE_NOOP(_CONTEXT, "Ange varför personen tas bort.")


@dataclass(frozen=True)
class RegisterEntry:
    id: str
    code: str
    unit_id: str
    unit_name: str
    insats: str | None
    from_on: date | None
    to_on: date | None
    removed: bool = False

    def served_on(self, day: date) -> bool:
        return not self.removed and served_on(self.from_on, self.to_on, day)

    def to_input(self) -> IndividualInput:
        return IndividualInput(self.code, self.unit_id, self.insats, self.from_on, self.to_on)


def _entry(row: Individual, unit_name: str) -> RegisterEntry:
    return RegisterEntry(
        row.id,
        row.code,
        row.unit_id,
        unit_name,
        row.insats,
        row.from_on,
        row.to_on,
        row.archived_at is not None,
    )


def _require_unit(ctx: Context, unit_id: str) -> None:
    if not ctx.sees_unit(unit_id):
        ctx.refuse(UNIT_REFUSAL, ALL_UNITS, entity="individuals", unit_id=unit_id)


def entries_in(session: Session, unit_ids: Iterable[str]) -> list[RegisterEntry]:
    """The register of ``unit_ids`` (not removed ones), by unit and code, inside an open
    session: for services that draw individuals from it (the caller checked the units)."""
    rows = session.execute(
        select(Individual, Unit.name)
        .join(Unit, Unit.id == Individual.unit_id)
        .where(Individual.unit_id.in_(list(unit_ids)), Individual.archived_at.is_(None))
        .order_by(Unit.name, Individual.code)
    ).all()
    return [_entry(row, name) for row, name in rows]


def register(ctx: Context, unit_id: str, *, include_removed: bool = False) -> list[RegisterEntry]:
    """The register of one unit the actor works in."""
    unit_id = known_id(unit_id, _NO_UNIT)
    _require_unit(ctx, unit_id)
    with ctx.reading() as session:
        stmt = (
            select(Individual, Unit.name)
            .join(Unit, Unit.id == Individual.unit_id)
            .where(Individual.unit_id == unit_id)
            .order_by(Individual.code)
        )
        if not include_removed:
            stmt = stmt.where(Individual.archived_at.is_(None))
        return [_entry(row, name) for row, name in session.execute(stmt)]


def may_administer(ctx: Context, unit_id: str) -> bool:
    return ctx.may(INDIVIDUALS_ADMINISTER) and ctx.sees_unit(unit_id)


def save_individual(
    ctx: Context, data: IndividualInput, individual_id: str | None = None
) -> RegisterEntry:
    """Add a person to a unit's register, or change one; returns the entry as saved."""
    ctx.require(INDIVIDUALS_ADMINISTER)
    data = validate_individual(data)
    ctx.require(INDIVIDUALS_ADMINISTER, data.unit_id, entity="individuals")
    with ctx.unit_of_work() as uow:
        session = uow.session
        unit = session.get(Unit, data.unit_id)
        if unit is None:
            raise NotFound(_NO_UNIT)
        found: Individual | None = None
        if individual_id is not None:
            found = session.get(Individual, known_id(individual_id, _GONE))
            if found is None:
                raise NotFound(_GONE)
            ctx.require(
                INDIVIDUALS_ADMINISTER, found.unit_id, entity="individuals", entity_id=found.id
            )
        same_code = select(Individual.id).where(Individual.code == data.code)
        if found is not None:
            same_code = same_code.where(Individual.id != found.id)
        if session.scalar(same_code) is not None:
            raise ValidationFailed([FieldError("code", CODE_TAKEN.format(code=data.code))])
        row = found if found is not None else Individual(code=data.code, unit_id=data.unit_id)
        session.add(row)
        row.code, row.unit_id = data.code, data.unit_id
        row.insats, row.from_on, row.to_on = data.insats, data.from_on, data.to_on
        session.flush()
        return _entry(row, unit.name)


def remove_individual(ctx: Context, individual_id: str, reason: str) -> RegisterEntry:
    """Take a person off the register (kept, marked removed, with the reason)."""
    ctx.require(INDIVIDUALS_ADMINISTER)
    reason = clean_text("reason", reason, TextKind.MEDIUM).strip()
    if not reason:
        raise ValidationFailed([FieldError("reason", _NO_REASON)])
    with ctx.unit_of_work() as uow:
        session = uow.session
        row = session.get(Individual, known_id(individual_id, _GONE))
        if row is None:
            raise NotFound(_GONE)
        ctx.require(INDIVIDUALS_ADMINISTER, row.unit_id, entity="individuals", entity_id=row.id)
        row.archived_at, row.archived_by, row.archive_reason = utcnow(), ctx.actor.id, reason
        session.flush()
        unit = session.get(Unit, row.unit_id)
        return _entry(row, unit.name if unit else "")


# --- the one rule for codes in records --------------------------------------------------------


def registered_codes(session: Session, unit_id: str) -> dict[str, str]:
    """Code → id of everyone in ``unit_id``'s register (not removed). Dates are not checked:
    records are often written after an insats ended (a lex Sarah rapport about a former
    customer, an avvikelse registered days later), and the register says whom the unit serves,
    not only today."""
    rows = session.execute(
        select(Individual.code, Individual.id).where(
            Individual.unit_id == unit_id, Individual.archived_at.is_(None)
        )
    ).all()
    return {code: id_ for code, id_ in rows}


def code_errors(
    session: Session,
    field: str,
    codes: Iterable[str | None],
    unit_id: str | None,
    *,
    accepted: Iterable[str | None] = (),
    specials: tuple[str, ...] = (),
) -> list[FieldError]:
    """The problems of ``codes`` naming people in a record of ``unit_id``, at ``field``.

    A code is accepted when it is in the unit's register, or in ``accepted`` (what the record
    already holds, or what a linked source record passed on), or one of the ``specials`` the
    kind allows. Nothing is added to the register: that is ``save_individual``'s explicit act."""
    wanted = [c for c in codes if c and c.strip()]
    if not wanted:
        return []
    registered = set(registered_codes(session, unit_id)) if unit_id else set()
    kept = {normal_code(c) for c in accepted if c and c.strip()}
    errors: list[FieldError] = []
    for code in wanted:
        problem = register_problem(code, registered, kept, specials)
        if problem and all(e.message != problem for e in errors):
            errors.append(FieldError(field, problem))
    return errors


def resolve_code(
    session: Session,
    field: str,
    code: str,
    unit_id: str,
    *,
    accepted: Iterable[str | None] = (),
) -> str:
    """The id of the individual ``code`` names in a record of ``unit_id`` (see ``code_errors``
    for which codes are accepted), or ``ValidationFailed`` at ``field``."""
    errors = code_errors(session, field, [code], unit_id, accepted=accepted)
    if errors:
        raise ValidationFailed(errors)
    normal = normal_code(code)
    found = session.scalar(select(Individual.id).where(Individual.code == normal))
    if found is None:  # an accepted code that was never in any register: refuse, never add
        raise ValidationFailed([FieldError(field, register_problem(normal, set(), set()) or _GONE)])
    return found


def add_in(session: Session, ctx: Context, data: IndividualInput) -> str:
    """Add a person to a unit's register inside an open unit of work (an import the user
    chose to let add its new codes); needs ``INDIVIDUALS_ADMINISTER`` in the unit."""
    data = validate_individual(data)
    ctx.require(INDIVIDUALS_ADMINISTER, data.unit_id, entity="individuals")
    if session.scalar(select(Individual.id).where(Individual.code == data.code)) is not None:
        raise ValidationFailed([FieldError("code", CODE_TAKEN.format(code=data.code))])
    row = Individual(code=data.code, unit_id=data.unit_id, insats=data.insats)
    row.from_on, row.to_on = data.from_on, data.to_on
    session.add(row)
    session.flush()
    return row.id
