"""A list read from a file damaged in its middle pages says so in Swedish, once, instead of
"ett oväntat fel"; the support details hold no record's contents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot
from test_read_faults import SECRET, SETUP, build

from damaged_files import damage_middle
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.ui import errors
from kvalitet_desktop.ui.views.list_page import ListPage


def test_a_list_over_a_damaged_file_shows_the_fault_not_an_unexpected_error(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "skadad.sqlite"
    db = Database.open(path)
    organisation.setup_municipality(db, SETUP)
    build(Context.for_login(db, SETUP.admin_login))
    db.close()
    damage_middle(path)
    db = Database.open(path)
    unexpected: list[BaseException] = []
    errors.add_listener(unexpected.append)
    try:
        page = ListPage(Context.for_login(db, SETUP.admin_login), "riskanalys")
        qtbot.addWidget(page)
        page.resize(900, 3000)  # every row on screen: each is painted, so each is read
        page.show()
        table = page.findChild(QTableView)
        assert table is not None
        model = table.model()
        for row in range(model.rowCount()):
            model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
        qtbot.waitUntil(lambda: errors.current_fault() is not None)
        box = errors.current_fault()
        assert box is not None
        assert "är skadad" in box.text() and SECRET not in box.text()
        assert "DatabaseDamagedOnRead" in box.detailedText()
        assert SECRET not in box.detailedText() and "Nilsson" not in box.detailedText()
        assert not unexpected  # no "Ett oväntat fel inträffade"
        # Scrolling on reads nothing more and opens no second box.
        for row in range(model.rowCount()):
            model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole)
        assert errors.current_fault() is box
        box.close()
    finally:
        errors.remove_listener(unexpected.append)
        db.close()
