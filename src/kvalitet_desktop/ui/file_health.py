"""The database file's health in the main window: a quick check after log-in (off the UI
thread); a damaged file is kept aside, written no more, and the newest good backup offered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from kvalitet_desktop.services import maintenance
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.common import message_box


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_health", text)


def check_at_start(window: QMainWindow, ctx: Context) -> operations.Operation[object]:
    """Run the quick check in the background; on damage set the file aside and tell the user."""

    def work() -> object:
        problems = maintenance.quick_check(ctx.db)
        return maintenance.set_aside_damaged(ctx, problems) if problems else None

    def done(result: object) -> None:
        if isinstance(result, maintenance.DamagedFile):
            show_damage(window, result)

    return operations.run_in_background(window, work, done, modal=False)


def damage_text(damage: maintenance.DamagedFile) -> str:
    parts = [
        _tr(
            "Databasfilen är skadad. Programmet sparar inget mer i den, så att skadan inte "
            "blir värre; det du ser går att läsa men inte ändra."
        )
    ]
    if damage.kept_as is not None:
        parts.append(
            _tr("En kopia av den skadade filen är sparad som {path}.").format(path=damage.kept_as)
        )
    if damage.backup is not None:
        parts.append(
            _tr(
                "Den senaste hela säkerhetskopian är {path}. Återställ databasen från den, "
                "eller be den som sköter programmet om hjälp."
            ).format(path=damage.backup)
        )
    else:
        parts.append(
            _tr(
                "Ingen hel säkerhetskopia finns i mappen säkerhetskopior bredvid databasen. "
                "Be den som sköter programmet om hjälp."
            )
        )
    return "\n\n".join(parts)


def show_damage(window: QMainWindow, damage: maintenance.DamagedFile) -> QMessageBox:
    banner = QLabel(_tr("⚠ Databasen är skadad – inget sparas"))
    banner.setObjectName("damage_banner")
    banner.setStyleSheet("color: #b00020; font-weight: bold;")
    banner.setAccessibleName(_tr("Databasen är skadad"))
    window.statusBar().addPermanentWidget(banner)
    box = message_box(
        window,
        QMessageBox.Icon.Critical,
        _tr("Databasen är skadad"),
        damage_text(damage),
        details="\n".join(damage.problems),
    )
    box.setObjectName("damage_dialog")
    return box
