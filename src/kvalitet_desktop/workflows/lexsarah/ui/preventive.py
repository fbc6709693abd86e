"""Förebyggande åtgärder: the causes found in the investigation and the measures against
them. Every measure is tied to at least one cause and gets a planned follow-up."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.causes import CauseLevel
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    button_row,
    help_label,
    iso,
    read_date,
    text_edit,
)
from kvalitet_desktop.ui.widgets.tables import read_only_table
from kvalitet_desktop.workflows.followups.service import PlanInput
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.service import CaseView, CauseView
from kvalitet_desktop.workflows.lexsarah.ui.common import capitalised, tr
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput, MeasureView


def cause_text(cause: CauseView) -> str:
    area = f", {cause.area}" if cause.area else ""
    return f"{cause.description} ({cause.level.level_text}{area})"


class PreventiveMeasureDialog(QDialog):
    """A new preventive measure: what, who, when, which causes, and the follow-up."""

    submitted = Signal(object)  # the CaseView with the new measure

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        view: CaseView,
        users: list[tuple[str, str]],
    ) -> None:
        super().__init__(parent)
        self.ctx, self.view = ctx, view
        self.setWindowTitle(tr("Ny förebyggande åtgärd"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)

        self.title_edit = QLineEdit()
        self.description = text_edit(3)
        self.responsible = UserCombo(users)
        self.due_date = DateField()
        self.causes = QListWidget()
        self.causes.setWordWrap(True)
        for cause in view.causes:
            item = QListWidgetItem(cause_text(cause))
            item.setData(Qt.ItemDataRole.UserRole, cause.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.causes.addItem(item)
        rows = max(2, min(5, len(view.causes)))
        self.causes.setFixedHeight(self.causes.fontMetrics().lineSpacing() * rows * 2 + 8)
        self.plan_on = DateField()
        self.plan_method = QLineEdit()
        self.plan_method.setPlaceholderText(
            tr("t.ex. stickprov, samtal med den enskilde, genomgång på APT")
        )
        self.plan_responsible = UserCombo(users)
        # The follow-up's responsible follows the measure's until the user chooses it: then
        # browsing the first combo by keyboard ends where a mouse choice would.
        self._plan_chosen = False
        self.plan_responsible.activated.connect(self._choose_plan_responsible)
        self.responsible.currentIndexChanged.connect(self._default_plan_responsible)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, "title", tr("&Rubrik:"), self.title_edit)
        self._row(form, "description", tr("&Beskrivning:"), self.description)
        self._row(form, "responsible_id", tr("&Ansvarig:"), self.responsible)
        self._row(form, "due_date", tr("&Klart senast:"), self.due_date, self.due_date.edit)
        self._row(
            form,
            "cause_ids",
            tr("&Orsaker som åtgärden ska motverka:"),
            self.causes,
            help_text=tr("Kryssa för minst en orsak (mellanslag kryssar för)."),
        )
        follow = QGroupBox(tr("Uppföljning"))
        plan = QFormLayout(follow)
        plan.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(plan, "plan.planned_on", tr("&Planerad:"), self.plan_on, self.plan_on.edit)
        self._row(plan, "plan.method", tr("&Metod:"), self.plan_method)
        self._row(
            plan, "plan.responsible_id", tr("Ansvarig för &uppföljningen:"), self.plan_responsible
        )

        ok = QPushButton(tr("&Lägg till åtgärden"))
        ok.clicked.connect(self.submit)
        cancel = QPushButton(tr("Avbryt"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            help_label(
                tr(
                    "En åtgärd som ska förhindra att det händer igen. Den läggs upp som en "
                    "åtgärd i enhetens åtgärdslista och följs upp – gärna också med den "
                    "enskildes egen upplevelse."
                )
            )
        )
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(follow)
        layout.addLayout(button_row([], [ok, cancel]))
        self.resize(640, 640)

    def _row(
        self,
        form: QFormLayout,
        key: str,
        text: str,
        field: QWidget,
        focus: QWidget | None = None,
        help_text: str | None = None,
    ) -> None:
        error = ErrorLabel()
        add_row(form, text, field, error=error, help_text=help_text)
        self.errors.bind(key, error, focus or field)

    def _choose_plan_responsible(self, _index: int) -> None:
        self._plan_chosen = True

    def _default_plan_responsible(self) -> None:
        if not self._plan_chosen:
            self.plan_responsible.set_user_id(self.responsible.user_id())

    def cause_ids(self) -> list[str]:
        result = []
        for row in range(self.causes.count()):
            item = self.causes.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                result.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return result

    def submit(self) -> None:
        self.errors.clear()
        problems: list[FieldError] = []
        due = read_date(self.due_date, "due_date", problems)
        planned = read_date(self.plan_on, "plan.planned_on", problems)
        data = MeasureInput(
            title=self.title_edit.text(),
            unit_id=self.view.unit_id,
            description=self.description.toPlainText(),
            responsible_id=self.responsible.user_id(),
            due_date=due,
        )
        plan = PlanInput(planned, self.plan_method.text(), self.plan_responsible.user_id())
        try:
            saved = lexsarah.add_preventive_measure(
                self.ctx, self.view.id, data, self.cause_ids(), plan
            )
        except ValidationFailed as error:
            # The service checks causes and plan first, then the measure: show all at once.
            found = list(problems)
            found += error.errors
            try:
                measures.validate_measure(data)
            except ValidationFailed as more:
                found += more.errors
            seen: set[str] = set()
            unique = []
            for problem in found:
                if problem.field not in seen:
                    seen.add(problem.field)
                    unique.append(problem)
            self.errors.show(ValidationFailed(unique))
            return
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.submitted.emit(saved.case)
        self.accept()


class PreventivePanel(QGroupBox):
    """The causes of the saved investigation and the measures tied to them."""

    add_requested = Signal()
    changed = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(tr("Förebyggande åtgärder"), parent)
        self.ctx = ctx
        self.cause_table = read_only_table(
            [tr("Orsak"), tr("Nivå"), tr("Område"), tr("Åtgärder")], tr("Orsaker"), stretch=0
        )
        self.measure_table = read_only_table(
            [tr("Åtgärd"), tr("Ansvarig"), tr("Klart senast"), tr("Status"), tr("Orsak")],
            tr("Förebyggande åtgärder"),
            stretch=0,
        )
        # The cause's text is long; the table shows its beginning (all of it in the tooltip).
        header = self.measure_table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 200)
        self.measure_table.activated.connect(self._open_measure)
        self.add_button = QPushButton(tr("&Ny förebyggande åtgärd…"))
        self.add_button.clicked.connect(self.add_requested)
        self.open_button = QPushButton(tr("Öppna å&tgärden"))
        self.open_button.clicked.connect(lambda: self._open_measure())
        self.empty = help_label(
            tr(
                "Orsakerna kommer från utredningens sektion ”Orsaker” när den är sparad. "
                "Varje förebyggande åtgärd kopplas till minst en orsak."
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.cause_table)
        layout.addWidget(self.measure_table)
        layout.addLayout(button_row([self.add_button, self.open_button], []))
        for table in (self.cause_table, self.measure_table):
            table.setMinimumHeight(table.fontMetrics().lineSpacing() * 4)

    def show_view(self, view: CaseView, editable: bool) -> None:
        causes = view.causes
        self.cause_table.setRowCount(len(causes))
        seen: dict[str, tuple[MeasureView | None, list[str]]] = {}
        for row, cause in enumerate(causes):
            values: tuple[str, ...] = (
                cause.description,
                capitalised(cause.level.value if isinstance(cause.level, CauseLevel) else ""),
                capitalised(cause.area),
                str(len(cause.measure_ids)),
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column == 0 else "")
                if column == 0:
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
                self.cause_table.setItem(row, column, item)
            for measure_id in cause.measure_ids:
                if measure_id not in seen:
                    seen[measure_id] = (self._measure(measure_id), [])
                seen[measure_id][1].append(cause.description)
        self.measure_table.setRowCount(len(seen))
        for row, (measure_id, (measure, cause_texts)) in enumerate(seen.items()):
            if measure is None:
                values = (tr("(kan inte visas)"), "", "", "", "; ".join(cause_texts))
            else:
                values = (
                    measure.title,
                    measure.responsible_name or "–",
                    iso(measure.due_date),
                    capitalised(measure.status.value),
                    "; ".join(cause_texts),
                )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, measure_id)
                item.setToolTip(text if len(text) > 20 else "")
                if column == 2 and measure is not None and measure.overdue:
                    item.setForeground(Qt.GlobalColor.red)
                self.measure_table.setItem(row, column, item)
        self.cause_table.setVisible(bool(causes))
        self.measure_table.setVisible(bool(seen))
        self.empty.setVisible(not causes)
        self.add_button.setEnabled(editable)
        self.open_button.setEnabled(bool(seen))

    def _measure(self, measure_id: str) -> MeasureView | None:
        try:
            return measures.get_measure(self.ctx, measure_id)
        except KvalitetError:
            return None  # not visible to this user, or gone

    def _open_measure(self, *_args: object) -> None:
        row = self.measure_table.currentRow()
        item = self.measure_table.item(row, 0) if row >= 0 else None
        if item is None:
            return
        from kvalitet_desktop.ui.records import show_record_editor

        show_record_editor(
            self, self.ctx, "atgard", str(item.data(Qt.ItemDataRole.UserRole)), self.changed.emit
        )
