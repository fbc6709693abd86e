"""The register of the individuals a unit serves: codes, insats, from and to. The unit
manager keeps it; others who work in the unit read it (and pick codes from it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.individuals import IndividualInput
from kvalitet_desktop.services import individuals, organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    FieldErrors,
    add_row,
    help_label,
    iso,
    name_widget,
    read_date,
)
from kvalitet_desktop.ui.widgets.tables import read_only_table


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    name_widget(button, name)
    return button


class RegisterDialog(QDialog):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Register över enskilda"))
        self.resize(760, 560)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.editing: str | None = None

        self.unit = ChoiceCombo()
        self.unit.set_choices([(u.name, u.id) for u in organisation.units(ctx)])
        self.unit.currentIndexChanged.connect(self.reload)
        self.table = read_only_table(
            [self.tr("Kod"), self.tr("Insats"), self.tr("Från"), self.tr("Till")],
            self.tr("Registret"),
            stretch=1,
        )
        self.table.itemSelectionChanged.connect(self._picked)

        self.code = QLineEdit()
        self.code.setMaxLength(20)
        self.insats = QLineEdit()
        self.insats.setMaxLength(200)
        self.from_on = DateField()
        self.to_on = DateField()
        form = QFormLayout()
        add_row(form, self.tr("&Enhet"), self.unit)
        rows = (
            ("code", self.tr("&Kod"), self.code),
            ("insats", self.tr("&Insats"), self.insats),
            ("from_on", self.tr("&Från"), self.from_on),
            ("to_on", self.tr("&Till"), self.to_on),
        )
        details = QFormLayout()
        for key, text, field in rows:
            error = ErrorLabel()
            add_row(details, text, field, error=error)
            self.errors.bind(key, error, field)

        self.new_button = _button(self.tr("&Ny person"), self.tr("Ny person"))
        self.save_button = _button(self.tr("&Spara"), self.tr("Spara personen"))
        self.remove_button = _button(
            self.tr("Ta &bort ur registret…"), self.tr("Ta bort ur registret")
        )
        self.close_button = _button(self.tr("Stän&g"), self.tr("Stäng"))
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            help_label(
                self.tr(
                    "Enhetens enskilda med pseudonymiserad kod – aldrig namn eller personnummer. "
                    "Koderna väljs sedan i riskanalyser, rapporter och förändringar i insatser."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(details)
        layout.addWidget(self.banner)
        layout.addLayout(buttons)
        self.reload()

    def _unit_id(self) -> str | None:
        value = self.unit.value()
        return value if isinstance(value, str) else None

    def reload(self) -> None:
        unit_id = self._unit_id()
        self.entries = individuals.register(self.ctx, unit_id) if unit_id else []
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            for column, text in enumerate(
                (entry.code, entry.insats or "", iso(entry.from_on), iso(entry.to_on))
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.table.setItem(row, column, item)
        may = bool(unit_id) and individuals.may_administer(self.ctx, unit_id or "")
        for widget in (self.code, self.insats, self.new_button, self.save_button):
            widget.setEnabled(may)
        self.from_on.set_read_only(not may)
        self.to_on.set_read_only(not may)
        self.remove_button.setEnabled(may and bool(self.entries))
        self.start_new()

    def start_new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        self.code.clear()
        self.insats.clear()
        self.from_on.set_date(None)
        self.to_on.set_date(None)
        self.errors.clear()

    def _picked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        entry = self.entries[rows[0].row()]
        self.editing = entry.id
        self.code.setText(entry.code)
        self.insats.setText(entry.insats or "")
        self.from_on.set_date(entry.from_on)
        self.to_on.set_date(entry.to_on)

    def save(self) -> bool:
        unit_id = self._unit_id()
        problems: list[FieldError] = []
        from_on = read_date(self.from_on, "from_on", problems)
        to_on = read_date(self.to_on, "to_on", problems)
        try:
            if problems:
                raise ValidationFailed(problems)
            data = IndividualInput(
                self.code.text(), unit_id or "", self.insats.text(), from_on, to_on
            )
            saved = individuals.save_individual(self.ctx, data, self.editing)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.reload()
        self._select(saved.id)
        return True

    def _select(self, entry_id: str) -> None:
        for row, entry in enumerate(self.entries):
            if entry.id == entry_id:
                self.table.selectRow(row)

    def remove(self) -> None:
        if self.editing is None:
            self.banner.show_messages([self.tr("Välj först en person i registret.")])
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Ta bort ur registret"), self.tr("Varför tas personen bort?")
        )
        if not ok:
            return
        try:
            individuals.remove_individual(self.ctx, self.editing, reason)
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.reload()
