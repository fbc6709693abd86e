"""The main window's backup work: the start backup in the background, the status bar's
"Senaste säkerhetskopian", and Arkiv › Återställ från säkerhetskopia…."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel

from kvalitet_desktop.services import backups
from kvalitet_desktop.ui.operations import run_in_background

if TYPE_CHECKING:
    from kvalitet_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)
_CONTEXT = "BackupActions"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def last_backup_label(window: MainWindow) -> QLabel:
    from kvalitet_desktop.ui.views.settings_backups import last_backup_text

    label = QLabel(last_backup_text(window.ctx))
    label.setObjectName("last_backup")
    window.statusBar().addPermanentWidget(label)
    return label


def start_automatic_backup(window: MainWindow) -> None:
    """The day's first start makes a backup, off the UI thread and without a dialog."""
    ctx = window.ctx

    def work() -> Path | None:
        return backups.backup_at_start(ctx)

    def done(made: Path | None) -> None:
        if made is not None:
            log.info("Automatisk säkerhetskopia gjord")
        window.refresh_backup_status()

    def failed(exc: BaseException) -> None:
        log.warning("Automatisk säkerhetskopia misslyckades: %s", type(exc).__name__)
        window.backup_status.setText(
            _tr("⚠ Dagens säkerhetskopia kunde inte göras: {reason}").format(reason=exc)
        )
        window.backup_status.setStyleSheet("color: #b00020; font-weight: bold;")

    run_in_background(
        window,
        work,
        done,
        failed,
        _tr("Gör dagens säkerhetskopia…"),
        modal=False,
    )


def restore_from_backup(window: MainWindow) -> None:
    """Choose a backup, see what it holds, confirm; the window then reads everything anew."""
    from kvalitet_desktop.ui.dialogs.common import show_info

    if any(d.isVisible() for d in window.findChildren(QDialog)):
        show_info(
            window,
            _tr("Stäng de öppna fönstren först, så att inget osparat går förlorat."),
            _tr("Återställ från säkerhetskopia"),
        )
        return
    chosen, _filter = QFileDialog.getOpenFileName(
        window,
        _tr("Välj säkerhetskopia"),
        str(backups.backup_folder(window.ctx.db.path)),
        _tr("Säkerhetskopia (*.sqlite);;Alla filer (*)"),
    )
    if chosen:
        inspect_and_restore(window, Path(chosen))


def inspect_and_restore(window: MainWindow, chosen: Path) -> None:
    ctx = window.ctx

    def inspect() -> backups.BackupSummary:
        return backups.inspect_backup(ctx, chosen)

    def confirm(summary: backups.BackupSummary) -> None:
        from kvalitet_desktop.ui.dialogs.restore import RestoreDialog

        dialog = RestoreDialog(summary, window)
        window.restore_dialog = dialog
        dialog.accepted.connect(lambda: _restore(window, summary))
        dialog.open()

    run_in_background(window, inspect, confirm, busy_text=_tr("Kontrollerar säkerhetskopian…"))


def _restore(window: MainWindow, summary: backups.BackupSummary) -> None:
    from kvalitet_desktop.ui.dialogs.common import show_info

    ctx = window.ctx

    def work() -> Any:
        return backups.restore(ctx, summary.path)

    def done(result: backups.Restored) -> None:
        window.restart_session()
        show_info(
            window,
            _tr(
                "Databasen är återställd från säkerhetskopian gjord {when}. Den tidigare "
                "databasen är sparad i\n{saved}"
            ).format(when=f"{summary.made_at:%Y-%m-%d %H:%M}", saved=result.saved_first),
            _tr("Återställ från säkerhetskopia"),
        )

    run_in_background(window, work, done, busy_text=_tr("Återställer databasen…"))
