"""The log-in dialog and the recovery-key dialog on a real encrypted database, by keyboard."""

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
    shows_every_row,
    type_here,
    wait_until_not_busy,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import accounts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.login import LoginDialog, RecoveryDialog

pytestmark = pytest.mark.gui

NEW_PASSWORD = "en egen mening att minnas"


@pytest.fixture
def path(encrypted_admin: accounts.Created) -> Path:
    return Path(encrypted_admin.ctx.db.path)


@pytest.fixture
def dialog(qtbot: QtBot, path: Path) -> LoginDialog:
    return show(qtbot, LoginDialog(path, None))


def close_outcome(dialog: LoginDialog | RecoveryDialog) -> Context:
    assert isinstance(dialog.outcome, Context)
    dialog.outcome.db.close()
    return dialog.outcome


def test_the_login_is_asked_first_and_tab_goes_field_by_field(
    qtbot: QtBot, dialog: LoginDialog
) -> None:
    assert dialog.windowTitle() == "Logga in – Kvalitet Desktop"
    order = [focused(dialog).accessibleName()]
    for _ in range(4):
        key(qtbot, dialog, Qt.Key.Key_Tab)
        order.append(focused(dialog).accessibleName())
    assert order == [
        "Inloggning",
        "Lösenord",
        "Använd återställningsnyckeln",
        "Logga in",
        "Avbryt inloggningen",
    ]


def test_a_suggested_login_puts_the_focus_on_the_password(qtbot: QtBot, path: Path) -> None:
    dialog = show(qtbot, LoginDialog(path, "admin"))
    assert focused(dialog) is dialog.password


def test_a_wrong_password_is_said_at_the_field_and_cleared(
    qtbot: QtBot, dialog: LoginDialog
) -> None:
    type_here(qtbot, dialog, "admin")
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, "inte rätt lösenord")
    key(qtbot, dialog, Qt.Key.Key_Return)
    # While Argon2 works off the UI thread: the inputs wait and the dialog says why.
    assert dialog.busy.text() == "Kontrollerar lösenordet…" and dialog.busy.isVisible()
    assert not dialog.login.isEnabled() and not dialog.password.isEnabled()
    assert not dialog.ok_button.isEnabled() and not dialog.recovery_button.isEnabled()
    cursor = QGuiApplication.overrideCursor()
    assert cursor is not None and cursor.shape() == Qt.CursorShape.WaitCursor
    wait_until_not_busy(qtbot, dialog)

    assert QGuiApplication.overrideCursor() is None
    assert dialog.errors.messages() == {"password": "Fel inloggning eller lösenord."}
    assert dialog.password.text() == ""
    assert focused(dialog) is dialog.password
    assert dialog.login.text() == "admin"
    assert dialog.isVisible() and dialog.outcome is None
    assert shows_every_row(dialog)

    type_here(qtbot, dialog, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        key(qtbot, dialog, Qt.Key.Key_Return)
    assert close_outcome(dialog).actor.login == "admin"


def test_an_unknown_login_gets_the_same_words(qtbot: QtBot, dialog: LoginDialog) -> None:
    type_here(qtbot, dialog, "finns.inte")
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, PASSWORD)
    key(qtbot, dialog, Qt.Key.Key_Return)
    wait_until_not_busy(qtbot, dialog)
    assert dialog.errors.messages() == {"password": "Fel inloggning eller lösenord."}
    assert dialog.login.text() == "finns.inte"


def test_empty_fields_are_asked_for_without_trying(qtbot: QtBot, dialog: LoginDialog) -> None:
    key(qtbot, dialog, Qt.Key.Key_Return)
    assert not dialog.busy.active  # nothing was tried
    assert dialog.errors.messages() == {"login": "Ange din inloggning."}
    type_here(qtbot, dialog, "admin")
    key(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.errors.messages() == {"password": "Ange ditt lösenord."}
    assert focused(dialog) is dialog.password


def test_escape_waits_for_the_check(qtbot: QtBot, dialog: LoginDialog) -> None:
    type_here(qtbot, dialog, "admin")
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        key(qtbot, dialog, Qt.Key.Key_Return)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible()
    close_outcome(dialog)


def test_after_several_failures_the_wait_is_explained(qtbot: QtBot, dialog: LoginDialog) -> None:
    type_here(qtbot, dialog, "admin")
    for attempt in range(4):
        dialog.password.setFocus()
        type_here(qtbot, dialog, f"fel lösenord {attempt}")
        key(qtbot, dialog, Qt.Key.Key_Return)
        if attempt == 3:
            assert "Efter flera misslyckade försök tar det längre tid." in dialog.busy.text()
        else:
            assert dialog.busy.text() == "Kontrollerar lösenordet…"
        wait_until_not_busy(qtbot, dialog)
    assert dialog.errors.messages() == {"password": "Fel inloggning eller lösenord."}


def fill_recovery(qtbot: QtBot, dialog: RecoveryDialog, recovery_key: str) -> None:
    assert focused(dialog) is dialog.key
    type_here(qtbot, dialog, recovery_key)
    key(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.login and dialog.login.text() == "admin"
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, NEW_PASSWORD)
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, NEW_PASSWORD)


