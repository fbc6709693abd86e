"""State machines as data: (state, action) -> new state, or the Swedish reason it is refused.

Every workflow keeps one table in its ``domain.py`` and checks it with ``check_transition``;
the services call that instead of testing status strings themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from kvalitet_desktop.domain.errors import RuleViolation

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)


@dataclass(frozen=True)
class Refused:
    """The action is not allowed in this state; ``message`` tells the user why (Swedish)."""

    message: str


@dataclass(frozen=True)
class TransitionTable(Generic[S, A]):
    """Every (state, action) pair of a workflow, and what archiving (makulering) forbids.

    ``rules`` must name every pair: a forgotten pair is a bug, not a silent refusal.
    """

    rules: Mapping[tuple[S, A], S | Refused]
    archived: Mapping[A, str]  # action -> why an archived record refuses it

    def outcome(self, state: S, action: A, *, archived: bool = False) -> S | Refused:
        if archived and action in self.archived:
            return Refused(self.archived[action])
        return self.rules[(state, action)]


def check_transition(
    table: TransitionTable[S, A], state: S, action: A, *, archived: bool = False
) -> S:
    """The state after ``action``; raises ``RuleViolation`` with the table's message if refused."""
    result = table.outcome(state, action, archived=archived)
    if isinstance(result, Refused):
        raise RuleViolation(result.message)
    return result
