"""``FormWidget``: any form definition (``domain.forms.FormDef``) as an editable form.

Each section is a titled box; each field has its label (" *" when required), its editor, its
help text, a red error label and, in sections that document their sources, a provenance row.
Fields with ``show_if`` appear and disappear as the answers change. The widget scrolls its
own content, so it can sit in a dialog, a tab or a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.form_privacy import personal_number_warnings
from kvalitet_desktop.domain.forms import (
    FieldDef,
    FieldType,
    FormAnswers,
    FormDef,
    FormLookups,
    Provenance,
    SectionDef,
    is_empty,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ErrorLabel
from kvalitet_desktop.ui.forms.field_widgets import (
    FieldEditor,
    IndividualEditor,
    Target,
    column,
    description,
    escape_mnemonic,
    grey_label,
    help_text,
    label_text,
    make_editor,
)
from kvalitet_desktop.ui.forms.group_table import GroupEditor
from kvalitet_desktop.ui.forms.provenance import ProvenanceRow
from kvalitet_desktop.ui.toolkit.fields import set_read_only

__all__ = ["FieldRow", "FormLookups", "FormWidget"]


class FieldRow(QWidget):
    """One field: label, editor, help, error label and (maybe) provenance, top to bottom."""

    def __init__(
        self,
        field: FieldDef,
        lookups: FormLookups,
        *,
        provenance: bool,
        parent: QWidget | None = None,
        ctx: Context | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        layout = column(self, 3)
        self.label = QLabel(escape_mnemonic(label_text(field)))
        self.label.setWordWrap(True)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.editor = make_editor(field, lookups, ctx=ctx)
        self.label.setBuddy(self.editor.focus_target())
        self.editor.name_inputs(field.label, description(field))
        text = help_text(field)
        self.help = grey_label(text) if text else None
        layout.addWidget(self.label)
        # A group's help says what a row is: it reads best above the table.
        if self.help is not None and field.type is FieldType.GROUP:
            layout.addWidget(self.help)
        layout.addWidget(self.editor)
        if self.help is not None and field.type is not FieldType.GROUP:
            layout.addWidget(self.help)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.provenance = ProvenanceRow(field.label, lookups.documented_by) if provenance else None
        if self.provenance is not None:
            layout.addWidget(self.provenance)


class FormWidget(QWidget):
    """A form definition as an editable form: ``answers()``/``set_answers()``,
    ``show_errors()`` at the fields, ``changed`` on every edit.

    ``answers()`` leaves out empty fields and fields hidden by ``show_if`` (what was typed in
    them stays in the widget and comes back when the field shows again); values stored for
    fields the definition does not know are passed through unchanged. Provenance is given for
    every answered field of a provenance section once fact or assessment has been chosen.
    """

    changed = Signal()

    def __init__(
        self,
        form: FormDef,
        lookups: FormLookups,
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
        ctx: Context | None = None,
    ) -> None:
        """With ``ctx``, individual fields pick codes from the register of the unit named by
        the first unit field of their section."""
        super().__init__(parent)
        self.form = form
        self.lookups = lookups
        self.ctx = ctx
        self._unit_fields: dict[str, str] = {}  # individual (or group) field -> unit field
        self.rows: dict[str, FieldRow] = {}
        self.sections: dict[str, QGroupBox] = {}
        self._order: dict[str, int] = {}
        self._extra = FormAnswers()
        self._loading = False
        self._read_only = False
        self._shown: dict[str, list[str]] = {}
        self._warned: tuple[FieldError, ...] = ()
        self._scroll_targets: list[QWidget] = []

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(4)
        self.banner = ErrorLabel()  # messages about no field of the form
        self.banner.setContentsMargins(8, 4, 8, 0)
        outer.addWidget(self.banner)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget()
        self.content.setObjectName("formContent")
        body = QVBoxLayout(self.content)
        body.setContentsMargins(8, 4, 8, 8)
        body.setSpacing(12)
        for section in form.sections:
            body.addWidget(self._section(section))
        body.addStretch(1)
        self.scroll_area.setWidget(self.content)
        outer.addWidget(self.scroll_area, 1)
        self._update_visibility()
        if read_only:
            self.set_read_only(True)

    def _section(self, section: SectionDef) -> QGroupBox:
        box = QGroupBox()
        box.setAccessibleName(section.title)
        self.sections[section.id] = box
        layout = QVBoxLayout(box)
        layout.setSpacing(10)
        title = QLabel(section.title)
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        font = title.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        title.setFont(font)
        title.setAccessibleName(section.title)
        layout.addWidget(title)
        if section.help.strip():
            layout.addWidget(grey_label(section.help.strip(), small=False))
        unit_field = next((f.id for f in section.fields if f.type is FieldType.UNIT), None)
        for field in section.fields:
            field_row = FieldRow(field, self.lookups, provenance=section.provenance, ctx=self.ctx)
            if unit_field is not None and isinstance(
                field_row.editor, IndividualEditor | GroupEditor
            ):
                self._unit_fields[field.id] = unit_field
            self._order[field.id] = len(self._order)
            self.rows[field.id] = field_row
            field_row.editor.changed.connect(self._edited)
            if field_row.provenance is not None:
                field_row.provenance.changed.connect(self._edited)
            layout.addWidget(field_row)
        return box

    # --- answers -------------------------------------------------------------------------

    def editor(self, field_id: str) -> FieldEditor:
        """The editor of a field (for the dialogs around the form, and tests)."""
        return self.rows[field_id].editor

    def answers(self) -> FormAnswers:
        raw = self._raw()
        visible = self._visibility(raw)
        values: dict[str, Any] = dict(self._extra.values)
        provenance: dict[str, Provenance] = dict(self._extra.provenance)
        for field_id, field_row in self.rows.items():
            value = raw[field_id]
            if not visible[field_id] or is_empty(value):
                continue
            values[field_id] = value
            if field_row.provenance is not None:
                item = field_row.provenance.value()
                if item is not None:
                    provenance[field_id] = item
        return FormAnswers(values, provenance)

    def set_answers(self, answers: FormAnswers) -> None:
        """Show ``answers`` (does not emit ``changed``); clears shown errors."""
        self._loading = True
        try:
            for field_id, field_row in self.rows.items():
                field_row.editor.set_value(answers.values.get(field_id))
                if field_row.provenance is not None:
                    field_row.provenance.set_value(answers.provenance.get(field_id))
        finally:
            self._loading = False
        self._extra = FormAnswers(
            {k: v for k, v in answers.values.items() if k not in self.rows},
            {k: p for k, p in answers.provenance.items() if k not in self.rows},
        )
        self.clear_errors()
        self._update_visibility()
        if self._read_only:
            set_read_only(self.content, True)

    def _raw(self) -> dict[str, Any]:
        return {field_id: r.editor.value() for field_id, r in self.rows.items()}

    def _visibility(self, raw: dict[str, Any]) -> dict[str, bool]:
        """Whether each field shows: its condition holds and the field it depends on shows."""
        result: dict[str, bool] = {}

        def visible(field_id: str, path: frozenset[str]) -> bool:
            if field_id in result:
                return result[field_id]
            condition = self.rows[field_id].field.show_if
            if condition is None:
                shown = True
            elif condition.field in path or condition.field not in self.rows:
                shown = condition.holds(self._extra.values.get(condition.field))
            else:
                shown = visible(condition.field, path | {field_id}) and condition.holds(
                    raw.get(condition.field)
                )
            result[field_id] = shown
            return shown

        for field_id in self.rows:
            visible(field_id, frozenset())
        return result

    def _update_visibility(self) -> None:
        for field_id, shown in self._visibility(self._raw()).items():
            self.rows[field_id].setHidden(not shown)
        self._update_units()

    def _update_units(self) -> None:
        for field_id, unit_field in self._unit_fields.items():
            unit_id = self.rows[unit_field].editor.value()
            editor = self.rows[field_id].editor
            if isinstance(editor, IndividualEditor | GroupEditor):
                editor.set_unit(unit_id if isinstance(unit_id, str) else None)

    def register_problems(self) -> list[FieldError]:
        """The shown individual codes that are not in their unit's register."""
        found: list[FieldError] = []
        for field_id in self._unit_fields:
            field_row = self.rows[field_id]
            if field_row.isHidden():
                continue
            editor = field_row.editor
            if isinstance(editor, IndividualEditor) and (problem := editor.problem()):
                found.append(FieldError(field_id, problem))
            elif isinstance(editor, GroupEditor):
                found += [FieldError(f"{field_id}.{k}", m) for k, m in editor.problems()]
        return found

    def _edited(self) -> None:
        if self._loading:
            return
        self._update_visibility()
        if self._read_only:
            set_read_only(self.content, True)  # rows a stored answer brought in
        self.changed.emit()

    # --- read-only -----------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        set_read_only(self.content, read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    # --- errors --------------------------------------------------------------------------

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Each message under its field (row cell, motivation, provenance); messages for
        keys the form does not know go to the banner above it. Scrolls to and focuses the
        first field concerned, in form order. Typed text is left as it is."""
        self.clear_errors()
        grouped: dict[int, tuple[ErrorLabel, list[str]]] = {}
        banner: list[str] = []
        first: tuple[tuple[int, ...], QWidget | None, ErrorLabel] | None = None
        for error in errors:
            self._shown.setdefault(error.field, []).append(error.message)
            target = self._target(error.field)
            if target is None:
                banner.append(error.message)
                continue
            order, label, focus = target
            grouped.setdefault(id(label), (label, []))[1].append(error.message)
            if first is None or order < first[0]:
                first = (order, focus, label)
        for label, messages in grouped.values():
            label.show_messages(messages)
        self.banner.show_messages(banner)
        if first is not None:
            self._reveal(first[1], first[2])

    def personal_numbers_accepted(self) -> bool:
        """False, with a warning at each field, the first time the answers hold what looks
        like a personnummer; True when they hold none or the user goes on with the same
        texts after the warning (the program cannot tell a personnummer from every other
        number, so the user decides)."""
        warnings = personal_number_warnings(self.form, self.answers())
        if not warnings or warnings == self._warned:
            return True
        self._warned = warnings
        self.show_errors(warnings)
        self.banner.show_messages(
            [
                self.tr(
                    "Ta bort personnumret och försök igen, eller tryck en gång till om det "
                    "inte är ett personnummer."
                )
            ]
        )
        return False

    def clear_errors(self) -> None:
        self._shown = {}
        self.banner.clear_messages()
        for label in self.content.findChildren(ErrorLabel):
            label.clear_messages()

    def shown_errors(self) -> dict[str, list[str]]:
        """The messages shown now, by error key (for the dialogs around the form, and tests)."""
        return {key: list(messages) for key, messages in self._shown.items()}

    def focus_field(self, field_id: str) -> None:
        """Scroll to a field (or a part: ``group.0.column``, ``id.motivering``, …) and focus
        it."""
        target = self._target(field_id)
        if target is not None:
            self._reveal(target[2], target[1])

    def _target(self, key: str) -> Target | None:
        head, _, rest = key.partition(".")
        field_row = self.rows.get(head)
        if field_row is None or field_row.isHidden():
            return None
        index = self._order[head]
        if not rest:
            return (index, 0), field_row.error, field_row.editor.focus_target()
        if rest == "provenance" and field_row.provenance is not None:
            provenance = field_row.provenance
            return (index, 3), provenance.error, provenance.focus_target()
        inner = field_row.editor.sub_target(rest)
        if inner is None:
            return None
        order, label, focus = inner
        return (index, *order), label, focus

    def _reveal(self, focus: QWidget | None, label: QWidget) -> None:
        """Scroll so that the field and its message show, and focus the field."""
        if focus is not None:
            focus.setFocus()
        self._scroll_targets = [w for w in (label, focus) if w is not None]
        self._scroll_to(self._scroll_targets)
        # Labels that just appeared move the field once the layout has run.
        QTimer.singleShot(0, self, self._scroll_later)

    def _scroll_later(self) -> None:
        targets, self._scroll_targets = self._scroll_targets, []
        self._scroll_to(targets)

    def _scroll_to(self, widgets: Sequence[QWidget]) -> None:
        for widget in widgets:
            try:
                shown = self.content.isAncestorOf(widget) and widget.isVisible()
            except RuntimeError:  # deleted in the meantime (a removed row)
                continue
            if shown:
                self.scroll_area.ensureWidgetVisible(widget, 50, 60)
