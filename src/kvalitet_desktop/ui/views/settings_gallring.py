"""Inställningar › Gallring: per record kind how many years after closing its personal data is
removed (administrators), what is removed and what stays, and the way to a gallring run."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services import gallring
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import error_rows, help_label, name_widget
from kvalitet_desktop.ui.views.settings_tab import UNVERIFIED_COLOUR, SettingsTab, note_label

# Wider than the allowed range on purpose: a wrong number gets the service's message at the
# field instead of being changed silently by the spin box.
SPIN_RANGE = (0, 999)


def _gallring(text: str) -> str:
    return QCoreApplication.translate("Gallring", text)


class GallringTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:gallring",
            self.tr("Inställningar – Gallring"),
            editable=True,  # the tab is shown only to those who may run gallring
            not_allowed="",
            parent=parent,
        )
        self.rules = gallring.rules(ctx)
        self.years: dict[str, QSpinBox] = {}
        self.default_notes: dict[str, QWidget] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Gallring tar bort personuppgifterna ur avslutade ärenden när de har sparats "
                    "så länge som kommunens informationshanteringsplan säger. Det som behövs för "
                    "statistik och analys (datum, kategorier, enheter, antal) finns kvar. Ingen "
                    "tid är bestämd i lag för alla kommuner: ange den som er plan anger."
                )
            )
        )
        layout.addWidget(self.banner)
        for rule in self.rules:
            layout.addWidget(self._rule_box(rule))
        self.run_button = QPushButton(self.tr("&Visa vad som ska gallras…"))
        name_widget(self.run_button, self.run_button.text())
        self.run_button.setAutoDefault(False)
        self.run_button.clicked.connect(self.open_run)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addStretch(1)
        layout.addLayout(run_row)
        layout.addStretch(1)
        layout.addLayout(self.save_bar())
        self.load()
        for spin in self.years.values():
            spin.valueChanged.connect(self.edited)
        self.start_autosave()

    def _rule_box(self, rule: gallring.Rule) -> QGroupBox:
        title = QCoreApplication.translate("RecordKind", rule.title)
        box = QGroupBox(title)
        form = QFormLayout(box)
        spin = QSpinBox()
        spin.setRange(*SPIN_RANGE)
        spin.setSuffix(self.tr(" år"))
        spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0000 år") + 40)
        self.years[rule.key] = spin
        many = QCoreApplication.translate("RecordKind", registry.kind(rule.key).nouns.many)
        label = self.tr("Gallra {kind} efter:").format(kind=many)
        self.errors.bind_all(error_rows(form, [(f"years.{rule.key}", label, spin)]))
        spin.setAccessibleName(self.tr("År till gallring: {kind}").format(kind=title))
        spin.setAccessibleDescription(_gallring(rule.spec.closed_when))
        default = note_label(
            self.tr(
                "Standardvärde, inte bekräftat: kontrollera det mot kommunens "
                "informationshanteringsplan och spara."
            ),
            UNVERIFIED_COLOUR,
        )
        self.default_notes[rule.key] = default
        form.addRow(default)
        personal = ", ".join(_gallring(t) for t in rule.spec.personal)
        kept = ", ".join(_gallring(t) for t in rule.spec.kept)
        form.addRow(
            help_label(
                self.tr(
                    "Räknas från att {closed}.\nTas bort: {personal}.\nFinns kvar: {kept}."
                ).format(closed=_gallring(rule.spec.closed_when), personal=personal, kept=kept)
            )
        )
        return box

    def load(self) -> None:
        self.rules = gallring.rules(self.ctx)
        for rule in self.rules:
            self.years[rule.key].setValue(rule.years)
            self.default_notes[rule.key].setVisible(rule.is_default)

    def open_run(self) -> None:
        from kvalitet_desktop.ui.dialogs.gallring import GallringDialog

        GallringDialog(self, self.ctx).exec()

    # --- drafts and saving -----------------------------------------------------------------

    def form_state(self) -> FormState:
        return {key: spin.value() for key, spin in self.years.items()}

    def restore_state(self, state: FormState) -> None:
        for key, value in state.items():
            if key in self.years and isinstance(value, int):
                self.years[key].setValue(value)

    def save(self) -> bool:
        self.errors.clear()
        self.saved_label.clear()
        changed = [r for r in self.rules if self.years[r.key].value() != r.years or r.is_default]
        for rule in changed:
            try:
                gallring.set_years(self.ctx, rule.key, self.years[rule.key].value())
            except ValidationFailed as error:
                key = f"years.{rule.key}"
                self.errors.show(ValidationFailed(FieldError(key, e.message) for e in error.errors))
                return False
            except KvalitetError as error:
                self.errors.show(error)
                return False
        self.load()
        self.mark_saved(self.tr("Gallringsreglerna är sparade."))
        return True
