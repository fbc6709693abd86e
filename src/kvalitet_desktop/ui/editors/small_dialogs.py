"""Small window-modal dialogs the editors open: a reason, a follow-up plan, a new assessment.

They are opened with ``open()`` (not ``exec()``), call the service themselves when the user
presses OK, keep the dialog open with the message at the field when it fails, and emit
``submitted`` with the service's result when it succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.risk import SCALE, RiskMatrixConfig, risk_score
from kvalitet_desktop.services import followups, risk
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.editors.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    error_rows,
    read_date,
    text_edit,
)


class _ServiceDialog(QDialog):
    """OK runs ``submit``; a KvalitetError is shown at the fields and the dialog stays open."""

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def set_ok_text(self, text: str) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setText(text)
        button.setAccessibleName(text.replace("&", ""))

    def submit(self) -> object:
        raise NotImplementedError

    def _accept(self) -> None:
        self.errors.clear()
        try:
            result = self.submit()
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.submitted.emit(result)
        self.accept()


class ReasonDialog(_ServiceDialog):
    """Ask why (makulera …) and pass the reason to ``action``."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        explanation: str,
        action: Callable[[str], None],
        ok_text: str,
    ) -> None:
        super().__init__(parent, title)
        self._action = action
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.form.addRow(text)
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(360)
        self.errors.bind_all(
            error_rows(self.form, [("reason", self.tr("&Anledning:"), self.reason)])
        )
        self.set_ok_text(ok_text)

    def submit(self) -> object:
        self._action(self.reason.text())
        return self.reason.text()


class PlanDialog(_ServiceDialog):
    """Plan a follow-up of a measure (``followups.plan_follow_up``); emits the new id."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        measure_id: str,
        users: Sequence[tuple[str, str]],
        responsible_id: str | None,
    ) -> None:
        super().__init__(parent, self.tr("Planera uppföljning"))
        self._ctx = ctx
        self._measure_id = measure_id
        self.planned_on = DateField()
        self.method = text_edit(
            4, self.tr("Till exempel samtal med de berörda, journalgranskning eller enkät.")
        )
        self.method.setMinimumWidth(380)
        self.responsible = UserCombo(users)
        self.responsible.set_user_id(responsible_id)
        rows = [
            ("planned_on", self.tr("&Datum:"), self.planned_on),
            ("method", self.tr("&Metod:"), self.method),
            ("responsible_id", self.tr("&Ansvarig:"), self.responsible),
        ]
        self.errors.bind_all(error_rows(self.form, rows))
        self.set_ok_text(self.tr("&Planera"))

    def submit(self) -> object:
        problems: list[FieldError] = []
        planned = read_date(self.planned_on, "planned_on", problems)
        if problems:
            raise ValidationFailed(problems)
        return followups.plan_follow_up(
            self._ctx,
            self._measure_id,
            followups.PlanInput(planned, self.method.toPlainText(), self.responsible.user_id()),
        )


def scale_choices(labels: Sequence[str]) -> list[tuple[str, object]]:
    return [(f"{value} – {labels[value - 1]}", value) for value in SCALE]


class ReassessDialog(_ServiceDialog):
    """A new (kvarstående) assessment of an event in a decided analysis."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        event_id: str,
        event_text: str,
        config: RiskMatrixConfig,
        current: tuple[int, int] | None,
    ) -> None:
        super().__init__(parent, self.tr("Ny bedömning"))
        self._ctx = ctx
        self._event_id = event_id
        self._config = config
        intro = QLabel(
            self.tr(
                "Bedöm risken på nytt, till exempel när åtgärderna är genomförda. "
                "Den tidigare bedömningen finns kvar."
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        event = QLabel(event_text)
        event.setWordWrap(True)
        event.setTextFormat(Qt.TextFormat.PlainText)
        self.form.addRow(self.tr("Händelse:"), event)
        self.probability = ChoiceCombo()
        self.probability.set_choices(scale_choices(config.probability_labels))
        self.consequence = ChoiceCombo()
        self.consequence.set_choices(scale_choices(config.consequence_labels))
        if current is not None:
            self.probability.set_value(current[0])
            self.consequence.set_value(current[1])
        self.assessed_on = DateField(value=date.today())
        self.comment = QLineEdit()
        self.comment.setMinimumWidth(360)
        self.score = QLabel()
        error = ErrorLabel()
        add_row(self.form, self.tr("&Sannolikhet:"), self.probability)
        add_row(self.form, self.tr("&Konsekvens:"), self.consequence, error=error)
        self.form.addRow(self.tr("Riskvärde:"), self.score)
        date_error = ErrorLabel()
        add_row(self.form, self.tr("&Datum:"), self.assessed_on, error=date_error)
        add_row(self.form, self.tr("K&ommentar:"), self.comment)
        self.errors.bind("assessment", error, self.probability)
        self.errors.bind("assessed_on", date_error, self.assessed_on)
        self.probability.currentIndexChanged.connect(self._show_score)
        self.consequence.currentIndexChanged.connect(self._show_score)
        self._show_score()
        self.set_ok_text(self.tr("&Spara bedömningen"))

    def _show_score(self) -> None:
        p, c = self.probability.value(), self.consequence.value()
        if isinstance(p, int) and isinstance(c, int):
            score = risk_score(p, c)
            self.score.setText(f"{score} – {self._config.band_for(score).label}")

    def submit(self) -> object:
        problems: list[FieldError] = []
        assessed_on = read_date(self.assessed_on, "assessed_on", problems)
        if problems:
            raise ValidationFailed(problems)
        p, c = self.probability.value(), self.consequence.value()
        risk.reassess_event(
            self._ctx,
            self._event_id,
            int(p) if isinstance(p, int) else 0,
            int(c) if isinstance(c, int) else 0,
            self.comment.text(),
            assessed_on,
        )
        return (p, c)
