"""The audit trail: one session hook that stamps and logs every insert, update and archiving.

It is installed on the session factory, so no write can bypass it; services never write
``AuditEntry`` rows by hand; events that change no record (an opening, a log-in, an export, a
refusal) are written with ``record_event``.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import MANYTOONE, ONETOMANY, Mapper, Session, sessionmaker

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.store.audit_chain import chain_pending, forget_head, write_head
from kvalitet_desktop.store.base import Archivable, Tracked, utcnow
from kvalitet_desktop.store.models import UNAUDITED_TABLES, AuditEntry

ACTOR_ID = "actor_id"
ACTOR_LOGIN = "actor_login"
# Why the changes of a unit of work were made (``session.info``); logged with each of them.
CHANGE_REASON = "change_reason"
SKIPPED_FIELDS = frozenset({"updated_at", "updated_by"})
SECRET = "digest"


class AuditAction(StrEnum):
    """What an audit entry records. Record changes come from the session hook; the rest are
    events written with ``record_event``."""

    INSERT = "insert"
    UPDATE = "update"
    ARCHIVE = "archive"
    DELETE = "delete"
    OPEN = "open"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    LOCK = "lock"
    UNLOCK = "unlock"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    EXPORT = "export"
    PRINT = "print"
    BACKUP = "backup"
    RESTORE = "restore"
    DENIED = "denied"
    GALLRING = "gallring"
    IMPORT = "import"


def install_audit(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "before_commit", write_head)
    event.listen(factory, "after_begin", forget_head)
    event.listen(factory, "after_soft_rollback", forget_head)


def jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def audited_value(column: Any, value: Any) -> Any:
    """What the trail keeps of a column's value: a digest for secrets (``info={"audit":
    "digest"}``, e.g. password hashes), so the log shows that it changed and can be checked
    against the record, without holding the secret."""
    value = jsonable(value)
    if value is not None and column.info.get("audit") == SECRET:
        return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()
    return value


def _column_values(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {
        col.key: audited_value(col.columns[0], getattr(obj, col.key))
        for col in mapper.column_attrs
        if col.key not in SKIPPED_FIELDS
    }


def _entry(session: Session, action: AuditAction, obj: Any, changes: dict[str, Any]) -> AuditEntry:
    reason = session.info.get(CHANGE_REASON)
    if reason:
        changes = {**changes, CHANGE_REASON: [None, reason]}
    return AuditEntry(
        at=utcnow(),
        user_id=session.info.get(ACTOR_ID),
        user_login=session.info.get(ACTOR_LOGIN, "system"),
        action=action.value,
        entity=obj.__tablename__,
        entity_id=record_key(obj),
        changes=json.dumps(changes, ensure_ascii=False, sort_keys=True),
    )


def record_key(obj: Any) -> str:
    """What names a record in the log: its id, or the primary key of a table without one."""
    if hasattr(obj, "id"):
        return str(getattr(obj, "id", "") or "")
    mapper = inspect(obj).mapper
    keys = (mapper.get_property_by_column(column).key for column in mapper.primary_key)
    return "/".join(str(getattr(obj, key)) for key in keys)


def _apply_defaults(obj: Any) -> None:
    """Fill column defaults now, so the insert's audit entry shows the stored values."""
    for attr in inspect(obj).mapper.column_attrs:
        column = attr.columns[0]
        default = getattr(column, "default", None)
        if default is None or getattr(obj, attr.key) is not None:
            continue
        if default.is_scalar:
            setattr(obj, attr.key, default.arg)
        elif default.is_callable:
            setattr(obj, attr.key, default.arg(None))  # new_id, utcnow: no context needed


def _set_if_different(obj: Any, key: str, value: Any) -> None:
    if value is not None and getattr(obj, key) != value:
        setattr(obj, key, value)


