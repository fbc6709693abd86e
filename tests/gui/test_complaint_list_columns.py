"""The complaints list at the window size of a small laptop: the response time is in view."""

from __future__ import annotations

from datetime import date

from helpers import show
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import Channel, ComplaintKind, SubmitterType

# The list page's share of a 1280×800 main window (the navigation takes the rest).
PAGE_SIZE = (1100, 740)


def test_the_response_time_column_shows_whole(qtbot: QtBot, admin: Context, unit_id: str) -> None:
    complaints.save_complaint(
        admin,
        complaints.ComplaintInput(
            "Maten kommer kall",
            unit_id,
            date.today(),
            Channel.EMAIL,
            SubmitterType.ANONYMOUS,
            ComplaintKind.VIEW,
            "måltider",
            "Maten kommer kall.",
        ),
    )
    page = show(qtbot, ListPage(admin, "klagomal", remember=False), PAGE_SIZE)
    qtbot.waitUntil(lambda: page.table.viewport().width() > 1000)  # laid out
    header = page.table.horizontalHeader()
    column = page.model.columns.index("response_days")
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    assert right <= page.table.viewport().width()
    reply_due = page.model.columns.index("reply_due")
    text = "2026-11-25 – försenad"
    assert header.sectionSize(reply_due) > page.table.fontMetrics().horizontalAdvance(text)
