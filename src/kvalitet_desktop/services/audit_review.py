"""Granskningslogg: the whole audit log, filtered and paged, for those who review it.

Who may review it is the role × action table's ``audit.read`` (administrators by default).
Filtering and paging happen in SQL; a page is read when the view shows it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import Collector
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.roles import AUDIT_READ
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.history import ENTITY_LABELS, FIELD_LABELS, describe_changes
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.models import AuditEntry, Unit, User

# The one line that says who may read the audit log.

CONTEXT = "AuditReview"
SYSTEM_USER = "(system)"  # the user filter's value for entries made by no signed-in user
PAGE_SIZE = 100

ACTION_LABELS: dict[str, str] = {
    AuditAction.INSERT: QT_TRANSLATE_NOOP(CONTEXT, "Skapad"),
    AuditAction.UPDATE: QT_TRANSLATE_NOOP(CONTEXT, "Ändrad"),
    AuditAction.ARCHIVE: QT_TRANSLATE_NOOP(CONTEXT, "Makulerad"),
    AuditAction.DELETE: QT_TRANSLATE_NOOP(CONTEXT, "Borttagen"),
    AuditAction.OPEN: QT_TRANSLATE_NOOP(CONTEXT, "Öppnad"),
    AuditAction.LOGIN: QT_TRANSLATE_NOOP(CONTEXT, "Inloggning"),
    AuditAction.LOGIN_FAILED: QT_TRANSLATE_NOOP(CONTEXT, "Misslyckad inloggning"),
    AuditAction.ACCOUNT_LOCKED: QT_TRANSLATE_NOOP(CONTEXT, "Konto spärrat"),
    AuditAction.LOCK: QT_TRANSLATE_NOOP(CONTEXT, "Programmet låst"),
    AuditAction.UNLOCK: QT_TRANSLATE_NOOP(CONTEXT, "Programmet upplåst"),
    AuditAction.PASSWORD_CHANGED: QT_TRANSLATE_NOOP(CONTEXT, "Lösenord bytt"),
    AuditAction.PASSWORD_RESET: QT_TRANSLATE_NOOP(CONTEXT, "Lösenord återställt"),
    AuditAction.EXPORT: QT_TRANSLATE_NOOP(CONTEXT, "Export"),
    AuditAction.PRINT: QT_TRANSLATE_NOOP(CONTEXT, "Utskrift"),
    AuditAction.BACKUP: QT_TRANSLATE_NOOP(CONTEXT, "Säkerhetskopia"),
    AuditAction.RESTORE: QT_TRANSLATE_NOOP(CONTEXT, "Återställning"),
    AuditAction.DENIED: QT_TRANSLATE_NOOP(CONTEXT, "Nekad åtgärd"),
    AuditAction.GALLRING: QT_TRANSLATE_NOOP(CONTEXT, "Gallring"),
    AuditAction.IMPORT: QT_TRANSLATE_NOOP(CONTEXT, "Import från fil"),
}
# The shared tables; each record kind names its own (``history_tables`` in the registry).
SHARED_ENTITY_LABELS: dict[str, str] = {
    "municipalities": QT_TRANSLATE_NOOP(CONTEXT, "Kommun"),
    "boards": QT_TRANSLATE_NOOP(CONTEXT, "Nämnd"),
    "areas": QT_TRANSLATE_NOOP(CONTEXT, "Verksamhetsområde"),
    "units": QT_TRANSLATE_NOOP(CONTEXT, "Enhet"),
    "users": QT_TRANSLATE_NOOP(CONTEXT, "Användare"),
    "user_roles": QT_TRANSLATE_NOOP(CONTEXT, "Användarens roll"),
    "user_units": QT_TRANSLATE_NOOP(CONTEXT, "Användarens enhet"),
    "individuals": QT_TRANSLATE_NOOP(CONTEXT, "Enskild (kod)"),
    "settings": QT_TRANSLATE_NOOP(CONTEXT, "Inställning"),
    "legal_references": QT_TRANSLATE_NOOP(CONTEXT, "Lagrum"),
    "ivo_departments": QT_TRANSLATE_NOOP(CONTEXT, "IVO-avdelning"),
    "form_definitions": QT_TRANSLATE_NOOP(CONTEXT, "Formulärversion"),
    "audit_log": QT_TRANSLATE_NOOP(CONTEXT, "Granskningslogg"),
    "import_keys": QT_TRANSLATE_NOOP(CONTEXT, "Import"),
}

# What events say about themselves (``record_event``'s details).
DETAIL_LABELS: dict[str, str] = {
    "format": QT_TRANSLATE_NOOP(CONTEXT, "Format"),
    "rows": QT_TRANSLATE_NOOP(CONTEXT, "Rader"),
    "file": QT_TRANSLATE_NOOP(CONTEXT, "Fil"),
    "filter": QT_TRANSLATE_NOOP(CONTEXT, "Urval"),
    "action": QT_TRANSLATE_NOOP(CONTEXT, "Åtgärd"),
    "reason": QT_TRANSLATE_NOOP(CONTEXT, "Skäl"),
    "report": QT_TRANSLATE_NOOP(CONTEXT, "Rapport"),
    "pages": QT_TRANSLATE_NOOP(CONTEXT, "Sidor"),
    "printer": QT_TRANSLATE_NOOP(CONTEXT, "Skrivare"),
    # An import from a file: the kind, and the records made and the rows imported before.
    "kind": QT_TRANSLATE_NOOP(CONTEXT, "Posttyp"),
    "created": QT_TRANSLATE_NOOP(CONTEXT, "Skapade poster"),
    "skipped": QT_TRANSLATE_NOOP(CONTEXT, "Redan importerade rader"),
}
# Shared columns the history does not name; each record kind names its own.
SHARED_FIELD_LABELS: dict[str, str] = {
    "org_number": QT_TRANSLATE_NOOP(CONTEXT, "Organisationsnummer"),
    "county": QT_TRANSLATE_NOOP(CONTEXT, "Län"),
    "role": QT_TRANSLATE_NOOP(CONTEXT, "Roll"),
    "code": QT_TRANSLATE_NOOP(CONTEXT, "Kod"),
    "key": QT_TRANSLATE_NOOP(CONTEXT, "Inställning"),
    "value": QT_TRANSLATE_NOOP(CONTEXT, "Värde"),
    "password_hash": QT_TRANSLATE_NOOP(CONTEXT, "Lösenord"),
    "must_change_password": QT_TRANSLATE_NOOP(CONTEXT, "Måste byta lösenord"),
    "password_changed_at": QT_TRANSLATE_NOOP(CONTEXT, "Lösenordet bytt"),
    "form_id": QT_TRANSLATE_NOOP(CONTEXT, "Formulär"),
    "form_version": QT_TRANSLATE_NOOP(CONTEXT, "Formulärversion"),
}
# Never shown nor exported, only that they changed: a password hash can be attacked offline.
SECRET_FIELDS = frozenset({"password_hash"})
HIDDEN_VALUE = QT_TRANSLATE_NOOP(CONTEXT, "(dolt)")


def may_review(ctx: Context) -> bool:
    return ctx.may(AUDIT_READ)


def require_review(ctx: Context) -> None:
    ctx.require(AUDIT_READ)


@dataclass(frozen=True)
class AuditQuery:
    """A filter on the log; every field is optional. Dates are the user's own (local) days,
    both included."""

    user_id: str | None = None  # or SYSTEM_USER
    entity: str | None = None  # a table, e.g. "lex_sarah_cases"
    record: str | None = None  # text searched for in the record's id
    date_from: date | None = None
    date_to: date | None = None
    actions: tuple[str, ...] = ()
    offset: int = 0
    limit: int = PAGE_SIZE
    newest_first: bool = True
    after_seq: int | None = None  # only entries after this number (reading on, oldest first)

    def page(self, offset: int, limit: int) -> AuditQuery:
        return replace(self, offset=offset, limit=limit)

    def validate(self) -> None:
        errors = Collector()
        if self.date_from and self.date_to and self.date_from > self.date_to:
            errors.add("date_to", "Till-datumet ligger före från-datumet.")
        errors.raise_if_any()

    def described(self) -> dict[str, Any]:
        """The filter as logged with an export (no record contents)."""
        shown = {
            "user_id": self.user_id,
            "entity": self.entity,
            "record": self.record,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "actions": list(self.actions) or None,
        }
        return {key: value for key, value in shown.items() if value}


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime  # UTC, as stored
    user_login: str
    user_name: str
    action: str
    action_label: str
    entity: str
    entity_label: str
    entity_id: str
    changes: str  # readable: "Status: utkast → beslutad; Rubrik: – → Fall i trappan"


@dataclass(frozen=True)
class AuditChoices:
    """What the filters offer: (value, label) pairs."""

    users: tuple[tuple[str, str], ...]
    entities: tuple[tuple[str, str], ...]
    actions: tuple[tuple[str, str], ...]


def entity_labels() -> dict[str, str]:
    return {**SHARED_ENTITY_LABELS, **ENTITY_LABELS, **registry.history_table_labels()}


def choices(ctx: Context) -> AuditChoices:
    require_review(ctx)
    labels = entity_labels()
    with ctx.reading() as session:
        users = session.execute(select(User.id, User.name, User.login).order_by(User.name)).all()
        entities = session.scalars(select(AuditEntry.entity).distinct()).all()
    return AuditChoices(
        users=((SYSTEM_USER, SYSTEM_USER), *((u.id, f"{u.name} ({u.login})") for u in users)),
        entities=tuple(
            sorted(((e, labels.get(e, e)) for e in entities if e), key=lambda pair: pair[1])
        ),
        actions=tuple(ACTION_LABELS.items()),
    )


def local_day_start(day: date) -> datetime:
    """Midnight of a local day as the naive UTC time the log holds."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


