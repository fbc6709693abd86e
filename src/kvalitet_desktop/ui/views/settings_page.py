"""Inställningar, one tab each: the risk matrix (scales, colour bands, action threshold) with
the report confidentiality line; the municipality itself; the legal references; IVO's regional
departments; each record kind's own tab (lex Sarah: deadlines, the forms' lists, the
municipality's own forms); security (when the program locks itself); and, read-only, the
role × action table (Behörigheter).

The municipality's choices are data; the risk matrix preview shows them at once. Tabs the user
may not change are shown read-only, with the reason."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop import registry
from kvalitet_desktop.domain import terms
from kvalitet_desktop.domain.errors import KvalitetError, ValidationFailed
from kvalitet_desktop.domain.record_kind import load
from kvalitet_desktop.domain.risk_matrix import RiskBand, RiskMatrixConfig
from kvalitet_desktop.domain.roles import GALLRING, SETTINGS_CHANGE
from kvalitet_desktop.services import settings
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.dialogs.common import ErrorLabel, add_field
from kvalitet_desktop.ui.toolkit.editor_base import ARCHIVED_COLOUR
from kvalitet_desktop.ui.toolkit.fields import set_read_only
from kvalitet_desktop.ui.views.settings_backups import BackupsTab
from kvalitet_desktop.ui.views.settings_municipality import MunicipalityTab
from kvalitet_desktop.ui.views.settings_permissions import PermissionsTab
from kvalitet_desktop.ui.views.settings_references import DepartmentsTab, ReferencesTab
from kvalitet_desktop.ui.views.settings_security import SecurityTab
from kvalitet_desktop.ui.views.settings_tab import note_label
from kvalitet_desktop.ui.widgets.risk_matrix import RiskMatrixWidget

MAX_SCORE = 16


class ColourButton(QPushButton):
    """A swatch painted in a risk band's colour. A click, Space or Return opens the colour
    dialog; the accessible name and tooltip say the band and the hex code."""

    colourChanged = Signal(str)

    def __init__(self, colour: str, number: int, band: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._number = number
        self._band = band
        self.clicked.connect(self.choose)
        self.set_colour(colour)

    def colour(self) -> str:
        return self._colour

    def set_band(self, number: int, band: str) -> None:
        self._number, self._band = number, band
        self._describe()

    def set_colour(self, colour: str) -> None:
        qcolour = QColor(colour)
        self._colour = qcolour.name() if qcolour.isValid() else colour
        self.setText(self._colour)
        # Dark text on light colours, light text on dark ones; a thick border shows focus.
        text = "#1b1f23" if not qcolour.isValid() or qcolour.lightnessF() >= 0.5 else "#ffffff"
        self.setStyleSheet(
            f"QPushButton {{ background: {self._colour}; color: {text}; "
            "border: 1px solid #888; padding: 2px 8px; }"
            "QPushButton:focus { border: 3px solid #1f5fbf; }"
        )
        self._describe()

    def _describe(self) -> None:
        band = self._band or "–"
        self.setAccessibleName(
            self.tr("Färg, zon {n} ({band}): {hex}").format(
                n=self._number, band=band, hex=self._colour
            )
        )
        self.setToolTip(
            self.tr("{band}: {hex}. Klicka eller tryck Mellanslag för att välja färg.").format(
                band=band, hex=self._colour
            )
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Outside a dialog a push button ignores Return; here it opens the dialog like Space.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)

    def choose(self) -> None:
        title = self.tr("Välj färg för {band}").format(band=self._band or "–")
        chosen = QColorDialog.getColor(QColor(self._colour), self, title)
        if chosen.isValid():
            self.set_colour(chosen.name())
            self.colourChanged.emit(self._colour)


class SettingsPage(QWidget):
    autoLockChanged = Signal(int)  # minutes, after the Säkerhet tab saved a new value

    BAND_COLUMNS = (
        str(QT_TRANSLATE_NOOP("SettingsPage", "Benämning")),
        str(QT_TRANSLATE_NOOP("SettingsPage", "Från")),
        str(QT_TRANSLATE_NOOP("SettingsPage", "Till")),
        str(QT_TRANSLATE_NOOP("SettingsPage", "Färg")),
    )

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loading = False
        self._band_keys: list[str] = []

        content = QWidget()
        columns = QHBoxLayout(content)
        left = QVBoxLayout()
        left.addWidget(self._build_scales())
        left.addWidget(self._build_bands())
        left.addWidget(self._build_report_box())
        left.addStretch(1)
        columns.addLayout(left, 3)

        preview_box = QGroupBox(self.tr("Förhandsvisning"))
        preview_layout = QVBoxLayout(preview_box)
        self.preview = RiskMatrixWidget(RiskMatrixConfig(), interactive=False)
        self.preview.setMinimumSize(380, 320)
        preview_layout.addWidget(self.preview)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        self.preview_note.setStyleSheet("color: #555;")
        preview_layout.addWidget(self.preview_note)
        preview_layout.addStretch(1)
        columns.addWidget(preview_box, 2)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        # It takes a Tab stop (to scroll by keyboard): a screen reader says what it holds.
        scroll.setAccessibleName(self.tr("Riskmatris och rapporter"))
        scroll.setWidget(content)
        self.risk_tab = QWidget()
        outer = QVBoxLayout(self.risk_tab)
        may_edit = ctx.actor.can(SETTINGS_CHANGE)
        if not may_edit:
            outer.addWidget(
                note_label(
                    self.tr("Du kan se inställningarna men inte ändra dem."), ARCHIVED_COLOUR
                )
            )
        outer.addWidget(scroll, 1)

        self.general_error = ErrorLabel()
        outer.addWidget(self.general_error)
        self.saved_label = QLabel()
        self.saved_label.setStyleSheet("color: #2e6b34;")
        bar = QHBoxLayout()
        bar.addWidget(self.saved_label, 1)
        self.reset_button = QPushButton(self.tr("Åte&rställ standard"))
        self.reset_button.setAccessibleName(self.tr("Återställ standard"))
        self.reset_button.clicked.connect(self.reset_to_defaults)
        self.save_button = QPushButton(self.tr("&Spara"))
        self.save_button.setAccessibleName(self.tr("Spara"))
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.reset_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        self.load()
        if not may_edit:
            set_read_only(content, True, keep=[self.preview])
            self.reset_button.hide()
            self.save_button.hide()

        self.municipality_tab = MunicipalityTab(ctx)
        self.references_tab = ReferencesTab(ctx)
        self.departments_tab = DepartmentsTab(ctx)
        self.security_tab = SecurityTab(ctx)
        self.security_tab.autoLockChanged.connect(self.autoLockChanged)
        self.backups_tab = BackupsTab(ctx)
        # The county list follows the departments.
        self.departments_tab.changed.connect(self.municipality_tab.refresh_counties)
        self.permissions_tab = PermissionsTab()
        # Each record kind's own tab (registry), built as ``Tab(ctx)``.
        self.kind_tabs: dict[str, QWidget] = {}
        for kind in registry.KINDS:
            if kind.settings_tab:
                tab: QWidget = load(kind.settings_tab)(ctx)
                self.kind_tabs[kind.key] = tab
                # A tab that names legal references follows their changes.
                on_references = getattr(tab, "references_changed", None)
                if callable(on_references):
                    self.references_tab.changed.connect(on_references)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Inställningar"))
        self.tabs.setDocumentMode(True)
        for tab, title in (
            (self.risk_tab, self.tr("Riskmatris och rapporter")),
            (self.municipality_tab, self.tr("Kommunen")),
            (self.references_tab, _term(terms.LEGAL_REFERENCES)),
            (self.departments_tab, _term(terms.IVO_DEPARTMENTS)),
        ):
            self.tabs.addTab(tab, title)
        for key, tab in self.kind_tabs.items():
            view = registry.kind(key).view
            label = view.label if view else registry.kind(key).nouns.title
            self.tabs.addTab(tab, QCoreApplication.translate("RecordKind", label))
        if ctx.may(GALLRING):
            from kvalitet_desktop.ui.views.settings_gallring import GallringTab

            self.gallring_tab: GallringTab | None = GallringTab(ctx)
            self.tabs.addTab(self.gallring_tab, self.tr("Gallring"))
        else:
            self.gallring_tab = None
        self.tabs.addTab(self.security_tab, self.tr("Säkerhet"))
        self.tabs.addTab(self.backups_tab, self.tr("Säkerhetskopior"))
        self.tabs.addTab(self.permissions_tab, self.tr("Behörigheter"))
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.tabs)

    def show_place(self, place: str) -> None:
        """ "references" or "departments": that tab (from the dashboard's "Kom igång")."""
        tabs: dict[str, ReferencesTab | DepartmentsTab] = {
            "references": self.references_tab,
            "departments": self.departments_tab,
        }
        tab = tabs.get(place)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
            tab.table.setFocus()

    # --- building ------------------------------------------------------------------------

    def _build_scales(self) -> QGroupBox:
        box = QGroupBox(self.tr("Skalor"))
        grid = QGridLayout(box)
        grid.addWidget(QLabel(self.tr("<b>Sannolikhet</b>")), 0, 1)
        grid.addWidget(QLabel(self.tr("<b>Konsekvens</b>")), 0, 3)
        self.probability_edits: list[QLineEdit] = []
        self.consequence_edits: list[QLineEdit] = []
        self.label_errors: list[ErrorLabel] = []
        for step in range(1, 5):
            for column, edits, axis in (
                (0, self.probability_edits, self.tr("Sannolikhet")),
                (2, self.consequence_edits, self.tr("Konsekvens")),
            ):
                label = QLabel(f"&{step}:" if column == 0 else f"{step}:")
                edit = QLineEdit()
                edit.setAccessibleName(f"{axis} {step}")
                label.setBuddy(edit)
                edit.textChanged.connect(self._changed)
                grid.addWidget(label, step * 2 - 1, column)
                grid.addWidget(edit, step * 2 - 1, column + 1)
                edits.append(edit)
        # One error label per step and axis, in the order RiskMatrixConfig.validate uses.
        for index in range(8):
            error = ErrorLabel()
            self.label_errors.append(error)
            step, column = index % 4 + 1, 1 if index < 4 else 3
            grid.addWidget(error, step * 2, column)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        self.threshold = QSpinBox()
        self.threshold.setRange(1, MAX_SCORE)
        self.threshold.valueChanged.connect(self._changed)
        form = QFormLayout()
        add_field(form, self.tr("Å&tgärdsgräns (riskvärde):"), self.threshold, with_error=False)
        note = QLabel(
            self.tr("Händelser med minst detta riskvärde behöver en åtgärd (visas under Att göra).")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        grid.addLayout(form, 9, 0, 1, 4)
        grid.addWidget(note, 10, 0, 1, 4)
        return box

    def _build_bands(self) -> QGroupBox:
        box = QGroupBox(self.tr("Riskzoner"))
        layout = QVBoxLayout(box)
        self.band_table = QTableWidget(0, len(self.BAND_COLUMNS))
        self.band_table.setAccessibleName(self.tr("Riskzoner"))
        self.band_table.setHorizontalHeaderLabels([self.tr(c) for c in self.BAND_COLUMNS])
        self.band_table.verticalHeader().hide()
        self.band_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.band_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.band_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            self.band_table.setColumnWidth(column, 72)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.band_table.setColumnWidth(3, 110)
        self.band_table.verticalHeader().setDefaultSectionSize(34)
        layout.addWidget(self.band_table)
        self.band_error = ErrorLabel()
        layout.addWidget(self.band_error)
        buttons = QHBoxLayout()
        self.add_band_button = QPushButton(self.tr("&Lägg till zon"))
        self.add_band_button.setAccessibleName(self.tr("Lägg till zon"))
        self.add_band_button.clicked.connect(self.add_band)
        self.remove_band_button = QPushButton(self.tr("Ta &bort zon"))
        self.remove_band_button.setAccessibleName(self.tr("Ta bort zon"))
        self.remove_band_button.clicked.connect(self.remove_selected_band)
        buttons.addWidget(self.add_band_button)
        buttons.addWidget(self.remove_band_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    def _build_report_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Rapporter"))
        form = QFormLayout(box)
        self.confidentiality = QLineEdit()
        self.confidentiality_error = add_field(
            form, self.tr("Se&kretessrad:"), self.confidentiality
        )
        return box

    # --- bands ---------------------------------------------------------------------------

    def _add_band_row(self, band: RiskBand) -> None:
        row = self.band_table.rowCount()
        self.band_table.insertRow(row)
        self._band_keys.append(band.key)
        number = row + 1
        label = QLineEdit(band.label)
        label.setAccessibleName(self.tr("Benämning, zon {n}").format(n=number))
        label.textChanged.connect(self._changed)
        low, high = QSpinBox(), QSpinBox()
        for spin, value, name in (
            (low, band.min_score, self.tr("Från, zon {n}")),
            (high, band.max_score, self.tr("Till, zon {n}")),
        ):
            spin.setRange(1, MAX_SCORE)
            spin.setValue(value)
            spin.setAccessibleName(name.format(n=number))
            spin.valueChanged.connect(self._changed)
        colour = ColourButton(band.color, number, band.label)
        colour.colourChanged.connect(self._changed)
        label.textChanged.connect(lambda text: colour.set_band(colour_number(), text.strip()))

        def colour_number() -> int:
            return self._row_of(colour) + 1

        for column, widget in enumerate((label, low, high, colour)):
            self.band_table.setCellWidget(row, column, widget)

    def add_band(self) -> None:
        keys = set(self._band_keys)
        number = len(keys) + 1
        while f"zon{number}" in keys:
            number += 1
        self._add_band_row(RiskBand(f"zon{number}", self.tr("Ny zon"), 1, 1, "#cccccc"))
        self._changed()

    def remove_selected_band(self) -> None:
        row = self.band_table.currentRow()
        if row < 0 or self.band_table.rowCount() <= 1:
            return
        self.band_table.removeRow(row)
        del self._band_keys[row]
        self._number_bands()
        self._changed()

    def _row_of(self, widget: QWidget) -> int:
        for row in range(self.band_table.rowCount()):
            if self.band_table.cellWidget(row, 3) is widget:
                return row
        return -1

    def _number_bands(self) -> None:
        """The rows' accessible names follow their places (unique after a removal)."""
        for row in range(self.band_table.rowCount()):
            number = row + 1
            label = self.band_table.cellWidget(row, 0)
            low = self.band_table.cellWidget(row, 1)
            high = self.band_table.cellWidget(row, 2)
            colour = self.band_table.cellWidget(row, 3)
            assert isinstance(label, QLineEdit) and isinstance(colour, ColourButton)
            assert low is not None and high is not None
            label.setAccessibleName(self.tr("Benämning, zon {n}").format(n=number))
            low.setAccessibleName(self.tr("Från, zon {n}").format(n=number))
            high.setAccessibleName(self.tr("Till, zon {n}").format(n=number))
            colour.set_band(number, label.text().strip())

    def _bands(self) -> tuple[RiskBand, ...]:
        bands = []
        for row, key in enumerate(self._band_keys):
            label = self.band_table.cellWidget(row, 0)
            low = self.band_table.cellWidget(row, 1)
            high = self.band_table.cellWidget(row, 2)
            colour = self.band_table.cellWidget(row, 3)
            assert isinstance(label, QLineEdit) and isinstance(colour, ColourButton)
            assert isinstance(low, QSpinBox) and isinstance(high, QSpinBox)
            bands.append(
                RiskBand(key, label.text().strip(), low.value(), high.value(), colour.colour())
            )
        return tuple(bands)

    # --- state ---------------------------------------------------------------------------

    def config(self) -> RiskMatrixConfig:
        """What the form says now (not validated)."""

        def four(edits: list[QLineEdit]) -> tuple[str, str, str, str]:
            texts = [edit.text().strip() for edit in edits]
            return (texts[0], texts[1], texts[2], texts[3])

        return RiskMatrixConfig(
            probability_labels=four(self.probability_edits),
            consequence_labels=four(self.consequence_edits),
            bands=self._bands(),
            action_threshold=self.threshold.value(),
        )

    def show_config(self, config: RiskMatrixConfig, confidentiality: str) -> None:
        self._loading = True
        try:
            for edit, text in zip(self.probability_edits, config.probability_labels, strict=True):
                edit.setText(text)
            for edit, text in zip(self.consequence_edits, config.consequence_labels, strict=True):
                edit.setText(text)
            self.band_table.setRowCount(0)
            self._band_keys = []
            for band in config.bands:
                self._add_band_row(band)
            self.threshold.setValue(config.action_threshold)
            self.confidentiality.setText(confidentiality)
        finally:
            self._loading = False
        self._clear_errors()
        self._update_preview()

    def load(self) -> None:
        self.show_config(settings.risk_matrix(self.ctx), settings.confidentiality_line(self.ctx))
        self.saved_label.clear()

    def activate(self) -> None:
        """Back on the page: keep what the user is editing; the tables are read again."""
        self.references_tab.refresh()
        self.departments_tab.refresh()
        self.municipality_tab.refresh_counties()

    def reset_to_defaults(self) -> None:
        """Fill in the defaults; nothing is stored until "Spara"."""
        self.show_config(RiskMatrixConfig(), settings.DEFAULT_CONFIDENTIALITY)
        self.saved_label.setText(self.tr("Standardvärdena är ifyllda. Spara för att använda dem."))

    def _changed(self, *_args: object) -> None:
        if self._loading:
            return
        self.saved_label.clear()
        self._update_preview()

    def _update_preview(self) -> None:
        config = self.config()
        # Empty labels would leave holes in the preview: show a dash until the user types.
        preview = RiskMatrixConfig(
            probability_labels=tuple(t or "–" for t in config.probability_labels),  # type: ignore[arg-type]
            consequence_labels=tuple(t or "–" for t in config.consequence_labels),  # type: ignore[arg-type]
            bands=config.bands or RiskMatrixConfig().bands,
            action_threshold=config.action_threshold,
        )
        self.preview.set_config(preview)
        band = preview.band_for(preview.action_threshold)
        self.preview_note.setText(
            self.tr("Åtgärdsgräns {value}: riskvärden från {value} ({band}) kräver åtgärd.").format(
                value=preview.action_threshold, band=band.label or "–"
            )
        )

    # --- saving --------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for error in self.label_errors:
            error.clear_messages()
        self.band_error.clear_messages()
        if self.confidentiality_error is not None:
            self.confidentiality_error.clear_messages()
        self.general_error.clear_messages()

    def save(self) -> bool:
        self._clear_errors()
        self.saved_label.clear()
        config = self.config()
        try:
            config.validate()
            settings.set_risk_matrix(self.ctx, config)
            settings.set_confidentiality_line(self.ctx, self.confidentiality.text())
        except ValidationFailed as exc:
            self._show_validation(exc)
            return False
        except KvalitetError as exc:
            self.general_error.show_messages([str(exc)])
            return False
        self.saved_label.setText(self.tr("Inställningarna är sparade."))
        return True

    def _show_validation(self, exc: ValidationFailed) -> None:
        band_messages: list[str] = []
        other: list[str] = []
        for error in exc.errors:
            if error.field.startswith("label_") and error.field[6:].isdigit():
                index = int(error.field[6:])
                if 0 <= index < len(self.label_errors):
                    self.label_errors[index].show_messages([error.message])
                    continue
            if error.field == "bands" or error.field in self._band_keys:
                band_messages.append(error.message)
            else:
                other.append(error.message)
        self.band_error.show_messages(band_messages)
        self.general_error.show_messages(other)


def _term(text: str) -> str:
    return QCoreApplication.translate(terms.TERMS_CONTEXT, text)
