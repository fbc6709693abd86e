"""Gallring in the audit trail: the removed values leave the log too, and the chain is re-hashed.

A field cleared by gallring would otherwise live on in the log's before- and after-values (the
insert and every update of the record). Those values are replaced by the marker ``CLEARED``
(never a digest: a short pseudonymous code's digest can be found by guessing), and the chain is
re-hashed from the first entry changed, inside the gallring's own transaction. Before that, the
part of the chain to be re-hashed is verified: a chain already broken there is never re-hashed,
so gallring cannot hide an earlier change. The run's ``gallring`` event names where the
re-hashing began and the head it replaced (the chain note).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.store.audit_chain import _HEAD_KEY, GENESIS, _Head, _read_head, entry_hash
from kvalitet_desktop.store.models import AuditEntry

_RECORD_ACTIONS = ("insert", "update", "archive", "delete")


@dataclass(frozen=True)
class Redaction:
    entries: int  # log entries whose values were replaced
    rehashed_from: int | None  # the first entry re-hashed
    previous_head: str  # the head's hash before


def redact_trail(session: Session, targets: Mapping[tuple[str, str], Collection[str]]) -> Redaction:
    """Replace the logged values of ``targets`` ((table, record id) -> field keys) by the
    marker and re-hash the chain from the first entry changed. Call inside the unit of work,
    after the fields themselves were cleared."""
    session.flush()
    table = cast(Table, AuditEntry.__table__)
    rewritten: dict[int, str] = {}
    by_table: dict[str, dict[str, Collection[str]]] = {}
    for (entity, record_id), fields in targets.items():
        by_table.setdefault(entity, {})[record_id] = fields
    for entity, records in by_table.items():
        ids = list(records)
        for start in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            rows = session.execute(
                select(table.c.seq, table.c.entity_id, table.c.changes)
                .where(
                    table.c.entity == entity,
                    table.c.entity_id.in_(ids[start : start + 500]),
                    table.c.action.in_(_RECORD_ACTIONS),
                )
                .order_by(table.c.seq.desc())
            )
            # Newest first: the newest after-value of a field is the record's value now
            # (the cleared one), which stays so that the trail still replays to the record.
            current: dict[str, set[str]] = {}
            for seq, entity_id, changes in rows:
                seen = current.setdefault(entity_id, set())
                new = _redacted(changes, records[entity_id], seen)
                if new is not None:
                    rewritten[int(seq)] = new
    head = _head(session)
    previous = head.digest
    if not rewritten:
        return Redaction(0, None, previous)
    first = min(rewritten)
    _verify_from(session, table, first)
    digest = _rehash(session, table, first, rewritten)
    head.digest, head.moved = digest, True
    session.expire_all()  # the entries in the session were rewritten beneath it
    return Redaction(len(rewritten), first, previous)


def _redacted(changes: str | None, fields: Collection[str], seen: set[str]) -> str | None:
    """The entry's changes with the fields' values replaced, or None if nothing changed;
    ``seen``: fields whose current value was met already (in a newer entry)."""
    try:
        data: Any = json.loads(changes or "{}")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    changed = False
    for key in fields:
        pair = data.get(key)
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        new = [None if value is None or value == CLEARED else CLEARED for value in pair]
        if key not in seen:
            new[1] = pair[1]  # the value the record holds now
            seen.add(key)
        if new != pair:
            data[key], changed = new, True
    if not changed:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _head(session: Session) -> _Head:
    head: _Head | None = session.info.get(_HEAD_KEY)
    if head is None:
        head = session.info[_HEAD_KEY] = _read_head(session)
    return head


def _rows_from(session: Session, table: Table, first: int) -> Any:
    return session.execute(
        select(
            table.c.seq,
            table.c.at,
            table.c.user_id,
            table.c.user_login,
            table.c.action,
            table.c.entity,
            table.c.entity_id,
            table.c.changes,
            table.c.prev_hash,
            table.c.entry_hash,
        )
        .where(table.c.seq >= first - 1)
        .order_by(table.c.seq)
    ).all()


def _hash(row: Any, changes: str, prev: str) -> str:
    return entry_hash(
        int(row.seq),
        row.at,
        row.user_id,
        row.user_login,
        row.action,
        row.entity,
        row.entity_id or "",
        changes or "{}",
        prev,
    )


def _verify_from(session: Session, table: Table, first: int) -> None:
    prev: str | None = None
    expected_seq: int | None = None
    for row in _rows_from(session, table, first):
        seq = int(row.seq)
        if prev is None and seq < first:
            prev, expected_seq = row.entry_hash, seq + 1
            continue
        if prev is None:  # the first entry of the log
            prev, expected_seq = GENESIS, seq
        if (
            seq != expected_seq
            or row.prev_hash != prev
            or row.entry_hash != _hash(row, row.changes, prev)
        ):
            raise RuleViolation(
                "Granskningsloggens kedja stämmer inte (från loggpost nr "
                f"{seq}). Gallringen görs inte: kör kvalitet check och utred felet först."
            )
        prev, expected_seq = row.entry_hash, seq + 1


def _rehash(session: Session, table: Table, first: int, rewritten: Mapping[int, str]) -> str:
    prev = GENESIS
    for row in _rows_from(session, table, first):
        seq = int(row.seq)
        if seq < first:
            prev = row.entry_hash
            continue
        changes = rewritten.get(seq, row.changes)
        digest = _hash(row, changes, prev)
        session.execute(
            update(table)
            .where(table.c.seq == seq)
            .values(changes=changes, prev_hash=prev, entry_hash=digest)
        )
        prev = digest
    return prev
