"""Re-assessing an event after its measures, in a small dialog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.domain.risk_matrix import SCALE, RiskMatrixConfig, risk_score
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    add_row,
    read_date,
)
from kvalitet_desktop.ui.toolkit.small_dialogs import ServiceDialog
from kvalitet_desktop.workflows.risk import service as risk


def scale_choices(labels: Sequence[str]) -> list[tuple[str, object]]:
    return [(f"{value} – {labels[value - 1]}", value) for value in SCALE]


class ReassessDialog(ServiceDialog):
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
        return risk.reassess_event(
            self._ctx,
            self._event_id,
            int(p) if isinstance(p, int) else 0,
            int(c) if isinstance(c, int) else 0,
            self.comment.text(),
            assessed_on,
        )
