"""Opening the database file: checks, pragmas, migration with backup. Engines are made only here.

A database opened with a key is an SQLCipher 4 file: every page, of the file and of its WAL, is
encrypted (AES-256) and authenticated (HMAC). The key is the 32 random bytes of the database
key, given to SQLCipher raw (``x'…'``), so no key derivation runs per connection: a new keyed
connection and its first read measured 0.4–0.5 ms here, the same as a plain one, against
165–275 ms with a passphrase (SQLCipher's 256,000 PBKDF2 rounds; benchmarks/bench_encryption.py).
The engine's pool keeps its connections open all the same. The password-derived key that unwraps
the database key is the log-in's business. Without a key the file is plain SQLite, as before.

Every connection comes from :func:`connect` (the engine's ``creator``): an option for the driver
belongs there, since ``create_engine(connect_args=…)`` is not used with a creator.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from kvalitet_desktop.private_files import (
    create_private_file,
    make_database_private,
    make_private_dirs,
)
from kvalitet_desktop.store.errors import (
    DatabaseDamaged,
    DatabaseError,
    EncryptedDatabase,
    NotADatabase,
    NotEncrypted,
    WrongKey,
    database_locked,
    is_lock_fault,
    read_error,
    sqlite_code,
)

# The program's logger (kvalitet_desktop.logfile.LOGGER_NAME); the store does not import it.
_log = logging.getLogger("kvalitet_desktop")

SQLITE_HEADER = b"SQLite format 3\x00"
READ_ONLY_MESSAGE = (
    "Databasen {path} ligger på en skrivskyddad plats och är öppnad bara för läsning. "
    "Inget kan sparas. Be om skrivrätt till filen och mappen, eller flytta databasen, och "
    "starta programmet igen."
)
# A second window of the program on a file the first one has open reads it only.
OPEN_ELSEWHERE_MESSAGE = (
    "Databasen {path} är redan öppen i ett annat fönster på den här datorn. Här är den "
    "öppnad bara för läsning, och inget kan sparas i det här fönstret. Arbeta i det andra "
    "fönstret, eller stäng det och starta programmet igen."
)
BUSY_TIMEOUT_MS = 10_000
FOLD_FUNCTION = "kv_fold"
KEY_BYTES = 32
# SQLCipher's smallest page; an encrypted file is a whole number of pages.
MIN_PAGE_SIZE = 512

# A DB-API connection: sqlite3's, or sqlcipher3's (the same API, another module).
DBAPIConnection = Any
BackupHook = Callable[[Path], None]
# An execution option: transactions on such connections take the write lock when they begin.
WRITES = "kvalitet_writes"
# An execution option: the busy timeout (ms) a write transaction waits for another program's lock.
WRITE_TIMEOUT = "kvalitet_write_timeout_ms"
# An execution option: the ``LockWaiter`` a write transaction calls when the lock stays taken.
LOCK_WAITER = "kvalitet_lock_waiter"


@dataclass(frozen=True)
class LockWaitEnded:
    """A wait for another program's lock that ended without the lock: the user cancelled
    it, or it lasted ``waited_ms`` without the lock coming free."""

    waited_ms: int
    cancelled: bool


# Try to take the write lock, waiting at most the given milliseconds; True when taken.
LockAttempt = Callable[[int], bool]
# Called (on the thread of the write) when the first try found the lock taken; calls the
# attempt until it succeeds (returns None) or gives up (returns how the wait ended).
LockWaiter = Callable[[LockAttempt], "LockWaitEnded | None"]


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


def check_key_bytes(key: bytes | None) -> None:
    if key is not None and (not isinstance(key, bytes) or len(key) != KEY_BYTES):
        raise ValueError(f"a database key is {KEY_BYTES} bytes")


def key_pragma(key: bytes) -> str:
    """The statement giving SQLCipher the raw key (hex, so it never needs quoting)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def driver(key: bytes | None) -> Any:
    """The DB-API module: sqlcipher3 for a keyed (encrypted) database, else sqlite3."""
    if key is None:
        return sqlite3
    import sqlcipher3

    return sqlcipher3


