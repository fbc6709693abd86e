"""Where the user interface keeps its own preferences (geometry, columns, filters, last view).

These are per-user, per-machine settings in an INI file; municipality-wide settings live in the
database (services.settings). Tests point ``KVALITET_SETTINGS_DIR`` at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

SETTINGS_DIR_ENV = "KVALITET_SETTINGS_DIR"


def app_settings() -> QSettings:
    folder = os.environ.get(SETTINGS_DIR_ENV)
    if folder:
        return QSettings(str(Path(folder) / "kvalitet-desktop.ini"), QSettings.Format.IniFormat)
    return QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        "Kvalitet Desktop",
        "kvalitet-desktop",
    )
