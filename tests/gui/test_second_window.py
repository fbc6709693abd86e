"""A second window on a database another running program of this computer has open (a real
process holding the instance lock): it is told so and opens the database read-only, with the
read-only banner and not one byte written, or ends at "Avbryt"."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import PASSWORD, PASSWORD_WAIT_MS, activate, with_passwords
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.instance_lock import lock_file_for, read_owner
from kvalitet_desktop.store.errors import WritesRefused
from kvalitet_desktop.ui.app import run_gui
from kvalitet_desktop.ui.dialogs.already_open import CANCEL, OPEN_READ_ONLY, AlreadyOpenBox
from kvalitet_desktop.ui.dialogs.login import LoginDialog
from kvalitet_desktop.workflows.risk import service as risk

pytestmark = pytest.mark.usefixtures("answers")
ALREADY_OPEN = "Databasen är redan öppen i ett annat fönster på den här datorn"

# The first window: a program holding the database's instance lock until told to end.
_FIRST_WINDOW = """
import sys
from pathlib import Path
from kvalitet_desktop.services.instance_lock import InstanceLock
lock = InstanceLock.acquire(Path(sys.argv[1]))
print(lock.owner.token, flush=True)
sys.stdin.readline()
lock.release()
"""


@pytest.fixture
def ready_db(admin: Context, unit_id: str) -> Path:
    with_passwords(admin.db)
    path = Path(admin.db.path)
    admin.db.close()
    return path


@pytest.fixture
def first_window(ready_db: Path) -> Iterator[str]:
    """Another process holds the instance lock; yields its token."""
    process = subprocess.Popen(
        [sys.executable, "-c", _FIRST_WINDOW, str(ready_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    token = process.stdout.readline().strip()
    assert token
    try:
        yield token
    finally:
        process.communicate("\n", timeout=30)


def _log_in_as_admin(qtbot: QtBot, seen: list[bool], then: Callable[[], None]) -> Any:
    """A log-in dialog that logs in as admin; ``then`` runs once the main window is up."""

    def fake_exec(dialog: LoginDialog) -> int:
        seen.append(dialog._read_only)
        dialog.login.setText("admin")
        dialog.password.setText(PASSWORD)
        dialog._try()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=PASSWORD_WAIT_MS)
        QTimer.singleShot(0, then)  # after the start-up step that shows the main window
        return int(LoginDialog.DialogCode.Accepted.value)

    return fake_exec


def test_the_second_window_opens_read_only_with_the_banner_and_writes_nothing(
    qtbot: QtBot,
    ready_db: Path,
    first_window: str,
    answers: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
    unit_id: str,
) -> None:
    answers.queue = [OPEN_READ_ONLY]
    before = ready_db.read_bytes()
    read_only_login: list[bool] = []
    found: dict[str, Any] = {}

    def look_and_close() -> None:
        from kvalitet_desktop.ui.main_window import MainWindow

        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        banner = window.findChild(QLabel, "read_only_banner")
        found["banner"] = banner.text() if banner is not None else None
        try:
            risk.save_analysis(window.ctx, risk.RiskAnalysisInput("Ny analys", unit_id))
        except WritesRefused as refused:
            found["refused"] = str(refused)
        window.close()

    monkeypatch.setattr(
        LoginDialog, "exec", _log_in_as_admin(qtbot, read_only_login, look_and_close)
    )
    assert run_gui(ready_db) == 0
    assert answers.asked == [ALREADY_OPEN]
    assert read_only_login == [True]
    assert found["banner"] == "🔒 Databasen är skrivskyddad – den kan läsas men inget sparas"
    assert "redan öppen i ett annat fönster" in found["refused"]
    assert "bara för läsning" in found["refused"]
    assert ready_db.read_bytes() == before
    owner = read_owner(lock_file_for(ready_db))
    assert owner is not None and owner.token == first_window  # the first window keeps it


def test_avbryt_ends_the_second_window_without_a_log_in(
    qtbot: QtBot,
    ready_db: Path,
    first_window: str,
    answers: SimpleNamespace,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers.queue = [CANCEL]
    asked_login: list[bool] = []
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: asked_login.append(True) or 0)
    assert run_gui(ready_db) != 0
    assert answers.asked == [ALREADY_OPEN]
    assert asked_login == []
    owner = read_owner(lock_file_for(ready_db))
    assert owner is not None and owner.token == first_window


@pytest.mark.parametrize(
    ("keys", "chosen"),
    [
        ([(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)], OPEN_READ_ONLY),
        ([(Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)], OPEN_READ_ONLY),
        ([(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)], CANCEL),
        ([(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)], CANCEL),
    ],
)
def test_the_choice_is_made_with_the_keyboard(
    qtbot: QtBot,
    tmp_path: Path,
    keys: list[tuple[Qt.Key, Qt.KeyboardModifier]],
    chosen: QMessageBox.StandardButton,
) -> None:
    box = AlreadyOpenBox(tmp_path / "kvalitet.sqlite")
    qtbot.addWidget(box)
    box.open()
    activate(qtbot, box)
    with qtbot.waitSignal(box.finished) as finished:
        for key, modifier in keys:
            qtbot.keyClick(box, key, modifier)
    assert finished.args == [chosen.value]
