"""Records of different kinds linked to each other: one made from another ("Gör lex
Sarah-rapport" from an avvikelse), both remembering where they belong.

A source kind tells what its record offers a record made from it (``SourceFacts``, through its
``RecordKind.source_facts``); the target kind opens its own editor prefilled with those facts
(``RecordKind.create_from``) and links what it saves to the source. Either end shows the other
through ``RecordKind.linked_summary``: number and status, and only to a user who may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RecordRef:
    """A record of any kind: the kind's key and the record's id."""

    kind: str
    id: str


@dataclass(frozen=True)
class SourceFacts:
    """What a record offers to a record made from it; the target uses what its form has room
    for and asks for the rest. Texts are as the user wrote them in the source."""

    source: RecordRef
    label: str  # "Avvikelse AV-2026-0004": where the new record came from, in words
    title: str
    unit_id: str
    occurred_at: datetime | None = None
    noticed_at: datetime | None = None
    description: str = ""
    consequence: str | None = None
    immediate_measures: str | None = None
    # A pseudonymous code, or "flera" / "okänd"; with "flera", the known codes.
    individual: str | None = None
    individuals: tuple[str, ...] = ()
    reporter_user_id: str | None = None
    reporter_name: str | None = None


@dataclass(frozen=True)
class LinkedSummary:
    """What a user who may read a linked record sees of it through the link."""

    number: str  # the record's number or short title
    status: str
    title: str | None = None


@dataclass(frozen=True)
class LinkedRecord:
    """The other end of a link as the actor may see it: ``summary`` is None when they may not
    read that record (they then learn only that a record of the kind is linked)."""

    ref: RecordRef
    noun: str  # the other kind's noun for one record ("lex Sarah-ärende")
    made_from: bool  # True: this record was made from the other one
    summary: LinkedSummary | None
    many: str = ""  # its noun for many ("lex Sarah-ärenden"): who may read them

    @property
    def visible(self) -> bool:
        return self.summary is not None
