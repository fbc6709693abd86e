"""Who is working? Chosen at start-up from the active users.

Passwords come in a later issue: they get their own row in ``form`` under the user, and
``accept()`` is where they will be checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.ui.dialogs.common import ErrorLabel, add_field


class UserPickerDialog(QDialog):
    """Choose one of ``users`` ((login, name) pairs); ``preselect`` is a login."""

    def __init__(
        self,
        users: Sequence[tuple[str, str]],
        preselect: str | None = None,
        *,
        municipality: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Logga in – Kvalitet Desktop"))
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("Välkommen till Kvalitet Desktop för {name}.").format(name=municipality)
            if municipality
            else self.tr("Välkommen till Kvalitet Desktop.")
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)

        self.form = QFormLayout()
        self.user_combo = QComboBox()
        self.user_combo.setMinimumWidth(320)
        for login, name in users:
            self.user_combo.addItem(f"{name} ({login})", login)
        found = self.user_combo.findData(preselect) if preselect else -1
        self.user_combo.setCurrentIndex(found if found >= 0 else 0)
        self.user_error = add_field(self.form, self.tr("&Användare:"), self.user_combo)
        layout.addLayout(self.form)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.login_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setText(self.tr("&Logga in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if not users:
            assert isinstance(self.user_error, ErrorLabel)
            self.user_error.show_messages(
                [self.tr("Det finns inga aktiva användare. Be en administratör om hjälp.")]
            )
            self.user_combo.setEnabled(False)
            self.login_button.setEnabled(False)
        self.user_combo.setFocus()

    def selected_login(self) -> str | None:
        login = self.user_combo.currentData()
        return str(login) if login else None

    def accept(self) -> None:
        if self.selected_login() is None:
            return
        super().accept()
