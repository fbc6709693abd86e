"""Inställningar › Gallring and the gallring dialog: periods per kind at their fields, the
list shown for approval, "Gallra" removing only what was listed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from helpers import activate, find_by_name, focused, key, press, show
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSpinBox, QTabWidget, QTreeWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from kvalitet_desktop.domain.retention import CLEARED
from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import gallring
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import User, UserRole
from kvalitet_desktop.ui.dialogs.gallring import GallringDialog
from kvalitet_desktop.ui.views.settings_gallring import GallringTab
from kvalitet_desktop.ui.views.settings_page import SettingsPage
from kvalitet_desktop.workflows.lexsarah.models import LexSarahCase

pytestmark = pytest.mark.gui
LONG_AGO = date(2012, 5, 2)  # the demo's lex Sarah cases closed then
SHOTS = os.environ.get("KVALITET_SHOTS")  # a folder: the tab and dialog are saved there


@pytest.fixture
def old_demo(demo_copy: Callable[[date], Path]) -> Iterator[Database]:
    database = Database.open(demo_copy(LONG_AGO))
    yield database
    database.close()


def _as(db: Database, role: Role) -> Context:
    with db.session() as session:
        login = session.scalars(
            select(User.login)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == role.value)
        ).first()
    assert login
    return Context.for_login(db, login)


def _shot(widget: QPushButton | GallringTab | GallringDialog, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def _tab(qtbot: QtBot, ctx: Context) -> GallringTab:
    page = show(qtbot, SettingsPage(ctx), (1100, 820))
    tabs = page.findChild(QTabWidget)
    assert tabs is not None
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Gallring" in titles
    tabs.setCurrentIndex(titles.index("Gallring"))
    tab = tabs.currentWidget()
    assert isinstance(tab, GallringTab)
    return tab


def test_the_tab_shows_each_kinds_rule_and_saves_a_period(qtbot: QtBot, old_demo: Database) -> None:
    admin = _as(old_demo, Role.ADMIN)
    tab = _tab(qtbot, admin)
    spin = find_by_name(tab, QSpinBox, "År till gallring: Lex Sarah-ärende")
    find_by_name(tab, QSpinBox, "År till gallring: Riskanalys")
    find_by_name(tab, QSpinBox, "År till gallring: Förändring i insatser")
    assert spin.value() == 5
    assert tab.default_notes["lexsarah"].isVisible()  # a default to be checked
    texts = " ".join(label.text() for label in tab.findChildren(QLabel))
    assert "Tas bort: rubrik" in texts and "Finns kvar: ärendenummer" in texts
    _shot(tab, "gallring-tab.png")
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "12")
    activate(qtbot, tab.window())
    qtbot.keyClick(spin, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.saved_label.text() == "Gallringsreglerna är sparade."
    rules = {r.key: r for r in gallring.rules(admin)}
    assert (rules["lexsarah"].years, rules["lexsarah"].is_default) == (12, False)
    assert not tab.default_notes["lexsarah"].isVisible()


def test_a_period_out_of_range_is_named_at_its_field_and_kept(
    qtbot: QtBot, old_demo: Database
) -> None:
    admin = _as(old_demo, Role.ADMIN)
    tab = _tab(qtbot, admin)
    spin = find_by_name(tab, QSpinBox, "År till gallring: Lex Sarah-ärende")
    spin.setValue(0)
    assert tab.save() is False
    errors = [
        label.text()
        for label in tab.findChildren(QLabel)
        if label.isVisible() and "mellan 1 och 100" in label.text()
    ]
    assert errors == ["Antalet år ska vara mellan 1 och 100."]
    assert spin.value() == 0
    assert {r.key: r.years for r in gallring.rules(admin)}["lexsarah"] == 5


def test_the_tab_is_only_for_those_who_may_run_gallring(qtbot: QtBot, old_demo: Database) -> None:
    coordinator = _as(old_demo, Role.QUALITY_COORDINATOR)
    page = show(qtbot, SettingsPage(coordinator), (1100, 820))
    tabs = page.findChild(QTabWidget)
    assert tabs is not None
    assert "Gallring" not in [tabs.tabText(i) for i in range(tabs.count())]


def _cleared(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).where(LexSarahCase.title == CLEARED)) or 0)


def test_the_dialog_lists_first_and_gallra_removes_what_it_listed(
    qtbot: QtBot, old_demo: Database
) -> None:
    admin = _as(old_demo, Role.ADMIN)
    plan = gallring.plan(admin)
    dialog = show(qtbot, GallringDialog(None, admin), (760, 520))
    tree = find_by_name(dialog, QTreeWidget, "Poster att gallra")
    assert focused(dialog) is tree  # not the button that removes
    listed = [
        tree.topLevelItem(i).child(j).text(0)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    ]
    assert sorted(listed) == sorted(c.number for k in plan.kinds for c in k.candidates)
    assert any(number.startswith("LS-2012-") for number in listed)
    _shot(dialog, "gallring-dialog.png")
    assert _cleared(old_demo) == 0  # listing removed nothing
    press(qtbot, dialog, "Gallra")
    qtbot.waitUntil(lambda: dialog.result_of_run is not None, timeout=30_000)
    assert dialog.result_of_run is not None and dialog.result_of_run.total == plan.total
    assert _cleared(old_demo) > 0
    assert check_database(old_demo).ok
    # focusWidget(), not hasFocus(): the latter needs an active window, which CI may not give
    assert focused(dialog) is find_by_name(dialog, QPushButton, "Stäng")
    key(qtbot, dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_with_nothing_due_gallra_cannot_be_pressed(qtbot: QtBot, admin: Context) -> None:
    dialog = show(qtbot, GallringDialog(None, admin))
    assert not find_by_name(dialog, QPushButton, "Gallra").isEnabled()
    assert "Inget att gallra just nu." in dialog.summary.text()