def connect(
    path: Path, key: bytes | None = None, *, read_only: bool = False, immutable: bool = False
) -> DBAPIConnection:
    """The one place a DB-API connection is made: sqlcipher3 keyed with ``key``, else sqlite3.

    The key is set before any other statement, as SQLCipher requires. ``read_only`` opens the
    file so that nothing can be written to it (for checks of a file not yet trusted).
    """
    check_key_bytes(key)
    module = driver(key)
    # On a read-only mount SQLite could not make the -shm file a WAL database's reader needs
    # ("unable to open database file"); nothing can change the file there, so it is immutable.
    immutable = immutable or (read_only and read_only_mount(path))
    read_only = read_only or immutable
    target = str(path)
    if read_only:
        # immutable: on a read-only medium nothing can change the file, and SQLite then needs
        # no -shm file beside a WAL database (it could not make one there).
        target = path.absolute().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
    connection = module.connect(
        target, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, uri=read_only
    )
    if key is not None:
        try:
            # SQLCipher writes failed decryptions to stderr; the program says it in Swedish.
            connection.execute("PRAGMA cipher_log_level = NONE")
            connection.execute(key_pragma(key))
        except BaseException:
            connection.close()
            raise
    return connection


def make_engine(
    path: Path, key: bytes | None = None, *, read_only: bool = False, immutable: bool = False
) -> Engine:
    """An engine whose pooled connections come from :func:`connect` (they stay open);
    ``read_only``: connections that cannot write, for a file on a read-only medium."""
    check_key_bytes(key)
    module = driver(key)
    # ``module`` makes SQLAlchemy recognise the driver's exceptions (sqlcipher3 has its own).
    engine = create_engine(
        f"sqlite:///{path}",
        module=module,
        creator=lambda: connect(path, key, read_only=read_only, immutable=immutable),
    )
    event.listen(engine, "connect", _set_read_pragmas if read_only else _set_pragmas)
    return engine


def _set_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """A read-only file keeps its journal mode: setting it would be a write."""
    dbapi_connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def read_only_mount(path: Path) -> bool:
    """True if ``path`` lies on a read-only mount (a write-protected stick, a read-only share)."""
    try:
        return bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows: the access check decides
        return False


def on_read_only_medium(path: Path) -> bool:
    """True if the existing file ``path`` or its folder cannot be written: a read-only mount,
    or files the user may only read."""
    if read_only_mount(path):
        return True
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"Databasfilen {path} kan inte läsas: {exc.strerror}.") from exc


def is_plain_database(path: Path) -> bool:
    """True if ``path`` starts with the header of a plain (unencrypted) SQLite database."""
    return path.is_file() and read_header(path) == SQLITE_HEADER


def is_encrypted_file(path: Path) -> bool:
    """True if ``path`` looks like an SQLCipher database: no plain header, whole pages.

    An encrypted file is indistinguishable from random bytes; only its key tells it from
    garbage (:func:`check_key`).
    """
    if not path.is_file():
        return False
    size = path.stat().st_size
    if size < MIN_PAGE_SIZE or size % MIN_PAGE_SIZE:
        return False
    return read_header(path) != SQLITE_HEADER


def check_key(path: Path, key: bytes) -> None:
    """Raise ``WrongKey`` unless ``key`` opens the encrypted file; the file is opened read-only."""
    try:
        connection = connect(path, key, read_only=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except Exception as exc:
        raise WrongKey(
            f"Filen {path} kan inte öppnas med den här nyckeln. Antingen hör nyckeln till en "
            "annan databas, eller så är filen ingen databas för Kvalitet Desktop eller skadad. "
            "Den har inte ändrats."
        ) from exc


def inspect_file(path: Path, key: bytes | None = None) -> None:
    """Refuse a file that cannot be opened as asked, without ever writing to it.

    Without a key the file must be plain SQLite; with a key it must be an SQLCipher file that
    the key opens (a plain file with a key is refused: it is converted first, see
    ``store.encryption``). A missing or empty file is a new database.
    """
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if path.is_dir():
        raise NotADatabase(f"{path} är en mapp, inte en databasfil.")
    header = read_header(path)
    if header == SQLITE_HEADER:
        if key is not None:
            raise NotEncrypted(
                f"Databasen {path} är inte krypterad. Den måste krypteras innan den kan öppnas "
                "med en nyckel. Den har inte ändrats."
            )
        return
    if key is not None:
        check_key(path, key)
        return
    if is_encrypted_file(path):
        raise EncryptedDatabase(
            f"Filen {path} är krypterad, eller ingen databas för Kvalitet Desktop. En krypterad "
            "databas öppnas bara med sin nyckel, efter inloggning. Den har inte ändrats."
        )
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
    options = conn.get_execution_options()
    timeout = options.get(WRITE_TIMEOUT)
    if timeout is not None:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(timeout)}")
    waiter: LockWaiter | None = options.get(LOCK_WAITER)
    if not options.get(WRITES):
        conn.exec_driver_sql("BEGIN")
    elif waiter is None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        _begin_or_wait(conn, waiter, int(timeout if timeout is not None else BUSY_TIMEOUT_MS))


