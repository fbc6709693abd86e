"""What the avvikelse windows share: translation, the choices, the texts of times."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

_CONTEXT = "Deviations"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def when_text(value: datetime | date | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def list_choices(values: Sequence[str], empty: str) -> list[tuple[str, object]]:
    """An editable list's values as combo choices, after one for "nothing chosen"."""
    return [(empty, None), *((capitalised(v), v) for v in values)]


def scale_choices(labels: Sequence[str]) -> list[tuple[str, object]]:
    return [(f"{label} ({step})", step) for step, label in enumerate(labels, start=1)]
