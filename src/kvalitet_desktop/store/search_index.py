"""The full-text index (FTS5) of every searchable record, kept in the database file itself.

Two tables, created by migration 0005: ``search_index`` (FTS5: kind, record id and unit kept
beside the indexed title and body) and ``search_keys``, which gives each (kind, record id) the
rowid of its index row, so a record's row is replaced without scanning the index.

The index is kept by one session hook, installed on the session factory every unit of work
uses: records of searchable kinds flushed in a transaction are collected after each flush and
their index rows replaced just before the commit, in the same transaction. What a kind indexes
comes from its RecordKind (``search_documents``, ``search_tables``). A record whose text also
reads rows of other tables (``search_dependents``: a plan item's title in its checks) is
indexed again when one of those rows is written: the rows' ids are collected after each flush
and turned into the records' ids by the kind's function, one query per table, before the
commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, event, select, text
from sqlalchemy.orm import Session, sessionmaker

from kvalitet_desktop import registry
from kvalitet_desktop.domain.record_kind import RecordKind, load
from kvalitet_desktop.domain.search import SearchDocument
from kvalitet_desktop.store.base import Base

INDEX_TABLE = "search_index"
KEYS_TABLE = "search_keys"
# What the schema comparison leaves alone: FTS5's virtual table and its shadow tables.
TABLE_PREFIX = "search_"
_TOUCHED = "search_touched"
_DEPENDED = "search_depended"
BATCH = 500
FORMAT_TABLE = "search_format"
# What the index holds for a record, in this version of the program. Raised whenever a kind's
# ``search_documents`` give other text for the same record: an index made by an older version
# is then made again when the database is opened, as a migration would, instead of every
# record reading as stale to ``kvalitet check``.
FORMAT = 2

CREATE_STATEMENTS = (
    f"CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5("
    "kind UNINDEXED, record_id UNINDEXED, unit_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 0')",
    f"CREATE TABLE {KEYS_TABLE} (rowid INTEGER PRIMARY KEY, kind VARCHAR(40) NOT NULL, "
    "record_id VARCHAR(36) NOT NULL, CONSTRAINT uq_search_keys_kind UNIQUE (kind, record_id))",
    f"CREATE TABLE {FORMAT_TABLE} (format INTEGER NOT NULL)",
)


def is_index_table(name: str | None) -> bool:
    return bool(name) and str(name).startswith(TABLE_PREFIX)


def searchable_kinds() -> tuple[RecordKind, ...]:
    return tuple(k for k in registry.KINDS if k.search_documents and k.search_tables)


@cache
def _tables() -> dict[str, list[tuple[str, str]]]:
    """Table name -> (kind key, attribute holding the record's id) for each searchable kind."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind in searchable_kinds():
        for table, column in kind.search_tables.items():
            found[table].append((kind.key, column))
    return dict(found)


@cache
def _dependents() -> dict[str, list[tuple[str, str]]]:
    """Table name -> (kind key, "module:function" from the table's row ids to the kind's
    record ids) for each searchable kind whose text reads that table."""
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for kind in searchable_kinds():
        for table, resolver in kind.search_dependents.items():
            found[table].append((kind.key, resolver))
    return dict(found)


def install_search_index(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_flush", _collect)
    event.listen(factory, "before_commit", _apply)
    event.listen(factory, "after_commit", _forget)
    event.listen(factory, "after_soft_rollback", _forget_rollback)


def _collect(session: Session, _context: Any) -> None:
    tables, dependents = _tables(), _dependents()
    touched: set[tuple[str, str]] = session.info.setdefault(_TOUCHED, set())
    depended: set[tuple[str, str]] = session.info.setdefault(_DEPENDED, set())
    for obj in [*session.new, *session.dirty, *session.deleted]:
        table = getattr(obj, "__tablename__", "")
        for kind, column in tables.get(table, ()):
            record_id = getattr(obj, column, None)
            if record_id:
                touched.add((kind, str(record_id)))
        if table in dependents and getattr(obj, "id", None):
            depended.add((table, str(obj.id)))


def _apply(session: Session) -> None:
    session.flush()  # what is still pending is collected too
    depended: set[tuple[str, str]] = session.info.pop(_DEPENDED, set())
    touched: set[tuple[str, str]] = session.info.pop(_TOUCHED, set())
    if not (touched or depended):
        return
    connection = session.connection()
    if not index_present(connection):
        return  # reported by ``kvalitet check``, rebuilt by ``--repair-index``
    touched |= _dependent_records(session, depended)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, record_id in sorted(touched):
        by_kind[kind].append(record_id)
    for kind_key, ids in by_kind.items():
        replace_documents(session, registry.kind(kind_key), ids)


def _dependent_records(session: Session, depended: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """(kind, record id) of the records whose text reads the rows (table, row id) written."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, row_id in sorted(depended):
        by_table[table].append(row_id)
    found: set[tuple[str, str]] = set()
    for table, row_ids in by_table.items():
        for kind, resolver in _dependents().get(table, ()):
            for chunk in _chunks(row_ids):
                found.update((kind, str(record_id)) for record_id in load(resolver)(session, chunk))
    return found


def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_DEPENDED, None)


def _forget_rollback(session: Session, _previous: Any) -> None:
    _forget(session)


def index_present(connection: Connection) -> bool:
    names = connection.execute(
        text("SELECT name FROM sqlite_master WHERE name IN (:index, :keys)"),
        {"index": INDEX_TABLE, "keys": KEYS_TABLE},
    ).scalars()
    return len(set(names)) == 2


def documents(session: Session, kind: RecordKind, ids: Sequence[str]) -> list[SearchDocument]:
    if not kind.search_documents:
        return []
    found: list[SearchDocument] = load(kind.search_documents)(session, ids)
    return found


def replace_documents(session: Session, kind: RecordKind, ids: Sequence[str]) -> None:
    """The index rows of the kind's records ``ids`` replaced by what they are now (none for
    a record that is archived or gone)."""
    connection = session.connection()
    for chunk in _chunks(ids):
        _delete(connection, kind.key, chunk)
        _insert(connection, documents(session, kind, chunk))


def _chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _delete(connection: Connection, kind: str, ids: Sequence[str]) -> None:
    marks = ", ".join(f":id{n}" for n in range(len(ids)))
    params: dict[str, Any] = {f"id{n}": value for n, value in enumerate(ids)}
    params["kind"] = kind
    where = f"kind = :kind AND record_id IN ({marks})"
    connection.execute(
        text(
            f"DELETE FROM {INDEX_TABLE} WHERE rowid IN "
            f"(SELECT rowid FROM {KEYS_TABLE} WHERE {where})"
        ),
        params,
    )
    connection.execute(text(f"DELETE FROM {KEYS_TABLE} WHERE {where}"), params)


def _insert(connection: Connection, docs: Iterable[SearchDocument]) -> None:
    """The documents' keys and index rows, two statements for all of them: the rowids follow
    the highest one (the transaction holds the write lock, or fails if another took it)."""
    docs = list(docs)
    if not docs:
        return
    last = connection.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {KEYS_TABLE}"))
    first = int(last.scalar_one()) + 1
    rows = [
        {
            "rowid": first + n,
            "kind": doc.kind,
            "id": doc.record_id,
            "unit": doc.unit_id,
            "title": doc.title,
            "body": doc.body,
        }
        for n, doc in enumerate(docs)
    ]
    connection.execute(
        text(f"INSERT INTO {KEYS_TABLE} (rowid, kind, record_id) VALUES (:rowid, :kind, :id)"),
        rows,
    )
    connection.execute(
        text(
            f"INSERT INTO {INDEX_TABLE} (rowid, kind, record_id, unit_id, title, body) "
            "VALUES (:rowid, :kind, :id, :unit, :title, :body)"
        ),
        rows,
    )


def create_index(connection: Connection) -> None:
    """The index's tables, dropped first if one of them is left (a half-removed index), and
    the format this version writes."""
    drop_index(connection)
    for statement in CREATE_STATEMENTS:
        connection.exec_driver_sql(statement)
    connection.execute(text(f"INSERT INTO {FORMAT_TABLE} (format) VALUES (:f)"), {"f": FORMAT})


def drop_index(connection: Connection) -> None:
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {INDEX_TABLE}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {KEYS_TABLE}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FORMAT_TABLE}")


def index_format(connection: Connection) -> int | None:
    """The format the index was made in; None when made before formats were kept (the
    migration that brought the index makes it empty, without one)."""
    present = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": FORMAT_TABLE}
    ).first()
    if present is None:
        return None
    found = connection.execute(text(f"SELECT max(format) FROM {FORMAT_TABLE}")).scalar()
    return None if found is None else int(found)


def record_ids(session: Session, kind: RecordKind) -> list[str]:
    """Every id of the kind's records table (the first of its ``search_tables``)."""
    table = Base.metadata.tables[next(iter(kind.search_tables))]
    return [str(v) for v in session.scalars(select(table.c.id).order_by(table.c.id))]


def rebuild(session: Session) -> int:
    """The whole index made again from the records (in the session's transaction); the
    number of records indexed."""
    registry.import_models()
    connection = session.connection()
    create_index(connection)
    for kind in searchable_kinds():
        replace_documents(session, kind, record_ids(session, kind))
    return int(connection.execute(text(f"SELECT count(*) FROM {KEYS_TABLE}")).scalar_one())


@dataclass(frozen=True)
class IndexState:
    """How the index compares with the records: ``missing`` when its tables are not there;
    otherwise the records absent from it, rows it holds for no searchable record, and rows
    whose text differs from the record's."""

    missing: bool
    indexed: int = 0
    absent: tuple[tuple[str, str], ...] = ()
    extra: tuple[tuple[str, str], ...] = ()
    stale: tuple[tuple[str, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not (self.missing or self.absent or self.extra or self.stale)


def compare(session: Session) -> IndexState:
    """The index against what the records would give it now (read only)."""
    registry.import_models()
    connection = session.connection()
    if not index_present(connection):
        return IndexState(missing=True)
    rows = connection.execute(
        text(
            f"SELECT k.kind, k.record_id, i.unit_id, i.title, i.body FROM {KEYS_TABLE} k "
            f"LEFT JOIN {INDEX_TABLE} i ON i.rowid = k.rowid"
        )
    ).all()
    held = {(r[0], r[1]): (r[2], r[3], r[4]) for r in rows}
    expected: dict[tuple[str, str], tuple[str | None, str, str]] = {}
    for kind in searchable_kinds():
        for chunk in _chunks(record_ids(session, kind)):
            for doc in documents(session, kind, chunk):
                expected[(doc.kind, doc.record_id)] = (doc.unit_id, doc.title, doc.body)
    fts_rows = int(connection.execute(text(f"SELECT count(*) FROM {INDEX_TABLE}")).scalar_one())
    extra = set(held) - set(expected)
    if fts_rows != len(held):  # index rows without a key: counted as extra, unnamed
        extra.add(("?", f"{abs(fts_rows - len(held))} rader"))
    return IndexState(
        missing=False,
        indexed=len(held),
        absent=tuple(sorted(set(expected) - set(held))),
        extra=tuple(sorted(extra)),
        stale=tuple(sorted(k for k in set(held) & set(expected) if held[k] != expected[k])),
    )


def fill_if_needed(session: Session) -> bool:
    """Index the records when the index is there but was made by an older version of the
    program (or is the empty one a migration made), or is empty; True if it was filled. A
    missing index is left for ``kvalitet check`` to report."""
    connection = session.connection()
    if not index_present(connection):
        return False
    if index_format(connection) != FORMAT:
        rebuild(session)
        return True
    if connection.execute(text(f"SELECT 1 FROM {KEYS_TABLE} LIMIT 1")).first() is not None:
        return False
    registry.import_models()
    for kind in searchable_kinds():  # nothing is written when there are no records
        replace_documents(session, kind, record_ids(session, kind))
    return True


def part_texts(
    session: Session, record_column: Any, ids: Sequence[str], *columns: Any, where: Any = None
) -> dict[str, list[str]]:
    """The texts in ``columns`` of a kind's part rows (a cause, an event), per record id in
    ``record_column``, for the record's body."""
    stmt = select(record_column, *columns).where(record_column.in_(ids))
    if where is not None:
        stmt = stmt.where(where)
    found: dict[str, list[str]] = defaultdict(list)
    for row in session.execute(stmt.order_by(record_column)):
        found[str(row[0])].extend(str(v) for v in row[1:] if v)
    return found


@dataclass(frozen=True)
class IndexHit:
    kind: str
    record_id: str
    unit_id: str | None
    title: str
    snippet: str  # with domain.search's MATCH_START/MATCH_END around each match


# The title weighs more than the body in the ranking (bm25's weights, per column).
_RANK = f"bm25({INDEX_TABLE}, 0, 0, 0, 4.0, 1.0)"
SNIPPET_TOKENS = 12
# How many of a query's most recently indexed matches are ranked (see ``query_index``).
RANK_WINDOW = 2000


def query_index(
    connection: Connection,
    match: str,
    *,
    limit: int,
    offset: int = 0,
    units: Collection[str] | None = None,
    any_unit_kinds: Collection[str] = (),
) -> list[IndexHit]:
    """Hits ``offset`` to ``offset + limit`` of the FTS5 expression ``match`` (from
    ``domain.search.match_expression``), best first, of every kind and unit: who may see them
    is the caller's business. (A filter on the kind or unit inside the query would make FTS5
    read every match's row; ranking reads only the index.)

    Ranking scores every match, so a word found in most records (a year's number prefix,
    "åtgärd") would cost in proportion to the whole index: only the ``RANK_WINDOW`` most
    recently indexed matches are ranked. Finding them walks the index in rowid order, which
    scores nothing; a second word narrows the matches to older records again.

    ``units``: only hits of those units (and of ``any_unit_kinds``, whose own rules decide
    later), so a user of a few units gets theirs in one read. Inside the window that costs
    reading at most ``RANK_WINDOW`` rows, not every match's."""
    from kvalitet_desktop.domain.search import ELLIPSIS, MATCH_END, MATCH_START

    narrowed, values = "", {}
    if units is not None:
        narrowed = "AND (unit_id IN :units OR kind IN :kinds) "
        # An empty IN list is no list to SQLite: a value no id or kind has stands in.
        values = {"units": sorted(units) or [""], "kinds": sorted(any_unit_kinds) or [""]}
    statement = text(
        f"SELECT kind, record_id, unit_id, title, "
        f"snippet({INDEX_TABLE}, -1, :start, :end, :more, {SNIPPET_TOKENS}) "
        f"FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :match AND rowid >= coalesce(("
        f"SELECT rowid FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :match "
        f"ORDER BY rowid DESC LIMIT 1 OFFSET :window), 0) {narrowed}"
        f"ORDER BY {_RANK} LIMIT :limit OFFSET :offset"
    )
    if units is not None:
        statement = statement.bindparams(
            bindparam("units", expanding=True), bindparam("kinds", expanding=True)
        )
    rows = connection.execute(
        statement,
        {
            **values,
            "match": match,
            "limit": limit,
            "offset": offset,
            "window": RANK_WINDOW - 1,
            "start": MATCH_START,
            "end": MATCH_END,
            "more": ELLIPSIS,
        },
    )
    return [
        IndexHit(str(r[0]), str(r[1]), None if r[2] is None else str(r[2]), str(r[3]), str(r[4]))
        for r in rows
    ]
