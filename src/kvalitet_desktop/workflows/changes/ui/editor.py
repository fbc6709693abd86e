"""The editor of a förändring i insatser: the change itself, the overview of everyone
affected (sortable, filterable, overdue contacts named in words) and the closing step."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.roles import INDIVIDUALS_ADMINISTER
from kvalitet_desktop.services import organisation, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog, file_stem
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    add_row,
    help_label,
    iso,
    read_date,
    set_read_only,
    text_edit,
)
from kvalitet_desktop.ui.widgets.linked_records import LinkedRecordsLabel
from kvalitet_desktop.ui.widgets.tables import read_only_table
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    DEFAULT_CHANGES,
    DEFAULT_INTERVAL_DAYS,
    INTERVAL_RANGE,
    ChangeInput,
    ClosingInput,
)
from kvalitet_desktop.workflows.changes.kind import CLOSE, CREATE, KEY, UPDATE
from kvalitet_desktop.workflows.changes.ui.common import (
    button,
    checked,
    checklist,
    due_text,
    risk_text,
    set_checklist,
    yes_no,
)

_ALL, _OVERDUE, _NOT_FOLLOWED = "alla", "försenade", "ej uppföljda"
COLUMNS = (
    "Kod",
    "Enhet",
    "Insats",
    "Risk",
    "Senaste kontakt",
    "Dagar sedan",
    "Delaktig",
    "Uppföljd",
    "Behov mötta",
    "Nästa kontakt",
)


class _SortItem(QTableWidgetItem):
    """A cell sorted by a key of its own (days as numbers, empty last)."""

    def __init__(self, text: str, key: object) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.key, getattr(other, "key", other.text())
        try:
            return bool(mine < theirs)  # type: ignore[operator]
        except TypeError:
            return str(mine) < str(theirs)


class ChangeEditor(EditorDialog):
    def __init__(self, parent: QWidget | None, ctx: Context, record_id: str | None) -> None:
        super().__init__(parent, ctx, "changes/editor", (1100, 760))
        self.change_id = changes.change_id_of(ctx, record_id) if record_id else None
        self.view: changes.ChangeView | None = None
        self.config = settings.risk_matrix(ctx)
        self.units = organisation.units(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Förändringens delar"))
        self.tabs.addTab(self._build_change_tab(), self.tr("&Förändringen"))
        self.tabs.addTab(self._build_people_tab(), self.tr("&Berörda"))
        self.tabs.addTab(self._build_closing_tab(), self.tr("&Avslut"))
        self.print_button = button(self.tr("Skriv &ut…"), self.tr("Skriv ut uppföljningen"))
        self.print_button.clicked.connect(self.print_report)
        self.linked = LinkedRecordsLabel(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.linked)
        layout.addLayout(self.editor_buttons(KEY, lambda: self.change_id, left=[self.print_button]))
        self.restore_geometry()
        if self.change_id is not None:
            self.show_view(changes.get_change(ctx, self.change_id))
        else:
            self.setWindowTitle(self.tr("Ny förändring i insatser"))
            self.read_only = not ctx.may(CREATE)
            self._update_state()
        self.start_autosave(f"insatsforandring:{self.change_id or 'ny'}")

    # --- the change -------------------------------------------------------------------------

    def _build_change_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # the rows keep their height; the room left stays below
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.unit_list = checklist(self.tr("Berörda enheter"), [u.name for u in self.units], [])
        self.unit_list.setMaximumHeight(110)
        self.what = checklist(self.tr("Vad som förändras"), list(DEFAULT_CHANGES), [])
        self.what.setMaximumHeight(150)
        self.own_what = QLineEdit()
        self.own_what.setMaxLength(200)
        self.own_what.setPlaceholderText(self.tr("Annat som förändras – skriv och tryck Enter"))
        self.own_what.returnPressed.connect(self._add_own_what)
        self.insatser = QLineEdit()
        self.reason = text_edit(3)
        self.starts_on = DateField()
        self.planned_end_on = DateField()
        self.decided_by = QLineEdit()
        self.decided_by.setMaxLength(200)
        self.interval = QSpinBox()
        self.interval.setRange(*INTERVAL_RANGE)
        self.interval.setValue(DEFAULT_INTERVAL_DAYS)
        self.interval.setSuffix(self.tr(" dagar"))
        self.risk = ChoiceCombo()
        self.new_risk_button = button(
            self.tr("Gör riskanalys på gruppnivå"), self.tr("Gör riskanalys på gruppnivå")
        )
        self.new_risk_button.clicked.connect(self.start_risk_analysis)
        risk_row = QWidget()
        risk_layout = QHBoxLayout(risk_row)
        risk_layout.setContentsMargins(0, 0, 0, 0)
        risk_layout.addWidget(self.risk, 1)
        risk_layout.addWidget(self.new_risk_button)
        risk_row.setFocusProxy(self.risk)
        rows: tuple[tuple[str, str, QWidget, str | None], ...] = (
            ("title", self.tr("&Rubrik"), self.title, None),
            ("unit_ids", self.tr("&Enheter"), self.unit_list, None),
            ("what_changes", self.tr("&Vad förändras"), self.what, None),
            ("own_what", self.tr("Annat som förändras"), self.own_what, None),
            ("insatser", self.tr("&Insatser"), self.insatser, self.tr("Vilka insatser som berörs")),
            ("reason", self.tr("Varf&ör"), self.reason, None),
            ("starts_on", self.tr("Fr&ån"), self.starts_on, None),
            ("planned_end_on", self.tr("&Planerat slut"), self.planned_end_on, None),
            ("decided_by", self.tr("Beslu&tad av"), self.decided_by, None),
            (
                "contact_interval_days",
                self.tr("&Kontaktintervall"),
                self.interval,
                self.tr(
                    "Hur ofta de berörda kontaktas. Kortare för hög risk och för den som själv "
                    "gjort uppehåll i sin insats; inom en vecka när ingen svarade."
                ),
            ),
            ("risk_analysis_id", self.tr("Riskanal&ys"), risk_row, None),
        )
        for key, text, field, help_text in rows:
            error = ErrorLabel()
            add_row(form, text, field, error=error, help_text=help_text)
            self.errors.bind(key, error, field, lambda _k: self.tabs.setCurrentIndex(0))
        self.unit_list.itemChanged.connect(lambda _item: self._fill_risks())
        return page

    def _add_own_what(self) -> None:
        text = self.own_what.text().strip()
        if text:
            set_checklist(self.what, list(DEFAULT_CHANGES), [*checked(self.what), text])
            self.own_what.clear()

    def _chosen_unit_ids(self) -> list[str]:
        names = checked(self.unit_list)
        return [u.id for u in self.units if u.name in names]

    def _fill_risks(self, chosen: str | None = None) -> None:
        current = chosen if chosen is not None else self.risk.value()
        choices: list[tuple[str, object]] = [(self.tr("– Ingen vald –"), None)]
        for unit_id in self._chosen_unit_ids()[:1]:
            choices += [(t, i) for i, t in changes.risk_analyses_for(self.ctx, unit_id)]
        self.risk.set_choices(choices)
        self.risk.set_value(current, self.view.risk_analysis_title if self.view else None)

    def _input(self) -> ChangeInput:
        problems: list[FieldError] = []
        starts = read_date(self.starts_on, "starts_on", problems)
        ends = read_date(self.planned_end_on, "planned_end_on", problems)
        if problems:
            raise ValidationFailed(problems)
        risk = self.risk.value()
        return ChangeInput(
            self.title.text(),
            self._chosen_unit_ids(),
            checked(self.what),
            starts,
            ends,
            self.insatser.text(),
            self.reason.toPlainText(),
            self.decided_by.text(),
            risk if isinstance(risk, str) else None,
            self.interval.value(),
        )

    def save(self) -> bool:
        if self.read_only:
            return False
        try:
            saved = changes.save_change(self.ctx, self._input(), self.change_id)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.change_id = saved.id
        self.show_view(saved)
        self.mark_saved(f"insatsforandring:{saved.id}")
        self.errors.warn(saved.warnings)
        return True

    def start_risk_analysis(self) -> None:
        if self.change_id is None and not self.save():
            return
        assert self.change_id is not None
        try:
            view = changes.start_group_analysis(self.ctx, self.change_id)
        except KvalitetError as error:
            self.errors.show(error, at="risk_analysis_id")
            return
        self.show_view(view)
        self.saved.emit()

    # --- the overview -----------------------------------------------------------------------

    def _build_people_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Sök kod, enhet eller insats"))
        self.search.setAccessibleName(self.tr("Sök bland de berörda"))
        self.search.textChanged.connect(self._fill_people)
        self.show_filter = QComboBox()
        self.show_filter.setAccessibleName(self.tr("Visa"))
        for text, value in (
            (self.tr("Alla berörda"), _ALL),
            (self.tr("Försenad kontakt"), _OVERDUE),
            (self.tr("Inte uppföljda"), _NOT_FOLLOWED),
        ):
            self.show_filter.addItem(text, value)
        self.show_filter.currentIndexChanged.connect(self._fill_people)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_filter)
        layout.addLayout(filters)
        self.people = read_only_table([self.tr(c) for c in COLUMNS], self.tr("De berörda"))
        self.people.setSortingEnabled(True)
        # The next contact due first: who is overdue comes at the top.
        self.people.sortByColumn(len(COLUMNS) - 1, Qt.SortOrder.AscendingOrder)
        self.people.doubleClicked.connect(lambda _index: self.open_person())
        self.people.activated.connect(lambda _index: self.open_person())
        layout.addWidget(self.people, 1)
        self.hidden_note = help_label("")
        layout.addWidget(self.hidden_note)
        actions = QHBoxLayout()
        self.unit_choice = ChoiceCombo()
        self.unit_choice.setAccessibleName(self.tr("Enhet att hämta deltagare från"))
        self.add_unit_button = button(
            self.tr("Hämta enhetens &deltagare"), self.tr("Hämta enhetens deltagare")
        )
        self.add_unit_button.clicked.connect(self.add_unit_participants)
        self.add_person_button = button(self.tr("&Lägg till person…"), self.tr("Lägg till person"))
        self.add_person_button.clicked.connect(lambda: self.open_person(new=True))
        self.import_button = button(self.tr("&Importera CSV…"), self.tr("Importera CSV"))
        self.import_button.clicked.connect(self.import_csv)
        # An explicit choice, for those who keep the register: the list's new codes become
        # people in the unit's register (otherwise each is a bad row).
        self.add_to_register = QCheckBox(self.tr("Lägg till nya koder i enhetens register"))
        self.add_to_register.setAccessibleName(self.tr("Lägg till nya koder i enhetens register"))
        self.add_to_register.setVisible(self.ctx.may(INDIVIDUALS_ADMINISTER))
        self.add_to_register.setToolTip(
            self.tr("Utan bocken visas varje kod som saknas i registret som en felaktig rad.")
        )
        self.open_button = button(self.tr("Ö&ppna person"), self.tr("Öppna person"))
        self.open_button.clicked.connect(lambda: self.open_person())
        for widget in (
            self.unit_choice,
            self.add_unit_button,
            self.add_person_button,
            self.import_button,
            self.add_to_register,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.open_button)
        layout.addLayout(actions)
        self.people_error = ErrorLabel()
        layout.addWidget(self.people_error)
        self.people_info = help_label("")  # what "Hämta enhetens deltagare" did
        self.people_info.setAccessibleName(self.tr("Hämtade deltagare"))
        layout.addWidget(self.people_info)
        self.errors.bind("rad *", self.people_error, None, lambda _k: self.tabs.setCurrentIndex(1))
        self.errors.bind("file", self.people_error, None, lambda _k: self.tabs.setCurrentIndex(1))
        return page

    def _visible_rows(self) -> list[changes.PersonRow]:
        if self.view is None:
            return []
        wanted = self.show_filter.currentData()
        needle = self.search.text().strip().casefold()
        rows = []
        for row in self.view.people:
            if wanted == _OVERDUE and not row.overdue:
                continue
            if wanted == _NOT_FOLLOWED and row.followed_up:
                continue
            haystack = f"{row.code} {row.unit_name} {row.insats or ''}".casefold()
            if needle and needle not in haystack:
                continue
            rows.append(row)
        return rows

    def _fill_people(self) -> None:
        rows = self._visible_rows()
        self.people.setSortingEnabled(False)
        self.people.setRowCount(len(rows))
        for index, row in enumerate(rows):
            cells = (
                (row.code, row.code),
                (row.unit_name, row.unit_name),
                (row.insats or "", row.insats or ""),
                (risk_text(self.config, row.score), -(row.score or 0)),
                (iso(row.last_contact_on) or self.tr("Ingen"), row.last_contact_on or date.min),
                ("" if row.days_since is None else str(row.days_since), row.days_since or -1),
                (yes_no(row.took_part), row.took_part),
                (yes_no(row.followed_up), row.followed_up),
                (row.needs_met or "–", row.needs_met or ""),
                (due_text(row.next_due, row.overdue), row.next_due or date.max),
            )
            for column, (text, key) in enumerate(cells):
                item = _SortItem(text, key)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                if row.overdue and column == len(cells) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(self.tr("Kontakten är försenad"))
                self.people.setItem(index, column, item)
        self.people.setSortingEnabled(True)

    def _selected_person(self) -> str | None:
        """The person of the selected row, else of the current one (moved to by keyboard)."""
        rows = self.people.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.people.currentRow()
        item = self.people.item(row, 0) if row >= 0 else None
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return value if isinstance(value, str) else None

    def open_person(self, *, new: bool = False) -> None:
        from kvalitet_desktop.workflows.changes.ui.person import PersonDialog

        if self.change_id is None or self.view is None:
            return
        person_id = None if new else self._selected_person()
        if not new and person_id is None:
            self.people_error.show_messages([self.tr("Välj en person i listan först.")])
            return
        dialog = PersonDialog(self, self.ctx, self.view, person_id)
        dialog.changed.connect(self.reload)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def add_unit_participants(self) -> None:
        unit_id = self.unit_choice.value()
        if self.change_id is None or not isinstance(unit_id, str):
            return
        try:
            result = changes.add_unit_participants(self.ctx, self.change_id, unit_id)
        except KvalitetError as error:
            self.errors.show(error, at="file")
            return
        self.show_view(result.view)
        self.people_error.clear_messages()
        if result.added == 1:
            text = self.tr("1 person lades till från registret.")
        elif result.added:
            text = self.tr("{n} personer lades till från registret.").format(n=result.added)
        else:
            text = self.tr(
                "Ingen ny person: alla i enhetens register som har insatsen när förändringen "
                "börjar ({day}) finns redan med. Den som fick insatsen senare läggs till med "
                "”Lägg till person…”."
            ).format(day=iso(result.view.starts_on))
        self.people_info.setText(text)
        self.saved.emit()

    def import_csv(self) -> None:
        if self.change_id is None:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Importera berörda"), "", self.tr("CSV-filer (*.csv *.txt)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        assert self.change_id is not None
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.people_error.show_messages(
                [self.tr("Filen kunde inte läsas: {error}").format(error=error)]
            )
            return False
        try:
            result = changes.import_people(
                self.ctx,
                self.change_id,
                text,
                add_to_register=self.ctx.may(INDIVIDUALS_ADMINISTER)
                and self.add_to_register.isChecked(),
            )
        except KvalitetError as error:
            self.errors.show(error, at="file")
            self.tabs.setCurrentIndex(1)
            return False
        self.show_view(result.view)
        done = self.tr("{n} personer importerades.").format(n=result.added)
        if result.registered:
            done += " " + self.tr("{n} nya koder lades till i enhetens register.").format(
                n=result.registered
            )
        self.people_error.show_messages([done])
        self.saved.emit()
        return True

    def reload(self) -> None:
        if self.change_id is not None:
            self.show_view(changes.get_change(self.ctx, self.change_id))
            self.saved.emit()

    # --- the closing ------------------------------------------------------------------------

    def _build_closing_tab(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # the rows keep their height; the room left stays below
        self.closing_state = QLabel()
        self.closing_state.setWordWrap(True)
        form.addRow(self.closing_state)
        self.closed_on = DateField()
        self.lessons = text_edit(6)
        self.unfinished = text_edit(2)
        for key, text, field in (
            ("closed_on", self.tr("Avslutas &den"), self.closed_on),
            ("lessons", self.tr("&Lärdomar"), self.lessons),
            ("unfinished_reason", self.tr("Varför avslutad &ändå"), self.unfinished),
        ):
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            self.errors.bind(key, error, field, lambda _k: self.tabs.setCurrentIndex(2))
        self.close_change_button = button(
            self.tr("A&vsluta förändringen"), self.tr("Avsluta förändringen")
        )
        self.close_change_button.clicked.connect(self.close_change)
        form.addRow(self.close_change_button)
        return page

    def close_change(self) -> None:
        if self.change_id is None:
            return
        problems: list[FieldError] = []
        day = read_date(self.closed_on, "closed_on", problems)
        try:
            if problems:
                raise ValidationFailed(problems)
            data = ClosingInput(day, self.lessons.toPlainText(), self.unfinished.toPlainText())
            view = changes.close_change(self.ctx, self.change_id, data)
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.show_view(view)
        self.saved.emit()

    # --- showing ----------------------------------------------------------------------------

    def show_view(self, view: changes.ChangeView) -> None:
        self.view = view
        self.change_id = view.id
        self.setWindowTitle(f"{view.number} {view.title}")
        self.title.setText(view.title)
        set_checklist(
            self.unit_list,
            [u.name for u in self.units],
            [n for n in view.unit_names],
        )
        set_checklist(self.what, list(DEFAULT_CHANGES), list(view.what_changes))
        self.insatser.setText(view.insatser or "")
        self.reason.setPlainText(view.reason or "")
        self.starts_on.set_date(view.starts_on)
        self.planned_end_on.set_date(view.planned_end_on)
        self.decided_by.setText(view.decided_by or "")
        self.interval.setValue(view.contact_interval_days)
        self._fill_risks(view.risk_analysis_id)
        s = view.summary
        self.summary.setText(
            self.tr(
                "{total} berörda · {before} kontaktade före förändringen · {part} delaktiga i "
                "planeringen · {followed} uppföljda · {met} med behoven tillgodosedda · "
                "{overdue} med försenad kontakt"
            ).format(
                total=s.total,
                before=s.contacted_before,
                part=s.took_part,
                followed=s.followed_up,
                met=s.needs_met,
                overdue=s.overdue,
            )
        )
        self.hidden_note.setText(
            self.tr("{n} berörda finns på enheter du inte arbetar på; de syns inte här.").format(
                n=view.hidden_people
            )
            if view.hidden_people
            else ""
        )
        self.unit_choice.set_choices(list(zip(view.unit_names, view.unit_ids, strict=True)))
        # One unit: its name on every row only takes the room the next contact needs.
        self.people.setColumnHidden(COLUMNS.index("Enhet"), len(view.unit_ids) < 2)
        self._fill_people()
        missing = [p.code for p in view.people if p.last_contact_on is None or not p.followed_up]
        if view.closed:
            state = self.tr("Förändringen avslutades {day}.").format(day=iso(view.closed_on))
        elif missing:
            state = self.tr("Ännu inte både kontaktade och uppföljda: {codes}.").format(
                codes=", ".join(missing)
            )
        else:
            state = self.tr("Alla berörda är kontaktade och uppföljda.")
        self.closing_state.setText(state)
        self.closed_on.set_date(view.closed_on)
        self.lessons.setPlainText(view.lessons or "")
        self.unfinished.setPlainText(view.unfinished_reason or "")
        self.linked.show_for(RecordRef(KEY, view.id))
        self._update_state()

    def _page(self, index: int) -> QWidget:
        page = self.tabs.widget(index)
        assert page is not None
        return page

    def _update_state(self) -> None:
        view = self.view
        closed = view is not None and view.closed
        may_update = self.ctx.may(UPDATE if view else CREATE) and not closed
        self.read_only = not may_update
        set_read_only(self._page(0), not may_update)
        self.save_button.setEnabled(may_update)
        saved = view is not None
        for widget in (self.unit_choice, self.add_unit_button, self.add_person_button):
            widget.setEnabled(saved and may_update)
        self.import_button.setEnabled(saved and may_update)
        self.add_to_register.setEnabled(saved and may_update)
        self.open_button.setEnabled(saved)
        self.tabs.setTabEnabled(1, saved)
        self.tabs.setTabEnabled(2, saved)
        may_close = saved and self.ctx.may(CLOSE) and not closed
        set_read_only(self._page(2), not may_close)
        self.close_change_button.setEnabled(may_close)
        self.print_button.setEnabled(saved)

    def print_report(self) -> None:
        if self.view is not None:
            self.show_report(
                KEY,
                self.view.id,
                f"{self.view.number} {self.view.title}",
                file_stem("insatsforandring", self.view.title),
            )

    # --- drafts -----------------------------------------------------------------------------

    def form_state(self) -> FormState:
        return {
            "title": self.title.text(),
            "units": checked(self.unit_list),
            "what": checked(self.what),
            "insatser": self.insatser.text(),
            "reason": self.reason.toPlainText(),
            "starts_on": self.starts_on.text(),
            "planned_end_on": self.planned_end_on.text(),
            "decided_by": self.decided_by.text(),
            "interval": self.interval.value(),
        }

    def restore_state(self, state: FormState) -> None:
        self.title.setText(str(state.get("title", "")))
        set_checklist(self.unit_list, [u.name for u in self.units], list(state.get("units", [])))
        set_checklist(self.what, list(DEFAULT_CHANGES), list(state.get("what", [])))
        self.insatser.setText(str(state.get("insatser", "")))
        self.reason.setPlainText(str(state.get("reason", "")))
        self.starts_on.set_text(str(state.get("starts_on", "")))
        self.planned_end_on.set_text(str(state.get("planned_end_on", "")))
        self.decided_by.setText(str(state.get("decided_by", "")))
        self.interval.setValue(int(state.get("interval", DEFAULT_INTERVAL_DAYS)))

    def draft_title(self) -> str:
        return self.title.text().strip() or self.tr("Ny förändring i insatser")
