"""The database file's health in the main window: a quick check after log-in (off the UI
thread). A damaged file is read only from then on, kept aside under a new name, and the
dialog offers the newest good backup (restored off the UI thread), reading it anyway, or
ending the program."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import RESTORE
from kvalitet_desktop.services import backups, maintenance
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.damaged import Damage, DamageDialog
from kvalitet_desktop.ui.toolkit.fields import StandardButton, ask

BANNER_NAME = "damage_banner"


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_health", text)


def check_at_start(
    window: QMainWindow,
    ctx: Context,
    *,
    when_sound: Callable[[], None] | None = None,
    restored: Callable[[], None] | None = None,
) -> operations.Operation[object]:
    """Run the quick check in the background; on damage set the file aside and show the
    dialog. ``when_sound`` runs after a check that found nothing (the day's backup waits
    for it: a damaged file is never backed up); ``restored`` after a restore from the dialog
    (the window reads everything anew)."""

    def work() -> object:
        problems = maintenance.quick_check(ctx.db)
        if not problems:
            return None
        return damage_of(ctx, maintenance.set_aside_damaged(ctx, problems))

    def done(result: object) -> None:
        if isinstance(result, Damage):
            show_damage(window, ctx, result, restored)
        elif when_sound is not None:
            when_sound()

    return operations.run_in_background(window, work, done, modal=False)


def damage_of(ctx: Context, found: maintenance.DamagedFile) -> Damage:
    """What the dialog shows of a damaged file (read off the UI thread: the backup is
    checked again and counted)."""
    may_restore = ctx.may(RESTORE)
    summary: backups.BackupSummary | None = None
    problem: str | None = None
    made = None
    if found.backup is not None:
        made = backups.made_at(found.backup)
        if may_restore:
            try:
                summary = backups.inspect_backup(ctx, found.backup)
            except KvalitetError as refused:
                problem = str(refused)
    return Damage(found.problems, found.kept_as, found.backup, made, summary, problem, may_restore)


def show_damage(
    window: QMainWindow,
    ctx: Context,
    damage: Damage,
    restored: Callable[[], None] | None = None,
) -> DamageDialog:
    banner = QLabel(_tr("⚠ Databasen är skadad – inget sparas"))
    banner.setObjectName(BANNER_NAME)
    banner.setStyleSheet("color: #b00020; font-weight: bold;")
    banner.setAccessibleName(_tr("Databasen är skadad"))
    window.statusBar().addPermanentWidget(banner)
    return show_damage_again(window, ctx, damage, restored)


def _confirm_restore(
    window: QMainWindow, ctx: Context, damage: Damage, restored: Callable[[], None] | None
) -> None:
    assert damage.summary is not None
    when = f"{damage.summary.made_at:%Y-%m-%d %H:%M}"
    answer = ask(
        window,
        _tr("Återställ från säkerhetskopia"),
        _tr(
            "Databasen ersätts med säkerhetskopian från {when}. Det som sparades efter det "
            "finns sedan bara i den skadade filen, som ligger kvar som\n{kept}"
        ).format(when=when, kept=damage.kept_as),
        [(StandardButton.Yes, _tr("&Återställ")), (StandardButton.Cancel, _tr("Avbryt"))],
        StandardButton.Yes,
    )
    if answer != StandardButton.Yes:
        show_damage_again(window, ctx, damage, restored)
        return
    backup, kept = damage.summary.path, damage.kept_as

    def work() -> backups.Restored:
        return backups.restore_damaged(ctx, backup, kept)

    def done(result: backups.Restored) -> None:
        from kvalitet_desktop.ui.dialogs.common import show_info

        banner = window.findChild(QLabel, BANNER_NAME)
        if banner is not None:
            window.statusBar().removeWidget(banner)
            banner.deleteLater()
        if restored is not None:
            restored()
        show_info(
            window,
            _tr(
                "Databasen är återställd från säkerhetskopian gjord {when}, och programmet "
                "arbetar nu i den. Den skadade filen ligger kvar som\n{kept}"
            ).format(when=when, kept=result.saved_first),
            _tr("Databasen är återställd"),
        )

    def failed(error: BaseException) -> None:
        operations.show_failure(window, error)
        show_damage_again(window, ctx, damage, restored)

    operations.run_in_background(window, work, done, failed, _tr("Återställer databasen…"))


def show_damage_again(
    window: QMainWindow, ctx: Context, damage: Damage, restored: Callable[[], None] | None
) -> DamageDialog:
    """The same choice once more (after Avbryt in the confirmation, or a failed restore)."""
    dialog = DamageDialog(damage, window)
    dialog.restore_chosen.connect(lambda: _confirm_restore(window, ctx, damage, restored))
    dialog.quit_chosen.connect(window.close)
    dialog.open()
    return dialog
