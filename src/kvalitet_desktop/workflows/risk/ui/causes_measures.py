"""Steps 5 and 6 of the risk analysis: causes and proposals per event, and the measures.

Both pages are rebuilt from the shared ``EventRow`` list each time they are shown, since the
events may have changed in step 4.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.ui.dialogs.common import ERROR_COLOUR, plain_label
from kvalitet_desktop.ui.toolkit.fields import (
    Binding,
    add_row,
    bare_column,
    help_label,
    iso,
    name_widget,
    text_edit,
)
from kvalitet_desktop.workflows.risk.service import MeasureSummary
from kvalitet_desktop.workflows.risk.ui.events import EventRow, one_line, short
from kvalitet_desktop.workflows.risk.ui.steps import form_layout


def _clear(column: QVBoxLayout) -> None:
    """Remove the rebuilt part of a page at once (deleted later: a button may be signalling)."""
    while column.count():
        item = column.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def _event_title(number: int, event: EventRow) -> str:
    """The heading of an event's box: its number, the start of its text and its score."""
    tr = QCoreApplication.translate
    text = short(event.description, 90) or tr("RiskMeasures", "(ingen beskrivning)")
    score = event.score
    score_text = (
        tr("RiskMeasures", "riskvärde {s}").format(s=score)
        if score is not None
        else tr("RiskMeasures", "ej bedömd")
    )
    return f"{number}. {text}  ·  {score_text}"


def event_name(number: int, event: EventRow) -> str:
    """How a field or button names the event it acts on: its number and the start of its text."""
    text = short(event.description, 50) or QCoreApplication.translate(
        "RiskMeasures", "(ingen beskrivning)"
    )
    return f"{number}. {text}"


def name_for_event(widget: QWidget, text: str, number: int, event: EventRow) -> None:
    """Accessible names unique on the page: "Underliggande orsaker – 2. Fel läkemedel …"."""
    widget.setAccessibleName(f"{plain_label(text)} – {event_name(number, event)}")


class CausesStep(QWidget):
    """5 Orsaker och förslag: per event, the underlying causes and proposed measures."""

    changed = Signal()

    def __init__(self, events: list[EventRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self._body = QWidget()
        self._column = bare_column(self._body)
        self.editors: list[tuple[QPlainTextEdit, QPlainTextEdit]] = []
        self.empty = help_label(self.tr("Lägg först till händelser i steg 4."))
        layout = bare_column(self)
        layout.addWidget(
            help_label(
                self.tr(
                    "Fråga varför varje händelse kan inträffa: rutiner, bemanning, kompetens, "
                    "kommunikation, miljö, teknik. Föreslå sedan vad som kan förebygga den "
                    "eller minska konsekvenserna."
                )
            )
        )
        layout.addWidget(self.empty)
        layout.addWidget(self._body)
        layout.addStretch(1)

    def entered(self) -> None:
        """Rebuild from the events (they may have changed in step 4)."""
        _clear(self._column)
        self.editors = []
        for number, event in enumerate(self.events, start=1):
            box = QGroupBox(_event_title(number, event))
            causes = text_edit(3)
            causes.setPlainText(event.causes)
            proposals = text_edit(3)
            proposals.setPlainText(event.proposed_measures)
            form = form_layout()
            add_row(form, self.tr("Underliggande orsaker:"), causes)
            add_row(form, self.tr("Förslag på åtgärder:"), proposals)
            for edit, text in (
                (causes, self.tr("Underliggande orsaker")),
                (proposals, self.tr("Förslag på åtgärder")),
            ):
                name_for_event(edit, text, number, event)
                edit.setAccessibleDescription(self.tr("Händelse {n}").format(n=number))
            box.setLayout(form)
            causes.textChanged.connect(lambda e=event, w=causes: self._store(e, "causes", w))
            proposals.textChanged.connect(
                lambda e=event, w=proposals: self._store(e, "proposed_measures", w)
            )
            self._column.addWidget(box)
            self.editors.append((causes, proposals))
        self.empty.setVisible(not self.events)

    def _store(self, event: EventRow, attribute: str, edit: QPlainTextEdit) -> None:
        setattr(event, attribute, edit.toPlainText())
        self.changed.emit()

    def bindings(self) -> list[Binding]:
        return []

    def is_complete(self) -> bool:
        return bool(self.events) and all(
            e.causes.strip() and e.proposed_measures.strip() for e in self.events
        )


class MeasuresTable(QTableWidget):
    """Measures decided for one event (or the whole analysis); double-click opens one."""

    open_requested = Signal(str)

    def __init__(self, rows: Sequence[MeasureSummary], parent: QWidget | None = None) -> None:
        super().__init__(len(rows), 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Åtgärd"), self.tr("Status"), self.tr("Ansvarig"), self.tr("Klart senast")]
        )
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, measure in enumerate(rows):
            values = [
                measure.title,
                measure.status.capitalize(),
                measure.responsible or "–",
                iso(measure.due_date) or "–",
            ]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, measure.id)
                self.setItem(row, column, item)
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(len(rows)))
        self.setFixedHeight(height + 2)
        self.activated.connect(self._open)

    def _open(self) -> None:
        item = self.item(self.currentRow(), 0)
        if item is not None:
            self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))


