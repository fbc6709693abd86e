"""The avvikelse editor: a quick registration for anyone; for the unit manager the tabs of
the investigation, the measures, the återföring and the closing; "Gör lex Sarah-rapport"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.linked_records import RecordRef, SourceFacts
from kvalitet_desktop.services import forms, organisation, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import records
from kvalitet_desktop.ui.dialogs.common import show_info
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog, file_stem
from kvalitet_desktop.ui.toolkit.fields import name_widget, set_read_only
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
from kvalitet_desktop.ui.widgets.linked_records import LinkedRecordsLabel
from kvalitet_desktop.ui.widgets.overdue import overdue_text
from kvalitet_desktop.workflows.deviations import service as deviations
from kvalitet_desktop.workflows.deviations.domain import DeviationStatus
from kvalitet_desktop.workflows.deviations.kind import CLOSE, INVESTIGATE, KEY, VOID
from kvalitet_desktop.workflows.deviations.service import DeviationView
from kvalitet_desktop.workflows.deviations.ui.common import capitalised, tr, when_text
from kvalitet_desktop.workflows.deviations.ui.investigation import (
    ClosingPanel,
    FeedbackPanel,
    InvestigationPanel,
)
from kvalitet_desktop.workflows.deviations.ui.measures import MeasureDialog, MeasuresPanel
from kvalitet_desktop.workflows.deviations.ui.registration import RegistrationForm

LEX_SARAH_KIND = "lexsarah"  # the kind a "Gör lex Sarah-rapport" makes (through the registry)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    # The fields inside take the focus (and scroll into view); the area itself is no stop.
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(widget)
    return area


class DeviationEditor(EditorDialog):
    """``DeviationEditor(parent, ctx, None)`` registers a new avvikelse; with an id it opens
    the stored one (the opening is logged)."""

    def __init__(
        self,
        parent: QWidget | None,
        ctx: Context,
        deviation_id: str | None,
        *,
        source: SourceFacts | None = None,
    ) -> None:
        view = deviations.get_deviation(ctx, deviation_id) if deviation_id else None
        self.source = source if view is None else None  # what a new one is made from
        super().__init__(parent, ctx, "editors/avvikelse", (980, 820))
        self.view = view
        self.deviation_id = deviation_id
        self.users = organisation.user_choices(ctx)
        units = [(u.id, u.name) for u in organisation.units(ctx)]
        lists = deviations.lists(ctx)
        self.may_investigate = ctx.may(INVESTIGATE)
        self.registration = RegistrationForm(
            units,
            self.users,
            lists,
            settings.risk_matrix(ctx),
            self.errors,
            ctx,
            new=view is None,
        )
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.linked = LinkedRecordsLabel(ctx)
        self.lex_sarah_button = QPushButton(tr("Gör &lex Sarah-rapport…"))
        name_widget(self.lex_sarah_button, self.lex_sarah_button.text())
        self.lex_sarah_button.setToolTip(
            tr("Rapportera avvikelsen enligt lex Sarah, ifylld med det som står här")
        )
        self.lex_sarah_button.clicked.connect(self.make_lex_sarah_report)
        self.print_button = QPushButton(tr("Skriv &ut…"))
        name_widget(self.print_button, self.print_button.text())
        self.print_button.clicked.connect(self.print_report)
        self.void_button = QPushButton(tr("&Makulera…"))
        name_widget(self.void_button, self.void_button.text())
        self.void_button.clicked.connect(self.void)

        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.heading)
        titles.addWidget(self.facts)
        titles.addWidget(self.linked)
        header.addLayout(titles, 1)
        header.addWidget(self.lex_sarah_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(header)
        layout.addWidget(self.banner)

        areas = forms.editable_lists(ctx).get(forms.CAUSE_AREAS, [])
        self.investigation = InvestigationPanel(self.users, areas, self.errors)
        self.measures = MeasuresPanel(ctx)
        self.measures.add_requested.connect(self.add_measure)
        self.feedback = FeedbackPanel(self.errors)
        self.closing = ClosingPanel(self.errors)
        self.closing.close_button.clicked.connect(self.close_deviation)
        self.closing.reopen_button.clicked.connect(self.reopen)
        self.tabs = QTabWidget()
        name_widget(self.tabs, tr("Avvikelsens delar"))
        self.tabs.addTab(_scrolled(self.registration), tr("&Registrering"))
        self.tabs.addTab(self.investigation, tr("U&tredning"))
        self.tabs.addTab(self.measures, tr("Å&tgärder"))
        self.tabs.addTab(self.feedback, tr("Åter&föring"))
        self.tabs.addTab(self.closing, tr("A&vslut"))
        layout.addWidget(self.tabs, 1)
        if view is None:
            self.setWindowTitle(tr("Ny avvikelse"))
            self.heading.setText(tr("Ny avvikelse"))
            self.facts.setText(
                tr(
                    "Har något gått fel, eller nästan gått fel? Fyll i det du vet nu – fälten "
                    "med * behövs. Enhetschefen kompletterar resten och utreder."
                )
            )
            for index in range(1, self.tabs.count()):  # the investigation comes after
                self.tabs.setTabVisible(index, False)
        buttons = self.editor_buttons(
            KEY,
            lambda: self.deviation_id,
            left=[self.print_button, self.void_button],
            save_text=tr("&Registrera") if view is None else None,
        )
        layout.addLayout(buttons)
        self._baseline: FormState = {}
        if view is not None:
            self.show_view(view)
        else:
            self._update_buttons()
        if self.source is not None:
            self.registration.prefill(self.source)
            self.facts.setText(
                tr("Görs från {source}. Kontrollera uppgifterna och fyll i det som saknas.").format(
                    source=self.source.label
                )
            )
        self.restore_geometry()
        new_key = f"ny:{self.source.source.kind}:{self.source.source.id}" if self.source else "ny"
        self.start_autosave(f"avvikelse:{deviation_id or new_key}")
        self.registration.focus_first()

    # --- showing -------------------------------------------------------------------------

    def show_view(self, view: DeviationView) -> None:
        self.view = view
        self.deviation_id = view.id
        self.setWindowTitle(tr("Avvikelse {number}").format(number=view.number))
        self.heading.setText(f"{view.number} {view.title}")
        today = date.today()
        dues = []
        for deadline in view.deadlines(today):
            if deadline.done or deadline.due is None:
                continue
            text = when_text(deadline.due)
            dues.append(f"{tr(deadline.what)} {overdue_text(text) if deadline.late else text}")
        facts = [
            tr("Status: {status}").format(status=capitalised(view.status.value)),
            view.unit_name,
            tr("inträffade {when}").format(when=when_text(view.occurred_at)),
            *dues,
        ]
        self.facts.setText(" · ".join(facts))
        self.linked.show_for(RecordRef(KEY, view.id))
        self.registration.show_view(view)
        self.investigation.show_view(view, self.ctx.actor.id)
        self.measures.show_view(view)
        self.feedback.show_view(view)
        self.closing.show_view(view)
        self._update_buttons()
        self._baseline = self._sections()

    def _update_buttons(self) -> None:
        view = self.view
        closed = view is not None and view.status is DeviationStatus.CLOSED
        archived = view is not None and view.archived
        editable = view is None or (self.may_investigate and not closed and not archived)
        self.read_only = not editable and not (closed and self.may_investigate)
        set_read_only(self.registration, not editable)
        set_read_only(self.investigation, not editable)
        self.measures.add_button.setEnabled(
            editable and view is not None and view.status is not DeviationStatus.REGISTERED
        )
        feedback_open = self.may_investigate and not archived and view is not None
        set_read_only(self.feedback, not feedback_open)
        may_close = self.ctx.may(CLOSE) and view is not None and not archived
        set_read_only(self.closing, not (may_close and not closed))
        self.closing.close_button.setVisible(may_close and not closed)
        self.closing.reopen_button.setVisible(may_close and closed)
        self.closing.reopen_button.setEnabled(True)
        self.lex_sarah_button.setVisible(view is not None and not archived)
        self.print_button.setVisible(view is not None)
        self.void_button.setVisible(view is not None and self.ctx.may(VOID) and not archived)
        self.save_button.setEnabled(view is None or editable or feedback_open)
        if view is not None and archived:
            self.show_read_only_reason(
                archived=True,
                archive_reason=view.archive_reason,
                fallback=tr("Avvikelsen är makulerad."),
                not_allowed="",
            )

    def _reveal(self, widget: QWidget) -> None:
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and (page is widget or page.isAncestorOf(widget)):
                self.tabs.setCurrentIndex(index)
                return

    # --- drafts --------------------------------------------------------------------------

    def _sections(self) -> FormState:
        return {
            "registration": self.registration.state(),
            "investigation": self.investigation.state(),
            "feedback": self.feedback.state(),
        }

    def form_state(self) -> FormState:
        return self._sections()

    def restore_state(self, state: FormState) -> None:
        for key, panel in (
            ("registration", self.registration),
            ("investigation", self.investigation),
            ("feedback", self.feedback),
        ):
            part = state.get(key)
            if isinstance(part, dict):
                panel.restore(part)

    def draft_title(self) -> str:
        return tr("Avvikelse: {title}").format(title=self.registration.title_edit.text() or "–")

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        self.errors.clear()
        try:
            view = self._save_sections()
        except ValidationFailed as error:
            self.errors.show(error)
            first = error.errors[0].field if error.errors else ""
            self._reveal_field(first)
            return False
        except KvalitetError as error:
            self.errors.show(error)
            return False
        if view is None:
            return True
        new = self.deviation_id is None
        if self.autosaver is not None:
            self.autosaver.stop()
            self.autosaver.discard()
            self.autosaver = None
        self.saved.emit()
        if new and not self.may_investigate:
            show_info(
                self.parentWidget(),
                tr("Avvikelsen är registrerad som {number}. Enhetschefen tar hand om den.").format(
                    number=view.number
                ),
                tr("Avvikelsen är registrerad"),
            )
            self.accept()
            return True
        for index in range(1, self.tabs.count()):
            self.tabs.setTabVisible(index, True)
        self.save_button.setText(tr("&Spara"))
        self.show_view(view)
        self.start_autosave(f"avvikelse:{view.id}")
        return True

    def _reveal_field(self, field: str) -> None:
        section = field.split(".")[0]
        if section in {"started_on", "investigator_id", "analysis", "causes"}:
            self._reveal(self.investigation)
        elif section.startswith("feedback"):
            self._reveal(self.feedback)
        elif section in {"conclusion", "closed_on"}:
            self._reveal(self.closing)
        else:
            self._reveal(self.registration)

    def _save_sections(self) -> DeviationView | None:
        """Registers a new avvikelse, or saves each changed part of a stored one."""
        problems: list[FieldError] = []
        registration = self.registration.value()
        problems += self.registration.problems
        if self.view is None:
            if problems:
                raise ValidationFailed(problems)
            if self.source is not None:
                registration = replace(registration, source=self.source.source)
            return deviations.register(self.ctx, registration)
        now = self._sections()
        view = self.view
        if now["registration"] != self._baseline.get("registration"):
            if problems:
                raise ValidationFailed(problems)
            view = deviations.complete(self.ctx, view.id, registration)
        if now["investigation"] != self._baseline.get("investigation"):
            data = self.investigation.value(problems)
            if problems:
                raise ValidationFailed(problems)
            view = deviations.save_investigation(self.ctx, view.id, data)
        if now["feedback"] != self._baseline.get("feedback") and not self.feedback.is_empty():
            feedback = self.feedback.value(problems)
            if problems:
                raise ValidationFailed(problems)
            view = deviations.save_feedback(self.ctx, view.id, feedback)
        return view

    # --- the unit manager's steps --------------------------------------------------------

    def add_measure(self) -> None:
        if self.view is None:
            return
        if self.is_dirty() and not self.save():
            return
        assert self.view is not None
        dialog = MeasureDialog(self, self.ctx, self.view, self.users)
        dialog.submitted.connect(self._after_step)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _after_step(self, view: DeviationView) -> None:
        self.show_view(view)
        if self.autosaver is not None:
            self.autosaver.set_baseline()
        self.saved.emit()

    def close_deviation(self) -> None:
        if self.view is None:
            return
        if self.is_dirty() and not self.save():
            return
        problems: list[FieldError] = []
        conclusion, closed_on = self.closing.value(problems)
        self.errors.clear()
        try:
            if problems:
                raise ValidationFailed(problems)
            assert self.view is not None
            view = deviations.close(self.ctx, self.view.id, conclusion, closed_on)
        except KvalitetError as error:
            self.errors.show(error)
            if isinstance(error, ValidationFailed) and error.errors:
                self._reveal_field(error.errors[0].field)
            return
        self._after_step(view)

    def reopen(self) -> None:
        view = self.view
        if view is None:
            return

        def reopened(reason: str) -> None:
            self._after_step(deviations.reopen(self.ctx, view.id, reason))

        dialog = ReasonDialog(
            self,
            tr("Öppna avvikelsen igen"),
            tr("Skriv varför den avslutade avvikelsen behöver öppnas igen. Skälet sparas."),
            reopened,
            tr("Öppna &igen"),
        )
        dialog.open()

    def void(self) -> None:
        view = self.view
        if view is None:
            return
        self.ask_to_archive(
            tr("Makulera avvikelsen"),
            tr("Makulera bara en avvikelse som registrerats av misstag eller två gånger."),
            lambda reason: self._after_step(deviations.void(self.ctx, view.id, reason)),
            lambda: None,
        )

    def make_lex_sarah_report(self) -> None:
        """A lex Sarah rapport prefilled from the avvikelse, linked both ways."""
        if self.view is None:
            return
        if self.is_dirty() and not self.save():
            return
        assert self.view is not None
        try:
            made = records.create_from(self, self.ctx, LEX_SARAH_KIND, RecordRef(KEY, self.view.id))
        except KvalitetError as error:
            self.errors.show(error)
            return
        if made is not None:
            self.linked.show_for(RecordRef(KEY, self.view.id))

    def print_report(self) -> None:
        if self.view is not None:
            self.show_report(
                KEY, self.view.id, tr("Avvikelse"), file_stem("avvikelse", self.view.number)
            )


def deviation_from(parent: QWidget | None, ctx: Context, facts: SourceFacts) -> str | None:
    """The avvikelse kind's ``create_from``: "Ny avvikelse" prefilled from another record,
    linked to it when registered. The new avvikelse's id, or None if none was registered."""
    dialog = DeviationEditor(parent, ctx, None, source=facts)
    dialog.exec()
    return dialog.deviation_id
