"""Anmälan till IVO: the form ``ivo_anmalan`` prefilled from the case (by the service's
``ivo_prefill``), a view for copying each answer into IVO's e-tjänst, and the registration
of what was sent. The program never sends anything itself, and never by e-mail."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.forms import (
    NO,
    YES,
    FieldDef,
    FieldType,
    FormAnswers,
    FormDef,
    FormLookups,
    is_empty,
    is_visible,
)
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.forms import FormWidget
from kvalitet_desktop.ui.toolkit.fields import (
    DateField,
    ErrorLabel,
    FieldErrors,
    add_row,
    button_row,
    help_label,
    read_date,
)
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import (
    CaseStatus,
    DeadlineKey,
    IvoChannel,
    deadline,
)
from kvalitet_desktop.workflows.lexsarah.service import CaseView
from kvalitet_desktop.workflows.lexsarah.ui.common import due_label, set_due, tr

NEVER_SENT = str(
    QT_TRANSLATE_NOOP(
        "LexSarah",
        "Programmet skickar ingenting. Gör anmälan i IVO:s e-tjänst, eller skriv ut den och "
        "skicka den med post. Använd aldrig e-post eller fax – anmälan innehåller känsliga "
        "uppgifter.",
    )
)
NOT_SERIOUS = str(
    QT_TRANSLATE_NOOP(
        "LexSarah",
        "Anmälan görs bara när ärendet bedöms som allvarligt – ett allvarligt missförhållande "
        "eller en påtaglig risk för ett allvarligt missförhållande. Gör bedömningen i "
        "utredningen (eller vid mottagandet, om det kan vara allvarligt) så blir anmälan "
        "tillgänglig här.",
    )
)


# --- answers as text -------------------------------------------------------------------------


def answer_text(field: FieldDef, value: Any, lookups: FormLookups) -> str:
    """One answer as plain text, as it would be typed into IVO's e-tjänst."""
    if is_empty(value):
        return ""
    kind = field.type
    if kind is FieldType.CHOICE:
        return lookups.option_label(field, str(value))
    if kind is FieldType.MULTI_CHOICE:
        values = value if isinstance(value, list) else [value]
        return "\n".join(lookups.option_label(field, str(v)) for v in values)
    if kind is FieldType.YES_NO:
        answer = value.get("svar") if isinstance(value, dict) else value
        text = {YES: tr("Ja"), NO: tr("Nej")}.get(str(answer), str(answer))
        motivation = str(value.get("motivering") or "").strip() if isinstance(value, dict) else ""
        return f"{text}. {motivation}" if motivation else text
    if kind is FieldType.SCALE:
        index = int(value) - field.scale_min if isinstance(value, int) else -1
        if field.scale_labels and 0 <= index < len(field.scale_labels):
            return f"{value} – {field.scale_labels[index]}"
        return str(value)
    if kind is FieldType.USER:
        return lookups.user_name(str(value)) or str(value)
    if kind is FieldType.UNIT:
        return lookups.unit_name(str(value)) or str(value)
    if kind is FieldType.GROUP:
        lines = []
        for row in value if isinstance(value, list) else []:
            parts = [
                answer_text(column, row.get(column.id), lookups)
                for column in field.fields
                if not is_empty(row.get(column.id))
            ]
            lines.append(" – ".join(p.replace("\n", ", ") for p in parts))
        return "\n".join(lines)
    return str(value)


def answered_fields(
    form: FormDef, answers: FormAnswers, lookups: FormLookups
) -> list[tuple[str, str, str]]:
    """(section title, field label, text) of every answered, visible field in form order."""
    result = []
    for section, field in form.fields():
        if not is_visible(field, answers.values):
            continue
        text = answer_text(field, answers.values.get(field.id), lookups)
        if text.strip():
            result.append((section.title, field.label, text))
    return result


# --- copying into the e-tjänst ---------------------------------------------------------------


