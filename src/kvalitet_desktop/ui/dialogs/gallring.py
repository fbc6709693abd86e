"""The gallring run: what would be removed, listed for approval, then removed with "Gallra"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kvalitet_desktop.domain.errors import KvalitetError
from kvalitet_desktop.services import gallring
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import errors, operations
from kvalitet_desktop.ui.toolkit.fields import ErrorLabel, name_widget


class GallringDialog(QDialog):
    """Lists the plan (per kind: the records' number, unit and closing date); "Gallra" runs it
    off the UI thread. ``result`` holds what was removed once it has run."""

    def __init__(self, parent: QWidget | None, ctx: Context) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_of_run: gallring.GallringResult | None = None
        self.setWindowTitle(self.tr("Gallring"))
        self.setAccessibleName(self.tr("Gallring"))
        self.setMinimumSize(640, 420)
        self.plan = gallring.plan(ctx)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget()
        name_widget(self.tree, self.tr("Poster att gallra"))
        self.tree.setHeaderLabels([self.tr("Post"), self.tr("Enhet"), self.tr("Avslutad")])
        header = self.tree.header()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.run_button = QPushButton(self.tr("&Gallra"))
        name_widget(self.run_button, self.run_button.text())
        self.close_button = QPushButton(self.tr("&Avbryt"))
        name_widget(self.close_button, self.close_button.text())
        self.buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.run)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._show_plan()
        # Nothing is removed by a key pressed in passing: the focus starts on the list.
        self.run_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        self.tree.setFocus()

    def _show_plan(self) -> None:
        lines = []
        for kind in self.plan.kinds:
            title = QCoreApplication.translate("RecordKind", kind.title)
            lines.append(
                self.tr("{kind}: {count} (avslutade senast {cutoff}, regel {years} år)").format(
                    kind=title,
                    count=len(kind.candidates),
                    cutoff=kind.cutoff.isoformat(),
                    years=kind.years,
                )
            )
            if not kind.candidates:
                continue
            parent = QTreeWidgetItem(self.tree, [f"{title} ({len(kind.candidates)})"])
            for candidate in kind.candidates:
                QTreeWidgetItem(
                    parent, [candidate.number, candidate.unit, candidate.closed_on.isoformat()]
                )
            parent.setExpanded(True)
        if self.plan.total:
            intro = self.tr(
                "Personuppgifterna i dessa {count} poster tas bort. Datum, kategorier och "
                "enheter finns kvar. Det går inte att ångra."
            ).format(count=self.plan.total)
        else:
            intro = self.tr("Inget att gallra just nu.")
        self.summary.setText("\n".join([intro, *lines]))
        self.run_button.setEnabled(self.plan.total > 0)

    def run(self) -> None:
        self.run_button.setEnabled(False)
        ctx, plan = self.ctx, self.plan
        operations.run_in_background(
            self,
            lambda: gallring.run(ctx, plan),
            self._done,
            self._failed,
            busy_text=self.tr("Gallrar…"),
        )

    def _done(self, result: gallring.GallringResult) -> None:
        self.result_of_run = result
        self.tree.clear()
        self.summary.setText(
            self.tr("Gallrat: {records} poster och {individuals} enskildas koder.").format(
                records=result.total, individuals=result.individuals
            )
        )
        self.close_button.setText(self.tr("&Stäng"))
        self.close_button.setAccessibleName(self.tr("Stäng"))
        self.close_button.setFocus()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, KvalitetError):
            self.error.show_messages([str(exc)])
        else:
            errors.report_unexpected(exc, self)
        self.run_button.setEnabled(True)
