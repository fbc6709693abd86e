"""Shared field widgets for the record editors and the way errors reach the fields.

Every editor keeps what the user typed when a service rejects it: errors are shown in red
under the field concerned (``FieldErrors``), never by clearing or resetting the form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fnmatch import fnmatchcase

from PySide6.QtCore import QCoreApplication, QDate, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed

# The editors use the same error label and accessible names as the other pages.
from kvalitet_desktop.ui.dialogs.common import ErrorLabel as ErrorLabel
from kvalitet_desktop.ui.dialogs.common import plain_label as plain_label

HELP_COLOR = "#555555"
_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")

# Where an error key's messages go: (key, error label, the field to focus, if any).
Binding = tuple[str, ErrorLabel, QWidget | None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("fields", text)


# --- labels ------------------------------------------------------------------------------------


def help_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HELP_COLOR};")
    return label


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.25)
    font.setBold(True)
    label.setFont(font)
    return label


def add_row(
    form: QFormLayout,
    text: str,
    field: QWidget,
    *,
    error: ErrorLabel | None = None,
    help_text: str | None = None,
) -> QLabel:
    """A form row: a label (buddy of the field, with mnemonic) and the field with its error
    label and help text underneath. The field's accessible name is the label's text."""
    label = QLabel(text)
    focus = field.focusProxy() or field
    label.setBuddy(focus)
    name = plain_label(text)
    focus.setAccessibleName(name)
    if field is not focus:
        field.setAccessibleName(name)
    if error is None and help_text is None:
        form.addRow(label, field)
        return label
    box = QWidget()
    column = bare_column(box)
    column.setSpacing(2)
    column.addWidget(field)
    if help_text:
        column.addWidget(help_label(help_text))
    if error is not None:
        column.addWidget(error)
    form.addRow(label, box)
    return label


def name_widget(widget: QWidget, text: str) -> QWidget:
    """Give a widget without a separate label (buttons, tables) its accessible name."""
    widget.setAccessibleName(plain_label(text))
    return widget


def error_rows(form: QFormLayout, rows: Iterable[tuple[str, str, QWidget]]) -> list[Binding]:
    """Form rows (error key, label text, field), each with an error label under the field;
    returns their bindings for ``FieldErrors.bind_all``."""
    bindings: list[Binding] = []
    for key, text, field in rows:
        error = ErrorLabel()
        add_row(form, text, field, error=error)
        bindings.append((key, error, field))
    return bindings


def text_edit(lines: int, placeholder: str = "", *, grows: bool | None = None) -> QPlainTextEdit:
    """A plain-text field ``lines`` high where Tab moves on. Short answers (up to four lines)
    keep their height so they do not swallow the page; longer ones grow (or say ``grows``)."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    height = edit.fontMetrics().lineSpacing() * lines + 14
    if grows if grows is not None else lines > 4:
        edit.setMinimumHeight(height)
    else:
        edit.setFixedHeight(height)
    return edit


def bare_column(widget: QWidget | None = None) -> QVBoxLayout:
    """A vertical layout without margins (a page inside a page, a field with its messages)."""
    column = QVBoxLayout(widget) if widget is not None else QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    return column


def button_row(left: Sequence[QPushButton], right: Sequence[QPushButton | int]) -> QHBoxLayout:
    """A dialog's button row: ``left``, a stretch, then ``right`` (an int there is a gap).

    Every button gets its accessible name from its text and never becomes the default button,
    so Enter in a field does not press it.
    """
    row = QHBoxLayout()
    for side in (left, right):
        for entry in side:
            if isinstance(entry, int):
                row.addSpacing(entry)
                continue
            name_widget(entry, entry.text().strip("←→ "))
            entry.setAutoDefault(False)
            row.addWidget(entry)
        if side is left:
            row.addStretch(1)
    return row


# --- dates -------------------------------------------------------------------------------------


def parse_date(text: str) -> date | None:
    """``YYYY-MM-DD`` (or ``YYYYMMDD``) → date; empty → None; anything else → ValueError."""
    text = text.strip()
    if not text:
        return None
    match = _DATE.match(text)
    if not match:
        raise ValueError(text)
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


DateValue = date  # DateField.date() hides the name inside the class


def add_shortcut(
    widget: QWidget, key: QKeySequence | QKeySequence.StandardKey | str, slot: Callable[[], object]
) -> QShortcut:
    shortcut = QShortcut(QKeySequence(key), widget)
    shortcut.activated.connect(slot)
    return shortcut


