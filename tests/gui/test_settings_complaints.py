"""Inställningar › Klagomål: the reply target and the topics, stored; what is refused stays
as typed with its message at the field."""

from __future__ import annotations

from helpers import find_by_name, press, show, type_into
from PySide6.QtWidgets import QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import ReplyTarget
from kvalitet_desktop.workflows.complaints.ui.settings_tab import ComplaintsTab


def test_the_target_and_the_topics_are_saved(qtbot: QtBot, admin: Context) -> None:
    tab = show(qtbot, ComplaintsTab(admin), (1000, 700))
    days = find_by_name(tab, QSpinBox, "Svar inom")
    days.setFocus()
    days.selectAll()
    type_into(qtbot, days, "10")
    topics = find_by_name(tab, QPlainTextEdit, "Ämnen")
    topics.setFocus()
    topics.moveCursor(topics.textCursor().MoveOperation.End)
    type_into(qtbot, topics, "\nfärdtjänst")
    press(qtbot, tab, "Spara")
    assert complaints.reply_target(admin) == ReplyTarget(10, 3)
    assert complaints.topics(admin)[-1] == "färdtjänst"
    assert tab.saved_label.text() == "Inställningarna för klagomål är sparade."


def test_a_topic_twice_is_refused_and_kept_as_typed(qtbot: QtBot, admin: Context) -> None:
    tab = show(qtbot, ComplaintsTab(admin), (1000, 700))
    topics = find_by_name(tab, QPlainTextEdit, "Ämnen")
    topics.setPlainText("måltider\nMåltider")
    press(qtbot, tab, "Spara")
    assert "två gånger" in tab.errors.label_for(complaints.TOPICS).text()
    assert topics.toPlainText() == "måltider\nMåltider"
    assert "bemötande" in complaints.topics(admin)


def test_who_may_not_change_settings_sees_them_read_only(qtbot: QtBot, manager: Context) -> None:
    tab = show(qtbot, ComplaintsTab(manager), (1000, 700))
    assert (
        not find_by_name(tab, QSpinBox, "Svar inom").isEnabled()
        or find_by_name(tab, QSpinBox, "Svar inom").isReadOnly()
    )
    assert tab.read_only_note.isVisibleTo(tab)
    assert not tab.save_button.isVisibleTo(tab)
