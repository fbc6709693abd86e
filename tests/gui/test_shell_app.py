"""run_gui in screenshot mode (in-process, offscreen) and its start-up failures."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import app as app_module
from kvalitet_desktop.ui.app import run_gui, screenshot_login
from kvalitet_desktop.ui.dialogs.first_run import FirstRunDialog
from kvalitet_desktop.ui.dialogs.user_picker import UserPickerDialog
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.measures import service as measures
from kvalitet_desktop.workflows.measures.service import MeasureInput

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def unknown_os_user(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    """The computer's user is nobody in the database (unless a test says otherwise)."""
    monkeypatch.setattr(app_module, "os_login", lambda: "ingen-sadan")


@pytest.fixture
def ready_db(admin: Context, unit_id: str, manager: Context) -> Path:
    """A set-up database file, closed so that run_gui opens it like the program would."""
    path = Path(admin.db.path)
    admin.db.close()
    return path


@pytest.mark.parametrize("view", ["dashboard", "riskanalyser", "atgarder", "uppfoljningar"])
def test_screenshot_of_each_view(ready_db: Path, tmp_path: Path, view: str) -> None:
    target = tmp_path / f"ui-{view}.png"
    assert run_gui(ready_db, login="admin", screenshot=target, view=view) == 0
    image = QImage(str(target))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert target.stat().st_size > 5000
    assert (tmp_path / "logs" / "kvalitet.log").exists()  # the one log file, as the CLI's


@pytest.fixture
def db_with_saved_filter(qtbot: QtBot, admin: Context, unit_id: str) -> Path:
    """A measure, and a remembered filter of the measure list that hides it."""
    measures.create_measure(
        admin, MeasureInput("Brandskydd i köket", unit_id, None, admin.actor.id, date.today())
    )
    page = ListPage(admin, "atgard")
    qtbot.addWidget(page)
    page.search.setText("finns inte")
    page.apply_filters()
    page.archived_check.setChecked(True)
    page.table.sortByColumn(page.model.columns.index("title"), Qt.SortOrder.DescendingOrder)
    assert page.model.rowCount() == 0
    page.close()
    path = Path(admin.db.path)
    admin.db.close()
    return path