def _begin_or_wait(conn: Connection, waiter: LockWaiter, timeout_ms: int) -> None:
    """``BEGIN IMMEDIATE``; while another program holds the lock, ``waiter`` decides how
    long to go on trying (the GUI: without freezing its window, with a way to cancel)."""
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    except DBAPIError as exc:
        if not is_lock_fault(exc):
            raise
        first = exc

    def attempt(wait_ms: int) -> bool:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={max(0, int(wait_ms))}")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except DBAPIError as exc:
            if not is_lock_fault(exc):
                raise
            return False
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={timeout_ms}")
        return True

    ended = waiter(attempt)
    if ended is not None:
        raise database_locked(ended.waited_ms, cancelled=ended.cancelled) from first


def take_over_transactions(engine: Engine) -> None:
    """SQLAlchemy's recipe for SQLite transactions (driver-level autocommit, our own BEGIN);
    works with any engine on the sqlite3 interface, whatever made its connections."""
    if not event.contains(engine, "begin", _begin):
        event.listen(engine, "connect", _driver_leaves_transactions_alone)
        event.listen(engine, "begin", _begin)


class Database:
    """One database file: its engine and the session factory every unit of work uses."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        key: bytes | None = None,
        after_backup: BackupHook | None = None,
    ) -> None:
        self.path = path
        self.engine = engine
        # The database key (None: a plain file). Backups are encrypted with the same key.
        self.key = key
        # Called with the path of every backup made of this database (the pre-migration one
        # included), e.g. to put the key file beside it.
        self.after_backup = after_backup
        take_over_transactions(engine)
        self._writer_options: dict[str, Any] = {WRITES: True}
        # The same engine (pool, events) whose transactions begin with the write lock.
        self.writer = engine.execution_options(**self._writer_options)
        self.write_timeout_ms = BUSY_TIMEOUT_MS
        # Why writes are refused (a file found damaged); None while writes are allowed.
        self.writes_refused: str | None = None
        # Opened from a read-only medium (or a file the user may only read).
        self.read_only = False
        self.session_factory = sessionmaker(engine, expire_on_commit=False)
        from kvalitet_desktop.store.audit import install_audit
        from kvalitet_desktop.store.search_index import install_search_index

        # The index's rows are written before the audit chain's head is.
        install_search_index(self.session_factory)
        install_audit(self.session_factory)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        key: bytes | None = None,
        migrate: bool = True,
        backup_dir: Path | None = None,
        after_backup: BackupHook | None = None,
        read_only: bool = False,
    ) -> Database:
        """Open (and create or migrate) the database at ``path``.

        ``read_only``: the existing file is only read (another window of the program has it
        open); every write is refused with a message that says so.

        With ``key`` (32 random bytes) the file is an SQLCipher database (a new one is created
        encrypted); without, plain SQLite. The files are made owner-only. Raises
        ``DatabaseError`` subclasses with a Swedish message for files that cannot be used (a
        wrong key: ``WrongKey``); such files are never written to. ``after_backup`` is called
        with every backup made of the file, the one before a migration included.
        """
        check_key_bytes(key)
        path = Path(path).expanduser()
        inspect_file(path, key)
        if path.is_file() and path.stat().st_size > 0:
            from kvalitet_desktop.store.migrate import identify

            identify(path, key)
            if on_read_only_medium(path):
                return cls._open_read_only(path, key, after_backup)
            if read_only:
                return cls._open_read_only(path, key, after_backup, OPEN_ELSEWHERE_MESSAGE)
        try:
            make_private_dirs(path.parent)
        except OSError as exc:
            raise DatabaseError(
                f"Mappen för databasen ({path.parent}) kan inte skapas: {exc.strerror}."
            ) from exc
        try:
            create_private_file(path)
        except OSError as exc:
            raise DatabaseError(f"Databasfilen {path} kan inte skapas: {exc.strerror}.") from exc
        engine = make_engine(path, key)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except Exception as exc:
            engine.dispose()
            raise DatabaseDamaged(
                f"Databasfilen {path} är skadad eller kan inte öppnas ({_reason(exc)}). "
                "Den har inte ändrats. Återställ den från en säkerhetskopia."
            ) from exc
        make_database_private(path)  # a file (and -wal, -shm) made by an older version
        db = cls(path, engine, key, after_backup)
        if migrate:
            from kvalitet_desktop.store.migrate import upgrade_to_head

            try:
                upgrade_to_head(db, backup_dir=backup_dir)
            except Exception as exc:
                engine.dispose()
                if sqlite_code(exc) is None:
                    raise
                raise DatabaseDamaged(
                    f"Databasfilen {path} är skadad eller kan inte läsas ({_reason(exc)}). "
                    "Kör kontrollen (kvalitet check) och återställ den från en säkerhetskopia."
                ) from exc
            db.fill_search_index()
        return db

    def fill_search_index(self) -> None:
        """Index the records when the search index was made by an older version or is the
        empty one of the migration that brought it (a migration cannot run the kinds' code
        that says what to index). Derived data: written without the audit hooks."""
        from kvalitet_desktop.store.search_index import fill_if_needed

        # A deferred transaction: the write lock is taken only if there is something to fill.
        with Session(self.engine) as session, session.begin():
            fill_if_needed(session)

    @classmethod
    def _open_read_only(
        cls,
        path: Path,
        key: bytes | None,
        after_backup: BackupHook | None,
        reason: str = READ_ONLY_MESSAGE,
    ) -> Database:
        """A file that cannot (or must not) be written is opened to be read; every write is
        refused with ``reason``, which says why (it is not damaged)."""
        from kvalitet_desktop.store.migrate import current_revision, written_head

        engine = make_engine(path, key, read_only=True, immutable=read_only_mount(path))
        db = cls(path, engine, key, after_backup)
        try:
            revision = current_revision(db)
        except Exception as exc:
            engine.dispose()
            if sqlite_code(exc) is None:
                raise
            raise DatabaseDamaged(
                f"Databasfilen {path} ligger på en skrivskyddad plats och kan inte läsas "
                f"({_reason(exc)}). Den har inte ändrats."
            ) from exc
        if revision != written_head():
            engine.dispose()
            raise DatabaseError(
                f"Databasfilen {path} ligger på en skrivskyddad plats och behöver uppgraderas "
                "till den här versionen av programmet. Kopiera den till en plats där den kan "
                "skrivas, eller be om skrivrätt. Den har inte ändrats."
            )
        db.read_only = True
        db.refuse_writes(reason.format(path=path))
        return db

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A plain read session (no audit actor). Writes go through ``UnitOfWork``.

        SQLite's faults while reading (a damaged page, a disk I/O error) leave as the named
        ``ReadFailed`` errors; a file found damaged takes no more writes."""
        session = self.session_factory()
        damage_found: str | None = None
        try:
            yield session
        except DBAPIError as exc:
            mapped = read_error(exc, self.path)
            if mapped is None:
                raise
            if isinstance(mapped, DatabaseDamaged) and self.writes_refused is None:
                damage_found = str(mapped)
            # Logged by class and SQLite's own words (never the statement or its values).
            _log.warning("Läsningen misslyckades: %s (%s)", type(mapped).__name__, mapped.reason)
            raise mapped from exc
        finally:
            session.close()
            if damage_found is not None:
                self.stop_writing(damage_found)  # once its connection is back in the pool

    def set_write_timeout(self, milliseconds: int, waiter: LockWaiter | None = None) -> None:
        """How long a write waits for another program's lock before it fails (the GUI waits
        less than the command line: its window must not freeze); then ``waiter``, if given,
        decides whether it waits on (see ``LockWaiter``)."""
        self.write_timeout_ms = milliseconds
        options: dict[str, Any] = {WRITES: True, WRITE_TIMEOUT: milliseconds}
        if waiter is not None:
            options[LOCK_WAITER] = waiter
        self._writer_options = options
        self.writer = self.engine.execution_options(**options)

    def refuse_writes(self, message: str) -> None:
        """From now on every unit of work on this database fails with ``message``."""
        self.writes_refused = message

    def stop_writing(self, message: str) -> None:
        """The file was found damaged: refuse every write with ``message``, and read it from
        now on through connections that cannot write. (Closing the last connection that
        could write would copy the WAL's pages into the damaged file.)"""
        self.refuse_writes(message)
        if self.read_only:
            return  # its connections cannot write already
        reader = make_engine(self.path, self.key, read_only=True)
        # Open before the writing connections close: none of them is then the last one.
        reader.connect().close()
        self._use_engine(reader)

    def write_again(self) -> None:
        """The damaged file has been replaced (restored): writes are allowed again, through
        connections that can write."""
        self._use_engine(make_engine(self.path, self.key))
        self.writes_refused = None

    def _use_engine(self, engine: Engine) -> None:
        old, self.engine = self.engine, engine
        take_over_transactions(engine)
        self.writer = engine.execution_options(**self._writer_options)
        self.session_factory.configure(bind=engine)
        old.dispose()

    def write_session(self) -> Session:
        """A session whose transaction holds the write lock from its start (``UnitOfWork``)."""
        return self.session_factory(bind=self.writer)

    def raw_connection(self) -> DBAPIConnection:
        """A DB-API connection of its own (keyed like the engine's); the caller closes it."""
        return connect(self.path, self.key)

    def close(self) -> None:
        self.engine.dispose()


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).split("\n")[0]
