"""One editor per field type of a form definition (``domain.forms.FieldType``).

Every editor is a ``FieldEditor``: ``value()`` gives the JSON-friendly answer (None when
nothing is filled in), ``set_value()`` shows a stored answer (an unknown choice or user is
added rather than dropped, so nothing stored is lost), and ``changed`` fires on every edit.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.forms import (
    INDIVIDUAL_SPECIAL,
    NO,
    YES,
    FieldDef,
    FieldType,
    FormLookups,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ErrorLabel
from kvalitet_desktop.ui.toolkit.fields import HELP_COLOR, ChoiceCombo, DateField, DateValue
from kvalitet_desktop.ui.widgets.individual_picker import IndividualCodeField

REQUIRED_MARK = " *"
# Where an error key's message goes: (order inside the field, error label, widget to focus).
Target = tuple[tuple[int, ...], ErrorLabel, QWidget | None]


def tr(text: str) -> str:
    return QCoreApplication.translate("forms", text)


def escape_mnemonic(text: str) -> str:
    """A label text from a definition shown as is (an '&' is not a mnemonic)."""
    return text.replace("&", "&&")


def small_font(widget: QWidget, factor: float = 0.9) -> None:
    font = widget.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    widget.setFont(font)


def grey_label(text: str, parent: QWidget | None = None, *, small: bool = True) -> QLabel:
    """Help text: grey, word-wrapped and (by default) a little smaller."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {HELP_COLOR};")
    if small:
        small_font(label)
    return label


def column(widget: QWidget, spacing: int = 2) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout


def row(widget: QWidget | None = None, spacing: int = 6) -> QHBoxLayout:
    layout = QHBoxLayout(widget) if widget is not None else QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    return layout


def takes_tab_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def insert_in_tab_order(before: QWidget, widgets: Sequence[QWidget]) -> None:
    """Put ``widgets`` (created after the form was built) right before ``before`` in the tab
    order; Qt would otherwise append them at the end of the window's focus chain."""
    anchor = before.previousInFocusChain()
    while anchor is not None and anchor is not before and not takes_tab_focus(anchor):
        anchor = anchor.previousInFocusChain()
    if anchor is not None:
        chain_after(anchor, widgets)


def chain_after(anchor: QWidget, widgets: Sequence[QWidget]) -> None:
    """Put ``widgets`` one after the other right after ``anchor`` in the tab order."""
    for widget in widgets:
        # Popups (a combo box's list) are windows of their own, outside the chain.
        if widget is anchor or widget.window() is not anchor.window():
            continue
        if not takes_tab_focus(widget):
            continue
        QWidget.setTabOrder(anchor, widget)
        anchor = widget


def new_row_key() -> str:
    """The stable key of a new row of a repeating group (other records link to it)."""
    return str(uuid.uuid4())


# --- base ------------------------------------------------------------------------------------


class FieldEditor(QWidget):
    """The input part of one field (its label, help and errors are around it)."""

    changed = Signal()

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        """The input that gets the focus (and is the label's buddy)."""
        return self.focusProxy() or self

    def inputs(self) -> list[QWidget]:
        """The inputs named after the field's label (radio buttons keep their own text)."""
        return [self.focus_target()]

    def name_inputs(self, name: str, description: str) -> None:
        """Accessible name (the field's label) and description of the inputs."""
        self.setAccessibleName(name)
        for widget in self.inputs():
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)

    def sub_target(self, key: str) -> Target | None:
        """Where the message about part ``key`` of this field goes (e.g. "motivering")."""
        return None

    def error_labels(self) -> list[ErrorLabel]:
        return self.findChildren(ErrorLabel)


# --- text ------------------------------------------------------------------------------------


