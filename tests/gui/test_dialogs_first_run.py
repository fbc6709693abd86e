"""First-run dialog: typed input, errors at their fields, nothing typed is lost; a password
that is too short or too common is refused at its field; the database is created off the UI
thread."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import (
    PASSWORD_WAIT_MS,
    focused,
    key,
    show,
    shows_every_row,
    type_here,
    type_into,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.ui.dialogs import first_run
from kvalitet_desktop.ui.dialogs.first_run import FirstRunDialog

pytestmark = pytest.mark.gui

GOOD = "rödbetor och äppelpaj"


@pytest.fixture
def dialog(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FirstRunDialog]:
    monkeypatch.setattr(first_run.getpass, "getuser", lambda: "Asa.Admin")
    dialog = show(qtbot, FirstRunDialog(db_path))
    yield dialog
    if dialog.created is not None:
        dialog.created.ctx.db.close()


def created_database(path: Path) -> bool:
    if not path.exists():
        return False
    db = Database.open(path)
    try:
        return organisation.is_initialised(db)
    finally:
        db.close()


def fill_municipality(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    type_into(qtbot, dialog.municipality, "Exempelå kommun")
    qtbot.keyClicks(dialog.org_number, "2120000142")
    type_into(qtbot, dialog.name, "Åsa Administratör")


def submit(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    """Enter in the last field, then wait for the check off the UI thread."""
    qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy.active, timeout=PASSWORD_WAIT_MS)


def test_login_suggested_from_os_user(dialog: FirstRunDialog) -> None:
    assert dialog.login.text() == "asa.admin"
    assert dialog.title.text() == "Systemadministratör"


def test_labels_are_buddies_and_names_accessible(dialog: FirstRunDialog) -> None:
    labels = {label.buddy(): label.text() for label in dialog.findChildren(QLabel) if label.buddy()}
    assert labels[dialog.org_number] == "&Organisationsnummer:"
    assert labels[dialog.password] == "&Lösenord:"
    assert dialog.org_number.accessibleName() == "Organisationsnummer"
    assert dialog.municipality.accessibleName() == "Kommunens namn"
    assert dialog.password.accessibleName() == "Lösenord"
    assert dialog.password_again.accessibleName() == "Upprepa lösenordet"


def test_tab_goes_field_by_field(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    order = [focused(dialog).accessibleName()]
    for _ in range(7):
        key(qtbot, dialog, Qt.Key.Key_Tab)
        order.append(focused(dialog).accessibleName())
    assert order == [
        "Kommunens namn",
        "Organisationsnummer",
        "Inloggning",
        "Namn",
        "Titel",
        "Lösenord",
        "Upprepa lösenordet",
        "Skapa",
    ]


def test_bad_org_number_is_shown_at_the_field(
    qtbot: QtBot, dialog: FirstRunDialog, db_path: Path
) -> None:
    type_into(qtbot, dialog.municipality, "Exempelå kommun")
    qtbot.keyClicks(dialog.org_number, "212000-0143")
    type_into(qtbot, dialog.name, "Åsa Administratör")
    type_into(qtbot, dialog.password, GOOD)
    type_into(qtbot, dialog.password_again, GOOD)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy.active, timeout=PASSWORD_WAIT_MS)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.isVisible()
    error = dialog.errors["org_number"]
    assert error.isVisible()
    assert "NNNNNN-NNNN" in error.text()
    assert dialog.errors["municipality"].isHidden()
    assert dialog.errors["password"].isHidden()
    assert dialog.org_number.hasFocus()
    # Nothing typed is lost, the password neither.
    assert dialog.municipality.text() == "Exempelå kommun"
    assert dialog.org_number.text() == "212000-0143"
    assert dialog.name.text() == "Åsa Administratör"
    assert dialog.password.text() == dialog.password_again.text() == GOOD
    assert not created_database(db_path)


def test_every_missing_field_gets_its_message(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    dialog.login.clear()
    qtbot.keyClick(dialog.municipality, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy.active, timeout=PASSWORD_WAIT_MS)
    assert dialog.errors["municipality"].isVisible()
    assert dialog.errors["org_number"].isVisible()
    assert dialog.errors["admin_login"].isVisible()
    assert dialog.errors["admin_name"].text() == "Ange användarens namn."
    # The password's problem at once too, not after the rest is corrected.
    assert dialog.errors["password"].text() == "Lösenordet ska ha minst 12 tecken."
    assert dialog.municipality.hasFocus()
    assert shows_every_row(dialog)  # grown for the messages, none cut


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Lösenordet ska ha minst 12 tecken."),
        ("password1234", "Lösenordet är ett av de vanligaste lösenorden. Välj ett annat."),
    ],
)
def test_a_weak_password_is_refused_at_its_field(
    qtbot: QtBot, dialog: FirstRunDialog, db_path: Path, password: str, message: str
) -> None:
    fill_municipality(qtbot, dialog)
    type_into(qtbot, dialog.password, password)
    type_into(qtbot, dialog.password_again, password)
    submit(qtbot, dialog)
    assert dialog.errors["password"].text() == message
    assert dialog.errors["password"].isVisible()
    assert [k for k, e in dialog.errors.items() if not e.isHidden()] == ["password"]
    # The rest is kept; the password is selected to be typed over, its repetition typed anew.
    assert dialog.municipality.text() == "Exempelå kommun"
    assert dialog.name.text() == "Åsa Administratör"
    assert dialog.login.text() == "asa.admin"
    assert dialog.password.hasFocus() and dialog.password.selectedText() == password
    assert dialog.password_again.text() == ""
    assert not db_path.exists()

    type_here(qtbot, dialog, GOOD)
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        key(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.created_login == "asa.admin"


def test_repeated_password_must_match(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    fill_municipality(qtbot, dialog)
    type_into(qtbot, dialog.password, GOOD)
    type_into(qtbot, dialog.password_again, GOOD + "x")
    submit(qtbot, dialog)
    assert dialog.errors["password_again"].text() == "Lösenorden är inte lika."
    assert dialog.password.text() == GOOD
    assert dialog.password_again.hasFocus()


def test_the_wait_is_visible_and_the_inputs_disabled(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    fill_municipality(qtbot, dialog)
    type_into(qtbot, dialog.password, GOOD)
    type_into(qtbot, dialog.password_again, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
        # Until the result comes back to the UI thread:
        assert dialog.busy.text() == "Skapar databasen…"  # the development switch is on
        assert dialog.busy.isVisible()
        assert not dialog.password.isEnabled() and not dialog.create_button.isEnabled()
        cursor = QGuiApplication.overrideCursor()
        assert cursor is not None and cursor.shape() == Qt.CursorShape.WaitCursor
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # does not abandon the database half made
        assert dialog.isVisible()
    assert QGuiApplication.overrideCursor() is None
    assert dialog.busy.text() == ""


def test_valid_input_sets_up_the_municipality(
    qtbot: QtBot, dialog: FirstRunDialog, db_path: Path
) -> None:
    fill_municipality(qtbot, dialog)
    type_into(qtbot, dialog.password, GOOD)
    type_into(qtbot, dialog.password_again, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.created is not None
    assert dialog.created_login == "asa.admin"
    assert dialog.created.ctx.actor.name == "Åsa Administratör"
    assert dialog.created.recovery_key is None  # the development switch: not encrypted
    assert created_database(db_path)


@pytest.mark.usefixtures("encrypted")
def test_without_the_switch_the_database_is_encrypted(
    qtbot: QtBot, dialog: FirstRunDialog, db_path: Path
) -> None:
    fill_municipality(qtbot, dialog)
    type_into(qtbot, dialog.password, GOOD)
    type_into(qtbot, dialog.password_again, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=PASSWORD_WAIT_MS):
        qtbot.keyClick(dialog.password_again, Qt.Key.Key_Return)
        assert dialog.busy.text() == "Skapar den krypterade databasen…"
    assert dialog.created is not None and dialog.created.recovery_key
    assert dialog.created.ctx.db.key is not None
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert accounts.file_state(db_path) is accounts.FileState.ENCRYPTED


def test_cancel_says_nothing_was_created(
    dialog: FirstRunDialog, db_path: Path, answers: object
) -> None:
    dialog.reject()
    first_run.tell_nothing_was_created(dialog)  # what the start-up does after a cancel
    asked = answers.asked  # type: ignore[attr-defined]
    assert len(asked) == 1
    assert asked[0].startswith("Ingenting har skapats och databasen är fortfarande tom.")
    assert "Starta Kvalitet Desktop igen" in asked[0]
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not db_path.exists()
