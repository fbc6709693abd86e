"""Inställningar › Lex Sarah: the municipality's own deadlines, the editable lists the forms
take their options from (kategorier, orsaksområden) and the municipality's own forms folder.

"Spara" stores the deadlines, the lists and a typed folder; choosing a folder (or none) takes
effect at once and lists the forms that are then in use and the files that could not be used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.roles import ORGANISATION_ADMINISTER, SETTINGS_CHANGE
from kvalitet_desktop.services import forms, references
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.forms import CAUSE_AREAS, FORMS_FOLDER, LEX_SARAH_CATEGORIES
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    add_row,
    help_label,
    name_widget,
    set_read_only,
)
from kvalitet_desktop.ui.views.settings_tab import UNVERIFIED_COLOUR, SettingsTab, note_label
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import DeadlineRules

# (rule, label, suffix, lowest, highest)
DEADLINE_FIELDS: tuple[tuple[str, str, str, int, int], ...] = (
    ("start_within_days", "Utredningen &påbörjas inom:", " dagar", 0, 90),
    ("finish_within_days", "Utredningen är &klar inom:", " dagar", 1, 365),
    ("remind_days_before", "Påm&inn före förfallodagen:", " dagar", 0, 90),
    ("ivo_investigation_months", "Utredningen till IVO i&nom:", " månader", 1, 12),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsLexSarah", text)


class ListEditor(QWidget):
    """An editable list of short values: add, rename (in place), remove and move."""

    changed = Signal()

    def __init__(
        self, title: str, new_label: str, *, editable: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.editable = editable
        self.list = QListWidget()
        self.list.setAccessibleName(title)
        self.list.setMinimumHeight(160)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            if editable
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self.list.currentRowChanged.connect(self._update_buttons)
        self.new_value = QLineEdit()
        self.new_value.returnPressed.connect(self.add)
        self.add_button = self._button(_tr("Lägg till"), self.add)
        self.rename_button = self._button(_tr("Byt namn"), self.rename)
        self.remove_button = self._button(_tr("Ta bort"), self.remove)
        self.up_button = self._button(_tr("Flytta upp"), lambda: self.move_current(-1))
        self.down_button = self._button(_tr("Flytta ned"), lambda: self.move_current(1))
        self.error = ErrorLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"<b>{title}</b>")
        heading.setBuddy(self.list)
        layout.addWidget(heading)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 1)
        side = QVBoxLayout()
        for button in (self.rename_button, self.remove_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        middle.addLayout(side)
        layout.addLayout(middle)
        adding = QHBoxLayout()
        label = QLabel(new_label)
        label.setBuddy(self.new_value)
        self.new_value.setAccessibleName(new_label.rstrip(":"))
        adding.addWidget(label)
        adding.addWidget(self.new_value, 1)
        adding.addWidget(self.add_button)
        layout.addLayout(adding)
        layout.addWidget(self.error)
        if not editable:
            for widget in (label, self.new_value, self.add_button):
                widget.hide()
            for button in (
                self.rename_button,
                self.remove_button,
                self.up_button,
                self.down_button,
            ):
                button.setEnabled(False)
        self._update_buttons()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        # Each list has these buttons: the name says which list it acts on.
        name_widget(button, _tr("{action} – {list}").format(action=text, list=self.title))
        button.setAccessibleDescription(self.title)
        button.clicked.connect(slot)
        return button

    def values(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_values(self, values: Sequence[str]) -> None:
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for value in values:
            self._append(value)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(min(max(current, 0), self.list.count() - 1))
        self._update_buttons()

    def _append(self, value: str) -> QListWidgetItem:
        item = QListWidgetItem(value)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        self.list.addItem(item)
        return item

    def _update_buttons(self, *_args: object) -> None:
        if not self.editable:
            return
        row = self.list.currentRow()
        chosen = 0 <= row < self.list.count()
        self.rename_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < self.list.count() - 1)

    def add(self) -> None:
        value = " ".join(self.new_value.text().split())
        if not value:
            self.error.show_messages([_tr("Skriv värdet som ska läggas till.")])
            self.new_value.setFocus()
            return
        if value.casefold() in {v.casefold() for v in self.values()}:
            self.error.show_messages([_tr("”{value}” finns redan i listan.").format(value=value)])
            self.new_value.setFocus()
            return  # the typed text stays
        self.error.clear_messages()
        item = self._append(value)
        self.list.setCurrentItem(item)
        self.new_value.clear()
        self.changed.emit()

    def rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self._update_buttons()
            self.changed.emit()

    def move_current(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()


class LexSarahTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:lex-sarah",
            _tr("Inställningar – Lex Sarah"),
            editable=ctx.actor.can(SETTINGS_CHANGE),
            not_allowed=_tr("Du kan se inställningarna men inte ändra dem."),
            parent=parent,
        )
        self.may_choose_folder = ctx.actor.can(ORGANISATION_ADMINISTER)
        self.stored_folder: Path | None = None
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.read_only_note)
        column.addWidget(self.banner)
        column.addWidget(self._build_deadlines())
        column.addWidget(self._build_lists())
        column.addWidget(self._build_folder())
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # The fields inside take the focus (and scroll into view); the area itself is no stop.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(self.save_bar())

        self.load()
        for spin in self.deadlines.values():
            spin.valueChanged.connect(self.edited)
        for editor in self.lists.values():
            editor.changed.connect(self.edited)
        self.folder.textChanged.connect(self.edited)
        if not self.editable:
            set_read_only(self.deadline_box, True)
        self.start_autosave()

    # --- building --------------------------------------------------------------------------

    def _build_deadlines(self) -> QGroupBox:
        self.deadline_box = QGroupBox(_tr("Tidsgränser"))
        layout = QVBoxLayout(self.deadline_box)
        layout.addWidget(
            note_label(
                _tr(
                    "Lagen säger genast, omedelbart, utan dröjsmål och snarast. Kommunens egna mål "
                    "räknas från mottagandet och visas som förfallodagar i ärendena och under "
                    "Att göra."
                )
            )
        )
        form = QFormLayout()
        self.deadlines: dict[str, QSpinBox] = {}
        self.deadline_errors: dict[str, ErrorLabel] = {}
        for key, label, suffix, lowest, highest in DEADLINE_FIELDS:
            spin = QSpinBox()
            spin.setRange(lowest, highest)
            spin.setSuffix(_tr(suffix))
            spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0000 månader") + 40)
            error = ErrorLabel()
            add_row(form, _tr(label), spin, error=error)
            self.errors.bind(key, error, spin)
            self.deadlines[key] = spin
            self.deadline_errors[key] = error
        layout.addLayout(form)
        # Under the last field: where its two months come from.
        self.regulation = help_label(self.regulation_note())
        layout.addWidget(self.regulation)
        return self.deadline_box

    def references_changed(self) -> None:
        self.regulation.setText(self.regulation_note())

    def regulation_note(self) -> str:
        """Where the two months come from; the reference is taken from the Lagrum table."""
        reference = references.reference_map(self.ctx).get("sosfs_2011_5")
        source = reference.display if reference else _tr("föreskrifterna om lex Sarah")
        return _tr(
            "Två månader kommer från reglerna om lex Sarah, {source}: en utredning som inte "
            "bifogades anmälan ska skickas till IVO när den är klar och senast två månader "
            "efter anmälan. Ändra bara om reglerna ändras."
        ).format(source=source)

    def _build_lists(self) -> QGroupBox:
        box = QGroupBox(_tr("Listor i formulären"))
        layout = QVBoxLayout(box)
        layout.addWidget(
            note_label(
                _tr(
                    "Formulären hämtar sina val ur listorna. Ett värde som ändras eller tas bort "
                    "står kvar i ärenden som redan har det."
                )
            )
        )
        grid = QGridLayout()
        self.lists: dict[str, ListEditor] = {
            LEX_SARAH_CATEGORIES: ListEditor(
                _tr("Kategorier"), _tr("Ny kategori:"), editable=self.editable
            ),
            CAUSE_AREAS: ListEditor(
                _tr("Orsaksområden"), _tr("Nytt orsaksområde:"), editable=self.editable
            ),
        }
        for index, (key, editor) in enumerate(self.lists.items()):
            grid.addWidget(editor, 0, index)
            self.errors.bind(key, editor.error, editor.list)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return box

    def _build_folder(self) -> QGroupBox:
        box = QGroupBox(_tr("Kommunens egna formulär"))
        layout = QVBoxLayout(box)
        layout.addWidget(
            note_label(
                _tr(
                    "Formulär i kommunens mapp läggs till programmets. Ett formulär med samma id "
                    "ersätter programmets om det har en högre version."
                )
            )
        )
        if not self.may_choose_folder:
            layout.addWidget(
                note_label(
                    _tr("Bara administratörer kan välja kommunens formulärmapp."),
                    UNVERIFIED_COLOUR,
                )
            )
        self.folder = QLineEdit()
        self.folder.setPlaceholderText(_tr("Ingen egen mapp: bara programmets formulär används"))
        self.folder.setReadOnly(not self.may_choose_folder)
        self.browse_button = QPushButton(_tr("Väl&j mapp…"))
        self.browse_button.clicked.connect(self.browse)
        self.apply_button = QPushButton(_tr("An&vänd mappen"))
        self.apply_button.clicked.connect(lambda: self.apply_folder(self.folder.text()))
        self.none_button = QPushButton(_tr("Använd inga egna &formulär"))
        self.none_button.clicked.connect(lambda: self.apply_folder(None))
        for button in (self.browse_button, self.apply_button, self.none_button):
            name_widget(button, button.text())
            button.setAutoDefault(False)
            button.setVisible(self.may_choose_folder)
        self.folder_error = ErrorLabel()
        self.errors.bind(FORMS_FOLDER, self.folder_error, self.folder)

        path_row = QHBoxLayout()
        path_label = QLabel(_tr("&Mapp:"))
        path_label.setBuddy(self.folder)
        self.folder.setAccessibleName(_tr("Mapp"))
        path_row.addWidget(path_label)
        path_row.addWidget(self.folder, 1)
        path_row.addWidget(self.browse_button)
        layout.addLayout(path_row)
        layout.addWidget(self.folder_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.none_button)
        layout.addLayout(buttons)

        self.catalog_table = QTableWidget(0, 4)
        self.catalog_table.setAccessibleName(_tr("Formulär som används"))
        self.catalog_table.setHorizontalHeaderLabels(
            [_tr("Id"), _tr("Version"), _tr("Titel"), _tr("Källa")]
        )
        self.catalog_table.verticalHeader().hide()
        self.catalog_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.catalog_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.catalog_table.horizontalHeader()
        for index in range(4):
            header.setSectionResizeMode(
                index,
                QHeaderView.ResizeMode.Stretch
                if index == 2
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        caption = QLabel(_tr("Formulär som används:"))
        caption.setBuddy(self.catalog_table)
        layout.addWidget(caption)
        layout.addWidget(self.catalog_table)
        self.problems_caption = QLabel(_tr("Formulärfiler som inte kan användas:"))
        self.problems = ErrorLabel()
        self.problems.setAccessibleName(_tr("Formulärfiler som inte kan användas"))
        layout.addWidget(self.problems_caption)
        layout.addWidget(self.problems)
        return box

    # --- showing ---------------------------------------------------------------------------

    def load(self) -> None:
        rules = lexsarah.deadline_rules(self.ctx)
        for key, value in rules.to_dict().items():
            self.deadlines[key].setValue(value)
        stored = forms.editable_lists(self.ctx)
        for key, editor in self.lists.items():
            editor.set_values(stored.get(key, []))
        self.stored_folder = forms.forms_folder(self.ctx)
        self.folder.setText(str(self.stored_folder) if self.stored_folder else "")
        self.show_catalog()

    def show_catalog(self) -> None:
        """The forms in use (newest versions) and the files that could not be used."""
        catalog = forms.catalog(self.ctx)
        own = self.stored_folder
        rows = catalog.forms()
        replaced = _tr("Kommunens mapp (ersätter version {versions})")
        self.catalog_table.setRowCount(len(rows))
        for row, form in enumerate(rows):
            source = Path(form.source)
            origin = _tr("Programmet")
            if own is not None and _inside(source, own):
                older = [str(v) for v in catalog.versions(form.id) if v != form.version]
                origin = (
                    replaced.format(versions=", ".join(older)) if older else _tr("Kommunens mapp")
                )
            cells = [form.id, str(form.version), form.title, origin]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(form.source)
                self.catalog_table.setItem(row, column, item)
        self.catalog_table.resizeRowsToContents()
        header_height = self.catalog_table.horizontalHeader().height()
        rows_height = sum(self.catalog_table.rowHeight(r) for r in range(len(rows)))
        self.catalog_table.setFixedHeight(header_height + rows_height + 6)
        messages = [
            # The messages name the file; say which when one does not.
            p.message if str(p.path) in p.message else f"{p.path}: {p.message}"
            for p in catalog.problems
        ]
        self.problems.show_messages(messages)
        self.problems_caption.setVisible(bool(messages))

    # --- the folder ------------------------------------------------------------------------

    def browse(self) -> None:
        start = self.folder.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self, _tr("Välj mappen med kommunens formulär"), start
        )
        if chosen:
            self.folder.setText(chosen)
            self.apply_folder(chosen)

    def apply_folder(self, folder: str | None) -> bool:
        """Use ``folder`` (None or empty: no own folder) at once; errors at the field."""
        self.folder_error.clear_messages()
        self.saved_label.clear()
        try:
            problems = forms.set_forms_folder(self.ctx, folder or None)
        except ValidationFailed as error:
            self.folder_error.show_messages([e.message for e in error.errors])
            self.folder.setFocus()
            return False
        except KvalitetError as error:
            self.folder_error.show_messages([str(error)])
            return False
        self.stored_folder = forms.forms_folder(self.ctx)
        if folder is None:
            self.folder.clear()
        self.show_catalog()
        self._stored_now()
        if self.stored_folder is None:
            text = _tr("Inga egna formulär används.")
        elif problems:
            text = _tr("Mappen används. Några filer kan inte användas; se nedan.")
        else:
            text = _tr("Mappen används.")
        self.saved_label.setText(text)
        return True

    # --- drafts and saving -----------------------------------------------------------------

    def rules(self) -> DeadlineRules:
        return DeadlineRules(**{key: spin.value() for key, spin in self.deadlines.items()})

    def form_state(self) -> FormState:
        return {
            "deadlines": self.rules().to_dict(),
            "lists": {key: editor.values() for key, editor in self.lists.items()},
            "adding": {key: editor.new_value.text() for key, editor in self.lists.items()},
            "folder": self.folder.text(),
        }

    def restore_state(self, state: FormState) -> None:
        deadlines = state.get("deadlines")
        if isinstance(deadlines, dict):
            for key, spin in self.deadlines.items():
                value = deadlines.get(key)
                if isinstance(value, int):
                    spin.setValue(value)
        for name, target in (("lists", "values"), ("adding", "text")):
            stored = state.get(name)
            if not isinstance(stored, dict):
                continue
            for key, editor in self.lists.items():
                value = stored.get(key)
                if target == "values" and isinstance(value, list):
                    editor.set_values([str(v) for v in value])
                elif target == "text" and isinstance(value, str):
                    editor.new_value.setText(value)
        folder = state.get("folder")
        if isinstance(folder, str) and self.may_choose_folder:
            self.folder.setText(folder)

    def stored_state(self) -> FormState:
        """The form as it would show what is stored now (nothing being added)."""
        lists = forms.editable_lists(self.ctx)
        return {
            "deadlines": lexsarah.deadline_rules(self.ctx).to_dict(),
            "lists": {key: lists.get(key, []) for key in self.lists},
            "adding": {key: "" for key in self.lists},
            "folder": str(self.stored_folder) if self.stored_folder else "",
        }

    def _stored_now(self) -> None:
        """Part of the form was stored: only what still differs counts as unsaved."""
        if self.autosaver is not None:
            self.autosaver.set_baseline(self.stored_state())

    def _deadline_problems(self, rules: DeadlineRules) -> list[FieldError]:
        if rules.start_within_days > rules.finish_within_days:
            return [
                FieldError(
                    "start_within_days",
                    _tr(
                        "Utredningen kan inte påbörjas senare än den ska vara klar ({days} dagar)."
                    ).format(days=rules.finish_within_days),
                )
            ]
        return []

    def save(self) -> bool:
        """Store the deadlines, both lists and a typed folder; what is wrong stays as typed
        with the message at its field (the other parts are stored)."""
        self.errors.clear()
        self.saved_label.clear()
        problems: list[FieldError] = []
        try:
            rules = self.rules()
            deadline_problems = self._deadline_problems(rules)
            problems.extend(deadline_problems)
            if not deadline_problems:
                lexsarah.set_deadline_rules(self.ctx, rules)
            for key, editor in self.lists.items():
                pending = " ".join(editor.new_value.text().split())
                if pending:  # typed but not added: say so rather than drop it silently
                    problems.append(
                        FieldError(
                            key,
                            _tr(
                                "”{value}” är inte tillagt i listan: tryck Lägg till eller töm "
                                "fältet."
                            ).format(value=pending),
                        )
                    )
                    continue
                try:
                    editor.set_values(forms.set_editable_list(self.ctx, key, editor.values()))
                except ValidationFailed as error:
                    problems.extend(error.errors)
            typed = self.folder.text().strip()
            stored = str(self.stored_folder) if self.stored_folder else ""
            if self.may_choose_folder and typed != stored:
                try:
                    forms.set_forms_folder(self.ctx, typed or None)
                except ValidationFailed as error:
                    problems.extend(error.errors)
                else:
                    self.stored_folder = forms.forms_folder(self.ctx)
                    self.show_catalog()
        except KvalitetError as error:
            self.errors.show(error)
            return False
        if problems:
            self._stored_now()
            self.errors.show(ValidationFailed(problems))
            return False
        self.mark_saved(_tr("Inställningarna för lex Sarah är sparade."))
        return True


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
