"""First-run dialog: typed input, errors at their fields, nothing typed is lost."""

from __future__ import annotations

import pytest
from helpers import show, type_into
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import organisation
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.ui.dialogs import first_run
from kvalitet_desktop.ui.dialogs.first_run import FirstRunDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch) -> FirstRunDialog:
    monkeypatch.setattr(first_run.getpass, "getuser", lambda: "Asa.Admin")
    return show(qtbot, FirstRunDialog(db))


def test_login_suggested_from_os_user(dialog: FirstRunDialog) -> None:
    assert dialog.login.text() == "asa.admin"
    assert dialog.title.text() == "Systemadministratör"


def test_labels_are_buddies_and_names_accessible(dialog: FirstRunDialog) -> None:
    labels = {label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert labels[dialog.org_number] == "&Organisationsnummer:"
    assert dialog.org_number.accessibleName() == "Organisationsnummer"
    assert dialog.municipality.accessibleName() == "Kommunens namn"


def test_bad_org_number_is_shown_at_the_field(
    qtbot: QtBot, dialog: FirstRunDialog, db: Database
) -> None:
    type_into(qtbot, dialog.municipality, "Exempelå kommun")
    qtbot.keyClicks(dialog.org_number, "212000-0143")
    type_into(qtbot, dialog.name, "Åsa Administratör")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    error = dialog.errors["org_number"]
    assert error.isVisible()
    assert "NNNNNN-NNNN" in error.text()
    assert dialog.errors["municipality"].isHidden()
    assert dialog.org_number.hasFocus()
    # Nothing typed is lost.
    assert dialog.municipality.text() == "Exempelå kommun"
    assert dialog.org_number.text() == "212000-0143"
    assert dialog.name.text() == "Åsa Administratör"
    assert not organisation.is_initialised(db)


def test_every_missing_field_gets_its_message(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    dialog.login.clear()
    qtbot.keyClick(dialog.municipality, Qt.Key.Key_Return)
    assert dialog.errors["municipality"].isVisible()
    assert dialog.errors["org_number"].isVisible()
    assert dialog.errors["admin_login"].isVisible()
    assert dialog.errors["admin_name"].text() == "Ange användarens namn."


def test_valid_input_sets_up_the_municipality(
    qtbot: QtBot, dialog: FirstRunDialog, db: Database
) -> None:
    type_into(qtbot, dialog.municipality, "Exempelå kommun")
    qtbot.keyClicks(dialog.org_number, "2120000142")
    type_into(qtbot, dialog.name, "Åsa Administratör")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.created_login == "asa.admin"
    assert organisation.is_initialised(db)
    assert organisation.active_logins(db) == [("asa.admin", "Åsa Administratör")]


def test_cancel_says_nothing_was_created(
    dialog: FirstRunDialog, db: Database, answers: object
) -> None:
    dialog.reject()
    first_run.tell_nothing_was_created(dialog)  # what the start-up does after a cancel
    asked = answers.asked  # type: ignore[attr-defined]
    assert len(asked) == 1
    assert asked[0].startswith("Ingenting har skapats och databasen är fortfarande tom.")
    assert "Starta Kvalitet Desktop igen" in asked[0]
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not organisation.is_initialised(db)
