"""An unexpected error: one Swedish line naming the log file; the log has times, not records."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_helpers import with_passwords
from sqlalchemy import text

from kvalitet_desktop.cli import main
from kvalitet_desktop.services import listing
from kvalitet_desktop.services.context import Context

SECRET = "Hemlig titel om brukaren Kalle Anka"
STAMPED = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ERROR kvalitet_desktop\.cli: ", re.M)


@pytest.fixture
def ready_db(admin: Context, unit_id: str) -> Path:
    path = Path(admin.db.path)
    with_passwords(admin.db)
    admin.db.close()
    return path


def failing_fetch(ctx: Context, kind: str, query: object) -> object:
    """A bug deep in a listing: a statement with a record's text as a parameter fails."""
    try:
        with ctx.db.engine.connect() as conn:
            conn.execute(text("INSERT INTO finns_inte (titel) VALUES (:titel)"), {"titel": SECRET})
    except Exception as exc:
        raise RuntimeError(f"Kunde inte lista ”{SECRET}”") from exc
    raise AssertionError("unreachable")


def check_log(log_dir: Path, err: str) -> None:
    log_file = log_dir / "kvalitet.log"
    assert err.strip() == (
        "kvalitet: ett oväntat fel inträffade (RuntimeError). "
        f"Detaljer finns i loggfilen {log_file}."
    )
    logged = log_file.read_text(encoding="utf-8")
    assert STAMPED.search(logged), logged
    assert "OperationalError" in logged and "no such table: finns_inte" in logged
    assert "INSERT INTO finns_inte" in logged and "failing_fetch" in logged  # SQL and frames
    assert "RuntimeError" in logged
    assert SECRET not in logged and "Kalle" not in logged
    assert "[parameters:" not in logged


def test_unexpected_error_in_process(
    capsys: pytest.CaptureFixture[str],
    ready_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(listing, "fetch", failing_fetch)
    code = main(["list", "riskanalys", "--db", str(ready_db), "--user", "admin"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    check_log(tmp_path / "logs", err)


def test_unexpected_error_as_a_subprocess(ready_db: Path, tmp_path: Path) -> None:
    program = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_cli_log import failing_fetch
        from kvalitet_desktop.services import listing
        from kvalitet_desktop.cli import main
        listing.fetch = failing_fetch
        sys.exit(main(["list", "riskanalys", "--db", {str(ready_db)!r}, "--user", "admin"]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1 and result.stdout == ""
    check_log(tmp_path / "logs", result.stderr)
