"""Ny rapport: any user reports a missförhållande or a påtaglig risk – for themselves, or
registering an oral report on someone else's behalf – on the form ``lex_sarah_rapport``."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.forms import FormAnswers
from kvalitet_desktop.domain.linked_records import SourceFacts
from kvalitet_desktop.services import forms
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import show_info
from kvalitet_desktop.ui.forms import FormWidget
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import EditorDialog
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    StandardButton,
    UserCombo,
    add_row,
    ask,
    button_row,
    help_label,
)
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import ReportForm
from kvalitet_desktop.workflows.lexsarah.ui.common import form_lookups

FORM_KEY = "lexsarah:ny"
NAME_FIELD = "rapportor_namn"


class NewReportDialog(EditorDialog):
    """``filed`` carries the new case's id once the report is sent."""

    filed = Signal(str)

    def __init__(
        self, parent: QWidget | None, ctx: Context, source: SourceFacts | None = None
    ) -> None:
        form = forms.catalog(ctx).get(ReportForm.REPORT.value)  # a broken form: NotFound here
        super().__init__(parent, ctx, "lexsarah/ny", (900, 760))
        self.setWindowTitle(self.tr("Ny lex Sarah-rapport"))
        self.case_id: str | None = None
        self.source = source
        self.lookups = form_lookups(ctx)

        intro = help_label(
            self.tr(
                "Rapportera genast. Beskriv vad du själv har sett och vad du har fått veta av "
                "andra. Du behöver inte veta orsaken eller vem som gjorde fel. Skriv aldrig "
                "den enskildes namn eller personnummer – använd koden."
            )
        )
        self.own = QRadioButton(self.tr("&Jag rapporterar själv"))
        self.for_other = QRadioButton(self.tr("Jag &registrerar en muntlig rapport åt någon annan"))
        self.own.setAccessibleName(self.tr("Jag rapporterar själv"))
        self.for_other.setAccessibleName(
            self.tr("Jag registrerar en muntlig rapport åt någon annan")
        )
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.own)
        self.mode.addButton(self.for_other)
        self.own.setChecked(True)
        modes = QHBoxLayout()
        modes.addWidget(self.own)
        modes.addSpacing(16)
        modes.addWidget(self.for_other)
        modes.addStretch(1)

        # The reporter of an oral report, when they use the program: the report is then in
        # their "Mina rapporter". Someone who does not is named in the form only.
        self.reporter = UserCombo(
            [(uid, name) for uid, name in self.lookups.users if uid != ctx.actor.id]
        )
        self.reporter.setToolTip(
            self.tr("Välj rapportören om hen använder programmet; annars skriv namnet nedan.")
        )
        self.reporter.activated.connect(self._reporter_chosen)
        self.reporter_row = QWidget()
        reporter_form = QFormLayout(self.reporter_row)
        reporter_form.setContentsMargins(0, 0, 0, 0)
        add_row(
            reporter_form,
            self.tr("Rapp&ortör bland användarna:"),
            self.reporter,
            help_text=self.tr(
                "Då ser rapportören rapporten under ”Mina rapporter”. Är rapportören inte "
                "användare, lämna ”– Välj –” och skriv namnet i formuläret."
            ),
        )
        self.reporter_row.setVisible(False)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("t.ex. Larmet fungerade inte under natten"))
        self.title_error = ErrorLabel()
        head = QFormLayout()
        head.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        add_row(
            head,
            self.tr("R&ubrik *:"),
            self.title_edit,
            error=self.title_error,
        )
        self.title_edit.setAccessibleName(self.tr("Rubrik"))
        self.errors.bind("title", self.title_error, self.title_edit)

        self.form = FormWidget(form, self.lookups, ctx=ctx)
        self.send_button = QPushButton(self.tr("S&kicka rapport"))
        self.send_button.clicked.connect(self.send)
        self.close_button = QPushButton(self.tr("Stän&g"))
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        if source is not None:
            layout.addWidget(
                help_label(
                    self.tr(
                        "Rapporten görs från {source}. Det som redan står där är ifyllt; "
                        "kontrollera det och fyll i resten. Rapporten och {source} kopplas "
                        "till varandra."
                    ).format(source=source.label)
                )
            )
        layout.addLayout(modes)
        layout.addWidget(self.reporter_row)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.form, 1)
        layout.addLayout(button_row([], [self.send_button, self.close_button]))

        self._prefill()
        self.own.toggled.connect(self._mode_changed)
        self.restore_geometry()
        # A report made from another record keeps its draft apart from the plain "Ny rapport".
        key = FORM_KEY if source is None else f"{FORM_KEY}:{source.source.kind}:{source.source.id}"
        self.start_autosave(key)

    # --- prefill -------------------------------------------------------------------------

    def own_report(self) -> bool:
        return self.own.isChecked()

    def reporter_user_id(self) -> str | None:
        return None if self.own_report() else self.reporter.user_id()

    def _reporter_chosen(self, _index: int) -> None:
        """A reporter chosen among the users gives the form their name (still editable)."""
        if self.reporter.user_id() is not None:
            self.form.editor(NAME_FIELD).set_value(self.reporter.currentText())

    def _prefill(self) -> None:
        """What the program knows already: who reports, the workplace when the user belongs
        to one unit, and that the report is written. Everything stays editable."""
        actor = self.ctx.actor
        values: dict[str, object] = {NAME_FIELD: actor.name, "rapportsatt": "skriftlig"}
        known_units = {uid for uid, _name in self.lookups.units}
        own_units = sorted(actor.unit_ids & known_units)
        if len(own_units) == 1:
            values["rapportor_enhet"] = own_units[0]
            values["enhet"] = own_units[0]
        if self.source is not None:
            values.update(_from_source(self.source))
            self.title_edit.setText(self.source.title)
        self.form.set_answers(FormAnswers(values))

    def _mode_changed(self) -> None:
        """A report of one's own is written and received by lex Sarah-ansvarig in the
        program; an oral one was received, and written down, by the user registering it."""
        name = self.form.editor(NAME_FIELD)
        received_by = self.form.editor("mottagen_av")
        received_at = self.form.editor("mottagen_tid")
        actor = self.ctx.actor
        self.reporter_row.setVisible(not self.own_report())
        if self.own_report():
            self.reporter.set_user_id(None)
            if not name.value():
                name.set_value(actor.name)
            if received_by.value() == actor.id:
                received_by.set_value(None)
                received_at.set_value(None)
            self.form.editor("rapportsatt").set_value("skriftlig")
            return
        if name.value() == actor.name:
            name.set_value(None)
        self.form.editor("rapportsatt").set_value("muntlig")
        received_by.set_value(actor.id)
        if not received_at.value():
            received_at.set_value(datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.form.editor("nedskriven_av").set_value(actor.id)
        self.form.focus_field(NAME_FIELD)

    # --- drafts --------------------------------------------------------------------------

    def form_state(self) -> FormState:
        return {
            "own_report": self.own_report(),
            "reporter_user_id": self.reporter_user_id(),
            "title": self.title_edit.text(),
            "answers": self.form.answers().to_json(),
        }

    def restore_state(self, state: FormState) -> None:
        self.own.blockSignals(True)
        (self.own if state.get("own_report", True) else self.for_other).setChecked(True)
        self.own.blockSignals(False)
        self.reporter_row.setVisible(not self.own_report())
        self.reporter.set_user_id(state.get("reporter_user_id"))
        self.title_edit.setText(str(state.get("title") or ""))
        self.form.set_answers(FormAnswers.from_json(state.get("answers")))

    def draft_title(self) -> str:
        return self.tr("Lex Sarah-rapport: {title}").format(title=self.title_edit.text() or "–")

    # --- sending -------------------------------------------------------------------------

    def save(self) -> bool:
        return self.send()

    def send(self) -> bool:
        self.errors.clear()
        self.form.clear_errors()
        if not self.form.personal_numbers_accepted():
            return False
        if problems := self.form.register_problems():
            self.form.show_errors(problems)
            return False
        title = self.title_edit.text()
        data = lexsarah.ReportInput(
            title,
            self.form.answers(),
            self.own_report(),
            self.reporter_user_id(),
            self.source.source if self.source is not None else None,
        )
        try:
            filed = lexsarah.file_report(self.ctx, data)
        except ValidationFailed as error:
            at_title = [e for e in error.errors if e.field == "title"]
            in_form = [e for e in error.errors if e.field != "title"]
            if at_title:
                self.errors.show(ValidationFailed(at_title))
            self.form.show_errors(in_form)
            if at_title:
                self.title_edit.setFocus()
            return False
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.case_id = filed.id
        number = filed.number
        if self.autosaver is not None:
            self.autosaver.stop()
            self.autosaver.discard()
        self.filed.emit(filed.id)
        show_info(
            self.parentWidget(),
            self.tr(
                "Rapporten är mottagen som {number}. Lex Sarah-ansvarig tar hand om den."
            ).format(number=number),
            self.tr("Rapporten är skickad"),
        )
        self.autosaver = None
        self.accept()
        return True

    def reject(self) -> None:
        """Closing with something typed asks whether to send it, keep it or throw it away;
        a kept draft is offered the next time "Ny rapport" is opened."""
        if self.is_dirty():
            answer = ask(
                self,
                self.tr("Rapporten är inte skickad"),
                self.tr(
                    "Rapporten är inte skickad. Vill du skicka den nu, spara den som utkast "
                    "och skicka den senare, eller slänga den?"
                ),
                [
                    (StandardButton.Save, self.tr("Skicka rapporten")),
                    (StandardButton.Ignore, self.tr("Spara utkast")),
                    (StandardButton.Discard, self.tr("Släng")),
                    (StandardButton.Cancel, self.tr("Avbryt")),
                ],
                StandardButton.Save,
            )
            if answer == StandardButton.Cancel:
                return
            if answer == StandardButton.Save:
                self.send()
                return
            if answer == StandardButton.Ignore and self.autosaver is not None:
                self.autosaver.save_now()
                self.autosaver.stop()
                self.autosaver = None
            elif answer == StandardButton.Discard and self.autosaver is not None:
                self.autosaver.discard()
        QDialog.reject(self)  # past EditorDialog's own question


def _from_source(facts: SourceFacts) -> dict[str, object]:
    """The report's answers that the record it is made from already gives."""
    moment = "%Y-%m-%d %H:%M"
    values: dict[str, object] = {
        "enhet": facts.unit_id,
        "beskrivning": facts.description or None,
        "konsekvenser": facts.consequence,
        "enskild": facts.individual,
        "intraffade": facts.occurred_at.strftime(moment) if facts.occurred_at else None,
        "uppmarksammat_tid": facts.noticed_at.strftime(moment) if facts.noticed_at else None,
    }
    if facts.individuals:
        values["enskilda"] = [{"kod": code} for code in facts.individuals]
    if facts.immediate_measures:
        values["atgarder_vidtagna"] = "ja"
        values["omedelbara_atgarder"] = facts.immediate_measures
    return {key: value for key, value in values.items() if value}


def report_from(parent: QWidget | None, ctx: Context, facts: SourceFacts) -> str | None:
    """The lex Sarah kind's ``create_from``: "Ny lex Sarah-rapport" prefilled from another
    record, linked to it when sent. The id of the new case, or None if it was not sent."""
    dialog = NewReportDialog(parent, ctx, facts)
    dialog.exec()
    return dialog.case_id
