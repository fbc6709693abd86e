"""A sheet of 100 000 avvikelser imported into a new database: the time of the check and of the
import, and the memory the check's walk took (tracemalloc's peak of a second check), so that an
import that began to keep the rows would show.

Not part of the test suite (tests/services/test_imports.py checks 100 000 rows in bounded
memory and a cancel of their import).

.venv/bin/python benchmarks/bench_import.py [--rows 100000] [--dir /tmp/bench-import]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from kvalitet_desktop.exchange.imports.engine import SheetImport, target_of
from kvalitet_desktop.exchange.imports.mapping import ColumnMapping
from kvalitet_desktop.exchange.imports.reading import open_sheet
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database

UNIT = "Daglig verksamhet Solrosen"
COLUMNS = {
    "Datum": "occurred_at",
    "Enhet": "unit_id",
    "Rubrik": "title",
    "Beskrivning": "description",
    "Kategori": "category",
}


def write_sheet(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(";".join(COLUMNS) + "\n")
        for n in range(rows):
            day = f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d} {n % 24:02d}:{n % 60:02d}"
            stream.write(f"{day};{UNIT};Händelse {n};Vad som hände vid tillfälle {n};övrigt\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    sheet = folder / "avvikelser.csv"
    write_sheet(sheet, args.rows)
    db = Database.open(folder / "kvalitet.sqlite")
    try:
        organisation.setup_municipality(
            db, organisation.SetupInput("Exempelå kommun", "212000-0142", "admin", "Admin")
        )
        admin = Context.for_login(db, "admin")
        area = organisation.organisation_tree(admin)[0].areas[0]
        organisation.add_unit(admin, area.id, UNIT)
        job = SheetImport(
            admin, target_of("avvikelse"), open_sheet(sheet), ColumnMapping("avvikelse", COLUMNS)
        )
        start = time.perf_counter()
        report = job.validate()
        checked = time.perf_counter() - start
        assert report.ok, report.problems[:3]
        tracemalloc.start()
        job.validate()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        start = time.perf_counter()
        outcome = job.run()
        imported = time.perf_counter() - start
    finally:
        db.close()
    size = sheet.stat().st_size / 1e6
    print(
        f"{args.rows} rader ({size:.1f} MB): kontroll {checked:.1f} s, import {imported:.1f} s "
        f"({args.rows / imported:.0f} rader/s), {outcome.created} avvikelser skapade"
    )
    print(f"Kontrollens minnestopp (tracemalloc): {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
