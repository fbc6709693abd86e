"""The eight steps' titles and guidance, and the marks that show which are complete."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap


def _tr(text: str) -> str:
    return QCoreApplication.translate("RiskAnalysisEditor", text)


def step_texts() -> list[tuple[str, str]]:
    """(title, guidance) per step, following Socialstyrelsen's method (regulations.md §3)."""
    return [
        (
            _tr("Omfattning"),
            _tr(
                "Beskriv vad som ska analyseras och varför. En riskanalys görs inför "
                "förändringar i verksamheten eller personalsammansättningen, nya arbetssätt och "
                "vid återkommande översyn (SOSFS 2011:9 5 kap. 1 §)."
            ),
        ),
        (
            _tr("Uppdrag och analysteam"),
            _tr("Vem har gett uppdraget, vem leder analysen och vilka deltar i den?"),
        ),
        (
            _tr("Faktaunderlag"),
            _tr("Samla det underlag som analysen bygger på."),
        ),
        (
            _tr("Händelser och bedömning"),
            _tr(
                "Vilka händelser kan inträffa som kan leda till brister i verksamhetens "
                "kvalitet? Uppskatta sannolikheten och bedöm de negativa konsekvenserna för "
                "varje händelse. Riskvärde = sannolikhet × konsekvens."
            ),
        ),
        (
            _tr("Orsaker och förslag"),
            _tr("Ta reda på de bakomliggande orsakerna och föreslå åtgärder."),
        ),
        (
            _tr("Åtgärder"),
            _tr(
                "Besluta vilka åtgärder som ska göras, vem som ansvarar och när de ska vara klara."
            ),
        ),
        (
            _tr("Beslut och uppföljning"),
            _tr(
                "Dokumentera beslutet: vad som beslutas, av vem och när – och när riskanalysen "
                "ska följas upp."
            ),
        ),
        (
            _tr("Sammanfattning"),
            _tr("Hela riskanalysen på en sida. Skriv ut den inför beslut eller för arkivet."),
        ),
    ]


def mark_icon(*, done: bool) -> QIcon:
    """A green check for a complete step, an empty ring for one still to do."""
    size = 32
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QRectF(3, 3, size - 6, size - 6)
    if done:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#2e7d32"))
        painter.drawEllipse(circle)
        pen = QPen(QColor("white"), 3.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolyline([QPointF(9.5, 16.5), QPointF(14, 21), QPointF(22.5, 11.5)])
    else:
        painter.setPen(QPen(QColor("#9e9e9e"), 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(circle.adjusted(1, 1, -1, -1))
    painter.end()
    return QIcon(pixmap)
