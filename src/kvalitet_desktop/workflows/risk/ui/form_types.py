"""The risk analysis form's state, typed: one TypedDict per wizard step, and the whole form.

The state stays JSON-compatible (plain strings, numbers, ``None`` and lists of dicts; dates as
``YYYY-MM-DD`` text, exactly as typed): it is what the autosave draft stores, what the
"unsaved changes" check compares and what the service input is built from. A draft read back
from JSON may be older or partial, so ``form_from_json`` fills what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict


class ScopeState(TypedDict):
    """Step 1 Omfattning."""

    title: str
    unit_id: str | None
    scope_kind: str  # a ScopeKind value
    scope_description: str
    trigger: str  # a Trigger value
    trigger_description: str
    level: str  # an AnalysisLevel value
    individual_code: str


class TeamMemberState(TypedDict):
    name: str
    role: str
    user_id: str | None


class TeamState(TypedDict):
    """Step 2 Uppdrag och analysteam."""

    commissioned_by: str
    commissioned_on: str
    leader_id: str | None
    team: list[TeamMemberState]


class FactsState(TypedDict):
    """Step 3 Faktaunderlag."""

    fact_sources: str


class EventState(TypedDict):
    """One event of step 4 (its causes and proposals are filled in in step 5)."""

    id: str | None
    description: str
    causes: str
    proposed_measures: str
    probability: int | None
    consequence: int | None


class DecisionState(TypedDict):
    """Step 7 Beslut och uppföljning."""

    decision_text: str
    decided_by_id: str | None
    decided_on: str
    follow_up_on: str
    follow_up_method: str


class RiskFormState(ScopeState, TeamState, FactsState, DecisionState):
    """The whole form: every step's state, and the events."""

    events: list[EventState]


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def _id(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return str(value) if value else None


def _number(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _rows(data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    value = data.get(key)
    if not isinstance(value, list):
        return []
    return [row for row in value if isinstance(row, Mapping)]


def member_from_json(data: Mapping[str, Any]) -> TeamMemberState:
    return {
        "name": _text(data, "name"),
        "role": _text(data, "role"),
        "user_id": _id(data, "user_id"),
    }


def event_from_json(data: Mapping[str, Any]) -> EventState:
    return {
        "id": _id(data, "id"),
        "description": _text(data, "description"),
        "causes": _text(data, "causes"),
        "proposed_measures": _text(data, "proposed_measures"),
        "probability": _number(data, "probability"),
        "consequence": _number(data, "consequence"),
    }


def form_from_json(data: Mapping[str, Any]) -> RiskFormState:
    """The typed form from a JSON draft (or any mapping); what is missing is empty."""
    return {
        "title": _text(data, "title"),
        "unit_id": _id(data, "unit_id"),
        "scope_kind": _text(data, "scope_kind"),
        "scope_description": _text(data, "scope_description"),
        "trigger": _text(data, "trigger"),
        "trigger_description": _text(data, "trigger_description"),
        "level": _text(data, "level"),
        "individual_code": _text(data, "individual_code"),
        "commissioned_by": _text(data, "commissioned_by"),
        "commissioned_on": _text(data, "commissioned_on"),
        "leader_id": _id(data, "leader_id"),
        "team": [member_from_json(m) for m in _rows(data, "team")],
        "fact_sources": _text(data, "fact_sources"),
        "events": [event_from_json(e) for e in _rows(data, "events")],
        "decision_text": _text(data, "decision_text"),
        "decided_by_id": _id(data, "decided_by_id"),
        "decided_on": _text(data, "decided_on"),
        "follow_up_on": _text(data, "follow_up_on"),
        "follow_up_method": _text(data, "follow_up_method"),
    }
