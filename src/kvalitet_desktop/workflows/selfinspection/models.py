"""The egenkontroll tables; a check's checklist answers live in form_records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked
from kvalitet_desktop.store.models import Unit


class SelfInspectionPlanItem(Tracked, Archivable, Base):
    """One line of a unit's yearly plan: what is checked, how, how often, by whom."""

    __tablename__ = "selfinspection_plan_items"
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(200))
    frequency: Mapped[str] = mapped_column(String(30))
    chosen_dates: Mapped[str | None] = mapped_column(Text)  # JSON list of ISO days
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    on_failure: Mapped[str] = mapped_column(Text)
    form_id: Mapped[str] = mapped_column(String(64))
    form_title: Mapped[str] = mapped_column(String(300))  # as the list shows the checklist

    unit: Mapped[Unit] = relationship()
    checks: Mapped[list[SelfInspectionCheck]] = relationship(
        order_by="SelfInspectionCheck.planned_on", back_populates="plan_item"
    )


class SelfInspectionCheck(Tracked, Archivable, Base):
    """One scheduled check of a plan item, and what its performing found."""

    __tablename__ = "selfinspection_checks"
    plan_item_id: Mapped[str] = mapped_column(
        ForeignKey("selfinspection_plan_items.id"), index=True
    )
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    performed_on: Mapped[date | None] = mapped_column(Date)
    performed_by_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    reviewed: Mapped[str | None] = mapped_column(Text)  # JSON [{"kind": …, "count": …}]
    reviewed_note: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str | None] = mapped_column(Text)
    # Why it was cancelled or reopened (the last such change; the audit log keeps them all).
    status_reason: Mapped[str | None] = mapped_column(Text)

    unit: Mapped[Unit] = relationship()
    plan_item: Mapped[SelfInspectionPlanItem] = relationship(back_populates="checks")
