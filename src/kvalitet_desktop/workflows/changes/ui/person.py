"""One person affected by a change: their details and individual risk assessment, the contact
log (each contact saved on its own), and the individual follow-up with what it led to."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.risk_matrix import SCALE
from kvalitet_desktop.services import organisation, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    enum_choices,
    iso,
    read_date,
    set_read_only,
    text_edit,
)
from kvalitet_desktop.ui.widgets.individual_picker import IndividualPicker
from kvalitet_desktop.ui.widgets.linked_records import LinkedRecordsLabel
from kvalitet_desktop.ui.widgets.tables import read_only_table
from kvalitet_desktop.workflows.changes import service as changes
from kvalitet_desktop.workflows.changes.domain import (
    DEFAULT_RISKS,
    DIMENSIONS,
    Channel,
    ContactInput,
    FollowUpInput,
    NeedsMet,
    PersonInput,
    Phase,
    WithWhom,
)
from kvalitet_desktop.workflows.changes.kind import CONTACT, KEY, PERSON_REPORT, UPDATE
from kvalitet_desktop.workflows.changes.ui.common import (
    button,
    checked,
    checklist,
    due_text,
    risk_text,
    set_checklist,
    yes_no,
)
from kvalitet_desktop.workflows.followups.domain import RATING_LABELS
from kvalitet_desktop.workflows.measures.service import MeasureInput


class PersonDialog(QDialog):
    """``person_id`` None: a new person for ``change``."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        change: changes.ChangeView,
        person_id: str | None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.change = change
        self.person_id = person_id
        self.view: changes.PersonView | None = None
        self.config = settings.risk_matrix(ctx)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.resize(900, 720)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Personens delar"))
        self.tabs.addTab(self._build_details(), self.tr("&Uppgifter"))
        self.tabs.addTab(self._build_contacts(), self.tr("&Kontakter"))
        self.tabs.addTab(self._build_follow_up(), self.tr("Upp&följning"))
        self.linked = LinkedRecordsLabel(ctx)
        self.print_button = button(self.tr("Skriv ut…"), self.tr("Skriv ut personens PDF"))
        self.print_button.clicked.connect(self.print_report)
        self.close_button = button(self.tr("Stän&g"), self.tr("Stäng"))
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.linked)
        layout.addLayout(bottom)
        if person_id is not None:
            self.show_view(changes.get_person(ctx, person_id))
        else:
            self.setWindowTitle(self.tr("Ny berörd person – {change}").format(change=change.title))
            self._update_state()

    # --- details and the individual assessment ----------------------------------------------

    def _build_details(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # the rows keep their height; the room left stays below
        self.unit = ChoiceCombo()
        self.unit.set_choices(list(zip(self.change.unit_names, self.change.unit_ids, strict=True)))
        self.code = IndividualPicker(self.ctx)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.code.set_unit(self._unit_id())
        self.code.currentIndexChanged.connect(self._code_picked)
        self.insats = QLineEdit()
        self.insats.setMaxLength(200)
        self.what = text_edit(2)
        self.paused = QCheckBox(self.tr("Har själv gjort uppehåll i insatsen"))
        self.probability = ChoiceCombo()
        self.consequence = ChoiceCombo()
        self.probability.set_choices(
            [(self.tr("– Ej bedömd –"), None)]
            + [(f"{v} – {self.config.probability_label(v)}", v) for v in SCALE]
        )
        self.consequence.set_choices(
            [(self.tr("– Ej bedömd –"), None)]
            + [(f"{v} – {self.config.consequence_label(v)}", v) for v in SCALE]
        )
        self.risk_level = QLabel()
        self.probability.currentIndexChanged.connect(self._show_risk)
        self.consequence.currentIndexChanged.connect(self._show_risk)
        self._show_risk()  # "Ej bedömd" until assessed
        self.risks = checklist(self.tr("Risker för personen"), list(DEFAULT_RISKS), [])
        self.risks.setMaximumHeight(100)
        self.plan = text_edit(3)
        self.staff = QLineEdit()
        self.representative = QLineEdit()
        self.preference = QLineEdit()
        for line in (self.staff, self.representative, self.preference):
            line.setMaxLength(200)
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("unit_id", self.tr("&Enhet"), self.unit),
            ("code", self.tr("K&od"), self.code),
            ("insats", self.tr("&Insats"), self.insats),
            ("what_changes_for_them", self.tr("&Vad förändras för personen"), self.what),
            ("paused_self", self.tr("Uppehåll"), self.paused),
            ("probability", self.tr("Sannolik&het"), self.probability),
            ("consequence", self.tr("Kon&sekvens"), self.consequence),
            ("risks", self.tr("&Risker"), self.risks),
            ("plan", self.tr("Individuell &plan"), self.plan),
            ("responsible_staff", self.tr("&Ansvarig medarbetare"), self.staff),
            ("representative", self.tr("Närstående/företrä&dare"), self.representative),
            ("contact_preference", self.tr("Hur personen vill kon&taktas"), self.preference),
        )
        for key, text, field in rows:
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            self.errors.bind(key, error, field, lambda _k: self.tabs.setCurrentIndex(0))
        form.addRow(self.tr("Risknivå"), self.risk_level)
        self.save_details_button = button(
            self.tr("Spara uppgifter&na"), self.tr("Spara uppgifterna")
        )
        self.save_details_button.clicked.connect(self.save_details)
        form.addRow(self.save_details_button)
        return page

    def _unit_id(self) -> str | None:
        value = self.unit.value()
        return value if isinstance(value, str) else None

    def _unit_changed(self) -> None:
        self.code.set_unit(self._unit_id())

    def _code_picked(self) -> None:
        entry = self.code.entry()
        if entry is not None and entry.insats and not self.insats.text():
            self.insats.setText(entry.insats)

    def _score(self) -> int | None:
        p, c = self.probability.value(), self.consequence.value()
        return p * c if isinstance(p, int) and isinstance(c, int) else None

    def _show_risk(self) -> None:
        self.risk_level.setText(risk_text(self.config, self._score()))

    def _details(self) -> PersonInput:
        p, c = self.probability.value(), self.consequence.value()
        return PersonInput(
            self.code.code(),
            self._unit_id() or "",
            self.insats.text(),
            self.what.toPlainText(),
            self.paused.isChecked(),
            p if isinstance(p, int) else None,
            c if isinstance(c, int) else None,
            checked(self.risks),
            self.plan.toPlainText(),
            self.staff.text(),
            self.representative.text(),
            self.preference.text(),
        )

    def save_details(self) -> bool:
        try:
            if self.person_id is None:
                view = changes.add_person(self.ctx, self.change.id, self._details())
            else:
                view = changes.update_person(self.ctx, self.person_id, self._details())
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.show_view(view)
        self.errors.warn(view.warnings)
        self.changed.emit()
        return True

    # --- contacts ---------------------------------------------------------------------------

    def _build_contacts(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.next_due = QLabel()
        layout.addWidget(self.next_due)
        self.contacts = read_only_table(
            [
                self.tr("Datum"),
                self.tr("Skede"),
                self.tr("Kanal"),
                self.tr("Med vem"),
                self.tr("Från kommunen"),
                self.tr("Nådde fram"),
                self.tr("Delaktig"),
                self.tr("Vad som sades"),
            ],
            self.tr("Kontakter"),
        )
        layout.addWidget(self.contacts, 1)
        form = QFormLayout()
        self.contact_day = DateField(value=date.today())
        self.phase = ChoiceCombo()
        self.phase.set_choices(enum_choices(Phase))
        self.channel = ChoiceCombo()
        self.channel.set_choices(enum_choices(Channel))
        self.with_whom = ChoiceCombo()
        self.with_whom.set_choices(enum_choices(WithWhom))
        self.contact_staff = QLineEdit(self.ctx.actor.name)
        self.contact_staff.setMaxLength(200)
        self.reached = QCheckBox(self.tr("Nådde fram"))
        self.reached.setChecked(True)
        self.took_part = ChoiceCombo()
        self.took_part.set_choices(
            [(self.tr("– Inte aktuellt –"), None), (self.tr("Ja"), True), (self.tr("Nej"), False)]
        )
        self.said = text_edit(3)
        self.wishes = text_edit(2)
        self.next_contact = DateField()
        rows: tuple[tuple[str, str, QWidget], ...] = (
            ("contacted_on", self.tr("&Datum"), self.contact_day),
            ("phase", self.tr("Sk&ede"), self.phase),
            ("channel", self.tr("K&anal"), self.channel),
            ("with_whom", self.tr("&Med vem"), self.with_whom),
            ("staff", self.tr("Från k&ommunen"), self.contact_staff),
            ("reached", self.tr("Svar"), self.reached),
            ("said", self.tr("&Vad som sades"), self.said),
            ("took_part", self.tr("De&laktig i planeringen"), self.took_part),
            ("wishes", self.tr("&Önskemål"), self.wishes),
            ("next_contact_on", self.tr("&Nästa kontakt överenskommen"), self.next_contact),
        )
        for key, text, field in rows:
            error = ErrorLabel()
            add_row(form, text, field, error=error)
            self.errors.bind(key, error, field, lambda _k: self.tabs.setCurrentIndex(1))
        layout.addLayout(form)
        # Tab follows the form from top to bottom.
        for first, second in pairwise(rows):
            QWidget.setTabOrder(first[2], second[2])
        self.log_button = button(self.tr("Spa&ra kontakten"), self.tr("Spara kontakten"))
        self.log_button.clicked.connect(self.log_contact)
        layout.addWidget(self.log_button)
        return page

    def log_contact(self) -> bool:
        if self.person_id is None:
            return False
        problems: list[FieldError] = []
        day = read_date(self.contact_day, "contacted_on", problems)
        next_day = read_date(self.next_contact, "next_contact_on", problems)
        took_part = self.took_part.value()
        try:
            if problems:
                raise ValidationFailed(problems)
            data = ContactInput(
                day,
                Phase(str(self.phase.value())),
                Channel(str(self.channel.value())),
                WithWhom(str(self.with_whom.value())),
                self.contact_staff.text(),
                self.reached.isChecked(),
                self.said.toPlainText(),
                took_part if isinstance(took_part, bool) else None,
                self.wishes.toPlainText(),
                next_day,
            )
            view = changes.log_contact(self.ctx, self.person_id, data)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        for field in (self.said, self.wishes):
            field.clear()
        self.contact_day.set_date(date.today())
        self.next_contact.set_date(None)
        self.show_view(view)
        self.errors.warn(view.warnings)
        self.changed.emit()
        return True

    # --- the follow-up ----------------------------------------------------------------------

    def _build_follow_up(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # the rows keep their height; the room left stays below
        self.follow_up_day = DateField()
        error = ErrorLabel()
        add_row(form, self.tr("Uppföljd &den"), self.follow_up_day, error=error)
        self.errors.bind("followed_up_on", error, self.follow_up_day, self._to_follow_up)
        self.ratings: dict[str, ChoiceCombo] = {}
        for dimension in DIMENSIONS:
            combo = ChoiceCombo()
            combo.set_choices(
                [(self.tr("Ej besvarad"), None)]
                + [(f"{v} – {label}", v) for v, label in RATING_LABELS.items()]
            )
            error = ErrorLabel()
            label = f"{dimension.value.capitalize()}: {dimension.question}"
            add_row(form, label, combo, error=error)
            self.errors.bind(f"ratings.{dimension.value}", error, combo, self._to_follow_up)
            self.ratings[dimension.value] = combo
        self.needs_met = ChoiceCombo()
        self.needs_met.set_choices([(self.tr("– Välj –"), None), *enum_choices(NeedsMet)])
        error = ErrorLabel()
        add_row(form, self.tr("&Behoven tillgodosedda"), self.needs_met, error=error)
        self.errors.bind("needs_met", error, self.needs_met, self._to_follow_up)
        self.follow_up_comment = text_edit(3)
        add_row(form, self.tr("K&ommentar"), self.follow_up_comment)
        self.follow_up_button = button(
            self.tr("&Spara uppföljningen"), self.tr("Spara uppföljningen")
        )
        self.follow_up_button.clicked.connect(self.save_follow_up)
        form.addRow(self.follow_up_button)
        # What the follow-up may lead to: a new measure, or a record of another kind.
        next_row = QHBoxLayout()
        self.measure_button = button(self.tr("Ny å&tgärd…"), self.tr("Ny åtgärd för personen"))
        self.measure_button.clicked.connect(self.new_measure)
        next_row.addWidget(self.measure_button)
        self.make_buttons = []
        for kind in registry.KINDS:
            if kind.create_from and kind.key != KEY:
                noun = QCoreApplication.translate("RecordKind", kind.nouns.one)
                made = button(
                    self.tr("Gör {noun}…").format(noun=noun),
                    self.tr("Gör {noun}").format(noun=noun),
                )
                made.clicked.connect(lambda _=False, key=kind.key: self.make_record(key))
                next_row.addWidget(made)
                self.make_buttons.append(made)
        next_row.addStretch(1)
        form.addRow(next_row)
        return page

    def _to_follow_up(self, _key: str) -> None:
        self.tabs.setCurrentIndex(2)

    def save_follow_up(self) -> bool:
        if self.person_id is None:
            return False
        problems: list[FieldError] = []
        day = read_date(self.follow_up_day, "followed_up_on", problems)
        needs = self.needs_met.value()
        ratings = {
            key: value
            for key, combo in self.ratings.items()
            if isinstance(value := combo.value(), int)
        }
        try:
            if problems:
                raise ValidationFailed(problems)
            data = FollowUpInput(
                day,
                needs if isinstance(needs, NeedsMet) else None,
                ratings,
                self.follow_up_comment.toPlainText(),
            )
            view = changes.record_follow_up(self.ctx, self.person_id, data)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.show_view(view)
        self.errors.warn(view.warnings)
        self.changed.emit()
        return True

    def new_measure(self) -> None:
        if self.person_id is None:
            return
        from kvalitet_desktop.workflows.changes.ui.measure import MeasureDialog

        dialog = MeasureDialog(self, self.ctx, self.person_id, organisation.user_choices(self.ctx))
        if dialog.exec():
            self.show_view(changes.get_person(self.ctx, self.person_id))

    def make_record(self, kind: str) -> None:
        if self.person_id is None:
            return
        from kvalitet_desktop.ui.records import create_from

        try:
            made = create_from(self, self.ctx, kind, RecordRef(KEY, self.person_id))
        except KvalitetError as error:
            self.errors.show(error)
            return
        if made:
            self.linked.show_for(RecordRef(KEY, self.person_id))

    # --- showing ----------------------------------------------------------------------------

    def show_view(self, view: changes.PersonView) -> None:
        self.view = view
        self.person_id = view.id
        self.setWindowTitle(f"{view.code} – {view.change_title}")
        self.unit.set_value(view.unit_id, view.unit_name)
        self.code.set_code(view.code)
        self.insats.setText(view.insats or "")
        self.what.setPlainText(view.what_changes_for_them or "")
        self.paused.setChecked(view.paused_self)
        self.probability.set_value(view.probability)
        self.consequence.set_value(view.consequence)
        set_checklist(self.risks, list(DEFAULT_RISKS), list(view.risks))
        self.plan.setPlainText(view.plan or "")
        self.staff.setText(view.responsible_staff or "")
        self.representative.setText(view.representative or "")
        self.preference.setText(view.contact_preference or "")
        self._show_risk()
        row = view.row
        self.next_due.setText(
            self.tr("Nästa kontakt senast: {due}").format(due=due_text(row.next_due, row.overdue))
        )
        self.contacts.setRowCount(len(view.contacts))
        for index, c in enumerate(view.contacts):
            cells = (
                iso(c.contacted_on),
                c.phase,
                c.channel,
                c.with_whom,
                c.staff,
                yes_no(c.reached),
                yes_no(c.took_part),
                c.said or "",
            )
            for column, text in enumerate(cells):
                self.contacts.setItem(index, column, QTableWidgetItem(text))
        self.follow_up_day.set_date(view.followed_up_on)
        for key, combo in self.ratings.items():
            combo.set_value(view.ratings.get(key))
        self.needs_met.set_value(NeedsMet(view.needs_met) if view.needs_met else None)
        self.follow_up_comment.setPlainText(view.follow_up_comment or "")
        self.linked.show_for(RecordRef(KEY, view.id))
        self._update_state()

    def _page(self, index: int) -> QWidget:
        page = self.tabs.widget(index)
        assert page is not None
        return page

    def _update_state(self) -> None:
        closed = self.change.closed or (self.view is not None and self.view.change_closed)
        saved = self.view is not None
        may_update = self.ctx.may(UPDATE) and not closed
        may_contact = self.ctx.may(CONTACT) and not closed and saved
        set_read_only(self._page(0), not may_update)
        self.save_details_button.setEnabled(may_update)
        self.code.setEnabled(may_update and not saved)
        set_read_only(self._page(1), not may_contact, keep=[self.contacts])
        set_read_only(self._page(2), not may_contact)
        self.log_button.setEnabled(may_contact)
        self.follow_up_button.setEnabled(may_contact)
        self.measure_button.setEnabled(may_contact)
        for made in self.make_buttons:
            made.setEnabled(saved)
        self.tabs.setTabEnabled(1, saved)
        self.tabs.setTabEnabled(2, saved)
        self.print_button.setEnabled(saved)

    def print_report(self) -> None:
        if self.view is None:
            return
        from kvalitet_desktop.ui.toolkit.editor_base import file_stem

        ctx, person_id, title = (
            self.ctx,
            self.view.id,
            f"{self.view.code} – {self.view.change_title}",
        )

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report
            from kvalitet_desktop.services.report_data import build_report

            return render_report(build_report(ctx, PERSON_REPORT, person_id))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            show_pdf(
                self,
                pdf,
                title,
                file_stem("insatsforandring-individ", self.view.code if self.view else ""),
                ReportSource(ctx, PERSON_REPORT, person_id),
            )

        from kvalitet_desktop.ui.operations import run_in_background, show_failure

        def failed(error: BaseException) -> None:
            if isinstance(error, KvalitetError):
                self.errors.show(error)
            else:
                show_failure(self, error)

        run_in_background(self, build, show, failed, busy_text=self.tr("Skapar rapporten…"))


__all__ = ["MeasureInput", "PersonDialog", "UserCombo"]
