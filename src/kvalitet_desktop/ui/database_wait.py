"""Writes that meet another program's lock wait without freezing the window.

Every write of the program begins its transaction with ``BEGIN IMMEDIATE`` (one place:
``store.database``). In the GUI the first try waits only ``FIRST_TRY_MS``, too short to
notice; if the lock is still taken, :class:`DatabaseWait` takes over. On the UI thread it
shows "Väntar på databasen…" with Avbryt and tries again from a timer while the event loop
runs on (the windows repaint, timers fire); the save that asked simply returns once the lock
came free, as if it had been saved at once. Avbryt, or ``TOTAL_WAIT_MS`` without the lock,
ends the wait: the save fails with the named "locked" message and the editor keeps what was
typed. A write on a pool thread (backups, the restore) waits there, which freezes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QThread, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QWidget,
)

from kvalitet_desktop.services.write_lock import (
    Database,
    LockAttempt,
    LockWaitEnded,
    wait_for_locks,
)

FIRST_TRY_MS = 150  # the first try's busy timeout: a commit of another program ends by then
RETRY_EVERY_MS = 200
ATTEMPT_MS = 20  # each later try blocks the UI thread at most this long
TOTAL_WAIT_MS = 30_000
DIALOG_NAME = "database_wait"

_CONTEXT = "DatabaseWait"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def install(db: Database) -> DatabaseWait:
    """Make the GUI's writes on ``db`` wait this way (the main window does it once)."""
    wait = DatabaseWait()
    wait_for_locks(db, FIRST_TRY_MS, wait)
    return wait


class DatabaseWait:
    """The ``LockWaiter`` of the GUI; ``shown`` is called with each wait dialog it opens."""

    def __init__(
        self, total_ms: int = TOTAL_WAIT_MS, shown: Callable[[QProgressDialog], None] | None = None
    ) -> None:
        self.total_ms = total_ms
        self.shown = shown
        self._waiting = False

    def __call__(self, attempt: LockAttempt) -> LockWaitEnded | None:
        app = QApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            return None if attempt(self.total_ms) else LockWaitEnded(self.total_ms, False)
        if self._waiting:
            # A second write during the wait (an autosaved draft): it fails at once, the
            # first one goes on waiting.
            return LockWaitEnded(0, cancelled=False)
        self._waiting = True
        try:
            return self._wait_with_dialog(attempt)
        finally:
            self._waiting = False

    def _wait_with_dialog(self, attempt: LockAttempt) -> LockWaitEnded | None:
        started = time.monotonic()
        outcome: list[LockWaitEnded | None] = []
        failure: list[BaseException] = []
        loop = QEventLoop()
        dialog = wait_dialog(_dialog_parent())
        timer = QTimer(dialog)
        timer.setInterval(RETRY_EVERY_MS)

        def waited_ms() -> int:
            return int((time.monotonic() - started) * 1000)

        def end(result: LockWaitEnded | None) -> None:
            if not outcome:
                outcome.append(result)
            timer.stop()
            loop.quit()

        def try_again() -> None:
            try:
                if attempt(ATTEMPT_MS):
                    end(None)
                elif waited_ms() >= self.total_ms:
                    end(LockWaitEnded(waited_ms(), cancelled=False))
            except BaseException as exc:  # a fault other than the lock: the save reports it
                failure.append(exc)
                end(LockWaitEnded(waited_ms(), cancelled=False))

        timer.timeout.connect(try_again)

        def cancel() -> None:
            end(LockWaitEnded(waited_ms(), cancelled=True))

        dialog.canceled.connect(cancel)
        dialog.rejected.connect(cancel)  # Esc where Qt's own Esc shortcut did not act
        dialog.show()
        if self.shown is not None:
            self.shown(dialog)
        timer.start()
        try:
            if not outcome:
                loop.exec()
        finally:
            timer.stop()
            dialog.canceled.disconnect()
            dialog.rejected.disconnect()
            dialog.close()
            dialog.deleteLater()
        if failure:
            raise failure[0]
        return outcome[0] if outcome else LockWaitEnded(waited_ms(), cancelled=True)


def _dialog_parent() -> QWidget | None:
    return QApplication.activeModalWidget() or QApplication.activeWindow()


def wait_dialog(parent: QWidget | None) -> QProgressDialog:
    """The "Väntar på databasen…" dialog with Avbryt (also Esc): it blocks input, not events."""
    dialog = QProgressDialog(parent)
    dialog.setObjectName(DIALOG_NAME)
    dialog.setWindowTitle(_tr("Väntar på databasen"))
    dialog.setAccessibleName(_tr("Väntar på databasen"))
    label = QLabel()
    label.setWordWrap(True)
    dialog.setLabel(label)  # before the text: QProgressDialog's own label does not wrap
    dialog.setLabelText(
        _tr(
            "Väntar på databasen…\n\nEtt annat program använder databasen just nu. Det du "
            "har skrivit sparas så snart den blir ledig; inget går förlorat om du avbryter."
        )
    )
    dialog.setCancelButtonText(_tr("&Avbryt"))
    dialog.setRange(0, 0)  # no known end: a busy indicator
    dialog.setMinimumDuration(0)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumWidth(460)
    cancel = dialog.findChild(QPushButton)
    if cancel is not None:
        cancel.setAccessibleName(_tr("Avbryt väntan på databasen"))
    bar = dialog.findChild(QProgressBar)
    if bar is not None:
        bar.setAccessibleName(_tr("Väntar"))
    return dialog
