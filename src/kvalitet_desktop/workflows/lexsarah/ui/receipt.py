"""Mottagande: the lex Sarah-ansvarig confirms receipt, records that the individual is
protected, appoints the investigator and makes a first assessment of seriousness."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import FieldError, KvalitetError, ValidationFailed
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.forms.field_widgets import DateInput, normalise_date
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    FieldErrors,
    UserCombo,
    add_row,
    button_row,
    help_label,
    text_edit,
)
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus
from kvalitet_desktop.workflows.lexsarah.service import CaseView
from kvalitet_desktop.workflows.lexsarah.ui.common import tr, when_text

YES, NO, UNKNOWN = "ja", "nej", "vet ej"


class Choice(QWidget):
    """A row of radio buttons; ``value()`` is the chosen key or None."""

    def __init__(self, name: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = name
        self.setAccessibleName(name)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for key, text in options:
            button = QRadioButton(text)
            button.setAccessibleDescription(name)
            self.group.addButton(button)
            self.buttons[key] = button
            row.addWidget(button)
            row.addSpacing(12)
        row.addStretch(1)
        self.setFocusProxy(next(iter(self.buttons.values())))
        self.name_buttons()

    def name_buttons(self) -> None:
        """Each answer is announced within its question ("Ja – Är den enskilde skyddad?");
        call again after a form row has named the focus proxy after the question."""
        question = self.accessibleName() or self.question
        for button in self.buttons.values():
            answer = button.text().replace("&", "")
            button.setAccessibleName(
                tr("{answer} – {question}").format(answer=answer, question=question)
            )

    def value(self) -> str | None:
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def set_value(self, value: str | None) -> None:
        self.group.setExclusive(False)
        for key, button in self.buttons.items():
            button.setChecked(key == value)
        self.group.setExclusive(True)


class ReceiptPanel(QWidget):
    """The receipt form while the report waits (for those who may receive it), afterwards a
    read-only summary. ``received`` fires after a successful ``lexsarah.receive``."""

    received = Signal(object)  # the CaseView the receipt saved
    changed = Signal()

    def __init__(
        self, ctx: Context, view: CaseView, users: list[tuple[str, str]], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = view.id
        self.stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self.editor = self._build_editor(users, view)
        self.summary = QWidget()
        self.summary_form = QFormLayout(self.summary)
        self.waiting = help_label(
            tr(
                "Rapporten är inte mottagen än. Lex Sarah-ansvarig tar emot den och utser en "
                "utredare."
            )
        )
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.summary)
        self.stack.addWidget(self.waiting)
        self.show_view(view)

    def _build_editor(self, users: list[tuple[str, str]], view: CaseView) -> QWidget:
        page = QWidget()
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        self.received_at = DateInput(with_time=True)
        self.received_at.set_text(datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.protected = Choice(
            tr("Är den enskilde skyddad?"), [(YES, tr("Ja")), (NO, tr("Nej, inte ännu"))]
        )
        self.protection_note = text_edit(3)
        self.investigator = UserCombo(users)
        if view.investigator_id:
            self.investigator.set_user_id(view.investigator_id, view.investigator_name)
        self.serious = Choice(
            tr("Kan det vara ett allvarligt missförhållande?"),
            [(YES, tr("Ja")), (NO, tr("Nej")), (UNKNOWN, tr("Vet ej än"))],
        )
        self.serious_note = text_edit(3)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, str, QWidget, str | None]] = [
            ("received_at", tr("&Mottagen:"), self.received_at, tr("Datum och tid")),
            (
                "individual_protected",
                tr("Är den enskilde &skyddad?"),
                self.protected,
                tr("Det som behövs för att skydda den enskilde görs omedelbart."),
            ),
            (
                "protection_note",
                tr("&Vad har gjorts?"),
                self.protection_note,
                tr("Skriv vad som har gjorts – och om inget har gjorts, varför."),
            ),
            ("investigator_id", tr("&Utredare:"), self.investigator, None),
            (
                "first_assessment_serious",
                tr("Kan det vara &allvarligt?"),
                self.serious,
                tr(
                    "Första bedömningen. Kan det vara ett allvarligt missförhållande kan "
                    "anmälan till IVO göras redan nu."
                ),
            ),
            ("first_assessment_note", tr("&Kommentar:"), self.serious_note, None),
        ]
        for key, text, field, help_text in rows:
            error = ErrorLabel()
            add_row(form, text, field, error=error, help_text=help_text)
            focus = field.focusProxy() or field
            self.errors.bind(key, error, focus)
            if isinstance(field, Choice):
                field.name_buttons()
        for widget in (self.protected, self.serious):
            widget.group.buttonToggled.connect(lambda *_: self.changed.emit())
        self.received_at.changed.connect(self.changed)
        self.protection_note.textChanged.connect(self.changed)
        self.investigator.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.serious_note.textChanged.connect(self.changed)
        self.receive_button = QPushButton(tr("&Bekräfta mottagandet"))
        self.receive_button.clicked.connect(self.receive)
        layout = QVBoxLayout(page)
        layout.addWidget(
            help_label(
                tr(
                    "Bekräfta att rapporten är mottagen, att den enskilde är skyddad och vem "
                    "som utreder. Tidsfristerna för utredningen räknas från mottagandet."
                )
            )
        )
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addLayout(button_row([], [self.receive_button]))
        layout.addStretch(1)
        return page

    # --- showing -------------------------------------------------------------------------

    def show_view(self, view: CaseView) -> None:
        if view.status is CaseStatus.REPORTED:
            self.stack.setCurrentWidget(
                self.editor if lexsarah.may_handle(self.ctx) else self.waiting
            )
            return
        while self.summary_form.rowCount():
            self.summary_form.removeRow(0)
        received = when_text(view.received_at)
        if view.received_by:
            received += " " + tr("av {name}").format(name=view.received_by)
        protected = {True: tr("Ja"), False: tr("Nej"), None: "–"}[view.individual_protected]
        serious = {
            True: tr("Kan vara allvarligt"),
            False: tr("Bedöms inte som allvarligt"),
            None: tr("Vet ej"),
        }[view.first_assessment_serious]
        rows = [
            (tr("Mottagen:"), received),
            (tr("Den enskilde skyddad:"), protected),
            (tr("Vad som har gjorts:"), view.protection_note or "–"),
            (tr("Utredare:"), view.investigator_name or "–"),
            (tr("Första bedömning:"), serious),
            (tr("Kommentar:"), view.first_assessment_note or "–"),
        ]
        for label, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setAccessibleName(label.rstrip(":"))
            self.summary_form.addRow(label, shown)
        self.stack.setCurrentWidget(self.summary)

    def is_editing(self) -> bool:
        return self.stack.currentWidget() is self.editor

    # --- state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        if not self.is_editing():
            return {}
        return {
            "received_at": self.received_at.text(),
            "protected": self.protected.value(),
            "protection_note": self.protection_note.toPlainText(),
            "investigator_id": self.investigator.user_id(),
            "serious": self.serious.value(),
            "serious_note": self.serious_note.toPlainText(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        if not state or not self.is_editing():
            return
        self.received_at.set_text(str(state.get("received_at") or ""))
        self.protected.set_value(state.get("protected"))
        self.protection_note.setPlainText(str(state.get("protection_note") or ""))
        self.investigator.set_user_id(state.get("investigator_id"))
        self.serious.set_value(state.get("serious"))
        self.serious_note.setPlainText(str(state.get("serious_note") or ""))

    # --- receiving -----------------------------------------------------------------------

    def receive(self) -> bool:
        self.errors.clear()
        problems: list[FieldError] = []
        text = self.received_at.text()
        normal = normalise_date(text, True) if text else None
        if text and normal is None:
            problems.append(FieldError("received_at", tr("Skriv tiden som ÅÅÅÅ-MM-DD TT:MM.")))
        received = datetime.fromisoformat(normal) if normal else None
        protected = self.protected.value()
        serious = self.serious.value()
        data = lexsarah.ReceiptInput(
            received_at=received,
            individual_protected=None if protected is None else protected == YES,
            protection_note=self.protection_note.toPlainText(),
            investigator_id=self.investigator.user_id(),
            first_assessment_serious=None if serious in (None, UNKNOWN) else serious == YES,
            first_assessment_note=self.serious_note.toPlainText(),
        )
        try:
            # An unreadable time goes to the service as none: it checks the rest (and writes
            # nothing), and the message about the time is ours.
            view = lexsarah.receive(self.ctx, self.case_id, data)
        except ValidationFailed as error:
            mine = {p.field for p in problems}
            self.errors.show(
                ValidationFailed([*problems, *(e for e in error.errors if e.field not in mine)])
            )
            return False
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.received.emit(view)
        return True
