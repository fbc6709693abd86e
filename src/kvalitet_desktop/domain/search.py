"""Full-text search: what a record offers the index, and how typed text becomes a query.

The index is SQLite FTS5 with ``unicode61 remove_diacritics 0``: å, ä and ö stay letters of
their own ("får" never finds "far"). What the user types is never handed to FTS5's query
language as it is: each word becomes a quoted phrase of its letters and digits, so quotes,
``NEAR``, ``AND``/``OR``/``NOT``, parentheses and column filters are plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Marks FTS5's snippet() puts around each match; control characters, which the input rules
# keep out of every stored text, so they can never come from a record itself.
MATCH_START = "\x02"
MATCH_END = "\x03"
ELLIPSIS = "…"
# The longest query text taken: a search field is for a few words, not a document.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12

# The characters unicode61 keeps in a token: letters and digits (underscore separates).
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchDocument:
    """One record as the index holds it: its kind's key, id and unit, a title, the text."""

    kind: str
    record_id: str
    unit_id: str | None
    title: str
    body: str


def join_text(*parts: object) -> str:
    """The non-empty parts, one per line: a record's text fields as one body to index."""
    return "\n".join(str(p).strip() for p in parts if p is not None and str(p).strip())


def match_expression(typed: str) -> str | None:
    """The FTS5 query for ``typed``: every word must occur, the last one as a prefix (the
    user is still typing it) unless it is a single letter ("ö" as a prefix would match most
    of the index, a whole-word "ö" what is meant). None when nothing searchable was typed."""
    words = typed[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS]
    phrases = []
    last_token = ""
    for word in words:
        tokens = _TOKEN.findall(word)
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
            last_token = tokens[-1]
    if not phrases:
        return None
    if len(last_token) > 1:
        phrases[-1] += "*"
    return " ".join(phrases)


@dataclass(frozen=True)
class Snippet:
    """A piece of a record's text with the matches marked: ``text`` is plain, ``marks`` are
    the (start, end) offsets of each match in it."""

    text: str
    marks: tuple[tuple[int, int], ...]


def parse_snippet(marked: str) -> Snippet:
    """The plain text and match offsets of a snippet() result with MATCH_START/MATCH_END."""
    plain: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for char in marked:
        if char == MATCH_START:
            start = length
        elif char == MATCH_END:
            if start is not None and start < length:
                marks.append((start, length))
            start = None
        else:
            plain.append(char)
            length += 1
    return Snippet("".join(plain), tuple(marks))
