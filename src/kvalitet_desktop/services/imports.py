"""Records brought in from another program's sheet: what a kind lets be imported, and the one
write of an import.

A kind that can be imported offers an ``ImportTarget`` (``RecordKind.importer``): its fields,
their value lists and how one checked row becomes a record through the kind's own service.
The files themselves are read in ``kvalitet_desktop.exchange``; this module writes what they
hold, all rows in one unit of work (all or nothing), with a stable key per row kept in
``import_keys`` so that the same file imported again creates nothing new, and one audit event
for the import.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop.domain.errors import FieldError, KvalitetError
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.domain.roles import IMPORT, Action
from kvalitet_desktop.domain.text_rules import TextKind
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.settings import read_setting, store_setting
from kvalitet_desktop.store.audit import AuditAction, record_event
from kvalitet_desktop.store.base import new_id, utcnow
from kvalitet_desktop.store.models import ImportKey, Unit, User

_CONTEXT = "Imports"
# Rows written between flushes, and keys looked up per query.
BATCH = 500
MAPPING_SETTING = "import_mapping"
# The key of a record's history entry saying it was closed in the earlier system.
CLOSED_EARLIER = "closed_in_earlier_system"


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    DATETIME = "datetime"  # a date, with a time of day if the sheet has one
    CHOICE = "choice"  # one of the kind's list (``ImportTarget.choices``)
    UNIT = "unit"  # a unit the importing user may work in, by name or id


@dataclass(frozen=True)
class Choice:
    """A value of a list: ``value`` is stored, ``label`` is shown; a sheet may say either."""

    value: str
    label: str


@dataclass(frozen=True)
class ImportField:
    key: str  # the field of the kind's input
    label: str  # Swedish, marked for translation
    type: FieldType = FieldType.TEXT
    required: bool = False
    text_kind: TextKind = TextKind.LONG
    # Column names (besides the label) that suggest this field.
    synonyms: tuple[str, ...] = ()

    @property
    def free_text(self) -> bool:
        """Text a person writes (a personnummer must never be in it); codes are not."""
        return self.type is FieldType.TEXT and self.text_kind is not TextKind.CODE


@dataclass(frozen=True)
class ImportTarget:
    """What a kind lets be imported. The callables are the kind's; the values they receive
    are already converted (dates as dates, list values as stored, units as ids)."""

    kind: str
    fields: tuple[ImportField, ...]
    # The action each record needs (the kind's "register"), checked with the row's unit.
    create_action: Action
    # (session) -> field key -> the list's choices (CHOICE fields).
    choices: Callable[[Session], Mapping[str, Sequence[Choice]]]
    # (session, values) -> what the kind's rules find wrong in a row, by field.
    check: Callable[[Session, Mapping[str, Any]], list[FieldError]]
    # (session, ctx, values) -> id of the record made in the caller's unit of work.
    create_in: Callable[[Session, Context, Mapping[str, Any]], str]

    def field(self, key: str) -> ImportField:
        return next(f for f in self.fields if f.key == key)


@dataclass(frozen=True)
class PreparedRow:
    """A row of the file, checked and converted: ``line`` as in the file (header = 1)."""

    line: int
    key: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class ImportOutcome:
    import_id: str
    created: int
    skipped: int  # imported before (the same key)


class ImportCancelled(KvalitetError):
    """The user stopped the import; nothing of it was kept."""


CANCELLED = QT_TRANSLATE_NOOP(_CONTEXT, "Importen avbröts. Inget importerades.")


@dataclass
class Progress:
    """Shared between the worker and whoever shows it: rows done, and a request to stop."""

    done: int = 0
    total: int = 0
    cancel_requested: bool = False
    phase: str = ""
    listeners: list[Callable[[int], None]] = field(default_factory=list)

    def advance(self, done: int) -> None:
        self.done = done
        for listener in self.listeners:
            listener(done)

    def check(self) -> None:
        if self.cancel_requested:
            raise ImportCancelled(CANCELLED)


def row_key(values: Mapping[str, Any], source_id: str | None) -> str:
    """The row's stable key: the file's own id when it has one, else a hash of the values."""
    if source_id:
        return "id:" + hashlib.sha256(source_id.strip().encode()).hexdigest()[:40]
    text = json.dumps(
        {k: None if v is None else str(v) for k, v in sorted(values.items())}, ensure_ascii=False
    )
    return "v:" + hashlib.sha256(text.encode()).hexdigest()[:40]


def unit_choices(ctx: Context) -> list[Choice]:
    """The units a row may name: those the user works in, by id and name."""
    with ctx.reading() as session:
        query = select(Unit.id, Unit.name).where(Unit.archived_at.is_(None)).order_by(Unit.name)
        visible = ctx.visible_units()
        if visible is not None:
            query = query.where(Unit.id.in_(visible))
        return [Choice(unit_id, name) for unit_id, name in session.execute(query)]


def list_choices(ctx: Context, target: ImportTarget) -> dict[str, list[Choice]]:
    """Every list field's choices (the kind's lists, the user's units)."""
    ctx.require(IMPORT)
    with ctx.reading() as session:
        found = {key: list(values) for key, values in target.choices(session).items()}
    units = unit_choices(ctx)
    for item in target.fields:
        if item.type is FieldType.UNIT:
            found[item.key] = units
    return found


