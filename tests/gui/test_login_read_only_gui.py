"""The log-in dialog on a database on a read-only medium: a wrong password is said at the
field as always, the right one opens the window with its read-only banner."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from helpers import PASSWORD_WAIT_MS, key, show, type_here, wait_until_not_busy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from test_login_read_only import PASSWORD, SETUP, make_database

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import errors, operations
from kvalitet_desktop.ui.dialogs.login import LoginDialog
from kvalitet_desktop.ui.main_window import MainWindow
from read_only_media import read_only_view


def test_log_in_on_a_read_only_medium(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_database(tmp_path / "källa", True, monkeypatch)
    unexpected: list[BaseException] = []
    errors.add_listener(unexpected.append)
    try:
        with read_only_view(source.parent, tmp_path / "skrivskyddad") as mount:
            dialog = show(qtbot, LoginDialog(mount / source.name, SETUP.admin_login))
            type_here(qtbot, dialog, "inte rätt lösenord")
            key(qtbot, dialog, Qt.Key.Key_Return)
            wait_until_not_busy(qtbot, dialog)
            assert dialog.errors.messages() == {"password": "Fel inloggning eller lösenord."}

            type_here(qtbot, dialog, PASSWORD)
            with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
                key(qtbot, dialog, Qt.Key.Key_Return)
            ctx = dialog.outcome
            assert isinstance(ctx, Context) and ctx.db.read_only
            try:
                window = MainWindow(ctx, remember=False)
                window.show()
                try:
                    banner = window.read_only_banner
                    assert isinstance(banner, QLabel) and banner.isVisible()
                    assert "skrivskyddad" in banner.text()
                finally:
                    # Gone before the file is: its deferred reads (the forms check) go too.
                    qtbot.waitUntil(
                        lambda: operations.pending() == 0
                    )  # its loads in the background
                    shiboken6.delete(window)
            finally:
                ctx.db.close()
    finally:
        errors.remove_listener(unexpected.append)
    assert not unexpected
