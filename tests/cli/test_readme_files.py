"""The files the README's commands make in the checkout are git-ignored (and docs/ is not)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OPTION_FILE = re.compile(r"--(?:db|out|screenshot) ([\w.-]+\.\w+)\b")


def ignored(*paths: str) -> set[str]:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "-z", "--stdin", "--no-index"],
        input="\0".join(paths),
        capture_output=True,
        text=True,
        timeout=30,
    )
    return set(result.stdout.split("\0")) - {""}


@pytest.fixture(autouse=True)
def a_git_checkout() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")


def test_the_readme_files_are_ignored() -> None:
    named = set(OPTION_FILE.findall((ROOT / "README.md").read_text(encoding="utf-8")))
    assert {"demo.sqlite", "kopia.sqlite", "rapport.pdf", "plan.pdf", "out.png", "fil.pdf"} <= named
    made = named | {"demo.sqlite-wal", "demo.sqlite-shm", "demo.sqlite-journal"}
    made |= {"rapport.pdf.partial", "säkerhetskopior/demo-schema-tom-20250101-120000.sqlite"}
    made |= {"demo.sqlite.keys", "kopia.sqlite.keys", "kopia.sqlite.backup.partial"}
    assert ignored(*made) == made


def test_the_documentation_and_the_code_are_not_ignored() -> None:
    kept = ["docs/screenshots/dashboard.png", "resources/fonts/x.ttf", "tests/fixtures/x.sqlite"]
    assert ignored(*kept) == set()
