"""Search across every record kind, with the lists' own rules for who sees what.

The full-text index holds every searchable record, lex Sarah cases included (it lives in the
encrypted database). A hit is shown only if the actor's list of its kind would show the
record. The lists' plain rule — the kind's read action, and records of the units the
actor sees — is applied to each hit as the index gives it (the index keeps each record's
unit, and never an archived record). A kind whose list has a rule of its own
(``ListSpec.restrict``: lex Sarah's need to know, a change's units) has its hits passed
through that list (``listing.visible_ids``). Nothing of a refused hit, not even its snippet,
leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.record_kind import RecordKind
from kvalitet_desktop.domain.roles import SEARCH_REPAIR
from kvalitet_desktop.domain.search import Snippet, match_expression, parse_snippet
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import Unit
from kvalitet_desktop.store.search_index import (
    IndexHit,
    index_present,
    query_index,
    rebuild,
    searchable_kinds,
)

DEFAULT_LIMIT = 50
# Index hits read for each hit wanted: first a little room for those the actor may not see,
# then, if too few were left, one larger read (each read ranks every match again). A user who
# sees few units may get fewer hits than there are; more words find the rest.
_READS = (2, 20)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    title: str
    snippet: Snippet
    # The record's unit, so hits of the same title tell themselves apart ("Fall i badrummet").
    unit: str | None = None


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind, under its plural noun ("avvikelser")."""

    kind: str
    heading: str
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True)
class SearchResults:
    text: str
    groups: tuple[SearchGroup, ...]
    # False when the index is missing (``kvalitet check --repair-index`` rebuilds it).
    index_available: bool = True

    @property
    def hits(self) -> tuple[SearchHit, ...]:
        return tuple(hit for group in self.groups for hit in group.hits)


def search(ctx: Context, typed: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """The records matching ``typed`` that the actor may see, grouped by kind in the
    registry's order, best first within each group; at most ``limit`` in all."""
    match = match_expression(typed)
    if match is None:
        return SearchResults(typed, ())
    kinds = [k for k in searchable_kinds() if k.listing and _may_read(ctx, k)]
    if not kinds:
        return SearchResults(typed, ())
    wanted = max(1, limit)
    rule = _Rule(ctx, kinds)
    shown: list[IndexHit] = []
    with ctx.reading() as session:
        connection = session.connection()
        if not index_present(connection):
            return SearchResults(typed, (), index_available=False)
        offset = 0
        for factor in _READS:
            page = wanted * factor
            hits = query_index(
                connection,
                match,
                limit=page,
                offset=offset,
                units=rule.units,
                any_unit_kinds=rule.own_rule,
            )
            shown += rule.visible(session, hits)
            offset += page
            if len(shown) >= wanted or len(hits) < page:
                break
        shown = shown[:wanted]
        units = _unit_names(session, {h.unit_id for h in shown if h.unit_id})
    return SearchResults(typed, _grouped(shown, units))


def _unit_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
    return {str(unit_id): str(name) for unit_id, name in rows}


class _Rule:
    """Which hits the actor's lists would show (see the module's text)."""

    def __init__(self, ctx: Context, kinds: list[RecordKind]) -> None:
        self.ctx = ctx
        self.readable = {k.key for k in kinds}
        self.own_rule = {k.key for k in kinds if listing.spec_for(k.key).restrict is not None}
        self.units = ctx.visible_units()

    def visible(self, session: Session, hits: list[IndexHit]) -> list[IndexHit]:
        plain = [
            h
            for h in hits
            if h.kind in self.readable
            and h.kind not in self.own_rule
            and (self.units is None or h.unit_id in self.units)
        ]
        passed = {(h.kind, h.record_id) for h in plain}
        passed |= _allowed(self.ctx, session, [h for h in hits if h.kind in self.own_rule])
        return [h for h in hits if (h.kind, h.record_id) in passed]


def _may_read(ctx: Context, kind: RecordKind) -> bool:
    """A kind's read action first, when it has one (a rule of its own then only narrows what
    the action allows: its hits are never asked for without it, which would be refused); a
    kind without one decides record by record (``restrict``)."""
    return kind.read_action is None or ctx.may(kind.read_action)


def _allowed(ctx: Context, session: Session, hits: list[IndexHit]) -> set[tuple[str, str]]:
    """The hits of kinds with a rule of their own that their lists would show."""
    by_kind: dict[str, list[str]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.record_id)
    allowed: set[tuple[str, str]] = set()
    for kind, ids in by_kind.items():
        for record_id in listing.visible_ids(ctx, session, kind, ids):
            allowed.add((kind, record_id))
    return allowed


def _grouped(hits: list[IndexHit], units: dict[str, str]) -> tuple[SearchGroup, ...]:
    groups = []
    for kind in registry.KINDS:
        found = tuple(
            SearchHit(
                h.kind,
                h.record_id,
                h.title,
                parse_snippet(h.snippet),
                units.get(h.unit_id) if h.unit_id else None,
            )
            for h in hits
            if h.kind == kind.key
        )
        if found:
            groups.append(SearchGroup(kind.key, kind.nouns.many, found))
    return tuple(groups)


def repair_index(ctx: Context) -> int:
    """The index made again from the records, in one transaction (``kvalitet check
    --repair-index``); the number of records indexed. It changes no record, but it is one
    long write over every record: for those the table lets rebuild it."""
    ctx.require(SEARCH_REPAIR)
    with ctx.unit_of_work() as uow:
        return rebuild(uow.session)
