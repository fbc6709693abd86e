"""What ``kvalitet check`` proves about the audit log, and where it finds that it does not hold.

Two checks, both reading the file as a stream (one pass over the log, one over each table):

- the chain: every entry's hash matches its content, links to the entry before, the numbers run
  without a gap from 1, and the head (``audit_head``) names the last entry;
- the trail: replaying each record's logged values (insert, update, archive, delete) gives the
  record as it is stored now, so a record changed, added or removed without a log entry shows.

Each problem is a ``Finding`` that names its place: the table, the record and the entry number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Column, Connection, select, text

from kvalitet_desktop import registry
from kvalitet_desktop.store.audit import (
    CHANGE_REASON,
    SKIPPED_FIELDS,
    AuditAction,
    audited_value,
)
from kvalitet_desktop.store.audit_chain import GENESIS, HEAD_ID, entry_hash
from kvalitet_desktop.store.base import Base
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import UNAUDITED_TABLES, AuditEntry

LOG_TABLE = AuditEntry.__tablename__
RECORD_ACTIONS = (
    AuditAction.INSERT.value,
    AuditAction.UPDATE.value,
    AuditAction.ARCHIVE.value,
    AuditAction.DELETE.value,
)


@dataclass(frozen=True)
class Finding:
    """One problem and where it is: ``table`` and ``record`` (its id), ``entries`` (the log's
    entry numbers concerned, if any)."""

    table: str
    record: str
    entries: tuple[int, ...]
    message: str
    through: int | None = None  # the last of a range of entries starting at ``entries[0]``

    def place(self) -> str:
        parts = [f"tabell {self.table}"]
        if self.record:
            parts.append(f"post {self.record}")
        if self.through is not None and self.entries:
            parts.append(f"loggpost nr {self.entries[0]}–{self.through}")
        elif self.entries:
            parts.append("loggpost nr " + ", ".join(str(n) for n in self.entries))
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place()}: {self.message}"


def _range(first: int, last: int) -> tuple[tuple[int, ...], int | None]:
    return ((first,), None) if first == last else ((first,), last)


@dataclass
class ChainSummary:
    entries: int = 0
    last: int = 0
    findings: list[Finding] = field(default_factory=list)


# --- the chain ------------------------------------------------------------------------------


def check_chain(db: Database) -> ChainSummary:
    summary = ChainSummary()
    unhashed: list[int] = []  # a run of entries without hashes is named once, as a range

    def end_run() -> None:
        if unhashed:
            numbers, through = _range(unhashed[0], unhashed[-1])
            message = "saknar kontrollsumma: inlagda utanför programmet eller aldrig kedjade."
            summary.findings.append(Finding(LOG_TABLE, "", numbers, message, through))
            unhashed.clear()

    with db.engine.connect() as conn, conn.begin():
        head = conn.execute(
            text("SELECT seq, entry_hash FROM audit_head WHERE id = :id"), {"id": HEAD_ID}
        ).first()
        head_seq = None if head is None else int(head.seq)
        prev_seq, prev_hash = 0, GENESIS
        for row in _log_rows(conn):
            seq = int(row.seq)
            summary.entries += 1
            summary.last = max(summary.last, seq)
            if head_seq is not None and seq > head_seq:
                end_run()
                problems = [f"ligger efter kedjans huvud (nr {head_seq}): inlagd i efterhand"]
                problems += _hash_problems(row, seq)
                summary.findings.append(_entry_finding(row, seq, problems))
                continue
            if seq > prev_seq + 1:
                end_run()
                summary.findings.append(_missing(prev_seq + 1, seq - 1))
            if row.entry_hash is None and row.prev_hash is None and seq > prev_seq:
                unhashed.append(seq)
            else:
                end_run()
                problems = _link_problems(row, seq, prev_seq, prev_hash)
                problems += _hash_problems(row, seq)
                if problems:
                    summary.findings.append(_entry_finding(row, seq, problems))
            prev_seq, prev_hash = max(prev_seq, seq), row.entry_hash or ""
        end_run()
        summary.findings.extend(_check_head(head_seq, head, prev_seq, prev_hash, summary.entries))
    return summary


def _entry_finding(row: Any, seq: int, problems: list[str]) -> Finding:
    return Finding(LOG_TABLE, _record_of(row), (seq,), "; ".join(problems) + ".")


def _link_problems(row: Any, seq: int, prev_seq: int, prev_hash: str) -> list[str]:
    if seq <= prev_seq:
        return ["numret ligger före kedjans början: posten är inlagd i efterhand"]
    if seq == 1 and row.prev_hash != prev_hash:
        return ["den första posten pekar inte på kedjans början: den är ändrad eller utbytt"]
    if seq == prev_seq + 1 and row.prev_hash != prev_hash:
        return [
            f"länken till nr {prev_seq} stämmer inte: nr {prev_seq} är ändrad och dess "
            f"kontrollsumma omräknad, eller nr {seq} är inlagd i efterhand"
        ]
    return []


def _hash_problems(row: Any, seq: int) -> list[str]:
    expected = entry_hash(
        seq,
        row.at,
        row.user_id,
        row.user_login,
        row.action,
        row.entity,
        row.entity_id or "",
        row.changes or "{}",
        row.prev_hash or "",
    )
    if row.entry_hash is None:
        return ["posten saknar kontrollsumma: den är inlagd utanför programmet"]
    if row.entry_hash != expected:
        return [
            "innehållet (tid, användare, händelse, post eller ändringar) stämmer inte med "
            "kontrollsumman: posten är ändrad"
        ]
    return []


def _log_rows(conn: Connection) -> Iterator[Any]:
    yield from conn.execute(
        text(
            "SELECT seq, at, user_id, user_login, action, entity, entity_id, changes, "
            "prev_hash, entry_hash FROM audit_log ORDER BY seq"
        )
    )


def _record_of(row: Any) -> str:
    if not row.entity:
        return ""
    return f"{row.entity} {row.entity_id}".strip()


def _missing(first: int, last: int) -> Finding:
    numbers, through = _range(first, last)
    what = "saknas: borttagen" if through is None else "saknas: borttagna"
    return Finding(LOG_TABLE, "", numbers, f"{what} ur loggen.", through)


def _check_head(
    head_seq: int | None, head: Any, last_seq: int, last_hash: str, count: int
) -> list[Finding]:
    """The head against the last entry of the chain (entries beyond the head are named
    where they are)."""
    if head_seq is None:
        if count == 0:
            return []
        message = "kedjans huvud saknas: det är borttaget utanför programmet."
        return [Finding("audit_head", "", (), message)]
    if head_seq > last_seq:
        numbers, through = _range(last_seq + 1, head_seq)
        message = (
            f"saknas i slutet: kedjans huvud säger att loggen slutar med nr {head_seq}, "
            f"men sista posten är nr {last_seq}. Poster är borttagna."
        )
        return [Finding(LOG_TABLE, "", numbers, message, through)]
    if head.entry_hash != last_hash:
        message = (
            "kedjans huvud har en annan kontrollsumma än sista posten: "
            "posten eller huvudet är utbytt."
        )
        return [Finding("audit_head", "", (head_seq,), message)]
    return []


# --- the trail of every record ---------------------------------------------------------------


@dataclass
class _Replay:
    """A record's state as its log entries tell it: field -> (value, entry number)."""

    values: dict[str, tuple[Any, int]] = field(default_factory=dict)
    created: int | None = None
    removed: int | None = None
    last: int = 0


