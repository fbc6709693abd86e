"""The åtgärdsplan for every unit against a plain reportlab LongTable of the same rows.

Not part of the test suite: it prints timings and their ratio, measured in the same run, so
that a slower or faster machine does not change the verdict. The plan should take at most
1.5 times what reportlab needs for the plain table (the data is built once, outside both).

.venv/bin/python benchmarks/bench_reports.py [--scale 100] [--db /tmp/bench.sqlite]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, SimpleDocTemplate, TableStyle

from kvalitet_desktop.demo.world import create_demo
from kvalitet_desktop.reports import render_report
from kvalitet_desktop.reports.template import (
    FONT,
    GRID,
    MARGIN,
    PAGE_A4_LANDSCAPE,
    content_width,
    fmt_date,
    register_fonts,
)
from kvalitet_desktop.services import report_data
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.workflows.measures.report import MEASURE_HEADERS
from kvalitet_desktop.workflows.measures.report_model import MeasurePlanReport

LIMIT = 1.5


def best_of(work: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    runs: list[float] = []
    pdf = b""
    for _ in range(repeat):
        start = time.perf_counter()
        pdf = work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), pdf


def plain_long_table(report: MeasurePlanReport) -> bytes:
    """What reportlab needs at least: one LongTable of the plan's rows and columns as plain
    strings, the header repeated on every page, on the same page size."""
    register_fonts()
    headers = list(MEASURE_HEADERS)
    rows: list[list[str]] = [headers]
    for unit in report.units:
        for m in unit.measures:
            row = [
                m.title,
                m.responsible or "–",
                fmt_date(m.due_date),
                m.status,
                m.answers_to or "–",
                fmt_date(m.follow_up_on),
            ]
            rows.append((row + [""] * len(headers))[: len(headers)])
    width = content_width(PAGE_A4_LANDSCAPE)
    widths = [width / len(headers)] * len(headers)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_A4_LANDSCAPE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=27 * mm,
        bottomMargin=24 * mm,
    )
    table = LongTable(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ]
        ),
    )
    doc.build([table])
    return buffer.getvalue()


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


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
    start = time.perf_counter()
    report = report_data.build_report(ctx, "atgardsplan")
    built = time.perf_counter() - start
    assert isinstance(report, MeasurePlanReport)
    rows = sum(len(u.measures) for u in report.units)
    print(f"åtgärdsplan data: {len(report.units)} units, {rows} measures in {built:.2f} s")

    plain, plain_pdf = best_of(lambda: plain_long_table(report), args.repeat)
    plan, plan_pdf = best_of(lambda: render_report(report), args.repeat)
    print(f"plain LongTable        {plain:6.2f} s  {pages(plain_pdf):4d} pages")
    print(f"åtgärdsplan PDF        {plan:6.2f} s  {pages(plan_pdf):4d} pages")
    ratio = plan / plain
    verdict = "OK" if ratio <= LIMIT else f"TOO SLOW (limit {LIMIT}×)"
    print(f"ratio plan / plain     {ratio:6.2f}×  {verdict}")
    db.close()


if __name__ == "__main__":
    main()