class DateField(QWidget):
    """A date typed as YYYY-MM-DD, or picked from a calendar; may be empty."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, value: date | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(iso(value))
        self.edit.setPlaceholderText(_tr("ÅÅÅÅ-MM-DD"))
        self.edit.setMaxLength(10)
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0000-00-00WWWW"))
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._normalise)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setToolTip(_tr("Välj datum i en kalender"))
        self.button.setAccessibleName(_tr("Välj datum i en kalender"))
        self.button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.button.clicked.connect(self._pick)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.edit)
        row.addWidget(self.button)
        row.addStretch(1)
        self.setFocusProxy(self.edit)
        self._calendar: QCalendarWidget | None = None

    def setAccessibleName(self, name: str) -> None:
        """The calendar button is named after its field, so two dates in one form differ."""
        super().setAccessibleName(name)
        self.button.setAccessibleName(
            _tr("Välj datum i en kalender – {field}").format(field=name)
            if name
            else _tr("Välj datum i en kalender")
        )

    def text(self) -> str:
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def date(self) -> DateValue | None:
        """The date, None when empty; ValueError when the text is not a date."""
        return parse_date(self.edit.text())

    def set_date(self, value: DateValue | None) -> None:
        self.edit.setText(iso(value))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def _normalise(self) -> None:
        try:
            value = self.date()
        except ValueError:
            return
        if value is not None and value.isoformat() != self.edit.text():
            self.edit.setText(value.isoformat())

    def _pick(self) -> None:
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setAccessibleName(_tr("Kalender"))
        try:
            current = self.date() or date.today()
        except ValueError:
            current = date.today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.clicked.connect(self._picked)
        calendar.activated.connect(self._picked)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.adjustSize()
        below = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        screen = QGuiApplication.screenAt(below)
        if screen is not None:
            area = screen.availableGeometry()
            below.setX(min(below.x(), area.right() - calendar.width()))
            below.setY(min(below.y(), area.bottom() - calendar.height()))
        calendar.move(below)
        calendar.show()
        calendar.setFocus()
        self._calendar = calendar

    def _picked(self, value: QDate) -> None:
        self.edit.setText(value.toString("yyyy-MM-dd"))
        if self._calendar is not None:
            self._calendar.close()
            self._calendar = None
        self.edit.setFocus()


def with_service_checks(problems: list[FieldError], validate: Callable[[], object]) -> None:
    """Raise the form's own problems together with the service's validation, so the user
    sees every message at once rather than one round at a time."""
    if not problems:
        return
    try:
        validate()
    except ValidationFailed as error:
        seen = {p.field for p in problems}
        problems.extend(e for e in error.errors if e.field not in seen)
    raise ValidationFailed(problems)


def read_date(field: DateField, key: str, errors: list[FieldError]) -> date | None:
    """The field's date; an unreadable one adds a field error under ``key`` (and gives None)."""
    try:
        return field.date()
    except ValueError:
        errors.append(
            FieldError(key, _tr("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-31."))
        )
        return None


# --- choices -----------------------------------------------------------------------------------