class MeasuresStep(QWidget):
    """6 Åtgärder: the measures decided per event and for the whole analysis."""

    new_measure_requested = Signal(int)  # event index, -1 for the whole analysis
    open_measure_requested = Signal(str)

    def __init__(self, events: list[EventRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.analysis_measures: tuple[MeasureSummary, ...] = ()
        self.action_threshold = 8
        self.enabled_actions = True
        self._body = QWidget()
        self._column = bare_column(self._body)
        self.buttons: list[QPushButton] = []
        layout = bare_column(self)
        layout.addWidget(
            help_label(
                self.tr(
                    "Besluta åtgärder med ansvarig och datum för händelserna, särskilt de med "
                    "högt riskvärde. Riskanalysen sparas automatiskt innan en åtgärd skapas."
                )
            )
        )
        layout.addWidget(self._body)
        layout.addStretch(1)

    def entered(self) -> None:
        _clear(self._column)
        self.buttons = []
        for index, event in enumerate(self.events):
            score = event.score
            box = QGroupBox(_event_title(index + 1, event))
            self._fill(
                box,
                event.measures,
                self.tr("Ny åtgärd för händelsen…"),
                index,
                warn=score is not None and score >= self.action_threshold and not event.measures,
                proposal=event.proposed_measures,
            )
            self._column.addWidget(box)
        box = QGroupBox(self.tr("Åtgärder för hela riskanalysen"))
        self._fill(box, self.analysis_measures, self.tr("Ny åtgärd för hela analysen…"), -1)
        self._column.addWidget(box)

    def _fill(
        self,
        box: QGroupBox,
        rows: Sequence[MeasureSummary],
        button_text: str,
        index: int,
        *,
        warn: bool = False,
        proposal: str = "",
    ) -> None:
        column = QVBoxLayout(box)
        if proposal.strip():
            column.addWidget(
                help_label(self.tr("Förslag: {text}").format(text=short(one_line(proposal), 160)))
            )
        if rows:
            table = MeasuresTable(rows)
            name_widget(table, box.title())
            table.open_requested.connect(self.open_measure_requested)
            column.addWidget(table)
        else:
            text = (
                self.tr("Ingen åtgärd ännu – högt riskvärde, en åtgärd behövs.")
                if warn
                else self.tr("Ingen åtgärd ännu.")
            )
            empty = QLabel(text)
            if warn:
                empty.setStyleSheet(f"color: {ERROR_COLOUR};")
            column.addWidget(empty)
        button = QPushButton(button_text)
        if 0 <= index < len(self.events):
            name_for_event(button, button_text, index + 1, self.events[index])
        else:
            name_widget(button, button_text)
        button.setAutoDefault(False)
        button.setEnabled(self.enabled_actions)
        button.clicked.connect(lambda: self.new_measure_requested.emit(index))
        self.buttons.append(button)
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)

    def bindings(self) -> list[Binding]:
        return []

    def is_complete(self) -> bool:
        if not self.events:
            return False
        needed = all(e.measures for e in self.events if (e.score or 0) >= self.action_threshold)
        return needed and (any(e.measures for e in self.events) or bool(self.analysis_measures))