class GrowingTextEdit(QPlainTextEdit):
    """A plain-text field where Tab moves on, growing with its text from ``min_lines`` up to
    ``max_lines`` (then it scrolls)."""

    def __init__(self, min_lines: int = 3, max_lines: int = 14, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.min_lines, self.max_lines = min_lines, max_lines
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        lines = int(self.document().size().height()) or 1
        lines = max(self.min_lines, min(self.max_lines, lines))
        margins = self.contentsMargins()
        extra = 2 * self.document().documentMargin() + margins.top() + margins.bottom() + 4
        height = int(self.fontMetrics().lineSpacing() * lines + extra)
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class LineEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit()
        column(self).addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> Any:
        text = self.edit.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class TextAreaEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None, *, lines: int = 3):
        super().__init__(field, parent)
        self.edit = GrowingTextEdit(lines)
        column(self).addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))


# --- dates -----------------------------------------------------------------------------------

_DATE_CHARS = r"[0-9]{0,4}-?[0-9]{0,2}-?[0-9]{0,2}"
_TIME_CHARS = r"([ T][0-9]{0,2}:?[0-9]{0,2})?"
_LOOSE_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_LOOSE_DATETIME = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})[ T](\d{1,2}):?(\d{2})$")


def normalise_date(text: str, with_time: bool) -> str | None:
    """``text`` in the stored form (YYYY-MM-DD or YYYY-MM-DD HH:MM), None if it is no date."""
    text = text.strip()
    try:
        if with_time:
            match = _LOOSE_DATETIME.match(text)
            if not match:
                return None
            y, m, d, hh, mm = (int(g) for g in match.groups())
            return datetime(y, m, d, hh, mm).strftime("%Y-%m-%d %H:%M")
        match = _LOOSE_DATE.match(text)
        if not match:
            return None
        return date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


class DateInput(DateField):
    """A date (or date and time) typed as YYYY-MM-DD [TT:MM], or picked from a calendar.

    The editors' ``DateField`` with what forms need besides: only digits, dashes, a space and
    a colon can be typed, and a date-time keeps its time when a day is picked. What cannot be
    read as a date is kept as typed (validation says what is wrong) rather than cleared.
    """

    def __init__(self, parent: QWidget | None = None, *, with_time: bool = False) -> None:
        super().__init__(parent)
        self.with_time = with_time
        pattern = _DATE_CHARS + (_TIME_CHARS if with_time else "")
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        self.edit.setMaxLength(16 if with_time else 10)
        self.edit.setPlaceholderText(tr("ÅÅÅÅ-MM-DD TT:MM") if with_time else tr("ÅÅÅÅ-MM-DD"))
        sample = "0000-00-00 00:00WWW" if with_time else "0000-00-00WWW"
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance(sample) + 8)

    def date(self) -> DateValue | None:
        """The day (of a date-time too); None when empty, ValueError when it is no date."""
        text = self.text()
        if not text:
            return None
        day = normalise_date(text[:10], False)
        if day is None:
            raise ValueError(text)
        return date.fromisoformat(day)

    def _normalise(self) -> None:
        normal = normalise_date(self.edit.text(), self.with_time)
        if normal is not None and normal != self.edit.text():
            self.edit.setText(normal)

    def _picked(self, value: QDate) -> None:
        old = self.text()
        super()._picked(value)
        if self.with_time:
            time = old[11:16] if len(old) >= 16 else "00:00"
            self.edit.setText(f"{self.edit.text()} {time}")


