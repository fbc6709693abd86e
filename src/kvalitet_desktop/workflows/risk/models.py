"""The risk analysis tables."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked, utcnow
from kvalitet_desktop.store.models import (
    Unit,
)

# --- organisation and people -------------------------------------------------------------


class RiskAnalysis(Tracked, Archivable, Base):
    __tablename__ = "risk_analyses"
    title: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    scope_kind: Mapped[str] = mapped_column(String(20))
    scope_description: Mapped[str | None] = mapped_column(Text)
    trigger: Mapped[str] = mapped_column(String(60))
    trigger_description: Mapped[str | None] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20))
    individual_id: Mapped[str | None] = mapped_column(ForeignKey("individuals.id"))
    commissioned_by: Mapped[str | None] = mapped_column(String(200))
    commissioned_on: Mapped[date | None] = mapped_column(Date)
    leader_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    fact_sources: Mapped[str | None] = mapped_column(Text)
    decision_text: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    decided_on: Mapped[date | None] = mapped_column(Date)
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_method: Mapped[str | None] = mapped_column(Text)
    # Where a draft was left in the guided flow (0-based step index).
    wizard_step: Mapped[int] = mapped_column(Integer, default=0)

    unit: Mapped[Unit] = relationship()
    team: Mapped[list[RiskTeamMember]] = relationship(
        order_by="RiskTeamMember.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[RiskEvent]] = relationship(
        order_by="RiskEvent.position", back_populates="analysis"
    )


class RiskTeamMember(Tracked, Base):
    __tablename__ = "risk_team_members"
    analysis_id: Mapped[str] = mapped_column(ForeignKey("risk_analyses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))
    role_text: Mapped[str | None] = mapped_column(String(200))


class RiskEvent(Tracked, Archivable, Base):
    """Something that could happen; its assessments are kept in ``risk_assessments``."""

    __tablename__ = "risk_events"
    analysis_id: Mapped[str] = mapped_column(ForeignKey("risk_analyses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    causes: Mapped[str | None] = mapped_column(Text)
    proposed_measures: Mapped[str | None] = mapped_column(Text)
    # Denormalised from the latest assessment so lists and the dashboard sort and filter in SQL.
    current_score: Mapped[int | None] = mapped_column(Integer, index=True)

    analysis: Mapped[RiskAnalysis] = relationship(back_populates="events")
    assessments: Mapped[list[RiskAssessment]] = relationship(
        order_by="RiskAssessment.assessed_at", back_populates="event"
    )


class RiskAssessment(Tracked, Base):
    __tablename__ = "risk_assessments"
    event_id: Mapped[str] = mapped_column(ForeignKey("risk_events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    probability: Mapped[int] = mapped_column(Integer)
    consequence: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    assessed_on: Mapped[date] = mapped_column(Date)
    assessed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)

    event: Mapped[RiskEvent] = relationship(back_populates="assessments")
