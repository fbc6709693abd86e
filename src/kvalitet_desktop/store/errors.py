"""Errors about the database file itself (environment errors, not bugs)."""

from __future__ import annotations

from pathlib import Path

from kvalitet_desktop.domain.errors import KvalitetError


class DatabaseError(KvalitetError):
    """The database file cannot be used; the message says why in Swedish."""


class NotADatabase(DatabaseError):
    pass


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseDamaged(DatabaseError):
    pass


class EncryptedDatabase(NotADatabase):
    """The file is no plain SQLite database and was opened without a key: it may be encrypted."""


class WrongKey(NotADatabase):
    """The key does not open the file: another database's key, or no database at all."""


class NotEncrypted(DatabaseError):
    """A key was given for a plain database; it must be converted first (store.encryption)."""


class EncryptionFailed(DatabaseError):
    """Converting a plain database failed; the message says the original is unchanged."""


class WriteFailed(DatabaseError):
    """A write to the database failed for a reason outside the program (environment, not a
    bug). The message says what happened and what to do; it never holds what was written."""


class DiskFull(WriteFailed):
    pass


class ReadOnlyDatabase(WriteFailed):
    pass


class DatabaseLocked(WriteFailed):
    pass


class DatabaseGone(WriteFailed):
    pass


class DatabaseDamagedOnWrite(WriteFailed, DatabaseDamaged):
    pass


class DiskError(WriteFailed):
    pass


class ReadFailed(DatabaseError):
    """Reading the database failed for a reason outside the program (a damaged page, a disk
    that stopped answering): the same faults as at a write, said for a read. Nothing was
    changed; the message never holds what was being read, ``reason`` is SQLite's own fixed
    words for the fault (for support)."""

    reason: str = ""


class DatabaseDamagedOnRead(ReadFailed, DatabaseDamaged):
    pass


class DiskReadError(ReadFailed):
    pass


class DatabaseGoneOnRead(ReadFailed):
    pass


class DatabaseLockedOnRead(ReadFailed):
    pass


class WritesRefused(DatabaseError):
    """The database was found damaged in this session: nothing more is written to it."""


NOT_SAVED = "Ändringen har inte sparats; det du skrev finns kvar i fönstret."