class ChoiceCombo(QComboBox):
    """A combo box whose items carry a value (a string id, an enum, an int or None).

    The values stay on the Python side: Qt would turn an enum into a plain string.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._values: list[object] = []

    def set_choices(self, choices: Sequence[tuple[str, object]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self._values = []
        for text, value in choices:
            self._values.append(value)
            self.addItem(text)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> object:
        index = self.currentIndex()
        return self._values[index] if 0 <= index < len(self._values) else None

    def values(self) -> list[object]:
        return list(self._values)

    def set_value(self, value: object, text: str | None = None) -> None:
        """Select ``value``; an unknown value is added (with ``text``) so nothing is lost."""
        if value in self._values:
            self.setCurrentIndex(self._values.index(value))
        elif value is not None and value != "":
            self._values.append(value)
            self.addItem(text or str(value))
            self.setCurrentIndex(self.count() - 1)
        elif self.count():
            self.setCurrentIndex(0)


def enum_choices(enum: type[StrEnum]) -> list[tuple[str, object]]:
    return [(member.value.capitalize(), member) for member in enum]


class UserCombo(ChoiceCombo):
    """Pick a user (``organisation.user_choices``); the first entry means nobody chosen."""

    def __init__(self, choices: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_choices([(_tr("– Välj –"), None), *((name, uid) for uid, name in choices)])

    def user_id(self) -> str | None:
        value = self.value()
        return value if isinstance(value, str) and value else None

    def set_user_id(self, user_id: str | None, name: str | None = None) -> None:
        self.set_value(user_id, name)


# --- errors at fields --------------------------------------------------------------------------


@dataclass
class _Binding:
    key: str
    label: ErrorLabel
    focus: QWidget | None
    reveal: Callable[[str], None] | None

    def matches(self, field: str) -> bool:
        if "*" in self.key:
            return fnmatchcase(field, self.key)
        if self.key.endswith("."):
            return field.startswith(self.key) or field == self.key[:-1]
        return field == self.key


class FieldErrors:
    """Routes a ``KvalitetError`` to the error labels of the fields it concerns.

    ``bind("title", label)`` matches the key exactly; ``bind("team.", label)`` every key
    under ``team.``; ``bind("events.*.description", label)`` a pattern. Messages for unbound
    keys, and errors that are not about a field, go to the banner. ``reveal(key)`` makes the
    field visible (switches step or tab).
    """

    def __init__(self, banner: ErrorLabel) -> None:
        self.banner = banner
        self._bindings: list[_Binding] = []

    def bind(
        self,
        key: str,
        label: ErrorLabel,
        focus: QWidget | None = None,
        reveal: Callable[[str], None] | None = None,
    ) -> None:
        self._bindings.append(_Binding(key, label, focus, reveal))

    def bind_all(
        self, bindings: Iterable[Binding], reveal: Callable[[str], None] | None = None
    ) -> None:
        for key, label, focus in bindings:
            self.bind(key, label, focus, reveal)

    def label_for(self, field: str) -> ErrorLabel:
        """The label where messages about ``field`` appear (the banner if none is bound)."""
        return next((b.label for b in self._bindings if b.matches(field)), self.banner)

    def messages(self) -> dict[str, str]:
        """Shown messages by bound key (for tests and accessibility checks)."""
        return {b.key: b.label.text() for b in self._bindings if b.label.text()}

    def clear(self) -> None:
        self.banner.clear_messages()
        for binding in self._bindings:
            binding.label.clear_messages()

    def warn(self, warnings: Sequence[FieldError]) -> None:
        """Show what a save warned of (a personnummer in a text) at its fields; the text
        stays as typed, so the user can remove it and save again."""
        if warnings:
            self.show(ValidationFailed(warnings))

    def show(self, error: KvalitetError, *, at: str | None = None) -> None:
        """Show ``error`` at its fields (a plain error at field ``at``, else in the banner)."""
        self.clear()
        if isinstance(error, ValidationFailed):
            field_errors = list(error.errors)
        elif at is not None:
            field_errors = [FieldError(at, str(error))]
        else:
            field_errors = []
            self.banner.show_messages([str(error)])
        grouped: dict[int, list[str]] = {}
        unbound: list[str] = []
        # The field shown first is the first in the form (bindings are made in form order).
        first: tuple[int, str] | None = None
        for field_error in field_errors:
            index = next(
                (i for i, b in enumerate(self._bindings) if b.matches(field_error.field)), None
            )
            if index is None:
                unbound.append(field_error.message)
                continue
            grouped.setdefault(index, []).append(field_error.message)
            if first is None or index < first[0]:
                first = (index, field_error.field)
        for index, messages in grouped.items():
            self._bindings[index].label.show_messages(messages)
        if unbound:
            self.banner.show_messages(unbound)
        if first is not None:
            binding, key = self._bindings[first[0]], first[1]
            if binding.reveal is not None:
                binding.reveal(key)
            if binding.focus is not None:
                binding.focus.setFocus(Qt.FocusReason.OtherFocusReason)


# --- questions ---------------------------------------------------------------------------------

StandardButton = QMessageBox.StandardButton


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Sequence[tuple[StandardButton, str]],
    default: StandardButton,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    escape: StandardButton | None = None,
) -> StandardButton:
    """A modal question with Swedish button texts; returns the standard button chosen."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    for button, label in buttons:
        box.addButton(button)
        box.button(button).setText(label)
        box.button(button).setAccessibleName(plain_label(label))
    box.setDefaultButton(default)
    if escape is None:
        escape = next(
            (b for b, _ in buttons if b in (StandardButton.Cancel, StandardButton.No)),
            buttons[-1][0],
        )
    box.setEscapeButton(escape)
    return StandardButton(int(box.exec()))


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, StandardButton.Ok, parent)
    box.exec()


# --- read-only ---------------------------------------------------------------------------------


def set_read_only(root: QWidget, read_only: bool, *, keep: Iterable[QWidget] = ()) -> None:
    """Make every input under ``root`` read-only (text stays selectable) except ``keep``."""
    kept = set(keep)
    for widget in root.findChildren(QWidget):
        if widget in kept or any(k.isAncestorOf(widget) for k in kept):
            continue
        if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
            widget.setReadOnly(read_only)
        elif isinstance(widget, QComboBox | QAbstractButton) and not isinstance(
            widget.parent(), QCalendarWidget
        ):
            widget.setEnabled(not read_only)
        elif isinstance(widget, QAbstractItemView):
            if read_only:
                if widget.property("editableTriggers") is None:
                    widget.setProperty("editableTriggers", widget.editTriggers().value)
                widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            elif widget.property("editableTriggers") is not None:
                triggers = QAbstractItemView.EditTrigger(int(widget.property("editableTriggers")))
                widget.setEditTriggers(triggers)
