"""Errors about the database file itself (environment errors, not bugs)."""

from __future__ import annotations

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
