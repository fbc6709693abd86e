"""The unit manager's part: the investigation with its causes, the återföring to the staff
and the closing with a conclusion."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.causes import LEVEL_HELP, CauseLevel
from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    help_label,
    iso,
    name_widget,
    read_date,
    text_edit,
)
from kvalitet_desktop.workflows.deviations.domain import DeviationStatus, FeedbackHow
from kvalitet_desktop.workflows.deviations.service import (
    CauseInput,
    DeviationView,
    FeedbackInput,
    InvestigationInput,
)
from kvalitet_desktop.workflows.deviations.ui.common import capitalised, list_choices, tr

_CAUSE = Qt.ItemDataRole.UserRole


def cause_text(description: str, level: str, area: str | None) -> str:
    where = f", {area}" if area else ""
    return f"{description} ({CauseLevel(level).level_text}{where})"


class InvestigationPanel(QWidget):
    changed = Signal()

    def __init__(
        self,
        users: list[tuple[str, str]],
        areas: list[str],
        errors: FieldErrors,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.started_on = DateField()
        self.investigator = UserCombo(users)
        self.analysis = text_edit(5, tr("Vad visar utredningen? Vad hände, och varför?"))
        self.causes = QListWidget()
        name_widget(self.causes, tr("Orsaker"))
        self.cause_description = QLineEdit()
        self.cause_level = ChoiceCombo()
        self.cause_level.set_choices([(capitalised(c.value), c.value) for c in CauseLevel])
        self.cause_level.set_value(CauseLevel.ACTIVITY.value)
        self.cause_area = ChoiceCombo()
        self.cause_area.set_choices(list_choices(areas, tr("– Inget område –")))
        self.add_cause_button = QPushButton(tr("Lägg till &orsak"))
        name_widget(self.add_cause_button, self.add_cause_button.text())
        self.add_cause_button.clicked.connect(self.add_cause)
        self.remove_cause_button = QPushButton(tr("Ta &bort vald orsak"))
        name_widget(self.remove_cause_button, self.remove_cause_button.text())
        self.remove_cause_button.clicked.connect(self.remove_cause)
        self.cause_description.returnPressed.connect(self.add_cause)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        started_error = ErrorLabel()
        add_row(form, tr("Utredningen &påbörjades:"), self.started_on, error=started_error)
        errors.bind("started_on", started_error, self.started_on.edit)
        investigator_error = ErrorLabel()
        add_row(form, tr("Utre&dare:"), self.investigator, error=investigator_error)
        errors.bind("investigator_id", investigator_error, self.investigator)
        analysis_error = ErrorLabel()
        add_row(form, tr("&Utredning:"), self.analysis, error=analysis_error)
        errors.bind("analysis", analysis_error, self.analysis)

        box = QGroupBox(tr("Orsaker"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(help_label(tr(LEVEL_HELP)))
        box_layout.addWidget(self.causes)
        self.causes_error = ErrorLabel()
        box_layout.addWidget(self.causes_error)
        errors.bind("causes", self.causes_error, self.cause_description)
        cause_form = QFormLayout()
        add_row(cause_form, tr("&Ny orsak:"), self.cause_description)
        add_row(cause_form, tr("&Nivå:"), self.cause_level)
        add_row(cause_form, tr("Områ&de:"), self.cause_area)
        box_layout.addLayout(cause_form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_cause_button)
        buttons.addWidget(self.remove_cause_button)
        buttons.addStretch(1)
        box_layout.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(box, 1)
        self.started_on.edit.textChanged.connect(self.changed)
        self.investigator.currentIndexChanged.connect(self.changed)
        self.analysis.textChanged.connect(self.changed)

    # --- causes --------------------------------------------------------------------------

    def _add_item(self, cause: CauseInput) -> None:
        item = QListWidgetItem(cause_text(cause.description, cause.level, cause.area))
        item.setData(_CAUSE, cause)
        self.causes.addItem(item)

    def add_cause(self) -> None:
        text = self.cause_description.text().strip()
        if not text:
            self.causes_error.show_messages([tr("Skriv orsaken först.")])
            self.cause_description.setFocus()
            return
        level = self.cause_level.value()
        area = self.cause_area.value()
        self._add_item(CauseInput(text, str(level), area if isinstance(area, str) else None))
        self.causes_error.clear_messages()
        self.cause_description.clear()
        self.cause_description.setFocus()
        self.changed.emit()

    def remove_cause(self) -> None:
        row = self.causes.currentRow()
        if row >= 0:
            self.causes.takeItem(row)
            self.changed.emit()

    def cause_inputs(self) -> list[CauseInput]:
        return [self.causes.item(i).data(_CAUSE) for i in range(self.causes.count())]

    # --- values --------------------------------------------------------------------------

    def value(self, problems: list[FieldError]) -> InvestigationInput:
        return InvestigationInput(
            started_on=read_date(self.started_on, "started_on", problems),
            investigator_id=self.investigator.user_id(),
            analysis=self.analysis.toPlainText() or None,
            causes=self.cause_inputs(),
        )

    def show_view(self, view: DeviationView, actor_id: str) -> None:
        self.blockSignals(True)
        self.started_on.set_date(view.investigation_started_on or date.today())
        self.investigator.set_user_id(view.investigator_id or actor_id, view.investigator_name)
        self.analysis.setPlainText(view.analysis or "")
        self.causes.clear()
        for cause in view.causes:
            self._add_item(CauseInput(cause.description, cause.level.value, cause.area, cause.id))
        self.blockSignals(False)

    def state(self) -> FormState:
        return {
            "started_on": self.started_on.text(),
            "investigator_id": self.investigator.user_id(),
            "analysis": self.analysis.toPlainText(),
            "causes": [
                {"description": c.description, "level": c.level, "area": c.area, "id": c.id}
                for c in self.cause_inputs()
            ],
        }

    def restore(self, state: FormState) -> None:
        self.started_on.set_text(str(state.get("started_on") or ""))
        self.investigator.set_user_id(state.get("investigator_id"))
        self.analysis.setPlainText(str(state.get("analysis") or ""))
        self.causes.clear()
        for cause in state.get("causes") or []:
            if isinstance(cause, dict):
                self._add_item(
                    CauseInput(
                        str(cause.get("description") or ""),
                        str(cause.get("level") or CauseLevel.ACTIVITY.value),
                        cause.get("area"),
                        cause.get("id"),
                    )
                )


class FeedbackPanel(QWidget):
    """Återföring: when, how and to whom the staff were told what the avvikelse taught."""

    changed = Signal()

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on = DateField()
        self.how = ChoiceCombo()
        self.how.set_choices(
            [(tr("– Välj –"), None), *((capitalised(f.value), f.value) for f in FeedbackHow)]
        )
        self.to = text_edit(2, tr("t.ex. hela personalgruppen, nattpersonalen"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(
            help_label(
                tr(
                    "Berätta för personalen vad avvikelsen visade och vad som ändras, till "
                    "exempel på en arbetsplatsträff (APT). Skriv inga namn."
                )
            )
        )
        for key, text, field, focus in (
            ("feedback_on", tr("Åter&föring, datum:"), self.on, self.on.edit),
            ("feedback_how", tr("&Hur:"), self.how, self.how),
            ("feedback_to", tr("Till &vem:"), self.to, self.to),
        ):
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            errors.bind(key, error, focus)
        self.on.edit.textChanged.connect(self.changed)
        self.how.currentIndexChanged.connect(self.changed)
        self.to.textChanged.connect(self.changed)

    def is_empty(self) -> bool:
        return not (self.on.text().strip() or self.how.value() or self.to.toPlainText().strip())

    def value(self, problems: list[FieldError]) -> FeedbackInput:
        how = self.how.value()
        return FeedbackInput(
            read_date(self.on, "feedback_on", problems),
            how if isinstance(how, str) else None,
            self.to.toPlainText() or None,
        )

    def show_view(self, view: DeviationView) -> None:
        self.blockSignals(True)
        self.on.set_date(view.feedback_on)
        self.how.set_value(view.feedback_how)
        self.to.setPlainText(view.feedback_to or "")
        self.blockSignals(False)

    def state(self) -> FormState:
        return {"on": self.on.text(), "how": self.how.value(), "to": self.to.toPlainText()}

    def restore(self, state: FormState) -> None:
        self.on.set_text(str(state.get("on") or ""))
        self.how.set_value(state.get("how"))
        self.to.setPlainText(str(state.get("to") or ""))


class ClosingPanel(QWidget):
    """The conclusion and the day; "Avsluta" closes, "Öppna igen…" (with a reason) reopens."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conclusion = text_edit(4, tr("Vad kom utredningen fram till, och vad görs?"))
        self.closed_on = DateField(value=date.today())
        self.close_button = QPushButton(tr("&Avsluta avvikelsen"))
        name_widget(self.close_button, self.close_button.text())
        self.reopen_button = QPushButton(tr("Öppna &igen…"))
        name_widget(self.reopen_button, self.reopen_button.text())
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.state_label)
        for key, text, field, focus in (
            ("conclusion", tr("Slut&sats:"), self.conclusion, self.conclusion),
            ("closed_on", tr("Avslutad, &datum:"), self.closed_on, self.closed_on.edit),
        ):
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            errors.bind(key, error, focus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.reopen_button)
        buttons.addStretch(1)
        form.addRow(buttons)

    def show_view(self, view: DeviationView) -> None:
        # A conclusion being written (not yet closed) stays when another part is saved.
        if view.conclusion is not None or view.status is not DeviationStatus.INVESTIGATING:
            self.conclusion.setPlainText(view.conclusion or "")
        if view.closed_on is not None:
            self.closed_on.set_date(view.closed_on)
        if view.closed_on:
            self.state_label.setText(
                tr("Avslutad {day} av {who}.").format(
                    day=iso(view.closed_on), who=view.closed_by or "–"
                )
            )
        elif view.reopen_reason:
            self.state_label.setText(tr("Öppnad igen: {reason}").format(reason=view.reopen_reason))
        else:
            self.state_label.setText(
                tr("Avsluta när orsakerna är utredda och åtgärderna beslutade.")
            )

    def value(self, problems: list[FieldError]) -> tuple[str, date | None]:
        return self.conclusion.toPlainText(), read_date(self.closed_on, "closed_on", problems)
