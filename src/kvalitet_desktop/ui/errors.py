"""Unexpected errors: write them to the log file (``logfile``) and tell the user calmly.

Every save in the services is its own transaction, so a bug in the user interface never loses
what was already saved; the dialog says so and points at the log file for support.
Expected errors (``KvalitetError``) are not handled here: they are shown where they happen.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from kvalitet_desktop import logfile
from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.logfile import (
    LOG_FILE_NAME,
    LOGGER_NAME,
    log,
    log_file,
    log_folder,
    setup_logging,
    shutdown_logging,
)
from kvalitet_desktop.ui.dialogs.common import message_box

__all__ = [
    "LOGGER_NAME",
    "LOG_FILE_NAME",
    "UnexpectedErrorDialog",
    "installed",
    "log",
    "log_file",
    "log_folder",
    "report_fault",
    "report_unexpected",
    "setup_logging",
    "shutdown_logging",
]

_interactive = True
_open_dialog: UnexpectedErrorDialog | None = None
# Called with every unexpected exception after it is logged (the screenshot mode counts them).
_listeners: list[Callable[[BaseException], None]] = []


def add_listener(listener: Callable[[BaseException], None]) -> None:
    _listeners.append(listener)


def remove_listener(listener: Callable[[BaseException], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def report_unexpected(exc: BaseException, parent: QWidget | None = None) -> None:
    """Log ``exc`` with its traceback and show the error dialog (from any thread).

    An expected error (``KvalitetError``) that reaches here from a place without its own
    handling — a list's cell or the dashboard reading a damaged file — is no bug: it is shown
    with its Swedish message instead (:func:`report_fault`)."""
    if isinstance(exc, KvalitetError):
        report_fault(exc, parent)
        return
    # The log gets the scrubbed traceback; the person at the screen sees all of it but the
    # SQL parameters (what a record held), since these details are copied for support.
    details = logfile.without_parameters(
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    path = logfile.log_unexpected(exc)
    for listener in list(_listeners):
        listener(exc)
    app = QApplication.instance()
    if not _interactive or app is None:
        where = f"Detaljer finns i loggfilen: {path}" if path else ""
        print(details + where, file=sys.stderr)
        return
    if QThread.currentThread() is app.thread():
        _show_dialog(details, parent)
    else:
        # Widgets belong to the UI thread; hand the dialog over to it.
        QTimer.singleShot(0, app, lambda: _show_dialog(details, None))


def fault_details(exc: BaseException) -> str:
    """For support: the error's class and its cause's (SQLite's fixed words), never a
    statement, its values, or what a record holds."""
    lines = [f"{type(exc).__module__}.{type(exc).__qualname__}"]
    reason = getattr(exc, "reason", "")  # a database fault's: SQLite's fixed words
    if reason:
        lines.append(str(reason))
    return "\n".join(lines)


def report_fault(exc: KvalitetError, parent: QWidget | None = None) -> None:
    """Show an expected error that escaped to the top (from any thread): its Swedish message
    once — a fault that repeats at every repaint opens no second box — and a log line."""
    log.warning("Fel som visas för användaren: %s", fault_details(exc).replace("\n", " – "))
    app = QApplication.instance()
    if not _interactive or app is None:
        print(f"{exc}\n{fault_details(exc)}", file=sys.stderr)
        return
    if QThread.currentThread() is app.thread():
        _show_fault(str(exc), fault_details(exc), parent)
    else:
        text, details = str(exc), fault_details(exc)
        QTimer.singleShot(0, app, lambda: _show_fault(text, details, None))


_fault_boxes: dict[str, QMessageBox] = {}


def _show_fault(text: str, details: str, parent: QWidget | None) -> None:
    box = _fault_boxes.get(text)
    if box is not None and isValid(box) and box.isVisible():
        return
    box = message_box(
        parent,
        QMessageBox.Icon.Critical,
        QApplication.translate("errors", "Det gick inte"),
        text,
        details=details,
    )
    box.setObjectName("fault_dialog")
    _fault_boxes[text] = box
    box.finished.connect(lambda _result: _fault_boxes.pop(text, None))


def current_fault() -> QMessageBox | None:
    """The fault message on screen, if any (for tests)."""
    for box in list(_fault_boxes.values()):
        if isValid(box) and box.isVisible():
            return box
    return None


def _show_dialog(details: str, parent: QWidget | None) -> None:
    global _open_dialog
    # One dialog at a time: a bug that repeats (e.g. in a paint handler) adds details instead
    # of burying the user in windows.
    if current_dialog() is not None:
        assert _open_dialog is not None
        _open_dialog.add_details(details)
        return
    _open_dialog = UnexpectedErrorDialog(details, log_file(), parent)
    _open_dialog.open()


def current_dialog() -> UnexpectedErrorDialog | None:
    """The error dialog on screen, if any (it deletes itself when closed)."""
    if _open_dialog is None or not isValid(_open_dialog) or not _open_dialog.isVisible():
        return None
    return _open_dialog


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    report_unexpected(exc)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        report_unexpected(args.exc_value)


@contextmanager
def installed(*, interactive: bool = True) -> Iterator[Path]:
    """Log to the file and catch uncaught exceptions while the block runs; yields the log path.

    ``interactive=False`` (screenshot mode) prints to stderr instead of opening dialogs.
    The previous hooks are restored and the log file closed afterwards, so running the GUI
    in-process (tests) leaves no trace.
    """
    global _interactive
    path = setup_logging() or log_file()
    old_hook, old_thread_hook, old_interactive = sys.excepthook, threading.excepthook, _interactive
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    _interactive = interactive
    log.info("Kvalitet Desktop startar (Python %s)", sys.version.split()[0])
    try:
        yield path
    finally:
        sys.excepthook, threading.excepthook, _interactive = (
            old_hook,
            old_thread_hook,
            old_interactive,
        )
        shutdown_logging()


class UnexpectedErrorDialog(QDialog):
    """ "Ett oväntat fel inträffade" with the log path (selectable) and the technical details."""

    def __init__(self, details: str, log_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Ett oväntat fel inträffade"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)

        message = QLabel(
            self.tr(
                "Ett oväntat fel inträffade. Programmet fortsätter att fungera.\n"
                "Inget sparat har gått förlorat. Detaljer finns i loggfilen:"
            )
        )
        message.setWordWrap(True)
        layout.addWidget(message)

        self.path_field = QLineEdit(str(log_path))
        self.path_field.setReadOnly(True)
        self.path_field.setAccessibleName(self.tr("Loggfil"))
        self.path_field.setMinimumWidth(420)
        layout.addWidget(self.path_field)

        details_label = QLabel(self.tr("&Tekniska detaljer (för support):"))
        layout.addWidget(details_label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Tekniska detaljer"))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(160)
        details_label.setBuddy(self.details)
        layout.addWidget(self.details)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("S&täng"))
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def add_details(self, details: str) -> None:
        self.details.appendPlainText("\n" + details)
