"""How a list's headings and cells read, shared by the list page and the exported files.

Plain Python: the list page shows these texts through Qt's translation, an export writes them
with the same ``translate(context, text)`` (or as written, in Swedish, from the command line).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP
from kvalitet_desktop.services.listing import ListSpec, Row

Translate = Callable[[str, str], str]

HEADERS_CONTEXT = "PagedTableModel"
# Headings of the columns every list shares; a kind's own are in its ListSpec.headers.
HEADERS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP(HEADERS_CONTEXT, "Rubrik"),
    "unit": QT_TRANSLATE_NOOP(HEADERS_CONTEXT, "Enhet"),
    "status": QT_TRANSLATE_NOOP(HEADERS_CONTEXT, "Status"),
    "responsible": QT_TRANSLATE_NOOP(HEADERS_CONTEXT, "Ansvarig"),
}
# Values stored in lower case (enum values) that read better capitalised in a list.
CAPITALISED = frozenset({"status", "trigger", "effect", "outcome", "category", "seriousness"})


def as_written(context: str, text: str) -> str:
    """A ``translate`` that keeps the program's own (Swedish) text."""
    del context
    return text


def header_text(spec: ListSpec, key: str, translate: Translate = as_written) -> str:
    """The heading of column ``key`` of the list ``spec`` (a heading from ``domain.terms``, as
    "Analysledare", is translated as the term it is)."""
    text = spec.headers.get(key) or HEADERS.get(key, key)
    return translate(terms.TERMS_CONTEXT if terms.is_term(text) else HEADERS_CONTEXT, text)


def display_value(key: str, value: Any) -> str:
    """How a listing value reads in a cell: ISO dates, capitalised statuses, blanks for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if key in CAPITALISED and text:
        return text[0].upper() + text[1:]
    return text


def cell_text(spec: ListSpec, key: str, row: Row, translate: Translate = as_written) -> str:
    """How cell ``key`` of ``row`` reads: the list's own wording where it has one, else the
    value."""
    hook = spec.text
    text = hook(key, row, translate) if hook else None
    return display_value(key, row.get(key)) if text is None else text
