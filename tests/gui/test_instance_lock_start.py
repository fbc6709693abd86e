"""The start of the program: a second window on the same database is told and ends; a
database on a network share gets a warning first; the lock goes when the program ends."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import with_passwords
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import instance_lock
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.instance_lock import lock_file_for, read_owner
from kvalitet_desktop.ui.app import run_gui
from kvalitet_desktop.ui.dialogs.login import LoginDialog

pytestmark = pytest.mark.usefixtures("answers")


@pytest.fixture
def ready_db(admin: Context, unit_id: str) -> Path:
    with_passwords(admin.db)
    path = Path(admin.db.path)
    admin.db.close()
    return path


def _held_by_a_running_program(db: Path) -> None:
    data = {"pid": os.getppid(), "host": socket.gethostname(), "token": "annat"}
    lock_file_for(db).write_text(json.dumps(data), encoding="utf-8")


def test_a_second_window_is_told_and_ends_without_asking_for_a_log_in(
    qtbot: QtBot, ready_db: Path, answers: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _held_by_a_running_program(ready_db)
    asked_login: list[bool] = []
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: asked_login.append(True) or 0)
    assert run_gui(ready_db) != 0
    assert answers.asked == ["Databasen är redan öppen i ett annat fönster på den här datorn"]
    assert asked_login == []
    owner = read_owner(lock_file_for(ready_db))
    assert owner is not None and owner.token == "annat"  # the other window's lock stays


def test_the_lock_is_held_while_the_program_runs_and_released_at_the_end(
    qtbot: QtBot, ready_db: Path, answers: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    during: list[int | None] = []

    def look(dialog: LoginDialog) -> int:
        owner = read_owner(lock_file_for(ready_db))
        during.append(owner.pid if owner else None)
        return 0  # cancelled: the program ends

    monkeypatch.setattr(LoginDialog, "exec", look)
    assert run_gui(ready_db) == 0
    assert during == [os.getpid()]
    assert answers.asked == []  # a local disk: no warning
    assert not lock_file_for(ready_db).exists()


def test_a_database_on_a_network_share_gets_a_warning_first(
    qtbot: QtBot, ready_db: Path, answers: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(instance_lock, "network_filesystem", lambda path: "nfs4")
    order: list[str] = []
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: order.append("inloggning") or 0)
    assert run_gui(ready_db) == 0
    assert answers.asked == ["Databasen ligger på en nätverksenhet"]
    assert order == ["inloggning"]  # the log-in still follows
