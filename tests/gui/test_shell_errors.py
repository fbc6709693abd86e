"""Unexpected errors: logged to a rotating file, shown calmly, the program keeps running."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kvalitet_desktop.ui import errors

pytestmark = pytest.mark.gui


def _raise_and_hook() -> None:
    try:
        raise ValueError("trasig uträkning")
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def test_excepthook_logs_and_shows_dialog(qtbot: QtBot, log_dir: Path) -> None:
    old_hook = sys.excepthook
    with errors.installed() as log_path:
        assert log_path == log_dir / "kvalitet-desktop.log"
        _raise_and_hook()
        dialog = errors.current_dialog()
        assert dialog is not None  # deletes itself on close: not handed to qtbot
        assert dialog.windowTitle() == "Ett oväntat fel inträffade"
        assert dialog.path_field.text() == str(log_path)
        assert dialog.path_field.isReadOnly()
        assert "ValueError: trasig uträkning" in dialog.details.toPlainText()
        # A second error lands in the same dialog instead of a new window.
        _raise_and_hook()
        assert errors.current_dialog() is dialog
        assert dialog.details.toPlainText().count("ValueError: trasig") == 2
        dialog.close()
    assert sys.excepthook is old_hook
    text = log_path.read_text(encoding="utf-8")
    assert "Oväntat fel" in text and "ValueError: trasig uträkning" in text


def test_message_says_nothing_saved_is_lost(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = errors.UnexpectedErrorDialog("Traceback …", tmp_path / "x.log")
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(errors.QLabel))
    assert "Inget sparat har gått förlorat" in texts
    assert "loggfilen" in texts


def test_non_interactive_prints_instead(capsys: pytest.CaptureFixture[str]) -> None:
    with errors.installed(interactive=False):
        _raise_and_hook()
        assert errors.current_dialog() is None
    assert "ValueError: trasig uträkning" in capsys.readouterr().err


def test_errors_in_threads_reach_the_ui(qtbot: QtBot) -> None:
    with errors.installed():

        def fail() -> None:
            raise RuntimeError("i en tråd")

        worker = threading.Thread(target=fail)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: errors.current_dialog() is not None)
        dialog = errors.current_dialog()
        assert dialog is not None
        assert "RuntimeError: i en tråd" in dialog.details.toPlainText()
        dialog.close()


def test_log_folder_is_created(tmp_path: Path) -> None:
    target = errors.setup_logging(tmp_path / "ny" / "mapp")
    try:
        errors.log.info("hej")
        assert target.exists()
        assert errors.log_file() == target
    finally:
        errors.shutdown_logging()
