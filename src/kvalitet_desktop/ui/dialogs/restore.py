"""The restore dialog: what a backup holds, and a last word before it replaces the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.services.backups import BackupSummary


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RestoreDialog(QDialog):
    """Accepted: the user chose to replace the database with the backup shown."""

    def __init__(self, summary: BackupSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self.setWindowTitle(self.tr("Återställ från säkerhetskopia"))
        self.setAccessibleName(self.tr("Återställ från säkerhetskopia"))
        heading = QLabel(self.tr("Säkerhetskopian är kontrollerad och kan återställas."))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        form = QFormLayout()
        form.addRow(self.tr("Fil:"), _selectable(str(summary.path)))
        form.addRow(self.tr("Gjord:"), _selectable(f"{summary.made_at:%Y-%m-%d %H:%M}"))
        self.count_labels: dict[str, QLabel] = {}
        for noun, count in summary.counts:
            label = _selectable(str(count))
            label.setAccessibleName(noun)
            self.count_labels[noun] = label
            form.addRow(noun[:1].upper() + noun[1:] + ":", label)
        warning = _selectable(
            self.tr(
                "Databasen ersätts med säkerhetskopians innehåll. Det som har sparats efter "
                "att kopian gjordes finns sedan bara i den kopia av den nuvarande databasen "
                "som programmet gör först, i mappen säkerhetskopior. Därefter läser "
                "programmet in allt på nytt."
            )
        )
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("&Återställ"))
        self.restore_button.setAccessibleName(self.tr("Återställ databasen"))
        self.restore_button.setAutoDefault(False)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Avbryt"))
        self.cancel_button.setAccessibleName(self.tr("Avbryt återställningen"))
        # Enter alone must not replace the database: Avbryt is the default.
        self.cancel_button.setDefault(True)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
