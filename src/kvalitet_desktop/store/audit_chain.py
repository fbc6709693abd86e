"""The audit log as a hash chain: each entry's hash covers its content and the entry before.

The last entry's number and hash are also kept in ``audit_head``, so removing entries at the end
of the log shows as well as removing them in the middle. Entries are numbered and hashed when
they are flushed, inside the unit of work's write transaction, which holds SQLite's write lock
from its start (``BEGIN IMMEDIATE``, see ``store.database``): two programs writing one file can
never read the same head.

``CHAIN_FORMAT`` is part of every hash; a new way of hashing gets a new name, and migration 0003
keeps its own frozen copy of this one (a test checks they agree).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from kvalitet_desktop.store.base import utcnow
from kvalitet_desktop.store.models import AuditEntry, AuditHead

CHAIN_FORMAT = "kvalitet-audit-1"
GENESIS = "0" * 64  # the "previous hash" of entry number 1
HEAD_ID = 1
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"  # how SQLite holds SQLAlchemy's DateTime
_HEAD_KEY = "audit_chain_head"  # in session.info: this transaction's ``_Head``


def canonical_time(value: datetime | str | None) -> str:
    """The entry's time as hashed: the stored text, whether read as a datetime or as text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    try:
        return datetime.fromisoformat(value).strftime(TIME_FORMAT)
    except ValueError:
        return value  # not a time at all: hashed as it is (and so it never matches)


def entry_hash(
    seq: int,
    at: datetime | str | None,
    user_id: str | None,
    user_login: str | None,
    action: str,
    entity: str,
    entity_id: str,
    changes: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of an entry's content and the hash of the entry before it."""
    material = [
        CHAIN_FORMAT,
        seq,
        canonical_time(at),
        user_id,
        user_login,
        action,
        entity,
        entity_id,
        changes,
        prev_hash,
    ]
    text = json.dumps(material, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_of(entry: AuditEntry) -> str:
    return entry_hash(
        entry.seq,
        entry.at,
        entry.user_id,
        entry.user_login,
        entry.action,
        entry.entity,
        entry.entity_id,
        entry.changes,
        entry.prev_hash or "",
    )


@dataclass
class _Head:
    """The chain's end as this transaction sees it (read once: the write lock keeps it ours
    until the commit)."""

    seq: int
    digest: str
    stored: bool  # the head row exists in the file
    moved: bool = False


def chain_pending(session: Session) -> None:
    """Number and hash the session's new audit entries (``before_flush``)."""
    pending = [obj for obj in session.new if isinstance(obj, AuditEntry) and obj.entry_hash is None]
    if not pending:
        return
    head: _Head | None = session.info.get(_HEAD_KEY)
    if head is None:
        head = session.info[_HEAD_KEY] = _read_head(session)
    for entry in pending:
        head.seq += 1
        entry.seq = head.seq
        entry.at = entry.at or utcnow()
        entry.changes = entry.changes or "{}"
        entry.entity_id = entry.entity_id or ""
        entry.prev_hash = head.digest
        entry.entry_hash = head.digest = hash_of(entry)
    head.moved = True


def write_head(session: Session) -> None:
    """Store the head once per transaction, just before it commits (``before_commit``)."""
    session.flush()  # the last entries first: the commit's own flush comes after this event
    head: _Head | None = session.info.get(_HEAD_KEY)
    if head is None or not head.moved:
        return
    table = cast(Table, AuditHead.__table__)
    if head.stored:
        session.execute(
            update(table).where(table.c.id == HEAD_ID).values(seq=head.seq, entry_hash=head.digest)
        )
    else:
        session.execute(insert(table).values(id=HEAD_ID, seq=head.seq, entry_hash=head.digest))
    head.stored, head.moved = True, False


def forget_head(session: Session, *_args: Any) -> None:
    """A new transaction reads the head again (``after_begin``, ``after_soft_rollback``):
    another program may have moved it since."""
    session.info.pop(_HEAD_KEY, None)


def _read_head(session: Session) -> _Head:
    """Where to continue.

    Numbers continue after the highest entry even when the head says less (rows added behind
    the program's back) and the link is the head's hash even when entries are gone: the new
    entries never hide a break, ``kvalitet check`` still finds it where it is.
    """
    row = session.execute(
        select(
            select(func.max(AuditEntry.seq)).scalar_subquery(),
            select(AuditHead.seq).where(AuditHead.id == HEAD_ID).scalar_subquery(),
            select(AuditHead.entry_hash).where(AuditHead.id == HEAD_ID).scalar_subquery(),
        )
    ).one()
    highest, head_seq, head_hash = cast(tuple[Any, Any, Any], tuple(row))
    return _Head(max(highest or 0, head_seq or 0), head_hash or GENESIS, head_seq is not None)
