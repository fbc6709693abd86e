"""``kvalitet --screenshot``: no display needed, an existing database and a known user required."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import with_passwords
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kvalitet_desktop.cli import main
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.ui import app as app_module

pytestmark = pytest.mark.gui


@pytest.fixture
def ready_db(admin: Context, unit_id: str, manager: Context) -> Path:
    path = Path(admin.db.path)
    with_passwords(admin.db)
    admin.db.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_screenshot_of_a_missing_database_is_refused_and_not_created(
    qapp: QApplication, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "saknas.sqlite"
    target = tmp_path / "x.png"
    for user in (["--user", "admin"], []):
        code, out, err = run(capsys, "--db", str(missing), *user, "--screenshot", str(target))
        assert code == 1 and out == ""
        assert err.strip() == f"kvalitet: Databasfilen {missing} finns inte."
        assert not missing.exists() and not target.exists()


def test_screenshot_without_user_takes_the_os_login_or_is_refused(
    qapp: QApplication,
    capsys: pytest.CaptureFixture[str],
    ready_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "x.png"
    monkeypatch.setattr(app_module, "os_login", lambda: "okänd")
    code, _, err = run(capsys, "--db", str(ready_db), "--screenshot", str(target))
    assert code == 1 and not target.exists()
    # The same one line as every command gives for a wrong login or password.
    assert err.strip() == "Inloggningen misslyckades. Fel inloggning eller lösenord."
    monkeypatch.setattr(app_module, "os_login", lambda: "enhetschef")
    code, _, err = run(capsys, "--db", str(ready_db), "--screenshot", str(target))
    assert code == 0, err
    assert not QImage(str(target)).isNull()


def test_screenshot_works_without_a_display(ready_db: Path, tmp_path: Path) -> None:
    """The README's command as written, on a machine with no display and no QT_QPA_PLATFORM."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    target = tmp_path / "out.png"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kvalitet_desktop",
            "--db",
            str(ready_db),
            "--user",
            "admin",
            "--screenshot",
            str(target),
            "--view",
            "riskanalyser",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(target))
    assert (image.width(), image.height()) == (1280, 800)


FIRST_PAINT = """
import os, sys
from PySide6.QtCore import QThreadPool
from kvalitet_desktop import cli
from kvalitet_desktop.ui import app

painted = app.StartWindow.paintEvent

def paint(self, event):
    painted(self, event)
    wanted = ("sqlalchemy", "kvalitet_desktop.ui.errors", "kvalitet_desktop.ui.operations",
              "logging.handlers")
    threads = QThreadPool.globalInstance().activeThreadCount()
    print(sorted(m for m in wanted if m in sys.modules), threads, flush=True)
    os._exit(0)

app.StartWindow.paintEvent = paint
sys.exit(cli.main(["--db", sys.argv[1], "--user", "admin"]))
"""


def test_the_start_window_paints_before_the_rest_of_start_up_begins(
    ready_db: Path, tmp_path: Path
) -> None:
    """Nothing competes with the first paint: no database thread, no log file, no error
    dialogs or background operations imported yet (they follow the paint)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KVALITET_SETTINGS_DIR": str(tmp_path),
        "KVALITET_LOG_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(ready_db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.stdout.strip() == "[] 0", done.stderr


OPENED_AT_HEAD = """
import sys
from kvalitet_desktop.store.database import Database
Database.open(sys.argv[1]).close()
print("alembic" in sys.modules, flush=True)
"""


def test_a_database_at_the_newest_schema_opens_without_alembic(ready_db: Path) -> None:
    from kvalitet_desktop.store import migrate

    assert migrate.written_head() == migrate.head_revision()
    done = subprocess.run(
        [sys.executable, "-c", OPENED_AT_HEAD, str(ready_db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.strip() == "False", done.stderr
