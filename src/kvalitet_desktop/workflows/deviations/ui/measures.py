"""Åtgärder answering to the avvikelse (the shared åtgärd), each with its planned follow-up
(the shared uppföljning); a double-click opens the measure's own editor."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.records import show_record_editor
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    button_row,
    help_label,
    iso,
    name_widget,
    read_date,
    text_edit,
)
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.service import DeviationView, MeasureLine
from kvalitet_desktop.workflows.deviations.ui.common import capitalised, tr
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.measures.kind import KEY as MEASURE_KIND
from kvalitet_desktop.workflows.measures.service import MeasureInput

_MEASURE = Qt.ItemDataRole.UserRole


def measure_text(line: MeasureLine) -> str:
    follow = "; ".join(
        tr("uppföljning {day} ({status})").format(day=iso(f.planned_on), status=f.status.value)
        for f in line.follow_ups
    )
    due = tr("klart senast {day}").format(day=iso(line.due_date)) if line.due_date else ""
    parts = [p for p in (capitalised(line.status.value), line.responsible, due, follow) if p]
    return f"{line.title} – " + ", ".join(parts)


class MeasureDialog(QDialog):
    """A new measure: what, who, when; and when and how it is followed up."""

    submitted = Signal(object)  # the DeviationView with the new measure

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        view: DeviationView,
        users: list[tuple[str, str]],
    ) -> None:
        super().__init__(parent)
        self.ctx, self.view = ctx, view
        self.setWindowTitle(tr("Ny åtgärd"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.title_edit = QLineEdit()
        self.description = text_edit(3)
        self.responsible = UserCombo(users)
        self.responsible.set_user_id(ctx.actor.id)
        self.due_date = DateField(value=date.today() + timedelta(days=30))
        self.plan_on = DateField(value=date.today() + timedelta(days=60))
        self.plan_method = QLineEdit()
        self.plan_method.setPlaceholderText(tr("t.ex. stickprov, genomgång på APT"))
        self.plan_responsible = UserCombo(users)
        self.plan_responsible.set_user_id(ctx.actor.id)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, "title", tr("Å&tgärd:"), self.title_edit)
        self._row(form, "description", tr("&Beskrivning:"), self.description)
        self._row(form, "responsible_id", tr("&Ansvarig:"), self.responsible)
        self._row(form, "due_date", tr("&Klart senast:"), self.due_date, self.due_date.edit)
        follow = QGroupBox(tr("Uppföljning"))
        plan = QFormLayout(follow)
        self._row(plan, "plan.planned_on", tr("&Planerad:"), self.plan_on, self.plan_on.edit)
        self._row(plan, "plan.method", tr("&Metod:"), self.plan_method)
        self._row(
            plan, "plan.responsible_id", tr("Ansvarig för &uppföljningen:"), self.plan_responsible
        )
        ok = QPushButton(tr("&Lägg till åtgärden"))
        name_widget(ok, ok.text())
        ok.setDefault(True)
        ok.clicked.connect(self.submit)
        cancel = QPushButton(tr("Avbryt"))
        name_widget(cancel, cancel.text())
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(follow)
        layout.addLayout(button_row([], [ok, cancel]))
        self.title_edit.setFocus()

    def _row(
        self, form: QFormLayout, key: str, text: str, field: QWidget, focus: QWidget | None = None
    ) -> None:
        error = ErrorLabel()
        add_row(form, text, field, error=error)
        self.errors.bind(key, error, focus or field)

    def submit(self) -> None:
        self.errors.clear()
        problems: list[FieldError] = []
        due = read_date(self.due_date, "due_date", problems)
        planned = read_date(self.plan_on, "plan.planned_on", problems)
        if problems:
            self.errors.show(ValidationFailed(problems))
            return
        measure = MeasureInput(
            self.title_edit.text(),
            self.view.unit_id,
            self.description.toPlainText() or None,
            self.responsible.user_id(),
            due,
        )
        plan = PlanInput(planned, self.plan_method.text() or None, self.plan_responsible.user_id())
        try:
            saved = deviations.add_measure(self.ctx, self.view.id, measure, plan)
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.submitted.emit(saved.deviation)
        self.accept()


class MeasuresPanel(QWidget):
    add_requested = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.list = QListWidget()
        name_widget(self.list, tr("Åtgärder"))
        self.list.itemActivated.connect(self._open)
        self.add_button = QPushButton(tr("&Ny åtgärd…"))
        name_widget(self.add_button, self.add_button.text())
        self.add_button.clicked.connect(self.add_requested)
        self.empty = help_label(
            tr("Inga åtgärder ännu. Lägg till en åtgärd mot orsakerna, med en uppföljning.")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            help_label(
                tr(
                    "Åtgärderna och deras uppföljningar finns också under Åtgärder och "
                    "Uppföljningar. Dubbelklicka eller tryck Enter för att öppna en åtgärd."
                )
            )
        )
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_view(self, view: DeviationView) -> None:
        self.list.clear()
        for line in view.measures:
            item = QListWidgetItem(measure_text(line))
            item.setData(_MEASURE, line.id)
            self.list.addItem(item)
        self.empty.setVisible(not view.measures)

    def _open(self, item: QListWidgetItem) -> None:
        show_record_editor(self, self.ctx, MEASURE_KIND, str(item.data(_MEASURE)))
