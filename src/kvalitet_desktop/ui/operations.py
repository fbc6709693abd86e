"""Run slow work (opening or backing up the database, building a PDF) off the UI thread.

``work`` runs on a pool thread and must never touch a widget; it returns a plain value that
``on_success`` receives back on the UI thread. While it runs the user sees a wait cursor and a
status-bar message, and, if it takes more than a moment, a small progress dialog.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog, QWidget
from shiboken6 import isValid

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.ui import errors
from kvalitet_desktop.ui.dialogs.common import show_error

T = TypeVar("T")
PROGRESS_DELAY_MS = 300

log = logging.getLogger(__name__)

# Operations whose result has not been delivered yet, by token (also keeps them alive).
_running: dict[int, Operation[Any]] = {}
_tokens = itertools.count(1)


class _Bridge(QObject):
    """Carries results from pool threads to the UI thread; lives as long as the program.

    Pool threads only ever see this object and an integer token, never an ``Operation``: a
    QObject whose last reference died on a pool thread would be destroyed there, leaving its
    timers registered on the UI thread (a crash later).
    """

    delivered = Signal(int, bool, object)


_bridge: _Bridge | None = None


def _bridge_instance() -> _Bridge:
    global _bridge
    if _bridge is None:
        _bridge = _Bridge()
        _bridge.delivered.connect(_deliver)
    return _bridge


def _deliver(token: int, ok: bool, value: object) -> None:
    operation = _running.get(token)
    if operation is None:
        return
    try:
        if ok:
            operation._deliver_success(value)
        else:
            assert isinstance(value, BaseException)
            operation._deliver_failure(value)
    finally:
        del _running[token]
        operation.finished.emit()


class Operation(QObject, Generic[T]):
    """One background job. ``finished`` fires on the UI thread after the callbacks ran."""

    finished = Signal()

    def __init__(
        self,
        parent_widget: QWidget | None,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None,
        busy_text: str,
        modal: bool,
    ) -> None:
        super().__init__()
        self._widget = parent_widget
        self._work: Callable[[], T] | None = work
        self._on_success = on_success
        self._on_failure = on_failure
        self.busy_text = busy_text
        self._modal = modal
        self._progress: QProgressDialog | None = None
        self.done = False
        self.error: BaseException | None = None
        # A child timer dies with the operation (a context-bound singleShot outlived it and
        # fired on a deleted object).
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self._show_progress)

    def _start(self) -> None:
        token = next(_tokens)
        _running[token] = self
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        bar = self._status_bar_window()
        if bar is not None:
            bar.statusBar().showMessage(self.busy_text)
        if self._modal and self._widget is not None:
            self._progress_timer.start()
        QThreadPool.globalInstance().start(_job(token, self._work, _bridge_instance()))
        self._work = None

    def _status_bar_window(self) -> QMainWindow | None:
        if self._widget is None or not isValid(self._widget):
            return None
        window = self._widget.window()
        return window if isinstance(window, QMainWindow) else None

    def _show_progress(self) -> None:
        if self.done or self._widget is None or not isValid(self._widget):
            return
        progress = QProgressDialog(self.busy_text, "", 0, 0, self._widget)
        progress.setCancelButton(None)  # the work cannot be interrupted safely
        progress.setWindowTitle(QApplication.applicationDisplayName() or "Kvalitet Desktop")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        self._progress = progress

    def _finish(self) -> bool:
        """Undo the busy indication; False if the widget that asked is gone."""
        self.done = True
        self._progress_timer.stop()
        QApplication.restoreOverrideCursor()
        if self._progress is not None:
            if isValid(self._progress):
                self._progress.close()
                self._progress.deleteLater()
            self._progress = None
        bar = self._status_bar_window()
        if bar is not None and bar.statusBar().currentMessage() == self.busy_text:
            bar.statusBar().clearMessage()
        return self._widget is None or isValid(self._widget)

    def _deliver_success(self, result: T) -> None:
        if self._finish():
            self._on_success(result)
        else:
            log.info("Resultatet av ”%s” kom efter att fönstret stängts.", self.busy_text)

    def _deliver_failure(self, exc: BaseException) -> None:
        self.error = exc
        alive = self._finish()
        if self._on_failure is not None and alive:
            self._on_failure(exc)
        else:
            show_failure(self._widget if alive else None, exc)


def _job(token: int, work: Callable[[], Any] | None, bridge: _Bridge) -> Callable[[], None]:
    """The function a pool thread runs: ``work``, then the outcome back through ``bridge``."""
    box = [work]

    def run() -> None:
        task = box.pop()
        assert task is not None
        try:
            value, ok = task(), True
        except BaseException as exc:  # every failure goes back to the UI
            value, ok = exc, False
        del task  # drop closures (and what they hold) before leaving the thread
        try:
            bridge.delivered.emit(token, ok, value)
        except RuntimeError:  # the program ended while the work ran: no one waits for it
            return

    return run


def show_failure(parent: QWidget | None, exc: BaseException) -> None:
    """The default reaction: expected errors as a message, anything else as a logged bug."""
    if isinstance(exc, KvalitetError):
        show_error(parent, exc)
    else:
        errors.report_unexpected(exc, parent)


def run_in_background(
    parent: QWidget | None,
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    busy_text: str = "",
    *,
    modal: bool = True,
) -> Operation[T]:
    """Run ``work`` on a pool thread; call ``on_success(result)`` on the UI thread.

    Without ``on_failure`` a ``KvalitetError`` is shown as a message and anything else is
    logged and shown as an unexpected error. ``modal=False`` skips the progress dialog (for
    loads that refresh a page quietly). If ``parent`` is closed and deleted before the work
    ends, the result is dropped.
    """
    text = busy_text or QApplication.translate("operations", "Arbetar…")
    operation: Operation[T] = Operation(parent, work, on_success, on_failure, text, modal)
    operation._start()
    return operation


def pending() -> int:
    """How many operations have not delivered their result yet."""
    return len(_running)


def wait_until_idle(timeout_s: float = 15.0) -> bool:
    """Process events until every operation has finished; False on timeout (screenshots)."""
    deadline = time.monotonic() + timeout_s
    while pending():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()
    return True
