"""A lex Sarah case from rapport to avslut, one tab per step.

Who may do what is decided by the services; the dialog only shows each step editable to the
users the services would let act on it (the lex Sarah-ansvariga and administrators receive,
notify and close; the appointed investigator writes the investigation and the learning
material), and read-only to the others.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.forms import FormAnswers, FormDef, FormLookups, is_empty
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.forms import FormWidget
from kvalitet_desktop.ui.operations import Operation, run_in_background, show_failure
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog, file_stem
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    FieldErrors,
    add_row,
    button_row,
    help_label,
    name_widget,
    text_edit,
)
from kvalitet_desktop.ui.widgets.linked_records import LinkedRecordsLabel
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseAction,
    CaseStatus,
    DeadlineKey,
    ReportForm,
    allows,
    deadlines,
)
from kvalitet_desktop.workflows.lexsarah.service import CaseView
from kvalitet_desktop.workflows.lexsarah.ui.common import (
    KIND,
    capitalised,
    due_label,
    form_lookups,
    set_due,
    status_text,
    tr,
)
from kvalitet_desktop.workflows.lexsarah.ui.ivo import IvoPanel, answer_text
from kvalitet_desktop.workflows.lexsarah.ui.learning import LearningPanel
from kvalitet_desktop.workflows.lexsarah.ui.preventive import (
    PreventiveMeasureDialog,
    PreventivePanel,
)
from kvalitet_desktop.workflows.lexsarah.ui.receipt import ReceiptPanel

# Fields of the investigation the tab "Avslut" shows (they are written in the investigation).
CLOSING_FIELDS = (
    "bedomning",
    "bedomning_motivering",
    "avslut_form",
    "avslut_text",
    "avslut_av",
    "avslut_av_befattning",
    "avslut_datum",
)
TAB_NAMES = ("rapport", "mottagande", "utredning", "ivo", "avslut", "larande")
IVO_REPORT = "ivo-anmalan"  # the registry's name of the notification report (kind.py)


class ClosingPanel(QWidget):
    """The assessment and the beslut or ställningstagande (read-only; they are written in
    the investigation), and "Avsluta ärendet"."""

    def __init__(self, form: FormDef, lookups: FormLookups, parent: QWidget | None = None):
        super().__init__(parent)
        self.form_def = form
        self.lookups = lookups
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.message = ErrorLabel()
        self.values: dict[str, QLabel] = {}
        form_layout = QFormLayout()
        form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field_id in CLOSING_FIELDS:
            try:
                label = form.field(field_id).label
            except KeyError:
                continue
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self.values[field_id] = value
            caption = QLabel(f"{label}:")
            caption.setWordWrap(True)
            form_layout.addRow(caption, value)
        self.edit_button = QPushButton(tr("Visa i utred&ningen"))
        self.close_button = QPushButton(tr("&Avsluta ärendet"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            help_label(
                tr(
                    "Bedömningen och beslutet eller ställningstagandet skrivs i utredningens "
                    "sektioner ”Bedömning” och ”Beslut eller ställningstagande”. Ett allvarligt "
                    "ärende ska vara anmält till IVO och utredningen skickad dit innan ärendet "
                    "avslutas."
                )
            )
        )
        layout.addWidget(self.status)
        layout.addLayout(form_layout)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addLayout(button_row([self.edit_button], [self.close_button]))

    def show_answers(self, answers: FormAnswers) -> None:
        for field_id, label in self.values.items():
            value = answers.values.get(field_id)
            text = answer_text(self.form_def.field(field_id), value, self.lookups)
            label.setText(text if not is_empty(value) else "–")

    def show_view(self, view: CaseView, may_close: bool) -> None:
        if view.status is CaseStatus.CLOSED:
            kind = view.closing_kind.value if view.closing_kind else ""
            self.status.setText(
                tr("Ärendet avslutades {date} med {kind} av {name}.").format(
                    date=view.closed_on.isoformat() if view.closed_on else "–",
                    kind=kind or tr("beslut"),
                    name=view.closed_by or "–",
                )
            )
            self.status.setStyleSheet("font-weight: bold;")
        else:
            self.status.setText(tr("Ärendet är inte avslutat."))
            self.status.setStyleSheet("")
        open_case = allows(view.status, CaseAction.CLOSE)
        self.close_button.setVisible(may_close and view.status is not CaseStatus.CLOSED)
        self.close_button.setEnabled(open_case)


def show_read_only(root: QWidget) -> None:
    """Read-only text fields under ``root`` get the window's colour, so they do not look
    like fields to type in; editable ones keep the ordinary one."""
    base = QApplication.palette()
    for widget in root.findChildren(QLineEdit) + root.findChildren(QPlainTextEdit):
        palette = widget.palette()
        group = QPalette.ColorRole.Window if widget.isReadOnly() else QPalette.ColorRole.Base
        palette.setColor(QPalette.ColorRole.Base, base.color(group))
        widget.setPalette(palette)


class ReopenDialog(QDialog):
    """ "Ändra med motivering": why a closed case must change. ``reopened`` carries the
    CaseView once the service has opened it (and logged who, when and why)."""

    reopened = Signal(object)

    def __init__(self, parent: QWidget, ctx: Context, case_id: str) -> None:
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.setWindowTitle(tr("Ändra ett avslutat ärende"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.reason = text_edit(4)
        error = ErrorLabel()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(form, tr("&Motivering:"), self.reason, error=error)
        self.errors.bind("reason", error, self.reason)
        ok = QPushButton(tr("&Öppna för ändring"))
        name_widget(ok, ok.text())
        ok.clicked.connect(self.submit)
        cancel = QPushButton(tr("Avbryt"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            help_label(
                tr(
                    "Ärendet går tillbaka till utredning och avslutas på nytt när ändringen "
                    "är gjord. Motiveringen sparas i historiken med ditt namn och tiden."
                )
            )
        )
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addLayout(button_row([], [ok, cancel]))
        self.resize(520, 280)

    def submit(self) -> None:
        self.errors.clear()
        try:
            view = lexsarah.reopen(self.ctx, self.case_id, self.reason.toPlainText())
        except KvalitetError as error:
            self.errors.show(error)
            return
        self.reopened.emit(view)
        self.accept()


class CaseDialog(EditorDialog):
    """One lex Sarah case. Opening it is logged by the service; a user who may not see the
    case gets PermissionDenied before any window appears."""

    def __init__(self, parent: QWidget | None, ctx: Context, case_id: str) -> None:
        view = lexsarah.get_case(ctx, case_id)  # PermissionDenied / NotFound: no window
        report_form, report_answers = lexsarah.case_answers(ctx, case_id, ReportForm.REPORT.value)
        inv_form, inv_answers = lexsarah.case_answers(ctx, case_id, ReportForm.INVESTIGATION.value)
        ivo_form, ivo_answers = lexsarah.case_answers(ctx, case_id, ReportForm.NOTIFICATION.value)
        super().__init__(parent, ctx, "editors/lexsarah", (1000, 800))
        self.case_id = case_id
        self.view = view
        self.handler = lexsarah.may_handle(ctx)
        self.lookups = form_lookups(ctx)
        self.users = list(self.lookups.users)
        self._stored_investigation = inv_answers
        self._report_answers = report_answers
        self._baseline: FormState = {}
        self._build_header()

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(tr("Ärendets steg"))
        self.report_form = FormWidget(report_form, self.lookups, read_only=True)
        self.report_form.set_answers(report_answers)
        self.report_form.setAccessibleName(tr("Rapport"))
        self.receipt = ReceiptPanel(ctx, view, self.users, self)
        self.investigation = FormWidget(inv_form, self.lookups)
        self.investigation.set_answers(inv_answers if inv_answers.values else self._inv_prefill())
        self.investigation_note = help_label("")
        self.investigation_errors = ErrorLabel()
        self.save_draft_button = QPushButton(tr("Spara &utkast"))
        self.save_draft_button.clicked.connect(lambda: self.save_investigation(complete=False))
        self.complete_button = QPushButton(tr("&Markera som klar"))
        self.complete_button.clicked.connect(lambda: self.save_investigation(complete=True))
        self.preventive = PreventivePanel(ctx)
        self.preventive.add_requested.connect(self.add_preventive_measure)
        self.preventive.changed.connect(lambda: self.reload())
        self.ivo = IvoPanel(
            ctx,
            view,
            ivo_form,
            ivo_answers,
            self.lookups,
            lexsarah.ivo_prefill(ctx, case_id),
        )
        self.ivo.notified.connect(self._after_action)
        self.ivo.print_requested.connect(self.print_notification)
        self.closing = ClosingPanel(inv_form, self.lookups)
        self.closing.edit_button.clicked.connect(self._edit_closing)
        self.closing.close_button.clicked.connect(self.close_case)
        self.learning = LearningPanel(ctx, view)
        self.learning.saved.connect(self._after_learning)
        self.learning.print_requested.connect(
            lambda: self._print("lexsarah-apt", tr("APT-underlag"))
        )
        self.receipt.received.connect(self._after_action)

        self.tabs.addTab(self.report_form, tr("&Rapport"))
        self.tabs.addTab(self.receipt, tr("M&ottagande"))
        self.tabs.addTab(self._investigation_tab(), tr("U&tredning"))
        self.tabs.addTab(self.ivo, tr("Anmälan till &IVO"))
        self.tabs.addTab(self.closing, tr("A&vslut"))
        self.tabs.addTab(self.learning, tr("&Lärandematerial"))
        self.tabs.currentChanged.connect(self._tab_changed)

        self.print_report_button = QPushButton(tr("Skriv ut ra&pport"))
        self.print_report_button.clicked.connect(
            lambda: self._print("lexsarah-rapport", tr("Lex Sarah-rapport"))
        )
        self.print_investigation_button = QPushButton(tr("Skriv ut utre&dning"))
        self.print_investigation_button.clicked.connect(
            lambda: self._print("lexsarah-utredning", tr("Lex Sarah-utredning"))
        )
        buttons = self.editor_buttons(
            KIND,
            lambda: self.case_id,
            left=[self.print_report_button, self.print_investigation_button],
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        for signal in (
            self.receipt.changed,
            self.investigation.changed,
            self.ivo.changed,
            self.learning.changed,
        ):
            signal.connect(self._edited)
        self._show_view(view)
        self.tabs.setCurrentIndex(self._starting_tab(view))
        self.restore_geometry()
        self._baseline = self.form_state()
        self.start_autosave(f"{KIND}:{case_id}")

    # --- building ------------------------------------------------------------------------

    def _build_header(self) -> None:
        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.start_due = due_label(tr("Påbörjas senast"))
        self.finish_due = due_label(tr("Utredning klar senast"))
        self.ivo_due = due_label(tr("Utredning till IVO senast"))
        self.finished_on = QLabel()
        self.finished_on.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dues = QHBoxLayout()
        for label in (self.start_due, self.finish_due, self.finished_on, self.ivo_due):
            dues.addWidget(label)
            dues.addSpacing(18)
        dues.addStretch(1)
        self.lock_note = QLabel(
            tr(
                "Ärendet är avslutat och låst. Behöver något ändras väljer du ”Ändra med "
                "motivering”; motiveringen sparas i historiken."
            )
        )
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet("font-weight: bold;")
        self.lock_note.setAccessibleName(tr("Ärendet är låst"))
        self.reopen_button = QPushButton(tr("&Ändra med motivering…"))
        name_widget(self.reopen_button, self.reopen_button.text())
        self.reopen_button.clicked.connect(self.reopen_case)
        lock = QHBoxLayout()
        lock.addWidget(self.lock_note, 1)
        lock.addWidget(self.reopen_button)
        self.header = QVBoxLayout()
        self.header.setSpacing(2)
        self.header.addWidget(self.heading)
        self.header.addWidget(self.facts)
        # Where the case came from (an avvikelse's "Gör lex Sarah-rapport"), if anywhere.
        self.linked = LinkedRecordsLabel(self.ctx)
        self.linked.show_for(RecordRef(KIND, self.case_id))
        self.header.addWidget(self.linked)
        self.header.addLayout(dues)
        self.header.addLayout(lock)

    def _investigation_tab(self) -> QWidget:
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.investigation_note)
        column.addWidget(self.investigation_errors)
        column.addWidget(self.investigation, 1)
        column.addLayout(button_row([], [self.save_draft_button, self.complete_button]))
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.preventive)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.investigation_splitter = splitter
        return splitter

    def _inv_prefill(self) -> FormAnswers:
        values: dict[str, Any] = {}
        if self.view.investigator_id:
            values["utredare"] = self.view.investigator_id
        return FormAnswers(values)

    def _starting_tab(self, view: CaseView) -> int:
        if view.status is CaseStatus.REPORTED:
            return TAB_NAMES.index("mottagande" if self.handler else "rapport")
        if view.status is CaseStatus.CLOSED:
            return TAB_NAMES.index("avslut")
        return TAB_NAMES.index("utredning")

    # --- showing -------------------------------------------------------------------------

    def may_investigate(self, view: CaseView) -> bool:
        appointed = view.investigator_id is not None and view.investigator_id == self.ctx.actor.id
        return self.handler or appointed

    def _show_view(self, view: CaseView) -> None:
        self.view = view
        self.setWindowTitle(
            tr("Lex Sarah {number} – {title}").format(number=view.number, title=view.title)
        )
        self.heading.setText(f"{view.number} {view.title}")
        facts = [
            view.unit_name,
            status_text(view.status),
            capitalised(view.category),
            tr("Utredare: {name}").format(name=view.investigator_name or "–"),
        ]
        if view.seriousness is not None:
            facts.append(capitalised(view.seriousness.value))
        self.facts.setText(" · ".join(f for f in facts if f))
        closed = view.status is CaseStatus.CLOSED
        self.start_due.setVisible(view.start_due is not None)
        self.finish_due.setVisible(view.finish_due is not None)
        self.print_investigation_button.setEnabled(view.status is not CaseStatus.REPORTED)
        due = {d.key: d for d in deadlines(view, date.today())}
        set_due(self.start_due, tr("Påbörjas senast"), due.get(DeadlineKey.START))
        set_due(self.finish_due, tr("Utredning klar senast"), due.get(DeadlineKey.FINISH))
        finished = view.investigation_finished_on
        self.finished_on.setVisible(finished is not None)
        if finished is not None:
            self.finished_on.setText(
                tr("Utredningen klar {date}").format(date=finished.isoformat())
            )
            self.finished_on.setAccessibleName(self.finished_on.text())
        self.ivo_due.setVisible(
            view.ivo_notified_on is not None and not view.investigation_attached
        )
        set_due(self.ivo_due, tr("Utredning till IVO senast"), due.get(DeadlineKey.IVO))
        editable = (
            self.may_investigate(view)
            and allows(view.status, CaseAction.INVESTIGATE)
            and not view.archived
        )
        self.investigation.set_read_only(not editable)
        self.save_draft_button.setVisible(editable)
        self.complete_button.setVisible(editable)
        if view.status is CaseStatus.REPORTED:
            note = tr("Utredningen kan börja när rapporten är mottagen.")
        elif closed:
            note = tr("Ärendet är avslutat; utredningen kan inte längre ändras.")
        elif not editable:
            note = tr("Bara lex Sarah-ansvariga och den utsedda utredaren skriver utredningen.")
        elif finished is not None:
            note = tr(
                "Utredningen är markerad som klar {date}. Sparar du ändringar som utkast är "
                "den inte längre klar; markera den som klar igen när du är färdig."
            ).format(date=finished.isoformat())
        else:
            note = tr(
                "Spara utkast när du vill. ”Markera som klar” kontrollerar att allt som "
                "föreskrifterna kräver är ifyllt, med källa för varje uppgift."
            )
        self.investigation_note.setText(note)
        self.preventive.show_view(view, editable)
        self.closing.show_view(view, self.handler)
        self.closing.show_answers(self.investigation.answers())
        self.learning.show_view(view)
        self.read_only = not (
            editable
            or self.receipt.is_editing()
            or self.ivo.is_editable()
            or (self.learning.editable and self.may_investigate(view))
        )
        self.save_button.setEnabled(editable or self.learning.editable)
        locked = closed and not view.archived
        self.lock_note.setVisible(locked)
        self.reopen_button.setVisible(locked and self.handler)
        show_read_only(self)

    def reload(self, view: CaseView | None = None) -> None:
        """Show the case again: ``view`` as one's own save returned it, or else read again
        (an opening, logged). Typed text in the forms stays. A notification nobody has
        touched yet is prefilled again from what is known now."""
        try:
            view = view or lexsarah.get_case(self.ctx, self.case_id)
        except KvalitetError as error:
            self.errors.show(error)
            return
        before = self.form_state()
        untouched = [p for p in ("receipt", "ivo") if before[p] == self._baseline.get(p)]
        self.view = view
        if "ivo" in untouched and view.ivo_notified_on is None:
            self.ivo.form.set_answers(lexsarah.ivo_prefill(self.ctx, self.case_id))
        elif view.ivo_notified_on is not None:
            _form, stored = lexsarah.case_answers(
                self.ctx, self.case_id, ReportForm.NOTIFICATION.value
            )
            self.ivo.form.set_answers(stored)
        self.receipt.show_view(view)
        self.ivo.show_view(view)
        self._show_view(view)
        after = self.form_state()
        for part in untouched:
            self._baseline[part] = after[part]
        if self.autosaver is not None:
            self.autosaver.set_baseline(dict(self._baseline))

    def _tab_changed(self, index: int) -> None:
        if TAB_NAMES[index] == "avslut":
            self.closing.show_answers(self.investigation.answers())

    def _edited(self) -> None:
        self.banner.clear_messages()

    # --- drafts --------------------------------------------------------------------------

    def form_state(self) -> FormState:
        return {
            "receipt": self.receipt.state(),
            "investigation": self.investigation.answers().to_json(),
            "ivo": self.ivo.form.answers().to_json() if self.ivo.is_editable() else {},
            "learning": self.learning.state(),
        }

    def restore_state(self, state: FormState) -> None:
        self.receipt.restore(state.get("receipt") or {})
        if state.get("investigation") and not self.investigation.is_read_only():
            self.investigation.set_answers(FormAnswers.from_json(state["investigation"]))
        if state.get("ivo") and self.ivo.is_editable():
            self.ivo.form.set_answers(FormAnswers.from_json(state["ivo"]))
        self.learning.restore(state.get("learning") or {})

    def draft_title(self) -> str:
        return tr("Lex Sarah {number}").format(number=self.view.number)

    def _stored(self, *parts: str) -> None:
        """``parts`` of the form now match what is stored; the draft keeps the rest."""
        state = self.form_state()
        for part in parts:
            self._baseline[part] = state[part]
        if self.autosaver is None:
            return
        if state == self._baseline:
            self.autosaver.saved(dict(self._baseline))
        else:
            self.autosaver.set_baseline(dict(self._baseline))
            self.autosaver.save_now()

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Spara (Ctrl+S): the investigation as a draft and the learning material, where they
        changed. The receipt and the notification are registered with their own buttons;
        until then what is typed there stays in the autosaved draft."""
        state = self.form_state()
        if (
            not self.investigation.is_read_only()
            and state["investigation"] != self._baseline["investigation"]
            and not self.save_investigation(complete=False)
        ):
            return False
        if (
            self.learning.editable
            and state["learning"]
            and state["learning"] != self._baseline["learning"]
        ):
            self.tabs.setCurrentWidget(self.learning)
            if not self.learning.save():
                return False
        self._stored("investigation", "learning")
        self.saved.emit()
        return True

    def save_investigation(self, *, complete: bool) -> bool:
        self.investigation_errors.clear_messages()
        self.investigation.clear_errors()
        if not self.investigation.personal_numbers_accepted():
            self.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
            return False
        answers = self.investigation.answers()
        try:
            view = lexsarah.save_investigation(self.ctx, self.case_id, answers, complete=complete)
        except ValidationFailed as error:
            self._show_investigation_errors(error)
            return False
        except KvalitetError as error:
            self.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
            self.investigation_errors.show_messages([str(error)])
            return False
        # What was stored: the answers sent, with the row keys the save gave them.
        stored = FormAnswers.from_json(answers.to_json())
        self._stored_investigation = stored
        self.investigation.set_answers(stored)
        self.reload(view)
        self._stored("investigation")
        self.saved.emit()
        return True

    def _show_investigation_errors(self, error: ValidationFailed) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
        self.investigation.show_errors(error.errors)
        count = len(error.errors)
        self.investigation_errors.show_messages(
            [
                tr("1 uppgift i utredningen behöver ändras – se markeringen i formuläret.")
                if count == 1
                else tr(
                    "{count} uppgifter i utredningen behöver ändras – se markeringarna i "
                    "formuläret."
                ).format(count=count)
            ]
        )

    # --- actions -------------------------------------------------------------------------

    def _after_action(self, view: CaseView) -> None:
        """After receipt, notification or the investigation sent: show what was saved."""
        self.reload(view)
        self._stored("receipt", "ivo")
        self.saved.emit()

    def _after_learning(self, view: CaseView) -> None:
        self._stored("learning")
        self.reload(view)
        self.saved.emit()

    def add_preventive_measure(self) -> PreventiveMeasureDialog | None:
        """New causes typed in the investigation are saved first, so they can be chosen."""
        state = self.form_state()
        if (
            not self.investigation.is_read_only()
            and state["investigation"] != self._baseline["investigation"]
            and not self.save_investigation(complete=False)
        ):
            return None
        if not self.view.causes:
            self.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
            self.investigation.focus_field("orsaker")
            self.investigation_errors.show_messages(
                [
                    tr(
                        "Skriv först orsakerna i utredningens sektion ”Orsaker” och spara. "
                        "Varje förebyggande åtgärd kopplas till minst en orsak."
                    )
                ]
            )
            return None
        dialog = PreventiveMeasureDialog(self, self.ctx, self.view, self.users)
        dialog.submitted.connect(self._after_measure)
        dialog.open()
        return dialog

    def _after_measure(self, view: CaseView) -> None:
        self.reload(view)
        self.saved.emit()

    def reopen_case(self) -> ReopenDialog:
        dialog = ReopenDialog(self, self.ctx, self.case_id)
        dialog.reopened.connect(self._after_reopen)
        dialog.open()
        return dialog

    def _after_reopen(self, view: CaseView) -> None:
        self.reload(view)
        self.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
        self.saved.emit()

    def _edit_closing(self) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index("utredning"))
        self.investigation.focus_field("bedomning")

    def close_case(self) -> bool:
        """Save the investigation if it changed, then close with what it says."""
        self.closing.message.clear_messages()
        state = self.form_state()
        if (
            not self.investigation.is_read_only()
            and state["investigation"] != self._baseline["investigation"]
            and not self.save_investigation(complete=False)
        ):
            return False
        try:
            view = lexsarah.close(self.ctx, self.case_id)
        except ValidationFailed as error:
            self._show_investigation_errors(error)
            return False
        except KvalitetError as error:
            self.tabs.setCurrentIndex(TAB_NAMES.index("avslut"))
            self.closing.message.show_messages([str(error)])
            return False
        self.reload(view)
        self._stored("investigation", "learning")
        self.tabs.setCurrentIndex(TAB_NAMES.index("larande"))
        self.saved.emit()
        return True

    def print_notification(self) -> Operation[bytes]:
        """ "Skriv ut anmälan (PDF)": what is filled in now, also before it is registered
        (it is printed and posted first, then registered). Empty required fields do not
        stop the print-out; the preview's title says it is a draft."""
        self.ivo.banner.clear_messages()
        ctx, case_id = self.ctx, self.case_id  # the work gets plain values, never this dialog
        answers = self.ivo.answers_to_print()
        title = tr("Anmälan till IVO {number}").format(number=self.view.number)
        if answers is not None and self.ivo.missing_required():
            title += " – " + tr("Utkast – obligatoriska uppgifter saknas")
        stem = file_stem(IVO_REPORT, self.view.number)

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report
            from kvalitet_desktop.workflows.lexsarah.report_data import ivo_notification_report

            return render_report(ivo_notification_report(ctx, case_id, answers))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            show_pdf(self, pdf, title, stem, ReportSource(ctx, IVO_REPORT, case_id))

        def failed(error: BaseException) -> None:
            if isinstance(error, KvalitetError):
                self.ivo.banner.show_messages([str(error)])
            else:
                show_failure(self, error)

        return run_in_background(self, build, show, failed, busy_text=tr("Skapar anmälan…"))

    def _print(self, kind: str, what: str) -> None:
        self.show_report(
            kind,
            self.case_id,
            f"{what} {self.view.number}",
            file_stem(kind, self.view.number),
        )
