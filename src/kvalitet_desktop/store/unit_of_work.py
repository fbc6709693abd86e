"""The single unit of work every write in the program passes through."""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.orm import Session

from kvalitet_desktop.store.audit import ACTOR_ID, ACTOR_LOGIN
from kvalitet_desktop.store.database import Database

# The units of work open in this thread, by database: a second one on the same file would wait
# for the write lock the first one holds (BEGIN IMMEDIATE) until the busy timeout.
_open = threading.local()


def _open_units() -> dict[int, UnitOfWork]:
    units: dict[int, UnitOfWork] | None = getattr(_open, "units", None)
    if units is None:
        units = _open.units = {}
    return units


class UnitOfWork:
    """``with UnitOfWork(db, actor_id, login) as uow: uow.session.add(...)`` commits on success.

    Everything flushed inside is stamped and audited for the actor by the session hook.
    """

    def __init__(self, db: Database, actor_id: str | None, actor_login: str | None) -> None:
        self.db = db
        self.actor_id = actor_id
        self.actor_login = actor_login or "system"
        self._session: Session | None = None
        self._after: list[Callable[[], None]] = []
        self._registered = False

    @staticmethod
    def open_in_this_thread(db: Database) -> UnitOfWork | None:
        """The unit of work on ``db`` this thread is inside, if any."""
        return _open_units().get(id(db))

    def after_exit(self, work: Callable[[], None]) -> None:
        """Run ``work`` when this unit of work has committed or rolled back (e.g. an audit
        event that must stay whatever happens to the work around it)."""
        self._after.append(work)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        units = _open_units()
        if id(self.db) not in units:
            units[id(self.db)] = self
            self._registered = True
        self._session = self.db.write_session()
        self._session.info[ACTOR_ID] = self.actor_id
        self._session.info[ACTOR_LOGIN] = self.actor_login
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if exc_type is None:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()
            self._session = None
            if self._registered:
                del _open_units()[id(self.db)]
                self._registered = False
        after, self._after = self._after, []
        for work in after:
            work()
