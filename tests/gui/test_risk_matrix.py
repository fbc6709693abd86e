"""RiskMatrixWidget: placing by mouse and keyboard, event counts, config-driven colours."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from kvalitet_desktop.domain.risk_matrix import RiskBand, RiskMatrixConfig
from kvalitet_desktop.ui.widgets.risk_matrix import MatrixEvent, RiskMatrixWidget

pytestmark = pytest.mark.gui


@pytest.fixture
def matrix(qtbot: QtBot) -> RiskMatrixWidget:
    widget = RiskMatrixWidget(RiskMatrixConfig())
    qtbot.addWidget(widget)
    widget.resize(520, 380)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_geometry_helpers_agree(matrix: RiskMatrixWidget) -> None:
    top_left = matrix.cell_rect(4, 1)
    bottom_right = matrix.cell_rect(1, 4)
    assert top_left.top() < bottom_right.top()  # high probability at the top
    assert top_left.left() < bottom_right.left()  # high consequence to the right
    for p in range(1, 5):
        for c in range(1, 5):
            assert matrix.cell_at(matrix.cell_rect(p, c).center()) == (p, c)
    assert matrix.cell_at(QPointF(1, 1)) is None
    with pytest.raises(ValueError):
        matrix.cell_rect(0, 5)


def test_click_emits_cell(qtbot: QtBot, matrix: RiskMatrixWidget) -> None:
    centre = matrix.cell_rect(3, 4).center().toPoint()
    with qtbot.waitSignal(matrix.cellChosen) as blocker:
        qtbot.mouseClick(matrix, Qt.MouseButton.LeftButton, pos=centre)
    assert blocker.args == [3, 4]
    assert matrix.current() == (3, 4)


def test_keyboard_moves_cursor_and_chooses(qtbot: QtBot, matrix: RiskMatrixWidget) -> None:
    matrix.setFocus()
    matrix.set_current(2, 2)
    qtbot.keyClick(matrix, Qt.Key.Key_Right)
    qtbot.keyClick(matrix, Qt.Key.Key_Up)
    with qtbot.waitSignal(matrix.cellChosen) as blocker:
        qtbot.keyClick(matrix, Qt.Key.Key_Return)
    assert blocker.args == [3, 3]

    qtbot.keyClick(matrix, Qt.Key.Key_Down)
    with qtbot.waitSignal(matrix.cellChosen) as blocker:
        qtbot.keyClick(matrix, Qt.Key.Key_Space)
    assert blocker.args == [2, 3]
    assert matrix.current() == (2, 3)


def test_arrows_stop_at_edges(qtbot: QtBot, matrix: RiskMatrixWidget) -> None:
    matrix.set_current(4, 4)
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Up):
        qtbot.keyClick(matrix, key)
    with qtbot.waitSignal(matrix.cellChosen) as blocker:
        qtbot.keyClick(matrix, Qt.Key.Key_Enter)
    assert blocker.args == [4, 4]

    for _ in range(6):
        qtbot.keyClick(matrix, Qt.Key.Key_Down)
        qtbot.keyClick(matrix, Qt.Key.Key_Left)
    assert matrix.cursor_cell() == (1, 1)


def test_non_interactive_emits_nothing(qtbot: QtBot, matrix: RiskMatrixWidget) -> None:
    matrix.set_interactive(False)
    with qtbot.assertNotEmitted(matrix.cellChosen):
        qtbot.mouseClick(
            matrix, Qt.MouseButton.LeftButton, pos=matrix.cell_rect(2, 2).center().toPoint()
        )
        qtbot.keyClick(matrix, Qt.Key.Key_Return)
    assert matrix.current() is None


def test_events_are_counted_per_cell(matrix: RiskMatrixWidget) -> None:
    matrix.set_events(
        [
            MatrixEvent("a", "3. Deltagare blir isolerade", 3, 3),
            MatrixEvent("b", "4. Fel läkemedel ges", 3, 3),
            MatrixEvent("c", "1. Brand i köket", 1, 4),
            MatrixEvent("d", "2. Ej bedömd", None, 2),
            MatrixEvent("e", "5. Ej bedömd heller", None, None),
        ]
    )
    assert [e.key for e in matrix.events_in(3, 3)] == ["a", "b"]
    assert [e.key for e in matrix.events_in(1, 4)] == ["c"]
    assert sum(len(matrix.events_in(p, c)) for p in range(1, 5) for c in range(1, 5)) == 3

    assert matrix.tooltip_text(3, 3).splitlines() == [
        "Sannolikhet: Stor, Konsekvens: Betydande – riskvärde 9 (Hög risk)",
        "• 3. Deltagare blir isolerade",
        "• 4. Fel läkemedel ges",
    ]
    assert matrix.tooltip_text(2, 2).splitlines() == [
        "Sannolikhet: Liten, Konsekvens: Måttlig – riskvärde 4 (Medelhög risk)"
    ]


def _single_colour_config(color: str, labels: tuple[str, str, str, str]) -> RiskMatrixConfig:
    return RiskMatrixConfig(
        probability_labels=labels,
        consequence_labels=labels,
        bands=(RiskBand("all", "Alla", 1, 16, color),),
    )


def _colour_in_cell(widget: RiskMatrixWidget, p: int, c: int) -> QColor:
    """Colour near the bottom-left of a cell: away from the score, badge and outlines."""
    image = widget.grab().toImage()
    rect = widget.cell_rect(p, c)
    point = QPointF(rect.left() + rect.width() * 0.15, rect.bottom() - rect.height() * 0.15)
    ratio = image.devicePixelRatio()
    return image.pixelColor(QPoint(round(point.x() * ratio), round(point.y() * ratio)))


@pytest.mark.parametrize("color", ["#3366cc", "#aa22aa"])
def test_cells_use_band_colour_from_config(matrix: RiskMatrixWidget, color: str) -> None:
    labels = ("Ett", "Två", "Tre", "Fyra")
    matrix.set_config(_single_colour_config(color, labels))
    assert _colour_in_cell(matrix, 1, 1).name() == color
    assert _colour_in_cell(matrix, 4, 4).name() == color
    assert matrix.tooltip_text(4, 1).startswith(
        "Sannolikhet: Fyra, Konsekvens: Ett – riskvärde 4 (Alla)"
    )


def test_default_bands_colour_their_cells(matrix: RiskMatrixWidget) -> None:
    config = RiskMatrixConfig()
    for p, c in ((1, 1), (2, 2), (3, 3), (4, 4)):
        assert _colour_in_cell(matrix, p, c).name() == config.band_for(p * c).color


def test_accessibility(qtbot: QtBot, matrix: RiskMatrixWidget) -> None:
    assert matrix.accessibleName() == "Riskmatris"
    assert matrix.focusPolicy() == Qt.FocusPolicy.StrongFocus
    matrix.set_events([MatrixEvent("a", "A", 3, 3), MatrixEvent("b", "B", 3, 3)])
    matrix.set_current(3, 3)
    assert matrix.accessibleDescription().startswith(
        "Markerad ruta: sannolikhet Stor, konsekvens Betydande, riskvärde 9, Hög risk, 2 händelser."
    )
    before = matrix.accessibleDescription()
    qtbot.keyClick(matrix, Qt.Key.Key_Left)
    after = matrix.accessibleDescription()
    assert after != before
    assert "Markerad ruta: sannolikhet Stor, konsekvens Måttlig, riskvärde 6" in after
    assert "Vald ruta: sannolikhet Stor, konsekvens Betydande" in after


def test_tooltip_event_shows_cell_text(qtbot: QtBot, matrix: RiskMatrixWidget) -> None:
    matrix.set_events([MatrixEvent("a", "3. Deltagare <blir> isolerade", 3, 3)])
    pos = matrix.cell_rect(3, 3).center().toPoint()
    QApplication.sendEvent(matrix, QHelpEvent(QEvent.Type.ToolTip, pos, matrix.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert "riskvärde 9 (Hög risk)" in QToolTip.text()
    assert "&lt;blir&gt;" in QToolTip.text()  # event labels are escaped, never rich text
    QToolTip.hideText()


def _shown_in_full(lines: list[str], label: str) -> bool:
    return " ".join(lines) == label and not any("…" in line for line in lines)


def test_labels_show_in_full_at_the_minimum_size(matrix: RiskMatrixWidget) -> None:
    config = RiskMatrixConfig()
    matrix.resize(matrix.minimumSizeHint().width(), 300)
    for value in range(1, 5):
        label = config.consequence_label(value)
        assert _shown_in_full(matrix.consequence_label_lines(value), label), label
        label = config.probability_label(value)
        assert _shown_in_full(matrix.probability_label_lines(value), label), label


def test_a_squeezed_label_breaks_with_a_hyphen_before_it_is_cut(
    matrix: RiskMatrixWidget,
) -> None:
    matrix.resize(300, 300)  # narrower than it asks for
    first, rest = matrix.consequence_label_lines(4)
    assert first.endswith("-") and "…" not in rest
    assert first[:-1] + rest == "Katastrofal"
