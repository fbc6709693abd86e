"""The main window's search: Ctrl+F and Ctrl+K, results as one types, keys, opening, Escape."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from deviation_inputs import registration
from helpers import activate, show
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.main_window import MainWindow
from kvalitet_desktop.ui.search_box import snippet_html
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.measures import service as measures

pytestmark = pytest.mark.gui


@pytest.fixture
def records(admin: Context, unit_id: str) -> dict[str, str]:
    from datetime import date

    fall = deviations.register(
        admin,
        registration(
            unit_id,
            title="Brukaren föll i badrummet",
            description="Golvet var vått efter duschen; halkmattan låg i tvättstugan.",
        ),
    ).id
    other = deviations.register(
        admin,
        registration(unit_id, title="Halkigt vid entrén", description="Isen var inte sandad."),
    ).id
    measure = measures.create_measure(
        admin,
        measures.MeasureInput(
            "Halkmattor i alla badrum", unit_id, "Köp in halkmattor.", admin.actor.id, date.today()
        ),
    ).id
    return {"fall": fall, "other": other, "measure": measure}


def _window(qtbot: QtBot, ctx: Context) -> MainWindow:
    window = show(qtbot, MainWindow(ctx, remember=False), (1280, 800))
    activate(qtbot, window)
    return window


def _results_for(qtbot: QtBot, window: MainWindow, text: str) -> None:
    search = window.global_search
    qtbot.keyClicks(search.field, text)
    qtbot.waitUntil(lambda: search.panel.isVisible() and search._shown_text == text)


@pytest.mark.parametrize("keys", ["Ctrl+F", "Ctrl+K"])
def test_both_shortcuts_reach_the_field(qtbot: QtBot, admin: Context, keys: str) -> None:
    window = _window(qtbot, admin)
    window.navigation.setFocus()
    key = Qt.Key.Key_F if keys == "Ctrl+F" else Qt.Key.Key_K
    qtbot.keyClick(window.navigation, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.global_search.field.hasFocus())
    assert window.global_search.field.accessibleName() == "Sök i alla poster"


def test_typing_shows_hits_grouped_and_enter_opens_the_chosen_one(
    qtbot: QtBot, admin: Context, records: dict[str, str], fake_editors: list[tuple[str, ...]]
) -> None:
    window = _window(qtbot, admin)
    _results_for(qtbot, window, "halk")
    panel = window.global_search.panel
    texts = [panel.list.item(row).text() for row in range(panel.list.count())]
    assert texts[0] == "Åtgärder (1)"
    assert "Avvikelser (2)" in texts
    assert panel.status.text() == "3 träffar – Enter öppnar, Esc stänger"
    # The first hit is chosen; Down skips the heading between the groups.
    assert panel.current_record() == ("atgard", records["measure"])
    qtbot.keyClick(window.global_search.field, Qt.Key.Key_Down)
    assert panel.current_record() is not None and panel.current_record()[0] == "avvikelse"
    qtbot.keyClick(window.global_search.field, Qt.Key.Key_Up)
    qtbot.keyClick(window.global_search.field, Qt.Key.Key_Up)  # stays on the first
    assert panel.current_record() == ("atgard", records["measure"])
    qtbot.keyClick(window.global_search.field, Qt.Key.Key_Down)
    chosen = panel.current_record()
    qtbot.keyClick(window.global_search.field, Qt.Key.Key_Return)
    assert fake_editors == [("open", *chosen)]
    assert not panel.isVisible()


def test_escape_closes_and_no_hits_is_said(
    qtbot: QtBot, admin: Context, records: dict[str, str]
) -> None:
    window = _window(qtbot, admin)
    _results_for(qtbot, window, "badrummet")
    panel = window.global_search.panel
    qtbot.keyClick(window.global_search.field, Qt.Key.Key_Escape)
    assert not panel.isVisible()
    assert window.global_search.field.text() == "badrummet"  # what was typed stays
    window.global_search.field.clear()
    _results_for(qtbot, window, "far")
    assert panel.status.text() == "Inga träffar på ”far”."
    assert not panel.list.isVisible()


def test_the_snippet_marks_the_match_and_escapes_markup(admin: Context, unit_id: str) -> None:
    from kvalitet_desktop.services import search

    deviations.register(
        admin, registration(unit_id, title="Skylten <b>", description="Texten <i>fel</i> halka")
    )
    hit = search.search(admin, "halka").hits[0]
    made = snippet_html(hit)
    assert "&lt;i&gt;fel&lt;/i&gt;" in made and "<i>" not in made
    assert ">halka</span>" in made


def test_a_look_at_1280_by_800(qtbot: QtBot, admin: Context, records: dict[str, str]) -> None:
    """Draws the window with results shown (KVALITET_SHOTS=folder keeps the PNG to look at)."""
    window = _window(qtbot, admin)
    _results_for(qtbot, window, "halk")
    image = window.grab()
    assert (image.width(), image.height()) == (1280, 800)
    folder = os.environ.get("KVALITET_SHOTS")
    if folder:
        assert image.save(str(Path(folder) / "global-search.png"))
