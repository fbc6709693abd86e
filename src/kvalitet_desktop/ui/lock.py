"""Auto-lock: after a while without input, or on Ctrl+L, the program hides everything it shows
until the user proves who they are again.

The controller watches the whole application (an event filter on QApplication): any key,
click, mouse movement, wheel or touch restarts the idle timer. Locking never closes anything:

- the main window's content is swapped for the lock screen (the real pages stay alive behind
  it); its menus, status bar and shortcuts are off and its title names no record;
- every other window of the program (editors, dialogs, progress dialogs) is hidden and shown
  again after unlocking, with what was typed, without passing through its close logic;
- an application-modal dialog runs its own event loop (``exec()``): hiding it would end that
  loop and make its caller act on an answer nobody gave. Its content is hidden instead and a
  "Låst" cover is shown in it; as it blocks input to every other window, the lock screen then
  moves to a small window of its own on top (the main window shows a plain "Låst");
- a window that opens while locked (a finished background job's result) is hidden as well,
  and shown after unlocking; background work itself keeps running.

Not covered: a file or print dialog drawn by the operating system itself (Windows' native
dialogs) is not made of Qt widgets and stays as it is; it shows folders, never records. Ctrl+L
does not reach the main window's menu while a modal question blocks it; the idle timer does.

Locks, unlocks and wrong answers are audit events.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kvalitet_desktop import APP_NAME
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import lock as lock_log
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.lock_screen import LockScreen

log = logging.getLogger(__name__)

PasswordCheck = Callable[[str], bool]

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)
_WATCHED = "kvalitetLockWatched"  # a window whose end the controller listens for
FREE_ATTEMPTS = 2  # wrong answers before each next one waits
MAX_WAIT_MS = 30_000


def _tr(text: str) -> str:
    return QCoreApplication.translate("LockController", text)


def retry_delay_ms(failures: int) -> int:
    """How long the lock screen waits after ``failures`` wrong answers in a row: nothing for
    the first two, then 1, 2, 4 … seconds, at most 30."""
    if failures <= FREE_ATTEMPTS:
        return 0
    wait: int = 1000 * 2 ** (failures - FREE_ATTEMPTS - 1)
    return min(MAX_WAIT_MS, wait)


def locked_title() -> str:
    return _tr("Låst – {app}").format(app=APP_NAME)


@dataclass
class _Concealed:
    """A window hidden (or, if application-modal, covered) while the program is locked."""

    window: QWidget
    cover: QLabel | None = None  # set when the window was covered, not hidden
    title: str = ""
    children: list[QWidget] = field(default_factory=list)
    focus: QWidget | None = None


class _LockWindow(QWidget):
    """Holds the lock screen on top of an application-modal dialog (see the module text)."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(locked_title())
        self.setLayout(QVBoxLayout())
        self.resize(620, 360)
        self.quitting = False

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed, it would leave the user before a blocked window with no way to unlock; it
        # goes with unlocking, or when the program ends (Avsluta).
        if not self.quitting:
            event.ignore()


