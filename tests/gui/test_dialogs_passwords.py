"""Passwords in the running program: Arkiv → Byt lösenord, the recovery key shown once, and
the main window on an encrypted and on a plain development database."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import (
    PASSWORD,
    PASSWORD_WAIT_MS,
    find_by_name,
    focused,
    key,
    show,
    shown_child,
    shows_every_row,
    type_here,
    wait_until_not_busy,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import accounts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.passwords import ChangePasswordDialog, RecoveryKeyDialog
from kvalitet_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

NEW_PASSWORD = "en egen mening att minnas"
KEY = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"


def menu_action(window: MainWindow, menu_text: str, action_text: str) -> QAction:
    (menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == menu_text]
    (action,) = [a for a in menu.actions() if a.text() == action_text]
    return action


@pytest.fixture
def window(qtbot: QtBot, encrypted_admin: accounts.Created) -> MainWindow:
    return show(qtbot, MainWindow(encrypted_admin.ctx, remember=False), (1100, 700))


def open_change_password(window: MainWindow) -> ChangePasswordDialog:
    menu_action(window, "&Arkiv", "&Byt lösenord…").trigger()
    return shown_child(window, ChangePasswordDialog)


def test_an_encrypted_database_has_no_marker(window: MainWindow) -> None:
    assert window.windowTitle() == "Exempelå kommun – Kvalitet Desktop"
    assert not [
        label for label in window.statusBar().findChildren(QLabel) if "OKRYPTERAD" in label.text()
    ]


def test_a_plain_development_database_says_so(qtbot: QtBot, admin: Context) -> None:
    window = show(qtbot, MainWindow(admin, remember=False), (1100, 700))
    assert "OKRYPTERAD (utveckling)" in window.windowTitle()
    warning = find_by_name(window, QLabel, "Databasen är okrypterad")
    assert warning.isVisible() and warning.text() == "⚠ Databasen är OKRYPTERAD (utvecklingsläge)"


def test_change_own_password_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, encrypted_admin: accounts.Created
) -> None:
    path = Path(encrypted_admin.ctx.db.path)
    dialog = open_change_password(window)
    assert dialog.windowTitle() == "Byt lösenord"
    assert dialog.notice is None  # not forced
    assert focused(dialog) is dialog.current
    for text in (PASSWORD, NEW_PASSWORD, NEW_PASSWORD):
        type_here(qtbot, dialog, text)
        key(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog).accessibleName() == "Byt lösenord"
    with qtbot.waitSignal(dialog.submitted, timeout=PASSWORD_WAIT_MS):
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
        assert dialog.busy.text() == "Byter lösenordet…"
        assert not dialog.current.isEnabled()
        cursor = QGuiApplication.overrideCursor()
        assert cursor is not None and cursor.shape() == Qt.CursorShape.WaitCursor
    assert window.statusBar().currentMessage() == "Lösenordet är bytt."
    # The old password no longer opens the database; the new one does.
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "admin", PASSWORD)
    accounts.log_in(path, "admin", NEW_PASSWORD).db.close()


def test_a_wrong_current_password_is_said_at_its_field(
    qtbot: QtBot, window: MainWindow, encrypted_admin: accounts.Created
) -> None:
    dialog = open_change_password(window)
    type_here(qtbot, dialog, "inte mitt lösenord")
    for text in (NEW_PASSWORD, NEW_PASSWORD):
        key(qtbot, dialog, Qt.Key.Key_Tab)
        type_here(qtbot, dialog, text)
    key(qtbot, dialog, Qt.Key.Key_Return)
    wait_until_not_busy(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errors.messages() == {"current": "Det nuvarande lösenordet stämmer inte."}
    assert focused(dialog) is dialog.current
    assert dialog.current.selectedText() == "inte mitt lösenord"  # typed over at once
    assert dialog.new.text() == dialog.again.text() == NEW_PASSWORD
    assert shows_every_row(dialog)
    accounts.log_in(Path(encrypted_admin.ctx.db.path), "admin", PASSWORD).db.close()


def test_a_too_short_new_password(qtbot: QtBot, window: MainWindow) -> None:
    dialog = open_change_password(window)
    type_here(qtbot, dialog, PASSWORD)
    for text in ("kort", "kort"):
        key(qtbot, dialog, Qt.Key.Key_Tab)
        type_here(qtbot, dialog, text)
    key(qtbot, dialog, Qt.Key.Key_Return)
    wait_until_not_busy(qtbot, dialog)
    assert dialog.errors.messages() == {"password": "Lösenordet ska ha minst 12 tecken."}
    assert focused(dialog) is dialog.new
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_recovery_key_cannot_be_skipped(qtbot: QtBot) -> None:
    dialog = show(qtbot, RecoveryKeyDialog(KEY, "Exempelå kommun"))
    assert dialog.key_field.text() == KEY and dialog.key_field.isReadOnly()
    go_on = find_by_name(dialog, QPushButton, "Fortsätt")
    assert not go_on.isEnabled()
    order = [focused(dialog).accessibleName()]
    for _ in range(3):
        key(qtbot, dialog, Qt.Key.Key_Tab)
        order.append(focused(dialog).accessibleName())
    assert order == [
        "Återställningsnyckeln",
        "Kopiera återställningsnyckeln",
        "Skriv ut återställningsnyckeln",
        "Nyckeln är sparad på ett säkert ställe",
    ]
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    dialog.close()  # the window's close button neither
    assert dialog.isVisible()

    find_by_name(dialog, QPushButton, "Kopiera återställningsnyckeln").click()
    assert QGuiApplication.clipboard().text() == KEY
    assert "Exempelå kommun" in dialog.document().toPlainText()
    assert KEY in dialog.document().toPlainText()

    box = find_by_name(dialog, QCheckBox, "Nyckeln är sparad på ett säkert ställe")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert go_on.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(box, Qt.Key.Key_Return)
