"""Organisation page: the tree, adding and renaming, users with errors at their fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import (
    PASSWORD_WAIT_MS,
    activate,
    find_by_name,
    focused,
    key,
    show,
    shown_child,
    type_here,
    wait_until_not_busy,
    with_passwords,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.roles import Role
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.passwords import ResetPasswordDialog
from kvalitet_desktop.ui.views import organisation as organisation_view
from kvalitet_desktop.ui.views.organisation import NameDialog, OrganisationView, UserDialog

pytestmark = pytest.mark.gui
TEMPORARY = "tillfälligt lösen 42"


@pytest.fixture
def view(qtbot: QtBot, admin: Context, unit_id: str) -> OrganisationView:
    return show(qtbot, OrganisationView(admin), (1100, 700))


def answer_dialogs(
    monkeypatch: pytest.MonkeyPatch, dialog_type: type[QDialog], fill: Callable[[QDialog], None]
) -> list[QDialog]:
    """Instead of waiting for a person, ``fill`` the dialog and press its OK button."""
    seen: list[QDialog] = []

    def exec_(self: QDialog) -> int:
        seen.append(self)
        fill(self)
        self.accept()
        operations.wait_until_idle()  # some dialogs save off the UI thread
        return int(self.result())

    monkeypatch.setattr(dialog_type, "exec", exec_)
    return seen


def saved_off_the_ui_thread(dialog: QDialog) -> None:
    """Press OK and wait for the save, which runs off the UI thread (a password is hashed)."""
    dialog.accept()
    assert operations.wait_until_idle()


def find(view: OrganisationView, text: str) -> QTreeWidgetItem:
    found = view.tree.findItems(text, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert found, text
    return found[0]


def test_tree_shows_the_organisation(view: OrganisationView) -> None:
    root = view.tree.topLevelItem(0)
    assert root.text(0) == "Exempelå kommun"
    board = root.child(0)
    assert board.text(0) == "Socialnämnden"
    areas = [board.child(i).text(0) for i in range(board.childCount())]
    assert sorted(areas) == ["Funktionshinderomsorg", "Individ- och familjeomsorg", "Äldreomsorg"]
    assert find(view, "Daglig verksamhet Solrosen").parent() is not None
    # Only the municipality is selected: areas and units need a board or an area first.
    assert view.add_board_button.isEnabled()
    assert not view.add_area_button.isEnabled()
    assert not view.add_unit_button.isEnabled()
    assert not view.rename_button.isEnabled()


def test_add_unit_under_selected_area(
    view: OrganisationView, admin: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.tree.setCurrentItem(find(view, "Äldreomsorg"))
    assert view.add_unit_button.isEnabled()
    answer_dialogs(monkeypatch, NameDialog, lambda d: d.name.setText("Hemtjänst Väster"))
    view.add_unit_button.click()
    assert "Hemtjänst Väster" in [u.name for u in organisation.units(admin)]
    assert view.tree.currentItem().text(0) == "Hemtjänst Väster"
    assert view.tree.currentItem().parent().text(0) == "Äldreomsorg"


def test_rename_keeps_selection(
    view: OrganisationView, admin: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.tree.setCurrentItem(find(view, "Daglig verksamhet Solrosen"))
    seen = answer_dialogs(
        monkeypatch, NameDialog, lambda d: d.name.setText("Daglig verksamhet Solen")
    )
    view.rename_button.click()
    assert seen[0].name.text() == "Daglig verksamhet Solen"
    assert view.tree.currentItem().text(0) == "Daglig verksamhet Solen"
    assert [u.name for u in organisation.units(admin)] == ["Daglig verksamhet Solen"]


def test_empty_name_is_refused_at_the_field(qtbot: QtBot) -> None:
    saved: list[str] = []
    dialog = NameDialog("Ny enhet", "&Enhetens namn:", saved.append)
    qtbot.addWidget(dialog)
    dialog.name.setText("   ")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error is not None and not dialog.error.isHidden()
    assert dialog.error.text() == "Ange ett namn."
    assert dialog.name.accessibleName() == "Enhetens namn"
    assert saved == []


def test_users_table(view: OrganisationView, manager: Context) -> None:
    with_passwords(manager.db)
    view.reload()
    table = view.user_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Inloggning", "Namn", "Titel", "Roller", "Enheter", "Aktiv", "Lösenord"]
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 7)]
        for r in range(table.rowCount())
    }
    assert rows["enhetschef"] == [
        "Märta Enhetschef",
        "Enhetschef",
        "Enhetschef",
        "Daglig verksamhet Solrosen",
        "Ja",
        "Satt",
    ]
    assert rows["admin"][2:] == ["Administratör", "Alla (genom rollen)", "Ja", "Satt"]


def test_new_user_errors_at_fields_then_saved(
    qtbot: QtBot, view: OrganisationView, admin: Context, unit_id: str
) -> None:
    dialog = view.user_dialog(None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Ny användare"
    dialog.login.setText("Märta")
    saved_off_the_ui_thread(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "små bokstäver" in dialog.errors["login"].text()
    assert dialog.errors["name"].text() == "Ange användarens namn."
    assert dialog.errors["roles"].text() == "Välj minst en roll."
    # The missing temporary password at the same time, not after the rest is corrected.
    assert dialog.errors["password"].text() == "Ge användaren ett tillfälligt lösenord."
    assert dialog.login.text() == "Märta"  # kept for correcting
    assert {u.login for u in organisation.list_users(admin)} == {"admin"}

    dialog.login.setText("marta")
    dialog.name.setText("Märta Ek")
    dialog.role_checks[Role.UNIT_MANAGER].setChecked(True)
    dialog.unit_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.password is not None and dialog.password_again is not None
    dialog.password.setText(TEMPORARY)
    dialog.password_again.setText(TEMPORARY)
    saved_off_the_ui_thread(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = {u.login: u for u in organisation.list_users(admin)}["marta"]
    assert saved.roles == (Role.UNIT_MANAGER,)
    assert saved.unit_ids == (unit_id,)


def test_new_user_with_a_temporary_password_typed_by_keyboard(
    qtbot: QtBot, view: OrganisationView, admin: Context, unit_id: str
) -> None:
    dialog = show(qtbot, view.user_dialog(None))
    activate(qtbot, dialog)  # the first field gets the focus as the window is activated
    assert focused(dialog) is dialog.login
    type_here(qtbot, dialog, "marta")
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, "Märta Ek")
    dialog.role_checks[Role.STAFF].setChecked(True)
    password = find_by_name(dialog, QLineEdit, "Tillfälligt lösenord")
    again = find_by_name(dialog, QLineEdit, "Upprepa lösenordet")
    password.setFocus()
    type_here(qtbot, dialog, "kort")
    key(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is again
    type_here(qtbot, dialog, "kort")
    key(qtbot, dialog, Qt.Key.Key_Return)
    assert operations.wait_until_idle()
    assert dialog.isVisible()
    assert dialog.errors["password"].text() == "Lösenordet ska ha minst 12 tecken."
    assert dialog.login.text() == "marta" and dialog.name.text() == "Märta Ek"
    assert "marta" not in {u.login for u in organisation.list_users(admin)}

    password.setFocus()
    password.selectAll()
    type_here(qtbot, dialog, TEMPORARY)
    again.setFocus()
    again.selectAll()
    type_here(qtbot, dialog, TEMPORARY)
    with qtbot.waitSignal(dialog.accepted):
        key(qtbot, dialog, Qt.Key.Key_Return)
    # Marta logs in with it and must then choose her own.
    ctx = accounts.log_in(Path(admin.db.path), "marta", TEMPORARY)
    try:
        assert accounts.must_change_password(ctx)
    finally:
        ctx.db.close()


def test_reset_a_users_password(
    qtbot: QtBot, view: OrganisationView, manager: Context, admin: Context
) -> None:
    view.reload()
    reset = find_by_name(view, QPushButton, "Nytt lösenord för vald användare")
    assert not reset.isEnabled()
    view.user_table.selectRow(next(i for i, u in enumerate(view.users) if u.login == "enhetschef"))
    assert reset.isEnabled()
    reset.click()
    dialog = shown_child(view, ResetPasswordDialog)
    assert dialog.windowTitle() == "Nytt lösenord för Märta Enhetschef"
    assert focused(dialog) is dialog.new
    type_here(qtbot, dialog, TEMPORARY)
    key(qtbot, dialog, Qt.Key.Key_Tab)
    type_here(qtbot, dialog, TEMPORARY + "!")
    key(qtbot, dialog, Qt.Key.Key_Return)
    wait_until_not_busy(qtbot, dialog)
    assert dialog.errors.messages() == {"password_again": "Lösenorden är inte lika."}
    assert focused(dialog) is dialog.again and dialog.again.selectedText() == TEMPORARY + "!"
    type_here(qtbot, dialog, TEMPORARY)
    with qtbot.waitSignal(dialog.submitted, timeout=PASSWORD_WAIT_MS):
        key(qtbot, dialog, Qt.Key.Key_Return)
    row = next(i for i, u in enumerate(view.users) if u.login == "enhetschef")
    assert view.user_table.item(row, 6).text() == "Satt"
    ctx = accounts.log_in(Path(admin.db.path), "enhetschef", TEMPORARY)
    try:
        assert accounts.must_change_password(ctx)
    finally:
        ctx.db.close()


def test_cannot_deactivate_yourself(qtbot: QtBot, view: OrganisationView, admin: Context) -> None:
    me = next(u for u in view.users if u.login == "admin")
    dialog = view.user_dialog(me)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Ändra användare"
    assert dialog.role_checks[Role.ADMIN].isChecked()
    dialog.active.setChecked(False)
    saved_off_the_ui_thread(dialog)
    assert dialog.general_error.text() == "Du kan inte inaktivera dig själv."


def test_edit_user_from_table(
    view: OrganisationView, manager: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.reload()
    answer_dialogs(monkeypatch, UserDialog, lambda d: d.title.setText("Enhetschef LSS"))
    row = next(i for i, u in enumerate(view.users) if u.login == "enhetschef")
    view.user_table.selectRow(row)
    assert view.edit_user_button.isEnabled()
    view.edit_user_button.click()
    titles = {u.login: u.title for u in organisation.list_users(view.ctx)}
    assert titles["enhetschef"] == "Enhetschef LSS"
    assert organisation_view.organisation is organisation  # the page uses the service itself
