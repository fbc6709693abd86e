"""The single unit of work every write in the program passes through."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from types import TracebackType

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from kvalitet_desktop.store.audit import ACTOR_ID, ACTOR_LOGIN
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import (
    WriteFailed,
    WritesRefused,
    database_gone,
    write_error,
)

# The program's logger (kvalitet_desktop.logfile.LOGGER_NAME); the store does not import it.
_log = logging.getLogger("kvalitet_desktop")

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
        if self.db.writes_refused is not None:
            raise WritesRefused(self.db.writes_refused)
        if not self.db.path.is_file():
            # SQLite goes on writing to a file removed under it, where nobody finds it again.
            raise database_gone(self.db.path)
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
        failure: BaseException | None = exc
        touched = _touched(session)
        try:
            if exc_type is None:
                session.commit()
            else:
                _quiet_rollback(session)
        except DBAPIError as commit_error:  # mapped below, or raised as it is
            failure = commit_error
            _quiet_rollback(session)
        finally:
            session.close()
            self._session = None
            if self._registered:
                del _open_units()[id(self.db)]
                self._registered = False
        mapped = self._mapped(failure, touched)
        after, self._after = self._after, []
        for work in after:
            work()
        if mapped is not None and mapped is not failure:
            raise mapped from failure
        if failure is not None and failure is not exc:
            raise failure

    def _mapped(
        self, failure: BaseException | None, touched: list[tuple[str, str]]
    ) -> BaseException | None:
        """The named error for an SQLite fault; logged with its class and the rows only."""
        if failure is None:
            return None
        mapped: WriteFailed | None
        if isinstance(failure, WriteFailed):  # named already (a wait for a lock given up)
            mapped = failure
        else:
            mapped = write_error(failure, self.db.path, self.db.write_timeout_ms)
        if mapped is not None:
            code = getattr(getattr(failure, "orig", failure), "sqlite_errorname", "")
            rows = ", ".join(f"{table} {row_id}" for table, row_id in touched) or "–"
            _log.warning("Skrivningen misslyckades: %s %s (%s)", type(mapped).__name__, code, rows)
        return mapped


def _touched(session: Session) -> list[tuple[str, str]]:
    """Table and id of every row the session was about to write (never their contents)."""
    rows: list[tuple[str, str]] = []
    for obj in [*session.new, *session.dirty, *session.deleted]:
        table = getattr(getattr(obj, "__table__", None), "name", type(obj).__name__)
        rows.append((str(table), str(getattr(obj, "id", "") or "")))
    return rows[:20]


def _quiet_rollback(session: Session) -> None:
    # The file is gone or the disk failed: nothing is left to roll back.
    with contextlib.suppress(DBAPIError):
        session.rollback()
