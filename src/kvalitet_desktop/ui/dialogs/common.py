"""Small shared pieces: labelled fields, red error labels under fields, message boxes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed

ERROR_COLOUR = "#b00020"  # dark red: readable on white and in greyscale print-outs

# Parentless message boxes are kept here until closed, so Python does not collect them.
_loose_boxes: list[QMessageBox] = []


def plain_label(text: str) -> str:
    """The label text without mnemonic '&' and trailing ':' – the field's accessible name."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(": ").strip()


class ErrorLabel(QLabel):
    """A red, word-wrapped message under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_messages(self, messages: Iterable[str]) -> None:
        text = "\n".join(m for m in messages if m)
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def clear_messages(self) -> None:
        self.show_messages(())

    def messages(self) -> list[str]:
        return [line for line in self.text().split("\n") if line]


def add_field(
    form: QFormLayout, label_text: str, field: QWidget, *, with_error: bool = True
) -> ErrorLabel | None:
    """Add ``field`` to ``form`` under a buddy label (mnemonic in ``label_text``).

    The field's accessible name becomes the label text; returns the error label placed under
    the field (or None).
    """
    label = QLabel(label_text)
    label.setBuddy(field)
    field.setAccessibleName(plain_label(label_text))
    error = ErrorLabel() if with_error else None
    if error is None:
        form.addRow(label, field)
        return None
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(field)
    column.addWidget(error)
    form.addRow(label, holder)
    return error


def show_field_errors(
    error: ValidationFailed, labels: Mapping[str, ErrorLabel], fallback: ErrorLabel
) -> None:
    """Put each message at its field; messages for unknown fields go to ``fallback``."""
    for key, label in labels.items():
        label.show_messages(error.for_field(key))
    rest = [e.message for e in error.errors if e.field not in labels]
    fallback.show_messages(rest)


def clear_field_errors(labels: Mapping[str, ErrorLabel], fallback: ErrorLabel) -> None:
    for label in labels.values():
        label.clear_messages()
    fallback.clear_messages()


def _tr(text: str) -> str:
    return QCoreApplication.translate("common", text)


def message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    *,
    details: str | None = None,
) -> QMessageBox:
    """A window-modal message box that does not block the caller (``open()``, not ``exec()``)."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:
        box.setDetailedText(details)
    if parent is None:
        _loose_boxes.append(box)
        box.finished.connect(lambda _result: _forget(box))
    box.open()
    return box


def _forget(box: QObject) -> None:
    if box in _loose_boxes:
        _loose_boxes.remove(box)


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str | None = None
) -> QMessageBox:
    """Show an expected error (``KvalitetError``: its Swedish message) to the user."""
    text = str(error) if isinstance(error, KvalitetError | str) else _tr("Åtgärden misslyckades.")
    return message_box(
        parent, QMessageBox.Icon.Warning, title or _tr("Det gick inte"), text or _tr("Okänt fel.")
    )


def show_info(parent: QWidget | None, text: str, title: str) -> QMessageBox:
    return message_box(parent, QMessageBox.Icon.Information, title, text)
