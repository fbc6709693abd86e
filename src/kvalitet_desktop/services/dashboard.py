"""The "Att göra" dashboard: what needs the current user's attention in their units.

Each record kind contributes its own sections and per-unit counts (its ``dashboard`` in the
registry); this module puts them together in registry order and adds the units.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.roles import USERS_ADMINISTER, Role
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.query_types import AnySelect
from kvalitet_desktop.services.todo import TodoItem, TodoSection
from kvalitet_desktop.store.models import IvoDepartment, LegalReference, Unit, User, UserRole

DUE_SOON_DAYS = 14
SECTION_LIMIT = 50


@dataclass(frozen=True)
class DashboardSection:
    """One list of things to do. Texts are marked for translation in context "DashboardView"."""

    key: str  # stable name, e.g. "overdue_measures"
    title: str
    empty: str  # shown when there is nothing to do
    date_label: str | None  # what the item's date means ("klart senast"), if it has one
    todo: TodoSection
    wide: bool = False  # spans the whole width
    # Sections for a restricted audience are left out for others unless they hold items.
    shown: bool = True

    @property
    def items(self) -> tuple[TodoItem, ...]:
        return self.todo.items

    @property
    def total(self) -> int:
        return self.todo.total


@dataclass(frozen=True)
class UnitColumn:
    key: str  # e.g. "open_measures"
    label: str
    counts: Mapping[str, int]  # unit id -> count
    alert: bool = False  # any count here needs action: shown in red


@dataclass(frozen=True)
class DashboardPart:
    """What one record kind contributes."""

    sections: tuple[DashboardSection, ...] = ()
    unit_columns: tuple[UnitColumn, ...] = ()


@dataclass(frozen=True)
class UnitRow:
    unit_id: str
    unit: str
    counts: Mapping[str, int]  # column key -> count


@dataclass(frozen=True)
class ColumnHeading:
    key: str
    label: str
    alert: bool


@dataclass(frozen=True)
class ChecklistItem:
    """A step of setting up a new municipality ("Kom igång"), done or not as the data says.
    Texts are marked for translation in context "DashboardView"."""

    key: str
    text: str
    where: str  # where in the program the step is done: a place in ``terms`` (context "Terms")
    done: bool
    # The page (a main window view key) and the place on it where the step is done, so that
    # activating the item can open it.
    view: str = ""
    place: str = ""
    left: int = 0  # how many things still need doing, when that can be counted


@dataclass(frozen=True)
class Dashboard:
    today: date
    sections: tuple[DashboardSection, ...]
    columns: tuple[ColumnHeading, ...]
    units: tuple[UnitRow, ...]
    # "Kom igång" for those who set the program up; empty once every step is done.
    getting_started: tuple[ChecklistItem, ...] = ()

    def section(self, key: str) -> DashboardSection:
        return next(s for s in self.sections if s.key == key)


def visible(stmt: AnySelect, ctx: Context, unit_col: Any) -> AnySelect:
    """``stmt`` restricted to the units the actor may see."""
    units = ctx.visible_units()
    return stmt if units is None else stmt.where(unit_col.in_(units))


def todo_section(session: Session, stmt: AnySelect, make: Callable[[Any], TodoItem]) -> TodoSection:
    """The first SECTION_LIMIT rows of ``stmt`` as items, with the total count."""
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(stmt.limit(SECTION_LIMIT)).all()
    return TodoSection(tuple(make(r) for r in rows), int(total))


def counts_per_unit(
    session: Session, ctx: Context, stmt: AnySelect, unit_col: Any
) -> dict[str, int]:
    """``select(unit_col, func.count())…`` grouped by unit, for the visible units."""
    grouped = visible(stmt.group_by(unit_col), ctx, unit_col)
    return {unit: int(n) for unit, n in session.execute(grouped)}


def due_soon(today: date) -> date:
    return today + timedelta(days=DUE_SOON_DAYS)


Contributor = Callable[[Context, Session, date], DashboardPart]


def load_dashboard(ctx: Context, today: date | None = None) -> Dashboard:
    today = today or date.today()
    parts: list[DashboardPart] = []
    with ctx.reading() as session:
        for kind in sorted(registry.KINDS, key=lambda k: k.dashboard_order):
            if kind.dashboard:
                contribute: Contributor = load(kind.dashboard)
                parts.append(contribute(ctx, session, today))
        units = session.execute(
            visible(
                select(Unit.id, Unit.name).where(Unit.archived_at.is_(None)).order_by(Unit.name),
                ctx,
                Unit.id,
            )
        ).all()
        checklist = getting_started(ctx, session)
    columns = [column for part in parts for column in part.unit_columns]
    return Dashboard(
        getting_started=checklist,
        today=today,
        sections=tuple(section for part in parts for section in part.sections),
        columns=tuple(ColumnHeading(c.key, c.label, c.alert) for c in columns),
        units=tuple(
            UnitRow(uid, name, {c.key: c.counts.get(uid, 0) for c in columns})
            for uid, name in units
        ),
    )


_CONTEXT = "DashboardView"
# The main window's pages where the set-up steps are done (its view keys).
ORGANISATION_VIEW = "organisation"
SETTINGS_VIEW = "installningar"


def unverified_references(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(LegalReference)
            .where(LegalReference.verified_on.is_(None), LegalReference.historical.is_(False))
        )
        or 0
    )


def getting_started(ctx: Context, session: Session) -> tuple[ChecklistItem, ...]:
    """The set-up steps of a new municipality for an administrator, computed from the data;
    empty for others and once every step is done."""
    if not ctx.may(USERS_ADMINISTER):
        return ()
    units = session.scalar(select(func.count()).select_from(Unit).where(Unit.archived_at.is_(None)))
    active = select(User.id).where(User.active.is_(True))
    others_with_roles = session.scalar(
        select(func.count(func.distinct(UserRole.user_id))).where(
            UserRole.user_id.in_(active), UserRole.user_id != ctx.actor.id
        )
    )
    lex_sarah = session.scalar(
        select(func.count())
        .select_from(UserRole)
        .where(UserRole.role == Role.LEX_SARAH.value, UserRole.user_id.in_(active))
    )
    references = session.scalar(select(func.count()).select_from(LegalReference)) or 0
    references_left = unverified_references(session)
    # IVO's departments and their addresses are references too: unchecked ones are not printed.
    unverified = references_left + (
        session.scalar(
            select(func.count())
            .select_from(IvoDepartment)
            .where(IvoDepartment.verified_on.is_(None), IvoDepartment.archived_at.is_(None))
        )
        or 0
    )
    items = (
        ChecklistItem(
            "units",
            QT_TRANSLATE_NOOP(_CONTEXT, "Lägg upp verksamhetens enheter"),
            terms.ORGANISATION,
            bool(units),
            ORGANISATION_VIEW,
            "units",
        ),
        ChecklistItem(
            "users",
            QT_TRANSLATE_NOOP(_CONTEXT, "Lägg till användare och ge dem roller och enheter"),
            terms.ORGANISATION,
            bool(others_with_roles),
            ORGANISATION_VIEW,
            "users",
        ),
        ChecklistItem(
            "lex_sarah",
            QT_TRANSLATE_NOOP(_CONTEXT, "Utse en lex Sarah-ansvarig"),
            terms.ORGANISATION,
            bool(lex_sarah),
            ORGANISATION_VIEW,
            "users",
        ),
        ChecklistItem(
            "references",
            QT_TRANSLATE_NOOP(_CONTEXT, "Kontrollera lagrummen och IVO:s avdelningar"),
            terms.SETTINGS,
            bool(references) and not unverified,
            SETTINGS_VIEW,
            "references" if references_left or not references else "departments",
            unverified,
        ),
    )
    return () if all(item.done for item in items) else items
