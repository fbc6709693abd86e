"""The compilation's figures on screen: an overview tab and one tab per kind, each chart
with a table of its numbers beside it, all drawn from one ``Compilation``."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.reports.compilation_model import (
    Compilation,
    KindSection,
    LevelCount,
    MonthCount,
)
from kvalitet_desktop.workflows.analysis.ui.charts import (
    bar_chart,
    horizontal_chart,
    numbers_table,
    pareto_chart,
)


def change_text(now: int, before: int) -> str:
    diff = now - before
    if diff == 0:
        return "±0"
    sign = "+" if diff > 0 else "−"
    share = f" ({sign}{abs(diff) * 100 // before} %)" if before else ""
    return f"{sign}{abs(diff)}{share}"


def month_labels(months: Sequence[MonthCount]) -> list[str]:
    """Short labels for the chart: "jan" within one year, "jan 26" across years (the table
    beside it writes the whole month)."""
    if len({m.year for m in months}) == 1:
        return [m.label.split()[0] for m in months]
    return [f"{m.label.split()[0]} {m.year % 100:02d}" for m in months]


def _percent(value: float) -> str:
    return f"{value:.1f} %".replace(".", ",")


class FiguresTabs(QTabWidget):
    """Tabs of charts and tables; ``show_compilation`` replaces them all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Sammanställningens flikar"))
        self.setDocumentMode(True)

    def show_compilation(self, compilation: Compilation) -> None:
        current = self.currentIndex()
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            if page is not None:
                page.deleteLater()
        overview = self.tr("Översikt")
        self.addTab(self._scrolled(self._overview(compilation), overview), overview)
        for section in compilation.sections:
            self.addTab(self._scrolled(self._kind(section), section.title), section.title)
        self.setCurrentIndex(max(0, min(current, self.count() - 1)))

    def _scrolled(self, content: QWidget, name: str) -> QScrollArea:
        area = QScrollArea()
        area.setAccessibleName(self.tr("{name} – figurer").format(name=name))
        area.setWidgetResizable(True)
        area.setWidget(content)
        return area

    def _pair(self, grid: QGridLayout, row: int, chart: QWidget, table: QWidget) -> None:
        grid.addWidget(chart, row, 0)
        grid.addWidget(table, row, 1)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{text}</b>")
        label.setAccessibleName(text)
        return label

    def _grid(self, content: QWidget) -> QGridLayout:
        grid = QGridLayout(content)
        grid.setColumnStretch(0, 1)
        return grid

    # --- the overview ----------------------------------------------------------------------

    def _overview(self, compilation: Compilation) -> QWidget:
        content = QWidget()
        grid = self._grid(content)
        sections = compilation.sections
        if not sections:
            grid.addWidget(QLabel(self.tr("Du har inte behörighet till något som sammanställs.")))
            return content
        previous, earlier = compilation.previous, compilation.year_earlier
        grid.addWidget(
            QLabel(
                self.tr(
                    "Perioden före: {p_start} – {p_end}. Ett år tidigare: {e_start} – {e_end}."
                ).format(
                    p_start=previous.start.isoformat(),
                    p_end=previous.end.isoformat(),
                    e_start=earlier.start.isoformat(),
                    e_end=earlier.end.isoformat(),
                )
            ),
            0,
            0,
            1,
            2,
        )
        titles = [s.axis_title for s in sections]
        chart = bar_chart(
            self.tr("Översikt – diagram"),
            titles,
            [
                (self.tr("Perioden"), [s.total for s in sections]),
                (self.tr("Perioden före"), [s.previous for s in sections]),
                (self.tr("Ett år tidigare"), [s.year_earlier for s in sections]),
            ],
        )
        table = numbers_table(
            self.tr("Översikt – tabell"),
            [
                self.tr("Typ"),
                self.tr("Perioden"),
                self.tr("Före"),
                self.tr("Ändring"),
                self.tr("Året före"),
                self.tr("Ändring"),
            ],
            [
                [
                    s.title,
                    str(s.total),
                    str(s.previous),
                    change_text(s.total, s.previous),
                    str(s.year_earlier),
                    change_text(s.total, s.year_earlier),
                ]
                for s in sections
            ],
        )
        # The comparison has six columns: its table goes below the chart, at full width.
        grid.addWidget(chart, 1, 0, 1, 2)
        grid.addWidget(table, 2, 0, 1, 2)
        grid.addWidget(self._heading(self.tr("Orsaker per nivå")), 3, 0, 1, 2)
        self._levels(grid, 4, compilation.causes, self.tr("Orsaker per nivå"))
        grid.setRowStretch(5, 1)
        return content

    def _levels(
        self, grid: QGridLayout, row: int, levels: tuple[LevelCount, ...], name: str
    ) -> None:
        total = sum(level.count for level in levels)
        chart = bar_chart(
            self.tr("{name} – diagram").format(name=name),
            [level.level for level in levels],
            [(self.tr("Orsaker"), [level.count for level in levels])],
        )
        table = numbers_table(
            self.tr("{name} – tabell").format(name=name),
            [self.tr("Nivå"), self.tr("Antal"), self.tr("Andel")],
            [
                [
                    level.level,
                    str(level.count),
                    f"{level.count * 100 // total} %" if total else "–",
                ]
                for level in levels
            ],
        )
        self._pair(grid, row, chart, table)

    # --- one kind ------------------------------------------------------------------------

    def _kind(self, section: KindSection) -> QWidget:
        content = QWidget()
        outer = QVBoxLayout(content)
        facts = QFormLayout()
        rows = [
            (self.tr("Under perioden"), str(section.total)),
            (
                self.tr("Perioden före"),
                f"{section.previous} ({change_text(section.total, section.previous)})",
            ),
            (
                self.tr("Ett år tidigare"),
                f"{section.year_earlier} ({change_text(section.total, section.year_earlier)})",
            ),
            *((fact.label, fact.value) for fact in section.facts),
        ]
        for label, value in rows:
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setAccessibleName(f"{section.title} – {label}")
            facts.addRow(f"{label}:", shown)
        outer.addLayout(facts)
        if not section.detail:
            outer.addWidget(
                QLabel(
                    self.tr(
                        "Du ser bara hur många ärendena var och när: att läsa dem kräver "
                        "behörighet till dem."
                    )
                )
            )
        grid_holder = QWidget()
        grid = self._grid(grid_holder)
        outer.addWidget(grid_holder)
        outer.addStretch(1)
        if not section.total:
            grid.addWidget(QLabel(self.tr("Inga under perioden.")), 0, 0)
            return content
        name = section.title
        row = 0
        grid.addWidget(self._heading(self.tr("Per månad")), row, 0, 1, 2)
        months = section.per_month
        self._pair(
            grid,
            row + 1,
            bar_chart(
                self.tr("{name} per månad – diagram").format(name=name),
                month_labels(months),
                [(name, [m.count for m in months])],
            ),
            numbers_table(
                self.tr("{name} per månad – tabell").format(name=name),
                [self.tr("Månad"), self.tr("Antal")],
                [[m.label, str(m.count)] for m in months],
            ),
        )
        row += 2
        if section.pareto and section.category_label:
            label = section.category_label
            grid.addWidget(self._heading(f"{label} (Pareto)"), row, 0, 1, 2)
            self._pair(
                grid,
                row + 1,
                pareto_chart(
                    self.tr("{name} per {what} – diagram").format(name=name, what=label.lower()),
                    [p.category for p in section.pareto],
                    [p.count for p in section.pareto],
                    [p.cumulative_percent for p in section.pareto],
                ),
                numbers_table(
                    self.tr("{name} per {what} – tabell").format(name=name, what=label.lower()),
                    [label, self.tr("Antal"), self.tr("Kumulativ andel")],
                    [
                        [p.category, str(p.count), _percent(p.cumulative_percent)]
                        for p in section.pareto
                    ],
                ),
            )
            row += 2
        if section.per_unit:
            grid.addWidget(self._heading(self.tr("Per enhet")), row, 0, 1, 2)
            self._pair(
                grid,
                row + 1,
                horizontal_chart(
                    self.tr("{name} per enhet – diagram").format(name=name),
                    [u.unit for u in section.per_unit],
                    [u.count for u in section.per_unit],
                ),
                numbers_table(
                    self.tr("{name} per enhet – tabell").format(name=name),
                    [self.tr("Enhet"), self.tr("Antal")],
                    [[u.unit, str(u.count)] for u in section.per_unit],
                ),
            )
            row += 2
        if any(c.count for c in section.causes):
            grid.addWidget(self._heading(self.tr("Orsaker per nivå")), row, 0, 1, 2)
            self._levels(
                grid, row + 1, section.causes, self.tr("{name}, orsaker").format(name=name)
            )
        return content
