"""Wrong values on the command line give a Swedish message and a non-zero exit code, never an
unexpected error: numbers that are not numbers, ids that are no ids, units that do not exist."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from cli_helpers import run_as, with_passwords
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import proof
from kvalitet_desktop.cli import main
from kvalitet_desktop.services import maintenance
from kvalitet_desktop.services.context import Context
from kvalitet_desktop.store.database import Database
from kvalitet_desktop.workflows.measures import service as measures

UNEXPECTED = "oväntat fel"


def _count(code: int | str | None, err: str) -> None:
    """Into the proof table: one command run with hostile options, and how it ended."""
    unexpected = UNEXPECTED in err or "Traceback" in err
    proof.record(
        "Fientlig indata",
        kommandon=1,
        kommandon_avvisade=int(code != 0),
        kommandon_oväntade_fel=int(unexpected),
    )


@pytest.fixture
def ready(admin: Context, unit_id: str) -> Path:
    measures.create_measure(
        admin,
        measures.MeasureInput("Fast kontaktperson", unit_id, None, admin.actor.id, date.today()),
    )
    with_passwords(admin.db)
    path = Path(admin.db.path)
    admin.db.close()
    return path


@pytest.mark.parametrize("scale", ["abc", "1.5", "", "-3", "0", "99999999999"])
def test_a_scale_that_is_no_sensible_number_is_refused(
    scale: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "demo.sqlite"
    try:
        code = main(["demo", "--db", str(target), "--scale", scale])
    except SystemExit as stop:  # argparse's own refusal of what is no integer
        code = stop.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    _count(code, err)
    assert code == 2
    assert "--scale" in err and "heltal" in err
    assert not target.exists()


@pytest.mark.parametrize("seed", ["abc", "1e3", ""])
def test_a_seed_that_is_no_number_is_refused(
    seed: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["demo", "--db", str(tmp_path / "demo.sqlite"), "--seed", seed])
    err = capsys.readouterr().err
    _count(exit_info.value.code, err)
    assert exit_info.value.code == 2
    assert "heltal" in err


KINDS_WITH_ID = ["riskanalys", "uppfoljning", "lexsarah-rapport", "lexsarah-apt"]


@pytest.mark.parametrize("kind", KINDS_WITH_ID)
@pytest.mark.parametrize(
    "record_id", ["garbage", "", "x" * 5000, "'; DROP TABLE measures; --", "a\udcffb"]
)
def test_an_id_that_names_nothing_is_not_found(
    kind: str,
    record_id: str,
    ready: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    out = tmp_path / "r.pdf"
    code, _, err = run_as(
        capsys, "admin", "report", kind, "--db", str(ready), "--id", record_id, "--out", str(out)
    )
    _count(code, err)
    assert code != 0 and not out.exists()
    assert err.startswith("kvalitet: ") and UNEXPECTED not in err and "Traceback" not in err


@pytest.mark.parametrize("unit", ["inte-en-enhet", "", "\u202e", "x" * 5000, "\udcff"])
def test_a_unit_that_is_no_unit_is_not_found(
    unit: str, ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "plan.pdf"
    code, _, err = run_as(
        capsys,
        "admin",
        "report",
        "atgardsplan",
        "--db",
        str(ready),
        "--unit",
        unit,
        "--out",
        str(out),
    )
    _count(code, err)
    assert code != 0 and not out.exists()
    assert err.startswith("kvalitet: ") and UNEXPECTED not in err


@settings(
    max_examples=15,  # each example logs in (Argon2): kept small
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    value=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        max_size=60,
    ),
    kind=st.sampled_from(["riskanalys", "atgardsplan", "uppfoljning"]),
)
def test_any_text_as_id_or_unit_gives_a_swedish_message(
    ready: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str, kind: str
) -> None:
    option = "--unit" if kind == "atgardsplan" else "--id"
    out = tmp_path / "r.pdf"
    try:
        code, _, err = run_as(
            capsys, "admin", "report", kind, "--db", str(ready), option, value, "--out", str(out)
        )
    except SystemExit as stop:  # argparse: a value that looks like an option
        _count(stop.code, capsys.readouterr().err)
        assert stop.code == 2
        return
    _count(code, err)
    assert code != 0 and UNEXPECTED not in err and "Traceback" not in err
    db = Database.open(ready)
    try:
        report = maintenance.check_database(db)
    finally:
        db.close()
    assert report.ok
    proof.record("Fientlig indata", check_rena=1)
