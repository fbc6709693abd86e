"""Inställningar › Kommunen: name, organisationsnummer, län and address (administrators).

The county decides which of IVO's regional departments receives the municipality's lex Sarah
notifications; the tab shows which one as soon as a county is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.domain.roles import ORGANISATION_ADMINISTER
from kvalitet_desktop.services import organisation, references
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    error_rows,
    help_label,
    set_read_only,
    text_edit,
)
from kvalitet_desktop.ui.views.settings_tab import SettingsTab, note_label


class MunicipalityTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:kommunen",
            self.tr("Inställningar – Kommunen"),
            editable=ctx.actor.can(ORGANISATION_ADMINISTER),
            not_allowed=self.tr("Bara administratörer kan ändra kommunens uppgifter."),
            parent=parent,
        )
        self.name = QLineEdit()
        self.org_number = QLineEdit()
        self.org_number.setPlaceholderText(self.tr("NNNNNN-NNNN"))
        self.org_number.setMaxLength(11)
        self.org_number.setMaximumWidth(self.org_number.fontMetrics().horizontalAdvance("0" * 18))
        self.county = ChoiceCombo()
        self.county.setMinimumWidth(240)
        self.address = text_edit(3, self.tr("Gatuadress\nPostnummer och ort"))
        for field in (self.name, self.address):
            field.setMinimumWidth(360)
            field.setMaximumWidth(560)

        box = QGroupBox(self.tr("Kommunen"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors.bind_all(
            error_rows(
                form,
                [
                    ("name", self.tr("&Namn:"), self.name),
                    ("org_number", self.tr("&Organisationsnummer:"), self.org_number),
                    ("county", self.tr("&Län:"), self.county),
                ],
            )
        )
        self.department = QLabel()  # short lines; no word wrap (it would clip in a form row)
        self.department.setTextFormat(Qt.TextFormat.PlainText)
        self.department.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        department_caption = QLabel(self.tr("IVO-avdelning:"))
        form.addRow(department_caption, self.department)
        self.department.setAccessibleName(self.tr("IVO-avdelning"))
        self.errors.bind_all(error_rows(form, [("address", self.tr("&Adress:"), self.address)]))

        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Kommunens uppgifter står i rapporterna och i anmälan till IVO. Länet avgör "
                    "vilken av IVO:s avdelningar som tar emot kommunens lex Sarah-anmälningar."
                )
            )
        )
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.banner)
        layout.addWidget(box)
        layout.addWidget(
            help_label(
                self.tr(
                    "Länen och avdelningarnas adresser ändras under fliken ”IVO:s avdelningar”."
                )
            )
        )
        layout.addStretch(1)
        layout.addLayout(self.save_bar())

        self.load()
        for signal in (self.name.textChanged, self.org_number.textChanged):
            signal.connect(self.edited)
        self.address.textChanged.connect(self.edited)
        self.county.currentIndexChanged.connect(self._county_changed)
        set_read_only(box, not self.editable)
        if not self.editable:
            self.address.setPlaceholderText("")
        self.start_autosave()

    # --- showing ---------------------------------------------------------------------------

    def load(self) -> None:
        info = organisation.municipality(self.ctx)
        self.refresh_counties()
        self.name.setText(info.name)
        self.org_number.setText(info.org_number)
        self.county.set_value(info.county)
        self.address.setPlainText(info.address or "")
        self._show_department()

    def refresh_counties(self) -> None:
        """The counties of IVO's departments (after they were edited); the choice stays."""
        counties = sorted(
            {c for d in references.departments(self.ctx) for c in d.counties}, key=str.casefold
        )
        self.county.set_choices([(self.tr("– välj län –"), None), *((c, c) for c in counties)])
        self._show_department()

    def _county(self) -> str | None:
        value = self.county.value()
        return value if isinstance(value, str) and value else None

    def _county_changed(self, *_args: object) -> None:
        self.edited()
        self._show_department()

    def _show_department(self) -> None:
        county = self._county()
        if county is None:
            self.department.setText(
                self.tr("Välj län för att se vilken avdelning som tar emot anmälningarna.")
            )
            return
        department = references.department_for_county(self.ctx, county)
        if department is None:
            self.department.setText(
                self.tr("Ingen av IVO:s avdelningar har {county}.").format(county=county)
            )
            return
        lines = [department.name]
        lines.append(department.postal_address or self.tr("(postadress saknas)"))
        if department.verified_on is None:
            lines.append(self.tr("Uppgifterna om avdelningen är inte kontrollerade."))
        self.department.setText("\n".join(lines))

    # --- drafts and saving -----------------------------------------------------------------

    def form_state(self) -> FormState:
        return {
            "name": self.name.text(),
            "org_number": self.org_number.text(),
            "county": self._county(),
            "address": self.address.toPlainText(),
        }

    def restore_state(self, state: FormState) -> None:
        self.name.setText(str(state.get("name") or ""))
        self.org_number.setText(str(state.get("org_number") or ""))
        county = state.get("county")
        self.county.set_value(county if isinstance(county, str) else None)
        self.address.setPlainText(str(state.get("address") or ""))
        self._show_department()

    def save(self) -> bool:
        self.errors.clear()
        self.saved_label.clear()
        try:
            organisation.update_municipality(
                self.ctx,
                self.name.text(),
                self.org_number.text(),
                self._county(),
                self.address.toPlainText(),
            )
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.load()
        self.mark_saved(self.tr("Kommunens uppgifter är sparade."))
        return True
