"""The avvikelse tables: the deviation with its registration, investigation and closing, and
the causes found. Measures answer to a deviation through ``measure_links`` (DEVIATION_LINK)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.store.models import Unit


class Deviation(Tracked, Archivable, Base):
    __tablename__ = "deviations"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "AV-2026-0012"
    title: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    # The registration: quick, by anyone; the unit manager completes the rest.
    occurred_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    place: Mapped[str | None] = mapped_column(String(300))
    reported_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    reporter_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    reporter_name: Mapped[str] = mapped_column(String(200))
    registered_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    legal_basis: Mapped[str | None] = mapped_column(String(200))  # lagrum: SoL, LSS, HSL …
    individual: Mapped[str | None] = mapped_column(String(40))  # a code, "flera" or "okänd"
    individuals: Mapped[str | None] = mapped_column(Text)  # JSON list of codes with "flera"
    description: Mapped[str] = mapped_column(Text)
    consequence: Mapped[str | None] = mapped_column(Text)
    immediate_measures: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(200), index=True)
    # Assessed on the risk analyses' 4×4 matrix.
    probability: Mapped[int | None] = mapped_column(Integer)
    consequence_level: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[int | None] = mapped_column(Integer)
    # The investigation.
    start_due: Mapped[date | None] = mapped_column(Date, index=True)
    close_due: Mapped[date | None] = mapped_column(Date, index=True)
    investigator_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    investigation_started_on: Mapped[date | None] = mapped_column(Date)
    analysis: Mapped[str | None] = mapped_column(Text)
    # Återföring to the staff.
    feedback_on: Mapped[date | None] = mapped_column(Date)
    feedback_how: Mapped[str | None] = mapped_column(String(200))
    feedback_to: Mapped[str | None] = mapped_column(Text)
    # The closing, and why it was last opened again (the audit log keeps every reason).
    conclusion: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()
    causes: Mapped[list[DeviationCause]] = relationship(
        order_by="DeviationCause.position", back_populates="deviation"
    )


class DeviationCause(Tracked, Archivable, Base):
    """A cause found in the investigation, on a level (domain.causes) and in an area."""

    __tablename__ = "deviation_causes"
    deviation_id: Mapped[str] = mapped_column(ForeignKey("deviations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20))
    area: Mapped[str | None] = mapped_column(String(200))

    deviation: Mapped[Deviation] = relationship(back_populates="causes")