def _filtered(statement: Select[Any], query: AuditQuery) -> Select[Any]:
    if query.user_id == SYSTEM_USER:
        statement = statement.where(AuditEntry.user_id.is_(None))
    elif query.user_id:
        statement = statement.where(AuditEntry.user_id == query.user_id)
    if query.entity:
        statement = statement.where(AuditEntry.entity == query.entity)
    if query.record and query.record.strip():
        needle = query.record.strip().lower()
        statement = statement.where(
            func.lower(AuditEntry.entity_id).contains(needle, autoescape=True)
        )
    if query.date_from:
        statement = statement.where(AuditEntry.at >= local_day_start(query.date_from))
    if query.date_to:
        end = local_day_start(query.date_to + timedelta(days=1))
        statement = statement.where(AuditEntry.at < end)
    if query.actions:
        statement = statement.where(AuditEntry.action.in_(query.actions))
    if query.after_seq is not None:
        statement = statement.where(AuditEntry.seq > query.after_seq)
    return statement


def count(ctx: Context, query: AuditQuery) -> int:
    require_review(ctx)
    query.validate()
    with ctx.reading() as session:
        total = session.scalar(_filtered(select(func.count()).select_from(AuditEntry), query))
    return int(total or 0)


def fetch(ctx: Context, query: AuditQuery) -> list[AuditRow]:
    require_review(ctx)
    query.validate()
    with ctx.reading() as session:
        reader = _Reader(session)
        order = AuditEntry.seq.desc() if query.newest_first else AuditEntry.seq.asc()
        statement = _filtered(select(AuditEntry), query).order_by(order)
        rows = session.scalars(statement.offset(query.offset).limit(query.limit)).all()
        return [reader.row(entry) for entry in rows]


