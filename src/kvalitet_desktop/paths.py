"""One lookup for shipped files (resources/, forms/) and the user's data folder.

Works from a source checkout or editable install, an installed wheel (data under
``<prefix>/share/kvalitet-desktop``) and a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path

from kvalitet_desktop import APP_ID

DB_ENV = "KVALITET_DB"


def _candidates(folder: str) -> list[Path]:
    found: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.append(Path(frozen) / folder)
    found.append(Path(__file__).resolve().parents[2] / folder)
    found.append(Path(sys.prefix) / "share" / APP_ID / folder)
    return found


@cache
def shipped_dir(folder: str) -> Path:
    """The shipped top-level folder ``resources`` or ``forms``."""
    for candidate in _candidates(folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Programmets mapp '{folder}' saknas i installationen.")


def resource(*parts: str) -> Path:
    return shipped_dir("resources").joinpath(*parts)


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return Path(user_data_path(APP_ID, appauthor=False, ensure_exists=False))


def default_database_path() -> Path:
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return user_data_dir() / "kvalitet.sqlite"


def log_dir() -> Path:
    override = os.environ.get("KVALITET_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return Path(user_log_path(APP_ID, appauthor=False, ensure_exists=False))
