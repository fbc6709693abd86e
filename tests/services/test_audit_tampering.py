"""``kvalitet check`` against an intruder: the file edited directly with sqlite3, the program
bypassed. Every edit is found, and the finding names its place (table, record, entry number)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

import proof
from kvalitet_desktop.cli import main
from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.services import settings
from kvalitet_desktop.services.audit_check import Finding
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase

OPENINGS_PER_CASE = 2


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database in which every lex Sarah case has been opened (and logged) twice,
    with other entries between the openings."""
    path = tmp_path_factory.mktemp("pristine") / "demo.sqlite"
    db = Database.open(path)
    try:
        create_demo(db, today=date.today())
        admin = Context.for_login(db, "admin")
        with admin.reading() as session:
            cases = list(session.scalars(select(LexSarahCase.id)))
        for case_id in cases * OPENINGS_PER_CASE:
            lexsarah.get_case(admin, case_id)
            admin.log_event(AuditAction.LOGIN)  # the openings are spread through the log
        settings.set_confidentiality_line(admin, "Sekretess enligt OSL – provrad")
        admin.log_event(AuditAction.LOGIN)
    finally:
        db.close()  # the last connection folds the WAL into the file: a plain copy is whole
    return path


@pytest.fixture
def victim(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    shutil.copy(pristine, path)
    return path


def findings(path: Path) -> list[Finding]:
    db = Database.open(path, migrate=False)
    try:
        report = check_database(db)
    finally:
        db.close()
    return [finding for item in report.items for finding in item.findings]


def one(conn: sqlite3.Connection, sql: str, *params: object) -> tuple[object, ...]:
    row = conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return tuple(row)


@dataclass(frozen=True)
class Place:
    table: str
    record: str = ""
    entry: int | None = None

    def named_by(self, finding: Finding) -> bool:
        if finding.table != self.table:
            return False
        if self.record and self.record not in finding.record:
            return False
        if self.entry is None:
            return True
        last = finding.through if finding.through is not None else max(finding.entries)
        return self.entry in finding.entries or min(finding.entries) <= self.entry <= last


Tamper = Callable[[sqlite3.Connection], list[Place]]


def _update_entry(conn: sqlite3.Connection) -> tuple[int, str, str]:
    seq, entity_id, changes = one(
        conn,
        "SELECT seq, entity_id, changes FROM audit_log WHERE action = 'update' "
        "AND entity = 'risk_analyses' ORDER BY seq LIMIT 1",
    )
    return int(str(seq)), str(entity_id), str(changes)


def edited_value(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, changes = _update_entry(conn)
    data = json.loads(changes)
    key = next(iter(data))
    data[key] = [data[key][0], "ändrat i efterhand"]
    conn.execute("UPDATE audit_log SET changes = ? WHERE seq = ?", (json.dumps(data), seq))
    return [Place("audit_log", entry=seq)]


def edited_user(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, _changes = _update_entry(conn)
    conn.execute("UPDATE audit_log SET user_login = 'admin' WHERE seq = ?", (seq,))
    return [Place("audit_log", entry=seq)]


def edited_user_id(conn: sqlite3.Connection) -> list[Place]:
    (admin,) = one(conn, "SELECT id FROM users WHERE login = 'admin'")
    seq, _id, _changes = _update_entry(conn)
    conn.execute("UPDATE audit_log SET user_id = ? WHERE seq = ?", (admin, seq))
    return [Place("audit_log", entry=seq)]


def edited_time(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, _changes = _update_entry(conn)
    conn.execute("UPDATE audit_log SET at = '2026-01-01 08:00:00.000000' WHERE seq = ?", (seq,))
    return [Place("audit_log", entry=seq)]


def edited_action(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, _changes = _update_entry(conn)
    conn.execute("UPDATE audit_log SET action = 'open' WHERE seq = ?", (seq,))
    return [Place("audit_log", entry=seq)]


def edited_record_of_entry(conn: sqlite3.Connection) -> list[Place]:
    seq, entity_id, _changes = _update_entry(conn)
    # Another analysis than the entry's own (ids are random: never the same one by chance).
    (other,) = one(
        conn, "SELECT id FROM risk_analyses WHERE id != ? ORDER BY id LIMIT 1", entity_id
    )
    conn.execute("UPDATE audit_log SET entity_id = ? WHERE seq = ?", (other, seq))
    return [Place("audit_log", entry=seq)]


def edited_and_rehashed(conn: sqlite3.Connection) -> list[Place]:
    """The intruder knows the format and recomputes the edited entry's hash: the next entry's
    link no longer matches."""
    seq, _id, _changes = _update_entry(conn)
    row = one(
        conn,
        "SELECT seq, at, user_id, user_login, action, entity, entity_id, changes, prev_hash "
        "FROM audit_log WHERE seq = ?",
        seq,
    )
    material = ["kvalitet-audit-1", *row[:3], "admin", *row[4:]]
    forged = hashlib.sha256(
        json.dumps(material, ensure_ascii=False, separators=(",", ":")).encode()
    ).hexdigest()
    conn.execute(
        "UPDATE audit_log SET user_login = 'admin', entry_hash = ? WHERE seq = ?", (forged, seq)
    )
    return [Place("audit_log", entry=seq + 1)]


def removed_in_the_middle(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, _changes = _update_entry(conn)
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
    return [Place("audit_log", entry=seq)]


def removed_tail(conn: sqlite3.Connection) -> list[Place]:
    (last,) = one(conn, "SELECT max(seq) FROM audit_log")
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (int(str(last)) - 3,))
    return [Place("audit_log", entry=int(str(last)))]


def removed_head(conn: sqlite3.Connection) -> list[Place]:
    conn.execute("DELETE FROM audit_head")
    return [Place("audit_head")]


def every_lex_sarah_opening_removed(conn: sqlite3.Connection) -> list[Place]:
    opened = [
        int(seq)
        for (seq,) in conn.execute(
            "SELECT seq FROM audit_log WHERE action = 'open' AND entity = 'lex_sarah_cases'"
        )
    ]
    assert len(opened) == 5 * OPENINGS_PER_CASE
    conn.execute("DELETE FROM audit_log WHERE action = 'open'")
    (last,) = one(conn, "SELECT max(seq) FROM audit_log")
    assert int(str(last)) > max(opened)  # they were in the middle, not at the end
    return [Place("audit_log", entry=seq) for seq in opened]


def forged_entry_appended(conn: sqlite3.Connection) -> list[Place]:
    (last,) = one(conn, "SELECT max(seq) FROM audit_log")
    forged = int(str(last)) + 1
    conn.execute(
        "INSERT INTO audit_log (seq, at, user_id, user_login, action, entity, entity_id, "
        "changes) VALUES (?, '2026-11-30 10:00:00.000000', NULL, 'admin', 'open', "
        "'lex_sarah_cases', 'x', '{}')",
        (forged,),
    )
    return [Place("audit_log", entry=forged)]


def entry_given_a_made_up_hash(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, _changes = _update_entry(conn)
    conn.execute(
        "UPDATE audit_log SET user_login = 'lexsarah', entry_hash = ? WHERE seq = ?",
        ("f" * 64, seq),
    )
    return [Place("audit_log", entry=seq)]


def renumbered_entry(conn: sqlite3.Connection) -> list[Place]:
    seq, _id, _changes = _update_entry(conn)
    conn.execute("UPDATE audit_log SET seq = seq + 100000 WHERE seq = ?", (seq,))
    return [Place("audit_log", entry=seq), Place("audit_log", entry=seq + 100000)]


def head_hash_replaced(conn: sqlite3.Connection) -> list[Place]:
    conn.execute("UPDATE audit_head SET entry_hash = ?", ("0" * 64,))
    return [Place("audit_head")]


def record_value_changed(conn: sqlite3.Connection) -> list[Place]:
    (record,) = one(conn, "SELECT id FROM risk_analyses ORDER BY id LIMIT 1")
    conn.execute("UPDATE risk_analyses SET title = 'Något annat' WHERE id = ?", (record,))
    return [Place("risk_analyses", str(record))]


def lex_sarah_status_changed(conn: sqlite3.Connection) -> list[Place]:
    (record,) = one(conn, "SELECT id FROM lex_sarah_cases WHERE status = 'avslutad' LIMIT 1")
    conn.execute("UPDATE lex_sarah_cases SET status = 'rapporterad' WHERE id = ?", (record,))
    return [Place("lex_sarah_cases", str(record))]


def record_archived_quietly(conn: sqlite3.Connection) -> list[Place]:
    (record,) = one(conn, "SELECT id FROM measures ORDER BY id LIMIT 1")
    conn.execute(
        "UPDATE measures SET archived_at = '2026-11-01 10:00:00.000000', "
        "archive_reason = 'tyst' WHERE id = ?",
        (record,),
    )
    return [Place("measures", str(record))]


def record_inserted(conn: sqlite3.Connection) -> list[Place]:
    (area,) = one(conn, "SELECT id FROM areas LIMIT 1")
    conn.execute(
        "INSERT INTO units (id, area_id, name, created_at, updated_at) VALUES "
        "('00000000-0000-4000-8000-000000000001', ?, 'Smygenheten', "
        "'2026-11-30 10:00:00.000000', '2026-11-30 10:00:00.000000')",
        (area,),
    )
    return [Place("units", "00000000-0000-4000-8000-000000000001")]


def record_deleted(conn: sqlite3.Connection) -> list[Place]:
    (role_id,) = one(conn, "SELECT id FROM user_roles ORDER BY id LIMIT 1")
    conn.execute("DELETE FROM user_roles WHERE id = ?", (role_id,))
    return [Place("user_roles", str(role_id))]


def setting_changed(conn: sqlite3.Connection) -> list[Place]:
    """A table keyed by name rather than id: the setting is named by its key."""
    conn.execute(
        "UPDATE settings SET value = '\"Ingen sekretess\"' WHERE key = ?", ("confidentiality_line",)
    )
    return [Place("settings", "confidentiality_line")]


def record_and_its_entry_changed(conn: sqlite3.Connection) -> list[Place]:
    """The record and the value in its last entry changed alike: the entry's hash shows it."""
    seq, record, changes = _update_entry(conn)
    data = json.loads(changes)
    data["title"] = [None, "Något annat"]
    conn.execute("UPDATE audit_log SET changes = ? WHERE seq = ?", (json.dumps(data), seq))
    conn.execute("UPDATE risk_analyses SET title = 'Något annat' WHERE id = ?", (record,))
    return [Place("audit_log", entry=seq)]


TAMPERINGS: list[Tamper] = [
    edited_value,
    edited_user,
    edited_user_id,
    edited_time,
    edited_action,
    edited_record_of_entry,
    edited_and_rehashed,
    removed_in_the_middle,
    removed_tail,
    removed_head,
    every_lex_sarah_opening_removed,
    forged_entry_appended,
    entry_given_a_made_up_hash,
    renumbered_entry,
    head_hash_replaced,
    record_value_changed,
    lex_sarah_status_changed,
    record_archived_quietly,
    record_inserted,
    record_deleted,
    setting_changed,
    record_and_its_entry_changed,
]


def test_an_untouched_demo_checks_clean(pristine: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    shutil.copy(pristine, path)
    assert findings(path) == []


@pytest.mark.parametrize("tamper", TAMPERINGS, ids=lambda t: t.__name__)
def test_each_direct_edit_is_found_where_it_is(tamper: Tamper, victim: Path) -> None:
    with sqlite3.connect(victim) as conn:
        places = tamper(conn)
    conn.close()
    found = findings(victim)
    named = sum(any(place.named_by(f) for f in found) for place in places)
    proof.record(
        "Granskningslogg",
        manipulationer=1,
        upptäckta=int(bool(found)),
        platser=len(places),
        platser_namngivna=named,
    )
    assert found, "nothing found"
    for place in places:
        assert any(place.named_by(f) for f in found), (place, [str(f) for f in found])


def test_the_command_exits_non_zero_and_lists_the_places(
    victim: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.services import accounts

    db = Database.open(victim)
    accounts.give_every_account(db, accounts.DEMO_PASSWORD)
    db.close()
    monkeypatch.setenv(accounts.UNENCRYPTED_ENV, "1")
    monkeypatch.setenv("KVALITET_PASSWORD", accounts.DEMO_PASSWORD)
    with sqlite3.connect(victim) as conn:
        [changed] = record_value_changed(conn)
        [removed] = removed_in_the_middle(conn)
    conn.close()
    code = main(["check", "--db", str(victim), "--user", "admin"])
    out = capsys.readouterr().out
    assert code != 0
    assert f"tabell risk_analyses, post {changed.record}" in out
    assert f"tabell audit_log, loggpost nr {removed.entry}: saknas" in out
