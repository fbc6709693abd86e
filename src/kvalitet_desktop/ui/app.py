"""Start the program: a window at once, then the database (off the UI thread), then the user.

Start-up order: a small "Öppnar databasen…" window is painted before anything heavy is
imported; only after its first paint do the log file, the error dialogs, Qt's Swedish texts and
the pool thread that looks at the file start, so that nothing competes with that paint. A
missing database gets the first-run dialog (which creates it encrypted), an existing one the
log-in dialog (the password opens it; an old unencrypted one is encrypted at an
administrator's first log-in); then the main window replaces the start window.

Screenshot mode (``screenshot`` given) never waits for a person and works offscreen (the
command line chooses Qt's offscreen platform when none is set). The user is ``login``, else the
computer's user name, with the password from ``KVALITET_PASSWORD``: the rule of every command.
Problems go to stderr and give a non-zero exit code.
"""

from __future__ import annotations

import getpass
import importlib
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from kvalitet_desktop import APP_ID, APP_NAME, __version__


class _OnFirstUse:
    """A module imported when one of its names is first read: the start window's first paint
    needs neither the error dialogs nor the background operations."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self._name), attribute)


if TYPE_CHECKING:
    from kvalitet_desktop.ui import errors, operations
else:
    errors = _OnFirstUse("kvalitet_desktop.ui.errors")
    operations = _OnFirstUse("kvalitet_desktop.ui.operations")

SCREENSHOT_SIZE = (1280, 800)
# Start-up goes on after the start window's first paint, or after this long without one (a
# window manager may never expose a window that opens behind another).
PAINT_WAIT_MS = 250
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _tr(text: str) -> str:
    return QApplication.translate("app", text)


def os_login() -> str | None:
    try:
        return getpass.getuser().strip().lower() or None
    except (OSError, KeyError):
        return None


class StartWindow(QMainWindow):
    """Shown within milliseconds of start, before the database and services are loaded."""

    painted = Signal()  # once, after the first paint

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self._painted = False
        self.setWindowTitle(APP_NAME)
        self.label = QLabel(
            _tr("Öppnar databasen…") + f"\n\n{db_path}", alignment=Qt.AlignmentFlag.AlignCenter
        )
        self.label.setWordWrap(True)
        self.label.setAccessibleName(_tr("Öppnar databasen"))
        self.setCentralWidget(self.label)
        self.resize(520, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.painted.emit)  # when this paint is done


# How long after the main window shows the whole file is checked (its first view loads first).
START_CHECK_DELAY_MS = 2000


class Startup(QObject):
    """The start-up sequence as callbacks on the event loop; ends with ``app.exit(code)``."""

    def __init__(
        self,
        app: QApplication,
        db_path: Path,
        login: str | None,
        screenshot: Path | None,
        view: str | None,
        password: str | None = None,
        prepare: Callable[[], None] = lambda: None,
    ) -> None:
        """``prepare`` runs once the start window is on screen (or at once in screenshot
        mode): what the rest of start-up needs and the first paint does not."""
        super().__init__()
        self.app = app
        self._prepare: Callable[[], None] | None = prepare
        self.db_path = db_path
        self.login = login
        self.password = password
        self.screenshot = screenshot
        self.view = view
        self.exit_code: int | None = None
        # The database is only read: another window of the program has it open.
        self.read_only = False
        self.db: Any = None
        self.instance_lock: Any = None
        self.window: QMainWindow | None = None
        self.start_window = StartWindow(db_path)
        self._unexpected = 0

    @property
    def interactive(self) -> bool:
        return self.screenshot is None

    # --- steps ---------------------------------------------------------------------------

    def start(self) -> None:
        if not self.interactive:
            self._open()
            return
        self.start_window.painted.connect(self._open)
        self.start_window.show()
        QTimer.singleShot(PAINT_WAIT_MS, self, self._open)

    def _open(self) -> None:
        """Open the database off the UI thread, once (after the first paint or the wait)."""
        prepare, self._prepare = self._prepare, None
        if prepare is None:
            return
        prepare()
        errors.add_listener(self._count_unexpected)
        if self.interactive and not self._take_lock():
            return
        path = self.db_path  # the work gets the path, not this object

        def look() -> Any:
            from kvalitet_desktop.services.accounts import file_state

            return file_state(path)

        operations.run_in_background(
            self.start_window,
            look,
            self._opened,
            self._open_failed,
            busy_text=_tr("Öppnar databasen…"),
            modal=False,
        )

    def _take_lock(self) -> bool:
        """One window per database (a screenshot only reads: it needs none), and a warning
        for a database on a network share. False: start-up has ended."""
        from kvalitet_desktop.services.instance_lock import AlreadyOpen, InstanceLock

        try:
            self.instance_lock = InstanceLock.acquire(self.db_path)
        except AlreadyOpen as exc:
            if not exc.owner.here:
                self.fail(_tr("Databasen är öppen på en annan dator."), str(exc))
                return False
            if not self._ask_read_only():
                self.finish(EXIT_FAILED)
                return False
            self.read_only = True
            errors.log.info("Databasen öppnas skrivskyddad: den är öppen i ett annat fönster")
            return True  # a reader takes no lock: the other window keeps it
        except OSError as exc:
            # No lock file can be written beside it (a read-only folder): say so, go on.
            errors.log.warning("Låsfilen kunde inte skapas: %s", exc.strerror)
        self._warn_network_share()
        return True

    def _ask_read_only(self) -> bool:
        """The database is open in another window here: open it read-only, or end."""
        from kvalitet_desktop.ui.dialogs.already_open import AlreadyOpenBox

        return AlreadyOpenBox(self.db_path, self.start_window).choose_read_only()

    def _warn_network_share(self) -> None:
        from kvalitet_desktop.services.instance_lock import NETWORK_WARNING, network_filesystem

        kind = network_filesystem(self.db_path)
        if kind is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"{APP_NAME} – {_tr('Databasen ligger på en nätverksenhet')}",
            _tr("Databasen ligger på en nätverksenhet"),
            QMessageBox.StandardButton.Ok,
            self.start_window,
        )
        box.setAccessibleName(_tr("Varning: databasen ligger på en nätverksenhet"))
        box.setInformativeText(
            QApplication.translate("InstanceLock", NETWORK_WARNING).format(kind=kind)
        )
        box.exec()

    def _open_failed(self, exc: BaseException) -> None:
        from kvalitet_desktop.domain.errors import KvalitetError
        from kvalitet_desktop.services.accounts import LoginFailed

        if isinstance(exc, LoginFailed):
            self.fail(_tr("Inloggningen misslyckades."), str(exc))
        elif isinstance(exc, KvalitetError):
            self.fail(_tr("Databasen kunde inte öppnas."), str(exc))
        else:
            errors.log.error("Databasen kunde inte öppnas", exc_info=exc)
            self.fail(
                _tr("Databasen kunde inte öppnas."),
                _tr("Ett oväntat fel inträffade. Detaljer finns i loggfilen: {path}").format(
                    path=errors.log_file()
                ),
            )

    def _opened(self, state: Any) -> None:
        try:
            self._continue(state)
        except Exception as exc:  # a bug here must not leave start-up hanging
            errors.report_unexpected(exc, self.start_window)
            self.fail(
                _tr("Programmet kunde inte starta."),
                _tr("Detaljer finns i loggfilen: {path}").format(path=errors.log_file()),
            )

    def _continue(self, state: Any) -> None:
        from kvalitet_desktop.services.accounts import FileState, encryption_required

        if state is FileState.NEW:
            self._first_run()
            return
        convert = state is FileState.PLAIN and encryption_required()
        if convert and self.read_only:
            self.fail(
                _tr("Databasen är inte krypterad."),
                _tr(
                    "Den kan krypteras först när det andra fönstret är stängt: stäng det och "
                    "starta programmet igen."
                ),
            )
            return
        if self.interactive:
            self._ask_login(convert)
            return
        if convert:
            self.fail(
                _tr("Databasen är inte krypterad."),
                _tr("Starta programmet och logga in som administratör för att kryptera den."),
            )
            return
        login = self.login or os_login()
        if not login:
            self.fail(
                _tr("Ingen användare att visa programmet som."),
                _tr("Ange vem du är med --user INLOGGNING."),
            )
            return
        if self.password is None:
            self.fail(
                _tr("Lösenordet saknas."),
                _tr("Ange lösenordet i miljövariabeln KVALITET_PASSWORD."),
            )
            return
        path, password = self.db_path, self.password

        def log_in() -> Any:
            from kvalitet_desktop.services.accounts import log_in

            return log_in(path, login, password)

        operations.run_in_background(
            self.start_window,
            log_in,
            self._logged_in,
            self._open_failed,
            busy_text=_tr("Loggar in…"),
            modal=False,
        )

    def _first_run(self) -> None:
        if not self.interactive:
            self.fail(
                _tr("Databasen finns inte."),
                _tr("Starta programmet utan skärmbild först och lägg upp kommunen."),
            )
            return
        from kvalitet_desktop.ui.dialogs.first_run import FirstRunDialog

        dialog = FirstRunDialog(self.db_path, self.start_window)
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted or dialog.created is None:
            from kvalitet_desktop.ui.dialogs.first_run import tell_nothing_was_created

            tell_nothing_was_created(self.start_window)
            self.finish(EXIT_OK)  # the user chose not to set up now; nothing was written
            return
        self.db = dialog.created.ctx.db
        self._show_recovery_key(dialog.created.ctx, dialog.created.recovery_key)
        self._logged_in(dialog.created.ctx)

    def _ask_login(self, convert: bool) -> None:
        from kvalitet_desktop.services import accounts
        from kvalitet_desktop.ui.dialogs.login import LoginDialog

        dialog = LoginDialog(
            self.db_path,
            self.login or os_login(),
            self.start_window,
            convert=convert,
            read_only=self.read_only,
        )
        if dialog.exec() != LoginDialog.DialogCode.Accepted or dialog.outcome is None:
            self.finish(EXIT_OK)
            return
        outcome = dialog.outcome
        if isinstance(outcome, accounts.Converted):
            self.db = outcome.ctx.db
            self._tell_converted(outcome)
            self._show_recovery_key(outcome.ctx, outcome.recovery_key)
            outcome = outcome.ctx
        self._logged_in(outcome)

    def _tell_converted(self, converted: Any) -> None:
        from kvalitet_desktop.ui.dialogs.common import show_info

        removed = converted.removed_backup
        text = _tr("Databasen är nu krypterad.")
        if removed is not None:
            text += " " + _tr(
                "Den okrypterade säkerhetskopian som gjordes först ({path}) är överskriven "
                "och borttagen."
            ).format(path=removed)
        show_info(self.start_window, text, _tr("Databasen är krypterad")).exec()

    def _show_recovery_key(self, ctx: Any, recovery_key: str | None) -> None:
        if recovery_key is None:
            return
        from kvalitet_desktop.services import organisation
        from kvalitet_desktop.ui.dialogs.passwords import RecoveryKeyDialog

        name = organisation.municipality(ctx).name
        RecoveryKeyDialog(recovery_key, name, self.start_window).exec()

    def _logged_in(self, ctx: Any) -> None:
        from kvalitet_desktop.services import accounts

        self.db = ctx.db
        errors.log.info("Inloggad")
        if accounts.must_change_password(ctx):
            if not self.interactive:
                self.fail(
                    _tr("Lösenordet måste bytas."),
                    _tr("Starta programmet och välj ett nytt lösenord först."),
                )
                return
            from kvalitet_desktop.ui.dialogs.passwords import ChangePasswordDialog

            dialog = ChangePasswordDialog(ctx, self.start_window, forced=True)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
            if dialog.exec() != ChangePasswordDialog.DialogCode.Accepted:
                self.finish(EXIT_OK)
                return
        self._show_main_window(ctx)

    def _show_main_window(self, ctx: Any) -> None:
        from kvalitet_desktop.ui.main_window import MainWindow

        window = MainWindow(ctx, initial_view=self.view, remember=self.interactive)
        self.window = window
        from kvalitet_desktop.ui.file_health import check_at_start

        # The day's backup (off the UI thread, at most one a day) follows a check that found
        # the file sound; a file only read gets none from here. A screenshot only looks: it
        # waits for no check of the whole file (a minute on a large database).
        backup = self.interactive and ctx.db.writes_refused is None
        if self.interactive:
            # After the first view has had its reads: the check reads every page of the file.
            QTimer.singleShot(
                START_CHECK_DELAY_MS,
                window,
                lambda: check_at_start(
                    window,
                    ctx,
                    when_sound=window.start_automatic_backup if backup else None,
                    restored=window.restart_session,
                ),
            )
        if self.view and not window.show_view(self.view):
            self.fail(
                _tr("Vyn kan inte visas."),
                _tr("Användaren {login} har inte behörighet till vyn ”{view}”.").format(
                    login=ctx.actor.login, view=self.view
                ),
                EXIT_USAGE,
            )
            return
        if self.interactive:
            window.show()
            self.start_window.close()
            return
        window.resize(*SCREENSHOT_SIZE)
        window.show()
        QTimer.singleShot(0, self._take_screenshot)

    def _take_screenshot(self) -> None:
        try:
            self._save_screenshot()
        except Exception as exc:  # report and end instead of hanging
            errors.report_unexpected(exc)
            self.fail(
                _tr("Skärmbilden kunde inte tas."),
                _tr("Ett oväntat fel inträffade. Detaljer finns i loggfilen: {path}").format(
                    path=errors.log_file()
                ),
            )

    def _save_screenshot(self) -> None:
        assert self.window is not None and self.screenshot is not None
        if not operations.wait_until_idle():
            self.fail(_tr("Skärmbilden kunde inte tas."), _tr("Vyn laddades inte klart."))
            return
        QApplication.processEvents()
        if self._unexpected:
            self.fail(
                _tr("Skärmbilden kunde inte tas."),
                _tr("Ett oväntat fel inträffade. Detaljer finns i loggfilen: {path}").format(
                    path=errors.log_file()
                ),
            )
            return
        target = self.screenshot
        target.parent.mkdir(parents=True, exist_ok=True)
        if not self.window.grab().save(str(target)):
            self.fail(_tr("Skärmbilden kunde inte sparas."), str(target))
            return
        errors.log.info("Skärmbild sparad: %s", target)
        self.finish(EXIT_OK)

    # --- ending --------------------------------------------------------------------------

    def fail(self, title: str, message: str, code: int = EXIT_FAILED) -> None:
        errors.log.warning("%s", title)  # the message may quote what a user wrote
        if self.interactive:
            box = QMessageBox(
                QMessageBox.Icon.Critical, f"{APP_NAME} – {title}", title, parent=self.start_window
            )
            box.setInformativeText(message)
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.exec()
        else:
            print(f"{title} {message}", file=sys.stderr)
        self.finish(code)

    def finish(self, code: int) -> None:
        if self.exit_code is None:
            self.exit_code = code
        errors.remove_listener(self._count_unexpected)
        if self.window is not None and not self.interactive:
            self.window.close()
        self.start_window.close()
        QTimer.singleShot(0, lambda: self.app.exit(code))

    def close(self) -> None:
        """After the event loop: release the windows and the database file."""
        for window in (self.window, self.start_window):
            if window is not None:
                window.close()
                window.deleteLater()
        self.window = None
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        # Loads still running on the pool use the database: let them end first.
        QThreadPool.globalInstance().waitForDone(10_000)
        QApplication.processEvents()
        if self.db is not None:
            self.db.close()
            self.db = None
        if self.instance_lock is not None:
            self.instance_lock.release()
            self.instance_lock = None

    def _count_unexpected(self, _exc: BaseException) -> None:
        self._unexpected += 1


_translators: list[QTranslator] = []  # installed translators must stay alive


def install_swedish(app: QApplication) -> None:
    """Swedish for Qt's own texts (standard buttons, file and print dialogs) and formats."""
    QLocale.setDefault(QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden))
    if _translators:
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Swedish), "qtbase", "_", folder):
        app.installTranslator(translator)
        _translators.append(translator)


