"""Where the user interface keeps its own preferences (geometry, columns, filters, last view).

These are per-user, per-machine settings in an INI file; municipality-wide settings live in the
database (services.settings). Tests point ``KVALITET_SETTINGS_DIR`` at a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from kvalitet_desktop.private_files import create_private_file

SETTINGS_DIR_ENV = "KVALITET_SETTINGS_DIR"
_private: set[Path] = set()  # settings files already made owner-only in this process


def app_settings() -> QSettings:
    folder = os.environ.get(SETTINGS_DIR_ENV)
    if folder:
        settings = QSettings(str(Path(folder) / "kvalitet-desktop.ini"), QSettings.Format.IniFormat)
    else:
        settings = QSettings(
            QSettings.Format.IniFormat,
            QSettings.Scope.UserScope,
            "Kvalitet Desktop",
            "kvalitet-desktop",
        )
    _make_private(Path(settings.fileName()))
    return settings


def _make_private(path: Path) -> None:
    """The INI file exists owner-only before Qt writes it; Qt keeps a file's permissions.

    (The file holds no records, but the last filters and searches can name a unit or a
    person's code.)
    """
    if path in _private:
        return
    try:
        create_private_file(path)
    except OSError:
        return  # Qt reports an unwritable settings file itself (status AccessError)
    _private.add(path)
