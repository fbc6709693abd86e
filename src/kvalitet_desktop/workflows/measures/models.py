"""The tables of measures (åtgärder) and what they answer to."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.store.models import (
    Unit,
)

# --- organisation and people -------------------------------------------------------------


class Measure(Tracked, Archivable, Base):
    """Åtgärd."""

    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_status_due", "status", "due_date"),)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Empty for measures saved before the start was asked for (schema 0004).
    start_on: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    completed_on: Mapped[date | None] = mapped_column(Date)

    unit: Mapped[Unit] = relationship()
    links: Mapped[list[MeasureLink]] = relationship(cascade="all, delete-orphan")


class MeasureLink(Tracked, Base):
    """What a measure answers to: (kind, target id). General so later record kinds fit."""

    __tablename__ = "measure_links"
    __table_args__ = (
        UniqueConstraint("measure_id", "kind", "target_id"),
        Index("ix_measure_links_target", "kind", "target_id"),
    )
    measure_id: Mapped[str] = mapped_column(ForeignKey("measures.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(36))