class LockController(QObject):
    """Locks ``window`` (the main window) and every other window of the program.

    ``verify_password(text)`` says whether ``text`` is the user's password (by default the
    accounts service's Argon2 check; tests give their own).
    ``idle_ms`` is the time without input before locking (0: never by itself).
    ``quit_program`` ends the program from the lock screen (``QApplication.quit``).
    """

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        ctx: Context,
        verify_password: PasswordCheck | None,
        *,
        idle_ms: int,
        quit_program: Callable[[], None] | None = None,
        retry_delay: Callable[[int], int] = retry_delay_ms,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = ctx
        self._verify = verify_password or self._check_password
        self._quit_program = quit_program
        self._retry_delay = retry_delay
        self.failures = 0
        self._locked = False
        self._concealed: list[_Concealed] = []
        self._disabled_actions: list[QAction] = []
        self._title = ""
        self._bars: list[QWidget] = []
        self._focus: QWidget | None = None
        self._active: QWidget | None = None

        self.screen = LockScreen(ctx.actor.name)
        self.screen.unlock_requested.connect(self.try_unlock)
        self.screen.quit_requested.connect(self.quit)
        self._placeholder = QLabel(
            _tr("Programmet är låst. Lås upp i rutan ”{title}”.").format(title=locked_title())
        )
        self._placeholder.setWordWrap(True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._host: _LockWindow | None = None
        # The main window's content and the lock screen, one at a time.
        self.stack = QStackedWidget()
        content = window.takeCentralWidget()
        assert content is not None, "the main window's content is set before its lock"
        self.content: QWidget = content
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.screen)
        self.stack.addWidget(self._placeholder)
        window.setCentralWidget(self.stack)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setTimerType(Qt.TimerType.PreciseTimer)  # the administrator's minutes
        self._idle.timeout.connect(lambda: self.lock(manual=False))
        self.set_idle_interval(idle_ms)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    # --- the idle timer -------------------------------------------------------------------

    def set_idle_interval(self, idle_ms: int) -> None:
        self._idle.setInterval(max(0, idle_ms))
        if idle_ms > 0 and not self._locked:
            self._idle.start()
        elif idle_ms <= 0:
            self._idle.stop()

    def idle_interval(self) -> int:
        return self._idle.interval()

    def is_locked(self) -> bool:
        return self._locked

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.window and kind == QEvent.Type.Close:
            self.stop()
        elif kind in INPUT_EVENTS:
            if not self._locked and self._idle.interval() > 0:
                self._idle.start()
        elif self._locked and isinstance(watched, QWidget) and watched.isWindow():
            if kind == QEvent.Type.Show:
                self._window_shown(watched)
            elif kind == QEvent.Type.Close:
                self._drop(watched)  # closed by the program while hidden: it stays closed
            elif kind == QEvent.Type.Resize:
                self._fit_cover(watched)
        return False

    # --- locking --------------------------------------------------------------------------

    def lock(self, *, manual: bool = True) -> None:
        if self._locked:
            return
        self._locked = True
        self._idle.stop()
        self._focus = QApplication.focusWidget()
        self._active = QApplication.activeWindow()
        QToolTip.hideText()
        self._close_popups()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and not self._is_ours(window):
                self._conceal(window)
        self._lock_main_window()
        self.screen.reset()
        self._place_screen()
        self._audit(lambda: lock_log.locked(self.ctx, idle=not manual))
        self.locked_changed.emit(True)

    def _lock_main_window(self) -> None:
        window = self.window
        self._title = window.windowTitle()
        window.setWindowTitle(locked_title())
        self._bars = [bar for bar in (window.menuBar(), window.statusBar()) if bar.isVisible()]
        for bar in self._bars:
            bar.hide()
        menus = [action.menu() for action in window.menuBar().actions()]
        self._disabled_actions = [
            action
            for menu in menus
            if isinstance(menu, QMenu)
            for action in menu.actions()
            if action.isEnabled()
        ]
        for action in self._disabled_actions:
            action.setEnabled(False)

    def _close_popups(self) -> None:
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            following = QApplication.activePopupWidget()
            if following is popup:
                popup.hide()
                following = QApplication.activePopupWidget()
            popup = following

    def _is_ours(self, widget: QWidget) -> bool:
        """The main window, the lock's own window, and popups of the lock screen (its field's
        context menu)."""
        if widget is self.window or widget is self._host:
            return True
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self.screen or parent is self._host:
                return True
            parent = parent.parentWidget()
        return False

    def _conceal(self, window: QWidget) -> None:
        if any(entry.window is window for entry in self._concealed):
            return
        flags = window.windowType()
        if flags in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            window.hide()  # menus and tooltips are not brought back
            return
        entry = _Concealed(window, focus=window.focusWidget())
        if window.windowModality() == Qt.WindowModality.ApplicationModal:
            self._cover(entry)
        else:
            window.hide()
        self._concealed.append(entry)
        if not window.property(_WATCHED):  # once per window, however often it is locked
            window.setProperty(_WATCHED, True)
            window.destroyed.connect(lambda *_a, w=window: self._drop(w))
            if isinstance(window, QDialog):
                window.finished.connect(lambda *_a, w=window: self._drop(w))

    def _cover(self, entry: _Concealed) -> None:
        window = entry.window
        entry.children = [
            child
            for child in window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if not child.isWindow() and not child.isHidden()
        ]
        for child in entry.children:
            child.hide()
        entry.title = window.windowTitle()
        window.setWindowTitle(locked_title())
        cover = QLabel(_tr("Låst"), window)
        cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        cover.setAccessibleName(_tr("Låst"))
        cover.setGeometry(window.rect())
        cover.show()
        entry.cover = cover

    def _fit_cover(self, window: QWidget) -> None:
        for entry in self._concealed:
            if entry.window is window and entry.cover is not None:
                entry.cover.setGeometry(window.rect())

    def _window_shown(self, window: QWidget) -> None:
        """A window opened while locked: hidden too (after Qt has finished showing it)."""
        if self._is_ours(window) or any(e.window is window for e in self._concealed):
            return
        if window.windowModality() == Qt.WindowModality.ApplicationModal:
            self._conceal(window)  # covering is safe while it is being shown
            QTimer.singleShot(0, self, self._place_screen)  # the lock screen on top of it
            return
        QTimer.singleShot(0, self, lambda: self._conceal_late(window))

    def _conceal_late(self, window: QWidget) -> None:
        if self._locked and isValid(window) and window.isVisible():
            self._conceal(window)

    def _place_screen(self) -> None:
        """The lock screen where the user can reach it: in the main window, unless an
        application-modal dialog blocks that window; then in a window of its own on top."""
        if not self._locked:
            return
        blocked = any(
            entry.cover is not None and isValid(entry.window) and entry.window.isVisible()
            for entry in self._concealed
        )
        if not blocked:
            if self._host is not None and self._host.isVisible():
                self._host.hide()
            if self.stack.indexOf(self.screen) < 0:
                self.stack.addWidget(self.screen)
            self.stack.setCurrentWidget(self.screen)
            self.window.activateWindow()
        else:
            if self._host is None:
                self._host = _LockWindow()
            layout = self._host.layout()
            assert layout is not None
            layout.addWidget(self.screen)  # takes it out of the stack
            self.screen.show()  # the stack had hidden it, or it moved hidden
            self.stack.setCurrentWidget(self._placeholder)
            self._host.hide()  # shown anew: the last modal window is the one that takes input
            self._host.move(self.window.geometry().center() - self._host.rect().center())
            self._host.show()
            self._host.raise_()
            self._host.activateWindow()
        self.screen.focus_field()

    # --- unlocking ------------------------------------------------------------------------

    def try_unlock(self, text: str) -> bool:
        """Unlock if ``text`` proves who the user is; else say so at the field."""
        if not self._locked or self.screen.waiting():
            return False
        if not text:  # not an attempt: nothing to count or log
            self.screen.refuse(_tr("Skriv ditt lösenord."), 0)
            return False
        # A password hash (Argon2) takes a noticeable moment by design.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            proved = self._verify(text)
        except KvalitetError as error:
            self.screen.refuse(str(error), 0)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        if not proved:
            self.failures += 1
            self._audit(lambda: lock_log.unlock_refused(self.ctx))
            self.screen.refuse(_tr("Fel lösenord. Försök igen."), self._retry_delay(self.failures))
            return False
        self.unlock()
        return True

    def _check_password(self, password: str) -> bool:
        """The logged-in user's password (Argon2id, a fraction of a second)."""
        from kvalitet_desktop.services import accounts

        return accounts.verify_password(self.ctx, password)

    def unlock(self) -> None:
        if not self._locked:
            return
        self._locked = False
        self.failures = 0
        self._unlock_main_window()
        entries, self._concealed = self._concealed, []
        # Parents before the dialogs they own, so a window-modal dialog lands on its parent.
        entries.sort(key=lambda e: _depth(e.window) if isValid(e.window) else 0)
        for entry in entries:
            if isValid(entry.window):
                self._reveal(entry)
        active = self._active
        if active is not None and isValid(active) and active.isVisible():
            active.activateWindow()
        focus = self._focus
        if focus is not None and isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._audit(lambda: lock_log.unlocked(self.ctx))
        if self._idle.interval() > 0:
            self._idle.start()
        self.locked_changed.emit(False)

    def _unlock_main_window(self) -> None:
        window = self.window
        if self._host is not None:
            self._host.hide()
        if self.stack.indexOf(self.screen) < 0:
            self.stack.addWidget(self.screen)
        self.screen.reset()
        self.stack.setCurrentWidget(self.content)
        window.setWindowTitle(self._title)
        for bar in self._bars:
            bar.show()
        for action in self._disabled_actions:
            if isValid(action):
                action.setEnabled(True)
        self._disabled_actions = []

    def _reveal(self, entry: _Concealed) -> None:
        window = entry.window
        if entry.cover is not None:
            entry.cover.deleteLater()
            window.setWindowTitle(entry.title)
            for child in entry.children:
                if isValid(child):
                    child.show()
        else:
            window.show()
        if entry.focus is not None and isValid(entry.focus):
            entry.focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _drop(self, window: QObject) -> None:
        if not isValid(self):  # the program is ending
            return
        self._concealed = [e for e in self._concealed if e.window is not window]
        if self._locked:
            QTimer.singleShot(0, self, self._place_screen)

    # --- ending ---------------------------------------------------------------------------

    def stop(self) -> None:
        """The main window closes: the program is ending, and the lock with it (it would
        otherwise go on watching, and hiding, every window of the application)."""
        self._idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self._host is not None:
            self._host.quitting = True
            self._host.close()

    def save_drafts(self) -> None:
        """Every open form's unsaved content to its draft (offered again at the next open)."""
        from kvalitet_desktop.ui.toolkit.autosave import Autosaver

        for window in QApplication.topLevelWidgets():
            for autosaver in window.findChildren(Autosaver):
                autosaver.save_now()

    def quit(self) -> None:
        """Avsluta from the lock screen: drafts are kept, nothing is asked or shown."""
        self.save_drafts()
        if self._host is not None:
            self._host.quitting = True  # Qt closes every window before it quits
        for entry in list(self._concealed):
            # A question waiting in its own event loop gets its "do nothing" answer (Esc),
            # the one that never throws work away.
            window = entry.window
            if isValid(window) and isinstance(window, QMessageBox):
                escape = window.escapeButton()
                if escape is not None:
                    escape.click()
        if self._quit_program is not None:
            self._quit_program()
        else:
            QApplication.quit()

    def _audit(self, write: Callable[[], None]) -> None:
        try:
            write()
        except Exception:  # the lock must hold even if its audit entry cannot be written
            log.warning("Låsets händelse kunde inte skrivas i granskningsloggen", exc_info=True)


def _depth(widget: QWidget) -> int:
    depth, parent = 0, widget.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth
