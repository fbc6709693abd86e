"""Small window-modal dialogs the editors open (a reason; the workflows add their own).

They are opened with ``open()`` (not ``exec()``), call the service themselves when the user
presses OK, keep the dialog open with the message at the field when it fails, and emit
``submitted`` with the service's result when it succeeds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    FieldErrors,
    error_rows,
)


class ServiceDialog(QDialog):
    """OK runs ``submit``; a KvalitetError is shown at the fields and the dialog stays open."""

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def set_ok_text(self, text: str) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        button.setText(text)
        button.setAccessibleName(text.replace("&", ""))

    def submit(self) -> object:
        raise NotImplementedError

    def _accept(self) -> None:
        self.errors.clear()
        try:
            result = self.submit()
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.submitted.emit(result)
        self.accept()


class ReasonDialog(ServiceDialog):
    """Ask why (makulera …) and pass the reason to ``action``."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        explanation: str,
        action: Callable[[str], None],
        ok_text: str,
    ) -> None:
        super().__init__(parent, title)
        self._action = action
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.form.addRow(text)
        self.reason = QLineEdit()
        self.reason.setMinimumWidth(360)
        self.errors.bind_all(
            error_rows(self.form, [("reason", self.tr("&Anledning:"), self.reason)])
        )
        self.set_ok_text(ok_text)

    def submit(self) -> object:
        self._action(self.reason.text())
        return self.reason.text()
