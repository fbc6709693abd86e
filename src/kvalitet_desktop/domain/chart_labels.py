"""A chart's category label on at most two short lines, the same in the program and on paper.

Words are kept whole; a word too long for a line breaks only where its text allows it, at a
soft hyphen ("Egen\\u00adkontroller" → "Egen-" / "kontroller"); what still does not fit is cut
with "…" (the full text stays in the table beside every chart)."""

from __future__ import annotations

SOFT_HYPHEN = "\u00ad"


def label_lines(text: str, limit: int = 14) -> list[str]:
    """``text`` as one or two lines of about ``limit`` characters."""
    whole = text.replace(SOFT_HYPHEN, "")
    if len(whole) <= limit:
        return [whole]
    words = text.split()
    first = ""
    while words and len(_plain(f"{first} {words[0]}".strip())) <= limit:
        first = f"{first} {words.pop(0)}".strip()
    if not first and words and SOFT_HYPHEN in words[0]:
        head, _, tail = words[0].partition(SOFT_HYPHEN)
        first, words[0] = f"{head}-", tail
    if not first:  # one long word that may not break
        return [_cut(whole, limit)]
    rest = " ".join(words)
    return [_plain(first), _cut(_plain(rest), limit)] if rest else [_plain(first)]


def _plain(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
