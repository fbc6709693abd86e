"""Passwords in the program: one's own change, an administrator's reset, the recovery key.

Checking or setting a password takes Argon2id's time (~0.2–0.6 s on purpose, longer after
failed attempts), so it runs off the UI thread: the dialog disables its inputs and says what it
waits for beside its buttons (``BusyNote``), and ``operations`` shows the wait cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication, QTextDocument
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
from shiboken6 import isValid

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.passwords import MIN_LENGTH
from kvalitet_desktop.services import accounts
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import operations
from kvalitet_desktop.ui.toolkit.fields import HELP_COLOR, error_rows
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


def rule_label(text: str | None = None) -> QLabel:
    label = QLabel(text or rule_text())
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HELP_COLOR};")
    return label


def key_font() -> QFont:
    """The recovery key in a fixed-width font: groups line up and 8/B, 5/S are told apart."""
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


def fit_text(field: QLineEdit, text: str) -> None:
    """Make ``field`` wide enough to show ``text`` whole (plus the frame and a cursor)."""
    field.setMinimumWidth(QFontMetrics(field.font()).horizontalAdvance(text) + 24)


def fit_height(dialog: QWidget) -> None:
    """Grow ``dialog`` to show every row after messages appeared. (A window whose layout has
    word-wrapped labels is not grown by Qt itself: its rows were squeezed and cut.)"""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    if needed > dialog.height():
        dialog.resize(width, needed)


class BusyNote(QLabel):
    """Beside a dialog's buttons: what the dialog waits for while its inputs are disabled."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {HELP_COLOR};")
        self._inputs: list[QWidget] = []
        self._focus: QWidget | None = None

    @property
    def active(self) -> bool:
        return bool(self._inputs)

    def start(self, text: str, inputs: Iterable[QWidget]) -> None:
        # Disabling the focused field takes its focus away: it is given back in ``stop``.
        self._focus = self.window().focusWidget()
        self._inputs = [widget for widget in inputs if widget.isEnabled()]
        for widget in self._inputs:
            widget.setEnabled(False)
        self.setText(text)
        self.setAccessibleDescription(text)
        fit_height(self.window())

    def stop(self) -> None:
        for widget in self._inputs:
            widget.setEnabled(True)
        self._inputs = []
        self.clear()
        self.setAccessibleDescription("")
        if self._focus is not None and isValid(self._focus):
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None


def note_and_buttons(note: BusyNote, buttons: QDialogButtonBox) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(note, 1)
    row.addWidget(buttons)
    return row


def first_field_with_focus(dialog: QWidget) -> None:
    """After a failure the field with the message has the focus; its text is selected so
    that typing replaces it."""
    field = dialog.focusWidget()
    if isinstance(field, QLineEdit):
        field.selectAll()


class BackgroundServiceDialog(ServiceDialog):
    """A ServiceDialog whose service call runs off the UI thread. ``work`` reads the fields
    (on the UI thread) and returns what the pool thread runs."""

    busy_text = ""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent, title)
        self.busy = BusyNote()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.buttons)
        layout.addLayout(note_and_buttons(self.busy, self.buttons))

    def work(self) -> Callable[[], object]:
        raise NotImplementedError

    def submit(self) -> object:
        return self.work()()

    def _accept(self) -> None:  # overrides ServiceDialog's: the same steps, off the UI thread
        if self.busy.active:
            return
        self.errors.clear()
        work = self.work()
        self.busy.start(self.busy_text, [*self.findChildren(QLineEdit), self.buttons])
        operations.run_in_background(
            self, work, self._done, self._failed, busy_text=self.busy_text, modal=False
        )

    def reject(self) -> None:
        """Escape waits for the check under way (its result must not be lost)."""
        if not self.busy.active:
            super().reject()

    def _done(self, result: object) -> None:
        self.busy.stop()
        self.submitted.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy.stop()
        if not isinstance(exc, KvalitetError):
            operations.show_failure(self, exc)
            return
        self.errors.show(exc)
        fit_height(self)
        first_field_with_focus(self)


class ChangePasswordDialog(BackgroundServiceDialog):
    """The logged-in user chooses a new password; ``forced`` after an administrator's reset."""

    def __init__(self, ctx: Context, parent: QWidget | None = None, *, forced: bool = False):
        super().__init__(parent, self.tr("Byt lösenord"))
        self._ctx = ctx
        self.busy_text = self.tr("Byter lösenordet…")
        self.notice: QLabel | None = None
        if forced:
            self.notice = notice = QLabel(
                self.tr(
                    "En administratör har gett dig ett tillfälligt lösenord. Välj ett eget "
                    "innan du fortsätter."
                )
            )
            notice.setWordWrap(True)
            self.form.addRow(notice)
        self.form.addRow(rule_label())
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

    def work(self) -> Callable[[], object]:
        ctx, current, new, again = (
            self._ctx,
            self.current.text(),
            self.new.text(),
            self.again.text(),
        )

        def change() -> object:
            accounts.change_password(ctx, current, new, again)
            return True

        return change


class ResetPasswordDialog(BackgroundServiceDialog):
    """An administrator gives ``user_name`` a temporary password (changed at next log-in)."""

    def __init__(
        self, ctx: Context, user_id: str, user_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, self.tr("Nytt lösenord för {name}").format(name=user_name))
        self._ctx = ctx
        self._user_id = user_id
        self.busy_text = self.tr("Sparar lösenordet…")
        text = QLabel(
            self.tr(
                "Ge {name} ett tillfälligt lösenord och lämna det personligen. {name} väljer "
                "ett eget vid nästa inloggning."
            ).format(name=user_name)
        )
        text.setWordWrap(True)
        self.form.addRow(text)
        self.form.addRow(rule_label())
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

    def work(self) -> Callable[[], object]:
        ctx, user_id, new, again = self._ctx, self._user_id, self.new.text(), self.again.text()

        def reset() -> object:
            accounts.reset_password(ctx, user_id, new, again)
            return True

        return reset


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
        font = key_font()
        font.setPointSize(font.pointSize() + 4)
        self.key_field.setFont(font)
        self.key_field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        fit_text(self.key_field, recovery_key)
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
        # The key first (a screen reader says it); Tab: copy, print, the box, Fortsätt.
        self.key_field.setFocus()
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
