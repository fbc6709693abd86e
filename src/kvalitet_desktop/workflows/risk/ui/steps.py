"""The steps of the guided risk analysis other than the events (see ``risk_events``).

Socialstyrelsen's method (regulations.md §3): describe what is analysed and why, who analyses
it, on what facts; identify and assess the events; find underlying causes and propose
measures; decide the measures; decide the analysis and when it is followed up.

Each step has ``state()``/``set_state()`` (its part of the editor's form state, typed in
``form_types``),
``is_complete()`` and ``bindings()`` (which error keys it shows and where).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QRadioButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.errors import FieldError
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.organisation import UnitInfo
from kvalitet_desktop.ui.toolkit.fields import (
    Binding,
    ChoiceCombo,
    DateField,
    ErrorLabel,
    UserCombo,
    add_row,
    bare_column,
    help_label,
    name_widget,
    text_edit,
)
from kvalitet_desktop.ui.widgets.individual_picker import IndividualCodeField
from kvalitet_desktop.workflows.risk.domain import AnalysisLevel, ScopeKind, Trigger
from kvalitet_desktop.workflows.risk.ui.form_types import (
    FactsState,
    ScopeState,
    TeamMemberState,
    TeamState,
)


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    return form


def name_calendar(field: DateField, name: str) -> None:
    """The calendar button says which date it picks (a dialog may have several)."""
    field.button.setAccessibleName(
        QCoreApplication.translate("RiskSteps", "Välj {date} i en kalender").format(
            date=name[:1].lower() + name[1:]
        )
    )


class NamedCellDelegate(QStyledItemDelegate):
    """A cell being edited is named after its column and row ("Roll, rad 2"), so a screen
    reader says what is typed into it."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        model = index.model()
        column = str(model.headerData(index.column(), Qt.Orientation.Horizontal) or "")
        editor.setAccessibleName(
            QCoreApplication.translate("RiskSteps", "{column}, rad {row}").format(
                column=column, row=index.row() + 1
            )
        )
        return editor


def _radio_row(buttons: Sequence[QRadioButton]) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return box


