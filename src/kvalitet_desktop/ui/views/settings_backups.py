"""Inställningar › Säkerhetskopior: how many automatic backups are kept (administrators;
everyone else sees the value), when the last one was made and where they are."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import BACKUP
from kvalitet_desktop.services import backups
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import error_rows, help_label, set_read_only
from kvalitet_desktop.ui.views.settings_tab import SettingsTab, note_label

# Wider than the allowed range on purpose: a wrong number gets the service's message.
SPIN_RANGE = (0, 9999)


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupsTab", text)


def last_backup_text(ctx: Context) -> str:
    """ "Senaste säkerhetskopian: …" for the settings tab and the status bar."""
    made = backups.last_backup_time(ctx.db.path)
    if made is None:
        return _tr("Senaste säkerhetskopian: ingen ännu")
    return _tr("Senaste säkerhetskopian: {when}").format(when=f"{made:%Y-%m-%d %H:%M}")


class BackupsTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:sakerhetskopior",
            self.tr("Inställningar – Säkerhetskopior"),
            editable=ctx.actor.can(BACKUP),
            not_allowed=self.tr("Bara administratörer kan ändra hur många kopior som sparas."),
            parent=parent,
        )
        self.kept = QSpinBox()
        self.kept.setRange(*SPIN_RANGE)
        self.kept.setFixedWidth(self.kept.fontMetrics().horizontalAdvance("00000") + 40)
        box = QGroupBox(self.tr("Automatiska säkerhetskopior"))
        form = QFormLayout(box)
        self.errors.bind_all(
            error_rows(form, [(backups.KEEP, self.tr("&Antal som sparas:"), self.kept)])
        )
        form.addRow(
            help_label(
                self.tr(
                    "Programmet gör en säkerhetskopia när någon loggar in (högst en om dagen) "
                    "och före varje uppgradering av databasen, i mappen nedan. Varje kopia "
                    "kontrolleras innan den sparas och har sin nyckelfil bredvid sig. De "
                    "äldsta tas bort när fler än så här många finns. Mellan {low} och {high}; "
                    "standard är {default}."
                ).format(low=backups.KEEP_MIN, high=backups.KEEP_MAX, default=backups.DEFAULT_KEEP)
            )
        )
        self.last_label = QLabel()
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label = QLabel(
            self.tr("Mapp: {folder}").format(folder=backups.backup_folder(ctx.db.path))
        )
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "En säkerhetskopia återställs under Arkiv › Återställ från "
                    "säkerhetskopia. Kopiera aldrig databasfilen för hand."
                )
            )
        )
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.banner)
        layout.addWidget(box)
        layout.addWidget(self.last_label)
        layout.addWidget(self.folder_label)
        layout.addStretch(1)
        layout.addLayout(self.save_bar())

        self.load()
        self.kept.valueChanged.connect(self.edited)
        set_read_only(box, not self.editable)
        self.start_autosave()

    def load(self) -> None:
        self.kept.setValue(backups.kept_backups(self.ctx))
        self.refresh_last()

    def refresh_last(self) -> None:
        self.last_label.setText(last_backup_text(self.ctx))

    # --- drafts and saving -----------------------------------------------------------------

    def form_state(self) -> FormState:
        return {"kept": self.kept.value()}

    def restore_state(self, state: FormState) -> None:
        value = state.get("kept")
        if isinstance(value, int):
            self.kept.setValue(value)

    def save(self) -> bool:
        self.errors.clear()
        self.saved_label.clear()
        try:
            backups.set_kept_backups(self.ctx, self.kept.value())
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.load()
        self.mark_saved(self.tr("Inställningen för säkerhetskopior är sparad."))
        return True
