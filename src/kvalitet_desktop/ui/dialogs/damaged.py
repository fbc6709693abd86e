"""The dialog of a database found damaged at start: where the damaged file was kept aside, the
newest good backup (its date and what it holds), and the three ways on: restore from it, read
the damaged file anyway (nothing is saved in it), or end the program."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.services.backups import BackupSummary
from kvalitet_desktop.ui.dialogs.common import ERROR_COLOUR


@dataclass(frozen=True)
class Damage:
    """What the dialog shows: the check's findings, where the damaged file was kept (None: it
    could not be), the newest good backup and when it was made, what it holds (None: the
    user may not restore, or it could not be read; ``backup_problem`` says why)."""

    problems: tuple[str, ...]
    kept_as: Path | None
    backup: Path | None
    backup_made_at: datetime | None
    summary: BackupSummary | None
    backup_problem: str | None
    may_restore: bool


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DamageDialog(QDialog):
    """Emits ``restore_chosen`` (Återställ från säkerhetskopia…), ``read_only_chosen`` (Öppna
    ändå skrivskyddat, also Esc: it changes nothing) or ``quit_chosen`` (Avsluta)."""

    restore_chosen = Signal()
    read_only_chosen = Signal()
    quit_chosen = Signal()

    def __init__(self, damage: Damage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.damage = damage
        self.setObjectName("damage_dialog")
        self.setWindowTitle(self.tr("Databasen är skadad"))
        self.setAccessibleName(self.tr("Databasen är skadad"))
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Databasfilen är skadad"))
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        layout.addWidget(heading)
        self.explanation = _selectable(self._explanation())
        self.explanation.setAccessibleName(self.tr("Vad som har hänt"))
        layout.addWidget(self.explanation)
        layout.addLayout(self._backup_part())
        found = QLabel(self.tr("Kontrollen fann:"))
        layout.addWidget(found)
        self.findings = QPlainTextEdit("\n".join(damage.problems))
        self.findings.setReadOnly(True)
        self.findings.setAccessibleName(self.tr("Vad kontrollen fann"))
        self.findings.setMaximumHeight(70)
        found.setBuddy(self.findings)
        layout.addWidget(self.findings)
        layout.addLayout(self._buttons())
        self.setMinimumWidth(600)

    def _explanation(self) -> str:
        parts = [
            self.tr(
                "Kontrollen vid start fann skador i databasfilen. Programmet sparar inget mer "
                "i den, så att skadan inte blir värre."
            )
        ]
        if self.damage.kept_as is not None:
            parts.append(
                self.tr(
                    "Den skadade filen är sparad oförändrad under ett nytt namn:\n{path}"
                ).format(path=self.damage.kept_as)
            )
        else:
            parts.append(
                self.tr(
                    "Den skadade filen kunde inte sparas under ett nytt namn (är disken full?). "
                    "Den ligger kvar orörd där den låg."
                )
            )
        return "\n\n".join(parts)

    def _backup_part(self) -> QFormLayout:
        form = QFormLayout()
        damage = self.damage
        self.count_labels: dict[str, QLabel] = {}
        if damage.backup is None:
            self.backup_note = _selectable(
                self.tr(
                    "Det finns ingen hel säkerhetskopia i mappen säkerhetskopior bredvid "
                    "databasen. Be den som sköter programmet om hjälp."
                )
            )
            self.backup_note.setAccessibleName(self.tr("Säkerhetskopia"))
            form.addRow(self.backup_note)
            return form
        form.addRow(
            QLabel(self.tr("Senaste hela säkerhetskopian:")), _selectable(str(damage.backup))
        )
        if damage.backup_made_at is not None:
            form.addRow(
                QLabel(self.tr("Gjord:")), _selectable(f"{damage.backup_made_at:%Y-%m-%d %H:%M}")
            )
        if damage.summary is not None:
            for noun, count in damage.summary.counts:
                label = _selectable(str(count))
                label.setAccessibleName(noun)
                self.count_labels[noun] = label
                form.addRow(QLabel(noun[:1].upper() + noun[1:] + ":"), label)
        note = damage.backup_problem
        if note is None and damage.kept_as is None:
            note = self.tr(
                "Databasen återställs inte förrän den skadade filen har kunnat sparas under "
                "ett nytt namn. Frigör utrymme på disken och starta programmet igen."
            )
        if note is None and not damage.may_restore:
            note = self.tr(
                "Bara en administratör kan återställa databasen. Be en administratör starta "
                "programmet och återställa den."
            )
        if note is None:
            note = self.tr(
                "Återställ databasen från säkerhetskopian. Det som sparades efter att kopian "
                "gjordes finns då bara kvar i den skadade filen."
            )
        self.backup_note = _selectable(note)
        self.backup_note.setAccessibleName(self.tr("Om säkerhetskopian"))
        if damage.backup_problem is not None:
            self.backup_note.setStyleSheet(f"color: {ERROR_COLOUR};")
        form.addRow(self.backup_note)
        return form

    def _buttons(self) -> QHBoxLayout:
        self.restore_button = QPushButton(self.tr("&Återställ från säkerhetskopia…"))
        self.restore_button.setAccessibleName(self.tr("Återställ från säkerhetskopian"))
        self.restore_button.setEnabled(self.can_restore)
        self.read_only_button = QPushButton(self.tr("Öppna ändå &skrivskyddat"))
        self.read_only_button.setAccessibleName(self.tr("Öppna den skadade databasen skrivskyddad"))
        self.quit_button = QPushButton(self.tr("A&vsluta"))
        self.quit_button.setAccessibleName(self.tr("Avsluta programmet"))
        for button in (self.restore_button, self.read_only_button, self.quit_button):
            button.setAutoDefault(False)
        # Enter does what can be done: restore when a good backup can be, else only read.
        default = self.restore_button if self.can_restore else self.read_only_button
        default.setDefault(True)
        self.restore_button.clicked.connect(self._choose_restore)
        self.read_only_button.clicked.connect(self.reject)
        self.quit_button.clicked.connect(self._choose_quit)
        self.rejected.connect(self.read_only_chosen.emit)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addStretch(1)
        row.addWidget(self.read_only_button)
        row.addWidget(self.quit_button)
        return row

    @property
    def can_restore(self) -> bool:
        damage = self.damage
        return (
            damage.summary is not None
            and damage.may_restore
            and damage.kept_as is not None
            and damage.backup_problem is None
        )

    def _choose_restore(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.restore_chosen.emit()

    def _choose_quit(self) -> None:
        self.done(QDialog.DialogCode.Accepted)
        self.quit_chosen.emit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        (self.restore_button if self.can_restore else self.read_only_button).setFocus()
