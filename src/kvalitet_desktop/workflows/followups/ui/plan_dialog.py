"""Planning a follow-up of a measure in a small dialog."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    UserCombo,
    error_rows,
    read_date,
    text_edit,
)
from kvalitet_desktop.ui.toolkit.small_dialogs import ServiceDialog
from kvalitet_desktop.workflows.followups import service as followups


class PlanDialog(ServiceDialog):
    """Plan a follow-up of a measure (``followups.plan_follow_up``); emits it as saved."""

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
