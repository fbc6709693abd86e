"""The 4×4 risk matrix: shows where risk events sit and lets the user place one.

Rows are probability (sannolikhet, 4 at the top), columns consequence (konsekvens, 1 at the
left). Labels and colour bands come from ``RiskMatrixConfig``; nothing here is hard-coded.
Everything is painted in ``paintEvent`` and laid out from font metrics, so it follows the
system font and scales with the widget.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QToolTip, QWidget

from kvalitet_desktop.domain.risk_matrix import (
    SCALE,
    SCALE_MAX,
    SCALE_MIN,
    RiskBand,
    RiskMatrixConfig,
    check_cell,
    clamp_to_scale,
    on_scale,
    risk_score,
)

Cell = tuple[int, int]  # (probability, consequence)

_MARGIN = 6.0
_GAP = 4.0  # between a label and what it labels
_CELL_GAP = 2.0  # the background shows through as grid lines
_DARK = QColor("#1b1f23")
_RIGHT_MIDDLE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT_MIDDLE = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE_TOP = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop


@dataclass(frozen=True)
class MatrixEvent:
    """A risk event to place in the matrix; events without an assessment are not drawn."""

    key: str
    label: str
    probability: int | None
    consequence: int | None


@dataclass(frozen=True)
class _LegendItem:
    band: RiskBand
    text: str
    rect: QRectF  # swatch + text


@dataclass(frozen=True)
class _Layout:
    grid: QRectF
    row_labels_right: float
    col_labels_top: float
    axis_left: float  # x of the rotated "Sannolikhet" title
    axis_bottom_top: float  # y of the "Konsekvens" title
    legend: tuple[_LegendItem, ...]


class RiskMatrixWidget(QWidget):
    """Painted 4×4 risk matrix with event counts, a chosen cell and a keyboard cursor.

    ``cellChosen(probability, consequence)`` is emitted when the user clicks a cell or presses
    Enter/Space on the cursor cell (only when interactive); the chosen cell becomes current.
    """

    cellChosen = Signal(int, int)

    def __init__(
        self,
        config: RiskMatrixConfig,
        parent: QWidget | None = None,
        *,
        interactive: bool = True,
    ) -> None:
        super().__init__(parent)
        self._config = config
        self._interactive = interactive
        self._events: dict[Cell, list[MatrixEvent]] = {}
        self._current: Cell | None = None
        self._cursor: Cell = (1, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Riskmatris"))
        self._update_description()

    # --- public API -----------------------------------------------------------------------

    def set_config(self, config: RiskMatrixConfig) -> None:
        self._config = config
        self._changed()

    def config(self) -> RiskMatrixConfig:
        return self._config

    def set_events(self, events: Sequence[MatrixEvent]) -> None:
        self._events = {}
        for event in events:
            p, c = event.probability, event.consequence
            if on_scale(p) and on_scale(c):
                self._events.setdefault((p, c), []).append(event)
        self._changed()

    def events_in(self, probability: int, consequence: int) -> tuple[MatrixEvent, ...]:
        return tuple(self._events.get((probability, consequence), ()))

    def set_current(self, probability: int | None, consequence: int | None) -> None:
        """Mark a cell as chosen (and move the cursor there); ``None`` clears the choice."""
        if probability is None or consequence is None:
            self._current = None
        else:
            check_cell(probability, consequence)
            self._current = self._cursor = (probability, consequence)
        self._changed()

    def current(self) -> Cell | None:
        return self._current

    def cursor_cell(self) -> Cell:
        """The keyboard cursor's cell (moved with the arrow keys)."""
        return self._cursor

    def set_interactive(self, interactive: bool) -> None:
        # A read-only matrix keeps focus and cursor so keyboard users can still explore it.
        self._interactive = interactive
        self.update()

    def is_interactive(self) -> bool:
        return self._interactive

    def cell_rect(self, probability: int, consequence: int) -> QRectF:
        """The cell's area in widget coordinates (including its share of the grid lines)."""
        check_cell(probability, consequence)
        grid = self._layout().grid
        w, h = grid.width() / len(SCALE), grid.height() / len(SCALE)
        left = grid.left() + (consequence - SCALE_MIN) * w
        return QRectF(left, grid.top() + (SCALE_MAX - probability) * h, w, h)

    def cell_at(self, pos: QPointF) -> Cell | None:
        grid = self._layout().grid
        if not grid.contains(pos) or grid.isEmpty():
            return None
        steps = len(SCALE)
        col = min(int((pos.x() - grid.left()) / (grid.width() / steps)), steps - 1)
        row = min(int((pos.y() - grid.top()) / (grid.height() / steps)), steps - 1)
        return (SCALE_MAX - row, SCALE_MIN + col)

    def tooltip_text(self, probability: int, consequence: int) -> str:
        """Plain-text description of a cell followed by the events placed in it."""
        score = risk_score(probability, consequence)
        lines = [
            self.tr("Sannolikhet: {p}, Konsekvens: {c} – riskvärde {s} ({band})").format(
                p=self._config.probability_label(probability),
                c=self._config.consequence_label(consequence),
                s=score,
                band=self._config.band_for(score).label,
            )
        ]
        lines += [f"• {e.label}" for e in self.events_in(probability, consequence)]
        return "\n".join(lines)

    def probability_label_lines(self, probability: int) -> list[str]:
        """The probability's label as drawn left of its row (one or two lines)."""
        width = self._row_label_width(self._layout())
        fm = QFontMetricsF(self.font())
        return _fit_lines(fm, self._config.probability_label(probability), width)

    def consequence_label_lines(self, consequence: int) -> list[str]:
        """The consequence's label as drawn under its column (one or two lines)."""
        width = self.cell_rect(1, consequence).width() - 2
        fm = QFontMetricsF(self.font())
        return _fit_lines(fm, self._config.consequence_label(consequence), width)

    def sizeHint(self) -> QSize:
        return QSize(max(460, self.minimumSizeHint().width()), 340)

    def minimumSizeHint(self) -> QSize:
        """Wide enough for every scale label in full (a label may take two lines)."""
        fm = QFontMetricsF(self.font())
        labels = max(fm.horizontalAdvance(t) for t in self._config.probability_labels)
        row_labels = _MARGIN + fm.height() + _GAP + labels + _GAP
        column = max(_two_line_width(fm, t) for t in self._config.consequence_labels)
        # The column's own 2 px, and 2 px either side of the label (see _layout and paintEvent).
        width = row_labels + len(SCALE) * (column + 4) + _MARGIN
        return QSize(max(320, math.ceil(width)), 240)

    # --- events ---------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cell = self.cell_at(QPointF(event.pos()))
            if cell is None:
                QToolTip.hideText()
                event.ignore()
            else:
                # Escape so event labels are never taken for rich text.
                lines = self.tooltip_text(*cell).split("\n")
                text = "<br>".join(html.escape(line) for line in lines)
                QToolTip.showText(event.globalPos(), text, self, self.cell_rect(*cell).toRect())
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or cell is None:
            super().mousePressEvent(event)
            return
        self._cursor = cell
        self._choose(cell)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        p, c = self._cursor
        key = Qt.Key(event.key())
        moves: dict[Qt.Key, Cell] = {
            Qt.Key.Key_Up: (p + 1, c),
            Qt.Key.Key_Down: (p - 1, c),
            Qt.Key.Key_Left: (p, c - 1),
            Qt.Key.Key_Right: (p, c + 1),
            Qt.Key.Key_Home: (p, SCALE_MIN),
            Qt.Key.Key_End: (p, SCALE_MAX),
        }
        if key in moves:
            np, nc = moves[key]
            self._cursor = (clamp_to_scale(np), clamp_to_scale(nc))
            self._changed()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._choose(self._cursor)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    # --- painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        layout = self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_color = self.palette().windowText().color()
        fm = QFontMetricsF(self.font())

        for p in SCALE:
            for c in SCALE:
                self._paint_cell(painter, p, c)

        # Scale labels wrap onto two lines when needed and are elided only as a last resort.
        painter.setFont(self.font())
        painter.setPen(text_color)
        label_width = self._row_label_width(layout)
        for p in SCALE:
            row = self.cell_rect(p, 1)
            rect = QRectF(
                layout.row_labels_right - label_width, row.top(), label_width, row.height()
            )
            painter.drawText(rect, _RIGHT_MIDDLE, "\n".join(self.probability_label_lines(p)))
        for c in SCALE:
            col = self.cell_rect(1, c)
            rect = QRectF(col.left(), layout.col_labels_top, col.width(), 2 * fm.height())
            painter.drawText(rect, _CENTRE_TOP, "\n".join(self.consequence_label_lines(c)))

        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        grid = layout.grid
        painter.drawText(
            QRectF(grid.left(), layout.axis_bottom_top, grid.width(), fm.height()),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Konsekvens"),
        )
        # Rotated so it reads bottom-to-top along the probability axis.
        painter.save()
        painter.translate(layout.axis_left, grid.bottom())
        painter.rotate(-90)
        painter.drawText(
            QRectF(0, 0, grid.height(), fm.height()),
            Qt.AlignmentFlag.AlignCenter,
            self.tr("Sannolikhet"),
        )
        painter.restore()

        painter.setFont(self.font())
        swatch = fm.height() * 0.8
        for item in layout.legend:
            box = QRectF(item.rect.left(), item.rect.center().y() - swatch / 2, swatch, swatch)
            painter.setPen(QPen(QColor(item.band.color).darker(150), 1))
            painter.setBrush(QColor(item.band.color))
            painter.drawRoundedRect(box, 2, 2)
            painter.setPen(text_color)
            text_rect = item.rect.adjusted(swatch + _GAP, 0, 0, 0)
            painter.drawText(text_rect, _LEFT_MIDDLE, item.text)
        painter.end()

    def _paint_cell(self, painter: QPainter, p: int, c: int) -> None:
        score = risk_score(p, c)
        fill = QColor(self._config.band_for(score).color)
        half = _CELL_GAP / 2
        rect = self.cell_rect(p, c).adjusted(half, half, -half, -half)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRect(rect)

        size = min(rect.width(), rect.height())
        score_font = QFont(self.font())
        score_font.setBold(True)
        score_font.setPixelSize(max(11, min(28, round(size * 0.3))))
        painter.setFont(score_font)
        painter.setPen(_readable_on(fill))
        count = len(self._events.get((p, c), ()))
        radius = max(9.0, min(14.0, size * 0.17))
        badge = QPointF(rect.right() - radius - 6, rect.top() + radius + 6)
        score_rect = rect
        text_size = QFontMetricsF(score_font).size(0, str(score))
        if (
            count
            and badge.y() + radius > rect.center().y() - text_size.height() / 2
            and badge.x() - radius < rect.center().x() + text_size.width() / 2
        ):
            # Small cell: keep the score clear of the count badge.
            score_rect = rect.adjusted(0, 0, -(2 * radius + 6), 0)
        painter.drawText(score_rect, Qt.AlignmentFlag.AlignCenter, str(score))

        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._current == (p, c):
            # Dark with a white inner line so it stands out on light and dark band colours.
            pen = QPen(_DARK, 4)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(2, 2, -2, -2))
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.drawRect(rect.adjusted(4.75, 4.75, -4.75, -4.75))
        if self._cursor == (p, c) and self.hasFocus():
            # Inside the chosen outline so both stay visible on the same cell.
            pen = QPen(self.palette().highlight().color().darker(130), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(7, 7, -7, -7))

        # Drawn last so the outlines never cross the count.
        if count:
            center = badge
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(_DARK)
            painter.drawEllipse(center, radius, radius)
            badge_font = QFont(self.font())
            badge_font.setBold(True)
            badge_font.setPixelSize(max(10, round(radius * 1.1)))
            painter.setFont(badge_font)
            painter.drawText(
                QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius),
                Qt.AlignmentFlag.AlignCenter,
                str(count),
            )

    # --- internals ------------------------------------------------------------------------

    def _row_label_width(self, layout: _Layout) -> float:
        line = QFontMetricsF(self.font()).height()
        return layout.row_labels_right - layout.axis_left - line - _GAP

    def _layout(self) -> _Layout:
        fm = QFontMetricsF(self.font())
        line = fm.height()
        width, height = float(self.width()), float(self.height())

        # Row labels get their natural width, but never more than a third of the widget.
        labels = max(fm.horizontalAdvance(t) for t in self._config.probability_labels)
        axis_left = _MARGIN
        labels_right = axis_left + line + _GAP + min(labels, width / 3) + _GAP
        grid_right = width - _MARGIN
        column = (grid_right - labels_right) / len(SCALE) - 2
        col_lines = max(len(_fit_lines(fm, t, column)) for t in self._config.consequence_labels)
        flowed, legend_height = self._legend_items(fm, _MARGIN, width - _MARGIN)

        legend_top = height - _MARGIN - legend_height
        axis_bottom_top = legend_top - _GAP * 2 - line
        col_labels_top = axis_bottom_top - _GAP / 2 - col_lines * line
        grid_bottom = col_labels_top - _GAP / 2
        grid = QRectF(
            labels_right,
            _MARGIN,
            max(0.0, grid_right - labels_right),
            max(0.0, grid_bottom - _MARGIN),
        )
        legend = tuple(
            _LegendItem(i.band, i.text, i.rect.translated(0, legend_top)) for i in flowed
        )
        return _Layout(
            grid, labels_right - _GAP, col_labels_top, axis_left, axis_bottom_top, legend
        )

    def _legend_items(
        self, fm: QFontMetricsF, left: float, right: float
    ) -> tuple[list[_LegendItem], float]:
        """Flow the band legend into centred rows (y relative to the legend top).

        Returns the items and the legend's height.
        """
        line = fm.height()
        swatch = line * 0.8
        spacing = line
        rows: list[list[tuple[RiskBand, str, float]]] = [[]]
        x = 0.0
        for band in sorted(self._config.bands, key=lambda b: b.min_score):
            if band.min_score == band.max_score:
                text = self.tr("{label} ({score})").format(label=band.label, score=band.min_score)
            else:
                text = self.tr("{label} ({low}–{high})").format(
                    label=band.label, low=band.min_score, high=band.max_score
                )
            item_width = swatch + _GAP + fm.horizontalAdvance(text) + 1
            if rows[-1] and x + item_width > right - left:
                rows.append([])
                x = 0.0
            rows[-1].append((band, text, item_width))
            x += item_width + spacing

        items: list[_LegendItem] = []
        for i, row in enumerate(rows):
            row_width = sum(w for _, _, w in row) + spacing * (len(row) - 1)
            x = left + max(0.0, (right - left - row_width) / 2)
            y = i * (line + _GAP)
            for band, text, item_width in row:
                items.append(_LegendItem(band, text, QRectF(x, y, item_width, line)))
                x += item_width + spacing
        return items, (len(rows) * (line + _GAP) - _GAP if items else 0.0)

    def _choose(self, cell: Cell) -> None:
        if not self._interactive:
            self._changed()
            return
        self._current = cell
        self._changed()
        self.cellChosen.emit(*cell)

    def _changed(self) -> None:
        self._update_description()
        self.update()

    def _describe(self, cell: Cell) -> str:
        p, c = cell
        score = risk_score(p, c)
        count = len(self._events.get(cell, ()))
        if count == 0:
            events = self.tr("inga händelser")
        elif count == 1:
            events = self.tr("1 händelse")
        else:
            events = self.tr("{n} händelser").format(n=count)
        return self.tr("sannolikhet {p}, konsekvens {c}, riskvärde {s}, {band}, {events}").format(
            p=self._config.probability_label(p),
            c=self._config.consequence_label(c),
            s=score,
            band=self._config.band_for(score).label,
            events=events,
        )

    def _update_description(self) -> None:
        parts = [self.tr("Markerad ruta: {cell}.").format(cell=self._describe(self._cursor))]
        if self._current is None:
            parts.append(self.tr("Ingen ruta vald."))
        elif self._current != self._cursor:
            parts.append(self.tr("Vald ruta: {cell}.").format(cell=self._describe(self._current)))
        else:
            parts.append(self.tr("Den markerade rutan är vald."))
        self.setAccessibleDescription(" ".join(parts))


