"""Unexpected errors: logged to a rotating file, shown calmly, the program keeps running."""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from kvalitet_desktop.ui import errors

pytestmark = pytest.mark.gui


def _raise_and_hook() -> None:
    try:
        raise ValueError(" ".join(["trasig", "uträkning"]))  # not in the source line
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]


def test_excepthook_logs_and_shows_dialog(qtbot: QtBot, log_dir: Path) -> None:
    old_hook = sys.excepthook
    with errors.installed() as log_path:
        assert log_path == log_dir / "kvalitet.log"  # the same file as the command line's
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
    assert "Oväntat fel (ValueError)" in text and "in _raise_and_hook" in text
    assert "trasig uträkning" not in text  # an exception's own words may be a record's


def test_message_says_nothing_saved_is_lost(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = errors.UnexpectedErrorDialog("Traceback …", tmp_path / "x.log")
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(errors.QLabel))
    assert "Inget sparat har gått förlorat" in texts
    assert "loggfilen" in texts


def test_non_interactive_prints_instead(capsys: pytest.CaptureFixture[str]) -> None:
    with errors.installed(interactive=False) as log_path:
        _raise_and_hook()
        assert errors.current_dialog() is None
    err = capsys.readouterr().err
    assert "ValueError: trasig uträkning" in err
    assert f"Detaljer finns i loggfilen: {log_path}" in err


SECRET = "Kalle Ankas genomförandeplan"


def _fail_with_parameters(db_file: Path) -> None:
    engine = create_engine(f"sqlite:///{db_file}")
    try:
        with engine.connect() as conn:
            conn.execute(text("UPDATE finns_inte SET titel = :titel"), {"titel": SECRET})
    except Exception as exc:
        raise KeyError(SECRET) from exc
    finally:
        engine.dispose()


def test_the_log_has_times_and_no_record_text(qtbot: QtBot, tmp_path: Path) -> None:
    with errors.installed() as log_path:
        try:
            _fail_with_parameters(tmp_path / "x.sqlite")
        except KeyError as exc:
            errors.report_unexpected(exc)
        dialog = errors.current_dialog()
        assert dialog is not None
        assert dialog.path_field.text() == str(log_path)
        dialog.close()
        errors.log.error("Sparandet misslyckades: %s", "[parameters: ('Kalle Ankas',)]")
    text_ = log_path.read_text(encoding="utf-8")
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR kvalitet_desktop: ", text_, re.M)
    assert "sqlite3.OperationalError: no such table: finns_inte" in text_
    assert "UPDATE finns_inte SET titel = ?" in text_ and "KeyError" in text_
    assert "Kalle" not in text_ and "[parameters:" not in text_


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
