"""Inställningar → Behörigheter: the role × action table as the services apply it, read-only,
each cell said in words; the window offers what the table allows (backup for administrators)."""

from __future__ import annotations

import pytest
from helpers import find_by_name, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop import registry
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.views.settings_page import SettingsPage
from kvalitet_desktop.ui.views.settings_permissions import ALLOWED, REFUSED, PermissionsTab

pytestmark = pytest.mark.gui

TABLE = registry.permission_table()


@pytest.fixture
def tab(qtbot: QtBot) -> PermissionsTab:
    return show(qtbot, PermissionsTab(), (1100, 700))


def test_every_cell_shows_what_the_table_says(tab: PermissionsTab) -> None:
    table = find_by_name(tab, QTableWidget, "Behörigheter per roll")
    assert table.columnCount() == len(Role)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == [role.label for role in Role]
    assert set(tab.rows) == {a.key for a in TABLE.actions}
    for action in TABLE.actions:
        row = tab.rows[action.key]
        assert table.verticalHeaderItem(row).text() == action.label
        for role in Role:
            mark = ALLOWED if TABLE.allows({role}, action) else REFUSED
            assert tab.cell(action.key, role) == mark


def test_the_rows_stand_under_their_headings(tab: PermissionsTab) -> None:
    table = tab.table
    headings = [
        table.item(r, 0).text() for r in range(table.rowCount()) if table.columnSpan(r, 0) > 1
    ]
    assert headings == [group.title for group in TABLE.groups]
    assert headings[-1] == "Administration"


def test_a_screen_reader_hears_each_cell_in_words(tab: PermissionsTab) -> None:
    row = tab.rows["backup"]
    said = [
        tab.table.item(row, column).data(Qt.ItemDataRole.AccessibleTextRole)
        for column in range(len(Role))
    ]
    assert said[0] == "Administratör får: säkerhetskopiera hela databasen"
    assert said[-1] == "Medarbetare får inte: säkerhetskopiera hela databasen"


def test_nothing_can_be_changed_by_typing(qtbot: QtBot, tab: PermissionsTab) -> None:
    table = tab.table
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    row = tab.rows["lexsarah.read"]
    table.setCurrentCell(row, list(Role).index(Role.STAFF))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.keyClicks(table, "x")
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert tab.cell("lexsarah.read", Role.STAFF) == REFUSED


def test_the_lex_sarah_exception_is_written_under_the_table(tab: PermissionsTab) -> None:
    notes = [k.permission_note for k in registry.KINDS if k.permission_note]
    assert notes
    shown = {label.text() for label in tab.findChildren(QLabel)}
    assert set(notes) <= shown


def test_administrators_find_it_in_settings(qtbot: QtBot, admin: Context) -> None:
    page = show(qtbot, SettingsPage(admin), (1200, 800))
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[-1] == "Behörigheter"
    page.tabs.setCurrentIndex(len(titles) - 1)
    assert page.tabs.currentWidget() is page.permissions_tab


def test_only_those_who_may_back_up_get_the_menu_entry(
    qtbot: QtBot, admin: Context, manager: Context
) -> None:
    for ctx, enabled in ((admin, True), (manager, False)):
        window = MainWindow(ctx, remember=False)
        qtbot.addWidget(window)
        assert window.backup_action.isEnabled() is enabled
