"""Search across every record kind, with the lists' own rules for who sees what.

The full-text index holds every searchable record, lex Sarah cases included (it lives in the
encrypted database). A hit is shown only if the actor's list of its kind would show the
record. The lists' plain rule — the kind's read action, and records of the units the actor
sees — is applied in the index query itself (the index keeps each record's unit, and never an
archived record). A kind whose list has a rule of its own (``ListSpec.restrict``: lex Sarah's
need to know, a change's units) has its hits passed through that list
(``listing.visible_ids``). Nothing of a refused hit, not even its snippet, leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from kvalitet_desktop import registry
from kvalitet_desktop.domain.record_kind import RecordKind
from kvalitet_desktop.domain.search import Snippet, match_expression, parse_snippet
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.search_index import (
    IndexHit,
    index_present,
    query_index,
    rebuild,
    searchable_kinds,
)

DEFAULT_LIMIT = 50
# How many index hits are read for each hit shown: room for those the exact rule refuses.
_HEADROOM = 2


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    title: str
    snippet: Snippet


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
    with ctx.reading() as session:
        connection = session.connection()
        if not index_present(connection):
            return SearchResults(typed, (), index_available=False)
        hits = query_index(
            connection,
            match,
            limit=max(1, limit) * _HEADROOM,
            kinds=[k.key for k in kinds],
            units=_unit_cut(ctx, kinds),
        )
        allowed = _allowed(ctx, session, hits)
    shown = [hit for hit in hits if (hit.kind, hit.record_id) in allowed][: max(1, limit)]
    return SearchResults(typed, _grouped(shown))


def _may_read(ctx: Context, kind: RecordKind) -> bool:
    """A kind with a rule of its own (``restrict``) decides record by record; the others
    need their read action."""
    spec = listing.spec_for(kind.key)
    return spec.restrict is not None or kind.read_action is None or ctx.may(kind.read_action)


def _unit_cut(ctx: Context, kinds: list[RecordKind]) -> dict[str, frozenset[str]] | None:
    visible = ctx.visible_units()
    if visible is None:
        return None
    return {k.key: visible for k in kinds if listing.spec_for(k.key).restrict is None}


def _allowed(ctx: Context, session: Session, hits: list[IndexHit]) -> set[tuple[str, str]]:
    """The hits the lists would show: those of kinds with their own rule checked by their
    list, the others as the index query let them through."""
    by_kind: dict[str, list[str]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.record_id)
    allowed: set[tuple[str, str]] = set()
    for kind, ids in by_kind.items():
        if listing.spec_for(kind).restrict is None:
            allowed.update((kind, record_id) for record_id in ids)
            continue
        for record_id in listing.visible_ids(ctx, session, kind, ids):
            allowed.add((kind, record_id))
    return allowed


def _grouped(hits: list[IndexHit]) -> tuple[SearchGroup, ...]:
    groups = []
    for kind in registry.KINDS:
        found = tuple(
            SearchHit(h.kind, h.record_id, h.title, parse_snippet(h.snippet))
            for h in hits
            if h.kind == kind.key
        )
        if found:
            groups.append(SearchGroup(kind.key, kind.nouns.many, found))
    return tuple(groups)


def repair_index(ctx: Context) -> int:
    """The index made again from the records, in one transaction (``kvalitet check
    --repair-index``); the number of records indexed. It changes no record: the index is
    derived from them, so any user who may run the check may rebuild it."""
    with ctx.unit_of_work() as uow:
        return rebuild(uow.session)
