"""A save that meets another program's lock: "Väntar på databasen…" with Avbryt while the
event loop runs on; the save completes when the lock comes free, or, cancelled or waited out,
names the lock and keeps what was typed (and its draft) in the open editor."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers import activate, find_by_name, type_into
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QProgressDialog, QPushButton
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import drafts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import database_wait
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.ui.editor import RiskAnalysisEditor

pytestmark = pytest.mark.usefixtures("answers")
TITLE = "Nattbemanning på Åsgården"

# Another program: holds the write lock until a line arrives on its stdin.
_HOLDER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
con.rollback()
con.close()
"""


class LockHolder:
    """Another connection holding ``BEGIN IMMEDIATE`` on the file until ``release()``."""

    def __init__(self, path: Path, how: str) -> None:
        self._connection: sqlite3.Connection | None = None
        self._process: subprocess.Popen[str] | None = None
        if how == "process":
            self._process = subprocess.Popen(
                [sys.executable, "-c", _HOLDER, str(path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert self._process.stdout is not None
            assert self._process.stdout.readline().strip() == "held"
        else:
            self._connection = sqlite3.connect(path, isolation_level=None)
            self._connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self._connection is not None:
            self._connection.rollback()
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.communicate("\n", timeout=30)  # also closes its pipes
            self._process = None


@pytest.fixture(params=["connection", "process"])
def holder_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def editor(qtbot: QtBot, admin: Context, unit_id: str) -> Iterator[RiskAnalysisEditor]:
    dialog = RiskAnalysisEditor(None, admin, None)
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    type_into(qtbot, find_by_name(dialog, QLineEdit, "Rubrik"), TITLE)
    unit = find_by_name(dialog, QComboBox, "Enhet")
    unit.setCurrentIndex(unit.findText("Daglig verksamhet Solrosen"))
    yield dialog


def _on_each_tick(action: Callable[[int], None]) -> QTimer:
    """A timer of the test's own: it fires only while the event loop runs."""
    ticks = [0]
    timer = QTimer()
    timer.setInterval(20)

    def tick() -> None:
        ticks[0] += 1
        action(ticks[0])

    timer.timeout.connect(tick)
    return timer


def test_a_save_waits_for_the_lock_without_freezing_and_then_completes(
    qtbot: QtBot, admin: Context, editor: RiskAnalysisEditor, holder_kind: str
) -> None:
    wait = database_wait.install(admin.db)
    holder = LockHolder(admin.db.path, holder_kind)
    shown: list[QProgressDialog] = []
    seen_ticks: list[int] = []

    def during_wait(tick: int) -> None:
        seen_ticks.append(tick)
        if tick == 3:  # the other program ends its work while the dialog is up
            holder.release()

    timer = _on_each_tick(during_wait)
    wait.shown = lambda dialog: (shown.append(dialog), timer.start())
    try:
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    finally:
        timer.stop()
        holder.release()
    assert len(shown) == 1 and len(seen_ticks) >= 3  # the event loop ran during the wait
    assert editor.analysis_id is not None
    assert risk.get_analysis(admin, editor.analysis_id).title == TITLE
    assert editor.banner.text() == ""
    assert editor.isVisible()
    qtbot.waitUntil(lambda: not _wait_dialogs())


def test_avbryt_names_the_lock_and_keeps_the_text_and_the_draft(
    qtbot: QtBot, admin: Context, editor: RiskAnalysisEditor, holder_kind: str
) -> None:
    wait = database_wait.install(admin.db)
    assert editor.autosaver is not None and editor.autosaver.save_now()
    form_key = editor.autosaver.form_key
    holder = LockHolder(admin.db.path, holder_kind)
    texts: list[str] = []

    def cancel_with_escape(dialog: QProgressDialog) -> None:
        texts.append(dialog.labelText())
        QTimer.singleShot(0, dialog, lambda: _press(qtbot, dialog, Qt.Key.Key_Escape))

    wait.shown = cancel_with_escape
    try:
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert texts and texts[0].startswith("Väntar på databasen…")
        assert editor.analysis_id is None
        assert editor.isVisible()
        assert editor.scope.title.text() == TITLE
        assert "används av ett annat program" in editor.banner.text()
        assert "avbröts" in editor.banner.text() and TITLE not in editor.banner.text()
    finally:
        holder.release()
    draft = drafts.load_draft(admin, form_key)
    assert draft is not None and TITLE in str(draft.payload)
    wait.shown = None
    activate(qtbot, editor)  # the focus is back in the editor, where it was
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.analysis_id is not None
    assert risk.get_analysis(admin, editor.analysis_id).title == TITLE


def test_the_avbryt_button_is_reached_with_the_keyboard(
    qtbot: QtBot, admin: Context, editor: RiskAnalysisEditor
) -> None:
    wait = database_wait.install(admin.db)
    holder = LockHolder(admin.db.path, "connection")
    pressed: list[str] = []

    def press_avbryt(dialog: QProgressDialog) -> None:
        button = find_by_name(dialog, QPushButton, "Avbryt väntan på databasen")
        pressed.append(button.text())
        # Alt+A, the button's mnemonic, as a user without a mouse would.
        QTimer.singleShot(
            0, dialog, lambda: _press(qtbot, dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        )

    wait.shown = press_avbryt
    try:
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    finally:
        holder.release()
    assert pressed == ["&Avbryt"]
    assert editor.analysis_id is None and "avbröts" in editor.banner.text()


def test_a_wait_that_lasts_too_long_ends_with_the_named_message(
    qtbot: QtBot, admin: Context, editor: RiskAnalysisEditor
) -> None:
    wait = database_wait.install(admin.db)
    wait.total_ms = 400
    holder = LockHolder(admin.db.path, "connection")
    try:
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    finally:
        holder.release()
    assert editor.analysis_id is None
    assert "var fortfarande upptagen efter 1 sekund" in editor.banner.text()
    assert editor.scope.title.text() == TITLE


def test_the_main_window_makes_its_writes_wait_this_way(qtbot: QtBot, admin: Context) -> None:
    from kvalitet_desktop.ui.main_window import MainWindow

    window = MainWindow(admin, remember=False)
    qtbot.addWidget(window)
    assert admin.db.write_timeout_ms == database_wait.FIRST_TRY_MS
    assert isinstance(window.database_wait, database_wait.DatabaseWait)


def _press(
    qtbot: QtBot,
    dialog: QProgressDialog,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, key, modifier)


def _wait_dialogs() -> list[QProgressDialog]:
    from PySide6.QtWidgets import QApplication

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QProgressDialog)
        and w.objectName() == database_wait.DIALOG_NAME
        and w.isVisible()
    ]


def test_a_write_on_a_pool_thread_waits_there_and_completes(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    from kvalitet_desktop.ui import operations

    database_wait.install(admin.db)
    holder = LockHolder(admin.db.path, "connection")
    saved: list[str] = []

    def release_later(tick: int) -> None:
        if tick == 20:  # well past the first try's short wait
            holder.release()

    timer = _on_each_tick(release_later)
    timer.start()
    try:
        operation = operations.run_in_background(
            None,
            lambda: risk.save_analysis(admin, risk.RiskAnalysisInput(TITLE, unit_id)).id,
            saved.append,
        )
        qtbot.waitUntil(lambda: operation.done, timeout=30_000)
    finally:
        timer.stop()
        holder.release()
    assert operation.error is None and not _wait_dialogs()  # no dialog for a pool thread
    assert risk.get_analysis(admin, saved[0]).title == TITLE
