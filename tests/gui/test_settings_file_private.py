"""The GUI's own settings file is owner-only, even under a permissive umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kvalitet_desktop.ui.settings_store import app_settings

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_settings_file_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        settings = app_settings()
        settings.setValue("lista/filter", "Solrosen")
        settings.sync()
        path = Path(settings.fileName())
        again = app_settings()  # Qt rewrites the file through a temporary one
        again.setValue("lista/sortering", "titel")
        again.sync()
    finally:
        os.umask(old)
    assert path.read_text(encoding="utf-8").count("=") == 2
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
