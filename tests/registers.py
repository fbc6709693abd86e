"""Putting people in a unit's register, as a unit manager would before naming them."""

from __future__ import annotations

from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context


def register(admin: Context, unit_id: str, *codes: str) -> None:
    """Add ``codes`` to ``unit_id``'s register (acting as one who may keep it)."""
    for code in codes:
        individuals.save_individual(admin, IndividualInput(code, unit_id))
