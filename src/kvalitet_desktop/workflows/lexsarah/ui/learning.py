"""Lärandematerial: for a closed case, an anonymised summary and discussion questions for a
workplace meeting (APT), printed on one page without personal data."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import (
    ErrorLabel,
    FieldErrors,
    add_row,
    button_row,
    help_label,
    text_edit,
)
from kvalitet_desktop.workflows.lexsarah import service as lexsarah
from kvalitet_desktop.workflows.lexsarah.domain import CaseStatus
from kvalitet_desktop.workflows.lexsarah.service import CaseView
from kvalitet_desktop.workflows.lexsarah.ui.common import SUGGESTED_QUESTIONS, tr

WARNING_COLOUR = "#6b4f00"


class LearningPanel(QWidget):
    """``saved`` fires after ``lexsarah.set_learning_material``; ``print_requested`` asks the
    dialog for the APT sheet."""

    saved = Signal(object)  # the CaseView the learning material was saved in
    print_requested = Signal()
    changed = Signal()

    def __init__(self, ctx: Context, view: CaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = view.id
        self.editable = False
        self.stack = QStackedWidget()
        self.not_yet = help_label(
            tr(
                "Lärandematerial görs när ärendet är avslutat: en anonymiserad sammanfattning "
                "och frågor att samtala om på en arbetsplatsträff (APT)."
            )
        )
        self.not_yet.setAlignment(Qt.AlignmentFlag.AlignTop)
        page = QWidget()
        self.banner = ErrorLabel()
        self.errors = FieldErrors(self.banner)
        warning = QLabel(tr("Skriv inga namn eller andra uppgifter som kan peka ut en person."))
        warning.setWordWrap(True)
        warning.setStyleSheet(
            f"color: {WARNING_COLOUR}; font-weight: bold; background: #fff6d6; padding: 6px;"
        )
        self.summary = text_edit(6, grows=True)
        self.summary.setPlaceholderText(
            tr(
                "Vad hände, varför kunde det hända och vad har ändrats – utan namn, koder "
                "och datum."
            )
        )
        self.questions = QListWidget()
        self.questions.setWordWrap(True)
        self.own_question = QLineEdit()
        self.own_question.setPlaceholderText(tr("Skriv en egen fråga och tryck Enter"))
        self.own_question.returnPressed.connect(self.add_own_question)
        self.add_button = QPushButton(tr("Lägg &till frågan"))
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_own_question)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        summary_error, questions_error = ErrorLabel(), ErrorLabel()
        add_row(
            form,
            tr("Anonymiserad &sammanfattning:"),
            self.summary,
            error=summary_error,
        )
        add_row(
            form,
            tr("&Diskussionsfrågor:"),
            self.questions,
            error=questions_error,
            help_text=tr("Kryssa för de frågor som ska med (mellanslag kryssar för)."),
        )
        own = QWidget()
        own_row = QHBoxLayout(own)
        own_row.setContentsMargins(0, 0, 0, 0)
        own_row.addWidget(self.own_question, 1)
        own_row.addWidget(self.add_button)
        own.setFocusProxy(self.own_question)
        add_row(form, tr("&Egen fråga:"), own)
        self.own_question.setAccessibleName(tr("Egen fråga"))
        self.errors.bind("apt_summary", summary_error, self.summary)
        self.errors.bind("apt_questions", questions_error, self.questions)
        self.save_button = QPushButton(tr("Spara lärande&materialet"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(tr("Skriv ut &APT-underlag"))
        self.print_button.clicked.connect(self.print_requested)
        layout = QVBoxLayout(page)
        layout.addWidget(warning)
        layout.addWidget(self.banner)
        layout.addLayout(form, 1)
        layout.addLayout(button_row([self.print_button], [self.save_button]))
        self.page = page
        self.stack.addWidget(self.not_yet)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.summary.textChanged.connect(self.changed)
        self.questions.itemChanged.connect(lambda _item: self.changed.emit())
        self.show_view(view)

    # --- showing -------------------------------------------------------------------------

    def show_view(self, view: CaseView) -> None:
        closed = view.status is CaseStatus.CLOSED
        self.stack.setCurrentWidget(self.page if closed else self.not_yet)
        # The investigator and the lex Sarah-ansvariga (the services decide who may open).
        self.editable = closed and not view.archived
        self.set_content(view.apt_summary or "", list(view.apt_questions))
        self.print_button.setEnabled(bool(view.apt_summary and view.apt_questions))

    def set_content(self, summary: str, chosen: list[str], extra: list[str] | None = None) -> None:
        self.questions.blockSignals(True)
        self.summary.blockSignals(True)
        self.summary.setPlainText(summary)
        self.questions.clear()
        texts = [tr(q) for q in SUGGESTED_QUESTIONS]
        for text in [*chosen, *(extra or [])]:
            if text not in texts:
                texts.append(text)
        for text in texts:
            self._add_item(text, text in chosen)
        self.summary.setReadOnly(not self.editable)
        self.own_question.setEnabled(self.editable)
        self.add_button.setEnabled(self.editable)
        self.save_button.setEnabled(self.editable)
        self.questions.blockSignals(False)
        self.summary.blockSignals(False)

    def _add_item(self, text: str, checked: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setFlags(flags)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.questions.addItem(item)
        return item

    def add_own_question(self) -> None:
        text = " ".join(self.own_question.text().split())
        if not text or not self.editable:
            return
        existing = [self.questions.item(i) for i in range(self.questions.count())]
        match = next((i for i in existing if i.text() == text), None)
        if match is None:
            match = self._add_item(text, True)
        match.setCheckState(Qt.CheckState.Checked)
        self.questions.scrollToItem(match)
        self.own_question.clear()
        self.changed.emit()

    # --- state ---------------------------------------------------------------------------

    def chosen(self) -> list[str]:
        return [
            self.questions.item(i).text()
            for i in range(self.questions.count())
            if self.questions.item(i).checkState() == Qt.CheckState.Checked
        ]

    def state(self) -> dict[str, Any]:
        if self.stack.currentWidget() is not self.page:
            return {}
        suggested = {tr(q) for q in SUGGESTED_QUESTIONS}
        items = [self.questions.item(i).text() for i in range(self.questions.count())]
        return {
            "summary": self.summary.toPlainText(),
            "chosen": self.chosen(),
            "own": [t for t in items if t not in suggested],
        }

    def restore(self, state: dict[str, Any]) -> None:
        if not state or not self.editable:
            return
        self.set_content(
            str(state.get("summary") or ""),
            [str(q) for q in state.get("chosen") or []],
            [str(q) for q in state.get("own") or []],
        )

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        self.errors.clear()
        try:
            view = lexsarah.set_learning_material(
                self.ctx, self.case_id, self.summary.toPlainText(), self.chosen()
            )
        except KvalitetError as error:
            self.errors.show(error)
            return False
        self.print_button.setEnabled(True)
        self.saved.emit(view)
        return True
