"""Step 4 of the risk analysis: the events, each assessed by probability × consequence.

The events live in ``EventRow`` objects shared with steps 5 and 6. The list, the detail
editor, the two combo boxes and the risk matrix all show the selected event; changing any of
them updates the others. In a decided analysis the stored assessments are locked and a new
one is made with "Ny bedömning…", so the earlier assessment stays on record.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QWidget,
)

from kvalitet_desktop.domain.risk_matrix import RiskMatrixConfig, on_scale, risk_score
from kvalitet_desktop.ui.settings_store import app_settings
from kvalitet_desktop.ui.toolkit.fields import (
    HELP_COLOR,
    Binding,
    ChoiceCombo,
    ErrorLabel,
    add_row,
    bare_column,
    help_label,
    iso,
    name_widget,
    text_edit,
)
from kvalitet_desktop.ui.widgets.risk_matrix import MatrixEvent, RiskMatrixWidget
from kvalitet_desktop.workflows.risk.service import AssessmentView, EventView, MeasureSummary
from kvalitet_desktop.workflows.risk.ui.form_types import EventState
from kvalitet_desktop.workflows.risk.ui.reassess import scale_choices


@dataclass
class EventRow:
    """One event as edited; ``assessments`` and ``measures`` are what is stored."""

    description: str = ""
    causes: str = ""
    proposed_measures: str = ""
    probability: int | None = None
    consequence: int | None = None
    id: str | None = None
    assessments: tuple[AssessmentView, ...] = ()
    measures: tuple[MeasureSummary, ...] = ()

    @property
    def score(self) -> int | None:
        if self.probability is None or self.consequence is None:
            return None
        return risk_score(self.probability, self.consequence)

    def state(self) -> EventState:
        return {
            "id": self.id,
            "description": self.description,
            "causes": self.causes,
            "proposed_measures": self.proposed_measures,
            "probability": self.probability,
            "consequence": self.consequence,
        }

    @classmethod
    def from_state(cls, state: EventState) -> EventRow:
        def scale(value: int | None) -> int | None:
            return value if on_scale(value) else None

        return cls(
            description=state["description"],
            causes=state["causes"],
            proposed_measures=state["proposed_measures"],
            probability=scale(state["probability"]),
            consequence=scale(state["consequence"]),
            id=state["id"] or None,
        )

    @classmethod
    def from_view(cls, event: EventView) -> EventRow:
        current = event.current
        return cls(
            description=event.description,
            causes=event.causes or "",
            proposed_measures=event.proposed_measures or "",
            probability=current.probability if current else None,
            consequence=current.consequence if current else None,
            id=event.id,
            assessments=event.assessments,
            measures=event.measures,
        )

    def take_facts(self, event: EventView) -> None:
        """After a save or a new assessment: the stored id, assessments and measures."""
        self.id = event.id
        self.assessments = event.assessments
        self.measures = event.measures
        if event.current is not None:
            self.probability, self.consequence = (
                event.current.probability,
                (event.current.consequence),
            )


def assessment_text(assessment: AssessmentView) -> str:
    text = (
        f"{iso(assessment.assessed_on)} {assessment.kind.value} "
        f"S{assessment.probability}×K{assessment.consequence} = {assessment.score}"
    )
    if assessment.comment:
        text += f" ({assessment.comment})"
    return text


def one_line(text: str) -> str:
    """Lines of a list joined with semicolons (for a table cell or a heading)."""
    return "; ".join(line.strip(" -•*\t") for line in text.splitlines() if line.strip())


def short(text: str, length: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


TABLE_ROOM = 360  # px the events list wants beside the matrix
LIST_MIN_WIDTH = 240  # px: narrower, the event texts would wrap a few words a line
BADGE = 28  # px of the risk value badge in the events list
SPLITTER_KEY = "risk_editor/events_splitter"  # app_settings(): the list's share of the width


def score_badge(text: str, color: str | None) -> QIcon:
    """A rounded square in the band's colour with the risk value (grey outline: not assessed)."""
    pixmap = QPixmap(BADGE, BADGE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if color is not None:
        painter.setBrush(QColor(color))
        painter.setPen(Qt.PenStyle.NoPen)
    else:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QColor("#6a737d"))
    painter.drawRoundedRect(1, 1, BADGE - 2, BADGE - 2, 4, 4)
    font = painter.font()
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#1b1f23"))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the band's colour, not tinted by selection
    return icon


