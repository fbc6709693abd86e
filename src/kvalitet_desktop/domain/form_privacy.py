"""What looks like a personnummer in a filled-in form's free text.

The forms say to write the individual's pseudonymous code, never a personnummer; this finds
the texts that seem to break that, keyed like ``validate_answers`` keys its errors
(``group.row.column``, ``<id>.motivering``, ``<id>.provenance``), so the form shows each
warning under its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.forms import FieldDef, FieldType, FormAnswers, FormDef
from kvalitet_desktop.domain.text_rules import personal_number_problem

# Fields whose text is free: names and descriptions may slip a personnummer in.
_FREE_TEXT = (FieldType.TEXT, FieldType.LONG_TEXT)


def personal_number_warnings(form: FormDef, answers: FormAnswers) -> tuple[FieldError, ...]:
    """A warning per free-text answer (also motivations, group cells and the provenance's
    source) that seems to hold a personnummer or samordningsnummer."""
    found: list[FieldError] = []
    for _section, f in form.fields():
        found += _in_value(f, f.id, answers.values.get(f.id))
        provenance = answers.provenance.get(f.id)
        if provenance is not None:
            found += _warning(f"{f.id}.provenance", provenance.source)
    return tuple(found)


def _in_value(f: FieldDef, key: str, value: Any) -> list[FieldError]:
    if f.type in _FREE_TEXT:
        return _warning(key, value)
    if f.type is FieldType.YES_NO and isinstance(value, Mapping):
        return _warning(f"{key}.motivering", value.get("motivering"))
    if f.type is FieldType.GROUP and isinstance(value, list):
        return [
            warning
            for n, row in enumerate(value)
            if isinstance(row, Mapping)
            for column in f.fields
            for warning in _in_value(column, f"{key}.{n}.{column.id}", row.get(column.id))
        ]
    return []


def _warning(key: str, text: Any) -> list[FieldError]:
    problem = personal_number_problem(text) if isinstance(text, str) else None
    return [FieldError(key, problem)] if problem else []
