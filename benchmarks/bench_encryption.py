"""What encryption costs: the same 100× demo, plain and SQLCipher-encrypted, measured in one run.

.venv/bin/python benchmarks/bench_encryption.py [--scale 100] [--db /tmp/bench-plain.sqlite]

The plain demo is built (or reused from ``--db``) and compacted (``VACUUM INTO``); a copy is
converted with ``encrypt_plain_database``, so both files hold the same rows in the same compact
layout. Three columns: the plain file as the program opens it (Python's sqlite3), the plain file
through sqlcipher3 without a key (the same SQLite version as the encrypted file, no
encryption), and the encrypted file. The ratios are encrypted / plain and encrypted / plain on
the same SQLite, which is what encryption itself costs. Medians of 11 runs, the three variants
taking turns so that a busy machine slows them alike; prints timings only.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.services import dashboard, listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store import database
from kvalitet_desktop.store.database import Database, connect, driver
from kvalitet_desktop.store.encryption import encrypt_plain_database
from kvalitet_desktop.store.migrate import upgrade_to_head

Work = Callable[[], object]


def median_ms(work: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


REPEAT = 11
HEADINGS = ("plain", "plain, same SQLite", "encrypted", "enc/plain", "enc/same")


def compare(label: str, plain: Work, same_sqlite: Work, encrypted: Work) -> None:
    """Runs the three in turn, REPEAT times, so that a busy machine slows all three alike."""
    works = (plain, same_sqlite, encrypted)
    runs: list[list[float]] = [[], [], []]
    for work in works:  # once each first: caches warm, lazy imports done
        work()
    for _ in range(REPEAT):
        for work, times in zip(works, runs, strict=True):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
    plain_ms, same_ms, encrypted_ms = (statistics.median(t) * 1000 for t in runs)
    print(
        f"{label:<42} {plain_ms:9.2f} ms {same_ms:16.2f} ms {encrypted_ms:10.2f} ms "
        f"{encrypted_ms / plain_ms:9.2f}× {encrypted_ms / same_ms:8.2f}×"
    )


def first_read(make: Callable[[], Any]) -> None:
    connection = make()
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def unkeyed_sqlcipher(path: Path) -> Any:
    import sqlcipher3

    return sqlcipher3.connect(str(path), check_same_thread=False)


def same_sqlite_database(path: Path) -> Database:
    """The plain file on sqlcipher3's SQLite, with the program's pragmas and no key."""
    import sqlcipher3

    engine = create_engine(
        f"sqlite:///{path}", module=sqlcipher3, creator=lambda: unkeyed_sqlcipher(path)
    )
    event.listen(engine, "connect", database._set_pragmas)  # the program's own pragmas
    return Database(path, engine)


def open_same_sqlite(path: Path) -> Database:
    """What ``Database.open`` does for a file at the newest schema, on sqlcipher3 without a key."""
    db = same_sqlite_database(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    upgrade_to_head(db)
    return db


def passphrase_connection(folder: Path) -> float:
    """Opening a file keyed with a passphrase (SQLCipher's PBKDF2 runs), in ms: for reference."""
    import sqlcipher3

    path = folder / "passphrase.sqlite"
    made = sqlcipher3.connect(str(path))
    made.execute("PRAGMA key = 'ett lösenord'")
    made.execute("CREATE TABLE t (x)")
    made.commit()
    made.close()

    def reopen() -> None:
        connection = sqlcipher3.connect(str(path))
        try:
            connection.execute("PRAGMA key = 'ett lösenord'")
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()

    return median_ms(reopen, 3)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", type=Path, help="the plain demo (built if missing, then reused)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    plain_path = args.db or work / "plain.sqlite"
    if not plain_path.exists():
        start = time.perf_counter()
        db = Database.open(plain_path)
        summary = create_demo(db, scale=args.scale, seed=1)
        db.close()
        print(f"demo scale {args.scale}: {summary} in {time.perf_counter() - start:.1f} s")
    key = secrets.token_bytes(32)
    compact_path, encrypted_path = work / "plain.sqlite", work / "encrypted.sqlite"
    compact = sqlite3.connect(plain_path)
    compact.execute("VACUUM INTO ?", (str(compact_path),))
    compact.close()
    shutil.copy(compact_path, encrypted_path)
    start = time.perf_counter()
    result = encrypt_plain_database(encrypted_path, key, work / "okrypterad")
    print(
        f"encrypt_plain_database: {result.tables} tables, {result.rows} rows, "
        f"{encrypted_path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.2f} s"
    )
    print(f"SQLite: {sqlite3.sqlite_version} (sqlite3), {driver(key).sqlite_version} (sqlcipher3)")
    print(f"a passphrase-keyed connection (for reference): {passphrase_connection(work):.1f} ms")
    print(f"{'':<42} " + " ".join(f"{h:>12}" for h in HEADINGS))

    compare(
        "a new connection + first read",
        lambda: first_read(lambda: connect(compact_path)),
        lambda: first_read(lambda: unkeyed_sqlcipher(compact_path)),
        lambda: first_read(lambda: connect(encrypted_path, key)),
    )
    compare(
        "Database.open + close (schema at head)",
        lambda: Database.open(compact_path).close(),
        lambda: open_same_sqlite(compact_path).close(),
        lambda: Database.open(encrypted_path, key=key).close(),
    )
    dbs = [
        Database.open(compact_path),
        same_sqlite_database(compact_path),
        Database.open(encrypted_path, key=key),
    ]
    try:
        plain, same, encrypted = (Context.for_login(db, "admin") for db in dbs)

        def each(task: Callable[[Context], object]) -> tuple[Work, Work, Work]:
            return (lambda: task(plain), lambda: task(same), lambda: task(encrypted))

        page = listing.ListQuery(limit=100, sort="title")
        search = listing.ListQuery(text="besök")
        for kind in ("riskanalys", "atgard", "uppfoljning"):
            compare(f"list {kind}: count", *each(lambda c, k=kind: listing.count(c, k, page)))
            compare(
                f"list {kind}: first page by title",
                *each(lambda c, k=kind: listing.fetch(c, k, page)),
            )
            compare(
                f"list {kind}: text filter", *each(lambda c, k=kind: listing.fetch(c, k, search))
            )
        compare("dashboard", *each(dashboard.load_dashboard))
    finally:
        for db in dbs:
            db.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
