"""The search on the 100× demo: the service's p95 against the raw FTS5 query, in one run.

.venv/bin/python benchmarks/bench_search.py [--db /tmp/kvalitet-bench-search-100.sqlite]

The demo database is built once (plain SQLite, ``demo --scale 100``) and kept at ``--db``. Each
query is timed through ``services.search.search`` as the administrator and as an enhetschef
(who sees one unit: the permission cut has work to do), and as the raw FTS5 statement the
service runs, with the same limit, snippets and ranking but no permission rule. Prints the
p50/p95 of both and their ratio; asserts nothing (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.domain.search import match_expression
from kvalitet_desktop.services import search
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.search_index import query_index

DEFAULT_DB = Path("/tmp/kvalitet-bench-search-100.sqlite")
# What users type: whole words, words being typed (prefixes), two words, a number.
QUERIES = (
    "fall",
    "läkemedel",
    "läk",
    "besök",
    "bes",
    "nattpersonal",
    "rutin",
    "brukare",
    "brand",
    "delegering",
    "får komma",
    "hemtjänst",
    "signering",
    "schema",
    "anhörig",
    "AV-2026",
    "ö",
    "åtgärd",
    "boende",
    "personalen inte",
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(work: Callable[[str], object], rounds: int) -> list[float]:
    for text in QUERIES:  # warm: statements compiled, pages in the cache
        work(text)
    runs = []
    for _ in range(rounds):
        for text in QUERIES:
            start = time.perf_counter()
            work(text)
            runs.append((time.perf_counter() - start) * 1000)
    return runs


def report(label: str, runs: list[float]) -> float:
    p95 = percentile(runs, 0.95)
    print(
        f"{label:<42} p50 {statistics.median(runs):7.2f} ms   p95 {p95:7.2f} ms   (n={len(runs)})"
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--login", default="admin")
    parser.add_argument("--limited-login", default="", help="a user who sees some units only")
    args = parser.parse_args()
    fresh = not args.db.exists()
    db = Database.open(args.db)
    if fresh:
        start = time.perf_counter()
        create_demo(db, scale=args.scale, seed=1)
        print(f"demo scale {args.scale} built in {time.perf_counter() - start:.0f} s")
    with db.session() as session:
        rows = session.connection().exec_driver_sql("SELECT count(*) FROM search_keys").scalar()
    print(f"{args.db}: {rows} records in the index, {len(QUERIES)} queries × {args.rounds}")

    ctx = Context.for_login(db, args.login)
    session_cm = db.session()
    session = session_cm.__enter__()
    connection = session.connection()

    def raw(text: str) -> object:
        match = match_expression(text)
        assert match is not None
        return query_index(connection, match, limit=search.DEFAULT_LIMIT)

    raw_p95 = report("raw FTS5 query (limit 50, snippets)", measure(raw, args.rounds))
    service_p95 = report(
        f"services.search.search as {args.login}",
        measure(lambda t: search.search(ctx, t), args.rounds),
    )
    print(f"ratio service/raw at p95: {service_p95 / raw_p95:.2f}")
    if args.limited_login:
        limited = Context.for_login(db, args.limited_login)
        limited_p95 = report(
            f"services.search.search as {args.limited_login}",
            measure(lambda t: search.search(limited, t), args.rounds),
        )
        print(f"ratio service/raw at p95 ({args.limited_login}): {limited_p95 / raw_p95:.2f}")
    session_cm.__exit__(None, None, None)
    db.close()


if __name__ == "__main__":
    main()
