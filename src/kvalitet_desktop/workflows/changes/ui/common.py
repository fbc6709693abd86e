"""Small pieces the change's dialogs share."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QPushButton

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.ui.toolkit.fields import iso, name_widget

OVERDUE_WORD = "FÖRSENAD"


def button(text: str, name: str) -> QPushButton:
    made = QPushButton(text)
    name_widget(made, name)
    return made


def checklist(name: str, choices: list[str], chosen: list[str]) -> QListWidget:
    """A list of checkable choices, the chosen ones ticked (unknown chosen ones added)."""
    widget = QListWidget()
    widget.setAccessibleName(name)
    set_checklist(widget, choices, chosen)
    return widget


def set_checklist(widget: QListWidget, choices: list[str], chosen: list[str]) -> None:
    from PySide6.QtCore import Qt

    widget.clear()
    for text in [*choices, *(c for c in chosen if c not in choices)]:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if text in chosen else Qt.CheckState.Unchecked)
        widget.addItem(item)


def checked(widget: QListWidget) -> list[str]:
    from PySide6.QtCore import Qt

    return [
        widget.item(i).text()
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def due_text(day: date | None, overdue: bool) -> str:
    """The next contact as text: the word says it is late, not the colour alone."""
    if day is None:
        return "–"
    return f"{OVERDUE_WORD} {iso(day)}" if overdue else iso(day)


def risk_text(config: RiskMatrixConfig, score: int | None) -> str:
    return "Ej bedömd" if score is None else f"{config.band_for(score).label} ({score})"


def yes_no(value: bool | None) -> str:
    return "–" if value is None else ("ja" if value else "nej")
