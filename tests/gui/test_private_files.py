"""The GUI's own files: the settings file is owner-only, temporary files go to a private folder."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from kvalitet_desktop.private_files import private_temp_folder
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


def test_temporary_files_go_to_an_owner_only_folder_removed_after() -> None:
    from PySide6.QtCore import QDir

    before = tempfile.gettempdir()
    with private_temp_folder() as folder:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert Path(QDir.tempPath()) == folder  # Qt's, and so the print spool's
        with tempfile.NamedTemporaryFile() as spool:
            assert Path(spool.name).parent == folder
        (folder / "utskrift.pdf").write_bytes(b"%PDF")
    assert not folder.exists()
    assert tempfile.gettempdir() == before and Path(QDir.tempPath()) != folder
