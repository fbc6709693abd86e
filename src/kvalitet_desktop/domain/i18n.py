"""Marking texts for translation below the UI, without Qt.

``QT_TRANSLATE_NOOP("context", "text")`` returns the text unchanged; Qt's lupdate finds calls of
that name in plain Python files too, and the UI shows the text through
``QCoreApplication.translate(context, text)``. Format parameters after translating.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    del context
    return text


def thousands(number: int) -> str:
    """20000 → "20 000" (Swedish digit grouping, with a no-break space)."""
    return f"{number:,}".replace(",", "\u00a0")
