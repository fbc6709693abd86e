"""``kvalitet list klagomal`` and ``kvalitet report klagomal``: the fields, the due dates and
the response time in the JSON, only what the user may see, and the PDF."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from cli_helpers import with_passwords
from pypdf import PdfReader

from kvalitet_desktop.cli import main
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.workflows.complaints import service as complaints
from kvalitet_desktop.workflows.complaints.domain import (
    Channel,
    ComplaintKind,
    ReplyMethod,
    SubmitterType,
)

TODAY = date.today()


def _input(unit_id: str, received: date) -> complaints.ComplaintInput:
    return complaints.ComplaintInput(
        "Kort i tonen vid besöket",
        unit_id,
        received,
        Channel.PHONE,
        SubmitterType.RELATIVE,
        ComplaintKind.COMPLAINT,
        "bemötande",
        "Personalen var stressad.",
        submitter_name="Karin Berg",
    )


@pytest.fixture
def records(admin: Context, manager: Context, unit_id: str, other_unit_id: str) -> dict[str, str]:
    answered = complaints.save_complaint(manager, _input(unit_id, TODAY - timedelta(days=10)))
    complaints.record_reply(
        manager,
        answered.id,
        complaints.ReplyInput(TODAY - timedelta(days=4), ReplyMethod.LETTER, "Vi beklagar."),
    )
    late = complaints.save_complaint(manager, _input(unit_id, TODAY - timedelta(days=20)))
    hidden = complaints.save_complaint(admin, _input(other_unit_id, TODAY))
    with_passwords(admin.db)
    admin.db.close()
    return {"answered": answered.id, "late": late.id, "hidden": hidden.id}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_has_the_dates_due_dates_and_response_time(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str]
) -> None:
    code, out, _ = run(
        capsys, "list", "klagomal", "--db", str(db_path), "--user", "enhetschef", "--json"
    )
    assert code == 0
    rows = {r["id"]: r for r in json.loads(out)}
    assert set(rows) == {records["answered"], records["late"]}  # not the other unit's
    answered, late = rows[records["answered"]], rows[records["late"]]
    for key in ("id", "number", "title", "unit", "status", "kind", "topic", "received_on"):
        assert key in answered, key
    assert (answered["status"], answered["kind"]) == ("besvarad", "klagomål")
    assert answered["received_on"] == (TODAY - timedelta(days=10)).isoformat()
    assert answered["reply_due"] == (TODAY + timedelta(days=4)).isoformat()
    assert answered["replied_on"] == (TODAY - timedelta(days=4)).isoformat()
    assert answered["response_days"] == 6
    assert late["response_days"] is None and late["replied_on"] is None
    assert late["reply_due"] == (TODAY - timedelta(days=6)).isoformat()
    # Newest first.
    assert [r["id"] for r in json.loads(out)] == [records["answered"], records["late"]]


def test_report_klagomal_writes_the_pdf(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], tmp_path: Path
) -> None:
    out_file = tmp_path / "klagomal.pdf"
    code, out, _ = run(
        capsys,
        "report",
        "klagomal",
        "--db",
        str(db_path),
        "--user",
        "enhetschef",
        "--id",
        records["answered"],
        "--out",
        str(out_file),
    )
    assert code == 0 and str(out_file) in out
    text = " ".join(page.extract_text() for page in PdfReader(out_file).pages)
    assert "Kort i tonen vid besöket" in text and "Vi beklagar." in text
    assert "6 dagar" in text


def test_report_of_another_units_complaint_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, records: dict[str, str], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys,
        "report",
        "klagomal",
        "--db",
        str(db_path),
        "--user",
        "enhetschef",
        "--id",
        records["hidden"],
        "--out",
        str(tmp_path / "x.pdf"),
    )
    assert code != 0 and "behörighet" in err
    assert not (tmp_path / "x.pdf").exists()
