"""Forms drawn from the declarative definitions in ``forms/`` (see ``domain.forms``)."""

from __future__ import annotations

from kvalitet_desktop.domain.forms import FormLookups
from kvalitet_desktop.ui.forms.renderer import FieldRow, FormWidget

__all__ = ["FieldRow", "FormLookups", "FormWidget"]
