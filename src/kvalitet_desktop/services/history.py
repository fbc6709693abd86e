"""Historik: the audit trail of one record and the records that belong to it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from kvalitet_desktop import registry
from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.imports import CLOSED_EARLIER
from kvalitet_desktop.store.models import AuditEntry, Unit, User

# Shared tables; each record kind names its own (``history_tables`` in the registry).
ENTITY_LABELS = {"form_records": "Formulär"}
ACTION_LABELS = {
    "insert": "Skapad",
    "update": "Ändrad",
    "archive": terms.ARCHIVED,
    "delete": "Borttagen",
    "open": "Öppnad",
    "import": "Importerad",
}
# Columns every kind has; each record kind names its own (``history_fields`` in the registry).
FIELD_LABELS = {
    "title": "Rubrik",
    "status": "Status",
    "description": "Beskrivning",
    "unit_id": "Enhet",
    "archived_at": terms.ARCHIVED,
    "archive_reason": "Skäl till makulering",
    "name": "Namn",
    "comment": "Kommentar",
    "login": "Inloggning",
    "active": "Aktiv",
    "address": "Adress",
    CLOSED_EARLIER: "Avslutad i det tidigare systemet",
}
# Fields holding the id of a user or a unit: the history shows the name instead.
USER_FIELDS = frozenset({"responsible_id", "leader_id", "decided_by_id", "updated_by"})
UNIT_FIELDS = frozenset({"unit_id"})
# Technical columns that say nothing to a reader of the history.
# Form answers are JSON documents; the history says that they changed, not the whole text.
SUMMARISED_FIELDS = frozenset({"answers", "source_text"})
HIDDEN_FIELDS = frozenset(
    {
        "id",
        "created_at",
        "created_by",
        "archived_by",
        "position",
        "analysis_id",
        "event_id",
        "measure_id",
        "follow_up_id",
        "voice_id",
        "target_id",
        "assessed_at",
        "outcome_record_id",
        "user_id",
    }
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    user: str
    action: str
    entity: str
    changes: tuple[FieldChange, ...]


def _related_ids(ctx: Context, kind: str, record_id: str) -> list[str]:
    record_kind = registry.kind(kind)
    if record_kind.history_records is None:
        raise NotFound(f"Okänd posttyp: {kind}.")
    related = load(record_kind.history_records)
    with ctx.reading() as session:
        ids: list[str] = related(ctx, session, record_id)
    return ids


def record_history(ctx: Context, kind: str, record_id: str) -> list[HistoryEntry]:
    """Newest first. ``kind`` is a record kind's key (see the registry)."""
    ids = _related_ids(ctx, kind, record_id)
    with ctx.reading() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id.in_(ids)).order_by(AuditEntry.seq.desc())
        ).all()
        labels = {**registry.history_table_labels(), **ENTITY_LABELS}
        fields = {**registry.history_field_labels(), **FIELD_LABELS}
        names = dict(session.execute(select(User.id, User.name)).all())
        names.update(session.execute(select(Unit.id, Unit.name)).all())
        return [
            HistoryEntry(
                at=row.at,
                user=row.user_login or "system",
                action=ACTION_LABELS.get(row.action, row.action),
                entity=labels.get(row.entity, row.entity),
                changes=describe_changes(row.changes, names, fields),
            )
            for row in rows
        ]


def describe_changes(
    raw: str, names: dict[str, str], labels: dict[str, str]
) -> tuple[FieldChange, ...]:
    """A log entry's changed fields, readable: labels for keys, names for user and unit ids."""
    data = json.loads(raw or "{}")
    result = []
    for key, pair in sorted(data.items()):
        if key in HIDDEN_FIELDS or not isinstance(pair, list) or len(pair) != 2:
            continue
        before, after = pair
        if before is None and after is None:
            continue
        if key in SUMMARISED_FIELDS:
            before, after = ("–" if before is None else "(tidigare svar)"), "(nya svar)"
        elif key in USER_FIELDS or key in UNIT_FIELDS:
            before, after = names.get(str(before), before), names.get(str(after), after)
        result.append(FieldChange(labels.get(key, key), _text(before), _text(after)))
    return tuple(result)


def _text(value: object) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return "ja"
    if value is False:
        return "nej"
    return str(value)
