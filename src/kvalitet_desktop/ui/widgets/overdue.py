"""The one overdue mark of lists and the dashboard: red, and the word "försenad" besides the
colour, so colour-blind users and screen readers get it too."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from kvalitet_desktop.domain import terms

OVERDUE_COLOUR = QColor("#b00020")


def overdue_text(text: str) -> str:
    """A deadline that has passed: "2026-11-05 – försenad" (or "försenad" alone)."""
    mark = QCoreApplication.translate(terms.TERMS_CONTEXT, terms.OVERDUE_LOWER)
    return f"{text} – {mark}" if text else mark
