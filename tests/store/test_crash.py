"""A process killed with SIGKILL in the middle of saves loses nothing that was committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.services.maintenance import check_database, quick_integrity
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.workflows.measures.models import Measure

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from kvalitet_desktop.workflows.measures import service as measures
    from kvalitet_desktop.services.context import Context
    from kvalitet_desktop.store.database import Database

    db = Database.open(sys.argv[1])
    ctx = Context.for_login(db, "admin")
    unit_id = sys.argv[2]
    i = 0
    while True:
        i += 1
        measure_id = measures.create_measure(
            ctx,
            measures.MeasureInput(
                f"Åtgärd nr {i} – ringa närstående", unit_id, "Text " * 50,
                ctx.actor.id, date.today(),
            ),
        ).id
        print(measure_id, flush=True)  # printed only after the commit returned
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_saves_keeps_every_committed_record(
    admin: Context, unit_id: str, tmp_path: Path
) -> None:
    path = admin.db.path
    admin.db.close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(path), unit_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    committed: list[str] = []
    try:
        for line in proc.stdout:
            committed.append(line.strip())
            if len(committed) >= 40:
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        _, errors = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, errors
    assert len(committed) >= 40

    assert quick_integrity(path)
    db = Database.open(path)
    try:
        with db.session() as session:
            stored = set(session.scalars(select(Measure.id)))
        assert set(committed) <= stored
        assert check_database(db).ok
    finally:
        db.close()