def test_recovery_with_a_wrong_key_then_the_right_one(
    qtbot: QtBot, path: Path, encrypted_admin: accounts.Created
) -> None:
    dialog = show(qtbot, RecoveryDialog(path, "admin"))
    fill_recovery(qtbot, dialog, "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789")
    key(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.busy.text() == "Kontrollerar nyckeln…"
    wait_until_not_busy(qtbot, dialog)
    assert dialog.errors.messages() == {"recovery_key": "Återställningsnyckeln stämmer inte."}
    assert focused(dialog) is dialog.key
    assert dialog.key.selectedText() == "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"
    assert dialog.password.text() == dialog.again.text() == NEW_PASSWORD  # kept
    assert shows_every_row(dialog)

    assert encrypted_admin.recovery_key is not None
    type_here(qtbot, dialog, encrypted_admin.recovery_key.lower())  # typed as it comes
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        key(qtbot, dialog, Qt.Key.Key_Return)
    assert close_outcome(dialog).actor.login == "admin"
    with pytest.raises(accounts.LoginFailed):
        accounts.log_in(path, "admin", PASSWORD)
    accounts.log_in(path, "admin", NEW_PASSWORD).db.close()


def test_recovery_for_someone_who_is_not_an_administrator(
    qtbot: QtBot, path: Path, encrypted_admin: accounts.Created
) -> None:
    dialog = show(qtbot, RecoveryDialog(path, "nagon.annan"))
    assert encrypted_admin.recovery_key is not None
    type_here(qtbot, dialog, encrypted_admin.recovery_key)
    dialog.password.setText(NEW_PASSWORD)
    dialog.again.setText(NEW_PASSWORD)
    key(qtbot, dialog, Qt.Key.Key_Return)
    wait_until_not_busy(qtbot, dialog)
    assert dialog.errors.messages() == {
        "login": "Det finns ingen aktiv administratör med den inloggningen."
    }
    assert focused(dialog) is dialog.login


def test_the_log_in_dialog_opens_the_recovery(
    qtbot: QtBot, dialog: LoginDialog, encrypted_admin: accounts.Created
) -> None:
    """The button opens the recovery dialog (it runs its own event loop: answered from a
    timer), and what it opens is the log-in's outcome."""
    type_here(qtbot, dialog, "admin")
    recovery_key = encrypted_admin.recovery_key
    assert recovery_key is not None
    seen: list[RecoveryDialog] = []

    def answer() -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, RecoveryDialog)]
        if not shown or not shown[0].isVisible() or seen:
            return
        seen.append(shown[0])
        fill_recovery(qtbot, shown[0], recovery_key)
        key(qtbot, shown[0], Qt.Key.Key_Return)

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(answer)
    timer.start()
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        find_by_name(dialog, QPushButton, "Använd återställningsnyckeln").click()
    timer.stop()
    assert seen and close_outcome(dialog).actor.login == "admin"


@pytest.mark.usefixtures("encrypted")
def test_a_plain_database_switches_the_dialog_to_converting(qtbot: QtBot, admin: Context) -> None:
    """(Converting itself is tested where the encryption of a plain file lives.)"""
    path = Path(admin.db.path)
    dialog = show(qtbot, LoginDialog(path, "admin"))
    assert not dialog.again.isVisible()
    type_here(qtbot, dialog, "vad som helst här")
    key(qtbot, dialog, Qt.Key.Key_Return)
    wait_until_not_busy(qtbot, dialog)
    assert dialog.again.isVisible()
    assert find_by_name(dialog, QLineEdit, "Upprepa lösenordet") is dialog.again
    assert dialog.ok_button.accessibleName() == "Kryptera databasen och logga in"
    assert "inte krypterad" in dialog.banner.text()
    assert shows_every_row(dialog)
    assert not dialog.recovery_button.isVisible()
    assert focused(dialog) is dialog.password
