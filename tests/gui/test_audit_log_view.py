"""Granskningslogg in the main window: the paged model, filters from the keyboard, the
entry's details, and the export in the background."""

from __future__ import annotations

import csv
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from helpers import find_by_name, show, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import audit_review, organisation
from kvalitet_desktop.services.audit_export import ExportFormat
from kvalitet_desktop.services.audit_review import AuditQuery
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.audit import AuditAction
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.models.audit_table import AuditTableModel
from kvalitet_desktop.ui.views.audit_log import AuditLogView

pytestmark = pytest.mark.gui

OPENINGS = 260


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """A log of some 300 entries, most of them openings of one lex Sarah case."""
    path = tmp_path_factory.mktemp("audit_view") / "kvalitet.sqlite"
    db = Database.open(path)
    organisation.setup_municipality(
        db, organisation.SetupInput("Exempelå kommun", "212000-0142", "admin", "Åsa Admin")
    )
    ctx = Context.for_login(db, "admin")
    area = organisation.organisation_tree(ctx)[0].areas[0]
    unit = organisation.add_unit(ctx, area.id, "Daglig verksamhet Solrosen")
    organisation.rename(ctx, "unit", unit, "Solrosen")
    with ctx.unit_of_work() as uow:
        from kvalitet_desktop.store.audit import record_event

        for number in range(OPENINGS):
            record_event(uow.session, AuditAction.OPEN, "lex_sarah_cases", f"case-{number:04d}")
    ctx.log_event(AuditAction.EXPORT, "risk_analyses", "", {"format": "pdf"})
    yield ctx
    db.close()


def test_model_contract_paged(qtmodeltester, busy: Context) -> None:
    model = AuditTableModel(busy, page_size=50)
    assert model.rowCount() == audit_review.count(busy, AuditQuery())
    qtmodeltester.check(model)
    model.set_query(AuditQuery(actions=("archive",)))
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_only_the_pages_shown_are_read(busy: Context) -> None:
    model = AuditTableModel(busy, page_size=50)
    assert model.fetch_count == 0
    first = model.index(0, 0).data()
    assert int(first) == max(r.seq for r in audit_review.fetch(busy, AuditQuery(limit=1)))
    model.index(120, 3).data()
    assert model.fetch_count == 2
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Händelse"
    assert model.index(0, 3).data() == "Export"
    assert model.index(0, 6).data() == "Format: pdf"


@pytest.fixture
def view(qtbot: QtBot, busy: Context) -> AuditLogView:
    return show(qtbot, AuditLogView(busy), (1280, 700))


def test_filters_from_the_keyboard(qtbot: QtBot, view: AuditLogView) -> None:
    table = find_by_name(view, QTableView, "Granskningslogg")
    total = table.model().rowCount()
    action = find_by_name(view, QComboBox, "Händelse")
    action.setFocus()
    action.setCurrentIndex(action.findText("Öppnad"))
    assert table.model().rowCount() == OPENINGS
    record = find_by_name(view, QLineEdit, "Post-id")
    type_into(qtbot, record, "case-012\n")
    assert table.model().rowCount() == 10  # case-0120 … case-0129
    assert view.count_label.text() == "10 händelser"
    qtbot.keyClick(find_by_name(view, QPushButton, "Rensa filter"), Qt.Key.Key_Space)
    assert table.model().rowCount() == total
    assert record.text() == "" and action.currentIndex() == 0


def test_a_bad_date_is_said_at_the_field_and_kept(qtbot: QtBot, view: AuditLogView) -> None:
    table = find_by_name(view, QTableView, "Granskningslogg")
    before = table.model().rowCount()
    from_field = find_by_name(view, QLineEdit, "Från")
    type_into(qtbot, from_field, "2026-13-01\n")
    assert from_field.text() == "2026-13-01"
    assert "ÅÅÅÅ-MM-DD" in view.date_error.text() and view.date_error.isVisible()
    assert table.model().rowCount() == before
    from_field.clear()
    type_into(qtbot, from_field, f"{date.today().isoformat()}\n")
    assert not view.date_error.isVisible()
    to_field = find_by_name(view, QLineEdit, "Till")
    type_into(qtbot, to_field, "2020-01-01\n")
    assert "före från-datumet" in view.date_error.text()


def test_the_selected_entry_is_shown_whole(qtbot: QtBot, view: AuditLogView) -> None:
    table = find_by_name(view, QTableView, "Granskningslogg")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    details = find_by_name(view, QPlainTextEdit, "Vald händelse").toPlainText()
    assert "Användare: Åsa Admin (admin)" in details
    assert "Händelse:" in details and "Nr " in details


def test_export_runs_in_the_background_and_is_logged(
    qtbot: QtBot, view: AuditLogView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kvalitet_desktop.ui.views import audit_log

    shown: list[str] = []
    monkeypatch.setattr(audit_log, "show_info", lambda _p, text, _t: shown.append(text))
    target = tmp_path / "granskning.csv"
    monkeypatch.setattr(view, "choose_export_path", lambda _fmt: target)
    action = find_by_name(view, QComboBox, "Händelse")
    action.setCurrentIndex(action.findText("Ändrad"))
    qtbot.keyClick(find_by_name(view, QPushButton, "Exportera till CSV"), Qt.Key.Key_Space)
    assert operations.wait_until_idle()
    assert shown and "1 händelser" in shown[0]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    lines = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert len(lines) == 2 and lines[1][4] == "Ändrad"
    newest = audit_review.fetch(view.ctx, AuditQuery(limit=1))[0]
    assert newest.action == AuditAction.EXPORT.value and "granskning.csv" in newest.changes
    assert ExportFormat.CSV.value in newest.changes


def test_the_view_is_in_the_navigation_for_administrators(qtbot: QtBot, busy: Context) -> None:
    window = show(qtbot, MainWindow(busy, remember=False))
    assert "granskningslogg" in window.available_views()
    assert window.show_view("granskningslogg")
    assert isinstance(window.stack.currentWidget(), AuditLogView)
