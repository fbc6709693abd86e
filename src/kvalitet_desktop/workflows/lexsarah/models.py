"""The lex Sarah tables; structured content lives in form_records."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.store.models import (
    Unit,
)

# --- organisation and people -------------------------------------------------------------


class LexSarahCase(Tracked, Archivable, Base):
    """One lex Sarah report and everything that follows it. The structured content of the
    rapport, utredning and anmälan lives in ``form_records`` (owner_kind = form id)."""

    __tablename__ = "lex_sarah_cases"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "LS-2026-0003"
    title: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    case_type: Mapped[str] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(100))
    reporter_name: Mapped[str] = mapped_column(String(200))
    reporter_role: Mapped[str | None] = mapped_column(String(200))
    reporter_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    registered_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    received_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime | None] = mapped_column(DateTime)
    individual_protected: Mapped[bool | None] = mapped_column(Boolean)
    protection_note: Mapped[str | None] = mapped_column(Text)
    investigator_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    first_assessment_serious: Mapped[bool | None] = mapped_column(Boolean)
    first_assessment_note: Mapped[str | None] = mapped_column(Text)
    start_due: Mapped[date | None] = mapped_column(Date)
    finish_due: Mapped[date | None] = mapped_column(Date)
    investigation_started_on: Mapped[date | None] = mapped_column(Date)
    investigation_finished_on: Mapped[date | None] = mapped_column(Date)
    seriousness: Mapped[str | None] = mapped_column(String(60))
    seriousness_motivation: Mapped[str | None] = mapped_column(Text)
    ivo_notified_on: Mapped[date | None] = mapped_column(Date)
    ivo_channel: Mapped[str | None] = mapped_column(String(20))
    ivo_reference: Mapped[str | None] = mapped_column(String(60))  # IVO's diarienummer
    investigation_attached: Mapped[bool | None] = mapped_column(Boolean)
    ivo_investigation_due: Mapped[date | None] = mapped_column(Date, index=True)
    investigation_sent_to_ivo_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_kind: Mapped[str | None] = mapped_column(String(30))
    closing_text: Mapped[str | None] = mapped_column(Text)
    closed_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    # The anonymised learning material for a workplace meeting (APT).
    apt_summary: Mapped[str | None] = mapped_column(Text)
    apt_questions: Mapped[str | None] = mapped_column(Text)  # JSON list of questions

    unit: Mapped[Unit] = relationship()
    causes: Mapped[list[LexSarahCause]] = relationship(
        order_by="LexSarahCause.position", back_populates="case"
    )


class LexSarahCause(Tracked, Archivable, Base):
    """A cause found in the investigation; preventive measures link to it."""

    __tablename__ = "lex_sarah_causes"
    case_id: Mapped[str] = mapped_column(ForeignKey("lex_sarah_cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    description: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(20))
    area: Mapped[str | None] = mapped_column(String(100))

    case: Mapped[LexSarahCase] = relationship(back_populates="causes")
