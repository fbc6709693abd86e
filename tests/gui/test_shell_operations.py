"""run_in_background: work off the UI thread, results and failures back on it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.errors import RuleViolation
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.operations import run_in_background

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    main.setCentralWidget(QLabel("innehåll"))
    qtbot.addWidget(main)
    main.show()
    return main


def test_result_arrives_on_the_ui_thread(qtbot: QtBot, window: QMainWindow) -> None:
    threads: list[QThread] = []
    results: list[int] = []

    def work() -> int:
        threads.append(QThread.currentThread())
        return 42

    def done(value: int) -> None:
        threads.append(QThread.currentThread())
        results.append(value)

    op = run_in_background(window.centralWidget(), work, done, busy_text="Räknar…")
    qtbot.waitUntil(lambda: op.done and results == [42])
    app_thread = QApplication.instance().thread()
    assert threads[0] is not app_thread
    assert threads[1] is app_thread
    assert operations.pending() == 0
    assert QApplication.overrideCursor() is None


def test_busy_indicators_while_running(qtbot: QtBot, window: QMainWindow) -> None:
    release = threading.Event()
    op = run_in_background(window, lambda: release.wait(5), lambda _r: None, busy_text="Sparar…")
    assert window.statusBar().currentMessage() == "Sparar…"
    assert QApplication.overrideCursor() is not None
    assert operations.pending() >= 1
    # A slow job gets an (uncancellable) progress dialog after a moment.
    qtbot.waitUntil(lambda: op._progress is not None, timeout=3000)
    assert op._progress.labelText() == "Sparar…"
    release.set()
    qtbot.waitUntil(lambda: op.done)
    assert window.statusBar().currentMessage() == ""
    assert QApplication.overrideCursor() is None


def test_expected_error_is_shown_as_message(
    qtbot: QtBot, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(operations, "show_error", lambda _parent, exc: shown.append(str(exc)))

    def work() -> None:
        raise RuleViolation("Åtgärden är makulerad.")

    op = run_in_background(window, work, lambda _r: pytest.fail("no success"))
    qtbot.waitUntil(lambda: op.done)
    assert shown == ["Åtgärden är makulerad."]
    assert isinstance(op.error, RuleViolation)


def test_unexpected_error_is_reported(
    qtbot: QtBot, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[BaseException] = []
    monkeypatch.setattr(
        operations.errors, "report_unexpected", lambda exc, _parent=None: reported.append(exc)
    )
    op = run_in_background(window, lambda: 1 / 0, lambda _r: None)
    qtbot.waitUntil(lambda: op.done)
    assert isinstance(reported[0], ZeroDivisionError)


def test_own_failure_handler(qtbot: QtBot, window: QMainWindow) -> None:
    failures: list[BaseException] = []

    def work() -> None:
        raise RuleViolation("Nej.")

    op = run_in_background(window, work, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: op.done)
    assert [str(f) for f in failures] == ["Nej."]


def test_result_is_dropped_when_the_widget_is_gone(qtbot: QtBot) -> None:
    widget = QWidget()
    release = threading.Event()
    results: list[str] = []
    op = run_in_background(widget, lambda: release.wait(5) and "klart", results.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(widget))
    release.set()
    qtbot.waitUntil(lambda: op.done)
    assert results == []


def _alive(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return isValid(widget)


def test_wait_until_idle(qtbot: QtBot, window: QMainWindow) -> None:
    results: list[int] = []
    run_in_background(window, lambda: 7, results.append, modal=False)
    assert operations.wait_until_idle(5)
    assert results == [7]
