"""Who is working, against which database, and what they may do and see.

Permissions come from the one role × action table (``registry.permission_table()``). Every
refusal is written to the audit log before ``PermissionDenied`` reaches the caller: at once when
no unit of work of the context is open, otherwise when that unit of work has been rolled back
(a second writer inside an open SQLite write would wait for the first).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import KvalitetError, PermissionDenied
from kvalitet_desktop.domain.roles import ALL_UNITS, UNIT_REFUSAL, Action, Role
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
    def permissions(self) -> frozenset[str]:
        """The keys of the actions the actor's roles hold."""
        return registry.permission_table().actions_for(self.roles)

    def can(self, action: Action) -> bool:
        return registry.permission_table().allows(self.roles, action)


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
        # Open units of work per thread (the GUI runs services on worker threads too).
        self._local = threading.local()

    @classmethod
    def for_login(cls, db: Database, login: str) -> Context:
        with db.session() as session:
            return cls(db, load_actor(session, login))

    def refreshed(self) -> Context:
        """The same user with roles and units read again (after an administrator changed them)."""
        return Context.for_login(self.db, self.actor.login)

    @property
    def _depth(self) -> int:
        return int(getattr(self._local, "depth", 0))

    @contextmanager
    def unit_of_work(self) -> Iterator[UnitOfWork]:
        """The one unit of work, for the actor; a refusal inside it is logged after rollback."""
        depth = self._depth
        self._local.depth = depth + 1
        try:
            with UnitOfWork(self.db, self.actor.id, self.actor.login) as uow:
                yield uow
        except PermissionDenied as refusal:
            self._local.depth = depth
            if depth == 0:
                self._log_refusal(refusal)
            raise
        finally:
            self._local.depth = depth

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
        with UnitOfWork(self.db, self.actor.id, self.actor.login) as uow:
            record_event(uow.session, action, entity, entity_id, details)

    # --- permissions ---------------------------------------------------------------------

    def may(self, action: Action) -> bool:
        return self.actor.can(action)

    def require(
        self,
        action: Action,
        unit_id: str | None = None,
        *,
        entity: str = "",
        entity_id: str = "",
    ) -> None:
        """Refuse unless the table gives the actor ``action`` and, for a record of
        ``unit_id``, the actor may work in that unit."""
        if not self.may(action):
            self.refuse(action.refusal, action, entity=entity, entity_id=entity_id)
        if unit_id is not None and not self.sees_unit(unit_id):
            # What the user lacks is the unit: "alla enheter", while doing ``action``.
            self.refuse(
                UNIT_REFUSAL,
                ALL_UNITS,
                entity=entity,
                entity_id=entity_id,
                unit_id=unit_id,
                attempted=action,
            )

    def refuse(
        self,
        message: str,
        action: Action,
        *,
        entity: str = "",
        entity_id: str = "",
        unit_id: str | None = None,
        attempted: Action | None = None,
    ) -> NoReturn:
        """Raise ``PermissionDenied`` for lacking ``action``, logged as a DENIED audit event."""
        refusal = PermissionDenied(
            message,
            action.key,
            entity,
            entity_id,
            unit_id or "",
            attempted.key if attempted else "",
        )
        if self._depth == 0:
            self._log_refusal(refusal)
        raise refusal

    def _log_refusal(self, refusal: PermissionDenied) -> None:
        if refusal.logged:
            return
        refusal.logged = True
        details: dict[str, Any] = {"action": refusal.action}
        if refusal.unit_id:
            details["unit_id"] = refusal.unit_id
        if refusal.attempted:
            details["attempted"] = refusal.attempted
        self.log_event(AuditAction.DENIED, refusal.entity, refusal.entity_id, details)

    def visible_units(self) -> frozenset[str] | None:
        """Units whose records the actor may see; None means every unit."""
        if self.may(ALL_UNITS):
            return None
        return self.actor.unit_ids

    def sees_unit(self, unit_id: str) -> bool:
        visible = self.visible_units()
        return visible is None or unit_id in visible
