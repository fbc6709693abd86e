"""The pages of the main window (Att göra, lists, organisation, settings).

The record editors (``kvalitet_desktop.ui.editors``) are imported only when a record is opened:
start-up stays quick, and the pages do not depend on how the editors are built.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from kvalitet_desktop.domain.errors import KvalitetError, NotFound
from kvalitet_desktop.ui.dialogs.common import show_error

if TYPE_CHECKING:
    from kvalitet_desktop.services.context import Context

EDITORS_MODULE = "kvalitet_desktop.ui.editors"


def _tr(text: str) -> str:
    return QCoreApplication.translate("views", text)


def _open(
    parent: QWidget, make: Callable[[], QDialog], on_saved: Callable[[], None] | None
) -> QDialog | None:
    """Open an editor; a record that is gone or not visible is said in a message box."""
    try:
        dialog = make()
    except KvalitetError as error:  # NotFound, PermissionDenied: not a bug
        text = str(error)
        if isinstance(error, NotFound):
            text += " " + _tr("Den kan ha tagits bort sedan listan visades.")
        show_error(parent, text, _tr("Posten kan inte öppnas"))
        if isinstance(error, NotFound) and on_saved is not None:
            on_saved()  # the page shows what is there now
        return None
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
) -> QDialog | None:
    """Open record ``record_id`` of ``kind`` ("riskanalys", "atgard", "uppfoljning").

    None (and a message box) when the record is gone or the user may not see it.
    """
    editors = importlib.import_module(EDITORS_MODULE)
    return _open(parent, lambda: editors.open_record(parent, ctx, kind, record_id), on_saved)


def show_new_analysis_editor(
    parent: QWidget, ctx: Context, on_saved: Callable[[], None] | None = None
) -> QDialog | None:
    """Open the risk analysis editor on a new analysis (None, with a message, if refused)."""
    editors = importlib.import_module(EDITORS_MODULE)
    return _open(parent, lambda: editors.new_risk_analysis(parent, ctx), on_saved)