class _Reader:
    """Turns entries into readable rows; names of users and units are read once."""

    def __init__(self, session: Session) -> None:
        self.users = {
            u.id: (u.login, u.name) for u in session.execute(select(User.id, User.login, User.name))
        }
        self.names = {uid: name for uid, (_login, name) in self.users.items()}
        self.names.update((uid, name) for uid, name in session.execute(select(Unit.id, Unit.name)))
        self.entities = entity_labels()
        self.fields = {**SHARED_FIELD_LABELS, **registry.history_field_labels(), **FIELD_LABELS}
        self.details = {**self.fields, **DETAIL_LABELS}

    def row(self, entry: AuditEntry) -> AuditRow:
        login = entry.user_login or SYSTEM_USER
        name = self.users.get(entry.user_id or "", (login, ""))[1]
        return AuditRow(
            seq=entry.seq,
            at=entry.at,
            user_login=login,
            user_name=name,
            action=entry.action,
            action_label=ACTION_LABELS.get(entry.action, entry.action),
            entity=entry.entity,
            entity_label=self.entities.get(entry.entity, entry.entity),
            entity_id=entry.entity_id,
            changes=self.changes_text(entry.changes),
        )

    def changes_text(self, raw: str) -> str:
        try:
            data = json.loads(raw or "{}")
        except ValueError:
            return raw
        if not isinstance(data, dict):
            return str(data)
        for key, pair in data.items():
            if not isinstance(pair, list):
                continue
            if key in SECRET_FIELDS:
                data[key] = [None if v is None else HIDDEN_VALUE for v in pair]
            else:  # any user or unit a field points to, by name (investigator, receiver …)
                data[key] = [self.names.get(v, v) if isinstance(v, str) else v for v in pair]
        changed = describe_changes(json.dumps(data), self.names, self.fields)
        parts = [f"{c.field}: {c.before} → {c.after}" for c in changed]
        # What an event was about (an export's format, a refused action): key: value.
        parts += [
            f"{self.details.get(key, key)}: {_plain(value)}"
            for key, value in sorted(data.items())
            if not (isinstance(value, list) and len(value) == 2)
        ]
        return "; ".join(parts)


def _plain(value: object) -> str:
    if value in (None, "", {}, []):
        return "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_plain(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return str(value)
