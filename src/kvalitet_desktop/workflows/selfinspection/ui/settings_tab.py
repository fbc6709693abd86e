"""Inställningar → Egenkontroll: the methods offered when a plan item is written."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import SETTINGS_CHANGE
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import ErrorLabel, add_row, help_label, text_edit
from kvalitet_desktop.ui.views.settings_tab import SettingsTab
from kvalitet_desktop.workflows.selfinspection import service


def _tr(text: str) -> str:
    return QCoreApplication.translate("SelfInspectionTab", text)


class SelfInspectionTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:egenkontroll",
            _tr("Inställningar – Egenkontroll"),
            editable=ctx.actor.can(SETTINGS_CHANGE),
            not_allowed=_tr("Du kan se inställningarna men inte ändra dem."),
            parent=parent,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.banner)
        form = QFormLayout()
        self.methods = text_edit(8)
        self.methods.setReadOnly(not self.editable)
        error = ErrorLabel()
        add_row(
            form,
            _tr("&Metoder:"),
            self.methods,
            error=error,
            help_text=_tr(
                "En metod per rad. De föreslås när en punkt läggs till i en egenkontrollplan; "
                "en annan metod kan också skrivas in där."
            ),
        )
        self.errors.bind("methods", error, self.methods)
        layout.addLayout(form)
        layout.addWidget(
            help_label(
                _tr(
                    "Checklistorna är formulär: programmets egna och de i kommunens "
                    "formulärmapp (den väljs under fliken Lex Sarah). Ett formulär blir en "
                    "checklista när dess kravfrågor besvaras med uppfyllt, delvis uppfyllt, "
                    "ej uppfyllt eller ej aktuellt."
                )
            )
        )
        layout.addStretch(1)
        layout.addLayout(self.save_bar())
        self.methods.setPlainText("\n".join(service.methods(ctx)))
        self.methods.textChanged.connect(self.edited)
        self.start_autosave()

    def form_state(self) -> FormState:
        return {"methods": self.methods.toPlainText()}

    def restore_state(self, state: FormState) -> None:
        self.methods.setPlainText(str(state.get("methods", "")))

    def save(self) -> bool:
        self.errors.clear()
        lines = [line for line in self.methods.toPlainText().splitlines() if line.strip()]
        try:
            stored = service.set_methods(self.ctx, lines)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.methods.setPlainText("\n".join(stored))
        self.mark_saved(_tr("Metoderna är sparade."))
        return True
