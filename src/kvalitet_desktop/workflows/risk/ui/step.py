"""What the risk analysis editor asks of each step of its wizard."""

from __future__ import annotations

from typing import Protocol

from kvalitet_desktop.ui.toolkit.fields import Binding


class WizardStep(Protocol):
    """A step: where its errors show, and whether its part of the analysis is filled in."""

    def bindings(self) -> list[Binding]: ...

    def is_complete(self) -> bool: ...
