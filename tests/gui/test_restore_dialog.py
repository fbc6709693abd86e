"""Arkiv › Återställ från säkerhetskopia… on an encrypted database, by keyboard: the dialog
shows what the backup holds, Enter alone cancels, Återställ brings the saved records back
and the pages are read anew; the Säkerhetskopior tab and the status bar say when the last
backup was made."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from helpers import show
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from kvalitet_desktop.services import accounts, backups, maintenance, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.backup import partial_for
from kvalitet_desktop.store.keyring import key_file_for
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.restore import RestoreDialog
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.views.settings_backups import BackupsTab
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.models import RiskAnalysis

SCREENSHOT_DIR = os.environ.get("KVALITET_SCREENSHOT_DIR")


def _titles(ctx: Context) -> list[str]:
    with ctx.reading() as session:
        return sorted(session.scalars(select(RiskAnalysis.title)))


def _add(ctx: Context, *titles: str) -> None:
    unit = organisation.units(ctx)[0].id if organisation.units(ctx) else None
    if unit is None:
        area = organisation.organisation_tree(ctx)[0].areas[0].id
        unit = organisation.add_unit(ctx, area, "Daglig verksamhet Solrosen")
    for title in titles:
        risk.save_analysis(ctx, risk.RiskAnalysisInput(title, unit))


def _open_dialog(qtbot: QtBot, window: MainWindow) -> RestoreDialog:
    window.restore_dialog = None
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.restore_dialog, RestoreDialog))
    dialog = window.restore_dialog
    assert isinstance(dialog, RestoreDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _tab_to(qtbot: QtBot, dialog: QWidget, target: QWidget) -> None:
    for _ in range(10):
        if dialog.focusWidget() is target:
            return
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is target, "Tab never reached the button"


def test_restore_from_the_menu_by_keyboard(
    qtbot: QtBot,
    encrypted_admin: accounts.Created,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ctx = encrypted_admin.ctx
    _add(ctx, "Fallrisk", "Läkemedel")
    saved = _titles(ctx)
    copy = maintenance.backup(ctx, tmp_path / "kopior" / "kopia.sqlite")
    _add(ctx, "Tillagd efter kopian")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(copy), ""))
    window = show(qtbot, MainWindow(ctx, remember=False))
    assert window.restore_action.isEnabled()
    assert window.restore_action.text() == "Åt&erställ från säkerhetskopia…"

    dialog = _open_dialog(qtbot, window)
    assert dialog.accessibleName() == "Återställ från säkerhetskopia"
    assert dialog.count_labels["riskanalyser"].text() == "2"
    assert dialog.count_labels["riskanalyser"].accessibleName() == "riskanalyser"
    assert dialog.restore_button.accessibleName() == "Återställ databasen"
    assert dialog.cancel_button.accessibleName() == "Avbryt återställningen"
    if SCREENSHOT_DIR:
        dialog.adjustSize()
        dialog.grab().save(str(Path(SCREENSHOT_DIR) / "restore-dialog.png"))
    # Enter alone does not replace the database.
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(_titles(ctx)) == 3

    dialog = _open_dialog(qtbot, window)
    _tab_to(qtbot, dialog, dialog.restore_button)
    qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: operations.pending() == 0)
    qtbot.waitUntil(lambda: _titles(window.ctx) == saved)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert any("Databasen är återställd" in b.text() for b in boxes)
    assert window.page(window.current_view() or "") is not None
    status = window.findChild(QLabel, "last_backup")
    assert status is not None and "Senaste säkerhetskopian: 20" in status.text()
    QThreadPool.globalInstance().waitForDone(10_000)


def test_a_refused_backup_is_told_and_nothing_changes(
    qtbot: QtBot, encrypted_admin: accounts.Created, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx = encrypted_admin.ctx
    junk = tmp_path / "inte-en-kopia.sqlite"
    junk.write_bytes(b"\x00" * 4096)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    window = show(qtbot, MainWindow(ctx, remember=False))
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "Nyckelfilen" in box.text() or "Säkerhetskopian" in box.text()
    assert window.restore_dialog is None
    assert backups.backups_of(ctx.db.path) == []


def test_only_administrators_get_the_menu_entry(
    qtbot: QtBot, admin: Context, manager: Context
) -> None:
    for who, enabled in ((admin, True), (manager, False)):
        window = MainWindow(who, remember=False)
        qtbot.addWidget(window)
        assert window.restore_action.isEnabled() is enabled


def test_the_backups_tab_keeps_the_number_and_tells_the_last_backup(
    qtbot: QtBot, admin: Context
) -> None:
    tab = show(qtbot, BackupsTab(admin))
    assert tab.kept.value() == 14 and tab.kept.accessibleName() == "Antal som sparas"
    assert tab.last_label.text() == "Senaste säkerhetskopian: ingen ännu"
    backups.backup_at_start(admin)
    tab.kept.setFocus()
    tab.kept.selectAll()
    qtbot.keyClicks(tab.kept, "5")
    assert tab.save()
    assert backups.kept_backups(admin) == 5
    assert tab.last_label.text().startswith("Senaste säkerhetskopian: 20")
    tab.kept.selectAll()
    qtbot.keyClicks(tab.kept, "0")
    assert not tab.save()
    assert backups.kept_backups(admin) == 5


def test_the_day_s_backup_is_made_after_the_window_shows_and_leftovers_are_swept(
    qtbot: QtBot, qapp: Any, encrypted_admin: accounts.Created
) -> None:
    from kvalitet_desktop.ui import app as app_module

    ctx = encrypted_admin.ctx
    folder = backups.backup_folder(ctx.db.path)
    folder.mkdir()
    leftover = partial_for(folder / "krypterad-auto-20250101-120000.sqlite")
    leftover.write_bytes(b"\0" * 4096)  # what a killed backup left
    startup = app_module.Startup(qapp, ctx.db.path, "admin", None, None)
    startup._show_main_window(ctx)
    window = startup.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(backups.backups_of(ctx.db.path)) == 1)
    qtbot.waitUntil(lambda: operations.pending() == 0)
    [made] = backups.backups_of(ctx.db.path)
    assert "-auto-" in made.name and key_file_for(made).exists()
    assert not leftover.exists()
    assert window.backup_status.text().startswith("Senaste säkerhetskopian: 20")
    assert backups.newest_good_backup(ctx.db.path, ctx.db.key) == made
    # Started again the same day: no second backup.
    window.start_automatic_backup()
    qtbot.waitUntil(lambda: operations.pending() == 0)
    assert backups.backups_of(ctx.db.path) == [made]
    startup.start_window.close()
