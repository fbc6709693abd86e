"""Passwords in the program: one's own change, an administrator's reset, the recovery key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.passwords import MIN_LENGTH
from kvalitet_desktop.services import accounts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import error_rows
from kvalitet_desktop.ui.toolkit.small_dialogs import ServiceDialog


def password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    field.setMinimumWidth(280)
    return field


def rule_text() -> str:
    return QGuiApplication.translate(
        "passwords",
        "Minst {n} tecken. Inte ett av de vanligaste lösenorden och inte ditt namn eller "
        "din inloggning. En mening av några ord är lätt att minnas och svår att gissa.",
    ).format(n=MIN_LENGTH)


class ChangePasswordDialog(ServiceDialog):
    """The logged-in user chooses a new password; ``forced`` after an administrator's reset."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, forced: bool = False):
        super().__init__(parent, self.tr("Byt lösenord"))
        self._ctx = ctx
        if forced:
            notice = QLabel(
                self.tr(
                    "En administratör har gett dig ett tillfälligt lösenord. Välj ett eget "
                    "innan du fortsätter."
                )
            )
            notice.setWordWrap(True)
            self.form.addRow(notice)
        rules = QLabel(rule_text())
        rules.setWordWrap(True)
        self.form.addRow(rules)
        self.current = password_field(self.tr("Nuvarande lösenord"))
        self.new = password_field(self.tr("Nytt lösenord"))
        self.again = password_field(self.tr("Upprepa det nya lösenordet"))
        self.errors.bind_all(
            error_rows(
                self.form,
                [
                    ("current", self.tr("&Nuvarande lösenord:"), self.current),
                    ("password", self.tr("N&ytt lösenord:"), self.new),
                    ("password_again", self.tr("&Upprepa det nya:"), self.again),
                ],
            )
        )
        self.set_ok_text(self.tr("&Byt lösenord"))
        self.current.setFocus()

    def submit(self) -> object:
        accounts.change_password(self._ctx, self.current.text(), self.new.text(), self.again.text())
        return True


class ResetPasswordDialog(ServiceDialog):
    """An administrator gives ``user_name`` a temporary password (changed at next log-in)."""

    def __init__(
        self, ctx: Context, user_id: str, user_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, self.tr("Nytt lösenord för {name}").format(name=user_name))
        self._ctx = ctx
        self._user_id = user_id
        text = QLabel(
            self.tr(
                "Ge {name} ett tillfälligt lösenord och lämna det personligen. {name} väljer "
                "ett eget vid nästa inloggning."
            ).format(name=user_name)
        )
        text.setWordWrap(True)
        self.form.addRow(text)
        rules = QLabel(rule_text())
        rules.setWordWrap(True)
        self.form.addRow(rules)
        self.new = password_field(self.tr("Tillfälligt lösenord för {name}").format(name=user_name))
        self.again = password_field(self.tr("Upprepa lösenordet för {name}").format(name=user_name))
        self.errors.bind_all(
            error_rows(
                self.form,
                [
                    ("password", self.tr("&Tillfälligt lösenord:"), self.new),
                    ("password_again", self.tr("&Upprepa:"), self.again),
                ],
            )
        )
        self.set_ok_text(self.tr("&Spara lösenordet"))
        self.new.setFocus()

    def submit(self) -> object:
        accounts.reset_password(self._ctx, self._user_id, self.new.text(), self.again.text())
        return True


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once, at set-up: copy or print it, and say it is put away."""

    def __init__(self, recovery_key: str, municipality: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Återställningsnyckel"))
        self._key = recovery_key
        self._municipality = municipality
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "Databasen är krypterad. Om alla administratörer glömmer sina lösenord kan "
                "uppgifterna bara räddas med den här nyckeln. Den visas bara nu: skriv ut den "
                "eller skriv av den, och förvara den inlåst, t.ex. i kommunens kassaskåp. "
                "Utan lösenord och utan nyckeln går uppgifterna inte att läsa – av någon."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.key_field = QLineEdit(recovery_key)
        self.key_field.setReadOnly(True)
        self.key_field.setAccessibleName(self.tr("Återställningsnyckeln"))
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(font.pointSize() + 4)
        self.key_field.setFont(font)
        self.key_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.key_field)
        row = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("&Kopiera nyckeln"))
        self.copy_button.setAccessibleName(self.tr("Kopiera återställningsnyckeln"))
        self.copy_button.clicked.connect(self._copy)
        self.print_button = QPushButton(self.tr("Skriv &ut nyckeln…"))
        self.print_button.setAccessibleName(self.tr("Skriv ut återställningsnyckeln"))
        self.print_button.clicked.connect(self._print)
        row.addWidget(self.copy_button)
        row.addWidget(self.print_button)
        row.addStretch()
        layout.addLayout(row)
        self.stored = QCheckBox(
            self.tr(
                "&Jag har skrivit ut eller skrivit av nyckeln och lagt den på ett säkert ställe"
            )
        )
        self.stored.setAccessibleName(self.tr("Nyckeln är sparad på ett säkert ställe"))
        layout.addWidget(self.stored)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Fortsätt"))
        self.ok_button.setAccessibleName(self.tr("Fortsätt"))
        self.ok_button.setEnabled(False)
        self.stored.toggled.connect(self.ok_button.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def reject(self) -> None:
        """Escape does not skip the key: it is never shown again."""
        if self.stored.isChecked():
            super().reject()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._key)

    def document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.setPlainText(
            self.tr(
                "Kvalitet Desktop – återställningsnyckel\n\n{municipality}\n\n{key}\n\n"
                "Förvaras inlåst. Med nyckeln kan en administratör välja nytt lösenord om alla "
                "administratörers lösenord är borta."
            ).format(municipality=self._municipality, key=self._key)
        )
        return doc

    def _print(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.document().print_(printer)
