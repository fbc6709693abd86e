"""Hjälp → Användarguide: a Swedish guide inside the program, opened from the menu or with F1,
with a table of contents that moves the text, readable on a 1280 × 800 laptop."""

from __future__ import annotations

import pytest
from helpers import activate, click, find_by_name, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QPushButton, QTextBrowser
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.help.guide import UserGuide, sections
from kvalitet_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def shown_guide(window: MainWindow) -> UserGuide:
    (guide,) = [w for w in window.findChildren(UserGuide) if w.isVisible()]
    return guide


def test_f1_opens_the_guide_once(qtbot: QtBot, admin: Context) -> None:
    window = show(qtbot, MainWindow(admin, remember=False), (1280, 800))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = shown_guide(window)
    assert guide.windowTitle() == "Användarguide"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert len(window.findChildren(UserGuide)) == 1  # the same window, brought forward
    click(qtbot, find_by_name(guide, QPushButton, "Stäng"))
    qtbot.waitUntil(lambda: not guide.isVisible())


def test_help_menu_names_the_guide(qtbot: QtBot, admin: Context) -> None:
    window = show(qtbot, MainWindow(admin, remember=False))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Hjälp")
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert texts == ["&Användarguide", "&Om Kvalitet Desktop"]
    assert window.guide_action.shortcut().toString() == "F1"
    window.guide_action.trigger()
    assert shown_guide(window).isVisible()


def test_guide_covers_the_workflows(qtbot: QtBot) -> None:
    guide = show(qtbot, UserGuide())
    text = find_by_name(guide, QTextBrowser, "Guidens text").toPlainText()
    for words in (
        "Riskmatrisen",
        "sannolikhet × konsekvens",
        "Beslut och uppföljning",
        "trygghet",
        "delaktighet",
        "Mottagande",
        "Utredning",
        "allvarligt missförhållande",
        "Anmälan till IVO",
        "ställningstagande",
        "APT-underlag",
        "Att göra",
        "försenad",
        "Överst i ett lex Sarah-ärende",
        "Säkerhetskopiera databasen",
    ):
        assert words in text, words
    contents = find_by_name(guide, QListWidget, "Innehåll")
    titles = [contents.item(i).text() for i in range(contents.count())]
    assert titles == [s.title for s in sections()]
    assert "Göra en riskanalys" in titles and "Säkerhetskopior" in titles
    # The text has headings and its own table of contents with links to them.
    html = find_by_name(guide, QTextBrowser, "Guidens text").toHtml()
    assert "<h1" in html and "<h2" in html and 'href="#a-lex-sarah-case"' in html


def test_contents_moves_the_text_by_keyboard(qtbot: QtBot) -> None:
    guide = show(qtbot, UserGuide(), (1000, 640))
    browser = find_by_name(guide, QTextBrowser, "Guidens text")
    contents = find_by_name(guide, QListWidget, "Innehåll")
    assert browser.verticalScrollBar().value() == 0
    contents.setFocus()
    qtbot.waitUntil(contents.hasFocus)
    qtbot.keyClick(contents, Qt.Key.Key_End)  # the last section: Säkerhetskopior
    assert contents.currentItem().text() == "Säkerhetskopior"
    assert browser.verticalScrollBar().value() > 0


def test_guide_fits_a_small_laptop(qtbot: QtBot) -> None:
    guide = show(qtbot, UserGuide())
    available = guide.screen().availableGeometry()
    assert guide.width() <= min(1280, available.width())
    assert guide.height() <= min(800, available.height())
    assert guide.width() >= 700 and guide.height() >= 500
