"""An analysis opened from the list: its frozen figures beside its text, to read, print,
sign or change with a reason."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QVBoxLayout, QWidget

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.analysis import service
from kvalitet_desktop.workflows.analysis.ui.figures import FiguresTabs
from kvalitet_desktop.workflows.analysis.ui.panel import AnalysisPanel


class AnalysisEditor(QDialog):
    """``AnalysisEditor(parent, ctx, analysis_id)``; new analyses start on the page Analys,
    from the figures of a period."""

    saved = Signal()

    def __init__(self, parent: QWidget | None, ctx: Context, analysis_id: str | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.setSizeGripEnabled(True)
        layout = QVBoxLayout(self)
        self.frozen = QLabel()
        self.frozen.setAccessibleName(self.tr("Om siffrorna"))
        self.frozen.setWordWrap(True)
        layout.addWidget(self.frozen)
        self.figures = FiguresTabs()
        self.panel = AnalysisPanel(ctx)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.figures)
        splitter.addWidget(self.panel)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([680, 460])
        layout.addWidget(splitter, 1)
        self.panel.changed.connect(self._changed)
        self.resize(1180, 720)
        if analysis_id is None:
            self.setWindowTitle(self.tr("Analys"))
            self.frozen.setText(
                self.tr("En ny analys börjar på sidan Analys, från en sammanställd period.")
            )
            return
        self._show(service.get_analysis(ctx, analysis_id))

    def _show(self, view: service.AnalysisView) -> None:
        self.setWindowTitle(
            self.tr("Analys {number} – {title}").format(number=view.number, title=view.title)
        )
        note = QCoreApplication.translate("Analysis", service.FROZEN_NOTE)
        self.frozen.setText(note.format(day=view.compilation.compiled_on.isoformat()))
        self.figures.show_compilation(view.compilation)
        self.panel.show_view(view)

    def _changed(self, view: object) -> None:
        if isinstance(view, service.AnalysisView):
            self._show(view)
        self.saved.emit()
