"""Pick an individual's pseudonymous code from a unit's register, or type a new one.

A reusable field for every editor that names individuals (risk analyses, avvikelser, lex
Sarah, förändringar i insatser): the unit's register fills the list, and what is typed is
kept as it is (the service checks it, so a personnummer is refused at the field)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import individuals
from kvalitet_desktop.services.context import Context


class IndividualPicker(QComboBox):
    """An editable combo of the codes in ``unit_id``'s register (with their insats)."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.lineEdit()
        assert edit is not None  # an editable combo has one
        edit.setPlaceholderText(self.tr("Kod, till exempel SOL-07"))
        edit.setMaxLength(20)
        completer = self.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.unit_id: str | None = None
        self.entries: list[individuals.RegisterEntry] = []

    def set_unit(self, unit_id: str | None) -> None:
        """Offer the register of ``unit_id``; the text typed so far stays."""
        typed = self.code()
        self.unit_id = unit_id
        try:
            self.entries = individuals.register(self.ctx, unit_id) if unit_id else []
        except KvalitetError:
            self.entries = []  # a unit the user does not work in: type the code
        self.blockSignals(True)
        self.clear()
        for entry in self.entries:
            label = f"{entry.code} – {entry.insats}" if entry.insats else entry.code
            self.addItem(label, entry.code)
        self.setCurrentIndex(-1)
        self.setEditText(typed)
        self.blockSignals(False)

    def code(self) -> str:
        """The code chosen or typed (a chosen entry's code, without its insats)."""
        text = self.currentText().strip()
        for entry in self.entries:
            if text.startswith(f"{entry.code} – ") or text == entry.code:
                return entry.code
        return text

    def set_code(self, code: str | None) -> None:
        self.setEditText(code or "")

    def entry(self) -> individuals.RegisterEntry | None:
        code = self.code().upper()
        return next((e for e in self.entries if e.code == code), None)