@dataclass(frozen=True)
class _Table:
    name: str
    key: str  # the attribute that names a record (its id, or the one primary key column)
    columns: dict[str, Column[Any]]  # attribute key -> column, the audited fields
    required: frozenset[str]  # NOT NULL fields


def audited_tables() -> list[_Table]:
    registry.import_models()
    tables = []
    for mapper in Base.registry.mappers:
        table = getattr(mapper.class_, "__tablename__", "")
        if table in UNAUDITED_TABLES or len(mapper.primary_key) != 1:
            continue
        columns = {
            attr.key: cast(Column[Any], attr.columns[0])
            for attr in mapper.column_attrs
            if attr.key not in SKIPPED_FIELDS
        }
        required = frozenset(k for k, c in columns.items() if not c.nullable)
        key = mapper.get_property_by_column(mapper.primary_key[0]).key
        if key in columns:
            tables.append(_Table(table, key, columns, required))
    return sorted(tables, key=lambda t: t.name)


def check_trails(db: Database) -> tuple[int, list[Finding]]:
    """(records compared, findings). One transaction: the log and the tables are read as of
    the same moment."""
    findings: list[Finding] = []
    records = 0
    with db.engine.connect() as conn, conn.begin():
        for table in audited_tables():
            for record, replay, row in _merged(conn, table):
                records += row is not None
                finding = _compare(table, record, replay, row)
                if finding is not None:
                    findings.append(finding)
    return records, findings


