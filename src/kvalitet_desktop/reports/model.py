"""What every PDF report's input shares: the page header. Each record kind keeps its own
report dataclasses in its ``report_model.py``.

The services layer fills these from the database; the report builders only read them. Every
text is already in Swedish and ready to print (labels, not enum keys), dates are ``date``
objects and empty values are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReportHeader:
    """What the header and footer band on every page shows."""

    municipality: str
    unit: str | None  # None for reports spanning several units
    title: str  # e.g. "Riskanalys"
    printed_on: date
    printed_by: str
    confidentiality: str | None  # printed on every page when set
    watermark: str | None = None  # e.g. "UTKAST": printed large across every page when set
