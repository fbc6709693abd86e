"""Inställningar › Lagrum and IVO:s avdelningar: the legal references and IVO's regional
departments, kept as data (``services.references``) that administrators edit here.

Each tab is a table; "Ny …" and "Ändra …" (or a double click) open a small editor that keeps a
draft of what is typed and shows the service's messages at the fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.roles import SETTINGS_CHANGE
from kvalitet_desktop.services import references
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.references import UNVERIFIED, DepartmentView, ReferenceView
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    add_shortcut,
    button_row,
    error_rows,
    help_label,
    name_widget,
    read_date,
    set_read_only,
    text_edit,
)
from kvalitet_desktop.ui.views.settings_tab import (
    UNVERIFIED_BACKGROUND,
    UNVERIFIED_COLOUR,
    note_label,
)

RecordT = TypeVar("RecordT")
_CODE = re.compile(r"^[a-z0-9_]{2,60}$")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsReferences", text)


def _item(text: str, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(tooltip if tooltip is not None else text)
    return item


def verified_item(verified_on: date | None) -> QTableWidgetItem:
    """ "Kontrollerad": the date, or "att verifiera" in amber while nobody has checked it."""
    if verified_on is not None:
        return _item(verified_on.isoformat())
    item = _item(
        UNVERIFIED, _tr("Inte kontrollerad mot gällande lydelse. Ange datum när den är det.")
    )
    item.setForeground(QBrush(QColor(UNVERIFIED_COLOUR)))
    item.setBackground(QBrush(QColor(UNVERIFIED_BACKGROUND)))
    return item


# --- the dialogs -------------------------------------------------------------------------------


class RecordDialog(EditorDialog):
    """A small editor: a form, Spara (stores and closes) and Stäng; a draft is kept while it
    is open, and Stäng with changes asks whether to save them."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        settings_key: str,
        title: str,
        *,
        read_only: bool,
    ) -> None:
        super().__init__(parent, ctx, settings_key, (620, 480))
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.read_only = read_only
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.save_button = QPushButton(_tr("&Spara"))
        self.save_button.setToolTip(_tr("Spara (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_and_close)
        self.close_button = QPushButton(_tr("Stän&g"))
        self.close_button.clicked.connect(self.reject)
        self.save_button.setVisible(not read_only)
        self.saved_key: str | None = None  # the key of the stored record, after a save
        if not read_only:
            add_shortcut(self, QKeySequence.StandardKey.Save, self.save_and_close)

    def finish_layout(self, form_key: str) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addLayout(button_row([], [self.save_button, self.close_button]))
        if self.read_only:
            self.banner.show_messages(
                [_tr("Du kan se uppgifterna men inte ändra dem (behörighet saknas).")]
            )
            set_read_only(self, True, keep=[self.close_button])
        self.restore_geometry()
        self.start_autosave(form_key)

    def store(self) -> None:
        """Call the service; raise its error (shown at the fields)."""
        raise NotImplementedError

    def save(self) -> bool:
        if self.read_only:
            return False
        self.errors.clear()
        try:
            self.store()
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.mark_saved()
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()


class ReferenceDialog(RecordDialog):
    """Ny hänvisning / Ändra hänvisning (``references.save_reference``)."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        reference: ReferenceView | None,
        taken_codes: Sequence[str],
        *,
        read_only: bool = False,
    ) -> None:
        title = _tr("Ändra hänvisning") if reference else _tr("Ny hänvisning")
        super().__init__(parent, ctx, "installningar/lagrum", title, read_only=read_only)
        self.reference = reference
        self._taken = {c.casefold() for c in taken_codes}
        self.code = QLineEdit(reference.code if reference else "")
        self.code.setPlaceholderText(_tr("t.ex. sosfs_2011_5"))
        self.title_edit = QLineEdit(reference.title if reference else "")
        self.reference_edit = QLineEdit(reference.reference if reference else "")
        self.reference_edit.setPlaceholderText(_tr("t.ex. 14 kap. 3 § socialtjänstlagen"))
        self.note = text_edit(3)
        self.note.setPlainText((reference.note or "") if reference else "")
        self.historical = QCheckBox(_tr("&Historisk (upphävd eller ersatt av annan lag)"))
        self.historical.setChecked(bool(reference and reference.historical))
        name_widget(self.historical, self.historical.text())
        self.verified_on, verified = verified_field(reference.verified_on if reference else None)

        if reference is not None:
            self.code.setReadOnly(True)
            self.code.setToolTip(_tr("Formulär och rapporter hänvisar med koden; den ändras inte."))
            self.title_edit.setFocus()
        self.form.addRow(
            note_label(
                _tr(
                    "Formulär och rapporter hänvisar till lagrummet med koden och skriver ut "
                    "lagrummet som det står här."
                )
            )
        )
        rows = [
            ("code", _tr("&Kod:"), self.code),
            ("title", _tr("&Benämning:"), self.title_edit),
            ("reference", _tr("&Lagrum:"), self.reference_edit),
            ("note", _tr("&Anteckning:"), self.note),
        ]
        self.errors.bind_all(error_rows(self.form, rows))
        self.form.addRow("", self.historical)
        self.errors.bind_all(
            error_rows(self.form, [("verified_on", _tr("K&ontrollerad:"), verified)])
        )
        self.form.addRow(
            "",
            help_label(
                _tr(
                    "Lämna datumet tomt tills hänvisningen är kontrollerad mot gällande lydelse; "
                    "den visas då som ”att verifiera” och skrivs inte ut på dokument som "
                    "lämnas ut."
                )
            ),
        )
        self.finish_layout(f"lagrum:{reference.code if reference else 'ny'}")

    def draft_title(self) -> str:
        return _tr("Lagrum: {title}").format(title=self.title_edit.text() or self.code.text())

    def form_state(self) -> FormState:
        return {
            "code": self.code.text(),
            "title": self.title_edit.text(),
            "reference": self.reference_edit.text(),
            "note": self.note.toPlainText(),
            "historical": self.historical.isChecked(),
            "verified_on": self.verified_on.text(),
        }

    def restore_state(self, state: FormState) -> None:
        if self.reference is None:
            self.code.setText(str(state.get("code") or ""))
        self.title_edit.setText(str(state.get("title") or ""))
        self.reference_edit.setText(str(state.get("reference") or ""))
        self.note.setPlainText(str(state.get("note") or ""))
        self.historical.setChecked(bool(state.get("historical")))
        self.verified_on.set_text(str(state.get("verified_on") or ""))

    def store(self) -> None:
        problems: list[FieldError] = []
        code = self.code.text().strip()
        if self.reference is None and code:
            if not _CODE.match(code):
                problems.append(
                    FieldError(
                        "code",
                        _tr(
                            "Koden får bara innehålla små bokstäver a–z, siffror och understreck "
                            "(2–60 tecken), till exempel sosfs_2011_5."
                        ),
                    )
                )
            elif code.casefold() in self._taken:
                problems.append(
                    FieldError(
                        "code",
                        _tr(
                            "Koden ”{code}” finns redan. Välj hänvisningen i tabellen för att "
                            "ändra den."
                        ).format(code=code),
                    )
                )
        verified_on = _checked_date(self.verified_on, problems)
        if problems:
            raise ValidationFailed(problems)
        references.save_reference(
            self.ctx,
            code,
            self.title_edit.text(),
            self.reference_edit.text(),
            self.note.toPlainText(),
            historical=self.historical.isChecked(),
            verified_on=verified_on,
        )
        self.saved_key = code


def verified_field(value: date | None) -> tuple[DateField, QWidget]:
    """ "Kontrollerad": a date field and a button that fills in today."""
    field = DateField(value=value)
    today = QPushButton(_tr("Kontrollerad &idag"))
    today.setAutoDefault(False)
    name_widget(today, today.text())
    today.clicked.connect(lambda: field.set_date(date.today()))
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field)
    row.addWidget(today)
    row.addStretch(1)
    holder.setFocusProxy(field.edit)
    return field, holder


def _checked_date(field: DateField, problems: list[FieldError]) -> date | None:
    value = read_date(field, "verified_on", problems)
    if value is not None and value > date.today():
        problems.append(FieldError("verified_on", _tr("Datumet kan inte ligga i framtiden.")))
    return value


class DepartmentDialog(RecordDialog):
    """Ny avdelning / Ändra avdelning (``references.save_department``)."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        department: DepartmentView | None,
        others: Sequence[DepartmentView],
        *,
        read_only: bool = False,
    ) -> None:
        title = _tr("Ändra avdelning") if department else _tr("Ny avdelning")
        super().__init__(parent, ctx, "installningar/ivo-avdelning", title, read_only=read_only)
        self.department = department
        self._others = [o for o in others if department is None or o.id != department.id]
        self.name = QLineEdit(department.name if department else "")
        self.name.setPlaceholderText(_tr("t.ex. IVO avdelning väst"))
        self.counties = text_edit(6, _tr("Ett län per rad, t.ex. Skåne län"))
        self.counties.setPlainText("\n".join(department.counties) if department else "")
        self.postal_address = text_edit(3, _tr("Box, postnummer och ort"))
        self.postal_address.setPlainText((department.postal_address or "") if department else "")
        self.verified_on, verified = verified_field(department.verified_on if department else None)
        rows = [
            ("name", _tr("&Namn:"), self.name),
            ("counties", _tr("&Län (ett per rad):"), self.counties),
            ("postal_address", _tr("&Postadress:"), self.postal_address),
            ("verified_on", _tr("&Kontrollerad:"), verified),
        ]
        self.errors.bind_all(error_rows(self.form, rows))
        self.form.addRow(
            "",
            help_label(
                _tr(
                    "Anmälan går till avdelningen för det län där verksamheten finns. Kontrollera "
                    "avdelningar och adresser mot IVO:s webbplats och ange datumet."
                )
            ),
        )
        key = department.id if department else "ny"
        self.finish_layout(f"ivo-avdelning:{key}")

    def draft_title(self) -> str:
        return _tr("IVO:s avdelningar: {name}").format(name=self.name.text())

    def county_lines(self) -> list[str]:
        return [" ".join(line.split()) for line in self.counties.toPlainText().splitlines()]

    def form_state(self) -> FormState:
        return {
            "name": self.name.text(),
            "counties": self.counties.toPlainText(),
            "postal_address": self.postal_address.toPlainText(),
            "verified_on": self.verified_on.text(),
        }

    def restore_state(self, state: FormState) -> None:
        self.name.setText(str(state.get("name") or ""))
        self.counties.setPlainText(str(state.get("counties") or ""))
        self.postal_address.setPlainText(str(state.get("postal_address") or ""))
        self.verified_on.set_text(str(state.get("verified_on") or ""))

    def _county_problems(self) -> list[str]:
        messages: list[str] = []
        seen: set[str] = set()
        owner = {c.casefold(): o.name for o in self._others for c in o.counties}
        for county in (c for c in self.county_lines() if c):
            key = county.casefold()
            if not key.endswith(" län"):
                messages.append(
                    _tr(
                        "Skriv länets hela namn, till exempel ”Skåne län” (inte ”{county}”)."
                    ).format(county=county)
                )
            elif key in seen:
                messages.append(_tr("”{county}” står två gånger.").format(county=county))
            elif key in owner:
                messages.append(
                    _tr(
                        "”{county}” hör redan till {other}. Ett län kan bara höra till en "
                        "avdelning."
                    ).format(county=county, other=owner[key])
                )
            seen.add(key)
        return messages

    def store(self) -> None:
        problems = [FieldError("counties", m) for m in self._county_problems()]
        verified_on = _checked_date(self.verified_on, problems)
        if problems:
            raise ValidationFailed(problems)
        self.saved_key = references.save_department(
            self.ctx,
            self.name.text(),
            self.county_lines(),
            self.postal_address.toPlainText(),
            self.department.id if self.department else None,
            verified_on,
        )


# --- the tables --------------------------------------------------------------------------------


class RecordTable(QWidget, Generic[RecordT]):
    """A table of records with "Ny …" and "Ändra …"; ``changed`` after each save."""

    changed = Signal()
    COLUMNS: tuple[str, ...] = ()
    STRETCH: tuple[int, ...] = ()

    def __init__(
        self,
        ctx: Context,
        intro: str,
        table_name: str,
        new_text: str,
        edit_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editable = ctx.actor.can(SETTINGS_CHANGE)
        self.records: list[RecordT] = []
        self.dialog: RecordDialog | None = None
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setAccessibleName(table_name)
        self.table.setHorizontalHeaderLabels([_tr(c) for c in self.COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(len(self.COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in self.STRETCH
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.activated.connect(self._double_clicked)
        self.new_button = QPushButton(new_text)
        self.new_button.clicked.connect(lambda: self.open_dialog(None))
        self.edit_button = QPushButton(edit_text if self.editable else _tr("&Visa…"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button.setVisible(self.editable)
        self.table.itemSelectionChanged.connect(self._selection_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(note_label(intro))
        if not self.editable:
            layout.addWidget(
                note_label(_tr("Du kan se tabellen men inte ändra den."), UNVERIFIED_COLOUR)
            )
        # How many rows nobody has checked yet: shown above the table while there are any.
        self.unchecked_label = note_label("", UNVERIFIED_COLOUR)
        self.unchecked_label.setAccessibleName(_tr("Att verifiera"))
        layout.addWidget(self.unchecked_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row([self.new_button, self.edit_button], []))
        self.refresh()

    # --- to implement ---------------------------------------------------------------------

    def load(self) -> list[RecordT]:
        raise NotImplementedError

    def cells(self, record: RecordT) -> list[QTableWidgetItem]:
        raise NotImplementedError

    def key(self, record: RecordT) -> str:
        raise NotImplementedError

    def make_dialog(self, record: RecordT | None) -> RecordDialog:
        raise NotImplementedError

    def unchecked_text(self, unchecked: int, total: int) -> str:
        return (
            _tr("%1 av %2 är inte kontrollerade (”att verifiera”).")
            .replace("%1", str(unchecked))
            .replace("%2", str(total))
        )

    # --- showing --------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Read the records again; keep (or move to ``select``) the selected one."""
        current = self.selected()
        wanted = select if select is not None else (self.key(current) if current else None)
        self.records = self.load()
        self.table.setRowCount(0)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            for column, item in enumerate(self.cells(record)):
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        unchecked = sum(1 for r in self.records if getattr(r, "verified_on", None) is None)
        self.unchecked_label.setText(
            self.unchecked_text(unchecked, len(self.records)) if unchecked else ""
        )
        self.unchecked_label.setVisible(bool(unchecked))
        keys = [self.key(r) for r in self.records]
        if wanted in keys:
            self.table.selectRow(keys.index(wanted))
        self._selection_changed()

    def selected(self) -> RecordT | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.records[row] if 0 <= row < len(self.records) else None

    def _selection_changed(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    # --- editing --------------------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.records):
            self.table.selectRow(index.row())
            self.edit_selected()

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_dialog(record)

    def open_dialog(self, record: RecordT | None) -> RecordDialog:
        dialog = self.make_dialog(record)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda: self._saved(dialog.saved_key))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, key: str | None) -> None:
        self.refresh(key)
        self.changed.emit()


class ReferencesTab(RecordTable[ReferenceView]):
    """Lagrum: kod, benämning, lagrum, anteckning, historisk, kontrollerad."""

    COLUMNS = ("Kod", "Benämning", "Lagrum", "Anteckning", "Historisk", "Kontrollerad")
    STRETCH = (1, 2, 3)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            _tr(
                "Formulär och rapporter hänvisar till lagrummen med koden, så ett lagrum "
                "ändras här och inte i programmet. Ange datum när en hänvisning är kontrollerad "
                "mot gällande lydelse; till dess visas den som ”att verifiera” och skrivs "
                "inte ut på dokument som lämnas ut, till exempel anmälan till IVO."
            ),
            _tr("Lagrum"),
            _tr("&Ny hänvisning…"),
            _tr("Ä&ndra hänvisning…"),
            parent,
        )

    def load(self) -> list[ReferenceView]:
        return references.references(self.ctx)

    def key(self, record: ReferenceView) -> str:
        return record.code

    def cells(self, record: ReferenceView) -> list[QTableWidgetItem]:
        return [
            _item(record.code),
            _item(record.title),
            _item(record.reference),
            _item(record.note or ""),
            _item(_tr("Historisk") if record.historical else ""),
            verified_item(record.verified_on),
        ]

    def unchecked_text(self, unchecked: int, total: int) -> str:
        return (
            _tr(
                "%1 av %2 hänvisningar är inte kontrollerade (”att verifiera”) och skrivs inte "
                "ut på dokument som lämnas ut. Välj en hänvisning, Ändra hänvisning… och "
                "Kontrollerad idag när den är kontrollerad."
            )
            .replace("%1", str(unchecked))
            .replace("%2", str(total))
        )

    def make_dialog(self, record: ReferenceView | None) -> RecordDialog:
        return ReferenceDialog(
            self,
            self.ctx,
            record,
            [r.code for r in self.records],
            read_only=not self.editable,
        )


class DepartmentsTab(RecordTable[DepartmentView]):
    """IVO:s avdelningar: namn, län (one per line), postadress, kontrollerad."""

    COLUMNS = ("Namn", "Län", "Postadress", "Kontrollerad")
    STRETCH = (0, 1, 2)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            _tr(
                "En lex Sarah-anmälan går till IVO-avdelningen för det län där verksamheten "
                "finns. Kontrollera avdelningarna och deras adresser mot IVO:s webbplats."
            ),
            _tr("IVO:s avdelningar"),
            _tr("&Ny avdelning…"),
            _tr("Ä&ndra avdelning…"),
            parent,
        )

    def load(self) -> list[DepartmentView]:
        return references.departments(self.ctx)

    def key(self, record: DepartmentView) -> str:
        return record.id

    def cells(self, record: DepartmentView) -> list[QTableWidgetItem]:
        return [
            _item(record.name),
            _item("\n".join(record.counties)),
            _item(record.postal_address or ""),
            verified_item(record.verified_on),
        ]

    def make_dialog(self, record: DepartmentView | None) -> RecordDialog:
        return DepartmentDialog(self, self.ctx, record, self.records, read_only=not self.editable)
