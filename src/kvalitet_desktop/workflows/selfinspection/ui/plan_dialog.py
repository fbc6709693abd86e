"""A line of a unit's egenkontrollplan: what is checked, how, how often, by whom, with which
checklist, and what happens when the requirements are not met."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QWidget

from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    UserCombo,
    error_rows,
    parse_date,
    text_edit,
)
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog, ServiceDialog
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import Frequency
from kvalitet_desktop.workflows.selfinspection.kind import VOID


class PlanItemDialog(ServiceDialog):
    """New (``item_id`` None) or changed plan item of ``unit_id``'s ``year``; emits the saved
    ``PlanItemView``."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        unit_id: str,
        year: int,
        item_id: str | None = None,
    ) -> None:
        title = (
            self.tr("Ny punkt i egenkontrollplanen")
            if item_id is None
            else self.tr("Ändra punkt i egenkontrollplanen")
        )
        super().__init__(parent, title)
        self._ctx = ctx
        self._unit_id = unit_id
        self._year = year
        self._item_id = item_id
        self.what = QLineEdit()
        self.what.setMinimumWidth(420)
        self.what.setPlaceholderText(self.tr("Till exempel: Genomförandeplanerna är aktuella"))
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(service.methods(ctx))
        self.method.setCurrentIndex(0)
        self.frequency = ChoiceCombo()
        self.frequency.set_choices([(f.value.capitalize(), f) for f in Frequency])
        self.frequency.set_value(Frequency.QUARTERLY)
        self.dates = QLineEdit()
        self.dates.setPlaceholderText(self.tr("ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM-DD …"))
        self.responsible = UserCombo(organisation.user_choices(ctx))
        self.checklist = ChoiceCombo()
        self.checklist.set_choices(
            [(self.tr("– Välj –"), None), *((c.title, c.id) for c in service.checklists(ctx))]
        )
        self.on_failure = text_edit(
            3, self.tr("Till exempel: en avvikelse registreras och en åtgärd planeras med APT.")
        )
        rows = [
            ("title", self.tr("&Vad kontrolleras:"), self.what),
            ("method", self.tr("&Metod:"), self.method),
            ("frequency", self.tr("&Hur ofta:"), self.frequency),
            ("chosen_dates", self.tr("Valda &datum:"), self.dates),
            ("responsible_id", self.tr("&Ansvarig:"), self.responsible),
            ("form_id", self.tr("&Checklista:"), self.checklist),
            ("on_failure", self.tr("&Om kraven inte uppfylls:"), self.on_failure),
        ]
        self.errors.bind_all(error_rows(self.form, rows))
        self.frequency.currentIndexChanged.connect(self._frequency_changed)
        if item_id is not None:
            self._show(service.get_plan_item(ctx, item_id))
            if ctx.actor.can(VOID):
                void = self.buttons.addButton(
                    self.tr("&Makulera punkten…"), QDialogButtonBox.ButtonRole.ResetRole
                )
                void.setAccessibleName(self.tr("Makulera punkten"))
                void.clicked.connect(self.ask_void)
        self._frequency_changed()
        self.set_ok_text(self.tr("&Spara") if item_id else self.tr("&Lägg till i planen"))

    def _show(self, item: service.PlanItemView) -> None:
        self.what.setText(item.title)
        self.method.setCurrentText(item.method)
        self.frequency.set_value(item.frequency)
        self.dates.setText(", ".join(d.isoformat() for d in item.chosen_dates))
        self.responsible.set_user_id(item.responsible_id, item.responsible_name)
        self.checklist.set_value(item.form_id, item.form_title)
        self.on_failure.setPlainText(item.on_failure)

    def ask_void(self) -> ReasonDialog:
        """Makulera the item: its checks still planned go with it, performed ones stay."""
        assert self._item_id is not None
        item_id = self._item_id

        def void(reason: str) -> None:
            self.submitted.emit(service.archive_plan_item(self._ctx, item_id, reason))
            self.accept()

        dialog = ReasonDialog(
            self,
            self.tr("Makulera punkten i planen"),
            self.tr(
                "Punktens planerade kontroller makuleras också; genomförda finns kvar. "
                "Varför makuleras punkten?"
            ),
            void,
            self.tr("&Makulera"),
        )
        dialog.reason.setAccessibleName(self.tr("Anledning"))
        dialog.open()
        return dialog

    def _frequency_changed(self) -> None:
        chosen = self.frequency.value() is Frequency.CHOSEN_DATES
        self.dates.setEnabled(chosen)

    def _chosen_dates(self) -> list[date]:
        days: list[date] = []
        for part in self.dates.text().replace(";", ",").split(","):
            if not part.strip():
                continue
            day = parse_date(part.strip())
            if day is None:
                raise ValidationFailed(
                    [
                        FieldError(
                            "chosen_dates",
                            self.tr(
                                "”{text}” är inget datum. Skriv datumen som ÅÅÅÅ-MM-DD."
                            ).format(text=part.strip()),
                        )
                    ]
                )
            days.append(day)
        return days

    def submit(self) -> object:
        frequency = self.frequency.value()
        chosen = self._chosen_dates() if frequency is Frequency.CHOSEN_DATES else []
        form_id = self.checklist.value()
        data = service.PlanItemInput(
            unit_id=self._unit_id,
            year=self._year,
            title=self.what.text(),
            method=self.method.currentText(),
            frequency=frequency if isinstance(frequency, Frequency) else None,
            responsible_id=self.responsible.user_id(),
            on_failure=self.on_failure.toPlainText(),
            form_id=form_id if isinstance(form_id, str) else "",
            chosen_dates=chosen,
        )
        return service.save_plan_item(self._ctx, data, self._item_id)
