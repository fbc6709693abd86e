"""The page Sammanställning och analys with keyboard and mouse: it compiles off the UI thread,
shows each chart's numbers as a table, keeps a bad period where the user typed it with a
Swedish message at the field, compiles one unit, and previews the PDF."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from helpers import choose, find_by_name, press, show, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.pdf_preview import PdfPreviewDialog
from kvalitet_desktop.workflows.analysis.ui.page import AnalysisPage, preset_period
from kvalitet_desktop.workflows.deviations.models import Deviation


def _deviation(unit_id: str, day: date, category: str, n: int) -> Deviation:
    moment = datetime(day.year, day.month, day.day, 10)
    return Deviation(
        number=f"AV-{day.year}-{n:04d}",
        title=f"Avvikelse {n}",
        unit_id=unit_id,
        status="registrerad",
        occurred_at=moment,
        reported_at=moment,
        reporter_name="Test Testsson",
        description="Något hände.",
        category=category,
    )


@pytest.fixture
def filled(admin: Context, unit_id: str, other_unit_id: str) -> Context:
    with admin.unit_of_work() as uow:
        uow.session.add_all(
            [
                _deviation(unit_id, date(2025, 1, 10), "Läkemedel", 1),
                _deviation(unit_id, date(2025, 1, 20), "Läkemedel", 2),
                _deviation(other_unit_id, date(2025, 2, 5), "Fall", 3),
            ]
        )
    return admin


def _cells(table: QTableWidget) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def _compile(qtbot: QtBot, page: AnalysisPage, start: str, end: str) -> None:
    for name, text in (("Periodens första dag", start), ("Periodens sista dag", end)):
        field = find_by_name(page, QLineEdit, name)
        field.setFocus()
        field.selectAll()
        type_into(qtbot, field, text)
    before = page.compilation
    press(qtbot, page, "Sammanställ")
    qtbot.waitUntil(lambda: page.compilation is not before and page.compile_button.isEnabled())


def test_compiles_and_shows_the_numbers_beside_the_charts(qtbot: QtBot, filled: Context) -> None:
    page = show(qtbot, AnalysisPage(filled, remember=False), (1110, 740))
    qtbot.waitUntil(lambda: page.compilation is not None)  # the first compile, off the thread
    _compile(qtbot, page, "2025-01-01", "2025-03-31")
    assert find_by_name(page, QComboBox, "Period").currentText() == "Egen period"
    overview = find_by_name(page, QTableWidget, "Översikt – tabell")
    assert _cells(overview)[0][:3] == ["Avvikelser", "3", "0"]
    tabs = page.figures
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert titles[:2] == ["Översikt", "Avvikelser"]
    tabs.setCurrentIndex(1)
    months = find_by_name(page, QTableWidget, "Avvikelser per månad – tabell")
    assert _cells(months) == [["jan 2025", "2"], ["feb 2025", "1"], ["mar 2025", "0"]]
    pareto = find_by_name(page, QTableWidget, "Avvikelser per kategori – tabell")
    assert _cells(pareto) == [["Läkemedel", "2", "66,7 %"], ["Fall", "1", "100,0 %"]]
    summary = find_by_name(page, QLabel, "Vad som sammanställts")
    assert summary.text().startswith("2025-01-01 – 2025-03-31 · Alla enheter")


def test_a_bad_period_is_said_at_the_field_and_kept(qtbot: QtBot, filled: Context) -> None:
    page = show(qtbot, AnalysisPage(filled, remember=False), (1110, 740))
    qtbot.waitUntil(lambda: page.compilation is not None)
    shown = page.compilation
    start = find_by_name(page, QLineEdit, "Periodens första dag")
    start.setFocus()
    start.selectAll()
    type_into(qtbot, start, "2025-04-01")
    end = find_by_name(page, QLineEdit, "Periodens sista dag")
    end.setFocus()
    end.selectAll()
    type_into(qtbot, end, "2025-03-01")
    qtbot.keyClick(end, Qt.Key.Key_Return)
    press(qtbot, page, "Sammanställ")
    problem = find_by_name(page, QLabel, "Fel i perioden")
    assert problem.isVisible()
    assert "ligger före dess första dag" in problem.text()
    assert (start.text(), end.text()) == ("2025-04-01", "2025-03-01")
    assert page.compilation is shown and end.hasFocus()

    end.setFocus()
    end.selectAll()
    type_into(qtbot, end, "2025-02-30")
    press(qtbot, page, "Sammanställ")
    assert "ÅÅÅÅ-MM-DD" in problem.text() and end.text() == "2025-02-30"


def test_one_unit_and_the_pdf_preview(qtbot: QtBot, filled: Context, other_unit_id: str) -> None:
    page = show(qtbot, AnalysisPage(filled, remember=False), (1110, 740))
    qtbot.waitUntil(lambda: page.compilation is not None)
    choose(find_by_name(page, QComboBox, "Enheter som sammanställs"), "Hemtjänst Öster")
    _compile(qtbot, page, "2025-01-01", "2025-03-31")
    assert page.compilation is not None
    assert page.compilation.scope == "Enheter: Hemtjänst Öster"
    overview = find_by_name(page, QTableWidget, "Översikt – tabell")
    assert _cells(overview)[0][:2] == ["Avvikelser", "1"]

    press(qtbot, page, "Skriv ut sammanställningen eller spara som PDF")
    qtbot.waitUntil(lambda: bool(page.findChildren(PdfPreviewDialog)))
    (preview,) = page.findChildren(PdfPreviewDialog)
    assert preview.source.start == date(2025, 1, 1) and preview.source.end == date(2025, 3, 31)
    assert preview.source.unit_id == other_unit_id
    preview.close()


def test_the_named_periods() -> None:
    today = date(2026, 5, 17)
    assert preset_period(0, today) == (date(2026, 1, 1), today)
    assert preset_period(1, today) == (date(2025, 1, 1), date(2025, 12, 31))
    assert preset_period(2, today) == (date(2025, 5, 1), date(2026, 4, 30))
    assert preset_period(3, today) == (date(2026, 1, 1), date(2026, 3, 31))
    assert preset_period(3, date(2026, 2, 1)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert preset_period(4, today) is None


def test_write_save_sign_and_open_again_from_the_list(
    qtbot: QtBot, filled: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QPlainTextEdit, QPushButton

    from kvalitet_desktop.ui.toolkit.fields import StandardButton
    from kvalitet_desktop.workflows.analysis.ui import panel as panel_module
    from kvalitet_desktop.workflows.analysis.ui.editor import AnalysisEditor

    page = show(qtbot, AnalysisPage(filled, remember=False), (1280, 760))
    qtbot.waitUntil(lambda: page.compilation is not None)
    _compile(qtbot, page, "2025-01-01", "2025-03-31")
    title = find_by_name(page, QLineEdit, "Rubrik")
    title.setFocus()
    type_into(qtbot, title, "Första kvartalet")
    text = find_by_name(page, QPlainTextEdit, "Analys")
    text.setFocus()
    type_into(qtbot, text, "Läkemedel dominerar.")
    improvements = find_by_name(page, QPlainTextEdit, "Beslutade förbättringar")
    improvements.setFocus()
    type_into(qtbot, improvements, "Dubbelkontroll vid utdelning.")
    press(qtbot, page, "Spara som ny analys")
    view = page.panel.view
    assert view is not None and view.number.startswith("AN-")
    assert "frysta siffror i" in find_by_name(page, QLabel, "Vad som sammanställts").text()
    assert page.earlier.table.rowCount() == 1

    monkeypatch.setattr(panel_module, "ask", lambda *a, **k: StandardButton.Yes)
    press(qtbot, page, "Signera")
    assert "Signerad av Åsa Administratör" in page.panel.state.text()
    assert title.isReadOnly() and not find_by_name(page, QPushButton, "Spara utkast").isEnabled()
    assert find_by_name(page, QPushButton, "Ändra med motivering").isEnabled()

    page.right_tabs.setCurrentWidget(page.earlier)
    page.earlier.table.setFocus()
    qtbot.keyClick(page.earlier.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(page.findChildren(AnalysisEditor)))
    (editor,) = page.findChildren(AnalysisEditor)
    assert editor.panel.analysis.toPlainText() == "Läkemedel dominerar."
    assert "räknas inte om" in editor.frozen.text()
    months = find_by_name(editor, QTableWidget, "Avvikelser per månad – tabell")
    assert _cells(months)[0] == ["jan 2025", "2"]
    editor.close()
