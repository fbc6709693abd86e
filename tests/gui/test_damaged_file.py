"""A database damaged in its middle pages, found by the quick check at start: the dialog
names where the damaged file was kept and offers the newest good backup made by the program
(its date and counts). Restoring it (keyboard only) keeps the damaged copy, logs the restore
and works on in the restored file; reading on instead writes not one byte to the damaged file;
Avsluta ends."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import activate, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import backups, maintenance
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.errors import WritesRefused
from kvalitet_desktop.ui import file_health, operations
from kvalitet_desktop.ui.dialogs.damaged import Damage, DamageDialog
from kvalitet_desktop.ui.toolkit.fields import StandardButton
from kvalitet_desktop.workflows.risk import service as risk

pytestmark = pytest.mark.usefixtures("answers")
ANALYSES = 40


@dataclass
class Damaged:
    path: Path
    good_backup: Path
    damaged_bytes: bytes
    ctx: Context
    window: QMainWindow
    restored: list[bool]


def _damage_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(size // 2 // 4096 * 4096)
        fh.write(os.urandom(4096))


def _analyses_in(path: Path) -> int:
    con = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM risk_analyses").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def damaged(qtbot: QtBot, admin: Context, unit_id: str) -> Iterator[Damaged]:
    for n in range(ANALYSES):
        risk.save_analysis(
            admin, risk.RiskAnalysisInput(f"Analys {n}", unit_id, scope_description="Helger " * 200)
        )
    good = backups.backup_at_start(admin)
    assert good is not None
    # A newer "backup" that is no good: it is passed over.
    later = (datetime.now() + timedelta(minutes=5)).strftime(backups._STAMP_FORMAT)
    broken = good.parent / f"{admin.db.path.stem}-{backups.AUTOMATIC}-{later}.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    path = admin.db.path
    admin.db.close()
    _damage_middle(path)
    damaged_bytes = path.read_bytes()
    db = Database.open(path)
    ctx = Context.for_login(db, "admin")
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    restored: list[bool] = []
    operation = file_health.check_at_start(window, ctx, restored=lambda: restored.append(True))
    qtbot.waitUntil(lambda: operation.done and not operations.pending())
    try:
        yield Damaged(path, good, damaged_bytes, ctx, window, restored)
    finally:
        operations.wait_until_idle()
        db.close()


def _dialog(found: Damaged) -> DamageDialog:
    dialog = found.window.findChild(DamageDialog, "damage_dialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def _kept(found: Damaged) -> Path:
    kept = [
        p
        for p in found.path.parent.iterdir()
        if maintenance.DAMAGED_MARK in p.name and p.suffix == found.path.suffix
    ]
    assert len(kept) == 1
    return kept[0]


def test_the_dialog_offers_the_newest_good_backup_with_its_date_and_counts(
    damaged: Damaged, unit_id: str
) -> None:
    dialog = _dialog(damaged)
    kept = _kept(damaged)
    assert kept.read_bytes() == damaged.damaged_bytes
    assert str(kept) in dialog.explanation.text()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert str(damaged.good_backup) in texts
    made = backups.made_at(damaged.good_backup)
    assert f"{made:%Y-%m-%d %H:%M}" in texts
    assert dialog.count_labels["riskanalyser"].text() == str(ANALYSES)
    assert dialog.restore_button.isEnabled() and dialog.restore_button.isDefault()
    assert dialog.restore_button.text() == "&Återställ från säkerhetskopia…"
    assert dialog.findings.toPlainText()
    banner = damaged.window.findChild(QLabel, file_health.BANNER_NAME)
    assert banner is not None and banner.isVisible()
    with pytest.raises(WritesRefused):
        risk.save_analysis(damaged.ctx, risk.RiskAnalysisInput("Ny", unit_id))


def test_restoring_with_the_keyboard_keeps_the_damaged_copy_and_works_on_in_the_restored_file(
    qtbot: QtBot, damaged: Damaged, answers: SimpleNamespace, unit_id: str
) -> None:
    dialog = _dialog(damaged)
    kept = _kept(damaged)
    answers.queue = [StandardButton.Yes]  # "Återställ" in the last question
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: damaged.restored == [True] and not operations.pending())
    assert answers.asked[0].startswith("Databasen ersätts med säkerhetskopian från")
    assert str(kept) in answers.asked[0]
    assert maintenance.quick_integrity(damaged.path)
    assert _analyses_in(damaged.path) == ANALYSES
    assert kept.read_bytes() == damaged.damaged_bytes  # the damaged file, untouched beside
    ctx = damaged.ctx.refreshed()
    saved = risk.save_analysis(ctx, risk.RiskAnalysisInput("Efter återställningen", unit_id))
    assert risk.get_analysis(ctx, saved.id).title == "Efter återställningen"
    con = sqlite3.connect(damaged.path)
    try:
        action, details = con.execute(
            "SELECT action, changes FROM audit_log WHERE action = 'restore' ORDER BY seq DESC"
        ).fetchone()
    finally:
        con.close()
    assert action == "restore"
    assert json.loads(details)["damaged_kept_as"] == str(kept)
    qtbot.waitUntil(lambda: damaged.window.findChild(QLabel, file_health.BANNER_NAME) is None)


def test_reading_on_with_escape_writes_not_one_byte_to_the_damaged_file(
    qtbot: QtBot, damaged: Damaged
) -> None:
    dialog = _dialog(damaged)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and damaged.window.isVisible()
    assert damaged.restored == []
    damaged.ctx.db.close()  # the program's last connection: it must not write on closing
    assert damaged.path.read_bytes() == damaged.damaged_bytes


def test_avsluta_ends_the_program_with_the_keyboard(qtbot: QtBot, damaged: Damaged) -> None:
    dialog = _dialog(damaged)
    activate(qtbot, dialog)
    for _ in range(2):  # from Återställ … past Öppna ändå skrivskyddat to Avsluta
        qtbot.keyClick(focused(dialog), Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.quit_button
    qtbot.keyClick(dialog.quit_button, Qt.Key.Key_Space)
    assert not damaged.window.isVisible()
    assert damaged.path.read_bytes() == damaged.damaged_bytes


def test_without_the_right_to_restore_the_dialog_says_who_can(qtbot: QtBot, tmp_path: Path) -> None:
    damage = Damage(
        ("*** in database main ***",),
        tmp_path / "kvalitet-skadad.sqlite",
        tmp_path / "kvalitet-auto-20261201-120000.sqlite",
        datetime(2026, 12, 1, 12, 0),
        None,
        None,
        may_restore=False,
    )
    dialog = DamageDialog(damage)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.restore_button.isEnabled()
    assert dialog.read_only_button.isDefault()
    assert "Bara en administratör" in dialog.backup_note.text()


def test_the_main_window_reads_the_restored_file_anew(
    qtbot: QtBot, admin: Context, unit_id: str, answers: SimpleNamespace
) -> None:
    from kvalitet_desktop.ui.main_window import MainWindow

    for n in range(ANALYSES):
        risk.save_analysis(
            admin, risk.RiskAnalysisInput(f"Analys {n}", unit_id, scope_description="Helger " * 200)
        )
    assert backups.backup_at_start(admin) is not None
    path = admin.db.path
    admin.db.close()
    _damage_middle(path)
    db = Database.open(path)
    try:
        ctx = Context.for_login(db, "admin")
        window = MainWindow(ctx, initial_view="riskanalyser", remember=False)
        qtbot.addWidget(window)
        window.show()
        operation = file_health.check_at_start(window, ctx, restored=window.restart_session)
        qtbot.waitUntil(lambda: operation.done and not operations.pending())
        dialog = window.findChild(DamageDialog, "damage_dialog")
        assert dialog is not None and dialog.isVisible()
        before = window.page("riskanalyser")
        answers.queue = [StandardButton.Yes]
        activate(qtbot, dialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: db.writes_refused is None and not operations.pending())
        assert window.current_view() == "riskanalyser"
        page = window.page("riskanalyser")
        assert page is not None and page is not before  # built anew from the restored file
        saved = risk.save_analysis(window.ctx, risk.RiskAnalysisInput("Efteråt", unit_id))
        assert risk.get_analysis(window.ctx, saved.id).title == "Efteråt"
    finally:
        operations.wait_until_idle()
        db.close()