# SQLite's primary result codes (the low byte of an extended code).
_FULL, _READONLY, _BUSY, _LOCKED, _IOERR, _CANTOPEN, _CORRUPT, _NOTADB = 13, 8, 5, 6, 10, 14, 11, 26
# The codes that mean the file itself is damaged (or not a database at all).
DAMAGE_CODES = frozenset({_CORRUPT, _NOTADB})
_BY_MESSAGE = (
    ("database or disk is full", _FULL),
    ("readonly database", _READONLY),
    ("database is locked", _BUSY),
    ("database table is locked", _LOCKED),
    ("disk i/o error", _IOERR),
    ("unable to open database file", _CANTOPEN),
    ("malformed", _CORRUPT),
    ("file is not a database", _NOTADB),
    # Python's sqlite3 on a text whose bytes were damaged (its message quotes the text).
    ("could not decode to utf-8", _CORRUPT),
)


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code behind ``exc`` (a driver error, or SQLAlchemy's wrapper of
    one); None when ``exc`` is no such error. sqlcipher3 may lack ``sqlite_errorcode``: its
    message (SQLite's own fixed text, never a value) says the same."""
    orig = getattr(exc, "orig", None)
    error = orig if isinstance(orig, BaseException) else exc
    module = (type(error).__module__ or "").split(".")[0]
    if module not in ("sqlite3", "sqlcipher3", "pysqlcipher3"):
        return None
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(error).lower()
    return next((c for phrase, c in _BY_MESSAGE if phrase in text), None)


def fault_reason(exc: BaseException) -> str:
    """SQLite's fixed words for the fault behind ``exc`` ("database disk image is malformed"),
    or its error name: never a statement, a value or a text quoted from the file."""
    orig = getattr(exc, "orig", None)
    error = orig if isinstance(orig, BaseException) else exc
    text = str(error).lower()
    phrase = next((p for p, _ in _BY_MESSAGE if p in text), None)
    if phrase == "could not decode to utf-8":
        return phrase  # the rest of that message quotes the damaged text
    if phrase is not None:
        return str(error).split("\n")[0]  # SQLite's own fixed text: no values in it
    return str(getattr(error, "sqlite_errorname", "") or type(error).__name__)


def database_gone(path: Path) -> DatabaseGone:
    return DatabaseGone(
        f"Databasfilen {path} finns inte längre, eller mappen den låg i har tagits bort "
        f"eller kopplats från. {NOT_SAVED} Koppla in disken eller mappen igen (eller lägg "
        "tillbaka filen) och spara på nytt."
    )


def is_lock_fault(exc: BaseException) -> bool:
    """True if ``exc`` says another connection holds the lock (busy or locked)."""
    return sqlite_code(exc) in (_BUSY, _LOCKED)


def database_locked(waited_ms: int, *, cancelled: bool = False) -> DatabaseLocked:
    """The message of a write given up on because another program held the lock: after
    ``waited_ms``, or because the user stopped waiting."""
    if cancelled:
        return DatabaseLocked(
            "Databasen används av ett annat program, och väntan på den avbröts. "
            f"{NOT_SAVED} Spara igen när det andra programmet är klart; stäng det om det "
            "fortsätter."
        )
    seconds = max(1, round(waited_ms / 1000))
    unit = "sekund" if seconds == 1 else "sekunder"
    return DatabaseLocked(
        f"Databasen används av ett annat program och var fortfarande upptagen efter "
        f"{seconds} {unit}. {NOT_SAVED} Vänta en stund och spara igen; stäng det "
        "andra programmet om det fortsätter."
    )


def write_error(exc: BaseException, path: Path, busy_timeout_ms: int) -> WriteFailed | None:
    """The Swedish, content-free error for a failed write to the database at ``path``; None
    when ``exc`` is not an SQLite fault of the environment (a bug: it stays as it is)."""
    code = sqlite_code(exc)
    if code is None:
        return None
    if not path.parent.is_dir() or not path.is_file():
        # An unlinked file still takes writes through its open handle, or SQLite calls it
        # read-only (SQLITE_READONLY_DBMOVED): either way, the file the user has is gone.
        return database_gone(path)
    if code == _FULL:
        return DiskFull(
            f"Disken där databasen ligger ({path.parent}) är full. {NOT_SAVED} "
            "Frigör utrymme på disken och spara igen."
        )
    if code == _READONLY:
        return ReadOnlyDatabase(
            f"Databasfilen {path} eller mappen den ligger i är skrivskyddad. {NOT_SAVED} "
            "Be den som sköter datorn om skrivrätt till filen och mappen, och spara igen."
        )
    if code in (_BUSY, _LOCKED):
        return database_locked(busy_timeout_ms)
    if code in (_CORRUPT, _NOTADB):
        return DatabaseDamagedOnWrite(
            f"Databasfilen {path} är skadad. {NOT_SAVED} Kör kontrollen (kvalitet check) "
            "och återställ databasen från en säkerhetskopia."
        )
    if code in (_IOERR, _CANTOPEN):
        return DiskError(
            f"Det gick inte att skriva till databasfilen {path}: disken svarar inte som den "
            f"ska. {NOT_SAVED} Kontrollera att disken är ansluten och spara igen."
        )
    return None


def read_error(exc: BaseException, path: Path) -> ReadFailed | None:
    """The Swedish, content-free error for a failed read of the database at ``path``; None
    when ``exc`` is not an SQLite fault of the environment (a bug: it stays as it is)."""
    mapped = _read_fault(exc, path)
    if mapped is not None:
        mapped.reason = fault_reason(exc)
    return mapped


def _read_fault(exc: BaseException, path: Path) -> ReadFailed | None:
    code = sqlite_code(exc)
    if code is None:
        return None
    if not path.parent.is_dir() or not path.is_file():
        return DatabaseGoneOnRead(
            f"Databasfilen {path} finns inte längre, eller mappen den låg i har tagits bort "
            "eller kopplats från. Koppla in disken eller mappen igen (eller lägg tillbaka "
            "filen) och försök igen."
        )
    if code in (_CORRUPT, _NOTADB):
        return DatabaseDamagedOnRead(
            f"Databasfilen {path} är skadad: en del av den kan inte läsas. Inget mer sparas i "
            "den. Kör kontrollen (kvalitet check) och återställ databasen från en "
            "säkerhetskopia."
        )
    if code in (_BUSY, _LOCKED):
        return DatabaseLockedOnRead(
            "Databasen används av ett annat program och kunde inte läsas just nu. Vänta en "
            "stund och försök igen; stäng det andra programmet om det fortsätter."
        )
    if code in (_IOERR, _CANTOPEN, _FULL, _READONLY):
        return DiskReadError(
            f"Det gick inte att läsa databasfilen {path}: disken svarar inte som den ska. "
            "Kontrollera att disken är ansluten och försök igen."
        )
    return None
