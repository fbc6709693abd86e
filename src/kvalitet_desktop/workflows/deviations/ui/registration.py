"""The registration of an avvikelse: the few facts any user gives at once, and what the unit
manager completes (lagrum, individual, category, the risk assessment)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.domain.linked_records import SourceFacts
from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    help_label,
    read_date,
    text_edit,
)
from kvalitet_desktop.ui.widgets.individual_picker import IndividualCodeField
from kvalitet_desktop.ui.widgets.risk_matrix import RiskMatrixWidget
from kvalitet_desktop.workflows.deviations.domain import LEX_MARIA_PROMPT, under_hsl
from kvalitet_desktop.workflows.deviations.service import (
    DeviationLists,
    DeviationView,
    RegistrationInput,
)
from kvalitet_desktop.workflows.deviations.ui.common import list_choices, scale_choices, tr

SPECIAL_INDIVIDUALS = ("flera", "okänd")


class RegistrationForm(QWidget):
    """``changed`` fires on every edit. ``full`` False: the quick form of a new avvikelse
    (what a medarbetare needs to give); the rest is shown but may stay empty."""

    changed = Signal()

    def __init__(
        self,
        units: list[tuple[str, str]],
        users: list[tuple[str, str]],
        lists: DeviationLists,
        matrix: RiskMatrixConfig,
        errors: FieldErrors,
        ctx: Context,
        *,
        new: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.new = new
        self.problems: list[FieldError] = []
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(tr("t.ex. Morgonbesöket blev inte av"))
        self.unit = ChoiceCombo()
        self.unit.set_choices([(tr("– Välj enhet –"), None), *((name, uid) for uid, name in units)])
        if len(units) == 1:
            self.unit.set_value(units[0][0])
        self.day = DateField()
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.day)
        when_row.addWidget(QLabel(tr("kl.")))
        when_row.addWidget(self.time)
        when_row.addStretch(1)
        when.setFocusProxy(self.day.edit)
        self.time.setAccessibleName(tr("Klockslag"))
        if new:
            now = datetime.now()
            self.day.set_date(now.date())
            self.time.setTime(QTime(now.hour, now.minute))
        self.place = QLineEdit()
        self.place.setPlaceholderText(tr("t.ex. i den enskildes kök, på avdelning 2"))
        self.description = text_edit(4, tr("Beskriv vad som hände, så konkret du kan."))
        self.consequence = text_edit(3, tr("Vad fick det för följder, eller vad kunde ha hänt?"))
        self.immediate = text_edit(3, tr("Vad gjordes direkt för den enskilde?"))

        # The reporter: oneself, or someone on whose behalf the user registers.
        self.own = QRadioButton(tr("&Jag rapporterar själv"))
        self.for_other = QRadioButton(tr("Jag registrerar å&t någon annan"))
        self.own.setAccessibleName(tr("Jag rapporterar själv"))
        self.for_other.setAccessibleName(tr("Jag registrerar åt någon annan"))
        group = QButtonGroup(self)
        group.addButton(self.own)
        group.addButton(self.for_other)
        self.own.setChecked(True)
        modes = QHBoxLayout()
        modes.addWidget(self.own)
        modes.addWidget(self.for_other)
        modes.addStretch(1)
        self.reporter_user = UserCombo(users)
        self.reporter_name = QLineEdit()
        self.reporter_box = QWidget()
        reporter_form = QFormLayout(self.reporter_box)
        reporter_form.setContentsMargins(0, 0, 0, 0)
        add_row(reporter_form, tr("Rapportör bland &användarna:"), self.reporter_user)
        self.reporter_error = ErrorLabel()
        add_row(
            reporter_form,
            tr("Rapportörens &namn:"),
            self.reporter_name,
            error=self.reporter_error,
            help_text=tr("Om rapportören inte använder programmet."),
        )
        self.reporter_box.setVisible(False)
        self.own.toggled.connect(lambda own: self.reporter_box.setVisible(not own))
        self.reporter_row = QWidget()
        reporter_column = QVBoxLayout(self.reporter_row)
        reporter_column.setContentsMargins(0, 0, 0, 0)
        reporter_column.addLayout(modes)
        reporter_column.addWidget(self.reporter_box)
        self.reporter_label = QLabel()

        self.legal_basis = ChoiceCombo()
        self.legal_basis.set_choices(list_choices(lists.legal_bases, tr("– Ej angivet –")))
        self.lex_maria = QLabel(tr(LEX_MARIA_PROMPT))
        self.lex_maria.setWordWrap(True)
        self.lex_maria.setStyleSheet("font-weight: bold; color: #8a3b00;")
        self.lex_maria.setAccessibleName(tr("Kan vara lex Maria – kontakta MAS"))
        self.lex_maria.setVisible(False)
        self.legal_basis.currentIndexChanged.connect(self._legal_basis_changed)
        # Codes are picked from the unit's register (refused at the field when not in it).
        self.individual = IndividualCodeField(
            ctx, tr("Enskild (kod)"), specials=SPECIAL_INDIVIDUALS
        )
        self.individual.edit.setPlaceholderText(tr("kod, ”flera” eller ”okänd”"))
        self.individuals = IndividualCodeField(ctx, tr("Berörda koder"), multiple=True)
        self.individuals.edit.setPlaceholderText(tr("HT-0042, HT-0043"))
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed()
        self.category = ChoiceCombo()
        self.category.set_choices(list_choices(lists.categories, tr("– Välj kategori –")))

        self.probability = ChoiceCombo()
        self.probability.set_choices(
            [(tr("– Ej bedömd –"), None), *scale_choices(matrix.probability_labels)]
        )
        self.consequence_level = ChoiceCombo()
        self.consequence_level.set_choices(
            [(tr("– Ej bedömd –"), None), *scale_choices(matrix.consequence_labels)]
        )
        self.matrix = RiskMatrixWidget(matrix)
        self.matrix.setMinimumHeight(220)
        self.matrix.cellChosen.connect(self._cell_chosen)
        self.probability.currentIndexChanged.connect(self._combo_changed)
        self.consequence_level.currentIndexChanged.connect(self._combo_changed)
        self.score = QLabel()
        self.matrix_config = matrix

        self.errors: dict[str, ErrorLabel] = {}
        quick = QFormLayout()
        quick.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(quick, "title", tr("R&ubrik *:"), self.title_edit, errors)
        self._row(quick, "unit_id", tr("&Enhet *:"), self.unit, errors)
        self._row(quick, "occurred_at", tr("&När hände det? *"), when, errors, self.day.edit)
        self._row(quick, "place", tr("&Plats:"), self.place, errors)
        quick.addRow(tr("Rapportör:"), self.reporter_row if new else self.reporter_label)
        errors.bind("reporter_name", self.reporter_error, self.reporter_name)
        self._row(quick, "description", tr("&Vad hände? *"), self.description, errors)
        self._row(
            quick, "consequence", tr("&Följder, faktiska eller möjliga:"), self.consequence, errors
        )
        self._row(quick, "immediate_measures", tr("&Omedelbara åtgärder:"), self.immediate, errors)

        more = QGroupBox(tr("Kompletteras av enhetschefen"))
        more_form = QFormLayout(more)
        more_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(more_form, "legal_basis", tr("&Lagrum:"), self.legal_basis, errors)
        more_form.addRow(self.lex_maria)
        self._row(
            more_form,
            "individual",
            tr("Ens&kild (kod):"),
            self.individual,
            errors,
            help_text=tr("Skriv aldrig namn eller personnummer. Vid ”flera”: koderna nedan."),
        )
        self._row(more_form, "individuals", tr("Berörda &koder:"), self.individuals, errors)
        self._row(more_form, "category", tr("Katego&ri:"), self.category, errors)
        self._row(more_form, "probability", tr("&Sannolikhet:"), self.probability, errors)
        self._row(
            more_form, "consequence_level", tr("K&onsekvens:"), self.consequence_level, errors
        )
        more_form.addRow(tr("Riskvärde:"), self.score)
        more_form.addRow(self.matrix)
        more_form.addRow(
            help_label(tr("Klicka i matrisen, eller välj med piltangenterna och Enter."))
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(quick)
        layout.addWidget(more)
        layout.addStretch(1)
        for widget in (self.title_edit, self.place):
            widget.textChanged.connect(self.changed)
        for codes in (self.individual, self.individuals):
            codes.changed.connect(self.changed)
        for edit in (self.description, self.consequence, self.immediate):
            edit.textChanged.connect(self.changed)
        for combo in (self.unit, self.legal_basis, self.category):
            combo.currentIndexChanged.connect(self.changed)
        self.day.edit.textChanged.connect(self.changed)
        self.time.timeChanged.connect(self.changed)
        self.reporter_name.textChanged.connect(self.changed)
        self._combo_changed()

    def _row(
        self,
        form: QFormLayout,
        key: str,
        text: str,
        field: QWidget,
        errors: FieldErrors,
        focus: QWidget | None = None,
        help_text: str | None = None,
    ) -> None:
        error = ErrorLabel()
        add_row(form, text, field, error=error, help_text=help_text)
        # The accessible name without the "required" star (the label shows it).
        name = field.accessibleName().removesuffix(" *").removesuffix("*").strip()
        (focus or field).setAccessibleName(name)
        field.setAccessibleName(name)
        errors.bind(key, error, focus or field)
        self.errors[key] = error

    def _unit_changed(self) -> None:
        unit = self.unit.value()
        for codes in (self.individual, self.individuals):
            codes.set_unit(unit if isinstance(unit, str) else None)

    # --- the risk assessment -------------------------------------------------------------

    def _cell_chosen(self, probability: int, consequence: int) -> None:
        self.probability.set_value(probability)
        self.consequence_level.set_value(consequence)

    def _combo_changed(self) -> None:
        p, c = self.probability.value(), self.consequence_level.value()
        if isinstance(p, int) and isinstance(c, int):
            band = self.matrix_config.band_for(p * c)
            self.score.setText(tr("{score} – {band}").format(score=p * c, band=band.label))
            self.matrix.set_current(p, c)
        else:
            self.score.setText(tr("Ej bedömd"))
            self.matrix.set_current(None, None)
        self.changed.emit()

    def _legal_basis_changed(self) -> None:
        value = self.legal_basis.value()
        self.lex_maria.setVisible(under_hsl(value if isinstance(value, str) else None))

    # --- values --------------------------------------------------------------------------

    def occurred_at(self, problems: list[FieldError]) -> datetime | None:
        day = read_date(self.day, "occurred_at", problems)
        if day is None:
            return None
        moment = self.time.time()
        return datetime(day.year, day.month, day.day, moment.hour(), moment.minute())

    def value(self) -> RegistrationInput:
        """What the form holds; a date that cannot be read is left in ``problems``."""
        self.problems = []
        unit = self.unit.value()
        legal = self.legal_basis.value()
        category = self.category.value()
        p, c = self.probability.value(), self.consequence_level.value()
        codes = self.individuals.codes()
        for key, field in (("individual", self.individual), ("individuals", self.individuals)):
            if problem := field.problem():
                self.problems.append(FieldError(key, problem))
        return RegistrationInput(
            title=self.title_edit.text(),
            unit_id=unit if isinstance(unit, str) else "",
            occurred_at=self.occurred_at(self.problems),
            description=self.description.toPlainText(),
            place=self.place.text() or None,
            own_report=self.own.isChecked(),
            reporter_user_id=None if self.own.isChecked() else self.reporter_user.user_id(),
            reporter_name=None if self.own.isChecked() else (self.reporter_name.text() or None),
            legal_basis=legal if isinstance(legal, str) else None,
            individual=self.individual.code(),
            individuals=codes,
            consequence=self.consequence.toPlainText() or None,
            immediate_measures=self.immediate.toPlainText() or None,
            category=category if isinstance(category, str) else None,
            probability=p if isinstance(p, int) else None,
            consequence_level=c if isinstance(c, int) else None,
        )

    def show_view(self, view: DeviationView) -> None:
        self.blockSignals(True)
        self.title_edit.setText(view.title)
        self.unit.set_value(view.unit_id, view.unit_name)
        self.day.set_date(view.occurred_at.date())
        self.time.setTime(QTime(view.occurred_at.hour, view.occurred_at.minute))
        self.place.setText(view.place or "")
        registered = view.registered_by or "–"
        self.reporter_label.setText(
            tr("{reporter} (registrerad av {by})").format(
                reporter=view.reporter_name, by=registered
            )
        )
        self.description.setPlainText(view.description)
        self.consequence.setPlainText(view.consequence or "")
        self.immediate.setPlainText(view.immediate_measures or "")
        self.legal_basis.set_value(view.legal_basis)
        self.individual.set_codes(view.individual)
        self.individuals.set_codes(list(view.individuals))
        self.category.set_value(view.category)
        self.probability.set_value(view.probability)
        self.consequence_level.set_value(view.consequence_level)
        self.blockSignals(False)
        self._combo_changed()
        self._legal_basis_changed()

    def prefill(self, facts: SourceFacts) -> None:
        """A new avvikelse made from another record starts with what that record says; the
        one who makes it is its reporter."""
        self.title_edit.setText(facts.title)
        self.unit.set_value(facts.unit_id)
        moment = facts.occurred_at or facts.noticed_at
        if moment is not None:
            self.day.set_date(moment.date())
            self.time.setTime(QTime(moment.hour, moment.minute))
        self.description.setPlainText(facts.description)
        self.consequence.setPlainText(facts.consequence or "")
        self.immediate.setPlainText(facts.immediate_measures or "")
        # What the source record named is kept, as it was accepted there.
        self.individual.set_codes(facts.individual)
        self.individuals.set_codes(list(facts.individuals))

    def state(self) -> FormState:
        data = self.value()
        return {
            "title": data.title,
            "unit_id": data.unit_id,
            "day": self.day.text(),
            "time": self.time.time().toString("HH:mm"),
            "place": data.place,
            "own": data.own_report,
            "reporter_user_id": data.reporter_user_id,
            "reporter_name": data.reporter_name,
            "description": data.description,
            "consequence": data.consequence,
            "immediate": data.immediate_measures,
            "legal_basis": data.legal_basis,
            "individual": data.individual,
            "individuals": self.individuals.text(),
            "category": data.category,
            "probability": data.probability,
            "consequence_level": data.consequence_level,
        }

    def restore(self, state: FormState) -> None:
        self.title_edit.setText(str(state.get("title") or ""))
        self.unit.set_value(state.get("unit_id"))
        self.day.set_text(str(state.get("day") or ""))
        self.time.setTime(QTime.fromString(str(state.get("time") or "00:00"), "HH:mm"))
        self.place.setText(str(state.get("place") or ""))
        (self.own if state.get("own", True) else self.for_other).setChecked(True)
        self.reporter_user.set_user_id(state.get("reporter_user_id"))
        self.reporter_name.setText(str(state.get("reporter_name") or ""))
        self.description.setPlainText(str(state.get("description") or ""))
        self.consequence.setPlainText(str(state.get("consequence") or ""))
        self.immediate.setPlainText(str(state.get("immediate") or ""))
        self.legal_basis.set_value(state.get("legal_basis"))
        self.individual.set_codes(str(state.get("individual") or ""), keep=False)
        self.individuals.set_codes(str(state.get("individuals") or "").split(","), keep=False)
        self.category.set_value(state.get("category"))
        self.probability.set_value(state.get("probability"))
        self.consequence_level.set_value(state.get("consequence_level"))

    def focus_first(self) -> None:
        self.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
