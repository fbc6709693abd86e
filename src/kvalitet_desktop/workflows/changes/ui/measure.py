"""A new measure for one person affected, after their follow-up: it answers to the person."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    read_date,
    text_edit,
)
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.measures.service import MeasureInput


class MeasureDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        person_id: str,
        users: Sequence[tuple[str, str]],
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.measure_id: str | None = None
        self.setWindowTitle(self.tr("Ny åtgärd för personen"))
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.description = text_edit(3)
        self.responsible = UserCombo(users)
        self.responsible.set_user_id(ctx.actor.id)
        self.due = DateField()
        form = QFormLayout()
        for key, text, field in (
            ("title", self.tr("&Åtgärd"), self.title),
            ("description", self.tr("&Beskrivning"), self.description),
            ("responsible_id", self.tr("&Ansvarig"), self.responsible),
            ("due_date", self.tr("&Klar senast"), self.due),
        ):
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            self.errors.bind(key, error, field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for role, name in (
            (QDialogButtonBox.StandardButton.Save, self.tr("Spara åtgärden")),
            (QDialogButtonBox.StandardButton.Cancel, self.tr("Avbryt")),
        ):
            made = buttons.button(role)
            made.setAccessibleName(name)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        problems: list[FieldError] = []
        due = read_date(self.due, "due_date", problems)
        try:
            if problems:
                raise ValidationFailed(problems)
            data = MeasureInput(
                self.title.text(),
                "",
                self.description.toPlainText(),
                self.responsible.user_id(),
                due,
            )
            self.measure_id = changes.add_measure(self.ctx, self.person_id, data)
        except KvalitetError as error:
            self.errors.show(error)
            return
        super().accept()
