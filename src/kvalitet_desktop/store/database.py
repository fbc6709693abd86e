"""Opening the database file: checks, pragmas, migration with backup. Engines are made only here."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from kvalitet_desktop.store.errors import DatabaseDamaged, DatabaseError, NotADatabase

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
FOLD_FUNCTION = "kv_fold"
# An execution option: transactions on such connections take the write lock when they begin.
WRITES = "kvalitet_writes"


def fold(value: object) -> str | None:
    """Unicode case folding for searches (SQLite's own LIKE folds only ASCII, not å ä ö)."""
    return None if value is None else str(value).casefold()


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # FULL: a commit that returned is on disk even if the machine loses power right after.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine


def inspect_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database, without ever writing to it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise NotADatabase(f"{path} är en mapp, inte en databasfil.")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Databasfilen {path} kan inte läsas: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise NotADatabase(
            f"Filen {path} är inte en databas för Kvalitet Desktop. "
            "Den har inte ändrats. Välj en annan fil."
        )


def _driver_leaves_transactions_alone(dbapi_connection: Any, _record: Any) -> None:
    # The sqlite3 module (and SQLCipher's, which copies it) would BEGIN on its own, deferred,
    # and only before a write; SQLAlchemy's "begin" event below does it instead.
    dbapi_connection.isolation_level = None


def _begin(conn: Connection) -> None:
    """A unit of work's transaction takes the write lock at once (``BEGIN IMMEDIATE``): what
    it reads before writing (the audit chain's head) cannot be changed by another program
    until it commits. Reading sessions begin deferred and never block a writer (WAL)."""
    raw = conn.connection.dbapi_connection
    if raw is not None and raw.isolation_level is not None:  # pooled before the listener
        raw.isolation_level = None
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITES) else "BEGIN")


def take_over_transactions(engine: Engine) -> None:
    """SQLAlchemy's recipe for SQLite transactions (driver-level autocommit, our own BEGIN);
    works with any engine on the sqlite3 interface, whatever made its connections."""
    if not event.contains(engine, "begin", _begin):
        event.listen(engine, "connect", _driver_leaves_transactions_alone)
        event.listen(engine, "begin", _begin)


class Database:
    """One database file: its engine and the session factory every unit of work uses."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        take_over_transactions(engine)
        # The same engine (pool, events) whose transactions begin with the write lock.
        self.writer = engine.execution_options(**{WRITES: True})
        self.session_factory = sessionmaker(engine, expire_on_commit=False)
        from kvalitet_desktop.store.audit import install_audit

        install_audit(self.session_factory)

    @classmethod
    def open(
        cls, path: Path | str, *, migrate: bool = True, backup_dir: Path | None = None
    ) -> Database:
        """Open (and create or migrate) the database at ``path``.

        Raises ``DatabaseError`` subclasses with a Swedish message for files that cannot be used;
        such files are never written to.
        """
        path = Path(path).expanduser()
        inspect_file(path)
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(
                    f"Mappen för databasen ({path.parent}) kan inte skapas: {exc.strerror}."
                ) from exc
        engine = make_engine(path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except Exception as exc:
            engine.dispose()
            raise DatabaseDamaged(
                f"Databasfilen {path} är skadad eller kan inte öppnas ({_reason(exc)}). "
                "Den har inte ändrats. Återställ den från en säkerhetskopia."
            ) from exc
        db = cls(path, engine)
        if migrate:
            from kvalitet_desktop.store.migrate import upgrade_to_head

            try:
                upgrade_to_head(db, backup_dir=backup_dir)
            except Exception:
                engine.dispose()
                raise
        return db

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A plain read session (no audit actor). Writes go through ``UnitOfWork``."""
        session = self.session_factory()
        try:
            yield session
        finally:
            session.close()

    def write_session(self) -> Session:
        """A session whose transaction holds the write lock from its start (``UnitOfWork``)."""
        return self.session_factory(bind=self.writer)

    def raw_connection(self) -> sqlite3.Connection:
        return sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000)

    def close(self) -> None:
        self.engine.dispose()


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).split("\n")[0]
