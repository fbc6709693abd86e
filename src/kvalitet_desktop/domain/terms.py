"""The words the interface uses for the same thing in more than one place, spelt one way.

A term shown on several screens (a role, a deadline mark, a trigger of a risk analysis) is
written here once, marked for translation in context ``"Terms"``; the UI shows it through
``QCoreApplication.translate(TERMS_CONTEXT, term)``. Add a term when a second screen needs it.
"""

from __future__ import annotations

from kvalitet_desktop.domain.i18n import QT_TRANSLATE_NOOP

TERMS_CONTEXT = "Terms"

# A deadline that has passed without the step being done: the text beside the colour.
OVERDUE = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Försenad")
OVERDUE_LOWER = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "försenad")
ARCHIVED = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Makulerad")

# Roles as they read in lists and headings (the stored values are lower case).
ADMIN = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Administratör")
QUALITY_COORDINATOR = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Kvalitetssamordnare")
UNIT_MANAGER = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Enhetschef")
INVESTIGATOR = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Utredare")
LEX_SARAH_RESPONSIBLE = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Lex Sarah-ansvarig")
STAFF = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Medarbetare")

# Why a risk analysis is made (SOSFS 2011:9 5 kap. 1 §): the editor, the list and the PDF.
PLANNED_CHANGE = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Planerad förändring i verksamheten")
STAFFING_CHANGE = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Förändring i personalsammansättningen")
NEW_METHOD = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Nytt arbetssätt eller ny metod")
PERIODIC_REVIEW = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Återkommande översyn")
OTHER_REASON = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Annat")

# Who leads a risk analysis: the editor, the list, the history and the PDF.
ANALYSIS_LEADER = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Analysledare")

# Places in the program the user is sent to.
ORGANISATION = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Organisation")
SETTINGS = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Inställningar")
LEGAL_REFERENCES = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "Lagrum")
IVO_DEPARTMENTS = QT_TRANSLATE_NOOP(TERMS_CONTEXT, "IVO:s avdelningar")


def is_term(text: str) -> bool:
    """Whether ``text`` is one of the terms above: a screen that shows it translates it in
    context ``"Terms"`` (a list heading that is a term, say), not in its own."""
    return text in _terms()


def _terms() -> frozenset[str]:
    # Read when asked, so that a term appended below this function is counted too.
    return frozenset(
        value
        for name, value in globals().items()
        if name.isupper() and name != "TERMS_CONTEXT" and isinstance(value, str)
    )
