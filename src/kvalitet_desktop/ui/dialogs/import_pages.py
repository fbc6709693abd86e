"""The import wizard's steps that hold the user's choices: which column fills which field,
what the file's unknown list values mean, and the report of the rows (``import_wizard``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.exchange.imports.engine import ValidationReport
from kvalitet_desktop.exchange.imports.mapping import ColumnMapping
from kvalitet_desktop.services.imports import Choice, FieldType, ImportTarget
from kvalitet_desktop.ui.toolkit.fields import name_widget


def marked(text: str, context: str = "Imports") -> str:
    """A text marked below the UI (field labels, encodings: "Imports"; nouns: "RecordKind")."""
    return QCoreApplication.translate(context, text)


def table(name: str, headers: list[str]) -> QTableWidget:
    """A read-only table the keyboard leaves with Tab."""
    found = QTableWidget(0, len(headers))
    name_widget(found, name)
    found.setHorizontalHeaderLabels(headers)
    found.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    found.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    found.setTabKeyNavigation(False)
    found.verticalHeader().hide()
    found.horizontalHeader().setStretchLastSection(True)
    found.setWordWrap(False)
    return found


def cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


def _scrolled(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its combo boxes take the Tab stops
    return scroll


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class ColumnsPage(QWidget):
    """Per field of the kind: the column that fills it and, for a list, the value used when
    the cell is empty; and the column holding the file's own row id, if any."""

    def __init__(self, target: ImportTarget) -> None:
        super().__init__()
        self.target = target
        self.remembered_values: dict[str, dict[str, str]] = {}
        intro = QLabel(
            self.tr(
                "Välj vilken kolumn som fyller varje fält (förslagen kommer från kolumnernas "
                "namn). Fält med * måste fyllas i. Ett standardvärde används när cellen är tom."
            )
        )
        intro.setWordWrap(True)
        self.column_combos: dict[str, QComboBox] = {}
        self.default_combos: dict[str, QComboBox] = {}
        holder = QWidget()
        grid = QGridLayout(holder)
        headings = (self.tr("Fält"), self.tr("Kolumn i filen"), self.tr("Standardvärde"))
        for column, heading in enumerate(headings):
            grid.addWidget(_heading(heading), 0, column)
        for row, item in enumerate(target.fields, start=1):
            label = QLabel(marked(item.label) + (" *" if item.required else ""))
            combo = QComboBox()
            name_widget(combo, self.tr("Kolumn för {field}").format(field=marked(item.label)))
            label.setBuddy(combo)
            self.column_combos[item.key] = combo
            grid.addWidget(label, row, 0)
            grid.addWidget(combo, row, 1)
            if item.type in (FieldType.CHOICE, FieldType.UNIT):
                default = QComboBox()
                what = self.tr("Standardvärde för {field}").format(field=marked(item.label))
                name_widget(default, what)
                self.default_combos[item.key] = default
                grid.addWidget(default, row, 2)
        source_row = len(target.fields) + 1
        self.source_id_combo = QComboBox()
        name_widget(self.source_id_combo, self.tr("Kolumn med radens id i filen"))
        source_label = QLabel(self.tr("Radens id i filen (valfritt)"))
        source_label.setBuddy(self.source_id_combo)
        grid.addWidget(source_label, source_row, 0)
        grid.addWidget(self.source_id_combo, source_row, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(source_row + 1, 1)  # the rows at the top, the space below them
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(_scrolled(holder), 1)

    def fill(
        self,
        header: list[str],
        choices: dict[str, list[Choice]],
        chosen: ColumnMapping,
    ) -> None:
        """The file's columns to choose from, with ``chosen`` (suggested or remembered)."""
        by_field = {key: column for column, key in chosen.columns.items()}
        for key, combo in self.column_combos.items():
            combo.clear()
            combo.addItem(self.tr("(ingen kolumn)"), None)
            for column in header:
                combo.addItem(column, column)
            combo.setCurrentIndex(max(0, combo.findData(by_field.get(key))))
        for key, combo in self.default_combos.items():
            combo.clear()
            combo.addItem(self.tr("(inget)"), None)
            for choice in choices.get(key, []):
                combo.addItem(choice.label, choice.value)
            combo.setCurrentIndex(max(0, combo.findData(chosen.defaults.get(key))))
        combo = self.source_id_combo
        combo.clear()
        combo.addItem(self.tr("(ingen: raderna känns igen på sina värden)"), None)
        for column in header:
            combo.addItem(column, column)
        combo.setCurrentIndex(max(0, combo.findData(chosen.source_id_column)))
        self.remembered_values = {k: dict(v) for k, v in chosen.values.items()}

    def mapping(self, values: dict[tuple[str, str], str]) -> ColumnMapping:
        """The choices as a mapping, with the value table (remembered, then ``values``)."""
        columns = {
            str(combo.currentData()): key
            for key, combo in self.column_combos.items()
            if combo.currentData() is not None
        }
        defaults = {
            key: str(combo.currentData())
            for key, combo in self.default_combos.items()
            if combo.currentData() is not None
        }
        table_of = {key: dict(found) for key, found in self.remembered_values.items()}
        for (key, text), value in values.items():
            table_of.setdefault(key, {})[text] = value
        source_id = self.source_id_combo.currentData()
        return ColumnMapping(self.target.kind, columns, table_of, defaults, source_id)


class ValuesPage(QWidget):
    """Each list value of the file that no list holds, with what the user says it means."""

    def __init__(self, target: ImportTarget) -> None:
        super().__init__()
        self.target = target
        self.combos: dict[tuple[str, str], QComboBox] = {}
        intro = QLabel(
            self.tr(
                "Några värden i filen finns inte i programmets listor. Välj vad vart och ett "
                "betyder; ett värde som lämnas okopplat blir ett fel på raderna som har det."
            )
        )
        intro.setWordWrap(True)
        holder = QWidget()
        self.grid = QGridLayout(holder)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(_scrolled(holder), 1)

    def fill(self, report: ValidationReport, choices: dict[str, list[Choice]]) -> None:
        grid = self.grid
        while grid.count():
            taken = grid.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos.clear()
        headings = (self.tr("Fält"), self.tr("Värde i filen"), self.tr("Rader"), self.tr("Betyder"))
        for column, heading in enumerate(headings):
            grid.addWidget(_heading(heading), 0, column)
        row = 1
        for key, found in report.unknown_values.items():
            label = marked(self.target.field(key).label)
            for text, count in sorted(found.items()):
                combo = QComboBox()
                meaning = self.tr("Vad ”{value}” betyder ({field})")
                name_widget(combo, meaning.format(value=text, field=label))
                combo.addItem(self.tr("(okopplat: raderna blir fel)"), None)
                for choice in choices.get(key, []):
                    combo.addItem(choice.label, choice.value)
                value_label = QLabel(text)
                value_label.setBuddy(combo)
                grid.addWidget(QLabel(label), row, 0)
                grid.addWidget(value_label, row, 1)
                grid.addWidget(QLabel(str(count)), row, 2)
                grid.addWidget(combo, row, 3)
                self.combos[(key, text)] = combo
                row += 1
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(row, 1)

    def values(self) -> dict[tuple[str, str], str]:
        """(field, the file's value) -> the list's value, for those the user mapped."""
        return {
            found: str(combo.currentData())
            for found, combo in self.combos.items()
            if combo.currentData() is not None
        }


class ReportPage(QWidget):
    """What the check found: the counts, every problem by row and column, and the explicit
    choice to leave the bad rows out."""

    def __init__(self) -> None:
        super().__init__()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = table(
            self.tr("Fel i filen"), [self.tr("Rad"), self.tr("Kolumn"), self.tr("Fel")]
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 180)
        self.exclude_check = QCheckBox(self.tr("&Uteslut felaktiga rader"))
        name_widget(self.exclude_check, self.exclude_check.text())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.exclude_check)

    def fill(self, report: ValidationReport) -> None:
        problems = [*report.file_problems, *report.problems]
        self.summary_label.setText(self._summary(report))
        self.table.setRowCount(len(problems))
        for r, problem in enumerate(problems):
            self.table.setItem(r, 0, cell(str(problem.line)))
            self.table.setItem(r, 1, cell(problem.column or "–"))
            self.table.setItem(r, 2, cell(problem.message))
        self.exclude_check.setChecked(False)
        self.exclude_check.setEnabled(bool(report.problem_count) and not report.file_problems)
        self.exclude_check.setVisible(bool(report.problem_count or report.file_problems))

    def _summary(self, report: ValidationReport) -> str:
        if report.file_problems:
            return self.tr("Filen kan inte importeras så här: gå tillbaka och ändra valen.")
        text = self.tr(
            "Rader lästa: {rows}. Med fel: {bad}. Tomma rader (hoppas över): {blank}. Redan "
            "importerade (hoppas över): {before}."
        ).format(
            rows=report.rows,
            bad=len(report.bad_lines),
            blank=report.blank,
            before=report.imported_before,
        )
        if report.ok:
            tail = self.tr("Rader som importeras när du väljer ”Importera”: {new}.")
        else:
            tail = self.tr(
                "Inget importeras förrän alla rader är rätt, eller du väljer att utesluta de "
                "felaktiga raderna (då importeras {new} rader)."
            )
        if report.closed:
            text += " " + self.tr(
                "Avslutade i det tidigare systemet (importeras som avslutade): {closed}."
            ).format(closed=report.closed)
        shown = ""
        if report.problem_count > len(report.problems):
            shown = " " + self.tr("Tabellen visar de första {shown} av {count} felen.").format(
                shown=len(report.problems), count=report.problem_count
            )
        return f"{text} {tail.format(new=report.new)}{shown}"
