"""The start of a second window on a database that is already open here: read it only, or end."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from kvalitet_desktop import APP_NAME
from kvalitet_desktop.services.instance_lock import ALREADY_OPEN

_CONTEXT = "AlreadyOpenBox"
OPEN_READ_ONLY = QMessageBox.StandardButton.Open
CANCEL = QMessageBox.StandardButton.Cancel


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


class AlreadyOpenBox(QMessageBox):
    """ "Databasen är redan öppen i ett annat fönster på den här datorn", with "Öppna
    skrivskyddat" (the default: it changes nothing) and "Avbryt" (also Esc)."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        heading = QCoreApplication.translate("InstanceLock", ALREADY_OPEN)
        super().__init__(
            QMessageBox.Icon.Warning,
            f"{APP_NAME} – {heading}",
            heading,
            OPEN_READ_ONLY | CANCEL,
            parent,
        )
        self.setObjectName("already_open_box")
        self.setAccessibleName(heading)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setInformativeText(
            _tr(
                "Två fönster som båda sparar i samma databas kan skriva över varandras "
                "ändringar. Byt till det andra fönstret och arbeta där, eller öppna databasen "
                "här skrivskyddad: då kan du läsa allt men inte spara något.\n\n{path}"
            ).format(path=db_path)
        )
        self.read_only_button = self.button(OPEN_READ_ONLY)
        self.read_only_button.setText(_tr("Öppna &skrivskyddat"))
        self.read_only_button.setAccessibleName(_tr("Öppna databasen skrivskyddad"))
        self.cancel_button = self.button(CANCEL)
        self.cancel_button.setText(_tr("&Avbryt"))
        self.cancel_button.setAccessibleName(_tr("Avbryt och avsluta"))
        self.setDefaultButton(OPEN_READ_ONLY)
        self.setEscapeButton(self.cancel_button)

    def choose_read_only(self) -> bool:
        """Ask (modal); True if the user chose to open the database read-only."""
        return bool(self.exec() == OPEN_READ_ONLY)
