"""Read-only media for tests, made for real: a read-only bind mount of a folder (root only)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _run(*command: str) -> bool:
    return subprocess.run(list(command), capture_output=True).returncode == 0


@contextmanager
def read_only_view(folder: Path, mount: Path) -> Iterator[Path]:
    """``folder`` seen read-only at ``mount`` (root ignores chmod, so a bind mount it is);
    the test is skipped, saying why, where none can be made."""
    if not ROOT:
        pytest.skip("a read-only bind mount needs root")
    mount.mkdir()
    if not (
        _run("mount", "--bind", str(folder), str(mount))
        and _run("mount", "-o", "remount,ro,bind", str(mount))
    ):
        _run("umount", str(mount))
        pytest.skip("a read-only bind mount cannot be made here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)
