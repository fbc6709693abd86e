"""Record numbers of the form PREFIX-YEAR-NNNN."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlalchemy.orm import Session


def last_serial(session: Session, column: Any, prefix: str) -> int:
    """The highest serial after ``prefix`` in ``column`` (0 if none), compared as numbers:
    "AV-2026-10000" comes after "AV-2026-9999", which a text maximum would not see. The
    range (rather than LIKE) lets SQLite read only the prefix's part of the index."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    serial = cast(func.substr(column, len(prefix) + 1), Integer)
    found = session.scalar(select(func.max(serial)).where(column >= prefix, column < after))
    return int(found or 0)
