"""Logging in at start: login and password (the accounts are not listed).

The password check (Argon2id, ~0.2–0.6 s, longer after failed attempts, and maybe a
migration) runs off the UI thread while the inputs are disabled and a line beside the buttons
says what the dialog waits for. A database from before log-in is encrypted at its first log-in
by an administrator, who then chooses a password (``convert`` mode).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import APP_NAME
from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.passwords import SLOW_DOWN_AFTER
from kvalitet_desktop.services import accounts
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.dialogs.passwords import (
    BusyNote,
    first_field_with_focus,
    fit_height,
    fit_text,
    key_font,
    note_and_buttons,
    password_field,
    rule_label,
)
from kvalitet_desktop.ui.toolkit.fields import ErrorLabel, FieldErrors, error_rows

WIDTH = 480


class LoginDialog(QDialog):
    """After ``accept()``: ``outcome`` is a ``Context``, or ``accounts.Converted`` after a
    conversion, or ``accounts.Context`` from the recovery key."""

    def __init__(
        self,
        path: Path,
        login_hint: str | None = None,
        parent: QWidget | None = None,
        *,
        convert: bool = False,
        read_only: bool = False,
    ) -> None:
        """``read_only``: the database is opened only to be read (another window has it
        open): nothing of the log-in is written, and the recovery key is not offered."""
        super().__init__(parent)
        self._path = path
        self._convert = convert
        self._read_only = read_only
        self.outcome: Any = None
        self._failures = 0  # in this dialog: after a few the service waits before each try
        self.setWindowTitle(self.tr("Logga in – {app}").format(app=APP_NAME))
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.banner = ErrorLabel()
        layout.addWidget(self.banner)
        self.errors = FieldErrors(self.banner)
        form = QFormLayout()
        self.login = QLineEdit(login_hint or "")
        self.password = password_field(self.tr("Lösenord"))
        self.again = password_field(self.tr("Upprepa lösenordet"))
        self.errors.bind_all(
            error_rows(
                form,
                [
                    ("login", self.tr("&Inloggning:"), self.login),
                    ("password", self.tr("&Lösenord:"), self.password),
                ],
            )
        )
        self.rules = rule_label()
        form.addRow(self.rules)
        self.errors.bind_all(
            error_rows(form, [("password_again", self.tr("&Upprepa lösenordet:"), self.again)])
        )
        self._again_row = form.rowCount() - 1
        self._form = form
        layout.addLayout(form)
        self.recovery_button = QPushButton(
            self.tr("Glömt lösenordet? Använd åte&rställningsnyckeln…")
        )
        self.recovery_button.setAccessibleName(self.tr("Använd återställningsnyckeln"))
        self.recovery_button.setFlat(True)
        self.recovery_button.clicked.connect(self._recover)
        layout.addWidget(self.recovery_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            self.tr("Avbryt inloggningen")
        )
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        self.busy = BusyNote()
        layout.addLayout(note_and_buttons(self.busy, self.buttons))
        self.setMinimumWidth(WIDTH)
        self._set_mode(convert)
        (self.password if self.login.text() else self.login).setFocus()

    def _set_mode(self, convert: bool) -> None:
        self._convert = convert
        if convert:
            self.intro.setText(
                self.tr(
                    "Databasen {path} är från en tidigare version och inte krypterad. En "
                    "administratör loggar in och krypterar den nu; först görs en "
                    "säkerhetskopia. Har du inget lösenord ännu väljer du ett här och skriver "
                    "det två gånger."
                ).format(path=self._path)
            )
            self.ok_button.setText(self.tr("&Kryptera och logga in"))
            self.ok_button.setAccessibleName(self.tr("Kryptera databasen och logga in"))
        elif self._read_only:
            self.intro.setText(
                self.tr(
                    "Logga in med din inloggning och ditt lösenord. Databasen öppnas bara för "
                    "läsning, eftersom den redan är öppen i ett annat fönster.\n{path}"
                ).format(path=self._path)
            )
        else:
            self.intro.setText(
                self.tr("Logga in med din inloggning och ditt lösenord.\n{path}").format(
                    path=self._path
                )
            )
            self.ok_button.setText(self.tr("&Logga in"))
            self.ok_button.setAccessibleName(self.tr("Logga in"))
        self._form.setRowVisible(self._again_row, convert)
        self._form.setRowVisible(self._again_row - 1, convert)
        self.recovery_button.setVisible(not convert and not self._read_only)
        # The word-wrapped texts change height with the mode: fit the dialog to them.
        self.adjustSize()

    # --- trying ---------------------------------------------------------------------------------

    def _try(self) -> None:
        if self.busy.active:
            return
        self.errors.clear()
        if not self.login.text().strip():
            self.errors.show(KvalitetError(self.tr("Ange din inloggning.")), at="login")
            fit_height(self)
            return
        if not self.password.text():
            self.errors.show(KvalitetError(self.tr("Ange ditt lösenord.")), at="password")
            fit_height(self)
            return
        path, login, password, again = (
            self._path,
            self.login.text(),
            self.password.text(),
            self.again.text(),
        )
        if self._convert:

            def work() -> Any:
                return accounts.convert_plain_database(path, login, password, again)

        else:
            read_only = self._read_only

            def work() -> Any:
                return accounts.log_in(path, login, password, read_only=read_only)

        text = (
            self.tr("Krypterar databasen…")
            if self._convert
            else self.tr("Kontrollerar lösenordet…")
        )
        if self._failures >= SLOW_DOWN_AFTER:
            text += " " + self.tr("Efter flera misslyckade försök tar det längre tid.")
        self.busy.start(
            text, (self.login, self.password, self.again, self.buttons, self.recovery_button)
        )
        operations.run_in_background(
            self, work, self._succeeded, self._failed, busy_text=text, modal=False
        )

    def reject(self) -> None:
        """Escape waits for the log-in under way (it may already have opened the file)."""
        if not self.busy.active:
            super().reject()

    def _succeeded(self, outcome: Any) -> None:
        self.busy.stop()
        self.outcome = outcome
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.stop()
        self._show_failure(exc)
        fit_height(self)

    def _show_failure(self, exc: BaseException) -> None:
        if isinstance(exc, accounts.NeedsConversion):
            self._set_mode(True)
            self.errors.show(exc)
            self.password.setFocus()
            return
        if not isinstance(exc, KvalitetError):
            operations.show_failure(self, exc)
            return
        if isinstance(exc, ValidationFailed):
            self.errors.show(exc)
            first_field_with_focus(self)
            return
        self._failures += 1
        self.errors.show(exc, at="password")
        self.password.clear()
        self.again.clear()
        self.password.setFocus()

    def _recover(self) -> None:
        dialog = RecoveryDialog(self._path, self.login.text(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.outcome = dialog.outcome
            self.accept()


class RecoveryDialog(QDialog):
    """The recovery key opens the database; an administrator chooses a new password."""

    def __init__(self, path: Path, login_hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self.outcome: Any = None
        self.setWindowTitle(self.tr("Återställ med återställningsnyckeln"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Ange återställningsnyckeln som skrevs ut när databasen skapades, en "
                "administratörs inloggning och det nya lösenordet för den administratören."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.banner = ErrorLabel()
        layout.addWidget(self.banner)
        self.errors = FieldErrors(self.banner)
        form = QFormLayout()
        self.key = QLineEdit()
        self.key.setFont(key_font())
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        fit_text(self.key, self.key.placeholderText())
        self.login = QLineEdit(login_hint)
        self.password = password_field(self.tr("Nytt lösenord för administratören"))
        self.again = password_field(self.tr("Upprepa det nya lösenordet"))
        self.errors.bind_all(
            error_rows(
                form,
                [
                    ("recovery_key", self.tr("Återställnings&nyckel:"), self.key),
                    ("login", self.tr("&Administratörens inloggning:"), self.login),
                    ("password", self.tr("N&ytt lösenord:"), self.password),
                    ("password_again", self.tr("&Upprepa:"), self.again),
                ],
            )
        )
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Återställ och logga in"))
        ok.setAccessibleName(self.tr("Återställ och logga in"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Avbryt"))
        cancel.setAccessibleName(self.tr("Avbryt återställningen"))
        self.buttons.accepted.connect(self._try)
        self.buttons.rejected.connect(self.reject)
        self.busy = BusyNote()
        layout.addLayout(note_and_buttons(self.busy, self.buttons))
        self.key.setFocus()

    def _try(self) -> None:
        if self.busy.active:
            return
        self.errors.clear()
        path, key, login, password, again = (
            self._path,
            self.key.text(),
            self.login.text(),
            self.password.text(),
            self.again.text(),
        )
        text = self.tr("Kontrollerar nyckeln…")
        self.busy.start(text, (self.key, self.login, self.password, self.again, self.buttons))
        operations.run_in_background(
            self,
            lambda: accounts.recover_with_key(path, key, login, password, again),
            self._succeeded,
            self._failed,
            busy_text=text,
            modal=False,
        )

    def reject(self) -> None:
        if not self.busy.active:
            super().reject()

    def _succeeded(self, ctx: Any) -> None:
        self.busy.stop()
        self.outcome = ctx
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.stop()
        if not isinstance(exc, KvalitetError):
            operations.show_failure(self, exc)
            return
        self.errors.show(exc, at="recovery_key" if isinstance(exc, accounts.LoginFailed) else None)
        fit_height(self)
        first_field_with_focus(self)
