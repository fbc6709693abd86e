"""The tables. Enum-valued columns hold the domain StrEnum values (Swedish words)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kvalitet_desktop.store.base import Archivable, Base, Tracked, utcnow

# --- organisation and people -------------------------------------------------------------


class Municipality(Tracked, Base):
    __tablename__ = "municipalities"
    name: Mapped[str] = mapped_column(String(200))
    org_number: Mapped[str] = mapped_column(String(11))
    # Län: decides which IVO regional department a notification goes to.
    county: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))


class Board(Tracked, Archivable, Base):
    """Nämnd."""

    __tablename__ = "boards"
    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipalities.id"))
    name: Mapped[str] = mapped_column(String(200))


class Area(Tracked, Archivable, Base):
    """Verksamhetsområde."""

    __tablename__ = "areas"
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id"))
    name: Mapped[str] = mapped_column(String(200))
    board: Mapped[Board] = relationship()


class Unit(Tracked, Archivable, Base):
    """Enhet."""

    __tablename__ = "units"
    area_id: Mapped[str] = mapped_column(ForeignKey("areas.id"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    area: Mapped[Area] = relationship()


class User(Tracked, Base):
    __tablename__ = "users"
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Passwords arrive in a later issue (Argon2id); the column is there so no migration is needed.
    password_hash: Mapped[str | None] = mapped_column(String(300))


class UserRole(Tracked, Base):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role"),)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(40))


class UserUnit(Tracked, Base):
    __tablename__ = "user_units"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)


class Individual(Tracked, Archivable, Base):
    """A person receiving support, known here only by a pseudonymous code."""

    __tablename__ = "individuals"
    code: Mapped[str] = mapped_column(String(20), unique=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)


# --- risk analysis -------------------------------------------------------------------------


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


# --- measures and follow-ups ---------------------------------------------------------------


class Measure(Tracked, Archivable, Base):
    """Åtgärd."""

    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_status_due", "status", "due_date"),)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    responsible_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), index=True)
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


# --- lex Sarah ------------------------------------------------------------------------------


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


class LegalReference(Tracked, Base):
    """A legal reference as data: forms and reports name a code, never a paragraph."""

    __tablename__ = "legal_references"
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    reference: Mapped[str] = mapped_column(String(300))  # e.g. "14 kap. 3–7 §§ SoL (2001:453)"
    note: Mapped[str | None] = mapped_column(Text)
    historical: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_on: Mapped[date | None] = mapped_column(Date)  # None: "att verifiera"


class IvoDepartment(Tracked, Archivable, Base):
    """An IVO regional department and the counties (län) it supervises; editable data."""

    __tablename__ = "ivo_departments"
    name: Mapped[str] = mapped_column(String(200))
    counties: Mapped[str] = mapped_column(Text)  # one county per line
    postal_address: Mapped[str | None] = mapped_column(Text)
    verified_on: Mapped[date | None] = mapped_column(Date)


# --- structured forms (forms/) -------------------------------------------------------------


class FormDefinitionRecord(Tracked, Base):
    """A copy of every form definition a record was filled in with, so an old record still
    opens and prints with its own version after the files change."""

    __tablename__ = "form_definitions"
    __table_args__ = (UniqueConstraint("form_id", "version"),)
    form_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    source_text: Mapped[str] = mapped_column(Text)  # the definition file as it was (TOML)
    origin: Mapped[str] = mapped_column(String(300))  # where it was read from


class FormRecord(Tracked, Base):
    """The answers of one filled-in form, owned by a record (e.g. a lex Sarah case)."""

    __tablename__ = "form_records"
    __table_args__ = (
        UniqueConstraint("owner_kind", "owner_id"),
        Index("ix_form_records_owner", "owner_kind", "owner_id"),
    )
    owner_kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[str] = mapped_column(String(36))
    form_id: Mapped[str] = mapped_column(String(64))
    form_version: Mapped[int] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text, default="{}")  # FormAnswers.to_json()


# --- system tables -------------------------------------------------------------------------


class AuditEntry(Base):
    """Who changed what and when, with field-level before/after (JSON)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[str | None] = mapped_column(String(36))
    user_login: Mapped[str | None] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(36))
    changes: Mapped[str] = mapped_column(Text, default="{}")


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(36))


class Draft(Base):
    """Autosaved content of an open form, so nothing typed is lost in a crash."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_id", "form_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(36), index=True)
    form_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    payload: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


# Tables the audit trail does not follow: itself, and transient drafts.
UNAUDITED_TABLES = frozenset({"audit_log", "drafts"})
