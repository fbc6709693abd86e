"""MainWindow: navigation by keyboard, per-role views, menus, remembered view and geometry."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from helpers import show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop import __version__
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import main_window as main_window_module
from kvalitet_desktop.ui.main_window import VIEW_KEYS, MainWindow
from kvalitet_desktop.ui.views.dashboard import DashboardView
from kvalitet_desktop.ui.views.list_page import ListPage

pytestmark = pytest.mark.gui


def make_window(qtbot: QtBot, ctx: Context, **kwargs: object) -> MainWindow:
    return show(qtbot, MainWindow(ctx, **kwargs))  # type: ignore[arg-type]


def nav_texts(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_view_keys_for_the_cli() -> None:
    assert VIEW_KEYS == (
        "dashboard",
        "riskanalyser",
        "atgarder",
        "uppfoljningar",
        "lexsarah",
        "avvikelser",
        "klagomal",
        "egenkontroll",
        "insatsforandringar",
        "analys",
        "organisation",
        "granskningslogg",
        "installningar",
    )


def test_admin_sees_every_view(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    # Names the program once, last: Qt appends the display name to titles not ending with it.
    # (The fixture's database is a plain development file, and the title says so.)
    assert window.windowTitle() == "Exempelå kommun – OKRYPTERAD (utveckling) – Kvalitet Desktop"
    assert window.windowTitle().count("Kvalitet Desktop") == 1
    assert nav_texts(window) == [
        "Att göra",
        "Riskanalyser",
        "Åtgärder",
        "Uppföljningar",
        "Lex Sarah",
        "Avvikelser",
        "Klagomål",
        "Egenkontroll",
        "Förändringar i insatser",
        "Analys",
        "Organisation",
        "Granskningslogg",
        "Inställningar",
    ]
    assert window.navigation.accessibleName() == "Navigering"
    assert window.current_view() == "dashboard"
    assert isinstance(window.stack.currentWidget(), DashboardView)
    status = window.user_label.text()
    assert status.startswith("Inloggad: Åsa Administratör (Administratör) · Databas: ")
    assert status.endswith("kvalitet.sqlite")


def test_manager_sees_no_admin_views(qtbot: QtBot, manager: Context) -> None:
    window = make_window(qtbot, manager)
    assert nav_texts(window) == [
        "Att göra",
        "Riskanalyser",
        "Åtgärder",
        "Uppföljningar",
        "Lex Sarah",
        "Avvikelser",
        "Klagomål",
        "Egenkontroll",
        "Förändringar i insatser",
        "Analys",
    ]
    assert window.show_view("organisation") is False
    assert window.show_view("granskningslogg") is False
    assert window.show_view("installningar") is False
    assert window.current_view() == "dashboard"
    assert "Enhetschef" in window.user_label.text()


def test_keyboard_moves_between_views(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    window.navigation.setFocus()
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_view() == "riskanalyser"
    page = window.stack.currentWidget()
    assert isinstance(page, ListPage) and page.kind == "riskanalys"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    qtbot.keyClick(window.navigation, Qt.Key.Key_Down)
    assert window.current_view() == "uppfoljningar"
    qtbot.keyClick(window.navigation, Qt.Key.Key_End)
    assert window.current_view() == "installningar"
    qtbot.keyClick(window.navigation, Qt.Key.Key_Home)
    assert window.current_view() == "dashboard"
    assert window.stack.currentWidget() is window.page("dashboard")


def test_view_menu_has_shortcuts(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    action = window.view_actions["atgarder"]
    assert action.shortcut().toString() == "Ctrl+3"
    action.trigger()
    assert window.current_view() == "atgarder"
    assert action.isChecked()
    assert window.new_record_actions["riskanalys"].shortcut().toString() == "Ctrl+N"


def test_pages_are_built_once(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    assert window.page("atgarder") is None  # built on first show
    window.show_view("atgarder")
    page = window.page("atgarder")
    window.show_view("dashboard")
    window.show_view("atgarder")
    assert window.page("atgarder") is page


def test_last_view_and_geometry_are_remembered(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    window.show_view("uppfoljningar")
    window.resize(780, 520)  # the offscreen screen is 800 wide; restoreGeometry keeps within
    size = window.size()
    window.close()
    again = make_window(qtbot, admin)
    assert again.current_view() == "uppfoljningar"
    assert again.size() == size
    # Screenshots neither read nor write the remembered state.
    shot = make_window(qtbot, admin, remember=False)
    assert shot.current_view() == "dashboard"


def test_unit_row_on_dashboard_filters_measures(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    window = make_window(qtbot, admin)
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardView)
    dashboard.unitChosen.emit(unit_id)
    assert window.current_view() == "atgarder"
    page = window.page("atgarder")
    assert isinstance(page, ListPage)
    assert page.model.query.unit_id == unit_id


def test_about_names_version_database_and_logs(qtbot: QtBot, admin: Context) -> None:
    window = make_window(qtbot, admin)
    text = window.about_text()
    assert f"Kvalitet Desktop {__version__}" in text
    assert str(window.database_path()) in text
    assert "Loggfiler:" in text
    box = window.show_about()
    assert box.windowTitle() == "Om Kvalitet Desktop"
    box.close()


def test_backup_runs_in_background(
    qtbot: QtBot, admin: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "kopia.sqlite"
    monkeypatch.setattr(
        main_window_module.QFileDialog, "getSaveFileName", lambda *args: (str(target), "")
    )
    maintenance = types.ModuleType("kvalitet_desktop.services.maintenance")

    def backup(ctx: Context, path: Path) -> Path:
        assert ctx is admin
        Path(path).write_bytes(b"SQLite format 3\x00")
        return Path(path)

    maintenance.backup = backup  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kvalitet_desktop.services.maintenance", maintenance)
    window = make_window(qtbot, admin)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Säkerhetskopian är sparad.")
    assert target.read_bytes().startswith(b"SQLite")


def test_a_new_database_opens_on_the_dashboard(
    qtbot: QtBot, admin: Context, tmp_path: Path
) -> None:
    """The last view is remembered per database, not carried over to another one."""
    from kvalitet_desktop.services import organisation
    from kvalitet_desktop.store.database import Database

    window = make_window(qtbot, admin)
    window.show_view("uppfoljningar")
    window.close()
    other = Database.open(tmp_path / "annan.sqlite")
    try:
        organisation.setup_municipality(
            other, organisation.SetupInput("Annanå kommun", "212000-0142", "admin", "Åsa Admin")
        )
        fresh = make_window(qtbot, Context.for_login(other, "admin"))
        assert fresh.current_view() == "dashboard"
        fresh.close()
    finally:
        other.close()
    again = make_window(qtbot, admin)
    assert again.current_view() == "uppfoljningar"


def test_new_record_without_units_says_where_to_create_one(
    qtbot: QtBot, admin: Context, fake_editors: list[tuple[object, ...]]
) -> None:
    from PySide6.QtWidgets import QMessageBox

    window = make_window(qtbot, admin)
    window.new_record_actions["riskanalys"].trigger()
    assert fake_editors == []
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert boxes[0].text() == (
        "Det finns ingen enhet ännu. En riskanalys hör alltid till en enhet. "
        "Lägg upp enheten under Organisation först."
    )
    boxes[0].close()


def test_getting_started_items_open_where_they_are_done(qtbot: QtBot, admin: Context) -> None:
    from kvalitet_desktop.ui.views.organisation import OrganisationView
    from kvalitet_desktop.ui.views.settings_page import SettingsPage

    window = make_window(qtbot, admin, initial_view="dashboard", remember=False)
    dashboard = window.page("dashboard")
    assert isinstance(dashboard, DashboardView)
    qtbot.waitUntil(lambda: dashboard.dashboard is not None)
    rows = dashboard.checklist.rows
    rows["references"].setFocus()
    qtbot.keyClick(rows["references"], Qt.Key.Key_Space)  # by keyboard
    assert window.current_view() == "installningar"
    settings = window.page("installningar")
    assert isinstance(settings, SettingsPage)
    assert settings.tabs.currentWidget() is settings.references_tab
    window.show_view("dashboard")
    qtbot.mouseClick(rows["users"], Qt.MouseButton.LeftButton)  # and by mouse
    assert window.current_view() == "organisation"
    organisation = window.page("organisation")
    assert isinstance(organisation, OrganisationView)
    assert organisation.focusWidget() is organisation.user_table
