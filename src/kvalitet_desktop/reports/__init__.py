"""PDF reports: plain dataclasses in, PDF bytes out (reportlab; no Qt, no database).

Importing this package is cheap: reportlab loads only when a PDF is built, so services can
build report data without paying for it at start-up. Each record kind draws its own reports
(its ``report.py``); ``render_report`` finds the drawing through the registry.
"""

from __future__ import annotations

from typing import Any

from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.reports.model import ReportHeader


def render_report(report: Any) -> bytes:
    """The PDF for any report dataclass: the one entry point the GUI and the CLI use."""
    from kvalitet_desktop import registry

    model = f"{type(report).__module__}:{type(report).__qualname__}"
    for kind in registry.reports():
        if kind.model == model:
            pdf: bytes = load(kind.pdf)(report)
            return pdf
    raise TypeError(f"no report kind draws {model}")


__all__ = ["ReportHeader", "render_report"]
