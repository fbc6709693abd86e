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


def database_gone(path: Path) -> DatabaseGone:
    return DatabaseGone(
        f"Databasfilen {path} finns inte längre, eller mappen den låg i har tagits bort "
        f"eller kopplats från. {NOT_SAVED} Koppla in disken eller mappen igen (eller lägg "
        "tillbaka filen) och spara på nytt."
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
        seconds = max(1, round(busy_timeout_ms / 1000))
        unit = "sekund" if seconds == 1 else "sekunder"
        return DatabaseLocked(
            f"Databasen används av ett annat program och var fortfarande upptagen efter "
            f"{seconds} {unit}. {NOT_SAVED} Vänta en stund och spara igen; stäng det "
            "andra programmet om det fortsätter."
        )
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
