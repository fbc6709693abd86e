"""Who is working, against which database, and what they may do and see."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import KvalitetError, PermissionDenied
from kvalitet_desktop.domain.roles import Permission, Role, permissions_for
from kvalitet_desktop.store.audit import AuditAction, record_event
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import User, UserRole, UserUnit
from kvalitet_desktop.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Actor:
    id: str
    login: str
    name: str
    roles: frozenset[Role]
    unit_ids: frozenset[str]

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


class UnknownUser(KvalitetError):
    pass


def open_database(path: Path | str) -> Database:
    """Open (create, migrate) the database file. Raises DatabaseError with a Swedish message."""
    return Database.open(Path(path))


def load_actor(session: Session, login: str) -> Actor:
    user = session.scalar(select(User).where(User.login == login))
    if user is None or not user.active:
        raise UnknownUser(f"Det finns ingen aktiv användare med inloggningen ”{login}”.")
    roles = frozenset(
        Role(r) for r in session.scalars(select(UserRole.role).where(UserRole.user_id == user.id))
    )
    units = frozenset(session.scalars(select(UserUnit.unit_id).where(UserUnit.user_id == user.id)))
    return Actor(user.id, user.login, user.name, roles, units)


class Context:
    """The database plus the acting user; passed to every service function."""

    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor

    @classmethod
    def for_login(cls, db: Database, login: str) -> Context:
        with db.session() as session:
            return cls(db, load_actor(session, login))

    def refreshed(self) -> Context:
        """The same user with roles and units read again (after an administrator changed them)."""
        return Context.for_login(self.db, self.actor.login)

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.db, self.actor.id, self.actor.login)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self.db.session() as session:
            yield session

    def log_event(
        self,
        action: AuditAction,
        entity: str = "",
        entity_id: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        """Write an audit event in its own unit of work (it stays even if the caller's work
        is rolled back, e.g. a refusal). Inside another unit of work it is written when that
        one ends: a second transaction could not take the write lock the first one holds."""
        outer = UnitOfWork.open_in_this_thread(self.db)
        if outer is not None:
            outer.after_exit(lambda: self.log_event(action, entity, entity_id, details))
            return
        with self.unit_of_work() as uow:
            record_event(uow.session, action, entity, entity_id, details)

    def require(self, permission: Permission, what: str) -> None:
        if not self.actor.can(permission):
            raise PermissionDenied(f"Du har inte behörighet att {what}.")

    def visible_units(self) -> frozenset[str] | None:
        """Units whose records the actor may see; None means every unit."""
        if self.actor.can(Permission.SEE_ALL_UNITS):
            return None
        return self.actor.unit_ids

    def require_unit(self, unit_id: str) -> None:
        visible = self.visible_units()
        if visible is not None and unit_id not in visible:
            raise PermissionDenied("Du har inte behörighet till den enheten.")