def application(*, swedish: bool = True) -> QApplication:
    """The running QApplication (tests already have one) or a new one, speaking Swedish
    (``swedish=False``: the caller installs Qt's Swedish texts later, ``install_swedish``)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if swedish:
        install_swedish(app)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    return app


def run_gui(
    db_path: Path,
    login: str | None = None,
    screenshot: Path | None = None,
    view: str | None = None,
    password: str | None = None,
) -> int:
    """Run the program on ``db_path``; returns the exit code (0 ok, 1 failed, 2 bad usage)."""
    from kvalitet_desktop.private_files import private_temp_folder, restrict_umask

    restrict_umask()  # Qt's settings, SQLite's side files, a print spool: all owner-only
    interactive = screenshot is None
    if view is not None or not interactive:
        # The main window's module is imported only when needed before the start window is
        # painted: to check --view, or for a screenshot (where no one waits for a paint).
        from kvalitet_desktop.ui.main_window import DEFAULT_VIEW, VIEW_KEYS

        if view is not None and view not in VIEW_KEYS:
            print(
                _tr("Okänd vy ”{view}”. Välj en av: {keys}.").format(
                    view=view, keys=", ".join(VIEW_KEYS)
                ),
                file=sys.stderr,
            )
            return EXIT_USAGE
        view = view or DEFAULT_VIEW
    app = application(swedish=False)  # the start window is our own Swedish text
    quit_on_close = app.quitOnLastWindowClosed()
    with ExitStack() as after_paint, private_temp_folder():

        def prepare() -> None:
            install_swedish(app)  # Qt's own buttons, in the dialogs that may follow
            after_paint.enter_context(errors.installed(interactive=interactive))

        startup = Startup(app, Path(db_path), login, screenshot, view, password, prepare)
        # Screenshot mode ends by itself; no window closing may end it early.
        app.setQuitOnLastWindowClosed(interactive)
        QTimer.singleShot(0, startup.start)
        try:
            code = app.exec()
        finally:
            startup.close()
            app.setQuitOnLastWindowClosed(quit_on_close)
        result = startup.exit_code if startup.exit_code is not None else code
        errors.log.info("Kvalitet Desktop avslutas (kod %s)", result)
    return result
