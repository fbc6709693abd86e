"""One egenkontroll: what the plan asks, performing it with its checklist, and what it found."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import records
from kvalitet_desktop.ui.forms.renderer import FormWidget
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    add_row,
    help_label,
    read_date,
    set_read_only,
    text_edit,
)
from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog
from kvalitet_desktop.ui.widgets.linked_records import LinkedRecordsLabel
from kvalitet_desktop.workflows.measures.kind import CREATE as MEASURE_CREATE
from kvalitet_desktop.workflows.selfinspection import service
from kvalitet_desktop.workflows.selfinspection.domain import (
    DEVIATION_KIND,
    MAX_REVIEWED_COUNT,
    CheckStatus,
    DueState,
    ReviewedKind,
)
from kvalitet_desktop.workflows.selfinspection.kind import KEY, PERFORM, PLAN, VOID

REVIEWED_ROWS = 3


def _deviations_possible() -> bool:
    """Whether the program has a record kind for avvikelser that can be made from a check."""
    return any(k.key == DEVIATION_KIND and k.create_from for k in registry.KINDS)


class ReviewedRow(QWidget):
    """What was reviewed, as a kind from a fixed list and a count: never a name."""

    def __init__(self, number: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.kind = ChoiceCombo()
        self.kind.set_choices([("–", None), *((k.value.capitalize(), k) for k in ReviewedKind)])
        self.kind.setAccessibleName(self.tr("Granskat underlag {n}: vad").format(n=number))
        self.count = QSpinBox()
        self.count.setRange(0, MAX_REVIEWED_COUNT)
        self.count.setSpecialValueText("–")
        self.count.setAccessibleName(self.tr("Granskat underlag {n}: antal").format(n=number))
        row.addWidget(self.count)
        row.addWidget(self.kind, 1)

    def value(self) -> service.ReviewedInput:
        kind = self.kind.value()
        count = self.count.value() or None
        return service.ReviewedInput(kind if isinstance(kind, ReviewedKind) else None, count)

    def set_value(self, kind: ReviewedKind | None, count: int | None) -> None:
        self.kind.set_value(kind)
        self.count.setValue(count or 0)


class CheckDialog(EditorDialog):
    """The kind's editor, opened as ``CheckDialog(parent, ctx, check_id)``."""

    def __init__(self, parent: QWidget | None, ctx: Context, record_id: str | None) -> None:
        super().__init__(parent, ctx, "selfinspection/check", (1100, 780))
        if record_id is None:
            raise ValueError("an egenkontroll is opened from its plan, never started empty")
        self.check_id = record_id
        self.view = service.get_check(ctx, record_id)
        self.setWindowTitle(self.tr("Egenkontroll – {title}").format(title=self.view.title))

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts.setAccessibleName(self.tr("Om kontrollen"))
        layout.addWidget(self.facts)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._build_performing())
        self.form = FormWidget(self.view.form, service.lookups(ctx, self.view.unit_id))
        self.form.setAccessibleName(self.tr("Checklista"))
        self.form.scroll_area.setAccessibleName(self.tr("Checklistans frågor"))
        checklist_box = QGroupBox(self.view.form.title)
        checklist_layout = QVBoxLayout(checklist_box)
        checklist_layout.setContentsMargins(2, 2, 2, 2)
        checklist_layout.addWidget(self.form)
        splitter.addWidget(checklist_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)

        self.print_button = QPushButton(self.tr("Skriv &ut"))
        self.print_button.setAccessibleName(self.tr("Skriv ut"))
        self.print_button.clicked.connect(self.print_check)
        self.cancel_button = QPushButton(self.tr("Ställ &in…"))
        self.cancel_button.setAccessibleName(self.tr("Ställ in"))
        self.cancel_button.clicked.connect(self.ask_cancel)
        self.restore_button = QPushButton(self.tr("&Planera igen"))
        self.restore_button.setAccessibleName(self.tr("Planera igen"))
        self.restore_button.clicked.connect(self.restore)
        self.reopen_button = QPushButton(self.tr("Öppna &igen…"))
        self.reopen_button.setAccessibleName(self.tr("Öppna igen"))
        self.reopen_button.clicked.connect(self.ask_reopen)
        self.void_button = QPushButton(self.tr("&Makulera…"))
        self.void_button.setAccessibleName(self.tr("Makulera"))
        self.void_button.clicked.connect(self.ask_void)
        layout.addLayout(
            self.editor_buttons(
                KEY,
                lambda: self.check_id,
                left=[
                    self.print_button,
                    self.cancel_button,
                    self.restore_button,
                    self.reopen_button,
                    self.void_button,
                ],
                save_text=self.tr("&Genomför kontrollen"),
            )
        )
        self.save_button.setAccessibleName(self.tr("Genomför kontrollen"))
        self.history_button.setAccessibleName(self.tr("Historik"))
        self.close_button.setAccessibleName(self.tr("Stäng"))
        self.show_view(self.view)
        self.restore_geometry()
        self.start_autosave(f"{KEY}:{record_id}")

    # --- building ------------------------------------------------------------------------

    def _build_performing(self) -> QWidget:
        box = QGroupBox(self.tr("Genomförande"))
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.performed_on = DateField(value=date.today())
        self.performed_error = ErrorLabel()
        add_row(form, self.tr("&Genomförd den:"), self.performed_on, error=self.performed_error)
        self.reviewed_rows = [ReviewedRow(n + 1) for n in range(REVIEWED_ROWS)]
        reviewed = QWidget()
        reviewed_column = QVBoxLayout(reviewed)
        reviewed_column.setContentsMargins(0, 0, 0, 0)
        for row in self.reviewed_rows:
            reviewed_column.addWidget(row)
        self.reviewed_error = ErrorLabel()
        reviewed_column.addWidget(self.reviewed_error)
        label = add_row(
            form,
            self.tr("Granskat &underlag:"),
            reviewed,
            help_text=self.tr("Antal och slag, till exempel 10 akter. Aldrig namn."),
        )
        label.setBuddy(self.reviewed_rows[0].count)
        self.reviewed_note = QLineEdit()
        self.note_error = ErrorLabel()
        add_row(
            form,
            self.tr("Om &underlaget:"),
            self.reviewed_note,
            error=self.note_error,
            help_text=self.tr("Hur urvalet gjordes. Skriv aldrig namn eller personnummer."),
        )
        self.summary = text_edit(4, self.tr("Vad kontrollen visade, kort."))
        self.summary_error = ErrorLabel()
        add_row(form, self.tr("&Sammanfattning:"), self.summary, error=self.summary_error)
        column.addLayout(form)
        self.errors.bind("performed_on", self.performed_error, self.performed_on)
        self.errors.bind("reviewed", self.reviewed_error, self.reviewed_rows[0].count)
        self.errors.bind("reviewed.", self.reviewed_error, self.reviewed_rows[0].kind)
        self.errors.bind("reviewed_note", self.note_error, self.reviewed_note)
        self.errors.bind("summary", self.summary_error, self.summary)

        self.findings_box = QGroupBox(self.tr("Brister som kontrollen fann"))
        findings_column = QVBoxLayout(self.findings_box)
        self.findings = QLabel()
        self.findings.setWordWrap(True)
        self.findings.setAccessibleName(self.tr("Brister"))
        self.findings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        findings_column.addWidget(self.findings)
        self.deviation_button = QPushButton(self.tr("Rapportera som &avvikelse…"))
        self.deviation_button.setAccessibleName(self.tr("Rapportera som avvikelse"))
        self.deviation_button.setToolTip(
            self.tr("En avvikelse kopplad till kontrollen, med bristerna citerade")
        )
        self.deviation_button.clicked.connect(self.report_deviation)
        buttons = QHBoxLayout()
        buttons.addWidget(self.deviation_button)
        self.measure_button = QPushButton(self.tr("Ny å&tgärd…"))
        self.measure_button.setAccessibleName(self.tr("Ny åtgärd"))
        self.measure_button.setToolTip(self.tr("En åtgärd som svarar mot kontrollens brister"))
        self.measure_button.clicked.connect(self.new_measure)
        buttons.addWidget(self.measure_button)
        buttons.addStretch(1)
        findings_column.addLayout(buttons)
        self.measures = QLabel()
        self.measures.setWordWrap(True)
        self.measures.setAccessibleName(self.tr("Åtgärder"))
        findings_column.addWidget(self.measures)
        self.linked = LinkedRecordsLabel(self.ctx)
        findings_column.addWidget(self.linked)
        column.addWidget(self.findings_box)
        self.hint = help_label(
            self.tr(
                "Besvara varje krav i checklistan. Vid ”delvis” eller ”ej uppfyllt” "
                "beskriver du bristen i kommentaren."
            )
        )
        column.addWidget(self.hint)
        column.addStretch(1)
        return box

    # --- showing -------------------------------------------------------------------------

    def show_view(self, view: service.CheckView) -> None:
        self.view = view
        due = {
            DueState.OVERDUE: self.tr(" – försenad"),
            DueState.DUE: self.tr(" – ska göras nu"),
        }.get(view.due, "")
        lines = [
            self.tr("<b>{unit}</b> · planerad {day} · status: {status}{due}").format(
                unit=escape(view.unit_name),
                day=view.planned_on.isoformat(),
                status=view.status.value,
                due=due,
            ),
            self.tr("Metod: {method} · Ansvarig: {who} · Hur ofta: {often}").format(
                method=escape(view.method),
                who=escape(view.responsible_name or "–"),
                often=view.frequency.value,
            ),
            self.tr("Om kraven inte uppfylls: {what}").format(what=escape(view.on_failure)),
        ]
        if view.performed_on:
            lines.append(
                self.tr("Genomförd {day} av {who}.").format(
                    day=view.performed_on.isoformat(), who=escape(view.performed_by_name or "–")
                )
            )
        if view.status_reason:
            lines.append(self.tr("Skäl: {reason}").format(reason=escape(view.status_reason)))
        self.facts.setText("<br>".join(lines))
        if view.performed_on:
            self.performed_on.set_date(view.performed_on)
        for row, item in zip(self.reviewed_rows, view.reviewed, strict=False):
            row.set_value(item.kind, item.count)
        self.reviewed_note.setText(view.reviewed_note or "")
        self.summary.setPlainText(view.summary or "")
        self.form.set_answers(view.answers)
        shortcomings = [f for f in view.findings if f.assessment.is_shortcoming]
        self.findings_box.setVisible(view.status is CheckStatus.DONE)
        self.findings.setText(
            "\n".join(f"• {f.quote}" for f in shortcomings)
            if shortcomings
            else self.tr("Inga brister: alla besvarade krav är uppfyllda eller inte aktuella.")
        )
        self.linked.show_for(RecordRef(KEY, view.id))
        self._show_measures()
        self._update_buttons()

    def _show_measures(self) -> None:
        lines = service.measures_for(self.ctx, self.check_id)
        self.measures.setText(
            self.tr("Åtgärder: {list}").format(
                list="; ".join(f"{m.title} ({m.status})" for m in lines)
            )
            if lines
            else ""
        )
        self.measures.setVisible(bool(lines))

    def _update_buttons(self) -> None:
        view, actor = self.view, self.ctx.actor
        planned = view.status is CheckStatus.PLANNED and not view.archived
        self.read_only = not (planned and actor.can(PERFORM))
        set_read_only(self, self.read_only, keep=self._always_enabled())
        self.form.set_read_only(self.read_only)
        self.save_button.setVisible(not self.read_only)
        self.hint.setVisible(not self.read_only)
        may_plan = actor.can(PLAN) and not view.archived
        self.cancel_button.setVisible(may_plan and view.status is CheckStatus.PLANNED)
        self.restore_button.setVisible(may_plan and view.status is CheckStatus.CANCELLED)
        self.reopen_button.setVisible(may_plan and view.status is CheckStatus.DONE)
        self.void_button.setVisible(actor.can(VOID) and not view.archived)
        found = (
            view.status is CheckStatus.DONE
            and not view.archived
            and any(f.assessment.is_shortcoming for f in view.findings)
        )
        self.deviation_button.setVisible(found and _deviations_possible())
        self.measure_button.setVisible(found and actor.can(MEASURE_CREATE))
        if view.archived:
            self.show_read_only_reason(
                archived=True,
                archive_reason=view.archive_reason,
                fallback=self.tr("Egenkontrollen är makulerad."),
                not_allowed="",
            )

    def _always_enabled(self) -> list[QWidget]:
        return [
            self.history_button,
            self.print_button,
            self.close_button,
            self.cancel_button,
            self.restore_button,
            self.reopen_button,
            self.void_button,
            self.findings,
            self.facts,
            self.deviation_button,
            self.measure_button,
            self.measures,
            self.linked,
        ]

    # --- drafts --------------------------------------------------------------------------

    def form_state(self) -> FormState:
        return {
            "performed_on": self.performed_on.text(),
            "reviewed": [[r.kind.currentIndex(), r.count.value()] for r in self.reviewed_rows],
            "reviewed_note": self.reviewed_note.text(),
            "summary": self.summary.toPlainText(),
            "answers": self.form.answers().to_json(),
        }

    def restore_state(self, state: FormState) -> None:
        self.performed_on.set_text(str(state.get("performed_on", "")))
        for row, (index, count) in zip(self.reviewed_rows, state.get("reviewed", []), strict=False):
            row.kind.setCurrentIndex(int(index))
            row.count.setValue(int(count))
        self.reviewed_note.setText(str(state.get("reviewed_note", "")))
        self.summary.setPlainText(str(state.get("summary", "")))
        self.form.set_answers(FormAnswers.from_json(state.get("answers")))

    def draft_title(self) -> str:
        return self.windowTitle()

    # --- actions -------------------------------------------------------------------------

    def save(self) -> bool:
        """Genomför: the service checks everything; its messages show at the fields."""
        if self.read_only:
            return True
        self.errors.clear()
        self.form.clear_errors()
        problems: list[FieldError] = []
        performed_on = read_date(self.performed_on, "performed_on", problems)
        data = service.PerformInput(
            performed_on=performed_on,
            reviewed=[r.value() for r in self.reviewed_rows],
            reviewed_note=self.reviewed_note.text(),
            summary=self.summary.toPlainText(),
        )
        try:
            if problems:
                raise ValidationFailed(problems)
            view = service.perform_check(self.ctx, self.check_id, data, self.form.answers())
        except ValidationFailed as error:
            form_ids = {f.id for _, f in self.view.form.fields()}
            in_form = [e for e in error.errors if e.field.split(".")[0] in form_ids]
            outside = [e for e in error.errors if e not in in_form]
            if outside:
                self.errors.show(ValidationFailed(outside))
            self.form.show_errors(in_form)
            if not outside and in_form:
                self.form.focus_field(in_form[0].field.split(".")[0])
            return False
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.show_view(view)
        self.mark_saved()
        return True

    def _run(self, change: object) -> None:
        """Show the check as a status change left it."""
        assert isinstance(change, service.CheckView)
        self.show_view(change)
        if self.autosaver is not None:
            self.autosaver.set_baseline()
        self.saved.emit()

    def _ask_reason(self, title: str, explanation: str, ok: str, act: object) -> ReasonDialog:
        def action(reason: str) -> None:
            assert callable(act)
            self._run(act(reason))

        dialog = ReasonDialog(self, title, explanation, action, ok)
        dialog.reason.setAccessibleName(self.tr("Anledning"))
        dialog.open()
        return dialog

    def ask_cancel(self) -> ReasonDialog:
        return self._ask_reason(
            self.tr("Ställ in egenkontrollen"),
            self.tr("En inställd kontroll räknas inte som planerad. Varför ställs den in?"),
            self.tr("Ställ &in"),
            lambda reason: service.cancel_check(self.ctx, self.check_id, reason),
        )

    def ask_reopen(self) -> ReasonDialog:
        return self._ask_reason(
            self.tr("Öppna egenkontrollen igen"),
            self.tr("Svaren kan ändras och kontrollen genomföras på nytt. Varför öppnas den?"),
            self.tr("Öppna &igen"),
            lambda reason: service.reopen_check(self.ctx, self.check_id, reason),
        )

    def ask_void(self) -> ReasonDialog:
        return self._ask_reason(
            self.tr("Makulera egenkontrollen"),
            self.tr("En makulerad kontroll finns kvar men räknas inte. Varför makuleras den?"),
            self.tr("&Makulera"),
            lambda reason: service.archive_check(self.ctx, self.check_id, reason),
        )

    def restore(self) -> None:
        try:
            self._run(service.restore_check(self.ctx, self.check_id))
        except KvalitetError as error:
            self.errors.show(error)

    def report_deviation(self) -> None:
        """The avvikelse's own editor, prefilled from the check and linked to it."""
        try:
            made = records.create_from(
                self, self.ctx, DEVIATION_KIND, RecordRef(KEY, self.check_id)
            )
        except KvalitetError as error:
            self.errors.show(error)
            return
        if made is not None:
            self.linked.show_for(RecordRef(KEY, self.check_id))
            self.saved.emit()

    def new_measure(self) -> QWidget:
        from kvalitet_desktop.workflows.measures.ui.editor import MeasureDialog

        answers_to = self.tr("Egenkontroll ”{title}”").format(title=self.view.title)
        dialog = MeasureDialog(
            self, self.ctx, prefill=service.measure_prefill(self.view), link_texts=[answers_to]
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._show_measures)
        dialog.show()
        return dialog

    def print_check(self) -> None:
        self.show_report(
            KEY,
            self.check_id,
            self.tr("Egenkontroll – {title}").format(title=self.view.title),
            f"Egenkontroll {self.view.title} {self.view.planned_on.isoformat()}",
        )
