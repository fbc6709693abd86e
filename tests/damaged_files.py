"""Files damaged for tests the way disks damage them: pages in the middle overwritten."""

from __future__ import annotations

import os
from pathlib import Path

PAGE = 4096


def damage_middle(path: Path) -> None:
    """Overwrite every other page of the file's middle fifth with random bytes (never its
    first pages: the file still opens, and the damage is met when it is read)."""
    size = path.stat().st_size
    start, end = size * 2 // 5 // PAGE, size * 3 // 5 // PAGE
    with path.open("r+b") as fh:
        for page in range(max(start, 2), end, 2):
            fh.seek(page * PAGE)
            fh.write(os.urandom(PAGE))
