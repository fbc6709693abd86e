"""Plain helpers for the GUI tests: find widgets, type and click like a user, show windows,
log in.

Fixtures (message-box answers, captured PDFs, stand-in editors, the development switch for
the plain fixture databases) are in ``conftest.py``.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QPushButton, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from kvalitet_desktop.services import accounts
from kvalitet_desktop.store.database import Database

W = TypeVar("W", bound=QWidget)
Printed = list[tuple[bytes, str, str]]  # (pdf, title, file stem): the ``printed`` fixture
PASSWORD = accounts.DEMO_PASSWORD  # every account of a fixture database gets it
# Argon2 (and creating a database) takes a while on a slow machine: generous, never asserted.
PASSWORD_WAIT_MS = 30_000


def with_passwords(db: Database) -> None:
    """Every account of a fixture database gets ``PASSWORD`` (it can then log in)."""
    accounts.give_every_account(db, PASSWORD)


def focused(widget: QWidget) -> QWidget:
    """The widget of ``widget``'s window that has (or gets, once shown) the keyboard focus."""
    focus = widget.window().focusWidget()
    assert focus is not None, "nothing has the focus"
    return focus


def type_here(qtbot: QtBot, root: QWidget, text: str) -> QWidget:
    """Type ``text`` where the focus is in ``root``'s window; returns that widget."""
    widget = focused(root)
    type_into(qtbot, widget, text)
    return widget


def key(qtbot: QtBot, root: QWidget, key: Qt.Key) -> None:
    """Press ``key`` where the focus is (Tab moves on, Return submits, Escape cancels)."""
    qtbot.keyClick(focused(root), key)


def shows_every_row(dialog: QWidget) -> bool:
    """Whether ``dialog`` is tall enough for its layout at its width (nothing squeezed)."""
    layout = dialog.layout()
    assert layout is not None
    layout.activate()
    needed = (
        layout.totalHeightForWidth(dialog.width())
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    return dialog.height() >= needed


def wait_until_not_busy(qtbot: QtBot, dialog: QWidget) -> None:
    """Until the dialog's password check (off the UI thread) has ended."""
    busy = getattr(dialog, "busy")  # noqa: B009 - every password dialog has one
    qtbot.waitUntil(lambda: not busy.active, timeout=PASSWORD_WAIT_MS)


def find_by_name(root: QWidget, cls: type[W], name: str) -> W:
    """The one widget of ``cls`` named ``name`` (the visible one if several share the name)."""
    found = [w for w in root.findChildren(cls) if w.accessibleName() == name]
    visible = [w for w in found if w.isVisible()]
    if len(visible) == 1:
        return visible[0]
    assert len(found) == 1, f"{len(found)} × {cls.__name__} named {name!r}"
    return found[0]


def shown_child(parent: QWidget, cls: type[W]) -> W:
    """The dialog of ``cls`` that ``parent`` shows now (closed ones may await deletion)."""
    (child,) = [w for w in parent.findChildren(cls) if w.isVisible()]
    return child


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a user. QTest only knows ASCII keys (``keyClicks`` with å, ä, ö aborts the
    process in this Qt build), so those go as text-only key events."""
    for char in text:
        if char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A left click where the widget reacts: a radio button on its indicator and text, not on
    the empty width beside them; anything else in its middle."""
    pos = (
        QPoint(8, widget.height() // 2)
        if isinstance(widget, QRadioButton)
        else widget.rect().center()
    )
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def press(qtbot: QtBot, root: QWidget, name: str, cls: type[QWidget] = QPushButton) -> None:
    """Click the button (or radio button, with ``cls``) named ``name`` under ``root``."""
    click(qtbot, find_by_name(root, cls, name))


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not in {combo.accessibleName()}"
    combo.setCurrentIndex(index)


def show(qtbot: QtBot, widget: W, size: tuple[int, int] | None = None) -> W:
    """Hand ``widget`` to qtbot, (resize and) show it and wait until it is on screen."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make ``window`` the active one (shortcuts such as Ctrl+S need it)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


class FakeEditor(QDialog):
    """Stands in for a record editor (see the ``fake_editors`` fixture)."""

    saved = Signal()
