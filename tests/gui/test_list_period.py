"""A list narrowed to a period on its main date: recent spans and the years the list holds,
chosen by keyboard, remembered, and what an export of the list then covers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from deviation_inputs import registration
from helpers import find_by_name, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.list_periods import period_choices, period_of
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.deviations import service as deviations

pytestmark = pytest.mark.gui


@pytest.fixture
def three_years(admin: Context, unit_id: str) -> int:
    """An avvikelse two years ago, one ten days ago and one that is archived, last year."""
    year = date.today().year
    for title, when in (
        ("Gammal händelse", datetime(year - 2, 6, 3, 10, 0)),
        ("Ny händelse", datetime.now().replace(second=0, microsecond=0) - timedelta(days=10)),
    ):
        deviations.register(admin, registration(unit_id, title=title, occurred_at=when))
    old = deviations.register(
        admin, registration(unit_id, title="Makulerad", occurred_at=datetime(year - 1, 2, 1, 9))
    )
    deviations.void(admin, old.id, "Dubbelregistrerad")
    return year


def _titles(page: ListPage) -> list[str]:
    column = page.model.columns.index("title")
    return [page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())]


def test_the_years_of_the_list_are_offered_and_a_year_is_chosen_by_keyboard(
    qtbot: QtBot, admin: Context, three_years: int
) -> None:
    year = three_years
    page = show(qtbot, ListPage(admin, "avvikelse"), (1280, 800))
    combo = find_by_name(page, QComboBox, "Period")
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert offered == [
        "Alla datum",
        "Senaste 30 dagarna",
        "Senaste 12 månaderna",
        str(year),
        str(year - 1),  # only the archived one: still a year the list holds
        str(year - 2),
    ]
    assert "Inträffade" in combo.toolTip()
    combo.setFocus()
    for _ in range(5):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == str(year - 2)
    assert _titles(page) == ["Gammal händelse"]
    assert page.count_label.text() == "1 av 2 avvikelser"
    assert page.model.query.date_from == date(year - 2, 1, 1)
    assert page.model.query.date_to == date(year - 2, 12, 31)

    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert _titles(page) == ["Ny händelse", "Gammal händelse"]
    assert page.model.query.date_from is None


def test_the_recent_span_follows_the_day_and_the_choice_is_remembered(
    qtbot: QtBot, admin: Context, three_years: int
) -> None:
    page = show(qtbot, ListPage(admin, "avvikelse"), (1280, 800))
    combo = find_by_name(page, QComboBox, "Period")
    combo.setCurrentIndex(combo.findData("30d"))
    assert _titles(page) == ["Ny händelse"]
    page.save_state()
    page.close()
    again = show(qtbot, ListPage(admin, "avvikelse"), (1280, 800))
    assert find_by_name(again, QComboBox, "Period").currentText() == "Senaste 30 dagarna"
    assert _titles(again) == ["Ny händelse"]


def test_spans_and_years_are_whole_days() -> None:
    today = date(2028, 2, 29)
    assert period_of("30d", today).start == date(2028, 1, 31)
    assert period_of("12m", today).start == date(2027, 3, 1)
    assert (period_of("2025", today).start, period_of("2025", today).end) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
    )
    assert period_of("nonsens", today).start is None
    keys = [p.key for p in period_choices(today, date(2026, 5, 1), date(2027, 1, 1))]
    assert keys == ["", "30d", "12m", "2028", "2027", "2026"]


def test_the_span_is_what_the_user_may_see(
    admin: Context, unit_id: str, other_unit_id: str, three_years: int
) -> None:
    from kvalitet_desktop.domain.roles import Role
    from kvalitet_desktop.services import organisation

    deviations.register(
        admin,
        registration(other_unit_id, title="Annan enhet", occurred_at=datetime(2019, 1, 5, 8)),
    )
    organisation.save_user(
        admin, organisation.UserInput("chef", "Chef", None, [Role.UNIT_MANAGER], [unit_id])
    )
    manager = Context.for_login(admin.db, "chef")
    span = listing.date_span(manager, "avvikelse")
    assert span is not None and span[0] == date(three_years - 2, 6, 3)
    first = listing.date_span(admin, "avvikelse")
    assert first is not None and first[0] == date(2019, 1, 5)
