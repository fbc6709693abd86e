"""Start-up benchmark (not part of the test suite; prints timings only).

Each figure is measured from the moment a fresh Python process is started:

- a bare PySide6 QMainWindow to its first paint (the floor on this machine);
- the program's start window ("Öppnar databasen…") to its first paint, and its ratio to the
  bare window measured in the same run (target: within 1.3×);
- the program, started as ``kvalitet --db DEMO --user admin``, until the dashboard of the 100×
  demo municipality is filled (target: ≤ 1.0 s); the log-in dialog is answered with the demo
  password as soon as it shows, so the real Argon2 check and the encrypted database's opening
  are measured, the user's typing is not.

.venv/bin/python benchmarks/bench_startup.py [--db /tmp/bench-startup.sqlite] [--repeat 7]

Without ``--db`` (or if the file does not exist) the 100× demo is made first (~20 s). Qt runs
offscreen unless QT_QPA_PLATFORM says otherwise.

Besides the wall time, each run's CPU time (user + system, all threads of the measured process)
is printed: on a busy machine the wall times swing with the other load, the CPU times much less,
so they tell whether a change did less work. The runs of the bare and the start window alternate,
so both see the same load.
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

from kvalitet_desktop.services.accounts import DEMO_PASSWORD

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
from kvalitet_desktop.ui import app as ui_app
from kvalitet_desktop.ui.views import dashboard

# The user's part of the log-in dialog, answered at once: the password is typed and "Logga in"
# pressed as soon as the dialog is up (the real Argon2 check and opening follow).
ask = ui_app.Startup._ask_login

def ask_and_answer(self, convert):
    from PySide6.QtCore import QTimer
    from kvalitet_desktop.ui.dialogs import login

    shown = login.LoginDialog.exec

    def answer(dialog):
        dialog.password.setText(os.environ["KVALITET_PASSWORD"])
        QTimer.singleShot(0, dialog._try)
        return shown(dialog)

    login.LoginDialog.exec = answer
    ask(self, convert)

ui_app.Startup._ask_login = ask_and_answer

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
    return measured(program, *args)[0]


def measured(program: str, *args: str) -> tuple[float, float]:
    """Wall time until the process prints its line, and the CPU time it used (seconds)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("KVALITET_PASSWORD", DEMO_PASSWORD)
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
    assert process.stdout is not None and process.stderr is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    err = process.stderr.read()
    _pid, _status, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped above
    if not line.strip():
        raise SystemExit(f"the measured process ended without the mark:\n{err}")
    return elapsed, usage.ru_utime + usage.ru_stime


def medians_ms(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return (
        statistics.median(wall for wall, _ in runs) * 1000,
        statistics.median(cpu for _, cpu in runs) * 1000,
    )


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
    for program, *extra in (
        (BARE_WINDOW,),
        (START_WINDOW, str(path)),
        (DASHBOARD_FILLED, str(path)),
    ):
        measured(program, *extra)  # warm the file cache and write the bytecode
    runs: dict[str, list[tuple[float, float]]] = {"bare": [], "start": [], "filled": []}
    for _ in range(args.repeat):
        runs["bare"].append(measured(BARE_WINDOW))
        runs["start"].append(measured(START_WINDOW, str(path)))
        runs["filled"].append(measured(DASHBOARD_FILLED, str(path)))
    (bare, bare_cpu), (start_window, start_cpu) = (
        medians_ms(runs["bare"]),
        medians_ms(runs["start"]),
    )
    filled, filled_cpu = medians_ms(runs["filled"])
    ratio = start_window / bare
    per_run = " ".join(
        f"{s[0] / b[0]:.2f}" for s, b in zip(runs["start"], runs["bare"], strict=True)
    )
    cpu_ratio = start_cpu / bare_cpu
    n = args.repeat
    print(
        f"bare QMainWindow, first paint       median {bare:6.0f} ms, cpu {bare_cpu:4.0f} ms (n={n})"
    )
    print(
        f"start window, first paint           median {start_window:6.0f} ms, "
        f"cpu {start_cpu:4.0f} ms"
    )
    print(
        f"  ratio to the bare window          {ratio:6.2f} × (target ≤ 1.30 ×), "
        f"cpu {cpu_ratio:.2f} ×"
    )
    print(f"  ratio in each run                 {per_run}")
    over = "" if filled <= 1000 else " – over the target"
    print(f"dashboard of the 100× demo filled   median {filled:6.0f} ms, cpu {filled_cpu:4.0f} ms")
    print(f"  (target ≤ 1000 ms){over}")


if __name__ == "__main__":
    main()