def _sync_foreign_keys(obj: Any) -> None:
    """Set the foreign keys the flush would set from relationships (a child appended to its
    parent's list, a parent assigned to a child), so the audit entry holds them. Like the
    flush, only from relationships that changed: a foreign key set by hand stays as it is."""
    state = inspect(obj)
    mapper: Mapper[Any] = state.mapper
    for rel in mapper.relationships:
        if rel.direction not in (MANYTOONE, ONETOMANY) or rel.key not in obj.__dict__:
            continue
        added = [o for o in state.attrs[rel.key].history.added if o is not None]
        pairs = [
            (mapper.get_property_by_column(local).key, remote)
            for local, remote in rel.local_remote_pairs or ()
        ]
        for other in added:
            other_mapper: Mapper[Any] = inspect(other).mapper
            for own, remote in pairs:
                other_key = other_mapper.get_property_by_column(remote).key
                if rel.direction is MANYTOONE:
                    _set_if_different(obj, own, getattr(other, other_key))
                else:
                    _set_if_different(other, other_key, getattr(obj, own))


def _audited(obj: Any) -> bool:
    return getattr(obj, "__tablename__", None) not in UNAUDITED_TABLES


def _prepare_new(session: Session, actor: str | None, now: Any) -> None:
    """Ids (the column default), other defaults and stamps first, for every new object, so
    that foreign keys can then be read from parents whatever order they were added in."""
    for obj in list(session.new):
        if not _audited(obj):
            continue
        _apply_defaults(obj)
        if isinstance(obj, Tracked):
            obj.created_at = obj.created_at or now
            obj.updated_at = now
            obj.created_by = obj.created_by or actor
            obj.updated_by = actor
    for obj in [*session.new, *session.dirty]:
        if _audited(obj):
            _sync_foreign_keys(obj)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    actor = session.info.get(ACTOR_ID)
    now = utcnow()
    entries: list[AuditEntry] = []
    _prepare_new(session, actor, now)
    for obj in list(session.new):
        if not _audited(obj):
            continue
        values = _column_values(obj)
        entries.append(
            _entry(session, AuditAction.INSERT, obj, {k: [None, v] for k, v in values.items()})
        )
    for obj in list(session.dirty):
        if not _audited(obj):
            continue
        if not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changes: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            if attr.key in SKIPPED_FIELDS:
                continue
            history = state.attrs[attr.key].history
            if history.has_changes():
                before = history.deleted[0] if history.deleted else None
                after = history.added[0] if history.added else None
                if before != after:
                    changes[attr.key] = [
                        audited_value(attr.columns[0], before),
                        audited_value(attr.columns[0], after),
                    ]
        if not changes:
            continue
        if isinstance(obj, Tracked):
            obj.updated_at = now
            obj.updated_by = actor
        action = AuditAction.UPDATE
        if (
            isinstance(obj, Archivable)
            and "archived_at" in changes
            and changes["archived_at"][0] is None
        ):
            action = AuditAction.ARCHIVE
        entries.append(_entry(session, action, obj, changes))
    for obj in list(session.deleted):
        if not _audited(obj):
            continue
        if isinstance(obj, Archivable):
            raise RuleViolation("Kvalitetsposter tas aldrig bort; de makuleras med en anledning.")
        values = _column_values(obj)
        entries.append(
            _entry(session, AuditAction.DELETE, obj, {k: [v, None] for k, v in values.items()})
        )
    session.add_all(entries)
    chain_pending(session)


def record_event(
    session: Session,
    action: AuditAction,
    entity: str = "",
    entity_id: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    """Log an event that changes no record, for the session's actor (``details``: no record
    contents, only what the event was about, e.g. a report's kind or a refused action)."""
    session.add(
        AuditEntry(
            at=utcnow(),
            user_id=session.info.get(ACTOR_ID),
            user_login=session.info.get(ACTOR_LOGIN, "system"),
            action=action.value,
            entity=entity,
            entity_id=entity_id,
            changes=json.dumps(details or {}, ensure_ascii=False, sort_keys=True),
        )
    )


def record_access(session: Session, entity: str, entity_id: str) -> None:
    """Log that the acting user opened a sensitive record (no data changes)."""
    record_event(session, AuditAction.OPEN, entity, entity_id)
