"""First start with no database: the municipality and its first administrator, with a
password; the database is created encrypted and its recovery key shown once."""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.organisation import valid_login
from kvalitet_desktop.services import accounts, organisation
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.common import (
    ErrorLabel,
    add_field,
    clear_field_errors,
    show_field_errors,
)
from kvalitet_desktop.ui.dialogs.passwords import (
    BusyNote,
    fit_height,
    note_and_buttons,
    password_field,
    rule_label,
)


def suggested_login() -> str:
    """The computer's user name when it is a valid login, so most people need not type it."""
    try:
        name = getpass.getuser().strip().lower()
    except (OSError, KeyError):  # no user name in the environment
        return ""
    return name if valid_login(name) else ""


def tell_nothing_was_created(parent: QWidget | None) -> None:
    """After the first-run dialog was cancelled: nothing was written, and how to come back.
    Waits for OK (the program ends after it)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QMessageBox

    def tr(text: str) -> str:
        return QCoreApplication.translate("FirstRunDialog", text)

    box = QMessageBox(
        QMessageBox.Icon.Information,
        tr("Ingenting har skapats"),
        tr(
            "Ingenting har skapats och databasen är fortfarande tom. Starta Kvalitet Desktop "
            "igen när du vill lägga upp kommunen och den första användaren."
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.exec()


class FirstRunDialog(QDialog):
    """Asks for kommun, organisationsnummer and the first user with a password, then creates
    the database at ``path``.

    After ``accept()`` ``created`` holds the administrator's context and the recovery key.
    """

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self.created: accounts.Created | None = None
        self.setWindowTitle(self.tr("Kom igång – Kvalitet Desktop"))
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Välkommen! Databasen är ny. Ange kommunen och den första användaren, "
                "som blir administratör och kan lägga upp enheter och fler användare."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        municipality_box = QGroupBox(self.tr("Kommunen"))
        form = QFormLayout(municipality_box)
        self.municipality = QLineEdit()
        self.municipality.setPlaceholderText(self.tr("t.ex. Exempelå kommun"))
        self.org_number = QLineEdit()
        self.org_number.setPlaceholderText("NNNNNN-NNNN")
        self.org_number.setMaxLength(11)
        self.errors: dict[str, ErrorLabel] = {}
        self._add(form, "municipality", self.tr("&Kommunens namn:"), self.municipality)
        self._add(form, "org_number", self.tr("&Organisationsnummer:"), self.org_number)
        layout.addWidget(municipality_box)

        user_box = QGroupBox(self.tr("Första användaren (administratör)"))
        user_form = QFormLayout(user_box)
        self.login = QLineEdit(suggested_login())
        self.login.setPlaceholderText(self.tr("t.ex. asa.andersson"))
        self.name = QLineEdit()
        self.title = QLineEdit(self.tr("Systemadministratör"))
        self._add(user_form, "admin_login", self.tr("&Inloggning:"), self.login)
        self._add(user_form, "admin_name", self.tr("&Namn:"), self.name)
        self._add(user_form, "admin_title", self.tr("&Titel:"), self.title)
        user_form.addRow(rule_label())
        self.password = password_field(self.tr("Lösenord"))
        self.password_again = password_field(self.tr("Upprepa lösenordet"))
        self._add(user_form, "password", self.tr("&Lösenord:"), self.password)
        self._add(user_form, "password_again", self.tr("&Upprepa lösenordet:"), self.password_again)
        layout.addWidget(user_box)

        self.general_error = ErrorLabel()
        layout.addWidget(self.general_error)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("&Skapa"))
        self.create_button.setAccessibleName(self.tr("Skapa"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Avbryt utan att skapa något")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.busy = BusyNote()
        layout.addLayout(note_and_buttons(self.busy, self.buttons))

        self.setTabOrder(self.municipality, self.org_number)
        self.setTabOrder(self.org_number, self.login)
        self.setTabOrder(self.login, self.name)
        self.setTabOrder(self.name, self.title)
        self.setTabOrder(self.title, self.password)
        self.setTabOrder(self.password, self.password_again)
        self.municipality.setFocus()
        self.resize(520, self.sizeHint().height())

    def _add(self, form: QFormLayout, key: str, label: str, field: QLineEdit) -> None:
        error = add_field(form, label, field)
        assert error is not None
        self.errors[key] = error

    def setup_input(self) -> organisation.SetupInput:
        return organisation.SetupInput(
            municipality=self.municipality.text().strip(),
            org_number=self.org_number.text().strip(),
            admin_login=self.login.text().strip(),
            admin_name=self.name.text().strip(),
            admin_title=self.title.text().strip() or self.tr("Systemadministratör"),
        )

    @property
    def created_login(self) -> str | None:
        return self.created.ctx.actor.login if self.created else None

    def accept(self) -> None:
        """Create the database off the UI thread (Argon2 and the schema take a moment)."""
        if self.busy.active:
            return
        clear_field_errors(self.errors, self.general_error)
        path, setup = self._path, self.setup_input()
        password, again = self.password.text(), self.password_again.text()
        text = (
            self.tr("Skapar den krypterade databasen…")
            if accounts.encryption_required()
            else self.tr("Skapar databasen…")
        )
        self.busy.start(text, [*self.findChildren(QLineEdit), self.buttons])
        operations.run_in_background(
            self,
            lambda: accounts.create_database(path, setup, password, again),
            self._created,
            self._failed,
            busy_text=text,
            modal=False,
        )

    def reject(self) -> None:
        """Escape waits while the database is being created."""
        if not self.busy.active:
            super().reject()

    def _created(self, created: accounts.Created) -> None:
        self.busy.stop()
        self.created = created
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.stop()
        if isinstance(exc, ValidationFailed):
            show_field_errors(exc, self.errors, self.general_error)
            if exc.for_field("password"):
                # A new password is chosen: the repetition must be typed again to match it.
                self.password_again.clear()
            self._focus_first_error()
        elif isinstance(exc, KvalitetError):
            self.general_error.show_messages([str(exc)])
        else:
            operations.show_failure(self, exc)
        fit_height(self)

    def _focus_first_error(self) -> None:
        fields = {
            "municipality": self.municipality,
            "org_number": self.org_number,
            "admin_login": self.login,
            "admin_name": self.name,
            "admin_title": self.title,
            "password": self.password,
            "password_again": self.password_again,
        }
        for key, field in fields.items():
            if not self.errors[key].isHidden():
                field.setFocus()
                field.selectAll()
                return