@contextmanager
def row_checker(
    ctx: Context, target: ImportTarget
) -> Iterator[Callable[[Mapping[str, Any]], list[FieldError]]]:
    """The kind's row check, with one reading session open while the caller walks the file."""
    ctx.require(IMPORT)
    with ctx.reading() as session:
        yield lambda values: target.check(session, values)


def imported_before(ctx: Context, kind: str, keys: Iterable[str]) -> set[str]:
    """Which of ``keys`` an earlier import of ``kind`` brought in."""
    with ctx.reading() as session:
        return _known(session, kind, list(keys))


def _known(session: Session, kind: str, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), BATCH):
        chunk = keys[start : start + BATCH]
        found.update(
            session.scalars(
                select(ImportKey.key).where(ImportKey.kind == kind, ImportKey.key.in_(chunk))
            )
        )
    return found


def import_rows(
    ctx: Context,
    target: ImportTarget,
    rows: Iterable[PreparedRow],
    *,
    file_name: str,
    layout: str | None = None,
    mapping: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Make a record of every row not imported before, in one unit of work: a failure or a
    cancel keeps nothing. The import is one audit event (file name, rows made and skipped);
    ``mapping`` is remembered for files of the same ``layout``."""
    ctx.require(IMPORT)
    ctx.require(target.create_action)
    progress = progress or Progress()
    import_id = new_id()
    created = skipped = 0
    with ctx.unit_of_work() as uow:
        session = uow.session
        # What every row's service looks up stays loaded (the session holds rows weakly).
        pinned = [*session.scalars(select(Unit)), session.get(User, ctx.actor.id)]
        done = 0
        for batch in _batches(rows, BATCH):
            progress.check()
            known = _known(session, target.kind, [row.key for row in batch])
            # The batch is written by one flush: the services' lookups between its rows need
            # nothing of it (the import keys of the batch are known here).
            with session.no_autoflush:
                for row in batch:
                    if row.key in known:
                        skipped += 1
                        continue
                    record_id = target.create_in(session, ctx, row.values)
                    session.add(
                        ImportKey(
                            kind=target.kind,
                            key=row.key,
                            record_id=record_id,
                            import_id=import_id,
                            created_at=utcnow(),
                        )
                    )
                    known.add(row.key)  # the same key twice in one file: the first one counts
                    created += 1
            session.flush()  # what is written stays in the database, not in memory
            done += len(batch)
            progress.advance(done)
        progress.check()
        if layout and mapping is not None:
            _remember(session, ctx, target.kind, layout, mapping)
        del pinned
        record_event(
            session,
            AuditAction.IMPORT,
            ImportKey.__tablename__,
            import_id,
            {"kind": target.kind, "file": file_name, "created": created, "skipped": skipped},
        )
    return ImportOutcome(import_id, created, skipped)


def note_closed_earlier(session: Session, entity: str, record_id: str, closed_on: date) -> None:
    """Say in the record's history that the earlier system had closed it (the record's own
    insert entry holds its values; this entry tells the reader where the closing was made)."""
    record_event(
        session,
        AuditAction.IMPORT,
        entity,
        record_id,
        {CLOSED_EARLIER: [None, closed_on.isoformat()]},
    )


def _batches(rows: Iterable[PreparedRow], size: int) -> Iterator[list[PreparedRow]]:
    batch: list[PreparedRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _setting_key(kind: str, layout: str) -> str:
    return f"{MAPPING_SETTING}.{kind}.{layout}"


def remembered_mapping(ctx: Context, kind: str, layout: str) -> dict[str, Any] | None:
    """The mapping last used for a file of this layout (the hash of its column names)."""
    with ctx.reading() as session:
        value = read_setting(session, _setting_key(kind, layout))
    return value if isinstance(value, dict) else None


def _remember(
    session: Session, ctx: Context, kind: str, layout: str, mapping: Mapping[str, Any]
) -> None:
    # Written with the import it served (the importer need not administer the settings).
    store_setting(session, ctx.actor.id, _setting_key(kind, layout), dict(mapping))