def _trails(conn: Connection, table: _Table) -> Iterator[tuple[str, _Replay]]:
    """Each record's replayed trail, in record-id order (the log's index on entity, id)."""
    rows = conn.execute(
        select(AuditEntry.entity_id, AuditEntry.seq, AuditEntry.action, AuditEntry.changes)
        .where(AuditEntry.entity == table.name, AuditEntry.action.in_(RECORD_ACTIONS))
        .order_by(AuditEntry.entity_id, AuditEntry.seq)
    )
    current: str | None = None
    replay = _Replay()
    for entity_id, seq, action, changes in rows:
        if not entity_id:
            continue  # written before records without an id were named in the log
        if entity_id != current:
            if current is not None:
                yield current, replay
            current, replay = entity_id, _Replay()
        _apply(replay, table, int(seq), action, changes)
    if current is not None:
        yield current, replay


def _apply(replay: _Replay, table: _Table, seq: int, action: str, changes: str) -> None:
    try:
        data = json.loads(changes or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    replay.last = seq
    if action == AuditAction.DELETE.value:
        replay.values.clear()
        replay.removed = seq
        return
    if action == AuditAction.INSERT.value:
        replay.values.clear()
        replay.created, replay.removed = seq, None
    for key, pair in data.items():
        if key == CHANGE_REASON or key not in table.columns:
            continue
        if not isinstance(pair, list) or len(pair) != 2:
            continue
        after = pair[1]
        if after is None and key in table.required and action == AuditAction.INSERT.value:
            # Before schema 0003 an insert did not yet know the values the flush filled in
            # (a parent's id, a default): NULL cannot be stored there, so it says nothing.
            replay.values.pop(key, None)
            continue
        replay.values[key] = (after, seq)


def _rows(conn: Connection, table: _Table) -> Iterator[tuple[str, dict[str, Any]]]:
    keys = list(table.columns)
    result = conn.execute(select(*table.columns.values()).order_by(table.columns[table.key]))
    for values in result:
        row = dict(zip(keys, values, strict=True))
        yield str(row[table.key]), row


def _merged(
    conn: Connection, table: _Table
) -> Iterator[tuple[str, _Replay | None, dict[str, Any] | None]]:
    """Trails and rows side by side, both sorted by record id (a merge join, no lookups)."""
    trails = _trails(conn, table)
    rows = _rows(conn, table)
    trail = next(trails, None)
    row = next(rows, None)
    while trail is not None or row is not None:
        if row is None or (trail is not None and trail[0] < row[0]):
            assert trail is not None
            yield trail[0], trail[1], None
            trail = next(trails, None)
        elif trail is None or row[0] < trail[0]:
            yield row[0], None, row[1]
            row = next(rows, None)
        else:
            yield row[0], trail[1], row[1]
            trail, row = next(trails, None), next(rows, None)


def _compare(
    table: _Table, record: str, replay: _Replay | None, row: dict[str, Any] | None
) -> Finding | None:
    if replay is None:
        return Finding(
            table.name,
            record,
            (),
            "posten har ingen loggpost alls: den är ändrad utanför programmet.",
        )
    if row is None:
        if replay.removed is not None:
            return None
        return Finding(
            table.name,
            record,
            (replay.last,),
            "posten finns i loggen men inte i tabellen: den är borttagen utanför programmet.",
        )
    if replay.removed is not None:
        return Finding(
            table.name,
            record,
            (replay.removed,),
            "loggen säger att posten togs bort, men den finns i tabellen.",
        )
    differing = [
        (key, seq)
        for key, (logged, seq) in replay.values.items()
        if audited_value(table.columns[key], row[key]) != logged
    ]
    problems = []
    if replay.created is None:
        problems.append("loggen saknar posten om att den skapades")
    if differing:
        fields = ", ".join(f"{key} (senast loggat i nr {seq})" for key, seq in sorted(differing))
        problems.append(f"fält som inte stämmer med loggen: {fields}")
    if not problems:
        return None
    entries = tuple(sorted({seq for _key, seq in differing})) or (replay.last,)
    return Finding(
        table.name,
        record,
        entries,
        "; ".join(problems) + ". Posten är ändrad utanför programmet.",
    )
