"""The small provenance row under each field of a section that documents its sources
(SOSFS 2011:5): when it was documented, the source, fact or assessment, and by whom."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QLabel, QLineEdit, QRadioButton, QWidget

from kvalitet_desktop.domain.forms import Nature, Provenance
from kvalitet_desktop.ui.dialogs.common import ErrorLabel
from kvalitet_desktop.ui.forms.field_widgets import DateInput, column, row, small_font, tr
from kvalitet_desktop.ui.toolkit.fields import HELP_COLOR

NATURE_LABELS = {Nature.FACT: "Fakta", Nature.ASSESSMENT: "Bedömning"}


class ProvenanceRow(QFrame):
    """Dokumenterat (date, today by default), Källa, Fakta/Bedömning and Dokumenterat av
    (the current user by default). Neither fact nor assessment is chosen until the user
    says which: the form must not call an assessment a fact on its own."""

    changed = Signal()

    def __init__(self, field_label: str, documented_by: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.default_by = documented_by
        self.setObjectName("provenance")
        self.setStyleSheet("QFrame#provenance { border: none; border-left: 3px solid #d5dae0; }")
        about = tr("Ursprung för ”{label}”").format(label=field_label)
        self.source = QLineEdit()
        self.source.setPlaceholderText(tr("t.ex. intervju med undersköterska, journalanteckning"))
        self.fact = QRadioButton(tr("Fakta"))
        self.assessment = QRadioButton(tr("Bedömning"))
        self.nature = QButtonGroup(self)
        self.nature.addButton(self.fact)
        self.nature.addButton(self.assessment)
        self.date = DateInput()
        self.by = QLineEdit(documented_by)
        self.error = ErrorLabel()

        layout = column(self, 3)
        layout.setContentsMargins(8, 2, 0, 2)
        first = row(None, 6)
        first.addWidget(self._label(tr("Källa:"), self.source, about))
        first.addWidget(self.source, 1)
        first.addSpacing(10)
        first.addWidget(self.fact)
        first.addWidget(self.assessment)
        second = row(None, 6)
        second.addWidget(self._label(tr("Dokumenterat:"), self.date.edit, about))
        second.addWidget(self.date)
        second.addSpacing(10)
        second.addWidget(self._label(tr("Dokumenterat av:"), self.by, about))
        second.addWidget(self.by, 1)
        layout.addLayout(first)
        layout.addLayout(second)
        layout.addWidget(self.error)
        for button, text in ((self.fact, tr("Fakta")), (self.assessment, tr("Bedömning"))):
            button.setAccessibleName(text)
            button.setAccessibleDescription(about)
        for widget in (self, self.source, self.fact, self.assessment, self.date, self.by):
            small_font(widget)
        self.source.textChanged.connect(self.changed)
        self.by.textChanged.connect(self.changed)
        self.date.changed.connect(self.changed)
        self.nature.buttonToggled.connect(self._nature_toggled)
        self.set_value(None)

    def _nature_toggled(self, _button: object, on: bool) -> None:
        if on:
            self.changed.emit()

    def _label(self, text: str, buddy: QWidget, about: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet(f"color: {HELP_COLOR};")
        small_font(label)
        label.setBuddy(buddy)
        buddy.setAccessibleName(text.rstrip(":"))
        buddy.setAccessibleDescription(about)
        return label

    def chosen_nature(self) -> Nature | None:
        if self.fact.isChecked():
            return Nature.FACT
        if self.assessment.isChecked():
            return Nature.ASSESSMENT
        return None

    def value(self) -> Provenance | None:
        """The provenance, or None while neither fact nor assessment is chosen."""
        nature = self.chosen_nature()
        if nature is None:
            return None
        return Provenance(self.date.text(), self.source.text(), nature, self.by.text())

    def set_value(self, value: Provenance | None) -> None:
        """Show ``value``; None gives the defaults (today, the current user, no source)."""
        self.date.set_text(value.documented_on if value else date.today().isoformat())
        self.source.setText(value.source if value else "")
        self.by.setText(value.documented_by if value else self.default_by)
        nature = value.nature if value else None
        self.nature.setExclusive(False)
        self.fact.setChecked(nature is Nature.FACT)
        self.assessment.setChecked(nature is Nature.ASSESSMENT)
        self.nature.setExclusive(True)

    def focus_target(self) -> QWidget:
        """The first part that is missing (where an error about the provenance points)."""
        text = self.date.text()
        if not text or len(text) != 10:
            return self.date.edit
        if not self.source.text().strip():
            return self.source
        if self.chosen_nature() is None:
            return self.fact
        if not self.by.text().strip():
            return self.by
        return self.source
