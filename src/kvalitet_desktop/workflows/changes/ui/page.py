"""The page "Förändringar i insatser": the list of changes, and the units' registers of
individuals the people affected are drawn from."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui.toolkit.fields import heading, help_label
from kvalitet_desktop.ui.views.list_page import ListPage
from kvalitet_desktop.workflows.changes.kind import KEY


class ChangesPage(QWidget):
    def __init__(
        self, ctx: Context, parent: QWidget | None = None, *, remember: bool = True
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changes = ListPage(ctx, KEY, remember=remember)
        top = QHBoxLayout()
        top.addWidget(heading(self.tr("Förändringar i insatser")))
        top.addStretch(1)
        self.register_button = QPushButton(self.tr("&Register över enskilda…"))
        self.register_button.setAccessibleName(self.tr("Register över enskilda"))
        self.register_button.clicked.connect(self.open_register)
        top.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            help_label(
                self.tr(
                    "När insatser ändras för många – en verksamhet stängs, besöksförbud, "
                    "minskad tid – följ varje berörd person: kontakt före, under och efter, "
                    "en individuell riskbedömning och en uppföljning av hur det blev."
                )
            )
        )
        layout.addWidget(self.changes, 1)

    def open_register(self) -> None:
        from kvalitet_desktop.ui.dialogs.individuals_register import RegisterDialog

        RegisterDialog(self.ctx, self).exec()

    def refresh(self) -> None:
        self.changes.refresh()

    def activate(self) -> None:
        """Called when the page is shown again: changes may have been made meanwhile."""
        self.changes.activate()

    def save_state(self) -> None:
        self.changes.save_state()
