"""Fixtures of the GUI tests. (Settings and log folders per test: ``isolated_user_files`` in the
root conftest. Plain helpers: ``helpers.py``.)

The root conftest's databases are plain SQLite files, which the program opens only with the
development switch: it is on for every GUI test. Tests of the encrypted database take the
``encrypted`` fixture (the switch off) or ``encrypted_admin`` (a new encrypted database).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import PASSWORD, FakeEditor, Printed
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context


@pytest.fixture(autouse=True)
def plain_databases_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The development switch, for the plain fixture databases (see the module's text)."""
    monkeypatch.setenv(accounts.UNENCRYPTED_ENV, "1")


@pytest.fixture
def encrypted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encryption required, as for every user of the program."""
    monkeypatch.delenv(accounts.UNENCRYPTED_ENV, raising=False)


@pytest.fixture
def encrypted_admin(encrypted: None, tmp_path: Path) -> Iterator[accounts.Created]:
    """A new encrypted database made as the first-run dialog makes it: administrator
    ``admin`` with ``PASSWORD``; ``recovery_key`` is the key shown once."""
    created = accounts.create_database(
        tmp_path / "krypterad.sqlite",
        organisation.SetupInput(
            municipality="Exempelå kommun",
            org_number="212000-0142",
            admin_login="admin",
            admin_name="Åsa Administratör",
        ),
        PASSWORD,
        PASSWORD,
    )
    yield created
    # Loads a window started may still run on the pool: SQLCipher crashes when its
    # connection is closed under a running query (plain SQLite only fails it).
    QThreadPool.globalInstance().waitForDone(10_000)
    created.ctx.db.close()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Modal message boxes never block: they answer from ``queue`` (else "Släng") and log
    their text in ``asked``. Use it in a module with ``pytest.mark.usefixtures("answers")``."""
    state = SimpleNamespace(queue=[], asked=[])

    def fake_exec(box: QMessageBox) -> int:
        state.asked.append(box.text())
        return state.queue.pop(0) if state.queue else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return state


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> Printed:
    """(pdf, title, file stem) of every PDF sent to the preview, instead of showing it."""
    from kvalitet_desktop.ui.dialogs import pdf_preview

    shown: Printed = []

    def fake_show_pdf(
        parent: QWidget | None, pdf: bytes, title: str, file_stem: str, source: object
    ) -> QDialog:
        del source
        shown.append((pdf, title, file_stem))
        return QDialog(parent)

    monkeypatch.setattr(pdf_preview, "show_pdf", fake_show_pdf)
    return shown


@pytest.fixture
def fake_editors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Record editors replaced by a ``FakeEditor``; the calls are listed as
    ("open", kind, record_id) and ("new", kind)."""
    from kvalitet_desktop.ui import records

    calls: list[tuple[Any, ...]] = []

    def open_record(parent: QWidget, _ctx: Context, kind: str, record_id: str) -> FakeEditor:
        calls.append(("open", kind, record_id))
        return FakeEditor(parent)

    def new_record(parent: QWidget, _ctx: Context, kind: str) -> FakeEditor:
        calls.append(("new", kind))
        return FakeEditor(parent)

    monkeypatch.setattr(records, "open_record", open_record)
    monkeypatch.setattr(records, "new_record", new_record)
    return calls


@pytest.fixture
def log_dir() -> Path:
    """The test's log folder (set by the root conftest's ``isolated_user_files``)."""
    return Path(os.environ["KVALITET_LOG_DIR"])


@pytest.fixture
def settings_dir() -> Path:
    """The test's folder for the GUI's own settings (``isolated_user_files``)."""
    return Path(os.environ["KVALITET_SETTINGS_DIR"])
