"""Uppföljning: the plan, the result, the effect, the individuals' experience and what next."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.operations import Operation
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog, file_stem
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    ErrorLabel,
    FieldErrors,
    StandardButton,
    UserCombo,
    add_row,
    ask,
    bare_column,
    error_rows,
    help_label,
    iso,
    name_widget,
    read_date,
    set_read_only,
    text_edit,
    with_service_checks,
)
from kvalitet_desktop.workflows.followups import service as followups
from kvalitet_desktop.workflows.followups.domain import Effect, FollowUpStatus, Outcome
from kvalitet_desktop.workflows.followups.kind import UPDATE
from kvalitet_desktop.workflows.followups.service import FollowUpView, PlanInput, ResultInput
from kvalitet_desktop.workflows.followups.ui.outcome import OutcomeEditor
from kvalitet_desktop.workflows.followups.ui.voices import VoiceList
from kvalitet_desktop.workflows.measures import service as measures

KIND = "uppfoljning"


class FollowUpDialog(EditorDialog):
    """Plan and document one follow-up of a measure."""

    def __init__(self, parent: QWidget | None, ctx: Context, follow_up_id: str) -> None:
        # Read first: a record that is gone (or not visible) leaves no half-built dialog.
        stored = followups.get_follow_up(ctx, follow_up_id)
        super().__init__(parent, ctx, "editors/uppfoljning", (980, 760))
        self.follow_up_id = follow_up_id
        self._users = organisation.user_choices(ctx)
        self.view: FollowUpView = stored
        self.plan_errors = FieldErrors(self.banner)
        self._build()
        self._show_view(self.view)
        self._apply_state_rules()
        self.restore_geometry()
        self.start_autosave(f"{KIND}:{follow_up_id}")

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.measure_box = QGroupBox(self.tr("Åtgärden som följs upp"))
        self.measure_text = QLabel()
        self.measure_text.setWordWrap(True)
        self.measure_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_measure_button = QPushButton(self.tr("Öppna å&tgärden"))
        name_widget(self.open_measure_button, self.open_measure_button.text())
        self.open_measure_button.setAutoDefault(False)
        self.open_measure_button.clicked.connect(self._open_measure)
        measure_row = QHBoxLayout(self.measure_box)
        measure_row.addWidget(self.measure_text, 1)
        measure_row.addWidget(self.open_measure_button, 0, Qt.AlignmentFlag.AlignTop)

        self.tabs = QTabWidget()
        name_widget(self.tabs, self.tr("Uppföljningens delar"))
        self.tabs.addTab(self._build_plan_and_result(), self.tr("Plan och resultat"))
        self.tabs.addTab(self._build_voices(), self.tr("Den enskildes upplevelse"))
        self.outcome_page = OutcomeEditor(self._users)
        self.outcome_page.bind_errors(self.errors, self._reveal(self.outcome_page))
        self.outcome_page.open_requested.connect(self._open_outcome)
        self.tabs.addTab(self.outcome_page, self.tr("Utfall"))

        self.print_button = QPushButton(self.tr("Skriv &ut"))
        self.print_button.clicked.connect(self.print_report)
        buttons = self.editor_buttons(KIND, lambda: self.follow_up_id, left=[self.print_button])

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.measure_box)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def _reveal(self, page: QWidget) -> Callable[[str], None]:
        return lambda _key: self.tabs.setCurrentWidget(page)

    def _build_plan_and_result(self) -> QWidget:
        page = QWidget()
        self.plan_box = QGroupBox(self.tr("Plan"))
        self.planned_on = DateField()
        self.method = text_edit(2)
        self.plan_responsible = UserCombo(self._users)
        plan_form = QFormLayout(self.plan_box)
        plan_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        reveal = self._reveal(page)
        plan_rows = [
            ("planned_on", self.tr("&Planerad:"), self.planned_on),
            ("method", self.tr("&Metod:"), self.method),
            ("responsible_id", self.tr("&Ansvarig:"), self.plan_responsible),
        ]
        self.plan_errors.bind_all(error_rows(plan_form, plan_rows), reveal)
        self.planned_on.button.setAccessibleName(self.tr("Välj planerat datum i en kalender"))

        self.result_box = QGroupBox(self.tr("Resultat"))
        self.performed_on = DateField()
        self.result_text = text_edit(
            4, self.tr("Vad visade uppföljningen? Blev det som det var tänkt?"), grows=True
        )
        self.effect_group = QButtonGroup(self)
        effect_row = QHBoxLayout()
        effect_row.setContentsMargins(0, 0, 0, 0)
        self.effect_buttons: dict[Effect, QRadioButton] = {}
        effect_texts = {
            Effect.YES: self.tr("&Ja"),
            Effect.PARTLY: self.tr("&Delvis"),
            Effect.NO: self.tr("&Nej"),
            Effect.UNKNOWN: self.tr("&Går inte att bedöma"),
        }
        for effect, text in effect_texts.items():
            button = QRadioButton(text)
            name_widget(button, text)
            self.effect_group.addButton(button)
            self.effect_buttons[effect] = button
            effect_row.addWidget(button)
        effect_row.addStretch(1)
        effect_widget = QWidget()
        effect_widget.setLayout(effect_row)
        self.effect_comment = QLineEdit()
        result_form = QFormLayout(self.result_box)
        result_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        result_rows = [
            ("performed_on", self.tr("G&enomförd:"), self.performed_on),
            ("result", self.tr("&Resultat:"), self.result_text),
        ]
        self.errors.bind_all(error_rows(result_form, result_rows), reveal)
        self.performed_on.button.setAccessibleName(self.tr("Välj genomförandedatum i en kalender"))
        effect_error = ErrorLabel()
        effect_label = QLabel(self.tr("Fick åtgärden avsedd effekt?"))
        effect_label.setWordWrap(True)
        effect_widget.setAccessibleName(effect_label.text())
        effect_box = QWidget()
        effect_column = bare_column(effect_box)
        effect_column.addWidget(effect_widget)
        effect_column.addWidget(effect_error)
        result_form.addRow(effect_label, effect_box)
        self.errors.bind("effect", effect_error, self.effect_buttons[Effect.YES], reveal)
        add_row(result_form, self.tr("&Kommentar om effekten:"), self.effect_comment)

        layout = QVBoxLayout(page)
        layout.addWidget(self.plan_box)
        layout.addWidget(self.result_box, 1)
        return page

    def _build_voices(self) -> QWidget:
        page = QWidget()
        intro = help_label(
            self.tr(
                "Fråga de berörda hur de upplever det som åtgärden skulle förbättra. Skriv "
                "deras egna svar, med en pseudonymiserad kod (aldrig personnummer) eller utan "
                "kod för gruppen."
            )
        )
        self.voices = VoiceList()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.voices)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.voices_scroll = scroll
        voices_error = ErrorLabel()
        self.errors.bind("voices.", voices_error, None, self._reveal(page))
        self.errors.bind("individual_code", voices_error, None, self._reveal(page))
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(voices_error)
        layout.addWidget(scroll, 1)
        return page

    # --- showing --------------------------------------------------------------------------

    def _show_view(self, view: FollowUpView) -> None:
        self.setWindowTitle(
            self.tr("Uppföljning {date} – {title}").format(
                date=iso(view.planned_on), title=view.measure_title
            )
        )
        lines = [
            f"<b>{_html(view.measure_title)}</b> "
            f"({_html(view.measure_status)}) · {_html(view.unit_name)}"
        ]
        if view.measure_description:
            lines.append(_html(view.measure_description))
        for text in view.answers_to:
            lines.append(self.tr("Svarar mot: {text}").format(text=_html(text)))
        status = self.tr("Uppföljningens status: {status}").format(status=view.status.value)
        if view.archived:
            status += " · " + self.tr("makulerad")
        lines.append(f"<i>{status}</i>")
        self.measure_text.setText("<br>".join(lines))

        self.planned_on.set_date(view.planned_on)
        self.method.setPlainText(view.method or "")
        self.plan_responsible.set_user_id(view.responsible_id, view.responsible_name)
        planned = view.status is FollowUpStatus.PLANNED
        self.performed_on.set_date(view.performed_on or (date.today() if planned else None))
        self.result_text.setPlainText(view.result or "")
        self._set_effect(view.effect)
        self.effect_comment.setText(view.effect_comment or "")
        self.voices.set_views(view.voices)
        self.outcome_page.set_outcome(view.outcome)
        self.outcome_page.show_record(view)

    def _apply_state_rules(self) -> None:
        view = self.view
        can_edit = self.ctx.actor.can(UPDATE) and not view.archived
        planned = view.status is FollowUpStatus.PLANNED
        result_open = can_edit and view.outcome_record_id is None
        self.read_only = not can_edit
        if self.read_only:
            self.show_read_only_reason(
                archived=view.archived,
                archive_reason=view.archive_reason,
                fallback=self.tr("Uppföljningen är makulerad och kan inte ändras."),
                not_allowed=self.tr("Du har inte behörighet att ändra uppföljningar."),
            )
        keep = [
            self.history_button,
            self.print_button,
            self.close_button,
            self.open_measure_button,
            self.outcome_page.open_button,
            self.tabs.tabBar(),
        ]
        set_read_only(self.plan_box, not (can_edit and planned))
        for widget in (self.result_box, self.voices, self.outcome_page):
            set_read_only(widget, not result_open, keep=keep)
        self.save_button.setEnabled(can_edit and (planned or result_open))
        self.voices.add_button.setVisible(result_open)
        for editor in self.voices.editors:
            editor.remove_button.setVisible(result_open)

    def _set_effect(self, effect: Effect | None) -> None:
        self.effect_group.setExclusive(False)
        for key, button in self.effect_buttons.items():
            button.setChecked(key is effect)
        self.effect_group.setExclusive(True)

    def _effect(self) -> Effect | None:
        return next((k for k, b in self.effect_buttons.items() if b.isChecked()), None)

    def form_state(self) -> FormState:
        effect = self._effect()
        return {
            "planned_on": self.planned_on.text(),
            "method": self.method.toPlainText(),
            "responsible_id": self.plan_responsible.user_id(),
            "performed_on": self.performed_on.text(),
            "result": self.result_text.toPlainText(),
            "effect": effect.value if effect else None,
            "effect_comment": self.effect_comment.text(),
            "voices": self.voices.state(),
            **self.outcome_page.state(),
        }

    def restore_state(self, state: FormState) -> None:
        self.planned_on.set_text(str(state.get("planned_on") or ""))
        self.method.setPlainText(str(state.get("method") or ""))
        self.plan_responsible.set_user_id(state.get("responsible_id"))
        self.performed_on.set_text(str(state.get("performed_on") or ""))
        self.result_text.setPlainText(str(state.get("result") or ""))
        self._set_effect(Effect(state["effect"]) if state.get("effect") else None)
        self.effect_comment.setText(str(state.get("effect_comment") or ""))
        self.voices.set_state(list(state.get("voices") or []))
        self.outcome_page.set_state(state)
        self._apply_state_rules()

    def draft_title(self) -> str:
        return self.tr("Uppföljning av {title}").format(title=self.view.measure_title)

    # --- saving ---------------------------------------------------------------------------

    def _plan_changed(self) -> bool:
        view = self.view
        return (
            self.planned_on.text() != iso(view.planned_on)
            or self.method.toPlainText().strip() != (view.method or "")
            or self.plan_responsible.user_id() != view.responsible_id
        )

    def _result_started(self) -> bool:
        return bool(
            self.view.status is FollowUpStatus.DONE
            or self.result_text.toPlainText().strip()
            or self._effect()
            or self.effect_comment.text().strip()
            or self.voices.editors
            or self.outcome_page.outcome()
        )

    def _plan_input(self) -> PlanInput:
        problems: list[FieldError] = []
        planned = read_date(self.planned_on, "planned_on", problems)
        if problems:
            raise ValidationFailed(problems)
        return PlanInput(planned, self.method.toPlainText(), self.plan_responsible.user_id())

    def _result_input(self) -> ResultInput:
        problems: list[FieldError] = []
        performed = read_date(self.performed_on, "performed_on", problems)
        voices = self.voices.to_input(problems)
        data = ResultInput(
            performed_on=performed,
            result=self.result_text.toPlainText(),
            effect=self._effect(),
            effect_comment=self.effect_comment.text(),
            voices=voices,
            outcome=self.outcome_page.outcome(),
            new_measure=self.outcome_page.new_measure(self.view.unit_id, problems),
            new_risk_title=self.outcome_page.new_risk_title_text(),
        )

        def validate() -> None:
            followups.validate_result(data)
            if data.new_measure is not None:
                measures.validate_measure(data.new_measure)

        with_service_checks(problems, validate)
        return data

    def _mark_tabs(self) -> None:
        """A tab with a message waiting on it says so in its title."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            title = self.tabs.tabText(index).removesuffix(" ⚠")
            waiting = page is not None and any(
                label.text() for label in page.findChildren(ErrorLabel)
            )
            self.tabs.setTabText(index, title + (" ⚠" if waiting else ""))

    def save(self) -> bool:
        try:
            return self._save()
        finally:
            self._mark_tabs()

    def _save(self) -> bool:
        if self.read_only:
            return False
        self.errors.clear()
        self.plan_errors.clear()
        planned = self.view.status is FollowUpStatus.PLANNED
        try:
            if planned and self._plan_changed():
                self.view = followups.update_plan(self.ctx, self.follow_up_id, self._plan_input())
        except KvalitetError as error:
            self.plan_errors.show(error)
            return False
        new_id: str | None = None
        outcome = self.outcome_page.outcome()
        if self.view.outcome_record_id is None and self._result_started():
            try:
                recorded = followups.record_result(
                    self.ctx, self.follow_up_id, self._result_input()
                )
            except KvalitetError as error:
                self.errors.show(error)
                self._show_saved(self.view, keep_form=True)
                return False
            self.view, new_id = recorded.view, recorded.new_record_id
        self._show_saved(self.view, keep_form=new_id is None)
        self.mark_saved()
        self.errors.warn(self.view.warnings)
        if new_id is not None and outcome is not None:
            self._offer_to_open(outcome, new_id)
        return True

    def _show_saved(self, view: FollowUpView, *, keep_form: bool) -> None:
        """Show the follow-up as saved; the fields keep what the user typed unless asked not to."""
        self.view = view
        if keep_form:
            state = self.form_state()
            self._show_view(self.view)
            self.restore_state(state)
        else:
            self._show_view(self.view)
            self._apply_state_rules()

    def _offer_to_open(self, outcome: Outcome, record_id: str) -> None:
        what = (
            self.tr("Den nya åtgärden")
            if outcome is Outcome.NEW_MEASURE
            else self.tr("Den nya riskanalysen")
        )
        answer = ask(
            self,
            self.tr("Uppföljningen är sparad"),
            self.tr(
                "{what} är skapad och kopplad till uppföljningen. Vill du öppna den nu?"
            ).format(what=what),
            [(StandardButton.Yes, self.tr("Öppna")), (StandardButton.No, self.tr("Inte nu"))],
            StandardButton.Yes,
        )
        if answer == StandardButton.Yes:
            self._open_outcome()

    # --- other actions --------------------------------------------------------------------

    def _open_outcome(self) -> None:
        view = self.view
        if view.outcome_record_id is None:
            return
        kind = "atgard" if view.outcome is Outcome.NEW_MEASURE else "riskanalys"
        from kvalitet_desktop.ui.records import open_record

        open_record(self, self.ctx, kind, view.outcome_record_id)

    def _open_measure(self) -> None:
        from kvalitet_desktop.ui.records import open_record

        open_record(self, self.ctx, "atgard", self.view.measure_id)

    def print_report(self) -> Operation[bytes] | None:
        """Save what is typed, then build and show the report (off the UI thread)."""
        if self.is_dirty() and not self.save():
            return None
        return self.show_report(
            KIND,
            self.follow_up_id,
            self.tr("Uppföljning – {title}").format(title=self.view.measure_title),
            file_stem("uppfoljning", self.view.measure_title),
        )


def _html(text: str) -> str:
    return html.escape(text)
