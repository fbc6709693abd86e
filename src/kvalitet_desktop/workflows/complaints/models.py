"""The complaints table (klagomål och synpunkter)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.store.models import Unit


class Complaint(Tracked, Archivable, Base):
    """One complaint, view, suggestion or praise, from receipt to reply and closing."""

    __tablename__ = "complaints"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # e.g. "KL-2026-0003"
    title: Mapped[str] = mapped_column(String(300))
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(30))
    received_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    submitter_type: Mapped[str] = mapped_column(String(40))
    # Never set for an anonymous submitter.
    submitter_name: Mapped[str | None] = mapped_column(String(200))
    submitter_contact: Mapped[str | None] = mapped_column(Text)
    complaint_kind: Mapped[str] = mapped_column(String(30))
    topic: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    handler_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
    investigation: Mapped[str | None] = mapped_column(Text)
    # Fixed from the target in force when the complaint was received (None: anonymous).
    reply_due: Mapped[date | None] = mapped_column(Date, index=True)
    replied_on: Mapped[date | None] = mapped_column(Date)
    reply_method: Mapped[str | None] = mapped_column(String(30))
    reply_text: Mapped[str | None] = mapped_column(Text)
    # domain.response_days of received_on and replied_on, kept so lists sort by it in SQL.
    response_days: Mapped[int | None] = mapped_column(Integer)
    conclusion: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))

    unit: Mapped[Unit] = relationship()
