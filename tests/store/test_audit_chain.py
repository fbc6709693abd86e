"""The audit log's hash chain: numbering, links, the head, several programs writing at once,
and the chaining of the entries an older database already holds."""

from __future__ import annotations

import importlib.util
import multiprocessing
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import select

from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.audit_check import check_chain, check_trails
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store import audit_chain
from kvalitet_desktop.store.audit import AuditAction, record_event
from kvalitet_desktop.store.audit_chain import GENESIS, entry_hash, hash_of
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry, AuditHead
from kvalitet_desktop.store.unit_of_work import UnitOfWork
from kvalitet_desktop.workflows.risk.models import RiskAnalysis, RiskTeamMember

FIXTURES = Path(__file__).parents[1] / "fixtures"
MIGRATION = (
    Path(audit_chain.__file__).parent / "migrations" / "versions" / "0003_accounts_audit_chain.py"
)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0003", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entries(db: Database) -> list[AuditEntry]:
    with db.session() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def _head(db: Database) -> tuple[int, str] | None:
    with db.session() as session:
        head = session.get(AuditHead, audit_chain.HEAD_ID)
        return None if head is None else (head.seq, head.entry_hash)


def assert_chained(db: Database) -> list[AuditEntry]:
    entries = _entries(db)
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    previous = GENESIS
    for entry in entries:
        assert entry.prev_hash == previous
        assert entry.entry_hash == hash_of(entry)
        previous = entry.entry_hash
    assert _head(db) == (len(entries), previous)
    return entries


# --- one format, two copies ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "user_id", "login", "changes"),
    [
        (datetime(2026, 11, 22, 9, 32, 55, 664301), "6df746a3", "admin", '{"a": [null, 1]}'),
        (datetime(2026, 1, 1), None, "system", "{}"),
        ("2026-11-22 09:32:55.000001", "x", "åsa", '{"titel": [null, "Fall i trappan – åäö"]}'),
    ],
)
def test_the_migration_hashes_exactly_as_the_program(
    at: datetime | str, user_id: str | None, login: str, changes: str
) -> None:
    migration = _migration()
    assert migration.CHAIN_FORMAT == audit_chain.CHAIN_FORMAT
    assert migration.GENESIS == GENESIS
    args = (7, at, user_id, login, "update", "risk_analyses", "id-1", changes, "ab" * 32)
    assert migration.entry_hash(*args) == entry_hash(*args)
    # The time as SQLite stores it (text) and as SQLAlchemy reads it (datetime) hash alike.
    if isinstance(at, datetime):
        as_text = at.strftime("%Y-%m-%d %H:%M:%S.%f")
        assert entry_hash(7, as_text, *args[2:]) == entry_hash(*args)


def test_every_field_and_the_format_are_in_the_hash() -> None:
    args: list[object] = [
        3,
        datetime(2026, 5, 4, 3, 2, 1),
        "u",
        "login",
        "open",
        "lex_sarah_cases",
        "c",
        "{}",
        GENESIS,
    ]
    base = entry_hash(*args)  # type: ignore[arg-type]
    changed = [4, datetime(2026, 5, 4, 3, 2, 2), "v", "other", "update", "users", "d", '{"x":1}']
    for index, value in enumerate([*changed, "1" * 64]):
        other = list(args)
        other[index] = value
        assert entry_hash(*other) != base, index  # type: ignore[arg-type]


# --- the program chains what it writes -------------------------------------------------------


def test_record_changes_and_events_are_chained_with_the_head(admin: Context, unit_id: str) -> None:
    entries = assert_chained(admin.db)
    assert {e.action for e in entries} >= {"insert"}
    admin.log_event(AuditAction.EXPORT, "audit_log", "", {"format": "csv"})
    organisation.rename(admin, "unit", unit_id, "Solrosen")
    with admin.unit_of_work() as uow:
        record_event(uow.session, AuditAction.OPEN, "units", unit_id)
    after = assert_chained(admin.db)
    assert [e.action for e in after[-3:]] == ["export", "update", "open"]
    assert after[-1].entity_id == unit_id


def test_an_entry_for_a_child_holds_the_parent_it_was_appended_to(
    admin: Context, unit_id: str
) -> None:
    """Foreign keys the flush fills in from a relationship are in the insert's entry too, so
    that replaying the log gives the stored row."""
    with admin.unit_of_work() as uow:
        analysis = RiskAnalysis(
            unit_id=unit_id,
            title="Fallrisk",
            status="utkast",
            scope_kind="verksamhet",
            trigger="egen",
            level="enhet",
        )
        analysis.team.append(RiskTeamMember(name="Linnea Blom", position=1))
        uow.session.add(analysis)
    with admin.reading() as session:
        member = session.scalars(select(RiskTeamMember)).one()
        entry = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == member.id)).one()
    assert f'"analysis_id": [null, "{member.analysis_id}"]' in entry.changes
    assert check_trails(admin.db)[1] == []


def test_a_rolled_back_unit_of_work_leaves_no_hole(admin: Context) -> None:
    before = len(_entries(admin.db))
    with pytest.raises(RuntimeError), admin.unit_of_work() as uow:
        record_event(uow.session, AuditAction.OPEN, "units", "x")
        uow.session.flush()
        raise RuntimeError("the user's work failed")
    admin.log_event(AuditAction.DENIED, "units", "y")
    entries = assert_chained(admin.db)
    assert len(entries) == before + 1