def _readable_on(fill: QColor) -> QColor:
    """Black or white text, whichever contrasts better with a (configurable) band colour."""
    luminance = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF()
    return _DARK if luminance > 0.55 else QColor("white")


def _best_split(fm: QFontMetricsF, text: str) -> tuple[str, str] | None:
    """``text`` on two lines split at the space that makes the wider line narrowest."""
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    if not splits:
        return None
    return min(splits, key=lambda pair: max(fm.horizontalAdvance(part) for part in pair))


def _two_line_width(fm: QFontMetricsF, text: str) -> float:
    """The narrowest a label can be shown in full without breaking a word."""
    best = _best_split(fm, text)
    parts = best if best is not None else (text,)
    return max(fm.horizontalAdvance(part) for part in parts)


def _hyphenated(fm: QFontMetricsF, word: str, width: float) -> tuple[str, str] | None:
    """A word too wide for ``width``: as much as fits, with a hyphen, then the rest."""
    for end in range(len(word) - 2, 1, -1):
        head = word[:end] + "-"
        if fm.horizontalAdvance(head) <= width:
            return head, word[end:]
    return None


def _fit_lines(fm: QFontMetricsF, text: str, width: float) -> list[str]:
    """``text`` on one line, else split at the space that fits best onto two (a single word
    with a hyphen, when the widget is narrower than its minimum); elided only as a last
    resort."""
    if fm.horizontalAdvance(text) <= width:
        return [text]
    lines = _best_split(fm, text) or _hyphenated(fm, text, width)
    if lines is None:
        return [fm.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    return [fm.elidedText(part, Qt.TextElideMode.ElideRight, width) for part in lines]
