"""Inställningar › Säkerhet: after how many minutes without input the program locks itself
(administrators; everyone else sees the value)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QSpinBox, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import SECURITY_CHANGE
from kvalitet_desktop.services import settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import error_rows, help_label, set_read_only
from kvalitet_desktop.ui.views.settings_tab import SettingsTab, note_label

# Wider than the allowed range on purpose: a wrong number gets the service's message at the
# field instead of being changed silently by the spin box.
SPIN_RANGE = (0, 999)


class SecurityTab(SettingsTab):
    """``autoLockChanged(minutes)`` after a saved change (the running program follows it)."""

    autoLockChanged = Signal(int)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:sakerhet",
            self.tr("Inställningar – Säkerhet"),
            editable=ctx.actor.can(SECURITY_CHANGE),
            not_allowed=self.tr("Bara administratörer kan ändra säkerhetsinställningarna."),
            parent=parent,
        )
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(*SPIN_RANGE)
        self.lock_minutes.setSuffix(self.tr(" min"))
        self.lock_minutes.setFixedWidth(
            self.lock_minutes.fontMetrics().horizontalAdvance("0000 min") + 40
        )
        box = QGroupBox(self.tr("Automatisk låsning"))
        form = QFormLayout(box)
        self.errors.bind_all(
            error_rows(
                form, [(settings.AUTO_LOCK, self.tr("&Lås efter (minuter):"), self.lock_minutes)]
            )
        )
        form.addRow(
            help_label(
                self.tr(
                    "Efter så många minuter utan att någon använder tangentbordet eller musen "
                    "döljer programmet alla uppgifter och ber om lösenordet. Det som inte är "
                    "sparat finns kvar. Mellan {low} och {high} minuter; standard är {default}. "
                    "Ändringen gäller direkt här och hos andra när de startar programmet nästa "
                    "gång."
                ).format(
                    low=settings.AUTO_LOCK_MIN_MINUTES,
                    high=settings.AUTO_LOCK_MAX_MINUTES,
                    default=settings.DEFAULT_AUTO_LOCK_MINUTES,
                )
            )
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Programmet kan också låsas direkt med Ctrl+L eller Arkiv › Lås nu, till "
                    "exempel när du lämnar datorn."
                )
            )
        )
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.banner)
        layout.addWidget(box)
        layout.addStretch(1)
        layout.addLayout(self.save_bar())

        self.load()
        self.lock_minutes.valueChanged.connect(self.edited)
        set_read_only(box, not self.editable)
        self.start_autosave()

    def load(self) -> None:
        self.lock_minutes.setValue(settings.auto_lock_minutes(self.ctx))

    # --- drafts and saving -----------------------------------------------------------------

    def form_state(self) -> FormState:
        return {"lock_minutes": self.lock_minutes.value()}

    def restore_state(self, state: FormState) -> None:
        value = state.get("lock_minutes")
        if isinstance(value, int):
            self.lock_minutes.setValue(value)

    def save(self) -> bool:
        self.errors.clear()
        self.saved_label.clear()
        minutes = self.lock_minutes.value()
        try:
            settings.set_auto_lock_minutes(self.ctx, minutes)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.load()
        self.mark_saved(self.tr("Säkerhetsinställningarna är sparade."))
        self.autoLockChanged.emit(minutes)
        return True