def test_a_reader_does_not_block_a_writer(admin: Context) -> None:
    """Reading sessions begin deferred: an open read keeps no write lock (WAL)."""
    with admin.reading() as session:
        session.scalars(select(AuditEntry)).first()
        admin.log_event(AuditAction.LOGIN)  # another transaction writes meanwhile
    assert_chained(admin.db)


# --- several programs writing one file --------------------------------------------------------


def _writer(path: str, login: str, rounds: int, start: multiprocessing.synchronize.Event) -> None:
    db = Database.open(Path(path), migrate=False)
    try:
        ctx = Context.for_login(db, login)
        start.wait()
        for number in range(rounds):
            with ctx.unit_of_work() as uow:
                record_event(uow.session, AuditAction.OPEN, "units", f"{login}-{number}")
                # Read between the events: without the write lock from BEGIN, another program
                # could commit here and this one would continue from a stale head.
                uow.session.scalars(select(AuditEntry.seq).limit(1)).all()
                uow.session.flush()
                record_event(uow.session, AuditAction.EXPORT, "units", f"{login}-{number}")
    finally:
        db.close()


def test_several_programs_writing_at_once_keep_one_chain(admin: Context) -> None:
    before = len(_entries(admin.db))
    spawn = multiprocessing.get_context("spawn")
    start = spawn.Event()
    writers, rounds = 4, 15
    processes = [
        spawn.Process(target=_writer, args=(str(admin.db.path), "admin", rounds, start))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * writers
    entries = assert_chained(admin.db)
    assert len(entries) == before + writers * rounds * 2
    assert check_chain(admin.db).findings == []


# --- a database from before the chain ---------------------------------------------------------


@pytest.mark.parametrize("schema", ["0001", "0002"])
def test_the_upgrade_chains_the_entries_already_there(schema: str, tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"schema-{schema}.sqlite", path)
    with sqlite3.connect(path) as conn:
        old = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    conn.close()
    db = Database.open(path, backup_dir=tmp_path / "kopior")
    try:
        entries = assert_chained(db)
        # The entries there, then the one of the backup made before the upgrade.
        assert len(entries) == old + 1
        assert entries[-1].action == AuditAction.BACKUP and entries[-1].user_login == "system"
        Context.for_login(db, "admin").log_event(AuditAction.LOGIN)
        assert len(assert_chained(db)) == old + 2
        assert check_chain(db).findings == []
    finally:
        db.close()


# --- the engine made another way -------------------------------------------------------------


def test_units_of_work_take_the_write_lock_through_a_creator_with_sqlcipher(tmp_path: Path) -> None:
    """The transaction control sits on the Database, not on how its engine connects: an engine
    whose connections come from sqlcipher3 through ``creator=`` begins units of work with
    BEGIN IMMEDIATE too."""
    sqlcipher = pytest.importorskip("sqlcipher3.dbapi2")
    from sqlalchemy import create_engine

    from kvalitet_desktop.store.migrate import upgrade_to_head

    path = tmp_path / "krypterad.sqlite"

    def connect() -> object:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
        conn.execute("PRAGMA key = 'provnyckel'")
        return conn

    # The dialect keys each connection again from the URL's password; the creator already has.
    engine = create_engine(f"sqlite+pysqlcipher://:provnyckel@/{path}", creator=connect)
    db = Database(path, engine)
    try:
        upgrade_to_head(db)
        with UnitOfWork(db, None, "system") as uow:
            # Only read so far: the lock is there from the transaction's first statement.
            uow.session.scalars(select(AuditEntry.seq)).all()
            other = connect()
            with pytest.raises(sqlcipher.OperationalError, match="locked"):
                other.execute("PRAGMA busy_timeout = 0")
                other.execute("BEGIN IMMEDIATE")
            other.close()
            record_event(uow.session, AuditAction.LOGIN)
        record_event_in_reading_session_is_deferred(db, connect)
        assert_chained(db)
    finally:
        db.close()


def record_event_in_reading_session_is_deferred(db: Database, connect: object) -> None:
    """A reading session holds no write lock: another connection may write meanwhile."""
    with db.session() as session:
        session.scalars(select(AuditEntry.seq)).all()
        other = connect()  # type: ignore[operator]
        other.execute("PRAGMA busy_timeout = 0")
        other.execute("BEGIN IMMEDIATE")
        other.rollback()
        other.close()


def test_an_event_logged_inside_a_unit_of_work_stays_when_it_rolls_back(admin: Context) -> None:
    """A refusal found in the middle of a unit of work is logged after it, in its own
    transaction (not waiting for the lock the outer one holds), and kept though the outer
    work is rolled back."""
    before = len(_entries(admin.db))
    with pytest.raises(RuntimeError), admin.unit_of_work() as uow:
        record_event(uow.session, AuditAction.OPEN, "units", "rolled-back")
        uow.session.flush()
        admin.log_event(AuditAction.DENIED, "units", "refused")
        raise RuntimeError("refused")
    entries = assert_chained(admin.db)
    assert [(e.action, e.entity_id) for e in entries[before:]] == [("denied", "refused")]