def remembered_share() -> float | None:
    """The events list's share of the width as the user last left it (None: not moved)."""
    value = app_settings().value(SPLITTER_KEY)
    try:
        share = float(str(value)) if value is not None else None
    except ValueError:
        return None
    return share if share is not None and 0.0 < share < 1.0 else None


class ShareSplitter(QSplitter):
    """A splitter that keeps its first part's ``share`` of the width when resized (side by
    side only; the parts' minimum widths still hold)."""

    share: float | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.show_share()

    def show_share(self) -> None:
        if self.share is None or self.orientation() != Qt.Orientation.Horizontal:
            return
        total = sum(self.sizes())
        if total > 0:
            left = round(total * self.share)
            self.setSizes([left, total - left])


class EventsStep(QWidget):
    """The events list, the risk matrix and the selected event's description and assessment."""

    changed = Signal()
    reassess_requested = Signal(int)
    remove_requested = Signal(int)  # a stored event of a decided analysis: ask why first

    def __init__(
        self, config: RiskMatrixConfig, events: list[EventRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.config = config
        self.events = events
        self.decided = False
        self.read_only = False
        self._loading = False

        # A list, not a table: the whole event text wraps over the list's width, with its
        # assessment on the line below (a narrow "Händelse" column wrapped word by word).
        self.event_list = QListWidget()
        name_widget(self.event_list, self.tr("Händelser"))
        self.event_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.event_list.setWordWrap(True)
        self.event_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.event_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.event_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.event_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.event_list.setSpacing(2)
        self.event_list.setIconSize(QSize(BADGE, BADGE))
        self.event_list.setMinimumWidth(LIST_MIN_WIDTH)
        self.event_list.currentRowChanged.connect(lambda _row: self._selection_changed())

        self.add_button = QPushButton(self.tr("N&y händelse"))
        self.remove_button = QPushButton(self.tr("Ta &bort"))
        self.up_button = QPushButton(self.tr("Flytta u&pp"))
        self.down_button = QPushButton(self.tr("Flytta ne&d"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            name_widget(button, button.text())
            button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_event)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.list_error = ErrorLabel()
        self.empty = help_label(
            self.tr("Inga händelser ännu. Börja med ”Ny händelse” och beskriv vad som kan gå fel.")
        )

        self.matrix = RiskMatrixWidget(config)  # never narrower than its labels need
        self.matrix.setMinimumHeight(260)
        self.matrix.cellChosen.connect(self._cell_chosen)
        self.matrix_help = help_label(
            self.tr(
                "Klicka i matrisen, eller flytta med piltangenterna och tryck Enter, för att "
                "bedöma den valda händelsen."
            )
        )

        self.detail = QGroupBox(self.tr("Vald händelse"))
        self.description = text_edit(
            3, self.tr("Vad kan hända? Till exempel: En deltagare blir utan tillsyn vid utflykter.")
        )
        self.description.textChanged.connect(self._description_changed)
        self.description_error = ErrorLabel()
        self.probability = ChoiceCombo()
        self.probability.set_choices(
            [(self.tr("– Ej bedömd –"), None), *scale_choices(config.probability_labels)]
        )
        self.consequence = ChoiceCombo()
        self.consequence.set_choices(
            [(self.tr("– Ej bedömd –"), None), *scale_choices(config.consequence_labels)]
        )
        self.probability.currentIndexChanged.connect(self._combo_changed)
        self.consequence.currentIndexChanged.connect(self._combo_changed)
        self.score = QLabel()
        self.score.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.assessment_error = ErrorLabel()
        self.reassess_button = QPushButton(self.tr("Ny bed&ömning…"))
        name_widget(self.reassess_button, self.reassess_button.text())
        self.reassess_button.setAutoDefault(False)
        self.reassess_button.clicked.connect(
            lambda: self.reassess_requested.emit(self.event_list.currentRow())
        )
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setStyleSheet(f"color: {HELP_COLOR};")
        self.history.setTextFormat(Qt.TextFormat.PlainText)

        # One row per field (not all on one line): the step must fit a narrow window too.
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        add_row(form, self.tr("Beskr&ivning:"), self.description, error=self.description_error)
        add_row(form, self.tr("S&annolikhet:"), self.probability)
        add_row(form, self.tr("&Konsekvens:"), self.consequence, error=self.assessment_error)
        form.addRow(self.tr("Riskvärde:"), self.score)
        history_row = QHBoxLayout()
        history_row.addWidget(self.history, 1)
        history_row.addWidget(self.reassess_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(history_row)
        self.detail.setLayout(form)

        left_box = QWidget()
        left = bare_column(left_box)
        left.addWidget(self.event_list, 1)
        left.addWidget(self.empty)
        left.addLayout(buttons)
        left.addWidget(self.list_error)
        right_box = QWidget()
        right = bare_column(right_box)
        right.addWidget(self.matrix, 1)
        right.addWidget(self.matrix_help)
        # Side by side when both fit, else the matrix under the list (see resizeEvent). The user
        # may move the handle; the list's share of the width is remembered (SPLITTER_KEY).
        self.top = ShareSplitter(Qt.Orientation.Horizontal)
        self.top.setChildrenCollapsible(False)
        self._top_parts = (left_box, right_box)
        for part in self._top_parts:
            self.top.addWidget(part)
        self.top.setStretchFactor(0, 1)
        self.top.setStretchFactor(1, 1)
        self.top.share = remembered_share()
        self.top.splitterMoved.connect(lambda *_: self._store_share())
        layout = bare_column(self)
        layout.addWidget(self.top, 1)
        layout.addWidget(self.detail)
        self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_orientation(event.size().width())

    def _fit_orientation(self, width: int) -> None:
        """The list beside the matrix only when both get their room. The threshold is above
        the side-by-side minimum width, so a narrow window switches back to one column."""
        left, right = (self._top_parts[i].minimumSizeHint().width() for i in (0, 1))
        side_by_side = width > max(left, TABLE_ROOM) + right + self.top.handleWidth()
        wanted = Qt.Orientation.Horizontal if side_by_side else Qt.Orientation.Vertical
        if self.top.orientation() != wanted:
            self.top.setOrientation(wanted)
            self.top.show_share()

    def _store_share(self) -> None:
        if self.top.orientation() != Qt.Orientation.Horizontal:
            return  # one above the other: the heights are not what is remembered
        left, right = self.top.sizes()
        if left + right > 0:
            self.top.share = round(left / (left + right), 4)
            app_settings().setValue(SPLITTER_KEY, self.top.share)

    # --- public ---------------------------------------------------------------------------

    def refresh(self, select: int | None = None) -> None:
        """Show ``self.events`` again (after loading, restoring or saving)."""
        row = self.event_list.currentRow() if select is None else select
        self._loading = True
        while self.event_list.count() > len(self.events):
            self.event_list.takeItem(self.event_list.count() - 1)
        while self.event_list.count() < len(self.events):
            self.event_list.addItem(QListWidgetItem())
        for index in range(len(self.events)):
            self._fill_row(index)
        self._loading = False
        self.empty.setVisible(not self.events)
        self.event_list.setVisible(bool(self.events))
        if self.events:
            row = min(max(row, 0), len(self.events) - 1)
            self.event_list.setCurrentRow(row)
        self._selection_changed()

    def select(self, index: int) -> None:
        if 0 <= index < len(self.events):
            self.event_list.setCurrentRow(index)

    def selected(self) -> EventRow | None:
        row = self.event_list.currentRow()
        return self.events[row] if 0 <= row < len(self.events) else None

    def set_decided(self, decided: bool) -> None:
        self.decided = decided
        self._selection_changed()

    def set_read_only(self, read_only: bool) -> None:
        """Nothing can be changed (no permission, or a voided analysis); still browsable."""
        self.read_only = read_only
        self._selection_changed()

    def add_event(self) -> None:
        self.events.append(EventRow())
        self.refresh(select=len(self.events) - 1)
        self.description.setFocus()
        self.changed.emit()

    def bindings(self) -> list[Binding]:
        return [
            ("events.*.description", self.description_error, self.description),
            ("events.*.assessment", self.assessment_error, self.probability),
        ]

    def is_complete(self) -> bool:
        return bool(self.events) and all(
            e.description.strip() and e.score is not None for e in self.events
        )

    # --- internals ------------------------------------------------------------------------

    def _locked(self, event: EventRow | None) -> bool:
        """Stored assessments of a decided analysis change only through a new assessment."""
        return event is not None and self.decided and bool(event.assessments)

    def _fill_row(self, index: int) -> None:
        """One list item: the number and whole text, then the assessment; the badge beside it
        shows the risk value in its band's colour."""
        event = self.events[index]
        p, c, score = event.probability, event.consequence, event.score
        item = self.event_list.item(index)
        assert item is not None
        description = " ".join(event.description.split()) or self.tr("(ingen beskrivning)")
        if p is not None and c is not None and score is not None:
            band = self.config.band_for(score)
            assessment = self.tr(
                "Sannolikhet: {p}, konsekvens: {c}, riskvärde {score} – {band}"
            ).format(
                p=self.config.probability_label(p),
                c=self.config.consequence_label(c),
                score=score,
                band=band.label,
            )
            item.setIcon(score_badge(str(score), band.color))
        else:
            assessment = self.tr("Ej bedömd")
            item.setIcon(score_badge("–", None))
        item.setText(f"{index + 1}. {description}\n{assessment}")
        item.setToolTip(event.description)

    def _update_matrix(self) -> None:
        self.matrix.set_events(
            [
                MatrixEvent(
                    str(i), f"{i + 1}. {short(e.description, 80)}", e.probability, e.consequence
                )
                for i, e in enumerate(self.events)
            ]
        )

    def _selection_changed(self) -> None:
        if self._loading:
            return
        event = self.selected()
        has = event is not None
        row = self.event_list.currentRow()
        locked = self._locked(event)
        self._loading = True
        self.description.setPlainText(event.description if event else "")
        self.probability.set_value(event.probability if event else None)
        self.consequence.set_value(event.consequence if event else None)
        self._loading = False
        self.detail.setEnabled(has)
        self.detail.setTitle(
            self.tr("Händelse {n}").format(n=row + 1) if has else self.tr("Vald händelse")
        )
        assessable = has and not locked and not self.read_only
        self.probability.setEnabled(assessable)
        self.consequence.setEnabled(assessable)
        self.matrix.set_interactive(assessable)
        self.matrix_help.setVisible(assessable)
        self.reassess_button.setVisible(locked)
        changeable = has and not self.read_only
        self.remove_button.setEnabled(changeable)
        self.up_button.setEnabled(changeable and row > 0)
        self.down_button.setEnabled(changeable and row < len(self.events) - 1)
        if not has:
            self.description_error.clear_messages()
        self._update_matrix()
        self.matrix.set_current(
            event.probability if event else None, event.consequence if event else None
        )
        self._show_score(event)
        self._show_history(event)

    def _show_score(self, event: EventRow | None) -> None:
        score = event.score if event else None
        if score is None:
            self.score.setText("–")
            self.score.setStyleSheet("")
            return
        band = self.config.band_for(score)
        self.score.setText(self.tr("{score} – {band}").format(score=score, band=band.label))
        self.score.setStyleSheet(
            f"background: {band.color}; color: #1b1f23; padding: 2px 6px; border-radius: 3px;"
        )

    def _show_history(self, event: EventRow | None) -> None:
        assessments = event.assessments if event else ()
        lines = []
        if self._locked(event) and assessments:
            lines.append(
                self.tr("Aktuell bedömning: {text}").format(text=assessment_text(assessments[-1]))
            )
            if len(assessments) > 1:
                earlier = "; ".join(assessment_text(a) for a in assessments[:-1])
                lines.append(self.tr("Tidigare bedömningar: {text}").format(text=earlier))
            lines.append(
                self.tr("Analysen är beslutad: gör en ny bedömning i stället för att ändra.")
            )
        self.history.setText("\n".join(lines))
        self.history.setVisible(bool(lines))

    def _description_changed(self) -> None:
        event = self.selected()
        if self._loading or event is None:
            return
        event.description = self.description.toPlainText()
        self._fill_row(self.event_list.currentRow())
        self._update_matrix()
        self.changed.emit()

    def _combo_changed(self) -> None:
        event = self.selected()
        if self._loading or event is None or self._locked(event) or self.read_only:
            return
        p, c = self.probability.value(), self.consequence.value()
        event.probability = p if isinstance(p, int) else None
        event.consequence = c if isinstance(c, int) else None
        self._fill_row(self.event_list.currentRow())
        self._update_matrix()
        self.matrix.set_current(event.probability, event.consequence)
        self._show_score(event)
        if event.score is not None:
            self.assessment_error.clear_messages()
        self.changed.emit()

    def _cell_chosen(self, probability: int, consequence: int) -> None:
        event = self.selected()
        if event is None or self._locked(event) or self.read_only:
            return
        self._loading = True
        self.probability.set_value(probability)
        self.consequence.set_value(consequence)
        self._loading = False
        self._combo_changed()

    def _remove(self) -> None:
        row = self.event_list.currentRow()
        if not 0 <= row < len(self.events):
            return
        if self.decided and self.events[row].id is not None:
            self.remove_requested.emit(row)
            return
        del self.events[row]
        self.refresh(select=min(row, len(self.events) - 1))
        self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.event_list.currentRow()
        target = row + step
        if not (0 <= row < len(self.events) and 0 <= target < len(self.events)):
            return
        self.events[row], self.events[target] = self.events[target], self.events[row]
        self.refresh(select=target)
        self.changed.emit()
