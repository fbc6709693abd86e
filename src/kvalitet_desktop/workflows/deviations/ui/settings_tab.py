"""Inställningar › Avvikelser: the local deadlines (investigation begun within N days, closed
within M days, reminded ahead) and the editable lists of categories and lagrum (one a line)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.roles import SETTINGS_CHANGE
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    add_row,
    help_label,
    set_read_only,
    text_edit,
)
from kvalitet_desktop.ui.views.settings_tab import SettingsTab
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.domain import DeadlineRules
from kvalitet_desktop.workflows.deviations.ui.common import tr

# (rule, label)
DEADLINE_FIELDS = (
    ("start_within_days", "Utredningen &påbörjas inom:"),
    ("close_within_days", "Avvikelsen är a&vslutad inom:"),
    ("remind_days_before", "Påm&inn före förfallodagen:"),
)


class DeviationsTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:avvikelser",
            tr("Inställningar – Avvikelser"),
            editable=ctx.actor.can(SETTINGS_CHANGE),
            not_allowed=tr("Du kan se inställningarna men inte ändra dem."),
            parent=parent,
        )
        self.spins: dict[str, QSpinBox] = {}
        deadlines = QGroupBox(tr("Tidsfrister"))
        form = QFormLayout(deadlines)
        form.addRow(
            help_label(
                tr(
                    "Räknas i dagar från det att avvikelsen registrerades. Gäller avvikelser "
                    "som registreras efter ändringen."
                )
            )
        )
        for key, label in DEADLINE_FIELDS:
            spin = QSpinBox()
            spin.setRange(0, 365)
            spin.setSuffix(tr(" dagar"))
            error = ErrorLabel()
            add_row(form, tr(label), spin, error=error)
            self.errors.bind(key, error, spin)
            spin.valueChanged.connect(self.edited)
            self.spins[key] = spin
        lists = QGroupBox(tr("Listor"))
        list_form = QFormLayout(lists)
        list_form.addRow(help_label(tr("Ett värde per rad. Ändringen påverkar inte gamla poster.")))
        self.categories = text_edit(8)
        self.legal_bases = text_edit(4)
        for key, label, edit in (
            ("categories", tr("&Kategorier:"), self.categories),
            ("legal_bases", tr("&Lagrum:"), self.legal_bases),
        ):
            error = ErrorLabel()
            add_row(list_form, label, edit, error=error)
            self.errors.bind(key, error, edit)
            edit.textChanged.connect(self.edited)
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.read_only_note)
        column.addWidget(self.banner)
        column.addWidget(deadlines)
        column.addWidget(lists)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(self.save_bar())
        self.load()
        if not self.editable:
            set_read_only(content, True)
        self.start_autosave()

    def load(self) -> None:
        rules = deviations.deadline_rules(self.ctx).to_dict()
        for key, spin in self.spins.items():
            spin.setValue(rules[key])
        stored = deviations.lists(self.ctx)
        self.categories.setPlainText("\n".join(stored.categories))
        self.legal_bases.setPlainText("\n".join(stored.legal_bases))

    def rules(self) -> DeadlineRules:
        return DeadlineRules(**{key: spin.value() for key, spin in self.spins.items()})

    def form_state(self) -> FormState:
        return {
            **{key: spin.value() for key, spin in self.spins.items()},
            "categories": self.categories.toPlainText(),
            "legal_bases": self.legal_bases.toPlainText(),
        }

    def restore_state(self, state: FormState) -> None:
        for key, spin in self.spins.items():
            value = state.get(key)
            if isinstance(value, int):
                spin.setValue(value)
        self.categories.setPlainText(str(state.get("categories") or ""))
        self.legal_bases.setPlainText(str(state.get("legal_bases") or ""))

    def save(self) -> bool:
        self.errors.clear()
        self.saved_label.clear()
        problems: list[FieldError] = []
        try:
            try:
                deviations.set_deadline_rules(self.ctx, self.rules())
            except ValidationFailed as error:
                problems.extend(error.errors)
            try:
                stored = deviations.set_lists(
                    self.ctx,
                    self.categories.toPlainText().splitlines(),
                    self.legal_bases.toPlainText().splitlines(),
                )
                self.categories.setPlainText("\n".join(stored.categories))
                self.legal_bases.setPlainText("\n".join(stored.legal_bases))
            except ValidationFailed as error:
                problems.extend(error.errors)
            if problems:
                raise ValidationFailed(problems)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.mark_saved(tr("Inställningarna för avvikelser är sparade."))
        return True
