"""Inställningar › Klagomål: the reply target (days from receipt) and the list of topics."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QGroupBox, QSpinBox, QVBoxLayout, QWidget

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.domain.roles import SETTINGS_CHANGE
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.autosave import FormState
from kvalitet_desktop.ui.toolkit.fields import ErrorLabel, add_row, set_read_only, text_edit
from kvalitet_desktop.ui.views.settings_tab import SettingsTab, note_label
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    MAX_REPLY_DAYS,
    MIN_REPLY_DAYS,
    ReplyTarget,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsComplaints", text)


class ComplaintsTab(SettingsTab):
    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            "installningar:klagomal",
            _tr("Inställningar – Klagomål"),
            editable=ctx.actor.can(SETTINGS_CHANGE),
            not_allowed=_tr("Du kan se inställningarna men inte ändra dem."),
            parent=parent,
        )
        target = QGroupBox(_tr("Svar till avsändaren"))
        form = QFormLayout(target)
        form.addRow(
            note_label(
                _tr(
                    "Kommunens mål för hur snart den som lämnat ett klagomål ska ha svar, räknat "
                    "i kalenderdagar från mottagandet. Förfallodagen sätts när klagomålet tas "
                    "emot och visas i listan och under Att göra."
                )
            )
        )
        self.days = QSpinBox()
        self.days.setRange(MIN_REPLY_DAYS, MAX_REPLY_DAYS)
        self.days.setSuffix(_tr(" dagar"))
        self.remind = QSpinBox()
        self.remind.setRange(0, MAX_REPLY_DAYS)
        self.remind.setSuffix(_tr(" dagar"))
        for spin in (self.days, self.remind):
            spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0000 dagar") + 40)
        self.target_error = ErrorLabel()
        add_row(form, _tr("Svar &inom:"), self.days, error=self.target_error)
        add_row(form, _tr("Visa under Att göra &före svarsdagen:"), self.remind)
        self.errors.bind("reply_target", self.target_error, self.days)

        topics = QGroupBox(_tr("Ämnen"))
        column = QVBoxLayout(topics)
        column.addWidget(
            note_label(
                _tr(
                    "Ett ämne per rad. Ett ämne som tas bort står kvar på de klagomål som "
                    "redan har det."
                )
            )
        )
        topic_form = QFormLayout()
        self.topics = text_edit(10)
        self.topics_error = ErrorLabel()
        add_row(topic_form, _tr("Ä&mnen:"), self.topics, error=self.topics_error)
        self.errors.bind(complaints.TOPICS, self.topics_error, self.topics)
        column.addLayout(topic_form)

        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.banner)
        layout.addWidget(target)
        layout.addWidget(topics, 1)
        layout.addLayout(self.save_bar())
        self._show(complaints.reply_target(ctx), complaints.topics(ctx))
        for spin in (self.days, self.remind):
            spin.valueChanged.connect(self.edited)
        self.topics.textChanged.connect(self.edited)
        if not self.editable:
            set_read_only(self, True)
        self.start_autosave()

    def _show(self, target: ReplyTarget, topics: list[str]) -> None:
        self.days.setValue(target.days)
        self.remind.setValue(target.remind_days)
        self.topics.setPlainText("\n".join(topics))

    def form_state(self) -> FormState:
        return {
            "days": self.days.value(),
            "remind_days": self.remind.value(),
            "topics": self.topics.toPlainText(),
        }

    def restore_state(self, state: FormState) -> None:
        for key, spin in (("days", self.days), ("remind_days", self.remind)):
            value = state.get(key)
            if isinstance(value, int):
                spin.setValue(value)
        self.topics.setPlainText(str(state.get("topics") or ""))

    def save(self) -> bool:
        """Store both; what is refused stays as typed with its message at the field."""
        self.errors.clear()
        self.saved_label.clear()
        problems: list[FieldError] = []
        try:
            try:
                complaints.set_reply_target(
                    self.ctx, ReplyTarget(self.days.value(), self.remind.value())
                )
            except ValidationFailed as error:
                problems.extend(error.errors)
            try:
                stored = complaints.set_topics(self.ctx, self.topics.toPlainText().splitlines())
                self.topics.setPlainText("\n".join(stored))
            except ValidationFailed as error:
                problems.extend(error.errors)
        except KvalitetError as error:
            self.errors.show(error)
            return False
        if problems:
            self.errors.show(ValidationFailed(problems))
            return False
        self.mark_saved(_tr("Inställningarna för klagomål är sparade."))
        return True