class ScopeStep(QWidget):
    """1 Omfattning: what is analysed, why, and on which level."""

    def __init__(
        self, units: Sequence[UnitInfo], ctx: Context, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = QLineEdit()
        self.title.setPlaceholderText(
            self.tr("Till exempel: Ny bemanning på helger i Daglig verksamhet Solrosen")
        )
        self.unit = ChoiceCombo()
        self.unit.set_choices([(self.tr("– Välj enhet –"), None)] + [(u.name, u.id) for u in units])
        if len(units) == 1:
            self.unit.set_value(units[0].id)
        self.scope_unit = QRadioButton(self.tr("&Verksamheten (hela enheten)"))
        self.scope_process = QRadioButton(self.tr("En &process"))
        self.scope_group = QButtonGroup(self)
        for button in (self.scope_unit, self.scope_process):
            self.scope_group.addButton(button)
            name_widget(button, button.text())
        self.scope_unit.setChecked(True)
        self.scope_description = text_edit(
            3, self.tr("Vilken process, var börjar och slutar den, vilka berörs?")
        )
        self.trigger = ChoiceCombo()
        self.trigger.set_choices([(text, key) for key, text in trigger_labels().items()])
        self.trigger_description = text_edit(2, self.tr("Vad är det som förändras, och när?"))
        self.level_group_button = QRadioButton(self.tr("Gruppn&ivå"))
        self.level_individual = QRadioButton(self.tr("In&dividnivå"))
        self.level_group = QButtonGroup(self)
        for button in (self.level_group_button, self.level_individual):
            self.level_group.addButton(button)
            name_widget(button, button.text())
        self.level_group_button.setChecked(True)
        # Picked from the unit's register; a code not in it is refused at the field.
        self.individual_code = IndividualCodeField(ctx, self.tr("Kod för den enskilde"))
        self.individual_code.setMaximumWidth(
            self.individual_code.fontMetrics().horizontalAdvance("W" * 40)
        )
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self._unit_changed()

        self.errors: dict[str, ErrorLabel] = {
            key: ErrorLabel()
            for key in ("title", "unit_id", "scope_description", "trigger", "individual_code")
        }
        form = form_layout()
        add_row(form, self.tr("&Rubrik:"), self.title, error=self.errors["title"])
        add_row(form, self.tr("&Enhet:"), self.unit, error=self.errors["unit_id"])
        scope = _radio_row([self.scope_unit, self.scope_process])
        scope.setAccessibleName(self.tr("Omfattning"))
        form.addRow(self.tr("Omfattning:"), scope)
        add_row(
            form,
            self.tr("&Beskrivning av omfattningen:"),
            self.scope_description,
            error=self.errors["scope_description"],
            help_text=self.tr("Krävs när analysen gäller en process."),
        )
        add_row(form, self.tr("&Anledning:"), self.trigger, error=self.errors["trigger"])
        add_row(form, self.tr("Beskrivning av an&ledningen:"), self.trigger_description)
        level = _radio_row([self.level_group_button, self.level_individual])
        level.setAccessibleName(self.tr("Nivå"))
        form.addRow(self.tr("Nivå:"), level)
        self.code_label = add_row(
            form,
            self.tr("&Kod för den enskilde:"),
            self.individual_code,
            error=self.errors["individual_code"],
            help_text=self.tr(
                "En pseudonymiserad kod, till exempel SOL-07. Skriv aldrig personnummer eller namn."
            ),
        )
        self._form = form
        self._code_row = form.rowCount() - 1
        self.level_individual.toggled.connect(self._level_changed)
        layout = bare_column(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self._level_changed()

    def _unit_changed(self) -> None:
        unit_id = self.unit.value()
        self.individual_code.set_unit(unit_id if isinstance(unit_id, str) else None)

    def register_problems(self) -> list[FieldError]:
        """A code for an individual-level analysis that is not in the unit's register."""
        problem = self.individual_code.problem() if self.level_individual.isChecked() else None
        return [FieldError("individual_code", problem)] if problem else []

    def _level_changed(self) -> None:
        self._form.setRowVisible(self._code_row, self.level_individual.isChecked())

    def bindings(self) -> list[Binding]:
        focus: dict[str, QWidget] = {
            "title": self.title,
            "unit_id": self.unit,
            "scope_description": self.scope_description,
            "trigger": self.trigger,
            "individual_code": self.individual_code,
        }
        return [(key, label, focus[key]) for key, label in self.errors.items()]

    def state(self) -> ScopeState:
        trigger = self.trigger.value()
        unit_id = self.unit.value()
        return {
            "title": self.title.text(),
            "unit_id": unit_id if isinstance(unit_id, str) else None,
            "scope_kind": (
                ScopeKind.PROCESS if self.scope_process.isChecked() else ScopeKind.UNIT
            ).value,
            "scope_description": self.scope_description.toPlainText(),
            "trigger": trigger.value if isinstance(trigger, Trigger) else Trigger.OTHER.value,
            "trigger_description": self.trigger_description.toPlainText(),
            "level": (
                AnalysisLevel.INDIVIDUAL
                if self.level_individual.isChecked()
                else AnalysisLevel.GROUP
            ).value,
            "individual_code": self.individual_code.code() or "",
        }

    def set_state(self, state: ScopeState, unit_name: str | None = None) -> None:
        self.title.setText(state["title"])
        self.unit.set_value(state["unit_id"], unit_name)
        process = state["scope_kind"] == ScopeKind.PROCESS.value
        (self.scope_process if process else self.scope_unit).setChecked(True)
        self.scope_description.setPlainText(state["scope_description"])
        trigger = state["trigger"]
        self.trigger.set_value(Trigger(trigger) if trigger else Trigger.ACTIVITY_CHANGE)
        self.trigger_description.setPlainText(state["trigger_description"])
        individual = state["level"] == AnalysisLevel.INDIVIDUAL.value
        (self.level_individual if individual else self.level_group_button).setChecked(True)
        self.individual_code.set_codes(state["individual_code"])
        self._level_changed()

    def is_complete(self) -> bool:
        state = self.state()
        if not (state["title"].strip() and state["unit_id"]):
            return False
        if state["scope_kind"] == ScopeKind.PROCESS.value and not state["scope_description"]:
            return False
        return not (
            state["level"] == AnalysisLevel.INDIVIDUAL.value
            and not state["individual_code"].strip()
        )


class TeamStep(QWidget):
    """2 Uppdrag och analysteam: who commissioned the analysis, who leads and takes part."""

    def __init__(self, users: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commissioned_by = QLineEdit()
        self.commissioned_by.setPlaceholderText(
            self.tr("Till exempel: verksamhetschef Funktionshinderomsorg")
        )
        self.commissioned_on = DateField()
        self.leader = UserCombo(users)
        self.team = QTableWidget(0, 2)
        self.team.setHorizontalHeaderLabels([self.tr("Namn"), self.tr("Roll")])
        self.team.verticalHeader().hide()
        self.team.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.team.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.team.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.team.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.team.setItemDelegate(NamedCellDelegate(self.team))
        self.team.setMinimumHeight(self.team.fontMetrics().lineSpacing() * 8)
        self.add_row_button = QPushButton(self.tr("Lägg till &rad"))
        self.add_user_button = QToolButton()
        self.add_user_button.setText(self.tr("Lägg till anv&ändare"))
        self.add_user_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_user_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        menu = QMenu(self.add_user_button)
        for user_id, name in users:
            action = menu.addAction(name)
            action.triggered.connect(
                lambda _checked=False, uid=user_id, n=name: self.add_member(n, None, uid)
            )
        self.add_user_button.setMenu(menu)
        self.remove_button = QPushButton(self.tr("Ta &bort rad"))
        for button in (self.add_row_button, self.remove_button):
            button.setAutoDefault(False)
        for widget in (self.add_row_button, self.add_user_button, self.remove_button):
            name_widget(widget, widget.text())
        self.add_row_button.clicked.connect(self._add_empty)
        self.remove_button.clicked.connect(self._remove)

        self.errors = {
            "commissioned_on": ErrorLabel(),
            "leader_id": ErrorLabel(),
            "team.": ErrorLabel(),
        }
        form = form_layout()
        add_row(form, self.tr("Upp&dragsgivare:"), self.commissioned_by)
        add_row(
            form,
            self.tr("Uppdragsd&atum:"),
            self.commissioned_on,
            error=self.errors["commissioned_on"],
        )
        name_calendar(self.commissioned_on, self.tr("Uppdragsdatum"))
        add_row(
            form,
            self.tr("Ana&lysledare:"),
            self.leader,
            error=self.errors["leader_id"],
            help_text=self.tr("På enhetsnivå är det oftast enhetschefen."),
        )
        team_box = QGroupBox(self.tr("Analysteam"))
        team_label = QLabel(self.tr("Analyst&eam:"))
        team_label.setBuddy(self.team)
        name_widget(self.team, team_label.text())
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(
            help_label(
                self.tr(
                    "Personer med kunskap om verksamheten: medarbetare, och gärna någon "
                    "som inte arbetar där till vardags. Skriv namn och roll, eller lägg till "
                    "en användare."
                )
            )
        )
        team_layout.addWidget(team_label)
        team_layout.addWidget(self.team, 1)
        team_layout.addWidget(self.errors["team."])
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_row_button)
        buttons.addWidget(self.add_user_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        team_layout.addLayout(buttons)
        layout = bare_column(self)
        layout.addLayout(form)
        layout.addWidget(team_box, 1)

    def bindings(self) -> list[Binding]:
        return [
            ("commissioned_on", self.errors["commissioned_on"], self.commissioned_on),
            ("leader_id", self.errors["leader_id"], self.leader),
            ("team.", self.errors["team."], self.team),
        ]

    def add_member(self, name: str, role: str | None, user_id: str | None) -> int:
        row = self.team.rowCount()
        self.team.insertRow(row)
        name_item = QTableWidgetItem(name)
        name_item.setData(Qt.ItemDataRole.UserRole, user_id)
        self.team.setItem(row, 0, name_item)
        self.team.setItem(row, 1, QTableWidgetItem(role or ""))
        self.team.setCurrentCell(row, 0 if not name else 1)
        return row

    def _add_empty(self) -> None:
        row = self.add_member("", None, None)
        self.team.setFocus()
        item = self.team.item(row, 0)
        if item is not None:
            self.team.editItem(item)

    def _remove(self) -> None:
        row = self.team.currentRow()
        if row >= 0:
            self.team.removeRow(row)

    def _commit_open_editor(self) -> None:
        """A name still being typed in a cell counts (Ctrl+S does not move the focus)."""
        editor = QApplication.focusWidget()
        if (
            editor is not None
            and self.team.state() == QAbstractItemView.State.EditingState
            and self.team.viewport().isAncestorOf(editor)
        ):
            self.team.commitData(editor)

    def members(self) -> list[TeamMemberState]:
        self._commit_open_editor()
        result: list[TeamMemberState] = []
        for row in range(self.team.rowCount()):
            name_item, role_item = self.team.item(row, 0), self.team.item(row, 1)
            result.append(
                {
                    "name": name_item.text() if name_item else "",
                    "role": role_item.text() if role_item else "",
                    "user_id": name_item.data(Qt.ItemDataRole.UserRole) if name_item else None,
                }
            )
        return result

    def state(self) -> TeamState:
        return {
            "commissioned_by": self.commissioned_by.text(),
            "commissioned_on": self.commissioned_on.text(),
            "leader_id": self.leader.user_id(),
            "team": self.members(),
        }

    def set_state(self, state: TeamState, leader_name: str | None = None) -> None:
        self.commissioned_by.setText(state["commissioned_by"])
        self.commissioned_on.set_text(state["commissioned_on"])
        self.leader.set_user_id(state["leader_id"], leader_name)
        self.team.setRowCount(0)
        for member in state["team"]:
            self.add_member(member["name"], member["role"], member["user_id"])

    def is_complete(self) -> bool:
        return self.leader.user_id() is not None and any(m["name"].strip() for m in self.members())


class FactsStep(QWidget):
    """3 Faktaunderlag: what the analysis builds on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts = text_edit(
            10,
            self.tr(
                "Till exempel: avvikelser senaste året, klagomål, samtal med deltagare och "
                "personal, gällande rutiner, bemanningsschema."
            ),
        )
        label = QLabel(self.tr("Faktaunder&lag:"))
        label.setBuddy(self.facts)
        self.facts.setAccessibleName(self.tr("Faktaunderlag"))
        layout = bare_column(self)
        layout.addWidget(
            help_label(
                self.tr(
                    "Vad bygger analysen på? Tänk på register och statistik, intervjuer och "
                    "samtal, klagomål och synpunkter, rutiner och riktlinjer, tidigare "
                    "avvikelser och lex Sarah-rapporter, och erfarenheter från liknande "
                    "verksamheter."
                )
            )
        )
        layout.addWidget(label)
        layout.addWidget(self.facts, 1)

    def bindings(self) -> list[Binding]:
        return []

    def state(self) -> FactsState:
        return {"fact_sources": self.facts.toPlainText()}

    def set_state(self, state: FactsState) -> None:
        self.facts.setPlainText(state["fact_sources"])

    def is_complete(self) -> bool:
        return bool(self.facts.toPlainText().strip())


def trigger_labels() -> dict[Trigger, str]:
    return {t: QCoreApplication.translate(terms.TERMS_CONTEXT, t.term) for t in Trigger}