class CopyToIvoDialog(QDialog):
    """Every answered field, label → value in form order, each with a "Kopiera" button."""

    def __init__(
        self, parent: QWidget | None, form: FormDef, answers: FormAnswers, lookups: FormLookups
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Kopiera till IVO:s e-tjänst"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.fields = answered_fields(form, answers, lookups)
        self.copy_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        note = help_label(
            tr(
                "Öppna IVO:s e-tjänst i webbläsaren och för över uppgifterna fält för fält "
                "med knapparna ”Kopiera”. Uppgifter som identifierar den enskilde lämnar du "
                "direkt i e-tjänsten."
            )
            + " "
            + tr(NEVER_SENT)
        )
        layout.addWidget(note)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(6)
        row = 0
        section_shown = None
        for section, label, text in self.fields:
            if section != section_shown:
                heading = QLabel(f"<b>{_escape(section)}</b>")
                grid.addWidget(heading, row, 0, 1, 3)
                row += 1
                section_shown = section
            name = QLabel(label)
            name.setWordWrap(True)
            value = QLabel(text)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            button = QPushButton(tr("Kopiera"))
            button.setAccessibleName(tr("Kopiera {label}").format(label=label))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, t=text, n=label: self.copy(t, n))
            self.copy_buttons.append(button)
            grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
            row += 1
        grid.setColumnMinimumWidth(0, 170)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)
        self.copied = QLabel()
        self.copied.setAccessibleName(tr("Kopierat"))
        layout.addWidget(self.copied)
        self.copy_all_button = QPushButton(tr("Kopiera &allt"))
        self.copy_all_button.clicked.connect(self.copy_all)
        close = QPushButton(tr("Stän&g"))
        close.clicked.connect(self.accept)
        layout.addLayout(button_row([self.copy_all_button], [close]))
        self.resize(720, 620)

    def copy(self, text: str, label: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copied.setText(tr("Kopierat: {label}").format(label=label))

    def copy_all(self) -> None:
        lines: list[str] = []
        section_shown = None
        for section, label, text in self.fields:
            if section != section_shown:
                lines.append(("\n" if lines else "") + section.upper())
                section_shown = section
            lines.append(f"{label}: {text}")
        QGuiApplication.clipboard().setText("\n".join(lines))
        self.copied.setText(tr("Kopierat: alla uppgifter"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- investigation sent ----------------------------------------------------------------------


class SentDialog(QDialog):
    """When the investigation was sent to IVO (``lexsarah.record_investigation_sent``)."""

    submitted = Signal(object)  # the CaseView with the date sent

    def __init__(self, parent: QWidget | None, ctx: Context, case_id: str) -> None:
        super().__init__(parent)
        self.ctx, self.case_id = ctx, case_id
        self.setWindowTitle(tr("Utredningen skickad till IVO"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.sent_on = DateField(value=date.today())
        form = QFormLayout()
        error = ErrorLabel()
        add_row(form, tr("&Skickad:"), self.sent_on, error=error)
        self.errors.bind("sent_on", error, self.sent_on.edit)
        ok = QPushButton(tr("&Registrera"))
        ok.clicked.connect(self.submit)
        cancel = QPushButton(tr("Avbryt"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label(tr("Ange när utredningen skickades till IVO.")))
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addLayout(button_row([], [ok, cancel]))

    def submit(self) -> None:
        self.errors.clear()
        problems: list[FieldError] = []
        sent = read_date(self.sent_on, "sent_on", problems)
        try:
            if problems:
                raise ValidationFailed(problems)
            if sent is None:
                raise ValidationFailed([FieldError("sent_on", tr("Ange datumet."))])
            view = lexsarah.record_investigation_sent(self.ctx, self.case_id, sent)
        except KvalitetError as error:
            self.errors.show(error, at="sent_on")
            return
        self.submitted.emit(view)
        self.accept()


# --- the tab ---------------------------------------------------------------------------------


class IvoPanel(QWidget):
    """The tab "Anmälan till IVO". ``notified`` fires after registration or after the
    investigation was recorded as sent; ``print_requested`` asks the dialog for the PDF."""

    notified = Signal(object)  # the CaseView after registration or sending
    print_requested = Signal()
    changed = Signal()

    def __init__(
        self,
        ctx: Context,
        view: CaseView,
        form: FormDef,
        answers: FormAnswers,
        lookups: FormLookups,
        prefill: FormAnswers,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = view.id
        self.lookups = lookups
        self.registered = view.ivo_notified_on is not None
        self.form = FormWidget(form, lookups)
        self.form.set_answers(answers if answers.values else prefill)
        self.form.changed.connect(self.changed)
        self.stack = QStackedWidget()
        self.why_not = help_label(tr(NOT_SERIOUS))
        self.why_not.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.why_not.setAccessibleName(tr("Anmälan till IVO"))
        self.why_not.setContentsMargins(8, 8, 8, 8)

        page = QWidget()
        self.note = QLabel(tr(NEVER_SENT))
        self.note.setWordWrap(True)
        self.note.setStyleSheet("background: #fff6d6; padding: 6px; border: 1px solid #e2c66d;")
        self.banner = ErrorLabel()
        self.facts = QWidget()
        facts = QFormLayout(self.facts)
        facts.setContentsMargins(0, 0, 0, 0)
        self.notified_label = QLabel()
        self.notified_label.setWordWrap(True)
        self.due = due_label(tr("Utredningen ska vara hos IVO senast"))
        self.sent_label = QLabel()
        facts.addRow(self.notified_label)
        facts.addRow(self.due)
        facts.addRow(self.sent_label)
        self.copy_button = QPushButton(tr("&Kopiera till IVO:s e-tjänst…"))
        self.copy_button.clicked.connect(self.show_copy_view)
        self.print_button = QPushButton(tr("Skriv &ut anmälan (PDF)"))
        self.print_button.clicked.connect(self.print_requested)
        self.register_button = QPushButton(tr("&Registrera anmälan"))
        self.register_button.clicked.connect(self.register)
        self.sent_button = QPushButton(tr("Utredningen &skickad till IVO…"))
        self.sent_button.clicked.connect(self.record_sent)
        self.print_help = help_label(
            tr(
                "Fyll i anmälan. Skickas den med post: skriv ut den, skriv under och posta "
                "den. Registrera den sedan med det datum och sätt den skickades."
            )
        )
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.facts)
        layout.addWidget(self.banner)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.print_help)
        layout.addLayout(
            button_row(
                [self.copy_button, self.print_button],
                [self.sent_button, self.register_button],
            )
        )
        self.page = page
        self.stack.addWidget(self.why_not)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.show_view(view)

    def show_view(self, view: CaseView, answers: FormAnswers | None = None) -> None:
        handler = lexsarah.may_handle(self.ctx)
        notified = view.ivo_notified_on is not None
        self.registered = notified
        if answers is not None:
            self.form.set_answers(answers)
        self.stack.setCurrentWidget(self.page if notified or view.may_notify_ivo else self.why_not)
        self.form.set_read_only(notified or not handler)
        self.register_button.setVisible(handler and not notified)
        self.register_button.setEnabled(view.status is not CaseStatus.CLOSED)
        self.print_help.setVisible(not notified)
        self.facts.setVisible(notified)
        self.sent_button.setVisible(
            handler and notified and view.investigation_sent_to_ivo_on is None
        )
        if notified:
            channel = (
                {
                    IvoChannel.E_SERVICE: tr("IVO:s e-tjänst"),
                    IvoChannel.POST: tr("post"),
                }.get(view.ivo_channel, "–")
                if view.ivo_channel
                else "–"
            )
            text = tr("Anmäld till IVO {date} via {channel}.").format(
                date=view.ivo_notified_on.isoformat() if view.ivo_notified_on else "",
                channel=channel,
            )
            if view.ivo_reference:
                text += " " + tr("IVO:s diarienummer: {ref}.").format(ref=view.ivo_reference)
            self.notified_label.setText(text)
            sent = view.investigation_sent_to_ivo_on
            if view.investigation_attached:
                self.sent_label.setText(tr("Utredningen bifogades anmälan."))
                self.due.hide()
            else:
                self.due.show()
                set_due(
                    self.due,
                    tr("Utredningen ska vara hos IVO senast"),
                    deadline(view, DeadlineKey.IVO, date.today()),
                )
                self.sent_label.setText(
                    tr("Utredningen skickades till IVO {date}.").format(date=sent.isoformat())
                    if sent
                    else tr("Utredningen är inte skickad till IVO än.")
                )
            self.sent_label.setStyleSheet("")

    def is_editable(self) -> bool:
        return not self.form.is_read_only() and self.stack.currentWidget() is self.page

    def answers_to_print(self) -> FormAnswers | None:
        """What "Skriv ut anmälan" prints: the form as filled in now, or None once the
        notification is registered (then what is stored is printed)."""
        if self.registered:
            return None
        return FormAnswers.from_json(self.form.answers().to_json())

    def missing_required(self) -> list[str]:
        """Labels of the required, visible fields that are still empty (printing does not
        need them; the print-out is then a draft)."""
        values = self.form.answers().values
        return [
            field.label
            for _section, field in self.form.form.fields()
            if field.required and is_visible(field, values) and is_empty(values.get(field.id))
        ]

    def show_copy_view(self) -> CopyToIvoDialog:
        dialog = CopyToIvoDialog(self, self.form.form, self.form.answers(), self.lookups)
        dialog.show()
        return dialog

    def register(self) -> bool:
        self.banner.clear_messages()
        self.form.clear_errors()
        if not self.form.personal_numbers_accepted():
            return False
        try:
            view = lexsarah.notify_ivo(self.ctx, self.case_id, self.form.answers())
        except ValidationFailed as error:
            self.form.show_errors(error.errors)
            return False
        except KvalitetError as error:
            self.banner.show_messages([str(error)])
            return False
        self.notified.emit(view)
        return True

    def record_sent(self) -> SentDialog:
        dialog = SentDialog(self, self.ctx, self.case_id)
        dialog.submitted.connect(self.notified)
        dialog.open()
        return dialog
