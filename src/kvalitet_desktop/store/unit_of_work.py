"""The single unit of work every write in the program passes through."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session

from kvalitet_desktop.store.audit import ACTOR_ID, ACTOR_LOGIN
from kvalitet_desktop.store.database import Database


class UnitOfWork:
    """``with UnitOfWork(db, actor_id, login) as uow: uow.session.add(...)`` commits on success.

    Everything flushed inside is stamped and audited for the actor by the session hook.
    """

    def __init__(self, db: Database, actor_id: str | None, actor_login: str | None) -> None:
        self.db = db
        self.actor_id = actor_id
        self.actor_login = actor_login or "system"
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
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
