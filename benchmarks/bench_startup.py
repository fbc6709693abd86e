"""Start-up benchmark (not part of the test suite; prints timings only).

Each figure is measured from the moment a fresh Python process is started:

- a bare PySide6 QMainWindow to its first paint (the floor on this machine);
- the program's start window ("Öppnar databasen…") to its first paint, and its ratio to the
  bare window measured in the same run (target: within 1.3×);
- the program, started as ``kvalitet --db DEMO --user admin``, until the dashboard of the 100×
  demo municipality is filled (target: ≤ 1.0 s).

.venv/bin/python benchmarks/bench_startup.py [--db /tmp/bench-startup.sqlite] [--repeat 7]

Without ``--db`` (or if the file does not exist) the 100× demo is made first (~20 s). Qt runs
offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BARE_WINDOW = """
import os
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

class Window(QMainWindow):
    def paintEvent(self, event):
        super().paintEvent(event)
        print("painted", flush=True)
        os._exit(0)

app = QApplication([])
window = Window()
window.setCentralWidget(QLabel("Öppnar databasen…"))
window.resize(520, 220)
window.show()
app.exec()
"""

# The program as ``python -m kvalitet_desktop`` runs it; only the notification is added.
START_WINDOW = """
import os, sys
from kvalitet_desktop import cli
from kvalitet_desktop.ui import app

painted = app.StartWindow.paintEvent

def paint(self, event):
    painted(self, event)
    print("painted", flush=True)
    os._exit(0)

app.StartWindow.paintEvent = paint
sys.exit(cli.main(["--db", sys.argv[1], "--user", "admin"]))
"""

DASHBOARD_FILLED = """
import os, sys
from kvalitet_desktop import cli
from kvalitet_desktop.ui.views import dashboard

filled = dashboard.DashboardView.show_dashboard

def show(self, data):
    filled(self, data)
    print("filled", flush=True)
    os._exit(0)

dashboard.DashboardView.show_dashboard = show
sys.exit(cli.main(["--db", sys.argv[1], "--user", "admin"]))
"""


def seconds_until_line(program: str, *args: str) -> float:
    """Wall time from starting a Python process running ``program`` until it prints a line."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed program starts from compiled bytecode; without it every run would also
    # measure compiling the whole package (the warm-up run writes the .pyc files).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(program), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = process.communicate(timeout=120)
    if not line.strip():
        raise SystemExit(f"the measured process ended without the mark:\n{err}")
    return elapsed


def median_ms(program: str, *args: str, repeat: int) -> float:
    seconds_until_line(program, *args)  # warm the file cache
    return statistics.median(seconds_until_line(program, *args) for _ in range(repeat)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / "bench-startup-100.sqlite"
    if not path.exists():
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kvalitet_desktop", "demo", "--scale", "100", "--db", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"demo scale 100 made in {time.perf_counter() - start:.1f} s: {path}")
    settings = tempfile.mkdtemp()
    os.environ["KVALITET_SETTINGS_DIR"] = settings  # no remembered state of the developer's
    os.environ["KVALITET_LOG_DIR"] = settings
    bare = median_ms(BARE_WINDOW, repeat=args.repeat)
    start_window = median_ms(START_WINDOW, str(path), repeat=args.repeat)
    filled = median_ms(DASHBOARD_FILLED, str(path), repeat=args.repeat)
    ratio = start_window / bare
    n = args.repeat
    print(f"bare QMainWindow, first paint          median {bare:7.0f} ms  (n={n})")
    print(f"start window, first paint              median {start_window:7.0f} ms  (n={n})")
    print(f"  ratio to the bare window             {ratio:7.2f} ×   (target ≤ 1.30 ×)")
    print(
        f"dashboard of the 100× demo filled      median {filled:7.0f} ms  "
        f"(target ≤ 1000 ms){'' if filled <= 1000 else '  – over the target'}"
    )


if __name__ == "__main__":
    main()
