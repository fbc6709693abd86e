"""Marking texts for translation below the UI, without Qt.

``QT_TRANSLATE_NOOP("context", "text")`` returns the text unchanged; Qt's lupdate finds calls of
that name in plain Python files too, and the UI shows the text through
``QCoreApplication.translate(context, text)``. Format parameters after translating.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    del context
    return text
