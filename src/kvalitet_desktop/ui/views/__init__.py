"""The pages of the main window (Att göra, lists, organisation, settings).

The record editors (``kvalitet_desktop.ui.editors``) are imported only when a record is opened:
start-up stays quick, and the pages do not depend on how the editors are built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from kvalitet_desktop.services.context import Context

EDITORS_MODULE = "kvalitet_desktop.ui.editors"


def _present(dialog: QDialog, on_saved: Callable[[], None] | None) -> QDialog:
    saved = getattr(dialog, "saved", None)
    if on_saved is not None and saved is not None:
        saved.connect(on_saved)
    if not dialog.isVisible():  # the editors normally show themselves
        dialog.show()
    return dialog


def show_record_editor(
    parent: QWidget,
    ctx: Context,
    kind: str,
    record_id: str,
    on_saved: Callable[[], None] | None = None,
) -> QDialog:
    """Open record ``record_id`` of ``kind`` ("riskanalys", "atgard", "uppfoljning")."""
    editors = importlib.import_module(EDITORS_MODULE)
    return _present(editors.open_record(parent, ctx, kind, record_id), on_saved)


def show_new_analysis_editor(
    parent: QWidget, ctx: Context, on_saved: Callable[[], None] | None = None
) -> QDialog:
    editors = importlib.import_module(EDITORS_MODULE)
    return _present(editors.new_risk_analysis(parent, ctx), on_saved)
