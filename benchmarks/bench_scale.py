"""Benchmarks on the 100× demo municipality (not part of the test suite; prints timings only).

.venv/bin/python benchmarks/bench_scale.py [--scale 100] [--db /tmp/bench.sqlite]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.services import audit_review, dashboard, listing, report_data
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.database import Database


def timed(label: str, work: Callable[[], object], repeat: int = 5) -> None:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    print(f"{label:<45} median {statistics.median(runs) * 1000:8.1f} ms  (n={repeat})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite"
    fresh = not path.exists()
    db = Database.open(path)
    if fresh:
        start = time.perf_counter()
        summary = create_demo(db, scale=args.scale, seed=1)
        print(f"demo scale {args.scale}: {summary} in {time.perf_counter() - start:.1f} s")
    ctx = Context.for_login(db, "admin")
    for kind in ("riskanalys", "atgard", "uppfoljning"):
        query = listing.ListQuery(limit=100, sort="title")
        timed(f"list {kind}: count", lambda k=kind, q=query: listing.count(ctx, k, q))
        timed(
            f"list {kind}: first page sorted by title",
            lambda k=kind, q=query: listing.fetch(ctx, k, q),
        )
        middle = query.page(listing.count(ctx, kind, query) // 2, 100)
        timed(f"list {kind}: middle page", lambda k=kind, q=middle: listing.fetch(ctx, k, q))
        timed(
            f"list {kind}: text filter",
            lambda k=kind: listing.fetch(ctx, k, listing.ListQuery(text="besök")),
        )
    timed("dashboard", lambda: dashboard.load_dashboard(ctx))
    first = listing.fetch(ctx, "riskanalys", listing.ListQuery(limit=1))[0]["id"]
    timed(
        "riskanalys report (data + PDF)",
        lambda: render_report(report_data.build_report(ctx, "riskanalys", first)),
    )
    timed(
        "åtgärdsplan, all units (data + PDF)",
        lambda: render_report(report_data.build_report(ctx, "atgardsplan")),
        repeat=1,
    )
    everything = audit_review.AuditQuery()
    timed("granskningslogg: count", lambda: audit_review.count(ctx, everything))
    middle_page = everything.page(audit_review.count(ctx, everything) // 2, 100)
    timed("granskningslogg: middle page", lambda: audit_review.fetch(ctx, middle_page))
    timed("kvalitet check (chain and every record's trail)", lambda: check_database(db), repeat=1)
    db.close()


if __name__ == "__main__":
    main()
