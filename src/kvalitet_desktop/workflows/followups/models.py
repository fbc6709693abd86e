"""The follow-up (uppföljning) tables."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.workflows.measures.models import Measure

# --- organisation and people -------------------------------------------------------------


class FollowUp(Tracked, Archivable, Base):
    """Uppföljning of a measure."""

    __tablename__ = "follow_ups"
    measure_id: Mapped[str] = mapped_column(ForeignKey("measures.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    method: Mapped[str | None] = mapped_column(Text)
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), index=True)
    performed_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str | None] = mapped_column(Text)
    effect: Mapped[str | None] = mapped_column(String(30))
    effect_comment: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(30))
    outcome_record_id: Mapped[str | None] = mapped_column(String(36))

    measure: Mapped[Measure] = relationship()
    voices: Mapped[list[FollowUpVoice]] = relationship(
        order_by="FollowUpVoice.position", cascade="all, delete-orphan"
    )


class FollowUpVoice(Tracked, Base):
    """One individual's (or a group's) own experience, gathered in one way."""

    __tablename__ = "follow_up_voices"
    follow_up_id: Mapped[str] = mapped_column(ForeignKey("follow_ups.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    individual_id: Mapped[str | None] = mapped_column(ForeignKey("individuals.id"))
    gathered_by: Mapped[str] = mapped_column(String(30))
    comment: Mapped[str | None] = mapped_column(Text)
    ratings: Mapped[list[ExperienceRating]] = relationship(cascade="all, delete-orphan")


class ExperienceRating(Tracked, Base):
    __tablename__ = "experience_ratings"
    __table_args__ = (UniqueConstraint("voice_id", "dimension"),)
    voice_id: Mapped[str] = mapped_column(ForeignKey("follow_up_voices.id"), index=True)
    dimension: Mapped[str] = mapped_column(String(30))
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
