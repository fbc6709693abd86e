"""The page Sammanställning och analys: choose a period and units, compile (off the UI
thread), read the figures as charts with their tables, and print them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.compilation import check_period
from kvalitet_desktop.domain.errors import FieldError, ValidationFailed
from kvalitet_desktop.reports.compilation_model import Compilation
from kvalitet_desktop.services import compilation as compiling
from kvalitet_desktop.services import organisation
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.operations import run_in_background
from kvalitet_desktop.ui.toolkit.fields import ChoiceCombo, DateField, read_date
from kvalitet_desktop.workflows.analysis.kind import COMPILATION_REPORT, KEY
from kvalitet_desktop.workflows.analysis.service import AnalysisView
from kvalitet_desktop.workflows.analysis.ui.earlier import EarlierAnalyses
from kvalitet_desktop.workflows.analysis.ui.figures import FiguresTabs
from kvalitet_desktop.workflows.analysis.ui.panel import AnalysisPanel, NewScope

_THIS_YEAR, _LAST_YEAR, _TWELVE_MONTHS, _LAST_QUARTER, _OWN = range(5)


def preset_period(choice: int, today: date) -> tuple[date, date] | None:
    """The days of a period chosen by name (None: the user's own days)."""
    if choice == _THIS_YEAR:
        return date(today.year, 1, 1), today
    if choice == _LAST_YEAR:
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if choice == _TWELVE_MONTHS:
        first = date(today.year - 1, today.month, 1)
        return first, date(today.year, today.month, 1) - timedelta(days=1)
    if choice == _LAST_QUARTER:
        quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        end = quarter_start - timedelta(days=1)
        return date(end.year, end.month - 2, 1), end
    return None


class AnalysisPage(QWidget):
    def __init__(
        self, ctx: Context, parent: QWidget | None = None, *, remember: bool = True
    ) -> None:
        super().__init__(parent)
        del remember  # nothing of the page is remembered between sessions
        self.ctx = ctx
        self.compilation: Compilation | None = None
        self._chosen_for_shown: tuple[list[str], str | None] = ([], None)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Sammanställning och analys"))
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        bar = QHBoxLayout()
        preset_label = QLabel(self.tr("&Period:"))
        self.preset = ChoiceCombo()
        self.preset.set_choices(
            [
                (self.tr("I år hittills"), _THIS_YEAR),
                (self.tr("Förra året"), _LAST_YEAR),
                (self.tr("Senaste 12 hela månaderna"), _TWELVE_MONTHS),
                (self.tr("Förra kvartalet"), _LAST_QUARTER),
                (self.tr("Egen period"), _OWN),
            ]
        )
        self.preset.setAccessibleName(self.tr("Period"))
        preset_label.setBuddy(self.preset)
        start_label = QLabel(self.tr("&Från:"))
        self.start = DateField()
        self.start.setAccessibleName(self.tr("Periodens första dag"))
        start_label.setBuddy(self.start.edit)
        end_label = QLabel(self.tr("&Till:"))
        self.end = DateField()
        self.end.setAccessibleName(self.tr("Periodens sista dag"))
        end_label.setBuddy(self.end.edit)
        for field in (self.start, self.end):
            field.edit.setAccessibleName(field.accessibleName())
            field.edit.setMinimumWidth(field.edit.fontMetrics().horizontalAdvance("0000-00-00WW"))
        units_label = QLabel(self.tr("&Enheter:"))
        self.units = ChoiceCombo()
        self.units.setAccessibleName(self.tr("Enheter som sammanställs"))
        units_label.setBuddy(self.units)
        self.units.set_choices(self._unit_choices())
        # Long area and unit names must not widen the window: the list shows them whole.
        self.units.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.units.setMinimumContentsLength(22)
        self.preset.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.preset.setMinimumContentsLength(14)
        self.compile_button = QPushButton(self.tr("&Sammanställ"))
        self.compile_button.setAccessibleName(self.tr("Sammanställ"))
        self.compile_button.setDefault(True)
        self.print_button = QPushButton(self.tr("Skriv &ut / PDF…"))
        self.print_button.setAccessibleName(
            self.tr("Skriv ut sammanställningen eller spara som PDF")
        )
        self.print_button.setEnabled(False)
        for widget in (
            preset_label,
            self.preset,
            start_label,
            self.start,
            end_label,
            self.end,
            units_label,
            self.units,
            self.compile_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        self.problem = QLabel()
        self.problem.setAccessibleName(self.tr("Fel i perioden"))
        self.problem.setStyleSheet("color: #b42318;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Vad som sammanställts"))
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.figures = FiguresTabs()
        self.panel = AnalysisPanel(ctx)
        self.panel.new_scope = self._new_scope
        self.panel.changed.connect(self._analysis_changed)
        self.earlier = EarlierAnalyses(ctx)
        self.earlier.opened.connect(self._open_earlier)
        right = QTabWidget()
        right.setAccessibleName(self.tr("Analysen och tidigare analyser"))
        right.addTab(self.panel, self.tr("Analys och förbättringar"))
        right.addTab(self.earlier, self.tr("Tidigare analyser"))
        self.right_tabs = right
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.figures)
        body.addWidget(right)
        body.setChildrenCollapsible(False)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setSizes([680, 420])
        layout.addWidget(body, 1)

        self.preset.currentIndexChanged.connect(self._preset_chosen)
        self.start.edit.textEdited.connect(lambda _text: self.preset.set_value(_OWN))
        self.end.edit.textEdited.connect(lambda _text: self.preset.set_value(_OWN))
        self.compile_button.clicked.connect(self.compile)
        self.print_button.clicked.connect(self.print_compilation)
        self._preset_chosen()
        self.compile()

    def _unit_choices(self) -> list[tuple[str, object]]:
        everyone = self.ctx.visible_units() is None
        choices: list[tuple[str, object]] = [
            (self.tr("Alla enheter") if everyone else self.tr("Dina enheter"), None)
        ]
        visible = {u.id for u in organisation.units(self.ctx)}
        for board in organisation.organisation_tree(self.ctx):
            for area in board.areas:
                if any(u.id in visible for u in area.units):
                    choices.append(
                        (
                            self.tr("Verksamhetsområde: {name}").format(name=area.name),
                            ("area", area.id),
                        )
                    )
        for unit in organisation.units(self.ctx):
            choices.append((unit.name, ("unit", unit.id)))
        return choices

    def _preset_chosen(self) -> None:
        value = self.preset.value()
        days = preset_period(int(value) if isinstance(value, int) else _OWN, date.today())
        if days is not None:
            self.start.set_date(days[0])
            self.end.set_date(days[1])

    def _chosen(self) -> tuple[list[str], str | None]:
        value = self.units.value()
        if isinstance(value, tuple) and value[0] == "unit":
            return [str(value[1])], None
        if isinstance(value, tuple) and value[0] == "area":
            return [], str(value[1])
        return [], None

    # --- compiling -------------------------------------------------------------------------

    def compile(self) -> None:
        problems: list[FieldError] = []
        start = read_date(self.start, "start", problems)
        end = read_date(self.end, "end", problems)
        try:
            if problems:
                raise ValidationFailed(problems)
            check_period(start, end)
        except ValidationFailed as refused:
            self.problem.setText("\n".join(e.message for e in refused.errors))
            self.problem.show()
            field = self.start if any(e.field == "start" for e in refused.errors) else self.end
            field.setFocus()
            return
        self.problem.hide()
        ctx = self.ctx
        unit_ids, area_id = self._chosen()
        self.compile_button.setEnabled(False)

        def work() -> Compilation:
            return compiling.compile_period(ctx, start, end, unit_ids, area_id)

        def failed(exc: BaseException) -> None:
            self.compile_button.setEnabled(True)
            from kvalitet_desktop.ui.operations import show_failure

            show_failure(self, exc)

        run_in_background(
            self, work, self.show_compilation, failed, self.tr("Sammanställer perioden…")
        )

    def _new_scope(self) -> NewScope | None:
        """A new analysis is of the figures on screen (never of a saved one's)."""
        shown = self.compilation
        if shown is None or self.panel.view is not None:
            return None
        unit_ids, area_id = self._chosen_for_shown
        return shown.period.start, shown.period.end, unit_ids[0] if unit_ids else None, area_id

    def _open_earlier(self, analysis_id: str) -> None:
        from kvalitet_desktop.ui.records import open_record

        editor = open_record(self, self.ctx, KEY, analysis_id)
        saved = getattr(editor, "saved", None)
        if saved is not None:
            saved.connect(self.earlier.refresh)

    def _analysis_changed(self, view: object) -> None:
        self.earlier.refresh()
        if isinstance(view, AnalysisView):
            self.show_compilation(view.compilation, frozen=view)

    def show_compilation(
        self, compilation: Compilation, *, frozen: AnalysisView | None = None
    ) -> None:
        """The figures compiled now, or (``frozen``) those a saved analysis keeps."""
        if frozen is None:
            self._chosen_for_shown = self._chosen()
            # Figures compiled anew are for a new analysis, unless one is being written.
            if self.panel.view is not None and not self.panel.is_dirty():
                self.panel.show_view(None)
                self.panel.title.clear()
                self.panel.analysis.clear()
                self.panel.improvements.clear()
        self.compilation = compilation
        self.compile_button.setEnabled(True)
        self.print_button.setEnabled(True)
        period = compilation.period
        text = self.tr("{start} – {end} · {scope} · sammanställd {today}").format(
            start=period.start.isoformat(),
            end=period.end.isoformat(),
            scope=compilation.scope,
            today=compilation.compiled_on.isoformat(),
        )
        if frozen is not None:
            text = self.tr("{text} · frysta siffror i {number}").format(
                text=text, number=frozen.number
            )
        self.summary.setText(text)
        self.figures.show_compilation(compilation)

    # --- printing --------------------------------------------------------------------------

    def print_compilation(self) -> None:
        compilation = self.compilation
        if compilation is None:
            return
        ctx = self.ctx
        unit_ids, _area = self._chosen()
        title = self.tr("Sammanställning och analys")

        def build() -> bytes:
            from kvalitet_desktop.reports import render_report

            return render_report(compiling.report_of(ctx, compilation))

        def show(pdf: bytes) -> None:
            from kvalitet_desktop.ui.dialogs.pdf_preview import ReportSource, show_pdf

            period = compilation.period
            source = ReportSource(
                ctx,
                COMPILATION_REPORT,
                unit_id=unit_ids[0] if unit_ids else None,
                start=period.start,
                end=period.end,
            )
            stem = f"Sammanställning {period.start.isoformat()}–{period.end.isoformat()}"
            show_pdf(self, pdf, title, stem, source)

        run_in_background(self, build, show, busy_text=self.tr("Skapar PDF…"))

    # --- the main window's page protocol ---------------------------------------------------

    def refresh(self) -> None:
        self.earlier.refresh()

    def activate(self) -> None:
        """The list only: compiling again is the user's choice (it may take a moment)."""
        self.earlier.refresh()

    def save_state(self) -> None:
        """Nothing of the page is remembered."""
