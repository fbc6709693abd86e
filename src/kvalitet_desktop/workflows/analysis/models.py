"""The table of signed analyses: the text written against a period's figures, the figures
themselves frozen as JSON (``reports.compilation_model``), and who signed it when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kvalitet_desktop.store.base import Archivable, Base, Tracked


class Analysis(Tracked, Archivable, Base):
    __tablename__ = "analyses"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "AN-2026-0002"
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), index=True)
    period_start: Mapped[date] = mapped_column(Date, index=True)
    period_end: Mapped[date] = mapped_column(Date)
    # The one unit compiled, or the area; neither: every unit.
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    area_id: Mapped[str | None] = mapped_column(ForeignKey("areas.id"))
    scope: Mapped[str] = mapped_column(String(300))  # "Alla enheter", as the figures say
    figures: Mapped[str] = mapped_column(Text)  # the Compilation as JSON, never recomputed
    analysis: Mapped[str] = mapped_column(Text)
    improvements: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    signed_by_name: Mapped[str | None] = mapped_column(String(200))
    # Why it was last changed after signing (the audit log keeps every reason).
    reopen_reason: Mapped[str | None] = mapped_column(Text)
