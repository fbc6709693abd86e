"""Links between records of different kinds (``domain.linked_records``): made inside the
unit of work that saves the new record, read back at either end through the kinds' own
``linked_summary``, so a user sees a linked record's number and status only if they may read
it."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import NotFound
from kvalitet_desktop.domain.linked_records import (
    LinkedRecord,
    LinkedSummary,
    RecordRef,
    SourceFacts,
)
from kvalitet_desktop.domain.record_kind import RecordKind, load
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import RecordLink


def source_facts(ctx: Context, source: RecordRef) -> SourceFacts:
    """What the record ``source`` offers to a record made from it; its kind checks that the
    actor may read it."""
    record_kind = registry.kind(source.kind)
    if record_kind.source_facts is None:
        raise NotFound(f"Det går inte att skapa poster från {record_kind.nouns.many}.")
    facts: SourceFacts = load(record_kind.source_facts)(ctx, source.id)
    return facts


def link_in(session: Session, source: RecordRef, target: RecordRef) -> None:
    """Link ``target`` (just made) to the ``source`` it was made from; audited like any
    record. Both kinds must be known."""
    registry.kind(source.kind)
    registry.kind(target.kind)
    session.add(
        RecordLink(
            source_kind=source.kind,
            source_id=source.id,
            target_kind=target.kind,
            target_id=target.id,
        )
    )


def linked(ctx: Context, record: RecordRef) -> list[LinkedRecord]:
    """Every record linked to ``record``, in the order the links were made: what it was made
    from and what was made from it, each with its number and status when the actor may read
    it."""
    with ctx.reading() as session:
        rows = session.scalars(
            select(RecordLink)
            .where(
                or_(
                    (RecordLink.source_kind == record.kind) & (RecordLink.source_id == record.id),
                    (RecordLink.target_kind == record.kind) & (RecordLink.target_id == record.id),
                )
            )
            .order_by(RecordLink.created_at, RecordLink.id)
        ).all()
        found: list[LinkedRecord] = []
        for row in rows:
            made_from = row.target_kind == record.kind and row.target_id == record.id
            other = (
                RecordRef(row.source_kind, row.source_id)
                if made_from
                else RecordRef(row.target_kind, row.target_id)
            )
            other_kind = registry.kind(other.kind)
            summary = _summary(ctx, session, other_kind, other.id)
            found.append(
                LinkedRecord(other, other_kind.nouns.one, made_from, summary, other_kind.nouns.many)
            )
        return found


def _summary(
    ctx: Context, session: Session, record_kind: RecordKind, record_id: str
) -> LinkedSummary | None:
    if record_kind.linked_summary is None:
        return None
    summary: LinkedSummary | None = load(record_kind.linked_summary)(ctx, session, record_id)
    return summary
