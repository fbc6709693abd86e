"""Guards against a known-bad Qt binding: PySide6 6.12.0 on Python 3.11 drops a reference to
None on every call that returns nothing, so the program aborts after a few thousand calls."""

from __future__ import annotations

import sys

import pytest


@pytest.mark.gui
def test_void_qt_calls_keep_none_alive() -> None:
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("kontroll")
    assert sys.getrefcount(None) >= before - 10
