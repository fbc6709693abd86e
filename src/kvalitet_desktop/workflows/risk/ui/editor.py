"""The guided risk analysis editor: eight steps in a list on the left, one page at a time.

The form's state is one typed, JSON-compatible dict (``RiskFormState``, from ``risk_state``)
used for drafts, for the "unsaved changes" check and for building the service input. Saving
stores the current step (``wizard_step``) so a draft analysis opens where the user left it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.errors import (
    FieldError,
    KvalitetError,
    RuleViolation,
    ValidationFailed,
)
from kvalitet_desktop.services import organisation, settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.operations import Operation
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import ARCHIVED_COLOUR, EditorDialog, file_stem
from kvalitet_desktop.ui.toolkit.fields import add_shortcut, help_label, name_widget, set_read_only
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
from kvalitet_desktop.workflows.risk import service as risk
from kvalitet_desktop.workflows.risk.domain import RiskAnalysisStatus
from kvalitet_desktop.workflows.risk.kind import CREATE, DECIDE, UPDATE, VOID
from kvalitet_desktop.workflows.risk.service import RiskAnalysisView
from kvalitet_desktop.workflows.risk.ui.causes_measures import CausesStep, MeasuresStep
from kvalitet_desktop.workflows.risk.ui.decision import DecisionStep, SummaryStep, summary_html
from kvalitet_desktop.workflows.risk.ui.events import EventRow, EventsStep, short
from kvalitet_desktop.workflows.risk.ui.form_types import RiskFormState, form_from_json
from kvalitet_desktop.workflows.risk.ui.reassess import ReassessDialog
from kvalitet_desktop.workflows.risk.ui.state import (
    analysis_input,
    decision_input,
    measure_prefill,
    state_from_view,
)
from kvalitet_desktop.workflows.risk.ui.step import WizardStep
from kvalitet_desktop.workflows.risk.ui.step_texts import mark_icon, step_texts
from kvalitet_desktop.workflows.risk.ui.steps import FactsStep, ScopeStep, TeamStep

KIND = "riskanalys"
# Fields of a locked analysis look locked, not merely refuse typing.
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"], QPlainTextEdit[readOnly="true"] '
    "{ background: palette(window); color: palette(window-text); }"
)
SCOPE, TEAM, FACTS, EVENTS, CAUSES, MEASURES, DECISION, SUMMARY = range(8)


def _tr(text: str) -> str:
    return QCoreApplication.translate("RiskAnalysisEditor", text)


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise ValidationFailed([FieldError("reason", _tr("Skriv en motivering."))])


class RiskAnalysisEditor(EditorDialog):
    """Create, continue, decide and print one risk analysis."""

    def __init__(self, parent: QWidget | None, ctx: Context, analysis_id: str | None) -> None:
        # Read first: a record that is gone (or not visible) leaves no half-built dialog.
        stored = risk.get_analysis(ctx, analysis_id) if analysis_id is not None else None
        super().__init__(parent, ctx, "editors/riskanalys", (1100, 760))
        self.analysis_id = analysis_id
        self.view: RiskAnalysisView | None = None
        self.config = settings.risk_matrix(ctx)
        self.users = organisation.user_choices(ctx)
        self.units = organisation.units(ctx)
        self.events: list[EventRow] = []
        # Why this decided analysis is being changed, once given (reopening asks it).
        self._change_reason: str | None = None
        self._locked = False
        self._icons = (mark_icon(done=False), mark_icon(done=True))
        self._build()
        step = SCOPE
        if stored is not None:
            self.view = stored
            self.restore_form(state_from_view(self.view))
            step = min(max(self.view.wizard_step, SCOPE), SUMMARY)
        self._show_view_facts()
        self._apply_permissions()
        self.go_to(step)
        self.restore_geometry()
        self.start_autosave(self._form_key())
        self._update_marks()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.status_chip = QLabel()
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
        header.addWidget(self.status_chip)

        self.scope = ScopeStep(self.units, self.ctx)
        self.team = TeamStep(self.users)
        self.facts = FactsStep()
        self.events_step = EventsStep(self.config, self.events)
        self.causes = CausesStep(self.events)
        self.measures_step = MeasuresStep(self.events)
        self.measures_step.action_threshold = self.config.action_threshold
        self.decision = DecisionStep(self.users)
        self.summary = SummaryStep()
        self.steps: list[QWidget] = [
            self.scope,
            self.team,
            self.facts,
            self.events_step,
            self.causes,
            self.measures_step,
            self.decision,
            self.summary,
        ]
        # The same steps, as the wizard asks of them (mypy checks each against the Protocol).
        self.step_rules: list[WizardStep] = [
            self.scope,
            self.team,
            self.facts,
            self.events_step,
            self.causes,
            self.measures_step,
            self.decision,
            self.summary,
        ]
        self.events_step.changed.connect(self._update_marks)
        self.events_step.reassess_requested.connect(self._reassess)
        self.events_step.remove_requested.connect(self._ask_to_remove_event)
        self.causes.changed.connect(self._update_marks)
        self.measures_step.new_measure_requested.connect(self._new_measure)
        self.measures_step.open_measure_requested.connect(self._open_measure)
        self.decision.decide_requested.connect(self.decide)
        self.decision.close_requested.connect(self._close_analysis)
        self.summary.print_requested.connect(self.print_report)

        self.step_list = QListWidget()
        self.step_list.setAccessibleName(_tr("Steg"))
        self.step_list.setIconSize(QSize(20, 20))
        self.step_list.setSpacing(2)
        self.stack = QStackedWidget()
        self.page_titles: list[QLabel] = []
        for index, ((title, guidance), step) in enumerate(
            zip(step_texts(), self.steps, strict=True)
        ):
            item = QListWidgetItem(f"{index + 1}. {title}")
            self.step_list.addItem(item)
            self.stack.addWidget(self._page(index, title, guidance, step))
        self.step_list.currentRowChanged.connect(self._step_changed)
        self.step_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widest = max(
            self.step_list.fontMetrics().horizontalAdvance(self.step_list.item(i).text())
            for i in range(self.step_list.count())
        )
        self.step_list.setFixedWidth(widest + self.step_list.iconSize().width() + 40)
        self.scope.title.textChanged.connect(self._title_typed)
        for step_index, rules in enumerate(self.step_rules):
            for key, label, focus in rules.bindings():
                self.errors.bind(key, label, focus, self._revealer(step_index))

        self.print_button = QPushButton(_tr("Skriv &ut"))
        self.archive_button = QPushButton(_tr("&Makulera…"))
        self.reopen_button = QPushButton(_tr("Ändra med m&otivering…"))
        name_widget(self.reopen_button, self.reopen_button.text())
        self.reopen_button.setVisible(False)
        self.reopen_button.clicked.connect(self._ask_to_reopen)
        self.previous_button = QPushButton(_tr("← &Föregående"))
        self.next_button = QPushButton(_tr("&Nästa →"))
        self.print_button.clicked.connect(self.print_report)
        self.archive_button.clicked.connect(self._archive)
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_step() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_step() + 1))
        add_shortcut(self, "Ctrl+PgDown", lambda: self.go_to(self.current_step() + 1))
        add_shortcut(self, "Ctrl+PgUp", lambda: self.go_to(self.current_step() - 1))
        buttons = self.editor_buttons(
            KIND,
            lambda: self.analysis_id,
            left=[self.print_button, self.archive_button, self.reopen_button],
            right=[self.previous_button, self.next_button, 16],
            save_text=_tr("Spara utkast"),
        )

        body = QHBoxLayout()
        body.addWidget(self.step_list)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.step_list, self.stack)

    def _page(self, index: int, title: str, guidance: str, step: QWidget) -> QWidget:
        inner = QWidget()
        column = QVBoxLayout(inner)
        title_label = QLabel(_tr("Steg {n} av 8: {title}").format(n=index + 1, title=title))
        font = title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        title_label.setFont(font)
        self.page_titles.append(title_label)
        column.addWidget(title_label)
        column.addWidget(help_label(guidance))
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        column.addWidget(line)
        column.addWidget(step, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The step's fields take the focus (and scroll into view); the area itself is no stop.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(inner)
        return scroll

    # --- navigation -----------------------------------------------------------------------

    def current_step(self) -> int:
        return max(self.step_list.currentRow(), 0)

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self.step_list.setCurrentRow(index)

    def _step_changed(self, index: int) -> None:
        if index < 0:
            return
        self.stack.setCurrentIndex(index)
        step = self.steps[index]
        if step is self.causes:
            self.causes.entered()
        elif step is self.measures_step:
            self.measures_step.entered()
        elif step is self.summary:
            self._show_summary()
        elif step is self.events_step:
            self.events_step.refresh()
        if self.read_only and step in (self.causes, self.measures_step):
            set_read_only(step, True)  # its fields were just rebuilt
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(self.steps) - 1)
        self._update_marks()

    def _revealer(self, index: int) -> Callable[[str], None]:
        return lambda key: self._reveal(index, key)

    def _reveal(self, index: int, key: str) -> None:
        self.go_to(index)
        parts = key.split(".")
        if index == EVENTS and len(parts) > 1 and parts[1].isdigit():
            self.events_step.select(int(parts[1]))

    def step_complete(self, index: int) -> bool:
        if index == DECISION:
            return self.view is not None and self.view.status is not RiskAnalysisStatus.DRAFT
        if index == SUMMARY:
            return all(self.step_complete(i) for i in range(SUMMARY))
        return self.step_rules[index].is_complete()

    def _update_marks(self) -> None:
        titles = step_texts()
        for index in range(self.step_list.count()):
            done = self.step_complete(index)
            item = self.step_list.item(index)
            item.setIcon(self._icons[int(done)])
            state = _tr("klart") if done else _tr("inte klart")
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                _tr("Steg {n}: {title}, {state}").format(
                    n=index + 1, title=titles[index][0], state=state
                ),
            )
            item.setToolTip(state.capitalize())

    # --- state ----------------------------------------------------------------------------

    def _form_key(self) -> str:
        return f"{KIND}:{self.analysis_id or 'ny'}"

    def risk_state(self) -> RiskFormState:
        return {
            **self.scope.state(),
            **self.team.state(),
            **self.facts.state(),
            "events": [event.state() for event in self.events],
            **self.decision.state(),
        }

    def form_state(self) -> FormState:
        """The draft's JSON container (see ``risk_state`` for what it holds)."""
        return dict(self.risk_state())

    def restore_state(self, state: FormState) -> None:
        self.restore_form(form_from_json(state))

    def restore_form(self, state: RiskFormState) -> None:
        view = self.view
        self.scope.set_state(state, view.unit_name if view else None)
        self.team.set_state(state, view.leader_name if view else None)
        self.facts.set_state(state)
        stored = {e.id: e for e in view.events} if view else {}
        rows = []
        for event_state in state["events"]:
            row = EventRow.from_state(event_state)
            if row.id in stored:
                facts = stored[row.id]
                row.assessments, row.measures = facts.assessments, facts.measures
            rows.append(row)
        self.events[:] = rows
        self.decision.set_state(state, view.decided_by_name if view else None)
        self.events_step.refresh(select=0)
        current = self.current_step()
        if current in (CAUSES, MEASURES, SUMMARY):
            self._step_changed(current)
        self._update_marks()

    def draft_title(self) -> str:
        return _tr("Riskanalys: {title}").format(title=self.scope.title.text() or "–")

    # --- showing what is stored -----------------------------------------------------------

    def _show_view_facts(self) -> None:
        view = self.view
        title = self.scope.title.text().strip()
        if view is None:
            self.setWindowTitle(_tr("Ny riskanalys"))
            self.heading.setText(title or _tr("Ny riskanalys"))
            status = RiskAnalysisStatus.DRAFT
        else:
            self.setWindowTitle(_tr("Riskanalys – {title}").format(title=view.title))
            self.heading.setText(view.title)
            status = view.status
        chip = status.value.capitalize()
        if view is not None and view.archived:
            chip = QCoreApplication.translate(terms.TERMS_CONTEXT, terms.ARCHIVED)
        colours = {
            RiskAnalysisStatus.DRAFT: "#fff3c4",
            RiskAnalysisStatus.DECIDED: "#d7f0d8",
            RiskAnalysisStatus.CLOSED: "#e0e0e0",
        }
        self.status_chip.setText(chip)
        self.status_chip.setStyleSheet(
            f"background: {colours[status]}; color: #1b1f23; padding: 3px 10px;"
            " border-radius: 9px; font-weight: bold;"
        )
        self.status_chip.setAccessibleName(_tr("Status: {status}").format(status=chip))
        decided = status is not RiskAnalysisStatus.DRAFT
        self.decision.set_view(view)
        self.events_step.set_decided(decided)
        self.save_button.setText(_tr("Spara") if decided else _tr("Spara utkast"))
        name_widget(self.save_button, self.save_button.text())
        self.archive_button.setEnabled(view is not None and not self.read_only)
        if view is not None:
            event_measures = {m.id for e in view.events for m in e.measures}
            self.measures_step.analysis_measures = tuple(
                m for m in view.measures if m.id not in event_measures
            )

    def _title_typed(self) -> None:
        if self.view is None:
            self.heading.setText(self.scope.title.text().strip() or _tr("Ny riskanalys"))

    def _reload_view(self) -> None:
        """Read the stored analysis again (another dialog stored something that points at it)."""
        assert self.analysis_id is not None
        self._show_saved(risk.get_analysis(self.ctx, self.analysis_id))

    def _show_saved(self, view: risk.RiskAnalysisView) -> None:
        """Show the analysis as a save returned it; what the user typed stays, facts update."""
        self.view = view
        self.analysis_id = view.id
        for row, event in zip(self.events, view.events, strict=False):
            row.take_facts(event)
        self._show_view_facts()
        self._step_changed(self.current_step())

    def _apply_permissions(self) -> None:
        view = self.view
        archived = view is not None and view.archived
        allowed = self.ctx.actor.can(CREATE if view is None else UPDATE)
        closed = view is not None and view.status is RiskAnalysisStatus.CLOSED
        self.read_only = archived or not allowed or closed
        self.reopen_button.setVisible(closed and allowed and not archived)
        if archived or not allowed:
            self.show_read_only_reason(
                archived=archived,
                archive_reason=view.archive_reason if view is not None else None,
                fallback=_tr("Riskanalysen är makulerad och kan inte ändras."),
                not_allowed=_tr("Du har inte behörighet att ändra riskanalyser."),
            )
        elif closed:
            self.banner.setStyleSheet(f"color: {ARCHIVED_COLOUR};")
            self.banner.show_messages(
                [
                    _tr(
                        "Riskanalysen är avslutad och låst. Välj ”Ändra med motivering…” "
                        "om något behöver ändras."
                    )
                ]
            )
        if self.read_only != self._locked:
            self._lock(self.read_only)
        # A closed analysis may still be voided (makulerad), as before it was locked.
        self.archive_button.setEnabled(
            view is not None and self.ctx.actor.can(VOID) and not archived
        )
        if not self.ctx.actor.can(DECIDE):
            self.decision.decide_button.setEnabled(False)
            self.decision.decide_button.setToolTip(
                _tr("Du har inte behörighet att besluta om riskanalyser.")
            )

    def _lock(self, locked: bool) -> None:
        """Read-only fields that look read-only (greyed), or editable again after reopening."""
        self._locked = locked
        set_read_only(self.stack, locked, keep=[self.summary])
        self.stack.setStyleSheet(READ_ONLY_STYLE if locked else "")
        self.events_step.set_read_only(locked)
        self.save_button.setEnabled(not locked)
        self.measures_step.enabled_actions = not locked
        if not locked:
            self.decision.set_view(self.view)  # a decided analysis keeps its decision locked

    def _show_summary(self) -> None:
        names = dict(self.users)
        if self.view is not None:
            for uid, name in (
                (self.view.leader_id, self.view.leader_name),
                (self.view.decided_by_id, self.view.decided_by_name),
            ):
                if uid and name:
                    names.setdefault(uid, name)
        unit_names = {u.id: u.name for u in self.units}
        if self.view is not None:
            unit_names.setdefault(self.view.unit_id, self.view.unit_name)
        assessments = (
            risk.individual_assessments(self.ctx, self.analysis_id) if self.analysis_id else ()
        )
        self.summary.show_summary(
            summary_html(
                self.risk_state(),
                self.events,
                self.view,
                self.config,
                names,
                unit_names,
                assessments,
            )
        )

    # --- saving and deciding --------------------------------------------------------------

    def save(self) -> bool:
        """Save; a decided analysis with changes first asks why (then it saves from there)."""
        if self.read_only:
            return False
        decided = self.view is not None and not self.view.status.is_draft
        if decided and self._change_reason is None and self.is_dirty():
            self._ask_change_reason()
            return False
        return self._save(self._change_reason)

    def _save(self, reason: str | None) -> bool:
        self.errors.clear()
        try:
            if problems := self.scope.register_problems():
                raise ValidationFailed(problems)
            data = analysis_input(self.risk_state(), self.events, self.current_step())
            view = risk.save_analysis(self.ctx, data, self.analysis_id, reason=reason)
        except KvalitetError as error:
            self.errors.show(error)
            self._update_marks()
            return False
        self._show_saved(view)
        self.mark_saved(self._form_key())
        self._update_marks()
        self.errors.warn(view.warnings)
        return True

    def _ask_change_reason(self) -> QDialog:
        def save_with(reason: str) -> None:
            _require_reason(reason)
            self._save(reason.strip())  # the form's own errors show at its fields

        dialog = ReasonDialog(
            self,
            _tr("Ändra beslutad riskanalys"),
            _tr(
                "Riskanalysen är beslutad. Skriv varför den ändras; motiveringen sparas i "
                "historiken tillsammans med ändringen."
            ),
            save_with,
            _tr("&Spara ändringen"),
        )
        dialog.open()
        return dialog

    def _ask_to_remove_event(self, index: int) -> QDialog | None:
        if not 0 <= index < len(self.events):
            return None
        event = self.events[index]

        def remove(reason: str) -> None:
            _require_reason(reason)
            del self.events[index]
            self.events_step.refresh(select=min(index, len(self.events) - 1))
            if not self._save(reason.strip()):
                self.events.insert(index, event)
                self.events_step.refresh(select=index)
                raise RuleViolation(
                    _tr("Händelsen togs inte bort: rätta först felen som visas i riskanalysen.")
                )

        dialog = ReasonDialog(
            self,
            _tr("Ta bort händelsen"),
            _tr(
                "Händelse {n} ”{text}” tas bort ur den beslutade riskanalysen och ändringen "
                "sparas direkt. Händelsen finns kvar i historiken. Skriv varför den tas bort."
            ).format(n=index + 1, text=short(event.description, 80)),
            remove,
            _tr("&Ta bort händelsen"),
        )
        dialog.open()
        return dialog

    def _ask_to_reopen(self) -> QDialog | None:
        if self.analysis_id is None:
            return None
        ctx, analysis_id = self.ctx, self.analysis_id
        dialog = ReasonDialog(
            self,
            _tr("Ändra avslutad riskanalys"),
            _tr(
                "Riskanalysen är avslutad. Skriv varför den behöver ändras; den öppnas då igen "
                "som beslutad, och motiveringen sparas i historiken med vem som öppnade den "
                "och när."
            ),
            lambda reason: self._reopened(risk.reopen_analysis(ctx, analysis_id, reason), reason),
            _tr("&Öppna för ändring"),
        )
        dialog.open()
        return dialog

    def _reopened(self, view: RiskAnalysisView, reason: str) -> None:
        self._change_reason = reason.strip()
        self.banner.setStyleSheet(f"color: {ARCHIVED_COLOUR};")
        self.banner.show_messages(
            [_tr("Öppnad igen för ändring: {reason}").format(reason=self._change_reason)]
        )
        self.view = view
        self._apply_permissions()
        self._after_side_save(view)
        if self.autosaver is not None:
            self.autosaver.start()

    def decide(self) -> None:
        if not self.save():
            return
        assert self.analysis_id is not None
        try:
            view = risk.decide(self.ctx, self.analysis_id, decision_input(self.decision.state()))
        except KvalitetError as error:
            self.errors.show(error)
            if not any(label.messages() for label in self.decision.errors.values()):
                self.go_to(DECISION)
            return
        self._show_saved(view)
        self.mark_saved(self._form_key())
        self._update_marks()

    def _close_analysis(self) -> None:
        if self.analysis_id is None:
            return
        try:
            view = risk.close_analysis(self.ctx, self.analysis_id)
        except KvalitetError as error:
            self.errors.show(error)
            return
        self._after_side_save(view)

    def _ensure_saved(self) -> bool:
        """New records and unsaved changes are saved before anything refers to them."""
        if self.analysis_id is None or self.is_dirty() or any(e.id is None for e in self.events):
            return self.save()
        return True

    def _after_side_save(self, view: risk.RiskAnalysisView | None = None) -> None:
        """Something else was stored (a measure, an assessment): show it, keep the typing.

        ``view`` is the analysis as that save returned it; without it, it is read again."""
        was_dirty = self.is_dirty()
        if view is not None:
            self._show_saved(view)
        else:
            self._reload_view()
        if not was_dirty and self.autosaver is not None:
            self.autosaver.set_baseline()
        self._update_marks()
        self.saved.emit()

    # --- measures, assessments, printing --------------------------------------------------

    def _new_measure(self, index: int) -> QDialog | None:
        if not self._ensure_saved():
            return None
        assert self.analysis_id is not None
        unit_id = self.scope.unit.value()
        prefill, answers_to = measure_prefill(
            self.analysis_id,
            self.scope.title.text().strip(),
            unit_id if isinstance(unit_id, str) else "",
            self.events,
            index,
        )
        from kvalitet_desktop.workflows.measures.ui.editor import MeasureDialog

        dialog = MeasureDialog(self, self.ctx, prefill=prefill, link_texts=[answers_to])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda: self._after_side_save())
        dialog.show()
        return dialog

    def _open_measure(self, measure_id: str) -> None:
        from kvalitet_desktop.ui.records import open_record

        dialog = open_record(self, self.ctx, "atgard", measure_id)
        dialog.saved.connect(lambda: self._after_side_save())  # type: ignore[attr-defined]

    def _reassess(self, index: int) -> None:
        if not 0 <= index < len(self.events):
            return
        event = self.events[index]
        if event.id is None:
            return
        current = (
            (event.probability, event.consequence)
            if event.probability and event.consequence
            else None
        )
        dialog = ReassessDialog(
            self,
            self.ctx,
            event.id,
            f"{index + 1}. {event.description}",
            self.config,
            current,
        )
        dialog.submitted.connect(self._reassessed)
        dialog.open()

    def _reassessed(self, result: object) -> None:
        self._after_side_save(result if isinstance(result, risk.RiskAnalysisView) else None)

    def _archive(self) -> None:
        if self.analysis_id is None:
            return
        ctx, analysis_id = self.ctx, self.analysis_id
        self.ask_to_archive(
            _tr("Makulera riskanalysen"),
            _tr(
                "En makulerad riskanalys finns kvar i historiken men visas inte längre i listor "
                "och på Att göra. Ändringar som inte är sparade sparas inte. Skriv varför den "
                "makuleras."
            ),
            lambda reason: self._keep(risk.archive_analysis(ctx, analysis_id, reason)),
            self._show_stored,
        )

    def _keep(self, view: risk.RiskAnalysisView) -> None:
        self.view = view

    def _show_stored(self) -> None:
        """The stored analysis, as the last save returned it (what was typed is let go)."""
        assert self.view is not None
        self.restore_form(state_from_view(self.view))
        self._show_view_facts()
        self._apply_permissions()
        self._step_changed(self.current_step())

    def print_report(self) -> Operation[bytes] | None:
        """Save what is typed, then build and show the report (off the UI thread)."""
        if not self._ensure_saved():
            return None
        assert self.analysis_id is not None
        title = self.scope.title.text().strip()
        return self.show_report(
            KIND,
            self.analysis_id,
            _tr("Riskanalys – {title}").format(title=title),
            file_stem("riskanalys", title),
        )
