"""Faults of the database file in the GUI: a save that fails keeps what was typed and says
why; a locked file without the GUI's wait (test_database_wait.py) fails at once; a damaged
file is set aside and named."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from helpers import activate, find_by_name, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import maintenance
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import WritesRefused
from kvalitet_desktop.ui import file_health, operations
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.ui.editor import RiskAnalysisEditor

pytestmark = pytest.mark.usefixtures("answers")
TITLE = "Helgbemanning i Solrosen"


def test_a_save_to_a_locked_file_names_the_lock_and_keeps_the_text(
    qtbot: QtBot, admin: Context, unit_id: str
) -> None:
    admin.db.set_write_timeout(50)
    editor = RiskAnalysisEditor(None, admin, None)
    qtbot.addWidget(editor)
    editor.show()
    activate(qtbot, editor)
    type_into(qtbot, find_by_name(editor, QLineEdit, "Rubrik"), TITLE)
    unit = find_by_name(editor, QComboBox, "Enhet")
    unit.setCurrentIndex(unit.findText("Daglig verksamhet Solrosen"))
    other = sqlite3.connect(admin.db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert editor.analysis_id is None
        assert editor.scope.title.text() == TITLE
        assert "används av ett annat program" in editor.banner.text()
        assert TITLE not in editor.banner.text()
    finally:
        other.rollback()
        other.close()
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert editor.analysis_id is not None
    assert risk.get_analysis(admin, editor.analysis_id).title == TITLE


def _damage_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(os.urandom(4096))


def test_a_damaged_file_is_kept_aside_written_no_more_and_a_good_backup_offered(
    qtbot: QtBot, admin: Context, unit_id: str, tmp_path: Path
) -> None:
    for n in range(40):
        risk.save_analysis(
            admin, risk.RiskAnalysisInput(f"Analys {n}", unit_id, scope_description="Helger " * 200)
        )
    from datetime import datetime, timedelta

    from kvalitet_desktop.services import backups

    good = backups.backup_at_start(admin)
    assert good is not None
    # A newer "backup" that is no good: it is passed over.
    later = (datetime.now() + timedelta(minutes=5)).strftime(backups._STAMP_FORMAT)
    broken_backup = good.parent / f"{admin.db.path.stem}-{backups.AUTOMATIC}-{later}.sqlite"
    broken_backup.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    path = admin.db.path
    admin.db.close()
    _damage_middle(path)
    damaged_bytes = path.read_bytes()
    db = Database.open(path)
    try:
        ctx = Context.for_login(db, "admin")
        window = QMainWindow()
        qtbot.addWidget(window)
        window.show()
        operation = file_health.check_at_start(window, ctx)
        qtbot.waitUntil(lambda: operation.error is None and not operations.pending())
        box = window.findChild(QMessageBox, "damage_dialog")
        assert box is not None and "skadad" in box.text()
        assert str(good) in box.text()
        kept = [
            p
            for p in path.parent.iterdir()
            if maintenance.DAMAGED_MARK in p.name and p.suffix == path.suffix
        ]
        assert len(kept) == 1 and kept[0].read_bytes() == damaged_bytes
        assert str(kept[0]) in box.text()
        banner = window.findChild(QLabel, "damage_banner")
        assert banner is not None and banner.isVisible()
        with pytest.raises(WritesRefused):
            risk.save_analysis(ctx, risk.RiskAnalysisInput("Ny", unit_id))
        assert path.read_bytes() == damaged_bytes
    finally:
        db.close()


def test_the_support_details_of_a_failed_write_hold_no_sql_parameters(qtbot: QtBot) -> None:
    from sqlalchemy import create_engine, text

    from kvalitet_desktop.ui import errors

    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT)"))
        conn.execute(text("INSERT INTO t VALUES (1, 'x')"))
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1, :title)"), {"title": TITLE})
    except Exception as exc:  # the IntegrityError, a bug's stand-in, with the title in it
        assert TITLE in str(exc)
        errors.report_unexpected(exc)
    dialog = errors.current_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    details = dialog.details.toPlainText()
    assert "IntegrityError" in details and TITLE not in details
