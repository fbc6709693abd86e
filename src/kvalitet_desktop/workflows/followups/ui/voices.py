""" "Den enskildes upplevelse": one box per person (or the group) asked at a follow-up.

Each box holds a pseudonymous code (empty = the group), how the answers were gathered, and
for each of the five dimensions the question, a 1–5 answer (or "Ej besvarad") and a comment.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.organisation import valid_individual_code
from kvalitet_desktop.ui.toolkit.fields import (
    HELP_COLOR,
    ChoiceCombo,
    enum_choices,
    name_widget,
    plain_label,
)
from kvalitet_desktop.workflows.followups.domain import (
    RATING_LABELS,
    Dimension,
    GatheredBy,
    rating_label,
)
from kvalitet_desktop.workflows.followups.service import RatingInput, VoiceInput, VoiceView


def rating_choices() -> list[tuple[str, object]]:
    return [(rating_label(None), None)] + [(rating_label(v), v) for v in sorted(RATING_LABELS)]


class VoiceEditor(QGroupBox):
    """The answers of one person, or of the group when the code is left empty."""

    remove_requested = Signal(object)

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("Tom = gruppen"))
        self.code.setToolTip(
            self.tr("Pseudonymiserad kod, till exempel SOL-07. Aldrig ett personnummer.")
        )
        self.code.setMaximumWidth(self.code.fontMetrics().horizontalAdvance("W" * 14))
        self.gathered_by = ChoiceCombo()
        self.gathered_by.set_choices(enum_choices(GatheredBy))
        self.remove_button = QPushButton(self.tr("Ta bort"))
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))

        top = QHBoxLayout()
        code_label = QLabel(self.tr("&Kod:"))
        code_label.setBuddy(self.code)
        self.code.setAccessibleName(plain_label(code_label.text()))
        how_label = QLabel(self.tr("&Hur:"))
        how_label.setBuddy(self.gathered_by)
        self.gathered_by.setAccessibleName(plain_label(how_label.text()))
        top.addWidget(code_label)
        top.addWidget(self.code)
        top.addSpacing(12)
        top.addWidget(how_label)
        top.addWidget(self.gathered_by)
        top.addStretch(1)
        top.addWidget(self.remove_button)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(2, 2)
        for column, text in enumerate((self.tr("Fråga"), self.tr("Svar"), self.tr("Kommentar"))):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        self.ratings: dict[Dimension, ChoiceCombo] = {}
        self.comments: dict[Dimension, QLineEdit] = {}
        for row, dimension in enumerate(Dimension, start=1):
            name = dimension.value.capitalize()
            label = QLabel(
                f"<b>{name}</b><br><span style='color:{HELP_COLOR}'>{dimension.question}</span>"
            )
            label.setWordWrap(True)
            rating = ChoiceCombo()
            rating.set_choices(rating_choices())
            rating.setAccessibleName(name)
            rating.setAccessibleDescription(dimension.question)
            label.setBuddy(rating)
            comment = QLineEdit()
            comment.setAccessibleName(
                self.tr("Kommentar om {dimension}").format(dimension=dimension.value)
            )
            grid.addWidget(label, row, 0)
            grid.addWidget(rating, row, 1)
            grid.addWidget(comment, row, 2)
            self.ratings[dimension] = rating
            self.comments[dimension] = comment

        self.comment = QLineEdit()
        comment_form = QFormLayout()
        comment_label = QLabel(self.tr("Ö&vrigt:"))
        comment_label.setBuddy(self.comment)
        self.comment.setAccessibleName(plain_label(comment_label.text()))
        comment_form.addRow(comment_label, self.comment)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(comment_form)
        self.set_number(number)

    def set_number(self, number: int) -> None:
        self.number = number
        self.setTitle(self.tr("Person {n}").format(n=number))
        name_widget(self.remove_button, self.tr("Ta bort person {n}").format(n=number))

    # --- values ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        gathered = self.gathered_by.value()
        return {
            "individual_code": self.code.text(),
            "gathered_by": gathered.value if isinstance(gathered, GatheredBy) else None,
            "comment": self.comment.text(),
            "ratings": {
                d.value: [self.ratings[d].value(), self.comments[d].text()] for d in Dimension
            },
        }

    def set_state(self, state: dict[str, Any]) -> None:
        self.code.setText(str(state.get("individual_code") or ""))
        gathered = state.get("gathered_by")
        self.gathered_by.set_value(GatheredBy(gathered) if gathered else None)
        self.comment.setText(str(state.get("comment") or ""))
        ratings = state.get("ratings") or {}
        for dimension in Dimension:
            rating, comment = (ratings.get(dimension.value) or [None, ""])[:2]
            self.ratings[dimension].set_value(rating if isinstance(rating, int) else None)
            self.comments[dimension].setText(str(comment or ""))

    def set_view(self, view: VoiceView) -> None:
        self.set_state(
            {
                "individual_code": view.individual_code or "",
                "gathered_by": view.gathered_by.value,
                "comment": view.comment or "",
                "ratings": {d.value: [r.rating, r.comment or ""] for d, r in view.ratings.items()},
            }
        )

    def _rating(self, dimension: Dimension) -> int | None:
        value = self.ratings[dimension].value()
        return value if isinstance(value, int) else None

    def to_input(self, errors: list[FieldError]) -> VoiceInput:
        code = self.code.text().strip().upper()
        if code and not valid_individual_code(code):
            errors.append(
                FieldError(
                    f"voices.{self.number - 1}.individual_code",
                    self.tr(
                        "Person {n}: ange en pseudonymiserad kod (3–20 tecken: A–Ö, siffror, "
                        "bindestreck), aldrig ett personnummer."
                    ).format(n=self.number),
                )
            )
        gathered = self.gathered_by.value()
        return VoiceInput(
            gathered_by=gathered if isinstance(gathered, GatheredBy) else GatheredBy.CONVERSATION,
            individual_code=code or None,
            comment=self.comment.text(),
            ratings={d: RatingInput(self._rating(d), self.comments[d].text()) for d in Dimension},
        )


class VoiceList(QWidget):
    """The voices, with "Lägg till person" and a remove button per voice."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: list[VoiceEditor] = []
        self._column = QVBoxLayout()
        self._column.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(
            self.tr(
                "Ingen person tillfrågad ännu. Lägg till en för varje person du talat med, "
                "eller en utan kod för gruppen."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {HELP_COLOR};")
        self.add_button = QPushButton(self.tr("&Lägg till person"))
        name_widget(self.add_button, self.add_button.text())
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self._column)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def add_voice(self) -> VoiceEditor:
        editor = VoiceEditor(len(self.editors) + 1, self)
        editor.remove_requested.connect(self._remove)
        self.editors.append(editor)
        self._column.addWidget(editor)
        self.empty.setVisible(False)
        self.changed.emit()
        return editor

    def _add_clicked(self) -> None:
        self.add_voice().code.setFocus()

    def _remove(self, editor: object) -> None:
        if not isinstance(editor, VoiceEditor) or editor not in self.editors:
            return
        self.editors.remove(editor)
        editor.hide()
        editor.deleteLater()
        for number, other in enumerate(self.editors, start=1):
            other.set_number(number)
        self.empty.setVisible(not self.editors)
        self.add_button.setFocus()
        self.changed.emit()

    def clear(self) -> None:
        for editor in list(self.editors):
            self._remove(editor)

    def state(self) -> list[dict[str, Any]]:
        return [editor.state() for editor in self.editors]

    def set_state(self, states: list[dict[str, Any]]) -> None:
        self.clear()
        for state in states:
            self.add_voice().set_state(state)

    def set_views(self, views: tuple[VoiceView, ...]) -> None:
        self.clear()
        for view in views:
            self.add_voice().set_view(view)

    def to_input(self, errors: list[FieldError]) -> list[VoiceInput]:
        return [editor.to_input(errors) for editor in self.editors]
