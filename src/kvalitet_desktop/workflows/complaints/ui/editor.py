"""Klagomål och synpunkter: one complaint from receipt through investigation and the reply
to its close. An anonymous submitter is never asked who they are: choosing "anonym" hides
the name, the contact details and the reply."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain.errors import FieldError, KvalitetError, NotFound
from kvalitet_desktop.domain.linked_records import RecordRef
from kvalitet_desktop.domain.record_kind import RecordKind
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ERROR_COLOUR
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.editor_base import ARCHIVED_COLOUR, EditorDialog, file_stem
from kvalitet_desktop.ui.toolkit.fields import (
    ChoiceCombo,
    DateField,
    ErrorLabel,
    UserCombo,
    add_row,
    button_row,
    enum_choices,
    help_label,
    iso,
    name_widget,
    read_date,
    set_read_only,
    text_edit,
    with_service_checks,
)
from kvalitet_desktop.ui.widgets.linked_records import LinkedRecordsLabel
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    COMPLAINT_LINK,
    Channel,
    ComplaintKind,
    ComplaintStatus,
    ReplyMethod,
    SubmitterType,
)
from kvalitet_desktop.workflows.complaints.kind import CLOSE, HANDLE, KEY, READ, REGISTER, VOID
from kvalitet_desktop.workflows.complaints.service import (
    ComplaintInput,
    ComplaintView,
    ReplyInput,
)
from kvalitet_desktop.workflows.measures.kind import CREATE as MEASURE_CREATE
from kvalitet_desktop.workflows.measures.kind import KEY as MEASURE_KEY
from kvalitet_desktop.workflows.measures.service import LinkRef, MeasureInput

# The kinds a complaint can become in one step, with the button's words; a kind shows once
# it is in the registry and can be made from another record.
MAKE_INTO: tuple[tuple[str, str], ...] = (
    ("avvikelse", "Gör avvikelse…"),
    ("lexsarah", "Gör le&x Sarah-rapport…"),
)


def _form_key(complaint_id: str | None) -> str:
    return f"{KEY}:{complaint_id or 'ny'}"


class ComplaintEditor(EditorDialog):
    """Register or handle one complaint (``complaint_id`` None: a new one)."""

    def __init__(self, parent: QWidget | None, ctx: Context, complaint_id: str | None) -> None:
        # Read first: a record that is gone (or not visible) leaves no half-built dialog.
        stored = complaints.get_complaint(ctx, complaint_id) if complaint_id else None
        super().__init__(parent, ctx, "editors/klagomal", (880, 760))
        self.complaint_id = complaint_id
        self.view: ComplaintView | None = stored
        self._users = organisation.user_choices(ctx)
        self._topics = complaints.topics(ctx)
        self._target_days = complaints.reply_target(ctx).days
        self._build()
        if stored is not None:
            self._show_view(stored)
        self._submitter_changed()
        self._update_title()
        self._apply_permissions()
        self.restore_geometry()
        self.start_autosave(_form_key(complaint_id))

    # --- building -------------------------------------------------------------------------

    def _form(self, box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _row(self, form: QFormLayout, key: str, text: str, field: QWidget) -> None:
        error = ErrorLabel()
        add_row(form, text, field, error=error)
        focus = field.focusProxy() or field
        self.errors.bind(key, error, focus)

    def _build(self) -> None:
        self.title_edit = QLineEdit()
        self.unit = ChoiceCombo()
        units = organisation.units(self.ctx)
        self.unit.set_choices([(self.tr("– Välj –"), None)] + [(u.name, u.id) for u in units])
        if len(units) == 1:
            self.unit.set_value(units[0].id)
        self.received_on = DateField(value=date.today())
        self.channel = ChoiceCombo()
        self.channel.set_choices(enum_choices(Channel))
        self.received_by = UserCombo(self._users)
        self.received_by.set_user_id(self.ctx.actor.id, self.ctx.actor.name)
        self.kind = ChoiceCombo()
        self.kind.set_choices(enum_choices(ComplaintKind))
        self.topic = ChoiceCombo()
        self.topic.set_choices(
            [(self.tr("– Välj –"), None)] + [(t[:1].upper() + t[1:], t) for t in self._topics]
        )
        self.description = text_edit(5)
        received = QGroupBox(self.tr("Det som kom in"))
        form = self._form(received)
        self._row(form, "title", self.tr("&Rubrik:"), self.title_edit)
        self._row(form, "unit_id", self.tr("&Enhet:"), self.unit)
        self._row(form, "received_on", self.tr("&Mottaget:"), self.received_on)
        self._row(form, "channel", self.tr("Kana&l:"), self.channel)
        self._row(form, "received_by_id", self.tr("Mottaget a&v:"), self.received_by)
        self._row(form, "complaint_kind", self.tr("&Typ:"), self.kind)
        self._row(form, "topic", self.tr("&Ämne:"), self.topic)
        self._row(form, "description", self.tr("Vad &framförs?"), self.description)

        self.submitter = ChoiceCombo()
        self.submitter.set_choices(enum_choices(SubmitterType))
        self.submitter_name = QLineEdit()
        self.submitter_contact = text_edit(2)
        self.anonymous_note = help_label(
            self.tr(
                "Anonym avsändare: inga uppgifter om vem som lämnat synpunkten, och inget svar."
            )
        )
        sender = QGroupBox(self.tr("Avsändare"))
        self._sender_form = self._form(sender)
        self._row(self._sender_form, "submitter_type", self.tr("&Avsändare:"), self.submitter)
        self._row(self._sender_form, "submitter_name", self.tr("&Namn:"), self.submitter_name)
        self._row(
            self._sender_form,
            "submitter_contact",
            self.tr("K&ontaktuppgifter:"),
            self.submitter_contact,
        )
        self._sender_form.addRow(self.anonymous_note)
        self.submitter.currentIndexChanged.connect(self._submitter_changed)

        self.handler = UserCombo(self._users)
        self.investigation = text_edit(5)
        self.measures = QListWidget()
        name_widget(self.measures, self.tr("Åtgärder"))
        self.measures.setFixedHeight(self.measures.fontMetrics().lineSpacing() * 4 + 12)
        self.measures.itemActivated.connect(self._open_measure)
        self.new_measure_button = QPushButton(self.tr("N&y åtgärd…"))
        self.new_measure_button.clicked.connect(self._new_measure)
        self.open_measure_button = QPushButton(self.tr("&Öppna åtgärden"))
        self.open_measure_button.clicked.connect(self._open_measure)
        handling = QGroupBox(self.tr("Utredning och åtgärder"))
        form = self._form(handling)
        self._row(form, "handler_id", self.tr("Han&dläggare:"), self.handler)
        self._row(form, "investigation", self.tr("&Utredning:"), self.investigation)
        add_row(form, self.tr("Åtgärder:"), self.measures)
        form.addRow(button_row([self.new_measure_button, self.open_measure_button], []))
        self.make_buttons: dict[str, QPushButton] = {}
        for key, text in MAKE_INTO:
            target = _target(key)
            if target is None:
                continue
            button = QPushButton(self.tr(text))
            button.clicked.connect(lambda _checked=False, k=key: self._make_into(k))
            self.make_buttons[key] = button
        self.linked = LinkedRecordsLabel(self.ctx)
        if self.make_buttons:
            form.addRow(button_row(list(self.make_buttons.values()), []))
        form.addRow(self.linked)

        self.reply_due = QLabel()
        self.replied_on = DateField()
        self.reply_method = ChoiceCombo()
        self.reply_method.set_choices([(self.tr("– Välj –"), None), *enum_choices(ReplyMethod)])
        self.reply_text = text_edit(3)
        self.response = QLabel()
        self.reply_box = QGroupBox(self.tr("Svar till avsändaren"))
        form = self._form(self.reply_box)
        add_row(form, self.tr("Svar senast:"), self.reply_due)
        self._row(form, "replied_on", self.tr("&Besvarat:"), self.replied_on)
        self._row(form, "reply_method", self.tr("Svaret gavs &per:"), self.reply_method)
        self._row(form, "reply_text", self.tr("Svarets &innehåll:"), self.reply_text)
        add_row(form, self.tr("Svarstid:"), self.response)

        self.conclusion = text_edit(3)
        self.closed_label = QLabel()
        self.finish_button = QPushButton(self.tr("Avsluta &klagomålet"))
        name_widget(self.finish_button, self.tr("Avsluta klagomålet"))
        self.finish_button.clicked.connect(self._close_complaint)
        self.reopen_button = QPushButton(self.tr("Öppna igen…"))
        self.reopen_button.clicked.connect(self._reopen)
        closing = QGroupBox(self.tr("Avslut"))
        form = self._form(closing)
        self._row(form, "conclusion", self.tr("Sammanfattning:"), self.conclusion)
        add_row(form, self.tr("Status:"), self.closed_label)
        form.addRow(button_row([self.finish_button, self.reopen_button], []))

        content = QWidget()
        column = QVBoxLayout(content)
        for box in (received, sender, handling, self.reply_box, closing):
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(content)

        self.print_button = QPushButton(self.tr("Skriv ut…"))
        self.print_button.clicked.connect(self._print)
        self.archive_button = QPushButton(self.tr("Makulera…"))
        self.archive_button.clicked.connect(self._archive)
        buttons = self.editor_buttons(
            KEY, lambda: self.complaint_id, left=[self.archive_button, self.print_button]
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._show_status(None)

    # --- showing --------------------------------------------------------------------------

    def _anonymous(self) -> bool:
        value = self.submitter.value()
        return isinstance(value, SubmitterType) and value.is_anonymous

    def _submitter_changed(self) -> None:
        """Anonymous: no name, no contact, no reply – the fields are hidden, not just empty."""
        anonymous = self._anonymous()
        for row in (1, 2):
            self._sender_form.setRowVisible(row, not anonymous)
        self.anonymous_note.setVisible(anonymous)
        self.reply_box.setVisible(not anonymous)

    def _show_view(self, view: ComplaintView) -> None:
        self.title_edit.setText(view.title)
        self.unit.set_value(view.unit_id, view.unit_name)
        self.received_on.set_date(view.received_on)
        self.channel.set_value(view.channel)
        self.received_by.set_user_id(view.received_by_id, view.received_by_name)
        self.kind.set_value(view.complaint_kind)
        self.topic.set_value(view.topic, view.topic[:1].upper() + view.topic[1:])
        self.description.setPlainText(view.description)
        self.submitter.set_value(view.submitter_type)
        self.submitter_name.setText(view.submitter_name or "")
        self.submitter_contact.setPlainText(view.submitter_contact or "")
        self.handler.set_user_id(view.handler_id, view.handler_name)
        self.investigation.setPlainText(view.investigation or "")
        self.replied_on.set_date(view.replied_on)
        self.reply_method.set_value(view.reply_method)
        self.reply_text.setPlainText(view.reply_text or "")
        self.conclusion.setPlainText(view.conclusion or "")
        self._show_measures(view)
        self._show_status(view)
        self._show_linked()

    def _show_linked(self) -> None:
        if self.complaint_id is not None and self.ctx.actor.can(READ):
            self.linked.show_for(RecordRef(KEY, self.complaint_id))

    def _show_measures(self, view: ComplaintView) -> None:
        self.measures.clear()
        for measure in view.measures:
            due = f", klart senast {iso(measure.due_date)}" if measure.due_date else ""
            follow = f" · {measure.follow_up}" if measure.follow_up != "–" else ""
            item = QListWidgetItem(f"{measure.title} ({measure.status}{due}){follow}")
            item.setData(Qt.ItemDataRole.UserRole, measure.id)
            self.measures.addItem(item)
        if not view.measures:
            self.measures.addItem(self.tr("Inga åtgärder ännu."))
        self.open_measure_button.setEnabled(bool(view.measures))

    def _show_status(self, view: ComplaintView | None) -> None:
        today = date.today()
        if view is None:
            self.reply_due.setText(
                self.tr("{days} dagar efter mottagandet").format(days=self._target_days)
            )
            self.response.setText(self.tr("Inget svar ännu"))
            self.closed_label.setText(self.tr("Nytt, inte sparat"))
            self.measures.clear()
            self.measures.addItem(self.tr("Spara klagomålet först; sedan kan åtgärder kopplas."))
            self.open_measure_button.setEnabled(False)
            return
        late = view.overdue(today)
        due = iso(view.reply_due) if view.reply_due else self.tr("inget svar (anonym)")
        self.reply_due.setText(due + (self.tr(" – försenad") if late else ""))
        self.reply_due.setStyleSheet(f"color: {ERROR_COLOUR};" if late else "")
        if view.response_days is None:
            self.response.setText(self.tr("Inget svar ännu"))
        else:
            self.response.setText(
                self.tr("{days} dagar (mål: inom {target} dagar)").format(
                    days=view.response_days, target=self._target_days
                )
            )
        status = view.status.value.capitalize()
        if view.closed_on is not None:
            status += self.tr(" {day} av {who}").format(
                day=iso(view.closed_on), who=view.closed_by_name or "–"
            )
        self.closed_label.setText(f"{view.number} · {status}")

    def _update_title(self) -> None:
        if self.view is None:
            self.setWindowTitle(self.tr("Nytt klagomål"))
        else:
            self.setWindowTitle(
                self.tr("Klagomål {number} – {title}").format(
                    number=self.view.number, title=self.view.title
                )
            )

    def _apply_permissions(self) -> None:
        view = self.view
        archived = view is not None and view.archived
        closed = view is not None and view.status is ComplaintStatus.CLOSED
        may_handle = self.ctx.actor.can(HANDLE)
        allowed = may_handle if view is not None else self.ctx.actor.can(REGISTER)
        self.read_only = archived or closed or not allowed
        set_read_only(self, False)
        # The banner speaks of the record as it is now (amber facts are set again below).
        self.banner.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.banner.clear_messages()
        if self.read_only:
            if closed and not archived:
                self.banner.setStyleSheet(f"color: {ARCHIVED_COLOUR};")
                self.banner.show_messages(
                    [self.tr("Klagomålet är avslutat. Öppna det igen för att ändra det.")]
                )
            else:
                self.show_read_only_reason(
                    archived=archived,
                    archive_reason=view.archive_reason if view else None,
                    fallback=self.tr("Klagomålet är makulerat och kan inte ändras."),
                    not_allowed=self.tr("Du har inte behörighet att ändra klagomål."),
                )
            set_read_only(
                self,
                True,
                keep=[
                    self.history_button,
                    self.close_button,
                    self.print_button,
                    self.reopen_button,
                    self.measures,
                    self.open_measure_button,
                ],
            )
        # Who registers without handling sees only what belongs to the receipt.
        for widget in (self.handler, self.investigation, self.conclusion):
            widget.setEnabled(not self.read_only and may_handle)
        self.reply_box.setEnabled(not self.read_only and may_handle)
        stored = view is not None and not archived
        self.new_measure_button.setEnabled(
            stored and not closed and self.ctx.actor.can(MEASURE_CREATE)
        )
        self.finish_button.setEnabled(stored and not closed and self.ctx.actor.can(CLOSE))
        for key, button in self.make_buttons.items():
            target = _target(key)
            allowed = target is not None and (
                target.create_action is None or self.ctx.actor.can(target.create_action)
            )
            button.setEnabled(stored and allowed and self.ctx.actor.can(READ))
        self.reopen_button.setEnabled(stored and closed and self.ctx.actor.can(CLOSE))
        self.reopen_button.setVisible(closed)
        self.archive_button.setEnabled(stored and self.ctx.actor.can(VOID))
        self.print_button.setEnabled(view is not None and self.ctx.actor.can(READ))

    # --- state ----------------------------------------------------------------------------

    def form_state(self) -> FormState:
        def value(combo: ChoiceCombo) -> object:
            chosen = combo.value()
            return chosen.value if isinstance(chosen, Channel | ComplaintKind) else chosen

        submitter = self.submitter.value()
        method = self.reply_method.value()
        return {
            "title": self.title_edit.text(),
            "unit_id": self.unit.value(),
            "received_on": self.received_on.text(),
            "channel": value(self.channel),
            "received_by_id": self.received_by.user_id(),
            "complaint_kind": value(self.kind),
            "topic": self.topic.value(),
            "description": self.description.toPlainText(),
            "submitter_type": submitter.value if isinstance(submitter, SubmitterType) else None,
            "submitter_name": self.submitter_name.text(),
            "submitter_contact": self.submitter_contact.toPlainText(),
            "handler_id": self.handler.user_id(),
            "investigation": self.investigation.toPlainText(),
            "replied_on": self.replied_on.text(),
            "reply_method": method.value if isinstance(method, ReplyMethod) else None,
            "reply_text": self.reply_text.toPlainText(),
            "conclusion": self.conclusion.toPlainText(),
        }

    def restore_state(self, state: FormState) -> None:
        def text(key: str) -> str:
            return str(state.get(key) or "")

        def enum_value(enum: type[Channel] | type[ComplaintKind], key: str) -> object:
            try:
                return enum(state[key]) if state.get(key) else None
            except ValueError:
                return None

        self.title_edit.setText(text("title"))
        self.unit.set_value(state.get("unit_id"))
        self.received_on.set_text(text("received_on"))
        self.channel.set_value(enum_value(Channel, "channel"))
        self.received_by.set_user_id(state.get("received_by_id"))
        self.kind.set_value(enum_value(ComplaintKind, "complaint_kind"))
        self.topic.set_value(state.get("topic"))
        self.description.setPlainText(text("description"))
        if state.get("submitter_type") in {s.value for s in SubmitterType}:
            self.submitter.set_value(SubmitterType(str(state["submitter_type"])))
        self.submitter_name.setText(text("submitter_name"))
        self.submitter_contact.setPlainText(text("submitter_contact"))
        self.handler.set_user_id(state.get("handler_id"))
        self.investigation.setPlainText(text("investigation"))
        self.replied_on.set_text(text("replied_on"))
        if state.get("reply_method") in {m.value for m in ReplyMethod}:
            self.reply_method.set_value(ReplyMethod(str(state["reply_method"])))
        self.reply_text.setPlainText(text("reply_text"))
        self.conclusion.setPlainText(text("conclusion"))

    def draft_title(self) -> str:
        return self.tr("Klagomål: {title}").format(title=self.title_edit.text() or "–")

    # --- saving ---------------------------------------------------------------------------

    def _input(self, problems: list[FieldError]) -> ComplaintInput:
        unit_id, topic = self.unit.value(), self.topic.value()
        channel, kind, submitter = self.channel.value(), self.kind.value(), self.submitter.value()
        anonymous = self._anonymous()
        return ComplaintInput(
            title=self.title_edit.text(),
            unit_id=unit_id if isinstance(unit_id, str) else "",
            received_on=read_date(self.received_on, "received_on", problems),
            channel=channel if isinstance(channel, Channel) else Channel.PHONE,
            submitter_type=(
                submitter if isinstance(submitter, SubmitterType) else SubmitterType.USER
            ),
            complaint_kind=kind if isinstance(kind, ComplaintKind) else ComplaintKind.COMPLAINT,
            topic=topic if isinstance(topic, str) else "",
            description=self.description.toPlainText(),
            received_by_id=self.received_by.user_id(),
            # Hidden for an anonymous submitter: what was typed before is not sent.
            submitter_name=None if anonymous else self.submitter_name.text(),
            submitter_contact=None if anonymous else self.submitter_contact.toPlainText(),
            handler_id=self.handler.user_id(),
            investigation=self.investigation.toPlainText(),
        )

    def _reply(self, problems: list[FieldError]) -> ReplyInput | None:
        """The reply as typed, or None when nothing of it is filled in (or it is stored)."""
        if self._anonymous():
            return None
        method = self.reply_method.value()
        data = ReplyInput(
            read_date(self.replied_on, "replied_on", problems),
            method if isinstance(method, ReplyMethod) else None,
            self.reply_text.toPlainText(),
        )
        typed = self.replied_on.text().strip() or data.reply_method or data.reply_text.strip()
        if not typed:
            return None
        view = self.view
        if view is not None and (view.replied_on, view.reply_method, view.reply_text or "") == (
            data.replied_on,
            data.reply_method,
            data.reply_text.strip(),
        ):
            return None
        return data

    def save(self) -> bool:
        """Store the complaint, then a reply typed into it; False if either was refused."""
        if self.read_only:
            return False
        self.errors.clear()
        try:
            problems: list[FieldError] = []
            data = self._input(problems)
            reply = self._reply(problems)
            with_service_checks(problems, lambda: complaints.validate_complaint(data))
            saved = complaints.save_complaint(self.ctx, data, self.complaint_id)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self._stored(saved)
        if reply is not None:
            try:
                self._stored(complaints.record_reply(self.ctx, saved.id, reply))
            except KvalitetError as error:
                self.errors.show(error, at="replied_on")
                self.saved.emit()
                return False
        self.errors.warn(saved.warnings)
        return True

    def _stored(self, view: ComplaintView) -> None:
        self.complaint_id = view.id
        self.view = view
        self._show_status(view)
        self._show_measures(view)
        self._update_title()
        self._apply_permissions()
        if self.autosaver is not None:
            self.autosaver.saved(self.form_state(), form_key=_form_key(view.id))
        if not self.ctx.actor.can(READ):
            self.banner.show_messages(
                [
                    self.tr(
                        "Registrerat som {number}. Enhetens chef tar hand om det; du kan inte "
                        "öppna klagomål i listan."
                    ).format(number=view.number)
                ]
            )
        self.saved.emit()

    # --- closing, reopening, measures, printing -------------------------------------------

    def _close_complaint(self) -> None:
        if self.is_dirty() and not self.save():
            return
        assert self.complaint_id is not None
        try:
            view = complaints.close_complaint(
                self.ctx, self.complaint_id, self.conclusion.toPlainText()
            )
        except KvalitetError as error:
            self.errors.show(error, at="conclusion")
            return
        self.errors.clear()
        self._stored(view)

    def _reopen(self) -> None:
        if self.complaint_id is None:
            return
        from kvalitet_desktop.ui.toolkit.small_dialogs import ReasonDialog

        ctx, complaint_id = self.ctx, self.complaint_id
        dialog = ReasonDialog(
            self,
            self.tr("Öppna klagomålet igen"),
            self.tr("Skriv varför det avslutade klagomålet behöver ändras."),
            lambda reason: self._keep(complaints.reopen_complaint(ctx, complaint_id, reason)),
            self.tr("Ö&ppna igen"),
        )
        dialog.submitted.connect(lambda _reason: self._reopened())
        dialog.open()

    def _keep(self, view: ComplaintView) -> None:
        self.view = view

    def _reopened(self) -> None:
        assert self.view is not None
        self.errors.clear()
        self._stored(self.view)

    def _archive(self) -> None:
        if self.complaint_id is None:
            return
        ctx, complaint_id = self.ctx, self.complaint_id
        self.ask_to_archive(
            self.tr("Makulera klagomålet"),
            self.tr(
                "Ett makulerat klagomål finns kvar i historiken men visas inte längre i "
                "listor. Skriv varför det makuleras."
            ),
            lambda reason: self._keep(complaints.archive_complaint(ctx, complaint_id, reason)),
            self._show_stored,
        )

    def _show_stored(self) -> None:
        assert self.view is not None
        self._show_view(self.view)
        self._apply_permissions()

    def _make_into(self, key: str) -> None:
        """ "Gör avvikelse" / "Gör lex Sarah-rapport": the other kind's editor prefilled from
        this complaint; what it saves is linked to it, and shown here."""
        if self.view is None or (self.is_dirty() and not self.save()):
            return
        from kvalitet_desktop.ui.records import create_from

        try:
            create_from(self, self.ctx, key, RecordRef(KEY, self.view.id))
        except KvalitetError as error:
            self.errors.show(error)
            return
        self._show_linked()

    def _new_measure(self) -> None:
        if self.view is None or (self.is_dirty() and not self.save()):
            return
        from kvalitet_desktop.workflows.measures.ui.editor import MeasureDialog

        view = self.view
        prefill = MeasureInput(
            title="",
            unit_id=view.unit_id,
            links=[LinkRef(COMPLAINT_LINK, view.id)],
        )
        text = self.tr("Klagomål {number} ({topic})").format(number=view.number, topic=view.topic)
        dialog = MeasureDialog(self, self.ctx, prefill=prefill, link_texts=[text])
        dialog.saved.connect(self._measures_changed)
        dialog.open()

    def _measures_changed(self) -> None:
        if self.complaint_id is None:
            return
        self.view = complaints.get_complaint(self.ctx, self.complaint_id)
        self._show_measures(self.view)

    def _open_measure(self) -> None:
        item = self.measures.currentItem()
        measure_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(measure_id, str):
            return
        from kvalitet_desktop.ui.records import open_record

        dialog = open_record(self, self.ctx, MEASURE_KEY, measure_id)
        dialog.saved.connect(self._measures_changed)  # type: ignore[attr-defined]

    def _print(self) -> None:
        if self.view is None:
            return
        self.show_report(
            KEY, self.view.id, self.windowTitle(), file_stem("klagomal", self.view.number)
        )


def _target(key: str) -> RecordKind | None:
    """The kind ``key`` if it is registered and can be made from another record."""
    try:
        found = registry.kind(key)
    except NotFound:
        return None
    return found if found.create_from else None
