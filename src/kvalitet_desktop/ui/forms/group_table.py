"""A repeating group as a compact table: a header with the column labels, one line of editors
per row (each cell with its error label under it), "Ta bort rad" per row and "Lägg till rad".

Every row keeps a stable ``_key`` (a uuid4 made here for new rows, kept for stored ones) and
any stored keys the columns do not know about, so links from other records survive editing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kvalitet_desktop.domain.forms import FieldDef, FieldType, FormLookups, is_empty, is_visible
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ErrorLabel
from kvalitet_desktop.ui.forms.field_widgets import (
    FieldEditor,
    IndividualEditor,
    Target,
    column,
    description,
    grey_label,
    insert_in_tab_order,
    label_text,
    make_editor,
    new_row_key,
    row,
    small_font,
    tr,
)

KEY = "_key"
# How much of the spare width each column type takes.
_STRETCH = {
    FieldType.LONG_TEXT: 4,
    FieldType.TEXT: 3,
    FieldType.MULTI_CHOICE: 2,
    FieldType.CHOICE: 2,
    FieldType.USER: 2,
    FieldType.UNIT: 2,
    FieldType.INDIVIDUAL: 1,
    FieldType.YES_NO: 1,
}


@dataclass
class _Row:
    key: str
    extra: dict[str, Any]  # stored keys that are not columns (kept as they are)
    number: QLabel
    editors: dict[str, FieldEditor] = field(default_factory=dict)
    errors: dict[str, ErrorLabel] = field(default_factory=dict)
    cells: dict[str, QWidget] = field(default_factory=dict)
    remove: QPushButton | None = None

    def widgets(self) -> list[QWidget]:
        return [self.number, *self.cells.values(), *([self.remove] if self.remove else [])]

    def raw(self) -> dict[str, Any]:
        return {column_id: editor.value() for column_id, editor in self.editors.items()}


class GroupEditor(FieldEditor):
    def __init__(
        self,
        field: FieldDef,
        lookups: FormLookups,
        parent: QWidget | None = None,
        *,
        ctx: Context | None = None,
    ):
        super().__init__(field, parent)
        self.lookups = lookups
        self.ctx = ctx
        self.unit_id: str | None = None
        self.rows: list[_Row] = []
        layout = column(self, 4)
        self.table = QWidget()
        self.grid = QGridLayout(self.table)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(4)
        self.headers: list[QLabel] = []
        for index, col in enumerate(field.fields, start=1):
            header = QLabel(f"<b>{_html(label_text(col))}</b>")
            header.setWordWrap(True)
            header.setToolTip(description(col))
            self.headers.append(header)
            self.grid.addWidget(header, 0, index, Qt.AlignmentFlag.AlignBottom)
            self.grid.setColumnStretch(index, _STRETCH.get(col.type, 0))
        self.grid.setColumnMinimumWidth(0, 16)
        layout.addWidget(self.table)
        self.empty = grey_label(tr("Inga rader ännu."), small=False)
        layout.addWidget(self.empty)
        self.add_button = QPushButton(tr("Lägg till rad"))
        self.add_button.setAccessibleName(tr("Lägg till rad"))
        self.add_button.setAccessibleDescription(field.label)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add_clicked)
        buttons = row()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        for col in field.fields:  # the columns' help, visible (also a tooltip on the header)
            if col.help.strip():
                layout.addWidget(grey_label(f"{col.label}: {col.help.strip()}"))
        self.setFocusProxy(self.add_button)
        self._update_empty()

    # --- rows ----------------------------------------------------------------------------

    def add_row(self, values: dict[str, Any] | None = None) -> _Row:
        """A new row at the end (with ``values`` when given); its editors follow the rows
        above it in the tab order."""
        values = dict(values or {})
        key = str(values.pop(KEY, "") or "") or new_row_key()
        column_ids = {c.id for c in self.field.fields}
        extra = {k: v for k, v in values.items() if k not in column_ids}
        number = QLabel()
        number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        new = _Row(key, extra, number)
        for col in self.field.fields:
            cell = QWidget()
            cell_layout = column(cell, 2)
            editor = make_editor(col, self.lookups, compact=True, ctx=self.ctx)
            if isinstance(editor, IndividualEditor):
                editor.set_unit(self.unit_id)
            editor.set_value(values.get(col.id))
            error = ErrorLabel()
            small_font(error)
            cell_layout.addWidget(editor)
            cell_layout.addWidget(error)
            new.editors[col.id] = editor
            new.errors[col.id] = error
            new.cells[col.id] = cell
            editor.changed.connect(lambda r=new: self._row_changed(r))
        new.remove = QPushButton(tr("Ta bort rad"))
        new.remove.setAutoDefault(False)
        new.remove.clicked.connect(lambda _checked=False, r=new: self.remove_row(r))
        self.rows.append(new)
        self._place(len(self.rows) - 1, new)
        self._name(len(self.rows), new)
        self._update_visibility(new)
        inputs = [w for cell in new.cells.values() for w in _focus_order(cell)]
        insert_in_tab_order(self.add_button, [*inputs, new.remove])
        self._update_empty()
        return new

    def remove_row(self, target: _Row) -> None:
        if target not in self.rows:
            return
        index = self.rows.index(target)
        for widget in target.widgets():
            self.grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.rows.remove(target)
        for i, other in enumerate(self.rows[index:], start=index):
            for widget in other.widgets():
                self.grid.removeWidget(widget)
            self._place(i, other)
            self._name(i + 1, other)
        following = self.rows[index] if index < len(self.rows) else None
        if following is not None:
            next(iter(following.editors.values())).focus_target().setFocus()
        else:
            self.add_button.setFocus()
        self._update_empty()
        self.changed.emit()

    def _place(self, index: int, target: _Row) -> None:
        line = index + 1
        self.grid.addWidget(target.number, line, 0, Qt.AlignmentFlag.AlignTop)
        for col_index, col in enumerate(self.field.fields, start=1):
            self.grid.addWidget(target.cells[col.id], line, col_index, Qt.AlignmentFlag.AlignTop)
        if target.remove is not None:
            self.grid.addWidget(target.remove, line, len(self.field.fields) + 1)
            self.grid.setAlignment(target.remove, Qt.AlignmentFlag.AlignTop)

    def _name(self, number: int, target: _Row) -> None:
        target.number.setText(f"{number}.")
        for col in self.field.fields:
            name = tr("{label}, rad {n}").format(label=col.label, n=number)
            target.editors[col.id].name_inputs(name, description(col))
        if target.remove is not None:
            target.remove.setAccessibleName(tr("Ta bort rad {n}").format(n=number))

    def _add_clicked(self) -> None:
        new = self.add_row()
        first = next(iter(new.editors.values()), None)
        if first is not None:
            first.focus_target().setFocus()
        self.changed.emit()

    def _row_changed(self, target: _Row) -> None:
        self._update_visibility(target)
        self.changed.emit()

    def _update_visibility(self, target: _Row) -> None:
        raw = target.raw()
        for col in self.field.fields:
            target.cells[col.id].setHidden(not is_visible(col, raw))

    def _update_empty(self) -> None:
        self.empty.setVisible(not self.rows)
        for header in self.headers:
            header.setVisible(bool(self.rows))

    # --- values --------------------------------------------------------------------------

    def value(self) -> Any:
        result: list[dict[str, Any]] = []
        for current in self.rows:
            raw = current.raw()
            item: dict[str, Any] = {KEY: current.key, **current.extra}
            for col in self.field.fields:
                item.pop(col.id, None)
                value = raw[col.id]
                if is_visible(col, raw) and not is_empty(value):
                    item[col.id] = value
            result.append(item)
        return result or None

    def set_value(self, value: Any) -> None:
        for current in list(self.rows):
            for widget in current.widgets():
                self.grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self.rows = []
        for item in value if isinstance(value, list) else []:
            if isinstance(item, dict):
                self.add_row(item)
        self._update_empty()

    def set_unit(self, unit_id: str | None) -> None:
        """The unit whose register the rows' individual codes are picked from."""
        self.unit_id = unit_id
        for current in self.rows:
            for editor in current.editors.values():
                if isinstance(editor, IndividualEditor):
                    editor.set_unit(unit_id)

    def problems(self) -> list[tuple[str, str]]:
        """(``<row>.<column>``, message) for the rows' codes not in the unit's register."""
        found: list[tuple[str, str]] = []
        for index, current in enumerate(self.rows):
            raw = current.raw()
            for col in self.field.fields:
                editor = current.editors[col.id]
                problem = editor.problem() if isinstance(editor, IndividualEditor) else None
                if problem and is_visible(col, raw):
                    found.append((f"{index}.{col.id}", problem))
        return found

    def name_inputs(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.table.setAccessibleName(name)
        self.table.setAccessibleDescription(description)

    def inputs(self) -> list[QWidget]:
        return []

    def sub_target(self, key: str) -> Target | None:
        """``<row>.<column>`` and ``<row>.<column>.<part>`` (e.g. a yes/no's motivation)."""
        parts = key.split(".")
        if len(parts) < 2 or not parts[0].isdigit():
            return None
        index = int(parts[0])
        column_ids = [c.id for c in self.field.fields]
        if index >= len(self.rows) or parts[1] not in column_ids:
            return None
        target = self.rows[index]
        col_index = column_ids.index(parts[1])
        editor = target.editors[parts[1]]
        if len(parts) > 2:
            inner = editor.sub_target(".".join(parts[2:]))
            if inner is None:
                return None
            order, label, focus = inner
            return (2, index, col_index, *order), label, focus
        return (2, index, col_index, 0), target.errors[parts[1]], editor.focus_target()


def _focus_order(widget: QWidget) -> list[QWidget]:
    """``widget``'s descendants in creation order (the order they were laid out in)."""
    return [w for w in widget.findChildren(QWidget) if isinstance(w, QWidget)]


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
