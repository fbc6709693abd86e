"""Faults of the database file in the GUI: a save that fails keeps what was typed and says
why; a locked file without the GUI's wait (test_database_wait.py) fails at once. (A damaged
file: test_damaged_file.py.)"""

from __future__ import annotations

import sqlite3

import pytest
from helpers import activate, find_by_name, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
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
