"""Exportera… on the shared list page: the warning, the file dialog, the work off the UI
thread, the file's name afterwards, a clear message when the file cannot be written."""

from __future__ import annotations

import csv
import errno
import time
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from deviation_inputs import registration
from helpers import activate, find_by_name, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.exchange import list_export
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import list_export as ui_list_export
from kvalitet_desktop.ui.list_export import ListExportRun
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.deviations import service as deviations

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("answers")]


@pytest.fixture
def records(admin: Context, unit_id: str, other_unit_id: str) -> None:
    start = datetime(2026, 5, 4, 10, 0)
    for days, unit, title in (
        (0, unit_id, "Dörren stod öppen"),
        (1, unit_id, "Medicinen kom för sent"),
        (2, other_unit_id, "Fel nyckel i skåpet"),
    ):
        deviations.register(
            admin, registration(unit, title=title, occurred_at=start + timedelta(days=days))
        )


def _save_dialog(
    monkeypatch: pytest.MonkeyPatch, answer: Path | None, chosen: str = ""
) -> list[str]:
    offered: list[str] = []

    def fake(_parent: Any, _title: str, suggested: str, filters: str) -> tuple[str, str]:
        offered.extend([suggested, filters])
        return ("", "") if answer is None else (str(answer), chosen)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake)
    return offered


def _finished(qtbot: QtBot, run: ListExportRun | None) -> ListExportRun:
    assert run is not None
    qtbot.waitUntil(lambda: not run.running, timeout=20_000)
    return run


def _info_texts() -> list[str]:
    return [
        w.text()
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_the_button_exports_what_the_list_shows_after_the_warning(
    qtbot: QtBot,
    admin: Context,
    records: None,
    unit_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: SimpleNamespace,
) -> None:
    page = show(qtbot, ListPage(admin, "avvikelse", remember=False), (1280, 700))
    page.set_unit_filter(unit_id)
    target = tmp_path / "avvikelser"
    offered = _save_dialog(monkeypatch, target, "Excel-arbetsbok (*.xlsx)")
    answers.queue.append(QMessageBox.StandardButton.Ok)
    button = find_by_name(page, QPushButton, "Exportera")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)  # the keyboard alone
    run = _finished(qtbot, page._export_run)
    assert run.error is None
    assert "personuppgifter" in answers.asked[0]
    assert offered[0].endswith(".xlsx") and "*.csv" in offered[1]
    written = tmp_path / "avvikelser.xlsx"  # the extension of the chosen filter
    ws = openpyxl.load_workbook(written).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr", "Rubrik", "Enhet")
    assert [r[1] for r in rows[1:]] == ["Medicinen kom för sent", "Dörren stod öppen"]
    assert any(str(written) in text for text in _info_texts())


def test_declining_the_warning_or_the_dialog_writes_nothing(
    qtbot: QtBot,
    admin: Context,
    records: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: SimpleNamespace,
) -> None:
    page = show(qtbot, ListPage(admin, "avvikelse", remember=False))
    offered = _save_dialog(monkeypatch, tmp_path / "x.csv")
    answers.queue.append(QMessageBox.StandardButton.Cancel)
    assert page.export_list() is None
    assert offered == []  # the file dialog never opened
    _save_dialog(monkeypatch, None)
    answers.queue.append(QMessageBox.StandardButton.Ok)
    assert page.export_list() is None
    assert list(tmp_path.glob("x.*")) == []


def test_a_list_without_personal_data_asks_nothing_and_writes_csv(
    qtbot: QtBot,
    admin: Context,
    unit_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: SimpleNamespace,
) -> None:
    page = show(qtbot, ListPage(admin, "egenkontroll", remember=False))
    target = tmp_path / "kontroller.csv"
    _save_dialog(monkeypatch, target)
    _finished(qtbot, page.export_list())
    assert answers.asked == []
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh, delimiter=";"))[0] == "Rubrik"


def test_a_file_that_cannot_be_written_is_a_clear_message(
    qtbot: QtBot,
    admin: Context,
    records: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: SimpleNamespace,
) -> None:
    page = show(qtbot, ListPage(admin, "avvikelse", remember=False))
    target = tmp_path / "lista.csv"
    target.write_text("den gamla", encoding="utf-8")
    _save_dialog(monkeypatch, target)
    answers.queue.append(QMessageBox.StandardButton.Ok)

    def locked(*_args: Any) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(list_export, "write_csv", locked)
    run = _finished(qtbot, page.export_list())
    assert run.error is not None
    assert any("behörighet att skriva" in text for text in _info_texts())
    assert target.read_text(encoding="utf-8") == "den gamla"


def test_the_progress_bar_can_cancel_a_long_export(
    qtbot: QtBot,
    admin: Context,
    records: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: SimpleNamespace,
) -> None:
    page = show(qtbot, ListPage(admin, "avvikelse", remember=False))
    target = tmp_path / "lång.xlsx"
    _save_dialog(monkeypatch, target)
    answers.queue.append(QMessageBox.StandardButton.Ok)

    def slow(*_args: Any, progress: Any, **_kwargs: Any) -> Any:
        for _page in range(3000):  # a long export, page after page, until cancelled
            progress(1, 3)
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(list_export, "export_list", slow)
    run = page.export_list()
    assert run is not None
    qtbot.waitUntil(lambda: run.progress_dialog is not None, timeout=10_000)
    dialog = run.progress_dialog
    assert dialog is not None and dialog.maximum() == 3
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Avbryt"
    cancel.click()
    run = _finished(qtbot, run)
    assert isinstance(run.error, ui_list_export.Cancelled)
    assert not target.exists()


def test_staff_see_no_export_button(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    organisation.save_user(
        admin, organisation.UserInput("personal", "Per Sonal", None, [Role.STAFF], [unit_id])
    )
    staff = Context.for_login(admin.db, "personal")
    page = show(qtbot, ListPage(staff, "avvikelse", remember=False))
    assert page.export_button is None


def test_the_menu_action_exports_the_list_on_screen(
    qtbot: QtBot,
    admin: Context,
    records: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    answers: SimpleNamespace,
) -> None:
    window = show(qtbot, MainWindow(admin, remember=False))  # type: ignore[arg-type]
    assert window.show_view("avvikelser")
    target = tmp_path / "via-menyn.csv"
    _save_dialog(monkeypatch, target)
    answers.queue.append(QMessageBox.StandardButton.Ok)
    activate(qtbot, window)
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    window.export_action.trigger()
    page = window.page("avvikelser")
    assert isinstance(page, ListPage)
    _finished(qtbot, page._export_run)
    assert target.exists()
