"""User picker: lists active users, preselects the computer's user, returns the login."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.user_picker import UserPickerDialog

pytestmark = pytest.mark.gui

USERS = [("admin", "Åsa Administratör"), ("enhetschef", "Märta Enhetschef")]


def test_preselects_and_returns_login(qtbot: QtBot) -> None:
    dialog = UserPickerDialog(USERS, "enhetschef", municipality="Exempelå kommun")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.user_combo.currentText() == "Märta Enhetschef (enhetschef)"
    assert dialog.user_combo.accessibleName() == "Användare"
    qtbot.keyClick(dialog.user_combo, Qt.Key.Key_Up)
    assert dialog.selected_login() == "admin"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)


def test_unknown_preselect_falls_back_to_first(qtbot: QtBot) -> None:
    dialog = UserPickerDialog(USERS, "okand")
    qtbot.addWidget(dialog)
    assert dialog.selected_login() == "admin"


def test_lists_active_users_of_a_database(qtbot: QtBot, manager: Context) -> None:
    dialog = UserPickerDialog(organisation.active_logins(manager.db))
    qtbot.addWidget(dialog)
    items = [dialog.user_combo.itemData(i) for i in range(dialog.user_combo.count())]
    assert items == ["enhetschef", "admin"]  # ordered by name: Märta before Åsa


def test_no_users_cannot_log_in(qtbot: QtBot) -> None:
    dialog = UserPickerDialog([])
    qtbot.addWidget(dialog)
    assert not dialog.login_button.isEnabled()
    assert dialog.user_error is not None
    assert "inga aktiva användare" in dialog.user_error.text()
    dialog.accept()
    assert dialog.result() != dialog.DialogCode.Accepted
