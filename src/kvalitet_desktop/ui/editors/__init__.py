"""The record editors: riskanalys, åtgärd, uppföljning, and the lex Sarah case.

The shell calls ``open_record`` and ``new_risk_analysis``; each returns the (non-modal, shown)
dialog, whose ``saved`` signal is emitted after every successful save.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from kvalitet_desktop.services.context import Context

KINDS = ("riskanalys", "atgard", "uppfoljning", "lexsarah")


def _show(dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def open_record(parent: QWidget | None, ctx: Context, kind: str, record_id: str) -> QDialog:
    """Open the editor for a stored record of ``kind`` ("riskanalys", "atgard", "uppfoljning",
    "lexsarah")."""
    dialog: QDialog
    if kind == "riskanalys":
        from kvalitet_desktop.ui.editors.risk_analysis import RiskAnalysisEditor

        dialog = RiskAnalysisEditor(parent, ctx, record_id)
    elif kind == "atgard":
        from kvalitet_desktop.ui.editors.measure import MeasureDialog

        dialog = MeasureDialog(parent, ctx, record_id)
    elif kind == "uppfoljning":
        from kvalitet_desktop.ui.editors.follow_up import FollowUpDialog

        dialog = FollowUpDialog(parent, ctx, record_id)
    elif kind == "lexsarah":
        from kvalitet_desktop.ui.lexsarah.case_dialog import CaseDialog

        dialog = CaseDialog(parent, ctx, record_id)
    else:
        raise ValueError(f"unknown record kind: {kind!r}")
    return _show(dialog)


def new_risk_analysis(parent: QWidget | None, ctx: Context) -> QDialog:
    """Open the guided risk analysis editor on a new, unsaved analysis."""
    from kvalitet_desktop.ui.editors.risk_analysis import RiskAnalysisEditor

    return _show(RiskAnalysisEditor(parent, ctx, None))


__all__ = ["KINDS", "new_risk_analysis", "open_record"]
