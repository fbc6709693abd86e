"""Errors the domain and the services raise; every message is Swedish and meant for the user."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class KvalitetError(Exception):
    """Base of every expected (non-bug) error. ``str(err)`` is a Swedish message for the user."""


@dataclass(frozen=True)
class FieldError:
    """A problem with one input field: ``field`` is the input's key, ``message`` Swedish text."""

    field: str
    message: str


class ValidationFailed(KvalitetError):
    """Input was rejected; ``errors`` says which fields and why."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: tuple[FieldError, ...] = tuple(errors)
        super().__init__("; ".join(e.message for e in self.errors) or "Ogiltiga uppgifter.")

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class PermissionDenied(KvalitetError):
    """The acting user may not do this, or may not see this record.

    ``action`` is the key of the action the user lacks; ``entity``/``entity_id`` the record,
    and for a unit refused ``unit_id`` and what was ``attempted`` there. The services write the
    refusal to the audit log (``Context.refuse``)."""

    def __init__(
        self,
        message: str,
        action: str = "",
        entity: str = "",
        entity_id: str = "",
        unit_id: str = "",
        attempted: str = "",
    ) -> None:
        super().__init__(message)
        self.action = action
        self.entity = entity
        self.entity_id = entity_id
        self.unit_id = unit_id
        self.attempted = attempted
        self.logged = False


class NotFound(KvalitetError):
    """The record does not exist (or is not visible to the acting user)."""


class RuleViolation(KvalitetError):
    """A workflow rule forbids the change (e.g. completing a measure without a follow-up)."""


class Collector:
    """Collects field errors and raises them all at once, so the user sees every problem."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message))

    def require(self, field: str, value: object, message: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors)
