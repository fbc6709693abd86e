"""PDF preview: loads real reportlab output, counts pages, zooms, saves identical bytes."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.ui.dialogs import pdf_preview
from kvalitet_desktop.ui.dialogs.pdf_preview import (
    PdfPreviewDialog,
    ReportSource,
    safe_file_stem,
    show_pdf,
)

pytestmark = pytest.mark.gui


@pytest.fixture
def staff(admin: Context, unit_id: str) -> Context:
    organisation.save_user(
        admin,
        organisation.UserInput(
            "medarbetare", "Mia Medarbetare", roles=[Role.STAFF], unit_ids=[unit_id]
        ),
    )
    return Context.for_login(admin.db, "medarbetare")


def three_pages() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number in range(1, 4):
        pdf.setFont("Helvetica", 24)
        pdf.drawString(72, 760, f"Riskanalys – sida {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.fixture
def preview(qtbot: QtBot, admin: Context) -> PdfPreviewDialog:
    source = ReportSource(admin, "riskanalys", "analysens-id")
    dialog = show_pdf(None, three_pages(), "Riskanalys – Solrosen", "Riskanalys Solrosen", source)
    assert isinstance(dialog, PdfPreviewDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_loads_pdf_and_reports_pages(preview: PdfPreviewDialog) -> None:
    assert preview.page_count() == 3
    assert preview.page_label.text() == "Sida 1 av 3"
    assert preview.windowTitle() == "Riskanalys – Solrosen"
    assert preview.print_button.isEnabled()


def test_zoom_in_out_and_fit(preview: PdfPreviewDialog) -> None:
    preview.zoom_by(1.25)
    first = preview.view.zoomFactor()
    preview.zoom_in_button.click()
    assert preview.view.zoomFactor() > first
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert preview.view.zoomFactor() < first
    preview.fit_button.click()
    assert preview.view.zoomMode() == preview.view.ZoomMode.FitToWidth


def test_save_writes_identical_bytes(
    preview: PdfPreviewDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    offered: list[str] = []

    def fake_dialog(_parent, _title, suggested, _filter):  # type: ignore[no-untyped-def]
        offered.append(suggested)
        return str(tmp_path / "utskrift"), ""

    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName", fake_dialog)
    saved = preview.save_as()
    assert saved == tmp_path / "utskrift.pdf"
    assert saved.read_bytes() == preview.pdf
    assert saved.read_bytes().startswith(b"%PDF")
    assert offered[0].endswith("Riskanalys Solrosen.pdf")
    with preview.source.ctx.reading() as session:
        exported = session.query(AuditEntry).filter_by(action="export").one()
    assert exported.user_login == "admin" and exported.entity_id == "analysens-id"
    assert json.loads(exported.changes) == {"report": "riskanalys", "file": str(saved)}
    if os.name == "posix":  # a report holds personal data: the owner's only
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600


def test_staff_may_preview_but_not_save(qtbot: QtBot, staff: Context) -> None:
    dialog = PdfPreviewDialog(three_pages(), "Riskanalys", "riskanalys", ReportSource(staff, "x"))
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 3 and dialog.print_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert "behörighet" in dialog.save_button.toolTip()


def test_cancelled_save_writes_nothing(
    preview: PdfPreviewDialog, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_preview.QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    assert preview.save_as() is None
    assert list(tmp_path.glob("*.pdf")) == []


def test_prints_every_page_to_a_pdf_printer(preview: PdfPreviewDialog, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = tmp_path / "utskrift.pdf"
    printer.setOutputFileName(str(target))
    assert preview.print_to(printer) == 3
    from pypdf import PdfReader

    assert len(PdfReader(target).pages) == 3
    # A paper copy is logged like a saved file: what, how many pages, where; never the text.
    with preview.source.ctx.reading() as session:
        printed = session.query(AuditEntry).filter_by(action="print").one()
    assert printed.user_login == "admin" and printed.entity_id == "analysens-id"
    assert json.loads(printed.changes) == {
        "report": "riskanalys",
        "pages": 3,
        "printer": str(target),
    }


def test_broken_pdf_says_so(qtbot: QtBot, admin: Context) -> None:
    dialog = PdfPreviewDialog(b"not a pdf", "Trasig", "trasig", ReportSource(admin, "x"))
    qtbot.addWidget(dialog)
    assert dialog.page_count() == 0
    assert dialog.page_label.text() == "Dokumentet kunde inte visas."
    assert not dialog.print_button.isEnabled()


def test_file_stems_are_safe() -> None:
    assert safe_file_stem("Åtgärdsplan Hemtjänst Öster/Väster 2025-01-01") == (
        "Åtgärdsplan Hemtjänst Öster-Väster 2025-01-01"
    )
    assert safe_file_stem(' <>:"') == "rapport"
