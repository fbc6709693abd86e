"""``kvalitet report sammanstallning``: the period's PDF for every visible unit or one, the
audit entry of the file, and clear Swedish one-line errors for bad days and their order."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from pypdf import PdfReader
from sqlalchemy import select

from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.store.models import AuditEntry
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import Channel, ComplaintKind, SubmitterType

DAY = date(2025, 3, 12)


def _input(unit_id: str, received: date, topic: str) -> complaints.ComplaintInput:
    return complaints.ComplaintInput(
        "Synpunkt om maten",
        unit_id,
        received,
        Channel.PHONE,
        SubmitterType.RELATIVE,
        ComplaintKind.VIEW,
        topic,
        "Maten kom kall.",
        submitter_name="Karin Berg",
    )


@pytest.fixture
def filled(admin: Context, manager: Context, unit_id: str, other_unit_id: str) -> Path:
    complaints.save_complaint(manager, _input(unit_id, DAY, "måltider"))
    complaints.save_complaint(manager, _input(unit_id, DAY + timedelta(days=30), "måltider"))
    complaints.save_complaint(admin, _input(other_unit_id, DAY, "bemötande"))
    with_passwords(admin.db)
    path = Path(admin.db.path)
    admin.db.close()
    return path


def _text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_the_period_report_for_every_unit_and_for_one(
    capsys: pytest.CaptureFixture[str], filled: Path, tmp_path: Path, unit_id: str
) -> None:
    out = tmp_path / "sammanstallning.pdf"
    common = ("report", "sammanstallning", "--db", str(filled), "--out", str(out))
    code, said, _ = run_as(capsys, "admin", *common, "--from", "2025-01-01", "--to", "2025-06-30")
    assert code == 0 and str(out) in said
    text = _text(out)
    assert "2025-01-01 – 2025-06-30 · Alla enheter" in text
    assert "Klagomål och synpunkter 3 0" in text
    assert "måltider 2 66,7 %" in text

    code, _, _ = run_as(capsys, "enhetschef", *common, "--from", "2025-01-01", "--to", "2025-06-30")
    assert code == 0
    assert "Klagomål och synpunkter 2 0" in _text(out)  # the manager's own unit only
    db = Database.open(filled)
    try:
        with db.session() as session:
            logged = session.scalars(
                select(AuditEntry.changes).where(AuditEntry.action == "export")
            ).all()
    finally:
        db.close()
    assert json.loads(logged[-1])["period"] == "2025-01-01/2025-06-30"


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (("--from", "2025-02-30", "--to", "2025-03-01"), "--from: ”2025-02-30” är inget datum"),
        (("--from", "2025-03-01", "--to", "1 mars"), "--to: ”1 mars” är inget datum"),
        (("--from", "2025-03-01", "--to", "2025-02-01"), "ligger före dess första dag"),
        (
            (
                "--from",
                "2025-03-01",
            ),
            "behöver --from och --to",
        ),
    ],
)
def test_bad_days_give_one_swedish_line(
    capsys: pytest.CaptureFixture[str],
    filled: Path,
    tmp_path: Path,
    days: tuple[str, ...],
    message: str,
) -> None:
    out = tmp_path / "s.pdf"
    code, _, err = run_as(
        capsys, "admin", "report", "sammanstallning", "--db", str(filled), "--out", str(out), *days
    )
    assert code != 0
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
