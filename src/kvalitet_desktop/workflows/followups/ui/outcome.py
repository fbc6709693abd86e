""" "Utfall" of a follow-up: closed, a new measure (a compact form) or a new risk analysis.

The new record is created by ``followups.record_result`` in the same step as the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    error_rows,
    help_label,
    name_widget,
    read_date,
)
from kvalitet_desktop.workflows.followups.domain import Outcome
from kvalitet_desktop.workflows.followups.service import FollowUpView
from kvalitet_desktop.workflows.measures.service import MeasureInput


class OutcomeEditor(QWidget):
    """The outcome choice with the form for the record it creates."""

    open_requested = Signal()

    def __init__(self, users: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = help_label(
            self.tr(
                "Hur går ni vidare? En ny åtgärd eller en ny riskanalys skapas och kopplas till "
                "uppföljningen när du sparar."
            )
        )
        self.group = QButtonGroup(self)
        self.buttons: dict[Outcome, QRadioButton] = {}
        texts = {
            Outcome.CLOSED: self.tr("Avslutad – åtgärden behövs inte längre följas upp"),
            Outcome.NEW_MEASURE: self.tr("Ny åtgärd behövs"),
            Outcome.NEW_RISK_ANALYSIS: self.tr("Ny riskanalys behövs"),
        }
        choices = QVBoxLayout()
        for outcome, text in texts.items():
            button = QRadioButton(text)
            name_widget(button, text)
            self.group.addButton(button)
            self.buttons[outcome] = button
            choices.addWidget(button)
            button.toggled.connect(self._changed)
        self.outcome_error = ErrorLabel()

        self.new_measure_box = QGroupBox(self.tr("Den nya åtgärden"))
        self.new_title = QLineEdit()
        self.new_responsible = UserCombo(users)
        self.new_due = DateField()
        new_form = QFormLayout(self.new_measure_box)
        new_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._measure_bindings = error_rows(
            new_form,
            [
                ("title", self.tr("R&ubrik:"), self.new_title),
                ("responsible_id", self.tr("Ans&varig:"), self.new_responsible),
                ("due_date", self.tr("&Klart senast:"), self.new_due),
            ],
        )
        # Named apart from the follow-up's own fields ("Ansvarig" of the plan, the new risk
        # analysis' "Rubrik"), so a screen reader tells which one it is in.
        self.new_title.setAccessibleName(self.tr("Rubrik för den nya åtgärden"))
        self.new_responsible.setAccessibleName(self.tr("Ansvarig för den nya åtgärden"))
        self.new_due.button.setAccessibleName(
            self.tr("Välj klart senast-datum för den nya åtgärden i en kalender")
        )
        self.new_measure_error = ErrorLabel()
        new_form.addRow(self.new_measure_error)

        self.new_risk_box = QGroupBox(self.tr("Den nya riskanalysen"))
        self.new_risk_title = QLineEdit()
        risk_form = QFormLayout(self.new_risk_box)
        self.risk_error = ErrorLabel()
        add_row(risk_form, self.tr("Rubri&k:"), self.new_risk_title, error=self.risk_error)
        self.new_risk_title.setAccessibleName(self.tr("Rubrik för den nya riskanalysen"))

        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.stack.addWidget(self.new_measure_box)
        self.stack.addWidget(self.new_risk_box)

        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Öppna den &nya posten"))
        name_widget(self.open_button, self.open_button.text())
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_requested)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_text, 1)
        done_row.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(choices)
        layout.addWidget(self.outcome_error)
        layout.addWidget(self.stack)
        layout.addLayout(done_row)
        layout.addStretch(1)
        self.show_record(None)

    def bind_errors(self, errors: FieldErrors, reveal: Callable[[str], None]) -> None:
        errors.bind("outcome", self.outcome_error, self.buttons[Outcome.CLOSED], reveal)
        errors.bind_all(self._measure_bindings, reveal)
        errors.bind("new_measure", self.new_measure_error, self.new_title, reveal)
        errors.bind("new_risk_title", self.risk_error, self.new_risk_title, reveal)

    # --- values ---------------------------------------------------------------------------

    def outcome(self) -> Outcome | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_outcome(self, outcome: Outcome | None) -> None:
        self.group.setExclusive(False)  # an exclusive group cannot be cleared
        for key, button in self.buttons.items():
            button.setChecked(key is outcome)
        self.group.setExclusive(True)
        self._changed()

    def _changed(self) -> None:
        outcome = self.outcome()
        pages = {Outcome.NEW_MEASURE: 1, Outcome.NEW_RISK_ANALYSIS: 2}
        self.stack.setCurrentIndex(pages.get(outcome, 0) if outcome else 0)

    def show_record(self, view: FollowUpView | None) -> None:
        """After the result: which record the follow-up led to, with a button to open it."""
        has_record = view is not None and view.outcome_record_id is not None
        self.done_text.setText(view.outcome_text or "" if view else "")
        self.done_text.setVisible(has_record)
        self.open_button.setVisible(has_record)
        if has_record:
            self.stack.setCurrentIndex(0)

    def state(self) -> dict[str, Any]:
        outcome = self.outcome()
        return {
            "outcome": outcome.value if outcome else None,
            "new_measure": {
                "title": self.new_title.text(),
                "responsible_id": self.new_responsible.user_id(),
                "due_date": self.new_due.text(),
            },
            "new_risk_title": self.new_risk_title.text(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        outcome = state.get("outcome")
        self.set_outcome(Outcome(outcome) if outcome else None)
        new_measure = state.get("new_measure") or {}
        self.new_title.setText(str(new_measure.get("title") or ""))
        self.new_responsible.set_user_id(new_measure.get("responsible_id"))
        self.new_due.set_text(str(new_measure.get("due_date") or ""))
        self.new_risk_title.setText(str(state.get("new_risk_title") or ""))

    def new_measure(self, unit_id: str, problems: list[FieldError]) -> MeasureInput | None:
        if self.outcome() is not Outcome.NEW_MEASURE:
            return None
        return MeasureInput(
            title=self.new_title.text(),
            unit_id=unit_id,
            responsible_id=self.new_responsible.user_id(),
            due_date=read_date(self.new_due, "due_date", problems),
        )

    def new_risk_title_text(self) -> str | None:
        return self.new_risk_title.text() if self.outcome() else None
