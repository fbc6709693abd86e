"""The screen shown while the program is locked: who is logged in, a field to prove it again,
"Lås upp" and "Avsluta". It shows nothing of the records and asks nothing about them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.ui.dialogs.common import ErrorLabel
from kvalitet_desktop.ui.toolkit.fields import add_row, heading, help_label, name_widget


def _tr(text: str) -> str:
    return QCoreApplication.translate("LockScreen", text)


class LockScreen(QWidget):
    """``unlock_requested(text)`` when the user asks to unlock; ``quit_requested`` for Avsluta."""

    unlock_requested = Signal(str)
    quit_requested = Signal()

    def __init__(self, user_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.title = heading(_tr("Låst – logga in igen som {name}").format(name=user_name))
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        explanation = help_label(
            _tr(
                "Programmet är låst så att ingen annan kan se uppgifterna. Det du har skrivit "
                "men inte sparat finns kvar när du låser upp."
            )
        )
        self.field = QLineEdit()
        self.field.setMinimumWidth(280)
        self.error = ErrorLabel()
        form = QFormLayout()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, _tr("&Lösenord:"), self.field, error=self.error)
        self.field.setAccessibleName(_tr("Lösenord för att låsa upp"))
        self.unlock_button = QPushButton(_tr("Lås &upp"))
        self.quit_button = QPushButton(_tr("A&vsluta"))
        name_widget(self.unlock_button, self.unlock_button.text())
        name_widget(self.quit_button, self.quit_button.text())
        self.quit_button.setToolTip(_tr("Avsluta programmet utan att låsa upp"))
        self.unlock_button.clicked.connect(self._submit)
        self.field.returnPressed.connect(self._submit)
        self.quit_button.clicked.connect(self.quit_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)

        panel = QFrame()
        panel.setObjectName("lockPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMaximumWidth(560)
        column = QVBoxLayout(panel)
        column.setContentsMargins(28, 24, 28, 24)
        column.setSpacing(12)
        column.addWidget(self.title)
        column.addWidget(explanation)
        column.addLayout(form)
        column.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.timeout.connect(self._waited)
        self._message = ""

    def _submit(self) -> None:
        if self.field.isEnabled():
            self.unlock_requested.emit(self.field.text())

    def reset(self) -> None:
        """Empty and ready, as for a new lock."""
        self._wait.stop()
        self.field.clear()
        self._message = ""
        self.error.clear_messages()
        self._ready()

    def focus_field(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def refuse(self, message: str, wait_ms: int) -> None:
        """A wrong answer: ``message`` at the field, the field cleared, and after ``wait_ms``
        (a growing delay against guessing) the field takes input and focus again."""
        self.field.clear()
        self._message = message
        if wait_ms > 0:
            seconds = max(1, round(wait_ms / 1000))
            message += " " + _tr("Vänta {seconds} s innan du försöker igen.").format(
                seconds=seconds
            )
            self.field.setEnabled(False)
            self.unlock_button.setEnabled(False)
            self._wait.start(wait_ms)
        self.error.show_messages([message])
        if wait_ms <= 0:
            self.focus_field()

    def waiting(self) -> bool:
        return self._wait.isActive()

    def _waited(self) -> None:
        self.error.show_messages([self._message])  # without "Vänta …" now
        self._ready()

    def _ready(self) -> None:
        self.field.setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.focus_field()
