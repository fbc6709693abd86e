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
    # Argon2id (argon2-cffi's encoded form); None: never set (a database from before log-in).
    # The audit trail keeps only a digest of it (``store.audit.SECRET``).
    password_hash: Mapped[str | None] = mapped_column(String(300), info={"audit": "digest"})
    # Set by an administrator's reset: the user chooses a new password at the next log-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)


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
    # The unit's register (``services.individuals``): the insats and when it runs.
    insats: Mapped[str | None] = mapped_column(String(200))
    from_on: Mapped[date | None] = mapped_column(Date)
    to_on: Mapped[date | None] = mapped_column(Date)


# --- risk analysis -------------------------------------------------------------------------


# --- measures and follow-ups ---------------------------------------------------------------


# --- lex Sarah ------------------------------------------------------------------------------


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


# --- links between records of different kinds ----------------------------------------------


class RecordLink(Tracked, Base):
    """A record made from another, of another kind (an avvikelse's lex Sarah rapport): each
    end is a kind's key and a record's id (``domain.linked_records``)."""

    __tablename__ = "record_links"
    __table_args__ = (
        UniqueConstraint("source_kind", "source_id", "target_kind", "target_id"),
        Index("ix_record_links_target", "target_kind", "target_id"),
    )
    source_kind: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[str] = mapped_column(String(36), index=True)
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(36))


# --- imports from other programs' files ---------------------------------------------------


class ImportKey(Base):
    """A row brought in from a file: its stable key (the file's own id, else a hash of the
    values imported) per kind, so importing the same file again creates nothing new."""

    __tablename__ = "import_keys"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36))
    import_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


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
    # The chain: this entry's hash covers its content and ``prev_hash`` (the entry before).
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    entry_hash: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The last entry of the audit chain (one row), so that a removed tail shows."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


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


# Tables the audit trail does not follow: itself, transient drafts, and the import keys (the
# import is one audit event, and each record it made has its own trail).
UNAUDITED_TABLES = frozenset({"audit_log", "audit_head", "drafts", "import_keys"})