def test_screenshot_ignores_remembered_list_filters(
    db_with_saved_filter: Path,
    tmp_path: Path,
    settings_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remembered = (settings_dir / "kvalitet-desktop.ini").read_bytes()
    assert b"finns inte" in remembered
    seen: dict[str, Any] = {}
    take_screenshot = app_module.Startup._save_screenshot

    def note_the_list(startup: app_module.Startup) -> None:
        assert startup.window is not None
        page = startup.window.centralWidget().findChild(ListPage)
        assert isinstance(page, ListPage)
        seen.update(
            search=page.search.text(),
            archived=page.archived_check.isChecked(),
            sort=page.model.sort_key,
            rows=page.model.rowCount(),
        )
        take_screenshot(startup)

    monkeypatch.setattr(app_module.Startup, "_save_screenshot", note_the_list)
    target = tmp_path / "atgarder.png"
    assert run_gui(db_with_saved_filter, login="admin", screenshot=target, view="atgarder") == 0
    assert seen == {"search": "", "archived": False, "sort": "due_date", "rows": 1}
    assert target.exists()
    # Nor does a screenshot change what the user has remembered.
    assert (settings_dir / "kvalitet-desktop.ini").read_bytes() == remembered


def test_screenshot_defaults_to_dashboard_and_the_os_user(
    ready_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "os_login", lambda: "admin")
    target = tmp_path / "standard.png"
    assert run_gui(ready_db, screenshot=target) == 0
    assert target.exists()


def test_screenshot_without_user_is_refused_like_every_command(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.png"
    assert run_gui(ready_db, screenshot=target) == 1
    err = capsys.readouterr().err
    assert "”ingen-sadan” (operativsystemets användarnamn)" in err and "--user" in err
    assert not target.exists()


def test_unknown_view_is_a_usage_error(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_gui(ready_db, login="admin", screenshot=tmp_path / "x.png", view="avvikelser") == 2
    err = capsys.readouterr().err
    assert "Okänd vy ”avvikelser”" in err and "dashboard" in err
    assert not (tmp_path / "x.png").exists()


def test_view_without_permission(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "x.png"
    assert run_gui(ready_db, login="enhetschef", screenshot=target, view="organisation") == 2
    assert "behörighet" in capsys.readouterr().err
    assert not target.exists()


def test_unknown_login(ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_gui(ready_db, login="okand", screenshot=tmp_path / "x.png") == 1
    assert "ingen aktiv användare" in capsys.readouterr().err


def test_not_a_database_is_left_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = tmp_path / "anteckningar.sqlite"
    content = "Det här är inte en databas.\n".encode() * 50
    document.write_bytes(content)
    assert run_gui(document, screenshot=tmp_path / "x.png") == 1
    assert "inte en databas" in capsys.readouterr().err
    assert document.read_bytes() == content


def test_empty_database_needs_first_run(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_gui(db_path, screenshot=tmp_path / "x.png") == 1
    assert "Databasen är tom" in capsys.readouterr().err


def test_error_hooks_are_restored(ready_db: Path, tmp_path: Path) -> None:
    hook = sys.excepthook
    run_gui(ready_db, login="admin", screenshot=tmp_path / "x.png")
    assert sys.excepthook is hook
    assert QApplication.instance().quitOnLastWindowClosed()


def test_screenshot_user_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    users = [("enhetschef", "Märta Enhetschef"), ("admin", "Åsa Administratör")]
    assert screenshot_login(users, "admin") == "admin"
    monkeypatch.setattr(app_module, "os_login", lambda: "enhetschef")
    assert screenshot_login(users, None) == "enhetschef"
    monkeypatch.setattr(app_module, "os_login", lambda: "ingen")
    assert screenshot_login(users, None) is None  # never someone else, such as an administrator


# --- interactive start-up (dialogs answered by the test) ------------------------------------


def close_main_window_when_shown(seen: list[tuple[str, str]]) -> QTimer:
    """Poll for the main window, note (title, login) and close it (the program then ends)."""

    def check() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen.append((widget.windowTitle(), widget.ctx.actor.login))
                timer.stop()
                widget.close()
                return

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(check)
    timer.start()
    return timer


def test_user_picker_then_main_window(ready_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    offered: list[list[str]] = []

    def pick(dialog: UserPickerDialog) -> int:
        offered.append([dialog.user_combo.itemData(i) for i in range(dialog.user_combo.count())])
        dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("enhetschef"))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(UserPickerDialog, "exec", pick)
    seen: list[tuple[str, str]] = []
    timer = close_main_window_when_shown(seen)
    assert run_gui(ready_db) == 0
    timer.stop()
    assert offered == [["enhetschef", "admin"]]
    assert seen == [("Exempelå kommun – Kvalitet Desktop", "enhetschef")]


def test_cancelled_picker_ends_quietly(ready_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UserPickerDialog, "exec", lambda dialog: 0)
    assert run_gui(ready_db) == 0


def test_first_run_then_main_window(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill(dialog: FirstRunDialog) -> int:
        dialog.municipality.setText("Exempelå kommun")
        dialog.org_number.setText("212000-0142")
        dialog.login.setText("asa")
        dialog.name.setText("Åsa Admin")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(FirstRunDialog, "exec", fill)
    seen: list[tuple[str, str]] = []
    timer = close_main_window_when_shown(seen)
    assert run_gui(db_path) == 0
    timer.stop()
    assert seen == [("Exempelå kommun – Kvalitet Desktop", "asa")]


def test_start_up_goes_on_when_the_start_window_is_never_painted(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is opened after the start window's first paint, or after a short wait
    when no paint comes (a window opened behind another)."""
    from kvalitet_desktop.ui import app as app_module

    monkeypatch.setattr(app_module.StartWindow, "paintEvent", lambda self, event: None)
    monkeypatch.setattr(UserPickerDialog, "exec", lambda dialog: 0)  # then end quietly
    opened: list[str] = []
    real = app_module.open_and_inspect
    monkeypatch.setattr(
        app_module, "open_and_inspect", lambda path: opened.append(str(path)) or real(path)
    )
    assert run_gui(ready_db) == 0
    assert opened == [str(ready_db)]
