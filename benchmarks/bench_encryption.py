"""What encryption costs: the same 100× demo, plain and SQLCipher-encrypted, measured in one run.

.venv/bin/python benchmarks/bench_encryption.py [--scale 100] [--db /tmp/bench-plain.sqlite]

The plain demo is built (or reused from ``--db``), copied, and the copy converted with
``encrypt_plain_database``: both files hold the same rows. Each line prints the median of the
plain and the encrypted file and their ratio. Not part of the test suite; prints timings only.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.services import dashboard, listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database, connect
from kvalitet_desktop.store.encryption import encrypt_plain_database


def median_ms(work: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000


def compare(label: str, plain: Callable[[], object], encrypted: Callable[[], object]) -> None:
    repeat = 7
    plain_ms, encrypted_ms = median_ms(plain, repeat), median_ms(encrypted, repeat)
    ratio = encrypted_ms / plain_ms if plain_ms else float("nan")
    print(f"{label:<44} {plain_ms:9.2f} ms {encrypted_ms:9.2f} ms {ratio:7.2f}×")


def first_read(path: Path, key: bytes | None) -> None:
    connection = connect(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()


def passphrase_connection(path: Path) -> float:
    """One connection keyed with a passphrase (SQLCipher's PBKDF2 runs), in ms: for reference."""
    import sqlcipher3

    start = time.perf_counter()
    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute("PRAGMA key = 'ett lösenord'")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        connection.close()
    return (time.perf_counter() - start) * 1000


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
    encrypted_path = work / "encrypted.sqlite"
    shutil.copy(plain_path, encrypted_path)
    start = time.perf_counter()
    result = encrypt_plain_database(encrypted_path, key, work / "okrypterad")
    print(
        f"encrypt_plain_database: {result.tables} tables, {result.rows} rows, "
        f"{encrypted_path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - start:.2f} s"
    )
    kdf_ms = passphrase_connection(work / "passphrase.sqlite")
    print(f"a passphrase-keyed connection (for reference): {kdf_ms:.1f} ms")
    print(f"{'':<44} {'plain':>12} {'encrypted':>12} {'ratio':>8}")

    compare(
        "a new connection + first read",
        lambda: first_read(plain_path, None),
        lambda: first_read(encrypted_path, key),
    )
    compare(
        "Database.open + close (schema at head)",
        lambda: Database.open(plain_path).close(),
        lambda: Database.open(encrypted_path, key=key).close(),
    )
    plain_db, encrypted_db = Database.open(plain_path), Database.open(encrypted_path, key=key)
    try:
        plain_ctx = Context.for_login(plain_db, "admin")
        encrypted_ctx = Context.for_login(encrypted_db, "admin")
        for kind in ("riskanalys", "atgard", "uppfoljning"):
            query = listing.ListQuery(limit=100, sort="title")
            compare(
                f"list {kind}: count",
                lambda k=kind, q=query: listing.count(plain_ctx, k, q),
                lambda k=kind, q=query: listing.count(encrypted_ctx, k, q),
            )
            compare(
                f"list {kind}: first page sorted by title",
                lambda k=kind, q=query: listing.fetch(plain_ctx, k, q),
                lambda k=kind, q=query: listing.fetch(encrypted_ctx, k, q),
            )
            search = listing.ListQuery(text="besök")
            compare(
                f"list {kind}: text filter",
                lambda k=kind, q=search: listing.fetch(plain_ctx, k, q),
                lambda k=kind, q=search: listing.fetch(encrypted_ctx, k, q),
            )
        compare(
            "dashboard",
            lambda: dashboard.load_dashboard(plain_ctx),
            lambda: dashboard.load_dashboard(encrypted_ctx),
        )
    finally:
        plain_db.close()
        encrypted_db.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
