"""The tables of förändringar i insatser: the change, its units, the people affected and
each person's contacts. Lists are kept as JSON text (a change's "what changes", a person's
risks and follow-up ratings)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.store.models import Individual, Unit


class InsatsChange(Tracked, Archivable, Base):
    __tablename__ = "insats_changes"
    number: Mapped[str] = mapped_column(String(20), unique=True)  # "IF-2026-0001"
    title: Mapped[str] = mapped_column(String(300))
    # The first unit chosen: the list's unit; every unit concerned is in insats_change_units.
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    what_changes: Mapped[str] = mapped_column(Text, default="[]")
    insatser: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    planned_end_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    # The group-level risk analysis made before the change (another kind: a plain id).
    risk_analysis_id: Mapped[str | None] = mapped_column(String(36))
    contact_interval_days: Mapped[int] = mapped_column(Integer, default=14)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    lessons: Mapped[str | None] = mapped_column(Text)
    unfinished_reason: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()
    units: Mapped[list[InsatsChangeUnit]] = relationship(back_populates="change")
    people: Mapped[list[AffectedPerson]] = relationship(back_populates="change")


class InsatsChangeUnit(Tracked, Base):
    __tablename__ = "insats_change_units"
    __table_args__ = (UniqueConstraint("change_id", "unit_id"),)
    change_id: Mapped[str] = mapped_column(ForeignKey("insats_changes.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)

    change: Mapped[InsatsChange] = relationship(back_populates="units")


class AffectedPerson(Tracked, Archivable, Base):
    __tablename__ = "insats_change_people"
    __table_args__ = (UniqueConstraint("change_id", "individual_id"),)
    change_id: Mapped[str] = mapped_column(ForeignKey("insats_changes.id"), index=True)
    # Empty once gallring has cut the person from their code.
    individual_id: Mapped[str | None] = mapped_column(ForeignKey("individuals.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    insats: Mapped[str | None] = mapped_column(String(200))
    what_changes_for_them: Mapped[str | None] = mapped_column(Text)
    paused_self: Mapped[bool] = mapped_column(Boolean, default=False)
    probability: Mapped[int | None] = mapped_column(Integer)
    consequence: Mapped[int | None] = mapped_column(Integer)
    risks: Mapped[str] = mapped_column(Text, default="[]")
    plan: Mapped[str | None] = mapped_column(Text)
    responsible_staff: Mapped[str | None] = mapped_column(String(200))
    representative: Mapped[str | None] = mapped_column(String(200))
    contact_preference: Mapped[str | None] = mapped_column(String(200))
    followed_up_on: Mapped[date | None] = mapped_column(Date)
    needs_met: Mapped[str | None] = mapped_column(String(20))
    ratings: Mapped[str] = mapped_column(Text, default="{}")
    follow_up_comment: Mapped[str | None] = mapped_column(Text)

    change: Mapped[InsatsChange] = relationship(back_populates="people")
    individual: Mapped[Individual | None] = relationship()
    unit: Mapped[Unit] = relationship()
    contacts: Mapped[list[PersonContact]] = relationship(
        back_populates="person", order_by="PersonContact.contacted_on"
    )


class PersonContact(Tracked, Archivable, Base):
    __tablename__ = "insats_change_contacts"
    person_id: Mapped[str] = mapped_column(ForeignKey("insats_change_people.id"), index=True)
    contacted_on: Mapped[date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(20))
    with_whom: Mapped[str] = mapped_column(String(20))
    staff: Mapped[str] = mapped_column(String(200))
    reached: Mapped[bool] = mapped_column(Boolean, default=True)
    said: Mapped[str | None] = mapped_column(Text)
    took_part: Mapped[bool | None] = mapped_column(Boolean)
    wishes: Mapped[str | None] = mapped_column(Text)
    next_contact_on: Mapped[date | None] = mapped_column(Date)

    person: Mapped[AffectedPerson] = relationship(back_populates="contacts")
