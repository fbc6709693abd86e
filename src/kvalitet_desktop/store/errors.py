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
