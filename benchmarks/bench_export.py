"""Exporting the 100× demo's largest list to XLSX and CSV, against a plain paged read of the
same rows in the same run (not part of the test suite; prints timings only, asserts nothing).

.venv/bin/python benchmarks/bench_export.py [--scale 100] [--db /tmp/bench.sqlite] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from kvalitet_desktop import registry
from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.exchange.list_export import PAGE_SIZE, export_list
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def paged_read(ctx: Context, kind: str, query: listing.ListQuery) -> int:
    """Every row of the list, a page at a time, as the export reads them (nothing written)."""
    rows, offset = 0, 0
    while True:
        page = listing.fetch(ctx, kind, query.page(offset, PAGE_SIZE))
        rows += len(page)
        offset += len(page)
        if len(page) < PAGE_SIZE:
            return rows


def peak_mib(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / (1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite"
    fresh = not path.exists()
    db = Database.open(path)
    if fresh:
        start = time.perf_counter()
        summary = create_demo(db, scale=args.scale, seed=1)
        print(f"demo scale {args.scale}: {summary} in {time.perf_counter() - start:.1f} s")
    ctx = Context.for_login(db, "admin")
    everything = listing.ListQuery()
    sizes = {kind: listing.count(ctx, kind, everything) for kind in registry.listed_keys()}
    print("rows per list:", ", ".join(f"{k} {n}" for k, n in sizes.items()))
    kind = max(sizes, key=lambda k: sizes[k])
    rows = sizes[kind]
    print(f"largest list: {kind}, {rows} rows, pages of {PAGE_SIZE}")

    read = median_seconds(lambda: paged_read(ctx, kind, everything), args.repeat)
    print(f"{'paged listing.fetch':<22} {read:7.2f} s  {rows / read:9.0f} rows/s")
    out = Path(tempfile.mkdtemp())
    for suffix in ("xlsx", "csv"):
        target = out / f"{kind}.{suffix}"
        seconds = median_seconds(
            lambda t=target: export_list(ctx, kind, everything, t), args.repeat
        )
        size = target.stat().st_size / (1 << 20)
        print(
            f"{'export ' + suffix:<22} {seconds:7.2f} s  {rows / seconds:9.0f} rows/s  "
            f"{seconds / read:5.1f}× the paged read  file {size:.1f} MiB  (n={args.repeat})"
        )
    for suffix in ("xlsx", "csv"):
        target = out / f"{kind}-memory.{suffix}"
        peak = peak_mib(lambda t=target: export_list(ctx, kind, everything, t))
        print(f"export {suffix}: peak Python memory {peak:.1f} MiB (tracemalloc, one run)")
    db.close()


if __name__ == "__main__":
    main()