class DateEditor(FieldEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.input = DateInput(with_time=field.type is FieldType.DATETIME)
        column(self).addWidget(self.input)
        self.setFocusProxy(self.input.edit)
        self.input.changed.connect(self.changed)

    def value(self) -> Any:
        return self.input.text() or None

    def set_value(self, value: Any) -> None:
        self.input.set_text("" if value is None else str(value))


# --- choices ---------------------------------------------------------------------------------


class ComboEditor(FieldEditor):
    """A choice, a user or a unit: a combo box whose first entry "– välj –" means none."""

    def __init__(
        self,
        field: FieldDef,
        choices: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        unknown: str = "{value}",
    ) -> None:
        super().__init__(field, parent)
        self.unknown = unknown
        self.combo = ChoiceCombo()
        self.combo.setSizeAdjustPolicy(ChoiceCombo.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMaximumWidth(560)
        self.combo.set_choices([(tr("– välj –"), None), *choices])
        layout = row(self)
        layout.addWidget(self.combo, 1)
        layout.addStretch(0)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        value = self.combo.value()
        return value if isinstance(value, str) and value else None

    def set_value(self, value: Any) -> None:
        if value is None or value == "":
            self.combo.set_value(None)
        else:
            self.combo.set_value(str(value), self.unknown.format(value=value))


class MultiChoiceEditor(FieldEditor):
    """Check boxes, one per option (two columns for long lists). The answer keeps the order
    in which the options were chosen."""

    def __init__(
        self, field: FieldDef, options: Sequence[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(field, parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(18)
        self.grid.setVerticalSpacing(2)
        self.columns = 2 if len(options) > 6 else 1
        self.boxes: dict[str, QCheckBox] = {}
        self._order: list[str] = []
        for text, value in options:
            self._add_box(text, value)
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))

    def _add_box(self, text: str, value: str) -> QCheckBox:
        box = QCheckBox(escape_mnemonic(text))
        box.setAccessibleName(text)
        index = len(self.boxes)
        self.grid.addWidget(box, index // self.columns, index % self.columns)
        self.boxes[value] = box
        box.toggled.connect(lambda on, v=value: self._toggled(v, on))
        return box

    def inputs(self) -> list[QWidget]:
        return []  # every box is named by its option

    def name_inputs(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        for box in self.boxes.values():
            box.setAccessibleDescription(f"{name}. {description}".strip(". "))

    def _toggled(self, value: str, on: bool) -> None:
        if on and value not in self._order:
            self._order.append(value)
        elif not on and value in self._order:
            self._order.remove(value)
        self.changed.emit()

    def value(self) -> Any:
        return list(self._order) or None

    def set_value(self, value: Any) -> None:
        chosen = [str(v) for v in value] if isinstance(value, list) else []
        last = list(self.boxes.values())[-1:]
        added = [self._add_box(v, v) for v in chosen if v not in self.boxes]
        if added and last:
            chain_after(last[0], added)
        elif added:
            self.setFocusProxy(added[0])
        self._order = []
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(key in chosen)
            box.blockSignals(False)
        self._order = list(dict.fromkeys(chosen))
        self.changed.emit()


class RadioEditor(FieldEditor):
    """Radio buttons for a fixed set of answers (yes/no, a scale); none checked = no answer."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.group = QButtonGroup(self)
        self.buttons: list[tuple[object, QRadioButton]] = []
        self.group.buttonToggled.connect(self._toggled)

    def add_button(self, text: str, value: object) -> QRadioButton:
        button = QRadioButton(escape_mnemonic(text))
        button.setAccessibleName(text)
        self.group.addButton(button)
        self.buttons.append((value, button))
        if len(self.buttons) == 1:
            self.setFocusProxy(button)
        return button

    def inputs(self) -> list[QWidget]:
        return []

    def name_inputs(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        for _value, button in self.buttons:
            button.setAccessibleDescription(f"{name}. {description}".strip(". "))

    def focus_target(self) -> QWidget:
        checked = self.group.checkedButton()
        return checked if checked is not None else super().focus_target()

    def _toggled(self, _button: QAbstractButton, on: bool) -> None:
        if on:
            self.changed.emit()

    def chosen(self) -> object:
        return next((v for v, b in self.buttons if b.isChecked()), None)

    def choose(self, value: object) -> None:
        self.group.setExclusive(False)
        for v, button in self.buttons:
            button.blockSignals(True)
            button.setChecked(v == value and value is not None)
            button.blockSignals(False)
        self.group.setExclusive(True)


class YesNoEditor(RadioEditor):
    """Ja / Nej, and a motivation shown when the answer is the one that needs it (and while
    it holds text, so a typed motivation never disappears)."""

    def __init__(self, field: FieldDef, parent: QWidget | None = None, *, lines: int = 2):
        super().__init__(field, parent)
        layout = column(self, 4)
        buttons = row(None, 18)
        buttons.addWidget(self.add_button(tr("Ja"), YES))
        buttons.addWidget(self.add_button(tr("Nej"), NO))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.motivation_box = QWidget()
        box = column(self.motivation_box)
        self.motivation_label = QLabel()
        self.motivation = GrowingTextEdit(lines)
        self.motivation.setAccessibleName(tr("Motivering"))
        self.motivation.setAccessibleDescription(
            tr("Motivering till ”{label}”").format(label=field.label)
        )
        self.motivation_label.setBuddy(self.motivation)
        self.motivation_error = ErrorLabel()
        box.addWidget(self.motivation_label)
        box.addWidget(self.motivation)
        box.addWidget(self.motivation_error)
        layout.addWidget(self.motivation_box)
        self.motivation.textChanged.connect(self.changed)
        self._update_motivation()

    def _toggled(self, button: QAbstractButton, on: bool) -> None:
        if on:
            self._update_motivation()
        super()._toggled(button, on)

    def _update_motivation(self) -> None:
        answer = self.chosen()
        needed = answer is not None and answer == self.field.motivation_when
        has_text = bool(self.motivation.toPlainText().strip())
        self.motivation_label.setText(tr("Motivering") + (REQUIRED_MARK if needed else ""))
        self.motivation_box.setHidden(not (needed or (has_text and answer is not None)))

    def value(self) -> Any:
        answer = self.chosen()
        if answer is None:
            return None
        return {"svar": answer, "motivering": self.motivation.toPlainText()}

    def set_value(self, value: Any) -> None:
        answer: Any = value.get("svar") if isinstance(value, dict) else value
        if isinstance(answer, bool):
            answer = YES if answer else NO
        motivation = value.get("motivering", "") if isinstance(value, dict) else ""
        self.choose(answer if answer in (YES, NO) else None)
        self.motivation.setPlainText(str(motivation or ""))
        self._update_motivation()

    def sub_target(self, key: str) -> Target | None:
        if key == "motivering":
            self.motivation_box.setHidden(False)
            return (1,), self.motivation_error, self.motivation
        return None


class ScaleEditor(RadioEditor):
    def __init__(self, field: FieldDef, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        steps = list(range(field.scale_min, field.scale_max + 1))
        labels = list(field.scale_labels) or [""] * len(steps)
        texts = [
            f"{n} – {label}" if label else str(n) for n, label in zip(steps, labels, strict=True)
        ]
        wide = sum(len(t) for t in texts) > 70
        layout = column(self, 2) if wide else row(self, 18)
        for n, text in zip(steps, texts, strict=True):
            layout.addWidget(self.add_button(text, n))
        if not wide:
            layout.addStretch(1)

    def value(self) -> Any:
        return self.chosen()

    def set_value(self, value: Any) -> None:
        known = [v for v, _ in self.buttons]
        self.choose(value if value in known and not isinstance(value, bool) else None)


class IndividualEditor(FieldEditor):
    """A pseudonymous code, or one of the quick choices "flera" and "okänd".

    With ``ctx`` the code is picked from the register of the unit the form names
    (``set_unit``) and checked against it (``IndividualCodeField``); without, it is typed."""

    def __init__(
        self, field: FieldDef, parent: QWidget | None = None, ctx: Context | None = None
    ) -> None:
        super().__init__(field, parent)
        self.codes: IndividualCodeField | None = None
        layout = row(self, 4)
        if ctx is not None:
            self.codes = IndividualCodeField(ctx, field.label, specials=INDIVIDUAL_SPECIAL)
            self.edit = self.codes.edit
            self.codes.input.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("W" * 18))
            layout.addWidget(self.codes)
        else:
            self.edit = QLineEdit()
            self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("W" * 12))
            layout.addWidget(self.edit)
        self.edit.setPlaceholderText(tr("t.ex. SOL-07"))
        self.edit.setMaxLength(20)
        self.edit.textChanged.connect(self.changed)
        self.edit.editingFinished.connect(self._normalise)
        self.quick: list[QPushButton] = []
        for special in INDIVIDUAL_SPECIAL:
            text = special.capitalize()
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.setAccessibleName(text)
            button.setAccessibleDescription(
                tr("Fyll i ”{value}” i stället för en kod").format(value=special)
            )
            button.clicked.connect(lambda _checked=False, v=special: self._quick(v))
            layout.addWidget(button)
            self.quick.append(button)
        layout.addStretch(1)
        self.setFocusProxy(self.codes.input if self.codes is not None else self.edit)

    def set_unit(self, unit_id: str | None) -> None:
        if self.codes is not None:
            self.codes.set_unit(unit_id)

    def problem(self) -> str | None:
        """Why the code cannot be saved (not in the unit's register), or None."""
        return self.codes.problem() if self.codes is not None else None

    def name_inputs(self, name: str, description: str) -> None:
        super().name_inputs(name, description)
        if self.codes is not None:
            self.codes.rename(name)

    def _quick(self, special: str) -> None:
        self.edit.setText(special)
        self.edit.setFocus()

    def _normalise(self) -> None:
        text = self.edit.text().strip()
        if self.codes is not None:
            text = self.codes.code() or ""  # a picked entry's code, without its insats
        normal = text.lower() if text.lower() in INDIVIDUAL_SPECIAL else text.upper()
        if normal != self.edit.text():
            self.edit.setText(normal)

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        if self.codes is not None:
            self.codes.set_codes(None if value is None else str(value))
        else:
            self.edit.setText("" if value is None else str(value))


# --- the factory -----------------------------------------------------------------------------


def make_editor(
    field: FieldDef,
    lookups: FormLookups,
    parent: QWidget | None = None,
    *,
    compact: bool = False,
    ctx: Context | None = None,
) -> FieldEditor:
    """The editor for ``field``; ``compact`` ones (in a group's table) are a little smaller.
    With ``ctx``, individual fields pick their codes from the units' registers."""
    kind = field.type
    if kind is FieldType.TEXT:
        return LineEditor(field, parent)
    if kind is FieldType.LONG_TEXT:
        return TextAreaEditor(field, parent, lines=2 if compact else 3)
    if kind in (FieldType.DATE, FieldType.DATETIME):
        return DateEditor(field, parent)
    if kind is FieldType.CHOICE:
        options = [(o.label, o.value) for o in lookups.options_for(field)]
        return ComboEditor(field, options, parent)
    if kind is FieldType.MULTI_CHOICE:
        options = [(o.label, o.value) for o in lookups.options_for(field)]
        return MultiChoiceEditor(field, options, parent)
    if kind is FieldType.YES_NO:
        return YesNoEditor(field, parent, lines=2 if compact else 3)
    if kind is FieldType.SCALE:
        return ScaleEditor(field, parent)
    if kind is FieldType.USER:
        users = [(name, uid) for uid, name in lookups.users]
        return ComboEditor(field, users, parent, unknown=tr("Okänd användare ({value})"))
    if kind is FieldType.UNIT:
        units = [(name, uid) for uid, name in lookups.units]
        return ComboEditor(field, units, parent, unknown=tr("Okänd enhet ({value})"))
    if kind is FieldType.INDIVIDUAL:
        return IndividualEditor(field, parent, ctx)
    from kvalitet_desktop.ui.forms.group_table import GroupEditor

    return GroupEditor(field, lookups, parent, ctx=ctx)


INDIVIDUAL_HINT = (
    "Pseudonymiserad kod (versaler, siffror, bindestreck), aldrig personnummer. "
    "”Flera” eller ”Okänd” när det inte gäller en enskild person."
)


def help_text(field: FieldDef) -> str:
    """The field's help, with the personnummer warning for individual fields."""
    text = field.help.strip()
    if field.type is FieldType.INDIVIDUAL and "personnummer" not in text.lower():
        hint = tr(INDIVIDUAL_HINT) if not text else tr("Aldrig personnummer.")
        text = f"{text} {hint}".strip()
    return text


def label_text(field: FieldDef) -> str:
    return field.label + (REQUIRED_MARK if field.required else "")


def description(field: FieldDef) -> str:
    parts = [tr("obligatoriskt")] if field.required else []
    if help_text(field):
        parts.append(help_text(field))
    return ". ".join(p.rstrip(".") for p in parts) + ("." if parts else "")
